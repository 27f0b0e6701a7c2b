package crypto

import (
	"bytes"
	"errors"
	"testing"
)

// Rule (ADR 010): the record cipher opens only what it sealed with the same associated data,
// refuses short or changed input with ErrUnauthenticated, never reuses a nonce, and after Drop
// holds no cipher.
func TestRule_RecordAEADSealsOpensAndDrops(t *testing.T) {
	key := bytes.Repeat([]byte{3}, KeySize)
	r := NewRecordAEAD(key)
	ad, pt := []byte("header and badger key"), []byte("plaintext")
	a, b := r.Seal([]byte("prefix"), pt, ad), r.Seal(nil, pt, ad)
	if !bytes.HasPrefix(a, []byte("prefix")) || len(b) != len(pt)+RecordOverhead {
		t.Fatalf("framing: %d bytes", len(b))
	}
	if bytes.Equal(a[6:6+RecordNonceSize], b[:RecordNonceSize]) {
		t.Fatal("two seals drew the same nonce")
	}
	got, err := r.Open(nil, b, ad)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("open: %v", err)
	}
	for _, bad := range [][]byte{b[:RecordOverhead-1], append(bytes.Clone(b[:len(b)-1]), b[len(b)-1]^1)} {
		if _, err := r.Open(nil, bad, ad); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("bad input: %v", err)
		}
	}
	if _, err := r.Open(nil, b, []byte("other key")); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("other associated data: %v", err)
	}
	if _, err := NewRecordAEAD(bytes.Repeat([]byte{4}, KeySize)).Open(nil, b, ad); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("other scope key: %v", err)
	}
	if bytes.Contains(b, key) {
		t.Fatal("the scope key appears in the output")
	}
	r.Drop()
	if r.Held() {
		t.Fatal("Drop kept the cipher")
	}
}
