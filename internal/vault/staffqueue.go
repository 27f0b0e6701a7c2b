package vault

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// The staff index's queue (docs/adr/008-staff-index.md, "Revisions"). A manager cannot compute
// staff entries (they lack the staff key), so instead of marking the whole staff index stale,
// their department SetIndex/DeleteIndex writes a pending change: a vault-internal record
//
//	0x06 || random id (16)  ->  sealed under the department scope of the entry:
//	version (1) = 1 || op (1: 's' set, 'd' delete) || kind (1) || id (16) || len(field) (1) || field || value
//
// The value is identity data (a BSN, a birth date + postcode), so it is sealed like any record
// of that department: HR and admins, who hold every department, open it; a manager of another
// department cannot. The key is random, so the folder does not link a change to its record.
//
// The marker now means "current up to the queue": the staff index plus the queued changes is
// complete. While a change is queued, lookups take the per-department path; BuildStaffIndex
// folds the queue in (HR and admins, after unlock and before a BSN or birth-date search): per
// chunk in one transaction it deletes the staff entries of every queued value, sets the staff
// entries its record has now, and deletes the queued records. Recomputing from the record makes a
// fold idempotent and order-free, and a planted change can only make the fold look at a record
// it would index anyway. A change it cannot use (not openable, damaged, of a kind the indexer
// does not cover) deletes the marker instead: the full build follows, as before the queue.

// kindStaffQueue holds the queued staff-index changes of sessions without the staff key.
const kindStaffQueue Kind = 0x06

const (
	// staffMarkerQueue leads the marker's value written by a Kluis that queues (staffTag).
	staffMarkerQueue   = 0x02
	staffChangeVersion = 1
	staffChangeSet     = 's'
	staffChangeDelete  = 'd'
	// staffFoldChunk queued changes are folded per transaction.
	staffFoldChunk = 256
	// maxQueuedPerAtomic bounds the changes one crash-atomic write (a manager's import) queues;
	// beyond it the write marks the staff index stale instead, and HR's next unlock rebuilds
	// it, which is cheaper than folding that many.
	maxQueuedPerAtomic = 4096
)

// staffChange is one queued change: a department index entry set or deleted.
type staffChange struct {
	del   bool
	field string
	value []byte
	kind  Kind
	id    ID
}

// sealStaffChange seals a change of an entry under scope as a new queue record: its key and
// sealed value. The caller holds s's read lock.
func (s *Session) sealStaffChange(scope ScopeID, field string, value []byte, kind Kind, id ID, del bool) (key, sealed []byte, err error) {
	if err := checkField(field); err != nil {
		return nil, nil, err
	}
	plain := make([]byte, 0, 3+len(id)+1+len(field)+len(value))
	op := byte(staffChangeSet)
	if del {
		op = staffChangeDelete
	}
	plain = append(plain, staffChangeVersion, op, byte(kind))
	plain = append(plain, id[:]...)
	plain = append(plain, byte(len(field)))
	plain = append(plain, field...)
	plain = append(plain, value...)
	key = recordKey(kindStaffQueue, NewID())
	sealed, err = s.seal(key, scope, plain)
	vcrypto.Wipe(plain)
	return key, sealed, err
}

// decodeStaffChange parses an opened queue record; value is a copy (the caller wipes it).
func decodeStaffChange(plain []byte) (staffChange, error) {
	const fixed = 3 + len(ID{}) + 1
	if len(plain) < fixed || plain[0] != staffChangeVersion || (plain[1] != staffChangeSet && plain[1] != staffChangeDelete) {
		return staffChange{}, fmt.Errorf("%w: queued staff-index change", ErrCorrupt)
	}
	c := staffChange{del: plain[1] == staffChangeDelete, kind: Kind(plain[2]), id: ID(plain[3 : 3+len(ID{})])}
	n := int(plain[fixed-1])
	if len(plain) < fixed+n {
		return staffChange{}, fmt.Errorf("%w: queued staff-index change", ErrCorrupt)
	}
	c.field = string(plain[fixed : fixed+n])
	c.value = bytes.Clone(plain[fixed+n:])
	return c, nil
}

