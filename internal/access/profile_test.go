package access

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// laterProfile is a profile as a later Kluis might store it: one member more.
type laterProfile struct {
	Profile
	Later string `json:"later_member"`
}

// Rule: a profile stored by a later Kluis, with a member this one does not know, still verifies
// (its user keeps their name on a PC not yet updated); changing that member after signing, or
// copying the profile to another user's record, breaks it; and a profile changed in memory after
// it was read is not taken as signed.
func TestRule_AProfileWithAMemberThisKluisDoesNotKnowStillVerifies(t *testing.T) {
	v, admin, hr := withProfiles(t)
	s := unlock(t, v, hrEmail, hrPass)
	later := laterProfile{Profile: Profile{Name: "Henk HR", Email: hrEmail, LastSeen: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), By: hr},
		Later: "toekomst"}
	unsigned, err := json.Marshal(later)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := signedMessage(hr, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	if later.Sig, err = s.SignStatement(profileDomain, msg); err != nil {
		t.Fatal(err)
	}
	stored, _ := json.Marshal(later)
	put := func(user vault.UserID, b []byte) {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if err := s.Update(func(tx *vault.Tx) error {
			return vault.PutJSON(tx, KindProfile, user.RecordID(), s.DirectoryScope(), &m)
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(hr, stored)
	p, err := profileOf(t, s, hr)
	if err != nil || p.Name != "Henk HR" {
		t.Fatalf("a profile with a later member: %+v %v", p, err)
	}
	if Valid(s, hr, func() Profile { q := p; q.Name = "Iemand Anders"; return q }()) {
		t.Fatal("a profile changed in memory after it was read is taken as signed")
	}

	put(hr, bytes.Replace(stored, []byte("toekomst"), []byte("verleden"), 1))
	if _, err := profileOf(t, s, hr); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("a later member changed after signing verifies: %v", err)
	}

	// An admin may sign anyone's profile: one the admin signed for HR, copied to the admin's own
	// record, must not read as the admin's.
	s.Lock()
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	byAdmin := Profile{Name: "Henk HR", Email: hrEmail}
	if err := a.Update(func(tx *vault.Tx) error { return saveProfile(tx, a.DirectoryScope(), hr, byAdmin) }); err != nil {
		t.Fatal(err)
	}
	if p, err := profileOf(t, a, hr); err != nil || p.By != admin {
		t.Fatalf("the profile the admin signed for HR: %+v %v", p, err)
	}
	var copied []byte
	if err := a.View(func(tx *vault.Tx) (err error) { copied, err = tx.Get(KindProfile, hr.RecordID()); return err }); err != nil {
		t.Fatal(err)
	}
	if err := a.Update(func(tx *vault.Tx) error {
		return tx.Put(KindProfile, admin.RecordID(), a.DirectoryScope(), copied)
	}); err != nil {
		t.Fatal(err)
	}
	if p, err := profileOf(t, a, admin); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("a profile the admin signed for HR, copied to the admin's record, reads as the admin's: %+v %v", p, err)
	}
}
