package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"kluis/internal/atomicfile"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// Backup and restore (docs/adr/004-backup.md). The vault makes and reads the sealed file; here
// are the use cases around it: where the file goes, the audit events, and the record of the
// last backup that Actueel's reminder reads.

// KindBackupState is the record of the last backup made (one per vault, fixed id, directory
// scope: a time, a size, a backup id and a user id, no personal data).
const KindBackupState vault.Kind = 0x75

var backupStateID = vault.ID{15: 0x01}

// BackupReminderAfter is how old the last backup may be before Actueel reminds an admin.
const BackupReminderAfter = 7 * 24 * time.Hour

// BackupState is what the vault remembers of its last backup.
type BackupState struct {
	At       time.Time    `json:"at"`
	BackupID string       `json:"backup_id"`
	Bytes    int64        `json:"bytes"`
	By       vault.UserID `json:"by"`
	// Restored: this state was written by a restore (At is the date of the restored backup).
	Restored bool `json:"restored,omitempty"`
}

// BackupDue reports whether an admin should be reminded: no backup was ever made, or the last
// one is older than BackupReminderAfter.
func BackupDue(last BackupState, ok bool, now time.Time) bool {
	return !ok || now.Sub(last.At) > BackupReminderAfter
}

// BackupResult is a finished backup: the file written and what it holds.
type BackupResult struct {
	File string
	Info vault.BackupInfo
}

// Backup writes a sealed backup of the whole vault to path (admins only: vault.ErrDenied
// otherwise). When path is a folder the file is named with today's date
// (vault.BackupFileName). The file is written under a temporary name next to it and renamed
// when complete, so a cut-off backup never carries the final name. The vault keeps working
// meanwhile. The backup is audited and remembered for the reminder on Actueel. progress (may be
// nil) gets (done, total) bytes.
func (w *Workspace) Backup(ctx context.Context, path string, progress func(done, total int64)) (BackupResult, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return BackupResult{}, fmt.Errorf("%w: only administrators make backups", vault.ErrDenied)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, vault.BackupFileName(w.now()))
	}
	ctx, stop := w.linkClose(ctx)
	defer stop()
	var info vault.BackupInfo
	err := atomicfile.Write(path, func(f *os.File) error {
		var err error
		info, err = w.sess.Backup(ctx, f, vault.BackupOptions{Progress: progress})
		return err
	})
	if err != nil {
		if errors.Is(err, vault.ErrLocked) && w.ctx.Err() != nil {
			return BackupResult{}, ErrClosed
		}
		return BackupResult{}, err
	}
	st := BackupState{At: info.Created, BackupID: info.BackupID, Bytes: info.Bytes, By: w.sess.UserID()}
	if err := w.sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindBackupState, backupStateID, w.sess.DirectoryScope(), &st)
	}); err != nil {
		return BackupResult{}, err
	}
	if err := w.log.Record(audit.ActionBackup, nil, fmt.Sprintf("backup %s, %d records", info.BackupID, info.Records)); err != nil {
		return BackupResult{}, err
	}
	return BackupResult{File: path, Info: info}, nil
}

// linkClose returns ctx also cancelled when the workspace closes.
func (w *Workspace) linkClose(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(w.ctx, cancel)
	return ctx, func() { stop(); cancel() }
}

// LastBackup is the vault's record of its last backup (ok false when none was made).
func (w *Workspace) LastBackup() (st BackupState, ok bool, err error) {
	err = w.sess.View(func(tx *vault.Tx) error {
		var gerr error
		st, gerr = vault.GetJSON[BackupState](tx, KindBackupState, backupStateID)
		if errors.Is(gerr, vault.ErrNotFound) {
			return nil
		}
		ok = gerr == nil
		return gerr
	})
	return st, ok, err
}

// RestoreRequest is what a restore needs: the file, the folder, an admin's e-mail and passphrase
// as the backup knows them, and whether an existing vault of the same id may be replaced.
type RestoreRequest struct {
	File       string
	Dir        string
	Email      string
	Passphrase []byte
	Replace    bool
	Options    vault.Options
	Now        func() time.Time
	Progress   func(stage vault.RestoreStage, done, total int64)
}

// RestoreBackup puts a backup into a folder before anyone is unlocked (the first-run screen and
// kluis restore): verified completely (keyring history, store, every record, the search index and
// the audit log) before it replaces anything. The restore is written into the restored vault's
// audit log, and its last-backup record says the backup's date.
func RestoreBackup(ctx context.Context, req RestoreRequest) (vault.RestoreResult, error) {
	now := req.Now
	if now == nil {
		now = time.Now
	}
	return vault.Restore(ctx, req.File, req.Dir, vault.RestoreOptions{
		Email: req.Email, Passphrase: req.Passphrase, Replace: req.Replace, Indexer: people.Indexer(),
		Vault: req.Options, Progress: req.Progress,
		AfterVerify: func(s *vault.Session, r vault.RestoreResult) error {
			st := BackupState{At: r.Backup.Created, BackupID: r.Backup.BackupID, Bytes: r.Backup.Bytes, By: s.UserID(), Restored: true}
			if err := s.Update(func(tx *vault.Tx) error {
				return vault.PutJSON(tx, KindBackupState, backupStateID, s.DirectoryScope(), &st)
			}); err != nil {
				return err
			}
			detail := fmt.Sprintf("backup %s of %s", r.Backup.BackupID, r.Backup.Created.UTC().Format(time.RFC3339))
			if r.Replaced {
				detail += fmt.Sprintf("; replaced the vault at keyring entry %d", r.ReplacedSerial)
			}
			return audit.New(s, now).Record(audit.ActionRestore, nil, detail)
		},
	})
}
