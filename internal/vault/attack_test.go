package vault

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// The attacks of docs/threat-model.md, each done the way an insider would: a user who knows
// only their own passphrase, with read/write access to the vault folder and the Go packages of
// this repository (so: this package's functions, as a small program of their own would copy
// them). Each runs on a vault made now and on the golden vault upgraded from format 1.

type cred struct{ Email, Passphrase string }

// attackVault is an admin, a manager of department A (not B), a user of role user (HR), records
// in both departments and a few audit entries, all locked and closed.
type attackVault struct {
	dir                string
	admin, manager, hr cred
	deptA, deptB       ID
	scopeA, scopeB     ScopeID
	recA, recB         []byte // Badger keys of a record in A and in B
	adminID, managerID UserID
}

func forEachAttackVault(t *testing.T, attack func(t *testing.T, av *attackVault)) {
	t.Run("made now", func(t *testing.T) { attack(t, freshAttackVault(t)) })
	t.Run("upgraded from format 1", func(t *testing.T) { attack(t, upgradedAttackVault(t)) })
}

func freshAttackVault(t *testing.T) *attackVault {
	t.Helper()
	av := &attackVault{admin: cred{testEmail, testPass}, manager: cred{managerEmail, managerPass},
		hr: cred{"hr@example.test", "de wachtwoordzin van personeelszaken"}}
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	av.dir, av.adminID = dir, s.UserID()
	av.deptA, av.scopeA = newDept(t, s)
	av.deptB, av.scopeB = newDept(t, s)
	a, b := NewID(), NewID()
	putIndexed(t, s, a, av.scopeA, "Anneke in A")
	putIndexed(t, s, b, av.scopeB, "Bert in B")
	av.recA, av.recB = recordKey(kindTest, a), recordKey(kindTest, b)
	// Pages (ADR 013) are sealed like records: the scan below tries them too.
	ok(t, s.WritePage(av.scopeA, 9, 0, [][]byte{[]byte("Anneke's page in A")}))
	ok(t, s.WritePage(av.scopeB, 9, 0, [][]byte{[]byte("Bert's page in B")}))
	var err error
	av.managerID, err = s.AddUser(NewUser{Email: av.manager.Email, Passphrase: []byte(av.manager.Passphrase)}, RoleManager, av.deptA)
	ok(t, err)
	_, err = s.AddUser(NewUser{Email: av.hr.Email, Passphrase: []byte(av.hr.Passphrase)}, RoleUser)
	ok(t, err)
	for i := range 5 {
		ok(t, s.AppendAudit([]byte(`{"action":"test","n":`+string(rune('0'+i))+`}`)))
	}
	s.Lock() // anchors the audit head in the store and the signed state
	ok(t, v.Close())
	// Every user has unlocked once, so each attests the keyring they verified.
	for _, c := range []cred{av.manager, av.hr} {
		unlockLock(t, dir, c)
	}
	return av
}

func upgradedAttackVault(t *testing.T) *attackVault {
	t.Helper()
	dir := t.TempDir()
	ok(t, copyTree(filepath.Join("testdata", "upgraded"), dir, lockFile))
	var g struct {
		Admin, Manager, HR cred
	}
	b, err := os.ReadFile(filepath.Join("testdata", "upgraded.json"))
	ok(t, err)
	ok(t, json.Unmarshal(b, &g))
	av := &attackVault{dir: dir, admin: g.Admin, manager: g.Manager, hr: g.HR}
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	s, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
	ok(t, err)
	st := v.keyringSnapshot().st
	av.adminID = s.UserID()
	av.managerID = st.userByLookup(emailLookup(st.LookupSalt, av.manager.Email)).ID
	av.deptA = st.user(av.managerID).Departments[0]
	av.scopeA = st.departmentScope(av.deptA).ID
	deptOf := map[ScopeID]ID{}
	for _, e := range st.Scopes {
		if e.Kind == scopeDepartment {
			deptOf[e.ID] = e.Department
		}
	}
	// A record of each department: an identity (kind 0x23) sealed under its scope; B is another
	// department that has one.
	ok(t, s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if len(k) != recordKeyLen || k[0] != 0x23 {
				continue
			}
			_ = it.Item().Value(func(v []byte) error {
				sc, _, _ := parseHeader(v)
				switch {
				case sc == av.scopeA:
					av.recA = k
				case av.recB == nil:
					av.recB, av.scopeB, av.deptB = k, sc, deptOf[sc]
				}
				return nil
			})
		}
		return nil
	}))
	if av.recA == nil || av.recB == nil {
		t.Fatal("the upgraded vault lacks identities in two departments")
	}
	ok(t, s.AppendAudit([]byte(`{"action":"test"}`), []byte(`{"action":"test"}`)))
	s.Lock()
	ok(t, v.Close())
	return av
}

