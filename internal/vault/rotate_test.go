package vault

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

const managerEmail, managerPass = "manager@example.test", "de wachtwoordzin van de leidinggevende"

// testIndexer says that every test record carries one blind-index entry "name" = its plaintext.
var testIndexer = &Indexer{Kinds: []Kind{kindTest}, Entries: func(kind Kind, _ ID, plain []byte) ([]IndexValue, error) {
	if kind != kindTest {
		return nil, nil
	}
	return []IndexValue{{Field: "name", Value: bytes.Clone(plain)}}, nil
}}

// putIndexed stores a test record with its index entry, as an upper package would.
func putIndexed(t testing.TB, s *Session, id ID, scope ScopeID, data string) {
	t.Helper()
	ok(t, s.Update(func(tx *Tx) error {
		if err := tx.Put(kindTest, id, scope, []byte(data)); err != nil {
			return err
		}
		return tx.SetIndex(scope, "name", []byte(data), kindTest, id)
	}))
}

func lookup(t testing.TB, s *Session, scope ScopeID, value string) []ID {
	t.Helper()
	var ids []ID
	ok(t, s.View(func(tx *Tx) error {
		var err error
		ids, err = tx.Lookup(scope, "name", []byte(value))
		return err
	}))
	return ids
}

// stolenKeys copies the scope keys a session holds, as a user could who kept them.
func stolenKeys(s *Session) map[ScopeID][]byte {
	out := map[ScopeID][]byte{}
	for id, k := range s.ks.scopes {
		out[id] = bytes.Clone(k.key)
	}
	return out
}

// openWithStolen tries to open the stored value of kind/id with a stolen key, whatever epoch
// the value claims, the way an attacker with a copy of the folder would.
func openWithStolen(t testing.TB, s *Session, id ID, key []byte) error {
	t.Helper()
	var value []byte
	ok(t, s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(recordKey(kindTest, id))
		if err != nil {
			return err
		}
		value, err = item.ValueCopy(nil)
		return err
	}))
	scope, epoch, err := parseHeader(value)
	ok(t, err)
	thief := &Session{ks: &keySet{scopes: map[ScopeID]*scopeKeys{}, known: map[ScopeID]epochs{scope: {current: epoch}}}}
	thief.ks.scopes[scope] = newScopeKeys(scopeEntry{ID: scope, Kind: scopeDepartment, Epoch: epoch}, bytes.Clone(key))
	_, err = thief.open(nil, recordKey(kindTest, id), value)
	return err
}

// rotationFixture: an admin, departments A and B with records, and a manager of A.
type rotationFixture struct {
	dir              string
	v                *Vault
	admin            *Session
	deptA, deptB     ScopeID
	deptAID, deptBID ID
	inA, inB         []ID
	manager          UserID
}

