package workspace_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/peoplebench"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// restoreAndOpen restores file into a new folder and unlocks it for the admin.
func restoreAndOpen(t *testing.T, file string) (*workspace.Workspace, vault.RestoreResult) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "restored")
	res, err := workspace.RestoreBackup(context.Background(), workspace.RestoreRequest{File: file, Dir: dir,
		Email: vaulttest.AdminEmail, Passphrase: []byte(vaulttest.AdminPassphrase), Options: vaulttest.Options()})
	if err != nil {
		t.Fatalf("restore %s: %v", filepath.Base(file), err)
	}
	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	sess, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	return ws, res
}

// TestRule_ABackupMadeDuringAnImportRestoresToBeforeOrAfterIt: a backup taken while an import
// writes restores (verified) to a vault with none or all of the import's employees, and one
// taken after it to all of them.
func TestRule_ABackupMadeDuringAnImportRestoresToBeforeOrAfterIt(t *testing.T) {
	const rows = 4000
	o := open(t)
	csv := peoplebench.CSV(rows, 10)
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := o.importCSV(t, o.ws, csv, onFirst(started))
		done <- err
	}()
	folder := t.TempDir()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("the import ended before it wrote: %v", err)
	}
	during, err := o.ws.Backup(context.Background(), filepath.Join(folder, "during.kluisbak"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	after, err := o.ws.Backup(context.Background(), filepath.Join(folder, "after.kluisbak"), nil)
	if err != nil {
		t.Fatal(err)
	}

	ws, res := restoreAndOpen(t, during.File)
	n := o.employees(t, ws)
	t.Logf("backup during the import: %d of %d employees, %d interrupted writes put right", n, rows, len(res.Recovered))
	if n != 0 && n != rows {
		t.Fatalf("the backup during the import restores %d of %d employees", n, rows)
	}
	if !res.Verify.OK() || !res.Verify.IndexChecked {
		t.Fatalf("the restore's verify: %+v", res.Verify)
	}
	ws2, _ := restoreAndOpen(t, after.File)
	if n := o.employees(t, ws2); n != rows {
		t.Fatalf("the backup after the import restores %d of %d employees", n, rows)
	}
	if n := auditCount(t, o.ws, audit.ActionBackup); n != 2 {
		t.Fatalf("%d backup events, want 2", n)
	}
	if n := auditCount(t, ws2, audit.ActionRestore); n != 1 {
		t.Fatalf("%d restore events in the restored vault, want 1", n)
	}
	if n := auditCount(t, ws2, audit.ActionImport); n != 1 {
		t.Fatalf("the restored vault has %d import events, want 1", n)
	}
}

// TestRule_ABackupToAFolderIsNamedWithTheDateAndRemembered: a folder as target gives a file
// named with the date; the last backup is remembered, and the reminder is due only after 7 days.
func TestRule_ABackupToAFolderIsNamedWithTheDateAndRemembered(t *testing.T) {
	o := open(t)
	if _, ok, err := o.ws.LastBackup(); err != nil || ok {
		t.Fatalf("a new vault has a last backup: %v %v", ok, err)
	}
	folder := t.TempDir()
	res, err := o.ws.Backup(context.Background(), folder, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "kluis-backup-" + time.Now().Format("2006-01-02") + ".kluisbak"
	if filepath.Base(res.File) != want || filepath.Dir(res.File) != folder {
		t.Fatalf("file %s, want %s in the folder", res.File, want)
	}
	entries, _ := os.ReadDir(folder)
	if len(entries) != 1 {
		t.Fatalf("the folder holds %d files (a partial file left?)", len(entries))
	}
	last, ok, err := o.ws.LastBackup()
	if err != nil || !ok || last.BackupID != res.Info.BackupID {
		t.Fatalf("last backup %+v %v %v", last, ok, err)
	}
	if workspace.BackupDue(last, ok, last.At.Add(6*24*time.Hour)) || !workspace.BackupDue(last, ok, last.At.Add(8*24*time.Hour)) ||
		!workspace.BackupDue(workspace.BackupState{}, false, time.Now()) {
		t.Fatal("the reminder is due at the wrong time")
	}
}

// TestRule_OnlyAdministratorsMakeBackups: a user of role user is refused (denied).
func TestRule_OnlyAdministratorsMakeBackups(t *testing.T) {
	o := open(t)
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "user@vaulttest.invalid", Passphrase: []byte("user passphrase")}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("user@vaulttest.invalid", []byte("user passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.Open(sess, workspace.Config{})
	defer ws.Close()
	_, err = ws.Backup(context.Background(), t.TempDir(), nil)
	if !errors.Is(err, vault.ErrDenied) || workspace.Explain(err).Code != workspace.CodeDenied {
		t.Fatalf("got %v", err)
	}
}

// TestRule_RestoreErrorsHaveTheirOwnCodes: damaged, cut-off and other-vault backups and a
// non-empty folder each have their own code and a Dutch text.
func TestRule_RestoreErrorsHaveTheirOwnCodes(t *testing.T) {
	cases := map[error]workspace.Code{vault.ErrBackupCorrupt: workspace.CodeBackupCorrupt,
		vault.ErrBackupTruncated: workspace.CodeBackupTruncated, vault.ErrBackupOtherVault: workspace.CodeBackupOtherVault,
		vault.ErrBackupTargetNotEmpty: workspace.CodeBackupTargetNotEmpty}
	for err, code := range cases {
		p := workspace.Explain(errors.Join(errors.New("context"), err))
		if p.Code != code || !strings.Contains(p.Dutch, "back-up") && !strings.Contains(p.Dutch, "map") {
			t.Fatalf("%v: %+v", err, p)
		}
	}
}
