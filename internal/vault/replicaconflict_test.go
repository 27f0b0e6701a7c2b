package vault

import (
	"bytes"
	"errors"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Concurrent edits between two folders (replicaconflict.go, docs/adr/012-conflicts.md).

const kindConflictTest Kind = 0x41

var testPolicy = ConflictPolicy{Kinds: []Kind{kindTest}, Into: kindConflictTest}

// conflictPair is replicaPair with the test policy on both sessions and one record that both
// folders hold (written on A, pushed to B).
func conflictPair(t *testing.T) (a, b *Session, ca, cb *testClock, id ID) {
	t.Helper()
	a, b, ca, cb, _ = replicaPair(t)
	ok(t, a.KeepConflicts(testPolicy))
	ok(t, b.KeepConflicts(testPolicy))
	id = NewID()
	put(t, a, id, directoryScope, "oud")
	push(t, a, b)
	return a, b, ca, cb, id
}

// exchange takes both folders' outgoing sets first, then applies each to the other: the two
// PCs changed things without seeing each other's changes.
func exchange(t *testing.T, a, b *Session) {
	t.Helper()
	oa, err := a.Outgoing(0)
	ok(t, err)
	ob, err := b.Outgoing(0)
	ok(t, err)
	for _, pair := range []struct {
		o  *Outgoing
		to *Session
	}{{oa, b}, {ob, a}} {
		for _, cs := range pair.o.Sets {
			raw, err := cs.Marshal()
			ok(t, err)
			p, err := ParseChangeSet(raw)
			ok(t, err)
			if _, err := pair.to.ApplyChangeSet(p); err != nil {
				t.Fatalf("apply: %v", err)
			}
		}
	}
	ok(t, a.Acknowledge(oa))
	ok(t, b.Acknowledge(ob))
}

// conflicts lists the opened conflict records of s.
func conflicts(t *testing.T, s *Session) map[ID]Conflict {
	t.Helper()
	out := map[ID]Conflict{}
	ok(t, s.View(func(tx *Tx) error {
		return tx.Iterate(kindConflictTest, func(id ID, r Sealed) error {
			plain, err := r.Open()
			if err != nil {
				return err
			}
			c, err := ParseConflict(plain)
			out[id] = c
			return err
		})
	}))
	return out
}

func TestRule_ConcurrentEditsOfAPolicyKindKeepTheLoserAsOneConflictOnBothPCs(t *testing.T) {
	for _, order := range []string{"B later", "A later"} {
		t.Run(order, func(t *testing.T) {
			a, b, ca, cb, id := conflictPair(t)
			ca.t, cb.t = ca.t.Add(time.Minute), cb.t.Add(2*time.Minute)
			if order == "A later" {
				ca.t = ca.t.Add(time.Hour)
			}
			put(t, a, id, directoryScope, "van A")
			put(t, b, id, directoryScope, "van B")
			exchange(t, a, b)
			exchange(t, a, b) // the winner's PC sends the conflict record; it changes nothing
			winner, loser := "van B", "van A"
			if order == "A later" {
				winner, loser = loser, winner
			}
			var keys []ID
			for name, s := range map[string]*Session{"A": a, "B": b} {
				got, err := get(s, id)
				ok(t, err)
				if string(got) != winner {
					t.Fatalf("%s holds %q, want the later edit %q", name, got, winner)
				}
				cs := conflicts(t, s)
				if len(cs) != 1 {
					t.Fatalf("%s holds %d conflict records, want 1", name, len(cs))
				}
				for cid, c := range cs {
					keys = append(keys, cid)
					if string(c.Kept) != loser || c.ID != id || c.Kind != kindTest {
						t.Fatalf("%s's conflict keeps %q of %s, want %q", name, c.Kept, c.ID, loser)
					}
					if c.KeptClock >= c.CurrentClock {
						t.Fatal("the kept version is not the older one")
					}
				}
			}
			if keys[0] != keys[1] {
				t.Fatal("the two PCs keyed the same conflict differently")
			}
		})
	}
}

func TestRule_EditsThatSawEachOtherStayPlainLastWriterWins(t *testing.T) {
	a, b, ca, cb, id := conflictPair(t)
	ca.t = ca.t.Add(time.Minute)
	put(t, a, id, directoryScope, "A één")
	put(t, a, id, directoryScope, "A twee") // two local edits before one push
	push(t, a, b)
	cb.t = cb.t.Add(2 * time.Minute)
	put(t, b, id, directoryScope, "B na A") // B saw A's version
	push(t, b, a)
	ca.t = ca.t.Add(3 * time.Minute)
	put(t, a, id, directoryScope, "A na B")
	push(t, a, b)
	for name, s := range map[string]*Session{"A": a, "B": b} {
		got, err := get(s, id)
		ok(t, err)
		if string(got) != "A na B" {
			t.Fatalf("%s holds %q", name, got)
		}
		if n := len(conflicts(t, s)); n != 0 {
			t.Fatalf("%s shows %d conflicts for edits that followed each other", name, n)
		}
	}
}

func TestRule_AKindOutsideThePolicyKeepsNoConflict(t *testing.T) {
	a, b, ca, cb, id := conflictPair(t)
	ok(t, a.KeepConflicts(ConflictPolicy{}))
	ok(t, b.KeepConflicts(ConflictPolicy{}))
	ca.t, cb.t = ca.t.Add(time.Minute), cb.t.Add(2*time.Minute)
	put(t, a, id, directoryScope, "van A")
	put(t, b, id, directoryScope, "van B")
	exchange(t, a, b)
	if len(conflicts(t, a))+len(conflicts(t, b)) != 0 {
		t.Fatal("a conflict was kept without a policy")
	}
	got, err := get(a, id)
	ok(t, err)
	if string(got) != "van B" {
		t.Fatalf("A holds %q, want last writer wins", got)
	}
}

func TestRule_ADeletionWinsOverAConcurrentEditWhateverTheClocks(t *testing.T) {
	for _, deleter := range []string{"A", "B"} {
		t.Run("deleted on "+deleter, func(t *testing.T) {
			a, b, ca, cb, id := conflictPair(t)
			// The edit is an hour later than the deletion: last writer wins would keep it.
			ca.t, cb.t = ca.t.Add(time.Minute), cb.t.Add(time.Hour)
			del, edit := a, b
			if deleter == "B" {
				ca.t, cb.t = ca.t.Add(time.Hour), cb.t.Add(-time.Hour+time.Minute)
				del, edit = b, a
			}
			ok(t, del.Update(func(tx *Tx) error { return tx.Delete(kindTest, id) }))
			put(t, edit, id, directoryScope, "bewerkt")
			exchange(t, a, b)
			exchange(t, a, b)
			for name, s := range map[string]*Session{"A": a, "B": b} {
				if _, err := get(s, id); !errors.Is(err, ErrNotFound) {
					t.Fatalf("%s brought the deleted record back: %v", name, err)
				}
				if n := len(conflicts(t, s)); n != 0 {
					t.Fatalf("%s keeps %d conflicts of a deleted record", name, n)
				}
			}
		})
	}
}

func TestRule_ResolvingAConflictReplicatesAndClearsItOnBothPCs(t *testing.T) {
	a, b, ca, cb, id := conflictPair(t)
	ca.t, cb.t = ca.t.Add(time.Minute), cb.t.Add(2*time.Minute)
	put(t, a, id, directoryScope, "van A")
	put(t, b, id, directoryScope, "van B")
	exchange(t, a, b)
	cs := conflicts(t, a)
	if len(cs) != 1 {
		t.Fatalf("A holds %d conflicts", len(cs))
	}
	// A resolves (keeps its own version) before B sent anything more.
	ca.t = ca.t.Add(time.Minute)
	for cid, c := range cs {
		ok(t, a.Update(func(tx *Tx) error {
			if err := tx.Put(kindTest, id, directoryScope, c.Kept); err != nil {
				return err
			}
			return tx.Delete(kindConflictTest, cid)
		}))
	}
	exchange(t, a, b)
	exchange(t, a, b)
	for name, s := range map[string]*Session{"A": a, "B": b} {
		got, err := get(s, id)
		ok(t, err)
		if string(got) != "van A" {
			t.Fatalf("%s holds %q after the resolution", name, got)
		}
		if n := len(conflicts(t, s)); n != 0 {
			t.Fatalf("%s still shows %d conflicts after the resolution", name, n)
		}
	}
}

func TestRule_AVersionOneChangeSetIsStillReadAndAppliedAsLastWriterWins(t *testing.T) {
	a, b, ca, _, id := conflictPair(t)
	ca.t = ca.t.Add(time.Minute)
	put(t, a, id, directoryScope, "nieuw")
	o, err := a.Outgoing(0)
	ok(t, err)
	cs := o.Sets[0]
	cs.v1 = true // what an older Kluis sends: no bases
	ok(t, cs.sign(a.signer))
	raw, err := cs.Marshal()
	ok(t, err)
	if !bytes.HasPrefix(raw, []byte("KLUISCS1")) {
		t.Fatal("not a version-1 set")
	}
	p, err := ParseChangeSet(raw)
	ok(t, err)
	if _, err := b.ApplyChangeSet(p); err != nil {
		t.Fatalf("a version-1 set is refused: %v", err)
	}
	got, err := get(b, id)
	ok(t, err)
	if string(got) != "nieuw" {
		t.Fatalf("B holds %q", got)
	}
}

func TestRule_ALocalEditsClockNamesTheVersionItReplaced(t *testing.T) {
	a, b, _, cb, id := conflictPair(t)
	var fromA clock
	ok(t, b.db.View(func(txn *badger.Txn) (err error) { fromA, _, err = readClock(txn, recordKey(kindTest, id)); return err }))
	cb.t = cb.t.Add(time.Minute)
	put(t, b, id, directoryScope, "een")
	put(t, b, id, directoryScope, "twee")
	o, err := b.Outgoing(0)
	ok(t, err)
	for _, e := range o.Sets[0].Entries {
		if bytes.Equal(e.Key, recordKey(kindTest, id)) && e.Base != fromA.hlc {
			t.Fatalf("base %d, want A's version %d", e.Base, fromA.hlc)
		}
	}
	_ = a
}
