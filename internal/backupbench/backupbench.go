package backupbench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"kluis/internal/imports"
	"kluis/internal/peoplebench"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Config tunes a run.
type Config struct {
	Employees int          // default 100000
	Dir       string       // parent of the temporary folder; "" = os.TempDir()
	Logger    *slog.Logger // nil discards
	KDF       *vault.KDFParams
}

const (
	rounds = 3
	pass   = "benchmark passphrase, not a secret"
	email  = "bench-admin@example.invalid"
)

type result struct {
	employees    int
	folderBytes  int64
	fileBytes    int64
	records      uint64
	copyTime     time.Duration // mean of a copy before and after the backup
	backupTime   time.Duration
	restoreTime  time.Duration
	restoreLoad  time.Duration // decrypt and load, before the verify
	verifyOpened int
	importTime   time.Duration
}

// Run measures and writes the Markdown section to w.
func Run(ctx context.Context, cfg Config, w io.Writer) (err error) {
	if cfg.Employees <= 0 {
		cfg.Employees = 100000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	tmp, err := os.MkdirTemp(cfg.Dir, "kluis-backupbench-*")
	if err != nil {
		return fmt.Errorf("backup bench: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(tmp)) }()
	var params vault.KDFParams
	if cfg.KDF != nil {
		params = *cfg.KDF
	} else {
		params = vault.CalibrateKDF(vault.DefaultKDFTarget)
	}
	opts := vault.Options{KDF: &params, Logger: cfg.Logger, AllowWeakKDF: cfg.KDF != nil}
	r := &result{employees: cfg.Employees}

	dir := filepath.Join(tmp, "vault")
	v, s, _, err := vault.Create(dir, vault.NewUser{Email: email, Passphrase: []byte(pass)}, opts)
	if err != nil {
		return fmt.Errorf("backup bench: create vault: %w", err)
	}
	defer func() { err = errors.Join(err, v.Close()) }()
	ws := workspace.Open(s, workspace.Config{Logger: cfg.Logger})
	emp, err := ws.Directory().AddEmployer("Benchmark BV", "12345678")
	if err != nil {
		ws.Close()
		return err
	}
	start := time.Now()
	if _, err := ws.Import(ctx, bytes.NewReader(peoplebench.CSV(cfg.Employees, 50)), imports.Request{Name: "bench.csv", Employer: emp.ID}, nil); err != nil {
		ws.Close()
		return fmt.Errorf("backup bench: import: %w", err)
	}
	r.importTime = time.Since(start)
	ws.Close() // Badger flushes its memtables: the folder is what a copy would see

	if r.folderBytes, err = folderSize(dir); err != nil {
		return err
	}
	// Copies (of the locked folder, as a copy by hand would be made) and backups (unlocked, as
	// the app makes them) alternate, rounds times each, and the medians are compared: the
	// machine is shared, and the first read of the store is cold for both.
	var copies, backups []time.Duration
	var res workspace.BackupResult
	for i := range rounds {
		copyDir := filepath.Join(tmp, fmt.Sprintf("copy%d", i))
		d, err := copyFolder(dir, copyDir)
		if err != nil {
			return err
		}
		copies = append(copies, d)
		if err := os.RemoveAll(copyDir); err != nil {
			return err
		}
		s, err = v.Unlock(email, []byte(pass))
		if err != nil {
			return err
		}
		ws = workspace.Open(s, workspace.Config{Logger: cfg.Logger})
		start = time.Now()
		res, err = ws.Backup(ctx, filepath.Join(tmp, "backup.kluisbak"), nil)
		backups = append(backups, time.Since(start))
		ws.Close()
		if err != nil {
			return fmt.Errorf("backup bench: backup: %w", err)
		}
	}
	r.fileBytes, r.records = res.Info.Bytes, res.Info.Records
	r.copyTime, r.backupTime = median(copies), median(backups)

	start = time.Now()
	var loaded time.Time
	rres, err := workspace.RestoreBackup(ctx, workspace.RestoreRequest{File: res.File, Dir: filepath.Join(tmp, "restored"),
		Email: email, Passphrase: []byte(pass), Options: opts,
		Progress: func(stage vault.RestoreStage, _, _ int64) {
			if stage == vault.RestoreVerifying && loaded.IsZero() {
				loaded = time.Now()
			}
		}})
	r.restoreTime = time.Since(start)
	if err != nil {
		return fmt.Errorf("backup bench: restore: %w", err)
	}
	r.restoreLoad, r.verifyOpened = loaded.Sub(start), rres.Verify.Opened
	return r.write(w)
}

// copyFolder copies every file of src to dst, syncing each (as the backup syncs its file), and
// returns the time it took.
func copyFolder(src, dst string) (time.Duration, error) {
	start := time.Now()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if err == nil {
			err = out.Sync()
		}
		return errors.Join(err, out.Close())
	})
	if err != nil {
		return 0, fmt.Errorf("backup bench: copy the folder: %w", err)
	}
	return time.Since(start), nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func folderSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		n += info.Size()
		return nil
	})
	return n, err
}

func (r *result) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(f string, a ...any) { fmt.Fprintf(bw, f, a...) }
	mb := func(n int64) float64 { return float64(n) / 1e6 }
	rate := func(d time.Duration) float64 { return mb(r.folderBytes) / d.Seconds() }
	p("\n## Backup and restore: a vault of %d employees\n\n", r.employees)
	p("| | |\n|---|---|\n")
	p("| vault folder (after an import of %d rows, in %s) | %.1f MB |\n", r.employees, r.importTime.Round(time.Second), mb(r.folderBytes))
	p("| copy of the folder, file by file with fsync (baseline, median of %d alternating with the backups) | %s = %.0f MB/s |\n", rounds, r.copyTime.Round(time.Millisecond), rate(r.copyTime))
	p("| backup to one sealed file, with fsync (%d records, %.1f MB file; median of %d) | %s = %.0f MB/s of the folder |\n", r.records, mb(r.fileBytes), rounds, r.backupTime.Round(time.Millisecond), rate(r.backupTime))
	p("| ratio, backup rate : copy rate (goal ≥ 0.50) | %.2f |\n", r.copyTime.Seconds()/r.backupTime.Seconds())
	p("| restore into an empty folder: decrypt and load | %s |\n", r.restoreLoad.Round(time.Millisecond))
	p("| restore: full verify (%d records opened, every index entry) and move into place | %s |\n", r.verifyOpened, (r.restoreTime - r.restoreLoad).Round(time.Millisecond))
	p("| restore, total | %s (ratio to the copy: %.2f) |\n", r.restoreTime.Round(time.Millisecond), r.copyTime.Seconds()/r.restoreTime.Seconds())
	return bw.Flush()
}
