package vault

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/vault/internal/store"
)

// forkedAdmins: the admin adds a user on PC A and another on PC B before either PC cycles, so
// both keyrings have a different entry under the same serial; A's reached the bucket first.
func forkedAdmins(t *testing.T) (a, b *Session, dirB string, onA, onB UserID) {
	t.Helper()
	a, b, _, _, dirB = replicaPair(t)
	var err error
	onA, err = a.AddUser(NewUser{Email: "op-a@example.test", Passphrase: []byte("passphrase on A")}, RoleUser)
	ok(t, err)
	onB, err = b.AddUser(NewUser{Email: "op-b@example.test", Passphrase: []byte("passphrase on B")}, RoleUser)
	ok(t, err)
	// The admin unlocks B again, so what they attested there is B's own entry, the one the
	// rebase will replace.
	vb := b.v
	b.Lock()
	b, err = vb.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	if _, err := b.ApplyKeyringEntries(lines); !errors.Is(err, ErrKeyringFork) {
		t.Fatalf("B applying A's entries: %v, want a fork", err)
	}
	return a, b, dirB, onA, onB
}

// TestRule_TwoAdminsAddingUsersOnTwoPCsAtOnceBothKeepTheirChange: a keyring fork of changes to
// different users is settled by signing B's entry again after A's: both PCs end with both
// users, the chains verify, and the admin unlocks B again although the entry they attested
// there was replaced.
func TestRule_TwoAdminsAddingUsersOnTwoPCsAtOnceBothKeepTheirChange(t *testing.T) {
	a, b, dirB, onA, onB := forkedAdmins(t)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	n, err := b.RebaseKeyring(lines)
	ok(t, err)
	if n != 1 {
		t.Fatalf("%d entries signed again, want 1", n)
	}
	back, err := b.KeyringEntries(0)
	ok(t, err)
	if _, err := a.ApplyKeyringEntries(back); err != nil {
		t.Fatalf("A applying B's rebased entries: %v", err)
	}
	for name, s := range map[string]*Session{"A": a, "B": b} {
		st := s.v.keyringSnapshot().st
		if st.user(onA) == nil || st.user(onB) == nil {
			t.Fatalf("%s lacks a user: on A %v, on B %v", name, st.user(onA) != nil, st.user(onB) != nil)
		}
	}
	users, err := b.LocalUsers()
	ok(t, err)
	ok(t, a.ImportLocalUsers(users))
	b.Lock()
	ok(t, b.v.Close())
	v, err := Open(dirB, testOptions(nil))
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	s, err := v.Unlock(testEmail, []byte(testPass))
	if err != nil {
		t.Fatalf("the admin no longer unlocks B after the rebase: %v", err)
	}
	s.Lock()
	a.Lock()
	sb, err := a.v.Unlock("op-b@example.test", []byte("passphrase on B"))
	if err != nil {
		t.Fatalf("B's new user does not unlock A: %v", err)
	}
	sb.Lock()
}

// TestRule_AForkOverTheSameUserStaysAForkAndChangesNothing: when both PCs changed the same
// user, nothing is signed again and B's keyring stays as it was.
func TestRule_AForkOverTheSameUserStaysAForkAndChangesNothing(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	id, err := a.AddUser(NewUser{Email: "op@example.test", Passphrase: []byte("passphrase op")}, RoleUser)
	ok(t, err)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	_, err = b.ApplyKeyringEntries(lines)
	ok(t, err)
	_, err = a.SetRole(id, RoleAdmin, nil)
	ok(t, err)
	_, err = b.SetRole(id, RoleManager, nil)
	ok(t, err)
	before, err := os.ReadFile(filepath.Join(b.v.dir, logFile))
	ok(t, err)
	lines, err = a.KeyringEntries(0)
	ok(t, err)
	if _, err := b.RebaseKeyring(lines); !errors.Is(err, ErrKeyringFork) {
		t.Fatalf("rebase over the same user: %v, want a fork", err)
	}
	after, err := os.ReadFile(filepath.Join(b.v.dir, logFile))
	ok(t, err)
	if string(before) != string(after) {
		t.Fatal("a refused rebase changed B's keyring log")
	}
}

