package vault

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"errors"
	"fmt"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Key rotation (docs/adr/002-access-requests.md, point 6). When a user loses a scope, by
// revocation or by a manager losing a department, the scope gets a new key in a new epoch and
// every record sealed under the old key is sealed again under the new one, so key material the
// user may have kept opens nothing written or re-sealed afterwards.
//
// Starting a rotation is one keyring write: the new key becomes current, the old one is kept as
// the scope's Previous (sealed under the vault key) and stays wrapped to the remaining holders.
// That entry is the journal: while it exists, records of both epochs open, lookups search both
// index keys, and Rotate (also after a crash, at the next admin unlock) re-seals what is left.
// When nothing under the old epoch remains, a second keyring write drops the old key.

// ErrRevokeAdmin refuses to revoke an administrator: their admin rights must be withdrawn first.
var ErrRevokeAdmin = errors.New("vault: withdraw the administrator rights before revoking access")

// ErrRevoked is returned by Unlock to a user whose access was revoked.
var ErrRevoked = errors.New("vault: this user's access was revoked")

// IndexValue is one blind-index entry of a record: the field and the normalised value that
// SetIndex was given.
type IndexValue struct {
	Field string
	Value []byte
}

// RotateOptions steer Rotate.
type RotateOptions struct {
	// Reindex returns the blind-index entries a record of kind carries under its own scope,
	// computed from its plaintext, so they can move to the new key. nil: records carry none.
	Reindex func(kind Kind, id ID, plaintext []byte) ([]IndexValue, error)
	// Progress is called after each chunk with the records re-sealed so far and the total.
	Progress func(done, total int)
}

// rotateChunk is how many records one transaction re-seals.
const rotateChunk = 500

// Revoke ends a user's access (admins only): the entry is marked revoked, every key wrapped to
// it is dropped, and the directory scope and the identity scopes it held start rotating. Call
// Rotate afterwards to re-seal the records (Revoke itself only writes the keyring). Revoking
// oneself or an admin gives ErrDenied / ErrRevokeAdmin; an unknown or already revoked user
// ErrNotFound.
func (s *Session) Revoke(id UserID) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if id == s.user {
		return fmt.Errorf("%w: an administrator cannot revoke their own access", ErrDenied)
	}
	var started []scopeRotation
	err := s.changeKeyring(func(kr *keyring) error {
		u := kr.user(id)
		if u == nil || u.Status == StatusRevoked {
			return fmt.Errorf("%w: user %s", ErrNotFound, id)
		}
		if u.Role == RoleAdmin {
			return ErrRevokeAdmin
		}
		var held []ScopeID
		for _, w := range u.Wrapped {
			if w.What == "scope" && w.Scope != storageScope && !slices.Contains(held, w.Scope) {
				held = append(held, w.Scope)
			}
		}
		u.Status, u.Wrapped = StatusRevoked, nil
		u.Revocation = &revocationEntry{By: s.user, At: s.v.opts.Now().UTC()}
		var err error
		started, err = s.startRotation(kr, held)
		return err
	})
	if err != nil {
		return err
	}
	s.installRotation(started)
	s.v.opts.Logger.Info("vault: access revoked", "user", id.String(), "by", s.user.String(), "scopes", len(started))
	return nil
}

// scopeRotation is a rotation begun in a keyring change, to install in the session after the
// keyring is written.
type scopeRotation struct {
	current, previous *scopeKeys
	epochs            epochs
}

// startRotation gives each scope a new key and epoch in kr, keeps the old key as Previous and
// wraps the new key to every active holder of the old one. A scope already rotating gives
// ErrRotationPending. The caller holds s's read lock and v.mu (inside changeKeyring).
func (s *Session) startRotation(kr *keyring, scopes []ScopeID) ([]scopeRotation, error) {
	return s.startRotationUnder(kr, scopes, s.vault)
}

