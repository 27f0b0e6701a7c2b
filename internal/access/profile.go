package access

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

	// stored is the record as read (loadUnchecked), for the signature check: it may hold
	// members a later Kluis added, which the signature covers too.
	stored []byte
}

// ErrNoProfile means a user exists in the keyring without a (validly signed) profile record.
var ErrNoProfile = errors.New("access: user has no profile")

// profileDomain separates profile signatures from other statements.
const profileDomain = "profile"

// signedMessage is what a profile's signature covers: the subject, then every member of the
// stored record but "by" and "sig" (vault.ObjectStatement), so a member a later Kluis adds is
// signed and an older Kluis still verifies the profile.
func signedMessage(user vault.UserID, stored []byte) ([]byte, error) {
	members, err := vault.ObjectStatement(stored, "by", "sig")
	if err != nil {
		return nil, err
	}
	return append([]byte(user.String()+"\n"), members...), nil
}

// signedPart is what a profile's signature covered before signedMessage (stop 30): the subject
// and the fields this Kluis knew. Profiles signed so are still accepted. PendingEmail is left out
// when empty, so profiles signed before it existed still verify.
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
	p.By, p.Sig = sess.UserID(), nil
	unsigned, err := json.Marshal(&p)
	if err != nil {
		return err
	}
	msg, err := signedMessage(user, unsigned)
	if err != nil {
		return err
	}
	if p.Sig, err = sess.SignStatement(profileDomain, msg); err != nil {
		return err
	}
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
	b, err := tx.Get(KindProfile, user.RecordID())
	if errors.Is(err, vault.ErrNotFound) {
		return Profile{}, ErrNoProfile
	}
	if err != nil {
		return Profile{}, err
	}
	var p Profile
	if err := json.Unmarshal(b, &p); err != nil {
		return Profile{}, fmt.Errorf("%w: a profile record is not the expected JSON", vault.ErrCorrupt)
	}
	p.stored = b
	return p, nil
}

// isStored reports whether p is still what its stored record says (not changed since it was read).
func (p Profile) isStored() bool {
	var q Profile
	if json.Unmarshal(p.stored, &q) != nil {
		return false
	}
	q.stored = p.stored
	return reflect.DeepEqual(p, q)
}

// Valid reports whether p, read as user's profile, carries the signature of user or an admin:
// over the stored record (signedMessage) or, signed before stop 30, over signedPart.
func Valid(sess *vault.Session, user vault.UserID, p Profile) bool {
	if len(p.Sig) == 0 {
		return false
	}
	if p.stored != nil && p.isStored() {
		if msg, err := signedMessage(user, p.stored); err == nil && sess.VerifyStatement(user, p.By, profileDomain, msg, p.Sig) {
			return true
		}
	}
	return sess.VerifyStatement(user, p.By, profileDomain, signedPart(user, p), p.Sig)
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
