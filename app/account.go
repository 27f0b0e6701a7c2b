package app

import (
	"strings"

	"kluis/internal/vault"
)

// UpdateOwnAccount changes the unlocked user's own name and e-mail address ("Mijn account"): a
// new address is the one they unlock with from then on (administrators; for other roles it waits
// for an administrator's Akkoord as User.PendingEmail, and saving the old address withdraws it),
// and a remembered address on this computer follows it. It returns the status
// with the new name and address for the header. Field errors come under "name" and "email".
func (s *Session) UpdateOwnAccount(name, email string) (_ Status, err error) {
	defer s.recovered("Session.UpdateOwnAccount", &err)
	s.mu.Lock()
	ws, old := s.ws, s.user
	s.mu.Unlock()
	if ws == nil {
		return s.Status(), toAppError(vault.ErrLocked)
	}
	p, err := ws.UpdateOwnAccount(name, email)
	if err != nil {
		return s.Status(), s.fail("update own account", err)
	}
	s.mu.Lock()
	if s.ws == ws {
		s.user.Name, s.user.Email, s.user.PendingEmail = p.Name, p.Email, p.PendingEmail
	}
	s.mu.Unlock()
	// The unlock screen's remembered address was the old one: it remembers the new one instead.
	if r := s.RememberedEmail(); r != "" && strings.EqualFold(r, old.Email) && !strings.EqualFold(r, p.Email) {
		if err := s.RememberEmail(p.Email); err != nil {
			s.cfg.Logger.Error("remembering the new e-mail address failed", "err", err)
		}
	}
	s.Touch()
	return s.Status(), nil
}
