package crypto

import (
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
)

// Wrap seals secret to a recipient's X25519 public key, age-style: an ephemeral key pair, the
// shared secret, HKDF-SHA256 with salt = ephemeral public || recipient public and info =
// LabelWrap || context, then Seal with a random nonce. context names what is wrapped (for
// example "vault" or a scope id and epoch) so a box cannot be passed off as another.
// The result is ephemeral public (32) || Seal output.
func Wrap(to *ecdh.PublicKey, context string, secret []byte) ([]byte, error) {
	eph, err := ecdh.X25519().GenerateKey(nil)
	if err != nil {
		return nil, fmt.Errorf("generate ephemeral key: %w", err)
	}
	shared, err := eph.ECDH(to)
	if err != nil {
		return nil, fmt.Errorf("x25519: %w", err)
	}
	key, err := wrapKey(shared, eph.PublicKey().Bytes(), to.Bytes(), context)
	if err != nil {
		return nil, err
	}
	defer Wipe(key)
	return append(eph.PublicKey().Bytes(), Seal(key, secret, []byte(context))...), nil
}

// Unwrap opens a Wrap box with the recipient's private key. A box for another recipient or
// context, or a changed box, gives ErrUnauthenticated.
func Unwrap(priv *ecdh.PrivateKey, context string, box []byte) ([]byte, error) {
	if len(box) < 32 {
		return nil, ErrUnauthenticated
	}
	ephPub, err := ecdh.X25519().NewPublicKey(box[:32])
	if err != nil {
		return nil, ErrUnauthenticated
	}
	shared, err := priv.ECDH(ephPub)
	if err != nil {
		return nil, ErrUnauthenticated // low-order point
	}
	key, err := wrapKey(shared, box[:32], priv.PublicKey().Bytes(), context)
	if err != nil {
		return nil, err
	}
	defer Wipe(key)
	return Open(key, box[32:], []byte(context))
}

func wrapKey(shared, ephPub, recipientPub []byte, context string) ([]byte, error) {
	defer Wipe(shared)
	salt := append(append(make([]byte, 0, 64), ephPub...), recipientPub...)
	key, err := hkdf.Key(sha256.New, shared, salt, LabelWrap+"/"+context, KeySize)
	if err != nil {
		return nil, fmt.Errorf("hkdf: %w", err)
	}
	return key, nil
}

// HKDF is plain HKDF-SHA256 (salt = label) for one-off keys such as the keyring MAC key.
func HKDF(secret []byte, label, info string) []byte {
	key, err := hkdf.Key(sha256.New, secret, []byte(label), label+"/"+info, KeySize)
	if err != nil {
		panic(err) // only for lengths HKDF cannot produce
	}
	return key
}
