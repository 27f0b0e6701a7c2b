package cli

import (
	stdctx "context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// persnrList is a repeatable --persnr flag.
type persnrList []string

func (p *persnrList) String() string     { return strings.Join(*p, ",") }
func (p *persnrList) Set(v string) error { *p = append(*p, v); return nil }

var _ flag.Value = (*persnrList)(nil)

// runErase is `kluis erase` (admins): Beheer → Bewaartermijn from the command line. Without
// --yes it only lists what would be erased; with --yes it erases, tells the arbo service,
// compacts the store and checks that nothing of the erased is left.
func runErase(c *context, args []string) int {
	const usage = "kluis erase --vault DIR (--expired | --persnr P [--persnr P]...) [--employer KVK] [--yes] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("erase")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	expired := fs.Bool("expired", false, "every employee past the retention period that may be erased")
	var persnrs persnrList
	fs.Var(&persnrs, "persnr", "an employee's personnel number (repeatable)")
	employerKvK := fs.String("employer", "", "employer's KvK number (with --persnr, when the vault holds several)")
	yes := fs.Bool("yes", false, "erase; without it the command only lists")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if *expired == (len(persnrs) > 0) {
		return c.usageError("erase", "give either --expired or --persnr\nUsage: %s", usage)
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("erase", "%v", err)
	}
	ws, done, exit := c.open("erase", dir, *user, *passFile)
	if ws == nil {
		return exit
	}
	defer done()
	list, err := ws.RetentionList()
	if err != nil {
		return c.fail("erase", err)
	}
	byID := map[vault.ID]workspace.RetentionEntry{}
	for _, r := range list {
		byID[r.Employee] = r
	}
	var ids []vault.ID
	if *expired {
		for _, r := range list {
			if r.Blocked == "" {
				ids = append(ids, r.Employee)
			} else {
				fmt.Fprintf(c.env.Stdout, "kept  persnr %s  %s  ended %s  (%s)\n", r.Persnr, r.DepartmentPath, r.Ended, r.Blocked)
			}
		}
	} else {
		employer, code := c.pickEmployer("erase", ws, *employerKvK)
		if code != ExitOK {
			return code
		}
		for _, p := range persnrs {
			e, err := ws.Directory().EmployeeByPersnr(employer.ID, p)
			if err != nil {
				return c.fail("erase", err)
			}
			ids = append(ids, e.ID)
		}
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			fmt.Fprintf(c.env.Stdout, "erase persnr %s  %s  ended %s\n", r.Persnr, r.DepartmentPath, r.Ended)
		}
	}
	if len(ids) == 0 {
		fmt.Fprintln(c.env.Stdout, "nothing to erase / niets te wissen")
		return ExitOK
	}
	if !*yes {
		fmt.Fprintf(c.env.Stdout, "%d employees would be erased; run again with --yes to erase them (this cannot be undone) / "+
			"%d medewerkers worden gewist met --yes (dit kan niet ongedaan worden gemaakt)\n", len(ids), len(ids))
		return ExitOK
	}
	ctx, stop := signal.NotifyContext(stdctx.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	last := map[workspace.ErasePhase]int{}
	rep, err := ws.EraseEmployees(ctx, ids, func(p workspace.ErasePhase, done, total int) {
		if done == total || done-last[p] >= 1000 {
			fmt.Fprintf(c.env.Stderr, "erase: %s %d of %d\n", p, done, total)
			last[p] = done
		}
	})
	if err != nil {
		if rep.Erased > 0 {
			fmt.Fprintf(c.env.Stdout, "erased %d before the error / %d gewist voor de fout\n", rep.Erased, rep.Erased)
		}
		return c.fail("erase", err)
	}
	fmt.Fprintf(c.env.Stdout, "erased %d, store compacted, nothing left / %d gewist, opslag opgeschoond, niets achtergebleven (%s)\n",
		rep.Erased, rep.Erased, rep.Took.Round(1e6))
	if rep.NoticesWaiting > 0 {
		fmt.Fprintf(c.env.Stdout, "%d notices wait for the arbo service (%s); the next sync sends them / %d berichten wachten op de arbodienst\n",
			rep.NoticesWaiting, rep.NotifyError, rep.NoticesWaiting)
	}
	return ExitOK
}
