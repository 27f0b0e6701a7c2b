package crypto

// Labels. Every string that separates one use of a key or hash from another is here, so two
// uses can never meet by accident and a reviewer sees them all at once. They are part of the
// on-disk format: never change one; a new use gets a new label. internal/vault/labels.go
// builds the full contexts from them, and labels_test.go there freezes the results.
const (
	// HKDF labels (salt and info prefix).
	LabelRecord = "kluis/v1/record" // per-record sio key from a scope key
	LabelBlind  = "kluis/v1/blind"  // per-field blind-index key from a scope key
	LabelWrap   = "kluis/v1/wrap"   // key-wrapping key from an X25519 shared secret
	LabelMAC    = "kluis/v1/mac"    // format 1 only: the keyring MAC key from the vault key

	// Associated data of small sealed secrets.
	LabelScope      = "kluis/v1/scope"       // a scope key sealed under the vault key
	LabelStaffScope = "kluis/v2/staff-scope" // a scope key sealed under the staff key
	LabelStaff      = "kluis/v2/staff"       // the staff key sealed under the vault key
	LabelAuditKey   = "kluis/v2/audit-key"   // an audit reader's private key sealed under the vault key
	LabelRecovery   = "kluis/v1/recovery"    // the vault key sealed under the recovery code's key
	LabelPrivate    = "kluis/v1/private"     // a user's private keys sealed under their passphrase key
	LabelLookup     = "kluis/v1/lookup"      // documentation only: the e-mail lookup HMAC is keyed by a random salt

	// Wrap contexts (anonymous boxes to a user's or the audit reader's X25519 key).
	LabelRequestDetails   = "kluis/v1/request-details"   // a requester's name and e-mail, to one admin
	LabelRequestRejection = "kluis/v1/request-rejection" // an admin's reason, to the requester
	LabelPendingRecovery  = "kluis/v1/pending-recovery"  // a new recovery code, to an admin
	LabelAuditSession     = "kluis/v2/audit-session"     // an audit session key, to the audit reader

	// LabelPersonal: HKDF of a user's X25519 private key into the key of their personal data
	// (the recently visited employees), which no other user opens.
	LabelPersonal = "kluis/v2/personal"

	// Hash and signature domains.
	LabelGrant         = "kluis/v1/grant"          // format 1 only: an admin's grant signature
	LabelRequest       = "kluis/v1/request"        // a requester's self-signature over their request
	LabelRevokedLookup = "kluis/v1/revoked-lookup" // the e-mail lookup of a revoked user whose e-mail returns
	LabelRecoveryCheck = "kluis/v1/recovery/check" // the check characters of a recovery code
	LabelState         = "kluis/v2/state"          // hash of the signed keyring state
	LabelEntry         = "kluis/v2/entry"          // hash of a keyring log entry
	LabelEntrySig      = "kluis/v2/entry-sig"      // an admin's signature over a keyring log entry
	LabelVaultSigner   = "kluis/v2/vault-signer"   // HKDF of the vault key into an Ed25519 seed
	LabelAuditEntry    = "kluis/v2/audit-entry"    // hash of an audit log entry
	LabelAuditSig      = "kluis/v2/audit-sig"      // a user's signature over an audit block
	LabelStatement     = "kluis/v2/statement"      // a user's signature over a record anyone may write (a profile)

	// Backup files (docs/adr/004-backup.md).
	LabelBackupKey    = "kluis/v3/backup-key"    // a backup's key sealed under the vault key
	LabelBackupHeader = "kluis/v3/backup-header" // hash of a backup file's clear part
	LabelBackupBody   = "kluis/v3/backup-body"   // HKDF of the backup key and header hash into the body's key

	// Command-line sessions (docs/adr/007-cli-session.md).
	LabelCLISession     = "kluis/v4/cli-session"      // HKDF of a session token (and the file's salt) into the file's key
	LabelCLISessionFile = "kluis/v4/cli-session-file" // hash of a session token into its file name

	// Replication (docs/adr/009-replication.md).
	LabelChangeSet    = "kluis/v5/change-set"     // hash of a change set's body
	LabelChangeSetSig = "kluis/v5/change-set-sig" // a user's signature over a change set
	LabelLocalUser    = "kluis/v5/local-user"     // a user's signature over their replicated local part
	LabelJoinCode     = "kluis/v5/join-code"      // documentation only: a join code pins the genesis hash
	LabelSnapshot     = "kluis/v5/snapshot"       // hash of a partition snapshot's body
	LabelSnapshotSig  = "kluis/v5/snapshot-sig"   // a user's signature over a partition snapshot
	LabelConflict     = "kluis/v5/conflict"       // hash of a key and a losing version's clock into a conflict record id

	// Record values of version 0x02 (docs/adr/010-record-aead.md): HKDF of a scope key into the
	// XChaCha20-Poly1305 key that seals every record of that scope and epoch.
	LabelRecordAEAD = "kluis/v6/record-aead"
)

// KeySize is the size of every symmetric key in the vault.
const KeySize = 32

// Wipe overwrites b with zeros. It is best effort: the Go runtime may have copied the bytes.
func Wipe(b []byte) {
	clear(b)
}
