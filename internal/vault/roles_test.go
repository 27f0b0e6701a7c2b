package vault

import (
	"crypto/ed25519"
	"errors"
	"testing"
	"time"
)

func TestRule_TheLastAdminCannotBeWithdrawnNotEvenByThemselves(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	if err := s.SetRole(s.UserID(), RoleUser, nil); !errors.Is(err, ErrLastAdmin) {
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
	ok(t, s.SetRole(other, RoleAdmin, nil))
	// Now there are two admins: the first may step down to manager of one department.
	first := s.UserID()
	ok(t, s.SetRole(first, RoleManager, []ScopeID{dept}))
	s.Lock()
	a, err := v.Unlock("tweede@example.test", []byte("tweede"))
	ok(t, err)
	users, err := a.Users()
	ok(t, err)
	for _, u := range users {
		if u.ID == first && (u.Role != RoleManager || u.GrantedBy != first || len(u.Scopes) != 1 || u.Scopes[0] != dept) {
			t.Fatalf("the former admin: %+v", u)
		}
	}
	if err := a.SetRole(other, RoleUser, nil); !errors.Is(err, ErrLastAdmin) {
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
	if err := us.SetRole(u, RoleAdmin, nil); !errors.Is(err, ErrDenied) {
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
	u.Grant = &grantEntry{By: self, At: at, Sig: ed25519.Sign(signer, grantStatement(kr.VaultID, u, at))}
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
