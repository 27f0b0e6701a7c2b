package vault

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// sessionClock is a clock the tests move forward.
type sessionClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *sessionClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *sessionClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// sessionFixture is a vault with a user of role user, their exported session and its token.
type sessionFixture struct {
	dir, path, token string
	v                *Vault
	admin            *Session
	user             UserID
	blob             []byte
	clock            *sessionClock
}

const sessionUserEmail = "hr@example.test"

func newSessionFixture(t *testing.T, maxAge time.Duration) *sessionFixture {
	t.Helper()
	clock := &sessionClock{t: time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)}
	dir, v, s, _ := newTestVault(t, testOptions(nil).WithNow(clock.now))
	uid, err := s.AddUser(NewUser{Email: sessionUserEmail, Passphrase: []byte("hr passphrase")}, RoleUser)
	ok(t, err)
	s.Lock()
	us, err := v.Unlock(sessionUserEmail, []byte("hr passphrase"))
	ok(t, err)
	f := &sessionFixture{dir: dir, path: filepath.Join(t.TempDir(), "a.session"), token: NewSessionToken(),
		v: v, user: uid, clock: clock}
	f.blob, _, err = us.ExportSession(f.token, f.path, maxAge)
	ok(t, err)
	us.Lock()
	return f
}

// resume resumes f's session and locks it again, keeping the refreshed file.
func (f *sessionFixture) resume(t *testing.T) error {
	t.Helper()
	s, out, err := f.v.ResumeSession(f.token, f.path, f.blob)
	if err != nil {
		return err
	}
	f.blob = out
	s.Lock()
	return nil
}

func TestRule_ASessionResumesAsTheSameUserWithTheSameRole(t *testing.T) {
	f := newSessionFixture(t, 0)
	s, out, err := f.v.ResumeSession(f.token, f.path, f.blob)
	ok(t, err)
	defer s.Lock()
	if s.UserID() != f.user || s.Role() != RoleUser {
		t.Fatalf("resumed as %s (%s), want the user of role user who exported it", s.UserID(), s.Role())
	}
	if !s.HasScope(storageScope) || s.HasScope(adminScope) {
		t.Fatal("a resumed session must hold exactly the user's keys")
	}
	if bytes.Equal(out, f.blob) {
		t.Fatal("a resume must write the file back with its last use moved")
	}
}

func TestRule_AWrongTokenDoesNotOpenASession(t *testing.T) {
	f := newSessionFixture(t, 0)
	for _, tok := range []string{NewSessionToken(), "kls1_short", "", strings.TrimPrefix(f.token, "kls1_")} {
		_, _, err := f.v.ResumeSession(tok, f.path, f.blob)
		wantErr(t, err, ErrSessionInvalid)
	}
}

func TestRule_ASessionFileWithATamperedExpiryDoesNotOpen(t *testing.T) {
	f := newSessionFixture(t, time.Hour)
	var m map[string]any
	ok(t, json.Unmarshal(f.blob, &m))
	for _, field := range []string{"expires", "last_used"} {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		c[field] = f.clock.now().Add(24 * time.Hour).Format(time.RFC3339Nano)
		blob, err := json.Marshal(c)
		ok(t, err)
		_, _, err = f.v.ResumeSession(f.token, f.path, blob)
		wantErr(t, err, ErrSessionInvalid)
	}
	c := map[string]any{}
	for k, v := range m {
		c[k] = v
	}
	c["idle_seconds"] = 999999
	blob, _ := json.Marshal(c)
	_, _, err := f.v.ResumeSession(f.token, f.path, blob)
	wantErr(t, err, ErrSessionInvalid)
}

func TestRule_ASessionFileCopiedElsewhereDoesNotOpen(t *testing.T) {
	f := newSessionFixture(t, 0)
	other := filepath.Join(t.TempDir(), filepath.Base(f.path))
	_, _, err := f.v.ResumeSession(f.token, other, f.blob)
	wantErr(t, err, ErrSessionInvalid)
	// Nor against another vault folder (a copy of this one elsewhere).
	_, v2, s2, _ := newTestVault(t, testOptions(nil).WithNow(f.clock.now))
	s2.Lock()
	_, _, err = v2.ResumeSession(f.token, f.path, f.blob)
	wantErr(t, err, ErrSessionInvalid)
}

