package workspace_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

const (
	logCanary      = "Zwartkruisvelde"
	officerEmail   = "fg@example.test"
	officerPass    = "functionaris gegevensbescherming 7"
	officerProfile = "Fenna Gerritsen"
)

// logbookVault has an employee whose identity an admin read, and a privacy officer approved
// from a request; the admin's workspace is still open.
func logbookVault(t *testing.T) (*opened, people.EmployeeView) {
	t.Helper()
	o := open(t)
	v, err := o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "00042", Department: "Utrecht/Magazijn",
		Surname: logCanary, Start: "01-05-2020"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.ws.Employee(v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := access.RequestAccess(o.v, access.AccessRequest{Name: officerProfile, Email: officerEmail,
		Passphrase: officerPass, Role: vault.RoleUser}); err != nil {
		t.Fatal(err)
	}
	reqs, err := o.ws.Session().Requests()
	if err != nil || len(reqs) != 1 {
		t.Fatalf("requests %v %v", reqs, err)
	}
	if err := o.ws.Approve(reqs[0], vault.RolePrivacy, nil); err != nil {
		t.Fatal(err)
	}
	return o, v
}

func (o *opened) asOfficer(t *testing.T) *workspace.Workspace {
	t.Helper()
	o.ws.Close()
	sess, err := o.v.Unlock(officerEmail, []byte(officerPass))
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	return ws
}

func findRow(rows []workspace.LogRow, a audit.Action) *workspace.LogRow {
	for i := range rows {
		if rows[i].Action == a {
			return &rows[i]
		}
	}
	return nil
}

func TestRule_TheLogbookNamesEmployeesByPersnrAndDepartmentNewestFirst(t *testing.T) {
	o, _ := logbookVault(t)
	page, err := o.ws.LogPage(workspace.LogQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) < 3 || page.Rows[0].Action != audit.ActionAccessApprove {
		t.Fatalf("rows %+v", page.Rows)
	}
	for i := 1; i < len(page.Rows); i++ {
		if page.Rows[i].Seq >= page.Rows[i-1].Seq {
			t.Fatal("not newest first")
		}
	}
	read := findRow(page.Rows, audit.ActionRead)
	if read == nil || len(read.Subjects) != 1 {
		t.Fatalf("no identity read row: %+v", page.Rows)
	}
	s := read.Subjects[0]
	if s.Kind != "employee" || s.Persnr != "00042" || s.Department != "Utrecht/Magazijn" || s.Label != "Anoniem (Persnr 00042)" || s.Named {
		t.Fatalf("subject %+v (an unshared employee is anonymous, as in the tree)", s)
	}
	if read.User != o.ws.Session().UserID().String() {
		t.Fatalf("acting user %s", read.User)
	}
	approve := findRow(page.Rows, audit.ActionAccessApprove)
	if approve.Subjects[0].Kind != "user" || approve.Subjects[0].Label != officerProfile {
		t.Fatalf("approve subject %+v", approve.Subjects)
	}
}

func TestAttack_APrivacyOfficerSeesPersnrAndDepartmentButNeverANameOrIdentity(t *testing.T) {
	o, emp := logbookVault(t)
	ws := o.asOfficer(t)
	if ws.Session().Role() != vault.RolePrivacy {
		t.Fatalf("role %s", ws.Session().Role())
	}
	// No identity record and no skeleton opens for them.
	if v, err := ws.Employee(emp.ID); err == nil || v.Identity != nil {
		t.Fatalf("the privacy officer opened the employee: %+v %v", v.Identity, err)
	}
	if ds, _ := ws.Session().Departments(); len(ds) != 0 {
		t.Fatalf("departments %v", ds)
	}
	page, err := ws.LogPage(workspace.LogQuery{Persnr: "00042"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 2 { // create and read
		t.Fatalf("rows about 00042: %+v", page.Rows)
	}
	for _, r := range page.Rows {
		s := r.Subjects[0]
		if s.Persnr != "00042" || s.Department != "Utrecht/Magazijn" || s.Named || s.Label != "Anoniem (Persnr 00042)" {
			t.Fatalf("subject as the officer sees it: %+v", s)
		}
	}
	// Filters on action and user.
	reads, err := ws.LogPage(workspace.LogQuery{Actions: []audit.Action{audit.ActionRead}})
	if err != nil || len(reads.Rows) != 1 {
		t.Fatalf("read rows %+v %v", reads.Rows, err)
	}
	me, err := ws.LogUserByEmail(officerEmail)
	if err != nil || me != ws.Session().UserID() {
		t.Fatalf("user by e-mail %v %v", me, err)
	}
	byMe, err := ws.LogPage(workspace.LogQuery{User: me})
	if err != nil || len(byMe.Rows) != 0 {
		t.Fatalf("the officer's own rows before doing anything: %+v %v", byMe.Rows, err)
	}
	none, err := ws.LogPage(workspace.LogQuery{From: time.Now().Add(24 * time.Hour)})
	if err != nil || len(none.Rows) != 0 {
		t.Fatalf("rows tomorrow %+v %v", none.Rows, err)
	}
	// The extract: CSV with BOM and ';', no identity value; the export is itself audited.
	var buf bytes.Buffer
	n, err := ws.ExportLogCSV(workspace.LogQuery{}, "nl", &buf)
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffTijdstip;Gebruiker;") || !strings.Contains(out, "\r\n") || n < 3 {
		t.Fatalf("csv %q", out)
	}
	if strings.Contains(out, logCanary) {
		t.Fatal("the officer's extract holds the employee's name")
	}
	if !strings.Contains(out, "00042") || !strings.Contains(out, "Utrecht/Magazijn") {
		t.Fatalf("the extract lacks the persnr or department: %q", out)
	}
	after, err := ws.LogPage(workspace.LogQuery{Limit: 1})
	if err != nil || after.Rows[0].Action != audit.ActionLogExport || after.Rows[0].Detail != "csv" || after.Rows[0].Count != n {
		t.Fatalf("the export was not audited: %+v %v", after.Rows, err)
	}
	byMe, err = ws.LogPage(workspace.LogQuery{User: me})
	if err != nil || len(byMe.Rows) != 1 || byMe.Rows[0].UserName != officerProfile {
		t.Fatalf("the officer's own rows: %+v %v", byMe.Rows, err)
	}
	// Nothing else: no sync in their name.
	if _, err := ws.SyncNow(t.Context(), nil); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a privacy officer synchronised: %v", err)
	}
	st, err := ws.LogStatus()
	if err != nil || st.Head == 0 {
		t.Fatalf("status %+v %v", st, err)
	}
	rep, err := ws.VerifyLog(t.Context(), nil)
	if err != nil || len(rep.Problems) != 0 {
		t.Fatalf("verify %+v %v", rep, err)
	}
}

func TestAttack_AManagerCannotReadTheLogbook(t *testing.T) {
	o := open(t)
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "m@example.test", Passphrase: []byte("manager passphrase 1")}, vault.RoleManager); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("m@example.test", []byte("manager passphrase 1"))
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.Open(sess, workspace.Config{})
	defer ws.Close()
	if _, err := ws.LogPage(workspace.LogQuery{}); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a manager read the Logboek: %v", err)
	}
	var buf bytes.Buffer
	if _, err := ws.ExportLogCSV(workspace.LogQuery{}, "nl", &buf); !errors.Is(err, vault.ErrDenied) || buf.Len() != 0 {
		t.Fatalf("a manager exported the Logboek: %v", err)
	}
	if _, err := ws.LogStatus(); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a manager read the status: %v", err)
	}
}

