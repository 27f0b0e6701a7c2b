package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/vault"
)

// sessionWorld is a vault with one employee and a user config folder, on a clock tests move.
type sessionWorld struct {
	t      *testing.T
	dir    string
	config string
	mu     sync.Mutex
	clock  time.Time
	stderr bytes.Buffer // every command's stderr: the command line's log
}

func newSessionWorld(t *testing.T) *sessionWorld {
	t.Helper()
	w := &sessionWorld{t: t, dir: newVault(t), config: filepath.Join(t.TempDir(), "config"), clock: time.Now()}
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := w.run(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}, "import", "--vault", w.dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	return w
}

func (w *sessionWorld) now() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.clock }

func (w *sessionWorld) advance(d time.Duration) { w.mu.Lock(); w.clock = w.clock.Add(d); w.mu.Unlock() }

func (w *sessionWorld) options() Options {
	o := testOptions()
	o.Vault = o.Vault.WithNow(w.now)
	return o
}

// run runs kluis with these variables in w's config folder.
func (w *sessionWorld) run(vars map[string]string, args ...string) (*testEnv, int) {
	w.t.Helper()
	te := newTestEnv(w.t, vars)
	te.UserConfigDir = func() (string, error) { return w.config, nil }
	te.Options = w.options()
	code := Run(args, te.Env)
	w.stderr.Write(te.errOut.Bytes())
	return te, code
}

// unlock runs kluis unlock (extra flags allowed) and returns the token it printed.
func (w *sessionWorld) unlock(vars map[string]string, extra ...string) string {
	w.t.Helper()
	te, code := w.run(vars, append([]string{"unlock", "--vault", w.dir, "--raw"}, extra...)...)
	if code != ExitOK {
		w.t.Fatalf("unlock exit %d: %s", code, te.errOut)
	}
	token := strings.TrimSpace(te.out.String())
	if !strings.HasPrefix(token, "kls1_") {
		w.t.Fatalf("unlock --raw printed %q, want a token", token)
	}
	return token
}

// search runs kluis search with only the session token (no passphrase anywhere).
func (w *sessionWorld) search(token string, extra ...string) (*testEnv, int) {
	w.t.Helper()
	return w.run(map[string]string{"KLUIS_SESSION": token}, append([]string{"search", "--vault", w.dir}, extra...)...)
}

func (w *sessionWorld) sessionFiles() []string {
	return sessionFiles(filepath.Join(w.config, "Kluis", "sessions"))
}

func TestRule_AfterUnlockCommandsRunWithTheTokenAloneAndTheVaultStaysFreeBetweenThem(t *testing.T) {
	w := newSessionWorld(t)
	te, code := w.run(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}, "unlock", "--vault", w.dir)
	if code != ExitOK || !strings.HasPrefix(te.out.String(), "export KLUIS_SESSION=\"kls1_") {
		t.Fatalf("unlock exit %d, stdout %q (want an export line a shell can eval): %s", code, te.out, te.errOut)
	}
	token := strings.Trim(strings.TrimPrefix(strings.TrimSpace(te.out.String()), "export KLUIS_SESSION="), `"`)
	for range 3 {
		te, code := w.search(token, "00042")
		if code != ExitOK || !strings.Contains(te.out.String(), "Jansen") {
			t.Fatalf("search with the session: exit %d %s%s", code, te.out, te.errOut)
		}
		// Between commands nothing holds the vault's process lock: the window can open it.
		v, err := vault.Open(w.dir, w.options().Vault)
		if err != nil {
			t.Fatalf("the session holds the vault between commands: %v", err)
		}
		_ = v.Close()
	}
	if info, err := os.Stat(w.sessionFiles()[0]); err != nil || (info.Mode().Perm()&0o077 != 0 && os.PathSeparator == '/') {
		t.Fatalf("the session file must be the user's only: %v %v", info.Mode(), err)
	}
}

