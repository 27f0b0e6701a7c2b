package vault

import (
	"bytes"
	"testing"
)

// plantStaffLeftovers writes what an older Kluis's staff index leaves in a store (ADR 008): staff
// entries and the marker under the pseudo scope 0, and a manager's queued change of a BSN,
// sealed under the department's scope. It returns the queued record's key.
func plantStaffLeftovers(t *testing.T, s *Session, dept ScopeID, bsn string) []byte {
	t.Helper()
	id := NewID()
	queued := append([]byte{byte(kindStaffQueue)}, id[:]...)
	ok(t, s.Update(func(tx *Tx) error {
		for i := range 3 {
			entry := append(bytes.Clone(staffIndexPrefix), 3, 'b', 's', 'n', byte(i))
			if err := tx.txn.Set(entry, nil); err != nil {
				return err
			}
		}
		if err := tx.txn.Set(append(bytes.Clone(staffIndexPrefix), 0), []byte{2, 'm', 'a', 'c'}); err != nil {
			return err
		}
		of := NewID()
		change := append([]byte{1, 's', byte(kindTest)}, of[:]...)
		change = append(append(change, 3, 'b', 's', 'n'), bsn...)
		sealed, err := s.seal(queued, dept, change)
		if err != nil {
			return err
		}
		return tx.set(queued, sealed)
	}))
	return queued
}

func storeHas(t *testing.T, s *Session, prefix []byte) (found bool) {
	t.Helper()
	ok(t, s.View(func(tx *Tx) error { found = hasPrefix(tx.txn, prefix); return nil }))
	return found
}

// Rule (ADR 014): RetireStaffIndex removes what an older Kluis's staff index left: the staff
// entries and marker, dropped on this PC (they were never replicated), and, in a session that
// holds every department, the queued changes, whose deletion replicates, so that their sealed
// BSN leaves every PC; a second call finds nothing.
func TestRule_RetiringTheStaffIndexRemovesItsEntriesAndItsQueuedValuesOnEveryPC(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, dept := newDept(t, a)
	queued := plantStaffLeftovers(t, a, dept, "123456782")
	push(t, a, b)
	if !storeHas(t, b, queued) || storeHas(t, b, staffIndexPrefix) {
		t.Fatal("the queued change did not reach B, or staff entries did")
	}
	rep, err := a.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	if rep.StaffIndexEntries != 4 {
		t.Fatalf("verify counted %d entries of the retired staff index, want 4", rep.StaffIndexEntries)
	}
	if n, dropped, err := b.RetireStaffIndex(); err != nil || n != 1 || dropped {
		t.Fatalf("B deleted %d queued changes and dropped entries %v (%v); want 1 and false", n, dropped, err)
	}
	push(t, b, a)
	if storeHas(t, a, queued) {
		t.Fatal("B's deletion of the queued change did not reach A")
	}
	if n, dropped, err := a.RetireStaffIndex(); err != nil || n != 0 || !dropped {
		t.Fatalf("A deleted %d queued changes and dropped entries %v (%v); want 0 and true", n, dropped, err)
	}
	if storeHas(t, a, staffIndexPrefix) {
		t.Fatal("A still holds the retired staff index's entries")
	}
	if n, dropped, err := a.RetireStaffIndex(); err != nil || n != 0 || dropped {
		t.Fatalf("a second call: %d, %v, %v", n, dropped, err)
	}
	rep, err = a.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	if rep.StaffIndexEntries != 0 || !rep.OK() {
		t.Fatalf("after retiring: %d entries, ok %v", rep.StaffIndexEntries, rep.OK())
	}
}

// Rule: a manager's session drops the local staff entries but deletes no queued change (a
// deletion of another department's record would be refused by the other PCs).
func TestRule_AManagerRetiringTheStaffIndexDeletesNoQueuedChange(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptID, dept := newDept(t, s)
	queued := plantStaffLeftovers(t, s, dept, "123456782")
	_, err := s.AddUser(NewUser{Email: "mgr@example.test", Passphrase: []byte("pw")}, RoleManager, deptID)
	ok(t, err)
	s.Lock()
	m, err := v.Unlock("mgr@example.test", []byte("pw"))
	ok(t, err)
	defer m.Lock()
	if n, dropped, err := m.RetireStaffIndex(); err != nil || n != 0 || !dropped {
		t.Fatalf("a manager's session: %d queued changes deleted, entries dropped %v (%v); want 0 and true", n, dropped, err)
	}
	if !storeHas(t, m, queued) {
		t.Fatal("a manager's session deleted a queued change")
	}
}

// Rule (ADR 005, 014): an erasure deletes every queued change an older Kluis's manager left,
// since one may name the erased employee's BSN and no Kluis reads them any more.
func TestRule_AnErasureDeletesTheRetiredStaffIndexsQueuedChanges(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	plantStaffLeftovers(t, s, dept, "123456782")
	ok(t, s.Update(func(tx *Tx) error {
		_, err := tx.DeleteIndexEntriesOf(kindTest, []ID{NewID()})
		return err
	}))
	if storeHas(t, s, []byte{byte(kindStaffQueue)}) {
		t.Fatal("the erasure left a queued change")
	}
}
