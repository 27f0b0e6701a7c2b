package sharing

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/validate"
)

func sickOn(first string) SickReport {
	r := report()
	r.FirstSickDay = first
	return r
}

func TestRule_AFirstSickDayBeforeTheEmploymentOrMoreThanAWeekAheadIsRefused(t *testing.T) {
	f := newFixture(t) // employed since 01-05-2020; today 23-11-2026
	ok(t, f.svc.Share(f.inA, sickShare()))
	if c := fieldCode(t, f.svc.ReportSick(f.inA, sickOn("01-01-1990")), FieldFirstSickDay); c != validate.BeforeEmployment {
		t.Fatalf("a first sick day in 1990: %v", c)
	}
	if c := fieldCode(t, f.svc.ReportSick(f.inA, sickOn("01-12-2026")), FieldFirstSickDay); c != validate.SickDayTooFarAhead {
		t.Fatalf("a first sick day 8 days ahead: %v", c)
	}
	d, err := f.svc.Dossier(f.inA)
	ok(t, err)
	if len(d.Absences) != 0 {
		t.Fatalf("a refused report was kept: %+v", d.Absences)
	}
	// Up to SickReportAhead days ahead is a planned admission reported in advance.
	ok(t, f.svc.ReportSick(f.inA, sickOn("30-11-2026")))
}

func TestRule_AFirstSickDayInsideAnotherSpellIsRefused(t *testing.T) {
	f := newFixture(t)
	ok(t, f.svc.Share(f.inA, sickShare()))
	ok(t, f.svc.ReportSick(f.inA, sickOn("01-11-2026")))
	ok(t, f.svc.ReportRecovery(f.inA, "10-11-2026"))
	// 05-11 lies in the closed spell (01-11 to 09-11); so does any day before it.
	for _, day := range []string{"05-11-2026", "09-11-2026", "15-10-2026"} {
		if c := fieldCode(t, f.svc.ReportSick(f.inA, sickOn(day)), FieldFirstSickDay); c != validate.AbsenceOverlap {
			t.Fatalf("a spell from %s: %v", day, c)
		}
	}
	// The day back is free again.
	ok(t, f.svc.ReportSick(f.inA, sickOn("10-11-2026")))
	// A change may not move the open spell's first day into the closed one either.
	if c := fieldCode(t, f.svc.ChangeAbsence(f.inA, sickOn("08-11-2026"), 100), FieldFirstSickDay); c != validate.AbsenceOverlap {
		t.Fatalf("a change into the closed spell: %v", c)
	}
	ok(t, f.svc.ChangeAbsence(f.inA, sickOn("12-11-2026"), 100))
}

func TestRule_AFirstSickDayMustFallInAnEmploymentOrTheFourWeeksAfterIt(t *testing.T) {
	emps := []people.Employment{{Start: "2018-01-01", End: "2020-12-31"}, {Start: "2024-03-01"}}
	for _, c := range []struct {
		day  string
		want validate.Code
	}{
		{"2017-12-31", validate.BeforeEmployment},
		{"2018-01-01", ""},
		{"2021-01-28", ""},                         // 28 days after the last working day
		{"2021-01-29", validate.OutsideEmployment}, // 29 days after
		{"2023-06-01", validate.OutsideEmployment}, // between the employments
		{"2024-03-01", ""},
		{"2026-11-20", ""},
	} {
		f := validate.FieldErrors{}
		checkSickDay(f, day(c.day), emps)
		if f[FieldFirstSickDay] != c.want {
			t.Errorf("%s: %q, want %q", c.day, f[FieldFirstSickDay], c.want)
		}
	}
	f := validate.FieldErrors{}
	if checkSickDay(f, day("2026-01-01"), nil); f[FieldFirstSickDay] != validate.BeforeEmployment {
		t.Errorf("no employment at all: %v", f)
	}
}

