package vault

import (
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"

	vcrypto "kluis/internal/vault/crypto"
)

// sealV1 seals a value of version 0x01 as the code before ADR 010 did, for tests of the read
// path that the migration keeps.
func sealV1(t testing.TB, s *Session, badgerKey []byte, scope ScopeID, plaintext []byte) []byte {
	t.Helper()
	k := s.ks.scopes[scope]
	out := make([]byte, headerSizeV1, headerSizeV1+vcrypto.SealedSize(len(plaintext)))
	out[0] = valueV1
	binary.BigEndian.PutUint32(out[1:5], uint32(scope))
	binary.BigEndian.PutUint32(out[5:9], k.epoch)
	copy(out[9:], vcrypto.RandomBytes(saltSize))
	var key [vcrypto.KeySize]byte
	k.record.Key(&key, out[:headerSizeV1], badgerKey)
	out, err := vcrypto.SealRecord(out, &key, plaintext)
	ok(t, err)
	return out
}

// Rule (ADR 010): a version 0x02 value is exactly 0x02 ‖ scope ‖ epoch ‖ nonce ‖
// XChaCha20-Poly1305(HKDF-SHA256(scope key, "kluis/v6/record-aead"), AD = header ‖ Badger key),
// checked against an independent construction from the standard library and x/crypto.
func TestRule_RecordV2FramingIsFrozen(t *testing.T) {
	fs := fixedSession()
	scopeKey := make([]byte, vcrypto.KeySize)
	for i := range scopeKey {
		scopeKey[i] = byte(i)
	}
	rk, plain := recordKey(kindTest, ID{0xaa, 0xbb}), []byte(`{"n":1}`)
	key, err := hkdf.Key(sha256.New, scopeKey, []byte("kluis/v6/record-aead"), "kluis/v6/record-aead", 32)
	ok(t, err)
	aead, err := chacha20poly1305.NewX(key)
	ok(t, err)
	header := []byte{0x02, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 7}
	nonce := bytes.Repeat([]byte{0x5a}, 24)
	value := aead.Seal(append(bytes.Clone(header), nonce...), nonce, plain, append(bytes.Clone(header), rk...))
	got, err := fs.open(nil, rk, value)
	ok(t, err)
	if !bytes.Equal(got, plain) {
		t.Fatalf("got %q", got)
	}
	sealed, err := fs.seal(rk, fixedScope, plain)
	ok(t, err)
	if !bytes.Equal(sealed[:headerSizeV2], header) || len(sealed) != len(value) {
		t.Fatalf("seal wrote header %x, %d bytes; want %x, %d", sealed[:headerSizeV2], len(sealed), header, len(value))
	}
	if _, err := aead.Open(nil, sealed[9:33], sealed[33:], append(bytes.Clone(header), rk...)); err != nil {
		t.Fatal("the independent construction does not open what seal wrote")
	}
}

// Rule: no fixed nonce: two seals of the same plaintext under the same key differ, nonce first.
func TestRule_RecordSealsDrawFreshNonces(t *testing.T) {
	fs := fixedSession()
	rk := recordKey(kindTest, ID{1})
	seen := map[string]bool{}
	for range 64 {
		v, err := fs.seal(rk, fixedScope, []byte("same plaintext"))
		ok(t, err)
		nonce := string(v[headerSizeV2 : headerSizeV2+vcrypto.RecordNonceSize])
		if seen[nonce] {
			t.Fatal("a nonce repeated")
		}
		seen[nonce] = true
	}
}

