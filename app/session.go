package app

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/passphrase"
	"kluis/internal/people"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// Session is the facade for the vault's life on this PC: create, unlock, lock, recover, and the
// emergency kit. Its methods are bound to the window.
type Session struct {
	cfg Config

	mu       sync.Mutex
	platform Platform
	vault    *vault.Vault      // open vault folder (holds the process lock); nil when none or in use
	sess     *vault.Session    // unlocked session; nil or locked when locked
	dir      *people.Directory // the session's people service; nil when locked
	audit    *audit.Log
	openErr  error // why the vault could not be opened, when it could not
	user     User
	employer *Employer
	// pendingKit is the emergency kit between creation and the user's confirmation that it is
	// stored; it holds the recovery code, so it lives only in memory and only that long.
	pendingKit   *report.EmergencyKit
	kitReplaced  bool // the pending kit's code replaced an earlier one
	lastActivity time.Time
	stopIdle     chan struct{}
	idleDone     chan struct{}
}

func newSession(cfg Config) *Session {
	return &Session{cfg: cfg, platform: noPlatform{}}
}

// start opens the vault folder and starts the idle watcher.
func (s *Session) start(p Platform) {
	s.mu.Lock()
	s.platform = p
	s.openLocked()
	s.stopIdle = make(chan struct{})
	s.idleDone = make(chan struct{})
	s.mu.Unlock()
	go s.watchIdle(s.stopIdle, s.idleDone)
}

// stop ends the idle watcher, locks and closes the vault.
func (s *Session) stop() {
	s.mu.Lock()
	stopIdle, idleDone := s.stopIdle, s.idleDone
	s.stopIdle = nil
	s.mu.Unlock()
	if stopIdle != nil {
		close(stopIdle)
		<-idleDone
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lockLocked()
	if s.vault != nil {
		if err := s.vault.Close(); err != nil {
			s.cfg.Logger.Error("closing the vault failed", "err", err)
		}
		s.vault = nil
	}
}

// openLocked (re)tries to open the vault folder; s.mu is held.
func (s *Session) openLocked() {
	if s.vault != nil {
		return
	}
	v, err := vault.Open(s.cfg.VaultDir, s.cfg.VaultOptions)
	s.vault, s.openErr = v, err
	if err != nil && !errors.Is(err, vault.ErrNotFound) && !errors.Is(err, vault.ErrInUse) {
		s.cfg.Logger.Error("opening the vault failed", "err", err)
	}
}

func (s *Session) unlocked() bool { return s.sess != nil && !s.sess.Locked() }

// statusLocked builds the Status; s.mu is held.
func (s *Session) statusLocked() Status {
	st := Status{VaultPath: s.cfg.VaultDir, IdleLockMinutes: 10}
	switch {
	case s.unlocked():
		st.State = StateUnlocked
		u := s.user
		st.User = &u
		st.Employer = s.employer
		st.RecoveryKitPending = s.pendingKit != nil
		st.RecoveryKitReplaced = s.pendingKit != nil && s.kitReplaced
	case s.vault != nil:
		st.State = StateLocked
	case errors.Is(s.openErr, vault.ErrNotFound):
		st.State = StateNew
	case errors.Is(s.openErr, vault.ErrInUse):
		st.State = StateInUse
	default:
		st.State = StateUnavailable
		st.ErrorCode = toAppError(s.openErr).Code
	}
	if s.vault != nil {
		st.IdleLockMinutes = int(s.vault.Settings().IdleLock / time.Minute)
	}
	return st
}

// Status tells the shell which screen to show. When no vault could be opened before (none yet,
// or in use by another window), it tries again.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openLocked()
	return s.statusLocked()
}

// CheckPassphrase rates a passphrase for the strength meter; related holds the names and e-mail
// typed in the same form, which a good passphrase does not contain.
func (s *Session) CheckPassphrase(candidate string, related []string) PassphraseCheck {
	r := passphrase.Check(candidate, related...)
	problems := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		problems[i] = string(p)
	}
	return PassphraseCheck{Score: r.Score, Acceptable: r.Acceptable, Problems: problems}
}