// TestRule_ARebaseCutShortBeforeKeyringJSONIsCompletedAtTheNextOpen: the rebase writes the log
// first; with keyring.json still at the old head (a crash in between) the folder opens at the
// rebased head.
func TestRule_ARebaseCutShortBeforeKeyringJSONIsCompletedAtTheNextOpen(t *testing.T) {
	a, b, dirB, onA, onB := forkedAdmins(t)
	old, err := os.ReadFile(filepath.Join(dirB, keyringFile))
	ok(t, err)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	_, err = b.RebaseKeyring(lines)
	ok(t, err)
	b.Lock()
	ok(t, b.v.Close())
	ok(t, os.WriteFile(filepath.Join(dirB, keyringFile), old, 0o600))
	v, err := Open(dirB, testOptions(nil))
	if err != nil {
		t.Fatalf("open after a cut-short rebase: %v", err)
	}
	t.Cleanup(func() { _ = v.Close() })
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	st := s.v.keyringSnapshot().st
	if st.user(onA) == nil || st.user(onB) == nil {
		t.Fatal("the completed keyring lacks a user")
	}
}

// syncKeyring gives to what from's keyring and users' local parts hold (the bucket's part of a
// cycle, without records).
func syncKeyring(t *testing.T, from, to *Session) {
	t.Helper()
	lines, err := from.KeyringEntries(0)
	ok(t, err)
	if _, err := to.ApplyKeyringEntries(lines); err != nil {
		t.Fatalf("keyring: %v", err)
	}
	users, err := from.LocalUsers()
	ok(t, err)
	ok(t, to.ImportLocalUsers(users))
}

// forkOn has B take A's entries while B has entries of its own: a fork, which B then rebases.
func forkOn(t *testing.T, a, b *Session) (int, error) {
	t.Helper()
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	if _, err := b.ApplyKeyringEntries(lines); !errors.Is(err, ErrKeyringFork) {
		t.Fatalf("B applying A's entries: %v, want a fork", err)
	}
	return b.RebaseKeyring(lines)
}

// heldKey is a scope key of one epoch, as a test compares it.
type heldKey struct {
	id    ScopeID
	epoch uint32
	key   []byte
}

// currentKey is scope sc's key of its current epoch as session s holds it (a copy).
func currentKey(t *testing.T, s *Session, sc ScopeID) heldKey {
	t.Helper()
	k := s.ks.scopes[sc]
	if k == nil {
		t.Fatalf("the session holds no key of scope %d", sc)
	}
	return heldKey{id: sc, epoch: k.epoch, key: bytes.Clone(k.key)}
}

// holdsKey fails unless the user, unlocked on v (no other session open), holds want.
func holdsKey(t *testing.T, v *Vault, email, pass string, want heldKey) {
	t.Helper()
	u, err := v.Unlock(email, []byte(pass))
	if err != nil {
		t.Fatalf("%s does not unlock: %v", email, err)
	}
	defer u.Lock()
	got := u.ks.scopes[want.id]
	if got == nil || got.epoch != want.epoch || !bytes.Equal(got.key, want.key) {
		t.Fatalf("%s does not hold scope %d's key of epoch %d (holds one: %v)", email, want.id, want.epoch, got != nil)
	}
}

// managedPair: a department with manager m, made on A and taken up by B.
func managedPair(t *testing.T) (a, b *Session, dept ID, m UserID) {
	t.Helper()
	a, b, _, _, _ = replicaPair(t)
	dept = NewID()
	ok(t, a.NewDepartments(dept))
	m, err := a.AddUser(NewUser{Email: "m@example.test", Passphrase: []byte("passphrase of m")}, RoleManager, dept)
	ok(t, err)
	syncKeyring(t, a, b)
	return a, b, dept, m
}

