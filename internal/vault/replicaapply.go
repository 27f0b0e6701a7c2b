package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"

	badger "github.com/dgraph-io/badger/v4"
)

// ApplyStats says what applying a change set did.
type ApplyStats struct {
	Applied   int  // entries written or deleted
	Older     int  // entries skipped: the local change of that key is newer (last writer wins)
	Retired   int  // entries skipped: sealed under an epoch a finished rotation dropped (errRetiredEpoch)
	Duplicate bool // the set was applied before (device, seq): nothing done
}

// errRetiredEpoch: a value is sealed under an epoch of its scope older than the keyring's
// current and previous one. A finished rotation dropped that key, so nobody can open the value
// any more, and the PC that rotated sealed every record it held again under the new key (later
// changes of the same keys). Such a value is what a PC that joins after a revocation finds in
// the change sets made before it: it is left out (counted as Retired), not refused, so the
// rest of the set applies; a value under an epoch newer than the keyring's is still refused
// (apply the keyring first).
var errRetiredEpoch = errors.New("vault: a value sealed under a retired epoch")

// retired reports whether epoch of scope was dropped by a finished rotation; s.mu is held.
func (s *Session) retired(scope ScopeID, epoch uint32) bool {
	ep, ok := s.ks.known[scope]
	return ok && epoch > 0 && epoch < ep.current && epoch != ep.previous
}

// withoutEntries is entries without those at the indexes skip (ascending).
func withoutEntries[E any](entries []E, skip []int) []E {
	if len(skip) == 0 {
		return entries
	}
	out := make([]E, 0, len(entries)-len(skip))
	for i, e := range entries {
		if len(skip) > 0 && skip[0] == i {
			skip = skip[1:]
			continue
		}
		out = append(out, e)
	}
	return out
}

// applyChunk is how many entries one apply transaction writes (Badger's transaction limit).
const applyChunk = 2000

// ApplyChangeSet checks a change set from another device and applies it: the vault id is this
// vault's; the signer is an active user of the signed state who may write the partition, and
// the signature verifies; every key is replicable; every value's header scope and every index
// key's scope is the partition, and each value opens (when this session holds the partition);
// a deletion of a record only touches a record of that partition. Each entry then replaces the
// local one only if its clock is newer (a deletion wins at an equal clock), except between
// concurrent versions, where a deletion always wins and the conflict policy may keep the loser
// (applyEntries, replicaconflict.go). A set already
// applied (its device and number) changes nothing. Refusals are ErrChangeSetRefused with a
// reason; nothing of a refused set is written.
func (s *Session) ApplyChangeSet(cs *ChangeSet) (stats ApplyStats, err error) {
	if err := s.enableReplication(); err != nil {
		return stats, err
	}
	if err := s.enter(); err != nil {
		return stats, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	retired, err := s.checkChangeSet(cs)
	if err != nil {
		return stats, err
	}
	stats.Retired = len(retired)
	if len(retired) > 0 {
		kept := *cs
		kept.Entries = withoutEntries(cs.Entries, retired)
		cs = &kept
	}
	if cs.Device == s.rep.device {
		return ApplyStats{Duplicate: true}, nil // our own set, read back from the bucket
	}
	var applied uint64
	err = s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(appliedKey(cs.Device, cs.Partition))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) == 8 {
				applied = binary.BigEndian.Uint64(v)
			}
			return nil
		})
	})
	if err != nil {
		return stats, err
	}
	if cs.Seq <= applied {
		return ApplyStats{Duplicate: true}, nil
	}
	if err := s.checkDeletions(cs); err != nil {
		return stats, err
	}
	for start := 0; start < len(cs.Entries) || start == 0; start += applyChunk {
		part := cs.Entries[start:min(start+applyChunk, len(cs.Entries))]
		last := start+applyChunk >= len(cs.Entries)
		var n, older int
		for range updateRetries { // a local write of the same key meanwhile: read the clocks again
			err = s.db.Update(func(txn *badger.Txn) error {
				var err error
				if n, older, err = s.applyEntries(txn, cs, part); err != nil {
					return err
				}
				if !last {
					return nil
				}
				if err := keepClock(txn, cs.Clock); err != nil {
					return err
				}
				var seq [8]byte
				binary.BigEndian.PutUint64(seq[:], cs.Seq)
				return txn.Set(appliedKey(cs.Device, cs.Partition), seq[:])
			})
			if !errors.Is(err, badger.ErrConflict) {
				break
			}
		}
		if err != nil {
			return stats, err
		}
		stats.Applied += n
		stats.Older += older
		if len(cs.Entries) == 0 {
			break
		}
	}
	s.rep.observe(cs.Clock)
	return stats, s.db.Sync()
}

