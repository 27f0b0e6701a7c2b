package app

import (
	"encoding/json"
	"errors"
	"sort"

	"kluis/internal/access"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Sharing is the facade of "Dossier delen", the share panel and the absence actions on an
// employee (internal/sharing).
type Sharing struct {
	s *Session
}

// ShareForm is the "Dossier delen" dialog.
type ShareForm struct {
	CareQuestion string `json:"careQuestion"` // sick-report | case-manager | consultation
	Explanation  string `json:"explanation"`
	Until        string `json:"until"` // dd-mm-jjjj or empty
}

// ShareInfo is the share in force.
type ShareInfo struct {
	CareQuestion string `json:"careQuestion"`
	Since        string `json:"since"` // RFC 3339
	Until        string `json:"until"` // jjjj-mm-dd or ""
}

// HistoryLine is one line of the share history, newest first in DossierView.
type HistoryLine struct {
	Kind         string `json:"kind"` // shared | revoked | shared-by-arbo | sick | recovered | absence-change
	At           string `json:"at"`   // RFC 3339
	By           string `json:"by"`   // the user's name ("" when unknown)
	CareQuestion string `json:"careQuestion"`
	Explanation  string `json:"explanation"`
	Until        string `json:"until"`
	Reason       string `json:"reason"`
}

// StepView is a Poortwachter step of the open absence: its deadline and how it stands.
type StepView struct {
	Code     string `json:"code"`     // a sharing.Milestones code
	From     string `json:"from"`     // jjjj-mm-dd: the first day of its first week
	Deadline string `json:"deadline"` // jjjj-mm-dd: the last day of its last week
	Status   string `json:"status"`   // late | due | upcoming | done | passed
	Event    bool   `json:"event"`    // a moment (end of wage payment), not a task to mark done
	Done     string `json:"done"`     // jjjj-mm-dd when marked done, else ""
	DoneBy   string `json:"doneBy"`   // the name of the user who marked it
}

// AbsenceView is the spell still running, with where it stands on the Poortwachter timeline.
type AbsenceView struct {
	FirstSickDay  string         `json:"firstSickDay"` // jjjj-mm-dd
	Week          int            `json:"week"`
	NextMilestone string         `json:"nextMilestone"` // a sharing.Milestones code, or ""
	MilestoneWeek int            `json:"milestoneWeek"` // the last week of that milestone
	Percentage    int            `json:"percentage"`
	Report        map[string]any `json:"report"` // the sick report's fields, as last reported
	Steps         []StepView     `json:"steps"`  // every Poortwachter step, in order
	Status        string         `json:"status"` // the worst step status: late | due | upcoming
}

// DossierView is the share panel of an employee.
type DossierView struct {
	Shared      bool       `json:"shared"`
	Share       *ShareInfo `json:"share"`
	CaseContent bool       `json:"caseContent"` // the arbo service holds case content
	CaseClosed  bool       `json:"caseClosed"`  // the arbo service closed the case
	// Poortwachter is the step the arbo service reports, in its own words ("" when none).
	Poortwachter string `json:"poortwachter"`
	// Pending counts this employee's messages the arbo service has not acknowledged yet: until
	// it is 0 the share is recorded but not yet at the arbo service.
	Pending   int           `json:"pending"`
	CanRevoke bool          `json:"canRevoke"`
	History   []HistoryLine `json:"history"`
	Absence   *AbsenceView  `json:"absence"`
	// EmploymentEnded: the employment ended more than four weeks ago (or there is none), so
	// the dossier cannot be shared and no sick report made (employment_ended).
	EmploymentEnded bool `json:"employmentEnded"`
}

// Dossier reads the share panel of an employee. Its history names the users who acted.
func (sh *Sharing) Dossier(employeeID string) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.Dossier", &err)
	ws, id, err := sh.open(employeeID)
	if err != nil {
		return DossierView{}, err
	}
	d, err := ws.Dossier(id)
	if err != nil {
		return DossierView{}, sh.s.fail("read dossier", err)
	}
	return sh.view(ws, id, d)
}

