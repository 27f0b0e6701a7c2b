package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// File names inside the vault folder.
const (
	keyringFile = "keyring.json"
	dataDir     = "data"
	lockFile    = "kluis.lock"
)

const (
	keyringFormat  = "kluis-keyring"
	keyringVersion = 1
	lookupSaltSize = 32
	kdfSaltSize    = 16
	// sealed private keys: XChaCha nonce 24 + X25519 32 + Ed25519 seed 32 + tag 16
	sealedPrivateSize = 24 + 64 + 16
)

// keyringEnvelope is the file: the keyring body and a SHA-256 of its exact bytes, so that a
// truncated or edited file is reported as such (ErrKeyringCorrupt) and never half-read.
type keyringEnvelope struct {
	Keyring json.RawMessage `json:"keyring"`
	SHA256  string          `json:"sha256"`
}

// keyring is the body of keyring.json. Field names and encodings are the format: see
// docs/format.md. []byte fields are base64 (encoding/json).
type keyring struct {
	Format     string         `json:"format"`
	Version    int            `json:"version"`
	VaultID    string         `json:"vault_id"`
	LookupSalt []byte         `json:"lookup_salt"`
	Users      []userEntry    `json:"users"`
	Scopes     []scopeEntry   `json:"scopes"`
	Recovery   recoveryEntry  `json:"recovery"`
	Settings   settingsEntry  `json:"settings"`
	Failures   failureCounter `json:"unlock_failures"`
	// PendingRecovery holds a replaced recovery code wrapped to each admin until one of them
	// has saved the new emergency kit. Not MACed: a code read from it is used only after it is
	// shown to open the recovery envelope to the vault key the session holds.
	PendingRecovery []sealedDetail `json:"pending_recovery,omitempty"`
}

type kdfEntry struct {
	ID     string    `json:"id"`
	Params KDFParams `json:"params"`
	Salt   []byte    `json:"salt"`
}

type userEntry struct {
	ID            UserID       `json:"id"`
	EmailLookup   []byte       `json:"email_lookup"`
	Role          Role         `json:"role"`
	Status        Status       `json:"status"`
	X25519        []byte       `json:"x25519_public"`
	Ed25519       []byte       `json:"ed25519_public"`
	KDF           kdfEntry     `json:"kdf"`
	SealedPrivate []byte       `json:"sealed_private"`
	Wrapped       []wrappedKey `json:"wrapped"`
	// Grant is the approving admin's signature (users approved from a request); the vault's
	// first admin and users added directly have none.
	Grant *grantEntry `json:"grant,omitempty"`
	// FormerEd25519 are the user's earlier signing keys, replaced by a reset with the recovery
	// code; grants they signed with those stay valid.
	FormerEd25519 [][]byte `json:"former_ed25519,omitempty"`
	// Revocation says who revoked the user's access and when (status revoked).
	Revocation *revocationEntry `json:"revocation,omitempty"`
	MAC        []byte           `json:"mac,omitempty"`
}

type revocationEntry struct {
	By UserID    `json:"by"`
	At time.Time `json:"at"`
}

// grantEntry is an admin's Ed25519 signature over what a user was given (grantStatement).
type grantEntry struct {
	By  UserID    `json:"by"`
	At  time.Time `json:"at"`
	Sig []byte    `json:"sig"`
	// Recovery marks the grant an admin signs for themself with their new key after a reset
	// with the recovery code (which only an admin's emergency kit holds).
	Recovery bool `json:"recovery,omitempty"`
	// SignerKey is the signer's Ed25519 public key when they signed: a signer who later resets
	// their passphrase with the recovery code gets new keys, and their grants must stay valid.
	SignerKey []byte `json:"signer_key,omitempty"`
}

// wrappedKey is a key wrapped to a user. What is "vault", "mac" or "scope".
type wrappedKey struct {
	What  string  `json:"what"`
	Scope ScopeID `json:"scope,omitempty"`
	Epoch uint32  `json:"epoch,omitempty"`
	Box   []byte  `json:"box"`
}

type scopeKind string

const (
	scopeStorage   scopeKind = "storage"
	scopeDirectory scopeKind = "directory"
	scopeIdentity  scopeKind = "identity"
)

