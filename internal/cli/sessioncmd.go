package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kluis/internal/atomicfile"
	"kluis/internal/vault"
)

// Command-line sessions (docs/adr/007-cli-session.md): `kluis unlock` writes a sealed session
// file under <user config dir>/Kluis/sessions and prints the token; commands run with
// KLUIS_SESSION set resume from it without the passphrase. The token is never written to disk
// or logged; only the sealed file is.

const sessionEnv = "KLUIS_SESSION"

const unlockUsage = "kluis unlock --vault DIR [--user EMAIL] [--passphrase-file FILE] [--max DURATION] [--raw]"

func runUnlock(c *context, args []string) int {
	fs := c.newFlags("unlock")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	maxAge := fs.Duration("max", vault.DefaultSessionAge, "the session ends this long after unlock at the latest (at most 24h)")
	raw := fs.Bool("raw", false, "print only the token")
	if code, ok := parse(fs, unlockUsage, args); !ok {
		return code
	}
	if *maxAge <= 0 || *maxAge > vault.MaxSessionAge {
		return c.usageError("unlock", "--max must be more than 0 and at most %s", vault.MaxSessionAge)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("unlock", "%v", err)
	}
	sessions, err := c.sessionsDir()
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis unlock: %v\n", err)
		return ExitFailed
	}
	c.sweepSessions(sessions)
	// An unlock always asks for the passphrase, even when KLUIS_SESSION is set.
	c.noSession = true
	ws, done, code := c.open("unlock", dir, *user, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	token := vault.NewSessionToken()
	name, err := vault.SessionFileName(token)
	if err != nil {
		return c.fail("unlock", err)
	}
	path := filepath.Join(sessions, name)
	blob, info, err := ws.Session().ExportSession(token, path, *maxAge)
	if err != nil {
		return c.fail("unlock", err)
	}
	if err := writeSessionFile(path, blob); err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis unlock: cannot write the session file: %v\n", err)
		return ExitFailed
	}
	if *raw {
		fmt.Fprintln(c.env.Stdout, token)
	} else {
		fmt.Fprintf(c.env.Stdout, "export %s=%q\n", sessionEnv, token)
	}
	idle, until := int(info.Idle/time.Minute), info.Expires.Local().Format("02-01-2006 15:04")
	fmt.Fprintf(c.env.Stderr, "kluis unlock: session started; it ends after %d minutes without use, at %s at the latest, or with kluis lock. / "+
		"sessie gestart; die eindigt na %d minuten zonder gebruik, uiterlijk om %s, of met kluis lock.\n", idle, until, idle, until)
	return ExitOK
}

const lockUsage = "kluis lock [--all]   (ends the session in KLUIS_SESSION; --all ends every session of this user account)"

func runLock(c *context, args []string) int {
	fs := c.newFlags("lock")
	all := fs.Bool("all", false, "end every command-line session of this user account")
	if code, ok := parse(fs, lockUsage, args); !ok {
		return code
	}
	sessions, err := c.sessionsDir()
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis lock: %v\n", err)
		return ExitFailed
	}
	if *all {
		n := 0
		for _, p := range sessionFiles(sessions) {
			if os.Remove(p) == nil {
				n++
			}
		}
		fmt.Fprintf(c.env.Stderr, "kluis lock: %d sessions ended / %d sessies beëindigd\n", n, n)
		return ExitOK
	}
	token := c.env.Getenv(sessionEnv)
	if token == "" {
		return c.usageError("lock", "%s is not set; nothing to end (use --all to end every session)", sessionEnv)
	}
	c.sweepSessions(sessions)
	name, err := vault.SessionFileName(token)
	if err != nil {
		return c.fail("lock", err)
	}
	err = os.Remove(filepath.Join(sessions, name))
	switch {
	case err == nil:
		fmt.Fprintln(c.env.Stderr, "kluis lock: session ended / sessie beëindigd")
	case errors.Is(err, os.ErrNotExist):
		fmt.Fprintln(c.env.Stderr, "kluis lock: the session had already ended / de sessie was al beëindigd")
	default:
		fmt.Fprintf(c.env.Stderr, "kluis lock: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

// resumeSession unlocks v from the session in KLUIS_SESSION and writes its file back. A session
// that expired or whose user lost access is removed from disk; one that does not open here (used
// with another vault folder by mistake) is kept for the vault it belongs to.
func (c *context) resumeSession(v *vault.Vault, token string) (*vault.Session, error) {
	sessions, err := c.sessionsDir()
	if err != nil {
		return nil, err
	}
	name, err := vault.SessionFileName(token)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(sessions, name)
	defer c.sweepSessions(sessions)
	blob, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: no such session (it ended, or the token is wrong)", vault.ErrSessionInvalid)
	}
	if err != nil {
		return nil, err
	}
	sess, out, err := v.ResumeSession(token, path, blob)
	if errors.Is(err, vault.ErrSessionExpired) || errors.Is(err, vault.ErrRevoked) {
		_ = os.Remove(path)
	}
	if err != nil {
		return nil, err
	}
	if err := writeSessionFile(path, out); err != nil {
		// The command may run; the idle clock just did not move.
		c.logger.Warn("cli: could not refresh the session file", "err", err)
	}
	return sess, nil
}

// sessionsDir is <user config dir>/Kluis/sessions, made private to the user.
func (c *context) sessionsDir() (string, error) {
	base, err := c.env.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config folder for the session: %w", err)
	}
	dir := filepath.Join(base, "Kluis", "sessions")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, os.Chmod(dir, 0o700)
}

func sessionFiles(dir string) []string {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.session"))
	return paths
}

// sweepSessions removes the session files whose clear part says they ended (or that are not
// session files), and temporary files left by a crash; best effort.
func (c *context) sweepSessions(dir string) {
	now := c.now()
	for _, p := range sessionFiles(dir) {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if info, err := vault.SessionFileInfo(b); err != nil || info.ExpiredAt(now) {
			_ = os.Remove(p)
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	for _, p := range tmps {
		if st, err := os.Stat(p); err == nil && now.Sub(st.ModTime()) > time.Minute {
			_ = os.Remove(p)
		}
	}
}

// now is the clock of the vault options (tests move it).
func (c *context) now() time.Time {
	if c.env.Options.Vault.Now != nil {
		return c.env.Options.Vault.Now()
	}
	return time.Now()
}

// writeSessionFile writes blob to path atomically with mode 0600.
func writeSessionFile(path string, blob []byte) error { return atomicfile.WriteBytes(path, blob) }

// sessionToken is the KLUIS_SESSION a command should use: none when a passphrase file is given
// explicitly or the command must ask for the passphrase.
func (c *context) sessionToken(passFile string) string {
	if c.noSession || passFile != "" {
		return ""
	}
	return strings.TrimSpace(c.env.Getenv(sessionEnv))
}
