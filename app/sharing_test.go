package app

import (
	"testing"

	"kluis/internal/workspace"
)

func TestRule_TheShareFacadeSharesReportsSickAndRefusesUnlawfulFields(t *testing.T) {
	h := unlockedHarness(t)
	sh := &Sharing{s: h.s}
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.dirf.CreateEmployee(emp, form("1", dep.ID, "Vries"))
	if err != nil {
		t.Fatal(err)
	}
	report := map[string]any{"phone": "06-12345678", "expectedDuration": "up-to-1-week", "firstSickDay": "20-11-2026"}
	if _, err := sh.ReportSick(e.ID, report); appErr(t, err).Code != workspace.CodeNotShared {
		t.Fatalf("a sick report without a share: %v", err)
	}
	if _, err := sh.Share(e.ID, ShareForm{CareQuestion: "sick-report"}); appErr(t, err).Fields["explanation"] != "required" {
		t.Fatalf("a share without explanation: %v", err)
	}
	d, err := sh.Share(e.ID, ShareForm{CareQuestion: "sick-report", Explanation: "Ziek gemeld."})
	if err != nil || !d.Shared || !d.CanRevoke || len(d.History) != 1 || d.History[0].By != "Petra Beheer" {
		t.Fatalf("after sharing: %+v %v", d, err)
	}
	withDiagnosis := map[string]any{"phone": "06-12345678", "expectedDuration": "up-to-1-week", "firstSickDay": "20-11-2026", "diagnosis": "griep"}
	if _, err := sh.ReportSick(e.ID, withDiagnosis); appErr(t, err).Code != workspace.CodeUnknownField {
		t.Fatalf("a diagnosis field: %v", err)
	}
	d, err = sh.ReportSick(e.ID, report)
	if err != nil || d.Absence == nil || d.Absence.Week != 1 || d.Absence.NextMilestone != "report-to-arbo" || d.History[0].Kind != "sick" {
		t.Fatalf("after the sick report: %+v %v", d, err)
	}
	detail, err := h.dirf.Employee(e.ID)
	if err != nil || !detail.Shared || detail.Label == "" {
		t.Fatalf("the employee after sharing: %+v %v", detail, err)
	}
	att, err := sh.Attention()
	if err != nil || len(att.OpenAbsences) != 1 || att.OpenAbsences[0].Label != detail.Label || att.OpenAbsences[0].Week != 1 ||
		att.PendingSync != 2 || att.AccessRequests != 0 || att.RetentionDue != 0 {
		t.Fatalf("attention %+v %v", att, err)
	}
}