// CreateVault creates the vault with its first employer and admin, unlocked, and keeps the
// emergency kit pending until the user confirms it is stored.
func (s *Session) CreateVault(in NewVault) (NewVaultResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vault != nil {
		return NewVaultResult{}, toAppError(vault.ErrExists)
	}
	created, err := access.CreateVault(s.cfg.VaultDir, access.Setup{
		EmployerName: in.EmployerName,
		KvK:          in.KvK,
		AdminName:    in.AdminName,
		AdminEmail:   in.AdminEmail,
		Passphrase:   []byte(in.Passphrase),
	}, s.cfg.VaultOptions)
	if err != nil {
		return NewVaultResult{}, s.fail("create vault", err)
	}
	s.vault, s.openErr = created.Vault, nil
	s.begin(created.Session)
	s.user = User{Name: created.Admin.Name, Email: created.Admin.Email, Role: string(created.Session.Role())}
	s.employer = &Employer{Name: created.Employer.Name, KvK: created.Employer.KvK}
	s.pendingKit = &report.EmergencyKit{
		EmployerName: created.Employer.Name,
		KvK:          created.Employer.KvK,
		VaultID:      created.VaultID,
		AdminName:    created.Admin.Name,
		AdminEmail:   created.Admin.Email,
		RecoveryCode: created.RecoveryCode,
		VaultPath:    s.cfg.VaultDir,
		Created:      s.cfg.Now(),
	}
	s.lastActivity = s.cfg.Now()
	return NewVaultResult{RecoveryCode: created.RecoveryCode, Status: s.statusLocked()}, nil
}

// replaceRecoveryKit holds a new emergency kit after the vault key and recovery code were
// replaced, for the admin who made the change to save at once (the status says so). Until an
// admin confirms it, the vault keeps the code wrapped to the admins, and it comes back at their
// next unlock.
func (s *Session) replaceRecoveryKit(code vault.RecoveryCode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdReplacedKit(code)
}

// holdReplacedKit is replaceRecoveryKit with s.mu held.
func (s *Session) holdReplacedKit(code vault.RecoveryCode) {
	if !s.unlocked() || s.vault == nil {
		return
	}
	kit := &report.EmergencyKit{VaultID: s.vault.ID(), AdminName: s.user.Name, AdminEmail: s.user.Email,
		RecoveryCode: string(code), VaultPath: s.cfg.VaultDir, Created: s.cfg.Now()}
	if s.employer != nil {
		kit.EmployerName, kit.KvK = s.employer.Name, s.employer.KvK
	}
	s.pendingKit, s.kitReplaced = kit, true
}

// SaveEmergencyKit asks where to save the emergency kit and writes it as a PDF. It returns the
// path, or "" when the user cancelled.
func (s *Session) SaveEmergencyKit() (string, error) {
	s.mu.Lock()
	kit := s.pendingKit
	platform := s.platform
	s.mu.Unlock()
	if kit == nil {
		return "", &AppError{Code: CodeInvalidInput, Message: "There is no emergency kit waiting to be saved."}
	}
	name := fmt.Sprintf("Kluis-noodkit-%s.pdf", sanitizeFileName(kit.EmployerName))
	path, err := askSavePath(platform, "Noodkit opslaan / Save emergency kit", name, "PDF", ".pdf")
	if err != nil || path == "" {
		return "", err
	}
	if err := report.SaveEmergencyKit(path, *kit); err != nil {
		return "", s.fail("save emergency kit", err)
	}
	return path, nil
}

// ConfirmEmergencyKit records that the user stored the kit; the recovery code leaves memory.
func (s *Session) ConfirmEmergencyKit() (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unlocked() {
		return s.statusLocked(), toAppError(vault.ErrLocked)
	}
	if s.kitReplaced {
		if err := s.sess.ClearPendingRecoveryCode(); err != nil {
			return s.statusLocked(), s.fail("confirm the new emergency kit", err)
		}
	}
	s.pendingKit, s.kitReplaced = nil, false
	return s.statusLocked(), nil
}

// Unlock opens the vault for a user.
func (s *Session) Unlock(email, pass string) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openLocked()
	if s.vault == nil {
		return s.statusLocked(), toAppError(s.openErr)
	}
	if s.unlocked() {
		return s.statusLocked(), nil
	}
	sess, err := s.vault.Unlock(email, []byte(pass))
	if err != nil {
		return s.statusLocked(), s.fail("unlock", err)
	}
	if err := s.loadUser(sess); err != nil {
		sess.Lock()
		return s.statusLocked(), s.fail("unlock: load profile", err)
	}
	s.begin(sess)
	s.lastActivity = s.cfg.Now()
	if sess.Role() == vault.RoleAdmin {
		// A recovery code replaced while an admin stepped down, whose kit nobody saved yet.
		code, err := sess.PendingRecoveryCode()
		if err != nil {
			s.cfg.Logger.Error("reading a pending recovery code failed", "err", err)
		} else if code != "" {
			s.holdReplacedKit(code)
		}
	}
	return s.statusLocked(), nil
}

// begin starts the services of an unlocked session and, in the background, loads the
// employees with the default tree view and then builds the name index, so the Medewerkers
// screen and the first name search answer at once; s.mu is held.
func (s *Session) begin(sess *vault.Session) {
	s.sess = sess
	s.dir = people.NewDirectory(sess, s.cfg.Now)
	s.dir.MoveWithEmployee(sharing.KindDossier)
	s.audit = audit.New(sess, s.cfg.Now)
	dir, log := s.dir, s.audit
	go func() {
		// The tree first (what HR opens first), then the names for search.
		if err := dir.Warm(); err != nil && !errors.Is(err, vault.ErrLocked) {
			s.cfg.Logger.Error("loading the employees failed", "err", err)
		}
		if err := dir.BuildNameIndex(); err != nil {
			if !errors.Is(err, vault.ErrLocked) {
				s.cfg.Logger.Error("building the name index failed", "err", err)
			}
			return
		}
		if n := dir.NameIndexSize(); n > 0 {
			if err := log.RecordCount(audit.ActionNameIndexBuilt, n); err != nil && !errors.Is(err, vault.ErrLocked) {
				s.cfg.Logger.Error("auditing the name index failed", "err", err)
			}
		}
	}()
}

