package vault

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRule_RoundTripSurvivesCloseAndOpen(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	id := NewID()
	put(t, s, id, s.DirectoryScope(), "hello")
	if s.Role() != RoleAdmin {
		t.Fatalf("role %q", s.Role())
	}
	ok(t, v.Close())
	if !s.Locked() {
		t.Fatal("Close did not lock the session")
	}
	v2, err := Open(dir, testOptions(nil))
	ok(t, err)
	defer v2.Close()
	s2, err := v2.Unlock("  ADMIN@example.test ", []byte(testPass)) // e-mail is trimmed and case-folded
	ok(t, err)
	defer s2.Lock()
	got, err := get(s2, id)
	ok(t, err)
	if string(got) != "hello" {
		t.Fatalf("got %q", got)
	}
	if s2.UserID() != s.UserID() {
		t.Fatal("user id changed")
	}
	_, err = get(s2, NewID())
	wantErr(t, err, ErrNotFound)
}

func TestRule_OpenMissingVaultIsNotFound(t *testing.T) {
	_, err := Open(t.TempDir(), testOptions(nil))
	wantErr(t, err, ErrNotFound)
	if ok2, err := Exists(t.TempDir()); ok2 || err != nil {
		t.Fatal("Exists on an empty folder")
	}
}

func TestRule_CreateRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	ok(t, os.WriteFile(filepath.Join(dir, "x"), nil, 0o600))
	_, _, _, err := Create(dir, NewUser{Email: testEmail, Passphrase: []byte(testPass)}, testOptions(nil))
	wantErr(t, err, ErrExists)
}

func TestRule_CreateRefusesWeakKDF(t *testing.T) {
	_, _, _, err := Create(t.TempDir(), NewUser{Email: testEmail, Passphrase: []byte(testPass)},
		Options{}.WithKDF(KDFParams{MemoryKiB: 8, Time: 1, Threads: 1}))
	wantErr(t, err, ErrWeakParams)
}

func TestRule_WrongPassphraseAndUnknownEmailGiveTheSameError(t *testing.T) {
	log := &syncBuffer{}
	_, v, s, _ := newTestVault(t, testOptions(log))
	s.Lock()
	_, err := v.Unlock(testEmail, []byte("wrong"))
	wantErr(t, err, ErrWrongPassphrase)
	_, err2 := v.Unlock("nobody@example.test", []byte(testPass))
	wantErr(t, err2, ErrWrongPassphrase)
	if err.Error() != err2.Error() {
		t.Fatalf("errors differ: %q vs %q", err, err2)
	}
	if strings.Contains(log.String(), "example.test") {
		t.Fatalf("log names an e-mail:\n%s", log)
	}
	if !strings.Contains(log.String(), s.UserID().String()) {
		t.Fatalf("log does not name the user id:\n%s", log)
	}
}

func TestRule_BackoffAfterThreeFailuresPersistsAcrossReopen(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	opts := testOptions(nil).WithNow(func() time.Time { return now })
	dir, v, s, _ := newTestVault(t, opts)
	s.Lock()
	for i := range 3 {
		_, err := v.Unlock(testEmail, []byte("wrong"))
		wantErr(t, err, ErrWrongPassphrase)
		_ = i
	}
	_, err := v.Unlock(testEmail, []byte(testPass))
	var tm *TooManyAttemptsError
	if !errors.As(err, &tm) || !errors.Is(err, ErrTooManyAttempts) {
		t.Fatalf("4th attempt: %v", err)
	}
	if want := now.Add(time.Second); !tm.RetryAt.Equal(want) {
		t.Fatalf("retry at %v, want %v", tm.RetryAt, want)
	}
	ok(t, v.Close())

	v, err = Open(dir, opts)
	ok(t, err)
	defer v.Close()
	_, err = v.Unlock(testEmail, []byte(testPass))
	wantErr(t, err, ErrTooManyAttempts)

	now = now.Add(2 * time.Second)
	_, err = v.Unlock(testEmail, []byte("wrong")) // 4th failure: next wait 2 s
	wantErr(t, err, ErrWrongPassphrase)
	_, err = v.Unlock(testEmail, []byte(testPass))
	if !errors.As(err, &tm) || !tm.RetryAt.Equal(now.Add(2*time.Second)) {
		t.Fatalf("after 4 failures: %v", err)
	}
	now = now.Add(3 * time.Second)
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	s.Lock()
	if c := v.keyringSnapshot().local.Users[0].Failures.Count; c != 0 {
		t.Fatalf("success left the counter at %d", c)
	}
}

