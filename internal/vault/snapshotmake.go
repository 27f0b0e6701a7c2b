package vault

import (
	"cmp"
	"slices"

	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// ErrSnapshotNotAllowed: this session may not make a snapshot of the partition (it does not hold
// it, or its user may not sign changes to it).
var ErrSnapshotNotAllowed = errors.New("vault: this session may not make a snapshot of that partition")

// Snapshot makes a signed snapshot of partition p: every key whose clock is of p (a value as
// stored, or a tombstone when the key was deleted), and the cursor it covers: per other device
// the last set of p applied here, and for this device own (the number of its last set of p in
// the bucket; the caller knows it, the vault numbers sets across partitions). Everything is read
// in one transaction, so the entries hold at least what the cursor says. A key with no clock
// yet (a folder's full first push still running) is left out: it arrives as a change set
// numbered after the cursor.
func (s *Session) Snapshot(p ScopeID, own uint64) (*Snapshot, error) {
	out, err := s.Snapshots(map[ScopeID]uint64{p: own})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrSnapshotNotAllowed, p)
	}
	return out[0], nil
}

// Snapshots is Snapshot for several partitions in one pass over the clocks (partition → own),
// in partition order; partitions this session may not snapshot are left out.
func (s *Session) Snapshots(parts map[ScopeID]uint64) (_ []*Snapshot, err error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	st := s.v.keyringSnapshot().st
	byPart := map[ScopeID]*Snapshot{}
	cursors := map[ScopeID]map[ID]uint64{}
	for p, own := range parts {
		if _, held := s.ks.scopes[p]; !held || p == storageScope || !mayWrite(st, st.user(s.user), p) {
			continue
		}
		byPart[p] = &Snapshot{Vault: s.vaultID, Device: s.rep.device, Partition: p, Signer: s.user}
		cursors[p] = map[ID]uint64{}
		if own > 0 {
			cursors[p][s.rep.device] = own
		}
	}
	err = s.db.View(func(txn *badger.Txn) error {
		for p := range byPart {
			if err := readApplied(txn, p, cursors[p]); err != nil {
				return err
			}
		}
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindClock)}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var c clock
			ok := false
			if err := it.Item().Value(func(v []byte) error { c, ok = parseClock(v); return nil }); err != nil {
				return err
			}
			key := it.Item().Key()[1:]
			sn := byPart[c.scope]
			if !ok || sn == nil || !replicable(key) {
				continue
			}
			e := SnapshotEntry{Key: bytes.Clone(key), Clock: c.hlc, Device: c.device, Deleted: true}
			if !c.deleted {
				item, err := txn.Get(key)
				switch {
				case errors.Is(err, badger.ErrKeyNotFound): // deleted without a tombstone clock: keep it deleted
				case err != nil:
					return err
				default:
					if e.Value, err = item.ValueCopy(nil); err != nil {
						return err
					}
					e.Deleted = false
				}
			}
			if !e.Deleted && Kind(key[0]) != kindIndex && keyScope(key, e.Value) != c.scope {
				continue // re-sealed under another scope since (its clock follows with the next write)
			}
			sn.Clock = max(sn.Clock, e.Clock)
			sn.Entries = append(sn.Entries, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Snapshot, 0, len(byPart))
	for p, sn := range byPart {
		sn.Cursor = sortedCursor(cursors[p])
		body, err := sn.body()
		if err != nil {
			return nil, err
		}
		sn.Sig = ed25519.Sign(s.signer, sn.message(body))
		out = append(out, sn)
	}
	slices.SortFunc(out, func(a, b *Snapshot) int { return cmp.Compare(a.Partition, b.Partition) })
	return out, nil
}

// readApplied adds the applied cursors of partition p (0x09 ‖ device ‖ scope → seq) to into.
func readApplied(txn *badger.Txn, p ScopeID, into map[ID]uint64) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindReplica)}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if len(k) != recordKeyLen+4 || ScopeID(binary.BigEndian.Uint32(k[recordKeyLen:])) != p {
			continue
		}
		var dev ID
		copy(dev[:], k[1:recordKeyLen])
		if err := it.Item().Value(func(v []byte) error {
			if len(v) == 8 {
				into[dev] = max(into[dev], binary.BigEndian.Uint64(v))
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}
