package vault

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Crash-atomic writes (docs/adr/003-signed-keyring.md, "Atomic writes"). A write too large for
// one Badger transaction (an import of 50,000 employees) goes through Atomic: it is committed in
// chunks, and each chunk's transaction also stores an undo record: for every key the chunk
// writes, its old value or the fact that it was absent. A journal header marks the write open;
// at the end it is marked done and the undo records are deleted. After a crash, the next unlock
// (of any user: undo needs no scope key, only the raw values) finds an open journal and rolls
// every committed chunk back, newest first, so the store shows the state before the write; a
// journal marked done is only cleaned up. Cancelling (an error from fn, or Lock while it runs)
// rolls back at once the same way.
//
// Journal keys: kind 0x03 ‖ journal id (8) ‖ chunk (8); chunk 0 is the header (JSON, no personal
// data), the others are undo records: repeated [key length (2) ‖ key ‖ present (1) ‖ value
// length (4) ‖ value]. Values are the sealed bytes as stored, so nothing is in clear.

// AtomicOptions name a crash-atomic write.
type AtomicOptions struct {
	Name string // what the write is, for the report after a crash ("import")
	// Departments are department scopes bound just before this write, for the write's records;
	// when the write is undone they hold nothing, and Recovered lists them so an admin can
	// remove them (Session.RemoveDepartments).
	Departments []ID
	// Note is the caller's description, kept in the journal in clear: ids and counts only.
	Note string
}

// Recovered is a crash-atomic write a crash interrupted, as the next unlock found it.
type Recovered struct {
	Name        string
	Started     time.Time
	User        UserID
	Undone      bool // true: rolled back; false: it had completed, only its journal was left
	Departments []ID
	Note        string
}

type journalHeader struct {
	Name        string    `json:"name"`
	Started     time.Time `json:"started"`
	User        UserID    `json:"user"`
	Done        bool      `json:"done"`
	Departments []ID      `json:"departments,omitempty"`
	Note        string    `json:"note,omitempty"`
}

func journalKey(journal uint64, chunk uint64) []byte {
	var id ID
	binary.BigEndian.PutUint64(id[:8], journal)
	binary.BigEndian.PutUint64(id[8:], chunk)
	return recordKey(kindJournal, id)
}

// AtomicWriter collects the writes of one chunk; Flush commits them with their undo record.
type AtomicWriter struct {
	s       *Session
	journal uint64
	chunk   uint64
	ops     []atomicOp
	// committing: the chunk FlushAsync handed to a background commit, until wait collects it.
	committing chan commitResult
	// later holds the keys of new index entries (SetIndex with fresh), written after every
	// other write of fn, in key order (WriteIndexes).
	later laterKeys
}

// laterKeys is a list of keys in one buffer (a million index keys as a million slices would
// cost the garbage collector a pointer each).
type laterKeys struct {
	buf  []byte
	ends []int
}

func (l *laterKeys) add(key []byte) {
	l.buf = append(l.buf, key...)
	l.ends = append(l.ends, len(l.buf))
}

func (l *laterKeys) key(i int) []byte {
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.buf[start:l.ends[i]:l.ends[i]]
}

// laterChunk is how many deferred index entries one chunk of WriteIndexes commits.
const laterChunk = 4000

// commitResult is how a background chunk commit ended: an error, or a panic to raise again on
// the writer's goroutine (as a synchronous Flush would have).
type commitResult struct {
	err      error
	panicked any
}

type atomicOp struct {
	key, value []byte
	del        bool
	fresh      bool // the key cannot exist yet (a new random id): no old value to read
}

// Put seals plaintext under scope as kind/id (written at the next Flush).
func (w *AtomicWriter) Put(kind Kind, id ID, scope ScopeID, plaintext []byte) error {
	return w.put(kind, id, scope, plaintext, false)
}

// PutNew is Put for a record whose id was made for this write (vault.NewID): it cannot exist
// yet, so its undo is a delete and no old value is read.
func (w *AtomicWriter) PutNew(kind Kind, id ID, scope ScopeID, plaintext []byte) error {
	return w.put(kind, id, scope, plaintext, true)
}

func (w *AtomicWriter) put(kind Kind, id ID, scope ScopeID, plaintext []byte, fresh bool) error {
	if err := kind.check(); err != nil {
		return err
	}
	key := recordKey(kind, id)
	val, err := w.s.seal(key, scope, plaintext)
	if err != nil {
		return err
	}
	w.ops = append(w.ops, atomicOp{key: key, value: val, fresh: fresh})
	return nil
}

