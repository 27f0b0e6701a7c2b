package vault

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Wrapped errors add context; their texts never contain passphrases, key
// bytes, e-mail addresses or record contents.
var (
	ErrNotFound            = errors.New("vault: not found")
	ErrExists              = errors.New("vault: already exists")
	ErrInUse               = errors.New("vault: in use by another process or session")
	ErrLocked              = errors.New("vault: locked")
	ErrWrongPassphrase     = errors.New("vault: wrong e-mail or passphrase")
	ErrTooManyAttempts     = errors.New("vault: too many failed attempts")
	ErrKeyringCorrupt      = errors.New("vault: keyring is damaged")
	ErrKeyringTampered     = errors.New("vault: keyring was changed outside Kluis")
	ErrCorrupt             = errors.New("vault: record is damaged")
	ErrNoAccess            = errors.New("vault: no key for this scope")
	ErrDenied              = errors.New("vault: not allowed for this role")
	ErrRecoveryCodeInvalid = errors.New("vault: recovery code is not valid")
	ErrWeakParams          = errors.New("vault: key-derivation parameters too weak")
	// ErrRollback: a file or the store is older than what this vault has seen (an older copy was
	// put back). See RollbackError.
	ErrRollback = errors.New("vault: an older copy of the vault was put back")
	// ErrStoreMissing: the data folder is missing or empty while the keyring says it holds data.
	ErrStoreMissing = errors.New("vault: the vault's data is missing or empty")
	// ErrStoreDamaged: the storage files are damaged (a read failed or panicked inside Badger).
	ErrStoreDamaged = errors.New("vault: the vault's storage files are damaged; restore the backup")
	// ErrUpgradeRequired: the vault is of an older format; an administrator's unlock upgrades it.
	// ErrWitness: the audit log on this PC does not contain the head the arbo service holds as
	// its witness (entries removed, or an older copy put back).
	ErrWitness         = errors.New("vault: the audit log does not match the head the arbo service holds")
	ErrUpgradeRequired = errors.New("vault: this vault has an older format; an administrator must open it once to upgrade it")
	// ErrNewerFormat: the folder was written by a newer Kluis (a later format version); this
	// Kluis must be updated to open it.
	ErrNewerFormat = errors.New("vault: this vault was written by a newer Kluis; update Kluis to open it")
)

// errFormat1 marks a keyring of format 1 (before signed state), which an admin's unlock upgrades.
var errFormat1 = errors.New("vault: keyring of format 1")

// TooManyAttemptsError says when the next unlock attempt will be considered.
// errors.Is(err, ErrTooManyAttempts) holds for it.
type TooManyAttemptsError struct {
	RetryAt time.Time
}

func (e *TooManyAttemptsError) Error() string {
	return fmt.Sprintf("%v; retry after %s", ErrTooManyAttempts, e.RetryAt.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrTooManyAttempts) true.
func (e *TooManyAttemptsError) Is(target error) bool { return target == ErrTooManyAttempts }

func corruptKeyring(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrKeyringCorrupt, fmt.Sprintf(format, args...))
}
