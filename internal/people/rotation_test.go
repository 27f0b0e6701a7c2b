package people

import (
	"bytes"
	"slices"
	"testing"

	"kluis/internal/vault"
)

// Rule (format 3, ADR 014): a skeleton carries one blind-index entry, its persnr under the
// directory scope; an identity carries none (its BSN and birth date + postcode are found in
// memory), so no rotation or verify looks for one.
func TestRule_TheOnlyIndexEntryIsTheSkeletonsPersnr(t *testing.T) {
	ix := Indexer()
	plain := []byte(`{"bsn":"123456782","birthDate":"1980-02-03","address":{"postcode":"1234 AB"}}`)
	got, err := ix.Entries(KindIdentity, vault.NewID(), plain)
	if err != nil || len(got) != 0 || slices.Contains(ix.Kinds, KindIdentity) {
		t.Fatalf("an identity's index values %+v %v (kinds %v)", got, err, ix.Kinds)
	}
	employer := vault.NewID()
	got, err = ix.Entries(KindEmployee, vault.NewID(), []byte(`{"employer":"`+employer.String()+`","persnr":"00042"}`))
	if err != nil || len(got) != 1 || got[0].Field != IndexPersnr || !got[0].Directory ||
		!bytes.Equal(got[0].Value, persnrIndexValue(employer, "00042")) {
		t.Fatalf("a skeleton's entries %+v %v", got, err)
	}
	if _, err := ix.Entries(KindEmployee, vault.NewID(), []byte("{")); err == nil {
		t.Fatal("a damaged skeleton was reindexed")
	}
}
