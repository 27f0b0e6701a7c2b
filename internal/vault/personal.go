package vault

import (
	"errors"
	"fmt"

	vcrypto "kluis/internal/vault/crypto"
)

// Personal data is what one user keeps for themselves only (the employees they visited last).
// It is stored in an ordinary record under the directory scope, so backups, rotations and verify
// treat it like any record, but the record's content is a box sealed under a key derived from
// the user's X25519 private key: other users, who hold the directory scope too, see only its
// size. A reset with the recovery code gives the user new private keys, and their old boxes no
// longer open (ErrNoPersonal): personal data is a convenience, never something to keep.

// ErrNoPersonal means a personal box does not open with this session's user's key: another
// user's, one from before a passphrase reset with the recovery code, or a damaged one.
var ErrNoPersonal = errors.New("vault: personal data does not open for this user")

// personalKey derives the key of the session user's personal boxes for purpose; the caller holds
// s's read lock and wipes the key.
func (s *Session) personalKey(purpose string) []byte {
	return vcrypto.HKDF(s.xpriv.Bytes(), vcrypto.LabelPersonal, personalContext(s.vaultID, s.user, purpose))
}

// SealPersonal seals plain so that only this session's user opens it again (OpenPersonal with
// the same purpose). The result goes into a record like any other value.
func (s *Session) SealPersonal(purpose string, plain []byte) ([]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	key := s.personalKey(purpose)
	defer vcrypto.Wipe(key)
	return vcrypto.Seal(key, plain, []byte(vcrypto.LabelPersonal+"|"+personalContext(s.vaultID, s.user, purpose))), nil
}

// OpenPersonal opens what SealPersonal sealed for this user and purpose; anything else is
// ErrNoPersonal.
func (s *Session) OpenPersonal(purpose string, box []byte) ([]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	key := s.personalKey(purpose)
	defer vcrypto.Wipe(key)
	plain, err := vcrypto.Open(key, box, []byte(vcrypto.LabelPersonal+"|"+personalContext(s.vaultID, s.user, purpose)))
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", ErrNoPersonal, purpose)
	}
	return plain, nil
}
