package access

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kluis/internal/vault"
)

// KindProfile is the record kind of a user's profile (see docs/adr/001-key-layout.md).
const KindProfile vault.Kind = 0x30

// Profile is a user as other users see them. It is personal data, so it lives sealed in the
// vault; the keyring knows a user only by random id and an e-mail lookup hash.
//
// Every user holds the directory scope it is sealed under, so anyone could write anyone's
// profile. A profile therefore carries the signature of whoever wrote it (By): the user
// themself or an active admin (vault.Session.VerifyStatement). A profile whose signature does
// not verify is ignored (ErrNoProfile), so one user cannot rename another.
type Profile struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	// PendingEmail is the unlock address a user who is not an administrator asked for; it
	// waits for an administrator's Akkoord (emailchange.go) and meanwhile the user keeps
	// unlocking with Email.
	PendingEmail string `json:"pendingEmail,omitempty"`
	// LastSeen is the user's last unlock (Autorisaties shows it as last activity).
	LastSeen time.Time    `json:"lastSeen,omitzero"`
	By       vault.UserID `json:"by,omitzero"`
	Sig      []byte       `json:"sig,omitempty"`
}

// ErrNoProfile means a user exists in the keyring without a (validly signed) profile record.
var ErrNoProfile = errors.New("access: user has no profile")

// profileDomain separates profile signatures from other statements.
const profileDomain = "profile"

// signedPart is what a profile's signature covers: the subject and every field but By and Sig.
// PendingEmail is left out when empty, so profiles signed before it existed still verify.
func signedPart(user vault.UserID, p Profile) []byte {
	b, _ := json.Marshal(struct {
		User         string    `json:"user"`
		Name         string    `json:"name"`
		Email        string    `json:"email"`
		LastSeen     time.Time `json:"lastSeen"`
		PendingEmail string    `json:"pendingEmail,omitempty"`
	}{user.String(), p.Name, p.Email, p.LastSeen.UTC(), p.PendingEmail})
	return b
}

// saveProfile signs p as the session's user and stores it as user's profile.
func saveProfile(tx *vault.Tx, scope vault.ScopeID, user vault.UserID, p Profile) error {
	sess := tx.Session()
	sig, err := sess.SignStatement(profileDomain, signedPart(user, p))
	if err != nil {
		return err
	}
	p.By, p.Sig = sess.UserID(), sig
	if err := vault.PutJSON(tx, KindProfile, user.RecordID(), scope, &p); err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// LoadProfile reads a user's profile; a user without one, or whose profile was not signed by
// themself or an admin, gives ErrNoProfile.
func LoadProfile(tx *vault.Tx, user vault.UserID) (Profile, error) {
	p, err := loadUnchecked(tx, user)
	if err != nil {
		return Profile{}, err
	}
	if !Valid(tx.Session(), user, p) {
		return Profile{}, ErrNoProfile
	}
	return p, nil
}

func loadUnchecked(tx *vault.Tx, user vault.UserID) (Profile, error) {
	p, err := vault.GetJSON[Profile](tx, KindProfile, user.RecordID())
	if errors.Is(err, vault.ErrNotFound) {
		return Profile{}, ErrNoProfile
	}
	return p, err
}

// Valid reports whether p, read as user's profile, carries the signature of user or an admin.
func Valid(sess *vault.Session, user vault.UserID, p Profile) bool {
	return len(p.Sig) > 0 && sess.VerifyStatement(user, p.By, profileDomain, signedPart(user, p), p.Sig)
}

// TouchProfile records that the session's user just unlocked, and returns their profile. In an
// older vault whose profiles no admin has signed yet (vault.Session.ProfilesSigned), an unsigned
// profile is taken over (and signed) when its e-mail is the one the user unlocks with.
func TouchProfile(sess *vault.Session, now time.Time) (Profile, error) {
	var p Profile
	err := sess.Update(func(tx *vault.Tx) error {
		var err error
		if p, err = loadUnchecked(tx, sess.UserID()); err != nil {
			return err
		}
		if !Valid(sess, sess.UserID(), p) && !legacy(sess, sess.UserID(), p) {
			return ErrNoProfile
		}
		p.LastSeen = now.UTC()
		return saveProfile(tx, sess.DirectoryScope(), sess.UserID(), p)
	})
	return p, err
}

// legacy reports whether p is an unsigned profile of an older vault that user may take over.
func legacy(sess *vault.Session, user vault.UserID, p Profile) bool {
	return len(p.Sig) == 0 && !sess.ProfilesSigned() && sess.EmailIsUsers(user, p.Email)
}
