package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"context"
	badger "github.com/dgraph-io/badger/v4"
)

// testdata/golden-record1 is a vault made by the code before ADR 010: every record value is
// version 0x01 (per-record HKDF + sio). It keeps that format readable and its migration tested.
// -update-record1 regenerates it, which only the pre-ADR-010 code can do faithfully: never run
// it again.
var updateRecord1 = flag.Bool("update-record1", false, "regenerate testdata/golden-record1 (pre-ADR-010 code only)")

const goldenRecord1Dir = "testdata/golden-record1"

// record1Manifest lists every record of the golden vault and its plaintext.
type record1Manifest struct {
	Note       string          `json:"note"`
	Email      string          `json:"email"`
	Passphrase string          `json:"passphrase"`
	Records    []record1Record `json:"records"`
}

type record1Record struct {
	Kind      byte   `json:"kind"`
	ID        string `json:"id"`
	Scope     uint32 `json:"scope"`
	Plaintext string `json:"plaintext_sha256"` // records up to 200 KiB: their hash, not their bytes
}

// record1Plaintext is the i-th record's content: no identity data, sizes from 1 byte to well
// over one sio package (64 KiB).
func record1Plaintext(i int) []byte {
	switch i {
	case 0:
		return []byte{'x'}
	case 1:
		return bytes.Repeat([]byte("golden-large-"), 200<<10/13) // ~200 KiB: several sio packages
	case 2:
		return bytes.Repeat([]byte{0xab}, 64<<10) // exactly one full package
	}
	return fmt.Appendf(nil, `{"n":%d,"pad":%q}`, i, bytes.Repeat([]byte{'p'}, i%700))
}

func sha256Hex(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }

func generateRecord1(t *testing.T) {
	m := record1Manifest{Note: "made by the record format 0x01 code (before ADR 010) with -update-record1; do not regenerate",
		Email: "golden1@example.test", Passphrase: "golden record one passphrase"}
	dir := t.TempDir()
	v, s, _, err := Create(dir, NewUser{Email: m.Email, Passphrase: []byte(m.Passphrase)}, testOptions(nil))
	ok(t, err)
	_, d1 := newDept(t, s)
	_, d2 := newDept(t, s)
	scopes := []ScopeID{s.DirectoryScope(), d1, d2, s.AdminScope()}
	for i := range 240 {
		id, sc, plain := NewID(), scopes[i%len(scopes)], record1Plaintext(i)
		ok(t, s.Update(func(tx *Tx) error {
			if err := tx.Put(kindTest, id, sc, plain); err != nil {
				return err
			}
			if sc == s.AdminScope() {
				return nil
			}
			return tx.SetIndex(sc, "golden", fmt.Appendf(nil, "%d", i%10), kindTest, id)
		}))
		m.Records = append(m.Records, record1Record{Kind: byte(kindTest), ID: id.String(), Scope: uint32(sc),
			Plaintext: sha256Hex(plain)})
	}
	s.Lock()
	ok(t, v.Close())
	ok(t, os.RemoveAll(goldenRecord1Dir))
	ok(t, copyTree(dir, goldenRecord1Dir, lockFile))
	b, err := json.MarshalIndent(m, "", " ")
	ok(t, err)
	ok(t, os.WriteFile(filepath.Join(goldenRecord1Dir, "records.json"), append(b, '\n'), 0o644))
}

