package workspace_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// pdfText extracts a PDF's text with pdftotext (poppler-utils, installed by make deps-apt). It
// fails rather than skips without it, so these rules cannot pass unchecked.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make deps-apt)")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// keepPDF writes a PDF to $KLUIS_REPORTS_DIR when set, to look at it (pdftoppm -png -r 60).
func keepPDF(t *testing.T, name string, pdf []byte) {
	if dir := os.Getenv("KLUIS_REPORTS_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// person is an employee whose every identity value is unique to them (tag), with the values
// the access export must show (dates as the PDF prints them) and the sick report's canaries.
type person struct {
	in     people.EmployeeInput
	values []string // every value held, as stored
	shown  []string // the same as the PDF prints them (dates dd-mm-jjjj)
	sick   sharing.SickReport
}

func canaryPerson(tag, persnr, bsn, birth, postcode string) person {
	in := people.EmployeeInput{Persnr: persnr, Department: "Bakkerij/Oven" + tag,
		Initials: "Q" + tag + ".", FirstName: "Roep" + tag, FirstNames: "Voornamen" + tag, Prefix: "van",
		Surname: "Achter" + tag, PartnerPrefix: "ter", PartnerSurname: "Partner" + tag, NameUsage: "own", Gender: "X",
		BSN: bsn, BirthDate: birth, Street: "Straat" + tag, Number: "7" + tag[len(tag)-1:], Addition: "bis" + tag,
		Postcode: postcode, City: "Stad" + tag, PhoneMobile: "06 1111 " + tag[len(tag)-4:], PhoneWork: "030 2222 " + tag[len(tag)-4:],
		PhonePrivate: "020 3333 " + tag[len(tag)-4:], EmailWork: "werk" + tag + "@korenaar.example", EmailPrivate: "prive" + tag + "@thuis.example",
		Start: "2019-04-01", Hours: "31.5", CostCentre: "KP" + tag, JobTitle: "Functie" + tag,
		Contract: "oproep", Sector: "05", RiskGroup: "052", UWVRef: "UWV" + tag}
	p := person{in: in, sick: sharing.SickReport{Phone: "06 4444 " + tag[len(tag)-4:], ExpectedDuration: "unknown", FirstSickDay: "2020-02-03",
		OngoingAppointments: "Afspraak" + tag, CareAddress: sharing.Address{Street: "Zorgstraat" + tag, Number: "9", Postcode: postcode, City: "Zorgstad" + tag}}}
	p.values = []string{in.Persnr, in.Initials, in.FirstName, in.FirstNames, in.Surname, in.PartnerSurname, in.BSN,
		in.Street, in.Number, in.Addition, in.City, in.PhoneMobile, in.PhoneWork, in.PhonePrivate, in.EmailWork, in.EmailPrivate,
		in.CostCentre, in.JobTitle, in.UWVRef, "Oven" + tag, p.sick.Phone, p.sick.OngoingAppointments, p.sick.CareAddress.Street, p.sick.CareAddress.City,
		"Uitleg" + tag}
	p.shown = append(append([]string{}, p.values...), displayDate(birth), birth[:4])
	p.values = append(p.values, birth)
	return p
}

// holds reports whether text contains v as a whole value: not inside a longer run of letters
// and digits, so B's house number "72" is not found in a time such as 02:17:00.7253.
func holds(text, v string) bool {
	return regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(v) + `($|[^\pL\pN])`).MatchString(text)
}

func displayDate(iso string) string {
	t, _ := time.Parse("2006-01-02", iso)
	return t.Format("02-01-2006")
}

func TestRule_TheAccessExportHoldsEveryValueOfTheEmployeeAndNothingOfAnyoneElse(t *testing.T) {
	o, svc := enrolled(t, 0, nil)
	a := canaryPerson("Kanarie0001", "A-0001", "111222333", "1981-07-19", "1234 AB")
	b := canaryPerson("Vreemd0002", "B-0002", "123456782", "1979-11-23", "5678 CD")
	ids := map[string]vault.ID{}
	for _, p := range []person{a, b} {
		v, err := o.ws.CreateEmployee(o.employer.ID, p.in)
		if err != nil {
			t.Fatal(err)
		}
		ids[p.in.Persnr] = v.ID
		tag := strings.TrimPrefix(p.in.Surname, "Achter")
		if err := o.ws.Share(v.ID, sharing.ShareInput{CareQuestion: sharing.CareSickReport, Explanation: "Uitleg" + tag}); err != nil {
			t.Fatal(err)
		}
		if err := o.ws.ReportSick(v.ID, p.sick); err != nil {
			t.Fatal(err)
		}
	}
	// The arbo service retrieves A once (open consultation hour).
	syncOnce(t, o.ws)
	var c arbo.StaffRetrievalCreated
	if code := svc.staff(t, http.MethodPost, arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: svc.holdings(t).ID,
		BSN: a.in.BSN, Geboortedatum: a.in.BirthDate, Postcode: a.in.Postcode}, &c); code != 201 && code != 200 {
		t.Fatalf("staff retrieval: %d", code)
	}
	syncOnce(t, o.ws)

	files, err := o.ws.ExportAccess(ids[a.in.Persnr], report.Dutch, true, true)
	if err != nil {
		t.Fatal(err)
	}
	keepPDF(t, "art15-nl.pdf", files.PDF)
	text := pdfText(t, files.PDF)
	js := string(files.JSON)
	for _, v := range a.values {
		if !strings.Contains(js, v) {
			t.Errorf("the JSON lacks %q", v)
		}
	}
	for _, v := range a.shown {
		if !strings.Contains(text, v) {
			t.Errorf("the PDF lacks %q", v)
		}
	}
	for _, v := range b.values {
		if holds(js, v) || holds(text, v) {
			t.Errorf("the export of A shows B's %q", v)
		}
	}
	for _, v := range b.shown {
		if holds(text, v) {
			t.Errorf("the PDF of A shows B's %q", v)
		}
	}
	var x workspace.AccessExport
	if err := json.Unmarshal(files.JSON, &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Retrievals) != 1 || x.Retrievals[0].Recipient != "Arbodienst Midden" || len(x.History) != 2 ||
		x.History[0].Recipient != "Arbodienst Midden" || x.History[0].Explanation != "UitlegKanarie0001" || len(x.Purposes) == 0 {
		t.Fatalf("retrievals %+v, history %+v", x.Retrievals, x.History)
	}
	for _, want := range []string{"Arbodienst Midden", "Ziekmelding", "Bewaartermijn", "2 jaar na het einde", "Opgehaald door de arbodienst",
		"pagina 1 van", "Dit document bevat persoonsgegevens"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if n := auditCount(t, o.ws, audit.ActionExport); n != 2 {
		t.Fatalf("%d export events, want 2 (art15-json, art15-pdf)", n)
	}

	en, err := o.ws.ExportAccess(ids[a.in.Persnr], report.English, false, true)
	if err != nil || en.JSON != nil {
		t.Fatal(err)
	}
	keepPDF(t, "art15-en.pdf", en.PDF)
	if text := pdfText(t, en.PDF); !strings.Contains(text, "Access request (GDPR art. 15)") || !strings.Contains(text, "page 1 of") ||
		!strings.Contains(text, a.in.BSN) {
		t.Error("the English PDF lacks its title, page numbers or the BSN")
	}
}

func TestRule_OnlyAnAdminMakesTheAccessExportOrTheRegister(t *testing.T) {
	o := open(t)
	v, err := o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "1", Surname: "Jansen", Start: "2020-01-01", Department: "Winkel"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "hr@korenaar.example", Passphrase: []byte("hr passphrase for the test")}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("hr@korenaar.example", []byte("hr passphrase for the test"))
	if err != nil {
		t.Fatal(err)
	}
	hr := workspace.Open(sess, workspace.Config{})
	t.Cleanup(hr.Close)
	_, err = hr.ExportAccess(v.ID, report.Dutch, true, true)
	if !errors.Is(err, workspace.ErrReportAdminOnly) || workspace.Explain(err).Code != workspace.CodeReportAdminOnly || !workspace.Explain(err).Denied {
		t.Fatalf("an HR user's access export: %v", err)
	}
	if _, err := hr.ProcessingRegisterPDF(o.employer.ID, report.Dutch, workspace.RegisterOptions{}); !errors.Is(err, workspace.ErrReportAdminOnly) {
		t.Fatalf("an HR user's register: %v", err)
	}
	// An HR user may print the statistics and the share history.
	if _, err := hr.StatisticsPDF(o.employer.ID, time.Now().Year(), report.Dutch); err != nil {
		t.Fatal(err)
	}
	if _, err := hr.ShareHistoryPDF(v.ID, report.English); err != nil {
		t.Fatal(err)
	}
}

