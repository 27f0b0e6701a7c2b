package vault

import (
	"errors"
	"testing"
	"time"
)

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

func TestRule_AdminRightsMoveToAnotherUserWithASignedGrant(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	dept, err := s.NewIdentityScope()
	ok(t, err)
	other, err := s.AddUser(NewUser{Email: "tweede@example.test", Passphrase: []byte("tweede")}, RoleUser)
	ok(t, err)
	_, err = s.SetRole(other, RoleAdmin, nil)
	ok(t, err)
	// Now there are two admins. Nobody withdraws their own admin rights (the new recovery code
	// must go to an admin who stays); the second withdraws the first's.
	first := s.UserID()
	if _, err := s.SetRole(first, RoleManager, []ScopeID{dept}); !errors.Is(err, ErrSelfStepDown) {
		t.Fatalf("an admin withdrew their own rights: %v", err)
	}
	s.Lock()
	a, err := v.Unlock("tweede@example.test", []byte("tweede"))
	ok(t, err)
	code, err := a.SetRole(first, RoleManager, []ScopeID{dept})
	ok(t, err)
	if code == "" {
		t.Fatal("no new recovery code")
	}
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	users, err := a.Users()
	ok(t, err)
	for _, u := range users {
		if u.ID == first && (u.Role != RoleManager || u.GrantedBy != other || len(u.Scopes) != 1 || u.Scopes[0] != dept) {
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
	if m.Role() != RoleManager || !m.HasScope(dept) {
		t.Fatalf("role %s", m.Role())
	}
	if _, err := m.NewIdentityScope(); !errors.Is(err, ErrDenied) {
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

func TestRule_NobodySignsTheirOwnAdminGrant(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	macKey := append([]byte(nil), s.macKey...)
	signer := append([]byte(nil), s.signer...)
	self := s.UserID()
	s.Lock()
	kr, err := readKeyring(dir)
	ok(t, err)
	u := kr.user(self)
	at := time.Now().UTC()
	signGrant(kr.VaultID, u, self, signer, at, false)
	kr.seal(macKey)
	ok(t, writeKeyring(dir, kr))
	ok(t, v.Close())
	v, err = Open(dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	if _, err := v.Unlock(testEmail, []byte(testPass)); !errors.Is(err, ErrKeyringTampered) {
		t.Fatalf("a self-signed admin grant was accepted: %v", err)
	}
}

func TestRule_EveryUserButTheFounderNeedsASignedGrant(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
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
	macKey := append([]byte(nil), s.macKey...)
	s.Lock()
	// Someone holding the MAC key drops the added user's grant, or names them founder.
	for _, edit := range []func(kr *keyring){
		func(kr *keyring) { kr.user(added).Grant = nil },
		func(kr *keyring) { kr.Settings.Founder = added },
	} {
		kr, err := readKeyring(dir)
		ok(t, err)
		orig := kr.clone()
		edit(kr)
		kr.seal(macKey)
		ok(t, writeKeyring(dir, kr))
		v.kr = kr
		if _, err := v.Unlock(testEmail, []byte(testPass)); !errors.Is(err, ErrKeyringTampered) {
			t.Fatalf("a user without a grant was accepted: %v", err)
		}
		ok(t, writeKeyring(dir, orig))
		v.kr = orig
	}
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	s.Lock()
}

func TestRule_AnAdminWhoResetsWithTheRecoveryCodeKeepsAValidGrant(t *testing.T) {
	_, v, s, code := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "tweede@example.test", Passphrase: []byte("oud")}, RoleAdmin)
	ok(t, err)
	s.Lock()
	ok(t, v.Recover(string(code), "tweede@example.test", []byte("nieuw")))
	s, err = v.Unlock("tweede@example.test", []byte("nieuw"))
	ok(t, err)
	defer s.Lock()
	if g := v.keyringSnapshot().user(s.UserID()).Grant; g == nil || !g.Recovery || g.By != s.UserID() {
		t.Fatalf("grant after recovery: %+v", g)
	}
}

func TestRule_AUserOfRoleUserGetsEveryNewDepartmentAndAManagerDoesNot(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	_, err = s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager)
	ok(t, err)
	dept, err := s.NewIdentityScope()
	ok(t, err)
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
