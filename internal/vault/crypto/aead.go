package crypto

import (
	"crypto/rand"
	"errors"

	"golang.org/x/crypto/chacha20poly1305"
)

// ErrUnauthenticated means a ciphertext failed authentication: wrong key or changed bytes.
var ErrUnauthenticated = errors.New("ciphertext verification failed")

// Seal encrypts small secrets with XChaCha20-Poly1305 under key with a random nonce. The result
// is nonce || ciphertext || tag. ad is authenticated, not stored.
func Seal(key, plaintext, ad []byte) []byte {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		panic("crypto.Seal: " + err.Error()) // caller bug: wrong key size
	}
	out := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return aead.Seal(out, out, plaintext, ad)
}

// Open reverses Seal; any failure is ErrUnauthenticated.
func Open(key, box, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		panic("crypto.Open: " + err.Error())
	}
	if len(box) < chacha20poly1305.NonceSizeX+aead.Overhead() {
		return nil, ErrUnauthenticated
	}
	out, err := aead.Open(nil, box[:chacha20poly1305.NonceSizeX], box[chacha20poly1305.NonceSizeX:], ad)
	if err != nil {
		return nil, ErrUnauthenticated
	}
	return out, nil
}

// RandomKey returns KeySize random bytes.
func RandomKey() []byte { return RandomBytes(KeySize) }

// RandomBytes returns n random bytes from crypto/rand.
func RandomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}
