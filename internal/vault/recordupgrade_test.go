package vault

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Rule: the migration writes no identity value anywhere: the folder and the log hold none of
// the canaries after an admin's unlock re-sealed 0x01 records that carry them.
func TestRule_TheRecordMigrationLeavesNoIdentityValueInAnyFileOrLog(t *testing.T) {
	log := &syncBuffer{}
	dir, v, s, _ := newTestVault(t, testOptions(log))
	_, dept := newDept(t, s)
	person := []byte(`{"name":"` + canaries[0] + `","bsn":"` + canaries[1] + `","birth":"` + canaries[3] + `"}`)
	ok(t, s.Update(func(tx *Tx) error {
		for range 100 {
			key := recordKey(kindTest, NewID())
			if err := tx.txn.Set(key, sealV1(t, s, key, dept, person)); err != nil {
				return err
			}
		}
		return nil
	}))
	s.mu.Lock() // as if written before ADR 010: the store header does not say "all 0x02"
	h, _, err := s.readHeader()
	if err == nil {
		h.Records = 0
		err = s.writeHeader(h)
	}
	s.mu.Unlock()
	ok(t, err)
	s.Lock()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	deadline := time.Now().Add(20 * time.Second)
	for !recordsMarked(t, s) {
		if time.Now().After(deadline) {
			t.Fatal("the migration did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := storeVersions(t, s)[valueV1]; n != 0 {
		t.Fatalf("%d version 0x01 values left", n)
	}
	s.Lock()
	ok(t, v.Close())
	if !strings.Contains(log.String(), "records re-sealed in the new format") {
		t.Fatal("the migration did not log its count")
	}
	for _, c := range canaries {
		if strings.Contains(strings.ToLower(log.String()), strings.ToLower(c)) {
			t.Errorf("the log contains %q", c)
		}
	}
	ok(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range canaries {
			if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(c))) {
				t.Errorf("%s contains %q", path, c)
			}
		}
		return nil
	}))
}
