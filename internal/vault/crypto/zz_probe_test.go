package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"testing"

	"github.com/minio/sio"
)

func BenchmarkProbeOpen420(b *testing.B) {
	var key [KeySize]byte
	ct, _ := SealRecord(nil, &key, make([]byte, 420))
	dst := make([]byte, 0, 1024)
	for b.Loop() {
		if _, err := OpenRecord(dst[:0], &key, ct); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProbeOpen420OneSuite(b *testing.B) {
	var key [KeySize]byte
	ct, _ := SealRecord(nil, &key, make([]byte, 420))
	dst := make([]byte, 0, 1024)
	for b.Loop() {
		cfg := sioConfig(key[:])
		cfg.CipherSuites = []byte{ct[1]}
		if _, err := sio.DecryptBuffer(dst[:0], ct, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProbeAESGCMSetup(b *testing.B) {
	var key [KeySize]byte
	for b.Loop() {
		c, _ := aes.NewCipher(key[:])
		cipher.NewGCM(c)
	}
}
func BenchmarkProbeSeal420(b *testing.B) {
	var key [KeySize]byte
	pt := make([]byte, 420)
	buf := make([]byte, 0, 1024)
	for b.Loop() {
		if _, err := SealRecord(buf[:0], &key, pt); err != nil {
			b.Fatal(err)
		}
	}
}
