package vault

import (
	"context"
	"errors"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// A rotation started on another PC (a revocation there) is finished by that PC: it re-seals the
// records it holds and replicates them, then drops the old keys from the keyring. This PC may
// hold records under the old keys that PC never had (written here while it was offline, not
// pushed yet); its own store is encrypted under the storage key (Badger's encryption at rest);
// and its store header, which does not replicate, is sealed under the storage scope. Once the
// entry that drops the old keys is in keyring.json none of these would open again. So before
// this PC writes such an entry, keepStoreOpenable seals those records again under the new keys
// (in place, each keeping its clock: no new change, a newer version from elsewhere still wins),
// encrypts the store anew under the new storage key (a copy of every record as it is) and
// seals the header again. It runs before the entry is written, so a crash at any point leaves a
// folder that opens, with the old keys still in its keyring.

// errStoreKeyOutOfReach: the state to write drops the key the store is under, and the session's
// user, revoked, cannot get the new one. The caller writes nothing of that state, so the next
// user to unlock this folder (a PC may serve several) takes it up with the new key.
var errStoreKeyOutOfReach = errors.New("vault: the new storage key is out of this user's reach")

// keepStoreOpenable prepares the store for st, a keyring state this PC is about to write in
// place of prev: the records of the epochs st drops are sealed again under st's keys, and when
// st no longer holds the storage epoch the store is encrypted under, or the one its header is
// sealed under, the store is encrypted anew and the header sealed again under st's current
// storage key (errStoreKeyOutOfReach when the session's user is not active in st). The session's
// keys must open what prev held. The caller holds s.mu exclusively.
func (s *Session) keepStoreOpenable(prev, st *state) error {
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
	dropped := droppedEpochs(prev, st)
	if len(dropped) == 0 && holds(s.storeEpoch) && (!hasHeader || holds(headerEpoch)) {
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
	if err := s.resealDropped(dropped, ks); err != nil {
		return fmt.Errorf("vault: seal this PC's records again under the new keys: %w", err)
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

// droppedEpochs are the epochs of each scope that prev holds and next no longer does (a
// finished rotation dropped them).
func droppedEpochs(prev, next *state) map[ScopeID][]uint32 {
	out := map[ScopeID][]uint32{}
	for _, was := range prev.Scopes {
		e := next.scope(was.ID)
		if e == nil {
			continue // a removed scope: nothing of it is kept
		}
		epochs := []uint32{was.Epoch}
		if was.Previous != nil {
			epochs = append(epochs, was.Previous.Epoch)
		}
		for _, p := range epochs {
			if p != e.Epoch && (e.Previous == nil || p != e.Previous.Epoch) {
				out[was.ID] = append(out[was.ID], p)
			}
		}
	}
	return out
}

// resealsInPlace: the kinds whose values are records sealed under a scope (packages' records,
// conflicts, the arbo service's secrets and pending keys; the store header has its own step).
func resealsInPlace(key []byte) bool {
	return isRecordKey(key) || len(key) == recordKeyLen && (Kind(key[0]) == kindServiceSecrets || Kind(key[0]) == kindPendingServiceKeys)
}

// resealDropped seals every value of the store under an epoch in dropped again under the
// current keys of next (those of a scope next does not give this user stay as they are: they
// are no longer this user's to read), in place: no stamp, no replicated change, the clock kept.
// The caller holds s.mu exclusively; the session's own keys open the old values.
func (s *Session) resealDropped(dropped map[ScopeID][]uint32, next *keySet) (err error) {
	if len(dropped) == 0 {
		return nil
	}
	defer guard(&err)
	var keys [][]byte
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			if !resealsInPlace(item.Key()) {
				continue
			}
			err := item.Value(func(v []byte) error {
				scope, epoch, herr := parseHeader(v)
				if herr == nil && slices.Contains(dropped[scope], epoch) && next.scopes[scope] != nil {
					keys = append(keys, item.KeyCopy(nil))
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(keys); start += applyChunk {
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, key := range keys[start:min(start+applyChunk, len(keys))] {
				item, err := txn.Get(key)
				if err != nil {
					return err
				}
				value, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				scope, _, _ := parseHeader(value)
				plain, err := s.open(nil, key, value)
				if err != nil {
					return fmt.Errorf("record %x: %w", key, err)
				}
				sealed, err := sealWith(next.scopes[scope], scope, key, plain)
				vcrypto.Wipe(plain)
				if err != nil {
					return err
				}
				if err := txn.Set(key, sealed); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
