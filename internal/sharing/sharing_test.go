package sharing

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

var today = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return today }

type fixture struct {
	dir          string
	v            *vault.Vault
	s            *vault.Session
	d            *people.Directory
	svc          *Service
	inA, inB     vault.ID // employees of departments A (Magazijn) and B (Kantoor)
	deptA, deptB people.Department
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func employee(persnr, dept, surname string) people.EmployeeInput {
	return people.EmployeeInput{Persnr: persnr, Department: dept, Initials: "J.", FirstName: "Jan", Surname: surname,
		BSN: "111222333", BirthDate: "12-03-1985", Postcode: "1234ab", Start: "01-05-2020", Hours: "32"}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	v, s, _, err := vault.Create(dir, vault.NewUser{Email: vaulttest.AdminEmail, Passphrase: []byte(vaulttest.AdminPassphrase)}, vaulttest.Options())
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	f := &fixture{dir: dir, v: v, s: s}
	f.d = people.NewDirectory(s, clock)
	emp, err := f.d.AddEmployer("Bakkerij De Korenaar BV", "12345678")
	ok(t, err)
	a, err := f.d.CreateEmployee(emp.ID, employee("1", "Magazijn", "Vries"))
	ok(t, err)
	inB := employee("2", "Kantoor", "Jansen")
	inB.BSN = "123456782" // one BSN per employee of an employer
	b, err := f.d.CreateEmployee(emp.ID, inB)
	ok(t, err)
	f.inA, f.inB = a.ID, b.ID
	f.deptA, _ = f.d.Department(a.Department)
	f.deptB, _ = f.d.Department(b.Department)
	f.svc = New(s, f.d, audit.New(s, clock), clock)
	return f
}

func report() SickReport {
	return SickReport{Phone: "06-12345678", ExpectedDuration: "1-to-2-weeks", FirstSickDay: "20-11-2026"}
}

func sickShare() ShareInput {
	return ShareInput{CareQuestion: CareSickReport, Explanation: "Ziek gemeld bij de leidinggevende."}
}

func fieldCode(t *testing.T, err error, field string) validate.Code {
	t.Helper()
	var fe validate.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("want field errors, got %v", err)
	}
	return fe[field]
}

func TestRule_NoAbsenceActionWithoutAShare(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.ReportSick(f.inA, report()); !errors.Is(err, ErrNotShared) {
		t.Fatalf("sick report without a share: %v", err)
	}
	if err := f.svc.ReportRecovery(f.inA, "22-11-2026"); !errors.Is(err, ErrNotShared) {
		t.Fatalf("recovery without a share: %v", err)
	}
	if err := f.svc.ChangeAbsence(f.inA, report(), 50); !errors.Is(err, ErrNotShared) {
		t.Fatalf("change without a share: %v", err)
	}
	d, err := f.svc.Dossier(f.inA)
	ok(t, err)
	if len(d.Absences) != 0 || len(d.History) != 0 {
		t.Fatalf("a refused action left traces: %+v", d)
	}
}

func TestRule_AShareNeedsAnExplanationAValidCareQuestionAndNoEndDateInThePast(t *testing.T) {
	f := newFixture(t)
	err := f.svc.Share(f.inA, ShareInput{CareQuestion: CareSickReport, Explanation: "  "})
	if fieldCode(t, err, FieldExplanation) != validate.Required {
		t.Fatalf("no explanation: %v", err)
	}
	err = f.svc.Share(f.inA, ShareInput{CareQuestion: "diagnosis", Explanation: "x"})
	if fieldCode(t, err, FieldCareQuestion) != validate.InvalidChoice {
		t.Fatalf("unknown care question: %v", err)
	}
	err = f.svc.Share(f.inA, ShareInput{CareQuestion: CareConsultation, Explanation: "Spreekuur", Until: "22-11-2026"})
	if fieldCode(t, err, FieldUntil) != validate.DatePast {
		t.Fatalf("an end date in the past: %v", err)
	}
	err = f.svc.Share(f.inA, ShareInput{CareQuestion: CareConsultation, Explanation: strings.Repeat("x", maxExplanation+1)})
	if fieldCode(t, err, FieldExplanation) != validate.TooLong {
		t.Fatalf("a long explanation: %v", err)
	}
	// Today is allowed: the share holds through its last day.
	ok(t, f.svc.Share(f.inA, ShareInput{CareQuestion: CareConsultation, Explanation: "Open spreekuur", Until: "23-11-2026"}))
}

