package vault

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// editIndexed changes a test record's value and its index entry, as people's edit does: the old
// entry deleted, the new one set, in one transaction.
func editIndexed(t testing.TB, s *Session, id ID, scope ScopeID, old, value string) {
	t.Helper()
	ok(t, s.Update(func(tx *Tx) error {
		if err := tx.Put(kindTest, id, scope, []byte(value)); err != nil {
			return err
		}
		if err := tx.DeleteIndex(scope, "name", []byte(old), kindTest, id); err != nil {
			return err
		}
		return tx.SetIndex(scope, "name", []byte(value), kindTest, id)
	}))
}

func queued(t testing.TB, s *Session) int {
	t.Helper()
	n, err := s.StaffIndexQueued()
	ok(t, err)
	return n
}

// markerCurrent reads the marker alone (not the queue).
func markerCurrent(t testing.TB, s *Session) bool {
	t.Helper()
	var cur bool
	ok(t, s.db.View(func(txn *badger.Txn) (err error) { cur, err = s.staffCurrent(txn); return err }))
	return cur
}

// rawQueue is the stored queue: keys and sealed values.
func rawQueue(t testing.TB, s *Session) [][2][]byte {
	t.Helper()
	var out [][2][]byte
	ok(t, s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindStaffQueue)}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, [2][]byte{it.Item().KeyCopy(nil), v})
		}
		return nil
	}))
	return out
}

// asManager locks s and unlocks a new manager of depts; relock unlocks the admin again.
func asManager(t *testing.T, v *Vault, s *Session, depts ...ID) (m *Session, relock func() *Session) {
	t.Helper()
	_, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, depts...)
	ok(t, err)
	s.Lock()
	m, err = v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	return m, func() *Session {
		m.Lock()
		a, err := v.Unlock(testEmail, []byte(testPass))
		ok(t, err)
		t.Cleanup(a.Lock)
		return a
	}
}

// Rule (ADR 008, revision): a manager cannot compute staff entries, so their department index
// writes are queued, sealed under the department, and the marker stays. HR and admins search
// per department while the queue is not empty (they find the manager's changes), and
// BuildStaffIndex folds the queue in without rebuilding: afterwards the staff index answers
// alone, finds the new value and not the old one.
func TestRule_AManagersWriteIsQueuedAndFoldedInWithoutARebuild(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptA, scopeA := newDept(t, s)
	_, scopeB := newDept(t, s)
	edited, other := NewID(), NewID()
	putIndexed(t, s, edited, scopeA, "oud")
	putIndexed(t, s, other, scopeB, "in B")
	before := countStaffEntries(t, s)
	m, relock := asManager(t, v, s, deptA)
	if m.ks.staffIx != nil {
		t.Fatal("a manager's session holds staff index keys")
	}
	if _, built, err := m.BuildStaffIndex(t.Context(), testIndexer); built || err != nil {
		t.Fatalf("a manager built the staff index (%v, %v)", built, err)
	}
	mine := NewID()
	putIndexed(t, m, mine, scopeA, "van de manager")
	editIndexed(t, m, edited, scopeA, "oud", "nieuw")
	if got := lookupDepts(t, m, "nieuw"); !slices.Equal(got, []ID{edited}) {
		t.Fatalf("the manager does not find their own edit: %v", got)
	}
	s = relock()
	if !markerCurrent(t, s) {
		t.Fatal("a manager's queued write deleted the staff index's marker")
	}
	if n := queued(t, s); n != 3 {
		t.Fatalf("%d changes queued, want 3 (a set; a delete and a set)", n)
	}
	if staffCurrent(t, s) {
		t.Fatal("the staff index says it answers alone while changes wait in its queue")
	}
	for value, want := range map[string][]ID{"van de manager": {mine}, "nieuw": {edited}, "oud": nil} {
		if got := lookupDepts(t, s, value); !slices.Equal(got, want) {
			t.Fatalf("before the fold, %q finds %v, want %v", value, got, want)
		}
	}
	entries, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if built {
		t.Fatal("HR rebuilt the whole staff index for three queued changes")
	}
	if entries != 2 || queued(t, s) != 0 || !staffCurrent(t, s) || countStaffEntries(t, s) != before+1 {
		t.Fatalf("fold: %d entries set, %d queued, current %v, %d stored; want 2, 0, true, %d",
			entries, queued(t, s), staffCurrent(t, s), countStaffEntries(t, s), before+1)
	}
	for _, value := range []string{"van de manager", "nieuw", "oud", "in B"} {
		if got, want := lookupDepts(t, s, value), perScope(t, s, value); !slices.Equal(got, want) {
			t.Fatalf("after the fold, %q finds %v, per department %v", value, got, want)
		}
	}
	if got := lookupDepts(t, s, "oud"); len(got) != 0 {
		t.Fatalf("the old value still finds %v", got)
	}
}