type scopeEntry struct {
	ID     ScopeID   `json:"id"`
	Kind   scopeKind `json:"kind"`
	Epoch  uint32    `json:"epoch"`
	Sealed []byte    `json:"sealed"` // scope key sealed under the vault key
	// Previous is the key of the epoch before, kept while a rotation re-seals the scope's
	// records (rotate.go); its presence is the rotation's journal.
	Previous *previousKey `json:"previous,omitempty"`
}

// previousKey is a scope's key of the previous epoch, sealed under the vault key.
type previousKey struct {
	Epoch  uint32 `json:"epoch"`
	Sealed []byte `json:"sealed"`
}

// previous returns the scope entry as it was in the previous epoch.
func (e scopeEntry) previous() scopeEntry {
	return scopeEntry{ID: e.ID, Kind: e.Kind, Epoch: e.Previous.Epoch, Sealed: e.Previous.Sealed}
}

type recoveryEntry struct {
	KDF    kdfEntry `json:"kdf"`
	Sealed []byte   `json:"sealed"` // vault key sealed under Argon2id(recovery code)
}

type settingsEntry struct {
	IdleLockMinutes int `json:"idle_lock_minutes"`
	// Founder is the admin who created the vault: the one user whose entry carries no grant.
	Founder UserID `json:"founder,omitzero"`
	MAC     []byte `json:"mac,omitempty"`
}

type failureCounter struct {
	Count int       `json:"count"`
	Last  time.Time `json:"last,omitzero"`
}

// parseKeyring reads keyring.json bytes. Every problem is ErrKeyringCorrupt naming what is wrong.
func parseKeyring(data []byte) (*keyring, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, corruptKeyring("%s is empty", keyringFile)
	}
	var env keyringEnvelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, corruptKeyring("%s is not valid JSON (truncated or edited?): %v", keyringFile, err)
		}
		return nil, corruptKeyring("%s: %v", keyringFile, err)
	}
	if dec.More() {
		return nil, corruptKeyring("%s has data after the keyring", keyringFile)
	}
	if len(env.Keyring) == 0 || env.SHA256 == "" {
		return nil, corruptKeyring("%s lacks the keyring or its checksum", keyringFile)
	}
	sum := sha256.Sum256(env.Keyring)
	want, err := hex.DecodeString(env.SHA256)
	if err != nil || !hmac.Equal(sum[:], want) {
		return nil, corruptKeyring("%s checksum mismatch (file edited or damaged)", keyringFile)
	}
	var kr keyring
	dec = json.NewDecoder(bytes.NewReader(env.Keyring))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kr); err != nil {
		return nil, corruptKeyring("keyring body: %v", err)
	}
	if err := kr.validate(); err != nil {
		return nil, err
	}
	return &kr, nil
}

func (kr *keyring) validate() error {
	if kr.Format != keyringFormat {
		return corruptKeyring("unknown format %q", kr.Format)
	}
	if kr.Version != keyringVersion {
		return corruptKeyring("unsupported version %d", kr.Version)
	}
	if id, err := hex.DecodeString(kr.VaultID); err != nil || len(id) != 16 {
		return corruptKeyring("vault id is not 32 hex digits")
	}
	if len(kr.LookupSalt) != lookupSaltSize {
		return corruptKeyring("lookup salt has %d bytes, want %d", len(kr.LookupSalt), lookupSaltSize)
	}
	if len(kr.Users) == 0 {
		return corruptKeyring("no users")
	}
	seenUser := map[UserID]bool{}
	seenLookup := map[string]bool{}
	for i, u := range kr.Users {
		if err := u.validate(); err != nil {
			return corruptKeyring("user %d: %v", i, err)
		}
		if seenUser[u.ID] || seenLookup[string(u.EmailLookup)] {
			return corruptKeyring("user %d: duplicate id or e-mail", i)
		}
		seenUser[u.ID], seenLookup[string(u.EmailLookup)] = true, true
	}
	seenScope := map[ScopeID]bool{}
	kinds := map[scopeKind]int{}
	for i, s := range kr.Scopes {
		switch {
		case seenScope[s.ID]:
			return corruptKeyring("scope %d: duplicate id", i)
		case s.Kind != scopeStorage && s.Kind != scopeDirectory && s.Kind != scopeIdentity:
			return corruptKeyring("scope %d: unknown kind %q", i, s.Kind)
		case s.Kind == scopeStorage && s.ID != storageScope, s.Kind == scopeDirectory && s.ID != directoryScope,
			s.Kind == scopeIdentity && (s.ID == storageScope || s.ID == directoryScope || s.ID == 0):
			return corruptKeyring("scope %d: id does not match kind", i)
		case len(s.Sealed) != 24+vcrypto.KeySize+16:
			return corruptKeyring("scope %d: sealed key has the wrong size", i)
		case s.Previous != nil && (s.Previous.Epoch >= s.Epoch || len(s.Previous.Sealed) != 24+vcrypto.KeySize+16):
			return corruptKeyring("scope %d: previous key is malformed", i)
		}
		seenScope[s.ID] = true
		kinds[s.Kind]++
	}
	if kinds[scopeStorage] != 1 || kinds[scopeDirectory] != 1 {
		return corruptKeyring("scope table needs one storage and one directory scope")
	}
	if err := kr.Recovery.KDF.validate(); err != nil {
		return corruptKeyring("recovery: %v", err)
	}
	if len(kr.Recovery.Sealed) != 24+vcrypto.KeySize+16 {
		return corruptKeyring("recovery: sealed vault key has the wrong size")
	}
	m := kr.Settings.IdleLockMinutes
	if m < int(MinIdleLock/time.Minute) || m > int(MaxIdleLock/time.Minute) {
		return corruptKeyring("settings: idle lock of %d minutes is out of range", m)
	}
	if kr.Failures.Count < 0 {
		return corruptKeyring("negative unlock-failure count")
	}
	return nil
}

