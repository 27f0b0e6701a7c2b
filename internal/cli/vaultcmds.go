package cli

import (
	stdctx "context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"kluis/internal/access"
	"kluis/internal/backupbench"
	"kluis/internal/logbench"
	"kluis/internal/people"
	"kluis/internal/peoplebench"
	"kluis/internal/report"
	"kluis/internal/syncbench"
	"kluis/internal/upgrade"
	"kluis/internal/vault"
	"kluis/internal/vault/vaultbench"
	"kluis/internal/workspace"
)

// Options tunes the engines behind the command line; tests pass cheap key derivation.
type Options struct {
	Vault vault.Options
}

func (c *context) vaultOptions() vault.Options {
	o := c.env.Options.Vault
	if o.Logger == nil {
		o.Logger = c.logger
	}
	if o.Upgrade == nil { // an admin's unlock upgrades a vault of an older format
		o.Upgrade = upgrade.Format1()
	}
	return o
}

func runInit(c *context, args []string) int {
	const usage = "kluis init --vault DIR --employer NAME --kvk NUMBER --admin-name NAME --admin-email EMAIL [--recovery-kit FILE.pdf] [--passphrase-file FILE]"
	fs := c.newFlags("init")
	vaultDir := fs.String("vault", c.vault, "vault folder to create (must be empty or absent)")
	employer := fs.String("employer", "", "employer name")
	kvk := fs.String("kvk", "", "employer's KvK number (8 digits)")
	adminName := fs.String("admin-name", "", "first admin's name")
	adminEmail := fs.String("admin-email", "", "first admin's e-mail (used to unlock)")
	kit := fs.String("recovery-kit", "", "write the emergency kit PDF here (otherwise the recovery code is printed)")
	passFile := fs.String("passphrase-file", "", "read the admin's passphrase from the first line of FILE")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"vault": *vaultDir, "employer": *employer, "kvk": *kvk,
		"admin-name": *adminName, "admin-email": *adminEmail}); len(m) > 0 {
		return c.usageError("init", "missing %v\nUsage: %s", m, usage)
	}
	pass, err := readPassphrase(c.env, *passFile, "New admin passphrase / nieuwe wachtwoordzin", true)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis init: %v\n", err)
		return ExitUsage
	}
	created, err := access.CreateVault(*vaultDir, access.Setup{
		EmployerName: *employer, KvK: *kvk, AdminName: *adminName, AdminEmail: *adminEmail, Passphrase: pass,
	}, c.vaultOptions())
	if err != nil {
		return c.fail("init", err)
	}
	defer func() {
		created.Session.Lock()
		if err := created.Vault.Close(); err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis init: closing the vault: %v\n", err)
		}
	}()
	fmt.Fprintf(c.env.Stdout, "Vault created in %s for %s (KvK %s).\n", *vaultDir, created.Employer.Name, created.Employer.KvK)
	if *kit != "" {
		err := report.SaveEmergencyKit(*kit, report.EmergencyKit{
			EmployerName: created.Employer.Name, KvK: created.Employer.KvK, VaultID: created.VaultID,
			AdminName: created.Admin.Name, AdminEmail: created.Admin.Email,
			RecoveryCode: created.RecoveryCode, VaultPath: *vaultDir, Created: created.At,
		})
		if err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis init: the vault exists, but the emergency kit could not be written: %v\n", err)
			fmt.Fprintf(c.env.Stdout, "Recovery code (write it down now; it is shown only once): %s\n", created.RecoveryCode)
			return ExitFailed
		}
		fmt.Fprintf(c.env.Stdout, "Emergency kit written to %s. Print it and keep it away from this PC.\n", *kit)
		return ExitOK
	}
	fmt.Fprintf(c.env.Stdout, "Recovery code (shown only once; store it safely, away from this PC):\n\n    %s\n\n", created.RecoveryCode)
	return ExitOK
}

func runVerify(c *context, args []string) int {
	const usage = "kluis verify --vault DIR [--against-service] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("verify")
	against := fs.Bool("against-service", false, "also compare the audit log with the head the arbo service holds")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("verify", "%v", err)
	}
	ws, done, code := c.open("verify", dir, *user, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	rep, err := ws.Session().Verify(stdctx.Background(), vault.VerifyOptions{Indexer: people.Indexer()})
	if err != nil {
		return c.fail("verify", err)
	}
	printVerify(c.env.Stdout, rep)
	witnessOK := !*against || verifyAgainstService(c, ws)
	if !rep.OK() || !witnessOK {
		return ExitFailed
	}
	return ExitOK
}

