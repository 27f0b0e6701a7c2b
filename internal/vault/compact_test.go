package vault

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
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
	t0 := time.Now()
	ok(t, s.Compact(t.Context(), CompactOptions{Progress: func(done, total int) { progressed = progressed || total > 0 }}))
	took := time.Since(t0)
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
		for _, piece := range [][]byte{sealed[len(sealed)-32:], indexKey[len(indexKey)-49:], []byte(canary)} {
			found, err := fileContains(path, piece)
			if err != nil {
				return err
			}
			if found {
				t.Errorf("%s holds a piece of the deleted record", path)
			}
		}
		return nil
	}))
	t.Logf("compaction took %v", took)
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

// fileContains reports whether the file holds piece. Badger's files are large and mostly holes,
// so where the system reports data regions (SEEK_DATA/SEEK_HOLE) only those are read.
func fileContains(path string, piece []byte) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	const seekData, seekHole = 3, 4
	type region struct{ from, to int64 }
	var regions []region
	for pos := int64(0); pos < info.Size(); {
		from, err := f.Seek(pos, seekData)
		if err != nil {
			if pos == 0 && !errors.Is(err, syscall.ENXIO) {
				regions = []region{{0, info.Size()}} // no hole support: read it all
			}
			break
		}
		to, err := f.Seek(from, seekHole)
		if err != nil || to <= from {
			to = info.Size()
		}
		regions = append(regions, region{from, to})
		pos = to
	}
	for _, r := range regions {
		from := max(0, r.from-int64(len(piece)))
		b := make([]byte, r.to-from)
		if _, err := f.ReadAt(b, from); err != nil && !errors.Is(err, io.EOF) {
			return false, err
		}
		if bytes.Contains(b, piece) {
			return true, nil
		}
	}
	return false, nil
}
