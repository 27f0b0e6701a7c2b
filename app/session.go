package app

import (
	"errors"
	"fmt"
	"kluis/internal/arbosync"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kluis/internal/access"
	"kluis/internal/passphrase"
	"kluis/internal/people"
	"kluis/internal/replicate"
	"kluis/internal/report"
	"kluis/internal/vault"
	"kluis/internal/version"
	"kluis/internal/workspace"
)

// defaultIdleLock is the idle time shown before a vault folder was read.
const defaultIdleLock = 10 * time.Minute

// Session is the facade for the vault's life on this PC: create, unlock, lock, recover, and the
// emergency kit. Its methods are bound to the window.
//
// It is a small state machine (no vault / locked / deriving a key / unlocked). Its mutex guards
// only the handle: which vault folder, which workspace, who is unlocked. It is never held while
// a key is derived, a workspace closes or a use case runs (STYLE.md §6.2): lock swaps the
// workspace out under the mutex and closes it outside, and progress callbacks touch only the
// atomics.
type Session struct {
	cfg Config

	// activity is the time of the last activity (Unix nanoseconds); idleLimit mirrors the
	// vault's idle-lock setting. Both are atomics so that a progress callback, which runs inside
	// the directory's and the vault's locks, never waits for mu.
	activity  atomic.Int64
	idleLimit atomic.Int64

	mu       sync.Mutex
	platform Platform
	vault    *vault.Vault // open vault folder (holds the process lock); nil when none or in use
	vaultID  string
	openErr  error                // why the vault could not be opened, when it could not
	ws       *workspace.Workspace // nil when locked
	user     User
	employer *Employer
	// pendingKit is the emergency kit between creation and the user's confirmation that it is
	// stored; it holds the recovery code, so it lives only in memory and only that long.
	pendingKit  *report.EmergencyKit
	kitReplaced bool // the pending kit's code replaced an earlier one
	// deriving is set while a key derivation (create, unlock, recover, access request) runs
	// without mu; another one meanwhile is refused with CodeBusy.
	deriving bool
	// epoch counts locks, so an unlock whose key derivation overlapped a lock (the PC went to
	// sleep) does not leave the vault open afterwards.
	epoch uint64
	// closing counts workspaces taken out by a lock and still closing (outside mu); an unlock
	// waits on closed until none is left, since the vault allows one session at a time.
	closing int
	closed  *sync.Cond
	// joinBucket is the bucket this window joined the vault with, until the vault's stored
	// settings arrive with the first pull (memory only: it holds the secret).
	joinBucket *replicate.Config
	stopped    bool
	stopIdle   chan struct{}
	idleDone   chan struct{}
}

func newSession(cfg Config) *Session {
	s := &Session{cfg: cfg, platform: noPlatform{}}
	s.closed = sync.NewCond(&s.mu)
	s.idleLimit.Store(int64(defaultIdleLock))
	return s
}

var errBusy = codeError(workspace.CodeBusy)

// start opens the vault folder and starts the idle watcher.
func (s *Session) start(p Platform) {
	s.mu.Lock()
	s.platform = p
	s.stopped = false
	s.openLocked()
	s.stopIdle = make(chan struct{})
	s.idleDone = make(chan struct{})
	stop, done := s.stopIdle, s.idleDone
	s.mu.Unlock()
	go s.watchIdle(stop, done)
}

// stop ends the idle watcher, closes the workspace and the vault folder.
func (s *Session) stop() {
	s.mu.Lock()
	stopIdle, idleDone := s.stopIdle, s.idleDone
	s.stopIdle = nil
	ws, v := s.takeLocked(), s.vault
	s.vault, s.stopped = nil, true
	s.mu.Unlock()
	if stopIdle != nil {
		close(stopIdle)
		<-idleDone
	}
	s.closeOutside(ws)
	if v != nil {
		// A key derivation still running finishes first; Close then locks what it unlocked.
		if err := v.Close(); err != nil {
			s.cfg.Logger.Error("closing the vault failed", "err", err)
		}
	}
}

