package app

import (
	"context"
	"sync"
	"time"

	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// BackupStatus is what Beheer → Back-up and the reminder on Actueel show.
type BackupStatus struct {
	// LastAt is the last backup's time (RFC 3339), "" when none was made.
	LastAt    string `json:"lastAt"`
	LastBytes int64  `json:"lastBytes"`
	// Restored: the last backup is the one this vault was restored from.
	Restored bool `json:"restored"`
	// Due: no backup yet, or the last is older than seven days (admins are reminded).
	Due bool `json:"due"`
	// CanBackup: the unlocked user is an admin.
	CanBackup bool `json:"canBackup"`
}

// BackupMade is a finished backup ("" path: the user cancelled the save dialog).
type BackupMade struct {
	Path    string `json:"path"`
	Bytes   int64  `json:"bytes"`
	Records uint64 `json:"records"`
	Created string `json:"created"` // RFC 3339
}

// BackupFile is a chosen backup file's clear header ("" path: the user cancelled).
type BackupFile struct {
	Path    string `json:"path"`
	VaultID string `json:"vaultId"`
	Created string `json:"created"` // RFC 3339
	Bytes   int64  `json:"bytes"`
}

// RestoreDone is a finished restore: the status (the unlock screen) and what the restore undid.
type RestoreDone struct {
	Status  Status `json:"status"`
	Created string `json:"created"` // the backup's date, RFC 3339
	// UndoneImport: an import was running when the backup was made; it was undone.
	UndoneImport bool `json:"undoneImport"`
}

// Backup is the facade of Beheer → Back-up and of the first-run screen's "Back-up terugzetten".
type Backup struct {
	s *Session

	mu      sync.Mutex
	running bool
}

// Status says when the last backup was made and whether a reminder is due.
func (b *Backup) Status() (_ BackupStatus, err error) {
	defer b.s.recovered("Backup.Status", &err)
	ws, err := b.s.workspace()
	if err != nil {
		return BackupStatus{}, err
	}
	last, ok, err := ws.LastBackup()
	if err != nil {
		return BackupStatus{}, b.s.fail("read last backup", err)
	}
	st := BackupStatus{Due: workspace.BackupDue(last, ok, b.s.cfg.Now()), CanBackup: ws.Session().Role() == vault.RoleAdmin}
	if ok {
		st.LastAt, st.LastBytes, st.Restored = last.At.UTC().Format(time.RFC3339), last.Bytes, last.Restored
	}
	return st, nil
}

// Make asks where to save the backup (the proposed name carries today's date) and writes it,
// reporting EventBackupProgress. Admins only.
func (b *Backup) Make() (_ BackupMade, err error) {
	defer b.s.recovered("Backup.Make", &err)
	ws, err := b.s.workspace()
	if err != nil {
		return BackupMade{}, err
	}
	if ws.Session().Role() != vault.RoleAdmin {
		return BackupMade{}, toAppError(vault.ErrDenied)
	}
	if !b.begin() {
		return BackupMade{}, errBusy
	}
	defer b.end()
	platform := b.s.platformNow()
	path, err := askSavePath(platform, "Back-up opslaan / Save backup", vault.BackupFileName(b.s.cfg.Now()), "Kluis-back-up (*.kluisbak)", ".kluisbak")
	if err != nil || path == "" {
		return BackupMade{}, err
	}
	platform.Emit(EventBackupProgress, BackupProgress{Phase: BackupPhaseWriting})
	res, err := ws.Backup(context.Background(), path, func(done, total int64) {
		b.s.Touch() // a long backup is activity: the vault does not lock under it
		platform.Emit(EventBackupProgress, BackupProgress{Phase: BackupPhaseWriting, Done: done, Total: total})
	})
	if err != nil {
		return BackupMade{}, b.s.fail("backup", err)
	}
	platform.Emit(EventBackupProgress, BackupProgress{Phase: BackupPhaseDone, Done: res.Info.Bytes, Total: res.Info.Bytes})
	return BackupMade{Path: res.File, Bytes: res.Info.Bytes, Records: res.Info.Records,
		Created: res.Info.Created.UTC().Format(time.RFC3339)}, nil
}

// ChooseFile asks for a backup file on the first-run screen and reads its header (date, vault).
func (b *Backup) ChooseFile() (_ BackupFile, err error) {
	defer b.s.recovered("Backup.ChooseFile", &err)
	path, err := b.s.platformNow().OpenFile("Back-up kiezen / Choose backup", "Kluis-back-up (*.kluisbak)", "*.kluisbak")
	if err != nil || path == "" {
		return BackupFile{}, err
	}
	info, err := vault.ReadBackupInfo(path)
	if err != nil {
		return BackupFile{}, b.s.fail("read backup", err)
	}
	return BackupFile{Path: path, VaultID: info.VaultID, Created: info.Created.UTC().Format(time.RFC3339), Bytes: info.Bytes}, nil
}

// Restore puts the backup into this PC's vault folder, which must hold no vault (the first-run
// screen): verified completely first, then the unlock screen. email and passphrase are an
// admin's as the backup knows them. Progress arrives as EventBackupProgress.
func (b *Backup) Restore(path, email, passphrase string) (_ RestoreDone, err error) {
	defer b.s.recovered("Backup.Restore", &err)
	var done RestoreDone
	platform := b.s.platformNow()
	err = b.s.derive(false, func(_ *vault.Vault, _ uint64) error {
		res, err := workspace.RestoreBackup(context.Background(), workspace.RestoreRequest{File: path, Dir: b.s.cfg.VaultDir,
			Email: email, Passphrase: []byte(passphrase), Options: b.s.cfg.VaultOptions, Now: b.s.cfg.Now,
			Progress: func(stage vault.RestoreStage, d, t int64) {
				phase := BackupPhaseReading
				if stage == vault.RestoreVerifying {
					phase = BackupPhaseVerifying
				}
				platform.Emit(EventBackupProgress, BackupProgress{Phase: phase, Done: d, Total: t})
			}})
		if err != nil {
			return b.s.fail("restore", err)
		}
		done.Created = res.Backup.Created.UTC().Format(time.RFC3339)
		for _, r := range res.Recovered {
			done.UndoneImport = done.UndoneImport || r.Undone
		}
		platform.Emit(EventBackupProgress, BackupProgress{Phase: BackupPhaseDone, Done: 1, Total: 1})
		return nil
	})
	done.Status = b.s.Status()
	return done, err
}

func (b *Backup) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running {
		return false
	}
	b.running = true
	return true
}

func (b *Backup) end() {
	b.mu.Lock()
	b.running = false
	b.mu.Unlock()
}
