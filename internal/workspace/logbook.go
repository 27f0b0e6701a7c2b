package workspace

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/replicate"
	"kluis/internal/vault"
)

// The Logboek (Beheer → Logboek, `kluis log`): the audit log read newest first, a page at a
// time, for admins and privacy officers (the vault refuses others). A row names the acting user
// (their profile's name), the action, and its subjects: an employee by persnr and department,
// by name only where the tree would show the name to this session; a user by name; an employer
// by name. Reading the log is not itself audited (it holds no identity data beyond the names
// the tree shows); writing an extract to a file is (audit.ActionLogExport).

// LogQuery filters the Logboek. Zero fields match everything.
type LogQuery struct {
	User    vault.UserID
	Persnr  string
	Actions []audit.Action
	From    time.Time // inclusive
	To      time.Time // exclusive
	// Before continues after a page (its Next); Limit is the page size (0: 50).
	Before uint64
	Limit  int
}

// LogSubject is one subject of a row.
type LogSubject struct {
	Kind string `json:"kind"` // employee, user, employer, department, other
	// Persnr and Department (the path) of an employee; Label is "Anoniem (Persnr …)" or, with
	// Named, the employee's name; for a user or an employer its name.
	Persnr     string `json:"persnr,omitempty"`
	Department string `json:"department,omitempty"`
	Label      string `json:"label"`
	Named      bool   `json:"named,omitempty"`
}

// LogRow is one event of the Logboek.
type LogRow struct {
	Seq      uint64       `json:"seq"`
	At       time.Time    `json:"at"`
	User     string       `json:"user"` // user id
	UserName string       `json:"userName"`
	Action   audit.Action `json:"action"`
	Detail   string       `json:"detail,omitempty"`
	Count    int          `json:"count"`
	Subjects []LogSubject `json:"subjects"`
	Upgraded bool         `json:"upgraded,omitempty"`
	// Device labels the PC whose log holds the event when it is another PC's: the first 8 hex
	// digits of its random device id (never a PC name); "" for this PC's own log, whose Seq
	// alone names the row.
	Device string `json:"device,omitempty"`
}

// LogPage is a page of rows, newest first.
type LogPage struct {
	Rows []LogRow `json:"rows"`
	// Next continues (pass it as Before); 0 at the end. A page filtered on actions or an
	// employee stops after logScanLimit entries looked at, so it may hold fewer rows than the
	// limit and still have a Next.
	Next       uint64 `json:"next"`
	Scanned    int    `json:"scanned"`
	Unreadable int    `json:"unreadable"`
}

// logScanLimit bounds the entries one page filtered on actions or an employee opens (≈ 70–120
// ms on the development machine, docs/BENCHMARKS.md), so a rare match answers in steps instead of
// one long wait.
const logScanLimit = 5_000

// rowSubjects is how many subjects a page row names (an import names up to 1,000; its Count
// says how many).
const rowSubjects = 5

// LogUser is a user to filter on.
type LogUser struct {
	ID    vault.UserID `json:"id"`
	Name  string       `json:"name"`
	Email string       `json:"email"`
}

// LogUsers lists every user with a profile, by name, for the user filter.
func (w *Workspace) LogUsers() ([]LogUser, error) {
	var out []LogUser
	err := w.guard(func() error {
		if !w.sess.ReadsAudit() {
			return vault.ErrDenied
		}
		profiles, err := w.profiles()
		if err != nil {
			return err
		}
		for id, p := range profiles {
			out = append(out, LogUser{ID: id, Name: p.Name, Email: p.Email})
		}
		return nil
	})
	sortUsers(out)
	return out, err
}

// LogUserByEmail finds a user (for `kluis log --user`); ErrNotFound when none has the e-mail.
func (w *Workspace) LogUserByEmail(email string) (vault.UserID, error) {
	users, err := w.LogUsers()
	if err != nil {
		return vault.UserID{}, err
	}
	for _, u := range users {
		if strings.EqualFold(strings.TrimSpace(u.Email), strings.TrimSpace(email)) {
			return u.ID, nil
		}
	}
	return vault.UserID{}, vault.ErrNotFound
}