// Rule (ADR 008, revision): folding is idempotent. A crash after a fold's staff entries were
// written but before its queue records were deleted (here: the queue put back as it was) only
// makes the next fold redo the same work, with the same answers; back-and-forth edits and a
// record deleted since are folded to the record's present state whatever the order.
func TestRule_AFoldRepeatedAfterACrashGivesTheSameIndex(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptA, scopeA := newDept(t, s)
	ids := make([]ID, 6)
	for i := range ids {
		ids[i] = NewID()
		putIndexed(t, s, ids[i], scopeA, fmt.Sprintf("v%d", i))
	}
	m, relock := asManager(t, v, s, deptA)
	editIndexed(t, m, ids[0], scopeA, "v0", "x")
	editIndexed(t, m, ids[0], scopeA, "x", "y")
	editIndexed(t, m, ids[0], scopeA, "y", "v0")  // back where it began
	editIndexed(t, m, ids[1], scopeA, "v1", "v2") // now shares a value
	ok(t, m.Update(func(tx *Tx) error {           // deleted by the manager, entry and all
		if err := tx.Delete(kindTest, ids[2]); err != nil {
			return err
		}
		return tx.DeleteIndex(scopeA, "name", []byte("v2"), kindTest, ids[2])
	}))
	extra := NewID()
	putIndexed(t, m, extra, scopeA, "x")
	s = relock()
	queue := rawQueue(t, s)
	if len(queue) != 10 { // four edits of two, a delete, a create
		t.Fatalf("%d changes queued, want 10", len(queue))
	}
	values := []string{"v0", "v1", "v2", "v3", "x", "y", "nobody"}
	check := func(stage string) map[string][]ID {
		t.Helper()
		got := map[string][]ID{}
		for _, value := range values {
			got[value] = lookupDepts(t, s, value)
			if want := perScope(t, s, value); !slices.Equal(got[value], want) {
				t.Fatalf("%s: %q finds %v, per department %v", stage, value, got[value], want)
			}
		}
		return got
	}
	_, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if built || !staffCurrent(t, s) {
		t.Fatalf("first fold: built %v, current %v", built, staffCurrent(t, s))
	}
	first, stored := check("first fold"), countStaffEntries(t, s)
	if !slices.Equal(first["v0"], []ID{ids[0]}) || len(first["y"]) != 0 || len(first["v2"]) != 1 || !slices.Equal(first["x"], []ID{extra}) {
		t.Fatalf("the fold did not reach the records' present state: %v", first)
	}
	// The crash: staff entries written, queue records still there.
	ok(t, s.db.Update(func(txn *badger.Txn) error {
		for _, q := range queue {
			if err := txn.Set(q[0], q[1]); err != nil {
				return err
			}
		}
		return nil
	}))
	if staffCurrent(t, s) {
		t.Fatal("the index answers alone with the queue back")
	}
	check("queue back, not folded")
	_, built, err = s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if built || queued(t, s) != 0 || countStaffEntries(t, s) != stored {
		t.Fatalf("second fold: built %v, %d queued, %d stored; want false, 0, %d", built, queued(t, s), countStaffEntries(t, s), stored)
	}
	if again := check("second fold"); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("the repeated fold answers %v, the first %v", again, first)
	}
}

// Rule (ADR 008, revision): a queued change the fold cannot use (damaged, or planted by someone
// with the folder) never makes a lookup miss: the fold deletes the marker and HR rebuilds the
// whole index, which also empties the queue.
func TestRule_AnUnusableQueuedChangeMakesHRRebuild(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, scopeA := newDept(t, s)
	id := NewID()
	putIndexed(t, s, id, scopeA, "Anna")
	ok(t, s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(recordKey(kindStaffQueue, NewID()), []byte("not a sealed record"))
	}))
	if staffCurrent(t, s) {
		t.Fatal("the index answers alone with a change queued")
	}
	_, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if !built || queued(t, s) != 0 || !staffCurrent(t, s) {
		t.Fatalf("built %v, %d queued, current %v; want a rebuild that empties the queue", built, queued(t, s), staffCurrent(t, s))
	}
	if got := lookupDepts(t, s, "Anna"); !slices.Equal(got, []ID{id}) {
		t.Fatalf("after the rebuild: %v", got)
	}
}

