package people

import (
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