// staffMarkerOld reports whether txn holds a marker not written by a Kluis that folds the queue
// (a Kluis from before it): a session without the staff key deletes such a marker along with
// queueing, so that an older Kluis of HR, which knows no queue, rebuilds instead of missing the
// change. It needs no key: it looks at the marker's leading byte and length.
func staffMarkerOld(txn *badger.Txn) (bool, error) {
	item, err := txn.Get(staffMarkerKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	old := true
	err = item.Value(func(v []byte) error {
		old = len(v) != 1+sha256.Size || v[0] != staffMarkerQueue
		return nil
	})
	return old, err
}

// staffQueued reports whether any change is queued in txn.
func staffQueued(txn *badger.Txn) bool {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{byte(kindStaffQueue)}
	it := txn.NewIterator(o)
	defer it.Close()
	it.Rewind()
	return it.Valid()
}

// staffUsable reports whether a lookup may answer from the staff index alone: it is current
// for the session's key and no change is queued.
func (s *Session) staffUsable(txn *badger.Txn) (bool, error) {
	current, err := s.staffCurrent(txn)
	if err != nil || !current {
		return false, err
	}
	return !staffQueued(txn), nil
}

// StaffIndexQueued counts the queued staff-index changes (managers' writes not folded in yet).
func (s *Session) StaffIndexQueued() (int, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		o.Prefix = []byte{byte(kindStaffQueue)}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}

// foldStaffQueue folds the queued changes into a current staff index, a chunk per
// transaction, and reports how many changes it folded and how many staff entries it set.
// rebuild: a change could not be folded and the marker is now deleted. The caller holds s's
// read lock and keeps other writers of indexed records out.
func (s *Session) foldStaffQueue(ctx context.Context, ix *Indexer) (folded, entries int, rebuild bool, err error) {
	for {
		if err := ctx.Err(); err != nil {
			return folded, entries, false, err
		}
		if s.stopping() {
			return folded, entries, false, ErrLocked
		}
		var n, e int
		err := s.db.Update(func(txn *badger.Txn) error {
			var err error
			n, e, err = s.foldStaffChunk(txn, ix)
			return err
		})
		switch {
		case err != nil:
			return folded, entries, false, err
		case n < 0:
			return folded, entries, true, nil
		case n == 0:
			return folded, entries, false, nil
		}
		folded, entries = folded+n, entries+e
	}
}

// foldStaffChunk folds up to staffFoldChunk queued changes in txn: every queued value's staff
// entry deleted, then the current staff entries of each record named set from the record, then
// the queue records deleted. When a change cannot be used it deletes only the marker and
// returns -1 changes: the whole index is built again.
func (s *Session) foldStaffChunk(txn *badger.Txn, ix *Indexer) (folded, entries int, err error) {
	type queued struct{ key, value []byte }
	var chunk []queued
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindStaffQueue)}
	it := txn.NewIterator(o)
	for it.Rewind(); it.Valid() && len(chunk) < staffFoldChunk; it.Next() {
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			it.Close()
			return 0, 0, err
		}
		chunk = append(chunk, queued{it.Item().KeyCopy(nil), v})
	}
	it.Close()
	changes := make([]staffChange, 0, len(chunk))
	defer func() {
		for _, c := range changes {
			vcrypto.Wipe(c.value)
		}
	}()
	for _, q := range chunk {
		c, ok := s.openStaffChange(q.key, q.value, ix)
		if !ok {
			return -1, 0, txn.Delete(staffMarkerKey)
		}
		changes = append(changes, c)
	}
	affected := map[RecordRef]bool{}
	var order []RecordRef
	for _, c := range changes {
		k, err := indexKeyWith(s.ks.staffIx, c.field, c.value, c.kind, c.id)
		if err != nil {
			return 0, 0, err
		}
		if err := txn.Delete(k); err != nil {
			return 0, 0, err
		}
		if ref := (RecordRef{c.kind, c.id}); !affected[ref] {
			affected[ref] = true
			order = append(order, ref)
		}
	}
	var buf []byte
	for _, ref := range order {
		var n int
		if buf, n, err = s.restaffRecord(txn, ix, ref, buf); err != nil {
			return 0, 0, err
		}
		entries += n
	}
	// The queue records go on every PC (replication, ADR 009): a manager's PC, which cannot
	// fold, would otherwise keep them. A PC that receives the deletion before it folded the
	// change loses nothing: applied department index entries already made its index stale.
	rc := s.newCapture()
	for _, q := range chunk {
		rc.note(q.key, keyScope(q.key, q.value), true)
		if err := txn.Delete(q.key); err != nil {
			return 0, 0, err
		}
	}
	if err := s.flushCapture(rc, txn, txn.Set); err != nil {
		return 0, 0, err
	}
	return len(chunk), entries, nil
}

