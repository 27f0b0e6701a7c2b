package vault

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"errors"
	"fmt"
	"slices"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

const managerEmail, managerPass = "manager@example.test", "de wachtwoordzin van de leidinggevende"

// testReindex says that every test record carries one blind-index entry "name" = its plaintext.
func testReindex(kind Kind, _ ID, plain []byte) ([]IndexValue, error) {
	if kind != kindTest {
		return nil, nil
	}
	return []IndexValue{{Field: "name", Value: bytes.Clone(plain)}}, nil
}

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
	for id, k := range s.scopes {
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
	thief := &Session{scopes: map[ScopeID]*scopeKeys{}, known: map[ScopeID]epochs{scope: {current: epoch}}}
	thief.scopes[scope] = newScopeKeys(scopeEntry{ID: scope, Kind: scopeIdentity, Epoch: epoch}, bytes.Clone(key))
	_, err = thief.open(nil, recordKey(kindTest, id), value)
	return err
}

// rotationFixture: an admin, departments A and B with records, and a manager of A.
type rotationFixture struct {
	dir          string
	v            *Vault
	admin        *Session
	deptA, deptB ScopeID
	inA, inB     []ID
	manager      UserID
}

func newRotationFixture(t *testing.T, records int) *rotationFixture {
	t.Helper()
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	f := &rotationFixture{dir: dir, v: v, admin: s}
	var err error
	f.deptA, err = s.NewIdentityScope()
	ok(t, err)
	f.deptB, err = s.NewIdentityScope()
	ok(t, err)
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
	f.manager, err = s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, f.deptA)
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
	ok(t, s.Rotate(context.Background(), RotateOptions{Reindex: testReindex}))
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
	// The directory scope rotated too; department B, which the manager never held, did not.
	kr := f.v.keyringSnapshot()
	if kr.scope(f.deptA).Epoch != 2 || kr.scope(directoryScope).Epoch != 2 || kr.scope(f.deptB).Epoch != 1 ||
		kr.scope(storageScope).Epoch != 1 {
		t.Fatalf("epochs A %d, directory %d, B %d", kr.scope(f.deptA).Epoch, kr.scope(directoryScope).Epoch, kr.scope(f.deptB).Epoch)
	}
	if u := kr.user(f.manager); u.Status != StatusRevoked || len(u.Wrapped) != 0 || u.Revocation == nil || u.Revocation.By != s.UserID() {
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
	ok(t, s.Rotate(context.Background(), RotateOptions{Reindex: testReindex}))
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
	prefix := append([]byte{byte(kindIndex)}, sb[:]...)
	n := 0
	ok(t, s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix, opts.PrefetchValues = prefix, false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	}))
	return n
}

