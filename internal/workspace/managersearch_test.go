package workspace_test

import (
	"testing"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// Rule (ADR 014): a manager's BSN edit is found by HR's next session at once, from the in-memory
// index the Preload builds (no staff index to fold it into), and the old BSN no longer is.
func TestRule_HRsNextSessionFindsAManagersBSNEdit(t *testing.T) {
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
	ws.Preload()
	if hits, err := ws.Search("123456782", 5); err != nil || len(hits) != 1 || hits[0].Employee != emp.ID {
		t.Fatalf("the new BSN: %+v %v", hits, err)
	}
	if hits, err := ws.Search("111222333", 5); err != nil || len(hits) != 0 {
		t.Fatalf("the old BSN: %+v %v", hits, err)
	}
}