func (w *Workspace) profiles() (map[vault.UserID]access.Profile, error) {
	out := map[vault.UserID]access.Profile{}
	err := w.sess.View(func(tx *vault.Tx) error {
		return tx.IterateOpen(access.KindProfile, 1, func(id vault.ID, plain []byte) error {
			var p access.Profile
			if json.Unmarshal(plain, &p) == nil {
				out[vault.UserID(id)] = p
			}
			return nil
		})
	})
	return out, err
}

// LogPage reads one page of the Logboek.
func (w *Workspace) LogPage(q LogQuery) (LogPage, error) {
	var page LogPage
	err := w.guard(func() error {
		var err error
		page, err = w.logPage(q, rowSubjects, logScanLimit)
		return err
	})
	return page, err
}

func (w *Workspace) logPage(q LogQuery, subjects, maxScan int) (LogPage, error) {
	f := audit.Filter{User: q.User, Actions: q.Actions, From: q.From, To: q.To}
	if q.Persnr = strings.TrimSpace(q.Persnr); q.Persnr != "" {
		f.Persnr = q.Persnr
		f.Subjects = w.dir.EmployeesByPersnr(q.Persnr) // also events written before refs existed
	}
	if f.Persnr == "" && len(f.Actions) == 0 {
		maxScan = 0 // header filters only: no decryption, no need to bound
	}
	p, err := w.log.Page(audit.PageQuery{Filter: f, Before: q.Before, Limit: q.Limit, MaxScan: maxScan})
	if err != nil {
		return LogPage{}, err
	}
	rows, err := w.logRows(p.Entries, subjects)
	if err != nil {
		return LogPage{}, err
	}
	return LogPage{Rows: rows, Next: p.Next, Scanned: p.Scanned, Unreadable: p.Unreadable}, nil
}

