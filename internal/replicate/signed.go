package replicate

import (
	"encoding/json"

	"kluis/internal/vault"
)

// Signed objects in the bucket (device announcements, leases, removals) are JSON objects with a
// "sig" member. The signature covers the object's members but "sig", sorted by name, each as
// the object's own bytes hold it (signedMessage): not a re-encoding of the members this Kluis
// knows. So a later Kluis may add members and an older one still verifies what it reads (it
// ignores the new members; they are signed all the same). Objects signed by earlier builds,
// whose signature covers the re-encoding of their struct (legacy), are still accepted.

// signedMessage is what the signature of a signed object covers; obj is its JSON.
func signedMessage(obj []byte) ([]byte, error) { return vault.ObjectStatement(obj, "sig") }

// signObject signs v, whose sig member is empty, and returns the message signed.
func signObject(v any, sign func(msg []byte) ([]byte, error)) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	msg, err := signedMessage(b)
	if err != nil {
		return nil, err
	}
	return sign(msg)
}

// verifyObject checks the signature sig of the object obj (its JSON as read), whose known
// members re-encode to legacy: valid when verify accepts the signed message of obj, or that of
// an earlier build.
func verifyObject(obj, legacy []byte, verify func(msg []byte) bool) bool {
	if msg, err := signedMessage(obj); err == nil && verify(msg) {
		return true
	}
	return verify(legacy)
}