func (sh *Sharing) view(ws *workspace.Workspace, id vault.ID, d sharing.Dossier) (DossierView, error) {
	sess := ws.Session()
	now := sh.s.cfg.Now()
	out := DossierView{CaseContent: d.CaseContent, CaseClosed: d.CaseClosed, Poortwachter: d.Poortwachter,
		Pending: len(d.Outbox), History: []HistoryLine{}}
	employed, err := ws.Employed(id)
	if err != nil {
		return DossierView{}, sh.s.fail("read dossier", err)
	}
	out.EmploymentEnded = !employed
	if sh := d.Active(now); sh != nil {
		out.Shared = true
		out.Share = &ShareInfo{CareQuestion: string(sh.CareQuestion), Since: rfc3339(sh.Since), Until: sh.Until}
		out.CanRevoke = !d.CaseContent
	}
	names := map[vault.UserID]string{}
	users := make([]vault.UserID, 0, len(d.History))
	for _, e := range d.History {
		users = append(users, e.By)
	}
	if a := d.OpenAbsence(); a != nil {
		for _, st := range a.Steps {
			users = append(users, st.By)
		}
	}
	err = sess.View(func(tx *vault.Tx) error {
		for _, u := range users {
			if _, done := names[u]; done {
				continue
			}
			p, err := access.LoadProfile(tx, u)
			if err != nil && !errors.Is(err, access.ErrNoProfile) {
				return err
			}
			names[u] = p.Name
		}
		return nil
	})
	if err != nil {
		return DossierView{}, sh.s.fail("read dossier", err)
	}
	for i := len(d.History) - 1; i >= 0; i-- {
		e := d.History[i]
		out.History = append(out.History, HistoryLine{Kind: e.Kind, At: rfc3339(e.At), By: names[e.By],
			CareQuestion: string(e.CareQuestion), Explanation: e.Explanation, Until: e.Until, Reason: e.Reason})
	}
	if a := d.OpenAbsence(); a != nil {
		week := sharing.Week(sharing.SickDays(d.Absences, now))
		av := &AbsenceView{FirstSickDay: a.FirstSickDay, Week: week, Percentage: a.Percentage, Report: reportFields(a.Report)}
		steps := sharing.Steps(d.Absences, now)
		// The next step is the first one not done, late ones included (not the next by week).
		if next := sharing.NextStep(steps); next != nil {
			av.NextMilestone, av.MilestoneWeek = next.Code, next.ByWeek
		}
		av.Status = string(sharing.Worst(steps))
		av.Steps = make([]StepView, len(steps))
		for i, st := range steps {
			v := StepView{Code: st.Code, From: st.From, Deadline: st.Deadline, Status: string(st.Status), Event: st.Event}
			if st.Done != nil {
				v.Done, v.DoneBy = st.Done.Done, names[st.Done.By]
			}
			av.Steps[i] = v
		}
		out.Absence = av
	}
	return out, nil
}

func reportFields(r sharing.SickReport) map[string]any {
	b, _ := json.Marshal(r)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// Share shares the employee's dossier for a care question ("Dossier delen"). Field errors come
// under careQuestion, explanation and until.
func (sh *Sharing) Share(employeeID string, form ShareForm) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.Share", &err)
	return sh.act(employeeID, "share", func(ws *workspace.Workspace, id vault.ID) error {
		return ws.Share(id, sharing.ShareInput{CareQuestion: sharing.CareQuestion(form.CareQuestion),
			Explanation: form.Explanation, Until: form.Until})
	})
}

// Revoke ends the share ("Deling intrekken"); refused once the arbo service holds case content.
func (sh *Sharing) Revoke(employeeID, reason string) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.Revoke", &err)
	return sh.act(employeeID, "revoke share", func(ws *workspace.Workspace, id vault.ID) error { return ws.RevokeShare(id, reason) })
}

