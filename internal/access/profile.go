package access

import (
	"errors"
	"fmt"
	"time"

	"kluis/internal/vault"
)

// KindProfile is the record kind of a user's profile (see docs/adr/001-key-layout.md).
const KindProfile vault.Kind = 0x30

// Profile is a user as other users see them. It is personal data, so it lives sealed in the
// vault; the keyring knows a user only by random id and an e-mail lookup hash.
type Profile struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	// LastSeen is the user's last unlock (Autorisaties shows it as last activity).
	LastSeen time.Time `json:"lastSeen,omitzero"`
}

// ErrNoProfile means a user exists in the keyring without a profile record.
var ErrNoProfile = errors.New("access: user has no profile")

func saveProfile(tx *vault.Tx, scope vault.ScopeID, user vault.UserID, p Profile) error {
	if err := vault.PutJSON(tx, KindProfile, user.RecordID(), scope, &p); err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// LoadProfile reads a user's profile; a user without one gives ErrNoProfile.
func LoadProfile(tx *vault.Tx, user vault.UserID) (Profile, error) {
	p, err := vault.GetJSON[Profile](tx, KindProfile, user.RecordID())
	if errors.Is(err, vault.ErrNotFound) {
		return Profile{}, ErrNoProfile
	}
	return p, err
}

// TouchProfile records that the session's user just unlocked, and returns their profile.
func TouchProfile(sess *vault.Session, now time.Time) (Profile, error) {
	var p Profile
	err := sess.Update(func(tx *vault.Tx) error {
		var err error
		if p, err = LoadProfile(tx, sess.UserID()); err != nil {
			return err
		}
		p.LastSeen = now.UTC()
		return saveProfile(tx, sess.DirectoryScope(), sess.UserID(), p)
	})
	return p, err
}
