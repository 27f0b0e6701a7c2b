package vault

import (
	"bytes"
	"context"
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Compaction and remnants (docs/adr/005-erasure.md). Deleting a record in Badger writes a
// tombstone; the old version stays in the LSM tables (and a large value in the value log) until
// a compaction happens to drop it, which may be never for a quiet store. Erasure must not wait
// for chance: Compact rebuilds the store the way a rotation does (rotate.go, rebuild) — a new
// Badger database receives the live entries only and replaces the old one, whose files are
// deleted — so no earlier version of any record, and no tombstone, survives in the folder.

// CompactOptions steer Compact.
type CompactOptions struct {
	// Progress is called now and then with the store entries copied so far and their total.
	Progress func(done, total int)
}

// Compact rebuilds the store so that only the current version of each live entry remains
// (admins only; the session is exclusive meanwhile). ctx and Lock stop it between chunks,
// leaving the old store in place. A crash midway is put right at the next open (the unfinished
// copy is thrown away). Records keep their sealing: nothing is re-sealed, no key changes.
func (s *Session) Compact(ctx context.Context, opts CompactOptions) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	start := time.Now()
	// No scope is pending here: every record and index entry is copied as it is stored.
	if _, err := s.rebuild(ctx, map[ScopeID]epochs{}, RotateOptions{Progress: opts.Progress}); err != nil {
		return err
	}
	s.v.opts.Logger.Info("vault: store compacted", "ms", time.Since(start).Milliseconds())
	return nil
}

// RecordRef names one record: kind and id.
type RecordRef struct {
	Kind Kind
	ID   ID
}

// RemnantQuery says what Remnants looks for: the records (every version of kind ‖ id, and every
// blind-index entry that points at one of them) and byte strings inside any stored value.
type RemnantQuery struct {
	Records []RecordRef
	Bytes   [][]byte
}

// Remnant is one stored entry version that matched a RemnantQuery: its Badger key, its value
// as stored (sealed; empty for a tombstone), and whether it is a deletion. Keys and sealed
// values carry no personal data in clear (ADR 001, docs/format.md).
type Remnant struct {
	Key     []byte
	Value   []byte
	Version uint64
	Deleted bool
}

// Remnants lists every version the store still keeps, live, overwritten or deleted, of the
// records in q, of the blind-index entries pointing at them, and of any entry whose value holds
// one of q's byte strings. After an erasure and Compact it must be empty; erasure checks that.
// It reads the whole store (all versions) in one read transaction; admins only.
func (s *Session) Remnants(ctx context.Context, q RemnantQuery) (out []Remnant, err error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return nil, err
	}
	defer guard(&err)
	records := make(map[string]bool, len(q.Records))
	for _, r := range q.Records {
		records[string(recordKey(r.Kind, r.ID))] = true
	}
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.AllVersions = true
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if s.stopping() {
					return ErrLocked
				}
			}
			item := it.Item()
			key := item.Key()
			hit := records[string(key)]
			if !hit && len(key) > recordKeyLen && Kind(key[0]) == kindIndex {
				hit = records[string(key[len(key)-recordKeyLen:])] // 'i' … ‖ kind ‖ id
			}
			deleted := item.IsDeletedOrExpired()
			var value []byte
			if !deleted && (hit || len(q.Bytes) > 0) {
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				value = v
				for _, b := range q.Bytes {
					if len(b) > 0 && bytes.Contains(v, b) {
						hit = true
					}
				}
			}
			if hit {
				out = append(out, Remnant{Key: item.KeyCopy(nil), Value: value, Version: item.Version(), Deleted: deleted})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("vault: remnants: %w", err)
	}
	return out, nil
}

// DeleteIndexEntriesOf deletes every blind-index entry, under any scope, field or epoch, that
// points at one of the records kind/ids, found by scanning the index keys (not by recomputing
// them from values, which a damaged or outdated record may no longer give), and, in a session
// holding every department, every queued change of the retired staff index (staffretired.go),
// which may name them. It returns how many it deleted. Erasure uses it, so no index key or
// queued value of an erased employee outlives them.
func (tx *Tx) DeleteIndexEntriesOf(kind Kind, ids []ID) (int, error) {
	if err := kind.check(); err != nil {
		return 0, err
	}
	want := make(map[ID]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{byte(kindIndex)}
	it := tx.txn.NewIterator(o)
	var del [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		if len(key) <= recordKeyLen || Kind(key[len(key)-recordKeyLen]) != kind {
			continue
		}
		if want[ID(key[len(key)-len(ID{}):])] {
			del = append(del, it.Item().KeyCopy(nil))
		}
	}
	it.Close()
	for _, k := range del {
		if err := tx.del(k); err != nil {
			return 0, err
		}
	}
	queued, err := tx.dropStaffQueue()
	return len(del) + queued, err
}
