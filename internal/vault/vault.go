package vault

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
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

	mu      sync.Mutex
	kr      *keyring
	format1 []byte // keyring.json of format 1, until an admin's unlock upgrades it
	sess    *Session
	closed  bool
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
// folder, and ErrKeyringCorrupt when the keyring cannot be read. Nothing is decrypted yet. The
// folder and its files are made readable by their owner only, and a storage rebuild that a crash
// interrupted is put right.
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
	v := &Vault{dir: dir, opts: opts.withDefaults(), lock: lock}
	if err := v.load(); err != nil {
		return nil, errors.Join(err, releaseLock(lock))
	}
	return v, nil
}

// load reads the keyring and tidies the folder; the process lock is held.
func (v *Vault) load() error {
	if err := ownerOnly(v.dir); err != nil {
		v.opts.Logger.Warn("vault: could not make the folder private to its owner", "err", err)
	}
	if err := recoverDataDirs(v.dir); err != nil {
		return err
	}
	data, err := readKeyringFile(v.dir)
	if err != nil {
		return err
	}
	kr, err := parseKeyring(data)
	if errors.Is(err, errFormat1) {
		v.format1 = data
		return finishUpgrade(v.dir, false)
	}
	if err != nil {
		return err
	}
	if err := finishUpgrade(v.dir, true); err != nil {
		return err
	}
	if kr, err = repairLog(v.dir, kr); err != nil {
		return err
	}
	v.kr = kr
	return nil
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
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, nil, "", fmt.Errorf("vault: create folder: %w", err)
	}
	lock, err := takeLock(dir)
	if err != nil {
		return nil, nil, "", err
	}
	v := &Vault{dir: dir, opts: opts, lock: lock}
	sess, code, err := v.create(admin, params)
	if err != nil {
		for _, name := range []string{dataDir, keyringFile, logFile, lockFile} {
			_ = os.RemoveAll(filepath.Join(dir, name))
		}
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

// newVaultKeys makes what a new vault key brings along: the staff key, the audit reader's key
// pair and the vault signer, sealed into st. It returns the staff key.
func newVaultKeys(st *state, vaultKey []byte, auditEpoch uint32) []byte {
	staff := vcrypto.RandomKey()
	st.Staff = sealedKey{Epoch: st.Staff.Epoch + 1}
	st.Staff.Sealed = vcrypto.Seal(vaultKey, staff, staffAD(st.VaultID, st.Staff.Epoch))
	reader, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	priv := reader.Bytes()
	st.AuditKeys = append(st.AuditKeys, auditKeyEntry{Epoch: auditEpoch, Public: reader.PublicKey().Bytes(),
		Sealed: vcrypto.Seal(vaultKey, priv, auditKeyAD(st.VaultID, auditEpoch))})
	vcrypto.Wipe(priv)
	seed := vaultSignerSeed(vaultKey, st.VaultID)
	st.VaultSigner = ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	vcrypto.Wipe(seed)
	return staff
}

// newScope adds a scope with a fresh key to st, sealed under the vault key and (but for the
// admin scope) the staff key, and returns the key.
func newScope(st *state, id ScopeID, kind scopeKind, dept ID, vaultKey, staff []byte) []byte {
	e := scopeEntry{ID: id, Kind: kind, Department: dept, Epoch: 1}
	key := vcrypto.RandomKey()
	sealScope(st.VaultID, &e, key, vaultKey, staff)
	st.Scopes = append(st.Scopes, e)
	return key
}

// sealScope seals key into e's current epoch under the vault key and the staff key.
func sealScope(vaultID string, e *scopeEntry, key, vaultKey, staff []byte) {
	e.Sealed = vcrypto.Seal(vaultKey, key, scopeAD(vaultID, e.ID, e.Kind, e.Epoch))
	e.StaffSealed = nil
	if e.Kind != scopeAdmin {
		e.StaffSealed = vcrypto.Seal(staff, key, staffScopeAD(vaultID, e.ID, e.Kind, e.Epoch))
	}
}

func (v *Vault) create(admin NewUser, params KDFParams) (*Session, RecoveryCode, error) {
	vaultKey := vcrypto.RandomKey()
	defer vcrypto.Wipe(vaultKey)
	now := v.opts.Now().UTC()
	st := &state{VaultID: hex.EncodeToString(vcrypto.RandomBytes(16)), LookupSalt: vcrypto.RandomBytes(lookupSaltSize),
		Settings: settingsEntry{IdleLockMinutes: int(DefaultIdleLock / time.Minute)}, Tree: true, Profiles: true}
	staff := newVaultKeys(st, vaultKey, 1)
	defer vcrypto.Wipe(staff)
	for _, s := range []struct {
		id   ScopeID
		kind scopeKind
	}{{storageScope, scopeStorage}, {directoryScope, scopeDirectory}, {adminScope, scopeAdmin}} {
		vcrypto.Wipe(newScope(st, s.id, s.kind, ID{}, vaultKey, staff))
	}
	code, err := setRecovery(st, vaultKey, params)
	if err != nil {
		return nil, "", err
	}
	u, keys, local, err := newUser(st, admin, RoleAdmin, params)
	if err != nil {
		return nil, "", err
	}
	if err := wrapTo(st.VaultID, u, wrappedKey{What: wrapVault}, vaultKey); err != nil {
		return nil, "", err
	}
	u.Granted = &actEntry{By: u.ID, At: now}
	st.Users = append(st.Users, *u)
	st.Founder = u.ID
	st.Serial = 1
	raw := st.encode()
	e := &entry{Vault: st.VaultID, Serial: 1, At: now, By: u.ID, What: "genesis", Ops: diffState(nil, st),
		State: stateHash(raw), Admins: st.admins(), VaultSigner: st.VaultSigner}
	se, h := signEntry(e, keys.ed)
	kr := &keyring{st: st, stateRaw: raw, head: e, headRaw: se, headHash: h}
	att := attestation{Genesis: h, Serial: 1, Head: h}
	if err := sealLocal(st, &local, keys, admin.Passphrase, &att); err != nil {
		return nil, "", err
	}
	kr.local.Users = []localUser{local}
	if err := appendLog(v.dir, se); err != nil {
		return nil, "", err
	}
	if err := writeKeyring(v.dir, kr); err != nil {
		return nil, "", err
	}
	v.kr = kr
	sess, err := v.startSession(kr, st.user(u.ID), keys, UnlockTimings{}, true)
	if err != nil {
		return nil, "", err
	}
	return sess, code, nil
}

// setRecovery gives st a new recovery envelope for vaultKey and returns its code.
func setRecovery(st *state, vaultKey []byte, params KDFParams) (RecoveryCode, error) {
	code, secret := newRecoveryCode()
	defer vcrypto.Wipe(secret)
	rk := kdfEntry{ID: vcrypto.KDFArgon2id, Params: recoveryParams(params), Salt: vcrypto.RandomBytes(kdfSaltSize)}
	codeKey := vcrypto.DeriveKey(secret, rk.Salt, rk.Params)
	defer vcrypto.Wipe(codeKey)
	st.Recovery = recoveryEntry{KDF: rk, Sealed: vcrypto.Seal(codeKey, vaultKey, recoveryAD(st.VaultID))}
	return code, nil
}

// userKeys are a user's private keys while a session (or a request being filed) needs them.
type userKeys struct {
	x  *ecdh.PrivateKey
	ed ed25519.PrivateKey // signs keyring entries (admins), audit blocks and requests
}

func (k userKeys) wipe() { vcrypto.Wipe(k.ed) }

// newUser makes a user entry with fresh key pairs, and its local part with the private keys
// sealed under passphrase (without attestation yet); nothing is wrapped yet.
func newUser(st *state, nu NewUser, role Role, params KDFParams) (*userEntry, userKeys, localUser, error) {
	if len(nu.Passphrase) == 0 {
		return nil, userKeys{}, localUser{}, errors.New("vault: empty passphrase")
	}
	var id UserID
	if _, err := rand.Read(id[:]); err != nil {
		return nil, userKeys{}, localUser{}, err
	}
	u := &userEntry{ID: id, EmailLookup: emailLookup(st.LookupSalt, nu.Email), Role: role, Status: StatusActive}
	keys, err := newKeyPairs(u)
	if err != nil {
		return nil, userKeys{}, localUser{}, err
	}
	local := localUser{ID: id, KDF: kdfEntry{ID: vcrypto.KDFArgon2id, Params: params, Salt: vcrypto.RandomBytes(kdfSaltSize)}}
	if err := sealLocal(st, &local, keys, nu.Passphrase, nil); err != nil {
		return nil, userKeys{}, localUser{}, err
	}
	return u, keys, local, nil
}

// newKeyPairs gives u new X25519 and Ed25519 key pairs.
func newKeyPairs(u *userEntry) (userKeys, error) {
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
	return userKeys{x: xpriv, ed: epriv}, nil
}

// sealLocal seals the private keys (and the attestation, when given) under
// Argon2id(passphrase) with the salt and parameters in local.KDF.
func sealLocal(st *state, local *localUser, keys userKeys, passphrase []byte, att *attestation) error {
	key := vcrypto.DeriveKey(passphrase, local.KDF.Salt, local.KDF.Params)
	defer vcrypto.Wipe(key)
	return sealLocalWith(st.VaultID, local, keys, key, att)
}

// sealLocalWith is sealLocal with the passphrase key already derived.
func sealLocalWith(vaultID string, local *localUser, keys userKeys, passKey []byte, att *attestation) error {
	plain := append(keys.x.Bytes(), keys.ed.Seed()...)
	if att != nil {
		b, err := json.Marshal(att)
		if err != nil {
			return err
		}
		plain = append(plain, b...)
	}
	local.SealedPrivate = vcrypto.Seal(passKey, plain, privateAD(vaultID, local.ID))
	vcrypto.Wipe(plain)
	return nil
}

// openLocal opens a user's sealed private keys with the passphrase key: the keys and the
// attestation (nil when the user never unlocked with format 2).
func openLocal(vaultID string, local *localUser, u *userEntry, passKey []byte) (userKeys, *attestation, error) {
	plain, err := vcrypto.Open(passKey, local.SealedPrivate, privateAD(vaultID, local.ID))
	if err != nil {
		return userKeys{}, nil, ErrWrongPassphrase
	}
	defer vcrypto.Wipe(plain)
	if len(plain) < privateKeysSize {
		return userKeys{}, nil, fmt.Errorf("%w: private keys of user %s", ErrKeyringCorrupt, local.ID)
	}
	xpriv, err := ecdh.X25519().NewPrivateKey(plain[:32])
	if err != nil {
		return userKeys{}, nil, fmt.Errorf("%w: private key of user %s", ErrKeyringCorrupt, local.ID)
	}
	keys := userKeys{x: xpriv, ed: ed25519.NewKeyFromSeed(plain[32:64])}
	// The sealed keys must be the ones the signed state names: a local part copied from another
	// user or an older key pair opens nothing.
	if u != nil && (!vcrypto.Equal(xpriv.PublicKey().Bytes(), u.X25519) ||
		!vcrypto.Equal(keys.ed.Public().(ed25519.PublicKey), u.Ed25519)) {
		keys.wipe()
		return userKeys{}, nil, fmt.Errorf("%w: the private keys of user %s do not match their public keys", ErrKeyringTampered, local.ID)
	}
	var att *attestation
	if len(plain) > privateKeysSize {
		att = &attestation{}
		if err := json.Unmarshal(plain[privateKeysSize:], att); err != nil {
			keys.wipe()
			return userKeys{}, nil, fmt.Errorf("%w: attestation of user %s", ErrKeyringCorrupt, local.ID)
		}
	}
	return keys, att, nil
}

// ID is the vault's random id (hex), printed in the emergency kit.
func (v *Vault) ID() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.kr == nil {
		return format1VaultID(v.format1)
	}
	return v.kr.st.VaultID
}

