package crypto

import (
	"bytes"
	"errors"
	"testing"

	"github.com/minio/sio"
)

// Rule: OpenRecord sets up only the cipher a stream names, and still opens a record sealed with
// either DARE 2.0 suite (a vault written on a PC without AES instructions holds ChaCha20-Poly1305
// records), while a stream naming any other suite is ErrUnauthenticated, not a sio config error.
func TestRule_OpenRecordEitherSuiteOnly(t *testing.T) {
	var key [KeySize]byte
	key[0] = 9
	pt := bytes.Repeat([]byte("abc"), 200)
	for _, suite := range []byte{sio.AES_256_GCM, sio.CHACHA20_POLY1305} {
		cfg := sioConfig(key[:])
		cfg.CipherSuites = []byte{suite}
		var ct bytes.Buffer
		if _, err := sio.Encrypt(&ct, bytes.NewReader(pt), cfg); err != nil {
			t.Fatal(err)
		}
		if ct.Bytes()[1] != suite {
			t.Fatalf("suite %d: the stream names suite %d", suite, ct.Bytes()[1])
		}
		got, err := OpenRecord(nil, &key, ct.Bytes())
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("suite %d: %v", suite, err)
		}
		bad := bytes.Clone(ct.Bytes())
		bad[1] = 7
		if _, err := OpenRecord(nil, &key, bad); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("suite byte 7: %v, want ErrUnauthenticated", err)
		}
		bad[1] = suite ^ 1 // the other known suite: its tag does not verify
		if _, err := OpenRecord(nil, &key, bad); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("suite swapped: %v, want ErrUnauthenticated", err)
		}
	}
}

// BenchmarkOpenRecord420 and its baseline BenchmarkOpenRecord420BothSuites (sio's default, which
// sets up an AEAD for each suite) measure the open of an identity-sized record; see
// docs/BENCHMARKS.md.
func BenchmarkOpenRecord420(b *testing.B) {
	var key [KeySize]byte
	ct, err := SealRecord(nil, &key, make([]byte, 420))
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 512)
	for b.Loop() {
		if _, err := OpenRecord(dst[:0], &key, ct); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenRecord420BothSuites(b *testing.B) {
	var key [KeySize]byte
	ct, err := SealRecord(nil, &key, make([]byte, 420))
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 512)
	for b.Loop() {
		if _, err := sio.DecryptBuffer(dst[:0], ct, sioConfig(key[:])); err != nil {
			b.Fatal(err)
		}
	}
}
