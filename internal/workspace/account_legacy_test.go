package workspace

import (
	"errors"
	"testing"
	"time"

	"kluis/internal/access"
	"kluis/internal/vault"
)

// An older vault (the upgraded golden one: profiles unsigned, the state not marked): the first
// admin unlock signs the profiles that are their users' own and marks the signed state; after
// that, an unsigned profile planted with the victim's right e-mail is nobody's, neither at the
// victim's own unlock nor for others.
func TestAttack_AfterTheOneTimeSigningAnUnsignedProfileIsNeverTakenOver(t *testing.T) {
	v, g := openUpgradedCopy(t)
	sess, err := v.Unlock(g.Admin.Email, []byte(g.Admin.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	if sess.ProfilesSigned() {
		t.Fatal("the golden vault is marked already; the test would prove nothing")
	}
	admin := sess.UserID()
	var before access.Profile
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sess.View(func(tx *vault.Tx) (err error) {
		before, err = vault.GetJSON[access.Profile](tx, access.KindProfile, admin.RecordID())
		return err
	}))
	if len(before.Sig) != 0 {
		t.Fatal("the golden admin's profile is signed already")
	}
	ws := Open(sess, Config{})
	ws.Preload() // after the tree: signs the older profiles once
	ws.preload.Wait()
	ws.Close()
	sess, err = v.Unlock(g.Admin.Email, []byte(g.Admin.Passphrase))
	must(err)
	if !sess.ProfilesSigned() {
		t.Fatal("the admin's unlock did not mark the profiles signed")
	}
	var p access.Profile
	must(sess.View(func(tx *vault.Tx) (err error) { p, err = access.LoadProfile(tx, admin); return err }))
	if p.Name != before.Name || p.Email != before.Email {
		t.Fatalf("signed profile %+v, was %+v", p, before)
	}
	// Planted: unsigned, with the admin's own e-mail (what the one-time signing accepted).
	must(sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, access.KindProfile, admin.RecordID(), sess.DirectoryScope(),
			&access.Profile{Name: "Vervalste Naam", Email: before.Email})
	}))
	sess.Lock()
	sess, err = v.Unlock(g.Admin.Email, []byte(g.Admin.Passphrase))
	must(err)
	defer sess.Lock()
	if _, err := access.TouchProfile(sess, time.Now()); !errors.Is(err, access.ErrNoProfile) {
		t.Fatalf("the unlock took over a planted profile: %v", err)
	}
	if n, err := access.SignLegacyProfiles(sess); n != 0 || err != nil {
		t.Fatalf("the one-time signing ran again: %d %v", n, err)
	}
}
