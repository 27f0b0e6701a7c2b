package vault

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"
)

func signSnapshot(t *testing.T, s *Session, sn *Snapshot) *Snapshot {
	t.Helper()
	sn.Signer = s.user
	body, err := sn.body()
	ok(t, err)
	sn.Sig = ed25519.Sign(s.signer, sn.message(body))
	return sn
}

// roundTrip marshals and parses a snapshot as the bucket would carry it.
func roundTrip(t *testing.T, sn *Snapshot) *Snapshot {
	t.Helper()
	b, err := sn.Marshal()
	ok(t, err)
	out, err := ParseSnapshot(b)
	ok(t, err)
	return out
}

// Rule: a folder that never held a partition takes its snapshot in bulk and then holds every
// record, a deleted one as a tombstone clock (so an older write arriving late does not bring it
// back), with the snapshot's cursor as its own: the sets it covers are no-ops afterwards.
func TestRule_ASnapshotFillsANewFolderAndItsCursorMakesCoveredSetsNoOps(t *testing.T) {
	a, _, ca, _, _ := replicaPair(t)
	keep, gone := NewID(), NewID()
	put(t, a, keep, directoryScope, "blijft")
	put(t, a, gone, directoryScope, "gaat weg")
	_, err := a.Outgoing(0)
	ok(t, err)
	ca.t = ca.t.Add(time.Second)
	ok(t, a.Update(func(tx *Tx) error { return tx.Delete(kindTest, gone) }))
	o, err := a.Outgoing(0)
	ok(t, err)
	var lastSet *ChangeSet
	for _, cs := range o.Sets {
		if cs.Partition == directoryScope {
			lastSet = cs
		}
	}
	ok(t, a.Acknowledge(o))
	sn, err := a.Snapshot(directoryScope, lastSet.Seq)
	ok(t, err)
	tomb := 0
	for _, e := range sn.Entries {
		if e.Deleted {
			tomb++
		}
	}
	if tomb == 0 {
		t.Fatal("the snapshot holds no tombstone of the deleted record")
	}

	c, _ := joinFolder(t, a, &testClock{ca.t})
	st, err := c.ApplySnapshot(roundTrip(t, sn))
	ok(t, err)
	if !st.Fast || st.Applied != len(sn.Entries) {
		t.Fatalf("a new folder should take the snapshot in bulk: %+v", st)
	}
	if got, err := get(c, keep); err != nil || string(got) != "blijft" {
		t.Fatalf("the kept record on C: %q %v", got, err)
	}
	if _, err := get(c, gone); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the deleted record on C: %v", err)
	}
	// The set the snapshot covers (the deletion) is a no-op now.
	if st, err := c.ApplyChangeSet(lastSet); err != nil || !st.Duplicate {
		t.Fatalf("a covered set applied again: %+v %v", st, err)
	}
	// A second apply of the same snapshot compares clocks (the folder is no longer new).
	if st, err := c.ApplySnapshot(roundTrip(t, sn)); err != nil || st.Fast || st.Applied != 0 {
		t.Fatalf("the same snapshot again: %+v %v", st, err)
	}
}

// Rule: a snapshot is refused as a whole when a byte changed, when it claims another vault, when
// it carries a record or an index entry of another partition, or when a tombstone carries a value; nothing of it is written.
func TestRule_AForgedOrMisfitSnapshotIsRefusedAndWritesNothing(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, deptA := newDept(t, a)
	_, deptB := newDept(t, a)
	idB := NewID()
	put(t, a, idB, deptB, "afdeling B")
	push(t, a, b)
	good, err := a.Snapshot(deptB, 0)
	ok(t, err)
	raw, err := good.Marshal()
	ok(t, err)

	cases := map[string]func() *Snapshot{
		"a changed byte": func() *Snapshot {
			x := bytes.Clone(raw)
			x[len(x)-80] ^= 1
			sn, err := ParseSnapshot(x)
			ok(t, err)
			return sn
		},
		"another vault": func() *Snapshot {
			sn := roundTrip(t, good)
			other := "00" // a vault id that starts with 00 itself (1 in 256) gets ff
			if strings.HasPrefix(sn.Vault, other) {
				other = "ff"
			}
			sn.Vault = other + sn.Vault[2:]
			return signSnapshot(t, a, sn)
		},
		"a record of another partition": func() *Snapshot {
			sn := roundTrip(t, good)
			sn.Partition = deptA
			return signSnapshot(t, a, sn)
		},
		"an index entry of another partition": func() *Snapshot {
			sn := roundTrip(t, good)
			sn.Partition = deptA
			key := append([]byte{byte(kindIndex)}, deptB.bytesSlice()...)
			sn.Entries = []SnapshotEntry{{Key: append(key, make([]byte, 60)...), Clock: sn.Clock}}
			return signSnapshot(t, a, sn)
		},
		"a tombstone with a value": func() *Snapshot {
			sn := roundTrip(t, good)
			for i := range sn.Entries {
				if Kind(sn.Entries[i].Key[0]) != kindIndex {
					sn.Entries[i].Deleted = true
				}
			}
			return signSnapshot(t, a, sn)
		},
	}
	for name, make := range cases {
		c, _ := joinFolder(t, a, &testClock{time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)})
		lines, err := a.KeyringEntries(0)
		ok(t, err)
		_, err = c.ApplyKeyringEntries(lines)
		ok(t, err)
		if _, err := c.ApplySnapshot(make()); !errors.Is(err, ErrChangeSetRefused) {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := get(c, idB); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: a refused snapshot wrote a record: %v", name, err)
		}
	}
}