func TestRule_LogCSVQuotesAndDefusesFormulas(t *testing.T) {
	var buf bytes.Buffer
	rows := []workspace.LogRow{{Seq: 7, At: time.Date(2026, 12, 2, 9, 5, 0, 0, time.UTC), UserName: `=HYPERLINK("x")`,
		Action: "erasure.future", Detail: "a;b", Subjects: []workspace.LogSubject{{Label: "Anoniem (Persnr 1)", Persnr: "1"}}}}
	if err := workspace.WriteLogCSV(&buf, rows, "en", time.UTC); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffTime;User;Action code;Action;Subject;Persnr;Department;Count;Detail;Entry;PC\r\n" +
		`02-12-2026 09:05:00;"'=HYPERLINK(""x"")";erasure.future;erasure.future;Anoniem (Persnr 1);1;;0;"a;b";7;` + "\r\n"
	if buf.String() != want {
		t.Fatalf("csv\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestRule_TheLogbookPDFNamesTheSelectionAndIsAudited(t *testing.T) {
	o, _ := logbookVault(t)
	var buf bytes.Buffer
	n, err := o.ws.ExportLogPDF(workspace.LogQuery{Persnr: "00042"}, "nl", time.UTC, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("rows %d, pdf %q", n, buf.Bytes()[:min(8, buf.Len())])
	}
	text := logPDFText(t, buf.Bytes())
	if strings.Contains(text, logCanary) || !strings.Contains(text, "Anoniem (Persnr 00042)") || !strings.Contains(text, "Utrecht/Magazijn") {
		t.Fatalf("the PDF's text:\n%s", text)
	}
	page, err := o.ws.LogPage(workspace.LogQuery{Limit: 1})
	if err != nil || page.Rows[0].Action != audit.ActionLogExport || page.Rows[0].Detail != "pdf" || page.Rows[0].Count != 2 {
		t.Fatalf("the PDF export was not audited: %+v %v", page.Rows, err)
	}
}

func TestRule_LogStatusLineSaysIntactWithTheCountOrNamesTheDamage(t *testing.T) {
	at := time.Date(2026, 12, 2, 10, 15, 0, 0, time.UTC)
	st := vault.AuditStatus{Head: 48213}
	if got := workspace.LogStatusLine(st, &vault.AuditReport{Entries: 48213}, at, "nl", time.UTC); got != "Logboek intact, 48.213 regels, gecontroleerd 02-12-2026 10:15" {
		t.Fatal(got)
	}
	if got := workspace.LogStatusLine(st, &vault.AuditReport{Entries: 5, Problems: []string{"entry 3 is damaged"}}, at, "en", time.UTC); got != "Audit log damaged: entry 3 is damaged" {
		t.Fatal(got)
	}
	if got := workspace.Thousands(1234567, "en"); got != "1,234,567" {
		t.Fatal(got)
	}
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils); it fails without it.
func logPDFText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "log.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils): %v", err)
	}
	return string(out)
}