func TestRule_ASessionEndsAfterTheVaultsIdleTime(t *testing.T) {
	f := newSessionFixture(t, 0)
	f.clock.add(DefaultIdleLock - time.Minute)
	ok(t, f.resume(t)) // used within the idle time: the idle clock restarts
	f.clock.add(DefaultIdleLock - time.Minute)
	ok(t, f.resume(t))
	f.clock.add(DefaultIdleLock)
	wantErr(t, f.resume(t), ErrSessionExpired)
}

func TestRule_ASessionEndsAtItsMaximumAgeEvenWhenUsed(t *testing.T) {
	f := newSessionFixture(t, 30*time.Minute)
	for range 5 {
		f.clock.add(5 * time.Minute)
		ok(t, f.resume(t))
	}
	f.clock.add(5 * time.Minute) // 30 minutes after unlock
	wantErr(t, f.resume(t), ErrSessionExpired)
}

func TestRule_ASessionCannotOutliveTheMaximum(t *testing.T) {
	f := newSessionFixture(t, 0)
	s, err := f.v.Unlock(sessionUserEmail, []byte("hr passphrase"))
	ok(t, err)
	defer s.Lock()
	if _, _, err := s.ExportSession(NewSessionToken(), f.path, MaxSessionAge+time.Minute); err == nil {
		t.Fatal("a session longer than the maximum must be refused")
	}
}

func TestRule_ARevokedUsersSessionIsRefusedAtTheNextCommand(t *testing.T) {
	f := newSessionFixture(t, 0)
	ok(t, f.resume(t))
	admin, err := f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	ok(t, admin.Revoke(f.user))
	admin.Lock()
	wantErr(t, f.resume(t), ErrRevoked)
}

func TestRule_ASessionDoesNotHoldTheVaultWhileNoCommandRuns(t *testing.T) {
	f := newSessionFixture(t, 0)
	ok(t, f.resume(t))
	// Between commands the vault can be unlocked (the window) as anybody.
	s, err := f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	// While it is, the session cannot resume: one unlocked session at a time.
	_, _, err = f.v.ResumeSession(f.token, f.path, f.blob)
	wantErr(t, err, ErrInUse)
	s.Lock()
	ok(t, f.resume(t))
}

func TestRule_TheSessionFileHoldsNoTokenAndNoKeyInClear(t *testing.T) {
	f := newSessionFixture(t, 0)
	raw, err := parseSessionToken(f.token)
	ok(t, err)
	s, err := f.v.Unlock(sessionUserEmail, []byte("hr passphrase"))
	ok(t, err)
	x := s.xpriv.Bytes()
	seed := s.signer.Seed()
	s.Lock()
	for name, secret := range map[string][]byte{"token": []byte(f.token), "token bytes": raw, "x25519 key": x, "ed25519 seed": seed} {
		if bytes.Contains(f.blob, secret) || bytes.Contains(f.blob, []byte(base64.StdEncoding.EncodeToString(secret))) {
			t.Fatalf("the session file holds the %s in clear", name)
		}
	}
	name, err := SessionFileName(f.token)
	ok(t, err)
	if strings.Contains(f.token, strings.TrimSuffix(name, ".session")) {
		t.Fatal("the file name must not reveal the token")
	}
}

func TestRule_SettingTheClockBackDoesNotStretchASession(t *testing.T) {
	f := newSessionFixture(t, 0)
	f.clock.add(-time.Minute) // a small time-sync correction is fine
	ok(t, f.resume(t))
	f.clock.add(-time.Hour)
	wantErr(t, f.resume(t), ErrSessionExpired)
}

func TestRule_AShorterIdleTimeSetAfterUnlockAppliesToTheSession(t *testing.T) {
	f := newSessionFixture(t, 0)
	admin, err := f.v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	ok(t, admin.SetIdleLock(2*time.Minute))
	admin.Lock()
	f.clock.add(3 * time.Minute)
	wantErr(t, f.resume(t), ErrSessionExpired)
}