// Rule (ADR 008, revision): a manager's crash-atomic write queues at most maxQueuedPerAtomic
// changes; a larger one (an import) marks the staff index stale instead, and HR's next build
// rebuilds it and drops the queue.
func TestRule_AManagersLargeAtomicWriteMarksTheStaffIndexStale(t *testing.T) {
	if testing.Short() {
		t.Skip("writes more than 4,096 records")
	}
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptA, scopeA := newDept(t, s)
	m, relock := asManager(t, v, s, deptA)
	n := maxQueuedPerAtomic + 10
	ok(t, m.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
		for i := range n {
			id := NewID()
			if err := w.PutNew(kindTest, id, scopeA, fmt.Appendf(nil, "r%d", i)); err != nil {
				return err
			}
			if err := w.SetIndex(scopeA, "name", fmt.Appendf(nil, "r%d", i), kindTest, id, true); err != nil {
				return err
			}
			if i%1000 == 999 {
				if err := w.Flush(); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	s = relock()
	if q := queued(t, s); q != maxQueuedPerAtomic || markerCurrent(t, s) {
		t.Fatalf("%d queued, marker current %v; want %d and stale", q, markerCurrent(t, s), maxQueuedPerAtomic)
	}
	if got := lookupDepts(t, s, fmt.Sprint("r", n-1)); len(got) != 1 {
		t.Fatalf("the last row is not found per department: %v", got)
	}
	entries, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if !built || entries != n || queued(t, s) != 0 || !staffCurrent(t, s) {
		t.Fatalf("built %v with %d entries, %d queued; want a rebuild of %d and an empty queue", built, entries, queued(t, s), n)
	}
}

// Rule (ADR 005 erasure, ADR 008 revision): erasing a record removes the queued changes that
// name it (a sealed copy of the erased employee's BSN), and compaction leaves no version of them:
// no value the admin can open, in any version, and no file holds the canary. Another record's
// queued change stays.
func TestRule_ErasureRemovesTheQueuedChangesOfTheErasedAndCompactionTheirVersions(t *testing.T) {
	const canary, kept = "111222333", "bewaard"
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	deptA, scopeA := newDept(t, s)
	erased, other := NewID(), NewID()
	put(t, s, erased, scopeA, canary)
	put(t, s, other, scopeA, kept)
	m, relock := asManager(t, v, s, deptA)
	ok(t, m.Update(func(tx *Tx) error {
		if err := tx.SetIndex(scopeA, "name", []byte(canary), kindTest, erased); err != nil {
			return err
		}
		return tx.SetIndex(scopeA, "name", []byte(kept), kindTest, other)
	}))
	s = relock()
	planted := rawQueue(t, s)
	if len(planted) != 2 {
		t.Fatalf("%d changes queued, want 2", len(planted))
	}
	ok(t, s.Update(func(tx *Tx) error {
		if err := tx.Delete(kindTest, erased); err != nil {
			return err
		}
		_, err := tx.DeleteIndexEntriesOf(kindTest, []ID{erased})
		return err
	}))
	if queued(t, s) != 1 {
		t.Fatalf("%d changes queued after the erasure, want 1 (the other record's)", queued(t, s))
	}
	ok(t, s.Compact(t.Context(), CompactOptions{}))
	found, opened := 0, 0
	ok(t, s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.AllVersions = true
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			k := item.Key()
			plain := v
			if len(k) == recordKeyLen && Kind(k[0]) != kindAudit && len(v) > 0 {
				if p, err := s.open(nil, k, v); err == nil {
					plain, opened = p, opened+1
				}
			}
			if bytes.Contains(k, []byte(canary)) || bytes.Contains(plain, []byte(canary)) {
				found++
			}
			if Kind(k[0]) == kindStaffQueue && bytes.Contains(plain, erased[:]) {
				found++
			}
		}
		return nil
	}))
	if opened == 0 || found != 0 {
		t.Fatalf("opened %d stored values, %d hold the erased record's BSN or id in the queue", opened, found)
	}
	_, _, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if got := lookupDepts(t, s, kept); !slices.Equal(got, []ID{other}) {
		t.Fatalf("the other record's queued change was lost: %v", got)
	}
	if got := lookupDepts(t, s, canary); len(got) != 0 {
		t.Fatalf("the erased record is found: %v", got)
	}
	s.Lock()
	ok(t, v.Close())
	ok(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, []byte(canary)) {
			t.Errorf("%s holds the canary BSN", path)
		}
		return err
	}))
}