func (k kdfEntry) validate() error {
	if k.ID != vcrypto.KDFArgon2id {
		return fmt.Errorf("unknown kdf %q", k.ID)
	}
	if len(k.Salt) != kdfSaltSize {
		return fmt.Errorf("kdf salt has %d bytes, want %d", len(k.Salt), kdfSaltSize)
	}
	return k.Params.Check()
}

func (u userEntry) validate() error {
	switch {
	case len(u.EmailLookup) != sha256.Size:
		return errors.New("e-mail lookup has the wrong size")
	case !u.Role.valid():
		return fmt.Errorf("unknown role %q", u.Role)
	case !u.Status.valid():
		return fmt.Errorf("unknown status %q", u.Status)
	case len(u.X25519) != 32 || len(u.Ed25519) != 32:
		return errors.New("public key has the wrong size")
	case slices.ContainsFunc(u.FormerEd25519, func(k []byte) bool { return len(k) != 32 }):
		return errors.New("former public key has the wrong size")
	case len(u.SealedPrivate) != sealedPrivateSize && u.Status != StatusPending:
		return errors.New("sealed private key has the wrong size")
	}
	if u.Status != StatusPending {
		if err := u.KDF.validate(); err != nil {
			return err
		}
	}
	for _, w := range u.Wrapped {
		if w.What != "vault" && w.What != "mac" && w.What != "scope" {
			return fmt.Errorf("unknown wrapped key %q", w.What)
		}
		if len(w.Box) < 32+24+16 {
			return errors.New("wrapped key too short")
		}
	}
	return nil
}

// marshal renders the file: envelope with the body's checksum.
func (kr *keyring) marshal() ([]byte, error) {
	body, err := json.MarshalIndent(kr, "  ", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal keyring: %w", err)
	}
	sum := sha256.Sum256(body)
	var b bytes.Buffer
	b.WriteString("{\n  \"keyring\": ")
	b.Write(body)
	b.WriteString(",\n  \"sha256\": \"")
	b.WriteString(hex.EncodeToString(sum[:]))
	b.WriteString("\"\n}\n")
	return b.Bytes(), nil
}

// clone deep-copies a keyring (changes are made on a copy and swapped in after the write).
func (kr *keyring) clone() *keyring {
	b, err := json.Marshal(kr)
	if err != nil {
		panic(err)
	}
	var c keyring
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	return &c
}

// writeKeyring replaces DIR/keyring.json atomically.
func writeKeyring(dir string, kr *keyring) error {
	data, err := kr.marshal()
	if err != nil {
		return err
	}
	if err := writeAtomic(dir, keyringFile, data); err != nil {
		return fmt.Errorf("write keyring: %w", err)
	}
	return nil
}

// writeAtomic replaces dir/name: temp file, fsync, rename, fsync of the folder, so a crash
// leaves either the old file or the new one.
func writeAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, filepath.Join(dir, name))
	}
	if werr != nil {
		_ = os.Remove(tmp)
		return werr
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}

