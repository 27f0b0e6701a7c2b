package workspace_test

import (
	"errors"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/sivi"
	"kluis/internal/workspace"
)

// siviInput is what a user types for an export of an employee whose record has no gender.
func siviInput() workspace.SIVIInput {
	return workspace.SIVIInput{
		Exchange: sivi.Exchange{SenderID: "WG-4711", ReceiverID: "ARBO-01", EmployerID: "4711", ConnectionNumber: "AANSL-0042",
			PayrollTaxNumber: "123456789L01"},
		Contact: sivi.Contact{Surname: "de Vries", Initials: "P.", Role: "01", Channel: "08", Value: "030 1234567"},
		Gender:  "V", ProcessingCode: "01", CauseCode: "99",
	}
}

func TestRule_SIVIExportNeedsASharedDossierIsAuditedAndNamesWhatIsMissing(t *testing.T) {
	o := open(t)
	v, err := o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "00042", Department: "Utrecht/Magazijn",
		FirstNames: "Anna Maria", Surname: "Jansen", BSN: "111222333", BirthDate: "1985-03-12", Start: "2019-04-01",
		Street: "Dorpsstraat", Number: "12", Postcode: "1234AB", City: "Utrecht"})
	if err != nil {
		t.Fatal(err)
	}

	// Not shared: no files, and the code the window and the command line know.
	_, err = o.ws.ExportSIVI(v.ID, siviInput())
	if !errors.Is(err, workspace.ErrSIVINotShared) || !errors.Is(err, sharing.ErrNotShared) ||
		workspace.Explain(err).Code != workspace.CodeNotShared {
		t.Fatalf("unshared: %v", err)
	}
	if err := o.ws.Share(v.ID, sharing.ShareInput{CareQuestion: sharing.CareSickReport, Explanation: "Ziekmelding"}); err != nil {
		t.Fatal(err)
	}

	// The record has no gender and the user gave none: refused, the field named, nothing audited.
	in := siviInput()
	in.Gender = ""
	_, err = o.ws.ExportSIVI(v.ID, in)
	p := workspace.Explain(err)
	if p.Code != workspace.CodeSIVIIncomplete || p.Fields[sivi.FieldGender] != "required" || len(p.Fields) != 1 ||
		!strings.Contains(p.Context, sivi.FieldGender) || strings.Contains(p.Context, "Jansen") {
		t.Fatalf("missing gender: %+v", p)
	}
	if n := auditCount(t, o.ws, audit.ActionExport); n != 0 {
		t.Fatalf("a refused export was audited %d times", n)
	}

	// Shared, complete: WerknemerGegevens only (no sick report yet), audited once.
	files, err := o.ws.ExportSIVI(v.ID, siviInput())
	if err != nil {
		t.Fatal(err)
	}
	wg := string(files.WerknemerGegevens)
	if files.Verzuimmeldingen != nil || !strings.Contains(wg, "<GslchtCd>V</GslchtCd>") || !strings.Contains(wg, "<Voorl>A.M.</Voorl>") ||
		!strings.Contains(wg, "<OrgeenhCd>Utrecht/Magazijn</OrgeenhCd>") || !strings.Contains(wg, "<HndlsnmOrg>Bakkerij De Korenaar BV</HndlsnmOrg>") {
		t.Fatalf("files:\n%s\n%s", wg, files.Verzuimmeldingen)
	}
	if n := auditCount(t, o.ws, audit.ActionExport); n != 1 {
		t.Fatalf("export audited %d times", n)
	}

	// A sick report adds Verzuimmeldingen; its codes are the user's, never Kluis's choice.
	if err := o.ws.ReportSick(v.ID, sharing.SickReport{Phone: "06 12345678", ExpectedDuration: "unknown", FirstSickDay: "2020-02-03"}); err != nil {
		t.Fatal(err)
	}
	in = siviInput()
	in.CauseCode, in.ProcessingCode = "", ""
	_, err = o.ws.ExportSIVI(v.ID, in)
	if p := workspace.Explain(err); p.Fields[sivi.FieldCauseCode] != "required" || p.Fields[sivi.FieldProcessingCode] != "required" {
		t.Fatalf("codes missing: %+v", p)
	}
	files, err = o.ws.ExportSIVI(v.ID, siviInput())
	if err != nil {
		t.Fatal(err)
	}
	vm := string(files.Verzuimmeldingen)
	if !strings.Contains(vm, "<DatEerstVrzmdg>2020-02-03</DatEerstVrzmdg>") || !strings.Contains(vm, "<EndVrzmJN>N</EndVrzmJN>") ||
		!strings.Contains(vm, "<VrzmgvlId>"+v.ID.String()+"-1</VrzmgvlId>") {
		t.Fatalf("Verzuimmeldingen:\n%s", vm)
	}
	if err := o.ws.ReportRecovery(v.ID, "10-02-2020"); err != nil {
		t.Fatal(err)
	}
	files, err = o.ws.ExportSIVI(v.ID, siviInput())
	if err != nil {
		t.Fatal(err)
	}
	vm = string(files.Verzuimmeldingen)
	if !strings.Contains(vm, "<DatHrstld>2020-02-10</DatHrstld>") || !strings.Contains(vm, "<VrzmgvlVnrMld>2</VrzmgvlVnrMld>") {
		t.Fatalf("after recovery:\n%s", vm)
	}
	if n := auditCount(t, o.ws, audit.ActionExport); n != 3 {
		t.Fatalf("export audited %d times, want 3", n)
	}
}
