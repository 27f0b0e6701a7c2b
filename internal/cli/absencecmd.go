package cli

import (
	"fmt"
	"strconv"

	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// runSick is `kluis sick`: "Ziekmelden" with the window's rules (internal/sharing): only for a
// shared dossier, exactly the fields the employer may record, the first sick day not in the
// future. With --percentage below 100 the spell's percentage is then set as "Wijziging verzuim"
// does.
func runSick(c *context, args []string) int {
	const usage = "kluis sick --vault DIR --persnr P [--employer KVK] --first-day DD-MM-JJJJ --phone PHONE " +
		"--expected-duration up-to-1-week|1-to-2-weeks|2-to-6-weeks|more-than-6-weeks|unknown [--percentage N] " +
		"[--care-street S --care-number N --care-postcode PC --care-city C] [--appointments TEXT] " +
		"[--safety-net] [--work-accident] [--third-party-liable] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("sick")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	persnr := fs.String("persnr", "", "the employee's personnel number")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	var r sharing.SickReport
	fs.StringVar(&r.FirstSickDay, "first-day", "", "first day of sickness (dd-mm-jjjj)")
	fs.StringVar(&r.Phone, "phone", "", "phone number during the absence")
	fs.StringVar(&r.ExpectedDuration, "expected-duration", "", "up-to-1-week, 1-to-2-weeks, 2-to-6-weeks, more-than-6-weeks or unknown")
	fs.StringVar(&r.CareAddress.Street, "care-street", "", "care address (only when not at home): street")
	fs.StringVar(&r.CareAddress.Number, "care-number", "", "care address: house number")
	fs.StringVar(&r.CareAddress.Postcode, "care-postcode", "", "care address: postcode")
	fs.StringVar(&r.CareAddress.City, "care-city", "", "care address: city")
	fs.StringVar(&r.OngoingAppointments, "appointments", "", "ongoing appointments and work (no medical details)")
	fs.BoolVar(&r.SafetyNet, "safety-net", false, "a safety net scheme (vangnetregeling) applies (never which one)")
	fs.BoolVar(&r.WorkAccident, "work-accident", false, "it is a work accident")
	fs.BoolVar(&r.ThirdPartyLiable, "third-party-liable", false, "a traffic accident with a liable third party")
	percentage := fs.String("percentage", "", "percentage sick, 1..100 (default 100)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"persnr": *persnr, "first-day": r.FirstSickDay}); len(m) > 0 {
		return c.usageError("sick", "missing %v\nUsage: %s", m, usage)
	}
	pct := 100
	if *percentage != "" {
		n, err := strconv.Atoi(*percentage)
		if err != nil || n < 1 || n > 100 {
			return c.usageError("sick", "--percentage must be a whole number from 1 to 100")
		}
		pct = n
	}
	return c.withDossier("sick", *vaultDir, *user, *passFile, *employerKvK, *persnr, func(ws *workspace.Workspace, id vault.ID) error {
		if err := ws.ReportSick(id, r); err != nil {
			return err
		}
		if pct != 100 {
			if err := ws.ChangeAbsence(id, r, pct); err != nil {
				return err
			}
		}
		fmt.Fprintf(c.env.Stdout, "persnr %s: reported sick / ziekgemeld (%d%%)\n", *persnr, pct)
		return nil
	})
}

// runRecover is `kluis recover`: "Herstelmelden" with the window's rules: the first day back,
// not before the first sick day and not in the future.
func runRecover(c *context, args []string) int {
	const usage = "kluis recover --vault DIR --persnr P [--employer KVK] --day DD-MM-JJJJ [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("recover")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	persnr := fs.String("persnr", "", "the employee's personnel number")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	day := fs.String("day", "", "first working day after recovery (dd-mm-jjjj)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"persnr": *persnr, "day": *day}); len(m) > 0 {
		return c.usageError("recover", "missing %v\nUsage: %s", m, usage)
	}
	return c.withDossier("recover", *vaultDir, *user, *passFile, *employerKvK, *persnr, func(ws *workspace.Workspace, id vault.ID) error {
		if err := ws.ReportRecovery(id, *day); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stdout, "persnr %s: recovery reported / hersteld gemeld\n", *persnr)
		return nil
	})
}
