package cli

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"kluis/internal/report"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// exportAccess is `kluis export --out FILE.json|FILE.pdf`: the employee's access export (GDPR
// art. 15), the format chosen by the file's extension.
func (c *context) exportAccess(vaultDir, user, passFile, employerKvK, persnr, out, lang string) int {
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".json" && ext != ".pdf" {
		return c.usageError("export", "--out must end in .json or .pdf")
	}
	l, ok := reportLang(lang)
	if !ok {
		return c.usageError("export", "--lang must be nl or en")
	}
	return c.withDossier("export", vaultDir, user, passFile, employerKvK, persnr, func(ws *workspace.Workspace, id vault.ID) error {
		files, err := ws.ExportAccess(id, l, ext == ".json", ext == ".pdf")
		if err != nil {
			return err
		}
		data := files.PDF
		if ext == ".json" {
			data = files.JSON
		}
		if err := report.SaveFile(out, data); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stdout, "wrote %s\n", out)
		return nil
	})
}

func reportLang(s string) (report.Lang, bool) {
	switch s {
	case "", "nl":
		return report.Dutch, true
	case "en":
		return report.English, true
	}
	return "", false
}

const reportUsage = "kluis report --vault DIR --kind statistics|register|share-history --out FILE.pdf [--employer KVK] " +
	"[--year YYYY] [--persnr P] [--lang nl|en] [--passphrase-file FILE] [--user EMAIL]"

// runReport is `kluis report`: the anonymised statistics of a year, the processing register or
// one employee's share history as a PDF, the same use cases as Beheer → Rapportages and the
// share panel.
func runReport(c *context, args []string) int {
	fs := c.newFlags("report")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	kind := fs.String("kind", "", "statistics, register or share-history")
	out := fs.String("out", "", "write the PDF to this file")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	year := fs.Int("year", 0, "statistics: the year (default: this year)")
	persnr := fs.String("persnr", "", "share-history: the employee's personnel number")
	lang := fs.String("lang", "nl", "language: nl or en")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, reportUsage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"kind": *kind, "out": *out}); len(m) > 0 {
		return c.usageError("report", "missing %v\nUsage: %s", m, reportUsage)
	}
	l, ok := reportLang(*lang)
	if !ok {
		return c.usageError("report", "--lang must be nl or en")
	}
	if !strings.EqualFold(filepath.Ext(*out), ".pdf") {
		return c.usageError("report", "--out must end in .pdf")
	}
	var build func(ws *workspace.Workspace, v *vault.Vault, employer, employee vault.ID) ([]byte, error)
	switch *kind {
	case "statistics":
		y := *year
		if y == 0 {
			y = time.Now().Year()
		}
		if y < 1900 || y > 9999 {
			return c.usageError("report", "--year %s is not a year", strconv.Itoa(y))
		}
		build = func(ws *workspace.Workspace, _ *vault.Vault, employer, _ vault.ID) ([]byte, error) {
			return ws.StatisticsPDF(employer, y, l)
		}
	case "register":
		build = func(ws *workspace.Workspace, v *vault.Vault, employer, _ vault.ID) ([]byte, error) {
			return ws.ProcessingRegisterPDF(employer, l, workspace.RegisterOptions{IdleLock: v.Settings().IdleLock})
		}
	case "share-history":
		if *persnr == "" {
			return c.usageError("report", "--kind share-history needs --persnr")
		}
		build = func(ws *workspace.Workspace, _ *vault.Vault, _, employee vault.ID) ([]byte, error) {
			return ws.ShareHistoryPDF(employee, l)
		}
	default:
		return c.usageError("report", "--kind must be statistics, register or share-history")
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("report", "%v", err)
	}
	v, ws, done, code := c.openVault("report", dir, *user, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	employer, code := c.pickEmployer("report", ws, *employerKvK)
	if code != ExitOK {
		return code
	}
	var employee vault.ID
	if *persnr != "" && *kind == "share-history" {
		e, err := ws.Directory().EmployeeByPersnr(employer.ID, *persnr)
		if err != nil {
			return c.fail("report", err)
		}
		employee = e.ID
	}
	pdf, err := build(ws, v, employer.ID, employee)
	if err != nil {
		return c.fail("report", err)
	}
	if err := report.SaveFile(*out, pdf); err != nil {
		return c.fail("report", err)
	}
	fmt.Fprintf(c.env.Stdout, "wrote %s\n", *out)
	return ExitOK
}
