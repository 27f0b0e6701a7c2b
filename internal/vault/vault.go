package vault

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// Vault is an open vault folder: it holds the process lock and the keyring, and hands out at
// most one unlocked Session at a time. It is safe for concurrent use.
type Vault struct {
	dir  string
	opts Options
	lock *os.File

	mu     sync.Mutex
	kr     *keyring
	sess   *Session
	closed bool
}

// Exists reports whether dir holds a vault (a keyring file).
func Exists(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, keyringFile))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("vault: %w", err)
	}
	return true, nil
}

// Open takes the vault folder's process lock and reads its keyring. It returns ErrNotFound when
// there is no keyring, ErrInUse when another process (or another Vault in this one) holds the
// folder, and ErrKeyringCorrupt when the keyring cannot be read. Nothing is decrypted yet.
func Open(dir string, opts Options) (*Vault, error) {
	ok, err := Exists(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: no vault in this folder", ErrNotFound)
	}
	lock, err := takeLock(dir)
	if err != nil {
		return nil, err
	}
	kr, err := readKeyring(dir)
	if err != nil {
		return nil, errors.Join(err, releaseLock(lock))
	}
	return &Vault{dir: dir, opts: opts.withDefaults(), lock: lock, kr: kr}, nil
}

func takeLock(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("vault: open lock file: %w", err)
	}
	if err := lockFileExclusive(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

func releaseLock(f *os.File) error {
	return errors.Join(unlockFile(f), f.Close())
}

// Create makes a new vault in dir (which must be absent or empty, else ErrExists) with admin as
// its first admin, and returns it unlocked for that admin together with the recovery code,
// which is shown once and never stored. The admin's e-mail is kept only as a lookup HMAC; the
// caller stores the admin's profile as a record.
func Create(dir string, admin NewUser, opts Options) (*Vault, *Session, RecoveryCode, error) {
	opts = opts.withDefaults()
	if err := checkEmptyOrAbsent(dir); err != nil {
		return nil, nil, "", err
	}
	params, err := opts.kdfParams()
	if err != nil {
		return nil, nil, "", err
	}
	if len(admin.Passphrase) == 0 {
		return nil, nil, "", errors.New("vault: empty passphrase")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, "", fmt.Errorf("vault: create folder: %w", err)
	}
	lock, err := takeLock(dir)
	if err != nil {
		return nil, nil, "", err
	}
	v := &Vault{dir: dir, opts: opts, lock: lock}
	sess, code, err := v.create(admin, params)
	if err != nil {
		_ = os.RemoveAll(filepath.Join(dir, dataDir))
		_ = os.Remove(filepath.Join(dir, keyringFile))
		_ = os.Remove(filepath.Join(dir, lockFile))
		return nil, nil, "", errors.Join(err, releaseLock(lock))
	}
	return v, sess, code, nil
}

func checkEmptyOrAbsent(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("vault: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("%w: the folder is not empty", ErrExists)
	}
	return nil
}

func (v *Vault) create(admin NewUser, params KDFParams) (*Session, RecoveryCode, error) {
	vaultKey := vcrypto.RandomKey()
	defer vcrypto.Wipe(vaultKey)
	kr := &keyring{
		Format:     keyringFormat,
		Version:    keyringVersion,
		VaultID:    hex.EncodeToString(vcrypto.RandomBytes(16)),
		LookupSalt: vcrypto.RandomBytes(lookupSaltSize),
		Settings:   settingsEntry{IdleLockMinutes: int(DefaultIdleLock / time.Minute)},
	}
	for _, s := range []scopeEntry{{ID: storageScope, Kind: scopeStorage}, {ID: directoryScope, Kind: scopeDirectory}} {
		s.Epoch = 1
		key := vcrypto.RandomKey()
		s.Sealed = vcrypto.Seal(vaultKey, key, scopeAD(kr.VaultID, s))
		vcrypto.Wipe(key)
		kr.Scopes = append(kr.Scopes, s)
	}
	code, secret := newRecoveryCode()
	rk := kdfEntry{ID: vcrypto.KDFArgon2id, Params: recoveryParams(params), Salt: vcrypto.RandomBytes(kdfSaltSize)}
	codeKey := vcrypto.DeriveKey(secret, rk.Salt, rk.Params)
	kr.Recovery = recoveryEntry{KDF: rk, Sealed: vcrypto.Seal(codeKey, vaultKey, recoveryAD(kr.VaultID))}
	vcrypto.Wipe(codeKey)
	vcrypto.Wipe(secret)

	u, keys, err := newUserEntry(kr, admin, RoleAdmin, params)
	if err != nil {
		return nil, "", err
	}
	if err := wrapForRole(kr, u, vaultKey); err != nil {
		return nil, "", err
	}
	kr.Users = append(kr.Users, *u)
	kr.Settings.Founder = u.ID
	macKey := macKeyFor(vaultKey, kr.VaultID)
	kr.seal(macKey)
	vcrypto.Wipe(macKey)
	if err := writeKeyring(v.dir, kr); err != nil {
		return nil, "", err
	}
	v.kr = kr
	sess, err := v.startSession(kr, &kr.Users[0], keys, UnlockTimings{})
	if err != nil {
		return nil, "", err
	}
	return sess, code, nil
}

// userKeys are a user's private keys while a session (or a request being filed) needs them.
type userKeys struct {
	x  *ecdh.PrivateKey
	ed ed25519.PrivateKey // signs grants (admins) and requests
}

// newUserEntry makes a user with fresh key pairs sealed under passphrase; nothing is wrapped yet.
func newUserEntry(kr *keyring, nu NewUser, role Role, params KDFParams) (*userEntry, userKeys, error) {
	if len(nu.Passphrase) == 0 {
		return nil, userKeys{}, errors.New("vault: empty passphrase")
	}
	var id UserID
	if _, err := rand.Read(id[:]); err != nil {
		return nil, userKeys{}, err
	}
	u := &userEntry{ID: id, EmailLookup: emailLookup(kr.LookupSalt, nu.Email), Role: role, Status: StatusActive}
	keys, err := setNewKeys(kr, u, nu.Passphrase, params)
	if err != nil {
		return nil, userKeys{}, err
	}
	return u, keys, nil
}

// setNewKeys gives u new X25519 and Ed25519 key pairs sealed under passphrase.
func setNewKeys(kr *keyring, u *userEntry, passphrase []byte, params KDFParams) (userKeys, error) {
	xpriv, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return userKeys{}, fmt.Errorf("vault: generate x25519 key: %w", err)
	}
	epub, epriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return userKeys{}, fmt.Errorf("vault: generate ed25519 key: %w", err)
	}
	u.X25519 = xpriv.PublicKey().Bytes()
	u.Ed25519 = epub
	sealPrivate(kr, u, xpriv, epriv.Seed(), passphrase, params)
	return userKeys{x: xpriv, ed: epriv}, nil
}

