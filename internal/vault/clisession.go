package vault

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// Command-line sessions (docs/adr/007-cli-session.md): `kluis unlock` seals the unlocked user's
// private keys into a small file under a key derived from a random token; the token lives only
// in the script's environment (KLUIS_SESSION). Later commands resume from the file and the token
// without the passphrase's key derivation. The file is bound to its own path and to this vault
// folder, ends after the vault's idle time without use and at an absolute maximum, and every
// resume checks the signed keyring again, so a revoked user's session stops at once.

var (
	// ErrSessionExpired: the command-line session passed its idle time or its maximum age.
	ErrSessionExpired = errors.New("vault: the command-line session has expired")
	// ErrSessionInvalid: the token does not open the session file (wrong token, a changed or moved
	// file, another vault, a session that was ended) or the user's keys changed since.
	ErrSessionInvalid = errors.New("vault: the command-line session is not valid")
)

const (
	sessionFormat      = "kluis-cli-session-1"
	sessionTokenPrefix = "kls1_"
	sessionTokenSize   = 32
	sessionSaltSize    = 16
	// MaxSessionAge caps a command-line session's absolute lifetime; DefaultSessionAge is used
	// when the caller asks for none.
	MaxSessionAge     = 24 * time.Hour
	DefaultSessionAge = 8 * time.Hour
	// clockSlack is how far the clock may go back (a time-sync correction) before a session ends.
	clockSlack = 2 * time.Minute
)

// SessionInfo is the clear part of a session file: when it ends. It is authenticated when the
// token opens the file; read without the token (SessionFileInfo), it is only a hint for clean-up.
type SessionInfo struct {
	User     UserID
	Created  time.Time
	LastUsed time.Time
	Idle     time.Duration
	Expires  time.Time
}

// ExpiredAt reports whether the session has ended at now (idle or past its maximum age).
func (i SessionInfo) ExpiredAt(now time.Time) bool {
	return !now.Before(i.Expires) || now.Sub(i.LastUsed) >= i.Idle
}

// sessionFile is the file's JSON form. Everything but Box is in clear and bound to Box as
// associated data, with the file's path and the vault folder.
type sessionFile struct {
	Format   string    `json:"format"`
	Vault    string    `json:"vault"`
	User     UserID    `json:"user"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used"`
	IdleSecs int64     `json:"idle_seconds"`
	Expires  time.Time `json:"expires"`
	Salt     []byte    `json:"salt"`
	Box      []byte    `json:"box"`
}

func (f *sessionFile) info() SessionInfo {
	return SessionInfo{User: f.User, Created: f.Created, LastUsed: f.LastUsed,
		Idle: time.Duration(f.IdleSecs) * time.Second, Expires: f.Expires}
}

// ad binds the clear fields, the file's own path and the vault folder to the sealed keys, so a
// changed expiry, a copy in another folder or a file meant for another vault does not open.
func (f *sessionFile) ad(vaultDir, path string) []byte {
	var b []byte
	put := func(s string) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	put(vcrypto.LabelCLISession)
	put(f.Format)
	put(f.Vault)
	put(f.User.String())
	for _, t := range []time.Time{f.Created, f.LastUsed, f.Expires} {
		b = binary.BigEndian.AppendUint64(b, uint64(t.UnixNano()))
	}
	b = binary.BigEndian.AppendUint64(b, uint64(f.IdleSecs))
	put(string(f.Salt))
	put(filepath.Clean(vaultDir))
	put(filepath.Clean(path))
	return b
}

// NewSessionToken returns a fresh random session token (256 bits, printable).
func NewSessionToken() string {
	raw := vcrypto.RandomBytes(sessionTokenSize)
	defer vcrypto.Wipe(raw)
	return sessionTokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
}

// parseSessionToken returns the token's secret bytes, or ErrSessionInvalid when it is malformed.
func parseSessionToken(token string) ([]byte, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(token), sessionTokenPrefix)
	if !ok {
		return nil, fmt.Errorf("%w: not a Kluis session token", ErrSessionInvalid)
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(raw) != sessionTokenSize {
		return nil, fmt.Errorf("%w: not a Kluis session token", ErrSessionInvalid)
	}
	return raw, nil
}