// checkChangeSet is everything ApplyChangeSet checks before it writes, and lists the entries
// sealed under a retired epoch (errRetiredEpoch); the caller holds s.mu.
func (s *Session) checkChangeSet(cs *ChangeSet) (retired []int, err error) {
	if cs == nil {
		return nil, refused("no change set")
	}
	if err := s.checkSigner("", cs.Vault, cs.Partition, cs.Signer, cs.verify); err != nil {
		return nil, err
	}
	var top uint64
	for i, e := range cs.Entries {
		top = max(top, e.Clock)
		if !replicable(e.Key) {
			return nil, refused("entry %d: key of kind 0x%02x does not replicate", i, e.Key[0])
		}
		if Kind(e.Key[0]) == kindIndex {
			if keyScope(e.Key, nil) != cs.Partition {
				return nil, refused("entry %d: an index entry of another partition", i)
			}
			if !e.Deleted && len(e.Value) != 0 {
				return nil, refused("entry %d: an index entry with a value", i)
			}
			continue
		}
		if e.Deleted {
			continue // its partition is checked against the stored record in applyEntries
		}
		if keyScope(e.Key, e.Value) != cs.Partition {
			return nil, refused("entry %d: a record sealed under another partition", i)
		}
		switch err := s.checkSealed(e.Key, e.Value); {
		case errors.Is(err, errRetiredEpoch):
			retired = append(retired, i)
		case err != nil:
			return nil, err
		}
	}
	if top != cs.Clock {
		return nil, refused("the header clock is not the entries' newest")
	}
	return retired, nil
}

// checkSigner is what a change set and a snapshot (what: "" or "snapshot ") check of their
// header: this vault, a partition of this PC's keyring, and a signer who is an active user
// whose signature verifies and who may write the partition.
func (s *Session) checkSigner(what, vault string, partition ScopeID, signer UserID, verify func(ed25519.PublicKey) bool) error {
	st := s.v.keyringSnapshot().st
	switch {
	case vault != s.vaultID:
		if what == "" {
			return refused("it belongs to another vault")
		}
		return refused("the %sbelongs to another vault", what)
	case st.scope(partition) == nil:
		return refused("partition %s is not in this PC's keyring (apply the keyring first)", partition)
	}
	u := st.user(signer)
	switch {
	case u == nil:
		return refused("%ssigner %s is not a user of this vault", what, signer)
	case u.Status != StatusActive:
		return refused("%ssigner %s is not an active user", what, signer)
	case !verify(u.Ed25519):
		return refused("the %ssignature of user %s does not verify (forged or damaged)", what, signer)
	case !mayWrite(st, u, partition):
		return refused("user %s may not write partition %s", signer, partition)
	}
	return nil
}

