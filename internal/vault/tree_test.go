package vault

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// subTree binds department child below parent (admin session) and returns the child's scope.
func subDept(t testing.TB, s *Session, parent ID) (ID, ScopeID) {
	t.Helper()
	d := NewID()
	ok(t, s.NewDepartmentTree([]DepartmentNode{{ID: d, Parent: parent}}))
	sc, err := s.DepartmentScope(d)
	ok(t, err)
	return d, sc
}

// canRead reports whether the user reads the record (they unlock for it).
func canRead(t testing.TB, v *Vault, email, pass string, id ID) bool {
	t.Helper()
	m, err := v.Unlock(email, []byte(pass))
	ok(t, err)
	defer m.Lock()
	_, err = get(m, id)
	if err != nil && !errors.Is(err, ErrNoAccess) {
		t.Fatalf("reading %s: %v", id, err)
	}
	return err == nil
}

func TestRule_AManagersGrantOfADepartmentCoversItsSubDepartmentsPresentAndFuture(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	parent, parentScope := newDept(t, s)
	child, childScope := subDept(t, s, parent)
	_, siblingScope := newDept(t, s)
	_, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, parent)
	ok(t, err)
	// A department made below the child after the grant is covered too, without a new grant.
	_, grandScope := subDept(t, s, child)
	recs := map[ScopeID]ID{}
	for _, sc := range []ScopeID{parentScope, childScope, grandScope, siblingScope} {
		recs[sc] = NewID()
		put(t, s, recs[sc], sc, "record")
	}
	s.Lock()
	for sc, want := range map[ScopeID]bool{parentScope: true, childScope: true, grandScope: true, siblingScope: false} {
		if got := canRead(t, v, managerEmail, managerPass, recs[sc]); got != want {
			t.Errorf("scope %s: manager reads = %v, want %v", sc, got, want)
		}
	}
}

func TestRule_OnlyAnAdminChangesTheSignedDepartmentTree(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	parent, _ := newDept(t, s)
	other, _ := newDept(t, s)
	_, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, parent)
	ok(t, err)
	_, err = s.AddUser(NewUser{Email: "hr@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	s.Lock()
	for _, who := range []struct{ email, pass string }{{managerEmail, managerPass}, {"hr@example.test", "pw"}} {
		m, err := v.Unlock(who.email, []byte(who.pass))
		ok(t, err)
		// A manager who moves another department below their own would get its key.
		if _, err := m.MoveDepartment(other, parent); !errors.Is(err, ErrDenied) {
			t.Errorf("%s moves a department in the signed tree: %v", who.email, err)
		}
		if err := m.AdoptDepartmentTree(map[ID]ID{other: parent}); !errors.Is(err, ErrDenied) {
			t.Errorf("%s signs a department tree: %v", who.email, err)
		}
		if err := m.NewDepartmentTree([]DepartmentNode{{ID: NewID(), Parent: parent}}); !errors.Is(err, ErrDenied) {
			t.Errorf("%s binds a department: %v", who.email, err)
		}
		m.Lock()
	}
	a, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer a.Lock()
	if parents, _ := a.DepartmentTree(); parents[other] != (ID{}) {
		t.Fatal("the signed tree changed")
	}
}

func TestRule_TheSignedTreeHasNoCycles(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	top, _ := newDept(t, s)
	mid, _ := subDept(t, s, top)
	low, _ := subDept(t, s, mid)
	if _, err := s.MoveDepartment(top, low); !errors.Is(err, ErrTreeCycle) {
		t.Fatalf("a department moved below its own descendant: %v", err)
	}
	if _, err := s.MoveDepartment(top, top); !errors.Is(err, ErrTreeCycle) {
		t.Fatalf("a department moved below itself: %v", err)
	}
	if err := s.NewDepartmentTree([]DepartmentNode{{ID: NewID(), Parent: NewID()}}); err == nil {
		t.Fatal("a department bound below a department without a scope")
	}
}

func TestRule_ADepartmentMovedOutFromUnderAGrantGetsANewKey(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	parent, _ := newDept(t, s)
	child, childScope := subDept(t, s, parent)
	_, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, parent)
	ok(t, err)
	rec := NewID()
	put(t, s, rec, childScope, "record")
	rotating, err := s.MoveDepartment(child, ID{})
	ok(t, err)
	if !rotating || !slices.Contains(s.PendingRotation(), childScope) {
		t.Fatalf("moving the child away from the manager's grant does not rotate its key (rotating %v, pending %v)", rotating, s.PendingRotation())
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{}))
	s.Lock()
	if canRead(t, v, managerEmail, managerPass, rec) {
		t.Fatal("the manager still reads a department moved away from their grant")
	}
	// Moving it back grants it again, with nothing to rotate.
	a, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	rotating, err = a.MoveDepartment(child, parent)
	ok(t, err)
	if rotating {
		t.Fatal("a move that only widens a grant rotates keys")
	}
	a.Lock()
	if !canRead(t, v, managerEmail, managerPass, rec) {
		t.Fatal("the manager does not read a department moved below their grant")
	}
}