// ReportSick records a sick report ("Ziekmelden"). The report is taken as a plain object so
// that a field the employer may not record is refused (unknown_field) instead of dropped.
func (sh *Sharing) ReportSick(employeeID string, report map[string]any) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.ReportSick", &err)
	r, err := decodeReport(report)
	if err != nil {
		return DossierView{}, sh.s.fail("report sick", err)
	}
	return sh.act(employeeID, "report sick", func(ws *workspace.Workspace, id vault.ID) error { return ws.ReportSick(id, r) })
}

// ChangeAbsence ("Wijziging verzuim") replaces the open spell's report and sets the sick
// percentage.
func (sh *Sharing) ChangeAbsence(employeeID string, report map[string]any, percentage int) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.ChangeAbsence", &err)
	r, err := decodeReport(report)
	if err != nil {
		return DossierView{}, sh.s.fail("change absence", err)
	}
	return sh.act(employeeID, "change absence", func(ws *workspace.Workspace, id vault.ID) error {
		return ws.ChangeAbsence(id, r, percentage)
	})
}

// ReportRecovery records the first day back ("Herstelmelden"), dd-mm-jjjj.
func (sh *Sharing) ReportRecovery(employeeID, day string) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.ReportRecovery", &err)
	return sh.act(employeeID, "report recovery", func(ws *workspace.Workspace, id vault.ID) error {
		return ws.ReportRecovery(id, day)
	})
}

func decodeReport(report map[string]any) (sharing.SickReport, error) {
	raw, err := json.Marshal(report)
	if err != nil {
		return sharing.SickReport{}, err
	}
	return sharing.DecodeSickReport(raw)
}

// act runs one change and answers with the dossier as it is now.
func (sh *Sharing) act(employeeID, op string, fn func(*workspace.Workspace, vault.ID) error) (DossierView, error) {
	ws, id, err := sh.open(employeeID)
	if err != nil {
		return DossierView{}, err
	}
	sh.s.Touch()
	if err := fn(ws, id); err != nil {
		return DossierView{}, sh.s.fail(op, err)
	}
	d, err := ws.Dossier(id)
	if err != nil {
		return DossierView{}, sh.s.fail(op, err)
	}
	return sh.view(ws, id, d)
}

// MarkStepDone records that a Poortwachter step of the open absence was done on day
// (dd-mm-jjjj); field errors under step and done; no_absence.
func (sh *Sharing) MarkStepDone(employeeID, step, day string) (_ DossierView, err error) {
	defer sh.s.recovered("Sharing.MarkStepDone", &err)
	return sh.act(employeeID, "mark step done", func(ws *workspace.Workspace, id vault.ID) error {
		return ws.MarkStepDone(id, step, day)
	})
}

func (sh *Sharing) open(employeeID string) (*workspace.Workspace, vault.ID, error) {
	ws, err := sh.s.workspace()
	if err != nil {
		return nil, vault.ID{}, err
	}
	id, err := parseID(employeeID)
	if err != nil {
		return nil, vault.ID{}, err
	}
	return ws, id, nil
}

// AttentionAbsence is one open absence on Actueel.
type AttentionAbsence struct {
	EmployeeID     string `json:"employeeId"`
	Label          string `json:"label"` // the name of a shared employee, else "" (the window says "Anoniem (Persnr …)")
	Persnr         string `json:"persnr"`
	DepartmentPath string `json:"departmentPath"`
	FirstSickDay   string `json:"firstSickDay"` // jjjj-mm-dd
	Week           int    `json:"week"`
	NextMilestone  string `json:"nextMilestone"`
	MilestoneWeek  int    `json:"milestoneWeek"`
	// Status is the worst Poortwachter step status (late | due | upcoming); NextStep is the
	// first step not done, with its deadline and status; LateSteps counts the late ones.
	Status string `json:"status"`
	// Poortwachter is the step the arbo service reports for this absence ("" when none).
	Poortwachter string `json:"poortwachter"`
	NextStep     string `json:"nextStep"`
	NextDeadline string `json:"nextDeadline"` // jjjj-mm-dd
	NextStatus   string `json:"nextStatus"`
	LateSteps    int    `json:"lateSteps"`
}

