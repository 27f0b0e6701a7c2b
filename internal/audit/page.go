package audit

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"kluis/internal/vault"
)

// SubjectRef is which employee a subject was when the event was written. Never a name.
type SubjectRef struct {
	ID         vault.ID `json:"id"`
	Persnr     string   `json:"persnr"`
	Employer   vault.ID `json:"employer"`
	Department vault.ID `json:"department"`
}

// Describer tells which of the ids are employees the session sees, and as what (persnr,
// employer, department); ids it does not know are left out.
type Describer func(ids []vault.ID) []SubjectRef

// Describe sets how events name their subjects (the workspace passes the people directory).
// Call it once, before the first Record.
func (l *Log) Describe(d Describer) { l.describe = d }

func (l *Log) refs(subjects []vault.ID) []SubjectRef {
	if l.describe == nil || len(subjects) == 0 {
		return nil
	}
	return l.describe(subjects)
}

// Filter narrows a page of the log. Zero fields match everything.
type Filter struct {
	User     vault.UserID // the acting user (no decryption needed to filter)
	Actions  []Action
	Subjects []vault.ID // events about any of these (employee ids, or a user's record id)
	Persnr   string     // events about an employee with this persnr, as the event recorded it
	From, To time.Time  // the event's time in [From, To)
}

func (f Filter) eventFilter() bool {
	return len(f.Actions) > 0 || len(f.Subjects) > 0 || f.Persnr != ""
}

func (f Filter) matches(e *Event) bool {
	if len(f.Actions) > 0 && !slices.Contains(f.Actions, e.Action) {
		return false
	}
	if len(f.Subjects) == 0 && f.Persnr == "" {
		return true
	}
	for _, s := range e.Subjects {
		if slices.Contains(f.Subjects, s) {
			return true
		}
	}
	for _, r := range e.Refs {
		if f.Persnr != "" && r.Persnr == f.Persnr || slices.Contains(f.Subjects, r.ID) {
			return true
		}
	}
	return false
}

// Entry is one event of a page with its place in the log.
type Entry struct {
	Seq uint64
	// Device is the PC whose log holds the event when it is another PC's (zero: this PC's).
	Device vault.ID
	Event
}

// Page is a page of the log, newest first.
type Page struct {
	Entries []Entry
	// Next continues (the Before of the next page); 0 at the end of the log.
	Next uint64
	// Scanned is how many log entries were looked at; Unreadable how many could not be opened.
	Scanned, Unreadable int
}

// PageQuery asks for a page: events before the entry Before (0: the newest), at most Limit
// (0: 50), looking at no more than MaxScan entries (0: no limit).
type PageQuery struct {
	Filter
	Before  uint64
	Limit   int
	MaxScan int
}

// Page reads a page of the log newest first (admins and privacy officers; vault.ErrDenied
// otherwise). Filters on the user and the period look at the entries' clear headers; those on
// actions and subjects open each event.
func (l *Log) Page(q PageQuery) (Page, error) {
	vq := vault.AuditQuery{Before: q.Before, Limit: q.Limit, User: q.User, From: q.From, To: q.To, MaxScan: q.MaxScan}
	if q.eventFilter() {
		vq.Match = func(a vault.AuditEntry) bool {
			e, err := decode(a)
			return err == nil && q.matches(&e)
		}
	}
	vp, err := l.sess.AuditPage(vq)
	if err != nil {
		return Page{}, err
	}
	p := Page{Next: vp.Next, Scanned: vp.Scanned, Unreadable: vp.Unreadable}
	for _, a := range vp.Entries {
		e, err := decode(a)
		if err != nil {
			return Page{}, err
		}
		p.Entries = append(p.Entries, Entry{Seq: a.Seq, Device: a.Device, Event: e})
	}
	return p, nil
}

// decode reads an event; the acting user is the one the signed log names (but for an event
// moved from format 1 by the upgrade, whose log entry names the admin who upgraded).
func decode(a vault.AuditEntry) (Event, error) {
	var e Event
	if err := json.Unmarshal(a.Event, &e); err != nil {
		return e, fmt.Errorf("%w: audit entry %d is not an event", vault.ErrCorrupt, a.Seq)
	}
	if !e.Upgraded {
		e.User = a.User
	}
	return e, nil
}

// Status is the log's head and last check (vault.Session.AuditStatus).
func (l *Log) Status() (vault.AuditStatus, error) { return l.sess.AuditStatus() }

// RecordExport stores that an extract of the log was written to a file (format: csv, pdf),
// with the number of rows.
func (l *Log) RecordExport(format string, rows int) error {
	e := Event{At: l.now().UTC(), User: l.sess.UserID(), Action: ActionLogExport, Count: rows, Detail: format}
	return l.put(&e)
}
