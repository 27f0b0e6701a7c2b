package vault

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Erasure's promise at the storage level (docs/adr/005-erasure.md): after a record and its
// index entries are deleted, Badger still keeps the old version and a tombstone until a
// compaction drops them; Compact rebuilds the store so that neither is left, and the records
// that were not deleted stay as they were.
func TestRule_CompactLeavesNoVersionOfADeletedRecordOrItsIndexEntries(t *testing.T) {
	dir, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	gone, kept := NewID(), NewID()
	const canary = "Compact-Canary 111222333"
	ok(t, s.Update(func(tx *Tx) error {
		for _, id := range []ID{gone, kept} {
			if err := tx.Put(kindTest, id, dept, []byte(canary+id.String())); err != nil {
				return err
			}
			if err := tx.SetIndex(dept, "bsn", []byte("111222333"+id.String()), kindTest, id); err != nil {
				return err
			}
		}
		return nil
	}))
	q := RemnantQuery{Records: []RecordRef{{kindTest, gone}}}
	before, err := s.Remnants(t.Context(), q)
	ok(t, err)
	var sealed []byte
	var indexKey []byte
	for _, r := range before {
		if Kind(r.Key[0]) == kindIndex {
			indexKey = r.Key
		} else {
			sealed = r.Value
		}
	}
	if len(before) != 2 || sealed == nil || indexKey == nil {
		t.Fatalf("before deleting: %d remnants, want the record and its index entry", len(before))
	}
	ok(t, s.Update(func(tx *Tx) error {
		if err := tx.Delete(kindTest, gone); err != nil {
			return err
		}
		return tx.DeleteIndex(dept, "bsn", []byte("111222333"+gone.String()), kindTest, gone)
	}))
	// Deleted but not compacted: the old versions are still in the store.
	q.Bytes = [][]byte{sealed[len(sealed)-32:]}
	left, err := s.Remnants(t.Context(), q)
	ok(t, err)
	live := 0
	for _, r := range left {
		if !r.Deleted {
			live++
		}
	}
	if live == 0 {
		t.Fatalf("after the delete, before compaction: no old version found (%d remnants); the test would prove nothing", len(left))
	}

	var progressed bool
	ok(t, s.Compact(t.Context(), CompactOptions{Progress: func(done, total int) { progressed = progressed || total > 0 }}))
	left, err = s.Remnants(t.Context(), q)
	ok(t, err)
	if len(left) != 0 {
		t.Fatalf("after compaction %d versions of the deleted record or its index entry remain", len(left))
	}
	if !progressed {
		t.Fatal("compaction reported no progress")
	}
	b, err := get(s, kept)
	ok(t, err)
	if string(b) != canary+kept.String() {
		t.Fatal("the record that was kept changed")
	}
	err = s.View(func(tx *Tx) error {
		ids, err := tx.Lookup(dept, "bsn", []byte("111222333"+kept.String()))
		if err == nil && (len(ids) != 1 || ids[0] != kept) {
			t.Errorf("index of the kept record: %v", ids)
		}
		return err
	})
	ok(t, err)
	// Nothing of the deleted record's sealed bytes or index key is in any file of the folder
	// (Badger's own encryption hides them anyway; this holds even without it).
	ok(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, piece := range [][]byte{sealed[len(sealed)-32:], indexKey[len(indexKey)-49:], []byte(canary)} {
			if bytes.Contains(raw, piece) {
				t.Errorf("%s holds a piece of the deleted record", path)
			}
		}
		return nil
	}))
}

func TestRule_OnlyAdminsCompactAndListRemnants(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	deptID, _ := newDept(t, s)
	mgr, err := s.AddUser(NewUser{Email: "mgr@example.test", Passphrase: []byte("pw")}, RoleManager, deptID)
	ok(t, err)
	_ = mgr
	v := s.v
	s.Lock()
	ms, err := v.Unlock("mgr@example.test", []byte("pw"))
	ok(t, err)
	defer ms.Lock()
	wantErr(t, ms.Compact(t.Context(), CompactOptions{}), ErrDenied)
	_, err = ms.Remnants(t.Context(), RemnantQuery{})
	wantErr(t, err, ErrDenied)
}
