package cli

import (
	"fmt"

	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// runShare is `kluis share`: the same engine as "Dossier delen" in the window.
func runShare(c *context, args []string) int {
	const usage = "kluis share --vault DIR --persnr P [--employer KVK] --care-question sick-report|case-manager|consultation --explanation TEXT [--until DD-MM-JJJJ] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("share")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	persnr := fs.String("persnr", "", "the employee's personnel number")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	care := fs.String("care-question", "", "sick-report, case-manager or consultation")
	explanation := fs.String("explanation", "", "why the dossier is shared (no medical details)")
	until := fs.String("until", "", "last day of the share (optional)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"persnr": *persnr, "care-question": *care, "explanation": *explanation}); len(m) > 0 {
		return c.usageError("share", "missing %v\nUsage: %s", m, usage)
	}
	return c.withDossier("share", *vaultDir, *user, *passFile, *employerKvK, *persnr, func(ws *workspace.Workspace, id vault.ID) error {
		if err := ws.Share(id, sharing.ShareInput{CareQuestion: sharing.CareQuestion(*care), Explanation: *explanation, Until: *until}); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stdout, "persnr %s: shared for %s / gedeeld\n", *persnr, *care)
		return nil
	})
}

// runRevoke is `kluis revoke`: "Deling intrekken", refused once the arbo service holds case content.
func runRevoke(c *context, args []string) int {
	const usage = "kluis revoke --vault DIR --persnr P [--employer KVK] --reason TEXT [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("revoke")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	persnr := fs.String("persnr", "", "the employee's personnel number")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	reason := fs.String("reason", "", "why the share ends")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"persnr": *persnr, "reason": *reason}); len(m) > 0 {
		return c.usageError("revoke", "missing %v\nUsage: %s", m, usage)
	}
	return c.withDossier("revoke", *vaultDir, *user, *passFile, *employerKvK, *persnr, func(ws *workspace.Workspace, id vault.ID) error {
		if err := ws.RevokeShare(id, *reason); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stdout, "persnr %s: share revoked / deling ingetrokken\n", *persnr)
		return nil
	})
}

// withDossier opens the workspace, finds the employee by persnr and runs fn with the sharing
// service; errors become exit codes as everywhere (3: no right, e.g. another department).
func (c *context) withDossier(cmd, vaultDir, user, passFile, employerKvK, persnr string, fn func(*workspace.Workspace, vault.ID) error) int {
	dir, err := resolveVaultDir(vaultDir, c.env)
	if err != nil {
		return c.usageError(cmd, "%v", err)
	}
	ws, done, code := c.open(cmd, dir, user, passFile)
	if ws == nil {
		return code
	}
	defer done()
	employer, code := c.pickEmployer(cmd, ws, employerKvK)
	if code != ExitOK {
		return code
	}
	e, err := ws.Directory().EmployeeByPersnr(employer.ID, persnr)
	if err != nil {
		return c.fail(cmd, err)
	}
	if err := fn(ws, e.ID); err != nil {
		return c.fail(cmd, err)
	}
	return ExitOK
}
