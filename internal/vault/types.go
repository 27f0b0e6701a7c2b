package vault

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// KDFParams are Argon2id cost parameters (memory in KiB, time, threads).
type KDFParams = vcrypto.KDFParams

// CalibrateKDF picks Argon2id parameters for this machine so one derivation takes about target
// (≥ 64 MiB, 256 MiB when that fits, min(4, NumCPU) threads). Aim for 0.5–1 s.
func CalibrateKDF(target time.Duration) KDFParams { return vcrypto.Calibrate(target) }

// DefaultKDFTarget is the derivation time Create aims for when Options.KDF is nil.
const DefaultKDFTarget = 750 * time.Millisecond

// Options tune a vault. The zero value is fine for production.
type Options struct {
	// KDF are the Argon2id parameters for passphrases set through this Vault (Create, Recover,
	// ChangePassphrase, AddUser); nil calibrates on this machine. Tests pass cheap ones.
	// Unlock always uses the parameters stored with the user.
	KDF *KDFParams
	// Logger receives warnings and errors (Badger's included); nil discards. Log records carry
	// user ids and counts, never e-mails, passphrases or record contents.
	Logger *slog.Logger
	// Now is the clock for the unlock back-off; nil means time.Now.
	Now func() time.Time
	// AllowWeakKDF accepts Argon2id parameters below the production floor (64 MiB, t = 3).
	// Tests only: their vaults use 1 MiB so that thousands of unlocks stay fast.
	AllowWeakKDF bool
	// Upgrade routes the records of a format-1 vault into format 2 (package upgrade provides
	// it). Without it, a format-1 vault refuses to unlock with ErrUpgradeRequired.
	Upgrade *Upgrade
	// NoRecordUpgrade keeps an admin's unlock from re-sealing version 0x01 record values in the
	// background (docs/adr/010-record-aead.md); UpgradeRecords still does it on demand. Tests
	// that look at the old values set it.
	NoRecordUpgrade bool
}

// WithKDF returns a copy of o with KDF parameters set.
func (o Options) WithKDF(p KDFParams) Options { o.KDF = &p; return o }

// WithLogger returns a copy of o with a logger.
func (o Options) WithLogger(l *slog.Logger) Options { o.Logger = l; return o }

// WithNow returns a copy of o with a clock.
func (o Options) WithNow(now func() time.Time) Options { o.Now = now; return o }

// WithWeakKDFForTests returns a copy of o that accepts test KDF parameters (see AllowWeakKDF).
func (o Options) WithWeakKDFForTests() Options { o.AllowWeakKDF = true; return o }

// WithUpgrade returns a copy of o that upgrades format-1 vaults with u.
func (o Options) WithUpgrade(u *Upgrade) Options { o.Upgrade = u; return o }

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// kdfParams returns the parameters for a new passphrase.
func (o Options) kdfParams() (KDFParams, error) {
	var p KDFParams
	if o.KDF != nil {
		p = *o.KDF
	} else {
		p = CalibrateKDF(DefaultKDFTarget)
	}
	if err := p.Check(); err != nil {
		return KDFParams{}, fmt.Errorf("%w: %v", ErrWeakParams, err)
	}
	if !o.AllowWeakKDF && !p.MeetsFloor() {
		return KDFParams{}, fmt.Errorf("%w: %s is below the floor of 64 MiB and 3 passes", ErrWeakParams, p)
	}
	return p, nil
}

// kdfAcceptable reports whether stored parameters may protect a passphrase in this vault.
func (o Options) kdfAcceptable(p KDFParams) bool {
	return p.Check() == nil && (o.AllowWeakKDF || p.MeetsFloor())
}

// Kind names a record type; one byte, the first of every Badger key. See
// docs/adr/001-key-layout.md for the kinds the vault reserves for itself.
type Kind byte

