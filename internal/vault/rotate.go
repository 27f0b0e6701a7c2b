package vault

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// Key rotation (docs/adr/003-signed-keyring.md). When a user loses keys, by revocation, by a
// manager losing a department, by an HR user becoming a manager or by an admin stepping down,
// every key they held that still protects current data is replaced, and the store is rebuilt:
// a new Badger database, under the new storage key when that rotated, receives every record,
// sealed again where its scope rotated, with the blind-index entries of rotated scopes computed
// afresh; then it replaces the old one, which is deleted. So no earlier version of a re-sealed
// record, and no file readable with the old storage key, stays in the folder.
//
// Starting a rotation is one signed keyring entry: the new keys become current and the old ones
// stay as the scopes' Previous (sealed under the vault key and the staff key) and wrapped to the
// remaining holders. That is the journal: while it exists records of both epochs open, and Rotate
// (also after a crash, at the next admin unlock) rebuilds the store. A second entry drops the old
// keys.

// ErrRevokeAdmin refuses to revoke an administrator: their admin rights must be withdrawn first.
var ErrRevokeAdmin = errors.New("vault: withdraw the administrator rights before revoking access")

// ErrRevoked is returned by Unlock to a user whose access was revoked.
var ErrRevoked = errors.New("vault: this user's access was revoked")

// ErrRotationPending refuses to start a rotation of a scope whose previous rotation has not
// finished; run Rotate first.
var ErrRotationPending = errors.New("vault: a key rotation is still re-sealing records; finish it first")

// IndexValue is one blind-index entry of a record: the field and the normalised value that
// SetIndex was given, under the record's own scope or, with Directory, the directory scope.
type IndexValue struct {
	Field     string
	Value     []byte
	Directory bool
}

// target is the scope an entry of a record sealed under scope lives in.
func (e IndexValue) target(scope ScopeID) ScopeID {
	if e.Directory {
		return directoryScope
	}
	return scope
}

// Indexer tells the vault which blind-index entries the records of some kinds carry, computed
// from their plaintext, so that a rotation can write them under new keys and Verify can check
// that each is present and points at its record. The packages that own the kinds provide it.
type Indexer struct {
	Kinds   []Kind
	Entries func(kind Kind, id ID, plaintext []byte) ([]IndexValue, error)
}

func (ix *Indexer) indexes(k Kind) bool { return ix != nil && slices.Contains(ix.Kinds, k) }

// RotateOptions steer Rotate.
type RotateOptions struct {
	Indexer *Indexer
	// Progress is called now and then with the store entries copied so far and their total.
	Progress func(done, total int)
	// Done, when not nil, is told at the end how many records were sealed again.
	Done func(resealed int)
}

// Revoke ends a user's access (admins only): the entry is marked revoked, every key wrapped to
// it is dropped, and every key it held starts rotating: the storage and directory keys and the
// departments of a manager; the staff key and every scope but admin for a user of role user.
// Call Rotate afterwards to rebuild the store (Revoke itself only writes the keyring). Revoking
// oneself or an admin gives ErrDenied / ErrRevokeAdmin; an unknown or already revoked user
// ErrNotFound.
func (s *Session) Revoke(id UserID) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if id == s.user {
		return fmt.Errorf("%w: an administrator cannot revoke their own access", ErrDenied)
	}
	rotated := 0
	err := s.changeState("revoke", func(st *state) error {
		u := st.user(id)
		if u == nil || u.Status == StatusRevoked {
			return fmt.Errorf("%w: user %s", ErrNotFound, id)
		}
		if u.Role == RoleAdmin {
			return ErrRevokeAdmin
		}
		rotate := []ScopeID{storageScope, directoryScope}
		rotateStaff := u.Role == RoleUser
		if rotateStaff {
			rotate = nonAdminScopes(st)
		} else {
			rotate = append(rotate, st.managerScopes(u)...)
		}
		if u.Role == RolePrivacy {
			if err := newAuditReader(st, s.roots()); err != nil {
				return err
			}
		}
		u.Status, u.Wrapped = StatusRevoked, nil
		u.Revoked = &actEntry{By: s.user, At: s.v.opts.Now().UTC()}
		rk, err := s.startRotation(st, rotate, rotateStaff, s.roots())
		if err != nil {
			return err
		}
		if rotateStaff {
			defer vcrypto.Wipe(rk.staff)
		}
		rotated = len(rotate)
		return regrantAll(st, rk)
	})
	if err != nil {
		return err
	}
	s.v.opts.Logger.Info("vault: access revoked", "user", id.String(), "by", s.user.String(), "scopes", rotated)
	return nil
}