// Delete removes kind/id (at the next Flush).
func (w *AtomicWriter) Delete(kind Kind, id ID) error {
	if err := kind.check(); err != nil {
		return err
	}
	w.ops = append(w.ops, atomicOp{key: recordKey(kind, id), del: true})
	return nil
}

// SetIndex is Tx.SetIndex; fresh as in PutNew. An entry that may exist is written at the next
// Flush. A new one (fresh) is written after everything else fn writes, with the other new
// entries in key order (WriteIndexes): index keys are random (a MAC of the value), and Badger's
// memtable takes keys in order 1.4–1.8 times as fast as random ones (docs/BENCHMARKS.md, stop
// 32). Either is undone with the write.
func (w *AtomicWriter) SetIndex(scope ScopeID, field string, value []byte, kind Kind, id ID, fresh bool) error {
	k, err := w.s.indexKey(scope, field, value, kind, id)
	if err != nil {
		return err
	}
	if fresh {
		w.later.add(k)
		return nil
	}
	w.ops = append(w.ops, atomicOp{key: k, value: []byte{}})
	return nil
}

// WriteIndexes flushes what is collected, then commits the new index entries SetIndex deferred,
// in key order and in chunks like FlushAsync's, calling chunkDone (may be nil) after each chunk is
// handed over (an import reports progress there); an error from it stops the write (and the
// write is undone). Atomic calls it after fn returns, so fn need not; a write after it is fine
// (its new index entries wait for the next call).
func (w *AtomicWriter) WriteIndexes(chunkDone func() error) error {
	if err := w.FlushAsync(); err != nil {
		return err
	}
	order := make([]int, len(w.later.ends))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(w.later.key(a), w.later.key(b)) })
	for _, i := range order {
		w.ops = append(w.ops, atomicOp{key: w.later.key(i), value: []byte{}, fresh: true})
		if len(w.ops) >= laterChunk {
			if err := w.FlushAsync(); err != nil {
				return err
			}
			if chunkDone != nil {
				if err := chunkDone(); err != nil {
					return err
				}
			}
		}
	}
	w.later = laterKeys{}
	return w.Flush()
}

// DeleteIndex is Tx.DeleteIndex (at the next Flush).
func (w *AtomicWriter) DeleteIndex(scope ScopeID, field string, value []byte, kind Kind, id ID) error {
	keys, err := w.s.indexKeys(scope, field, value, kind, id)
	if err != nil {
		return err
	}
	for _, k := range keys {
		w.ops = append(w.ops, atomicOp{key: k, del: true})
	}
	return nil
}

// Pending is the number of writes waiting for Flush (new index entries, which wait for
// WriteIndexes, not counted).
func (w *AtomicWriter) Pending() int { return len(w.ops) }

// Flush commits the writes collected so far, with their undo record, in one transaction: a
// crash keeps both or neither. It does not sync: whatever a crash keeps of an unfinished write is
// undone anyway, and the journal header was synced before the first chunk (a sync per chunk cost
// an import of 100,000 rows 40% of its speed). Atomic syncs once, before it marks the write done.
// Lock waiting stops the write here (ErrLocked).
func (w *AtomicWriter) Flush() error {
	if err := w.FlushAsync(); err != nil {
		return err
	}
	return w.wait()
}

// FlushAsync is Flush without waiting for this chunk: it waits for the chunk handed before (and
// returns its error), then commits the collected writes on another goroutine while the caller
// seals the next chunk, so sealing and the store's writing share the cores. When it returns,
// every chunk but the last one handed over is on disk. The caller must not read back what it
// wrote since (the import reads nothing during its write); the next Flush, FlushAsync or the end
// of Atomic waits for the commit.
func (w *AtomicWriter) FlushAsync() error {
	if err := w.wait(); err != nil {
		return err
	}
	if len(w.ops) == 0 {
		return nil
	}
	if w.s.stopping() {
		return ErrLocked
	}
	w.chunk++
	chunk, ops := w.chunk, w.ops
	w.ops = make([]atomicOp, 0, cap(ops))
	done := make(chan commitResult, 1)
	w.committing = done
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- commitResult{panicked: r}
			}
		}()
		done <- commitResult{err: w.commit(chunk, ops)}
	}()
	return nil
}

// wait waits for the chunk FlushAsync handed over, if any.
func (w *AtomicWriter) wait() error {
	if w.committing == nil {
		return nil
	}
	r := <-w.committing
	w.committing = nil
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r.err
}

