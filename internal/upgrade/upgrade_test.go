package upgrade

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"kluis/internal/agreement"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// The golden vault of format 1 (testdata/format1) was made by the code of stop 10 with the
// generator kept in testdata/goldgen.go.txt; format1.json holds its credentials and contents.
type golden struct {
	VaultID string `json:"vault_id"`
	Admin   cred   `json:"admin"`
	Manager cred   `json:"manager"`
	HR      cred   `json:"hr"`
	Revoked cred   `json:"revoked"`
	People  []struct {
		Persnr, Dept, First, Surname, BSN, Birth, Postcode string
	} `json:"people"`
	ManagerDept string   `json:"manager_department"`
	Shared      string   `json:"shared_persnr"`
	Employer    string   `json:"employer_kvk"`
	Departments []string `json:"departments"`
	Recovery    string   `json:"recovery_code"`
}

type cred struct{ Email, Passphrase string }

var updateUpgraded = flag.Bool("update", false, "regenerate internal/vault/testdata/upgraded from the format-1 golden vault")

func loadGolden(t *testing.T) golden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "format1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// copyVault copies a vault folder (without its lock file) to a fresh temp folder.
func copyVault(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if d.Name() == "kluis.lock" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644) // as a backup restore might leave them
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func options() vault.Options { return vaulttest.Options().WithUpgrade(Format1()) }

func TestRule_AFormat1VaultUpgradesAtTheFirstAdminUnlockAndKeepsEverything(t *testing.T) {
	g := loadGolden(t)
	dir := copyVault(t, filepath.Join("testdata", "format1"))
	v, err := vault.Open(dir, options())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.ID() != g.VaultID {
		t.Fatalf("vault id %q before the upgrade", v.ID())
	}
	// Only an admin upgrades; others are told so, after their passphrase checked out.
	if _, err := v.Unlock(g.Manager.Email, []byte(g.Manager.Passphrase)); !errors.Is(err, vault.ErrUpgradeRequired) {
		t.Fatalf("a manager's unlock of a format-1 vault: %v", err)
	}
	if _, err := v.Unlock(g.Admin.Email, []byte("wrong")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	s, err := v.Unlock(g.Admin.Email, []byte(g.Admin.Passphrase))
	if err != nil {
		t.Fatalf("the admin's unlock (upgrade): %v", err)
	}
	if v.ID() != g.VaultID || s.Role() != vault.RoleAdmin {
		t.Fatalf("after the upgrade: id %q role %s", v.ID(), s.Role())
	}
	// Everything checks out: history, store, records, index, audit chain.
	rep, err := s.Verify(t.Context(), vault.VerifyOptions{Indexer: people.Indexer()})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Opened == 0 || rep.Skipped != 0 {
		t.Fatalf("verify after the upgrade: %+v", rep)
	}
	// The people, their identities and the index are there.
	d := people.NewDirectory(s, nil)
	employer, err := d.EmployerByKvK(g.Employer)
	if err != nil {
		t.Fatal(err)
	}
	// Records written before the employer and employment facts existed open without them.
	if employer.EmployerFacts != (people.EmployerFacts{}) {
		t.Fatalf("facts of an old employer record: %+v", employer.EmployerFacts)
	}
	for _, p := range g.People {
		e, err := d.EmployeeByPersnr(employer.ID, p.Persnr)
		if err != nil || !e.IdentityRead || e.Identity.Surname != p.Surname || e.DepartmentPath != p.Dept {
			t.Fatalf("employee %s after the upgrade: %+v %v", p.Persnr, e, err)
		}
		if c := e.Current(); c == nil || c.Start == "" || c.Contract != "" || c.Sector != "" || c.RiskGroup != "" || c.UWVRef != "" {
			t.Fatalf("employment of %s after the upgrade: %+v", p.Persnr, c)
		}
		hits, err := d.Search(p.BSN, 5)
		if err != nil || len(hits) != 1 || hits[0].Persnr != p.Persnr {
			t.Fatalf("BSN of %s after the upgrade: %+v %v", p.Persnr, hits, err)
		}
	}
	// The shared dossier, the agreement (now under the admin scope) and the audit events.
	shared, err := d.EmployeeByPersnr(employer.ID, g.Shared)
	if err != nil {
		t.Fatal(err)
	}
	dossier, err := sharing.New(s, d, audit.New(s, nil), nil).Dossier(shared.ID)
	if err != nil || dossier.Share == nil {
		t.Fatalf("the shared dossier after the upgrade: %+v %v", dossier, err)
	}
	rec, err := agreement.NewStore(s, nil).Get(employer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sig, ok := rec.Current(); !ok || sig.Name != "Gerda Golden" {
		t.Fatalf("the agreement after the upgrade: %+v", rec)
	}
	events, err := audit.New(s, nil).List()
	if err != nil || len(events) < 3 || !events[0].Upgraded {
		t.Fatalf("audit events after the upgrade: %d %v", len(events), err)
	}
	s.Lock()

	// The manager keeps their passphrase and their department, and sees nothing else.
	m, err := v.Unlock(g.Manager.Email, []byte(g.Manager.Passphrase))
	if err != nil {
		t.Fatalf("the manager after the upgrade: %v", err)
	}
	md := people.NewDirectory(m, nil)
	for _, p := range g.People {
		e, err := md.EmployeeByPersnr(employer.ID, p.Persnr)
		mine := p.Dept == g.ManagerDept
		if mine && (err != nil || !e.IdentityRead) || !mine && !errors.Is(err, people.ErrEmployeeNotFound) {
			t.Fatalf("the manager and employee %s (%s): %+v %v", p.Persnr, p.Dept, e, err)
		}
	}
	m.Lock()
	// The HR user reads every department.
	h, err := v.Unlock(g.HR.Email, []byte(g.HR.Passphrase))
	if err != nil {
		t.Fatalf("the HR user after the upgrade: %v", err)
	}
	hd := people.NewDirectory(h, nil)
	for _, p := range g.People {
		if e, err := hd.EmployeeByPersnr(employer.ID, p.Persnr); err != nil || !e.IdentityRead {
			t.Fatalf("the HR user and employee %s: %+v %v", p.Persnr, e, err)
		}
	}
	h.Lock()
	if _, err := v.Unlock(g.Revoked.Email, []byte(g.Revoked.Passphrase)); !errors.Is(err, vault.ErrRevoked) {
		t.Fatalf("the revoked user after the upgrade: %v", err)
	}
	// The recovery code of the old emergency kit still works: the vault key stayed.
	if err := v.Recover(g.Recovery, g.Admin.Email, []byte("Nieuwe-Wachtzin-Na-Upgrade-77")); err != nil {
		t.Fatalf("the old kit's recovery code after the upgrade: %v", err)
	}
	ok(t, v.Close())

	// Nothing of the old store or the rebuild is left, and everything is private to its owner.
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := filepath.Base(path)
		if strings.HasPrefix(base, "data.") {
			t.Errorf("left behind: %s", path)
		}
		info, _ := d.Info()
		if runtime.GOOS != "windows" && path != dir && info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is readable by others: %v", path, info.Mode().Perm())
		}
		if !d.IsDir() && base != "kluis.lock" {
			b, _ := os.ReadFile(path)
			for _, p := range g.People {
				for _, c := range []string{p.Surname, p.BSN, p.Birth} {
					if bytes.Contains(b, []byte(c)) {
						t.Errorf("%s holds %q in clear", path, c)
					}
				}
			}
		}
		return nil
	})
	ok(t, err)
	if *updateUpgraded {
		regenerateUpgraded(t, dir)
	}
}

