package access

import (
	"errors"
	"path/filepath"
	"testing"

	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

func validSetup() Setup {
	return Setup{EmployerName: "Bakkerij De Korenaar BV", KvK: "1234 5678", AdminName: "Petra de Beheerder",
		AdminEmail: "Petra@Korenaar.EXAMPLE", Passphrase: []byte("paard batterij nietje correct")}
}

func TestFirstAdminExistsOnlyThroughVaultCreationWithEmployerAndProfile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	c, err := CreateVault(dir, validSetup(), vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Vault.Close()
	if c.Session.Role() != vault.RoleAdmin || c.RecoveryCode == "" {
		t.Fatalf("role %q, code %q", c.Session.Role(), c.RecoveryCode)
	}
	err = c.Session.View(func(tx *vault.Tx) error {
		p, err := LoadProfile(tx, c.Session.UserID())
		if err != nil {
			return err
		}
		if p.Name != "Petra de Beheerder" || p.Email != "Petra@korenaar.example" {
			t.Errorf("profile %+v", p)
		}
		emps, err := people.Employers(tx)
		if err != nil {
			return err
		}
		if len(emps) != 1 || emps[0].KvK != "12345678" {
			t.Errorf("employers %+v", emps)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The admin unlocks with the e-mail as typed, in any case.
	c.Session.Lock()
	s, err := c.Vault.Unlock("petra@korenaar.example", validSetup().Passphrase)
	if err != nil {
		t.Fatalf("unlock with the normalised e-mail: %v", err)
	}
	s.Lock()
}

func TestCreateVaultWithInvalidSetupWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	s := validSetup()
	s.KvK = "1234"
	s.Passphrase = []byte("Petra1234567890")
	_, err := CreateVault(dir, s, vaulttest.Options())
	var fe validate.FieldErrors
	if !errors.As(err, &fe) || fe[FieldKvK] != validate.KvKFormat || fe[FieldPassphrase] != validate.PassphraseWeak {
		t.Fatalf("err %v", err)
	}
	if ok, _ := vault.Exists(dir); ok {
		t.Fatal("a vault was created from an invalid setup")
	}
}

func TestNewPassphraseMustNotContainTheUsersName(t *testing.T) {
	if err := CheckNewPassphrase("petradebeheerder!", "Petra de Beheerder"); err == nil {
		t.Fatal("accepted a passphrase made of the user's name")
	}
	if err := CheckNewPassphrase("lantaarn vlieger pindakaas mossel", "Petra de Beheerder"); err != nil {
		t.Fatal(err)
	}
}
