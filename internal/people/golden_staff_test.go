package people

import (
	"encoding/json"
	"errors"
	"io/fs"
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

// Rule (ADR 014, format 3): a format-2 vault an older Kluis left with a staff index and a queued
// change is searched right by this Kluis (every BSN and birth date + postcode finds whom opening
// every identity finds; the manager's edit is seen, the replaced BSN is not), before and after
// the retired staff index and the BSN and birth-date entries are removed; its keyring then says
// format 3, verify finds it intact, and a manager still finds only their department.
func TestRule_AFormat2VaultWithAStaffIndexIsSearchedRightAndMigrated(t *testing.T) {
	src := filepath.Join("testdata", "golden-staff")
	var g staffGolden
	b, err := os.ReadFile(filepath.Join(src, "golden.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &g))
	dir := copyGolden(t, src)
	v, err := vault.Open(dir, vault.Options{})
	ok(t, err)
	defer v.Close()
	hr, err := v.Unlock(g.AdminEmail, []byte(g.AdminPass))
	ok(t, err)
	// verified is the report of a verify that must find the vault intact.
	verified := func() vault.VerifyReport {
		rep, err := hr.Verify(t.Context(), vault.VerifyOptions{Indexer: Indexer()})
		ok(t, err)
		if !rep.OK() {
			t.Fatalf("verify: %+v", rep)
		}
		return rep
	}
	staffEntries := func() int { return verified().StaffIndexEntries }
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
	// Format 3: the BSN and birth-date entries go; the persnr entries (one per employee) stay.
	indexEntries := func() int { return verified().IndexEntries }
	if got := indexEntries(); got <= len(g.People) {
		t.Fatalf("the format-2 vault holds %d index entries; the test would prove nothing", got)
	}
	dropped, err = hr.DropIndexFields(RetiredIndexFields...)
	ok(t, err)
	if got := indexEntries(); !dropped || got != len(g.People) {
		t.Fatalf("after dropping the retired fields (%v): %d index entries, want the %d persnr entries", dropped, got, len(g.People))
	}
	if dropped, err = hr.DropIndexFields(RetiredIndexFields...); err != nil || dropped {
		t.Fatalf("a second drop: %v %v", dropped, err)
	}
	var kr struct {
		Keyring struct {
			Version int `json:"version"`
		} `json:"keyring"`
	}
	b, err = os.ReadFile(filepath.Join(dir, "keyring.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &kr))
	if kr.Keyring.Version != vault.FormatVersion || vault.FormatVersion != 3 {
		t.Fatalf("after an unlock by this Kluis the keyring says format %d (this Kluis: %d)", kr.Keyring.Version, vault.FormatVersion)
	}
	d.Wipe()
	searches(NewDirectory(hr, clock), "after the clean-up", "")
	hr.Lock()
	m, err := v.Unlock(g.ManagerEmail, []byte(g.ManagerPass))
	ok(t, err)
	defer m.Lock()
	searches(NewDirectory(m, clock), "the manager", g.ManagerDepartment)
}

// copyGolden copies a golden vault folder into a temporary one (a test writes to it), leaving
// out a lock file and the manifest; it returns the copy's path.
func copyGolden(t *testing.T, src string) string {
	t.Helper()
	dir := copyDir(t, src)
	if err := os.Remove(filepath.Join(dir, "golden.json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return dir
}

// bruteForce is what a search for value of field must find (holders).
func bruteForce(t *testing.T, d *Directory, field, value string) []vault.ID {
	t.Helper()
	return holders(t, d)[field+"\x00"+value]
}
