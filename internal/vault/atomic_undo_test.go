package vault

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Rule: an atomic write of many chunks stores every record as given, even when the caller reuses
// its plaintext buffer right after Put (as the import does with records that move), and the whole
// write is undone when fn fails after many chunks, records collected but never flushed included.
// (Guards any future pipelining of the write; see docs/BENCHMARKS.md 2026-12-02.)
func TestRule_AnAtomicWriteOfManyChunksStoresWhatWasGivenOrIsUndoneWhole(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	old := make([]ID, 50)
	for i := range old {
		old[i] = NewID()
		put(t, s, old[i], dept, fmt.Sprintf("old %d", i))
	}
	write := func(fail bool) []ID {
		var fresh []ID
		buf := make([]byte, 0, 64)
		err := s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
			for i := range 3000 {
				id := NewID()
				fresh = append(fresh, id)
				buf = fmt.Appendf(buf[:0], "new %d", i)
				if err := w.PutNew(kindTest, id, dept, buf); err != nil {
					return err
				}
				clear(buf) // Put sealed it already
				if i < len(old) {
					buf = fmt.Appendf(buf[:0], "changed %d", i)
					if err := w.Put(kindTest, old[i], dept, buf); err != nil {
						return err
					}
				}
				if i%97 == 96 {
					if err := w.Flush(); err != nil {
						return err
					}
				}
			}
			if fail {
				for range 500 { // queued, never flushed
					if err := w.PutNew(kindTest, NewID(), dept, []byte("queued")); err != nil {
						return err
					}
				}
				return errors.New("stop")
			}
			return nil
		})
		if fail != (err != nil) {
			t.Fatalf("fail=%v: %v", fail, err)
		}
		return fresh
	}

	gone := write(true)
	for _, id := range gone {
		if _, err := get(s, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a record of the undone write is there: %v", err)
		}
	}
	for i, id := range old {
		if b, err := get(s, id); err != nil || string(b) != fmt.Sprintf("old %d", i) {
			t.Fatalf("old record %d after the undo: %q, %v", i, b, err)
		}
	}
	if n := countKind(t, s, kindJournal); n != 0 {
		t.Fatalf("%d journal entries left after the undo", n)
	}

	kept := write(false)
	for i, id := range kept {
		if b, err := get(s, id); err != nil || string(b) != fmt.Sprintf("new %d", i) {
			t.Fatalf("record %d: %q, %v", i, b, err)
		}
	}
	for i, id := range old {
		if b, err := get(s, id); err != nil || string(b) != fmt.Sprintf("changed %d", i) {
			t.Fatalf("changed record %d: %q, %v", i, b, err)
		}
	}
}

// Rule: a write for a scope the session does not hold is refused at Put after earlier chunks were
// flushed, and nothing the write started outlives Atomic (no goroutine left; Lock does not wait).
func TestRule_AnAtomicWriteRefusesAnUnheldScopeAtPutAndLeavesNothingRunning(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	before := runtime.NumGoroutine()
	err := s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
		if err := w.PutNew(kindTest, NewID(), s.DirectoryScope(), []byte("row")); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return w.PutNew(kindTest, NewID(), ScopeID(987654), []byte("row"))
	})
	wantErr(t, err, ErrNoAccess)
	noMoreGoroutines(t, before)
	s.Lock()
}

func countKind(t *testing.T, s *Session, kind Kind) int {
	t.Helper()
	return countPrefix(t, s, []byte{byte(kind)})
}

// countPrefix counts the store's keys under prefix.
func countPrefix(t testing.TB, s *Session, prefix []byte) int {
	t.Helper()
	n := 0
	ok(t, s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix, o.PrefetchValues = prefix, false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	}))
	return n
}