func TestRule_SharingAndSickReportsNeedAnEmploymentThatEndedAtMostFourWeeksAgo(t *testing.T) {
	f := newFixture(t)                            // today 23-11-2026
	ok(t, f.d.EndEmployment(f.inA, "25-10-2026")) // 29 days ago
	ok(t, f.d.EndEmployment(f.inB, "26-10-2026")) // 28 days ago
	if err := f.svc.Share(f.inA, sickShare()); !errors.Is(err, ErrEmploymentEnded) {
		t.Fatalf("a share 29 days after the employment ended: %v", err)
	}
	if err := f.svc.ReportSick(f.inA, report()); !errors.Is(err, ErrEmploymentEnded) {
		t.Fatalf("a sick report 29 days after the employment ended: %v", err)
	}
	if e, err := f.d.Employee(f.inA); err != nil || e.Shared {
		t.Fatalf("the refused share marked the employee shared: %v", err)
	}
	if emp, err := f.svc.Employed(f.inA); err != nil || emp {
		t.Fatalf("Employed after 29 days: %v %v", emp, err)
	}
	// Within four weeks: still possible, with a first sick day after the last working day.
	ok(t, f.svc.Share(f.inB, sickShare()))
	ok(t, f.svc.ReportSick(f.inB, sickOn("20-11-2026")))
	if strings.Contains(ErrEmploymentEnded.Error(), "Jansen") {
		t.Fatal("the error names the employee")
	}
}

func TestRule_MedicalDetailsInFreeTextAreRefusedNamingTheWordsFound(t *testing.T) {
	f := newFixture(t)
	const text = "Griep met hoge KOORTS, volgens de huisarts diagnose hernia; neemt Codeïne."
	err := f.svc.Share(f.inA, ShareInput{CareQuestion: CareSickReport, Explanation: text})
	var pe *validate.ParamErrors
	if !errors.As(err, &pe) || pe.Fields[FieldExplanation] != validate.MedicalTerms {
		t.Fatalf("a medical explanation: %v", err)
	}
	if got := pe.Params[FieldExplanation]; !slices.Equal(got, []string{"griep", "koorts", "diagnose", "hernia", "codeïne"}) {
		t.Fatalf("words found %v", got)
	}
	// The form still sees plain field errors, and no text carries a word.
	if fieldCode(t, err, FieldExplanation) != validate.MedicalTerms {
		t.Fatal("FieldErrors not found through ParamErrors")
	}
	for _, w := range []string{"griep", "koorts", "hernia", "odeïne"} {
		if strings.Contains(strings.ToLower(err.Error()), w) {
			t.Fatalf("the error text names %q: %s", w, err)
		}
	}
	if e, _ := f.d.Employee(f.inA); e.Shared {
		t.Fatal("the refused share was stored")
	}
	// Everyday words that also name a body part elsewhere, and words inside longer words, pass.
	for _, fine := range []string{
		"Het hoofd van de afdeling meldt dat hij van harte terug wil; met het oog op de planning enkel ochtenden.",
		"Ziek gemeld bij de leidinggevende; bereikbaar op werkdagen. Back office, long-term planning.",
	} {
		if found := MedicalTermsIn(fine); len(found) > 0 {
			t.Errorf("%q: found %v", fine, found)
		}
	}
	// Multi-word terms and English terms; accents and case do not matter.
	if found := MedicalTermsIn("She had a Heart  Attack and a sore throat; BURN-OUT, Prednisón"); !slices.Equal(found,
		[]string{"heart attack", "heart", "sore throat", "throat", "burn-out", "prednison"}) {
		t.Errorf("found %v", found)
	}
	// The other free texts: the revocation's reason and the sick report's appointments.
	ok(t, f.svc.Share(f.inA, sickShare()))
	if c := fieldCode(t, f.svc.Revoke(f.inA, "Medewerker heeft depressie"), FieldReason); c != validate.MedicalTerms {
		t.Fatalf("a medical revocation reason: %v", c)
	}
	r := report()
	r.OngoingAppointments = "Wekelijks naar de fysiotherapeut voor de knie"
	err = f.svc.ReportSick(f.inA, r)
	if !errors.As(err, &pe) || !slices.Equal(pe.Params[FieldOngoingAppointments], []string{"fysiotherapeut", "knie"}) {
		t.Fatalf("medical appointments: %v", err)
	}
	if err := f.svc.ChangeAbsence(f.inA, r, 50); fieldCode(t, err, FieldOngoingAppointments) != validate.MedicalTerms {
		t.Fatalf("medical appointments in a change: %v", err)
	}
}