// printVerify names every part of the check and, for each that failed, why.
func printVerify(w io.Writer, rep vault.VerifyReport) {
	fmt.Fprintf(w, "Keyring: %s", okText(rep.KeyringOK))
	if rep.KeyringOK {
		fmt.Fprintf(w, " (%d signed entries)\n", rep.KeyringEntries)
	} else {
		fmt.Fprintf(w, ": %s\n", rep.KeyringProblem)
	}
	fmt.Fprintf(w, "Store: %s", okText(rep.StoreOK))
	if !rep.StoreOK {
		fmt.Fprintf(w, ": %s", rep.StoreProblem)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Records: %d opened, %d not readable with this user's keys, %d damaged\n",
		rep.Opened, rep.Skipped, len(rep.Failures))
	for _, f := range rep.Failures {
		fmt.Fprintf(w, "  damaged: kind 0x%02x record %s: %s\n", byte(f.Kind), f.ID, f.Reason)
	}
	switch {
	case !rep.IndexChecked:
		fmt.Fprintf(w, "Search index: not checked (a key rotation is pending)\n")
	case rep.IndexProblemCount == 0:
		fmt.Fprintf(w, "Search index: intact (%d entries)\n", rep.IndexEntries)
	default:
		fmt.Fprintf(w, "Search index: %d problems\n", rep.IndexProblemCount)
		for _, p := range rep.IndexProblems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if len(rep.Audit.Problems) == 0 {
		fmt.Fprintf(w, "Audit log: intact (%d entries)\n", rep.Audit.Entries)
	} else {
		fmt.Fprintf(w, "Audit log: damaged\n")
		for _, p := range rep.Audit.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

func okText(ok bool) string {
	if ok {
		return "intact"
	}
	return "DAMAGED"
}

// open opens the vault folder, unlocks it for the acting user and opens the workspace; done
// closes both. On failure it returns a nil workspace and the exit status, having printed why.
func (c *context) open(cmd, dir, user, passFile string) (*workspace.Workspace, func(), int) {
	_, ws, done, code := c.openVault(cmd, dir, user, passFile)
	return ws, done, code
}

// openVault is open that also returns the vault, for a command that reads its settings.
func (c *context) openVault(cmd, dir, user, passFile string) (*vault.Vault, *workspace.Workspace, func(), int) {
	v, err := vault.Open(dir, c.vaultOptions())
	if err != nil {
		return nil, nil, nil, c.fail(cmd, err)
	}
	var sess *vault.Session
	if token := c.sessionToken(passFile); token != "" {
		// A session from kluis unlock: no passphrase, no key derivation (sessioncmd.go).
		if sess, err = c.resumeSession(v, token); err == nil && user != "" && !sess.IsUser(user) {
			sess.Lock()
			err = fmt.Errorf("%w: it belongs to another user than --user", vault.ErrSessionInvalid)
		}
		if err != nil {
			_ = v.Close()
			return nil, nil, nil, c.fail(cmd, err)
		}
		return c.openWorkspace(cmd, v, sess)
	}
	pass, err := readPassphrase(c.env, passFile, "Passphrase / wachtwoordzin", false)
	if err != nil {
		_ = v.Close()
		fmt.Fprintf(c.env.Stderr, "kluis %s: %v\n", cmd, err)
		return nil, nil, nil, ExitUsage
	}
	if user == "" {
		sess, err = v.UnlockOnlyAdmin(pass)
	} else {
		sess, err = v.Unlock(user, pass)
	}
	if err != nil {
		_ = v.Close()
		return nil, nil, nil, c.fail(cmd, err)
	}
	return c.openWorkspace(cmd, v, sess)
}

// openWorkspace opens the workspace on an unlocked session; done closes both.
func (c *context) openWorkspace(cmd string, v *vault.Vault, sess *vault.Session) (*vault.Vault, *workspace.Workspace, func(), int) {
	ws := workspace.Open(sess, workspace.Config{Logger: c.logger})
	c.reportRecovered(cmd, sess)
	// What the window does at every unlock (an older vault's tree and profiles signed, retired
	// indexes removed), so a vault used only from scripts is completed too; a failure is said,
	// the command goes on (the window tries again at its next unlock, as does the next command).
	if err := ws.Upkeep(); err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis %s: completing an older vault's upgrade failed; the command goes on and the next unlock tries again / "+
			"het afronden van de upgrade van een oudere kluis is mislukt; de opdracht gaat door en de volgende ontgrendeling probeert het opnieuw: %v\n", cmd, err)
	}
	return v, ws, func() {
		ws.Close()
		if err := v.Close(); err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis %s: closing the vault: %v\n", cmd, err)
		}
	}, ExitOK
}

