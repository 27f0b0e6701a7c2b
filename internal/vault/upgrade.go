package vault

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// Upgrading format 1 to format 2 (docs/adr/003-signed-keyring.md, "Migration"). The first
// administrator to unlock a format-1 vault upgrades it: the format-1 keyring is checked as
// format 1 did (its MACs and grants), then a signed genesis of format 2 is made from it by that
// admin, and the store is rebuilt under new keys: skeletons move from the directory scope to
// their department's scope, every department gets a scope bound to it in the signed state, the
// processor agreement moves to the admin scope, the audit events become the signed audit log,
// and the storage key is new (format 1 never replaced it, so revoked users may hold the old one).
// The vault key and the recovery code stay: only admins and the code ever held them. Other users
// keep their passphrases: their sealed private keys are carried over as they are.

// Upgrade tells the vault where the records of a format-1 vault belong in format 2. Package
// upgrade provides it: the vault itself knows no record kind but its own.
type Upgrade struct {
	// DepartmentKind is the kind of department records, and DepartmentScope reads the format-1
	// department scope such a record names.
	DepartmentKind  Kind
	DepartmentScope func(plaintext []byte) (ScopeID, error)
	// Route says where a record goes.
	Route func(r Format1Record) (Destination, error)
	// AuditKind is the kind of format-1 audit events; AuditEvent turns one into an event for the
	// audit log (with its original time) and reports that time for the order.
	AuditKind  Kind
	AuditEvent func(plaintext []byte) (at time.Time, event []byte, err error)
	// Indexer gives the index entries of the records in their new place.
	Indexer *Indexer
}

// Format1Record is a record of a format-1 vault as the upgrade sees it.
type Format1Record struct {
	Kind      Kind
	ID        ID
	Plaintext []byte
	// Department is the department whose format-1 department scope sealed the record (zero when
	// the directory scope sealed it).
	Department ID
}

// Where a format-1 record goes.
type Where int

// Destinations.
const (
	ToDirectory Where = iota
	ToAdmin
	ToDepartment
	Drop
)

// Destination is where a format-1 record goes, and its new plaintext (nil: unchanged).
type Destination struct {
	Where      Where
	Department ID
	Plaintext  []byte
}

// dataUpgrade holds a complete upgraded store until the format-2 keyring is written.
const dataUpgrade = "data.upgrade"