// sealPrivate seals the private halves under Argon2id(passphrase) with a fresh salt.
func sealPrivate(kr *keyring, u *userEntry, xpriv *ecdh.PrivateKey, edSeed, passphrase []byte, params KDFParams) {
	u.KDF = kdfEntry{ID: vcrypto.KDFArgon2id, Params: params, Salt: vcrypto.RandomBytes(kdfSaltSize)}
	key := vcrypto.DeriveKey(passphrase, u.KDF.Salt, params)
	defer vcrypto.Wipe(key)
	priv := append(xpriv.Bytes(), edSeed...)
	u.SealedPrivate = vcrypto.Seal(key, priv, privateAD(kr.VaultID, u.ID))
	vcrypto.Wipe(priv)
}

// wrapForRole wraps to u what its role gets: admins the vault key, everyone the MAC key and the
// storage and directory scope keys (admins reach those through the vault key).
func wrapForRole(kr *keyring, u *userEntry, vaultKey []byte) error {
	pub, err := ecdh.X25519().NewPublicKey(u.X25519)
	if err != nil {
		return fmt.Errorf("vault: user public key: %w", err)
	}
	u.Wrapped = nil
	add := func(w wrappedKey, secret []byte) error {
		box, err := vcrypto.Wrap(pub, wrapContext(kr.VaultID, w), secret)
		if err != nil {
			return err
		}
		w.Box = box
		u.Wrapped = append(u.Wrapped, w)
		return nil
	}
	macKey := macKeyFor(vaultKey, kr.VaultID)
	defer vcrypto.Wipe(macKey)
	if err := add(wrappedKey{What: "mac"}, macKey); err != nil {
		return err
	}
	if u.Role == RoleAdmin {
		return add(wrappedKey{What: "vault"}, vaultKey)
	}
	for _, id := range []ScopeID{storageScope, directoryScope} {
		s := kr.scope(id)
		key, err := vcrypto.Open(vaultKey, s.Sealed, scopeAD(kr.VaultID, *s))
		if err != nil {
			return fmt.Errorf("%w: scope table entry %s does not open", ErrKeyringTampered, id)
		}
		err = add(wrappedKey{What: "scope", Scope: s.ID, Epoch: s.Epoch}, key)
		vcrypto.Wipe(key)
		if err != nil {
			return err
		}
	}
	return nil
}

