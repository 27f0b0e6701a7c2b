package workspace

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/report"
	"kluis/internal/vault"
)

// MaxLogPDF caps the rows of a PDF extract (about 25 rows a page); the CSV takes more.
const MaxLogPDF = 10_000

// ErrLogPDFTooLarge: the filter matches more rows than a PDF extract holds.
var ErrLogPDFTooLarge = errors.New("workspace: the extract holds more than 10,000 rows for a PDF; narrow the filter or export CSV")

// ExportLogPDF writes the rows the filter matches as a PDF in the shared report look (lang "nl"
// or "en"; loc the time zone of the times shown) and audits the export. It returns the number
// of rows.
func (w *Workspace) ExportLogPDF(q LogQuery, lang string, loc *time.Location, out io.Writer) (int, error) {
	rows, err := w.LogRows(q, nil)
	if err != nil {
		return 0, err
	}
	if len(rows) > MaxLogPDF {
		return 0, ErrLogPDFTooLarge
	}
	st, err := w.LogStatus()
	if err != nil {
		return 0, err
	}
	var me access.Profile
	var filter []report.KV
	err = w.guard(func() error {
		profiles, err := w.profiles()
		if err != nil {
			return err
		}
		me = profiles[w.sess.UserID()]
		filter = w.describeFilter(q, lang, loc, profiles)
		return nil
	})
	if err != nil {
		return 0, err
	}
	l := report.Lang(lang)
	doc := report.Logbook{
		Meta: report.Meta{Title: l.Pick("Logboek", "Audit log"), Subtitle: l.Pick("Uittreksel: wie deed of zag wat", "Extract: who did or saw what"),
			Lang: l, GeneratedAt: w.now(), GeneratedBy: me.Name},
		Filter: filter,
		Status: LogStatusLine(st, nil, w.now(), lang, loc),
	}
	for _, r := range rows {
		doc.Rows = append(doc.Rows, report.LogbookRow{At: r.At.In(loc).Format("02-01-2006 15:04:05"), User: userText(r),
			Action: ActionLabel(r.Action, lang), Subject: subjectText(r, lang), Detail: detailText(r, lang)})
	}
	if err := report.WriteLogbook(out, doc); err != nil {
		return 0, err
	}
	return len(rows), w.AuditLogExport("pdf", len(rows))
}

func userText(r LogRow) string {
	if r.UserName != "" {
		return r.UserName
	}
	return r.User[:8]
}

// subjectText names a row's subjects in one cell: at most five, then how many more.
func subjectText(r LogRow, lang string) string {
	var parts []string
	for i, s := range r.Subjects {
		if i == 5 {
			break
		}
		t := s.Label
		if s.Kind == "employee" {
			if s.Named {
				t += " (Persnr " + s.Persnr + ")"
			}
			if s.Department != "" {
				t += ", " + s.Department
			}
		}
		parts = append(parts, t)
	}
	if more := r.Count - len(parts); more > 0 && len(r.Subjects) > 0 {
		parts = append(parts, report.Lang(lang).Pick(fmt.Sprintf("en %s meer", Thousands(more, lang)), fmt.Sprintf("and %s more", Thousands(more, lang))))
	}
	return strings.Join(parts, "; ")
}

// detailText is the detail, with the count of an event that names no subjects (rows of an
// extract, messages of a sync, names loaded): "pdf (4)".
func detailText(r LogRow, lang string) string {
	if len(r.Subjects) > 0 || r.Count == 0 {
		return r.Detail
	}
	n := Thousands(r.Count, lang)
	if r.Detail == "" {
		return n
	}
	return r.Detail + " (" + n + ")"
}

func (w *Workspace) describeFilter(q LogQuery, lang string, loc *time.Location, profiles map[vault.UserID]access.Profile) []report.KV {
	l := report.Lang(lang)
	all := l.Pick("alle", "all")
	user, persnr, actions, period := all, all, all, all
	if q.User != (vault.UserID{}) {
		user = profiles[q.User].Name
	}
	if q.Persnr != "" {
		persnr = q.Persnr
	}
	if len(q.Actions) > 0 {
		var names []string
		for _, a := range q.Actions {
			names = append(names, ActionLabel(a, lang))
		}
		actions = strings.Join(names, ", ")
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		from, to := "…", "…"
		if !q.From.IsZero() {
			from = q.From.In(loc).Format("02-01-2006")
		}
		if !q.To.IsZero() {
			to = q.To.Add(-time.Nanosecond).In(loc).Format("02-01-2006")
		}
		period = from + " – " + to
	}
	return []report.KV{{Label: l.Pick("Gebruiker", "User"), Value: user}, {Label: l.Pick("Medewerker (persnr)", "Employee (persnr)"), Value: persnr},
		{Label: l.Pick("Actie", "Action"), Value: actions}, {Label: l.Pick("Periode", "Period"), Value: period}}
}

// LogStatusLine is the chain status line: "Logboek intact, 48.213 regels, laatst gecontroleerd
// …" after a clean check (rep), the damage named otherwise, or without a check now the head and
// the last admin check.
func LogStatusLine(st vault.AuditStatus, rep *vault.AuditReport, now time.Time, lang string, loc *time.Location) string {
	l := report.Lang(lang)
	n := Thousands(int(st.Head), lang)
	checked := l.Pick("nooit volledig gecontroleerd", "never fully checked")
	if !st.CheckedAt.IsZero() {
		checked = l.Pick("laatst gecontroleerd ", "last checked ") + st.CheckedAt.In(loc).Format("02-01-2006 15:04")
	}
	switch {
	case rep != nil && len(rep.Problems) > 0:
		return l.Pick("Logboek beschadigd: ", "Audit log damaged: ") + strings.Join(rep.Problems, "; ")
	case st.Issue != "":
		return l.Pick("Logboek beschadigd: ", "Audit log damaged: ") + st.Issue
	case rep != nil:
		return l.Pick("Logboek intact, ", "Audit log intact, ") + Thousands(rep.Entries, lang) + l.Pick(" regels, gecontroleerd ", " entries, checked ") +
			now.In(loc).Format("02-01-2006 15:04")
	}
	return l.Pick("Logboek: ", "Audit log: ") + n + l.Pick(" regels, ", " entries, ") + checked
}

// Thousands writes n with a thousands separator: 48.213 in Dutch, 48,213 in English.
func Thousands(n int, lang string) string {
	s := strconv.Itoa(n)
	sep := "."
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' && s[i-1] != '-' {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
