package cli

import (
	"bytes"
	stdctx "context"
	"fmt"
	"strings"
	"time"

	"kluis/internal/audit"
	"kluis/internal/replicate"
	"kluis/internal/report"
	"kluis/internal/workspace"
)

const logUsage = "kluis log --vault DIR [--as EMAIL] [--user EMAIL] [--persnr P] [--action A[,A...]] [--from DD-MM-JJJJ] [--to DD-MM-JJJJ] [--limit N] [--lang nl|en] [--csv FILE | --pdf FILE] [--verify]"

// runLog prints the Logboek newest first (or writes an extract), for an admin or a privacy
// officer (--as; default the only admin). --user filters on the acting user.
func runLog(c *context, args []string) int {
	fs := c.newFlags("log")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	as := fs.String("as", "", "e-mail of the admin or privacy officer reading the log (default: the only admin)")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "only events by the user with this e-mail")
	persnr := fs.String("persnr", "", "only events about the employee with this persnr")
	action := fs.String("action", "", "only these action codes, comma-separated (identity.read, share.create, ...)")
	from := fs.String("from", "", "events on or after this day (DD-MM-JJJJ)")
	to := fs.String("to", "", "events on or before this day (DD-MM-JJJJ)")
	limit := fs.Int("limit", 50, "print at most this many events (0: all)")
	lang := fs.String("lang", "nl", "language of labels and extracts: nl or en")
	csvOut := fs.String("csv", "", "write every matching event to FILE as CSV (UTF-8 with BOM, ';')")
	pdfOut := fs.String("pdf", "", "write every matching event to FILE as PDF")
	verify := fs.Bool("verify", false, "check the whole chain first and print the status line")
	if code, ok := parse(fs, logUsage, args); !ok {
		return code
	}
	if *csvOut != "" && *pdfOut != "" {
		return c.usageError("log", "give --csv or --pdf, not both")
	}
	if *lang != "nl" && *lang != "en" {
		return c.usageError("log", "--lang must be nl or en")
	}
	q := workspace.LogQuery{Persnr: *persnr}
	for _, a := range strings.Split(*action, ",") {
		if a = strings.TrimSpace(a); a != "" {
			q.Actions = append(q.Actions, audit.Action(a))
		}
	}
	var err error
	if q.From, err = parseDay(*from); err != nil {
		return c.usageError("log", "--from: %v", err)
	}
	if q.To, err = parseDay(*to); err != nil {
		return c.usageError("log", "--to: %v", err)
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // the whole last day
	}
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("log", "%v", err)
	}
	ws, done, code := c.open("log", dir, *as, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	if *user != "" {
		if q.User, err = ws.LogUserByEmail(*user); err != nil {
			return c.usageError("log", "no user with the e-mail given to --user / geen gebruiker met dat e-mailadres")
		}
	}
	st, err := ws.LogStatus()
	if err != nil {
		return c.fail("log", err)
	}
	if *verify {
		rep, err := ws.VerifyLog(stdctx.Background(), nil)
		if err != nil {
			return c.fail("log", err)
		}
		fmt.Fprintln(c.env.Stdout, workspace.LogStatusLine(st, &rep, time.Now(), *lang, time.Local))
		if len(rep.Problems) > 0 {
			return ExitFailed
		}
	} else {
		fmt.Fprintln(c.env.Stderr, workspace.LogStatusLine(st, nil, time.Now(), *lang, time.Local))
	}
	if gaps, err := ws.LogGaps(); err == nil {
		for _, g := range gaps {
			fmt.Fprintf(c.env.Stderr, "kluis log: incomplete: %s announced %d entries that have not arrived here (since %s) / onvolledig: %d regels van die pc ontbreken\n",
				replicate.DeviceLabel(g.Device), g.Missing, g.Since.Format(time.RFC3339), g.Missing)
		}
	}
	switch {
	case *csvOut != "":
		return c.writeExtract("csv", *csvOut, func(b *bytes.Buffer) (int, error) { return ws.ExportLogCSV(q, *lang, b) })
	case *pdfOut != "":
		return c.writeExtract("pdf", *pdfOut, func(b *bytes.Buffer) (int, error) { return ws.ExportLogPDF(q, *lang, time.Local, b) })
	}
	printed := 0
	for {
		q.Limit = 200
		if *limit > 0 {
			q.Limit = min(200, *limit-printed)
		}
		page, err := ws.LogPage(q)
		if err != nil {
			return c.fail("log", err)
		}
		for _, r := range page.Rows {
			subject := ""
			for i, s := range r.Subjects {
				if i > 0 {
					subject += "; "
				}
				subject += s.Label
				if s.Kind == "employee" && s.Department != "" {
					subject += ", " + s.Department
				}
			}
			if extra := r.Count - len(r.Subjects); extra > 0 && len(r.Subjects) > 0 {
				subject += fmt.Sprintf(" (+%d)", extra)
			}
			name := r.UserName
			if name == "" {
				name = r.User[:8]
			}
			fmt.Fprintf(c.env.Stdout, "%s\t%s\t%s\t%s\t%s\n", r.At.Local().Format("02-01-2006 15:04:05"), name,
				workspace.ActionLabel(r.Action, *lang), subject, r.Detail)
			printed++
		}
		if page.Next == 0 || (*limit > 0 && printed >= *limit) {
			break
		}
		q.Before = page.Next
	}
	if printed == 0 {
		fmt.Fprintln(c.env.Stderr, "no events / geen gebeurtenissen")
	}
	return ExitOK
}

// writeExtract makes the extract in memory and saves it atomically (mode 0600).
func (c *context) writeExtract(format, path string, write func(*bytes.Buffer) (int, error)) int {
	var b bytes.Buffer
	n, err := write(&b)
	if err != nil {
		return c.fail("log", err)
	}
	if err := report.SaveFile(path, b.Bytes()); err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis log: %v\n", err)
		return ExitFailed
	}
	fmt.Fprintf(c.env.Stderr, "kluis log: %d events written to %s (%s)\n", n, path, format)
	return ExitOK
}

// parseDay reads DD-MM-JJJJ as the start of that day in local time; "" is zero.
func parseDay(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("02-01-2006", strings.TrimSpace(s), time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("give a day as DD-MM-JJJJ")
	}
	return t, nil
}
