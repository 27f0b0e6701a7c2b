package vault

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	vcrypto "kluis/internal/vault/crypto"
)

// Statements are records every user can write (they live under the directory scope, which
// everyone holds) but whose author must be known: a user's profile. The author signs them with
// their Ed25519 key; readers check the signature against the signed keyring state, so a record
// written by anyone else is not taken for the subject's own.

// ObjectStatement is the message a signature over the JSON object obj covers: its members but
// those named in omit (the signature, its signer), sorted by name, each as obj's bytes hold it.
// It is not a re-encoding of the members the reader knows, so a member a later Kluis adds is
// signed too, and an older Kluis that ignores it still verifies the object.
func ObjectStatement(obj []byte, omit ...string) ([]byte, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(obj, &members); err != nil {
		return nil, err
	}
	if members == nil {
		return nil, errors.New("vault: a signed object is not a JSON object")
	}
	for _, m := range omit {
		delete(members, m)
	}
	return json.Marshal(members) // a map's members come out sorted by name
}

// statementMessage is what a statement's signature covers: the label, the vault, the domain
// and the hash of the message.
func statementMessage(vaultID, domain string, msg []byte) []byte {
	h := sha256.Sum256(msg)
	return sigMessage(vcrypto.LabelStatement, fmt.Appendf(nil, "%s\x00%s\x00%x", vaultID, domain, h))
}

// SignStatement signs msg in domain as the session's user.
func (s *Session) SignStatement(domain string, msg []byte) ([]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return ed25519.Sign(s.signer, statementMessage(s.vaultID, domain, msg)), nil
}

// VerifyStatement reports whether sig over msg in domain was made by signer, and whether signer
// may speak for subject: signer is subject themself (with their current or a former signing
// key) or an active administrator.
func (s *Session) VerifyStatement(subject, signer UserID, domain string, msg, sig []byte) bool {
	if err := s.enter(); err != nil {
		return false
	}
	defer s.mu.RUnlock()
	st := s.v.keyringSnapshot().st
	u := st.user(signer)
	if u == nil {
		return false
	}
	if signer != subject && (u.Role != RoleAdmin || u.Status != StatusActive) {
		return false
	}
	m := statementMessage(s.vaultID, domain, msg)
	for _, key := range append([][]byte{u.Ed25519}, u.FormerEd25519...) {
		if len(key) == ed25519.PublicKeySize && ed25519.Verify(key, m, sig) {
			return true
		}
	}
	return false
}

// EmailIsUsers reports whether email is the address user unlocks with (its lookup in the
// signed state), without saying whose it is otherwise.
func (s *Session) EmailIsUsers(user UserID, email string) bool {
	if err := s.enter(); err != nil {
		return false
	}
	defer s.mu.RUnlock()
	st := s.v.keyringSnapshot().st
	u := st.user(user)
	return u != nil && vcrypto.Equal(u.EmailLookup, emailLookup(st.LookupSalt, email))
}

// ErrEmailTaken refuses an e-mail address another user (or a pending access request) unlocks with.
var ErrEmailTaken = fmt.Errorf("%w: another user has this e-mail address", ErrExists)

// ChangeOwnEmail makes email the address the session's user unlocks with. The e-mail lookup is
// signed keyring state, so only an administrator's own signature can change it: for other roles
// it is ErrDenied (an administrator's change is a keyring entry "email"). An address another
// user or a pending request has gives ErrEmailTaken; the same address is a no-op.
func (s *Session) ChangeOwnEmail(email string) error { return s.ChangeUserEmail(s.UserID(), email) }

// ChangeUserEmail makes email the address user unlocks with: an administrator's signed keyring
// entry "email" (other roles get ErrDenied), e.g. when approving a user's own request for a new
// address. An address another user or a pending request has gives ErrEmailTaken; the same
// address is a no-op; a user who is not in the keyring gives ErrNotFound.
func (s *Session) ChangeUserEmail(user UserID, email string) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	st := s.v.keyringSnapshot().st
	lookup := emailLookup(st.LookupSalt, email)
	u := st.user(user)
	if u == nil {
		return fmt.Errorf("%w: no such user", ErrNotFound)
	}
	if vcrypto.Equal(u.EmailLookup, lookup) {
		return nil
	}
	return s.changeState("email", func(next *state) error {
		if next.userByLookup(lookup) != nil || s.v.pendingByLookup(lookup) != nil {
			return ErrEmailTaken
		}
		u := next.user(user)
		if u == nil {
			return fmt.Errorf("%w: the user is gone from the keyring", ErrKeyringTampered)
		}
		u.EmailLookup = lookup
		return nil
	})
}

// CheckEmailFree returns ErrEmailTaken when email is the address a user other than user unlocks
// with, or a pending access request's; it says nothing about whose it is. A user who asks for a
// new address (awaiting an administrator) is checked this way, since they cannot read the lookup.
func (s *Session) CheckEmailFree(user UserID, email string) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	st := s.v.keyringSnapshot().st
	lookup := emailLookup(st.LookupSalt, email)
	if other := st.userByLookup(lookup); (other != nil && other.ID != user) || s.v.pendingByLookup(lookup) != nil {
		return ErrEmailTaken
	}
	return nil
}

// ProfilesSigned reports whether the signed state says every user profile is signed (new
// vaults, and older ones once an admin signed their profiles).
func (s *Session) ProfilesSigned() bool { return s.v.keyringSnapshot().st.Profiles }

// MarkProfilesSigned records in the signed state that every profile is signed (admins only;
// once). Call it after signing the older, unsigned profiles.
func (s *Session) MarkProfilesSigned() error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	return s.changeState("profiles", func(st *state) error {
		if st.Profiles {
			return fmt.Errorf("%w: the profiles are marked signed already", ErrExists)
		}
		st.Profiles = true
		return nil
	})
}
