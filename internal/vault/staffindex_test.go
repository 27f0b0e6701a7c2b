package vault

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// perScope is the reference answer: Lookup under every held department scope, in byte order.
func perScope(t *testing.T, s *Session, value string) []ID {
	t.Helper()
	var out []ID
	ok(t, s.View(func(tx *Tx) error {
		for sc, k := range s.ks.scopes {
			if k.kind != scopeDepartment {
				continue
			}
			ids, err := tx.Lookup(sc, "name", []byte(value))
			if err != nil {
				return err
			}
			out = append(out, ids...)
		}
		return nil
	}))
	slices.SortFunc(out, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
	return out
}

func lookupDepts(t *testing.T, s *Session, value string) []ID {
	t.Helper()
	var ids []ID
	ok(t, s.View(func(tx *Tx) (err error) { ids, err = tx.LookupDepartments("name", []byte(value)); return err }))
	return ids
}

func staffCurrent(t *testing.T, s *Session) bool {
	t.Helper()
	cur, err := s.StaffIndexCurrent()
	ok(t, err)
	return cur
}

func countStaffEntries(t *testing.T, s *Session) int {
	t.Helper()
	n := 0
	ok(t, s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindIndex), 0, 0, 0, 0}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if !bytes.Equal(it.Item().Key(), staffMarkerKey) {
				n++
			}
		}
		return nil
	}))
	return n
}

// Rule (ADR 008): the staff index holds a copy of every department-scope entry an HR or admin
// session writes (Tx, Batch and AtomicWriter alike, set and delete), so that once built its one
// scan gives exactly what one Lookup per department gives.
func TestRule_TheStaffIndexMirrorsEveryDepartmentWriteAndAnswersLikeThePerDepartmentLookups(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	var scopes []ScopeID
	for range 12 {
		_, sc := newDept(t, s)
		scopes = append(scopes, sc)
	}
	ids := map[string][]ID{}
	for i := range 60 {
		id, value := NewID(), fmt.Sprintf("waarde-%d", i%25) // several records share a value
		putIndexed(t, s, id, scopes[i%len(scopes)], value)
		ids[value] = append(ids[value], id)
	}
	// Batch and AtomicWriter writes too.
	bid, aid := NewID(), NewID()
	ok(t, s.WriteBatch(func(b *Batch) error {
		if err := b.Put(kindTest, bid, scopes[3], []byte("batch")); err != nil {
			return err
		}
		return b.SetIndex(scopes[3], "name", []byte("batch"), kindTest, bid)
	}))
	ok(t, s.Atomic(AtomicOptions{Name: "test"}, func(w *AtomicWriter) error {
		if err := w.PutNew(kindTest, aid, scopes[4], []byte("atomic")); err != nil {
			return err
		}
		return w.SetIndex(scopes[4], "name", []byte("atomic"), kindTest, aid, true)
	}))
	if !staffCurrent(t, s) {
		t.Fatal("a new vault's staff index, kept by every write of its admin, is not current")
	}
	if n, err := s.StaffIndexQueued(); n != 0 || err != nil {
		t.Fatalf("an admin's writes queued %d staff-index changes (%v)", n, err)
	}
	ok(t, s.DropStaffIndex()) // as in a vault from before the staff index
	// Not built yet: the per-department fallback answers.
	if got, want := lookupDepts(t, s, "waarde-3"), perScope(t, s, "waarde-3"); !slices.Equal(got, want) || len(got) == 0 {
		t.Fatalf("fallback lookup %v, want %v", got, want)
	}
	n, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if !built || n != 62 || countStaffEntries(t, s) != 62 || !staffCurrent(t, s) {
		t.Fatalf("build: %d entries, built %v, %d stored, current %v; want 62", n, built, countStaffEntries(t, s), staffCurrent(t, s))
	}
	if _, again, _ := s.BuildStaffIndex(t.Context(), testIndexer); again {
		t.Fatal("a current staff index was built again")
	}
	for _, v := range []string{"waarde-0", "waarde-7", "waarde-24", "batch", "atomic", "nobody"} {
		if got, want := lookupDepts(t, s, v), perScope(t, s, v); !slices.Equal(got, want) {
			t.Errorf("%s: staff index %v, per department %v", v, got, want)
		}
	}
	// An edit (delete the old entry, set the new) by the admin keeps the index current.
	moved := ids["waarde-1"][0]
	ok(t, s.Update(func(tx *Tx) error {
		if err := tx.DeleteIndex(scopes[1], "name", []byte("waarde-1"), kindTest, moved); err != nil {
			return err
		}
		return tx.SetIndex(scopes[1], "name", []byte("nieuw"), kindTest, moved)
	}))
	if !staffCurrent(t, s) {
		t.Fatal("an admin's edit made the staff index stale")
	}
	if got := lookupDepts(t, s, "nieuw"); !slices.Equal(got, []ID{moved}) {
		t.Fatalf("after the edit: %v", got)
	}
	if slices.Contains(lookupDepts(t, s, "waarde-1"), moved) {
		t.Fatal("the old value still finds the edited record")
	}
	// Erasure removes the staff copies too.
	ok(t, s.Update(func(tx *Tx) error { _, err := tx.DeleteIndexEntriesOf(kindTest, []ID{aid}); return err }))
	if got := lookupDepts(t, s, "atomic"); len(got) != 0 {
		t.Fatalf("an erased record is still found through the staff index: %v", got)
	}
	// Directory-scope entries (persnr) are not mirrored: they are one lookup already.
	ok(t, s.Update(func(tx *Tx) error {
		return tx.SetIndex(s.DirectoryScope(), "name", []byte("dir"), kindTest, NewID())
	}))
	if got := lookupDepts(t, s, "dir"); len(got) != 0 {
		t.Fatalf("a directory entry reached the staff index: %v", got)
	}
}