// openLocked (re)tries to open the vault folder; s.mu is held. Not while a derivation runs
// (a vault being created is not half-opened) nor after stop.
func (s *Session) openLocked() {
	if s.vault != nil || s.stopped || s.deriving {
		return
	}
	v, err := vault.Open(s.cfg.VaultDir, s.cfg.VaultOptions)
	s.openErr = err
	if err != nil {
		if !errors.Is(err, vault.ErrNotFound) && !errors.Is(err, vault.ErrInUse) {
			s.cfg.Logger.Error("opening the vault failed", "err", err)
		}
		return
	}
	s.setVaultLocked(v)
}

// setVaultLocked makes v the open vault folder; s.mu is held.
func (s *Session) setVaultLocked(v *vault.Vault) {
	s.vault, s.openErr, s.vaultID = v, nil, v.ID()
	s.idleLimit.Store(int64(v.Settings().IdleLock))
}

// takeLocked swaps the workspace out and forgets who was unlocked; s.mu is held. The caller
// closes the workspace with closeOutside after releasing s.mu.
func (s *Session) takeLocked() *workspace.Workspace {
	ws := s.ws
	if ws != nil {
		s.closing++
	}
	s.ws, s.user, s.employer, s.pendingKit, s.kitReplaced = nil, User{}, nil, nil, false
	s.epoch++
	return ws
}

// closeOutside closes a workspace that takeLocked took out, without holding s.mu, and then
// lets the unlocks waiting for it go on. A nil ws is nothing to close.
func (s *Session) closeOutside(ws *workspace.Workspace) {
	if ws == nil {
		return
	}
	ws.Close()
	s.mu.Lock()
	s.closing--
	s.closed.Broadcast()
	s.mu.Unlock()
}

