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

func TestRule_GoldenRecord1VaultOpensEveryRecord(t *testing.T) {
	if *updateRecord1 {
		generateRecord1(t)
	}
	var m record1Manifest
	b, err := os.ReadFile(filepath.Join(goldenRecord1Dir, "records.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &m))
	dir := t.TempDir()
	ok(t, copyTree(goldenRecord1Dir, dir, "records.json"))
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	s, err := v.Unlock(m.Email, []byte(m.Passphrase))
	ok(t, err)
	defer s.Lock()
	for _, r := range m.Records {
		id, err := ParseID(r.ID)
		ok(t, err)
		got, err := get(s, id)
		ok(t, err)
		if sha256Hex(got) != r.Plaintext {
			t.Fatalf("record %s reads differently", r.ID)
		}
	}
}
