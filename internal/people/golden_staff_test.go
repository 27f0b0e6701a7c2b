package people

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"kluis/internal/vault"
)

// testdata/golden-staff was made once by the code of stop 30 (commit 58736c7, before ADR 014),
// with a generator only that code compiles (it used the staff index API): 12 employees in three
// departments imported by HR with the staff index current (its entries and marker are in the
// store), and a BSN edit by the manager of Utrecht/Magazijn queued for HR (kind 0x06).
// golden.json names the users and every employee's BSN, birth date and postcode.
type staffGolden struct {
	AdminEmail, AdminPass     string
	ManagerEmail, ManagerPass string
	ManagerDepartment         string
	People                    []struct{ Persnr, Department, BSN, BirthDate, Postcode, OldBSN string }
}

// Rule (ADR 014): a vault an older Kluis left with a staff index and a queued change is searched
// right by this Kluis (every BSN and birth date + postcode finds whom it finds by opening every
// identity; the manager's edit is seen, the replaced BSN is not), before and after the retired
// staff index is removed, and a manager still finds only their department.
func TestRule_AVaultWithAnOlderKluissStaffIndexIsSearchedRightAndCleanedUp(t *testing.T) {
	src := filepath.Join("testdata", "golden-staff")
	var g staffGolden
	b, err := os.ReadFile(filepath.Join(src, "golden.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &g))
	dir := t.TempDir()
	ok(t, filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.Name() == "golden.json" {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o600)
	}))
	v, err := vault.Open(dir, vault.Options{})
	ok(t, err)
	defer v.Close()
	hr, err := v.Unlock(g.AdminEmail, []byte(g.AdminPass))
	ok(t, err)
	staffEntries := func() int {
		rep, err := hr.Verify(t.Context(), vault.VerifyOptions{Indexer: Indexer()})
		ok(t, err)
		if !rep.OK() {
			t.Fatalf("verify: %+v", rep)
		}
		return rep.StaffIndexEntries
	}
	if staffEntries() == 0 {
		t.Fatal("the golden vault holds no staff index: the test would prove nothing")
	}
	d := NewDirectory(hr, clock)
	searches := func(d *Directory, stage string, only string) {
		t.Helper()
		for _, p := range g.People {
			if only != "" && p.Department != only {
				if got, _ := hitIDs(t, d, p.BSN); len(got) != 0 {
					t.Fatalf("%s: the BSN of %s outside the manager's department finds %v", stage, p.Persnr, got)
				}
				continue
			}
			got, total := hitIDs(t, d, p.BSN)
			if want := bruteForce(t, d, IndexBSN, p.BSN); len(got) != 1 || total != 1 || got[0] != want[0] {
				t.Fatalf("%s: BSN of %s finds %v, opening every identity %v", stage, p.Persnr, got, want)
			}
			if p.OldBSN != "" {
				if got, _ := hitIDs(t, d, p.OldBSN); len(got) != 0 {
					t.Fatalf("%s: the BSN the manager replaced still finds %v", stage, got)
				}
			}
			q := p.BirthDate + " " + p.Postcode
			got, _ = hitIDs(t, d, q)
			if want := bruteForce(t, d, IndexBirthPostcode, birthPostcodeQuery(q)); len(got) != len(want) || len(want) == 0 {
				t.Fatalf("%s: %q finds %d, opening every identity %d", stage, q, len(got), len(want))
			}
		}
	}
	searches(d, "before the clean-up", "")
	n, dropped, err := hr.RetireStaffIndex()
	ok(t, err)
	// The manager's one edit queued four changes: each of the two values deleted and set.
	if n != 4 || !dropped || staffEntries() != 0 {
		t.Fatalf("the clean-up deleted %d queued changes, dropped entries %v, left %d", n, dropped, staffEntries())
	}
	d.Wipe()
	searches(NewDirectory(hr, clock), "after the clean-up", "")
	hr.Lock()
	m, err := v.Unlock(g.ManagerEmail, []byte(g.ManagerPass))
	ok(t, err)
	defer m.Lock()
	searches(NewDirectory(m, clock), "the manager", g.ManagerDepartment)
}

// bruteForce opens every identity the session's directory holds and returns those whose field
// has value (ids in byte order): the answer a search must give.
func bruteForce(t *testing.T, d *Directory, field, value string) []vault.ID {
	t.Helper()
	_, err := d.Employers()
	ok(t, err)
	var out []vault.ID
	d.mu.Lock()
	ids := make([]vault.ID, 0, len(d.emps))
	for id := range d.emps {
		ids = append(ids, id)
	}
	d.mu.Unlock()
	ok(t, d.sess.View(func(tx *vault.Tx) error {
		for _, id := range ids {
			ident, err := d.readIdentity(tx, id)
			if err != nil {
				return err
			}
			if ident.holds(field, value) {
				out = append(out, id)
			}
		}
		return nil
	}))
	sortIDs(out)
	return out
}
