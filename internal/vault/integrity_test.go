package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	ok(t, err)
	return b
}

func TestRule_DamagedKeyringGivesKeyringCorrupt(t *testing.T) {
	dir, v, _, _ := newTestVault(t, testOptions(nil))
	ok(t, v.Close())
	path := filepath.Join(dir, keyringFile)
	orig := readFile(t, path)
	cases := map[string]func([]byte) []byte{
		"empty":     func([]byte) []byte { return nil },
		"truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"one byte edited": func(b []byte) []byte {
			i := bytes.Index(b, []byte(`"idle_lock_minutes": 10`))
			b[i+len(`"idle_lock_minutes": 1`)] = '5'
			return b
		},
		"not json":      func([]byte) []byte { return []byte("hello") },
		"trailing data": func(b []byte) []byte { return append(b, []byte(`{"x":1}`)...) },
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			ok(t, os.WriteFile(path, damage(bytes.Clone(orig)), 0o600))
			_, err := Open(dir, testOptions(nil))
			wantErr(t, err, ErrKeyringCorrupt)
		})
	}
	ok(t, os.WriteFile(path, orig, 0o600))
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	ok(t, v.Close())
}

// rewriteKeyring edits the keyring body and recomputes the checksum, as an attacker with write
// access to the folder could.
func rewriteKeyring(t *testing.T, dir string, edit func(kr *keyring)) {
	t.Helper()
	kr, err := parseKeyring(readFile(t, filepath.Join(dir, keyringFile)))
	ok(t, err)
	edit(kr)
	kr.stateRaw = kr.st.encode()
	ok(t, writeKeyring(dir, kr))
}

func TestRule_TamperedKeyringEntryGivesKeyringTampered(t *testing.T) {
	cases := map[string]func(kr *keyring){
		"user role changed":  func(kr *keyring) { kr.st.Users[1].Role = RoleAdmin },
		"user entry removed": func(kr *keyring) { kr.st.Users = kr.st.Users[:1] },
		"idle lock changed":  func(kr *keyring) { kr.st.Settings.IdleLockMinutes = 240 },
		"scope table key swapped": func(kr *keyring) {
			kr.st.Scopes[0].Sealed, kr.st.Scopes[1].Sealed = kr.st.Scopes[1].Sealed, kr.st.Scopes[0].Sealed
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			dir, v, s, _ := newTestVault(t, testOptions(nil))
			_, err := s.AddUser(NewUser{Email: "u@example.test", Passphrase: []byte("pw")}, RoleUser)
			ok(t, err)
			ok(t, v.Close())
			rewriteKeyring(t, dir, edit)
			v, err = Open(dir, testOptions(nil))
			ok(t, err)
			defer v.Close()
			_, err = v.Unlock(testEmail, []byte(testPass))
			wantErr(t, err, ErrKeyringTampered)
		})
	}
}

func TestRule_KeyringHoldsNoEmailAndIsValidJSONWithChecksum(t *testing.T) {
	dir, _, _, _ := newTestVault(t, testOptions(nil))
	b := readFile(t, filepath.Join(dir, keyringFile))
	if bytes.Contains(bytes.ToLower(b), []byte("example.test")) {
		t.Fatal("e-mail in the keyring")
	}
	var env keyringEnvelope
	ok(t, json.Unmarshal(b, &env))
	sum := sha256.Sum256(env.Keyring)
	if hex.EncodeToString(sum[:]) != env.SHA256 {
		t.Fatal("checksum")
	}
}

// rawEntries returns every key and value in the vault's Badger database (a closed vault),
// opened with the storage key taken from a session.
func withRawDB(t *testing.T, dir string, storageKey []byte, fn func(db *badger.DB)) {
	t.Helper()
	opts := badger.DefaultOptions(filepath.Join(dir, dataDir)).WithEncryptionKey(storageKey).
		WithIndexCacheSize(1 << 20).WithLogger(nil)
	db, err := badger.Open(opts)
	ok(t, err)
	defer func() { ok(t, db.Close()) }()
	fn(db)
}

func rawEntries(t *testing.T, db *badger.DB) (keys, vals [][]byte) {
	t.Helper()
	ok(t, db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			keys = append(keys, it.Item().KeyCopy(nil))
			vals = append(vals, v)
		}
		return nil
	}))
	return keys, vals
}