func TestRule_AManagerGetsNoStatistics(t *testing.T) {
	o := open(t)
	dep, err := o.ws.Directory().CreateDepartment(o.employer.ID, vault.ID{}, "Winkel", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "manager@example.test", Passphrase: []byte("manager passphrase 1")},
		vault.RoleManager, dep.ID); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("manager@example.test", []byte("manager passphrase 1"))
	if err != nil {
		t.Fatal(err)
	}
	m := workspace.Open(sess, workspace.Config{})
	t.Cleanup(m.Close)
	_, err = m.StatisticsPDF(o.employer.ID, 2026, report.Dutch)
	if !errors.Is(err, workspace.ErrStatisticsAllDepartments) || workspace.Explain(err).Code != workspace.CodeStatisticsAllDepts {
		t.Fatalf("a manager's statistics: %v", err)
	}
}

func TestRule_TheShareHistoryListsEveryShareButNoRetrievalAndIsAudited(t *testing.T) {
	o := open(t)
	v, err := o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "77", FirstName: "Ilse", Surname: "Geschiedenis", Start: "2020-01-01", Department: "Winkel"})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.ws.Share(v.ID, sharing.ShareInput{CareQuestion: sharing.CareConsultation, Explanation: "Spreekuur werkdruk"}); err != nil {
		t.Fatal(err)
	}
	if err := o.ws.RevokeShare(v.ID, "Vergissing"); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []report.Lang{report.Dutch, report.English} {
		pdf, err := o.ws.ShareHistoryPDF(v.ID, lang)
		if err != nil {
			t.Fatal(err)
		}
		keepPDF(t, "share-history-"+string(lang)+".pdf", pdf)
		text := pdfText(t, pdf)
		for _, want := range []string{"Ilse Geschiedenis", "77", "Spreekuur werkdruk", "Vergissing", lang.Pick("Ingetrokken", "Revoked"),
			lang.Pick("de arbodienst", "the arbo service")} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the share history lacks %q", lang, want)
			}
		}
		if strings.Contains(text, lang.Pick("Opgehaald", "Retrieved")) {
			t.Errorf("%s: the share history mentions retrievals", lang)
		}
	}
	events, err := o.ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == audit.ActionExport && e.Detail == "share-history" && len(e.Subjects) == 1 && e.Subjects[0] == v.ID {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d share-history export events, want 2", n)
	}
}