// checkSealed opens a value when the session holds its scope (a damaged or forged value is
// refused here, not found later by a reader).
func (s *Session) checkSealed(key, value []byte) error {
	scope, epoch, err := parseHeader(value)
	if err != nil {
		return refused("a value is damaged")
	}
	if s.retired(scope, epoch) {
		return errRetiredEpoch
	}
	if _, err := s.keysFor(scope, epoch); errors.Is(err, ErrNoAccess) {
		return nil
	} else if err != nil {
		return refused("a value of %s is sealed under an epoch this PC does not know (apply the keyring first)", scope)
	}
	plain, err := s.open(nil, key, value)
	if err != nil {
		return refused("a value of %s does not open (forged or damaged)", scope)
	}
	clear(plain)
	return nil
}

// checkDeletions refuses a set whose deletion names a stored record of another scope, before
// anything of it is written.
func (s *Session) checkDeletions(cs *ChangeSet) error {
	return s.db.View(func(txn *badger.Txn) error {
		for i, e := range cs.Entries {
			if !e.Deleted || Kind(e.Key[0]) == kindIndex {
				continue
			}
			scope, err := scopeOfStored(txn, e.Key)
			if err != nil {
				return err
			}
			if scope != 0 && scope != cs.Partition {
				return refused("entry %d deletes a record of another partition", i)
			}
		}
		return nil
	})
}

// applyEntries writes the entries whose clock beats the local one, with their clocks. Between
// concurrent versions (replicaconflict.go; not for a version-1 set, which has no bases) a
// deletion wins whatever the clocks, and the loser of two concurrent edits of a kind of the
// conflict policy is kept as a conflict record.
func (s *Session) applyEntries(txn *badger.Txn, cs *ChangeSet, entries []ChangeEntry) (applied, older int, err error) {
	var st stamper
	defer func() {
		if err == nil {
			err = st.write(txn.Set)
		}
	}()
	for i, e := range entries {
		remote := clock{hlc: e.Clock, device: cs.Device, scope: cs.Partition, deleted: e.Deleted, base: e.Base}
		local, ok, err := readClock(txn, e.Key)
		if err != nil {
			return 0, 0, err
		}
		// A clock left by another partition's entry (a forged tombstone) does not count.
		mine := ok && local.scope == cs.Partition
		conc := mine && !cs.v1 && concurrent(remote, local)
		wins := !mine || remote.newer(local)
		if conc && local.deleted != remote.deleted {
			wins = remote.deleted // deletions and erasures win over a concurrent edit
		}
		if !wins {
			if conc && Kind(e.Key[0]) != kindIndex {
				if err := s.keepConflict(txn, e.Key, e.Value, remote, local); err != nil {
					return 0, 0, err
				}
			}
			older++
			continue
		}
		if conc && Kind(e.Key[0]) != kindIndex && !e.Deleted {
			if err := s.keepLocalConflict(txn, e.Key, local, remote); err != nil {
				return 0, 0, err
			}
		}
		if e.Deleted {
			scope, err := scopeOfStored(txn, e.Key)
			if err != nil {
				return 0, 0, err
			}
			if scope != 0 && scope != cs.Partition {
				return 0, 0, refused("entry %d deletes a record of another partition", i)
			}
			if scope != 0 && isRecordKey(e.Key) {
				st.add(scope, Kind(e.Key[0]))
			}
			err = txn.Delete(e.Key)
		} else {
			if err := st.stored(txn, e.Key); err != nil { // the scope it leaves, if it moved
				return 0, 0, err
			}
			st.set(e.Key, e.Value)
			err = txn.Set(e.Key, bytes.Clone(e.Value))
		}
		if err == nil {
			err = txn.Set(clockKey(e.Key), remote.encode())
		}
		if err != nil {
			return 0, 0, err
		}
		applied++
	}
	return applied, older, nil
}

// keepLocalConflict keeps the local version of key, about to be replaced by a concurrent one
// that wins, as a conflict record (when the policy asks and it is there).
func (s *Session) keepLocalConflict(txn *badger.Txn, key []byte, local, remote clock) error {
	if local.deleted {
		return nil
	}
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return err
	}
	return s.keepConflict(txn, key, v, local, remote)
}
