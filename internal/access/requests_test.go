package access

import (
	"errors"
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

func TestRule_ARequestFormReportsEveryProblemAtOnceAndFilesNothing(t *testing.T) {
	v, s, _ := vaulttest.New(t)
	s.Lock()
	_, err := RequestAccess(v, AccessRequest{Name: " ", Email: "noor@", Passphrase: "Welkom2024!", Role: vault.RoleAdmin})
	var fe validate.FieldErrors
	if !errors.As(err, &fe) || fe[FieldName] != validate.Required || fe[FieldEmail] != validate.EmailFormat ||
		fe[FieldRole] != validate.InvalidChoice || fe[FieldPassphrase] != validate.PassphraseWeak {
		t.Fatalf("errors %v", err)
	}
	if _, err := v.Unlock("noor@", []byte("Welkom2024!")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("a refused form filed a request: %v", err)
	}
}

func TestRule_AnApprovedRequesterHasAProfileAndTheirOwnPassphrase(t *testing.T) {
	v, s, _ := vaulttest.New(t)
	s.Lock()
	const pass = "lantaarn vlieger pindakaas mossel"
	fp, err := RequestAccess(v, AccessRequest{Name: "Noor Nieuw", Email: "Noor@Korenaar.example", Passphrase: pass, Role: vault.RoleUser})
	if err != nil || fp == "" {
		t.Fatalf("request: %q %v", fp, err)
	}
	if _, err := v.Unlock("noor@korenaar.example", []byte(pass)); !errors.Is(err, vault.ErrPending) {
		t.Fatalf("before approval: %v", err)
	}
	admin, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := admin.Requests()
	if err != nil || len(reqs) != 1 || reqs[0].Fingerprint != fp {
		t.Fatalf("requests %+v %v", reqs, err)
	}
	if err := Approve(admin, reqs[0], vault.RoleUser, nil); err != nil {
		t.Fatal(err)
	}
	admin.Lock()
	u, err := v.Unlock("noor@korenaar.example", []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	defer u.Lock()
	var p Profile
	if err := u.View(func(tx *vault.Tx) (err error) { p, err = LoadProfile(tx, u.UserID()); return err }); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Noor Nieuw" || p.Email != "noor@korenaar.example" || u.Role() != vault.RoleUser {
		t.Fatalf("profile %+v role %s", p, u.Role())
	}
}
