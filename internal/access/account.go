package access

import (
	"fmt"
	"strings"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Form fields of a user's own account.
const (
	FieldAccountName  = "name"
	FieldAccountEmail = "email"
)

// AccountChange says what UpdateOwnAccount changed.
type AccountChange struct {
	Profile     Profile
	NameChanged bool
	// EmailChanged: the unlock address changed (an administrator), or a request for a new one
	// was made, changed or withdrawn (other roles; Profile.PendingEmail says which).
	EmailChanged bool
}

// UpdateOwnAccount gives the session's user a new name and e-mail address: only their own
// profile, signed by them, so nobody changes another's name this way. An administrator's new
// e-mail address is the one they unlock with from then on (their signed keyring entry). For
// other roles it becomes Profile.PendingEmail, waiting for an administrator's Akkoord
// (ApproveEmailChange); they keep unlocking with the old address, and saving that address again
// withdraws the request. An address another user or a pending access request has gives
// vault.ErrEmailTaken. Field problems come as validate field errors under "name" and "email".
func UpdateOwnAccount(sess *vault.Session, name, email string) (AccountChange, error) {
	f := validate.FieldErrors{}
	name = validate.Text(f, FieldAccountName, name, true, MaxPersonName)
	email = strings.ToLower(validate.Email(f, FieldAccountEmail, email, true))
	if err := f.Err(); err != nil {
		return AccountChange{}, err
	}
	var cur Profile
	if err := sess.View(func(tx *vault.Tx) (err error) { cur, err = LoadProfile(tx, sess.UserID()); return err }); err != nil {
		return AccountChange{}, err
	}
	next := cur
	next.Name = name
	own := sess.EmailIsUsers(sess.UserID(), email)
	switch {
	case own:
		// The address they unlock with: no change, and any request for another is withdrawn.
		next.Email, next.PendingEmail = email, ""
	case sess.Role() == vault.RoleAdmin:
		if err := sess.ChangeOwnEmail(email); err != nil {
			return AccountChange{}, err
		}
		next.Email, next.PendingEmail = email, ""
	case email != cur.PendingEmail:
		if err := sess.CheckEmailFree(sess.UserID(), email); err != nil {
			return AccountChange{}, err
		}
		next.PendingEmail = email
	}
	ch := AccountChange{NameChanged: cur.Name != name, EmailChanged: cur.Email != next.Email || cur.PendingEmail != next.PendingEmail}
	err := sess.Update(func(tx *vault.Tx) error {
		return saveProfile(tx, sess.DirectoryScope(), sess.UserID(), next)
	})
	if err != nil {
		return AccountChange{}, fmt.Errorf("save own profile: %w", err)
	}
	ch.Profile = next
	return ch, nil
}

// SignLegacyProfiles runs once per older vault, at an administrator's unlock: it signs, as
// this administrator, every unsigned profile whose e-mail is the one its user unlocks with (so
// it is theirs), then marks the signed state so that no unsigned profile is ever taken over
// again. It returns how many it signed. Before it ran, such a profile reads as missing to others.
func SignLegacyProfiles(sess *vault.Session) (int, error) {
	if sess.Role() != vault.RoleAdmin || sess.ProfilesSigned() {
		return 0, nil
	}
	n := 0
	err := sess.Update(func(tx *vault.Tx) error {
		n = 0
		var unsigned []vault.UserID
		err := tx.Iterate(KindProfile, func(id vault.ID, r vault.Sealed) error {
			unsigned = append(unsigned, vault.UserID(id))
			return nil
		})
		if err != nil {
			return err
		}
		for _, u := range unsigned {
			p, err := loadUnchecked(tx, u)
			if err != nil || !legacy(sess, u, p) {
				continue
			}
			if err := saveProfile(tx, sess.DirectoryScope(), u, p); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, sess.MarkProfilesSigned()
}