func TestRule_BackoffGrowsAndIsCapped(t *testing.T) {
	for n, want := range map[int]time.Duration{0: 0, 2: 0, 3: time.Second, 4: 2 * time.Second, 10: 128 * time.Second, 11: 256 * time.Second, 12: maxBackoff, 100: maxBackoff} {
		if got := backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestRule_RecoveryCodeSetsNewPassphraseAndOldStopsWorking(t *testing.T) {
	_, v, s, code := newTestVault(t, testOptions(nil))
	id := NewID()
	put(t, s, id, s.DirectoryScope(), "kept")
	s.Lock()
	// A typo fails at once on the check characters.
	bad := []byte(code.String())
	if bad[0] == '0' {
		bad[0] = '1'
	} else {
		bad[0] = '0'
	}
	wantErr(t, v.Recover(string(bad), testEmail, []byte("new pass")), ErrRecoveryCodeInvalid)
	wantErr(t, v.Recover(code.String(), "other@example.test", []byte("new pass")), ErrDenied)
	// Lower case, spaces instead of dashes: still accepted.
	loose := strings.ToLower(strings.ReplaceAll(code.String(), "-", " "))
	ok(t, v.Recover(loose, testEmail, []byte("new pass")))
	_, err := v.Unlock(testEmail, []byte(testPass))
	wantErr(t, err, ErrWrongPassphrase)
	s, err = v.Unlock(testEmail, []byte("new pass"))
	ok(t, err)
	defer s.Lock()
	got, err := get(s, id)
	ok(t, err)
	if string(got) != "kept" {
		t.Fatalf("got %q", got)
	}
}

func TestRule_RecoveryCodeFormat(t *testing.T) {
	code, secret := newRecoveryCode()
	if len(code) != 36+8 || strings.Count(string(code), "-") != 8 {
		t.Fatalf("code %q is not nine groups of four", code)
	}
	got, err := parseRecoveryCode(string(code))
	ok(t, err)
	if !bytes.Equal(got, secret) {
		t.Fatal("round trip")
	}
	// Crockford look-alikes: O for 0, I/L for 1.
	alike := strings.NewReplacer("0", "o", "1", "l").Replace(string(code))
	if _, err := parseRecoveryCode(alike); err != nil {
		t.Fatalf("look-alikes: %v", err)
	}
	for name, c := range map[string]string{"empty": "", "short": string(code[:20]), "bad char": strings.Replace(string(code), string(code[0]), "U", 1)} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseRecoveryCode(c); !errors.Is(err, ErrRecoveryCodeInvalid) {
				t.Fatalf("%v", err)
			}
		})
	}
}

func TestRule_ChangePassphrase(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	wantErr(t, s.ChangePassphrase([]byte("wrong"), []byte("next")), ErrWrongPassphrase)
	ok(t, s.ChangePassphrase([]byte(testPass), []byte("next")))
	s.Lock()
	_, err := v.Unlock(testEmail, []byte(testPass))
	wantErr(t, err, ErrWrongPassphrase)
	s, err = v.Unlock(testEmail, []byte("next"))
	ok(t, err)
	s.Lock()
}

