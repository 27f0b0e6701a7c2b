package sharing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Field names of the share and absence forms (validate.FieldErrors keys).
const (
	FieldCareQuestion        = "careQuestion"
	FieldExplanation         = "explanation"
	FieldUntil               = "until"
	FieldReason              = "reason"
	FieldPhone               = "phone"
	FieldPostcode            = "careAddress.postcode"
	FieldExpectedDuration    = "expectedDuration"
	FieldOngoingAppointments = "ongoingAppointments"
	FieldFirstSickDay        = "firstSickDay"
	FieldRecovered           = "recovered"
	FieldPercentage          = "percentage"
)

// Text limits: an explanation says why, not what is wrong; appointments are practical notes.
const (
	maxExplanation  = 1000
	maxAppointments = 500
	maxReason       = 500
)

// Service runs the sharing rules for one unlocked session.
type Service struct {
	sess *vault.Session
	dir  *people.Directory
	log  *audit.Log
	now  func() time.Time
}

// New makes the service; now nil means time.Now.
func New(sess *vault.Session, dir *people.Directory, log *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{sess: sess, dir: dir, log: log, now: now}
}

// ShareInput is the "Dossier delen" form.
type ShareInput struct {
	CareQuestion CareQuestion
	Explanation  string
	Until        string // dd-mm-jjjj or jjjj-mm-dd; empty: until revoked (or, for a sick report, recovery and case end)
}

// Dossier reads an employee's dossier (an empty one when nothing was shared yet).
func (s *Service) Dossier(employee vault.ID) (Dossier, error) {
	var d Dossier
	_, err := s.scopeOf(employee)
	if err != nil {
		return d, err
	}
	err = s.sess.View(func(tx *vault.Tx) error {
		var err error
		d, err = load(tx, employee)
		return err
	})
	return d, err
}

// Share shares an employee's dossier for a care question: the explanation is required (and is
// not the place for medical details), an end date may not be in the past. The employee's
// skeleton says "shared", the history gets a line, and the share is queued for the arbo
// service. The session must hold the employee's department (a manager: only their own).
func (s *Service) Share(employee vault.ID, in ShareInput) error {
	_, err := s.currentEmployments(employee)
	if err != nil {
		return err
	}
	f, p := validate.FieldErrors{}, validate.Params{}
	if !in.CareQuestion.valid() {
		f.Add(FieldCareQuestion, validate.InvalidChoice)
	}
	explanation := strings.TrimSpace(in.Explanation)
	checkText(f, FieldExplanation, explanation, maxExplanation, true)
	checkMedical(f, p, FieldExplanation, explanation)
	today := s.today()
	until := ""
	if strings.TrimSpace(in.Until) != "" {
		t := validate.Date(f, FieldUntil, in.Until, false)
		if !t.IsZero() && t.Before(today) {
			f.Add(FieldUntil, validate.DatePast)
		}
		if !t.IsZero() {
			until = t.Format(dateLayout)
		}
	}
	if err := f.ErrWith(p); err != nil {
		return err
	}
	at := s.now().UTC()
	shared := true
	err = s.change(employee, &shared, func(d *Dossier) (any, error) {
		if d.Active(today) != nil {
			return nil, ErrAlreadyShared
		}
		d.Share = &Share{CareQuestion: in.CareQuestion, Since: at, Until: until}
		d.History = append(d.History, Event{Kind: EventShared, At: at, By: s.sess.UserID(), CareQuestion: in.CareQuestion,
			Explanation: explanation, Until: until})
		return ShareMessage{CareQuestion: in.CareQuestion, Until: until}, nil
	})
	if err != nil {
		return err
	}
	return s.audit(audit.ActionShare, employee, string(in.CareQuestion))
}

// Revoke ends the share in force ("Deling intrekken") with a reason. It is refused once the
// arbo service reported case content for the employee (ErrCaseContent).
func (s *Service) Revoke(employee vault.ID, reason string) error {
	f, p := validate.FieldErrors{}, validate.Params{}
	reason = strings.TrimSpace(reason)
	checkText(f, FieldReason, reason, maxReason, true)
	checkMedical(f, p, FieldReason, reason)
	if err := f.ErrWith(p); err != nil {
		return err
	}
	at := s.now().UTC()
	unshared := false
	err := s.change(employee, &unshared, func(d *Dossier) (any, error) {
		if d.Active(s.today()) == nil {
			return nil, ErrNotShared
		}
		if d.CaseContent {
			return nil, ErrCaseContent
		}
		d.Share = nil
		d.History = append(d.History, Event{Kind: EventRevoked, At: at, By: s.sess.UserID(), Reason: reason})
		return RevokeMessage{}, nil
	})
	if err != nil {
		return err
	}
	return s.audit(audit.ActionRevoke, employee, "")
}