// SessionFileName is the file name of the token's session file: a hash of the token, so the
// name reveals nothing that opens the file. It fails for a malformed token.
func SessionFileName(token string) (string, error) {
	raw, err := parseSessionToken(token)
	if err != nil {
		return "", err
	}
	defer vcrypto.Wipe(raw)
	h := sha256.New()
	h.Write([]byte(vcrypto.LabelCLISessionFile))
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil)[:16]) + ".session", nil
}

// sessionKey derives the file's key from the token and the file's salt (HKDF-SHA256; the token
// is 256 random bits, so no slow key derivation is needed).
func sessionKey(raw, salt []byte) []byte {
	e := vcrypto.NewExpander(raw, vcrypto.LabelCLISession)
	defer e.Wipe()
	var k [vcrypto.KeySize]byte
	e.Key(&k, salt)
	out := append([]byte(nil), k[:]...)
	vcrypto.Wipe(k[:])
	return out
}

// SessionFileInfo reads a session file's clear part without opening it, for clean-up of ended
// sessions. Nothing in it is trusted.
func SessionFileInfo(blob []byte) (SessionInfo, error) {
	var f sessionFile
	if err := json.Unmarshal(blob, &f); err != nil || f.Format != sessionFormat {
		return SessionInfo{}, fmt.Errorf("%w: not a session file", ErrSessionInvalid)
	}
	return f.info(), nil
}

// ExportSession seals this session's user keys into a session file for token, to be stored at
// path (its absolute path: the file opens nowhere else). It ends after the vault's idle time
// without use, and maxAge after now at the latest (0: DefaultSessionAge; at most MaxSessionAge).
func (s *Session) ExportSession(token, path string, maxAge time.Duration) ([]byte, SessionInfo, error) {
	if maxAge == 0 {
		maxAge = DefaultSessionAge
	}
	if maxAge < 0 || maxAge > MaxSessionAge {
		return nil, SessionInfo{}, fmt.Errorf("vault: a session lasts at most %s", MaxSessionAge)
	}
	raw, err := parseSessionToken(token)
	if err != nil {
		return nil, SessionInfo{}, err
	}
	defer vcrypto.Wipe(raw)
	if err := s.enter(); err != nil {
		return nil, SessionInfo{}, err
	}
	defer s.mu.RUnlock()
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	att, err := verifyChain(v.dir, v.kr, nil)
	if err != nil {
		return nil, SessionInfo{}, err
	}
	now := v.opts.Now().UTC()
	f := &sessionFile{Format: sessionFormat, Vault: s.vaultID, User: s.user, Created: now, LastUsed: now,
		IdleSecs: int64(v.idleLocked() / time.Second), Expires: now.Add(maxAge), Salt: vcrypto.RandomBytes(sessionSaltSize)}
	blob, err := sealSessionFile(f, raw, v.dir, path, userKeys{x: s.xpriv, ed: s.signer}, att)
	if err != nil {
		return nil, SessionInfo{}, err
	}
	return blob, f.info(), nil
}

// idleLocked is the vault's idle lock time; v.mu is held.
func (v *Vault) idleLocked() time.Duration {
	return time.Duration(v.kr.st.Settings.IdleLockMinutes) * time.Minute
}

// sealSessionFile seals the user's private keys and attestation into f and encodes it.
func sealSessionFile(f *sessionFile, raw []byte, vaultDir, path string, keys userKeys, att attestation) ([]byte, error) {
	a, err := json.Marshal(att)
	if err != nil {
		return nil, err
	}
	plain := append(append(keys.x.Bytes(), keys.ed.Seed()...), a...)
	defer vcrypto.Wipe(plain)
	key := sessionKey(raw, f.Salt)
	defer vcrypto.Wipe(key)
	f.Box = vcrypto.Seal(key, plain, f.ad(vaultDir, path))
	return json.Marshal(f)
}