func readKeyring(dir string) (*keyring, error) {
	data, err := os.ReadFile(filepath.Join(dir, keyringFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: no %s in the vault folder", ErrNotFound, keyringFile)
	}
	if err != nil {
		return nil, fmt.Errorf("read keyring: %w", err)
	}
	return parseKeyring(data)
}

// emailLookup is HMAC-SHA256(lookup salt, lower(trim(email))).
func emailLookup(salt []byte, email string) []byte {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return m.Sum(nil)
}

func (kr *keyring) userByLookup(lookup []byte) *userEntry {
	for i := range kr.Users {
		if hmac.Equal(kr.Users[i].EmailLookup, lookup) {
			return &kr.Users[i]
		}
	}
	return nil
}

func (kr *keyring) user(id UserID) *userEntry {
	for i := range kr.Users {
		if kr.Users[i].ID == id {
			return &kr.Users[i]
		}
	}
	return nil
}

func (kr *keyring) scope(id ScopeID) *scopeEntry {
	for i := range kr.Scopes {
		if kr.Scopes[i].ID == id {
			return &kr.Scopes[i]
		}
	}
	return nil
}

func (kr *keyring) vaultIDBytes() []byte {
	b, _ := hex.DecodeString(kr.VaultID)
	return b
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
func (kr *keyring) retryAt(now time.Time) time.Time {
	d := backoff(kr.Failures.Count)
	if d == 0 {
		return time.Time{}
	}
	at := kr.Failures.Last.Add(d)
	if now.Before(at) {
		return at
	}
	return time.Time{}
}

// ---- MACs ----------------------------------------------------------------------------------

// macKey derives the keyring MAC key from the vault key.
func macKeyFor(vaultKey []byte, vaultID string) []byte {
	return vcrypto.HKDF(vaultKey, vcrypto.LabelMAC, vaultID)
}

// The MAC inputs below are part of the format: never change their serialisation.

func userMAC(key []byte, u userEntry) []byte {
	u.MAC = nil
	b, err := json.Marshal(u)
	if err != nil {
		panic(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("user\x00"))
	m.Write(b)
	return m.Sum(nil)
}

// settingsMAC covers the settings and the lists of user and scope ids, so removing a user entry
// or a scope is detected too.
func settingsMAC(key []byte, kr *keyring) []byte {
	users := make([]string, 0, len(kr.Users))
	for _, u := range kr.Users {
		users = append(users, u.ID.String())
	}
	scopes := make([]string, 0, len(kr.Scopes))
	for _, s := range kr.Scopes {
		entry := fmt.Sprintf("%s:%s:%d", s.ID, s.Kind, s.Epoch)
		if s.Previous != nil {
			entry += fmt.Sprintf(":previous-%d", s.Previous.Epoch)
		}
		scopes = append(scopes, entry)
	}
	sort.Strings(users)
	sort.Strings(scopes)
	founder := ""
	if kr.Settings.Founder != (UserID{}) {
		founder = kr.Settings.Founder.String()
	}
	b, err := json.Marshal(struct {
		IdleLockMinutes int      `json:"idle_lock_minutes"`
		Users           []string `json:"users"`
		Scopes          []string `json:"scopes"`
		Founder         string   `json:"founder,omitempty"`
	}{kr.Settings.IdleLockMinutes, users, scopes, founder})
	if err != nil {
		panic(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("settings\x00"))
	m.Write(b)
	return m.Sum(nil)
}

// seal recomputes all MACs (after a change made by an unlocked session).
func (kr *keyring) seal(macKey []byte) {
	for i := range kr.Users {
		kr.Users[i].MAC = userMAC(macKey, kr.Users[i])
	}
	kr.Settings.MAC = settingsMAC(macKey, kr)
}

// grantStatement is what a grant signs; part of the format: the vault, the user, their role,
// their public keys and the time (and a marker for a recovery grant). The scope wraps are not in
// it (the entry MAC covers them), so giving an approved user another department does not need a
// new grant; a role change does.
func grantStatement(vaultID string, u *userEntry, g *grantEntry) []byte {
	out := fmt.Appendf(nil, "kluis/v1/grant\x00%s\x00%s\x00%s\x00%x\x00%x\x00%s",
		vaultID, u.ID, u.Role, u.X25519, u.Ed25519, g.At.UTC().Format(time.RFC3339Nano))
	if g.Recovery {
		out = append(out, "\x00recovery"...)
	}
	return out
}

// signGrant signs u's entry as given by signer (whose user id is by) at the time at.
func signGrant(vaultID string, u *userEntry, by UserID, signer ed25519.PrivateKey, at time.Time, recovery bool) {
	g := &grantEntry{By: by, At: at.UTC(), Recovery: recovery, SignerKey: bytes.Clone(signer.Public().(ed25519.PublicKey))}
	g.Sig = ed25519.Sign(signer, grantStatement(vaultID, u, g))
	u.Grant = g
}

// checkGrants enforces that every user but the founder was granted access by a signature, and
// verifies each grant against the Ed25519 key the admin who signed it had then: their current
// key, or one they had before a reset with the recovery code. The signer must be
// another user of this keyring; they may have stepped down or been revoked since (a grant stays
// valid: it was given while they were admin, which the entry MAC, computable only with the
// vault key, vouches for). Nobody signs their own admin grant, except an admin after a reset
// with the recovery code (marked as such).
func (kr *keyring) checkGrants() error {
	for _, u := range kr.Users {
		if u.Grant == nil {
			if kr.Settings.Founder != (UserID{}) && u.ID == kr.Settings.Founder {
				continue
			}
			return fmt.Errorf("%w: user %s has no grant signed by an administrator", ErrKeyringTampered, u.ID)
		}
		by := kr.user(u.Grant.By)
		self := by != nil && by.ID == u.ID
		var key ed25519.PublicKey
		if by != nil {
			key = by.Ed25519
			if k := u.Grant.SignerKey; k != nil && !bytes.Equal(k, key) {
				key = nil // not the signer's key, unless it is one they had before a reset
				for _, former := range by.FormerEd25519 {
					if bytes.Equal(k, former) {
						key = k
					}
				}
			}
		}
		if by == nil || (self && u.Role == RoleAdmin && !u.Grant.Recovery) ||
			(u.Grant.Recovery && (!self || u.Role != RoleAdmin)) || len(key) != ed25519.PublicKeySize ||
			!ed25519.Verify(key, grantStatement(kr.VaultID, &u, u.Grant), u.Grant.Sig) {
			return fmt.Errorf("%w: the grant of user %s is not signed by an administrator", ErrKeyringTampered, u.ID)
		}
	}
	return nil
}

// checkMACs verifies every MAC; a mismatch names the entry.
func (kr *keyring) checkMACs(macKey []byte) error {
	var problems []string
	for i, u := range kr.Users {
		if !hmac.Equal(u.MAC, userMAC(macKey, u)) {
			problems = append(problems, fmt.Sprintf("user %s (entry %d)", u.ID, i))
		}
	}
	if !hmac.Equal(kr.Settings.MAC, settingsMAC(macKey, kr)) {
		problems = append(problems, "settings or the list of users and scopes")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: MAC mismatch in %s", ErrKeyringTampered, strings.Join(problems, ", "))
	}
	return nil
}

// scopeAD binds a sealed scope key to its vault, id, kind and epoch.
func scopeAD(vaultID string, s scopeEntry) []byte {
	return fmt.Appendf(nil, "%s/%s/%s/%s/%d", vcrypto.LabelScope, vaultID, s.ID, s.Kind, s.Epoch)
}

func privateAD(vaultID string, u UserID) []byte {
	return fmt.Appendf(nil, "%s/%s/%s", vcrypto.LabelPrivate, vaultID, u)
}

func recoveryAD(vaultID string) []byte {
	return fmt.Appendf(nil, "%s/%s", vcrypto.LabelRecovery, vaultID)
}

// wrap contexts: what a box holds, bound to the vault.
func wrapContext(vaultID string, w wrappedKey) string {
	if w.What == "scope" {
		return fmt.Sprintf("%s/scope/%s/%d", vaultID, w.Scope, w.Epoch)
	}
	return vaultID + "/" + w.What
}

// wrapped finds a wrapped key; for scope keys the one of the newest epoch the user holds.
func (u *userEntry) wrapped(what string, scope ScopeID) *wrappedKey {
	i := -1
	for j, w := range u.Wrapped {
		if w.What == what && w.Scope == scope && (i < 0 || w.Epoch > u.Wrapped[i].Epoch) {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	return &u.Wrapped[i]
}
