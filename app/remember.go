package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// The unlock screen can remember the e-mail address on this computer ("E-mailadres onthouden op
// deze computer"): one line in <user config dir>/Kluis/remembered-email, readable by this OS user
// only. It is the user's own address, stored only when they tick the box, and forgotten when
// they unlock with the box cleared. No passphrase or key is ever stored.

const rememberedEmailFile = "remembered-email"

// RememberedEmail is the e-mail address this computer remembers for the unlock screen, or "".
func (s *Session) RememberedEmail() string {
	if s.cfg.PrefsDir == "" {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(s.cfg.PrefsDir, rememberedEmailFile))
	if err != nil {
		return ""
	}
	email := strings.TrimSpace(string(b))
	if f := (validate.FieldErrors{}); validate.Email(f, "email", email, true) == "" || f.Err() != nil {
		return "" // a damaged file is ignored, never shown
	}
	return email
}

// RememberEmail keeps email for the next unlock screen on this computer; "" forgets it. Only
// while unlocked, so only an address that just opened the vault is stored.
func (s *Session) RememberEmail(email string) (err error) {
	defer s.recovered("Session.RememberEmail", &err)
	if !s.unlocked() {
		return toAppError(vault.ErrLocked)
	}
	if s.cfg.PrefsDir == "" {
		return nil
	}
	path := filepath.Join(s.cfg.PrefsDir, rememberedEmailFile)
	email = strings.TrimSpace(email)
	if email == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return s.fail("forget e-mail", err)
		}
		return nil
	}
	if err := os.MkdirAll(s.cfg.PrefsDir, 0o700); err != nil {
		return s.fail("remember e-mail", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(email+"\n"), 0o600); err != nil {
		return s.fail("remember e-mail", fmt.Errorf("write: %w", err))
	}
	if err := os.Rename(tmp, path); err != nil {
		return s.fail("remember e-mail", err)
	}
	return nil
}
