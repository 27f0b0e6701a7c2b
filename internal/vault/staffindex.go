package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// The staff index (docs/adr/008-staff-index.md) is one more blind index over every department:
// each entry a department-scope SetIndex writes is also written under a key derived from the
// staff key, which only admins and users of role user hold. Their lookups then cost one scan
// whatever the number of departments; managers, who lack the staff key and so cannot compute
// its HMACs, keep the per-department lookups of the departments they hold.
//
// Entries use the index key layout with the pseudo scope id 0 (no scope table entry has it):
//
//	'i' || 00000000 || len(field) || field || HMAC(staff-index field key, value) || kind || id
//
// The marker 'i' || 00000000 || 00 (an empty field name, which no entry can have) holds a tag
// of the staff index key: the index is current only while the tag matches the session's key.
// A vault from before the staff index, a rotated staff key, or a write by a manager (who
// cannot write staff entries and deletes the marker instead) leaves it stale: lookups then fall
// back to the per-department scans, and BuildStaffIndex rebuilds it from the records.

const (
	staffIndexScope ScopeID   = 0             // pseudo scope of the staff index's entries
	scopeStaffIndex scopeKind = "staff-index" // in memory only: never in the scope table
	staffCheckField           = "\x00current" // not a valid field name: the marker's tag key
)

// staffMarkerKey is the key of the staff index's marker.
var staffMarkerKey = []byte{byte(kindIndex), 0, 0, 0, 0, 0}

// newStaffIndexKeys derives the staff index key from the staff key.
func newStaffIndexKeys(staff []byte) *scopeKeys {
	var k [vcrypto.KeySize]byte
	e := vcrypto.NewExpander(staff, vcrypto.LabelStaffIndex)
	e.Key(&k)
	e.Wipe()
	key := bytes.Clone(k[:])
	vcrypto.Wipe(k[:])
	return &scopeKeys{id: staffIndexScope, kind: scopeStaffIndex, key: key, blind: vcrypto.NewExpander(key, vcrypto.LabelBlind)}
}

// staffTag is the marker's value for the session's staff index key: staffMarkerQueue ‖ HMAC.
// The leading byte says, to a session that cannot check the HMAC (a manager), that the marker
// was written by a Kluis that folds the queue (staffqueue.go); a Kluis from before the queue
// compares the bare HMAC (staffTagV1), so it never takes this marker for current and rebuilds
// rather than miss a queued change.
func (s *Session) staffTag() []byte {
	return s.ks.staffIx.fieldMAC(staffCheckField).Sum([]byte{staffMarkerQueue}, []byte(s.vaultID))
}

// staffTagV1 is the marker of a Kluis from before the queue.
func (s *Session) staffTagV1() []byte {
	return s.ks.staffIx.fieldMAC(staffCheckField).Sum(nil, []byte(s.vaultID))
}

// staffMirror says what writing an index entry under scope does to the staff index: the same
// entry under the staff index key (a session holding the staff key), or stale (a manager's
// write to a department scope). The caller holds s's read lock.
func (s *Session) staffMirror(scope ScopeID) (mirror *scopeKeys, stale bool) {
	k, ok := s.ks.scopes[scope]
	if !ok || k.kind != scopeDepartment {
		return nil, false
	}
	if s.ks.staffIx == nil {
		return nil, true
	}
	return s.ks.staffIx, false
}

// staffCurrent reports whether the staff index in txn is current for the session's key (up to
// the queue). A marker of a Kluis from before the queue counts too (v1): no session of this
// Kluis without the staff key has written since, for it deletes such a marker (staffqueue.go).
func (s *Session) staffCurrent(txn *badger.Txn) (bool, error) {
	current, _, err := s.staffMarker(txn)
	return current, err
}