func TestRule_CommandsInASessionAreAuditedAsTheUserWhoUnlocked(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if te, code := w.search(token, "jans"); code != ExitOK {
		t.Fatalf("search: exit %d %s", code, te.errOut)
	}
	var events []audit.Event
	var admin vault.UserID
	withAdmin(t, w, func(s *vault.Session) (err error) {
		admin = s.UserID()
		events, err = audit.New(s, nil).List()
		return err
	})
	found := false
	for _, e := range events {
		if e.Action == audit.ActionSearch {
			found = true
			if e.User != admin {
				t.Fatalf("the search was audited as %s, want the admin who unlocked", e.User)
			}
		}
	}
	if !found {
		t.Fatal("the search in the session was not audited")
	}
}

func TestRule_AnExpiredSessionIsRefusedInDutchAndEnglishAndItsFileRemoved(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	w.advance(vault.DefaultIdleLock + time.Second) // the window's idle lock: 10 minutes by default
	te, code := w.search(token, "00042")
	if code != ExitDenied || !strings.Contains(te.errOut.String(), "has expired") || !strings.Contains(te.errOut.String(), "is verlopen") {
		t.Fatalf("expired session: exit %d, stderr %q", code, te.errOut)
	}
	if n := len(w.sessionFiles()); n != 0 {
		t.Fatalf("%d session files remain after expiry", n)
	}
	if strings.Contains(te.out.String(), "Jansen") {
		t.Fatal("an expired session printed data")
	}
}

func TestRule_ASessionEndsAtItsMaximumEvenWhenUsedEveryFewMinutes(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}, "--max", "20m")
	for range 3 {
		w.advance(6 * time.Minute)
		if te, code := w.search(token, "00042"); code != ExitOK {
			t.Fatalf("search within the session: exit %d %s", code, te.errOut)
		}
	}
	w.advance(3 * time.Minute) // 21 minutes after unlock
	if te, code := w.search(token, "00042"); code != ExitDenied || !strings.Contains(te.errOut.String(), "expired") {
		t.Fatalf("past the maximum: exit %d %s", code, te.errOut)
	}
}

func TestRule_AWrongTokenIsRefused(t *testing.T) {
	w := newSessionWorld(t)
	w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	for _, tok := range []string{vault.NewSessionToken(), "not-a-token"} {
		te, code := w.search(tok, "00042")
		if code != ExitDenied || !strings.Contains(te.errOut.String(), "not valid") || !strings.Contains(te.errOut.String(), "niet geldig") {
			t.Fatalf("wrong token %q: exit %d %s", tok, code, te.errOut)
		}
	}
}

func TestRule_KluisLockMakesTheNextCommandFailAndRemovesTheFile(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if te, code := w.run(map[string]string{"KLUIS_SESSION": token}, "lock"); code != ExitOK {
		t.Fatalf("lock: exit %d %s", code, te.errOut)
	}
	if n := len(w.sessionFiles()); n != 0 {
		t.Fatalf("%d session files remain after kluis lock", n)
	}
	if te, code := w.search(token, "00042"); code != ExitDenied {
		t.Fatalf("search after lock: exit %d %s", code, te.errOut)
	}
	// --all ends every session of the account.
	w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if _, code := w.run(nil, "lock", "--all"); code != ExitOK || len(w.sessionFiles()) != 0 {
		t.Fatalf("lock --all: exit %d, %d files left", code, len(w.sessionFiles()))
	}
}

func TestRule_ASessionFileCopiedToAnotherFolderDoesNotOpen(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	src := w.sessionFiles()[0]
	other := filepath.Join(t.TempDir(), "other-config")
	dst := filepath.Join(other, "Kluis", "sessions", filepath.Base(src))
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(src)
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	w.config = other
	if te, code := w.search(token, "00042"); code != ExitDenied || !strings.Contains(te.errOut.String(), "not valid") {
		t.Fatalf("copied session file: exit %d %s", code, te.errOut)
	}
}

