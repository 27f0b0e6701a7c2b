package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"kluis/internal/logfile"
)

// resolveVaultDir picks the vault folder: the --vault flag, else KLUIS_VAULT, else
// <user config dir>/Kluis/vault.
func resolveVaultDir(flagValue string, env Env) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if v := env.Getenv("KLUIS_VAULT"); v != "" {
		return filepath.Abs(v)
	}
	base, err := env.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config folder for the default vault (use --vault or KLUIS_VAULT): %w", err)
	}
	return filepath.Join(base, "Kluis", "vault"), nil
}

// openLogFile opens the window's log file, <UserConfigDir>/Kluis/logs/kluis.log (rotated by size),
// or says on stderr why there is none; the window then logs to stderr only.
func openLogFile(env Env) *logfile.Writer {
	base, err := env.UserConfigDir()
	if err == nil {
		var w *logfile.Writer
		if w, err = logfile.Open(logfile.Dir(base), 0, -1); err == nil {
			return w
		}
	}
	fmt.Fprintf(env.Stderr, "kluis: no log file: %v\n", err)
	return nil
}

// newLogger logs warnings and errors as text to stderr. Log lines carry ids and counts only,
// never identity data.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

var errNoPassphrase = errors.New("no passphrase: set KLUIS_PASSPHRASE, pass --passphrase-file FILE, or run in a terminal")

// readPassphrase gets a passphrase from KLUIS_PASSPHRASE, a file (first line), or a no-echo prompt
// on a terminal. confirm asks twice at a prompt (for a new passphrase).
func readPassphrase(env Env, file, prompt string, confirm bool) ([]byte, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("cannot read the passphrase file: %w", err)
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("cannot read the passphrase file: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return nil, errors.New("the passphrase file is empty")
		}
		return []byte(line), nil
	}
	if v := env.Getenv("KLUIS_PASSPHRASE"); v != "" {
		return []byte(v), nil
	}
	in, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return nil, errNoPassphrase
	}
	fmt.Fprint(env.Stderr, prompt+": ")
	p, err := term.ReadPassword(int(in.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	if confirm {
		fmt.Fprint(env.Stderr, "Repeat / herhaal: ")
		again, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return nil, fmt.Errorf("cannot read the passphrase: %w", err)
		}
		if string(again) != string(p) {
			return nil, errors.New("the passphrases differ / de wachtwoordzinnen verschillen")
		}
	}
	return p, nil
}