func TestRule_SettingsIdleLockAdminOnlyAndInRange(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	if v.Settings().IdleLock != DefaultIdleLock {
		t.Fatalf("default idle lock %v", v.Settings().IdleLock)
	}
	ok(t, s.SetIdleLock(30*time.Minute))
	if v.Settings().IdleLock != 30*time.Minute {
		t.Fatal("not stored")
	}
	for _, d := range []time.Duration{0, 241 * time.Minute, 90 * time.Second} {
		if err := s.SetIdleLock(d); err == nil {
			t.Errorf("SetIdleLock(%v) accepted", d)
		}
	}
	deptID, _ := newDept(t, s)
	_, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("user pass")}, RoleManager, deptID)
	ok(t, err)
	s.Lock()
	m, err := v.Unlock("user@example.test", []byte("user pass"))
	ok(t, err)
	defer m.Lock()
	wantErr(t, m.SetIdleLock(20*time.Minute), ErrDenied)
	wantErr(t, m.NewDepartments(NewID()), ErrDenied)
}

func TestRule_ScopesAreEnforcedByKeys(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptAID, deptA := newDept(t, s)
	_, deptB := newDept(t, s)
	a, b, d := NewID(), NewID(), NewID()
	put(t, s, a, deptA, "identity A")
	put(t, s, b, deptB, "identity B")
	put(t, s, d, s.DirectoryScope(), "directory")
	_, err := s.AddUser(NewUser{Email: "manager@example.test", Passphrase: []byte("pw")}, RoleManager, deptAID)
	ok(t, err)
	s.Lock()

	m, err := v.Unlock("manager@example.test", []byte("pw"))
	ok(t, err)
	defer m.Lock()
	if !m.HasScope(deptA) || m.HasScope(deptB) || !m.HasScope(m.DirectoryScope()) {
		t.Fatal("wrong scopes held")
	}
	if got, err := get(m, a); err != nil || string(got) != "identity A" {
		t.Fatalf("A: %q %v", got, err)
	}
	_, err = get(m, b)
	wantErr(t, err, ErrNoAccess)
	wantErr(t, m.Update(func(tx *Tx) error { return tx.Put(kindTest, NewID(), deptB, []byte("x")) }), ErrNoAccess)
	rep, err := m.Verify(context.Background(), VerifyOptions{})
	ok(t, err)
	if !rep.KeyringOK || rep.Opened != 2 || rep.Skipped != 1 || len(rep.Failures) != 0 {
		t.Fatalf("verify: %+v", rep)
	}
}

func TestRule_SecondSessionAndSecondOpenAreInUse(t *testing.T) {
	dir, v, _, _ := newTestVault(t, testOptions(nil))
	_, err := v.Unlock(testEmail, []byte(testPass))
	wantErr(t, err, ErrInUse)
	_, err = Open(dir, testOptions(nil))
	wantErr(t, err, ErrInUse)
	if strings.Contains(err.Error(), "Cannot acquire") {
		t.Fatalf("Badger's error leaked: %v", err)
	}
	ok(t, v.Close())
	v2, err := Open(dir, testOptions(nil))
	ok(t, err)
	ok(t, v2.Close())
}

func TestRule_LockedSessionRefusesEverything(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	scope := s.DirectoryScope()
	s.Lock()
	s.Lock() // twice is fine
	if !s.Locked() || s.HasScope(scope) {
		t.Fatal("locked session still claims keys")
	}
	calls := map[string]error{
		"View":             s.View(func(*Tx) error { return nil }),
		"Update":           s.Update(func(*Tx) error { return nil }),
		"WriteBatch":       s.WriteBatch(func(*Batch) error { return nil }),
		"SetIdleLock":      s.SetIdleLock(time.Hour),
		"ChangePassphrase": s.ChangePassphrase([]byte(testPass), []byte("x")),
		"NewDepartments":   s.NewDepartments(NewID()),
		"AppendAudit":      s.AppendAudit([]byte("x")),
	}
	_, calls["Verify"] = s.Verify(context.Background(), VerifyOptions{})
	_, calls["AddUser"] = s.AddUser(NewUser{Email: "x@y.z", Passphrase: []byte("p")}, RoleUser)
	_, calls["Departments"] = s.Departments()
	for name, err := range calls {
		t.Run(name, func(t *testing.T) { wantErr(t, err, ErrLocked) })
	}
}