// startRotationUnder is startRotation with the scope table sealed under vaultKey (a new one when
// the vault key itself rotates).
func (s *Session) startRotationUnder(kr *keyring, scopes []ScopeID, vaultKey []byte) ([]scopeRotation, error) {
	var out []scopeRotation
	for _, id := range scopes {
		e := kr.scope(id)
		old, ok := s.scopes[id]
		if e == nil || !ok || e.Kind == scopeStorage {
			return nil, fmt.Errorf("%w: %s", ErrNoAccess, id)
		}
		if e.Previous != nil {
			return nil, ErrRotationPending
		}
		e.Previous = &previousKey{Epoch: e.Epoch, Sealed: vcrypto.Seal(vaultKey, old.key, scopeAD(kr.VaultID, *e))}
		e.Epoch++
		key := vcrypto.RandomKey()
		e.Sealed = vcrypto.Seal(vaultKey, key, scopeAD(kr.VaultID, *e))
		for i := range kr.Users {
			u := &kr.Users[i]
			if u.Status != StatusActive || !slices.ContainsFunc(u.Wrapped, func(w wrappedKey) bool {
				return w.What == "scope" && w.Scope == id && w.Epoch == e.Previous.Epoch
			}) {
				continue
			}
			if err := wrapTo(kr.VaultID, u, wrappedKey{What: "scope", Scope: id, Epoch: e.Epoch}, key); err != nil {
				return nil, err
			}
		}
		out = append(out, scopeRotation{current: newScopeKeys(*e, key), previous: old, epochs: epochsOf(*e)})
	}
	return out, nil
}

// ErrRotationPending refuses to start a rotation of a scope whose previous rotation has not
// finished; run Rotate first.
var ErrRotationPending = errors.New("vault: a key rotation is still re-sealing records; finish it first")

// installRotation makes started rotations the session's keys. The caller holds s's read lock.
func (s *Session) installRotation(started []scopeRotation) {
	if len(started) == 0 {
		return
	}
	s.mu.RUnlock()
	s.mu.Lock()
	if !s.locked {
		for _, r := range started {
			s.scopes[r.current.id] = r.current
			s.prev[r.current.id] = r.previous
			s.known[r.current.id] = r.epochs
		}
	}
	s.mu.Unlock()
	s.mu.RLock()
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

// PendingRotation lists the scopes whose rotation has not finished re-sealing (a revocation
// interrupted by a crash, or one whose Rotate has not run yet).
func (s *Session) PendingRotation() []ScopeID {
	var out []ScopeID
	for _, e := range s.v.keyringSnapshot().Scopes {
		if e.Previous != nil {
			out = append(out, e.ID)
		}
	}
	return out
}

// Rotate re-seals every record still under the previous key of a rotating scope, moves its
// blind-index entries to the new key, and then drops the old keys from the keyring (admins
// only). It can be cancelled through ctx between chunks and resumed by calling it again, also
// in a later session: what is done stays done.
func (s *Session) Rotate(ctx context.Context, opts RotateOptions) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	pending := map[ScopeID]epochs{}
	for id, ep := range s.known {
		if ep.previous != 0 {
			pending[id] = ep
		}
	}
	if len(pending) == 0 {
		return nil
	}
	start := time.Now()
	keys, err := s.staleRecords(pending)
	if err != nil {
		return err
	}
	if opts.Progress != nil {
		opts.Progress(0, len(keys))
	}
	for done := 0; done < len(keys); {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := keys[done:min(done+rotateChunk, len(keys))]
		if err := s.resealChunk(chunk, opts.Reindex); err != nil {
			return err
		}
		if err := s.db.Sync(); err != nil {
			return err
		}
		done += len(chunk)
		if opts.Progress != nil {
			opts.Progress(done, len(keys))
		}
	}
	if left, err := s.staleRecords(pending); err != nil || len(left) > 0 {
		return errors.Join(err, fmt.Errorf("vault: %d records are still under an old key", len(left)))
	}
	if err := s.finishRotation(pending); err != nil {
		return err
	}
	s.v.opts.Logger.Info("vault: key rotation finished", "scopes", len(pending), "records", len(keys),
		"ms", time.Since(start).Milliseconds())
	return nil
}

