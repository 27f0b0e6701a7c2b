package crypto

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// Expander derives many 32-byte keys from one secret. It is HKDF-SHA256 (RFC 5869) split in its
// two steps: HKDF-Extract(salt = label, secret) runs once, and each Key call is one
// HKDF-Expand block, HMAC(PRK, info || 0x01) with info = label || parts, on a pooled HMAC
// (reset, not rebuilt). Deriving a key this way costs about a quarter of a fresh HKDF call.
// An Expander is safe for concurrent use.
type Expander struct {
	label []byte
	prk   []byte
	pool  sync.Pool
}

// NewExpander runs HKDF-Extract for secret under label.
func NewExpander(secret []byte, label string) *Expander {
	prk, err := hkdf.Extract(sha256.New, secret, []byte(label))
	if err != nil {
		panic(err)
	}
	e := &Expander{label: []byte(label), prk: prk}
	e.pool.New = func() any { return hmac.New(sha256.New, e.prk) }
	return e
}

// Key writes HKDF-Expand(PRK, label || parts..., 32) to dst.
func (e *Expander) Key(dst *[KeySize]byte, parts ...[]byte) {
	h := e.pool.Get().(hash.Hash)
	h.Reset()
	h.Write(e.label)
	for _, p := range parts {
		h.Write(p)
	}
	h.Write([]byte{1})
	h.Sum(dst[:0])
	e.pool.Put(h)
}

// Wipe clears the PRK. Pooled HMACs keep derived pads the runtime may still hold; they become
// unreachable with the Expander.
func (e *Expander) Wipe() { Wipe(e.prk) }

// MAC is HMAC-SHA256 under a fixed key with pooled hash state; safe for concurrent use.
type MAC struct {
	key  []byte
	pool sync.Pool
}

// NewMAC keeps a copy of key.
func NewMAC(key []byte) *MAC {
	m := &MAC{key: append([]byte(nil), key...)}
	m.pool.New = func() any { return hmac.New(sha256.New, m.key) }
	return m
}

// Sum appends HMAC(key, parts...) to dst.
func (m *MAC) Sum(dst []byte, parts ...[]byte) []byte {
	h := m.pool.Get().(hash.Hash)
	h.Reset()
	for _, p := range parts {
		h.Write(p)
	}
	dst = h.Sum(dst)
	m.pool.Put(h)
	return dst
}

// Equal compares two MACs in constant time.
func Equal(a, b []byte) bool { return hmac.Equal(a, b) }

// Wipe clears the key.
func (m *MAC) Wipe() { Wipe(m.key) }
