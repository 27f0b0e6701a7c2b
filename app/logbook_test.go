package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/workspace"
)

func TestRule_APrivacyOfficerApprovedInTheWindowSeesOnlyTheLogboek(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dept, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.dirf.CreateEmployee(emp, form("7", dept.ID, "Kanariepiet")); err != nil {
		t.Fatal(err)
	}
	h.approveNoor(t, "privacy")
	lb := &Logbook{s: h.s}
	h.s.Lock()
	st, err := h.s.Unlock("noor@korenaar.example", newcomerPass)
	if err != nil {
		t.Fatal(err)
	}
	if st.User == nil || st.User.Role != "privacy" {
		t.Fatalf("status %+v", st.User)
	}
	page, err := lb.Page(LogQuery{Persnr: "7"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 1 || page.Rows[0].Action != string(audit.ActionCreate) || page.Rows[0].Subjects[0].Label != "Anoniem (Persnr 7)" ||
		page.Rows[0].Subjects[0].Department != "Magazijn" {
		t.Fatalf("rows %+v", page.Rows)
	}
	// Nothing else: the tree shows no employee, the user list is refused.
	if _, err := h.admin.Users(); err == nil {
		t.Fatal("the privacy officer listed the users")
	}
	if _, err := lb.Page(LogQuery{From: "2026-13-01"}); appErr(t, err).Code != workspace.CodeInvalidInput {
		t.Fatalf("a bad day gave %v", err)
	}
	h.platform.savePath = filepath.Join(t.TempDir(), "logboek")
	path, err := lb.ExportCSV(LogQuery{}, "nl")
	if err != nil || !strings.HasSuffix(path, ".csv") {
		t.Fatalf("export %q %v", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil || strings.Contains(string(b), "Kanariepiet") || !strings.Contains(string(b), "Anoniem (Persnr 7)") {
		t.Fatalf("extract %q %v", b, err)
	}
	check, err := lb.Verify()
	if err != nil || len(check.Problems) != 0 || check.Entries == 0 {
		t.Fatalf("check %+v %v", check, err)
	}
	status, err := lb.Status()
	if err != nil || status.Head == 0 {
		t.Fatalf("status %+v %v", status, err)
	}
}