// unlockLock unlocks and locks again as c (an ordinary session), which records what c verified.
func unlockLock(t *testing.T, dir string, c cred) {
	t.Helper()
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	s, err := v.Unlock(c.Email, []byte(c.Passphrase))
	ok(t, err)
	s.Lock()
	ok(t, v.Close())
}

// unlockErr opens the vault and tries to unlock as c; it returns the error (nil: it opened).
func unlockErr(t *testing.T, dir string, c cred) error {
	t.Helper()
	v, err := Open(dir, testOptions(nil))
	if err != nil {
		return err
	}
	defer v.Close()
	s, err := v.Unlock(c.Email, []byte(c.Passphrase))
	if err == nil {
		s.Lock()
	}
	return err
}

// insider is what a user's passphrase gives them outside Kluis: their keys and what those open.
type insider struct {
	kr   *keyring
	u    *userEntry
	keys userKeys
	ks   *keySet
}

func becomeInsider(t *testing.T, dir string, c cred) *insider {
	t.Helper()
	kr, err := parseKeyring(readFile(t, filepath.Join(dir, keyringFile)))
	ok(t, err)
	u := kr.st.userByLookup(emailLookup(kr.st.LookupSalt, c.Email))
	lu := kr.local.user(u.ID)
	key := vcrypto.DeriveKey([]byte(c.Passphrase), lu.KDF.Salt, lu.KDF.Params)
	keys, _, err := openLocal(kr.st.VaultID, lu, u, key)
	ok(t, err)
	ks, err := loadKeys(kr.st, u, keys.x)
	ok(t, err)
	return &insider{kr: kr, u: u, keys: keys, ks: ks}
}

// signAs appends an entry changing the state as mutate says, signed with key as the user by,
// and writes keyring.json and keyring.log as Kluis would: the forgery is well-formed.
func (in *insider) signAs(t *testing.T, dir string, by UserID, key ed25519.PrivateKey, mutate func(st *state)) {
	t.Helper()
	next := in.kr.st.clone()
	mutate(next)
	next.Serial = in.kr.st.Serial + 1
	raw := next.encode()
	e := &entry{Vault: next.VaultID, Serial: next.Serial, Prev: in.kr.headHash, At: in.kr.head.At, By: by, What: "role",
		Ops: diffState(in.kr.st, next), State: stateHash(raw), Admins: next.admins(), VaultSigner: next.VaultSigner}
	se, h := signEntry(e, key)
	kr := in.kr.withState(next, raw, e, se, h)
	ok(t, writeKeyring(dir, kr))
	ok(t, appendLog(dir, se))
}

// withStore opens the vault's Badger database with a storage key, as an insider's program would.
func withStore(t *testing.T, dir string, key []byte, fn func(db *badger.DB)) error {
	t.Helper()
	db, err := store.Open(store.Options(filepath.Join(dir, dataDir), key, nil).WithLogger(nil))
	if err != nil {
		return err
	}
	defer func() { ok(t, db.Close()) }()
	fn(db)
	return nil
}

