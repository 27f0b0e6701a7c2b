package vault

import (
	"context"
	"errors"
	"fmt"
)

// A rotation of the storage scope started on another PC (a revocation there) is finished by
// that PC: it re-seals the records and replicates them, then drops the old key from the
// keyring. This PC's own store is still encrypted under the old key (Badger's encryption at
// rest), and its store header (which does not replicate) is sealed under it; once the entry that
// drops the key is in keyring.json, neither would open again. So before this PC writes such an
// entry, keepStoreOpenable encrypts the store anew under the new key (a copy of every record as
// it is, the rebuild of a rotation without its re-seal) and seals the header under it. It runs
// before the entry is written, so a crash at any point leaves a folder that opens.

// errStoreKeyOutOfReach: the state to write drops the key the store is under, and the session's
// user, revoked, cannot get the new one. The caller writes nothing of that state, so the next
// user to unlock this folder (a PC may serve several) takes it up with the new key.
var errStoreKeyOutOfReach = errors.New("vault: the new storage key is out of this user's reach")

// keepStoreOpenable prepares the store for st, a keyring state this PC is about to write: when
// st no longer holds the storage epoch the store is encrypted under, or the one its header is
// sealed under, the store is encrypted anew and the header sealed again under st's current
// storage key (errStoreKeyOutOfReach when the session's user is not active in st). The caller
// holds s.mu exclusively.
func (s *Session) keepStoreOpenable(st *state) error {
	sc := st.scope(storageScope)
	if sc == nil {
		return fmt.Errorf("%w: the keyring has no storage scope", ErrKeyringTampered)
	}
	holds := func(epoch uint32) bool {
		return epoch == sc.Epoch || sc.Previous != nil && epoch == sc.Previous.Epoch
	}
	header, hasHeader, err := s.readHeader()
	if err != nil {
		return err
	}
	headerEpoch, err := s.headerEpoch()
	if err != nil {
		return err
	}
	if holds(s.storeEpoch) && (!hasHeader || holds(headerEpoch)) {
		return nil
	}
	u := st.user(s.user)
	if u == nil || u.Status != StatusActive {
		return errStoreKeyOutOfReach
	}
	ks, err := loadKeys(st, u, s.xpriv)
	if err != nil {
		return err
	}
	// The session works under st's keys meanwhile (it holds s.mu exclusively): the rebuild and
	// the header take the current storage key from s.ks.
	own := s.ks
	s.ks = ks
	defer func() {
		s.ks = own
		ks.wipe()
	}()
	if !holds(s.storeEpoch) {
		if _, err := s.rebuild(context.Background(), nil, RotateOptions{}); err != nil {
			return fmt.Errorf("vault: encrypt the store under the new storage key: %w", err)
		}
	}
	if hasHeader {
		return s.writeHeader(header)
	}
	return nil
}

// headerEpoch is the epoch of the storage scope the store header is sealed under (0: none).
func (s *Session) headerEpoch() (epoch uint32, err error) {
	err = s.headerValue(func(v []byte) error {
		_, epoch, err = parseHeader(v)
		return err
	})
	return epoch, err
}