// TestRule_ARevocationOnOnePCAndAGrantOnAnotherBothStand: an admin revokes manager M on PC B
// (which rotates M's department, the storage and the directory scope) while another grants
// manager X the same department on PC A. B signs its revocation again after A's grant: both
// stand on both PCs, X holds the department's new key (wrapped anew, though A wrapped the old
// one), M is locked out everywhere. Fails if a rebase refuses a re-key or replays the entry
// without wrapping the new keys to X.
func TestRule_ARevocationOnOnePCAndAGrantOnAnotherBothStand(t *testing.T) {
	a, b, dept, m := managedPair(t)
	x, err := a.AddUser(NewUser{Email: "x@example.test", Passphrase: []byte("passphrase of x")}, RoleManager, dept)
	ok(t, err)
	ok(t, b.Revoke(m))
	n, err := forkOn(t, a, b)
	if err != nil || n != 1 {
		t.Fatalf("rebase of a revocation over a grant: %d entries, %v", n, err)
	}
	syncKeyring(t, b, a)
	sc, err := b.DepartmentScope(dept)
	ok(t, err)
	for name, s := range map[string]*Session{"A": a, "B": b} {
		st := s.v.keyringSnapshot().st
		if u := st.user(m); u == nil || u.Status != StatusRevoked || len(u.Wrapped) > 0 {
			t.Fatalf("%s: M is not revoked", name)
		}
		if u := st.user(x); u == nil || u.Status != StatusActive {
			t.Fatalf("%s: X lost the grant", name)
		}
		if e := st.scope(sc); e.Previous == nil {
			t.Fatalf("%s: the department's rotation is gone", name)
		}
	}
	syncKeyring(t, a, b) // X's local part
	deptKey, dirKey := currentKey(t, b, sc), currentKey(t, b, directoryScope)
	if deptKey.epoch < 2 || !bytes.Equal(dirKey.key, currentKey(t, a, directoryScope).key) {
		t.Fatalf("the PCs do not hold the same rotated keys (department epoch %d)", deptKey.epoch)
	}
	a.Lock()
	b.Lock()
	for name, v := range map[string]*Vault{"A": a.v, "B": b.v} {
		holdsKey(t, v, "x@example.test", "passphrase of x", deptKey)
		holdsKey(t, v, "x@example.test", "passphrase of x", dirKey)
		if _, err := v.Unlock("m@example.test", []byte("passphrase of m")); !errors.Is(err, ErrRevoked) {
			t.Fatalf("the revoked manager unlocks %s: %v", name, err)
		}
	}
}

// TestRule_AGrantRebasedOverAnotherPCsRevocationGetsTheNewKeys: the mirror case. A revokes M
// first; B, which granted X the department meanwhile, signs its grant again after A's
// revocation, with X's keys wrapped anew at the epochs A's rotation made.
func TestRule_AGrantRebasedOverAnotherPCsRevocationGetsTheNewKeys(t *testing.T) {
	a, b, dept, m := managedPair(t)
	ok(t, a.Revoke(m))
	_, err := b.AddUser(NewUser{Email: "x@example.test", Passphrase: []byte("passphrase of x")}, RoleManager, dept)
	ok(t, err)
	if n, err := forkOn(t, a, b); err != nil || n != 1 {
		t.Fatalf("rebase of a grant over a revocation: %d entries, %v", n, err)
	}
	syncKeyring(t, b, a)
	sc, err := a.DepartmentScope(dept)
	ok(t, err)
	deptKey, storeKey := currentKey(t, a, sc), currentKey(t, a, storageScope)
	a.Lock()
	b.Lock()
	for _, v := range []*Vault{a.v, b.v} {
		holdsKey(t, v, "x@example.test", "passphrase of x", deptKey)
		holdsKey(t, v, "x@example.test", "passphrase of x", storeKey)
	}
}

// TestRule_AStaffRotationRebasedOverANewDepartmentSealsItUnderTheNewStaffKey: B revokes an HR
// user (the staff key rotates and every scope's staff copy is sealed anew) while A makes a
// department, whose staff copy A sealed under the old staff key. After B's rebase an HR user
// opens the new department with the new staff key. Fails without sealing the staff copies anew.
func TestRule_AStaffRotationRebasedOverANewDepartmentSealsItUnderTheNewStaffKey(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	h, err := a.AddUser(NewUser{Email: "h@example.test", Passphrase: []byte("passphrase of h")}, RoleUser)
	ok(t, err)
	_, err = a.AddUser(NewUser{Email: "k@example.test", Passphrase: []byte("passphrase of k")}, RoleUser)
	ok(t, err)
	syncKeyring(t, a, b)
	dept := NewID()
	ok(t, a.NewDepartments(dept))
	ok(t, b.Revoke(h))
	if n, err := forkOn(t, a, b); err != nil || n != 1 {
		t.Fatalf("rebase of a staff rotation over a new department: %d entries, %v", n, err)
	}
	syncKeyring(t, b, a)
	sc, err := b.DepartmentScope(dept)
	ok(t, err)
	deptKey := currentKey(t, b, sc)
	a.Lock()
	b.Lock()
	for _, v := range []*Vault{a.v, b.v} {
		holdsKey(t, v, "k@example.test", "passphrase of k", deptKey)
	}
}

