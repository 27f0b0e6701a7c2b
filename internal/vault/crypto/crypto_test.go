package crypto

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"runtime"
	"testing"
	"time"
)

func TestRule_ExpanderIsHKDF(t *testing.T) {
	secret := bytes.Repeat([]byte{7}, KeySize)
	e := NewExpander(secret, LabelRecord)
	var got [KeySize]byte
	e.Key(&got, []byte("header"), []byte("badger-key"))
	want, err := hkdf.Key(sha256.New, secret, []byte(LabelRecord), LabelRecord+"header"+"badger-key", KeySize)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got[:], want) {
		t.Fatal("Expander.Key differs from crypto/hkdf")
	}
	var again [KeySize]byte
	e.Key(&again, []byte("header"), []byte("badger-key2"))
	if again == got {
		t.Fatal("info does not change the key")
	}
}

func TestRule_WrapOpensOnlyForRecipientAndContext(t *testing.T) {
	alice, _ := ecdh.X25519().GenerateKey(nil)
	bob, _ := ecdh.X25519().GenerateKey(nil)
	secret := RandomKey()
	box, err := Wrap(alice.PublicKey(), "vault", secret)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unwrap(alice, "vault", box)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("unwrap: %v", err)
	}
	if _, err := Unwrap(bob, "vault", box); !errors.Is(err, ErrUnauthenticated) {
		t.Fatal("another recipient opened the box")
	}
	if _, err := Unwrap(alice, "mac", box); !errors.Is(err, ErrUnauthenticated) {
		t.Fatal("another context opened the box")
	}
	box[len(box)-1] ^= 1
	if _, err := Unwrap(alice, "vault", box); !errors.Is(err, ErrUnauthenticated) {
		t.Fatal("changed box opened")
	}
}

func TestRule_KDFParamsAreCappedAndFloored(t *testing.T) {
	for name, c := range map[string]struct {
		p    KDFParams
		want error
	}{
		"test params":  {KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}, nil},
		"4 GiB cap":    {KDFParams{MemoryKiB: MaxMemoryKiB + 1, Time: 1, Threads: 1}, ErrTooExpensive},
		"time cap":     {KDFParams{MemoryKiB: 1024, Time: 65, Threads: 1}, ErrTooExpensive},
		"threads cap":  {KDFParams{MemoryKiB: 1024, Time: 1, Threads: 17}, ErrTooExpensive},
		"memory floor": {KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}, ErrWeakParams},
		"zero time":    {KDFParams{MemoryKiB: 1024, Time: 0, Threads: 1}, ErrWeakParams},
		"zero threads": {KDFParams{MemoryKiB: 1024, Time: 1, Threads: 0}, ErrWeakParams},
	} {
		t.Run(name, func(t *testing.T) {
			if err := c.p.Check(); !errors.Is(err, c.want) && !(err == nil && c.want == nil) {
				t.Fatalf("Check(%v) = %v, want %v", c.p, err, c.want)
			}
		})
	}
}

func TestRule_CalibrateKeepsAtLeast64MiB(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Argon2id at 256 MiB")
	}
	p := Calibrate(time.Millisecond)
	if p.MemoryKiB < 64<<10 || p.Time < 1 || int(p.Threads) != min(4, runtime.NumCPU()) {
		t.Fatalf("calibrated %v", p)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestRule_SealRecordRoundTripAndTamper(t *testing.T) {
	var key [KeySize]byte
	copy(key[:], RandomKey())
	for _, n := range []int{1, 512, 65536, 65537, 200000} {
		pt := bytes.Repeat([]byte{'a'}, n)
		ct, err := SealRecord(nil, &key, pt)
		if err != nil {
			t.Fatal(err)
		}
		if len(ct) != SealedSize(n) {
			t.Fatalf("n=%d: size %d, want %d", n, len(ct), SealedSize(n))
		}
		got, err := OpenRecord(nil, &key, ct)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("n=%d: %v", n, err)
		}
		ct[len(ct)/2] ^= 1
		if _, err := OpenRecord(nil, &key, ct); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("n=%d: tampered: %v", n, err)
		}
	}
}

func BenchmarkSealRecord512(b *testing.B) {
	var key [KeySize]byte
	pt := make([]byte, 512)
	buf := make([]byte, 0, 1024)
	for b.Loop() {
		if _, err := SealRecord(buf[:0], &key, pt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExpanderKey(b *testing.B) {
	e := NewExpander(make([]byte, KeySize), LabelRecord)
	var k [KeySize]byte
	h, bk := make([]byte, 25), make([]byte, 17)
	for b.Loop() {
		e.Key(&k, h, bk)
	}
}