// ResumeSession opens the session file blob (stored at path) with token and unlocks the vault
// for its user without the key derivation. It returns the session and the file to write back
// (its last use moved to now). Errors: ErrSessionInvalid (wrong token, changed or moved file,
// another vault, the user's keys changed), ErrSessionExpired (idle or too old), ErrRevoked (the
// keyring no longer lets the user in), ErrInUse, and the keyring checks of Unlock.
func (v *Vault) ResumeSession(token, path string, blob []byte) (*Session, []byte, error) {
	raw, err := parseSessionToken(token)
	if err != nil {
		return nil, nil, err
	}
	defer vcrypto.Wipe(raw)
	var f sessionFile
	if err := json.Unmarshal(blob, &f); err != nil || f.Format != sessionFormat || len(f.Salt) != sessionSaltSize {
		return nil, nil, fmt.Errorf("%w: not a session file", ErrSessionInvalid)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.canUnlock(); err != nil {
		return nil, nil, err
	}
	if v.kr == nil {
		return nil, nil, ErrUpgradeRequired
	}
	if f.Vault != v.kr.st.VaultID {
		return nil, nil, fmt.Errorf("%w: the session belongs to another vault", ErrSessionInvalid)
	}
	key := sessionKey(raw, f.Salt)
	plain, err := vcrypto.Open(key, f.Box, f.ad(v.dir, path))
	vcrypto.Wipe(key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the token does not open this session file", ErrSessionInvalid)
	}
	defer vcrypto.Wipe(plain)
	if len(plain) < privateKeysSize {
		return nil, nil, fmt.Errorf("%w: damaged keys", ErrSessionInvalid)
	}
	now := v.opts.Now().UTC()
	info := f.info()
	info.Idle = min(info.Idle, v.idleLocked()) // a shorter idle time set since applies at once
	// A clock set back cannot stretch a session: it ends as if it had expired.
	if info.ExpiredAt(now) || now.Before(f.LastUsed.Add(-clockSlack)) {
		return nil, nil, ErrSessionExpired
	}
	u := v.kr.st.user(f.User)
	if u == nil || u.Status != StatusActive {
		return nil, nil, ErrRevoked
	}
	keys, att, err := sessionKeys(plain, u)
	if err != nil {
		return nil, nil, err
	}
	newAtt, err := verifyChain(v.dir, v.kr, att)
	if err != nil {
		keys.wipe()
		v.opts.Logger.Error("vault: the keyring does not verify", "user", u.ID.String(), "err", err)
		return nil, nil, err
	}
	f.LastUsed = now
	out, err := sealSessionFile(&f, raw, v.dir, path, keys, newAtt)
	if err != nil {
		keys.wipe()
		return nil, nil, err
	}
	sess, err := v.startSession(v.kr, u, keys, UnlockTimings{}, false)
	if err != nil {
		return nil, nil, err
	}
	return sess, out, nil
}

// sessionKeys reads the private keys and attestation out of an opened session file; the keys
// must still be the ones the signed state names for u (a recovery gives an admin new ones).
func sessionKeys(plain []byte, u *userEntry) (userKeys, *attestation, error) {
	xpriv, err := ecdh.X25519().NewPrivateKey(plain[:32])
	if err != nil {
		return userKeys{}, nil, fmt.Errorf("%w: damaged keys", ErrSessionInvalid)
	}
	keys := userKeys{x: xpriv, ed: ed25519.NewKeyFromSeed(plain[32:64])}
	if !vcrypto.Equal(xpriv.PublicKey().Bytes(), u.X25519) ||
		!vcrypto.Equal(keys.ed.Public().(ed25519.PublicKey), u.Ed25519) {
		keys.wipe()
		return userKeys{}, nil, fmt.Errorf("%w: the user's keys changed since the session began", ErrSessionInvalid)
	}
	att := &attestation{}
	if err := json.Unmarshal(plain[privateKeysSize:], att); err != nil {
		keys.wipe()
		return userKeys{}, nil, fmt.Errorf("%w: damaged attestation", ErrSessionInvalid)
	}
	return keys, att, nil
}

// IsUser reports whether email is the unlocked user's e-mail address (the keyring keeps only its
// lookup HMAC), so a command that names its user can refuse another user's session.
func (s *Session) IsUser(email string) bool {
	kr := s.v.keyringSnapshot()
	if kr == nil {
		return false
	}
	u := kr.st.user(s.user)
	return u != nil && vcrypto.Equal(u.EmailLookup, emailLookup(kr.st.LookupSalt, email))
}
