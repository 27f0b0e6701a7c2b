package vaulttest

import (
	"testing"

	"kluis/internal/vault"
)

func TestRule_NewGivesAnUnlockedAdminVault(t *testing.T) {
	_, s, code := New(t)
	if s.Role() != vault.RoleAdmin || s.Locked() || code == "" {
		t.Fatalf("role %q locked %v", s.Role(), s.Locked())
	}
	id := vault.NewID()
	type rec struct{ A string }
	if err := s.Update(func(tx *vault.Tx) error { return vault.PutJSON(tx, 0x40, id, s.DirectoryScope(), &rec{"x"}) }); err != nil {
		t.Fatal(err)
	}
}