// staffMarker is staffCurrent, and whether the marker is the older (v1) one.
func (s *Session) staffMarker(txn *badger.Txn) (current, v1 bool, err error) {
	if s.ks.staffIx == nil {
		return false, false, nil
	}
	item, err := txn.Get(staffMarkerKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	err = item.Value(func(v []byte) error {
		current = vcrypto.Equal(v, s.staffTag())
		if !current && vcrypto.Equal(v, s.staffTagV1()) {
			current, v1 = true, true
		}
		return nil
	})
	return current, v1, err
}

// LookupDepartments is Lookup over every department scope the session holds, ids in byte
// order. With a current staff index (admins and users of role user) it is one scan of it;
// otherwise one Lookup per held department scope, as a manager always does.
func (tx *Tx) LookupDepartments(field string, value []byte) ([]ID, error) {
	current, err := tx.s.staffUsable(tx.txn) // a queued change not folded in yet: per department
	if err != nil {
		return nil, err
	}
	var out []ID
	if current {
		prefix, err := indexPrefixWith(tx.s.ks.staffIx, field, value, 0)
		if err != nil {
			return nil, err
		}
		if err := tx.scanIndex(prefix, func(id ID) { out = append(out, id) }); err != nil {
			return nil, err
		}
	} else {
		seen := map[ID]bool{}
		for sc, k := range tx.s.ks.scopes {
			if k.kind != scopeDepartment {
				continue
			}
			ids, err := tx.Lookup(sc, field, value)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
	return out, nil
}

// StaffIndexCurrent reports whether the session holds the staff key, the staff index is built
// under it and no manager's change waits in its queue, so that LookupDepartments costs one scan.
func (s *Session) StaffIndexCurrent() (bool, error) {
	if err := s.enter(); err != nil {
		return false, err
	}
	defer s.mu.RUnlock()
	var ok bool
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		ok, err = s.staffUsable(txn)
		return err
	})
	return ok, err
}

// BuildStaffIndex brings the staff index up to date when the session holds the staff key.
// When its marker is current, the managers' queued changes are folded in (staffqueue.go):
// entries are the staff entries the fold set, built is false. Otherwise (or when a queued change
// cannot be folded) it builds: every staff entry and queued change is deleted, the entries of
// each record of ix's kinds sealed under a department scope are written under the staff index
// key, and the marker last, so an interrupted build is simply done again; built is true.
// Nothing happens for a manager's session or a current index with an empty queue. The caller
// keeps other writers of indexed records out meanwhile (people.Directory holds its lock).
func (s *Session) BuildStaffIndex(ctx context.Context, ix *Indexer) (entries int, built bool, err error) {
	if err := s.enter(); err != nil {
		return 0, false, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	if s.ks.staffIx == nil || ix == nil {
		return 0, false, nil
	}
	var current, v1, queued bool
	if err := s.db.View(func(txn *badger.Txn) error {
		var err error
		current, v1, err = s.staffMarker(txn)
		queued = current && staffQueued(txn)
		return err
	}); err != nil {
		return 0, false, err
	}
	if v1 { // from now on an older Kluis rebuilds rather than trust an index with a queue
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(staffMarkerKey, s.staffTag()) }); err != nil {
			return 0, false, err
		}
	}
	if current && !queued { // every BSN search asks: the common case reads, never writes
		return 0, false, nil
	}
	if current {
		_, n, rebuild, err := s.foldStaffQueue(ctx, ix)
		if err != nil || !rebuild {
			return n, false, err
		}
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(staffMarkerKey) }); err != nil {
		return 0, false, err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err = s.db.View(func(txn *badger.Txn) error {
		if err := s.dropStaffEntries(txn, wb); err != nil {
			return err
		}
		if err := s.dropStaffQueue(txn, wb); err != nil { // the records read below include them
			return err
		}
		for _, kind := range ix.Kinds {
			n, err := s.staffEntriesOf(ctx, txn, wb, ix, kind)
			if err != nil {
				return err
			}
			entries += n
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	if err := wb.Flush(); err != nil {
		return 0, false, err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(staffMarkerKey, s.staffTag()) }); err != nil {
		return 0, false, err
	}
	return entries, true, s.db.Sync()
}

// dropStaffEntries deletes every staff entry (under any staff key).
func (s *Session) dropStaffEntries(txn *badger.Txn, wb *badger.WriteBatch) error {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{byte(kindIndex), 0, 0, 0, 0}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := wb.Delete(it.Item().KeyCopy(nil)); err != nil {
			return err
		}
	}
	return nil
}

// staffEntriesOf writes the staff entries of the records of kind sealed under a department.
// The iterator hands chunks of records to one worker per core, which open them and set the
// entries (a WriteBatch takes concurrent Sets): opening dominates the build.
func (s *Session) staffEntriesOf(ctx context.Context, txn *badger.Txn, wb *badger.WriteBatch, ix *Indexer, kind Kind) (int, error) {
	type rec struct{ key, value []byte }
	const chunk = 512
	jobs := make(chan []rec, 4)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		n        atomic.Int64
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return firstErr != nil }
	for range min(runtime.GOMAXPROCS(0), 4) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for batch := range jobs {
				for _, r := range batch {
					if failed() {
						continue // drain
					}
					var err error
					var added int
					if buf, added, err = s.staffEntriesOfRecord(wb, ix, kind, r.key, r.value, buf); err != nil {
						fail(err)
						continue
					}
					n.Add(int64(added))
				}
			}
		}()
	}
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kind)}
	it := txn.NewIterator(o)
	batch := make([]rec, 0, chunk)
	for it.Rewind(); it.Valid() && !failed(); it.Next() {
		item := it.Item()
		if len(item.Key()) != recordKeyLen {
			continue
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			fail(err)
			break
		}
		batch = append(batch, rec{item.KeyCopy(nil), v})
		if len(batch) == chunk {
			jobs <- batch
			batch = make([]rec, 0, chunk)
			if err := ctx.Err(); err != nil {
				fail(err)
			} else if s.stopping() { // Lock is waiting
				fail(ErrLocked)
			}
		}
	}
	it.Close()
	if len(batch) > 0 {
		jobs <- batch
	}
	close(jobs)
	wg.Wait()
	return int(n.Load()), firstErr
}

