package vault

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func bytesEqual(a, b []byte) bool { return bytes.Equal(a, b) }

func TestRule_TheLastAdminCannotBeWithdrawnNotEvenByThemselves(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	if _, err := s.SetRole(s.UserID(), RoleUser, nil); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("withdrawing the only admin: %v", err)
	}
	users, err := s.Users()
	ok(t, err)
	if len(users) != 1 || users[0].Role != RoleAdmin {
		t.Fatalf("users %+v", users)
	}
}

func TestRule_AdminRightsMoveToAnotherUserWithASignedEntry(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptID, _ := newDept(t, s)
	other, err := s.AddUser(NewUser{Email: "tweede@example.test", Passphrase: []byte("tweede")}, RoleUser)
	ok(t, err)
	_, err = s.SetRole(other, RoleAdmin, nil)
	ok(t, err)
	// Now there are two admins. Nobody withdraws their own admin rights (the new recovery code
	// must go to an admin who stays); the second withdraws the first's.
	first := s.UserID()
	if _, err := s.SetRole(first, RoleManager, []ID{deptID}); !errors.Is(err, ErrSelfStepDown) {
		t.Fatalf("an admin withdrew their own rights: %v", err)
	}
	s.Lock()
	a, err := v.Unlock("tweede@example.test", []byte("tweede"))
	ok(t, err)
	code, err := a.SetRole(first, RoleManager, []ID{deptID})
	ok(t, err)
	if code == "" {
		t.Fatal("no new recovery code")
	}
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	users, err := a.Users()
	ok(t, err)
	for _, u := range users {
		if u.ID == first && (u.Role != RoleManager || u.GrantedBy != other || len(u.Departments) != 1 || u.Departments[0] != deptID) {
			t.Fatalf("the former admin: %+v", u)
		}
	}
	if _, err := a.SetRole(other, RoleUser, nil); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("the new last admin stepped down: %v", err)
	}
	a.Lock()
	m, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer m.Lock()
	if m.Role() != RoleManager || !m.HasDepartment(deptID) {
		t.Fatalf("role %s", m.Role())
	}
	if err := m.NewDepartments(NewID()); !errors.Is(err, ErrDenied) {
		t.Fatalf("a former admin still acts as admin: %v", err)
	}
}

func TestRule_OnlyAnAdminChangesRoles(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	u, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	s.Lock()
	us, err := v.Unlock("user@example.test", []byte("pw"))
	ok(t, err)
	defer us.Lock()
	if _, err := us.SetRole(u, RoleAdmin, nil); !errors.Is(err, ErrDenied) {
		t.Fatalf("a user made themselves admin: %v", err)
	}
	if _, err := us.Users(); !errors.Is(err, ErrDenied) {
		t.Fatalf("a user listed users: %v", err)
	}
}

func TestRule_EveryUserButTheFounderWasGrantedByAnAdmin(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	founder := s.UserID()
	added, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	list, err := s.Users()
	ok(t, err)
	for _, u := range list {
		if u.ID == added && (u.GrantedBy != founder || u.Founder) || u.ID == founder && !u.Founder {
			t.Fatalf("user %+v", u)
		}
	}
}

func TestRule_ARecoveryResetIsAnEntrySignedWithTheVaultKeyAndTheAdminSignsAgainAfterwards(t *testing.T) {
	_, v, s, code := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "tweede@example.test", Passphrase: []byte("oud")}, RoleAdmin)
	ok(t, err)
	s.Lock()
	ok(t, v.Recover(string(code), "tweede@example.test", []byte("nieuw")))
	head := v.keyringSnapshot().head
	if head.What != whatRecovery || !bytesEqual(head.Signer, v.keyringSnapshot().st.VaultSigner) {
		t.Fatalf("recovery entry %q signed by %x", head.What, head.Signer)
	}
	s, err = v.Unlock("tweede@example.test", []byte("nieuw"))
	ok(t, err)
	defer s.Lock()
	// The admin's new key signs the next change, and the whole history still verifies.
	ok(t, s.SetIdleLock(20*time.Minute))
	rep, err := s.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	if !rep.KeyringOK {
		t.Fatalf("history after a recovery: %s", rep.KeyringProblem)
	}
}

func TestRule_AUserOfRoleUserGetsEveryNewDepartmentAndAManagerDoesNot(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	_, err = s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager)
	ok(t, err)
	_, dept := newDept(t, s)
	id := NewID()
	put(t, s, id, dept, "new department")
	s.Lock()
	u, err := v.Unlock("user@example.test", []byte("pw"))
	ok(t, err)
	if _, err := get(u, id); err != nil {
		t.Fatalf("the user cannot read the new department: %v", err)
	}
	u.Lock()
	m, err := v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	defer m.Lock()
	if _, err := get(m, id); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("the manager reads a department not given to them: %v", err)
	}
}
