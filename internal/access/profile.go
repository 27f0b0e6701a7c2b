package access

import (
	"errors"
	"fmt"

	"kluis/internal/vault"
)

// KindProfile is the record kind of a user's profile (see docs/adr/001-key-layout.md).
const KindProfile vault.Kind = 0x30

// Profile is a user as other users see them. It is personal data, so it lives sealed in the
// vault; the keyring knows a user only by random id and an e-mail lookup hash.
type Profile struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// ErrNoProfile means a user exists in the keyring without a profile record.
var ErrNoProfile = errors.New("access: user has no profile")

func saveProfile(tx *vault.Tx, scope vault.ScopeID, user vault.UserID, p Profile) error {
	if err := vault.PutJSON(tx, KindProfile, user.RecordID(), scope, &p); err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// LoadProfile reads the profile of the session's own user.
func LoadProfile(tx *vault.Tx, user vault.UserID) (Profile, error) {
	p, err := vault.GetJSON[Profile](tx, KindProfile, user.RecordID())
	if errors.Is(err, vault.ErrNotFound) {
		return Profile{}, ErrNoProfile
	}
	return p, err
}