func TestRule_TheRegisterNamesTheEnrolledArboServiceAndIsAudited(t *testing.T) {
	o, _ := enrolled(t, 3, nil)
	for _, lang := range []report.Lang{report.Dutch, report.English} {
		pdf, err := o.ws.ProcessingRegisterPDF(o.employer.ID, lang, workspace.RegisterOptions{IdleLock: 10 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		keepPDF(t, "register-"+string(lang)+".pdf", pdf)
		text := pdfText(t, pdf)
		for _, want := range []string{"Arbodienst Midden", "Bakkerij De Korenaar BV", "12345678", "10 " + lang.Pick("minuten", "minutes"),
			lang.Pick("Verwerkingsregister (AVG art. 30)", "Record of processing activities (GDPR art. 30)"),
			lang.Pick("Bewaartermijn", "Retention"), lang.Pick("5 jaar", "5 years"), lang.Pick("Handtekening", "Signature"),
			lang.Pick("3, waarvan 3 in dienst", "3, of whom 3 employed")} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the register lacks %q", lang, want)
			}
		}
		if strings.Contains(text, "Achternaam") || strings.Contains(text, lang.Pick("bevat persoonsgegevens", "contains personal data")) {
			t.Errorf("%s: the register shows personal data or says it does", lang)
		}
	}
	if n := auditCount(t, o.ws, audit.ActionReport); n != 2 {
		t.Fatalf("%d report events, want 2", n)
	}
}