// TestRule_TwoRevocationsOnTwoPCsStayAFork: each revocation rotates the storage and directory
// scopes, so two at once cannot both be signed (the PCs re-sealed under different new keys):
// the rebase refuses and B's keyring stays as it was.
func TestRule_TwoRevocationsOnTwoPCsStayAFork(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	m1, err := a.AddUser(NewUser{Email: "m1@example.test", Passphrase: []byte("passphrase of m1")}, RoleManager)
	ok(t, err)
	m2, err := a.AddUser(NewUser{Email: "m2@example.test", Passphrase: []byte("passphrase of m2")}, RoleManager)
	ok(t, err)
	syncKeyring(t, a, b)
	ok(t, a.Revoke(m1))
	ok(t, b.Revoke(m2))
	before, err := os.ReadFile(filepath.Join(b.v.dir, logFile))
	ok(t, err)
	if _, err := forkOn(t, a, b); !errors.Is(err, ErrKeyringFork) {
		t.Fatalf("rebase of a revocation over another: %v, want a fork", err)
	}
	after, err := os.ReadFile(filepath.Join(b.v.dir, logFile))
	ok(t, err)
	if !bytes.Equal(before, after) {
		t.Fatal("a refused rebase changed B's keyring log")
	}
}

// TestRule_ARevokedUserTakingUpTheRotationLeavesTheFolderOpenForItsOtherUsers: two HR users
// share PC B. An admin revokes one of them on PC A, which rotates every scope, the storage scope
// among them, and finishes (the old keys are dropped). When the revoked user's session on B
// takes up A's entries it cannot get the new storage key, so it must not write the entry that
// drops the old one: the other user unlocks B afterwards and takes it up, and B's store then
// opens under the new key. Fails when the revoked session writes every entry.
func TestRule_ARevokedUserTakingUpTheRotationLeavesTheFolderOpenForItsOtherUsers(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	u1, err := a.AddUser(NewUser{Email: "u1@example.test", Passphrase: []byte("passphrase of u1")}, RoleUser)
	ok(t, err)
	_, err = a.AddUser(NewUser{Email: "u2@example.test", Passphrase: []byte("passphrase of u2")}, RoleUser)
	ok(t, err)
	syncKeyring(t, a, b)
	ok(t, a.Revoke(u1))
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	vb := b.v
	b.Lock()
	s1, err := vb.Unlock("u1@example.test", []byte("passphrase of u1"))
	ok(t, err)
	if _, err := s1.ApplyKeyringEntries(lines); !errors.Is(err, ErrRevoked) {
		t.Fatalf("the revoked user's session taking up the revocation: %v, want ErrRevoked", err)
	}
	s2, err := vb.Unlock("u2@example.test", []byte("passphrase of u2"))
	if err != nil {
		t.Fatalf("the other user of the folder no longer unlocks: %v", err)
	}
	if _, err := s2.ApplyKeyringEntries(lines); err != nil {
		t.Fatalf("the other user taking up the rotation: %v", err)
	}
	want := s2.ks.scopes[storageScope].epoch
	if s2.storeEpoch != want {
		t.Fatalf("the store is under storage epoch %d, want %d", s2.storeEpoch, want)
	}
	s2.Lock()
	s2, err = vb.Unlock("u2@example.test", []byte("passphrase of u2"))
	if err != nil {
		t.Fatalf("unlock after the rotation was taken up: %v", err)
	}
	s2.Lock()
	if _, err := vb.Unlock(testEmail, []byte(testPass)); err != nil {
		t.Fatalf("the admin no longer unlocks B: %v", err)
	}
}