func TestRule_BlindIndexFindsRecordsWithoutStoringTheValue(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	_, other := newDept(t, s)
	a, b := NewID(), NewID()
	ok(t, s.WriteBatch(func(bt *Batch) error {
		if err := bt.Put(kindTest, a, dept, []byte(`{"bsn":"111222333"}`)); err != nil {
			return err
		}
		if err := bt.SetIndex(dept, "bsn", []byte("111222333"), kindTest, a); err != nil {
			return err
		}
		return bt.SetIndex(dept, "bsn", []byte("123456782"), kindTest, b)
	}))
	ok(t, s.View(func(tx *Tx) error {
		ids, err := tx.Lookup(dept, "bsn", []byte("111222333"))
		if err != nil || len(ids) != 1 || ids[0] != a {
			t.Fatalf("lookup: %v %v", ids, err)
		}
		if ids, _ := tx.Lookup(other, "bsn", []byte("111222333")); len(ids) != 0 {
			t.Fatal("another scope's key found the entry")
		}
		if ids, _ := tx.Lookup(dept, "persnr", []byte("111222333")); len(ids) != 0 {
			t.Fatal("another field found the entry")
		}
		return nil
	}))
	ok(t, s.Update(func(tx *Tx) error { return tx.DeleteIndex(dept, "bsn", []byte("111222333"), kindTest, a) }))
	ok(t, s.View(func(tx *Tx) error {
		if ids, _ := tx.Lookup(dept, "bsn", []byte("111222333")); len(ids) != 0 {
			t.Fatal("deleted entry still found")
		}
		return nil
	}))
	ok(t, s.View(func(tx *Tx) error {
		if err := tx.SetIndex(dept, "BSN!", []byte("x"), kindTest, a); err == nil {
			t.Fatal("bad field name accepted")
		}
		if err := tx.Put(kindIndex, a, dept, []byte("x")); err == nil {
			t.Fatal("reserved kind accepted")
		}
		return nil
	}))
}

func TestRule_JSONHelpersAndIterate(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	type rec struct{ N int }
	ids := map[ID]int{}
	ok(t, s.Update(func(tx *Tx) error {
		for i := range 5 {
			id := NewID()
			ids[id] = i
			if err := PutJSON(tx, kindTest, id, s.DirectoryScope(), &rec{N: i}); err != nil {
				return err
			}
		}
		return PutJSON(tx, kindTest+1, NewID(), s.DirectoryScope(), &rec{N: 99})
	}))
	seen := 0
	ok(t, s.View(func(tx *Tx) error {
		for id, n := range ids {
			r, err := GetJSON[rec](tx, kindTest, id)
			if err != nil || r.N != n {
				t.Fatalf("GetJSON: %v %v", r, err)
			}
		}
		return tx.Iterate(kindTest, func(id ID, r Sealed) error {
			v, err := OpenJSON[rec](r)
			if err != nil || v.N != ids[id] || r.Scope() != s.DirectoryScope() {
				t.Fatalf("iterate: %v %v", v, err)
			}
			seen++
			return nil
		})
	}))
	if seen != 5 {
		t.Fatalf("iterated %d", seen)
	}
}

func TestRule_IDTextForm(t *testing.T) {
	id := NewID()
	back, err := ParseID(id.String())
	if err != nil || back != id {
		t.Fatal("round trip")
	}
	if _, err := ParseID("zz"); err == nil {
		t.Fatal("bad id accepted")
	}
	b, _ := json.Marshal(id)
	var id2 ID
	ok(t, json.Unmarshal(b, &id2))
	if id2 != id || hex.EncodeToString(id[:]) != id.String() {
		t.Fatal("json")
	}
}