func TestAttack_AManagersSelfSignedGrantIsRefused(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager)
		// The manager makes themselves a user of role user (every department, present and
		// future) and signs the change with their own key, as Kluis would sign it.
		m.signAs(t, av.dir, m.u.ID, m.keys.ed, func(st *state) {
			st.user(m.u.ID).Role = RoleUser
		})
		for _, c := range []cred{av.admin, av.manager, av.hr} {
			if err := unlockErr(t, av.dir, c); !errors.Is(err, ErrKeyringTampered) {
				t.Fatalf("%s unlocked a keyring with a self-signed grant: %v", c.Email, err)
			}
		}
	})
}

func TestAttack_APlantedAdminIsRefused(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager)
		// A new entry "granted" by the manager themselves, with keys the manager holds.
		fake := &userEntry{ID: UserID(NewID()), EmailLookup: emailLookup(m.kr.st.LookupSalt, "fake@example.test"),
			Role: RoleAdmin, Status: StatusActive}
		fakeKeys, err := newKeyPairs(fake)
		ok(t, err)
		m.signAs(t, av.dir, fake.ID, fakeKeys.ed, func(st *state) { st.Users = append(st.Users, *fake) })
		if err := unlockErr(t, av.dir, av.admin); !errors.Is(err, ErrKeyringTampered) {
			t.Fatalf("the admin unlocked with a planted admin: %v", err)
		}
	})
}

func TestAttack_AForkedKeyringWithTheManagerAsFounderIsRefused(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager)
		// A whole new history: a genesis in which the manager is the founding admin, the real
		// admin kept (their public keys and sealed private keys copied) and a vault key of the
		// manager's choosing wrapped to them, so what the admin writes next would be the
		// manager's to read.
		st := m.kr.st.clone()
		mine := vcrypto.RandomKey()
		staff := newVaultKeys(st, mine, 99)
		for i := range st.Scopes {
			sealScope(st.VaultID, &st.Scopes[i], vcrypto.RandomKey(), mine, staff)
			st.Scopes[i].Previous = nil
		}
		for i := range st.Users {
			u := &st.Users[i]
			if u.ID == m.u.ID {
				u.Role = RoleAdmin
			}
			if u.Status == StatusActive {
				ok(t, grantKeys(st, u, rootKeys{vault: mine, staff: staff}))
			}
		}
		st.Founder, st.Serial = m.u.ID, 1
		raw := st.encode()
		e := &entry{Vault: st.VaultID, Serial: 1, By: m.u.ID, What: "genesis", Ops: diffState(nil, st),
			State: stateHash(raw), Admins: st.admins(), VaultSigner: st.VaultSigner}
		se, h := signEntry(e, m.keys.ed)
		kr := m.kr.withState(st, raw, e, se, h)
		ok(t, writeKeyring(av.dir, kr))
		ok(t, rewriteLog(av.dir, []signedEntry{se}))
		if err := unlockErr(t, av.dir, av.admin); !errors.Is(err, ErrKeyringTampered) && !errors.Is(err, ErrRollback) {
			t.Fatalf("the admin unlocked a forked keyring: %v", err)
		}
	})
}

