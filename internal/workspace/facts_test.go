package workspace_test

import (
	"strings"
	"testing"

	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/validate"
)

func TestRule_EmploymentFactsGoFromTheFormThroughTheStoreToThePaneAndIntoSIVI(t *testing.T) {
	o := open(t)
	_, err := o.ws.UpdateEmployer(o.employer.ID, o.employer.Name, o.employer.KvK, people.EmployerFacts{
		PayrollTaxNumber: "111222333L01",
		VisitAddress:     people.Address{Street: "Korenweg", Number: "12", Postcode: "3511AB", City: "Utrecht"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "00042", Department: "Utrecht/Magazijn",
		FirstNames: "Anna Maria", Surname: "Jansen", Gender: "V", BSN: "111222333", BirthDate: "1985-03-12", Start: "2019-04-01",
		Street: "Dorpsstraat", Number: "12", Postcode: "1234AB", City: "Utrecht",
		JobTitle: "Magazijnmedewerker", Hours: "32,5", Contract: "Bepaalde tijd", Sector: "5", RiskGroup: "052", UWVRef: "ZW-0042"})
	if err != nil {
		t.Fatal(err)
	}
	// What the pane reads back (a fresh workspace: from the vault, not a cache).
	o.ws.Close()
	ws := o.reopen(t)
	got, err := ws.Employee(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := got.Current()
	if c.Contract != validate.ContractFixedTerm || c.Sector != "05" || c.RiskGroup != "052" || c.UWVRef != "ZW-0042" || c.Hours != "32.5" {
		t.Fatalf("pane employment %+v", c)
	}
	// SIVI: function, contract (CdBepTd) and hours in the employment; the loonheffingennummer
	// from the employer when the user leaves it empty.
	if err := ws.Share(v.ID, sharing.ShareInput{CareQuestion: sharing.CareSickReport, Explanation: "Ziekmelding"}); err != nil {
		t.Fatal(err)
	}
	in := siviInput()
	in.Exchange.PayrollTaxNumber = ""
	files, err := ws.ExportSIVI(v.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	wg := string(files.WerknemerGegevens)
	for _, want := range []string{"<NmFnct>Magazijnmedewerker</NmFnct>", "<CdBepTd>B</CdBepTd>",
		"<AantCtrcturenPWk>32.50</AantCtrcturenPWk>", "<Lhnr>111222333L01</Lhnr>"} {
		if !strings.Contains(wg, want) {
			t.Errorf("WerknemerGegevens lacks %s:\n%s", want, wg)
		}
	}
}

func TestRule_AnImportFillsTheEmploymentFacts(t *testing.T) {
	o := open(t)
	csv := "persnr;achternaam;afdeling;datum_in_dienst;uren_per_week;soort_contract;sector;risicopremiegroep;uwv_referentie\n" +
		"1;Jansen;Utrecht;01-01-2020;0;Oproepkracht;15;152;ZW-1\n" +
		"2;Visser;Utrecht;01-01-2020;38;Onbepaalde tijd;;;\n"
	if _, err := o.importCSV(t, o.ws, []byte(csv), nil); err != nil {
		t.Fatal(err)
	}
	for persnr, want := range map[string]people.Employment{
		"1": {Hours: "0", Contract: validate.ContractOnCall, Sector: "15", RiskGroup: "152", UWVRef: "ZW-1"},
		"2": {Hours: "38", Contract: validate.ContractPermanent},
	} {
		v, err := o.ws.Directory().EmployeeByPersnr(o.employer.ID, persnr)
		if err != nil {
			t.Fatal(err)
		}
		c := v.Current()
		if c.Hours != want.Hours || c.Contract != want.Contract || c.Sector != want.Sector || c.RiskGroup != want.RiskGroup || c.UWVRef != want.UWVRef {
			t.Errorf("persnr %s: %+v", persnr, c)
		}
	}
	// Zero hours under a permanent contract is refused, the whole file with it.
	bad := "persnr;achternaam;afdeling;datum_in_dienst;uren_per_week;soort_contract\n3;Bakker;Utrecht;01-01-2020;0;vast\n"
	rep, err := o.importCSV(t, o.ws, []byte(bad), nil)
	if err == nil && len(rep.Problems) == 0 {
		t.Fatalf("zero hours under a permanent contract imported: %+v", rep)
	}
	if _, err := o.ws.Directory().EmployeeByPersnr(o.employer.ID, "3"); err == nil {
		t.Fatal("the refused row was stored")
	}
}

func TestRule_TheAnonymisedEmploymentCarriesContractSectorAndRiskGroupButNotTheUWVReference(t *testing.T) {
	o, svc := enrolled(t, 0, nil)
	_, err := o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "7", Department: "Utrecht", Surname: "Kanariepiet",
		Start: "2020-01-01", Hours: "24", JobTitle: "Kanariefunctie", Contract: "uitzendkracht", Sector: "52", RiskGroup: "521",
		UWVRef: "UWV-KANARIE-77"})
	if err != nil {
		t.Fatal(err)
	}
	syncOnce(t, o.ws)
	h := svc.holdings(t)
	if len(h.Employments) != 1 {
		t.Fatalf("the service holds %d employments", len(h.Employments))
	}
	d := h.Employments[0].Dienstverband
	if d.SoortContract != "uitzend" || d.Sector != "52" || d.Risicopremiegroep != "521" || d.UrenPerWeek != "24" {
		t.Fatalf("the service holds %+v", d)
	}
	seen := svc.seen(t)
	for _, c := range []string{"Kanariepiet", "Kanariefunctie", "UWV-KANARIE-77"} {
		if strings.Contains(seen, c) {
			t.Errorf("%q reached the service", c)
		}
	}
}