func TestRule_AnInterruptedRotationKeepsEveryRecordReadableAndResumesAtTheNextAdminUnlock(t *testing.T) {
	f := newRotationFixture(t, rotateChunk+200) // more than one chunk per department
	s := f.admin
	other, err := s.AddUser(NewUser{Email: "tweede@example.test", Passphrase: []byte("tweede")}, RoleManager, f.deptA)
	ok(t, err)
	ok(t, s.Revoke(f.manager))
	ctx, cancel := context.WithCancel(context.Background())
	err = s.Rotate(ctx, RotateOptions{Reindex: testReindex, Progress: func(done, total int) {
		if done > 0 {
			cancel() // as if the PC went off after the first chunk
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted rotation: %v", err)
	}
	if got := s.PendingRotation(); len(got) != 2 {
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
	ok(t, s.Rotate(context.Background(), RotateOptions{Reindex: testReindex, Progress: func(d, n int) { last, total = d, n }}))
	if last != total || total == 0 || total >= 2*len(f.inA) {
		t.Fatalf("resumed rotation re-sealed %d of %d (should be what was left)", last, total)
	}
	if got := s.PendingRotation(); len(got) != 0 {
		t.Fatalf("still pending: %v", got)
	}
	kr := f.v.keyringSnapshot()
	for _, w := range kr.user(other).Wrapped {
		if w.What == "scope" && kr.scope(w.Scope).Epoch != w.Epoch {
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
	_, err := s.SetRole(f.manager, RoleManager, []ScopeID{f.deptA, f.deptB})
	ok(t, err)
	s.Lock()
	m, err := f.v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	kept := stolenKeys(m)
	m.Lock()
	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	_, err = s.SetRole(f.manager, RoleManager, []ScopeID{f.deptB})
	ok(t, err)
	if got := s.PendingRotation(); !slices.Equal(got, []ScopeID{f.deptA}) {
		t.Fatalf("pending %v, want only department A", got)
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{Reindex: testReindex}))
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
	f.admin.Lock()
	// Drop the previous key, as someone might to make the old records unreadable.
	kr := f.v.keyringSnapshot().clone()
	for i := range kr.Scopes {
		kr.Scopes[i].Previous = nil
	}
	ok(t, writeKeyring(f.dir, kr))
	f.v.kr = kr
	if _, err := f.v.Unlock(testEmail, []byte(testPass)); !errors.Is(err, ErrKeyringTampered) {
		t.Fatalf("unlock with an edited journal: %v", err)
	}
}

func TestRule_AnAdminWhoStepsDownKeepsNoUsableVaultKeyMACKeyOrRecoveryCode(t *testing.T) {
	f := newRotationFixture(t, 5)
	s := f.admin
	second, err := s.AddUser(NewUser{Email: "b@example.test", Passphrase: []byte("b")}, RoleAdmin)
	ok(t, err)
	oldCode := RecoveryCode("")
	s.Lock()
	b, err := f.v.Unlock("b@example.test", []byte("b"))
	ok(t, err)
	keptVault, keptMAC := bytes.Clone(b.vault), bytes.Clone(b.macKey)
	kept := stolenKeys(b)
	b.Lock()

	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	code, err := s.SetRole(second, RoleManager, []ScopeID{f.deptA})
	ok(t, err)
	if code == "" || code == oldCode {
		t.Fatal("no new recovery code after an admin stepped down")
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{Reindex: testReindex}))
	// The new code waits for the remaining admin until a kit is saved, across a lock.
	s.Lock()
	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	if got, err := s.PendingRecoveryCode(); err != nil || got != code {
		t.Fatalf("pending recovery code after a lock: %q %v", got, err)
	}
	kr := f.v.keyringSnapshot()
	for _, e := range kr.Scopes {
		if _, err := vcrypto.Open(keptVault, e.Sealed, scopeAD(kr.VaultID, e)); err == nil {
			t.Fatalf("the kept vault key opens scope %s", e.ID)
		}
	}
	if err := kr.checkMACs(keptMAC); err == nil {
		t.Fatal("the kept MAC key still vouches for the keyring")
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
	planted := f.v.keyringSnapshot().clone()
	fake, _ := newRecoveryCode()
	pub, err := ecdh.X25519().NewPublicKey(planted.user(s.UserID()).X25519)
	ok(t, err)
	box, err := vcrypto.Wrap(pub, pendingRecoveryContext(planted.VaultID, s.UserID()), []byte(fake))
	ok(t, err)
	real := f.v.kr
	planted.PendingRecovery = []sealedDetail{{Admin: s.UserID(), Box: box}}
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
	ok(t, s.Rotate(context.Background(), RotateOptions{Reindex: testReindex}))
	s.Lock()
	const renewed = "een nieuwe wachtwoordzin na het vergeten"
	id, _, err := f.v.RequestAccess(NewRequest{Name: "Mia Manager", Email: managerEmail, Passphrase: []byte(renewed), Role: RoleManager})
	ok(t, err)
	if _, err := f.v.Unlock(managerEmail, []byte(renewed)); !errors.Is(err, ErrPending) {
		t.Fatalf("the new request: %v", err)
	}
	s, err = f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	ok(t, s.Approve(id, RoleManager, []ScopeID{f.deptA}))
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
	if u := f.v.keyringSnapshot().user(f.manager); u == nil || u.Status != StatusRevoked {
		t.Fatal("the revoked entry is gone from the record")
	}
}
