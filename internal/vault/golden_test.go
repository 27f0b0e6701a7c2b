package vault

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	vcrypto "kluis/internal/vault/crypto"
)

// -update regenerates testdata/golden (restic find_test.go style). Do it only for a deliberate
// format change: these files are what keeps old vaults readable.
var updateGolden = flag.Bool("update", false, "regenerate the golden vault fixture in testdata/golden")

const goldenDir = "testdata/golden"

type goldenVectors struct {
	Email      string `json:"email"`
	Passphrase string `json:"passphrase"`
	Plaintext  string `json:"plaintext"`
	// A record sealed under the fixture keyring's directory scope.
	KeyringRecordKey   string `json:"keyring_record_key"`
	KeyringRecordValue string `json:"keyring_record_value"`
	// Fixed key material: scope key bytes 0x00..0x1f, scope 0x01020304, epoch 7.
	FixedBadgerKey  string `json:"fixed_badger_key"`
	FixedValue      string `json:"fixed_value"`
	FixedRecordKey  string `json:"fixed_record_key"` // HKDF output for FixedValue's header
	FixedIndexField string `json:"fixed_index_field"`
	FixedIndexValue string `json:"fixed_index_value"`
	FixedIndexKey   string `json:"fixed_index_key"`
}

const (
	fixedScope ScopeID = 0x01020304
	fixedEpoch uint32  = 7
)

// fixedSession is a session holding only a scope with fixed key material, for format vectors.
func fixedSession() *Session {
	key := make([]byte, vcrypto.KeySize)
	for i := range key {
		key[i] = byte(i)
	}
	e := scopeEntry{ID: fixedScope, Kind: scopeDepartment, Department: ID{1}, Epoch: fixedEpoch}
	return &Session{ks: &keySet{scopes: map[ScopeID]*scopeKeys{fixedScope: newScopeKeys(e, key)},
		known: map[ScopeID]epochs{fixedScope: {current: fixedEpoch}}}}
}

// copyTree copies the files of src into dst (one level of folders deep, as a vault is), except
// the one named skip.
func copyTree(src, dst, skip string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.Name() == skip {
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	ok(t, err)
	return b
}

func generateGolden(t *testing.T) {
	g := goldenVectors{Email: "golden@example.test", Passphrase: "golden passphrase",
		Plaintext: `{"name":"Golden Record","bsn":"123456782"}`}
	dir := t.TempDir()
	v, s, _, err := Create(dir, NewUser{Email: g.Email, Passphrase: []byte(g.Passphrase)}, testOptions(nil))
	ok(t, err)
	rk := recordKey(kindTest, NewID())
	val, err := s.seal(rk, s.DirectoryScope(), []byte(g.Plaintext))
	ok(t, err)
	g.KeyringRecordKey, g.KeyringRecordValue = hex.EncodeToString(rk), hex.EncodeToString(val)
	ok(t, v.Close())

	fs := fixedSession()
	rk = recordKey(kindTest, ID{0xaa, 0xbb})
	val, err = fs.seal(rk, fixedScope, []byte(g.Plaintext))
	ok(t, err)
	var k [vcrypto.KeySize]byte
	fs.ks.scopes[fixedScope].record.Key(&k, val[:headerSizeV1], rk)
	g.FixedBadgerKey, g.FixedValue, g.FixedRecordKey = hex.EncodeToString(rk), hex.EncodeToString(val), hex.EncodeToString(k[:])
	g.FixedIndexField, g.FixedIndexValue = "bsn", "123456782"
	ik, err := fs.indexKey(fixedScope, g.FixedIndexField, []byte(g.FixedIndexValue), kindTest, ID{0xaa, 0xbb})
	ok(t, err)
	g.FixedIndexKey = hex.EncodeToString(ik)

	ok(t, os.RemoveAll(goldenDir))
	ok(t, copyTree(dir, goldenDir, lockFile))
	b, err := json.MarshalIndent(g, "", "  ")
	ok(t, err)
	ok(t, os.WriteFile(filepath.Join(goldenDir, "vectors.json"), append(b, '\n'), 0o644))
}

func TestRule_GoldenVaultStillOpens(t *testing.T) {
	if *updateGolden {
		generateGolden(t)
	}
	var g goldenVectors
	b, err := os.ReadFile(filepath.Join(goldenDir, "vectors.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &g))

	t.Run("fixed key material", func(t *testing.T) {
		fs := fixedSession()
		rk, val := mustHex(t, g.FixedBadgerKey), mustHex(t, g.FixedValue)
		var k [vcrypto.KeySize]byte
		fs.ks.scopes[fixedScope].record.Key(&k, val[:headerSizeV1], rk)
		if hex.EncodeToString(k[:]) != g.FixedRecordKey {
			t.Fatal("per-record key derivation changed")
		}
		got, err := fs.open(nil, rk, val)
		ok(t, err)
		if string(got) != g.Plaintext {
			t.Fatalf("got %q", got)
		}
		ik, err := fs.indexKey(fixedScope, g.FixedIndexField, []byte(g.FixedIndexValue), kindTest, ID{0xaa, 0xbb})
		ok(t, err)
		if hex.EncodeToString(ik) != g.FixedIndexKey {
			t.Fatal("blind-index key layout or derivation changed")
		}
	})
	t.Run("keyring and record", func(t *testing.T) {
		dir := t.TempDir()
		ok(t, copyTree(goldenDir, dir, "vectors.json"))
		v, err := Open(dir, testOptions(nil))
		ok(t, err)
		defer v.Close()
		s, err := v.Unlock(g.Email, []byte(g.Passphrase))
		ok(t, err)
		defer s.Lock()
		if s.Role() != RoleAdmin {
			t.Fatalf("role %q", s.Role())
		}
		s.mu.RLock()
		got, err := s.open(nil, mustHex(t, g.KeyringRecordKey), mustHex(t, g.KeyringRecordValue))
		s.mu.RUnlock()
		ok(t, err)
		if !bytes.Equal(got, []byte(g.Plaintext)) {
			t.Fatalf("got %q", got)
		}
	})
}