// Rule: a version 0x02 value moved to another key, kind or scope (header rewritten to another
// scope the session holds) does not open; neither does one whose version byte says 0x01.
func TestRule_RecordV2BoundToKeyAndScope(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, d1 := newDept(t, s)
	_, d2 := newDept(t, s)
	a, b := recordKey(kindTest, NewID()), recordKey(kindTest, NewID())
	s.mu.RLock()
	defer s.mu.RUnlock()
	val, err := s.seal(a, d1, []byte("of a"))
	ok(t, err)
	if _, err := s.open(nil, b, val); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("moved to another id: %v", err)
	}
	if _, err := s.open(nil, recordKey(kindTest+1, ID(a[1:])), val); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("moved to another kind: %v", err)
	}
	moved := bytes.Clone(val)
	binary.BigEndian.PutUint32(moved[1:5], uint32(d2))
	binary.BigEndian.PutUint32(moved[5:9], s.ks.scopes[d2].epoch)
	if _, err := s.open(nil, a, moved); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("moved to another scope: %v", err)
	}
	asV1 := bytes.Clone(val)
	asV1[0] = valueV1
	if _, err := s.open(nil, a, asV1); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("version byte changed to 0x01: %v", err)
	}
}

// Rule: version 0x01 values still open, and a flipped byte of one or a copy under another key
// is ErrCorrupt (the read path kept for old vaults).
func TestRule_RecordV1StillOpensAndStillRefusesTampering(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	key := recordKey(kindTest, NewID())
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, n := range []int{1, 100, 70000} {
		val := sealV1(t, s, key, dept, bytes.Repeat([]byte{'v'}, n))
		got, err := s.open(nil, key, val)
		ok(t, err)
		if len(got) != n {
			t.Fatalf("n=%d: got %d bytes", n, len(got))
		}
		for pos := 0; pos < len(val); pos += 1 + pos/8 {
			flipped := bytes.Clone(val)
			flipped[pos] ^= 0x01
			if _, err := s.open(nil, key, flipped); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("n=%d byte %d: %v", n, pos, err)
			}
		}
		if _, err := s.open(nil, recordKey(kindTest, NewID()), val); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("n=%d moved: %v", n, err)
		}
	}
}

// Rule: Lock drops every cached record cipher (the session holds none afterwards).
func TestRule_LockDropsTheRecordCiphers(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	newDept(t, s)
	var held []*scopeKeys
	for _, m := range []map[ScopeID]*scopeKeys{s.ks.scopes, s.ks.prev} {
		for _, k := range m {
			held = append(held, k)
		}
	}
	if len(held) < 4 {
		t.Fatalf("%d scope keys", len(held))
	}
	for _, k := range held {
		if !k.aead.Held() {
			t.Fatalf("scope %s: no cipher while unlocked", k.id)
		}
	}
	s.Lock()
	for _, k := range held {
		if k.aead.Held() {
			t.Fatalf("scope %s: the record cipher survived Lock", k.id)
		}
	}
	if s.ks.scopes != nil || s.ks.prev != nil {
		t.Fatal("the session still maps scopes to keys after Lock")
	}
}

// Rule: a rotation's new epoch gets its own cipher: a value sealed in the new epoch does not open
// when its header names the old one, and after Rotate every record is version 0x02 of the new
// epoch, including one written as 0x01 before.
func TestRule_RotationSealsWithTheNewEpochsCipher(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	dir := s.DirectoryScope()
	oldID, v1ID := NewID(), NewID()
	put(t, s, oldID, dir, "before the rotation")
	s.mu.RLock()
	v1 := sealV1(t, s, recordKey(kindTest, v1ID), dir, []byte("an old 0x01 value"))
	s.mu.RUnlock()
	ok(t, s.Update(func(tx *Tx) error { return tx.txn.Set(recordKey(kindTest, v1ID), v1) }))
	u, err := s.AddUser(NewUser{Email: "weg@example.test", Passphrase: []byte("weg")}, RoleUser)
	ok(t, err)
	ok(t, s.Revoke(u))
	oldEpoch, newEpoch := s.ks.prev[dir].epoch, s.ks.scopes[dir].epoch
	if oldEpoch == newEpoch || s.ks.prev[dir].aead == s.ks.scopes[dir].aead {
		t.Fatal("the new epoch shares the old one's cipher")
	}
	key := recordKey(kindTest, NewID())
	s.mu.RLock()
	val, err := s.seal(key, dir, []byte("after"))
	ok(t, err)
	binary.BigEndian.PutUint32(val[5:9], oldEpoch)
	_, err = s.open(nil, key, val)
	s.mu.RUnlock()
	wantErr(t, err, ErrCorrupt)

	ok(t, s.Rotate(context.Background(), RotateOptions{}))
	for _, id := range []ID{oldID, v1ID} {
		ok(t, s.View(func(tx *Tx) error {
			item, err := tx.txn.Get(recordKey(kindTest, id))
			ok(t, err)
			return item.Value(func(v []byte) error {
				sc, ep, err := parseHeader(v)
				if err != nil || v[0] != valueV2 || sc != dir || ep != newEpoch {
					t.Fatalf("record after Rotate: version %d scope %s epoch %d (new %d): %v", v[0], sc, ep, newEpoch, err)
				}
				return nil
			})
		}))
	}
	got, err := get(s, v1ID)
	ok(t, err)
	if string(got) != "an old 0x01 value" {
		t.Fatalf("got %q", got)
	}
}

