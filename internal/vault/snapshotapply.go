package vault

import (
	"encoding/binary"
	"errors"
	"runtime"
	"slices"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// SnapshotStats says what applying a snapshot did.
type SnapshotStats struct {
	Applied int  // entries written (values and tombstones)
	Older   int  // entries skipped: the local change of that key is newer (slow path only)
	Retired int  // entries skipped: sealed under an epoch a finished rotation dropped
	Fast    bool // the partition was new to this PC: written in bulk, no clock compared
}

// ApplySnapshot checks a snapshot from another device (the checks of a change set: this vault,
// an active signer who may write the partition and whose signature verifies, every key
// replicable and of the partition, every value of the partition and opening when this session
// holds it) and applies it, then records its cursor as applied, so the partition's change sets
// continue after it.
//
// When this PC has never applied or written anything of the partition (the join), the entries
// go in by transactions of applyChunk entries without reading a clock: nothing local can be newer. The cursor
// is written last, so a crash part-way leaves the partition still "new" and the next apply
// starts again (writing the same entries twice is harmless). Otherwise every entry is compared
// with the local clock (last writer wins, tombstones included), as a change set's are: that is
// how a PC that was away while the change sets were compacted catches up, deletions included.
func (s *Session) ApplySnapshot(sn *Snapshot) (stats SnapshotStats, err error) {
	if err := s.enableReplication(); err != nil {
		return stats, err
	}
	// Exclusive: no local write may fall between the "new partition" check and the cursor.
	if err := s.enterExclusive(); err != nil {
		return stats, err
	}
	defer s.mu.Unlock()
	defer guard(&err)
	retired, err := s.checkSnapshot(sn)
	if err != nil {
		return stats, err
	}
	if len(retired) > 0 {
		kept := *sn
		kept.Entries = withoutEntries(sn.Entries, retired)
		sn = &kept
	}
	fresh, err := s.partitionIsNew(sn.Partition)
	if err != nil {
		return stats, err
	}
	if fresh {
		stats, err = s.applySnapshotBulk(sn)
	} else {
		stats, err = s.applySnapshotCompared(sn)
	}
	stats.Retired = len(retired)
	if err != nil {
		return stats, err
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		for _, c := range sn.Cursor {
			if c.Device == s.rep.device {
				continue
			}
			have := map[ID]uint64{}
			if err := readAppliedOne(txn, c.Device, sn.Partition, have); err != nil {
				return err
			}
			if have[c.Device] >= c.Seq {
				continue
			}
			var seq [8]byte
			binary.BigEndian.PutUint64(seq[:], c.Seq)
			if err := txn.Set(appliedKey(c.Device, sn.Partition), seq[:]); err != nil {
				return err
			}
		}
		return keepClock(txn, sn.Clock)
	})
	if err != nil {
		return stats, err
	}
	s.rep.observe(sn.Clock)
	return stats, s.db.Sync()
}

func readAppliedOne(txn *badger.Txn, dev ID, p ScopeID, into map[ID]uint64) error {
	item, err := txn.Get(appliedKey(dev, p))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return item.Value(func(v []byte) error {
		if len(v) == 8 {
			into[dev] = binary.BigEndian.Uint64(v)
		}
		return nil
	})
}

// partitionIsNew: no set of the partition was ever applied here and this folder never sent or
// holds a change of its own (its first set number is unused and its change log is empty), so
// no local clock of the partition can exist.
func (s *Session) partitionIsNew(p ScopeID) (bool, error) {
	fresh := false
	err := s.db.View(func(txn *badger.Txn) error {
		applied := map[ID]uint64{}
		if err := readApplied(txn, p, applied); err != nil || len(applied) > 0 {
			return err
		}
		d, _, err := readDevice(txn)
		if err != nil || d.NextSeq > 1 || d.Full {
			return err
		}
		o := badger.DefaultIteratorOptions
		o.PrefetchValues, o.Prefix = false, []byte{byte(kindChangeLog)}
		it := txn.NewIterator(o)
		defer it.Close()
		it.Rewind()
		fresh = !it.Valid()
		return nil
	})
	return fresh, err
}