// commit writes one chunk's operations and their undo record in one transaction.
func (w *AtomicWriter) commit(chunk uint64, ops []atomicOp) (err error) {
	defer guard(&err)
	key := journalKey(w.journal, chunk)
	err = w.s.db.Update(func(txn *badger.Txn) error {
		var undo bytes.Buffer
		rc := w.s.newCapture()
		var st stamper
		for _, op := range ops {
			var old []byte
			present := false
			switch {
			case !op.del:
				rc.note(op.key, keyScope(op.key, op.value), false)
				st.set(op.key, op.value)
			case Kind(op.key[0]) == kindIndex:
				rc.note(op.key, keyScope(op.key, nil), true)
			}
			if !op.fresh {
				item, err := txn.Get(op.key)
				switch {
				case errors.Is(err, badger.ErrKeyNotFound):
				case err != nil:
					return err
				default:
					if old, err = item.ValueCopy(nil); err != nil {
						return err
					}
					present = true
					st.set(op.key, old) // the scope it leaves (a move), or loses it from
					if op.del && Kind(op.key[0]) != kindIndex {
						rc.note(op.key, keyScope(op.key, old), true)
					}
				}
			}
			appendUndo(&undo, op.key, present, old)
		}
		if err := st.write(txn.Set); err != nil {
			return err
		}
		if err := w.s.flushCapture(rc, txn, txn.Set); err != nil {
			return err
		}
		if err := txn.Set(key, undo.Bytes()); err != nil {
			return err
		}
		for _, op := range ops {
			var err error
			if op.del {
				err = txn.Delete(op.key)
			} else {
				err = txn.Set(op.key, op.value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("vault: atomic write, chunk %d: %w", chunk, err)
	}
	return nil
}

func appendUndo(b *bytes.Buffer, key []byte, present bool, old []byte) {
	_ = binary.Write(b, binary.BigEndian, uint16(len(key)))
	b.Write(key)
	if present {
		b.WriteByte(1)
	} else {
		b.WriteByte(0)
	}
	_ = binary.Write(b, binary.BigEndian, uint32(len(old)))
	b.Write(old)
}

type undoItem struct {
	key, old []byte
	present  bool
}

func parseUndo(v []byte) ([]undoItem, error) {
	var out []undoItem
	for len(v) > 0 {
		if len(v) < 2 {
			return nil, errors.New("truncated undo record")
		}
		kl := int(binary.BigEndian.Uint16(v))
		if len(v) < 2+kl+1+4 {
			return nil, errors.New("truncated undo record")
		}
		it := undoItem{key: v[2 : 2+kl], present: v[2+kl] == 1}
		vl := int(binary.BigEndian.Uint32(v[2+kl+1:]))
		v = v[2+kl+5:]
		if len(v) < vl {
			return nil, errors.New("truncated undo record")
		}
		it.old, v = v[:vl], v[vl:]
		out = append(out, it)
	}
	return out, nil
}

// Atomic runs fn to write many records crash-atomically (see above): fn calls the writer's Put,
// Delete, SetIndex, DeleteIndex and Flush or FlushAsync (for example every few thousand rows, to
// report progress); what is left is flushed after fn returns, then the new index entries in key
// order (SetIndex). If fn fails, or Lock stops the write, every
// committed chunk is rolled back before Atomic returns the error.
func (s *Session) Atomic(opts AtomicOptions, fn func(*AtomicWriter) error) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	w := &AtomicWriter{s: s, journal: binary.BigEndian.Uint64(NewID().Bytes8())}
	defer func() { // fn panicked: no commit outlives the write (the next unlock undoes it)
		if w.committing != nil {
			<-w.committing
		}
	}()
	h := journalHeader{Name: opts.Name, Started: s.v.opts.Now().UTC(), User: s.user, Departments: opts.Departments, Note: opts.Note}
	if err := s.putJournalHeader(w.journal, h); err != nil {
		return err
	}
	err = fn(w)
	if err == nil {
		err = w.WriteIndexes(nil)
	} else if werr := w.wait(); werr != nil { // the undo must see every committed chunk
		err = errors.Join(err, werr)
	}
	if err != nil {
		if uerr := s.undoJournal(w.journal); uerr != nil {
			return errors.Join(err, fmt.Errorf("vault: the write could not be undone now; the next unlock undoes it: %w", uerr))
		}
		return err
	}
	h.Done = true
	if err := s.putJournalHeader(w.journal, h); err != nil {
		return err
	}
	if err := s.dropJournal(w.journal); err != nil {
		s.v.opts.Logger.Warn("vault: a finished journal was not removed; the next unlock removes it", "err", err)
	}
	return nil
}

// Bytes8 returns the first eight bytes of the id.
func (id ID) Bytes8() []byte { return id[:8] }

func (s *Session) putJournalHeader(journal uint64, h journalHeader) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(journalKey(journal, 0), b) }); err != nil {
		return fmt.Errorf("vault: write journal: %w", err)
	}
	return s.db.Sync()
}