// FuzzOpenValue: opening any bytes as a record value never panics and fails only with
// ErrCorrupt (the fixed session holds its one scope, so ErrNoAccess cannot arise).
func FuzzOpenValue(f *testing.F) {
	fs := fixedSession()
	rk := recordKey(kindTest, ID{0xaa, 0xbb})
	v2, err := fs.seal(rk, fixedScope, []byte("seed"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(v2)
	f.Add(sealV1(f, fs, rk, fixedScope, []byte("seed")))
	f.Add([]byte{2})
	f.Add(v2[:headerSizeV2+vcrypto.RecordOverhead])
	f.Fuzz(func(t *testing.T, value []byte) {
		plain, err := fs.open(nil, rk, value)
		if err == nil {
			if !bytes.Equal(plain, []byte("seed")) {
				t.Fatalf("opened forged bytes to %q", plain)
			}
			return
		}
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error not ErrCorrupt: %v", err)
		}
	})
}

// Rule: Sealed.OpenTo gives the same plaintext as Open for both value versions while reusing
// the caller's buffer, and a value that does not open leaves nothing appended.
func TestRule_OpenToReusesTheBufferAndGivesWhatOpenGives(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	plains := map[ID][]byte{}
	for i, n := range []int{1, 300, 5000} {
		id := NewID()
		plains[id] = bytes.Repeat([]byte{byte('a' + i)}, n)
		ok(t, s.Update(func(tx *Tx) error { return tx.Put(kindTest, id, dept, plains[id]) }))
	}
	old := NewID()
	plains[old] = []byte(`{"v":1}`)
	s.mu.RLock()
	v1 := sealV1(t, s, recordKey(kindTest, old), dept, plains[old])
	s.mu.RUnlock()
	ok(t, s.db.Update(func(txn *badger.Txn) error { return txn.Set(recordKey(kindTest, old), v1) }))

	buf := make([]byte, 0, 8192)
	seen := 0
	ok(t, s.View(func(tx *Tx) error {
		return tx.Iterate(kindTest, func(id ID, r Sealed) error {
			got, err := r.OpenTo(buf[:0])
			if err != nil {
				return err
			}
			want, err := r.Open()
			if err != nil {
				return err
			}
			if !bytes.Equal(got, want) || !bytes.Equal(got, plains[id]) {
				t.Fatalf("record %s: OpenTo gave %d bytes, Open %d", id, len(got), len(want))
			}
			if &got[0] != &buf[:1][0] {
				t.Fatalf("record %s: OpenTo did not use the given buffer", id)
			}
			seen++
			return nil
		})
	}))
	if seen != len(plains) {
		t.Fatalf("iterated %d records, want %d", seen, len(plains))
	}
	key := recordKey(kindTest, old)
	s.mu.RLock()
	defer s.mu.RUnlock()
	damaged := bytes.Clone(v1)
	damaged[len(damaged)-1] ^= 1
	got, err := Sealed{s: s, key: key, value: damaged}.OpenTo([]byte("kept"))
	if !errors.Is(err, ErrCorrupt) || got != nil {
		t.Fatalf("damaged value: %q, %v; want nil, ErrCorrupt", got, err)
	}
}