// Rule (ADR 008): the staff index is built under a key derived from the staff key; when the
// staff key rotates (a user of role user is revoked) the index is stale and the rebuild drops
// every entry made under the old key. A department rotation leaves it current (its entries do
// not depend on department keys).
func TestRule_AStaffKeyRotationMakesTheStaffIndexStaleAndTheRebuildDropsTheOldEntries(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, scope := newDept(t, s)
	id := NewID()
	putIndexed(t, s, id, scope, "Anna")
	hr, err := s.AddUser(NewUser{Email: "hr@example.test", Passphrase: []byte("de wachtwoordzin van personeelszaken")}, RoleUser)
	ok(t, err)
	_, _, err = s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	ok(t, s.Revoke(hr))
	ok(t, s.Rotate(t.Context(), RotateOptions{Indexer: testIndexer}))
	if staffCurrent(t, s) {
		t.Fatal("the staff index is current under a rotated staff key")
	}
	if got := lookupDepts(t, s, "Anna"); !slices.Equal(got, []ID{id}) {
		t.Fatalf("fallback after the rotation: %v", got)
	}
	n, built, err := s.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if !built || n != 1 || countStaffEntries(t, s) != 1 {
		t.Fatalf("rebuild: built %v, %d written, %d stored; want 1 (the old key's entry dropped)", built, n, countStaffEntries(t, s))
	}
	if got := lookupDepts(t, s, "Anna"); !slices.Equal(got, []ID{id}) {
		t.Fatalf("after the rebuild: %v", got)
	}
}