func TestAttack_ARedirectedDepartmentBindingIsRefusedAndARecordCannotRedirectIt(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager)
		// 1. A department record names no key any more: whatever the manager writes into the
		// directory (they hold its key) does not decide which key seals department B.
		ok(t, withStore(t, av.dir, m.ks.scopes[storageScope].key, func(db *badger.DB) {
			fake := &Session{v: &Vault{}, ks: m.ks}
			key := recordKey(0x21, av.deptB)
			val, err := fake.seal(key, directoryScope, fmt.Appendf(nil, `{"name":"B","scope":%d}`, av.scopeA))
			ok(t, err)
			ok(t, db.Update(func(txn *badger.Txn) error { return txn.Set(key, val) }))
		}))
		v, err := Open(av.dir, testOptions(nil))
		ok(t, err)
		s, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
		ok(t, err)
		if sc, err := s.DepartmentScope(av.deptB); err != nil || sc != av.scopeB {
			t.Fatalf("department B is sealed under %s, %v", sc, err)
		}
		newInB := NewID()
		put(t, s, newInB, av.scopeB, "written by the admin into B after the attack")
		s.Lock()
		ok(t, v.Close())
		if err := m.open(t, av.dir, recordKey(kindTest, newInB)); !errors.Is(err, ErrNoAccess) {
			t.Fatalf("the manager opens what the admin wrote into B: %v", err)
		}
		// 2. Rebinding B to A's key in the signed state needs an admin's signature.
		m = becomeInsider(t, av.dir, av.manager)
		m.signAs(t, av.dir, m.u.ID, m.keys.ed, func(st *state) {
			a, b := st.departmentScope(av.deptA), st.departmentScope(av.deptB)
			a.Department, b.Department = b.Department, a.Department
		})
		if err := unlockErr(t, av.dir, av.admin); !errors.Is(err, ErrKeyringTampered) {
			t.Fatalf("the admin unlocked a keyring with a redirected department: %v", err)
		}
	})
}

// open tries to open the stored value at key with the insider's keys.
func (in *insider) open(t *testing.T, dir string, key []byte) error {
	t.Helper()
	var openErr error
	err := withStore(t, dir, in.ks.scopes[storageScope].key, func(db *badger.DB) {
		ok(t, db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(key)
			if err != nil {
				return err
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			_, openErr = (&Session{ks: in.ks}).open(nil, key, v)
			return nil
		}))
	})
	if err != nil {
		return err
	}
	return openErr
}

func TestAttack_AManagerCannotReadOrListAnotherDepartmentsSkeletonsIdentitiesOrPages(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager)
		opened, refused := 0, 0
		ok(t, withStore(t, av.dir, m.ks.scopes[storageScope].key, func(db *badger.DB) {
			ok(t, db.View(func(txn *badger.Txn) error {
				it := txn.NewIterator(badger.DefaultIteratorOptions)
				defer it.Close()
				for it.Rewind(); it.Valid(); it.Next() {
					k := it.Item().KeyCopy(nil)
					page := len(k) > 1 && Kind(k[0]) == kindLocal && k[1] == localPage
					if !page && (len(k) != recordKeyLen || Kind(k[0]) <= kindReservedMax || Kind(k[0]) == kindIndex) {
						continue
					}
					v, err := it.Item().ValueCopy(nil)
					if err != nil {
						return err
					}
					sc, _, _ := parseHeader(v)
					_, err = (&Session{ks: m.ks}).open(nil, k, v)
					switch {
					case sc == av.scopeB && err == nil:
						t.Errorf("the manager opened record %x of department B", k)
					case sc == av.scopeB:
						refused++
					case err == nil:
						opened++
					}
				}
				return nil
			}))
		}))
		if refused == 0 || opened == 0 {
			t.Fatalf("the check saw %d records of B and opened %d of its own", refused, opened)
		}
	})
}

func TestAttack_ARevokedManagerCannotComeBackWithAnOldKeyringCopy(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		// Before the revocation, the manager copies the keyring.
		oldKeyring := readFile(t, filepath.Join(av.dir, keyringFile))
		oldLog := readFile(t, filepath.Join(av.dir, logFile))
		revokeManager(t, av)
		newKeyring := readFile(t, filepath.Join(av.dir, keyringFile))
		newLog := readFile(t, filepath.Join(av.dir, logFile))
		// Afterwards they put the copy back: their entry is active in it again.
		ok(t, os.WriteFile(filepath.Join(av.dir, keyringFile), oldKeyring, 0o600))
		ok(t, os.WriteFile(filepath.Join(av.dir, logFile), oldLog, 0o600))
		if err := unlockErr(t, av.dir, av.manager); !errors.Is(err, ErrRollback) {
			t.Fatalf("the revoked manager unlocked with the old keyring: %v", err)
		}
		if err := unlockErr(t, av.dir, av.admin); !errors.Is(err, ErrRollback) {
			t.Fatalf("the admin accepted the old keyring: %v", err)
		}
		ok(t, os.WriteFile(filepath.Join(av.dir, keyringFile), newKeyring, 0o600))
		ok(t, os.WriteFile(filepath.Join(av.dir, logFile), newLog, 0o600))
		if err := unlockErr(t, av.dir, av.admin); err != nil {
			t.Fatalf("the admin with the current keyring: %v", err)
		}
	})
}