// platformNow is the window's platform (a fake in tests).
func (s *Session) platformNow() Platform {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.platform
}

// people returns the unlocked session's people service and audit log, or ErrLocked.
func (s *Session) people() (*people.Directory, *audit.Log, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unlocked() || s.dir == nil {
		return nil, nil, toAppError(vault.ErrLocked)
	}
	return s.dir, s.audit, nil
}

// loadUser reads the unlocked user's profile and the first employer for the header.
func (s *Session) loadUser(sess *vault.Session) error {
	p, err := access.TouchProfile(sess, s.cfg.Now())
	if err != nil {
		return err
	}
	s.user = User{Name: p.Name, Email: p.Email, Role: string(sess.Role())}
	return sess.View(func(tx *vault.Tx) error {
		emps, err := people.Employers(tx)
		if err != nil {
			return err
		}
		s.employer = nil
		if len(emps) > 0 {
			s.employer = &Employer{Name: emps[0].Name, KvK: emps[0].KvK}
		}
		return nil
	})
}

// Recover sets a new passphrase for an admin with the recovery code from the emergency kit.
// The vault stays locked; the admin then unlocks with the new passphrase.
func (s *Session) Recover(code, email, newPassphrase string) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openLocked()
	if s.vault == nil {
		return s.statusLocked(), toAppError(s.openErr)
	}
	if err := access.CheckNewPassphrase(newPassphrase, email); err != nil {
		return s.statusLocked(), s.fail("recover", err)
	}
	if err := s.vault.Recover(code, email, []byte(newPassphrase)); err != nil {
		return s.statusLocked(), s.fail("recover", err)
	}
	return s.statusLocked(), nil
}

// Lock wipes the keys and decrypted data and returns to the unlock screen.
func (s *Session) Lock() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lockLocked()
	return s.statusLocked()
}

// lockLocked locks the session; s.mu is held.
func (s *Session) lockLocked() {
	if s.sess != nil {
		s.sess.Lock()
		s.sess = nil
	}
	if s.dir != nil {
		s.dir.Wipe()
		s.dir, s.audit = nil, nil
	}
	s.user = User{}
	s.employer = nil
	s.pendingKit = nil
}

// lockWithReason locks from outside the UI (idle, sleep) and tells the frontend why.
func (s *Session) lockWithReason(reason string) {
	s.mu.Lock()
	was := s.unlocked()
	s.lockLocked()
	platform := s.platform
	s.mu.Unlock()
	if was {
		platform.Emit(EventVaultLocked, VaultLocked{Reason: reason})
	}
}

// Touch records user activity; the vault locks after the idle time without it.
func (s *Session) Touch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastActivity = s.cfg.Now()
}

// SetIdleLockMinutes changes how long the vault stays unlocked without activity (admins only).
func (s *Session) SetIdleLockMinutes(minutes int) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unlocked() {
		return s.statusLocked(), toAppError(vault.ErrLocked)
	}
	if err := s.sess.SetIdleLock(time.Duration(minutes) * time.Minute); err != nil {
		return s.statusLocked(), s.fail("set idle lock", err)
	}
	s.lastActivity = s.cfg.Now()
	return s.statusLocked(), nil
}

// ChangePassphrase sets a new passphrase for the unlocked user.
func (s *Session) ChangePassphrase(oldPassphrase, newPassphrase string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unlocked() {
		return toAppError(vault.ErrLocked)
	}
	if err := access.CheckNewPassphrase(newPassphrase, s.user.Name, s.user.Email); err != nil {
		return s.fail("change passphrase", err)
	}
	if err := s.sess.ChangePassphrase([]byte(oldPassphrase), []byte(newPassphrase)); err != nil {
		return s.fail("change passphrase", err)
	}
	s.lastActivity = s.cfg.Now()
	return nil
}

// fail logs an unexpected error (never identity data: errors from below carry none) and maps it.
func (s *Session) fail(op string, err error) error {
	ae := toAppError(err)
	if ae.Code == CodeInternal {
		s.cfg.Logger.Error(op+" failed", "err", err)
	}
	return ae
}

// sanitizeFileName keeps letters, digits, '-' and '_' of an employer name for a file name.
func sanitizeFileName(name string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, name)
	if out == "" {
		return "kluis"
	}
	return out
}