func TestRule_TheMedicalTermsListHasAFewHundredTermsAndNoEverydayWords(t *testing.T) {
	n := 0
	for _, entries := range loadMedicalTerms() {
		n += len(entries)
	}
	if n < 300 {
		t.Fatalf("%d medical terms", n)
	}
	for _, everyday := range []string{"hoofd", "arm", "been", "enkel", "long", "back", "head", "leg", "toe", "ziek", "sick", "oog", "heel"} {
		if len(MedicalTermsIn(everyday)) > 0 {
			t.Errorf("%q is on the list", everyday)
		}
	}
}

func steps(t *testing.T, absences []Absence, on string) map[string]Step {
	t.Helper()
	out := map[string]Step{}
	for _, s := range Steps(absences, day(on)) {
		out[s.Code] = s
	}
	return out
}

func TestRule_APoortwachterStepPastItsDeadlineAndNotDoneIsLateOneDueWithinTwoWeeksIsAmber(t *testing.T) {
	// Sick since 01-09-2026; on 23-11-2026 that is week 12: the arbo report (week 1), the
	// problem analysis (week 6) and the plan of approach (week 8) are late.
	s := steps(t, []Absence{{FirstSickDay: "2026-09-01"}}, "2026-11-23")
	for code, deadline := range map[string]string{"report-to-arbo": "2026-09-07", "problem-analysis": "2026-10-12", "plan-of-action": "2026-10-26"} {
		if s[code].Status != StepLate || s[code].Deadline != deadline {
			t.Errorf("%s: %+v, want late with deadline %s", code, s[code], deadline)
		}
	}
	if s["report-to-uwv"].Status != StepUpcoming || s["end-of-wage-payment"].Status != StepUpcoming {
		t.Errorf("later steps: %+v", s)
	}
	// Sick since 20-10-2026: the problem analysis is due by 30-11 (7 days): amber; the plan
	// of approach by 14-12 (21 days): green.
	s = steps(t, []Absence{{FirstSickDay: "2026-10-20"}}, "2026-11-23")
	if s["problem-analysis"].Status != StepDue || s["plan-of-action"].Status != StepUpcoming {
		t.Errorf("due soon: %+v / %+v", s["problem-analysis"], s["plan-of-action"])
	}
	// A step done is done, however late.
	s = steps(t, []Absence{{FirstSickDay: "2026-09-01", Steps: []StepDone{{Code: "report-to-arbo", Done: "2026-09-02"}}}}, "2026-11-23")
	if s["report-to-arbo"].Status != StepDoneOK || s["report-to-arbo"].Done == nil {
		t.Errorf("done: %+v", s["report-to-arbo"])
	}
	// Week 53: the UWV report (week 42) and the first-year evaluation (by week 52) are late
	// too; the end of wage payment is a moment, never late.
	s = steps(t, []Absence{{FirstSickDay: "2025-11-17"}}, "2026-11-23")
	if s["report-to-uwv"].Status != StepLate || s["first-year-evaluation"].Status != StepLate {
		t.Errorf("week 53: %+v / %+v", s["report-to-uwv"], s["first-year-evaluation"])
	}
	s = steps(t, []Absence{{FirstSickDay: "2024-11-01"}}, "2026-11-23")
	if s["end-of-wage-payment"].Status != StepPassed {
		t.Errorf("after week 104: %+v", s["end-of-wage-payment"])
	}
	if Worst(Steps([]Absence{{FirstSickDay: "2026-11-20"}}, day("2026-11-23"))) != StepDue {
		t.Error("a new spell's arbo report is due within the week")
	}
	// Spells less than four weeks apart count together: the deadlines run from the first.
	s = steps(t, []Absence{{FirstSickDay: "2026-09-01", Recovered: "2026-10-01"}, {FirstSickDay: "2026-10-20"}}, "2026-11-23")
	if s["problem-analysis"].Status != StepLate {
		t.Errorf("added-up spells: %+v", s["problem-analysis"])
	}
	if Steps([]Absence{{FirstSickDay: "2026-09-01", Recovered: "2026-10-01"}}, day("2026-11-23")) != nil {
		t.Error("steps without an open spell")
	}
}

