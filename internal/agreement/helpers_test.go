package agreement

import (
	"errors"
	"testing"
	"time"

	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// today is the fixed clock of these tests.
var today = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return today }

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// validInput is a complete signatory who signs alone.
func validInput() Input {
	return Input{Name: "Joëlle van Dijk", Function: "Directeur", Basis: "alone", KvK: "8765 4321",
		ExtractDate: "01-10-2026", Email: "joelle@Korenaar.Example"}
}

// fieldErrors returns err's FieldErrors, failing when it has none.
func fieldErrors(t *testing.T, err error) validate.FieldErrors {
	t.Helper()
	var fe validate.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not FieldErrors", err, err)
	}
	return fe
}

// newStore is an admin's store on a fresh vault with one employer.
func newStore(t *testing.T) (*Store, *vault.Vault, *vault.Session, vault.ID) {
	t.Helper()
	v, s, _ := vaulttest.New(t)
	t.Cleanup(s.Lock)
	f := validate.FieldErrors{}
	emp := people.NewEmployer(f, "name", "Bakkerij De Korenaar BV", "kvk", "12345678")
	ok(t, f.Err())
	ok(t, s.Update(func(tx *vault.Tx) error { return people.SaveEmployer(tx, s.DirectoryScope(), emp) }))
	return NewStore(s, clock), v, s, emp.ID
}
