package server

import (
	"encoding/json"
	"errors"
	"testing"

	"kluis/internal/arbo"
)

// fuzzSeeds are valid batches of every message type, and a few near misses.
func fuzzSeeds(t testing.TB) [][]byte {
	t.Helper()
	end := arbo.Message{ID: "e", Type: arbo.TypeDelingEinde, Pseudonym: "P1", At: at()}
	first := arbo.Message{ID: "f", Type: arbo.TypeEersteSync, At: at(), Shared: []string{"P1", "P2"}}
	herstel := msgZiek("h", "P1")
	herstel.Type, herstel.Verzuim.DatumHerstel = arbo.TypeHerstelmelding, "2027-03-04"
	removed := msgDienstverband("r", "P1", 1)
	removed.Dienstverband.Verwijderd = true
	var out [][]byte
	for _, b := range []arbo.Batch{
		{Messages: []arbo.Message{msgDienstverband("a", "P1", 1)}},
		{Messages: []arbo.Message{msgDeling("b", "P1"), msgWerknemer("c", "P1", werknemer("1", "Jansen", validBSN(0))), msgZiek("d", "P1")}},
		{Messages: []arbo.Message{end, first, herstel, removed}},
		{Messages: []arbo.Message{msgWerknemer("c", "P9", werknemer("2", "Smit", validBSN(1)))}},
		{},
	} {
		raw, err := json.Marshal(b)
		ok(t, err)
		out = append(out, raw)
	}
	return append(out, []byte(`{"messages":null}`), []byte(`{"messages":[{"id":"x","type":"deling"}]}`), []byte(`[]`))
}

func TestFuzzSeedsArePresent(t *testing.T) {
	seeds := fuzzSeeds(t)
	valid := 0
	for _, s := range seeds {
		if _, err := decodeBatch(s); err == nil {
			valid++
		}
	}
	if len(seeds) < 8 || valid < 6 {
		t.Fatalf("%d seeds, %d valid", len(seeds), valid)
	}
}

// FuzzDecodeBatch: the validator never panics, refuses with a 400 or 413 only, and never accepts
// a batch that then fails to apply.
func FuzzDecodeBatch(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	fx := newFixture(f, 0)
	e := fx.enrol("Bakkerij", "12345678")
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeBatch(data)
		if err != nil {
			var ae *arbo.Error
			if !errors.As(err, &ae) || (ae.Status != 400 && ae.Status != 413) {
				t.Fatalf("refused with %v", err)
			}
			return
		}
		// Applied in a transaction that is thrown away, so every input starts from one store.
		txn := fx.srv.db.NewTransaction(true)
		defer txn.Discard()
		resp, _, err := applyBatch(txn, e.id, fx.clock.Now(), b)
		if err != nil {
			t.Fatalf("accepted, then failed to apply: %v", err)
		}
		if len(resp.Accepted)+len(resp.Rejected) != len(b.Messages) {
			t.Fatalf("%d messages, %d answers", len(b.Messages), len(resp.Accepted)+len(resp.Rejected))
		}
	})
}
