package access

import (
	"errors"
	"fmt"

	"kluis/internal/vault"
)

// A user who is not an administrator asks for a new unlock address by signing it into their
// own profile (PendingEmail, see UpdateOwnAccount). The address's lookup is administrator-signed
// keyring state, so an administrator approves or rejects the request here.

// ErrNoEmailChange means the user has no pending e-mail change (it was withdrawn, handled by
// another administrator, or never signed by the user themself).
var ErrNoEmailChange = errors.New("access: the user has no pending e-mail change")

// EmailChange is one user's request for a new unlock address.
type EmailChange struct {
	User     vault.UserID
	Name     string
	Email    string // the address they unlock with now
	NewEmail string
}

// PendingEmailChanges lists, for an administrator, the active users whose profile, signed by
// the user themself, asks for a new address. A request another user wrote into someone's
// profile does not verify as theirs and is not listed. Other roles get vault.ErrDenied.
func PendingEmailChanges(sess *vault.Session) ([]EmailChange, error) {
	if sess.Role() != vault.RoleAdmin {
		return nil, vault.ErrDenied
	}
	users, err := sess.Users()
	if err != nil {
		return nil, err
	}
	var out []EmailChange
	err = sess.View(func(tx *vault.Tx) error {
		out = out[:0]
		for _, u := range users {
			if u.Status != vault.StatusActive {
				continue
			}
			p, err := requestOf(tx, u.ID)
			if errors.Is(err, ErrNoEmailChange) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, EmailChange{User: u.ID, Name: p.Name, Email: p.Email, NewEmail: p.PendingEmail})
		}
		return nil
	})
	return out, err
}

// requestOf reads user's profile when it holds a pending change the user signed themself.
func requestOf(tx *vault.Tx, user vault.UserID) (Profile, error) {
	p, err := loadUnchecked(tx, user)
	if errors.Is(err, ErrNoProfile) {
		return Profile{}, ErrNoEmailChange
	}
	if err != nil {
		return Profile{}, err
	}
	if p.PendingEmail == "" || p.By != user || !Valid(tx.Session(), user, p) {
		return Profile{}, ErrNoEmailChange
	}
	return p, nil
}

// ApproveEmailChange makes the address user asked for the one they unlock with (the
// administrator's signed keyring entry "email"), then re-signs their profile as the
// administrator with that address and no pending request. An address another user took
// meanwhile gives vault.ErrEmailTaken and changes nothing.
func ApproveEmailChange(sess *vault.Session, user vault.UserID) (Profile, error) {
	if sess.Role() != vault.RoleAdmin {
		return Profile{}, vault.ErrDenied
	}
	var p Profile
	if err := sess.View(func(tx *vault.Tx) (err error) { p, err = requestOf(tx, user); return err }); err != nil {
		return Profile{}, err
	}
	if err := sess.ChangeUserEmail(user, p.PendingEmail); err != nil {
		return Profile{}, err
	}
	p.Email, p.PendingEmail = p.PendingEmail, ""
	if err := sess.Update(func(tx *vault.Tx) error { return saveProfile(tx, sess.DirectoryScope(), user, p) }); err != nil {
		return Profile{}, fmt.Errorf("save approved profile: %w", err)
	}
	return p, nil
}

// RejectEmailChange clears user's pending request, re-signing their profile as the
// administrator; they keep unlocking with their address.
func RejectEmailChange(sess *vault.Session, user vault.UserID) error {
	if sess.Role() != vault.RoleAdmin {
		return vault.ErrDenied
	}
	return sess.Update(func(tx *vault.Tx) error {
		p, err := requestOf(tx, user)
		if err != nil {
			return err
		}
		p.PendingEmail = ""
		return saveProfile(tx, sess.DirectoryScope(), user, p)
	})
}