// staffEntriesOfRecord sets the staff entries of one record if it is sealed under a department:
// how many, and buf for reuse.
func (s *Session) staffEntriesOfRecord(wb *badger.WriteBatch, ix *Indexer, kind Kind, key, value, buf []byte) ([]byte, int, error) {
	id := ID(key[1:])
	scope, _, err := parseHeader(value)
	if err != nil {
		return buf, 0, fmt.Errorf("vault: staff index, record %s: %w", id, err)
	}
	if k, ok := s.ks.scopes[scope]; !ok || k.kind != scopeDepartment {
		return buf, 0, nil // another scope's record: no department index entries
	}
	if buf, err = s.open(buf[:0], key, value); err != nil {
		return buf, 0, fmt.Errorf("vault: staff index, record %s: %w", id, err)
	}
	values, err := ix.Entries(kind, id, buf)
	vcrypto.Wipe(buf)
	if err != nil {
		return buf, 0, fmt.Errorf("vault: staff index, record %s: %w", id, err)
	}
	added := 0
	for _, e := range values {
		if e.Directory {
			continue
		}
		ik, err := indexKeyWith(s.ks.staffIx, e.Field, e.Value, kind, id)
		if err != nil {
			return buf, added, err
		}
		if err := wb.Set(ik, nil); err != nil {
			return buf, added, err
		}
		added++
	}
	return buf, added, nil
}

// DropStaffIndex marks the staff index stale (its marker deleted), so that the next
// BuildStaffIndex rebuilds it from the records: for measuring a build, and for an admin who
// wants it rebuilt. Entries stay until that build replaces them.
func (s *Session) DropStaffIndex() error {
	return s.Update(func(tx *Tx) error { return tx.txn.Delete(staffMarkerKey) })
}