// ID is the vault's random id (hex), printed in the emergency kit.
func (v *Vault) ID() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kr.VaultID
}

// Dir is the vault folder.
func (v *Vault) Dir() string { return v.dir }

// Settings returns the vault's settings. Before unlock they are read unverified; Unlock checks
// their MAC.
func (v *Vault) Settings() Settings {
	v.mu.Lock()
	defer v.mu.Unlock()
	return Settings{IdleLock: time.Duration(v.kr.Settings.IdleLockMinutes) * time.Minute}
}

// Close locks any unlocked session and releases the process lock. Calling it again is a no-op.
func (v *Vault) Close() error {
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		return nil
	}
	v.closed = true
	sess := v.sess
	v.mu.Unlock()
	if sess != nil {
		sess.Lock()
	}
	return releaseLock(v.lock)
}

// Unlock opens the vault for the user with this e-mail. A wrong passphrase and an unknown e-mail
// both give ErrWrongPassphrase (after the same key-derivation work). After three failures in a
// row each attempt must wait 2^(n-3) s (at most 5 min) after the last failure; an earlier call
// returns *TooManyAttemptsError. The counter lives in the keyring, so it survives restarts; a
// success resets it. Only one session can be unlocked at a time (ErrInUse otherwise).
func (v *Vault) Unlock(email string, passphrase []byte) (*Session, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.canUnlock(); err != nil {
		return nil, err
	}
	lookup := emailLookup(v.kr.LookupSalt, email)
	u := v.kr.userByLookup(lookup)
	if u == nil || u.Status == StatusRevoked {
		// A revoked user may have asked for access again.
		if f := v.pendingByLookup(lookup); f != nil {
			return nil, v.unlockPending(f, passphrase)
		}
	}
	return v.unlockLocked(u, passphrase)
}