func newRotationFixture(t *testing.T, records int) *rotationFixture {
	t.Helper()
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	f := &rotationFixture{dir: dir, v: v, admin: s}
	var err error
	f.deptAID, f.deptA = newDept(t, s)
	f.deptBID, f.deptB = newDept(t, s)
	ok(t, s.WriteBatch(func(b *Batch) error {
		for i := range records {
			for _, d := range []struct {
				scope ScopeID
				ids   *[]ID
			}{{f.deptA, &f.inA}, {f.deptB, &f.inB}} {
				id := NewID()
				*d.ids = append(*d.ids, id)
				val := fmt.Appendf(nil, "%s-%d", d.scope, i)
				if err := b.Put(kindTest, id, d.scope, val); err != nil {
					return err
				}
				if err := b.SetIndex(d.scope, "name", val, kindTest, id); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	f.manager, err = s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, f.deptAID)
	ok(t, err)
	return f
}

func TestRule_ARevokedManagersKeptKeysOpenNothingResealedOrWrittenAfterRevocation(t *testing.T) {
	f := newRotationFixture(t, 20)
	f.admin.Lock()
	m, err := f.v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	kept := stolenKeys(m)
	if _, ok := kept[f.deptA]; !ok {
		t.Fatal("the manager does not hold department A")
	}
	m.Lock()

	s, err := f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	// Before the revocation the kept key opens A's record: the test's thief works.
	ok(t, openWithStolen(t, s, f.inA[0], kept[f.deptA]))
	ok(t, s.Revoke(f.manager))
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
	after := NewID()
	put(t, s, after, f.deptA, "written after the revocation")

	for _, id := range []ID{f.inA[0], f.inA[19], after} {
		if err := openWithStolen(t, s, id, kept[f.deptA]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("the kept department key opened record %s: %v", id, err)
		}
	}
	if got, err := get(s, f.inA[0]); err != nil || string(got) != fmt.Sprintf("%s-0", f.deptA) {
		t.Fatalf("the admin reads the re-sealed record: %q %v", got, err)
	}
	// The directory and storage scopes rotated too; department B, which the manager never
	// held, did not.
	st := f.v.keyringSnapshot().st
	if st.scope(f.deptA).Epoch != 2 || st.scope(directoryScope).Epoch != 2 || st.scope(f.deptB).Epoch != 1 ||
		st.scope(storageScope).Epoch != 2 {
		t.Fatalf("epochs A %d, directory %d, B %d, storage %d", st.scope(f.deptA).Epoch, st.scope(directoryScope).Epoch,
			st.scope(f.deptB).Epoch, st.scope(storageScope).Epoch)
	}
	if u := st.user(f.manager); u.Status != StatusRevoked || len(u.Wrapped) != 0 || u.Revoked == nil || u.Revoked.By != s.UserID() {
		t.Fatalf("revoked entry %+v", u)
	}
	s.Lock()
	if _, err := f.v.Unlock(managerEmail, []byte(managerPass)); !errors.Is(err, ErrRevoked) {
		t.Fatalf("the revoked manager unlocks: %v", err)
	}
}

func TestRule_RotationMovesBlindIndexEntriesToTheNewKeyAndLeavesNoneUnderTheOld(t *testing.T) {
	f := newRotationFixture(t, 30)
	s := f.admin
	before := countIndexEntries(t, s, f.deptA)
	ok(t, s.Revoke(f.manager))
	// During the rotation lookups find entries under both keys.
	value := fmt.Sprintf("%s-7", f.deptA)
	if ids := lookup(t, s, f.deptA, value); len(ids) != 1 || ids[0] != f.inA[7] {
		t.Fatalf("lookup during the rotation: %v", ids)
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
	if ids := lookup(t, s, f.deptA, value); len(ids) != 1 || ids[0] != f.inA[7] {
		t.Fatalf("lookup after the rotation: %v", ids)
	}
	if after := countIndexEntries(t, s, f.deptA); after != before {
		t.Fatalf("%d index entries before, %d after: old ones left behind or new ones missing", before, after)
	}
	if ids := lookup(t, s, f.deptB, fmt.Sprintf("%s-7", f.deptB)); len(ids) != 1 {
		t.Fatalf("department B's index broke: %v", ids)
	}
}

func countIndexEntries(t *testing.T, s *Session, scope ScopeID) int {
	t.Helper()
	sb := scope.bytes()
	return countPrefix(t, s, append([]byte{byte(kindIndex)}, sb[:]...))
}

func TestRule_AnInterruptedRotationKeepsEveryRecordReadableAndResumesAtTheNextAdminUnlock(t *testing.T) {
	f := newRotationFixture(t, 3000) // more than one progress step
	s := f.admin
	other, err := s.AddUser(NewUser{Email: "tweede@example.test", Passphrase: []byte("tweede")}, RoleManager, f.deptAID)
	ok(t, err)
	ok(t, s.Revoke(f.manager))
	ctx, cancel := context.WithCancel(context.Background())
	err = s.Rotate(ctx, RotateOptions{Indexer: testIndexer, Progress: func(done, total int) {
		if done > 0 {
			cancel() // as if the PC went off after the first chunk
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted rotation: %v", err)
	}
	if got := s.PendingRotation(); len(got) != 3 { // storage, directory, A
		t.Fatalf("pending after the interruption: %v", got)
	}
	s.Lock()

	// The remaining manager of A reads records of both epochs meanwhile, and can search.
	m, err := f.v.Unlock("tweede@example.test", []byte("tweede"))
	ok(t, err)
	for _, id := range []ID{f.inA[0], f.inA[len(f.inA)-1]} {
		if _, err := get(m, id); err != nil {
			t.Fatalf("the other manager cannot read %s mid-rotation: %v", id, err)
		}
	}
	if _, err := get(m, f.inB[0]); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("the other manager reads department B: %v", err)
	}
	if ids := lookup(t, m, f.deptA, fmt.Sprintf("%s-%d", f.deptA, len(f.inA)-1)); len(ids) != 1 {
		t.Fatalf("search mid-rotation: %v", ids)
	}
	if err := m.Rotate(context.Background(), RotateOptions{}); !errors.Is(err, ErrDenied) {
		t.Fatalf("a manager ran the rotation: %v", err)
	}
	m.Lock()

	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	var last, total int
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer, Progress: func(d, n int) { last, total = d, n }}))
	if last != total || total < 4*len(f.inA) {
		t.Fatalf("resumed rotation copied %d of %d entries", last, total)
	}
	if got := s.PendingRotation(); len(got) != 0 {
		t.Fatalf("still pending: %v", got)
	}
	st := f.v.keyringSnapshot().st
	for _, w := range st.user(other).Wrapped {
		if w.What == wrapScope && st.scope(w.Scope).Epoch != w.Epoch {
			t.Fatalf("an old wrap of %s was kept after the rotation finished", w.Scope)
		}
	}
	s.Lock()
	m, err = f.v.Unlock("tweede@example.test", []byte("tweede"))
	ok(t, err)
	defer m.Lock()
	if _, err := get(m, f.inA[0]); err != nil {
		t.Fatalf("the other manager after the rotation: %v", err)
	}
}

func TestRule_NobodyRevokesThemselvesAndAnAdminMustStepDownFirst(t *testing.T) {
	f := newRotationFixture(t, 1)
	s := f.admin
	if err := s.Revoke(s.UserID()); !errors.Is(err, ErrDenied) {
		t.Fatalf("self-revocation: %v", err)
	}
	second, err := s.AddUser(NewUser{Email: "b@example.test", Passphrase: []byte("b")}, RoleAdmin)
	ok(t, err)
	if err := s.Revoke(second); !errors.Is(err, ErrRevokeAdmin) {
		t.Fatalf("revoking an admin: %v", err)
	}
	ok(t, s.Revoke(f.manager))
	if err := s.Revoke(f.manager); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoking twice: %v", err)
	}
}

func TestRule_AManagerWhoLosesADepartmentCannotOpenItsRecordsAfterwards(t *testing.T) {
	f := newRotationFixture(t, 5)
	s := f.admin
	_, err := s.SetRole(f.manager, RoleManager, []ID{f.deptAID, f.deptBID})
	ok(t, err)
	s.Lock()
	m, err := f.v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	kept := stolenKeys(m)
	m.Lock()
	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	_, err = s.SetRole(f.manager, RoleManager, []ID{f.deptBID})
	ok(t, err)
	if got := s.PendingRotation(); !slices.Equal(got, []ScopeID{f.deptA}) {
		t.Fatalf("pending %v, want only department A", got)
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
	if err := openWithStolen(t, s, f.inA[0], kept[f.deptA]); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("the kept key of the lost department opens its record: %v", err)
	}
	if err := openWithStolen(t, s, f.inB[0], kept[f.deptB]); err != nil {
		t.Fatalf("department B, still held, did not rotate: %v", err)
	}
	s.Lock()
	m, err = f.v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	defer m.Lock()
	if _, err := get(m, f.inA[0]); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("the manager still reads the lost department: %v", err)
	}
	if _, err := get(m, f.inB[0]); err != nil {
		t.Fatalf("the manager lost department B too: %v", err)
	}
}

func TestRule_AnEditedRotationJournalIsDetected(t *testing.T) {
	f := newRotationFixture(t, 1)
	ok(t, f.admin.Revoke(f.manager))
	ok(t, f.v.Close())
	// Drop the previous keys, as someone might to make the old records unreadable.
	rewriteKeyring(t, f.dir, func(kr *keyring) {
		for i := range kr.st.Scopes {
			kr.st.Scopes[i].Previous = nil
		}
	})
	v, err := Open(f.dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	if _, err := v.Unlock(testEmail, []byte(testPass)); !errors.Is(err, ErrKeyringTampered) {
		t.Fatalf("unlock with an edited journal: %v", err)
	}
}

func TestRule_AnAdminWhoStepsDownKeepsNoUsableVaultKeyOrRecoveryCode(t *testing.T) {
	f := newRotationFixture(t, 5)
	s := f.admin
	second, err := s.AddUser(NewUser{Email: "b@example.test", Passphrase: []byte("b")}, RoleAdmin)
	ok(t, err)
	oldCode := RecoveryCode("")
	s.Lock()
	b, err := f.v.Unlock("b@example.test", []byte("b"))
	ok(t, err)
	keptVault := bytes.Clone(b.ks.vault)
	kept := stolenKeys(b)
	b.Lock()

	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	code, err := s.SetRole(second, RoleManager, []ID{f.deptAID})
	ok(t, err)
	if code == "" || code == oldCode {
		t.Fatal("no new recovery code after an admin stepped down")
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
	// The new code waits for the remaining admin until a kit is saved, across a lock.
	s.Lock()
	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	if got, err := s.PendingRecoveryCode(); err != nil || got != code {
		t.Fatalf("pending recovery code after a lock: %q %v", got, err)
	}
	st := f.v.keyringSnapshot().st
	for _, e := range st.Scopes {
		if _, err := vcrypto.Open(keptVault, e.Sealed, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch)); err == nil {
			t.Fatalf("the kept vault key opens scope %s", e.ID)
		}
	}
	if _, err := vcrypto.Open(keptVault, st.Staff.Sealed, staffAD(st.VaultID, st.Staff.Epoch)); err == nil {
		t.Fatal("the kept vault key opens the staff key")
	}
	if seed := vaultSignerSeed(keptVault, st.VaultID); bytes.Equal(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), st.VaultSigner) {
		t.Fatal("the kept vault key still signs as the vault")
	}
	for _, id := range []ID{f.inA[0], f.inB[0]} {
		scope := f.deptA
		if id == f.inB[0] {
			scope = f.deptB
		}
		if err := openWithStolen(t, s, id, kept[scope]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("a kept department key opens %s: %v", id, err)
		}
	}
	// A planted code (anyone can wrap to an admin's public key) is not shown.
	real := f.v.kr
	planted := real.withState(real.st.clone(), real.stateRaw, real.head, real.headRaw, real.headHash)
	fake, _ := newRecoveryCode()
	pub, err := ecdh.X25519().NewPublicKey(planted.st.user(s.UserID()).X25519)
	ok(t, err)
	box, err := vcrypto.Wrap(pub, pendingRecoveryContext(planted.st.VaultID, s.UserID()), []byte(fake))
	ok(t, err)
	planted.st.PendingRecovery = []sealedDetail{{Admin: s.UserID(), Box: box}}
	f.v.kr = planted
	if got, err := s.PendingRecoveryCode(); err != nil || got != "" {
		t.Fatalf("a planted recovery code was shown: %q %v", got, err)
	}
	f.v.kr = real
	ok(t, s.ClearPendingRecoveryCode())
	if got, _ := s.PendingRecoveryCode(); got != "" {
		t.Fatal("the pending code stayed after the kit was saved")
	}
	s.Lock()
	m, err := f.v.Unlock("b@example.test", []byte("b"))
	ok(t, err)
	if m.Role() != RoleManager {
		t.Fatalf("role %s", m.Role())
	}
	if _, err := get(m, f.inA[0]); err != nil {
		t.Fatalf("the former admin lost the department they keep: %v", err)
	}
	if _, err := get(m, f.inB[0]); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("the former admin reads department B: %v", err)
	}
	m.Lock()
	// The new recovery code works for the remaining admin.
	ok(t, f.v.Recover(string(code), testEmail, []byte("na herstel")))
	s, err = f.v.Unlock(testEmail, []byte("na herstel"))
	ok(t, err)
	defer s.Lock()
	if got, err := get(s, f.inB[0]); err != nil || len(got) == 0 {
		t.Fatalf("the admin after recovery: %v", err)
	}
}

func TestRule_TheOldRecoveryCodeStopsWorkingWhenTheVaultKeyIsReplaced(t *testing.T) {
	_, v, s, oldCode := newTestVault(t, testOptions(nil))
	second, err := s.AddUser(NewUser{Email: "b@example.test", Passphrase: []byte("b")}, RoleAdmin)
	ok(t, err)
	_, err = s.SetRole(second, RoleUser, nil)
	ok(t, err)
	ok(t, s.Rotate(context.Background(), RotateOptions{}))
	s.Lock()
	if err := v.Recover(string(oldCode), testEmail, []byte("x")); !errors.Is(err, ErrRecoveryCodeInvalid) {
		t.Fatalf("the old recovery code: %v", err)
	}
}

func TestRule_AForgottenPassphraseIsResetByRevokingAndApprovingANewRequest(t *testing.T) {
	f := newRotationFixture(t, 3)
	s := f.admin
	ok(t, s.Revoke(f.manager))
	ok(t, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer}))
	s.Lock()
	const renewed = "een nieuwe wachtwoordzin na het vergeten"
	id, _, err := f.v.RequestAccess(NewRequest{Name: "Mia Manager", Email: managerEmail, Passphrase: []byte(renewed), Role: RoleManager})
	ok(t, err)
	if _, err := f.v.Unlock(managerEmail, []byte(renewed)); !errors.Is(err, ErrPending) {
		t.Fatalf("the new request: %v", err)
	}
	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	ok(t, s.Approve(id, RoleManager, []ID{f.deptAID}))
	s.Lock()
	if _, err := f.v.Unlock(managerEmail, []byte(managerPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the forgotten passphrase: %v", err)
	}
	m, err := f.v.Unlock(managerEmail, []byte(renewed))
	ok(t, err)
	defer m.Lock()
	if m.UserID() != id {
		t.Fatal("unlocked as the old entry")
	}
	if _, err := get(m, f.inA[0]); err != nil {
		t.Fatalf("the re-approved manager: %v", err)
	}
	if u := f.v.keyringSnapshot().st.user(f.manager); u == nil || u.Status != StatusRevoked {
		t.Fatal("the revoked entry is gone from the record")
	}
}
