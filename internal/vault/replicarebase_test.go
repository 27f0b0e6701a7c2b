package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
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