// UnlockOnlyAdmin unlocks for the vault's only active admin, for the command line where the
// acting user is implied. With more than one admin it returns ErrWrongPassphrase (say the e-mail).
func (v *Vault) UnlockOnlyAdmin(passphrase []byte) (*Session, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.canUnlock(); err != nil {
		return nil, err
	}
	var admin *userEntry
	n := 0
	for i := range v.kr.Users {
		if u := &v.kr.Users[i]; u.Role == RoleAdmin && u.Status == StatusActive {
			admin, n = u, n+1
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("%w: the vault has %d admins; name the user by e-mail", ErrWrongPassphrase, n)
	}
	return v.unlockLocked(admin, passphrase)
}

// canUnlock checks state and back-off; v.mu is held.
func (v *Vault) canUnlock() error {
	if v.closed {
		return fmt.Errorf("%w: the vault is closed", ErrLocked)
	}
	if v.sess != nil {
		return fmt.Errorf("%w: another session is unlocked; lock it first", ErrInUse)
	}
	if at := v.kr.retryAt(v.opts.Now()); !at.IsZero() {
		return &TooManyAttemptsError{RetryAt: at}
	}
	return nil
}

// unlockLocked does the work of Unlock for u (nil: unknown e-mail); v.mu is held.
func (v *Vault) unlockLocked(u *userEntry, passphrase []byte) (*Session, error) {
	start := time.Now()
	var t UnlockTimings
	if u == nil || u.Status == StatusPending {
		// Same work as a real attempt, so timing does not reveal which e-mails exist.
		p := v.kr.Users[0].KDF
		vcrypto.Wipe(vcrypto.DeriveKey(passphrase, vcrypto.RandomBytes(kdfSaltSize), p.Params))
		return nil, v.failUnlock(nil)
	}
	key := vcrypto.DeriveKey(passphrase, u.KDF.Salt, u.KDF.Params)
	priv, err := vcrypto.Open(key, u.SealedPrivate, privateAD(v.kr.VaultID, u.ID))
	vcrypto.Wipe(key)
	t.KDF = time.Since(start)
	if err != nil {
		return nil, v.failUnlock(u)
	}
	defer vcrypto.Wipe(priv)
	if u.Status == StatusRevoked {
		return nil, ErrRevoked
	}
	xpriv, err := ecdh.X25519().NewPrivateKey(priv[:32])
	if err != nil {
		return nil, fmt.Errorf("%w: private key of user %s", ErrKeyringTampered, u.ID)
	}
	if v.kr.Failures.Count > 0 {
		kr := v.kr.clone()
		kr.Failures = failureCounter{}
		if err := writeKeyring(v.dir, kr); err != nil {
			v.opts.Logger.Warn("vault: could not reset the unlock-failure counter", "err", err)
		} else {
			v.kr = kr
		}
		u = v.kr.user(u.ID)
	}
	return v.startSession(v.kr, u, userKeys{x: xpriv, ed: ed25519.NewKeyFromSeed(priv[32:])}, t)
}

// failUnlock records a failed attempt (persisted) and returns ErrWrongPassphrase.
func (v *Vault) failUnlock(u *userEntry) error {
	kr := v.kr.clone()
	kr.Failures.Count++
	kr.Failures.Last = v.opts.Now().UTC()
	user := "unknown"
	if u != nil {
		user = u.ID.String()
	}
	v.opts.Logger.Warn("vault: unlock failed", "user", user, "failures", kr.Failures.Count)
	if err := writeKeyring(v.dir, kr); err != nil {
		v.opts.Logger.Error("vault: could not record a failed unlock", "err", err)
		v.kr.Failures = kr.Failures // still slow down this process
		return ErrWrongPassphrase
	}
	v.kr = kr
	return ErrWrongPassphrase
}

// Recover gives the admin with this e-mail a new key pair sealed under newPassphrase, using the
// recovery code to reach the vault key. A malformed code (bad check characters) gives
// ErrRecoveryCodeInvalid at once; a well-formed code that does not open the envelope gives it
// after the key derivation and counts as a failed unlock. An unknown e-mail or a user who is not
// an admin gives ErrDenied. The old passphrase stops working.
func (v *Vault) Recover(code string, email string, newPassphrase []byte) error {
	secret, err := parseRecoveryCode(code)
	if err != nil {
		return err
	}
	defer vcrypto.Wipe(secret)
	if len(newPassphrase) == 0 {
		return errors.New("vault: empty passphrase")
	}
	params, err := v.opts.kdfParams()
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return fmt.Errorf("%w: the vault is closed", ErrLocked)
	}
	if at := v.kr.retryAt(v.opts.Now()); !at.IsZero() {
		return &TooManyAttemptsError{RetryAt: at}
	}
	codeKey := vcrypto.DeriveKey(secret, v.kr.Recovery.KDF.Salt, v.kr.Recovery.KDF.Params)
	vaultKey, err := vcrypto.Open(codeKey, v.kr.Recovery.Sealed, recoveryAD(v.kr.VaultID))
	vcrypto.Wipe(codeKey)
	if err != nil {
		_ = v.failUnlock(nil)
		return ErrRecoveryCodeInvalid
	}
	defer vcrypto.Wipe(vaultKey)
	macKey := macKeyFor(vaultKey, v.kr.VaultID)
	defer vcrypto.Wipe(macKey)
	if err := v.kr.checkMACs(macKey); err != nil {
		return err
	}
	kr := v.kr.clone()
	u := kr.userByLookup(emailLookup(kr.LookupSalt, email))
	if u == nil || u.Role != RoleAdmin || u.Status == StatusRevoked {
		return fmt.Errorf("%w: recovery needs the e-mail of an admin of this vault", ErrDenied)
	}
	u.FormerEd25519 = append(u.FormerEd25519, u.Ed25519)
	keys, err := setNewKeys(kr, u, newPassphrase, params)
	if err != nil {
		return err
	}
	defer vcrypto.Wipe(keys.ed)
	u.Status = StatusActive
	if err := wrapForRole(kr, u, vaultKey); err != nil {
		return err
	}
	if u.ID != kr.Settings.Founder || u.Grant != nil {
		// New public keys void the old grant; the recovery code vouches for the new one.
		signGrant(kr.VaultID, u, u.ID, keys.ed, v.opts.Now(), true)
	}
	kr.Failures = failureCounter{}
	kr.seal(macKey)
	if err := writeKeyring(v.dir, kr); err != nil {
		return err
	}
	v.kr = kr
	v.opts.Logger.Warn("vault: admin passphrase reset with the recovery code", "user", u.ID.String())
	return nil
}

// detach forgets s as the unlocked session.
func (v *Vault) detach(s *Session) {
	v.mu.Lock()
	if v.sess == s {
		v.sess = nil
	}
	v.mu.Unlock()
}

var _ io.Closer = (*Vault)(nil)
