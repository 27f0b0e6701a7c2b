package cli

import (
	stdctx "context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kluis/internal/replicate"
	"kluis/internal/workspace"
)

// Replication between the PCs of one vault (docs/CLI.md, docs/adr/009-replication.md). The
// bucket's access key and secret come from the environment only, never from a flag value (a
// flag shows in the process list and the shell history).

const (
	envS3URL    = "KLUIS_S3_URL"
	envS3Access = "KLUIS_S3_ACCESS_KEY"
	envS3Secret = "KLUIS_S3_SECRET_KEY"
)

const replicateUsage = "kluis replicate --vault DIR [--bucket-url URL [--save]] [--once] [--every DURATION] [--snapshot] [--passphrase-file FILE] [--user EMAIL]   (KLUIS_S3_ACCESS_KEY, KLUIS_S3_SECRET_KEY)"

// bucketConfig reads the bucket settings from --bucket-url (or KLUIS_S3_URL) and the environment.
func (c *context) bucketConfig(url string) replicate.Config {
	if url == "" {
		url = c.env.Getenv(envS3URL)
	}
	return replicate.Config{URL: url, AccessKey: c.env.Getenv(envS3Access), SecretKey: c.env.Getenv(envS3Secret)}
}

// runReplicate is `kluis replicate`: one cycle with --once, otherwise one every --every.
func runReplicate(c *context, args []string) int {
	fs := c.newFlags("replicate")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	bucketURL := fs.String("bucket-url", "", "the bucket, https://host[:port]/bucket (default: KLUIS_S3_URL)")
	once := fs.Bool("once", false, "one cycle, then stop")
	save := fs.Bool("save", false, "store the given bucket settings in the vault for every PC of it (admins), checked against the server first")
	every := fs.Duration("every", time.Minute, "time between cycles without --once")
	snapshot := fs.Bool("snapshot", false, "also make a snapshot of every partition this user may write, and compact what it covers")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, replicateUsage, args); !ok {
		return code
	}
	if *every < time.Second {
		return c.usageError("replicate", "--every must be at least 1s")
	}
	cfg := c.bucketConfig(*bucketURL)
	// Without any bucket flag or variable the vault's stored settings are used (Beheer →
	// Apparaten); given only in part is a mistake.
	stored := cfg.URL == "" && cfg.AccessKey == "" && cfg.SecretKey == ""
	if !stored && (cfg.URL == "" || cfg.AccessKey == "" || cfg.SecretKey == "") {
		return c.usageError("replicate", "give --bucket-url (or %s) and set %s and %s, or none of them to use the vault's stored settings\nUsage: %s", envS3URL, envS3Access, envS3Secret, replicateUsage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("replicate", "%v", err)
	}
	v, ws, done, exit := c.openVault("replicate", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	target := workspace.ReplicaTarget{Dir: v.Dir(), VaultID: v.ID(), Bucket: cfg}
	if *save {
		if stored {
			return c.usageError("replicate", "--save needs the bucket settings: --bucket-url (or %s), %s and %s", envS3URL, envS3Access, envS3Secret)
		}
		if _, err := ws.SaveReplicaSettings(stdctx.Background(), workspace.ReplicaSettingsInput{URL: cfg.URL, AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey}); err != nil {
			return c.fail("replicate", err)
		}
		fmt.Fprintln(c.env.Stderr, "kluis replicate: bucket settings stored in the vault / bucketinstellingen in de kluis opgeslagen")
	}
	if stored {
		if target, err = ws.StoredReplicaTarget(v.Dir(), v.ID()); err != nil {
			return c.fail("replicate", err)
		}
	}
	target.Snapshots.Force = *snapshot
	ctx, stop := signal.NotifyContext(stdctx.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for {
		code := c.replicateCycle(ctx, ws, target)
		target.Snapshots.Force = false // --snapshot: the first cycle only
		if *once || code == ExitDenied {
			return code
		}
		select {
		case <-ctx.Done():
			return ExitOK
		case <-time.After(*every):
		}
	}
}

func (c *context) replicateCycle(ctx stdctx.Context, ws *workspace.Workspace, t workspace.ReplicaTarget) int {
	rep, err := ws.Replicate(ctx, t)
	for _, r := range rep.Refused {
		fmt.Fprintf(c.env.Stderr, "kluis replicate: refused %s: %s\n", r.Key, r.Reason)
	}
	if err != nil {
		return c.fail("replicate", err)
	}
	fmt.Fprintf(c.env.Stdout, "pushed %d change sets and %d keyring entries; pulled %d change sets (%d records applied, %d older skipped) and %d keyring entries; "+
		"audit entries: %d pushed, %d pulled; refused %d / verstuurd %d, ontvangen %d, geweigerd %d\n",
		rep.SetsPushed, rep.KeyringPushed, rep.SetsPulled, rep.Applied, rep.Older, rep.KeyringPulled, rep.AuditPushed, rep.AuditPulled, len(rep.Refused),
		rep.SetsPushed+rep.KeyringPushed, rep.SetsPulled+rep.KeyringPulled, len(rep.Refused))
	if rep.SnapshotsMade+rep.SnapshotsApplied+rep.Compacted > 0 {
		fmt.Fprintf(c.env.Stdout, "snapshots: made %d, applied %d; change sets compacted %d / momentopnamen: gemaakt %d, toegepast %d; opgeruimd %d\n",
			rep.SnapshotsMade, rep.SnapshotsApplied, rep.Compacted, rep.SnapshotsMade, rep.SnapshotsApplied, rep.Compacted)
	}
	if rep.Retired > 0 {
		fmt.Fprintf(c.env.Stdout, "left out %d values sealed under keys a finished revocation withdrew (the re-sealed versions replace them) / "+
			"%d waarden onder na een intrekking vervallen sleutels overgeslagen (de opnieuw versleutelde versies vervangen ze)\n", rep.Retired, rep.Retired)
	}
	if rep.AuditGaps > 0 {
		fmt.Fprintf(c.env.Stderr, "kluis replicate: the audit log of %d PC(s) is incomplete: entries they announced are not in the bucket (see kluis device list) / "+
			"het logboek van %d pc('s) is onvolledig: gemelde regels staan niet in de opslag\n", rep.AuditGaps, rep.AuditGaps)
	}
	if len(rep.Refused) > 0 {
		return ExitFailed
	}
	return ExitOK
}

const deviceUsage = "kluis device invite|list|remove ID --vault DIR [--passphrase-file FILE] [--user EMAIL]"

// runDevice is `kluis device invite`: an admin's one-time join code for a new PC (list and
// remove: devicecmd.go).
func runDevice(c *context, args []string) int {
	if len(args) > 0 && (args[0] == "list" || args[0] == "remove") {
		return runDeviceListRemove(c, args)
	}
	if len(args) == 0 || args[0] != "invite" {
		return c.usageError("device", "Usage: %s", deviceUsage)
	}
	fs := c.newFlags("device invite")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, deviceUsage, args[1:]); !ok {
		return code
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("device", "%v", err)
	}
	ws, done, exit := c.open("device invite", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	code, err := ws.InviteDevice()
	if err != nil {
		return c.fail("device invite", err)
	}
	fmt.Fprintln(c.env.Stdout, code)
	fmt.Fprintln(c.env.Stderr, "kluis device invite: give this join code to the new PC (kluis join --code); it works once. / "+
		"geef deze koppelcode aan de nieuwe pc (kluis join --code); hij werkt één keer.")
	return ExitOK
}

const joinUsage = "kluis join --vault DIR --code CODE --bucket-url URL   (KLUIS_S3_ACCESS_KEY, KLUIS_S3_SECRET_KEY)"

// runJoin is `kluis join`: this PC becomes a copy of the vault the code names.
func runJoin(c *context, args []string) int {
	fs := c.newFlags("join")
	vaultDir := fs.String("vault", c.vault, "the new vault folder (empty or absent)")
	code := fs.String("code", "", "the join code an administrator made with kluis device invite")
	bucketURL := fs.String("bucket-url", "", "the bucket, https://host[:port]/bucket (default: KLUIS_S3_URL)")
	if code, ok := parse(fs, joinUsage, args); !ok {
		return code
	}
	cfg := c.bucketConfig(*bucketURL)
	if *code == "" || cfg.URL == "" || cfg.AccessKey == "" || cfg.SecretKey == "" {
		return c.usageError("join", "give --code and --bucket-url (or %s) and set %s and %s\nUsage: %s", envS3URL, envS3Access, envS3Secret, joinUsage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("join", "%v", err)
	}
	rep, err := workspace.Join(stdctx.Background(), dir, *code, cfg, nil)
	if err != nil {
		return c.fail("join", err)
	}
	fmt.Fprintf(c.env.Stdout, "joined vault %s (%d keyring entries, %d users); unlock and run kluis replicate to fetch the records / "+
		"gekoppeld; ontgrendel en start kluis replicate om de gegevens op te halen\n", rep.VaultID, rep.KeyringEntries, rep.Users)
	return ExitOK
}
