package crypto

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"

	"golang.org/x/crypto/chacha20poly1305"
)

// RecordNonceSize and RecordOverhead frame a RecordAEAD output: nonce ‖ ciphertext ‖ tag.
const (
	RecordNonceSize = chacha20poly1305.NonceSizeX
	RecordOverhead  = RecordNonceSize + chacha20poly1305.Overhead
)

// RecordAEAD seals and opens the record values of one scope and epoch (ADR 010): one
// XChaCha20-Poly1305 instance, set up once, under HKDF-SHA256(scope key, salt and info =
// LabelRecordAEAD), so the raw scope key never keys a cipher itself. Every seal draws a fresh
// 192-bit nonce: random nonces of that size do not collide in any number of seals a vault can
// make, on any number of PCs sealing under the same key (replication), so no counter is kept.
// It is safe for concurrent use.
type RecordAEAD struct {
	aead cipher.AEAD
}

// NewRecordAEAD derives the record key from scopeKey and sets up the cipher.
func NewRecordAEAD(scopeKey []byte) *RecordAEAD {
	key, err := hkdf.Key(sha256.New, scopeKey, []byte(LabelRecordAEAD), LabelRecordAEAD, KeySize)
	if err != nil {
		panic(err)
	}
	aead, err := chacha20poly1305.NewX(key)
	Wipe(key) // the cipher keeps its own copy; it goes with the RecordAEAD (see Drop)
	if err != nil {
		panic(err)
	}
	return &RecordAEAD{aead: aead}
}

// Seal appends nonce ‖ ciphertext ‖ tag of plaintext, authenticating ad, to dst.
func (r *RecordAEAD) Seal(dst, plaintext, ad []byte) []byte {
	start := len(dst)
	dst = append(dst, make([]byte, RecordNonceSize)...)
	if _, err := rand.Read(dst[start:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	nonce := dst[start : start+RecordNonceSize : start+RecordNonceSize]
	return r.aead.Seal(dst, nonce, plaintext, ad)
}

// Open appends the plaintext of a Seal output to dst; any failure is ErrUnauthenticated and
// appends nothing.
func (r *RecordAEAD) Open(dst, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < RecordOverhead {
		return nil, ErrUnauthenticated
	}
	out, err := r.aead.Open(dst, sealed[:RecordNonceSize], sealed[RecordNonceSize:], ad)
	if err != nil {
		return nil, ErrUnauthenticated
	}
	return out, nil
}

// Drop forgets the cipher. x/crypto's XChaCha20-Poly1305 holds its key in an unexported field
// that cannot be cleared; dropping the only reference is the best Go allows (as with the
// Expander's pooled HMACs). Seal and Open panic afterwards: a use after Lock is a bug.
func (r *RecordAEAD) Drop() { r.aead = nil }

// Held reports whether the cipher is still held (false after Drop).
func (r *RecordAEAD) Held() bool { return r.aead != nil }