// openStaffChange opens and parses a queue record; false when the fold cannot use it.
func (s *Session) openStaffChange(key, value []byte, ix *Indexer) (staffChange, bool) {
	plain, err := s.open(nil, key, value)
	if err != nil {
		return staffChange{}, false
	}
	c, err := decodeStaffChange(plain)
	vcrypto.Wipe(plain)
	if err != nil || !ix.indexes(c.kind) || checkField(c.field) != nil {
		vcrypto.Wipe(c.value)
		return staffChange{}, false
	}
	return c, true
}

// restaffRecord sets the staff entries record ref has now, when it exists under a department
// scope (an erased or moved-out record has none): how many, and buf for reuse.
func (s *Session) restaffRecord(txn *badger.Txn, ix *Indexer, ref RecordRef, buf []byte) ([]byte, int, error) {
	key := recordKey(ref.Kind, ref.ID)
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return buf, 0, nil
	}
	if err != nil {
		return buf, 0, err
	}
	n := 0
	err = item.Value(func(v []byte) error {
		scope, _, err := parseHeader(v)
		if err != nil {
			return err
		}
		if k, ok := s.ks.scopes[scope]; !ok || k.kind != scopeDepartment {
			return nil
		}
		if buf, err = s.open(buf[:0], key, v); err != nil {
			return err
		}
		values, err := ix.Entries(ref.Kind, ref.ID, buf)
		vcrypto.Wipe(buf)
		if err != nil {
			return err
		}
		for _, e := range values {
			if e.Directory {
				continue
			}
			ik, err := indexKeyWith(s.ks.staffIx, e.Field, e.Value, ref.Kind, ref.ID)
			if err != nil {
				return err
			}
			if err := txn.Set(ik, nil); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return buf, 0, fmt.Errorf("vault: staff index, record %s: %w", ref.ID, err)
	}
	return buf, n, nil
}

// dropStaffQueue deletes every queued change: a full build has made them part of the index.
// The deletions replicate (ADR 009), so a manager's PC, which cannot fold, drops them too.
func (s *Session) dropStaffQueue(txn *badger.Txn, wb *badger.WriteBatch) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindStaffQueue)}
	it := txn.NewIterator(o)
	defer it.Close()
	rc := s.newCapture()
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().KeyCopy(nil)
		if rc != nil {
			if err := it.Item().Value(func(v []byte) error { rc.note(key, keyScope(key, v), true); return nil }); err != nil {
				return err
			}
		}
		if err := wb.Delete(key); err != nil {
			return err
		}
	}
	return s.flushCapture(rc, txn, wb.Set)
}

// deleteQueuedOf deletes the queued changes naming one of the records kind/ids that the
// session can open (erasure: an admin holds every department), so no sealed copy of an erased
// employee's BSN waits in the queue. It returns how many it deleted.
func (tx *Tx) deleteQueuedOf(kind Kind, want map[ID]bool) (int, error) {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindStaffQueue)}
	it := tx.txn.NewIterator(o)
	var del [][]byte
	var buf []byte
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		err := item.Value(func(v []byte) error {
			var err error
			buf, err = tx.s.open(buf[:0], item.Key(), v)
			return err
		})
		if err != nil {
			continue // not ours to open (or damaged): the fold deals with it
		}
		c, err := decodeStaffChange(buf)
		vcrypto.Wipe(buf)
		if err == nil {
			vcrypto.Wipe(c.value)
			if c.kind == kind && want[c.id] {
				del = append(del, item.KeyCopy(nil))
			}
		}
	}
	it.Close()
	for _, k := range del {
		if err := tx.del(k); err != nil { // replicated: no PC keeps an erased value queued
			return 0, err
		}
	}
	return len(del), nil
}
