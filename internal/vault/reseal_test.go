package vault

import (
	"context"
	"errors"
	"fmt"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// Rule: the rotation's re-seal re-seals every record of the rotated scope
// once (Done counts them) and indexes each, and a damaged record anywhere among them stops the
// rotation with ErrCorrupt, leaving the old store in place with the rotation still pending.
func TestRule_TheReSealCountsEveryRecordAndStopsWholeAtADamagedOne(t *testing.T) {
	f := newRotationFixture(t, 3000)
	s := f.admin
	ok(t, s.Revoke(f.manager))
	victim := f.inA[1777]
	ok(t, s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(recordKey(kindTest, victim))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		v[len(v)-3] ^= 1
		return txn.Set(recordKey(kindTest, victim), v)
	}))
	err := s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer})
	wantErr(t, err, ErrCorrupt)
	if len(s.PendingRotation()) == 0 {
		t.Fatal("the rotation was marked finished after a damaged record")
	}
	if _, err := get(s, f.inA[0]); err != nil {
		t.Fatalf("the old store after the stopped rotation: %v", err)
	}

	// Put the record right again (as a restore would) and finish.
	put(t, s, victim, f.deptA, fmt.Sprintf("%s-%d", f.deptA, 1777))
	resealed := -1
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer, Done: func(n int) { resealed = n }}))
	// The victim was written again under the new key before the rotation: not re-sealed.
	if want := len(f.inA) - 1; resealed != want {
		t.Fatalf("re-sealed %d records, want %d (every record of A but the rewritten one)", resealed, want)
	}
	for i, id := range f.inA {
		if b, err := get(s, id); err != nil || string(b) != fmt.Sprintf("%s-%d", f.deptA, i) {
			t.Fatalf("record %d of A after the rotation: %q, %v", i, b, err)
		}
		if i%500 == 0 {
			if ids := lookup(t, s, f.deptA, fmt.Sprintf("%s-%d", f.deptA, i)); len(ids) != 1 || ids[0] != id {
				t.Fatalf("index of record %d after the rotation: %v", i, ids)
			}
		}
	}
}

// Rule: an Indexer error on one record stops the rotation with that error.
func TestRule_AnIndexerErrorStopsTheRotation(t *testing.T) {
	f := newRotationFixture(t, 2000)
	s := f.admin
	ok(t, s.Revoke(f.manager))
	boom := errors.New("index boom")
	bad := fmt.Sprintf("%s-%d", f.deptB, 1500)
	ix := &Indexer{Kinds: testIndexer.Kinds, Entries: func(kind Kind, id ID, plain []byte) ([]IndexValue, error) {
		if string(plain) == bad {
			return nil, boom
		}
		return testIndexer.Entries(kind, id, plain)
	}}
	wantErr(t, s.Rotate(context.Background(), RotateOptions{Indexer: ix}), boom)
	if len(s.PendingRotation()) == 0 {
		t.Fatal("the rotation was marked finished after an index error")
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
}
