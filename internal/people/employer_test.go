package people

import (
	"errors"
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

func TestEmployersAreStoredSealedAndListedByName(t *testing.T) {
	_, s, _ := vaulttest.New(t)
	f := validate.FieldErrors{}
	zuid := NewEmployer(f, "name", "Zuidhaven Logistiek BV", "kvk", "87654321")
	bakkerij := NewEmployer(f, "name", "Bakkerij De Korenaar BV", "kvk", "12345678")
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	err := s.Update(func(tx *vault.Tx) error {
		if err := SaveEmployer(tx, s.DirectoryScope(), zuid); err != nil {
			return err
		}
		return SaveEmployer(tx, s.DirectoryScope(), bakkerij)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []Employer
	if err := s.View(func(tx *vault.Tx) (err error) { got, err = Employers(tx); return err }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "Bakkerij De Korenaar BV" || got[1].ID != zuid.ID {
		t.Fatalf("got %+v", got)
	}
}

func TestEmployerNeedsANameAndAnEightDigitKvK(t *testing.T) {
	f := validate.FieldErrors{}
	NewEmployer(f, "name", "  ", "kvk", "12-34")
	if f["name"] != validate.Required || f["kvk"] != validate.KvKFormat {
		t.Fatalf("%v", f)
	}
}

func TestRule_AnAdminRenamesAnEmployerAndCorrectsItsKvKKeepingItsPeople(t *testing.T) {
	f := newFixture(t)
	_, err := f.d.CreateEmployee(f.employer.ID, person("1001", "Utrecht/Magazijn", "Jansen"))
	ok(t, err)
	e, err := f.d.UpdateEmployer(f.employer.ID, "Bakkerij De Korenaar Utrecht BV", "1234 5679")
	ok(t, err)
	if e.ID != f.employer.ID || e.Name != "Bakkerij De Korenaar Utrecht BV" || e.KvK != "12345679" {
		t.Fatalf("updated employer %+v", e)
	}
	// A fresh directory reads the change from the vault, and the employee is still there.
	d := NewDirectory(f.s, clock)
	got, err := d.EmployerByKvK("12345679")
	ok(t, err)
	if got.Name != e.Name {
		t.Fatalf("stored employer %+v", got)
	}
	if _, err := d.EmployerByKvK("12345678"); err == nil {
		t.Fatal("the old KvK number still finds the employer")
	}
	if _, err := d.EmployeeByPersnr(e.ID, "1001"); err != nil {
		t.Fatalf("the employee left with the old name: %v", err)
	}
}

func TestRule_AnEmployersKvKCannotBeChangedIntoAnotherEmployersOrAnInvalidOne(t *testing.T) {
	f := newFixture(t)
	other, err := f.d.AddEmployer("Zuidhaven Logistiek BV", "87654321")
	ok(t, err)
	if fe := fieldErrors(t, errOnly(f.d.UpdateEmployer(f.employer.ID, "Bakkerij", "87654321"))); fe["kvk"] != validate.Duplicate {
		t.Fatalf("a KvK number of another employer: %v", fe)
	}
	if fe := fieldErrors(t, errOnly(f.d.UpdateEmployer(other.ID, "", "12-34"))); fe["name"] != validate.Required || fe["kvk"] != validate.KvKFormat {
		t.Fatalf("an empty name and a malformed KvK: %v", fe)
	}
	// Keeping its own number is fine.
	_, err = f.d.UpdateEmployer(other.ID, "Zuidhaven BV", "87654321")
	ok(t, err)
}

func TestRule_OnlyAnAdminChangesAnEmployer(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.AddUser(vault.NewUser{Email: "hr@example.test", Passphrase: []byte("pw")}, vault.RoleUser)
	ok(t, err)
	f.s.Lock()
	hr, err := f.v.Unlock("hr@example.test", []byte("pw"))
	ok(t, err)
	defer hr.Lock()
	if _, err := NewDirectory(hr, clock).UpdateEmployer(f.employer.ID, "Anders BV", "12345678"); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("an HR user changed the employer: %v", err)
	}
}

func errOnly[T any](_ T, err error) error { return err }
