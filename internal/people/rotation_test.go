package people

import (
	"testing"

	"kluis/internal/vault"
)

func TestRule_ARotationMovesAnIdentitysBSNAndBirthPostcodeEntriesAndNothingElse(t *testing.T) {
	plain := []byte(`{"bsn":"123456782","birthDate":"1980-02-03","address":{"postcode":"1234 AB"}}`)
	got, err := Reindex(KindIdentity, vault.NewID(), plain)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Field != IndexBSN || string(got[0].Value) != "123456782" ||
		got[1].Field != IndexBirthPostcode || string(got[1].Value) != "1980-02-03|1234 AB" {
		t.Fatalf("index values %+v", got)
	}
	if got, err := Reindex(KindEmployee, vault.NewID(), []byte(`{"persnr":"1"}`)); err != nil || len(got) != 0 {
		t.Fatalf("a skeleton carries index entries: %+v %v", got, err)
	}
	if _, err := Reindex(KindIdentity, vault.NewID(), []byte("{")); err == nil {
		t.Fatal("a damaged identity was reindexed")
	}
}