// Rule: a chunk that fails while it is committed in the background (FlushAsync) fails the whole
// write: its error reaches the caller at the next flush, every chunk committed before it is
// undone, and nothing of the write outlives Atomic.
func TestRule_AChunkThatFailsInTheBackgroundUndoesTheWholeWrite(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	before := runtime.NumGoroutine()
	var first []ID
	var handed error
	err := s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
		for range 10 {
			id := NewID()
			first = append(first, id)
			if err := w.PutNew(kindTest, id, dept, []byte("first chunk")); err != nil {
				return err
			}
		}
		if err := w.FlushAsync(); err != nil {
			return err
		}
		// More entries than one Badger transaction takes (not new, so SetIndex keeps them in this
		// chunk instead of deferring them): this chunk's commit fails.
		for i := range 200_000 {
			if err := w.SetIndex(dept, "persnr", []byte(fmt.Sprint(i)), kindTest, first[0], false); err != nil {
				return err
			}
		}
		handed = w.FlushAsync() // waits for the first chunk only
		if handed != nil {
			return handed
		}
		if err := w.PutNew(kindTest, NewID(), dept, []byte("third chunk")); err != nil {
			return err
		}
		return w.FlushAsync() // the second chunk's error
	})
	if handed != nil {
		t.Fatalf("handing the big chunk over reported %v; the first chunk was fine", handed)
	}
	wantErr(t, err, badger.ErrTxnTooBig)
	for _, id := range first {
		if _, err := get(s, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a record of the first chunk is there after the write failed: %v", err)
		}
	}
	if n := countKind(t, s, kindJournal); n != 0 {
		t.Fatalf("%d journal entries left after the undo", n)
	}
	noMoreGoroutines(t, before)
}

// Rule: a write that fails while its last chunk is still being committed in the background is
// undone with that chunk: the undo waits for the commit instead of racing it.
func TestRule_AWriteFailingWhileAChunkCommitsIsUndoneWithThatChunk(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	for round := range 5 {
		var ids []ID
		err := s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
			for range 3000 {
				id := NewID()
				ids = append(ids, id)
				if err := w.PutNew(kindTest, id, dept, []byte("row")); err != nil {
					return err
				}
			}
			if err := w.FlushAsync(); err != nil {
				return err
			}
			return errors.New("cancelled")
		})
		if err == nil {
			t.Fatal("the cancelled write succeeded")
		}
		for _, id := range ids {
			if _, err := get(s, id); !errors.Is(err, ErrNotFound) {
				t.Fatalf("round %d: a record of the chunk in flight outlived the undo: %v", round, err)
			}
		}
	}
}

// noMoreGoroutines fails t unless the goroutines are back to before within two seconds: nothing
// a write started outlives it.
func noMoreGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after the write, %d before", n, before)
	}
}

// Rule: the new index entries of an atomic write (SetIndex of a fresh id), which it writes after
// its records in key order, are all there when the write succeeds, and undone with it when fn
// fails after they were committed.
func TestRule_AnAtomicWritesNewIndexEntriesLastAndUndoesThemWithTheWrite(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	const n = 9000 // three chunks of index entries
	write := func(fail bool) []ID {
		ids := make([]ID, n)
		chunks := 0
		err := s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
			for i := range ids {
				ids[i] = NewID()
				if err := w.PutNew(kindTest, ids[i], dept, []byte("row")); err != nil {
					return err
				}
				if err := w.SetIndex(dept, "persnr", fmt.Appendf(nil, "%d-%v", i, fail), kindTest, ids[i], true); err != nil {
					return err
				}
				if w.Pending() >= 2000 {
					if err := w.FlushAsync(); err != nil {
						return err
					}
				}
			}
			if err := w.WriteIndexes(func() error { chunks++; return nil }); err != nil {
				return err
			}
			if fail {
				return errors.New("stop")
			}
			return nil
		})
		if fail != (err != nil) {
			t.Fatalf("fail=%v: %v", fail, err)
		}
		if chunks < 2 {
			t.Fatalf("fail=%v: %d chunks of index entries reported", fail, chunks)
		}
		return ids
	}
	lookup := func(i int, fail bool) []ID {
		var got []ID
		ok(t, s.View(func(tx *Tx) error {
			var err error
			got, err = tx.Lookup(dept, "persnr", fmt.Appendf(nil, "%d-%v", i, fail))
			return err
		}))
		return got
	}

	write(true)
	for i := range n {
		if got := lookup(i, true); len(got) != 0 {
			t.Fatalf("index entry %d of the undone write is there", i)
		}
	}
	if c := countKind(t, s, kindJournal); c != 0 {
		t.Fatalf("%d journal entries left after the undo", c)
	}
	ids := write(false)
	for i, id := range ids {
		if got := lookup(i, false); len(got) != 1 || got[0] != id {
			t.Fatalf("index entry %d: %v, want %s", i, got, id)
		}
	}
}