func TestRule_MarkingAPoortwachterStepDoneIsCheckedKeptAndAudited(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.MarkStepDone(f.inA, "problem-analysis", "20-11-2026"); !errors.Is(err, ErrNoAbsence) {
		t.Fatalf("without an open spell: %v", err)
	}
	ok(t, f.svc.Share(f.inA, sickShare()))
	ok(t, f.svc.ReportSick(f.inA, sickOn("01-09-2026")))
	for _, c := range []struct {
		code, day, field string
		want             validate.Code
	}{
		{"diagnosis", "20-11-2026", FieldStep, validate.InvalidChoice},
		{"end-of-wage-payment", "20-11-2026", FieldStep, validate.InvalidChoice},
		{"problem-analysis", "24-11-2026", FieldStepDone, validate.DateFuture},
		{"problem-analysis", "31-08-2026", FieldStepDone, validate.EndBeforeStart},
		{"problem-analysis", "", FieldStepDone, validate.Required},
	} {
		if got := fieldCode(t, f.svc.MarkStepDone(f.inA, c.code, c.day), c.field); got != c.want {
			t.Errorf("%s on %q: %v, want %v", c.code, c.day, got, c.want)
		}
	}
	ok(t, f.svc.MarkStepDone(f.inA, "problem-analysis", "10-10-2026"))
	ok(t, f.svc.MarkStepDone(f.inA, "problem-analysis", "12-10-2026")) // corrected
	d, err := f.svc.Dossier(f.inA)
	ok(t, err)
	a := d.OpenAbsence()
	if len(a.Steps) != 1 || a.Steps[0].Done != "2026-10-12" || a.Steps[0].By != f.s.UserID() || !a.Steps[0].At.Equal(today) {
		t.Fatalf("steps %+v", a.Steps)
	}
	st := steps(t, d.Absences, "2026-11-23")
	if st["problem-analysis"].Status != StepDoneOK || st["report-to-arbo"].Status != StepLate {
		t.Fatalf("statuses %+v", st)
	}
	events, err := audit.New(f.s, clock).List()
	ok(t, err)
	n := 0
	for _, e := range events {
		if e.Action == audit.ActionStepDone && e.Detail == "problem-analysis" && len(e.Subjects) == 1 && e.Subjects[0] == f.inA {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d audit events for marking the step", n)
	}
	// Bookkeeping only: nothing more is queued for the arbo service.
	msgs, err := Pending(f.s)
	ok(t, err)
	if len(msgs) != 2 {
		t.Fatalf("outbox %d messages", len(msgs))
	}
}

func TestRule_ActueelListsLateAbsencesFirst(t *testing.T) {
	f := newFixture(t)
	// A: sick since 10-11, its arbo report (by 16-11) not done: late. B: sick since 01-09, the
	// longer absence, with every step so far done: after A.
	ok(t, f.svc.Share(f.inA, sickShare()))
	ok(t, f.svc.ReportSick(f.inA, sickOn("10-11-2026"))) // arbo report deadline 16-11: late
	ok(t, f.svc.Share(f.inB, sickShare()))
	ok(t, f.svc.ReportSick(f.inB, sickOn("01-09-2026")))
	for _, code := range []string{"report-to-arbo", "problem-analysis", "plan-of-action"} {
		ok(t, f.svc.MarkStepDone(f.inB, code, "20-11-2026"))
	}
	list, err := OpenAbsenceSteps(f.s, today)
	ok(t, err)
	if len(list) != 2 || list[0].Employee != f.inA || list[0].Worst != StepLate || list[1].Employee != f.inB ||
		list[1].Worst != StepUpcoming || list[1].Next == nil || list[1].Next.Code != "report-to-uwv" || list[1].Week != 12 {
		t.Fatalf("order %+v", list)
	}
	if list[0].Next == nil || list[0].Next.Code != "report-to-arbo" || list[0].Next.Deadline != "2026-11-16" {
		t.Fatalf("A's next step %+v", list[0].Next)
	}
}
