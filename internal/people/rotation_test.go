package people

import (
	"bytes"
	"testing"

	"kluis/internal/vault"
)

func TestRule_IndexEntriesAreTheIdentitysBSNAndBirthPostcodeAndTheSkeletonsPersnr(t *testing.T) {
	ix := Indexer()
	plain := []byte(`{"bsn":"123456782","birthDate":"1980-02-03","address":{"postcode":"1234 AB"}}`)
	got, err := ix.Entries(KindIdentity, vault.NewID(), plain)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Field != IndexBSN || string(got[0].Value) != "123456782" || got[0].Directory ||
		got[1].Field != IndexBirthPostcode || string(got[1].Value) != "1980-02-03|1234 AB" {
		t.Fatalf("index values %+v", got)
	}
	employer := vault.NewID()
	got, err = ix.Entries(KindEmployee, vault.NewID(), []byte(`{"employer":"`+employer.String()+`","persnr":"00042"}`))
	if err != nil || len(got) != 1 || got[0].Field != IndexPersnr || !got[0].Directory ||
		!bytes.Equal(got[0].Value, persnrIndexValue(employer, "00042")) {
		t.Fatalf("a skeleton's entries %+v %v", got, err)
	}
	if _, err := ix.Entries(KindIdentity, vault.NewID(), []byte("{")); err == nil {
		t.Fatal("a damaged identity was reindexed")
	}
}
