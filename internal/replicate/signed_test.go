package replicate

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// laterAnnouncement is an announcement as a later Kluis might write it: one member more.
type laterAnnouncement struct {
	Announcement
	Later string `json:"later_member"`
}

type laterRemoval struct {
	Removal
	Later string `json:"later_member"`
}

// Rule: a signed bucket object (announcement, removal) with a member this Kluis does not know
// still verifies, so a PC not yet updated keeps a newer PC in its device list and obeys its
// removals; changing that member, or any known one, breaks the signature; an object signed the
// way earlier builds did (over the re-encoded known members) still verifies.
func TestRule_SignedBucketObjectsWithMembersThisKluisDoesNotKnowStillVerify(t *testing.T) {
	v, s, _ := vaulttest.New(t)
	e := New(nil, s, v.Dir(), v.ID(), nil)
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	a := laterAnnouncement{Announcement: Announcement{Vault: v.ID(), Device: s.DeviceID(), User: s.UserID(),
		FirstContact: now, LastContact: now, Cursors: map[string]map[string]uint64{"00000001": {}}}, Later: "toekomst"}
	sig, err := signObject(a, func(msg []byte) ([]byte, error) { return s.SignStatement(announcementDomain, msg) })
	if err != nil {
		t.Fatal(err)
	}
	a.Sig = sig
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	key := "devices/" + s.DeviceID().String()
	if got, ok := e.parseAnnouncement(key, b); !ok || got.Device != s.DeviceID() || !got.LastContact.Equal(now) {
		t.Fatalf("an announcement with a later member is refused (ok=%v)", ok)
	}
	for _, change := range [][2]string{{"toekomst", "verleden"}, {"2026-12-03T09:00:00Z\",\"cursors", "2026-12-03T09:00:01Z\",\"cursors"}} {
		forged := bytes.Replace(b, []byte(change[0]), []byte(change[1]), 1)
		if bytes.Equal(forged, b) {
			t.Fatalf("test setup: %q not in the announcement", change[0])
		}
		if _, ok := e.parseAnnouncement(key, forged); ok {
			t.Fatalf("an announcement changed after signing (%s) verifies", change[1])
		}
	}
	old := a.Announcement // as an earlier build signed: over the re-encoded struct
	old.Sig = nil
	if old.Sig, err = s.SignStatement(announcementDomain, old.message()); err != nil {
		t.Fatal(err)
	}
	ob, _ := json.Marshal(old)
	if _, ok := e.parseAnnouncement(key, ob); !ok {
		t.Fatal("an announcement signed by an earlier build is refused")
	}

	dev := vault.NewID()
	r := laterRemoval{Removal: Removal{Vault: v.ID(), Device: dev, By: s.UserID(), At: now, Accepted: map[string]uint64{"00000001": 4}}, Later: "toekomst"}
	if r.Sig, err = signObject(r, func(msg []byte) ([]byte, error) { return s.SignStatement(removalDomain, msg) }); err != nil {
		t.Fatal(err)
	}
	rb, _ := json.Marshal(r)
	got, err := e.parseRemoval(removalKey(dev), rb)
	if err != nil || got.Accepted["00000001"] != 4 {
		t.Fatalf("a removal with a later member is refused: %v", err)
	}
	if _, err := e.parseRemoval(removalKey(dev), bytes.Replace(rb, []byte("toekomst"), []byte("verleden"), 1)); err == nil {
		t.Fatal("a removal changed after signing verifies")
	}
}
