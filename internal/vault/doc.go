// Package vault is Kluis's storage and key layer: the only package that touches Badger, minio/sio,
// golang.org/x/crypto or key bytes. Packages above it see records, scopes and sessions.
//
// # Vocabulary
//
// Vault key: 32 random bytes, the root of all keys. Never on disk in clear: it is sealed to each
// admin and to the recovery code.
//
// Scope: a set of records that share a key. There is one storage scope (its key opens Badger's own
// encryption layer), one directory scope (the anonymised skeleton every user sees) and any number
// of department scopes (one per department: names, BSN, addresses).
//
// Scope key: the 32-byte key of a scope, sealed under the vault key in the keyring's scope table
// and wrapped to the users who hold it. Each scope key has an epoch (uint32) that a rotation
// raises; every sealed value names the scope and epoch it was sealed under.
//
// Record: a value stored under kind || id, sealed (sio DARE 2.0) with a key derived from its scope
// key, a per-write salt and its Badger key, so a value moved to another key does not open.
//
// Kind: one byte naming a record type (employee, employer, profile, ...), chosen by the packages
// above; see docs/adr/001-key-layout.md for the reserved ones.
//
// Blind index: an HMAC of a normalised value (a BSN, a birth date + postcode) under a key derived
// from a scope key, stored as a Badger key that points to a record id. It finds records without
// decrypting them and without storing the value.
//
// Keyring: DIR/keyring.json, readable before unlock. It holds users (by random id and e-mail
// lookup HMAC only), their public keys, their passphrase-sealed private keys, keys wrapped to
// them, the scope table, the recovery envelope and settings. No employee data, no name, no e-mail.
//
// Session: what an unlock yields: the user's keys in memory and the open Badger database. Lock
// wipes the keys (best effort) and closes Badger; afterwards every call returns ErrLocked.
//
// Backup: one sealed file holding keyring.json, keyring.log and the store at one moment
// (Session.Backup); Restore verifies it completely in a new folder before it replaces anything
// (docs/adr/004-backup.md).
//
// Command-line session: the user's private keys sealed into a file under a key derived from a
// random token that lives only in a script's environment (Session.ExportSession,
// Vault.ResumeSession), so later commands skip the key derivation; it ends after the vault's idle
// time or its maximum age and is refused once the keyring revokes the user
// (docs/adr/007-cli-session.md).
//
// The on-disk format is described in docs/format.md, the key layout in docs/adr/001-key-layout.md
// and the threats it answers in docs/threat-model.md.
package vault
