package cli

import (
	stdctx "context"
	"fmt"
	"io"
	"sync"
	"time"

	"kluis/internal/vault"
	"kluis/internal/workspace"
)

func runBackup(c *context, args []string) int {
	const usage = "kluis backup --vault DIR --out FILE|FOLDER [--user EMAIL] [--passphrase-file FILE]"
	fs := c.newFlags("backup")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	out := fs.String("out", "", "backup file to write, or a folder (the file is then named kluis-backup-YYYY-MM-DD.kluisbak)")
	user := fs.String("user", "", "acting administrator's e-mail (default: the only admin)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if *out == "" {
		return c.usageError("backup", "missing --out\nUsage: %s", usage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("backup", "%v", err)
	}
	ws, done, code := c.open("backup", dir, *user, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	p := newProgress(c.env.Stderr, "backup")
	res, err := ws.Backup(stdctx.Background(), *out, func(d, t int64) { p.report("reading the vault / kluis lezen", d, t) })
	if err != nil {
		return c.fail("backup", err)
	}
	fmt.Fprintf(c.env.Stdout, "Backup written to %s (%s, %d records, vault %s, %s).\n", res.File, megabytes(res.Info.Bytes),
		res.Info.Records, res.Info.VaultID, res.Info.Created.Local().Format("02-01-2006 15:04"))
	fmt.Fprintln(c.env.Stdout, "Keep it away from this PC. Restoring it needs an administrator's passphrase as it is today.")
	return ExitOK
}

func runRestore(c *context, args []string) int {
	const usage = "kluis restore --from FILE --vault DIR [--user EMAIL] [--passphrase-file FILE] [--replace]"
	fs := c.newFlags("restore")
	from := fs.String("from", "", "backup file")
	vaultDir := fs.String("vault", c.vault, "folder to restore into: absent or empty (or this vault, with --replace)")
	user := fs.String("user", "", "an administrator's e-mail as the backup knows it (default: the backup's only admin)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	replace := fs.Bool("replace", false, "replace the vault in the folder (only one of the same vault id) with the backup")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if *from == "" {
		return c.usageError("restore", "missing --from\nUsage: %s", usage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("restore", "%v", err)
	}
	info, err := vault.ReadBackupInfo(*from)
	if err != nil {
		return c.fail("restore", err)
	}
	fmt.Fprintf(c.env.Stderr, "kluis restore: backup of vault %s made %s\n", info.VaultID, info.Created.Local().Format("02-01-2006 15:04"))
	pass, err := readPassphrase(c.env, *passFile, "Administrator passphrase / wachtwoordzin beheerder", false)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis restore: %v\n", err)
		return ExitUsage
	}
	p := newProgress(c.env.Stderr, "restore")
	res, err := workspace.RestoreBackup(stdctx.Background(), workspace.RestoreRequest{File: *from, Dir: dir, Email: *user,
		Passphrase: pass, Replace: *replace, Options: c.vaultOptions(),
		Progress: func(stage vault.RestoreStage, d, t int64) {
			what := "decrypting / ontsleutelen"
			if stage == vault.RestoreVerifying {
				what = "verifying / controleren"
			}
			p.report(what, d, t)
		}})
	if err != nil {
		return c.fail("restore", err)
	}
	fmt.Fprintf(c.env.Stdout, "Backup of %s restored into %s and verified:\n", res.Backup.Created.Local().Format("02-01-2006 15:04"), dir)
	printVerify(c.env.Stdout, res.Verify)
	if res.Replaced {
		fmt.Fprintf(c.env.Stdout, "The vault that was in the folder (keyring entry %d) was replaced.\n", res.ReplacedSerial)
	}
	for _, r := range res.Recovered {
		if r.Undone {
			fmt.Fprintf(c.env.Stdout, "An %s that was running while the backup was made has been undone; do it again.\n", r.Name)
		}
	}
	fmt.Fprintln(c.env.Stdout, "Everything done after the backup was made is undone (also revocations: repeat them).")
	fmt.Fprintln(c.env.Stdout, "Every user unlocks with the passphrase they had when the backup was made.")
	return ExitOK
}

// progress prints a long command's progress to stderr: a line per 10%, and at most one every
// two seconds in between.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	cmd   string
	what  string
	last  time.Time
	tenth int64
}

func newProgress(w io.Writer, cmd string) *progress { return &progress{w: w, cmd: cmd, tenth: -1} }

func (p *progress) report(what string, done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if total <= 0 {
		return
	}
	tenth := min(done*10/total, 10)
	if what == p.what && tenth == p.tenth && time.Since(p.last) < 2*time.Second {
		return
	}
	p.what, p.tenth, p.last = what, tenth, time.Now()
	fmt.Fprintf(p.w, "kluis %s: %s %d%%\n", p.cmd, what, min(done*100/total, 100))
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
