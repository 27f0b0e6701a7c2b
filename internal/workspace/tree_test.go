package workspace

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// The upgraded golden vault (internal/vault/testdata/upgraded) is a vault whose keyring does not
// carry the department tree yet: Utrecht with Magazijn and Kantoor below it, and Amersfoort.
type upgradedGolden struct {
	Admin, Manager struct{ Email, Passphrase string }
	Employer       string `json:"employer_kvk"`
}

func openUpgradedCopy(t *testing.T) (*vault.Vault, upgradedGolden) {
	t.Helper()
	src := filepath.Join("..", "vault", "testdata", "upgraded")
	var g upgradedGolden
	b, err := os.ReadFile(src + ".json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	vaulttest.CopyFolder(t, src, dst)
	v, err := vault.Open(dst, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	return v, g
}

func openAs(t *testing.T, v *vault.Vault, email, pass string) *Workspace {
	t.Helper()
	sess, err := v.Unlock(email, []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	return Open(sess, Config{})
}

// deptByPath finds a department of the golden employer by its path.
func deptByPath(t *testing.T, w *Workspace, kvk, path string) people.Department {
	t.Helper()
	emp, err := w.Directory().EmployerByKvK(kvk)
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.Directory().DepartmentByPath(emp.ID, path, false)
	if err != nil {
		t.Fatalf("department %s: %v", path, err)
	}
	return d
}

func TestRule_AnAdminsFirstUnlockSignsAnOlderVaultsTreeAndAParentGrantThenCoversItsSubDepartments(t *testing.T) {
	v, g := openUpgradedCopy(t)
	w := openAs(t, v, g.Admin.Email, g.Admin.Passphrase)
	if _, signed := w.Session().DepartmentTree(); signed {
		t.Fatal("the golden vault's tree is signed already; the test needs an older vault")
	}
	w.Preload()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, signed := w.Session().DepartmentTree(); signed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the admin's unlock did not sign the department tree")
		}
		time.Sleep(50 * time.Millisecond)
	}
	utrecht := deptByPath(t, w, g.Employer, "Utrecht")
	kantoor := deptByPath(t, w, g.Employer, "Utrecht/Kantoor")
	if parents, _ := w.Session().DepartmentTree(); parents[kantoor.ID] != utrecht.ID {
		t.Fatal("the signed tree does not put Kantoor below Utrecht")
	}
	users, err := w.Session().Users()
	if err != nil {
		t.Fatal(err)
	}
	var manager vault.UserID
	for _, u := range users {
		if u.Role == vault.RoleManager && u.Status == vault.StatusActive {
			manager = u.ID
		}
	}
	if _, err := w.SetRole(t.Context(), manager, vault.RoleManager, []vault.ID{utrecht.ID}, nil); err != nil {
		t.Fatal(err)
	}
	w.Close()

	m := openAs(t, v, g.Manager.Email, g.Manager.Passphrase)
	defer m.Close()
	emp, err := m.Directory().EmployerByKvK(g.Employer)
	if err != nil {
		t.Fatal(err)
	}
	view, err := m.Directory().EmployeeByPersnr(emp.ID, "1003") // in Utrecht/Kantoor
	if err != nil {
		t.Fatal(err)
	}
	if view.Identity == nil {
		t.Fatal("a manager of Utrecht does not see an employee of Utrecht/Kantoor")
	}
	if _, err := m.Directory().EmployeeByPersnr(emp.ID, "2001"); err == nil {
		if v2, _ := m.Directory().EmployeeByPersnr(emp.ID, "2001"); v2.Identity != nil {
			t.Fatal("a manager of Utrecht sees an employee of Amersfoort")
		}
	}
}

func TestRule_AForgedDepartmentRecordPutsNoDepartmentUnderAManagersGrant(t *testing.T) {
	v, g := openUpgradedCopy(t)
	w := openAs(t, v, g.Admin.Email, g.Admin.Passphrase)
	if err := w.signTreeOnce(); err != nil {
		t.Fatal(err)
	}
	utrecht := deptByPath(t, w, g.Employer, "Utrecht")
	amersfoort := deptByPath(t, w, g.Employer, "Amersfoort")
	users, _ := w.Session().Users()
	var manager vault.UserID
	for _, u := range users {
		if u.Role == vault.RoleManager && u.Status == vault.StatusActive {
			manager = u.ID
		}
	}
	if _, err := w.SetRole(t.Context(), manager, vault.RoleManager, []vault.ID{utrecht.ID}, nil); err != nil {
		t.Fatal(err)
	}
	w.Close()

	// The manager, with the folder and a small program, rewrites Amersfoort's record (the
	// directory scope, which every user holds) to lie below Utrecht.
	sess, err := v.Unlock(g.Manager.Email, []byte(g.Manager.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	forged := amersfoort
	forged.Parent = utrecht.ID
	err = sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, people.KindDepartment, forged.ID, sess.DirectoryScope(), &forged)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.MoveDepartment(amersfoort.ID, utrecht.ID); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a manager moved a department in the signed tree: %v", err)
	}
	sess.Lock()

	// An admin's next unlock signs nothing new, and nobody's tree shows the forged parent.
	a := openAs(t, v, g.Admin.Email, g.Admin.Passphrase)
	if err := a.signTreeOnce(); err != nil {
		t.Fatal(err)
	}
	if parents, _ := a.Session().DepartmentTree(); parents[amersfoort.ID] != (vault.ID{}) {
		t.Fatal("the forged parent reached the signed tree")
	}
	if d, err := a.Directory().Department(amersfoort.ID); err != nil || d.Parent != (vault.ID{}) {
		t.Fatalf("the admin's tree shows the forged parent (%v)", err)
	}
	a.Close()
	m := openAs(t, v, g.Manager.Email, g.Manager.Passphrase)
	defer m.Close()
	if m.Session().HasDepartment(amersfoort.ID) {
		t.Fatal("the forged record gave the manager Amersfoort's key")
	}
	emp, _ := m.Directory().EmployerByKvK(g.Employer)
	if view, err := m.Directory().EmployeeByPersnr(emp.ID, "2001"); err == nil && view.Identity != nil {
		t.Fatal("the manager reads an employee of Amersfoort")
	}
}