// openRecord1 unlocks a copy of the golden vault with opts.
func openRecord1(t *testing.T, opts Options) (record1Manifest, *Vault, *Session) {
	t.Helper()
	var m record1Manifest
	b, err := os.ReadFile(filepath.Join(goldenRecord1Dir, "records.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &m))
	dir := t.TempDir()
	ok(t, copyTree(goldenRecord1Dir, dir, "records.json"))
	v, err := Open(dir, opts)
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	s, err := v.Unlock(m.Email, []byte(m.Passphrase))
	ok(t, err)
	t.Cleanup(s.Lock)
	return m, v, s
}

// checkRecord1 reads every record of the manifest and says which value versions it found.
func checkRecord1(t *testing.T, m record1Manifest, s *Session) map[byte]int {
	t.Helper()
	versions := map[byte]int{}
	ok(t, s.View(func(tx *Tx) error {
		for _, r := range m.Records {
			id, err := ParseID(r.ID)
			ok(t, err)
			got, err := tx.Get(Kind(r.Kind), id)
			if err != nil {
				return err
			}
			if sha256Hex(got) != r.Plaintext {
				t.Fatalf("record %s reads differently", r.ID)
			}
			item, err := tx.txn.Get(recordKey(Kind(r.Kind), id))
			ok(t, err)
			ok(t, item.Value(func(v []byte) error { versions[v[0]]++; return nil }))
		}
		return nil
	}))
	return versions
}

// storeVersions counts the value versions of every entry the migration looks at.
func storeVersions(t *testing.T, s *Session) map[byte]int {
	t.Helper()
	out := map[byte]int{}
	ok(t, s.View(func(tx *Tx) error {
		it := tx.txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if !upgradable(it.Item().Key()) {
				continue
			}
			ok(t, it.Item().Value(func(v []byte) error { out[v[0]]++; return nil }))
		}
		return nil
	}))
	return out
}

// Rule (ADR 010): a vault written before the record format 0x02 opens every record, and after
// the migration every record reads the same and every sealed value of the store is 0x02; a
// second pass finds nothing left.
func TestRule_GoldenRecord1VaultOpensEveryRecord(t *testing.T) {
	if *updateRecord1 {
		generateRecord1(t)
	}
	m, _, s := openRecord1(t, testOptions(nil).withNoRecordUpgrade())
	if got := checkRecord1(t, m, s); got[valueV1] != len(m.Records) {
		t.Fatalf("before the migration: versions %v, want all %d 0x01", got, len(m.Records))
	}
	before := storeVersions(t, s)
	n, err := s.UpgradeRecords(context.Background())
	ok(t, err)
	if n != before[valueV1] || n < len(m.Records) {
		t.Fatalf("re-sealed %d, the store held %d version 0x01 values (%d records)", n, before[valueV1], len(m.Records))
	}
	if got := checkRecord1(t, m, s); got[valueV2] != len(m.Records) {
		t.Fatalf("after the migration: versions %v", got)
	}
	if got := storeVersions(t, s); got[valueV1] != 0 {
		t.Fatalf("after the migration the store still holds %d version 0x01 values", got[valueV1])
	}
	n, err = s.UpgradeRecords(context.Background())
	ok(t, err)
	if n != 0 {
		t.Fatalf("a second pass re-sealed %d", n)
	}
	r, err := s.Verify(context.Background(), VerifyOptions{})
	ok(t, err)
	if !r.OK() {
		t.Fatalf("verify after the migration: %+v", r)
	}
}

// Rule (ADR 010): an admin's unlock migrates the store in the background, and the migration
// stops for Lock and carries on at the next unlock.
func TestRule_AdminUnlockMigratesRecordsInTheBackground(t *testing.T) {
	m, v, s := openRecord1(t, testOptions(nil))
	s.Lock() // most likely mid-pass: what is done stays done, the rest waits for the next unlock
	s, err := v.Unlock(m.Email, []byte(m.Passphrase))
	ok(t, err)
	defer s.Lock()
	deadline := time.Now().Add(20 * time.Second)
	for storeVersions(t, s)[valueV1] > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the background pass left %d version 0x01 values", storeVersions(t, s)[valueV1])
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := checkRecord1(t, m, s); got[valueV2] != len(m.Records) {
		t.Fatalf("after the background migration: versions %v", got)
	}
	for !recordsMarked(t, s) { // noted in the store header, so later unlocks skip the pass
		if time.Now().After(deadline) {
			t.Fatal("the finished migration was not noted in the store header")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func recordsMarked(t *testing.T, s *Session) bool {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	h, _, err := s.readHeader()
	ok(t, err)
	return h.Records == valueV2
}

// Rule: a new vault's store says from the start that its values are 0x02 (no pass at unlock),
// and the golden 0x01 vault's does not.
func TestRule_TheStoreHeaderSaysWhetherRecordsNeedTheMigration(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	if !recordsMarked(t, s) || s.stopUp != nil {
		t.Fatal("a new vault is not marked as all 0x02, or its unlock started the pass")
	}
	_, _, old := openRecord1(t, testOptions(nil).withNoRecordUpgrade())
	if recordsMarked(t, old) {
		t.Fatal("the 0x01 golden vault is marked as migrated")
	}
}
