package app

import (
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/workspace"
)

// unlockedHarness is a harness with a new vault, unlocked as its admin.
func unlockedHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.ConfirmEmergencyKit(); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) employer(t *testing.T) string {
	t.Helper()
	list, err := h.dirf.Employers()
	if err != nil || len(list) != 1 {
		t.Fatalf("employers %v %v", list, err)
	}
	return list[0].ID
}

func (h *harness) auditEvents(t *testing.T) []audit.Event {
	t.Helper()
	ws, err := h.s.workspace()
	if err != nil {
		t.Fatal(err)
	}
	events, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func form(persnr, dept, surname string) EmployeeForm {
	return EmployeeForm{Persnr: persnr, Department: dept, Start: "01-05-2020", Hours: "32,5",
		Identity: IdentityFields{FirstName: "Jan", Prefix: "de", Surname: surname, BSN: "111222333",
			BirthDate: "12-03-1985", Postcode: "1234ab", City: "Utrecht"}}
}

func TestRule_TheDetailPaneShowsIdentityOnlyWithAnAuditEvent(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	created, err := h.dirf.CreateEmployee(emp, form("42", dep.ID, "Vries"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.dirf.Employee(created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.IdentityRead || got.Identity == nil || got.Identity.Surname != "Vries" || got.Identity.Postcode != "1234 AB" ||
		got.Label != "" || got.Employments[0].DepartmentPath != "Magazijn" || got.Employments[0].Start != "2020-05-01" {
		t.Fatalf("detail %+v", got)
	}
	var reads int
	for _, e := range h.auditEvents(t) {
		if e.Action == audit.ActionRead && len(e.Subjects) == 1 && e.Subjects[0].String() == created.ID {
			reads++
		}
	}
	if reads != 1 {
		t.Fatalf("%d audited reads of the employee, want 1", reads)
	}
}

func TestRule_TheFormGetsFieldErrorsUnderTheCanonicalColumnNames(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	bad := form("42", dep.ID, "")
	bad.Identity.BSN = "123456789"
	bad.Identity.Postcode = "12345"
	_, err = h.dirf.CreateEmployee(emp, bad)
	ae := appErr(t, err)
	if ae.Code != workspace.CodeInvalidInput || ae.Fields["achternaam"] != "required" || ae.Fields["bsn"] == "" || ae.Fields["postcode"] == "" {
		t.Fatalf("error %+v", ae)
	}
	if strings.Contains(ae.Message, "123456789") {
		t.Fatalf("the message quotes the BSN: %q", ae.Message)
	}
}

func TestRule_TreeRowsComeFromTheVaultAnonymisedUntilShared(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.dirf.CreateEmployee(emp, form("42", dep.ID, "Vries")); err != nil {
		t.Fatal(err)
	}
	page, err := h.dirf.TreeRows(TreeQuery{Expanded: []string{emp, dep.ID, "not-an-id"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || page.Rows[2].Label != "" || !page.Rows[2].Anonymised || page.Rows[2].Persnr != "42" ||
		page.Rows[1].Count != 1 || page.Rows[0].Label != "Bakkerij De Korenaar BV" {
		t.Fatalf("page %+v", page)
	}
}

func TestRule_SearchAuditsTheNamesItShows(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	created, err := h.dirf.CreateEmployee(emp, form("42", dep.ID, "Vries"))
	if err != nil {
		t.Fatal(err)
	}
	answer, err := h.dirf.Search("vrie")
	hits := answer.Hits
	if err != nil || len(hits) != 1 || hits[0].Name != "Jan de Vries" || hits[0].MatchedBy != "name" {
		t.Fatalf("hits %+v %v", hits, err)
	}
	var found bool
	for _, e := range h.auditEvents(t) {
		found = found || e.Action == audit.ActionSearch && e.Subjects[0].String() == created.ID && e.Detail == "name"
	}
	if !found {
		t.Fatal("the search was not audited")
	}
}

func TestRule_ALockedVaultAnswersEveryDirectoryCallWithLocked(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	h.s.Lock()
	if _, err := h.dirf.TreeRows(TreeQuery{Limit: 5}); appErr(t, err).Code != workspace.CodeLocked {
		t.Fatal("tree rows while locked")
	}
	if _, err := h.dirf.Search("42"); appErr(t, err).Code != workspace.CodeLocked {
		t.Fatal("search while locked")
	}
	if _, err := h.imp.Check(ImportRequest{Path: "x.csv", Employer: emp}); appErr(t, err).Code != workspace.CodeLocked {
		t.Fatal("import while locked")
	}
}

func TestRule_ADepartmentWithActiveEmployeesCannotVanish(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.dirf.CreateEmployee(emp, form("42", dep.ID, "Vries")); err != nil {
		t.Fatal(err)
	}
	if err := h.dirf.ArchiveDepartment(dep.ID); appErr(t, err).Code != workspace.CodeDepartmentNotEmpty {
		t.Fatalf("archive: %v", err)
	}
}

func TestRule_ASecondEmployerIsASecondRootOfTheTree(t *testing.T) {
	h := unlockedHarness(t)
	if _, err := h.dirf.AddEmployer("Aannemer Bouwkracht BV", "87654321"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.dirf.AddEmployer("Dubbel BV", "87654321"); appErr(t, err).Fields["kvk"] != "duplicate" {
		t.Fatalf("duplicate KvK: %v", err)
	}
	page, err := h.dirf.TreeRows(TreeQuery{Limit: 10})
	if err != nil || page.Total != 2 || page.Rows[0].Label != "Aannemer Bouwkracht BV" || page.Rows[1].Kind != "employer" {
		t.Fatalf("roots %+v %v", page, err)
	}
}
