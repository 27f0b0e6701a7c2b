package vault

import (
	"context"
	"crypto/ecdh"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// Session is an unlocked vault for one user: their keys in memory and the open Badger database.
// It is safe for concurrent use. Lock waits for running transactions to finish, and long
// operations (imports through Atomic, rotations, Verify) stop early when Lock is waiting; do
// not call Lock from inside View, Update or WriteBatch.
type Session struct {
	v       *Vault
	vaultID string
	user    UserID
	role    atomic.Value // Role: read without s.mu, changed (an admin stepping down) under it

	mu      readerLock // not sync.RWMutex: see readerlock.go
	locked  bool
	closing atomic.Bool // Lock is waiting: long operations stop at their next chunk
	xpriv   *ecdh.PrivateKey
	signer  ed25519.PrivateKey // signs keyring entries (admins) and audit blocks
	ks      *keySet
	db      *badger.DB
	// storeEpoch is the epoch of the storage scope whose key encrypts db (Badger's encryption
	// at rest): the current one, or the previous one while a rotation has not rebuilt the store.
	storeEpoch uint32
	stopGC     context.CancelFunc
	gcDone     chan struct{}
	stopUp     context.CancelFunc // the record format migration (recordupgrade.go), admins only
	upDone     chan struct{}
	timings    UnlockTimings

	recovered []Recovered // crash-atomic writes put right at unlock
	audit     auditWriter
	rep       replicaState // replication (replicacapture.go)
}

// keySet is every key a session holds, derived from the signed state and the user's wraps.
type keySet struct {
	vault   []byte                 // admins
	staff   []byte                 // admins and users of role user
	scopes  map[ScopeID]*scopeKeys // held scope keys of the current epoch
	prev    map[ScopeID]*scopeKeys // held keys of the previous epoch, while a rotation runs
	known   map[ScopeID]epochs     // every scope in the table and its epochs
	depts   map[ID]ScopeID         // every department's scope (the signed binding)
	readers map[uint32]*ecdh.PrivateKey
	auditTo auditKeyEntry // the newest audit reader key: sessions wrap their audit key to it
}

func (k *keySet) wipe() {
	if k == nil {
		return
	}
	for _, m := range []map[ScopeID]*scopeKeys{k.scopes, k.prev} {
		for _, sk := range m {
			sk.wipe()
		}
	}
	vcrypto.Wipe(k.vault)
	vcrypto.Wipe(k.staff)
	k.scopes, k.prev, k.readers, k.vault, k.staff = nil, nil, nil, nil, nil
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
	record *vcrypto.Expander   // per-record sio keys of version 0x01 values (recordv1.go)
	aead   *vcrypto.RecordAEAD // seals and opens version 0x02 values: set up once per scope and epoch
	blind  *vcrypto.Expander   // per-field blind-index keys
	fields sync.Map            // field name -> *vcrypto.MAC
}

func newScopeKeys(e scopeEntry, key []byte) *scopeKeys {
	return &scopeKeys{id: e.ID, kind: e.Kind, epoch: e.Epoch, key: key,
		record: vcrypto.NewExpander(key, vcrypto.LabelRecord),
		aead:   vcrypto.NewRecordAEAD(key),
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
	if k.record != nil { // the staff index's keys have none
		k.record.Wipe()
		k.aead.Drop()
	}
	k.blind.Wipe()
	k.fields.Range(func(_, m any) bool { m.(*vcrypto.MAC).Wipe(); return true })
}

// loadKeys opens what u holds in st: admins everything through the vault key, users of role
// user every scope but admin through the staff key, managers the scopes wrapped to them.
func loadKeys(st *state, u *userEntry, xpriv *ecdh.PrivateKey) (*keySet, error) {
	ks := &keySet{scopes: map[ScopeID]*scopeKeys{}, prev: map[ScopeID]*scopeKeys{}, known: map[ScopeID]epochs{},
		depts: map[ID]ScopeID{}, readers: map[uint32]*ecdh.PrivateKey{}}
	fail := func(err error) (*keySet, error) { ks.wipe(); return nil, err }
	unwrap := func(w wrappedKey) ([]byte, error) {
		key, err := vcrypto.Unwrap(xpriv, wrapContext(st.VaultID, w), w.Box)
		if err != nil {
			return nil, fmt.Errorf("%w: a key wrapped to user %s does not open", ErrKeyringTampered, u.ID)
		}
		return key, nil
	}
	for _, e := range st.Scopes {
		ks.known[e.ID] = epochsOf(e)
		if e.Kind == scopeDepartment {
			ks.depts[e.Department] = e.ID
		}
	}
	for _, a := range st.AuditKeys {
		if a.Epoch >= ks.auditTo.Epoch {
			ks.auditTo = a
		}
	}
	open := func(sealing []byte, e scopeEntry, staff bool, into map[ScopeID]*scopeKeys) error {
		box, ad := e.Sealed, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch)
		if staff {
			box, ad = e.StaffSealed, staffScopeAD(st.VaultID, e.ID, e.Kind, e.Epoch)
		}
		key, err := vcrypto.Open(sealing, box, ad)
		if err != nil {
			return fmt.Errorf("%w: scope table entry %s (epoch %d) does not open", ErrKeyringTampered, e.ID, e.Epoch)
		}
		into[e.ID] = newScopeKeys(e, key)
		return nil
	}
	switch u.Role {
	case RoleAdmin:
		w := u.wrapped(wrapVault, 0)
		if w == nil {
			return fail(fmt.Errorf("%w: admin %s has no vault key", ErrKeyringTampered, u.ID))
		}
		var err error
		if ks.vault, err = unwrap(*w); err != nil {
			return fail(err)
		}
		if ks.staff, err = vcrypto.Open(ks.vault, st.Staff.Sealed, staffAD(st.VaultID, st.Staff.Epoch)); err != nil {
			return fail(fmt.Errorf("%w: the staff key does not open", ErrKeyringTampered))
		}
		for _, a := range st.AuditKeys {
			priv, err := vcrypto.Open(ks.vault, a.Sealed, auditKeyAD(st.VaultID, a.Epoch))
			if err != nil {
				return fail(fmt.Errorf("%w: audit key %d does not open", ErrKeyringTampered, a.Epoch))
			}
			k, err := ecdh.X25519().NewPrivateKey(priv)
			vcrypto.Wipe(priv)
			if err != nil {
				return fail(fmt.Errorf("%w: audit key %d", ErrKeyringTampered, a.Epoch))
			}
			ks.readers[a.Epoch] = k
		}
		for _, e := range st.Scopes {
			if err := open(ks.vault, e, false, ks.scopes); err != nil {
				return fail(err)
			}
			if e.Previous != nil {
				if err := open(ks.vault, e.previous(), false, ks.prev); err != nil {
					return fail(err)
				}
			}
		}
	case RoleUser:
		w := u.wrapped(wrapStaff, 0)
		if w == nil {
			return fail(fmt.Errorf("%w: user %s has no staff key", ErrKeyringTampered, u.ID))
		}
		var err error
		if ks.staff, err = unwrap(*w); err != nil {
			return fail(err)
		}
		for _, e := range st.Scopes {
			if e.Kind == scopeAdmin {
				continue
			}
			if err := open(ks.staff, e, true, ks.scopes); err != nil {
				return fail(err)
			}
			if e.Previous != nil {
				if err := open(ks.staff, e.previous(), true, ks.prev); err != nil {
					return fail(err)
				}
			}
		}
	default:
		for _, w := range u.Wrapped {
			if w.What != wrapScope {
				continue
			}
			e := st.scope(w.Scope)
			switch {
			case e == nil || e.Kind == scopeAdmin:
				continue
			case e.Epoch == w.Epoch, e.Previous != nil && e.Previous.Epoch == w.Epoch:
			default:
				continue // an older epoch: the key opens nothing current
			}
			key, err := unwrap(w)
			if err != nil {
				return fail(err)
			}
			if e.Epoch == w.Epoch {
				ks.scopes[e.ID] = newScopeKeys(*e, key)
			} else {
				ks.prev[e.ID] = newScopeKeys(e.previous(), key)
			}
		}
	}
	if u.Role != RoleAdmin {
		if err := openAuditWraps(st, u, ks, unwrap); err != nil {
			return fail(err)
		}
	}
	if ks.scopes[storageScope] == nil || ks.scopes[directoryScope] == nil {
		return fail(fmt.Errorf("%w: user %s holds no storage or directory key", ErrKeyringTampered, u.ID))
	}
	return ks, nil
}

// startSession opens u's keys and the store, checks the store against the keyring, puts right
// what a crash interrupted and loads the audit log's head; v.mu is held. create makes a new
// store (a new vault).
func (v *Vault) startSession(kr *keyring, u *userEntry, keys userKeys, t UnlockTimings, create bool) (*Session, error) {
	start := time.Now()
	// A folder made by Join has no store yet: the first unlock makes an empty one.
	joined := !create && joinPending(v.dir)
	create = create || joined
	s := &Session{v: v, vaultID: kr.st.VaultID, user: u.ID, xpriv: keys.x, signer: keys.ed}
	s.role.Store(u.Role)
	ks, err := loadKeys(kr.st, u, keys.x)
	if err != nil {
		keys.wipe()
		return nil, err
	}
	s.ks = ks
	t.Keys = time.Since(start)
	start = time.Now()
	db, epoch, err := openDataWith(v.dir, ks, v.opts.Logger, create)
	if err != nil {
		s.wipe()
		return nil, err
	}
	t.Storage = time.Since(start)
	s.db, s.timings, s.storeEpoch = db, t, epoch
	ctx, cancel := context.WithCancel(context.Background())
	s.stopGC, s.gcDone = cancel, make(chan struct{})
	go func() {
		defer close(s.gcDone)
		store.RunGC(ctx, db, store.GCInterval, v.opts.Logger)
	}()
	if err := s.checkStore(kr, create); err != nil {
		s.shutdown()
		return nil, err
	}
	// The replica state first: undoing a journal a crash left is a write that must replicate
	// (its first chunks may have been pushed before the crash).
	if err := s.loadReplica(joined); err != nil {
		s.shutdown()
		return nil, err
	}
	if err := s.recoverJournals(); err != nil {
		s.shutdown()
		return nil, err
	}
	if err := s.audit.load(s, kr.st); err != nil {
		s.shutdown()
		return nil, err
	}
	if joined {
		if err := finishJoin(v.dir); err != nil {
			v.opts.Logger.Warn("vault: could not remove the join marker", "err", err)
		}
	}
	if u.Role == RoleAdmin && !v.opts.NoRecordUpgrade && s.recordsToUpgrade() {
		upCtx, stop := context.WithCancel(context.Background())
		s.stopUp, s.upDone = stop, make(chan struct{})
		go func() {
			defer close(s.upDone)
			s.upgradeInBackground(upCtx)
		}()
	}
	v.sess = s
	return s, nil
}

// shutdown stops the maintenance goroutine, closes Badger and wipes the keys.
func (s *Session) shutdown() {
	if s.stopUp != nil {
		s.stopUp()
		<-s.upDone
	}
	if s.stopGC != nil {
		s.stopGC()
		<-s.gcDone
	}
	if s.db != nil {
		if err := s.db.Close(); err != nil {
			s.v.opts.Logger.Error("vault: closing storage failed", "err", err)
		}
		s.db = nil
	}
	s.wipe()
}

func (s *Session) wipe() {
	s.ks.wipe()
	s.audit.wipe()
	vcrypto.Wipe(s.signer)
	s.xpriv, s.signer = nil, nil
}

// Lock anchors the audit log's head (in the store, and for an admin in the signed keyring),
// wipes the session's keys (best effort: Go may have copied them), stops the maintenance
// goroutine and closes Badger. Later calls return ErrLocked. Calling it again is a no-op.
func (s *Session) Lock() {
	s.closing.Store(true)
	s.mu.Lock()
	if s.locked {
		s.mu.Unlock()
		return
	}
	s.locked = true
	if err := s.anchorAudit(); err != nil {
		s.v.opts.Logger.Warn("vault: could not anchor the audit log at lock", "err", err)
	}
	s.shutdown()
	if err := ownerOnly(s.v.dir); err != nil {
		s.v.opts.Logger.Warn("vault: could not make the folder private to its owner", "err", err)
	}
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

// enterExclusive takes the write lock for a call that changes the session's keys (keyring
// changes, rotations); the caller must call s.mu.Unlock when err is nil.
func (s *Session) enterExclusive() error {
	s.mu.Lock()
	if s.locked {
		s.mu.Unlock()
		return ErrLocked
	}
	return nil
}

// stopping reports whether Lock is waiting, so long work ends at its next chunk.
func (s *Session) stopping() bool { return s.closing.Load() }

// UserID is the unlocked user's id.
func (s *Session) UserID() UserID { return s.user }

// Role is the unlocked user's role.
func (s *Session) Role() Role { return s.role.Load().(Role) }

// DirectoryScope is the scope of the employers, departments and profiles, which every user holds.
func (s *Session) DirectoryScope() ScopeID { return directoryScope }

// AdminScope is the scope of records only admins read and write (the processor agreement and
// the mail settings).
func (s *Session) AdminScope() ScopeID { return adminScope }

// UnlockTimings says where the unlock's time went.
func (s *Session) UnlockTimings() UnlockTimings { return s.timings }

// Recovered lists the crash-atomic writes (imports) a crash had interrupted and this unlock put
// right, each undone or completed.
func (s *Session) Recovered() []Recovered { return slices.Clone(s.recovered) }

// HasScope reports whether the session holds the scope's key (false when locked).
func (s *Session) HasScope(id ScopeID) bool {
	if s.enter() != nil {
		return false
	}
	defer s.mu.RUnlock()
	_, ok := s.ks.scopes[id]
	return ok
}

// DepartmentScope is the scope that seals a department's employees, as the signed keyring
// binds it (ErrNotFound for a department without a binding). Writers take the scope from here
// only, never from a record any user could have written.
func (s *Session) DepartmentScope(dept ID) (ScopeID, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	sc, ok := s.ks.depts[dept]
	if !ok {
		return 0, fmt.Errorf("%w: department %s has no key in the keyring", ErrNotFound, dept)
	}
	return sc, nil
}

// HasDepartment reports whether the session holds the key of a department's scope.
func (s *Session) HasDepartment(dept ID) bool {
	if s.enter() != nil {
		return false
	}
	defer s.mu.RUnlock()
	sc, ok := s.ks.depts[dept]
	if !ok {
		return false
	}
	_, ok = s.ks.scopes[sc]
	return ok
}

// Departments lists the departments whose scope the session holds, in id order.
func (s *Session) Departments() ([]ID, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []ID
	for d, sc := range s.ks.depts {
		if _, ok := s.ks.scopes[sc]; ok {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}

// BoundDepartments lists every department the signed keyring binds a scope to.
func (s *Session) BoundDepartments() []ID {
	if s.enter() != nil {
		return nil
	}
	defer s.mu.RUnlock()
	out := make([]ID, 0, len(s.ks.depts))
	for d := range s.ks.depts {
		out = append(out, d)
	}
	return out
}

// AllDepartments reports whether the session holds every department, present and future (an
// admin or a user of role user).
func (s *Session) AllDepartments() bool {
	r := s.Role()
	return r == RoleAdmin || r == RoleUser
}

func (v *Vault) keyringSnapshot() *keyring {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kr
}

func (s *Session) requireAdmin() error {
	if s.Role() != RoleAdmin || s.ks.vault == nil {
		return fmt.Errorf("%w: admins only", ErrDenied)
	}
	return nil
}

// changeState applies change to a copy of the signed state and commits it as a keyring entry
// signed by this admin (with the audit log's head as the anchor), then reloads the session's
// keys from the new state. The caller holds s.mu exclusively.
func (s *Session) changeState(what string, change func(st *state) error) error {
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	next := v.kr.st.clone()
	if err := change(next); err != nil {
		return err
	}
	if !s.rep.enabled.Load() {
		// A replicating folder anchors its audit chain in its store header only (ADR 009):
		// each PC keeps its own chain, and an anchor in every entry would make two admins'
		// changes to different users collide on this field.
		next.AuditHead = s.audit.head()
	}
	kr, err := v.commit(next, s.user, what, s.signer)
	if err != nil {
		return err
	}
	if err := s.reloadKeys(kr.st); err != nil {
		return err
	}
	// The store remembers the newest entry, so an older keyring.json put back is refused.
	h, _, err := s.readHeader()
	if err != nil {
		return err
	}
	h.KeyringSerial, h.KeyringHash = kr.head.Serial, kr.headHash
	return s.writeHeader(h)
}

// reloadKeys replaces the session's keys with those of st; s.mu is held exclusively.
func (s *Session) reloadKeys(st *state) error {
	u := st.user(s.user)
	if u == nil || u.Status != StatusActive {
		return fmt.Errorf("%w: the session's user is gone from the keyring", ErrKeyringTampered)
	}
	ks, err := loadKeys(st, u, s.xpriv)
	if err != nil {
		return err
	}
	old := s.ks
	s.ks = ks
	s.role.Store(u.Role)
	old.wipe()
	return nil
}

// NewDepartments binds a new top-level department scope to each department id (see
// NewDepartmentTree). Admins and users of role user hold them at once (through the vault and
// staff keys); managers get them only by a grant.
func (s *Session) NewDepartments(depts ...ID) error {
	nodes := make([]DepartmentNode, len(depts))
	for i, d := range depts {
		nodes[i] = DepartmentNode{ID: d}
	}
	return s.NewDepartmentTree(nodes)
}

// RemoveDepartments drops the scopes of departments that no longer exist (an import that
// created them was undone after a crash). Admins only; a department still holding records must
// not be passed. Unknown ids are ignored.
func (s *Session) RemoveDepartments(depts ...ID) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	return s.changeState("department-removed", func(st *state) error {
		for _, d := range depts {
			if e := st.departmentScope(d); e != nil {
				id := e.ID
				st.Scopes = slices.DeleteFunc(st.Scopes, func(x scopeEntry) bool { return x.ID == id })
				for i := range st.Scopes {
					if st.Scopes[i].Parent == d {
						st.Scopes[i].Parent = ID{}
					}
				}
				for i := range st.Users {
					u := &st.Users[i]
					u.Departments = slices.DeleteFunc(u.Departments, func(x ID) bool { return x == d })
					u.Wrapped = slices.DeleteFunc(u.Wrapped, func(w wrappedKey) bool { return w.What == wrapScope && w.Scope == id })
				}
			}
		}
		return nil
	})
}

func randomScopeID(st *state) ScopeID {
	for {
		b := vcrypto.RandomBytes(4)
		id := ScopeID(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
		if id > adminScope && st.scope(id) == nil {
			return id
		}
	}
}

// SetIdleLock sets how long the vault stays unlocked without activity: 1..240 minutes, whole
// minutes. Admins only.
func (s *Session) SetIdleLock(d time.Duration) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if d < MinIdleLock || d > MaxIdleLock || d%time.Minute != 0 {
		return fmt.Errorf("vault: idle lock must be whole minutes between %d and %d", MinIdleLock/time.Minute, MaxIdleLock/time.Minute)
	}
	return s.changeState("settings", func(st *state) error {
		st.Settings.IdleLockMinutes = int(d / time.Minute)
		return nil
	})
}

// ChangePassphrase re-seals the user's private keys under a new passphrase (fresh salt,
// Options.KDF or calibrated parameters). A wrong old passphrase gives ErrWrongPassphrase. Only
// the user's local part changes: no admin signs it.
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
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	l := v.kr.local.clone()
	lu := l.user(s.user)
	if lu == nil {
		return fmt.Errorf("%w: user %s has no local part", ErrKeyringCorrupt, s.user)
	}
	oldKey := vcrypto.DeriveKey(oldPassphrase, lu.KDF.Salt, lu.KDF.Params)
	keys, att, err := openLocal(v.kr.st.VaultID, lu, v.kr.st.user(s.user), oldKey)
	vcrypto.Wipe(oldKey)
	if err != nil {
		return err
	}
	defer keys.wipe()
	lu.KDF = kdfEntry{ID: vcrypto.KDFArgon2id, Params: params, Salt: vcrypto.RandomBytes(kdfSaltSize)}
	if err := sealLocal(v.kr.st, lu, keys, newPassphrase, att); err != nil {
		return err
	}
	return v.saveLocal(l)
}

// wrapTo wraps secret to u's X25519 key as w and adds it to u's entry.
func wrapTo(vaultID string, u *userEntry, w wrappedKey, secret []byte) error {
	pub, err := ecdh.X25519().NewPublicKey(u.X25519)
	if err != nil {
		return fmt.Errorf("vault: user public key: %w", err)
	}
	if w.Box, err = vcrypto.Wrap(pub, wrapContext(vaultID, w), secret); err != nil {
		return err
	}
	u.Wrapped = append(u.Wrapped, w)
	return nil
}

// FailedUnlock is a failed unlock attempt recorded before anyone could write the audit log.
type FailedUnlock struct {
	At   time.Time
	User UserID // zero: an e-mail that belongs to no user
}

// FailedUnlocks lists the failed unlocks since the audit log last took them (oldest first);
// the audit layer records them and then calls ClearFailedUnlocks.
func (s *Session) FailedUnlocks() []FailedUnlock {
	kr := s.v.keyringSnapshot()
	out := make([]FailedUnlock, len(kr.local.Failed))
	for i, f := range kr.local.Failed {
		out[i] = FailedUnlock{At: f.At, User: f.User}
	}
	return out
}

// ClearFailedUnlocks forgets the first n failed unlocks (those the audit log recorded).
func (s *Session) ClearFailedUnlocks(n int) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	l := v.kr.local.clone()
	l.Failed = l.Failed[min(n, len(l.Failed)):]
	return v.saveLocal(l)
}
