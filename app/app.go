package app

import (
	"log/slog"
	"time"

	"kluis/internal/upgrade"
	"kluis/internal/vault"
)

// Config is what the window needs from the command line.
type Config struct {
	VaultDir string
	Logger   *slog.Logger
	// LogPath is the log file Logger writes to, shown in Beheer → Over Kluis ("" when none).
	LogPath string
	// PrefsDir holds this OS user's preferences outside the vault: the e-mail the unlock screen
	// remembers when asked (remember.go). "" keeps nothing.
	PrefsDir string
	// VaultOptions tunes the vault (tests pass cheap key-derivation parameters).
	VaultOptions vault.Options
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Facades are the structs the window binds; nothing else is callable from JavaScript.
type Facades struct {
	Session   *Session
	Directory *Directory
	Import    *Import
	Admin     *Admin
	Agreement *Agreement
	Sharing   *Sharing
	Sync      *Sync
	Reports   *Reports
	Retention *Retention
	Backup    *Backup
	Logbook   *Logbook
	Support   *Support
	Replica   *Replica
}

// Bindings lists the facades for options.App.Bind.
func (f *Facades) Bindings() []any {
	return []any{f.Session, f.Directory, f.Import, f.Admin, f.Agreement, f.Sharing, f.Sync, f.Reports, f.Retention, f.Backup, f.Logbook, f.Support, f.Replica}
}

// Lifecycle receives the window's start, stop and suspend. It is deliberately not bound, so the
// frontend cannot call these.
type Lifecycle struct {
	session *Session
}

// New builds the object graph for one window. It touches nothing on disk; the vault is opened
// when the window starts.
func New(cfg Config) (*Facades, *Lifecycle, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.VaultOptions.Logger == nil {
		cfg.VaultOptions.Logger = cfg.Logger
	}
	if cfg.VaultOptions.Upgrade == nil { // an admin's unlock upgrades a vault of an older format
		cfg.VaultOptions.Upgrade = upgrade.Format1()
	}
	s := newSession(cfg)
	return &Facades{Session: s, Directory: &Directory{s: s}, Import: &Import{s: s}, Admin: &Admin{s: s},
		Agreement: &Agreement{s: s}, Sharing: &Sharing{s: s}, Sync: &Sync{s: s}, Reports: &Reports{s: s},
		Retention: &Retention{s: s}, Backup: &Backup{s: s},
		Logbook: &Logbook{s: s}, Support: &Support{s: s}, Replica: &Replica{s: s}}, &Lifecycle{session: s}, nil
}

// Startup opens the vault folder (taking its process lock) and starts the idle watcher.
func (l *Lifecycle) Startup(p Platform) { l.session.start(p) }

// Shutdown locks and closes the vault.
func (l *Lifecycle) Shutdown() { l.session.stop() }

// Suspend locks the vault when the OS goes to sleep.
func (l *Lifecycle) Suspend() { l.session.lockWithReason(LockReasonSleep) }
