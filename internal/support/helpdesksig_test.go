package support

import (
	"bytes"
	"encoding/json"
	"testing"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// Rule: a helpdesk recorded by a later Kluis, with members this one does not know (inside the
// helpdesk and beside it), still counts on a PC not yet updated; changing such a member after
// signing makes the record count for nothing; one signed the earlier way still counts.
func TestRule_AHelpdeskWithMembersThisKluisDoesNotKnowStillCounts(t *testing.T) {
	_, s, _ := vaulttest.New(t)
	later := map[string]any{
		"helpdesk": map[string]any{"name": "Arbo Helpdesk", "phone": "030 123 4567", "chat": "https://chat.example"},
		"by":       s.UserID().String(),
		"channel":  "toekomst",
	}
	unsigned, _ := json.Marshal(later)
	msg, err := signedMessage(unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if later["sig"], err = s.SignStatement(helpdeskDomain, msg); err != nil {
		t.Fatal(err)
	}
	stored, _ := json.Marshal(later)
	load := func(b []byte) (Helpdesk, bool) {
		t.Helper()
		var h Helpdesk
		var ok bool
		if err := s.Update(func(tx *vault.Tx) error {
			if err := tx.Put(KindHelpdesk, HelpdeskID(), s.DirectoryScope(), b); err != nil {
				return err
			}
			var err error
			h, ok, err = LoadHelpdesk(tx)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return h, ok
	}
	if h, ok := load(stored); !ok || h.Phone != "030 123 4567" {
		t.Fatalf("a helpdesk with later members does not count: %+v %v", h, ok)
	}
	for _, change := range [][2]string{{"toekomst", "verleden"}, {"chat.example", "chat.example.evil"}} {
		if _, ok := load(bytes.Replace(stored, []byte(change[0]), []byte(change[1]), 1)); ok {
			t.Fatalf("a helpdesk changed after signing (%s) counts", change[1])
		}
	}
	h := Helpdesk{Name: "Oud", Email: "oud@example.nl"}
	sig, err := s.SignStatement(helpdeskDomain, signedHelpdesk(h))
	if err != nil {
		t.Fatal(err)
	}
	old, _ := json.Marshal(storedHelpdesk{Helpdesk: h, By: s.UserID(), Sig: sig})
	if got, ok := load(old); !ok || got != h {
		t.Fatalf("a helpdesk signed the earlier way: %+v %v", got, ok)
	}
}