// logRows names users, employees and employers of a page's events.
func (w *Workspace) logRows(entries []audit.Entry, subjects int) ([]LogRow, error) {
	profiles, err := w.profiles()
	if err != nil {
		return nil, err
	}
	employers := map[vault.ID]string{}
	if list, err := w.dir.Employers(); err == nil {
		for _, e := range list {
			employers[e.ID] = e.Name
		}
	}
	// Employees: the refs the events recorded, and for older events the directory's own.
	var refs []people.EmployeeRef
	var missing []vault.ID
	for _, e := range entries {
		known := map[vault.ID]bool{}
		for _, r := range e.Refs {
			refs = append(refs, people.EmployeeRef{ID: r.ID, Persnr: r.Persnr, Employer: r.Employer, Department: r.Department})
			known[r.ID] = true
		}
		for _, s := range e.Subjects {
			if !known[s] && !isUserSubject(e.Action) {
				missing = append(missing, s)
			}
		}
	}
	refs = append(refs, w.dir.EmployeeRefs(missing)...)
	views, err := w.dir.DescribeSubjects(refs)
	if err != nil {
		return nil, err
	}
	deptPath := func(id vault.ID) string { // a department subject (department.move)
		if _, err := w.dir.Department(id); err != nil {
			return ""
		}
		p, _ := w.dir.DepartmentPath(id)
		return p
	}
	rows := make([]LogRow, 0, len(entries))
	for _, e := range entries {
		row := LogRow{Seq: e.Seq, At: e.At, User: e.User.String(), UserName: profiles[e.User].Name, Action: e.Action,
			Detail: e.Detail, Count: max(e.Count, len(e.Subjects)), Upgraded: e.Upgraded, Subjects: []LogSubject{}}
		if e.Device != (vault.ID{}) {
			// The label Beheer → Apparaten shows ("PC 4730-FE"), so a row can be matched to its PC.
			row.Device = strings.TrimPrefix(replicate.DeviceLabel(e.Device), "PC ")
		}
		for i, s := range e.Subjects {
			if subjects > 0 && i == subjects {
				break
			}
			row.Subjects = append(row.Subjects, describe(s, e.Action, profiles, employers, views, deptPath))
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// isUserSubject: the actions whose subject is a user's record id.
func isUserSubject(a audit.Action) bool {
	return strings.HasPrefix(string(a), "access.") || a == audit.ActionUnlockFailed || strings.HasPrefix(string(a), "account.")
}

func describe(id vault.ID, a audit.Action, profiles map[vault.UserID]access.Profile, employers map[vault.ID]string,
	views map[vault.ID]people.SubjectView, depts func(vault.ID) string) LogSubject {
	if isUserSubject(a) {
		if p, ok := profiles[vault.UserID(id)]; ok {
			return LogSubject{Kind: "user", Label: p.Name}
		}
		return LogSubject{Kind: "user", Label: id.String()[:8]}
	}
	if name, ok := employers[id]; ok {
		return LogSubject{Kind: "employer", Label: name}
	}
	if v, ok := views[id]; ok {
		return LogSubject{Kind: "employee", Persnr: v.Persnr, Department: v.DepartmentPath, Label: v.Label, Named: v.Named}
	}
	if path := depts(id); path != "" {
		return LogSubject{Kind: "department", Label: path}
	}
	// An employee neither the event nor this session can name (erased, or out of reach).
	return LogSubject{Kind: "other", Label: id.String()[:8]}
}

// LogStatus is the chain status line without checking again.
func (w *Workspace) LogStatus() (vault.AuditStatus, error) {
	var st vault.AuditStatus
	err := w.guard(func() error {
		var err error
		st, err = w.log.Status()
		return err
	})
	return st, err
}

// LogGap is another PC whose announced audit entries this PC lacks after a later pull: its part
// of the Logboek here is incomplete (withheld or deleted in the bucket, or refused).
type LogGap struct {
	Device  vault.ID
	Missing uint64
	Since   time.Time
}

// LogGaps lists the PCs whose audit entries this PC's last full replication check found missing
// (replicate/auditanchor.go), for those who read the log; none when the folder does not
// replicate.
func (w *Workspace) LogGaps() ([]LogGap, error) {
	if !w.sess.ReadsAudit() {
		return nil, vault.ErrDenied
	}
	st, err := replicate.LoadState(w.sess.VaultDir())
	if err != nil {
		return nil, err
	}
	var out []LogGap
	for dev, g := range st.AuditGaps {
		id, err := vault.ParseID(dev)
		if err != nil || g.Missing() == 0 {
			continue
		}
		out = append(out, LogGap{Device: id, Missing: g.Missing(), Since: g.Since})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Device.String() < out[j].Device.String() })
	return out, nil
}

// VerifyLog checks the whole chain (progress: entries checked so far); an admin's clean check
// moves the signed checkpoint.
func (w *Workspace) VerifyLog(ctx context.Context, progress func(done int)) (vault.AuditReport, error) {
	var rep vault.AuditReport
	err := w.guard(func() error {
		if !w.sess.ReadsAudit() {
			return vault.ErrDenied
		}
		ctx, cancel := w.bind(ctx)
		defer cancel()
		var err error
		rep, err = w.sess.VerifyAudit(ctx, vault.AuditCheck{Progress: progress})
		return w.closedErr(err)
	})
	return rep, err
}

// describeSubjects makes the audit log's Describer: the employees' skeletons read straight from
// the vault (point reads), not through the directory, because events are also recorded while the
// directory's lock is held (an erasure records each chunk before it commits).
func describeSubjects(sess *vault.Session) audit.Describer {
	return func(ids []vault.ID) []audit.SubjectRef {
		var out []audit.SubjectRef
		_ = sess.View(func(tx *vault.Tx) error {
			for _, id := range ids {
				e, err := vault.GetJSON[people.Employee](tx, people.KindEmployee, id)
				if err != nil { // not an employee (a user, an employer), or out of this session's reach
					continue
				}
				out = append(out, audit.SubjectRef{ID: id, Persnr: e.Persnr, Employer: e.Employer, Department: e.Department})
			}
			return nil
		})
		return out
	}
}

func sortUsers(u []LogUser) {
	sort.Slice(u, func(i, j int) bool {
		if a, b := strings.ToLower(u[i].Name), strings.ToLower(u[j].Name); a != b {
			return a < b
		}
		return u[i].ID.String() < u[j].ID.String()
	})
}
