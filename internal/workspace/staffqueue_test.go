package workspace_test

import (
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// Rule (ADR 008, revision): a manager's BSN edit is queued for HR; the admin's workspace folds
// it in in the background after unlock (Preload), without a rebuild, and its search then finds
// the new BSN through the staff index and not the old one.
func TestRule_PreloadFoldsAManagersQueuedBSNEdit(t *testing.T) {
	o := open(t)
	in := recentInput("00042")
	in.BSN = "111222333"
	emp, err := o.ws.CreateEmployee(o.employer.ID, in)
	must(t, err)
	const email, pass = "m@vaulttest.invalid", "manager passphrase 1"
	_, err = o.ws.Session().AddUser(vault.NewUser{Email: email, Passphrase: []byte(pass)}, vault.RoleManager, emp.Department)
	must(t, err)
	o.ws.Close()
	m, err := o.v.Unlock(email, []byte(pass))
	must(t, err)
	mws := workspace.Open(m, workspace.Config{})
	in.BSN = "123456782"
	_, err = mws.UpdateEmployee(emp.ID, in)
	must(t, err)
	mws.Close()

	a, err := o.v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	must(t, err)
	ws := workspace.Open(a, workspace.Config{})
	t.Cleanup(ws.Close)
	if n, err := a.StaffIndexQueued(); err != nil || n == 0 {
		t.Fatalf("the manager's edit queued %d changes (%v)", n, err)
	}
	ws.Preload()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		n, err := a.StaffIndexQueued()
		must(t, err)
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Preload left %d queued changes", n)
		}
	}
	if cur, err := a.StaffIndexCurrent(); err != nil || !cur {
		t.Fatalf("after Preload the staff index is not current (%v)", err)
	}
	if hits, err := ws.Search("123456782", 5); err != nil || len(hits) != 1 || hits[0].Employee != emp.ID {
		t.Fatalf("the new BSN: %+v %v", hits, err)
	}
	if hits, err := ws.Search("111222333", 5); err != nil || len(hits) != 0 {
		t.Fatalf("the old BSN: %+v %v", hits, err)
	}
}