func TestRule_ASharedEmployeeIsMarkedSharedWithHistoryAndAQueuedMessage(t *testing.T) {
	f := newFixture(t)
	ok(t, f.svc.Share(f.inA, sickShare()))
	if err := f.svc.Share(f.inA, sickShare()); !errors.Is(err, ErrAlreadyShared) {
		t.Fatalf("sharing twice: %v", err)
	}
	e, err := f.d.Employee(f.inA)
	ok(t, err)
	if !e.Shared || e.Label != "Jan Vries" && !strings.Contains(e.Label, "Vries") {
		t.Fatalf("the skeleton after sharing: shared %v label %q", e.Shared, e.Label)
	}
	d, err := f.svc.Dossier(f.inA)
	ok(t, err)
	if d.Share == nil || d.Share.CareQuestion != CareSickReport || len(d.History) != 1 || d.History[0].Kind != EventShared ||
		d.History[0].By != f.s.UserID() || d.History[0].Explanation != "Ziek gemeld bij de leidinggevende." {
		t.Fatalf("dossier %+v", d)
	}
	msgs, err := Pending(f.s)
	ok(t, err)
	if len(msgs) != 1 || msgs[0].Type != "share" || msgs[0].Employee != f.inA {
		t.Fatalf("outbox %+v", msgs)
	}
	events, err := audit.New(f.s, clock).List()
	ok(t, err)
	found := false
	for _, e := range events {
		found = found || e.Action == audit.ActionShare && len(e.Subjects) == 1 && e.Subjects[0] == f.inA && e.Detail == "sick-report"
	}
	if !found {
		t.Fatalf("no audit event for the share: %+v", events)
	}
}

func TestRule_AConsultationShareEndsAfterItsLastDay(t *testing.T) {
	f := newFixture(t)
	ok(t, f.svc.Share(f.inA, ShareInput{CareQuestion: CareConsultation, Explanation: "Spreekuur", Until: "24-11-2026"}))
	d, err := f.svc.Dossier(f.inA)
	ok(t, err)
	if d.Active(today) == nil || d.Active(today.AddDate(0, 0, 1)) == nil || d.Active(today.AddDate(0, 0, 2)) != nil {
		t.Fatal("the share does not end after its last day")
	}
}

func TestRule_NoRevocationAfterTheArboServiceReportedCaseContent(t *testing.T) {
	f := newFixture(t)
	ok(t, f.svc.Share(f.inA, sickShare()))
	if fieldCode(t, f.svc.Revoke(f.inA, " "), FieldReason) != validate.Required {
		t.Fatal("a revocation without a reason")
	}
	ok(t, f.svc.MarkCaseContent(f.inA))
	if err := f.svc.Revoke(f.inA, "Per ongeluk gedeeld"); !errors.Is(err, ErrCaseContent) {
		t.Fatalf("revoking after case content: %v", err)
	}
	// The refusal changed nothing: the flag and the dossier are written together or not at all.
	if e, err := f.d.Employee(f.inA); err != nil || !e.Shared {
		t.Fatalf("the refused revocation unshared the employee: %v", err)
	}
	// Another employee without case content can be revoked, and is anonymous again.
	ok(t, f.svc.Share(f.inB, sickShare()))
	ok(t, f.svc.Revoke(f.inB, "Per ongeluk gedeeld"))
	e, err := f.d.Employee(f.inB)
	ok(t, err)
	d, err := f.svc.Dossier(f.inB)
	ok(t, err)
	if e.Shared || d.Active(today) != nil || d.History[len(d.History)-1].Kind != EventRevoked {
		t.Fatalf("after revocation: shared %v, dossier %+v", e.Shared, d)
	}
	if err := f.svc.Revoke(f.inB, "nogmaals"); !errors.Is(err, ErrNotShared) {
		t.Fatalf("revoking twice: %v", err)
	}
}