// finishUpgrade puts right an upgrade a crash interrupted: with the format-2 keyring written,
// the upgraded store replaces the old one; without it, the upgraded store is thrown away.
func finishUpgrade(dir string, keyringIsV2 bool) error {
	up := filepath.Join(dir, dataUpgrade)
	if _, err := os.Stat(up); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if !keyringIsV2 {
		return os.RemoveAll(up)
	}
	data, old := filepath.Join(dir, dataDir), filepath.Join(dir, dataOld)
	if _, err := os.Stat(data); err == nil {
		if err := os.Rename(data, old); err != nil {
			return err
		}
	}
	if err := os.Rename(up, data); err != nil {
		return err
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// upgradeFormat1 upgrades a format-1 vault for the admin with this e-mail and then unlocks it;
// v.mu is held.
func (v *Vault) upgradeFormat1(email string, passphrase []byte) (*Session, error) {
	kr1, err := parseKeyringV1(v.format1)
	if err != nil {
		return nil, err
	}
	u := kr1.userByLookup(emailLookup(kr1.LookupSalt, email))
	if u == nil {
		vcrypto.Wipe(vcrypto.DeriveKey(passphrase, vcrypto.RandomBytes(kdfSaltSize), kr1.Users[0].KDF.Params))
		return nil, ErrWrongPassphrase
	}
	passKey := vcrypto.DeriveKey(passphrase, u.KDF.Salt, u.KDF.Params)
	plain, err := vcrypto.Open(passKey, u.SealedPrivate, privateAD(kr1.VaultID, u.ID))
	vcrypto.Wipe(passKey)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	defer vcrypto.Wipe(plain)
	switch {
	case u.Status == StatusRevoked:
		return nil, ErrRevoked
	case u.Role != RoleAdmin || v.opts.Upgrade == nil:
		return nil, ErrUpgradeRequired
	}
	xpriv, err := ecdh.X25519().NewPrivateKey(plain[:32])
	if err != nil {
		return nil, fmt.Errorf("%w: private key of user %s", ErrKeyringTampered, u.ID)
	}
	keys := userKeys{x: xpriv, ed: ed25519.NewKeyFromSeed(plain[32:64])}
	defer keys.wipe()
	unwrap := func(w *wrappedKey) ([]byte, error) {
		if w == nil {
			return nil, fmt.Errorf("%w: a key of admin %s is missing", ErrKeyringTampered, u.ID)
		}
		k, err := vcrypto.Unwrap(xpriv, wrapContext(kr1.VaultID, *w), w.Box)
		if err != nil {
			return nil, fmt.Errorf("%w: a key wrapped to admin %s does not open", ErrKeyringTampered, u.ID)
		}
		return k, nil
	}
	macKey, err := unwrap(u.wrapped("mac", 0))
	if err != nil {
		return nil, err
	}
	err = kr1.check(macKey)
	vcrypto.Wipe(macKey)
	if err != nil {
		return nil, err
	}
	vaultKey, err := unwrap(u.wrapped(wrapVault, 0))
	if err != nil {
		return nil, err
	}
	defer vcrypto.Wipe(vaultKey)
	start := time.Now()
	if err := v.upgrade(kr1, u.ID, keys, vaultKey); err != nil {
		return nil, fmt.Errorf("vault: upgrade to format 2: %w", err)
	}
	v.opts.Logger.Warn("vault: upgraded to format 2", "by", u.ID.String(), "ms", time.Since(start).Milliseconds())
	return v.unlockLocked(v.kr.st.user(u.ID), passphrase)
}

// upgrade writes the format-2 keyring and store of a format-1 vault (see above).
func (v *Vault) upgrade(kr1 *keyringV1, admin UserID, keys userKeys, vaultKey []byte) error {
	up := v.opts.Upgrade
	// The format-1 keys, as a session that only opens.
	oldS := &Session{v: v, ks: &keySet{scopes: map[ScopeID]*scopeKeys{}, prev: map[ScopeID]*scopeKeys{}, known: map[ScopeID]epochs{}}}
	defer oldS.ks.wipe()
	for _, e := range kr1.Scopes {
		cur := scopeEntry{ID: e.ID, Kind: e.Kind, Epoch: e.Epoch, Sealed: e.Sealed, Previous: e.Previous}
		key, err := openSealed(vaultKey, e.Sealed, scopeAD(kr1.VaultID, e.ID, e.Kind, e.Epoch))
		if err != nil {
			return err
		}
		oldS.ks.scopes[e.ID] = newScopeKeys(cur, key)
		oldS.ks.known[e.ID] = epochsOf(cur)
		if e.Previous != nil {
			pk, err := openSealed(vaultKey, e.Previous.Sealed, scopeAD(kr1.VaultID, e.ID, e.Kind, e.Previous.Epoch))
			if err != nil {
				return err
			}
			oldS.ks.prev[e.ID] = newScopeKeys(cur.previous(), pk)
		}
	}
	if oldS.ks.scopes[storageScope] == nil {
		return fmt.Errorf("%w: no storage key", ErrKeyringTampered)
	}
	odb, _, err := openData(v.dir, oldS.ks.scopes[storageScope].key, nil, v.opts.Logger, false)
	if err != nil {
		return err
	}
	oldS.db = odb
	defer func() {
		if oldS.db != nil {
			_ = oldS.db.Close()
		}
	}()
	// Departments and the format-1 department scope each names; two naming one scope means one was
	// redirected (an attack format 1 could not stop): refuse rather than enshrine it.
	deptOf := map[ScopeID]ID{}
	var depts []ID
	err = oldS.View(func(tx *Tx) error {
		return tx.Iterate(up.DepartmentKind, func(id ID, r Sealed) error {
			p, err := r.Open()
			if err != nil {
				return fmt.Errorf("department %s: %w", id, err)
			}
			sc, err := up.DepartmentScope(p)
			vcrypto.Wipe(p)
			if err != nil {
				return fmt.Errorf("department %s: %w", id, err)
			}
			if other, dup := deptOf[sc]; dup {
				return fmt.Errorf("%w: departments %s and %s name the same key (one was redirected); restore a backup", ErrKeyringTampered, other, id)
			}
			deptOf[sc] = id
			depts = append(depts, id)
			return nil
		})
	})
	if err != nil {
		return err
	}
	sort.Slice(depts, func(i, j int) bool { return depts[i].String() < depts[j].String() })

	// The format-2 state.
	now := v.opts.Now().UTC()
	st := &state{VaultID: kr1.VaultID, LookupSalt: kr1.LookupSalt, Recovery: kr1.Recovery,
		Settings: settingsEntry{IdleLockMinutes: kr1.Settings.IdleLockMinutes}, PendingRecovery: kr1.PendingRecovery}
	staff := newVaultKeys(st, vaultKey, 1)
	defer vcrypto.Wipe(staff)
	newS := &Session{v: v, ks: &keySet{scopes: map[ScopeID]*scopeKeys{}, prev: map[ScopeID]*scopeKeys{}, known: map[ScopeID]epochs{}}}
	defer newS.ks.wipe()
	add := func(id ScopeID, kind scopeKind, dept ID) {
		key := newScope(st, id, kind, dept, vaultKey, staff)
		e := st.Scopes[len(st.Scopes)-1]
		newS.ks.scopes[id], newS.ks.known[id] = newScopeKeys(e, key), epochsOf(e)
	}
	add(storageScope, scopeStorage, ID{})
	add(directoryScope, scopeDirectory, ID{})
	add(adminScope, scopeAdmin, ID{})
	for _, d := range depts {
		add(randomScopeID(st), scopeDepartment, d)
	}
	rk := rootKeys{vault: vaultKey, staff: staff}
	var local localSection
	for _, u1 := range kr1.Users {
		ue := userEntry{ID: u1.ID, EmailLookup: u1.EmailLookup, Role: u1.Role, Status: u1.Status, X25519: u1.X25519,
			Ed25519: u1.Ed25519, FormerEd25519: u1.FormerEd25519, Revoked: u1.Revocation}
		if ue.Status != StatusActive && ue.Status != StatusRevoked {
			ue.Status = StatusRevoked
		}
		if u1.Grant != nil {
			ue.Granted = &actEntry{By: u1.Grant.By, At: u1.Grant.At}
		} else {
			ue.Granted = &actEntry{By: u1.ID, At: now}
		}
		if ue.Role == RoleManager {
			for _, w := range u1.Wrapped {
				if d, ok := deptOf[w.Scope]; ok && w.What == wrapScope && !containsID(ue.Departments, d) {
					ue.Departments = append(ue.Departments, d)
				}
			}
		}
		if ue.Status == StatusActive {
			if err := grantKeys(st, &ue, rk); err != nil {
				return err
			}
		}
		st.Users = append(st.Users, ue)
		if len(u1.SealedPrivate) >= sealedPrivateSize {
			local.Users = append(local.Users, localUser{ID: u1.ID, KDF: u1.KDF, SealedPrivate: u1.SealedPrivate})
		}
	}
	st.Founder = kr1.Settings.Founder
	if st.Founder == (UserID{}) {
		st.Founder = admin
	}
	st.Serial = 1
	raw := st.encode()
	e := &entry{Vault: st.VaultID, Serial: 1, At: now, By: admin, What: "upgrade", Ops: diffState(nil, st),
		State: stateHash(raw), Admins: st.admins(), VaultSigner: st.VaultSigner}
	se, genesisHash := signEntry(e, keys.ed)
	kr := &keyring{st: st, stateRaw: raw, head: e, headRaw: se, headHash: genesisHash, local: local}
	if err := kr.st.validate(); err != nil {
		return fmt.Errorf("the upgraded keyring would be damaged: %v", err)
	}

	// The store, rebuilt under the new keys.
	next := filepath.Join(v.dir, dataNext)
	if err := os.RemoveAll(next); err != nil {
		return err
	}
	ndb, err := store.Open(store.Options(next, newS.ks.scopes[storageScope].key, v.opts.Logger))
	if err != nil {
		return err
	}
	newS.db = ndb
	err = v.copyFormat1(oldS, newS, st, deptOf, admin, keys, genesisHash)
	if cerr := ndb.Close(); err == nil {
		err = cerr
	}
	newS.db = nil
	if err != nil {
		_ = os.RemoveAll(next)
		return err
	}
	if err := os.Rename(next, filepath.Join(v.dir, dataUpgrade)); err != nil {
		return err
	}
	_ = oldS.db.Close()
	oldS.db = nil
	// The commit point is keyring.json of format 2; finishUpgrade completes the swap after a crash.
	if err := rewriteLog(v.dir, []signedEntry{se}); err != nil {
		return err
	}
	if err := writeKeyring(v.dir, kr); err != nil {
		return err
	}
	v.kr, v.format1 = kr, nil
	if err := finishUpgrade(v.dir, true); err != nil {
		return err
	}
	return ownerOnly(v.dir)
}

func containsID(list []ID, id ID) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// copyFormat1 routes every format-1 record into the new store, turns the format-1 audit events
// into the signed audit log, and writes the store header.
func (v *Vault) copyFormat1(oldS, newS *Session, st *state, deptOf map[ScopeID]ID, admin UserID, keys userKeys, genesis []byte) (err error) {
	defer guard(&err)
	up := v.opts.Upgrade
	type oldEvent struct {
		at time.Time
		ev []byte
	}
	var events []oldEvent
	wb := newS.db.NewWriteBatch()
	defer wb.Cancel()
	err = oldS.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := it.Item().KeyCopy(nil)
			if len(key) != recordKeyLen || Kind(key[0]) <= kindReservedMax || Kind(key[0]) == kindIndex {
				continue // index entries are computed afresh; format 1 had no records of its own
			}
			value, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			kind, id := Kind(key[0]), ID(key[1:])
			plain, err := oldS.open(nil, key, value)
			if err != nil {
				return fmt.Errorf("record %s of kind 0x%02x cannot be upgraded (restore a backup): %w", id, byte(kind), err)
			}
			if kind == up.AuditKind {
				at, ev, err := up.AuditEvent(plain)
				vcrypto.Wipe(plain)
				if err != nil {
					return fmt.Errorf("audit event %s: %w", id, err)
				}
				events = append(events, oldEvent{at, ev})
				continue
			}
			scope, _, _ := parseHeader(value)
			dest, err := up.Route(Format1Record{Kind: kind, ID: id, Plaintext: plain, Department: deptOf[scope]})
			if err != nil {
				vcrypto.Wipe(plain)
				return fmt.Errorf("record %s of kind 0x%02x: %w", id, byte(kind), err)
			}
			if dest.Plaintext != nil {
				vcrypto.Wipe(plain)
				plain = dest.Plaintext
			}
			var to ScopeID
			switch dest.Where {
			case Drop:
				vcrypto.Wipe(plain)
				continue
			case ToDirectory:
				to = directoryScope
			case ToAdmin:
				to = adminScope
			case ToDepartment:
				e := st.departmentScope(dest.Department)
				if e == nil {
					vcrypto.Wipe(plain)
					return fmt.Errorf("record %s of kind 0x%02x belongs to department %s, which does not exist", id, byte(kind), dest.Department)
				}
				to = e.ID
			}
			sealed, err := newS.seal(key, to, plain)
			if err == nil {
				err = wb.Set(key, sealed)
			}
			if err == nil && up.Indexer.indexes(kind) {
				err = newS.writeIndexes(wb, up.Indexer, kind, id, to, plain)
			}
			vcrypto.Wipe(plain)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	b := auditBlock{vaultID: st.VaultID, user: admin, signer: keys.ed, to: st.AuditKeys[len(st.AuditKeys)-1], at: v.opts.Now().UTC()}
	for len(events) > 0 {
		n := min(len(events), 1000)
		block := make([][]byte, n)
		for i := range n {
			block[i] = events[i].ev
		}
		events = events[n:]
		first := b.seq + 1
		entries, err := b.build(block)
		if err != nil {
			return err
		}
		for i, e := range entries {
			if err := wb.Set(auditKey(first+uint64(i)), e); err != nil {
				return err
			}
		}
	}
	vcrypto.Wipe(b.key)
	hb, err := json.Marshal(storeHeader{VaultID: st.VaultID, Format: keyringVersion, KeyringSerial: 1, KeyringHash: genesis,
		AuditSeq: b.seq, AuditHash: b.prev, Records: valueV2})
	if err != nil {
		return err
	}
	hv, err := newS.seal(headerKey, storageScope, hb)
	if err != nil {
		return err
	}
	if err := wb.Set(headerKey, hv); err != nil {
		return err
	}
	return wb.Flush()
}

// writeIndexes writes a record's index entries (under scope unless an entry names another).
func (s *Session) writeIndexes(wb *badger.WriteBatch, ix *Indexer, kind Kind, id ID, scope ScopeID, plain []byte) error {
	entries, err := ix.Entries(kind, id, plain)
	if err != nil {
		return fmt.Errorf("record %s of kind 0x%02x: index: %w", id, byte(kind), err)
	}
	for _, e := range entries {
		target := e.target(scope)
		ik, err := s.indexKey(target, e.Field, e.Value, kind, id)
		if err != nil {
			return err
		}
		if err := wb.Set(ik, nil); err != nil {
			return err
		}
	}
	return nil
}
