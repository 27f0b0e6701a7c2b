package sharing

import (
	"errors"
	"sort"
	"time"

	"kluis/internal/vault"
)

// Milestone is a step of the Wet verbetering poortwachter, due in a sickness week.
type Milestone struct {
	Code     string // stable key for the UI catalogue
	FromWeek int    // due from the start of this week
	ByWeek   int    // and at the latest by its end
	// Event: a moment, not a task (the end of wage payment): it is never late, only passed.
	Event bool
}

// Milestones in order (DOMAIN.md, "Absence timeline").
var Milestones = []Milestone{
	{"report-to-arbo", 1, 1, false},             // ziekmelding bij de arbodienst binnen een week
	{"problem-analysis", 6, 6, false},           // probleemanalyse
	{"plan-of-action", 8, 8, false},             // plan van aanpak
	{"report-to-uwv", 42, 42, false},            // ziekmelding bij het UWV
	{"first-year-evaluation", 46, 52, false},    // eerstejaarsevaluatie
	{"reintegration-report-wia", 91, 93, false}, // re-integratieverslag en WIA-aanvraag
	{"end-of-wage-payment", 104, 104, true},     // einde loondoorbetaling
}

// addUpGap is how close spells must be to count as one: less than four weeks apart.
const addUpGap = 28 * 24 * time.Hour

// SickDays counts the days of sickness up to and including day for the spell open on day,
// adding earlier spells that ended less than four weeks before the next began. absences need
// not be sorted; dates that do not parse are skipped.
func SickDays(absences []Absence, day time.Time) int {
	type spell struct{ from, to time.Time } // to: the last sick day
	var spells []spell
	for _, a := range absences {
		from, err := time.Parse(dateLayout, a.FirstSickDay)
		if err != nil || from.After(day) {
			continue
		}
		to := day
		if a.Recovered != "" {
			back, err := time.Parse(dateLayout, a.Recovered)
			if err != nil {
				continue
			}
			to = back.AddDate(0, 0, -1)
			if to.After(day) {
				to = day
			}
		}
		if to.Before(from) {
			continue
		}
		spells = append(spells, spell{from, to})
	}
	if len(spells) == 0 {
		return 0
	}
	sort.Slice(spells, func(i, j int) bool { return spells[i].from.Before(spells[j].from) })
	days := 0
	for i, s := range spells {
		if i > 0 && s.from.Sub(spells[i-1].to) > addUpGap {
			days = 0 // a gap of four weeks or more starts the count again
		}
		days += int(s.to.Sub(s.from)/(24*time.Hour)) + 1
	}
	return days
}

// Week is the sickness week a count of sick days falls in (day 1–7: week 1).
func Week(sickDays int) int {
	if sickDays <= 0 {
		return 0
	}
	return (sickDays-1)/7 + 1
}

// NextMilestone is the first milestone not yet past in week (nil after week 104).
func NextMilestone(week int) *Milestone {
	for i := range Milestones {
		if Milestones[i].ByWeek >= week {
			return &Milestones[i]
		}
	}
	return nil
}

// StepDone records that a Poortwachter step of a spell was done: the day it was done, who
// marked it and when.
type StepDone struct {
	Code string       `json:"code"` // a Milestones code
	Done string       `json:"done"` // jjjj-mm-dd
	By   vault.UserID `json:"by"`
	At   time.Time    `json:"at"`
}

// StepStatus is how a step stands on a day.
type StepStatus string

// Step statuses, worst first. The window shows each as a coloured dot with its word.
const (
	StepLate     StepStatus = "late"     // te laat: past its deadline and not done (red)
	StepDue      StepStatus = "due"      // binnenkort: deadline within DueSoon (amber)
	StepUpcoming StepStatus = "upcoming" // op schema (green)
	StepDoneOK   StepStatus = "done"     // gedaan
	StepPassed   StepStatus = "passed"   // an Event milestone whose day has passed
)

// DueSoon is how close a deadline must be for a step not done to turn amber.
const DueSoon = 14 * 24 * time.Hour

