package workspace_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/recent"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// recentInput is a valid employee with a unique persnr and BSN-free identity.
func recentInput(persnr string) people.EmployeeInput {
	return people.EmployeeInput{Persnr: persnr, Department: "Utrecht", Initials: "R.", FirstName: "Recent" + persnr,
		Surname: "Bezocht", Gender: "V", BirthDate: "01-01-1980", Start: "01-02-2019", Hours: "24", JobTitle: "Bakker"}
}

func recentIDs(t *testing.T, ws *workspace.Workspace) []vault.ID {
	t.Helper()
	rows, err := ws.RecentEmployees()
	must(t, err)
	out := make([]vault.ID, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func sameIDs(a, b []vault.ID) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// The list keeps the last ten employees opened, newest first, each once.
func TestRule_RecentKeepsTheLastTenOpenedNewestFirstEachOnce(t *testing.T) {
	o := open(t)
	var ids []vault.ID
	for i := range 12 {
		v, err := o.ws.CreateEmployee(o.employer.ID, recentInput(fmt.Sprintf("%04d", 100+i)))
		must(t, err)
		ids = append(ids, v.ID)
	}
	if got := recentIDs(t, o.ws); len(got) != 0 {
		t.Fatalf("creating employees made visits: %v", got)
	}
	for _, id := range ids {
		_, err := o.ws.OpenEmployee(id)
		must(t, err)
	}
	_, err := o.ws.OpenEmployee(ids[5]) // again: moves to the front, not listed twice
	must(t, err)
	want := []vault.ID{ids[5], ids[11], ids[10], ids[9], ids[8], ids[7], ids[6], ids[4], ids[3], ids[2]}
	if got := recentIDs(t, o.ws); !sameIDs(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	// It survives lock and unlock.
	o.ws.Close()
	ws := o.reopen(t)
	if got := recentIDs(t, ws); !sameIDs(got, want) {
		t.Fatalf("after unlock got %v", got)
	}
}

// A visit is no audit event of its own: the identity read it comes with is (one per opening).
func TestRule_AVisitIsAuditedOnlyAsTheIdentityReadItIs(t *testing.T) {
	o := open(t)
	v, err := o.ws.CreateEmployee(o.employer.ID, recentInput("0200"))
	must(t, err)
	before, err := o.ws.Audit().List()
	must(t, err)
	_, err = o.ws.OpenEmployee(v.ID)
	must(t, err)
	after, err := o.ws.Audit().List()
	must(t, err)
	if len(after) != len(before)+1 || after[len(after)-1].Action != audit.ActionRead {
		t.Fatalf("opening wrote %d events, last %+v", len(after)-len(before), after[len(after)-1])
	}
}

// Labels are computed when shown, as the tree does: an unshared employee has no name.
func TestRule_RecentLabelsAnUnsharedEmployeeAnonymously(t *testing.T) {
	o := open(t)
	v, err := o.ws.CreateEmployee(o.employer.ID, recentInput("0300"))
	must(t, err)
	_, err = o.ws.OpenEmployee(v.ID)
	must(t, err)
	rows, err := o.ws.RecentEmployees()
	must(t, err)
	if len(rows) != 1 || rows[0].Label != "" || rows[0].Persnr != "0300" {
		t.Fatalf("rows %+v", rows)
	}
}

// Per user: one user never sees another's list, cannot open its record, and cannot plant
// entries in it; the record itself holds no employee id a holder of the directory scope reads.
func TestAttack_AUserNeitherReadsNorWritesAnotherUsersRecentList(t *testing.T) {
	o := open(t)
	a, err := o.ws.CreateEmployee(o.employer.ID, recentInput("0401"))
	must(t, err)
	b, err := o.ws.CreateEmployee(o.employer.ID, recentInput("0402"))
	must(t, err)
	hr, err := o.ws.Session().AddUser(vault.NewUser{Email: "hr@vaulttest.invalid", Passphrase: []byte("hr passphrase for recent")}, vault.RoleUser)
	must(t, err)
	admin := o.ws.Session().UserID()
	_, err = o.ws.OpenEmployee(a.ID)
	must(t, err)
	o.ws.Close()

	sess, err := o.v.Unlock("hr@vaulttest.invalid", []byte("hr passphrase for recent"))
	must(t, err)
	ws := workspace.Open(sess, workspace.Config{})
	if got := recentIDs(t, ws); len(got) != 0 {
		t.Fatalf("the HR user sees the admin's list: %v", got)
	}
	_, err = ws.OpenEmployee(b.ID)
	must(t, err)
	// The HR user holds the directory scope: the admin's record opens, its content does not.
	var box, own []byte
	must(t, sess.View(func(tx *vault.Tx) (err error) {
		if box, err = tx.Get(recent.KindRecent, admin.RecordID()); err != nil {
			return err
		}
		own, err = tx.Get(recent.KindRecent, hr.RecordID())
		return err
	}))
	for _, needle := range [][]byte{a.ID[:], []byte(a.ID.String()), []byte(hex.EncodeToString(a.ID[:8]))} {
		if bytes.Contains(box, needle) {
			t.Fatal("the admin's list shows an employee id to another user")
		}
	}
	if _, err := sess.OpenPersonal("recent", box); err == nil {
		t.Fatal("the HR user opened the admin's list")
	}
	// Planting: the HR user copies their own sealed list over the admin's.
	must(t, sess.Update(func(tx *vault.Tx) error {
		return tx.Put(recent.KindRecent, admin.RecordID(), sess.DirectoryScope(), own)
	}))
	ws.Close()
	aws := o.reopen(t)
	if got := recentIDs(t, aws); len(got) != 0 {
		t.Fatalf("the admin's list shows what another user planted: %v", got)
	}
}

// An employee the user can no longer see is left out: here a manager whose department lost
// them (moved elsewhere), and an erased employee (ADR 005) in everyone's list.
func TestRule_RecentNeverShowsAnEmployeeTheUserNoLongerSees(t *testing.T) {
	now := time.Date(2023, 5, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	v, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{Now: clock})
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	must(t, err)
	gone, err := ws.CreateEmployee(emp.ID, recentInput("0501"))
	must(t, err)
	moved, err := ws.CreateEmployee(emp.ID, recentInput("0502"))
	must(t, err)
	stays, err := ws.CreateEmployee(emp.ID, recentInput("0503"))
	must(t, err)
	utrecht := moved.Department
	_, err = sess.AddUser(vault.NewUser{Email: "m@vaulttest.invalid", Passphrase: []byte("manager passphrase 1")}, vault.RoleManager, utrecht)
	must(t, err)
	ws.Close()

	// The manager visits all three.
	msess, err := v.Unlock("m@vaulttest.invalid", []byte("manager passphrase 1"))
	must(t, err)
	mws := workspace.Open(msess, workspace.Config{Now: clock})
	for _, id := range []vault.ID{gone.ID, moved.ID, stays.ID} {
		_, err := mws.OpenEmployee(id)
		must(t, err)
	}
	if got := recentIDs(t, mws); len(got) != 3 {
		t.Fatalf("manager's list %v", got)
	}
	mws.Close()

	// The admin visits the one to be erased, moves one out of the manager's department, and
	// erases the other after the retention period.
	asess, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	must(t, err)
	now = time.Date(2023, 6, 1, 9, 0, 0, 0, time.UTC)
	ws = workspace.Open(asess, workspace.Config{Now: clock})
	_, err = ws.OpenEmployee(gone.ID)
	must(t, err)
	other, err := ws.Directory().CreateDepartment(emp.ID, vault.ID{}, "Zeist", "")
	must(t, err)
	in := recentInput("0502")
	in.Department = other.Name
	_, err = ws.UpdateEmployee(moved.ID, in)
	must(t, err)
	_, err = ws.EndEmployment(gone.ID, "2023-06-30")
	must(t, err)
	now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ws.Close()
	asess, err = v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	must(t, err)
	ws = workspace.Open(asess, workspace.Config{Now: clock})
	_, err = ws.EraseEmployees(context.Background(), []vault.ID{gone.ID}, nil)
	must(t, err)
	if got := recentIDs(t, ws); len(got) != 0 {
		t.Fatalf("the admin's list shows an erased employee: %v", got)
	}
	ws.Close()

	msess, err = v.Unlock("m@vaulttest.invalid", []byte("manager passphrase 1"))
	must(t, err)
	mws = workspace.Open(msess, workspace.Config{Now: clock})
	defer mws.Close()
	rows, err := mws.RecentEmployees()
	must(t, err)
	if len(rows) != 1 || rows[0].ID != stays.ID || rows[0].Persnr != "0503" {
		t.Fatalf("manager's list after the move and the erasure: %+v", rows)
	}
}
