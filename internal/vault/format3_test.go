package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// rewriteKeyringVersion sets the version in dir's keyring.json to v, checksum included, as a
// Kluis of that format would have written it.
func rewriteKeyringVersion(t *testing.T, dir string, v int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, keyringFile))
	ok(t, err)
	var env keyringEnvelope
	ok(t, json.Unmarshal(data, &env))
	var body map[string]json.RawMessage
	ok(t, json.Unmarshal(env.Keyring, &body))
	body["version"] = mustJSON(v)
	nb, err := json.Marshal(body)
	ok(t, err)
	sum := sha256.Sum256(nb)
	out, err := json.Marshal(keyringEnvelope{Keyring: nb, SHA256: hex.EncodeToString(sum[:])})
	ok(t, err)
	ok(t, os.WriteFile(filepath.Join(dir, keyringFile), out, 0o600))
}

// Rule (format 3, ADR 014): this Kluis opens a keyring of format 2 as it is and writes format 3
// from its first write on, so that a Kluis of format 2 no longer opens the folder; a keyring of
// a later format is refused as written by a newer Kluis (not as damaged).
func TestRule_AFormat2KeyringOpensAndANewerOneIsRefusedAsNewer(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	ok(t, v.Close())
	rewriteKeyringVersion(t, dir, 2)
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	s.Lock()
	ok(t, v.Close())
	data, err := os.ReadFile(filepath.Join(dir, keyringFile))
	ok(t, err)
	if !bytes.Contains(data, []byte(`"version": 3`)) {
		t.Fatal("the unlock did not write format 3")
	}
	rewriteKeyringVersion(t, dir, 4)
	_, err = Open(dir, testOptions(nil))
	if !errors.Is(err, ErrNewerFormat) || errors.Is(err, ErrKeyringCorrupt) {
		t.Fatalf("a keyring of format 4: %v", err)
	}
}