// revokeManager revokes the attack vault's manager and rebuilds the store, as an admin would.
func revokeManager(t *testing.T, av *attackVault) {
	t.Helper()
	v, err := Open(av.dir, testOptions(nil))
	ok(t, err)
	s, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
	ok(t, err)
	ok(t, s.Revoke(av.managerID))
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
	s.Lock()
	ok(t, v.Close())
}

func TestAttack_NoEarlierVersionOfAResealedRecordStaysReadable(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager) // keys kept from before the revocation
		revokeManager(t, av)
		// The kept storage key opens nothing in the folder any more.
		if err := withStore(t, av.dir, m.ks.scopes[storageScope].key, func(*badger.DB) {}); err == nil {
			t.Fatal("the revoked manager's storage key still opens the store")
		}
		for _, leftover := range []string{dataOld, dataNext} {
			if _, err := os.Stat(filepath.Join(av.dir, leftover)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s is left in the folder", leftover)
			}
		}
		// Even with the current storage key (a thief who got it later), no value in the store
		// opens with the keys the manager kept: every record of A and of the directory was
		// sealed again, and Badger holds no older version of it.
		a := becomeInsider(t, av.dir, av.admin)
		versions := 0
		ok(t, withStore(t, av.dir, a.ks.scopes[storageScope].key, func(db *badger.DB) {
			ok(t, db.View(func(txn *badger.Txn) error {
				o := badger.DefaultIteratorOptions
				o.AllVersions = true
				it := txn.NewIterator(o)
				defer it.Close()
				for it.Rewind(); it.Valid(); it.Next() {
					k := it.Item().KeyCopy(nil)
					page := len(k) > 1 && Kind(k[0]) == kindLocal && k[1] == localPage
					if !page && (len(k) != recordKeyLen || Kind(k[0]) <= kindReservedMax || Kind(k[0]) == kindIndex) {
						continue
					}
					versions++
					v, err := it.Item().ValueCopy(nil)
					if err != nil {
						return err
					}
					if _, err := (&Session{ks: m.ks}).open(nil, k, v); err == nil {
						t.Errorf("record %x opens with the revoked manager's kept keys", k)
					}
				}
				return nil
			}))
		}))
		if versions == 0 {
			t.Fatal("no record versions checked")
		}
		if err := m.open(t, av.dir, av.recA); err == nil {
			t.Fatal("the kept keys open department A's record")
		}
	})
}

func TestAttack_AnOlderKeyringIsRefused(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		old := readFile(t, filepath.Join(av.dir, keyringFile))
		oldLog := readFile(t, filepath.Join(av.dir, logFile))
		v, err := Open(av.dir, testOptions(nil))
		ok(t, err)
		s, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
		ok(t, err)
		_, err = s.AddUser(NewUser{Email: "later@example.test", Passphrase: []byte("later")}, RoleUser)
		ok(t, err)
		s.Lock()
		ok(t, v.Close())
		// Someone puts the keyring of before back: the user added later would simply vanish.
		ok(t, os.WriteFile(filepath.Join(av.dir, keyringFile), old, 0o600))
		ok(t, os.WriteFile(filepath.Join(av.dir, logFile), oldLog, 0o600))
		var rb *RollbackError
		if err := unlockErr(t, av.dir, av.admin); !errors.As(err, &rb) || rb.Seen <= rb.Have {
			t.Fatalf("the admin accepted an older keyring: %v", err)
		}
		// A user who last verified something older still gets the store's word for it.
		if err := unlockErr(t, av.dir, av.hr); !errors.Is(err, ErrRollback) {
			t.Fatalf("the HR user accepted an older keyring: %v", err)
		}
	})
}