// DecodeSickReport reads a sick report sent as JSON and refuses every field the employer may
// not record (ErrUnknownField): the list is closed by law, not by the form.
func DecodeSickReport(raw []byte) (SickReport, error) {
	var r SickReport
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		if strings.Contains(err.Error(), "unknown field") {
			return SickReport{}, ErrUnknownField
		}
		return SickReport{}, fmt.Errorf("sharing: the sick report is not valid JSON")
	}
	return r, nil
}

// ReportSick records a sick report ("Ziekmelden") for a shared employee: exactly the fields of
// SickReport, checked; the first sick day at most SickReportAhead days ahead, within an
// employment (or the four weeks after it) and not inside another spell. Without a share in
// force it gives ErrNotShared (share first, for the sick report); an employment that ended more
// than four weeks ago gives ErrEmploymentEnded.
func (s *Service) ReportSick(employee vault.ID, r SickReport) error {
	emps, err := s.currentEmployments(employee)
	if err != nil {
		return err
	}
	f, p := validate.FieldErrors{}, validate.Params{}
	first := s.checkReport(f, p, &r, emps)
	if err := f.ErrWith(p); err != nil {
		return err
	}
	err = s.change(employee, nil, func(d *Dossier) (any, error) {
		if d.Active(s.today()) == nil {
			return nil, ErrNotShared
		}
		if d.OpenAbsence() != nil {
			return nil, ErrAbsenceOpen
		}
		if overlaps(d.Absences, first, nil) {
			return nil, validate.FieldErrors{FieldFirstSickDay: validate.AbsenceOverlap}
		}
		d.Absences = append(d.Absences, Absence{FirstSickDay: first, Report: r})
		d.History = append(d.History, Event{Kind: EventSick, At: s.now().UTC(), By: s.sess.UserID()})
		return SickMessage{Report: r}, nil
	})
	if err != nil {
		return err
	}
	return s.audit(audit.ActionSick, employee, "")
}

// ReportRecovery records the first day back ("Herstelmelden"), not before the first sick day
// and not in the future.
func (s *Service) ReportRecovery(employee vault.ID, day string) error {
	f := validate.FieldErrors{}
	t := validate.Date(f, FieldRecovered, day, true)
	if !t.IsZero() && t.After(s.today()) {
		f.Add(FieldRecovered, validate.DateFuture)
	}
	if err := f.Err(); err != nil {
		return err
	}
	back := t.Format(dateLayout)
	err := s.change(employee, nil, func(d *Dossier) (any, error) {
		if d.Active(s.today()) == nil {
			return nil, ErrNotShared
		}
		a := d.OpenAbsence()
		if a == nil {
			return nil, ErrNoAbsence
		}
		if back < a.FirstSickDay {
			return nil, validate.FieldErrors{FieldRecovered: validate.EndBeforeStart}
		}
		a.Recovered = back
		d.History = append(d.History, Event{Kind: EventRecovered, At: s.now().UTC(), By: s.sess.UserID()})
		return RecoveryMessage{Recovered: back, FirstSickDay: a.FirstSickDay}, nil
	})
	if err != nil {
		return err
	}
	return s.audit(audit.ActionRecovery, employee, "")
}

// ChangeAbsence ("Wijziging verzuim") replaces the open spell's report and sets the sick
// percentage (1..100; partial recovery).
func (s *Service) ChangeAbsence(employee vault.ID, r SickReport, percentage int) error {
	emps, err := s.employments(employee)
	if err != nil {
		return err
	}
	f, p := validate.FieldErrors{}, validate.Params{}
	first := s.checkReport(f, p, &r, emps)
	if percentage < 1 || percentage > 100 {
		f.Add(FieldPercentage, validate.InvalidChoice)
	}
	if err := f.ErrWith(p); err != nil {
		return err
	}
	err = s.change(employee, nil, func(d *Dossier) (any, error) {
		if d.Active(s.today()) == nil {
			return nil, ErrNotShared
		}
		a := d.OpenAbsence()
		if a == nil {
			return nil, ErrNoAbsence
		}
		if overlaps(d.Absences, first, a) {
			return nil, validate.FieldErrors{FieldFirstSickDay: validate.AbsenceOverlap}
		}
		a.Report, a.FirstSickDay, a.Percentage = r, first, percentage
		d.History = append(d.History, Event{Kind: EventAbsenceChange, At: s.now().UTC(), By: s.sess.UserID()})
		return ChangeMessage{Report: r, Percentage: percentage}, nil
	})
	if err != nil {
		return err
	}
	return s.audit(audit.ActionChange, employee, "")
}