// Attack (docs/threat-model.md, ADR 008 revision): a manager of department A, with the folder
// and their own keys, reads the queue. Department B's queued change (a BSN of B's employee) does
// not open with any key they hold, not as stored and not with its header changed to their own
// scope; their own department's does. The keys of queued changes are random: none carries the
// id of the record it names, and two changes of one record do not share a key.
func TestAttack_AManagerCannotOpenAnotherDepartmentsQueuedChanges(t *testing.T) {
	av := freshAttackVault(t)
	v, err := Open(av.dir, testOptions(nil))
	ok(t, err)
	admin, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
	ok(t, err)
	const mgrB, passB = "b@example.test", "de wachtwoordzin van de manager van B"
	_, err = admin.AddUser(NewUser{Email: mgrB, Passphrase: []byte(passB)}, RoleManager, av.deptB)
	ok(t, err)
	admin.Lock()
	b, err := v.Unlock(mgrB, []byte(passB))
	ok(t, err)
	idB := ID(av.recB[1:])
	editIndexed(t, b, idB, av.scopeB, "Bert in B", "Bert 123456782")
	b.Lock()
	a, err := v.Unlock(av.manager.Email, []byte(av.manager.Passphrase))
	ok(t, err)
	idA := ID(av.recA[1:])
	editIndexed(t, a, idA, av.scopeA, "Anneke in A", "Anneke nieuw")
	a.Lock()
	ok(t, v.Close())

	m := becomeInsider(t, av.dir, av.manager)
	fake := &Session{ks: m.ks}
	ownScope := m.ks.scopes[av.scopeA]
	openedA, refusedB := 0, 0
	ok(t, withStore(t, av.dir, m.ks.scopes[storageScope].key, func(db *badger.DB) {
		ok(t, db.View(func(txn *badger.Txn) error {
			o := badger.DefaultIteratorOptions
			o.Prefix = []byte{byte(kindStaffQueue)}
			it := txn.NewIterator(o)
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().KeyCopy(nil)
				val, err := it.Item().ValueCopy(nil)
				if err != nil {
					return err
				}
				if bytes.Equal(k[1:], idA[:]) || bytes.Equal(k[1:], idB[:]) {
					t.Errorf("queue key %x is the id of the record it names", k)
				}
				sc, _, _ := parseHeader(val)
				plain, err := fake.open(nil, k, val)
				switch {
				case sc == av.scopeB && err == nil:
					t.Errorf("the manager of A opened department B's queued change: %q", plain)
				case sc == av.scopeB:
					refusedB++
					// The same bytes presented as their own department's.
					forged := bytes.Clone(val)
					forged[1], forged[2], forged[3], forged[4] = byte(av.scopeA>>24), byte(av.scopeA>>16), byte(av.scopeA>>8), byte(av.scopeA)
					copy(forged[5:9], []byte{byte(ownScope.epoch >> 24), byte(ownScope.epoch >> 16), byte(ownScope.epoch >> 8), byte(ownScope.epoch)})
					if p, err := fake.open(nil, k, forged); err == nil {
						t.Errorf("B's queued change opened under A's key: %q", p)
					}
				case err == nil:
					openedA++
					if bytes.Contains(plain, []byte("Bert")) {
						t.Errorf("a change the manager can open names B's value")
					}
				}
			}
			return nil
		}))
	}))
	if refusedB != 2 || openedA != 2 {
		t.Fatalf("the manager was refused %d of B's changes and opened %d of A's; want 2 and 2", refusedB, openedA)
	}
}

func setMarker(t testing.TB, s *Session, v []byte) {
	t.Helper()
	ok(t, s.db.Update(func(txn *badger.Txn) error { return txn.Set(staffMarkerKey, v) }))
}

func marker(t testing.TB, s *Session) []byte {
	t.Helper()
	var v []byte
	ok(t, s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(staffMarkerKey)
		if err == badger.ErrKeyNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	}))
	return v
}