func TestRule_TheSickReportRefusesFieldsTheEmployerMayNotRecord(t *testing.T) {
	for _, raw := range []string{
		`{"phone":"06-12345678","expectedDuration":"unknown","firstSickDay":"20-11-2026","diagnosis":"griep"}`,
		`{"phone":"06-12345678","expectedDuration":"unknown","firstSickDay":"20-11-2026","notes":"koorts"}`,
		`{"phone":"06-12345678","cause":"val van trap"}`,
	} {
		if _, err := DecodeSickReport([]byte(raw)); !errors.Is(err, ErrUnknownField) {
			t.Fatalf("%s: %v", raw, err)
		}
		if _, err := DecodeSickReport([]byte(raw)); err != nil && strings.Contains(err.Error(), "griep") {
			t.Fatal("the error repeats what was typed")
		}
	}
	r, err := DecodeSickReport([]byte(`{"phone":"06-12345678","expectedDuration":"unknown","firstSickDay":"20-11-2026","safetyNet":true}`))
	if err != nil || !r.SafetyNet {
		t.Fatalf("a lawful report: %+v %v", r, err)
	}
}

func TestRule_ASickReportIsCheckedAndOneSpellRunsAtATime(t *testing.T) {
	f := newFixture(t)
	ok(t, f.svc.Share(f.inA, sickShare()))
	bad := report()
	bad.Phone, bad.ExpectedDuration, bad.FirstSickDay = "", "forever", "01-12-2026"
	err := f.svc.ReportSick(f.inA, bad)
	var fe validate.FieldErrors
	if !errors.As(err, &fe) || fe[FieldPhone] != validate.Required || fe[FieldExpectedDuration] != validate.InvalidChoice ||
		fe[FieldFirstSickDay] != validate.SickDayTooFarAhead {
		t.Fatalf("bad report: %v", err)
	}
	ok(t, f.svc.ReportSick(f.inA, report()))
	if err := f.svc.ReportSick(f.inA, report()); !errors.Is(err, ErrAbsenceOpen) {
		t.Fatalf("a second sick report: %v", err)
	}
	ok(t, f.svc.ChangeAbsence(f.inA, report(), 50))
	if err := f.svc.ReportRecovery(f.inA, "19-11-2026"); fieldCode(t, err, FieldRecovered) != validate.EndBeforeStart {
		t.Fatalf("recovery before the first sick day: %v", err)
	}
	ok(t, f.svc.ReportRecovery(f.inA, "23-11-2026"))
	d, err := f.svc.Dossier(f.inA)
	ok(t, err)
	if len(d.Absences) != 1 || d.Absences[0].Recovered != "2026-11-23" || d.Absences[0].Percentage != 50 ||
		d.Absences[0].FirstSickDay != "2026-11-20" || d.OpenAbsence() != nil {
		t.Fatalf("absences %+v", d.Absences)
	}
	msgs, err := Pending(f.s)
	ok(t, err)
	var types []string
	for _, m := range msgs {
		types = append(types, m.Type)
	}
	if strings.Join(types, ",") != "share,sick,absence-change,recovery" {
		t.Fatalf("outbox %v", types)
	}
}