// statusLocked builds the Status; s.mu is held.
func (s *Session) statusLocked() Status {
	st := Status{VaultPath: s.cfg.VaultDir, IdleLockMinutes: int(defaultIdleLock / time.Minute), LogPath: s.cfg.LogPath,
		Version: version.String()}
	switch {
	case s.ws != nil:
		st.State = StateUnlocked
		u := s.user
		st.User = &u
		st.Employer = s.employer
		st.RecoveryKitPending = s.pendingKit != nil
		st.RecoveryKitReplaced = s.pendingKit != nil && s.kitReplaced
		if sess := s.ws.Session(); sess.Role() == vault.RoleAdmin {
			if err := sess.AuditIssue(); err != nil {
				st.AuditProblem = err.Error()
			}
		}
	case s.vault != nil:
		st.State = StateLocked
	case errors.Is(s.openErr, vault.ErrNotFound):
		st.State = StateNew
	case errors.Is(s.openErr, vault.ErrInUse):
		st.State = StateInUse
	default:
		st.State = StateUnavailable
		st.ErrorCode = string(toAppError(s.openErr).Code)
	}
	if s.vault != nil {
		st.IdleLockMinutes = int(time.Duration(s.idleLimit.Load()) / time.Minute)
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

// derive runs fn, which derives a key (seconds of Argon2id), without s.mu: the window stays
// responsive, and a lock or sleep meanwhile is not held up. Only one runs at a time; another
// gets CodeBusy. needVault false is for creating a vault where none is. fn gets the vault folder
// (nil when creating) and the lock epoch at the start.
func (s *Session) derive(needVault bool, fn func(v *vault.Vault, epoch uint64) error) error {
	s.mu.Lock()
	// A lock a moment ago may still be closing its workspace (stopping the employees' load,
	// anchoring the audit log): the vault's one session is not free before that.
	for s.closing > 0 {
		s.closed.Wait()
	}
	s.openLocked()
	v := s.vault
	switch {
	case s.stopped:
		s.mu.Unlock()
		return codeError(workspace.CodeLocked)
	case s.deriving:
		s.mu.Unlock()
		return errBusy
	case needVault && v == nil:
		err := toAppError(s.openErr)
		s.mu.Unlock()
		return err
	case !needVault && v != nil:
		s.mu.Unlock()
		return codeError(workspace.CodeVaultExists)
	}
	s.deriving = true
	epoch := s.epoch
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.deriving = false
		s.mu.Unlock()
	}()
	return fn(v, epoch)
}

// CreateVault creates the vault with its first employer and admin, unlocked, and keeps the
// emergency kit pending until the user confirms it is stored.
func (s *Session) CreateVault(in NewVault) (_ NewVaultResult, err error) {
	defer s.recovered("Session.CreateVault", &err)
	var code string
	err = s.derive(false, func(_ *vault.Vault, _ uint64) error {
		created, err := access.CreateVault(s.cfg.VaultDir, access.Setup{
			EmployerName: in.EmployerName,
			KvK:          in.KvK,
			AdminName:    in.AdminName,
			AdminEmail:   in.AdminEmail,
			Passphrase:   []byte(in.Passphrase),
		}, s.cfg.VaultOptions)
		if err != nil {
			return s.fail("create vault", err)
		}
		code = created.RecoveryCode
		kit := &report.EmergencyKit{EmployerName: created.Employer.Name, KvK: created.Employer.KvK,
			VaultID: created.VaultID, AdminName: created.Admin.Name, AdminEmail: created.Admin.Email,
			RecoveryCode: created.RecoveryCode, VaultPath: s.cfg.VaultDir, Created: s.cfg.Now()}
		user := User{Name: created.Admin.Name, Email: created.Admin.Email, Role: string(created.Session.Role())}
		employer := &Employer{Name: created.Employer.Name, KvK: created.Employer.KvK}
		s.mu.Lock()
		if s.stopped {
			// The window closed meanwhile: the vault exists and stays closed. (A sleep does not
			// stop a creation: its recovery code is shown only once, here.)
			s.mu.Unlock()
			created.Session.Lock()
			_ = created.Vault.Close()
			return codeError(workspace.CodeLocked)
		}
		s.setVaultLocked(created.Vault)
		s.beginLocked(created.Session, user, employer)
		s.pendingKit, s.kitReplaced = kit, false
		s.mu.Unlock()
		return nil
	})
	if err != nil {
		return NewVaultResult{}, err
	}
	return NewVaultResult{RecoveryCode: code, Status: s.Status()}, nil
}

// replaceRecoveryKit holds a new emergency kit after the vault key and recovery code were
// replaced, for the admin who made the change to save at once (the status says so). Until an
// admin confirms it, the vault keeps the code wrapped to the admins, and it comes back at their
// next unlock.
func (s *Session) replaceRecoveryKit(code vault.RecoveryCode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdReplacedKitLocked(code)
}

// holdReplacedKitLocked is replaceRecoveryKit with s.mu held.
func (s *Session) holdReplacedKitLocked(code vault.RecoveryCode) {
	if s.ws == nil {
		return
	}
	kit := &report.EmergencyKit{VaultID: s.vaultID, AdminName: s.user.Name, AdminEmail: s.user.Email,
		RecoveryCode: string(code), VaultPath: s.cfg.VaultDir, Created: s.cfg.Now()}
	if s.employer != nil {
		kit.EmployerName, kit.KvK = s.employer.Name, s.employer.KvK
	}
	s.pendingKit, s.kitReplaced = kit, true
}

// SaveEmergencyKit asks where to save the emergency kit and writes it as a PDF. It returns the
// path, or "" when the user cancelled.
func (s *Session) SaveEmergencyKit() (_ string, err error) {
	defer s.recovered("Session.SaveEmergencyKit", &err)
	s.mu.Lock()
	kit := s.pendingKit
	platform := s.platform
	s.mu.Unlock()
	if kit == nil {
		return "", codeMessage(workspace.CodeInvalidInput, "There is no emergency kit waiting to be saved.")
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
func (s *Session) ConfirmEmergencyKit() (_ Status, err error) {
	defer s.recovered("Session.ConfirmEmergencyKit", &err)
	s.mu.Lock()
	ws, replaced := s.ws, s.kitReplaced
	s.mu.Unlock()
	if ws == nil {
		return s.Status(), toAppError(vault.ErrLocked)
	}
	if replaced {
		if err := ws.Session().ClearPendingRecoveryCode(); err != nil {
			return s.Status(), s.fail("confirm the new emergency kit", err)
		}
	}
	s.mu.Lock()
	if s.ws == ws {
		s.pendingKit, s.kitReplaced = nil, false
	}
	s.mu.Unlock()
	return s.Status(), nil
}

// Unlock opens the vault for a user. The key derivation runs without the session's mutex; a
// second Unlock meanwhile gets CodeBusy, and a lock meanwhile (the PC going to sleep) wins: the
// vault stays locked and Unlock answers CodeLocked.
func (s *Session) Unlock(email, pass string) (_ Status, err error) {
	defer s.recovered("Session.Unlock", &err)
	err = s.derive(true, func(v *vault.Vault, epoch uint64) error {
		if s.unlocked() { // checked inside derive: no other unlock can land meanwhile
			return nil
		}
		sess, err := v.Unlock(email, []byte(pass))
		if err != nil {
			return s.fail("unlock", err)
		}
		user, employer, err := s.loadUser(sess)
		// A folder this window just joined holds no records yet, not even the user's profile:
		// the first replication cycle fetches them (replica.go).
		var early *workspace.Workspace
		if errors.Is(err, access.ErrNoProfile) {
			if early = s.firstPull(sess, v); early != nil {
				user, employer, err = s.loadUser(sess)
			}
		}
		if err != nil {
			if early != nil {
				early.Close()
			}
			sess.Lock()
			return s.fail("unlock: load profile", err)
		}
		var code vault.RecoveryCode
		if sess.Role() == vault.RoleAdmin {
			// A recovery code replaced while an admin stepped down, whose kit nobody saved yet.
			if code, err = sess.PendingRecoveryCode(); err != nil {
				s.cfg.Logger.Error("reading a pending recovery code failed", "err", err)
			}
		}
		s.mu.Lock()
		if s.epoch != epoch || s.vault != v {
			s.mu.Unlock()
			if early != nil {
				early.Close()
			}
			sess.Lock()
			return codeError(workspace.CodeLocked)
		}
		s.beginWithLocked(sess, early, user, employer)
		if code != "" {
			s.holdReplacedKitLocked(code)
		}
		s.mu.Unlock()
		return nil
	})
	return s.Status(), err
}

// beginLocked opens the workspace of an unlocked session and, in the background, loads the
// employees and the name index; s.mu is held.
func (s *Session) beginLocked(sess *vault.Session, user User, employer *Employer) {
	s.beginWithLocked(sess, nil, user, employer)
}

// beginWithLocked is beginLocked with the session's workspace already open (ws), or nil.
func (s *Session) beginWithLocked(sess *vault.Session, ws *workspace.Workspace, user User, employer *Employer) {
	if ws == nil {
		ws = workspace.Open(sess, workspace.Config{Now: s.cfg.Now, Logger: s.cfg.Logger})
	}
	s.ws = ws
	s.ws.Preload()
	platform, sync := s.platform, &Sync{s: s}
	s.ws.StartSync(syncInterval, func(arbosync.Report, error) {
		if st, err := sync.Status(); err == nil {
			platform.Emit(EventSyncStatus, st)
		}
	})
	s.startReplicationLocked(s.ws)
	s.user, s.employer = user, employer
	s.Touch()
}

func (s *Session) unlocked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ws != nil
}

// platformNow is the window's platform (a fake in tests).
func (s *Session) platformNow() Platform {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.platform
}

// workspace returns the unlocked workspace, or ErrLocked.
func (s *Session) workspace() (*workspace.Workspace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws == nil {
		return nil, toAppError(vault.ErrLocked)
	}
	return s.ws, nil
}

// loadUser reads the unlocked user's profile and the first employer for the header.
func (s *Session) loadUser(sess *vault.Session) (User, *Employer, error) {
	p, err := access.TouchProfile(sess, s.cfg.Now())
	if err != nil {
		return User{}, nil, err
	}
	user := User{Name: p.Name, Email: p.Email, Role: string(sess.Role()), PendingEmail: p.PendingEmail}
	var employer *Employer
	err = sess.View(func(tx *vault.Tx) error {
		emps, err := people.Employers(tx)
		if err == nil && len(emps) > 0 {
			employer = &Employer{Name: emps[0].Name, KvK: emps[0].KvK}
		}
		return err
	})
	return user, employer, err
}

// Recover sets a new passphrase for an admin with the recovery code from the emergency kit.
// The vault stays locked; the admin then unlocks with the new passphrase.
func (s *Session) Recover(code, email, newPassphrase string) (_ Status, err error) {
	defer s.recovered("Session.Recover", &err)
	if err := access.CheckNewPassphrase(newPassphrase, email); err != nil {
		return s.Status(), s.fail("recover", err)
	}
	err = s.derive(true, func(v *vault.Vault, _ uint64) error {
		if err := v.Recover(code, email, []byte(newPassphrase)); err != nil {
			return s.fail("recover", err)
		}
		return nil
	})
	return s.Status(), err
}

// Lock wipes the keys and decrypted data and returns to the unlock screen.
func (s *Session) Lock() Status {
	s.mu.Lock()
	ws := s.takeLocked()
	s.mu.Unlock()
	s.closeOutside(ws)
	return s.Status()
}

// lockWithReason locks from outside the UI (idle, sleep) and tells the frontend why. It also
// stops an unlock whose key derivation is still running from opening the vault afterwards.
func (s *Session) lockWithReason(reason string) {
	s.mu.Lock()
	ws := s.takeLocked()
	platform := s.platform
	s.mu.Unlock()
	if ws == nil {
		return
	}
	s.closeOutside(ws)
	platform.Emit(EventVaultLocked, VaultLocked{Reason: reason})
}

// Touch records user activity; the vault locks after the idle time without it. It takes no
// lock, so progress callbacks may call it.
func (s *Session) Touch() {
	s.activity.Store(s.cfg.Now().UnixNano())
}

// SetIdleLockMinutes changes how long the vault stays unlocked without activity (admins only).
func (s *Session) SetIdleLockMinutes(minutes int) (_ Status, err error) {
	defer s.recovered("Session.SetIdleLockMinutes", &err)
	ws, err := s.workspace()
	if err != nil {
		return s.Status(), err
	}
	limit := time.Duration(minutes) * time.Minute
	if err := ws.Session().SetIdleLock(limit); err != nil {
		return s.Status(), s.fail("set idle lock", err)
	}
	s.idleLimit.Store(int64(limit))
	s.Touch()
	return s.Status(), nil
}

// ChangePassphrase sets a new passphrase for the unlocked user.
func (s *Session) ChangePassphrase(oldPassphrase, newPassphrase string) (err error) {
	defer s.recovered("Session.ChangePassphrase", &err)
	s.mu.Lock()
	ws, user := s.ws, s.user
	s.mu.Unlock()
	if ws == nil {
		return toAppError(vault.ErrLocked)
	}
	if err := access.CheckNewPassphrase(newPassphrase, user.Name, user.Email); err != nil {
		return s.fail("change passphrase", err)
	}
	if err := ws.Session().ChangePassphrase([]byte(oldPassphrase), []byte(newPassphrase)); err != nil {
		return s.fail("change passphrase", err)
	}
	s.Touch()
	return nil
}

// fail logs an unexpected error (never identity data: errors from below carry none) and maps it.
func (s *Session) fail(op string, err error) error {
	ae := toAppError(err)
	if ae.Code == workspace.CodeInternal {
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
