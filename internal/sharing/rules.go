package sharing

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Field names of the Poortwachter step form.
const (
	FieldStep     = "step"
	FieldStepDone = "done"
)

// AfterEmployment is how long after an employment's last day a share and a sick report are
// still possible: four weeks, the period in which sickness after the employment still counts
// (nawerking). A first sick day may lie in it too.
const AfterEmployment = 28 // days

// SickReportAhead is how far ahead a first sick day may lie: a week, enough for a planned
// admission reported in advance; further ahead is almost always a typing error.
const SickReportAhead = 7 // days

// ErrEmploymentEnded: the employee has no employment that runs or ended less than
// AfterEmployment days ago, so there is no care question the employer can share for.
var ErrEmploymentEnded = errors.New("sharing: the employee's employment ended more than four weeks ago")

// employed reports whether an employment runs on day or ended less than AfterEmployment days
// before it (an employment that starts later counts: the person is expected).
func employed(emps []people.Employment, day time.Time) bool {
	limit := day.AddDate(0, 0, -AfterEmployment).Format(dateLayout)
	for _, e := range emps {
		if e.End == "" || e.End >= limit {
			return true
		}
	}
	return false
}

// checkSickDay adds the first sick day's problem with the employments: before the first
// employment started (validate.BeforeEmployment), or in none of them nor in the four weeks
// after one (validate.OutsideEmployment).
func checkSickDay(f validate.FieldErrors, day time.Time, emps []people.Employment) {
	d := day.Format(dateLayout)
	earliest := ""
	for _, e := range emps {
		if earliest == "" || e.Start < earliest {
			earliest = e.Start
		}
		if e.Start > d {
			continue
		}
		if e.End == "" {
			return
		}
		end, err := time.Parse(dateLayout, e.End)
		if err != nil || d <= end.AddDate(0, 0, AfterEmployment).Format(dateLayout) {
			return
		}
	}
	if earliest == "" || d < earliest {
		f.Add(FieldFirstSickDay, validate.BeforeEmployment)
		return
	}
	f.Add(FieldFirstSickDay, validate.OutsideEmployment)
}

// overlaps reports whether a spell starting on first (jjjj-mm-dd) and still open overlaps
// another spell than skip: one still open, or a closed one whose last sick day is on or after
// first.
func overlaps(absences []Absence, first string, skip *Absence) bool {
	for i := range absences {
		a := &absences[i]
		if a == skip {
			continue
		}
		if a.Open() || a.Recovered > first {
			return true
		}
	}
	return false
}

// countStart is the first sick day of the earliest spell counted together with the open one
// (spells less than four weeks apart add up).
func countStart(absences []Absence, open *Absence) string {
	sorted := slices.Clone(absences)
	slices.SortFunc(sorted, func(a, b Absence) int {
		switch {
		case a.FirstSickDay < b.FirstSickDay:
			return -1
		case a.FirstSickDay > b.FirstSickDay:
			return 1
		}
		return 0
	})
	start := open.FirstSickDay
	for i := len(sorted) - 1; i > 0; i-- {
		if sorted[i].FirstSickDay > start {
			continue
		}
		prev := sorted[i-1]
		from, err1 := time.Parse(dateLayout, sorted[i].FirstSickDay)
		back, err2 := time.Parse(dateLayout, prev.Recovered)
		if err1 != nil || err2 != nil || from.Sub(back.AddDate(0, 0, -1)) > addUpGap {
			break
		}
		start = prev.FirstSickDay
	}
	return start
}

// MarkStepDone records that a Poortwachter step of the open spell was done on day
// (dd-mm-jjjj): not in the future, not before the spells counted together began. Marking it
// again replaces the day. The dossier keeps who marked it and when; the audit log gets an
// event naming the step. It needs no share (it is the employer's own bookkeeping) and sends
// nothing to the arbo service.
func (s *Service) MarkStepDone(employee vault.ID, code, day string) error {
	f := validate.FieldErrors{}
	if !slices.ContainsFunc(Milestones, func(m Milestone) bool { return m.Code == code && !m.Event }) {
		f.Add(FieldStep, validate.InvalidChoice)
	}
	t := validate.Date(f, FieldStepDone, day, true)
	if !t.IsZero() && t.After(s.today()) {
		f.Add(FieldStepDone, validate.DateFuture)
	}
	if err := f.Err(); err != nil {
		return err
	}
	done := t.Format(dateLayout)
	scope, err := s.scopeOf(employee)
	if err != nil {
		return err
	}
	at := s.now().UTC()
	err = s.sess.Update(func(tx *vault.Tx) error {
		d, err := load(tx, employee)
		if err != nil {
			return err
		}
		a := d.OpenAbsence()
		if a == nil {
			return ErrNoAbsence
		}
		if done < countStart(d.Absences, a) {
			return validate.FieldErrors{FieldStepDone: validate.EndBeforeStart}
		}
		mark := StepDone{Code: code, Done: done, By: s.sess.UserID(), At: at}
		if i := slices.IndexFunc(a.Steps, func(st StepDone) bool { return st.Code == code }); i >= 0 {
			a.Steps[i] = mark
		} else {
			a.Steps = append(a.Steps, mark)
		}
		return vault.PutJSON(tx, KindDossier, employee, scope, &d)
	})
	if err != nil {
		return err
	}
	return s.audit(audit.ActionStepDone, employee, code)
}

// employments reads the employee's employments from the skeleton.
func (s *Service) employments(employee vault.ID) ([]people.Employment, error) {
	emps, err := s.dir.Employments(employee)
	if err != nil {
		return nil, fmt.Errorf("sharing: read employments: %w", err)
	}
	return emps, nil
}

// currentEmployments reads the employee's employments for a share or a sick report:
// ErrEmploymentEnded when none is current or ended within the last four weeks.
func (s *Service) currentEmployments(employee vault.ID) ([]people.Employment, error) {
	emps, err := s.employments(employee)
	if err != nil {
		return nil, err
	}
	if !employed(emps, s.today()) {
		return nil, ErrEmploymentEnded
	}
	return emps, nil
}

// Employed reports whether a share and a sick report are possible for the employee as far as
// the employment goes (the share dialog says so before anyone types).
func (s *Service) Employed(employee vault.ID) (bool, error) {
	emps, err := s.employments(employee)
	if err != nil {
		return false, err
	}
	return employed(emps, s.today()), nil
}