func TestAttack_ARecordPutBackFromBeforeARotationIsNamedByVerify(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		// The HR user (who stays) keeps an old sealed value of a record in A.
		h := becomeInsider(t, av.dir, av.hr)
		var old []byte
		ok(t, withStore(t, av.dir, h.ks.scopes[storageScope].key, func(db *badger.DB) {
			ok(t, db.View(func(txn *badger.Txn) error {
				item, err := txn.Get(av.recA)
				if err != nil {
					return err
				}
				old, err = item.ValueCopy(nil)
				return err
			}))
		}))
		revokeManager(t, av) // department A is sealed again under a new key
		h = becomeInsider(t, av.dir, av.hr)
		ok(t, withStore(t, av.dir, h.ks.scopes[storageScope].key, func(db *badger.DB) {
			ok(t, db.Update(func(txn *badger.Txn) error { return txn.Set(av.recA, old) }))
		}))
		v, err := Open(av.dir, testOptions(nil))
		ok(t, err)
		defer v.Close()
		s, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
		ok(t, err)
		defer s.Lock()
		rep, err := s.Verify(t.Context(), VerifyOptions{})
		ok(t, err)
		named := false
		for _, f := range rep.Failures {
			named = named || bytes.Equal(recordKey(f.Kind, f.ID), av.recA)
		}
		if !named || rep.OK() {
			t.Fatalf("verify did not name the record put back: %+v", rep.Failures)
		}
	})
}

func TestAttack_AuditLogEditsAreNamed(t *testing.T) {
	edits := map[string]func(t *testing.T, db *badger.DB, entries map[uint64][]byte, forger *insider){
		"an entry deleted": func(t *testing.T, db *badger.DB, e map[uint64][]byte, _ *insider) {
			ok(t, db.Update(func(txn *badger.Txn) error { return txn.Delete(auditKey(3)) }))
		},
		"an entry inserted": func(t *testing.T, db *badger.DB, e map[uint64][]byte, forger *insider) {
			// Entries 3.. move up by one and a well-formed entry of the forger's takes place 3.
			n := uint64(len(e))
			ok(t, db.Update(func(txn *badger.Txn) error {
				for seq := n; seq >= 3; seq-- {
					if err := txn.Set(auditKey(seq+1), renumber(e[seq], seq+1)); err != nil {
						return err
					}
				}
				prev, _ := parseAudit(e[2])
				b := auditBlock{vaultID: forger.kr.st.VaultID, seq: 2, prev: prev.hash, user: forger.u.ID,
					signer: forger.keys.ed, to: forger.ks.auditTo}
				forged, err := b.build([][]byte{[]byte(`{"action":"identity.read"}`)})
				if err != nil {
					return err
				}
				return txn.Set(auditKey(3), forged[len(forged)-1])
			}))
		},
		"two entries swapped": func(t *testing.T, db *badger.DB, e map[uint64][]byte, _ *insider) {
			ok(t, db.Update(func(txn *badger.Txn) error {
				if err := txn.Set(auditKey(2), renumber(e[3], 2)); err != nil {
					return err
				}
				return txn.Set(auditKey(3), renumber(e[2], 3))
			}))
		},
		"the end cut off": func(t *testing.T, db *badger.DB, e map[uint64][]byte, _ *insider) {
			n := uint64(len(e))
			ok(t, db.Update(func(txn *badger.Txn) error {
				for seq := n - 1; seq <= n; seq++ {
					if err := txn.Delete(auditKey(seq)); err != nil {
						return err
					}
				}
				return nil
			}))
		},
		"an entry edited": func(t *testing.T, db *badger.DB, e map[uint64][]byte, _ *insider) {
			v := bytes.Clone(e[2])
			v[len(v)/2] ^= 1
			ok(t, db.Update(func(txn *badger.Txn) error { return txn.Set(auditKey(2), v) }))
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			forEachAttackVault(t, func(t *testing.T, av *attackVault) {
				m := becomeInsider(t, av.dir, av.manager)
				entries := map[uint64][]byte{}
				ok(t, withStore(t, av.dir, m.ks.scopes[storageScope].key, func(db *badger.DB) {
					ok(t, db.View(func(txn *badger.Txn) error {
						o := badger.DefaultIteratorOptions
						o.Prefix = []byte{byte(kindAudit)}
						it := txn.NewIterator(o)
						defer it.Close()
						for it.Rewind(); it.Valid(); it.Next() {
							v, err := it.Item().ValueCopy(nil)
							if err != nil {
								return err
							}
							r, err := parseAudit(v)
							if err != nil {
								return err
							}
							entries[r.seq] = v
						}
						return nil
					}))
					if len(entries) < 5 {
						t.Fatalf("only %d audit entries", len(entries))
					}
					edit(t, db, entries, m)
				}))
				v, err := Open(av.dir, testOptions(nil))
				ok(t, err)
				defer v.Close()
				s, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase))
				ok(t, err)
				defer s.Lock()
				rep, err := s.VerifyAudit(t.Context(), AuditCheck{})
				ok(t, err)
				if len(rep.Problems) == 0 {
					t.Fatalf("the edit went unnoticed (%d entries)", rep.Entries)
				}
				if name == "the end cut off" && s.AuditIssue() == nil {
					t.Fatal("the unlock did not notice the cut end")
				}
			})
		})
	}
}