// checkReport validates a sick report in place and returns its first sick day as jjjj-mm-dd:
// at most SickReportAhead days ahead and within the employments (checkSickDay); medical words
// in the free text go to p.
func (s *Service) checkReport(f validate.FieldErrors, p validate.Params, r *SickReport, emps []people.Employment) string {
	r.Phone = strings.TrimSpace(r.Phone)
	if r.Phone == "" {
		f.Add(FieldPhone, validate.Required)
	} else {
		r.Phone = validate.Phone(f, FieldPhone, r.Phone)
	}
	if pc := strings.TrimSpace(r.CareAddress.Postcode); pc != "" {
		r.CareAddress.Postcode = validate.Postcode(f, FieldPostcode, pc, "", false)
	}
	if !slices.Contains(ExpectedDurations, r.ExpectedDuration) {
		f.Add(FieldExpectedDuration, validate.InvalidChoice)
	}
	r.OngoingAppointments = strings.TrimSpace(r.OngoingAppointments)
	checkText(f, FieldOngoingAppointments, r.OngoingAppointments, maxAppointments, false)
	checkMedical(f, p, FieldOngoingAppointments, r.OngoingAppointments)
	t := validate.Date(f, FieldFirstSickDay, r.FirstSickDay, true)
	if t.IsZero() {
		return ""
	}
	if t.After(s.today().AddDate(0, 0, SickReportAhead)) {
		f.Add(FieldFirstSickDay, validate.SickDayTooFarAhead)
	}
	checkSickDay(f, t, emps)
	r.FirstSickDay = t.Format(dateLayout)
	return r.FirstSickDay
}

// checkText checks a multi-line text (validate.Text refuses line breaks).
func checkText(f validate.FieldErrors, field, text string, max int, required bool) {
	switch {
	case text == "" && required:
		f.Add(field, validate.Required)
	case len([]rune(text)) > max:
		f.Add(field, validate.TooLong)
	}
}

func (s *Service) today() time.Time {
	y, m, d := s.now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// scopeOf is the scope of the employee's department, as the signed keyring binds it; a
// session that does not hold it gets vault.ErrNoAccess (a manager outside their departments).
func (s *Service) scopeOf(employee vault.ID) (vault.ScopeID, error) {
	dep, err := s.dir.DepartmentOf(employee) // the skeleton says where; no identity is opened
	if err != nil {
		return 0, err
	}
	sc, err := s.sess.DepartmentScope(dep.ID)
	if err != nil {
		return 0, err
	}
	if !s.sess.HasScope(sc) {
		return 0, fmt.Errorf("sharing: employee in another department: %w", vault.ErrNoAccess)
	}
	return sc, nil
}

// change applies fn to the employee's dossier and stores it together with the outbox message
// fn returns (none when nil), in one transaction; with shared not nil, the employee's share flag (people) is
// written in the same transaction.
func (s *Service) change(employee vault.ID, shared *bool, fn func(d *Dossier) (any, error)) error {
	scope, err := s.scopeOf(employee)
	if err != nil {
		return err
	}
	write := func(tx *vault.Tx) error {
		d, err := load(tx, employee)
		if err != nil {
			return err
		}
		msg, err := fn(&d)
		if err != nil {
			return err
		}
		if msg != nil {
			if err := d.queue(employee, msg, s.now().UTC()); err != nil {
				return err
			}
		}
		return vault.PutJSON(tx, KindDossier, employee, scope, &d)
	}
	if shared != nil {
		return s.dir.SetShared(employee, *shared, write)
	}
	return s.sess.Update(write)
}

func load(tx *vault.Tx, employee vault.ID) (Dossier, error) {
	d, err := vault.GetJSON[Dossier](tx, KindDossier, employee)
	if errors.Is(err, vault.ErrNotFound) {
		return Dossier{}, nil
	}
	return d, err
}

func (s *Service) audit(action audit.Action, employee vault.ID, detail string) error {
	if s.log == nil {
		return nil
	}
	return s.log.Record(action, []vault.ID{employee}, detail)
}
