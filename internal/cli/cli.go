package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"

	"kluis/app"
	"kluis/internal/crashwatch"
	"kluis/internal/logfile"
	"kluis/internal/version"
)

// Exit statuses, as promised in docs/CLI.md.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
	ExitDenied = 3
)

// Env is everything the command line touches outside itself, so tests run it in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	UserConfigDir  func() (string, error)
	// OpenWindow opens the desktop window; nil in a build without the desktop tag.
	OpenWindow func(app.Config) error
	// Options tunes the engines for tests (cheap key derivation); zero in production.
	Options Options
	// WatchCrashes starts the crash watcher for the window (crashwatch.Start on this binary)
	// with the log folder; nil leaves the window unwatched (tests: the watcher is this binary).
	WatchCrashes func(logDir string) error
}

// command is one sub-command. run is nil while its issue has not landed.
type command struct {
	name    string
	summary string
	usage   string
	run     func(c *context, args []string) int
}

// context carries what every sub-command needs.
type context struct {
	env    Env
	vault  string // the vault folder chosen by the global --vault, KLUIS_VAULT or the default
	logger *slog.Logger
	// noSession makes a command ask for the passphrase even with KLUIS_SESSION set (kluis unlock).
	noSession bool
}

func commands() []command {
	return []command{
		{name: "init", summary: "create a new vault with its first admin",
			usage: "kluis init --vault DIR --employer NAME --kvk NUMBER --admin-name NAME --admin-email EMAIL [--recovery-kit FILE.pdf] [--passphrase-file FILE]",
			run:   runInit},
		{name: "unlock", summary: "start a short-lived session for scripts and print its token (KLUIS_SESSION)",
			usage: unlockUsage,
			run:   runUnlock},
		{name: "lock", summary: "end the session in KLUIS_SESSION (or --all)",
			usage: lockUsage,
			run:   runLock},
		{name: "import", summary: "import employees from a payroll export (CSV or XLSX), all or nothing",
			usage: "kluis import --vault DIR [--employer KVK] [--dry-run] [--map COLUMN=FIELD]... [--json] FILE",
			run:   runImport},
		{name: "search", summary: "find employees by persnr, name, BSN, or birth date and postcode",
			usage: "kluis search --vault DIR [--json] QUERY",
			run:   runSearch},
		{name: "export", summary: "write an employee's GDPR access export (--out FILE.json|FILE.pdf) or a shared employee's SIVI 2022 files (--sivi OUTDIR)",
			usage: "kluis export --vault DIR --persnr P [--employer KVK] --out FILE.json|FILE.pdf [--lang nl|en] | --sivi OUTDIR",
			run:   runExport},
		{name: "report", summary: "print the statistics, the processing register or an employee's share history as a PDF",
			usage: reportUsage,
			run:   runReport},
		{name: "share", summary: "share an employee's dossier with the arbo service for a care question",
			usage: "kluis share --vault DIR --persnr P --care-question sick-report|case-manager|consultation --explanation TEXT [--until DD-MM-JJJJ]",
			run:   runShare},
		{name: "revoke", summary: "revoke a share while the arbo service holds no case content",
			usage: "kluis revoke --vault DIR --persnr P --reason TEXT",
			run:   runRevoke},
		{name: "sick", summary: "report a shared employee sick, with the same rules as the window",
			usage: "kluis sick --vault DIR --persnr P --first-day DD-MM-JJJJ --phone PHONE --expected-duration D [--percentage N]",
			run:   runSick},
		{name: "recover", summary: "report a sick employee's recovery (first day back)",
			usage: "kluis recover --vault DIR --persnr P --day DD-MM-JJJJ",
			run:   runRecover},
		{name: "enrol", summary: "enrol this vault with an arbo service",
			usage: "kluis enrol --vault DIR --service URL --code CODE [--fingerprint SHA256]",
			run:   runEnrol},
		{name: "sync", summary: "synchronise with the arbo service",
			usage: "kluis sync --vault DIR [--once] [--every DURATION]",
			run:   runSync},
		{name: "erase", summary: "list or erase employees past the two-year retention period (admins)",
			usage: "kluis erase --vault DIR (--expired | --persnr P...) [--employer KVK] [--yes]",
			run:   runErase},
		{name: "verify", summary: "check the signed keyring history, the store, every record, the indexes and the audit log",
			usage: "kluis verify --vault DIR [--against-service] [--passphrase-file FILE] [--user EMAIL]",
			run:   runVerify},
		{name: "log", summary: "read the audit log (Logboek) newest first, filter it, check its chain, export an extract as CSV or PDF",
			usage: logUsage,
			run:   runLog},
		{name: "backup", summary: "write a sealed backup of the whole vault to one file (admins)",
			usage: "kluis backup --vault DIR --out FILE|FOLDER [--user EMAIL] [--passphrase-file FILE]",
			run:   runBackup},
		{name: "restore", summary: "restore a vault from a backup file into an empty folder, verified before it is put in place",
			usage: "kluis restore --from FILE --vault DIR [--user EMAIL] [--passphrase-file FILE] [--replace]",
			run:   runRestore},
		{name: "support-info", summary: "print the support block (versions, paths, sizes, counts, sync state; no names) for the helpdesk",
			usage: "kluis support-info --vault DIR [--passphrase-file FILE] [--user EMAIL]",
			run:   runSupportInfo},
		{name: "bench", summary: "build a synthetic vault and print performance figures as Markdown",
			usage: "kluis bench [--employees N] [--departments N] [--log-entries N] [--only vault|people|search|views|sync|backup|logbook] [--out FILE.md]",
			run:   runBench},
		{name: "replicate", summary: "exchange this PC's sealed changes with the vault's other PCs through an S3 bucket",
			usage: replicateUsage,
			run:   runReplicate},
		{name: "device", summary: "the PCs of this vault (admins): device invite (a one-time join code), device list, device remove ID",
			usage: deviceUsage,
			run:   runDevice},
		{name: "conflicts", summary: "list identity conflicts of two PCs' concurrent edits (no values) and resolve one",
			usage: conflictsUsage,
			run:   runConflicts},
		{name: "join", summary: "make this PC a copy of an existing vault from its bucket, with a join code",
			usage: joinUsage,
			run:   runJoin},
		{name: "arbo-service", summary: "run the reference arbo service (loopback only, unless given TLS)",
			usage: arboUsage,
			run:   runArboService},
		{name: crashwatch.Command, summary: "(started by the window) write a report without personal data into DIR if the window crashes",
			usage: crashWatchUsage,
			run:   runCrashWatch},
	}
}