// Attention is what Actueel shows: open absences (a late Poortwachter step first, then one due
// within two weeks, then the rest; the longest first within each), messages waiting for the arbo
// service, and for admins the access requests waiting for them and how many employees are past
// their retention period (the list is Beheer → Bewaartermijn).
type Attention struct {
	OpenAbsences   []AttentionAbsence `json:"openAbsences"`
	PendingSync    int                `json:"pendingSync"`
	AccessRequests int                `json:"accessRequests"`
	// Requests are the oldest waiting access requests (at most maxAttentionRequests), oldest
	// first, so Actueel can say how long each has waited.
	Requests     []AttentionRequest `json:"requests"`
	RetentionDue int                `json:"retentionDue"`
}

// AttentionRequest is a waiting access request on Actueel: who asked, and when (RFC 3339).
type AttentionRequest struct {
	Name      string `json:"name"`
	Requested string `json:"requested"`
}

// maxAttentionRequests caps the requests Actueel lists; the rest are in Beheeracties.
const maxAttentionRequests = 5

// Attention gathers what needs attention now, within the user's keys.
func (sh *Sharing) Attention() (_ Attention, err error) {
	defer sh.s.recovered("Sharing.Attention", &err)
	ws, err := sh.s.workspace()
	if err != nil {
		return Attention{}, err
	}
	dir, sess := ws.Directory(), ws.Session()
	out := Attention{OpenAbsences: []AttentionAbsence{}, Requests: []AttentionRequest{}}
	open, err := sharing.OpenAbsenceSteps(sess, sh.s.cfg.Now())
	if err != nil {
		return Attention{}, sh.s.fail("attention", err)
	}
	for _, a := range open {
		e, err := dir.Employee(a.Employee)
		if err != nil {
			return Attention{}, sh.s.fail("attention", err)
		}
		label := "" // the window labels an unshared employee in its own language
		if e.Shared && e.IdentityRead && e.Label != e.AnonymousLabel() {
			label = e.Label
		}
		item := AttentionAbsence{EmployeeID: a.Employee.String(), Label: label, Persnr: e.Persnr,
			DepartmentPath: e.DepartmentPath, FirstSickDay: a.FirstSickDay, Week: a.Week, Status: string(a.Worst),
			Poortwachter: a.Poortwachter}
		if a.Next != nil {
			item.NextMilestone, item.MilestoneWeek = a.Next.Code, a.Next.ByWeek
		}
		if a.Next != nil {
			item.NextStep, item.NextDeadline, item.NextStatus = a.Next.Code, a.Next.Deadline, string(a.Next.Status)
		}
		for _, st := range a.Steps {
			if st.Status == sharing.StepLate {
				item.LateSteps++
			}
		}
		out.OpenAbsences = append(out.OpenAbsences, item)
	}
	pending, err := sharing.Pending(sess)
	if err != nil {
		return Attention{}, sh.s.fail("attention", err)
	}
	out.PendingSync = len(pending)
	if sess.Role() == vault.RoleAdmin {
		reqs, err := sess.Requests()
		if err != nil {
			return Attention{}, sh.s.fail("attention", err)
		}
		out.AccessRequests = len(reqs)
		sort.Slice(reqs, func(i, j int) bool { return reqs[i].Created.Before(reqs[j].Created) })
		for _, r := range reqs[:min(len(reqs), maxAttentionRequests)] {
			out.Requests = append(out.Requests, AttentionRequest{Name: r.Name, Requested: rfc3339(r.Created)})
		}
		due, err := dir.RetentionDue()
		if err != nil {
			return Attention{}, sh.s.fail("attention", err)
		}
		out.RetentionDue = due
	}
	return out, nil
}