// Rule (ADR 008, revision; mixed versions): a Kluis from before the queue compares the marker
// with the bare HMAC, so the marker this Kluis writes never looks current to it (it rebuilds
// rather than miss a queued change). This Kluis takes an older marker for current and upgrades
// it without a rebuild; but a manager's write meeting an older marker deletes it (besides
// queueing), since an older Kluis of HR would trust it and not see the queue.
func TestRule_MarkersOfOlderAndNewerKluisNeverHideAQueuedChange(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptA, scopeA := newDept(t, s)
	id := NewID()
	putIndexed(t, s, id, scopeA, "Anna")
	if m := marker(t, s); bytes.Equal(m, s.staffTagV1()) || !staffCurrent(t, s) {
		t.Fatalf("the new marker %x equals what an older Kluis accepts, or is not current", m)
	}
	setMarker(t, s, s.staffTagV1()) // an older Kluis of HR built the index
	if !staffCurrent(t, s) {
		t.Fatal("an older Kluis's marker is not taken for current")
	}
	_, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if built || !bytes.Equal(marker(t, s), s.staffTag()) {
		t.Fatalf("built %v, marker %x; want the marker upgraded without a build", built, marker(t, s))
	}
	setMarker(t, s, s.staffTagV1())
	m, relock := asManager(t, v, s, deptA)
	editIndexed(t, m, id, scopeA, "Anna", "Bea")
	s = relock()
	if marker(t, s) != nil || queued(t, s) != 2 {
		t.Fatalf("a manager's write left an older marker (%x) or queued %d, want deleted and 2", marker(t, s), queued(t, s))
	}
	if got := lookupDepts(t, s, "Bea"); !slices.Equal(got, []ID{id}) {
		t.Fatalf("per department: %v", got)
	}
	_, built, err = s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if !built || queued(t, s) != 0 || !staffCurrent(t, s) {
		t.Fatalf("built %v, %d queued; want a rebuild that empties the queue", built, queued(t, s))
	}
	// A manager's crash-atomic write meets an older marker the same way.
	setMarker(t, s, s.staffTagV1())
	s.Lock()
	m, err = v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	ok(t, m.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
		nid := NewID()
		if err := w.PutNew(kindTest, nid, scopeA, []byte("Cas")); err != nil {
			return err
		}
		return w.SetIndex(scopeA, "name", []byte("Cas"), kindTest, nid, true)
	}))
	m.Lock()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	if marker(t, s) != nil || queued(t, s) != 1 {
		t.Fatalf("an atomic write left an older marker (%x) or queued %d", marker(t, s), queued(t, s))
	}
}

// Rule (ADR 008 revision with ADR 009): a manager's queued staff-index changes replicate like
// their department's records, and the HR PC that folds them (or rebuilds) deletes them on
// every PC: a manager's PC, which can never fold, does not keep sealed copies of the values.
// The HR PC finds the manager's new value and not the old one.
func TestRule_AManagersQueuedChangesReachHRAndTheirFoldEmptiesTheQueueOnEveryPC(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	dept, scope := newDept(t, a)
	id := NewID()
	putIndexed(t, a, id, scope, "oud")
	_, err := a.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, dept)
	ok(t, err)
	push(t, a, b)
	va := a.v
	a.Lock()
	m, err := va.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	defer m.Lock()
	editIndexed(t, m, id, scope, "oud", "nieuw")
	if queued(t, m) == 0 {
		t.Fatal("the manager's edit queued nothing")
	}
	push(t, m, b)
	if queued(t, b) == 0 {
		t.Fatal("the manager's queued changes did not reach the HR PC")
	}
	if _, _, err := b.BuildStaffIndex(t.Context(), testIndexer); err != nil {
		t.Fatal(err)
	}
	if n := queued(t, b); n != 0 {
		t.Fatalf("%d changes still queued at HR after its build", n)
	}
	if got := lookupDepts(t, b, "nieuw"); !slices.Equal(got, []ID{id}) {
		t.Fatalf("HR finds %v for the manager's new value", got)
	}
	if got := lookupDepts(t, b, "oud"); len(got) != 0 {
		t.Fatalf("HR still finds %v for the old value", got)
	}
	push(t, b, m)
	if n := len(rawQueue(t, m)); n != 0 {
		t.Fatalf("the manager's PC keeps %d queued changes after HR folded them", n)
	}
}