// staleRecords lists the Badger keys of records sealed under a previous epoch of the pending
// scopes. The caller holds s's read lock.
func (s *Session) staleRecords(pending map[ScopeID]epochs) ([][]byte, error) {
	var out [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Seek([]byte{byte(kindReservedMax) + 1}); it.Valid(); it.Next() {
			item := it.Item()
			key := item.Key()
			if key[0] == byte(kindIndex) {
				it.Seek([]byte{byte(kindIndex) + 1})
				if !it.Valid() {
					break
				}
				item, key = it.Item(), it.Item().Key()
			}
			if len(key) != recordKeyLen {
				continue
			}
			err := item.Value(func(v []byte) error {
				scope, epoch, err := parseHeader(v)
				if err == nil && pending[scope].previous == epoch && epoch != 0 {
					out = append(out, bytes.Clone(key))
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// resealChunk re-seals the records at keys that are still under a previous epoch, in one
// transaction with their index entries. The caller holds s's read lock.
func (s *Session) resealChunk(keys [][]byte, reindex func(Kind, ID, []byte) ([]IndexValue, error)) error {
	var err error
	for range updateRetries {
		err = s.db.Update(func(txn *badger.Txn) error {
			for _, key := range keys {
				if err := s.resealOne(txn, key, reindex); err != nil {
					return err
				}
			}
			return nil
		})
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
	}
	return err
}

func (s *Session) resealOne(txn *badger.Txn, key []byte, reindex func(Kind, ID, []byte) ([]IndexValue, error)) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil // deleted since the scan
	}
	if err != nil {
		return err
	}
	value, err := item.ValueCopy(nil)
	if err != nil {
		return err
	}
	scope, epoch, err := parseHeader(value)
	if err != nil {
		return err
	}
	old, ok := s.prev[scope]
	if !ok || old.epoch != epoch {
		return nil // re-sealed or rewritten since the scan
	}
	kind, id := Kind(key[0]), ID(key[1:])
	plain, err := s.open(nil, key, value)
	if err != nil {
		return fmt.Errorf("record %s of kind 0x%02x: %w", id, byte(kind), err)
	}
	defer vcrypto.Wipe(plain)
	sealed, err := s.seal(key, scope, plain)
	if err != nil {
		return err
	}
	if err := txn.Set(key, sealed); err != nil {
		return err
	}
	if reindex == nil {
		return nil
	}
	entries, err := reindex(kind, id, plain)
	if err != nil {
		return fmt.Errorf("record %s of kind 0x%02x: index: %w", id, byte(kind), err)
	}
	for _, e := range entries {
		oldKey, err := indexKeyWith(old, e.Field, e.Value, kind, id)
		if err != nil {
			return err
		}
		newKey, err := indexKeyWith(s.scopes[scope], e.Field, e.Value, kind, id)
		if err != nil {
			return err
		}
		if err := txn.Delete(oldKey); err != nil {
			return err
		}
		if err := txn.Set(newKey, nil); err != nil {
			return err
		}
	}
	return nil
}

// finishRotation drops the previous keys of the pending scopes from the keyring (scope table
// and every user's wraps) and from the session. The caller holds s's read lock.
func (s *Session) finishRotation(pending map[ScopeID]epochs) error {
	err := s.changeKeyring(func(kr *keyring) error {
		for id, ep := range pending {
			e := kr.scope(id)
			if e == nil || e.Previous == nil || e.Previous.Epoch != ep.previous {
				return fmt.Errorf("%w: the rotation of %s changed under way", ErrKeyringTampered, id)
			}
			e.Previous = nil
		}
		for i := range kr.Users {
			u := &kr.Users[i]
			u.Wrapped = slices.DeleteFunc(u.Wrapped, func(w wrappedKey) bool {
				ep, ok := pending[w.Scope]
				return w.What == "scope" && ok && w.Epoch < ep.current
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.mu.RUnlock()
	s.mu.Lock()
	if !s.locked {
		for id, ep := range pending {
			if k, ok := s.prev[id]; ok {
				k.wipe()
				delete(s.prev, id)
			}
			s.known[id] = epochs{current: ep.current}
		}
	}
	s.mu.Unlock()
	s.mu.RLock()
	return nil
}

// vaultKeyRotation is a new vault key made while an admin steps down: the keys to install in the
// session once the keyring is written, and the new recovery code to show once.
type vaultKeyRotation struct {
	vault, mac []byte
	scopes     []scopeRotation
	code       RecoveryCode
}

// rotateVaultKey replaces the vault key in kr, because a former admin may have kept the old one
// (which opens the scope table and computes the keyring MACs): every scope but storage starts
// rotating under the new key, the storage key is sealed again under it, every user gets the new
// MAC key and every other active admin the new vault key, and the recovery envelope is made
// anew with a new code (the old code opened the old vault key). The caller seals kr with the
// returned MAC key. A scope still rotating gives ErrRotationPending. The caller holds s's read
// lock and v.mu (inside changeKeyring).
func (s *Session) rotateVaultKey(kr *keyring, steppingDown UserID) (*vaultKeyRotation, error) {
	params, err := s.v.opts.kdfParams()
	if err != nil {
		return nil, err
	}
	r := &vaultKeyRotation{vault: vcrypto.RandomKey()}
	r.mac = macKeyFor(r.vault, kr.VaultID)
	var rotate []ScopeID
	for i := range kr.Scopes {
		e := &kr.Scopes[i]
		if e.Kind != scopeStorage {
			rotate = append(rotate, e.ID)
			continue
		}
		k, ok := s.scopes[e.ID]
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrNoAccess, e.ID)
		}
		e.Sealed = vcrypto.Seal(r.vault, k.key, scopeAD(kr.VaultID, *e))
	}
	if r.scopes, err = s.startRotationUnder(kr, rotate, r.vault); err != nil {
		return nil, err
	}
	for i := range kr.Users {
		u := &kr.Users[i]
		if u.Status != StatusActive {
			continue
		}
		u.Wrapped = slices.DeleteFunc(u.Wrapped, func(w wrappedKey) bool { return w.What == "mac" || w.What == "vault" })
		if err := wrapTo(kr.VaultID, u, wrappedKey{What: "mac"}, r.mac); err != nil {
			return nil, err
		}
		if u.Role == RoleAdmin && u.ID != steppingDown {
			if err := wrapTo(kr.VaultID, u, wrappedKey{What: "vault"}, r.vault); err != nil {
				return nil, err
			}
		}
	}
	code, secret := newRecoveryCode()
	defer vcrypto.Wipe(secret)
	rk := kdfEntry{ID: vcrypto.KDFArgon2id, Params: recoveryParams(params), Salt: vcrypto.RandomBytes(kdfSaltSize)}
	codeKey := vcrypto.DeriveKey(secret, rk.Salt, rk.Params)
	kr.Recovery = recoveryEntry{KDF: rk, Sealed: vcrypto.Seal(codeKey, r.vault, recoveryAD(kr.VaultID))}
	vcrypto.Wipe(codeKey)
	r.code = code
	// Until an admin has saved the new kit, the code waits wrapped to every admin who stays, so
	// a lock or a crash before saving does not lose it.
	kr.PendingRecovery = nil
	for _, u := range kr.Users {
		if u.Role != RoleAdmin || u.Status != StatusActive || u.ID == steppingDown {
			continue
		}
		pub, err := ecdh.X25519().NewPublicKey(u.X25519)
		if err != nil {
			return nil, fmt.Errorf("vault: admin public key: %w", err)
		}
		box, err := vcrypto.Wrap(pub, pendingRecoveryContext(kr.VaultID, u.ID), []byte(code))
		if err != nil {
			return nil, err
		}
		kr.PendingRecovery = append(kr.PendingRecovery, sealedDetail{Admin: u.ID, Box: box})
	}
	return r, nil
}

func pendingRecoveryContext(vaultID string, admin UserID) string {
	return "kluis/v1/pending-recovery|" + vaultID + "|" + admin.String()
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
	kr := s.v.keyringSnapshot()
	for _, d := range kr.PendingRecovery {
		if d.Admin != s.user {
			continue
		}
		plain, err := vcrypto.Unwrap(s.xpriv, pendingRecoveryContext(kr.VaultID, s.user), d.Box)
		if err != nil {
			return "", nil
		}
		code := RecoveryCode(plain)
		secret, err := parseRecoveryCode(string(code))
		if err != nil {
			return "", nil
		}
		codeKey := vcrypto.DeriveKey(secret, kr.Recovery.KDF.Salt, kr.Recovery.KDF.Params)
		vaultKey, err := vcrypto.Open(codeKey, kr.Recovery.Sealed, recoveryAD(kr.VaultID))
		vcrypto.Wipe(codeKey)
		vcrypto.Wipe(secret)
		if err != nil || !vcrypto.Equal(vaultKey, s.vault) {
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
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if len(s.v.keyringSnapshot().PendingRecovery) == 0 {
		return nil
	}
	return s.changeKeyring(func(kr *keyring) error {
		kr.PendingRecovery = nil
		return nil
	})
}

// keysOf finds a started rotation's new keys of a scope.
func (r *vaultKeyRotation) keysOf(id ScopeID) *scopeRotation {
	for i := range r.scopes {
		if r.scopes[i].current.id == id {
			return &r.scopes[i]
		}
	}
	return nil
}

// installVaultKey makes a rotated vault key and MAC key the session's. The caller holds s's
// read lock.
func (s *Session) installVaultKey(r *vaultKeyRotation) {
	s.mu.RUnlock()
	s.mu.Lock()
	if !s.locked {
		vcrypto.Wipe(s.vault)
		vcrypto.Wipe(s.macKey)
		s.vault, s.macKey = r.vault, r.mac
	}
	s.mu.Unlock()
	s.mu.RLock()
	s.installRotation(r.scopes)
}