// TestAttack_ARevokedUsersOldStorageKeyOpensNoOtherPCsStoreOnceTheRotationIsTakenUp: a manager
// revoked on PC A keeps the storage key they held and a copy of PC B's folder made later. Once
// B has taken up A's finished rotation, B's store is encrypted under the new storage key: the
// old key opens none of its files, as on the PC that revoked. Fails while B keeps its store
// under the old key (before, B could not even open it again itself).
func TestAttack_ARevokedUsersOldStorageKeyOpensNoOtherPCsStoreOnceTheRotationIsTakenUp(t *testing.T) {
	a, b, _, _, dirB := replicaPair(t)
	m, err := a.AddUser(NewUser{Email: "m@example.test", Passphrase: []byte("passphrase of m")}, RoleManager)
	ok(t, err)
	syncKeyring(t, a, b)
	kept := bytes.Clone(b.ks.scopes[storageScope].key) // what the manager holds too
	ok(t, a.Revoke(m))
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	syncKeyring(t, a, b)
	b.Lock()
	ok(t, b.v.Close())
	db, err := store.Open(store.Options(filepath.Join(dirB, dataDir), kept, slog.New(slog.DiscardHandler)))
	if err == nil {
		_ = db.Close()
		t.Fatal("the revoked manager's storage key still opens B's store")
	}
	if !errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		t.Fatalf("opening B's store with the old key: %v, want a key mismatch", err)
	}
	v, err := Open(dirB, testOptions(nil))
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	if _, err := v.Unlock(testEmail, []byte(testPass)); err != nil {
		t.Fatalf("B no longer unlocks after taking up the rotation: %v", err)
	}
}

// TestRule_RecordsWrittenOfflineUnderAKeyAnotherPCsRotationDroppedStayReadable: PC B, offline,
// writes a record of a department while an admin on PC A revokes the department's manager and
// finishes the re-seal (A never had B's record, so A did not re-seal it) and drops the old key.
// When B takes up A's entries it seals its record again under the new key before it writes the
// entry that drops the old one: B still reads it, and A reads it once B has sent it. Fails when
// B's record stays under the dropped key (nobody could open it again).
func TestRule_RecordsWrittenOfflineUnderAKeyAnotherPCsRotationDroppedStayReadable(t *testing.T) {
	a, b, dept, m := managedPair(t)
	sc, err := b.DepartmentScope(dept)
	ok(t, err)
	id, secret := NewID(), "written on B while it was offline"
	put(t, b, id, sc, secret)
	ok(t, a.Revoke(m))
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	syncKeyring(t, a, b)
	if e := b.v.keyringSnapshot().st.scope(sc); e.Previous != nil {
		t.Fatal("A's rotation is not finished on B: this test tests nothing")
	}
	if got, err := get(b, id); err != nil || string(got) != secret {
		t.Fatalf("B reads its own record after A's rotation: %q, %v", got, err)
	}
	push(t, b, a)
	if got, err := get(a, id); err != nil || string(got) != secret {
		t.Fatalf("A reads B's record after B sent it: %q, %v", got, err)
	}
}

// TestRule_TwoRotationsOfOneScopeTakenUpAtOnceKeepThisPCsRecordsReadable: PC B, offline, wrote a
// record of a department while PC A revoked two of its managers one after the other, each
// rotation finished; B takes up the four entries at once. Its record, sealed again under the
// first new epoch when that one's predecessor was dropped, is sealed again under the second
// when the first is dropped. Fails when the session's keys do not follow the entries (the
// second step cannot open what the first sealed).
func TestRule_TwoRotationsOfOneScopeTakenUpAtOnceKeepThisPCsRecordsReadable(t *testing.T) {
	a, b, dept, m := managedPair(t)
	m2, err := a.AddUser(NewUser{Email: "m2@example.test", Passphrase: []byte("passphrase of m2")}, RoleManager, dept)
	ok(t, err)
	syncKeyring(t, a, b)
	sc, err := b.DepartmentScope(dept)
	ok(t, err)
	id := NewID()
	put(t, b, id, sc, "written on B while it was offline")
	for _, u := range []UserID{m, m2} {
		ok(t, a.Revoke(u))
		ok(t, a.Rotate(t.Context(), RotateOptions{}))
	}
	syncKeyring(t, a, b)
	if e := b.v.keyringSnapshot().st.scope(sc); e.Epoch < 3 || e.Previous != nil {
		t.Fatalf("the department is at epoch %d after two finished rotations", e.Epoch)
	}
	if got, err := get(b, id); err != nil || string(got) != "written on B while it was offline" {
		t.Fatalf("B reads its own record after two rotations: %q, %v", got, err)
	}
}