// Run runs the command line and returns the exit status.
func Run(args []string, env Env) int {
	c := &context{env: env, logger: newLogger(env.Stderr)}

	global := flag.NewFlagSet("kluis", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	vaultFlag := global.String("vault", "", "vault folder")
	help := global.Bool("help", false, "show help")
	global.BoolVar(help, "h", false, "show help")
	showVersion := global.Bool("version", false, "print the version")
	if err := global.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "kluis: %v\n\n", err)
		printHelp(env.Stderr)
		return ExitUsage
	}
	if *help {
		printHelp(env.Stdout)
		return ExitOK
	}
	if *showVersion {
		fmt.Fprintf(env.Stdout, "kluis %s\n", version.String())
		return ExitOK
	}
	rest := global.Args()

	if len(rest) == 0 {
		dir, err := resolveVaultDir(*vaultFlag, env)
		if err != nil {
			fmt.Fprintf(env.Stderr, "kluis: %v\n", err)
			return ExitFailed
		}
		if env.OpenWindow == nil {
			fmt.Fprintln(env.Stderr, "kluis: this build has no window (it was built without the desktop tag); run a sub-command, see kluis --help")
			fmt.Fprintln(env.Stderr, "kluis: deze versie heeft geen venster; gebruik een subopdracht, zie kluis --help")
			return ExitUsage
		}
		cfg := app.Config{VaultDir: dir, Logger: c.logger}
		if base, err := env.UserConfigDir(); err == nil {
			cfg.PrefsDir = filepath.Join(base, "Kluis") // the remembered e-mail, if the user asks
		}
		if lf := openLogFile(env); lf != nil {
			defer lf.Close()
			cfg.Logger, cfg.LogPath = logfile.Logger(lf, env.Stderr), lf.Path()
			cfg.Logger.Info("window opened")
			if env.WatchCrashes != nil {
				if err := env.WatchCrashes(filepath.Dir(lf.Path())); err != nil {
					cfg.Logger.Warn("no crash watcher: a crash of the window leaves no report", "err", err)
				}
			}
		}
		if err := env.OpenWindow(cfg); err != nil {
			cfg.Logger.Error("window failed", "err", err)
			fmt.Fprintf(env.Stderr, "kluis: %v\n", err)
			return ExitFailed
		}
		return ExitOK
	}

	name := rest[0]
	if name == "help" {
		printHelp(env.Stdout)
		return ExitOK
	}
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		if cmd.run == nil {
			fmt.Fprintf(env.Stderr, "kluis %s: not available yet\n", name)
			return ExitUsage
		}
		c.vault = *vaultFlag
		return cmd.run(c, rest[1:])
	}
	fmt.Fprintf(env.Stderr, "kluis: unknown command %q\n\n", name)
	printHelp(env.Stderr)
	return ExitUsage
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Kluis keeps an employer's personal-data vault encrypted on this PC.")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  kluis [--vault DIR]          open the window (default vault: <user config dir>/Kluis/vault, or KLUIS_VAULT)")
	fmt.Fprintln(w, "  kluis COMMAND [options]")
	fmt.Fprintln(w, "  kluis --version              print the version")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "Commands:")
	for _, cmd := range commands() {
		note := ""
		if cmd.run == nil {
			note = " (not available yet)"
		}
		fmt.Fprintf(w, "  %-13s %s%s\n", cmd.name, cmd.summary, note)
	}
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "Passphrases come from KLUIS_PASSPHRASE, --passphrase-file FILE, or a prompt; never from a flag value.")
	fmt.Fprintln(w, "Exit status: 0 done, 1 failed, 2 usage, 3 wrong passphrase / locked / no right.")
	fmt.Fprintln(w, "Run kluis COMMAND --help for a command's options.")
}

// newFlags makes a sub-command's flag set with the options every vault command shares.
func (c *context) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("kluis "+name, flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	return fs
}

// parse parses a sub-command's flags; it returns false with the exit status to use when parsing
// stopped (help requested or a usage error).
func parse(fs *flag.FlagSet, usage string, args []string) (int, bool) {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nOptions:\n", usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	return 0, true
}

// usageError prints a usage problem and returns ExitUsage.
func (c *context) usageError(cmd string, format string, args ...any) int {
	fmt.Fprintf(c.env.Stderr, "kluis %s: %s\n", cmd, fmt.Sprintf(format, args...))
	return ExitUsage
}

// missing lists the names of required string flags that are empty.
func missing(required map[string]string) []string {
	var out []string
	for name, v := range required {
		if strings.TrimSpace(v) == "" {
			out = append(out, "--"+name)
		}
	}
	sort.Strings(out)
	return out
}