// reportRecovered says what the unlock put right after a crash: an import undone (the vault is
// as before it; import the file again) or found complete.
func (c *context) reportRecovered(cmd string, sess *vault.Session) {
	for _, r := range people.InterruptedImports(sess) {
		at := r.Started.Local().Format("02-01-2006 15:04")
		if r.Undone {
			fmt.Fprintf(c.env.Stderr, "kluis %s: an import of %d rows started %s was interrupted and has been undone; the vault is as it was before it. Import the file again. / "+
				"een import van %d regels, gestart %s, is onderbroken en ongedaan gemaakt; de kluis is zoals ervoor. Importeer het bestand opnieuw.\n", cmd, r.Rows, at, r.Rows, at)
		} else {
			fmt.Fprintf(c.env.Stderr, "kluis %s: an import started %s had completed; its journal was cleaned up. / een import, gestart %s, was al voltooid.\n", cmd, at, at)
		}
	}
}

func runBench(c *context, args []string) int {
	const usage = "kluis bench [--employees N] [--departments N] [--log-entries N] [--only vault|people|search|views|sync|backup|logbook] [--out FILE.md]"
	fs := c.newFlags("bench")
	n := fs.Int("employees", 100000, "employees in the synthetic vault")
	depts := fs.Int("departments", 50, "departments the employees are spread over (people and search parts)")
	only := fs.String("only", "", "run one part: vault, people, search (people: import and search only), views (people: import, then unlock, tree, name index and memory only, right after the import and at the next start), sync, backup or logbook (default: all)")
	logEntries := fs.Int("log-entries", 1_000_000, "audit-log entries for the logbook part")
	out := fs.String("out", "", "also write the Markdown table to FILE")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if *n < 1 {
		return c.usageError("bench", "--employees must be at least 1")
	}
	if *depts < 1 {
		return c.usageError("bench", "--departments must be at least 1")
	}
	if *only != "" && *only != "vault" && *only != "people" && *only != "search" && *only != "views" && *only != "sync" && *only != "backup" && *only != "logbook" {
		return c.usageError("bench", "--only must be vault, people, search, views, sync, backup or logbook")
	}
	part := func(name string) bool { return *only == "" || *only == name }
	var w io.Writer = c.env.Stdout
	var f *os.File
	if *out != "" {
		var err error
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis bench: %v\n", err)
			return ExitFailed
		}
		w = io.MultiWriter(c.env.Stdout, f)
	}
	start := time.Now()
	var err error
	if part("vault") {
		err = vaultbench.Run(stdctx.Background(), vaultbench.Config{Employees: *n, Logger: c.logger}, w)
	}
	if err == nil && part("people") {
		err = peoplebench.Run(stdctx.Background(), peoplebench.Config{Employees: *n, Departments: *depts, Logger: c.logger}, w)
	}
	if err == nil && *only == "search" {
		err = peoplebench.Run(stdctx.Background(), peoplebench.Config{Employees: *n, Departments: *depts, SearchOnly: true, Logger: c.logger}, w)
	}
	if err == nil && *only == "views" {
		err = peoplebench.Run(stdctx.Background(), peoplebench.Config{Employees: *n, Departments: *depts, ViewsOnly: true, Logger: c.logger}, w)
	}
	if err == nil && part("sync") {
		err = syncbench.Run(stdctx.Background(), syncbench.Config{Employees: *n, Logger: c.logger}, w)
	}
	if err == nil && part("backup") {
		err = backupbench.Run(stdctx.Background(), backupbench.Config{Employees: *n, Logger: c.logger}, w)
	}
	if err == nil && part("logbook") {
		err = logbench.Run(stdctx.Background(), logbench.Config{Entries: *logEntries, Logger: c.logger}, w)
	}
	if f != nil {
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis bench: %v\n", err)
		return ExitFailed
	}
	fmt.Fprintf(c.env.Stderr, "kluis bench: done in %s\n", time.Since(start).Round(time.Millisecond))
	return ExitOK
}

// fail prints why a sub-command failed, from the same registry as the window's error codes
// (English / Dutch, and the error's own detail where it adds something), and picks the exit
// status: 3 when the user may not do this (wrong passphrase, locked, no right), 1 otherwise.
// Error texts carry ids and reasons, never identity data.
func (c *context) fail(cmd string, err error) int {
	p := workspace.Explain(err)
	switch {
	case p.Fields != nil: // the English text names each field and its reason
		fmt.Fprintf(c.env.Stderr, "kluis %s: %s\n", cmd, p.English)
	case !p.Known(): // stderr is the command line's log
		fmt.Fprintf(c.env.Stderr, "kluis %s: %v\n", cmd, err)
	case p.Context != "":
		fmt.Fprintf(c.env.Stderr, "kluis %s: %s / %s (%s)\n", cmd, p.English, p.Dutch, p.Context)
	default:
		fmt.Fprintf(c.env.Stderr, "kluis %s: %s / %s\n", cmd, p.English, p.Dutch)
	}
	if p.Denied {
		return ExitDenied
	}
	return ExitFailed
}