func (rk rootKeys) wipe() {
	vcrypto.Wipe(rk.vault)
	vcrypto.Wipe(rk.staff)
}

// startRotation gives each scope a new key and epoch in st and keeps the old key as Previous;
// with rotateStaff the staff key is replaced too and every scope's staff copy sealed again under
// the new one. It returns the root keys to wrap with (a new staff key when it rotated). A scope
// already rotating gives ErrRotationPending.
func (s *Session) startRotation(st *state, scopes []ScopeID, rotateStaff bool, rk rootKeys) (rootKeys, error) {
	next := rk
	if rotateStaff {
		next.staff = vcrypto.RandomKey()
		st.Staff = sealedKey{Epoch: st.Staff.Epoch + 1}
		st.Staff.Sealed = vcrypto.Seal(rk.vault, next.staff, staffAD(st.VaultID, st.Staff.Epoch))
	}
	for i := range st.Scopes {
		e := &st.Scopes[i]
		rotate := slices.Contains(scopes, e.ID)
		if !rotate && !rotateStaff {
			continue
		}
		if rotate && e.Previous != nil {
			return rk, ErrRotationPending
		}
		old, err := openSealed(rk.vault, e.Sealed, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
		if err != nil {
			return rk, err
		}
		if !rotate { // only the staff copy changes
			sealScope(st.VaultID, e, old, rk.vault, next.staff)
			if e.Previous != nil {
				if err := resealPreviousStaff(st.VaultID, e, rk.vault, next.staff); err != nil {
					return rk, err
				}
			}
			vcrypto.Wipe(old)
			continue
		}
		e.Previous = &previousKey{Epoch: e.Epoch, Sealed: e.Sealed, Device: s.rep.device.String(), Since: s.v.opts.Now().UTC()}
		if e.Kind != scopeAdmin {
			e.Previous.StaffSealed = vcrypto.Seal(next.staff, old, staffScopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
		}
		vcrypto.Wipe(old)
		e.Epoch++
		key := vcrypto.RandomKey()
		sealScope(st.VaultID, e, key, rk.vault, next.staff)
		vcrypto.Wipe(key)
	}
	return next, nil
}

// resealPreviousStaff seals a rotating scope's previous key again under a new staff key.
func resealPreviousStaff(vaultID string, e *scopeEntry, vaultKey, staff []byte) error {
	old, err := openSealed(vaultKey, e.Previous.Sealed, scopeAD(vaultID, e.ID, e.Kind, e.Previous.Epoch))
	if err != nil {
		return err
	}
	e.Previous.StaffSealed = vcrypto.Seal(staff, old, staffScopeAD(vaultID, e.ID, e.Kind, e.Previous.Epoch))
	vcrypto.Wipe(old)
	return nil
}

// rotateVaultKey replaces the vault key in st, because a former admin may have kept the old one
// (which opens every key of the scope table): every scope starts rotating under the new vault key
// with a new staff key, the audit reader gets a new key pair (the old private keys are sealed
// again under the new vault key, so admins still read old entries), the vault signer follows
// the new key, and the recovery envelope is made anew with a new code (the old code opened the
// old vault key). Until an admin has saved the new kit, the code waits wrapped to every admin
// who stays. It returns the new root keys and the code.
func (s *Session) rotateVaultKey(st *state, steppingDown UserID) (rootKeys, RecoveryCode, error) {
	params, err := s.v.opts.kdfParams()
	if err != nil {
		return rootKeys{}, "", err
	}
	old := s.roots()
	for _, e := range st.Scopes {
		if e.Previous != nil {
			return rootKeys{}, "", ErrRotationPending
		}
	}
	newVault := vcrypto.RandomKey()
	maxEpoch := uint32(0)
	for i := range st.AuditKeys {
		a := &st.AuditKeys[i]
		priv, err := openSealed(old.vault, a.Sealed, auditKeyAD(st.VaultID, a.Epoch))
		if err != nil {
			return rootKeys{}, "", err
		}
		a.Sealed = vcrypto.Seal(newVault, priv, auditKeyAD(st.VaultID, a.Epoch))
		vcrypto.Wipe(priv)
		maxEpoch = max(maxEpoch, a.Epoch)
	}
	newStaff := newVaultKeys(st, newVault, maxEpoch+1)
	rk := rootKeys{vault: newVault, staff: newStaff}
	for i := range st.Scopes {
		e := &st.Scopes[i]
		oldKey, err := openSealed(old.vault, e.Sealed, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
		if err != nil {
			return rootKeys{}, "", err
		}
		e.Previous = &previousKey{Epoch: e.Epoch, Sealed: vcrypto.Seal(newVault, oldKey, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))}
		if e.Kind != scopeAdmin {
			e.Previous.StaffSealed = vcrypto.Seal(newStaff, oldKey, staffScopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
		}
		vcrypto.Wipe(oldKey)
		e.Epoch++
		key := vcrypto.RandomKey()
		sealScope(st.VaultID, e, key, newVault, newStaff)
		vcrypto.Wipe(key)
	}
	code, err := setRecovery(st, newVault, params)
	if err != nil {
		return rootKeys{}, "", err
	}
	st.PendingRecovery = nil
	for _, u := range st.Users {
		if u.Role != RoleAdmin || u.Status != StatusActive || u.ID == steppingDown {
			continue
		}
		pub, err := ecdh.X25519().NewPublicKey(u.X25519)
		if err != nil {
			return rootKeys{}, "", fmt.Errorf("vault: admin public key: %w", err)
		}
		box, err := vcrypto.Wrap(pub, pendingRecoveryContext(st.VaultID, u.ID), []byte(code))
		if err != nil {
			return rootKeys{}, "", err
		}
		st.PendingRecovery = append(st.PendingRecovery, sealedDetail{Admin: u.ID, Box: box})
	}
	return rk, code, nil
}

// PendingRotation lists the scopes whose rotation has not finished rebuilding the store (a
// revocation interrupted by a crash, or one whose Rotate has not run yet) and is this PC's to
// finish: see ownsRotation.
func (s *Session) PendingRotation() []ScopeID {
	var out []ScopeID
	for _, e := range s.v.keyringSnapshot().st.Scopes {
		if e.Previous != nil && s.ownsRotation(e.Previous) {
			out = append(out, e.ID)
		}
	}
	return out
}

// rotationTakeover is how long another PC of a replicating vault leaves a rotation to the PC that
// started it before it finishes the re-seal itself (that PC may be gone for good).
const rotationTakeover = 24 * time.Hour

// ownsRotation reports whether this PC re-seals a pending rotation: the PC that started it
// (or any, for a rotation of a vault that did not record it), or any PC once it is older than
// rotationTakeover. So after a revocation the re-seal is done once, by the admin's PC, and
// reaches the others as replicated records (issue 19), instead of by every admin's PC.
func (s *Session) ownsRotation(p *previousKey) bool {
	return p.Device == "" || p.Device == s.rep.device.String() || s.v.opts.Now().Sub(p.Since) > rotationTakeover
}

// Rotate rebuilds the store under the current keys for every scope whose rotation is pending
// and then drops the old keys from the keyring (admins only). The session is exclusive
// meanwhile; ctx and Lock stop it between chunks, leaving the old store in place, and calling
// it again (also in a later session) starts the rebuild again.
func (s *Session) Rotate(ctx context.Context, opts RotateOptions) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	pending := map[ScopeID]epochs{}
	st := s.v.keyringSnapshot().st
	for id, ep := range s.ks.known {
		if e := st.scope(id); ep.previous != 0 && e != nil && e.Previous != nil && s.ownsRotation(e.Previous) {
			pending[id] = ep
		}
	}
	if len(pending) == 0 {
		return nil
	}
	start := time.Now()
	resealed, err := s.rebuild(ctx, pending, opts)
	if err != nil {
		return err
	}
	err = s.changeState("rotate-finished", func(st *state) error {
		for id, ep := range pending {
			e := st.scope(id)
			if e == nil || e.Previous == nil || e.Previous.Epoch != ep.previous {
				return fmt.Errorf("%w: the rotation of %s changed under way", ErrKeyringTampered, id)
			}
			e.Previous = nil
		}
		for i := range st.Users {
			u := &st.Users[i]
			u.Wrapped = slices.DeleteFunc(u.Wrapped, func(w wrappedKey) bool {
				ep, ok := pending[w.Scope]
				return w.What == wrapScope && ok && w.Epoch < ep.current
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.v.opts.Logger.Info("vault: key rotation finished", "scopes", len(pending), "records", resealed,
		"ms", time.Since(start).Milliseconds())
	if opts.Done != nil {
		opts.Done(resealed)
	}
	return nil
}

// rebuild copies the store into a new one under the current storage key, re-sealing records of
// the pending scopes' previous epochs and writing the index entries of pending scopes afresh,
// then swaps the new store in and deletes the old. It returns how many records it re-sealed.
// The caller holds s.mu exclusively.
func (s *Session) rebuild(ctx context.Context, pending map[ScopeID]epochs, opts RotateOptions) (resealed int, err error) {
	dir := s.v.dir
	next := filepath.Join(dir, dataNext)
	if err := os.RemoveAll(next); err != nil {
		return 0, err
	}
	ndb, err := store.Open(store.Options(next, s.ks.scopes[storageScope].key, s.v.opts.Logger))
	if err != nil {
		return 0, fmt.Errorf("vault: rebuild: %w", err)
	}
	abort := func(err error) (int, error) {
		_ = ndb.Close()
		_ = os.RemoveAll(next)
		return 0, err
	}
	resealed, err = s.copyInto(ctx, ndb, pending, opts)
	if err != nil {
		return abort(err)
	}
	if err := ndb.Close(); err != nil { // writes the memtable out: the new store is complete
		return abort(fmt.Errorf("vault: rebuild: %w", err))
	}
	return resealed, s.swapStore()
}

// copyInto writes every entry of the session's store into ndb (see rebuild).
func (s *Session) copyInto(ctx context.Context, ndb *badger.DB, pending map[ScopeID]epochs, opts RotateOptions) (resealed int, err error) {
	defer guard(&err)
	total := 0
	if err := s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			total++
		}
		return nil
	}); err != nil {
		return 0, err
	}
	progress := func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	progress(0)
	wb := ndb.NewWriteBatch()
	defer wb.Cancel()
	// Replication: the re-sealed records, the new index entries and the old ones dropped are
	// changes the other PCs receive (ADR 009), noted in the new store.
	rc := s.newCapture()
	err = s.scan(ctx, 2048, progress, func(key []byte, item *badger.Item) error {
		kind := Kind(key[0])
		if kind == kindIndex {
			if len(key) >= 5 {
				if sc := ScopeID(binary.BigEndian.Uint32(key[1:5])); isPending(pending, sc) {
					rc.note(key, sc, true)
					return nil // written afresh from its record below
				}
			}
			if bytes.HasPrefix(key, staffIndexPrefix) {
				return nil // the retired staff index (staffretired.go) stays behind
			}
			return wb.Set(key, nil)
		}
		if kind == kindLocal {
			return nil // pages and stamps (pages.go): sealed under the old keys, rebuilt on demand
		}
		value, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if kind == kindAudit || kind == kindAuditRemote || kind == kindAuditCopy || kind == kindJournal || kind == kindChangeLog || kind == kindClock || kind == kindReplica {
			return wb.Set(key, value)
		}
		n, err := s.copyRecord(wb, key, value, pending, opts.Indexer, rc)
		if err != nil {
			return err
		}
		resealed += n
		if rc != nil && len(rc.keys) >= 4096 {
			return s.flushCapture(rc, nil, wb.Set)
		}
		return nil
	})
	if err == nil {
		err = s.flushCapture(rc, nil, wb.Set)
	}
	if err != nil {
		return 0, err
	}
	if err := wb.Flush(); err != nil {
		return 0, err
	}
	progress(total)
	return resealed, nil
}

func isPending(pending map[ScopeID]epochs, sc ScopeID) bool { _, ok := pending[sc]; return ok }

// copyRecord writes one record into the new store, re-sealed when its scope's previous epoch
// sealed it, and its index entries under the pending scopes' new keys. It returns 1 when it
// re-sealed the record.
func (s *Session) copyRecord(wb *badger.WriteBatch, key, value []byte, pending map[ScopeID]epochs, ix *Indexer, rc *capture) (int, error) {
	if pending == nil { // a store only encrypted anew (rekeyStore): every record as it is
		return 0, wb.Set(key, value)
	}
	kind := Kind(key[0])
	scope, epoch, herr := parseHeader(value)
	ep, rotating := pending[scope]
	reseal := herr == nil && rotating && epoch == ep.previous
	// A version 0x01 value is re-sealed as 0x02 on the way (ADR 010), under its own epoch.
	_, held := s.ks.scopes[scope]
	reseal = reseal || herr == nil && value[0] == valueV1 && held && (rotating || s.ks.scopes[scope].epoch == epoch)
	indexed := ix.indexes(kind) && len(key) == recordKeyLen
	if !reseal && !indexed {
		return 0, wb.Set(key, value)
	}
	plain, err := s.open(nil, key, value)
	if err != nil {
		return 0, fmt.Errorf("vault: rotation stopped: record %x is damaged (restore the backup): %w", key, err)
	}
	defer vcrypto.Wipe(plain)
	n := 0
	if reseal {
		if value, err = s.seal(key, scope, plain); err != nil {
			return 0, err
		}
		n = 1
		rc.note(key, scope, false)
	}
	if err := wb.Set(key, value); err != nil {
		return 0, err
	}
	if !indexed {
		return n, nil
	}
	id := ID(key[1:])
	entries, err := ix.Entries(kind, id, plain)
	if err != nil {
		return 0, fmt.Errorf("record %s of kind 0x%02x: index: %w", id, byte(kind), err)
	}
	for _, e := range entries {
		target := e.target(scope)
		if _, ok := pending[target]; !ok {
			continue
		}
		k, ok := s.ks.scopes[target]
		if !ok {
			return 0, fmt.Errorf("%w: %s", ErrNoAccess, target)
		}
		ik, err := indexKeyWith(k, e.Field, e.Value, kind, id)
		if err != nil {
			return 0, err
		}
		if err := wb.Set(ik, nil); err != nil {
			return 0, err
		}
		rc.note(ik, target, false)
	}
	return n, nil
}

// swapStore closes the session's store, puts data.next in place of data and opens it under the
// current storage key. A crash anywhere in between is put right by recoverDataDirs at the next
// Open. The caller holds s.mu exclusively.
func (s *Session) swapStore() error {
	dir := s.v.dir
	s.stopGC()
	<-s.gcDone
	if err := s.db.Close(); err != nil {
		s.v.opts.Logger.Warn("vault: closing the old store failed", "err", err)
	}
	s.db = nil
	swapErr := os.Rename(filepath.Join(dir, dataDir), filepath.Join(dir, dataOld))
	if swapErr == nil {
		swapErr = os.Rename(filepath.Join(dir, dataNext), filepath.Join(dir, dataDir))
	}
	if swapErr == nil {
		swapErr = syncDir(dir)
	}
	if swapErr != nil {
		swapErr = errors.Join(swapErr, recoverDataDirs(dir))
	}
	db, epoch, err := openDataWith(dir, s.ks, s.v.opts.Logger, false)
	if err != nil {
		return errors.Join(swapErr, err)
	}
	s.db, s.storeEpoch = db, epoch
	ctx, cancel := context.WithCancel(context.Background())
	s.stopGC, s.gcDone = cancel, make(chan struct{})
	go func() {
		defer close(s.gcDone)
		store.RunGC(ctx, db, store.GCInterval, s.v.opts.Logger)
	}()
	if swapErr != nil {
		return fmt.Errorf("vault: rebuild: the new store could not replace the old one: %w", swapErr)
	}
	if err := os.RemoveAll(filepath.Join(dir, dataOld)); err != nil {
		s.v.opts.Logger.Warn("vault: the old store was not deleted; the next open deletes it", "err", err)
	}
	return ownerOnly(dir)
}

// PendingRecoveryCode returns a recovery code that replaced the old one and whose emergency kit
// no admin has saved yet ("" when there is none). Admins only. The code is returned only when
// it opens the recovery envelope to this session's vault key.
func (s *Session) PendingRecoveryCode() (RecoveryCode, error) {
	if err := s.enter(); err != nil {
		return "", err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return "", err
	}
	st := s.v.keyringSnapshot().st
	for _, d := range st.PendingRecovery {
		if d.Admin != s.user {
			continue
		}
		plain, err := vcrypto.Unwrap(s.xpriv, pendingRecoveryContext(st.VaultID, s.user), d.Box)
		if err != nil {
			return "", nil
		}
		code := RecoveryCode(plain)
		secret, err := parseRecoveryCode(string(code))
		if err != nil {
			return "", nil
		}
		codeKey := vcrypto.DeriveKey(secret, st.Recovery.KDF.Salt, st.Recovery.KDF.Params)
		vaultKey, err := vcrypto.Open(codeKey, st.Recovery.Sealed, recoveryAD(st.VaultID))
		vcrypto.Wipe(codeKey)
		vcrypto.Wipe(secret)
		if err != nil || !vcrypto.Equal(vaultKey, s.ks.vault) {
			s.v.opts.Logger.Warn("vault: a pending recovery code does not open the vault; ignored")
			return "", nil
		}
		vcrypto.Wipe(vaultKey)
		return code, nil
	}
	return "", nil
}

// ClearPendingRecoveryCode forgets the waiting recovery code once an admin saved the new kit.
// Admins only.
func (s *Session) ClearPendingRecoveryCode() error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if len(s.v.keyringSnapshot().st.PendingRecovery) == 0 {
		return nil
	}
	return s.changeState("recovery-kit-saved", func(st *state) error {
		st.PendingRecovery = nil
		return nil
	})
}