// Attack (docs/threat-model.md, ADR 008): a manager with the vault folder and their own keys
// tries to confirm a value of another department through the staff index. Their session holds
// no staff index key; and no key they hold (every scope key's field key) gives the HMAC under
// which the staff index stores department B's value, nor any per-scope entry of B.
func TestAttack_AManagerCannotUseTheStaffIndexToConfirmAValueOutsideTheirDepartments(t *testing.T) {
	av := freshAttackVault(t)
	// HR builds the staff index at their unlock (as people.Search does at the first BSN search).
	v, err := Open(av.dir, testOptions(nil))
	ok(t, err)
	hr, err := v.Unlock(av.hr.Email, []byte(av.hr.Passphrase))
	ok(t, err)
	_, _, err = hr.BuildStaffIndex(t.Context(), testIndexer)
	ok(t, err)
	if !staffCurrent(t, hr) || !slices.Equal(lookupDepts(t, hr, "Bert in B"), []ID{ID(av.recB[1:])}) {
		t.Fatal("HR's staff index does not find B's record; the attack would prove nothing")
	}
	hr.Lock()
	ok(t, v.Close())

	m := becomeInsider(t, av.dir, av.manager)
	if m.ks.staff != nil || m.ks.staffIx != nil {
		t.Fatal("the manager holds the staff key or the staff index key")
	}
	// Every HMAC the manager can compute for B's value, under each scope key they hold, placed
	// both under that scope's prefix and under the staff index's.
	var guesses [][]byte
	for _, k := range m.ks.scopes {
		if k.kind == scopeStorage {
			continue
		}
		p, err := indexPrefixWith(k, "name", []byte("Bert in B"), 0)
		ok(t, err)
		guesses = append(guesses, p)
		staff := bytes.Clone(p)
		copy(staff[1:5], []byte{0, 0, 0, 0})
		guesses = append(guesses, staff)
	}
	found, staffEntries := 0, 0
	ok(t, withStore(t, av.dir, m.ks.scopes[storageScope].key, func(db *badger.DB) {
		ok(t, db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.DefaultIteratorOptions)
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().Key()
				if Kind(k[0]) != kindIndex {
					continue
				}
				if bytes.HasPrefix(k, []byte{byte(kindIndex), 0, 0, 0, 0}) {
					staffEntries++
				}
				for _, g := range guesses {
					if bytes.HasPrefix(k, g) {
						found++
					}
				}
			}
			return nil
		}))
	}))
	if staffEntries < 2 {
		t.Fatalf("the store holds %d staff entries; the attack would prove nothing", staffEntries)
	}
	if found != 0 {
		t.Fatalf("the manager matched %d index entries of department B's value", found)
	}
	// Their own session's lookup finds only their department's value.
	v, err = Open(av.dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	ms, err := v.Unlock(av.manager.Email, []byte(av.manager.Passphrase))
	ok(t, err)
	defer ms.Lock()
	if got := lookupDepts(t, ms, "Bert in B"); len(got) != 0 {
		t.Fatalf("the manager's lookup confirmed B's value: %v", got)
	}
	if got := lookupDepts(t, ms, "Anneke in A"); !slices.Equal(got, []ID{ID(av.recA[1:])}) {
		t.Fatalf("the manager's own value: %v", got)
	}
}

// Rule (ADR 008): a rotation that rebuilds the store for a revoked manager (their department,
// the directory and the storage key; not the staff key) keeps the staff index and its marker:
// it stays current and finds the re-sealed records.
func TestRule_AManagersRevocationKeepsTheStaffIndexCurrent(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	dept, scope := newDept(t, s)
	id := NewID()
	putIndexed(t, s, id, scope, "Anna")
	m, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, dept)
	ok(t, err)
	if !staffCurrent(t, s) {
		t.Fatal("not current before the revocation")
	}
	ok(t, s.Revoke(m))
	ok(t, s.Rotate(t.Context(), RotateOptions{Indexer: testIndexer}))
	if !staffCurrent(t, s) {
		t.Fatal("the rebuilt store lost the staff index's marker")
	}
	if got := lookupDepts(t, s, "Anna"); !slices.Equal(got, []ID{id}) {
		t.Fatalf("after the rotation: %v", got)
	}
}
