package vault

import (
	"context"
	"crypto/ecdh"
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// Session is an unlocked vault for one user: their keys in memory and the open Badger database.
// It is safe for concurrent use. Lock waits for running transactions to finish; do not call it
// from inside View, Update or WriteBatch.
type Session struct {
	v    *Vault
	user UserID
	role Role

	mu      sync.RWMutex
	locked  bool
	xpriv   *ecdh.PrivateKey
	signer  ed25519.PrivateKey // signs grants
	macKey  []byte
	vault   []byte                 // admins only
	scopes  map[ScopeID]*scopeKeys // held scope keys
	prev    map[ScopeID]*scopeKeys // held keys of the previous epoch, while a rotation runs
	known   map[ScopeID]epochs     // every scope in the table and its epochs
	db      *badger.DB
	stopGC  context.CancelFunc
	gcDone  chan struct{}
	timings UnlockTimings
}

// epochs are a scope's current epoch and, while a rotation runs, the previous one (else 0).
type epochs struct{ current, previous uint32 }

func epochsOf(e scopeEntry) epochs {
	ep := epochs{current: e.Epoch}
	if e.Previous != nil {
		ep.previous = e.Previous.Epoch
	}
	return ep
}

// scopeKeys are the keys derived from one scope key.
type scopeKeys struct {
	id     ScopeID
	kind   scopeKind
	epoch  uint32
	key    []byte
	record *vcrypto.Expander // per-record sio keys
	blind  *vcrypto.Expander // per-field blind-index keys
	fields sync.Map          // field name -> *vcrypto.MAC
}

func newScopeKeys(e scopeEntry, key []byte) *scopeKeys {
	return &scopeKeys{id: e.ID, kind: e.Kind, epoch: e.Epoch, key: key,
		record: vcrypto.NewExpander(key, vcrypto.LabelRecord),
		blind:  vcrypto.NewExpander(key, vcrypto.LabelBlind)}
}

func (k *scopeKeys) fieldMAC(field string) *vcrypto.MAC {
	if m, ok := k.fields.Load(field); ok {
		return m.(*vcrypto.MAC)
	}
	var fk [vcrypto.KeySize]byte
	k.blind.Key(&fk, []byte(field))
	m, _ := k.fields.LoadOrStore(field, vcrypto.NewMAC(fk[:]))
	vcrypto.Wipe(fk[:])
	return m.(*vcrypto.MAC)
}

func (k *scopeKeys) wipe() {
	vcrypto.Wipe(k.key)
	k.record.Wipe()
	k.blind.Wipe()
	k.fields.Range(func(_, m any) bool { m.(*vcrypto.MAC).Wipe(); return true })
}

// startSession opens u's keys, checks the keyring MACs and opens Badger; v.mu is held.
func (v *Vault) startSession(kr *keyring, u *userEntry, keys userKeys, t UnlockTimings) (*Session, error) {
	start := time.Now()
	s := &Session{v: v, user: u.ID, role: u.Role, xpriv: keys.x, signer: keys.ed, scopes: map[ScopeID]*scopeKeys{},
		prev: map[ScopeID]*scopeKeys{}, known: map[ScopeID]epochs{}}
	if err := s.openKeys(kr, u); err != nil {
		s.wipe()
		return nil, err
	}
	t.Keys = time.Since(start)
	start = time.Now()
	storage := s.scopes[storageScope]
	if storage == nil {
		s.wipe()
		return nil, fmt.Errorf("%w: user %s holds no storage key", ErrKeyringTampered, u.ID)
	}
	db, err := store.Open(store.Options(filepath.Join(v.dir, dataDir), storage.key, v.opts.Logger))
	if err != nil {
		s.wipe()
		return nil, fmt.Errorf("vault: open storage: %w", err)
	}
	t.Storage = time.Since(start)
	s.db, s.timings = db, t
	ctx, cancel := context.WithCancel(context.Background())
	s.stopGC, s.gcDone = cancel, make(chan struct{})
	go func() {
		defer close(s.gcDone)
		store.RunGC(ctx, db, store.GCInterval, v.opts.Logger)
	}()
	v.sess = s
	return s, nil
}

// openKeys unwraps what u holds and verifies the keyring's MACs.
func (s *Session) openKeys(kr *keyring, u *userEntry) error {
	unwrap := func(w wrappedKey) ([]byte, error) {
		key, err := vcrypto.Unwrap(s.xpriv, wrapContext(kr.VaultID, w), w.Box)
		if err != nil {
			return nil, fmt.Errorf("%w: a key wrapped to user %s does not open", ErrKeyringTampered, u.ID)
		}
		return key, nil
	}
	mw := u.wrapped("mac", 0)
	if mw == nil {
		return fmt.Errorf("%w: user %s has no MAC key", ErrKeyringTampered, u.ID)
	}
	macKey, err := unwrap(*mw)
	if err != nil {
		return err
	}
	s.macKey = macKey
	if err := kr.checkMACs(macKey); err != nil {
		return err
	}
	if err := kr.checkGrants(); err != nil {
		return err
	}
	for _, e := range kr.Scopes {
		s.known[e.ID] = epochsOf(e)
	}
	if u.Role == RoleAdmin {
		vw := u.wrapped("vault", 0)
		if vw == nil {
			return fmt.Errorf("%w: admin %s has no vault key", ErrKeyringTampered, u.ID)
		}
		if s.vault, err = unwrap(*vw); err != nil {
			return err
		}
		for _, e := range kr.Scopes {
			if err := s.openSealedScope(kr.VaultID, e, s.scopes); err != nil {
				return err
			}
			if e.Previous != nil {
				if err := s.openSealedScope(kr.VaultID, e.previous(), s.prev); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, w := range u.Wrapped {
		if w.What != "scope" {
			continue
		}
		e := kr.scope(w.Scope)
		switch {
		case e == nil:
			continue // a scope since removed
		case e.Epoch == w.Epoch:
		case e.Previous != nil && e.Previous.Epoch == w.Epoch:
			// a rotation is under way: records not yet re-sealed need this key
		default:
			continue // an older epoch: the key opens nothing current
		}
		key, err := unwrap(w)
		if err != nil {
			return err
		}
		if e.Epoch == w.Epoch {
			s.scopes[e.ID] = newScopeKeys(*e, key)
		} else {
			s.prev[e.ID] = newScopeKeys(e.previous(), key)
		}
	}
	return nil
}

// openSealedScope opens a scope-table key with the vault key (admins) into keys.
func (s *Session) openSealedScope(vaultID string, e scopeEntry, keys map[ScopeID]*scopeKeys) error {
	key, err := vcrypto.Open(s.vault, e.Sealed, scopeAD(vaultID, e))
	if err != nil {
		return fmt.Errorf("%w: scope table entry %s (epoch %d) does not open", ErrKeyringTampered, e.ID, e.Epoch)
	}
	keys[e.ID] = newScopeKeys(e, key)
	return nil
}

func (s *Session) wipe() {
	for _, m := range []map[ScopeID]*scopeKeys{s.scopes, s.prev} {
		for _, k := range m {
			k.wipe()
		}
	}
	s.scopes, s.prev = nil, nil
	vcrypto.Wipe(s.macKey)
	vcrypto.Wipe(s.vault)
	vcrypto.Wipe(s.signer)
	s.macKey, s.vault, s.xpriv, s.signer = nil, nil, nil, nil
}

// Lock wipes the session's keys (best effort: Go may have copied them), stops the maintenance
// goroutine and closes Badger. Later calls return ErrLocked. Calling it again is a no-op.
func (s *Session) Lock() {
	s.mu.Lock()
	if s.locked {
		s.mu.Unlock()
		return
	}
	s.locked = true
	s.stopGC()
	<-s.gcDone
	if err := s.db.Close(); err != nil {
		s.v.opts.Logger.Error("vault: closing storage failed", "err", err)
	}
	s.db = nil
	s.wipe()
	s.mu.Unlock()
	s.v.detach(s)
}

// Locked reports whether the session was locked.
func (s *Session) Locked() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.locked
}

// enter takes the read lock for a call; the caller must call s.mu.RUnlock when err is nil.
func (s *Session) enter() error {
	s.mu.RLock()
	if s.locked {
		s.mu.RUnlock()
		return ErrLocked
	}
	return nil
}

// UserID is the unlocked user's id.
func (s *Session) UserID() UserID { return s.user }

// Role is the unlocked user's role.
func (s *Session) Role() Role { return s.role }

// DirectoryScope is the scope of the anonymised skeleton, which every user holds.
func (s *Session) DirectoryScope() ScopeID { return directoryScope }

// UnlockTimings says where the unlock's time went.
func (s *Session) UnlockTimings() UnlockTimings { return s.timings }

// HasScope reports whether the session holds the scope's key (false when locked).
func (s *Session) HasScope(id ScopeID) bool {
	if s.enter() != nil {
		return false
	}
	defer s.mu.RUnlock()
	_, ok := s.scopes[id]
	return ok
}

// IdentityScopes lists the identity scopes the session holds.
func (s *Session) IdentityScopes() ([]ScopeID, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []ScopeID
	for _, e := range s.v.keyringSnapshot().Scopes {
		if _, ok := s.scopes[e.ID]; ok && e.Kind == scopeIdentity {
			out = append(out, e.ID)
		}
	}
	return out, nil
}

func (v *Vault) keyringSnapshot() *keyring {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kr
}

// changeKeyring applies change to a copy of the keyring, re-MACs it with the session's MAC key,
// writes it and swaps it in. The caller holds s's read lock.
func (s *Session) changeKeyring(change func(kr *keyring) error) error {
	return s.changeKeyringMAC(func(kr *keyring) ([]byte, error) { return nil, change(kr) })
}

// changeKeyringMAC is changeKeyring for a change that may make a new MAC key (returned; nil
// keeps the session's).
func (s *Session) changeKeyringMAC(change func(kr *keyring) ([]byte, error)) error {
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	kr := v.kr.clone()
	macKey, err := change(kr)
	if err != nil {
		return err
	}
	if macKey == nil {
		macKey = s.macKey
	}
	kr.seal(macKey)
	if err := writeKeyring(v.dir, kr); err != nil {
		return err
	}
	v.kr = kr
	return nil
}

func (s *Session) requireAdmin() error {
	if s.role != RoleAdmin || s.vault == nil {
		return fmt.Errorf("%w: admins only", ErrDenied)
	}
	return nil
}

// NewIdentityScope creates an identity scope (one per department) with a random key, sealed
// under the vault key in the scope table; admins reach it through the vault key, and it is
// wrapped to every active user of role user (who hold all departments). Admins only.
func (s *Session) NewIdentityScope() (ScopeID, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return 0, err
	}
	var entry scopeEntry
	key := vcrypto.RandomKey()
	err := s.changeKeyring(func(kr *keyring) error {
		for {
			var b [4]byte
			copy(b[:], vcrypto.RandomBytes(4))
			id := ScopeID(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
			if id > directoryScope && kr.scope(id) == nil {
				entry = scopeEntry{ID: id, Kind: scopeIdentity, Epoch: 1}
				break
			}
		}
		entry.Sealed = vcrypto.Seal(s.vault, key, scopeAD(kr.VaultID, entry))
		kr.Scopes = append(kr.Scopes, entry)
		// Users (role user) hold every department, so they get the new one too.
		for i := range kr.Users {
			if u := &kr.Users[i]; u.Role == RoleUser && u.Status == StatusActive {
				if err := wrapTo(kr.VaultID, u, wrappedKey{What: "scope", Scope: entry.ID, Epoch: entry.Epoch}, key); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		vcrypto.Wipe(key)
		return 0, err
	}
	// s.scopes and s.known are only read under s.mu; new entries need the write side.
	s.mu.RUnlock()
	s.mu.Lock()
	if !s.locked {
		s.scopes[entry.ID] = newScopeKeys(entry, key)
		s.known[entry.ID] = epochsOf(entry)
	}
	s.mu.Unlock()
	s.mu.RLock()
	return entry.ID, nil
}

// SetIdleLock sets how long the vault stays unlocked without activity: 1..240 minutes, whole
// minutes. Admins only.
func (s *Session) SetIdleLock(d time.Duration) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if d < MinIdleLock || d > MaxIdleLock || d%time.Minute != 0 {
		return fmt.Errorf("vault: idle lock must be whole minutes between %d and %d", MinIdleLock/time.Minute, MaxIdleLock/time.Minute)
	}
	return s.changeKeyring(func(kr *keyring) error {
		kr.Settings.IdleLockMinutes = int(d / time.Minute)
		return nil
	})
}

// ChangePassphrase re-seals the user's private keys under a new passphrase (fresh salt,
// Options.KDF or calibrated parameters). A wrong old passphrase gives ErrWrongPassphrase.
func (s *Session) ChangePassphrase(oldPassphrase, newPassphrase []byte) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if len(newPassphrase) == 0 {
		return errors.New("vault: empty passphrase")
	}
	params, err := s.v.opts.kdfParams()
	if err != nil {
		return err
	}
	return s.changeKeyring(func(kr *keyring) error {
		u := kr.user(s.user)
		if u == nil {
			return fmt.Errorf("%w: user %s is gone from the keyring", ErrKeyringTampered, s.user)
		}
		key := vcrypto.DeriveKey(oldPassphrase, u.KDF.Salt, u.KDF.Params)
		priv, err := vcrypto.Open(key, u.SealedPrivate, privateAD(kr.VaultID, u.ID))
		vcrypto.Wipe(key)
		if err != nil {
			return ErrWrongPassphrase
		}
		defer vcrypto.Wipe(priv)
		xpriv, err := ecdh.X25519().NewPrivateKey(priv[:32])
		if err != nil {
			return fmt.Errorf("%w: private key of user %s", ErrKeyringTampered, u.ID)
		}
		sealPrivate(kr, u, xpriv, priv[32:], newPassphrase, params)
		return nil
	})
}

// AddUser adds an active user with a passphrase chosen now, granted and signed by this admin
// (the command line and tests; the screens use requests and Approve). Admins get the vault key;
// other roles the storage and directory keys plus the given identity scopes. Admins only; an
// e-mail already present gives ErrExists.
func (s *Session) AddUser(nu NewUser, role Role, scopes ...ScopeID) (UserID, error) {
	if err := s.enter(); err != nil {
		return UserID{}, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return UserID{}, err
	}
	if !role.valid() {
		return UserID{}, fmt.Errorf("vault: unknown role %q", role)
	}
	params, err := s.v.opts.kdfParams()
	if err != nil {
		return UserID{}, err
	}
	var id UserID
	err = s.changeKeyring(func(kr *keyring) error {
		if kr.userByLookup(emailLookup(kr.LookupSalt, nu.Email)) != nil {
			return fmt.Errorf("%w: a user with this e-mail", ErrExists)
		}
		u, _, err := newUserEntry(kr, nu, role, params)
		if err != nil {
			return err
		}
		if err := wrapForRole(kr, u, s.vault); err != nil {
			return err
		}
		if role != RoleAdmin {
			for _, sc := range scopes {
				if err := s.wrapScope(kr, u, sc); err != nil {
					return err
				}
			}
		}
		signGrant(kr.VaultID, u, s.user, s.signer, s.v.opts.Now(), false)
		kr.Users = append(kr.Users, *u)
		id = u.ID
		return nil
	})
	return id, err
}

// GrantScope wraps a scope key to a user who is not an admin (admins hold every scope already).
// Admins only.
func (s *Session) GrantScope(user UserID, scope ScopeID) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	return s.changeKeyring(func(kr *keyring) error {
		u := kr.user(user)
		if u == nil {
			return fmt.Errorf("%w: user %s", ErrNotFound, user)
		}
		if u.Role == RoleAdmin {
			return nil
		}
		return s.wrapScope(kr, u, scope)
	})
}

func (s *Session) wrapScope(kr *keyring, u *userEntry, scope ScopeID) error {
	k, ok := s.scopes[scope]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoAccess, scope)
	}
	if u.wrapped("scope", scope) != nil {
		return nil
	}
	if err := wrapTo(kr.VaultID, u, wrappedKey{What: "scope", Scope: scope, Epoch: k.epoch}, k.key); err != nil {
		return err
	}
	if p, ok := s.prev[scope]; ok { // a rotation is under way: records not yet re-sealed need it
		return wrapTo(kr.VaultID, u, wrappedKey{What: "scope", Scope: scope, Epoch: p.epoch}, p.key)
	}
	return nil
}