func TestRule_AManagerSharesOnlyInTheirOwnDepartments(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.AddUser(vault.NewUser{Email: "m@example.test", Passphrase: []byte("m")}, vault.RoleManager, f.deptA.ID)
	ok(t, err)
	f.s.Lock()
	m, err := f.v.Unlock("m@example.test", []byte("m"))
	ok(t, err)
	defer m.Lock()
	d := people.NewDirectory(m, clock)
	svc := New(m, d, audit.New(m, clock), clock)
	ok(t, svc.Share(f.inA, sickShare()))
	// The employee of another department is not even listed for the manager.
	if err := svc.Share(f.inB, sickShare()); !errors.Is(err, people.ErrEmployeeNotFound) {
		t.Fatalf("a manager shared in another department: %v", err)
	}
	if _, err := svc.Dossier(f.inB); !errors.Is(err, people.ErrEmployeeNotFound) {
		t.Fatalf("a manager read another department's dossier: %v", err)
	}
	// Crypto, not if: the dossier of department A, used directly against the vault by a
	// session of department B only, does not open.
	msgs, err := Pending(m)
	ok(t, err)
	if len(msgs) != 1 {
		t.Fatalf("the manager's outbox %+v", msgs)
	}
}

func TestRule_DossiersAndOutboxHoldNothingInClearOnDisk(t *testing.T) {
	f := newFixture(t)
	const canary = "Kanariezang-toelichting"
	ok(t, f.svc.Share(f.inA, ShareInput{CareQuestion: CareSickReport, Explanation: canary}))
	r := report()
	r.Phone = "06-99887766"
	r.CareAddress = Address{Street: "Kanariestraat", Number: "7", Postcode: "1234 AB", City: "Zangdorp"}
	ok(t, f.svc.ReportSick(f.inA, r))
	f.s.Lock()
	ok(t, f.v.Close())
	err := filepath.WalkDir(f.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range []string{canary, "Kanariestraat", "Zangdorp", "99887766"} {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s holds %q in clear", path, c)
			}
		}
		return nil
	})
	ok(t, err)
}

func TestRule_ActueelListsOpenAbsencesWithTheirWeekAndNextMilestone(t *testing.T) {
	f := newFixture(t)
	ok(t, f.svc.Share(f.inA, sickShare()))
	r := report()
	r.FirstSickDay = "01-10-2026" // week 8 on 23-11-2026
	ok(t, f.svc.ReportSick(f.inA, r))
	ok(t, f.svc.Share(f.inB, sickShare()))
	ok(t, f.svc.ReportSick(f.inB, report()))
	ok(t, f.svc.ReportRecovery(f.inB, "23-11-2026"))
	list, err := OpenAbsenceSteps(f.s, today)
	ok(t, err)
	if len(list) != 1 || list[0].Employee != f.inA || list[0].Week != 8 || NextMilestone(list[0].Week) == nil ||
		NextMilestone(list[0].Week).Code != "plan-of-action" {
		t.Fatalf("open absences %+v", list)
	}
}

func TestRule_TheDossierMovesWithTheEmployeeToTheNewDepartmentsKeys(t *testing.T) {
	f := newFixture(t)
	f.d.MoveWithEmployee(KindDossier)
	ok(t, f.svc.Share(f.inA, sickShare()))
	ok(t, f.d.MoveEmployee(f.inA, f.deptB.ID))
	// A manager of the new department reads the dossier; one of the old department no longer.
	for _, c := range []struct {
		dept  vault.ID
		reads bool
	}{{f.deptB.ID, true}, {f.deptA.ID, false}} {
		email := "m" + c.dept.String() + "@example.test"
		_, err := f.s.AddUser(vault.NewUser{Email: email, Passphrase: []byte("m")}, vault.RoleManager, c.dept)
		ok(t, err)
		f.s.Lock()
		m, err := f.v.Unlock(email, []byte("m"))
		ok(t, err)
		svc := New(m, people.NewDirectory(m, clock), nil, clock)
		d, err := svc.Dossier(f.inA)
		// The old department's manager does not even see the employee any more.
		if c.reads && (err != nil || d.Share == nil) || !c.reads && !errors.Is(err, people.ErrEmployeeNotFound) {
			t.Errorf("manager of %s: %+v %v", c.dept, d, err)
		}
		m.Lock()
		f.s, err = f.v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
		ok(t, err)
	}
}
