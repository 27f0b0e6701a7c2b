package crypto

// HKDF labels. Each use of a key gets its own label, so keys derived for one purpose never
// equal keys derived for another. They are part of the on-disk format: never change them.
const (
	LabelRecord   = "kluis/v1/record"   // per-record sio key from a scope key
	LabelBlind    = "kluis/v1/blind"    // per-field blind-index key from an identity scope key
	LabelWrap     = "kluis/v1/wrap"     // key-wrapping key from an X25519 shared secret
	LabelMAC      = "kluis/v1/mac"      // keyring MAC key from the vault key
	LabelScope    = "kluis/v1/scope"    // sealing of scope keys under the vault key
	LabelRecovery = "kluis/v1/recovery" // recovery envelope
	LabelPrivate  = "kluis/v1/private"  // sealing of a user's private keys under the passphrase key
	LabelLookup   = "kluis/v1/lookup"   // e-mail lookup HMAC (documentation only: keyed by a random salt)
)

// KeySize is the size of every symmetric key in the vault.
const KeySize = 32

// Wipe overwrites b with zeros. It is best effort: the Go runtime may have copied the bytes.
func Wipe(b []byte) {
	clear(b)
}
