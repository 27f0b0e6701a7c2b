package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// Pages (pages.go) are derived data trusted only while the records they were built from are
// unchanged. These tests write a page for the current stamp and then change the records on
// each write path: the page must no longer be returned.

const pageTest byte = 7

func stampOf(t testing.TB, s *Session, scope ScopeID, kind Kind) uint64 {
	t.Helper()
	var st uint64
	ok(t, s.View(func(tx *Tx) (err error) { st, err = tx.Stamp(scope, kind); return err }))
	return st
}

// savePage writes a page for the records of kindTest under scope as they are now.
func savePage(t testing.TB, s *Session, scope ScopeID, chunks ...string) {
	t.Helper()
	var cs [][]byte
	for _, c := range chunks {
		cs = append(cs, []byte(c))
	}
	ok(t, s.WritePage(scope, pageTest, stampOf(t, s, scope, kindTest), cs))
}

// pageOf returns the page of scope if it is still valid for the current stamp.
func pageOf(t testing.TB, s *Session, scope ScopeID) ([]string, bool) {
	t.Helper()
	var out []string
	var valid bool
	ok(t, s.View(func(tx *Tx) error {
		st, err := tx.Stamp(scope, kindTest)
		if err != nil {
			return err
		}
		chunks, v, err := tx.Page(scope, pageTest, st)
		for _, c := range chunks {
			out = append(out, string(c))
		}
		valid = v
		return err
	}))
	return out, valid
}

func TestRule_APageIsReadBackWhileNothingOfItsScopeAndKindChanged(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, a := newDept(t, s)
	_, b := newDept(t, s)
	put(t, s, NewID(), a, "one")
	savePage(t, s, a, "first", "second")
	got, valid := pageOf(t, s, a)
	if !valid || len(got) != 2 || got[0] != "first" || got[1] != "second" {
		t.Fatalf("page = %q valid %v, want both chunks", got, valid)
	}
	// Another scope's records, and another kind under the same scope, leave it valid.
	put(t, s, NewID(), b, "other department")
	ok(t, s.Update(func(tx *Tx) error { return tx.Put(0x41, NewID(), a, []byte("other kind")) }))
	if _, valid := pageOf(t, s, a); !valid {
		t.Fatal("a write to another scope or kind made the page stale")
	}
	// A shorter page written later replaces it whole: the longer one's tail is deleted, not
	// only ignored.
	savePage(t, s, a, "only")
	if got, valid := pageOf(t, s, a); !valid || len(got) != 1 || got[0] != "only" {
		t.Fatalf("page = %q valid %v after a rewrite, want the one new chunk", got, valid)
	}
	if n := pageChunksStored(t, s, a); n != 1 {
		t.Fatalf("%d chunks stored after a one-chunk rewrite, want 1", n)
	}
	savePage(t, s, a, "1", "2", "3", "4")
	savePage(t, s, a, "1", "2")
	if n := pageChunksStored(t, s, a); n != 2 {
		t.Fatalf("%d chunks stored after a two-chunk rewrite of four, want 2", n)
	}
}

// Rule: the pages read on every core (ReadPages) are, scope by scope, what Stamp and Page read
// one by one: valid pages with their chunks in order, stale and missing ones not valid; and
// every scope is handed over once.
func TestRule_PagesReadOnEveryCoreAreWhatPageReadsOneByOne(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	var scopes []ScopeID
	for i := range 24 {
		_, sc := newDept(t, s)
		scopes = append(scopes, sc)
		put(t, s, NewID(), sc, "record")
		switch i % 4 {
		case 0: // no page
		case 1: // stale
			savePage(t, s, sc, "old")
			put(t, s, NewID(), sc, "written after the page")
		default:
			var chunks []string
			for c := range i%5 + 1 {
				chunks = append(chunks, fmt.Sprintf("scope %d chunk %d", i, c))
			}
			savePage(t, s, sc, chunks...)
		}
	}
	type read struct {
		stamp  uint64
		chunks []string
		valid  bool
		calls  int
	}
	got := make([]read, len(scopes))
	var mu sync.Mutex
	ok(t, s.View(func(tx *Tx) error {
		return tx.ReadPages(scopes, kindTest, pageTest, func(i int, stamp uint64, chunks [][]byte, valid bool) {
			mu.Lock()
			defer mu.Unlock()
			r := &got[i]
			r.stamp, r.valid = stamp, valid
			r.calls++
			for _, c := range chunks {
				r.chunks = append(r.chunks, string(c))
			}
		})
	}))
	for i, sc := range scopes {
		want, valid := pageOf(t, s, sc)
		r := got[i]
		if r.calls != 1 || r.valid != valid || !slices.Equal(r.chunks, want) || r.stamp != stampOf(t, s, sc, kindTest) {
			t.Fatalf("scope %d: ReadPages gave %+v; one by one: %q valid %v", i, r, want, valid)
		}
		if i%4 >= 2 && !valid {
			t.Fatalf("scope %d: its page was written for the current records and is not valid", i)
		}
	}
}

// pageChunksStored counts the chunk keys of scope's test page in the store.
func pageChunksStored(t testing.TB, s *Session, scope ScopeID) int {
	t.Helper()
	return countPrefix(t, s, pagePrefix(scope, pageTest))
}