// Step is a milestone of an open spell with its dates and status.
type Step struct {
	Milestone
	From     string // jjjj-mm-dd: the first day of FromWeek
	Deadline string // jjjj-mm-dd: the last day of ByWeek
	Status   StepStatus
	Done     *StepDone // nil when not marked done
}

// Steps are the milestones of the open spell on today, in order, each with its deadline and
// status. Spells less than four weeks apart count together (SickDays), so the deadlines run
// from the day the count started as if the sickness went on; a first sick day ahead of today
// counts from that day. No open spell: nil.
func Steps(absences []Absence, today time.Time) []Step {
	var open *Absence
	for i := len(absences) - 1; i >= 0; i-- {
		if absences[i].Open() {
			open = &absences[i]
			break
		}
	}
	if open == nil {
		return nil
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	start, err := time.Parse(dateLayout, open.FirstSickDay)
	if err != nil {
		return nil
	}
	if days := SickDays(absences, today); days > 0 {
		start = today.AddDate(0, 0, -(days - 1))
	}
	done := map[string]*StepDone{}
	for i := range open.Steps {
		done[open.Steps[i].Code] = &open.Steps[i]
	}
	out := make([]Step, len(Milestones))
	for i, m := range Milestones {
		deadline := start.AddDate(0, 0, m.ByWeek*7-1)
		st := Step{Milestone: m, From: start.AddDate(0, 0, (m.FromWeek-1)*7).Format(dateLayout),
			Deadline: deadline.Format(dateLayout), Done: done[m.Code]}
		switch {
		case st.Done != nil:
			st.Status = StepDoneOK
		case today.After(deadline) && m.Event:
			st.Status = StepPassed
		case today.After(deadline):
			st.Status = StepLate
		case deadline.Sub(today) <= DueSoon:
			st.Status = StepDue
		default:
			st.Status = StepUpcoming
		}
		out[i] = st
	}
	return out
}

// Worst is the status Actueel sorts by: late before due before the rest.
func Worst(steps []Step) StepStatus {
	worst := StepUpcoming
	for _, s := range steps {
		switch s.Status {
		case StepLate:
			return StepLate
		case StepDue:
			worst = StepDue
		}
	}
	return worst
}

// NextStep is the first step not done (or passed), or nil.
func NextStep(steps []Step) *Step {
	for i := range steps {
		if s := steps[i].Status; s != StepDoneOK && s != StepPassed {
			return &steps[i]
		}
	}
	return nil
}

// statusRank orders statuses for Actueel: late first.
func statusRank(s StepStatus) int {
	switch s {
	case StepLate:
		return 0
	case StepDue:
		return 1
	}
	return 2
}

// AbsenceSteps is an open absence on Actueel with its Poortwachter steps.
type AbsenceSteps struct {
	Employee     vault.ID
	FirstSickDay string
	Week         int
	Steps        []Step
	Worst        StepStatus
	Next         *Step
	Poortwachter string // the step the arbo service reports, in its words ("" when none)
}

// OpenAbsenceSteps lists the open absences the session's keys open, with their steps: late
// ones first, then those with a step due soon, then the rest; within each, the longest
// absence first.
func OpenAbsenceSteps(sess *vault.Session, today time.Time) ([]AbsenceSteps, error) {
	var out []AbsenceSteps
	err := sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindDossier, func(id vault.ID, r vault.Sealed) error {
			d, err := vault.OpenJSON[Dossier](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil // another department's
			}
			if err != nil {
				return err
			}
			a := d.OpenAbsence()
			if a == nil {
				return nil
			}
			steps := Steps(d.Absences, today)
			out = append(out, AbsenceSteps{Employee: id, FirstSickDay: a.FirstSickDay, Week: Week(SickDays(d.Absences, today)),
				Steps: steps, Worst: Worst(steps), Next: NextStep(steps), Poortwachter: d.Poortwachter})
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := statusRank(out[i].Worst), statusRank(out[j].Worst); ri != rj {
			return ri < rj
		}
		if out[i].FirstSickDay != out[j].FirstSickDay {
			return out[i].FirstSickDay < out[j].FirstSickDay
		}
		return out[i].Employee.String() < out[j].Employee.String()
	})
	return out, err
}
