package app

import (
	"bytes"
	"context"
	"strings"
	"time"

	"kluis/internal/audit"
	"kluis/internal/report"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Logbook is the facade of Beheer → Logboek (admins and privacy officers; the vault refuses
// others with denied). It reads pages, the chain status, checks the chain and writes extracts.
type Logbook struct {
	s *Session
}

// LogQuery is the Logboek's filter as the window sends it: a user id (""), a persnr, action
// codes, a period of days (jjjj-mm-dd, both inclusive, "" open), and paging.
type LogQuery struct {
	User    string   `json:"user"`
	Persnr  string   `json:"persnr"`
	Actions []string `json:"actions"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Before  uint64   `json:"before"`
	Limit   int      `json:"limit"`
}

// LogStatus is the chain status line's facts.
type LogStatus struct {
	Head      uint64 `json:"head"`
	Checked   uint64 `json:"checked"`
	CheckedAt string `json:"checkedAt"` // RFC 3339, "" never
	Issue     string `json:"issue"`     // what the unlock found wrong (English, no contents), "" none
	// Gaps: other PCs whose announced audit entries did not arrive here (their part of the
	// Logboek is incomplete); random labels only.
	Gaps []LogGap `json:"gaps"`
}

// LogGap is another PC whose audit entries are missing here.
type LogGap struct {
	Device  string `json:"device"` // "PC XXXX-XX"
	Missing int    `json:"missing"`
	Since   string `json:"since"` // RFC 3339
}

// LogCheck is the result of checking the whole chain.
type LogCheck struct {
	Entries  int      `json:"entries"`
	Problems []string `json:"problems"` // English, naming entries, never contents
}

func (l *Logbook) query(q LogQuery) (workspace.LogQuery, error) {
	out := workspace.LogQuery{Persnr: strings.TrimSpace(q.Persnr), Before: q.Before, Limit: min(max(q.Limit, 0), 500)}
	f := validate.FieldErrors{}
	if q.User != "" {
		id, err := vault.ParseUserID(q.User)
		if err != nil {
			f.Add("user", validate.InvalidChoice)
		}
		out.User = id
	}
	for _, a := range q.Actions {
		out.Actions = append(out.Actions, audit.Action(a))
	}
	day := func(field, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			f.Add(field, validate.DateFormat)
		}
		return t
	}
	out.From = day("from", q.From)
	if to := day("to", q.To); !to.IsZero() {
		out.To = to.AddDate(0, 0, 1)
	}
	if !out.From.IsZero() && !out.To.IsZero() && !out.From.Before(out.To) {
		f.Add("to", validate.InvalidChoice)
	}
	return out, f.Err()
}

// LogRow is one event of the Logboek (workspace.LogRow with the time as RFC 3339).
type LogRow struct {
	Seq      uint64                 `json:"seq"`
	At       string                 `json:"at"`
	User     string                 `json:"user"`
	UserName string                 `json:"userName"`
	Action   string                 `json:"action"`
	Detail   string                 `json:"detail"`
	Count    int                    `json:"count"`
	Subjects []workspace.LogSubject `json:"subjects"`
	// Device: another PC's label (8 hex digits of its random id), "" for this PC.
	Device string `json:"device"`
}

// LogPage is a page of rows, newest first; Next continues (0: the end).
type LogPage struct {
	Rows       []LogRow `json:"rows"`
	Next       uint64   `json:"next"`
	Scanned    int      `json:"scanned"`
	Unreadable int      `json:"unreadable"`
}

// Page reads one page of the Logboek, newest first.
func (l *Logbook) Page(q LogQuery) (_ LogPage, err error) {
	defer l.s.recovered("Logbook.Page", &err)
	ws, err := l.s.workspace()
	if err != nil {
		return LogPage{}, err
	}
	wq, err := l.query(q)
	if err != nil {
		return LogPage{}, toAppError(err)
	}
	p, err := ws.LogPage(wq)
	if err != nil {
		return LogPage{}, l.s.fail("read the log", err)
	}
	l.s.Touch()
	out := LogPage{Rows: make([]LogRow, len(p.Rows)), Next: p.Next, Scanned: p.Scanned, Unreadable: p.Unreadable}
	for i, r := range p.Rows {
		out.Rows[i] = LogRow{Seq: r.Seq, At: r.At.UTC().Format(time.RFC3339), User: r.User, UserName: r.UserName,
			Action: string(r.Action), Detail: r.Detail, Count: r.Count, Subjects: r.Subjects, Device: r.Device}
	}
	return out, nil
}

// LogUser is a user to filter on.
type LogUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Users lists the users to filter on, by name.
func (l *Logbook) Users() (_ []LogUser, err error) {
	defer l.s.recovered("Logbook.Users", &err)
	ws, err := l.s.workspace()
	if err != nil {
		return nil, err
	}
	list, err := ws.LogUsers()
	if err != nil {
		return nil, l.s.fail("list log users", err)
	}
	out := make([]LogUser, len(list))
	for i, u := range list {
		out[i] = LogUser{ID: u.ID.String(), Name: u.Name, Email: u.Email}
	}
	return out, nil
}

// Status is the chain status without checking again.
func (l *Logbook) Status() (_ LogStatus, err error) {
	defer l.s.recovered("Logbook.Status", &err)
	ws, err := l.s.workspace()
	if err != nil {
		return LogStatus{}, err
	}
	st, err := ws.LogStatus()
	if err != nil {
		return LogStatus{}, l.s.fail("log status", err)
	}
	out := LogStatus{Head: st.Head, Checked: st.Checked, Issue: st.Issue, Gaps: []LogGap{}}
	if !st.CheckedAt.IsZero() {
		out.CheckedAt = st.CheckedAt.UTC().Format(time.RFC3339)
	}
	if ws.Session().ReadsAudit() {
		gaps, err := ws.LogGaps()
		if err != nil {
			return LogStatus{}, l.s.fail("log status", err)
		}
		for _, g := range gaps {
			out.Gaps = append(out.Gaps, LogGap{Device: deviceLabel(g.Device), Missing: int(g.Missing), Since: rfc3339(g.Since)})
		}
	}
	return out, nil
}

// Verify checks the whole chain (an admin's clean check moves the signed checkpoint).
func (l *Logbook) Verify() (_ LogCheck, err error) {
	defer l.s.recovered("Logbook.Verify", &err)
	ws, err := l.s.workspace()
	if err != nil {
		return LogCheck{}, err
	}
	rep, err := ws.VerifyLog(context.Background(), func(int) { l.s.Touch() })
	if err != nil {
		return LogCheck{}, l.s.fail("check the log", err)
	}
	return LogCheck{Entries: rep.Entries, Problems: append([]string{}, rep.Problems...)}, nil
}

// ExportCSV asks where to save the extract and writes it (lang nl or en). It returns the path,
// or "" when the user cancelled.
func (l *Logbook) ExportCSV(q LogQuery, lang string) (_ string, err error) {
	defer l.s.recovered("Logbook.ExportCSV", &err)
	return l.export(q, ".csv", "CSV", func(ws *workspace.Workspace, wq workspace.LogQuery, b *bytes.Buffer) error {
		_, err := ws.ExportLogCSV(wq, lang, b)
		return err
	})
}

// ExportPDF asks where to save the extract as a PDF and writes it.
func (l *Logbook) ExportPDF(q LogQuery, lang string) (_ string, err error) {
	defer l.s.recovered("Logbook.ExportPDF", &err)
	return l.export(q, ".pdf", "PDF", func(ws *workspace.Workspace, wq workspace.LogQuery, b *bytes.Buffer) error {
		_, err := ws.ExportLogPDF(wq, lang, time.Local, b)
		return err
	})
}

func (l *Logbook) export(q LogQuery, ext, filter string, write func(*workspace.Workspace, workspace.LogQuery, *bytes.Buffer) error) (string, error) {
	ws, err := l.s.workspace()
	if err != nil {
		return "", err
	}
	wq, err := l.query(q)
	if err != nil {
		return "", toAppError(err)
	}
	if !ws.Session().ReadsAudit() {
		return "", toAppError(vault.ErrDenied)
	}
	name := "Logboek-" + l.s.cfg.Now().Format("2006-01-02") + ext
	path, err := askSavePath(l.s.platformNow(), "Logboek opslaan / Save audit log", name, filter, ext)
	if err != nil || path == "" {
		return "", err
	}
	var b bytes.Buffer
	if err := write(ws, wq, &b); err != nil {
		return "", l.s.fail("export the log", err)
	}
	if err := report.SaveFile(path, b.Bytes()); err != nil {
		return "", l.s.fail("save the log extract", err)
	}
	return path, nil
}