// Reserved kinds: 0x00–0x0f belong to the vault, 'i' (0x69) is the blind-index prefix.
const (
	kindStoreHeader Kind = 0x01 // one record: the vault id and the newest keyring and audit heads seen
	kindAudit       Kind = 0x02 // the audit log, keyed by sequence number
	kindJournal     Kind = 0x03 // undo journals of crash-atomic writes
	// kindServiceSecrets Kind = 0x04, kindPendingServiceKeys Kind = 0x05 (servicelink.go): the
	// arbo-service link's secrets and new ones staged during a rekey
	kindReservedMax Kind = 0x0f
	kindIndex       Kind = 'i'
)

func (k Kind) check() error {
	if k <= kindReservedMax || k == kindIndex {
		return fmt.Errorf("vault: kind 0x%02x is reserved", byte(k))
	}
	return nil
}

// ID is a random 16-byte record id. It carries no meaning, so Badger keys hold no personal data.
type ID [16]byte

// NewID returns a random ID.
func NewID() ID {
	var id ID
	if _, err := rand.Read(id[:]); err != nil {
		panic(err)
	}
	return id
}

// String is the lowercase hex form.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// ParseID reads the hex form of an ID.
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 2*len(id) {
		return ID{}, fmt.Errorf("vault: record id must be %d hex digits", 2*len(id))
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return ID{}, fmt.Errorf("vault: record id is not hex")
	}
	return id, nil
}

// MarshalText implements encoding.TextMarshaler (hex).
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler (hex).
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// UserID is a user's random id in the keyring.
type UserID [16]byte

// String is the lowercase hex form; safe to log.
func (u UserID) String() string { return hex.EncodeToString(u[:]) }

// RecordID is the record id under which packages above store things about this user (their
// profile), so no separate mapping is needed.
func (u UserID) RecordID() ID { return ID(u) }

// ParseUserID reads a user id written by String.
func ParseUserID(s string) (UserID, error) {
	id, err := ParseID(s)
	return UserID(id), err
}

// MarshalText implements encoding.TextMarshaler (hex).
func (u UserID) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler (hex).
func (u *UserID) UnmarshalText(b []byte) error {
	id, err := ParseID(string(b))
	if err != nil {
		return fmt.Errorf("vault: user id: %w", err)
	}
	*u = UserID(id)
	return nil
}

// ScopeID names a scope. The storage, directory and admin scopes have fixed ids; department
// scopes get random ones.
type ScopeID uint32

const (
	storageScope   ScopeID = 1
	directoryScope ScopeID = 2
	adminScope     ScopeID = 3
)

// String is "scope-" and 8 hex digits.
func (s ScopeID) String() string { return fmt.Sprintf("scope-%08x", uint32(s)) }

func (s ScopeID) bytes() [4]byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(s))
	return b
}

// Role is what a user may do; the keys wrapped to them follow from it.
type Role string

// Roles.
const (
	RoleAdmin   Role = "admin"   // holds the vault key, hence every scope
	RoleUser    Role = "user"    // HR: holds the staff key, hence every department
	RoleManager Role = "manager" // holds the scopes of their departments only
	// RolePrivacy is the privacy officer (functionaris gegevensbescherming): the audit reader
	// keys and the storage and directory scopes, no department, staff or vault key (privacy.go).
	RolePrivacy Role = "privacy"
)

func (r Role) valid() bool {
	return r == RoleAdmin || r == RoleUser || r == RoleManager || r == RolePrivacy
}

// Status is a user's state in the keyring.
type Status string

// Statuses.
const (
	StatusActive  Status = "active"
	StatusPending Status = "pending"
	StatusRevoked Status = "revoked"
)

func (s Status) valid() bool { return s == StatusActive || s == StatusPending || s == StatusRevoked }

// NewUser is a user to create: the e-mail (only its lookup HMAC is stored) and passphrase.
type NewUser struct {
	Email      string
	Passphrase []byte
}

// Settings are vault-wide settings kept in the keyring.
type Settings struct {
	IdleLock time.Duration
}

// Idle-lock bounds.
const (
	DefaultIdleLock = 10 * time.Minute
	MinIdleLock     = time.Minute
	MaxIdleLock     = 240 * time.Minute
)

// UnlockTimings splits an unlock's time: the passphrase KDF, checking the keyring's signature
// chain, opening the keys, and opening Badger.
type UnlockTimings struct {
	KDF, Chain, Keys, Storage time.Duration
}