// checkSnapshot is everything ApplySnapshot checks before it writes, and lists the entries
// sealed under a retired epoch (errRetiredEpoch); values are opened on every core. The caller
// holds s.mu.
func (s *Session) checkSnapshot(sn *Snapshot) (retired []int, err error) {
	if sn == nil {
		return nil, refused("no snapshot")
	}
	if err := s.checkSigner("snapshot ", sn.Vault, sn.Partition, sn.Signer, sn.verify); err != nil {
		return nil, err
	}
	var top uint64
	for i, e := range sn.Entries {
		top = max(top, e.Clock)
		if !replicable(e.Key) {
			return nil, refused("snapshot entry %d: key of kind 0x%02x does not replicate", i, e.Key[0])
		}
		if Kind(e.Key[0]) == kindIndex {
			if keyScope(e.Key, nil) != sn.Partition {
				return nil, refused("snapshot entry %d: an index entry of another partition", i)
			}
			if len(e.Value) != 0 {
				return nil, refused("snapshot entry %d: an index entry with a value", i)
			}
			continue
		}
		if e.Deleted {
			if len(e.Value) != 0 {
				return nil, refused("snapshot entry %d: a tombstone with a value", i)
			}
			continue
		}
		if keyScope(e.Key, e.Value) != sn.Partition {
			return nil, refused("snapshot entry %d: a record sealed under another partition", i)
		}
	}
	if top != sn.Clock {
		return nil, refused("the snapshot's header clock is not the entries' newest")
	}
	return s.openAll(sn.Entries)
}

// openAll opens every record value on every core (checkSealed: a forged or damaged value is
// refused; a value of a scope this session does not hold is passed) and lists, in order, those
// sealed under a retired epoch.
func (s *Session) openAll(entries []SnapshotEntry) ([]int, error) {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	errs := make([]error, workers)
	retired := make([][]int, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(entries); i += workers {
				e := entries[i]
				if e.Deleted || Kind(e.Key[0]) == kindIndex {
					continue
				}
				switch err := s.checkSealed(e.Key, e.Value); {
				case errors.Is(err, errRetiredEpoch):
					retired[w] = append(retired[w], i)
				case err != nil:
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := slices.Concat(retired...)
	slices.Sort(out)
	return out, nil
}

// applySnapshotBulk writes a new partition's entries and clocks without reading any clock, in
// transactions of applyChunk entries (measured faster here than one Badger write batch, whose
// single huge transaction stalls the writer). A tombstone only leaves its clock (nothing of the
// partition is stored here to delete).
func (s *Session) applySnapshotBulk(sn *Snapshot) (stats SnapshotStats, err error) {
	stats.Fast = true
	for start := 0; start < len(sn.Entries); start += applyChunk {
		part := sn.Entries[start:min(start+applyChunk, len(sn.Entries))]
		err := s.db.Update(func(txn *badger.Txn) error {
			var st stamper
			for _, e := range part {
				if !e.Deleted {
					st.set(e.Key, e.Value)
					if err := txn.Set(e.Key, e.Value); err != nil {
						return err
					}
				}
				c := clock{hlc: e.Clock, device: e.Device, scope: sn.Partition, deleted: e.Deleted}
				if err := txn.Set(clockKey(e.Key), c.encode()); err != nil {
					return err
				}
			}
			return st.write(txn.Set)
		})
		if err != nil {
			return stats, err
		}
		stats.Applied += len(part)
	}
	return stats, nil
}

// applySnapshotCompared applies the entries whose clock beats the local one, in transactions of
// applyChunk entries (the slow path of a PC that already holds the partition).
func (s *Session) applySnapshotCompared(sn *Snapshot) (stats SnapshotStats, err error) {
	for start := 0; start < len(sn.Entries); start += applyChunk {
		part := sn.Entries[start:min(start+applyChunk, len(sn.Entries))]
		var n, older int
		for range updateRetries {
			err = s.db.Update(func(txn *badger.Txn) error {
				n, older = 0, 0
				var st stamper
				for _, e := range part {
					remote := clock{hlc: e.Clock, device: e.Device, scope: sn.Partition, deleted: e.Deleted}
					local, ok, err := readClock(txn, e.Key)
					if err != nil {
						return err
					}
					if ok && local.scope == sn.Partition && !remote.newer(local) {
						older++
						continue
					}
					if e.Deleted {
						scope, err := scopeOfStored(txn, e.Key)
						if err != nil {
							return err
						}
						if scope == 0 || scope == sn.Partition {
							if scope != 0 && isRecordKey(e.Key) {
								st.add(scope, Kind(e.Key[0]))
							}
							if err := txn.Delete(e.Key); err != nil {
								return err
							}
						}
					} else {
						if err := st.stored(txn, e.Key); err != nil { // the scope it leaves, if it moved
							return err
						}
						st.set(e.Key, e.Value)
						if err := txn.Set(e.Key, e.Value); err != nil {
							return err
						}
					}
					if err := txn.Set(clockKey(e.Key), remote.encode()); err != nil {
						return err
					}
					n++
				}
				return st.write(txn.Set)
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
	}
	return stats, nil
}