func TestRule_RevokingAManagerRotatesEveryDepartmentBelowTheirGrant(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	parent, parentScope := newDept(t, s)
	child, childScope := subDept(t, s, parent)
	_, grandScope := subDept(t, s, child)
	_, siblingScope := newDept(t, s)
	m, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, parent)
	ok(t, err)
	ok(t, s.Revoke(m))
	pending := s.PendingRotation()
	for _, sc := range []ScopeID{parentScope, childScope, grandScope} {
		if !slices.Contains(pending, sc) {
			t.Errorf("scope %s below the revoked grant does not rotate (pending %v)", sc, pending)
		}
	}
	if slices.Contains(pending, siblingScope) {
		t.Error("a department outside the revoked grant rotates")
	}
}

func TestRule_NarrowingAManagersGrantToASubDepartmentRotatesOnlyWhatTheyLose(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	parent, parentScope := newDept(t, s)
	child, childScope := subDept(t, s, parent)
	m, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, parent)
	ok(t, err)
	_, err = s.SetRole(m, RoleManager, []ID{child})
	ok(t, err)
	pending := s.PendingRotation()
	if !slices.Contains(pending, parentScope) || slices.Contains(pending, childScope) {
		t.Fatalf("pending rotation %v, want the parent's scope %s only", pending, parentScope)
	}
	users, err := s.Users()
	ok(t, err)
	for _, u := range users {
		if u.ID == m && !slices.Equal(u.Covered, []ID{child}) {
			t.Fatalf("covered %v, want the child only", u.Covered)
		}
	}
}

func TestRule_AnOlderVaultsTreeIsSignedOnceByAnAdmin(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	parent, _ := newDept(t, s)
	child, childScope := newDept(t, s) // bound before the keyring carried the tree: top level
	ok(t, s.changeState("test-older-vault", func(st *state) error { st.Tree = false; return nil }))
	_, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, parent)
	ok(t, err)
	rec := NewID()
	put(t, s, rec, childScope, "record")
	if _, signed := s.DepartmentTree(); signed {
		t.Fatal("an older vault's tree counts as signed")
	}
	ok(t, s.AdoptDepartmentTree(map[ID]ID{child: parent, NewID(): parent}))
	parents, signed := s.DepartmentTree()
	if !signed || parents[child] != parent {
		t.Fatalf("adopted tree %v (signed %v)", parents, signed)
	}
	wantErr(t, s.AdoptDepartmentTree(map[ID]ID{child: ID{}}), ErrExists)
	s.Lock()
	if !canRead(t, v, managerEmail, managerPass, rec) {
		t.Fatal("the manager of the parent does not read the adopted sub-department")
	}
}