// renumber rewrites an entry's sequence number (which its signature and hash then no longer fit).
func renumber(v []byte, seq uint64) []byte {
	out := bytes.Clone(v)
	binary.BigEndian.PutUint64(out[1:9], seq)
	return out
}

func TestAttack_AnotherUsersLocalPartCannotBeSwappedIn(t *testing.T) {
	// The local part (sealed private keys) is not signed: a user could copy their own into the
	// admin's place, to unlock as the admin with their own passphrase. The keys inside are
	// theirs, not the ones the signed state names for the admin, so the unlock refuses.
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		m := becomeInsider(t, av.dir, av.manager)
		kr := m.kr
		admin := kr.local.user(av.adminID)
		admin.KDF = kr.local.user(av.managerID).KDF
		ok(t, sealLocal(kr.st, admin, m.keys, []byte(av.manager.Passphrase), nil)) // bound to the admin's id
		ok(t, writeKeyring(av.dir, kr))
		err := unlockErr(t, av.dir, cred{av.admin.Email, av.manager.Passphrase})
		if !errors.Is(err, ErrKeyringTampered) {
			t.Fatalf("unlock as the admin with the manager's passphrase and keys: %v", err)
		}
	})
}

func TestAttack_NobodyAtThePCLocksOthersOutWithWrongPassphrases(t *testing.T) {
	forEachAttackVault(t, func(t *testing.T, av *attackVault) {
		v, err := Open(av.dir, testOptions(nil))
		ok(t, err)
		defer v.Close()
		for range 10 { // as someone trying the admin's e-mail, and unknown ones
			_, _ = v.Unlock(av.admin.Email, []byte("geraden"))
			_, _ = v.Unlock("bestaat-niet@example.test", []byte("geraden"))
		}
		if _, err := v.Unlock(av.admin.Email, []byte(av.admin.Passphrase)); !errors.Is(err, ErrTooManyAttempts) {
			t.Fatalf("the attacked account is not slowed down: %v", err)
		}
		s, err := v.Unlock(av.hr.Email, []byte(av.hr.Passphrase))
		if err != nil {
			t.Fatalf("another user was locked out by attempts on someone else: %v", err)
		}
		s.Lock()
	})
}