// Dir is the vault folder.
func (v *Vault) Dir() string { return v.dir }

// Settings returns the vault's settings. Before unlock they are read unverified; Unlock checks
// the signatures.
func (v *Vault) Settings() Settings {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.kr == nil {
		return Settings{IdleLock: DefaultIdleLock}
	}
	return Settings{IdleLock: time.Duration(v.kr.st.Settings.IdleLockMinutes) * time.Minute}
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
// row for the same user, each attempt must wait 2^(n-3) s (at most 5 min) after their last
// failure; an earlier call returns *TooManyAttemptsError. The counters live in the keyring, so
// they survive restarts; a success resets the user's. Only one session can be unlocked at a
// time (ErrInUse otherwise).
//
// Before any key is used, the keyring's signatures are checked from what this user verified at
// their previous unlock (the first time: from the genesis); an older keyring than they saw gives
// ErrRollback, an entry not signed by an administrator ErrKeyringTampered.
func (v *Vault) Unlock(email string, passphrase []byte) (*Session, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.canUnlock(); err != nil {
		return nil, err
	}
	if v.kr == nil {
		return v.upgradeFormat1(email, passphrase)
	}
	lookup := emailLookup(v.kr.st.LookupSalt, email)
	u := v.kr.st.userByLookup(lookup)
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
	if v.kr == nil {
		return nil, fmt.Errorf("%w (name the administrator with --user)", ErrUpgradeRequired)
	}
	var admin *userEntry
	n := 0
	for i := range v.kr.st.Users {
		if u := &v.kr.st.Users[i]; u.Role == RoleAdmin && u.Status == StatusActive {
			admin, n = u, n+1
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("%w: the vault has %d admins; name the user by e-mail", ErrWrongPassphrase, n)
	}
	return v.unlockLocked(admin, passphrase)
}

// canUnlock checks the vault's state; v.mu is held.
func (v *Vault) canUnlock() error {
	if v.closed {
		return fmt.Errorf("%w: the vault is closed", ErrLocked)
	}
	if v.sess != nil {
		return fmt.Errorf("%w: another session is unlocked; lock it first", ErrInUse)
	}
	return nil
}

// failuresOf is the back-off counter of a user (nil: unknown e-mails).
func (l *localSection) failuresOf(u *userEntry) *failureCounter {
	if u != nil {
		if lu := l.user(u.ID); lu != nil {
			return &lu.Failures
		}
	}
	return &l.Unknown
}

// unlockLocked does the work of Unlock for u (nil: unknown e-mail); v.mu is held.
func (v *Vault) unlockLocked(u *userEntry, passphrase []byte) (*Session, error) {
	if at := retryAt(*v.kr.local.failuresOf(u), v.opts.Now()); !at.IsZero() {
		return nil, &TooManyAttemptsError{RetryAt: at}
	}
	start := time.Now()
	var t UnlockTimings
	var local *localUser
	if u != nil {
		local = v.kr.local.user(u.ID)
	}
	if local == nil {
		// Same work as a real attempt, so timing does not reveal which e-mails exist.
		p := v.kr.local.Users[0].KDF
		vcrypto.Wipe(vcrypto.DeriveKey(passphrase, vcrypto.RandomBytes(kdfSaltSize), p.Params))
		return nil, v.failUnlock(nil)
	}
	passKey := vcrypto.DeriveKey(passphrase, local.KDF.Salt, local.KDF.Params)
	defer vcrypto.Wipe(passKey)
	keys, att, err := openLocal(v.kr.st.VaultID, local, u, passKey)
	t.KDF = time.Since(start)
	if errors.Is(err, ErrWrongPassphrase) {
		return nil, v.failUnlock(u)
	}
	if err != nil {
		return nil, err
	}
	if u.Status == StatusRevoked {
		keys.wipe()
		return nil, ErrRevoked
	}
	start = time.Now()
	newAtt, err := verifyChain(v.dir, v.kr, att)
	t.Chain = time.Since(start)
	if err != nil {
		keys.wipe()
		v.opts.Logger.Error("vault: the keyring does not verify", "user", u.ID.String(), "err", err)
		return nil, err
	}
	sess, err := v.startSession(v.kr, u, keys, t, false)
	if err != nil {
		return nil, err
	}
	// Remember what was verified, reset the back-off, and raise weak KDF parameters: all in the
	// local part, sealed under this user's passphrase.
	l := v.kr.local.clone()
	lu := l.user(u.ID)
	lu.Failures = failureCounter{}
	var sealErr error
	if !v.opts.kdfAcceptable(lu.KDF.Params) {
		if params, perr := v.opts.kdfParams(); perr == nil {
			lu.KDF = kdfEntry{ID: vcrypto.KDFArgon2id, Params: params, Salt: vcrypto.RandomBytes(kdfSaltSize)}
			sealErr = sealLocal(v.kr.st, lu, keys, passphrase, &newAtt)
			v.opts.Logger.Info("vault: raised the key-derivation parameters of a user", "user", u.ID.String())
		}
	} else if att == nil || !att.equal(newAtt) {
		sealErr = sealLocalWith(v.kr.st.VaultID, lu, keys, passKey, &newAtt)
	}
	if sealErr == nil {
		if err := v.saveLocal(l); err != nil {
			v.opts.Logger.Warn("vault: could not update the keyring's local part after unlock", "err", err)
		}
	}
	return sess, nil
}

// (attestation holds slices; compare field by field.)
func (a attestation) equal(b attestation) bool {
	return a.Serial == b.Serial && vcrypto.Equal(a.Head, b.Head) && vcrypto.Equal(a.Genesis, b.Genesis)
}

// saveLocal writes the keyring with another local part; v.mu is held.
func (v *Vault) saveLocal(l localSection) error {
	kr := v.kr.withLocal(l)
	if err := writeKeyring(v.dir, kr); err != nil {
		return err
	}
	v.kr = kr
	return nil
}

// failUnlock records a failed attempt for u (nil: an unknown e-mail), persisted, and returns
// ErrWrongPassphrase.
func (v *Vault) failUnlock(u *userEntry) error {
	l := v.kr.local.clone()
	c := l.failuresOf(u)
	c.Count++
	c.Last = v.opts.Now().UTC()
	f := failedUnlock{At: c.Last}
	user := "unknown"
	if u != nil {
		f.User, user = u.ID, u.ID.String()
	}
	l.Failed = append(l.Failed, f)
	if len(l.Failed) > maxFailedKept {
		l.Failed = l.Failed[len(l.Failed)-maxFailedKept:]
	}
	v.opts.Logger.Warn("vault: unlock failed", "user", user, "failures", c.Count)
	if err := v.saveLocal(l); err != nil {
		v.opts.Logger.Error("vault: could not record a failed unlock", "err", err)
		v.kr = v.kr.withLocal(l) // still slow down this process
	}
	return ErrWrongPassphrase
}

// Back-off after failed unlocks: none for the first three, then 2^(n-3) s up to five minutes.
const (
	freeFailures = 3
	maxBackoff   = 5 * time.Minute
)

func backoff(failures int) time.Duration {
	if failures < freeFailures {
		return 0
	}
	shift := failures - freeFailures
	if shift >= 9 { // 2^9 s > 5 min
		return maxBackoff
	}
	return min(time.Duration(1<<shift)*time.Second, maxBackoff)
}

// retryAt is when the next attempt is allowed, or zero when it is allowed now.
func retryAt(c failureCounter, now time.Time) time.Time {
	d := backoff(c.Count)
	if d == 0 {
		return time.Time{}
	}
	at := c.Last.Add(d)
	if now.Before(at) {
		return at
	}
	return time.Time{}
}

// Recover gives the admin with this e-mail a new key pair sealed under newPassphrase, using the
// recovery code to reach the vault key. A malformed code (bad check characters) gives
// ErrRecoveryCodeInvalid at once; a well-formed code that does not open the envelope gives it
// after the key derivation and counts as a failed unlock. An unknown e-mail or a user who is not
// an admin gives ErrDenied. The old passphrase stops working. The change is signed with the
// vault signer (the vault key the code opens).
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
	if v.kr == nil {
		return ErrUpgradeRequired
	}
	if at := retryAt(v.kr.local.Unknown, v.opts.Now()); !at.IsZero() {
		return &TooManyAttemptsError{RetryAt: at}
	}
	st := v.kr.st
	codeKey := vcrypto.DeriveKey(secret, st.Recovery.KDF.Salt, st.Recovery.KDF.Params)
	vaultKey, err := vcrypto.Open(codeKey, st.Recovery.Sealed, recoveryAD(st.VaultID))
	vcrypto.Wipe(codeKey)
	if err != nil {
		_ = v.failUnlock(nil)
		return ErrRecoveryCodeInvalid
	}
	defer vcrypto.Wipe(vaultKey)
	// The code opened the envelope of this state; the state's vault signer must be that key's.
	seed := vaultSignerSeed(vaultKey, st.VaultID)
	signer := ed25519.NewKeyFromSeed(seed)
	vcrypto.Wipe(seed)
	defer vcrypto.Wipe(signer)
	if !vcrypto.Equal(signer.Public().(ed25519.PublicKey), st.VaultSigner) {
		return fmt.Errorf("%w: the recovery envelope does not belong to this keyring", ErrKeyringTampered)
	}
	if _, err := verifyChain(v.dir, v.kr, nil); err != nil {
		return err
	}
	next := st.clone()
	u := next.userByLookup(emailLookup(next.LookupSalt, email))
	if u == nil || u.Role != RoleAdmin || u.Status != StatusActive {
		return fmt.Errorf("%w: recovery needs the e-mail of an admin of this vault", ErrDenied)
	}
	u.FormerEd25519 = append(u.FormerEd25519, u.Ed25519)
	keys, err := newKeyPairs(u)
	if err != nil {
		return err
	}
	defer keys.wipe()
	u.Wrapped = nil
	if err := wrapTo(next.VaultID, u, wrappedKey{What: wrapVault}, vaultKey); err != nil {
		return err
	}
	kr, err := v.commit(next, u.ID, whatRecovery, signer)
	if err != nil {
		return err
	}
	l := kr.local.clone()
	lu := l.user(u.ID)
	if lu == nil {
		l.Users = append(l.Users, localUser{ID: u.ID})
		lu = &l.Users[len(l.Users)-1]
	}
	lu.KDF = kdfEntry{ID: vcrypto.KDFArgon2id, Params: params, Salt: vcrypto.RandomBytes(kdfSaltSize)}
	lu.Failures = failureCounter{}
	l.Unknown = failureCounter{}
	att, err := verifyChain(v.dir, kr, nil)
	if err != nil {
		return err
	}
	if err := sealLocal(next, lu, keys, newPassphrase, &att); err != nil {
		return err
	}
	if err := v.saveLocal(l); err != nil {
		return err
	}
	v.opts.Logger.Warn("vault: admin passphrase reset with the recovery code", "user", u.ID.String())
	return nil
}

// commit signs next as the entry after the current head (by the acting user, with signer),
// writes keyring.json and then appends the entry to keyring.log, and makes it current. v.mu is
// held. The ops of the entry are the difference from the current state.
func (v *Vault) commit(next *state, by UserID, what string, signer ed25519.PrivateKey) (*keyring, error) {
	cur := v.kr
	next.Serial = cur.st.Serial + 1
	if err := next.validate(); err != nil {
		return nil, fmt.Errorf("vault: the change would damage the keyring: %v", err)
	}
	raw := next.encode()
	e := &entry{Vault: next.VaultID, Serial: next.Serial, Prev: cur.headHash, At: v.opts.Now().UTC(), By: by,
		What: what, Ops: diffState(cur.st, next), State: stateHash(raw), Admins: next.admins(), VaultSigner: next.VaultSigner}
	se, h := signEntry(e, signer)
	kr := cur.withState(next, raw, e, se, h)
	if err := writeKeyring(v.dir, kr); err != nil {
		return nil, err
	}
	if err := appendLog(v.dir, se); err != nil {
		// keyring.json is ahead of the log by one entry; Open repairs that.
		v.opts.Logger.Warn("vault: keyring log not appended; the next open repairs it", "err", err)
	}
	v.kr = kr
	return kr, nil
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