func TestRule_EveryWritePathMakesThePageOfTheScopeItWroteStale(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, a := newDept(t, s)
	id := NewID()
	put(t, s, id, a, "v1")
	paths := []struct {
		name  string
		write func() error
	}{
		{"transaction put", func() error {
			return s.Update(func(tx *Tx) error { return tx.Put(kindTest, id, a, []byte("v2")) })
		}},
		{"transaction delete", func() error {
			return s.Update(func(tx *Tx) error { return tx.Delete(kindTest, id) })
		}},
		{"batch put", func() error {
			return s.WriteBatch(func(b *Batch) error { return b.Put(kindTest, id, a, []byte("v3")) })
		}},
		{"batch delete", func() error {
			return s.WriteBatch(func(b *Batch) error { return b.Delete(kindTest, id) })
		}},
		{"crash-atomic write", func() error {
			return s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error { return w.Put(kindTest, id, a, []byte("v4")) })
		}},
		{"crash-atomic delete", func() error {
			return s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error { return w.Delete(kindTest, id) })
		}},
	}
	for _, p := range paths {
		savePage(t, s, a, "page")
		if _, valid := pageOf(t, s, a); !valid {
			t.Fatalf("%s: the page is not valid right after it was written", p.name)
		}
		ok(t, p.write())
		if _, valid := pageOf(t, s, a); valid {
			t.Fatalf("%s: the page is still valid after the write", p.name)
		}
	}
}

// An undo puts back records a page may have been built from while the write ran.
func TestRule_TheUndoOfAnAtomicWriteMakesAPageBuiltMeanwhileStale(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, a := newDept(t, s)
	id := NewID()
	put(t, s, id, a, "before")
	failed := errors.New("cancelled")
	err := s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
		ok(t, w.Put(kindTest, id, a, []byte("during")))
		ok(t, w.Flush())
		savePage(t, s, a, "built from the write in progress")
		return failed
	})
	wantErr(t, err, failed)
	if got, _ := get(s, id); string(got) != "before" {
		t.Fatalf("record = %q after the undo, want before", got)
	}
	if _, valid := pageOf(t, s, a); valid {
		t.Fatal("the page built during the write is still valid after the undo")
	}
}

func TestRule_AReplicatedChangeMakesThePageOnTheOtherPCStale(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, sc := newDept(t, a)
	push(t, a, b)
	id := NewID()
	put(t, a, id, sc, "v1")
	push(t, a, b)
	savePage(t, b, sc, "page on b")
	if _, valid := pageOf(t, b, sc); !valid {
		t.Fatal("the page on B is not valid before the change")
	}
	put(t, a, id, sc, "v2")
	push(t, a, b)
	if _, valid := pageOf(t, b, sc); valid {
		t.Fatal("a change applied from A left B's page valid")
	}
	savePage(t, b, sc, "page on b again")
	ok(t, a.Update(func(tx *Tx) error { return tx.Delete(kindTest, id) }))
	push(t, a, b)
	if _, valid := pageOf(t, b, sc); valid {
		t.Fatal("a deletion applied from A left B's page valid")
	}
}

func TestRule_APageOfAnotherWriteOrDamagedIsNotReturned(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	_ = dir
	_, a := newDept(t, s)
	put(t, s, NewID(), a, "x")
	savePage(t, s, a, "one", "two")
	// Chunk 1 of a later write of the page, mixed with chunk 0 of the earlier one.
	var later []byte
	func() {
		savePage(t, s, a, "three", "four")
		ok(t, s.View(func(tx *Tx) error {
			item, err := tx.txn.Get(pageKey(a, pageTest, 1))
			if err != nil {
				return err
			}
			later, err = item.ValueCopy(nil)
			return err
		}))
	}()
	savePage(t, s, a, "one", "two")
	ok(t, s.db.Update(func(txn *badger.Txn) error { return txn.Set(pageKey(a, pageTest, 1), later) }))
	if got, valid := pageOf(t, s, a); valid {
		t.Fatalf("a page mixed from two writes was returned: %q", got)
	}
	// A flipped byte.
	savePage(t, s, a, "one", "two")
	ok(t, s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(pageKey(a, pageTest, 0))
		if err != nil {
			return err
		}
		val, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		val[len(val)-1] ^= 1
		return txn.Set(pageKey(a, pageTest, 0), val)
	}))
	if _, valid := pageOf(t, s, a); valid {
		t.Fatal("a damaged page was returned")
	}
	_ = v
}

func TestRule_PagesStayOutOfBackupsAndRotations(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, a := newDept(t, s)
	put(t, s, NewID(), a, "x")
	savePage(t, s, a, "PAGE-CANARY")
	var buf bytes.Buffer
	info, err := s.Backup(context.Background(), &buf, BackupOptions{})
	ok(t, err)
	var keys uint64
	ok(t, s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if Kind(it.Item().Key()[0]) != kindLocal {
				keys++
			}
		}
		return nil
	}))
	if info.Records != keys {
		t.Fatalf("backup holds %d entries, want the %d that are not pages or stamps", info.Records, keys)
	}
	err = s.Compact(context.Background(), CompactOptions{})
	ok(t, err)
	if _, valid := pageOf(t, s, a); valid {
		t.Fatal("a page survived the rebuild of the store (it is sealed under the keys of before)")
	}
}