// undoJournal rolls back the committed chunks of a journal, newest first, then removes it.
func (s *Session) undoJournal(journal uint64) error {
	chunks, err := s.journalChunks(journal)
	if err != nil {
		return err
	}
	for i := len(chunks) - 1; i >= 0; i-- {
		key := journalKey(journal, chunks[i])
		err := s.db.Update(func(txn *badger.Txn) error {
			item, err := txn.Get(key)
			if err != nil {
				return err
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			items, err := parseUndo(v)
			if err != nil {
				return fmt.Errorf("%w: undo record %d: %v", ErrCorrupt, chunks[i], err)
			}
			// The undo is captured like any write, with a newer clock: the loop may have pushed
			// the chunk to the other PCs while the write ran, and they must undo it too.
			rc := s.newCapture()
			var st stamper
			for _, it := range items {
				if rc != nil && replicable(it.key) || isRecordKey(it.key) {
					scope := keyScope(it.key, it.old)
					if !it.present {
						if scope, err = scopeOfStored(txn, it.key); err != nil {
							return err
						}
					}
					if rc != nil && replicable(it.key) {
						rc.note(it.key, scope, !it.present)
					}
					if scope != 0 && isRecordKey(it.key) {
						st.add(scope, Kind(it.key[0]))
					}
				}
				if it.present {
					err = txn.Set(it.key, it.old)
				} else {
					err = txn.Delete(it.key)
				}
				if err != nil {
					return err
				}
			}
			if err := st.write(txn.Set); err != nil {
				return err
			}
			if err := s.flushCapture(rc, txn, txn.Set); err != nil {
				return err
			}
			return txn.Delete(key)
		})
		if err != nil {
			return err
		}
	}
	if err := s.db.Sync(); err != nil {
		return err
	}
	return s.dropJournal(journal)
}

// journalChunks lists the undo chunks of a journal in order.
func (s *Session) journalChunks(journal uint64) ([]uint64, error) {
	var out []uint64
	prefix := journalKey(journal, 0)[:9]
	err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues, o.Prefix = false, prefix
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != recordKeyLen {
				continue
			}
			if c := binary.BigEndian.Uint64(k[9:]); c > 0 {
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

// dropJournal deletes a journal's records, in transactions small enough for Badger; the header
// goes last, so a crash meanwhile still finds the journal.
func (s *Session) dropJournal(journal uint64) error {
	chunks, err := s.journalChunks(journal)
	if err != nil {
		return err
	}
	for len(chunks) > 0 {
		n := min(len(chunks), 1000)
		part := chunks[:n]
		chunks = chunks[n:]
		if err := s.db.Update(func(txn *badger.Txn) error {
			for _, c := range part {
				if err := txn.Delete(journalKey(journal, c)); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(journalKey(journal, 0)) }); err != nil {
		return err
	}
	return s.db.Sync()
}

// recoverJournals puts right every journal a crash left: an open one is undone, a done one only
// removed. It runs at unlock, before anything else reads the store; the caller holds v.mu.
func (s *Session) recoverJournals() (err error) {
	defer guard(&err)
	type found struct {
		id uint64
		h  journalHeader
		ok bool
	}
	var journals []found
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindJournal)}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != recordKeyLen {
				continue
			}
			id, chunk := binary.BigEndian.Uint64(k[1:9]), binary.BigEndian.Uint64(k[9:])
			if len(journals) == 0 || journals[len(journals)-1].id != id {
				journals = append(journals, found{id: id})
			}
			if chunk == 0 {
				j := &journals[len(journals)-1]
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					return err
				}
				j.ok = json.Unmarshal(v, &j.h) == nil
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, j := range journals {
		r := Recovered{Name: j.h.Name, Started: j.h.Started, User: j.h.User, Departments: j.h.Departments, Note: j.h.Note}
		if j.ok && j.h.Done {
			err = s.dropJournal(j.id)
		} else {
			r.Undone = true
			err = s.undoJournal(j.id)
		}
		if err != nil {
			return fmt.Errorf("vault: put right an interrupted write (%s): %w", r.Name, err)
		}
		s.v.opts.Logger.Warn("vault: an interrupted write was put right", "write", r.Name, "undone", r.Undone)
		s.recovered = append(s.recovered, r)
	}
	return nil
}