func TestRule_ASessionForAnotherUserThanUserIsRefused(t *testing.T) {
	w := newSessionWorld(t)
	addUser(t, w, "hr@korenaar.example", "hr passphrase")
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": "hr passphrase"}, "--user", "hr@korenaar.example")
	if _, code := w.search(token, "--user", "hr@korenaar.example", "00042"); code != ExitOK {
		t.Fatal("the session's own user must be accepted with --user")
	}
	if te, code := w.search(token, "--user", "petra@korenaar.example", "00042"); code != ExitDenied {
		t.Fatalf("a session used with another --user: exit %d %s", code, te.errOut)
	}
}

func TestRule_ARevokedUsersSessionIsRefusedAtTheNextCommand(t *testing.T) {
	w := newSessionWorld(t)
	id := addUser(t, w, "hr@korenaar.example", "hr passphrase")
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": "hr passphrase"}, "--user", "hr@korenaar.example")
	if te, code := w.search(token, "00042"); code != ExitOK {
		t.Fatalf("search before revocation: exit %d %s", code, te.errOut)
	}
	withAdmin(t, w, func(s *vault.Session) error { return s.Revoke(id) })
	te, code := w.search(token, "00042")
	if code != ExitDenied || !strings.Contains(te.errOut.String(), "revoked") || !strings.Contains(te.errOut.String(), "ingetrokken") {
		t.Fatalf("revoked user's session: exit %d %s", code, te.errOut)
	}
	if n := len(w.sessionFiles()); n != 0 {
		t.Fatalf("a revoked user's session file remains (%d)", n)
	}
}

func TestRule_TheTokenIsNeverWrittenToDiskOrTheLog(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	w.search(token, "00042")
	w.search(token, "--json", "jans")
	w.search(vault.NewSessionToken(), "00042") // a failure path too
	secret := strings.TrimPrefix(token, "kls1_")
	if strings.Contains(w.stderr.String(), secret) {
		t.Fatal("the token is in the command line's log (stderr)")
	}
	for _, root := range []string{w.config, w.dir} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err == nil && bytes.Contains(b, []byte(secret)) {
				t.Errorf("the token is on disk in %s", p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(w.sessionFiles()) != 1 {
		t.Fatal("the canary needs the session file to exist while it looks")
	}
}

func TestRule_UnlockAsksForThePassphraseEvenInsideASession(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	te, code := w.run(map[string]string{"KLUIS_SESSION": token}, "unlock", "--vault", w.dir)
	if code != ExitUsage || !strings.Contains(te.errOut.String(), "no passphrase") {
		t.Fatalf("unlock with only a session: exit %d %s", code, te.errOut)
	}
}

// addUser adds a user of role user through the vault (the command line has no such command).
func addUser(t *testing.T, w *sessionWorld, email, pass string) vault.UserID {
	t.Helper()
	var id vault.UserID
	withAdmin(t, w, func(s *vault.Session) error {
		var err error
		id, err = s.AddUser(vault.NewUser{Email: email, Passphrase: []byte(pass)}, vault.RoleUser)
		return err
	})
	return id
}

func withAdmin(t *testing.T, w *sessionWorld, f func(*vault.Session) error) {
	t.Helper()
	withAdminAt(t, w.dir, w.options().Vault, f)
}

func TestRule_ASessionUsedWithAnotherVaultByMistakeIsRefusedAndKeptForItsOwn(t *testing.T) {
	w := newSessionWorld(t)
	token := w.unlock(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	other := newVault(t)
	te, code := w.run(map[string]string{"KLUIS_SESSION": token}, "search", "--vault", other, "00042")
	if code != ExitDenied || !strings.Contains(te.errOut.String(), "another vault") {
		t.Fatalf("session of another vault: exit %d %s", code, te.errOut)
	}
	if te, code := w.search(token, "00042"); code != ExitOK {
		t.Fatalf("the session must still work for its own vault: exit %d %s", code, te.errOut)
	}
}