func TestRule_AnUpgradeThatCrashedBeforeItsKeyringWasWrittenLeavesFormat1(t *testing.T) {
	g := loadGolden(t)
	dir := copyVault(t, filepath.Join("testdata", "format1"))
	// As if the upgrade had written its new store and died before the keyring.
	ok(t, os.MkdirAll(filepath.Join(dir, "data.upgrade"), 0o700))
	ok(t, os.WriteFile(filepath.Join(dir, "data.upgrade", "MANIFEST"), []byte("half"), 0o600))
	v, err := vault.Open(dir, options())
	ok(t, err)
	defer v.Close()
	if _, err := os.Stat(filepath.Join(dir, "data.upgrade")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the unfinished upgrade was not thrown away")
	}
	s, err := v.Unlock(g.Admin.Email, []byte(g.Admin.Passphrase))
	ok(t, err)
	s.Lock()
}

func TestRule_WithoutTheUpgradeOptionAFormat1VaultSaysSo(t *testing.T) {
	g := loadGolden(t)
	dir := copyVault(t, filepath.Join("testdata", "format1"))
	v, err := vault.Open(dir, vaulttest.Options())
	ok(t, err)
	defer v.Close()
	if _, err := v.Unlock(g.Admin.Email, []byte(g.Admin.Passphrase)); !errors.Is(err, vault.ErrUpgradeRequired) {
		t.Fatalf("got %v", err)
	}
}

// regenerateUpgraded keeps the upgraded golden vault for internal/vault's attack tests, which
// run every attack on an upgraded vault too (they cannot import this package).
func regenerateUpgraded(t *testing.T, dir string) {
	out := filepath.Join("..", "vault", "testdata", "upgraded")
	ok(t, os.RemoveAll(out))
	ok(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(out, rel), 0o755)
		}
		if d.Name() == "kluis.lock" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, rel), b, 0o644)
	}))
	g := loadGolden(t)
	g.Admin.Passphrase = "Nieuwe-Wachtzin-Na-Upgrade-77" // the test reset it with the recovery code
	b, _ := json.MarshalIndent(struct {
		Note string `json:"note"`
		golden
	}{"the format-1 golden vault (internal/upgrade/testdata/format1) after its upgrade to format 2, made by TestRule_AFormat1VaultUpgradesAtTheFirstAdminUnlockAndKeepsEverything -update; the admin's passphrase was then reset with the recovery code", g}, "", "  ")
	ok(t, os.WriteFile(filepath.Join("..", "vault", "testdata", "upgraded.json"), b, 0o644))
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
