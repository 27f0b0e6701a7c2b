package cli

import (
	stdctx "context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// runEnrol is `kluis enrol`: Beheer → Arbodienst from the command line (admins).
func runEnrol(c *context, args []string) int {
	const usage = "kluis enrol --vault DIR --service URL --code CODE [--fingerprint SHA256] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("enrol")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	service := fs.String("service", "", "the arbo service's address (https://… or http://… on this PC)")
	code := fs.String("code", "", "the one-time enrolment code the arbo service issued")
	fingerprint := fs.String("fingerprint", "", "the SHA-256 of the service's TLS certificate, when it is not signed by a known authority")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"service": *service, "code": *code}); len(m) > 0 {
		return c.usageError("enrol", "missing %v\nUsage: %s", m, usage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("enrol", "%v", err)
	}
	ws, done, exit := c.open("enrol", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	st, err := ws.Enrol(stdctx.Background(), *service, *code, *fingerprint)
	if err != nil {
		return c.fail("enrol", err)
	}
	fmt.Fprintf(c.env.Stdout, "enrolled with %s (%s) as employer %s / gekoppeld\n", st.Service.Name, st.URL, st.EmployerID)
	if st.Fingerprint != "" {
		fmt.Fprintf(c.env.Stdout, "pinned certificate: %s\n", st.Fingerprint)
	}
	return ExitOK
}

// runSync is `kluis sync`: one cycle with --once, otherwise a cycle every --every until Ctrl+C.
func runSync(c *context, args []string) int {
	const usage = "kluis sync --vault DIR [--once] [--every DURATION] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("sync")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	once := fs.Bool("once", false, "one cycle, then stop")
	every := fs.Duration("every", 5*time.Minute, "time between cycles without --once")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if *every < time.Second {
		return c.usageError("sync", "--every must be at least 1s")
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("sync", "%v", err)
	}
	ws, done, exit := c.open("sync", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	ctx, stop := signal.NotifyContext(stdctx.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for {
		code := c.syncCycle(ctx, ws)
		if *once {
			return code
		}
		select {
		case <-ctx.Done():
			return ExitOK
		case <-time.After(*every):
		}
	}
}

func (c *context) syncCycle(ctx stdctx.Context, ws *workspace.Workspace) int {
	last := -1
	rep, err := ws.SyncNow(ctx, func(done, total int) {
		if total > 0 && done != last && (done == total || done-last >= 1000) {
			fmt.Fprintf(c.env.Stderr, "sync: %d of %d messages\n", done, total)
			last = done
		}
	})
	if err != nil {
		return c.fail("sync", err)
	}
	st, err := ws.SyncStatus()
	if err != nil {
		return c.fail("sync", err)
	}
	fmt.Fprintf(c.env.Stdout, "sent %d, refused %d, retrievals %d, shares ended %d, waiting %d / verstuurd %d, geweigerd %d, wachtend %d\n",
		rep.Sent, rep.Rejected, rep.Retrievals, rep.Ended, st.Pending, rep.Sent, rep.Rejected, st.Pending)
	return ExitOK
}

// verifyAgainstService compares the audit log with the head the arbo service holds.
func verifyAgainstService(c *context, ws *workspace.Workspace) bool {
	h, err := ws.CheckWitness(stdctx.Background())
	switch {
	case err == nil && h.Seq == 0:
		fmt.Fprintln(c.env.Stdout, "arbo service witness: none held yet")
		return true
	case err == nil:
		fmt.Fprintf(c.env.Stdout, "arbo service witness: ok (entry %d of %s)\n", h.Seq, h.At.Format(time.DateTime))
		return true
	case errors.Is(err, vault.ErrWitness):
		fmt.Fprintf(c.env.Stdout, "arbo service witness: DAMAGED: %v\n", err)
		return false
	}
	p := workspace.Explain(err)
	fmt.Fprintf(c.env.Stdout, "arbo service witness: not checked: %s / %s\n", p.English, p.Dutch)
	return false
}