func TestRule_FlippedByteInAnyStoredValueIsCorruptNeverWrongData(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	for i, scope := range []ScopeID{dept, s.DirectoryScope(), dept} {
		put(t, s, NewID(), scope, strings.Repeat("record", 10+i*40))
	}
	ok(t, s.Update(func(tx *Tx) error { return tx.SetIndex(dept, "bsn", []byte("111222333"), kindTest, NewID()) }))
	storageKey := bytes.Clone(s.ks.scopes[storageScope].key)
	ok(t, v.Close())

	var keys, vals [][]byte
	withRawDB(t, dir, storageKey, func(db *badger.DB) { keys, vals = rawEntries(t, db) })
	records := 0
	for i := range keys {
		if keys[i][0] == byte(kindIndex) && len(vals[i]) != 0 {
			t.Fatalf("index entry %x carries a value", keys[i])
		}
		if keys[i][0] == byte(kindTest) {
			records++
		}
	}
	if records != 3 {
		t.Fatalf("found %d records", records)
	}
	// Each round flips one byte of every stored value through Badger, then opens all of them
	// through a fresh unlock. The positions cover every header field, the sio header, the
	// ciphertext and the tag; TestRule_EveryByteOfAValueIsAuthenticated covers every byte in memory.
	for _, pos := range []int{0, 1, 4, 5, 8, 9, 24, 25, 30, 40, 41, 57, 60, -17, -1} {
		withRawDB(t, dir, storageKey, func(db *badger.DB) {
			ok(t, db.Update(func(txn *badger.Txn) error {
				for i := range keys {
					if keys[i][0] != byte(kindTest) {
						continue
					}
					p := (pos + len(vals[i])) % len(vals[i])
					flipped := bytes.Clone(vals[i])
					flipped[p] ^= 0x01
					if err := txn.Set(keys[i], flipped); err != nil {
						return err
					}
				}
				return nil
			}))
		})
		v, err := Open(dir, testOptions(nil))
		ok(t, err)
		s, err := v.Unlock(testEmail, []byte(testPass))
		ok(t, err)
		for i := range keys {
			if keys[i][0] != byte(kindTest) {
				continue
			}
			got, err := get(s, ID(keys[i][1:]))
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("byte %d of value %d flipped: got %q, %v", pos, i, got, err)
			}
		}
		rep, err := s.Verify(t.Context(), VerifyOptions{})
		ok(t, err)
		if rep.Opened != 0 || len(rep.Failures) != records {
			t.Fatalf("verify after flipping byte %d: %+v", pos, rep)
		}
		ok(t, v.Close())
	}
}

// TestRule_EveryByteOfAValueIsAuthenticated flips every byte of every value in memory (the Badger
// round trip is covered above) and opens it with the session's keys.
func TestRule_EveryByteOfAValueIsAuthenticated(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	for _, n := range []int{1, 100, 70000} { // 70000: two sio packages
		key := recordKey(kindTest, NewID())
		val, err := s.seal(key, dept, bytes.Repeat([]byte{'x'}, n))
		ok(t, err)
		for pos := 0; pos < len(val); pos++ {
			for _, mask := range []byte{0x01, 0x80} {
				flipped := bytes.Clone(val)
				flipped[pos] ^= mask
				if got, err := s.open(nil, key, flipped); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("n=%d byte %d: got %d bytes, %v", n, pos, len(got), err)
				}
			}
			if n > 100 && pos > 200 {
				pos += 97 // sample the rest of a long value
			}
		}
		for _, cut := range []int{0, 1, headerSizeV2, headerSizeV2 + 10, len(val) - 1} {
			if _, err := s.open(nil, key, val[:cut]); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("truncated to %d: %v", cut, err)
			}
		}
		if _, err := s.open(nil, key, append(bytes.Clone(val), 1, 2, 3)); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("extended: %v", err)
		}
	}
}

// Like hashicorp vault's TestAESGCMBarrier_MoveIntegrityV2: a value copied to another key fails.
func TestRule_MovedValueDoesNotOpen(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	a, b := NewID(), NewID()
	put(t, s, a, s.DirectoryScope(), "secret of a")
	storageKey := bytes.Clone(s.ks.scopes[storageScope].key)
	ok(t, v.Close())
	withRawDB(t, dir, storageKey, func(db *badger.DB) {
		ok(t, db.Update(func(txn *badger.Txn) error {
			item, err := txn.Get(recordKey(kindTest, a))
			if err != nil {
				return err
			}
			val, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if err := txn.Set(recordKey(kindTest, b), val); err != nil {
				return err
			}
			return txn.Set(recordKey(kindTest+1, a), val) // same id, other kind
		}))
	})
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	_, err = get(s, b)
	wantErr(t, err, ErrCorrupt)
	ok(t, s.View(func(tx *Tx) error {
		_, err := tx.Get(kindTest+1, a)
		wantErr(t, err, ErrCorrupt)
		return nil
	}))
	rep, err := s.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	if rep.Opened != 1 || len(rep.Failures) != 2 {
		t.Fatalf("verify: %+v", rep)
	}
	for _, f := range rep.Failures {
		if strings.Contains(f.Reason, "secret") {
			t.Fatal("reason leaks contents")
		}
	}
}

func TestRule_LockLeavesNoGoroutinesBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := t.TempDir()
	v, s, _, err := Create(dir, NewUser{Email: testEmail, Passphrase: []byte(testPass)}, testOptions(nil))
	ok(t, err)
	put(t, s, NewID(), s.DirectoryScope(), "x")
	for range 3 {
		s.Lock()
		s, err = v.Unlock(testEmail, []byte(testPass))
		ok(t, err)
	}
	s.Lock()
	ok(t, v.Close())
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines before, %d after Lock:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}
