package people

import (
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

func TestRule_TheEmploymentFactsAnArboServiceNeedsAreStoredWithTheEmployment(t *testing.T) {
	f := newFixture(t)
	in := person("1001", "Utrecht/Magazijn", "Jansen")
	in.Contract, in.Sector, in.RiskGroup, in.UWVRef = "Bepaalde tijd", "5", "052", "ZW-2026-0042"
	v, err := f.d.CreateEmployee(f.employer.ID, in)
	ok(t, err)
	// A fresh directory reads them from the vault, normalised.
	got, err := NewDirectory(f.s, clock).Employee(v.ID)
	ok(t, err)
	c := got.Current()
	if c.Contract != validate.ContractFixedTerm || c.Sector != "05" || c.RiskGroup != "052" || c.UWVRef != "ZW-2026-0042" || c.Hours != "32.5" {
		t.Fatalf("stored employment %+v", c)
	}
	// An update with the same start changes a given fact and keeps an empty one.
	in.Contract, in.UWVRef = "onbepaald", ""
	_, err = f.d.UpdateEmployee(v.ID, in)
	ok(t, err)
	got, err = NewDirectory(f.s, clock).Employee(v.ID)
	ok(t, err)
	if c := got.Current(); len(got.Employments) != 1 || c.Contract != validate.ContractPermanent || c.UWVRef != "ZW-2026-0042" {
		t.Fatalf("updated employment %+v", got.Employments)
	}
}

func TestRule_BadEmploymentFactsAreRefusedWithTheirFieldCodes(t *testing.T) {
	f := newFixture(t)
	in := person("1002", "Utrecht", "Visser")
	in.Contract, in.Sector, in.RiskGroup, in.Hours = "stage", "70", "A", "0"
	fe := fieldErrors(t, errOnly(f.d.CreateEmployee(f.employer.ID, in)))
	want := validate.FieldErrors{FieldContract: validate.InvalidChoice, FieldSector: validate.SectorFormat,
		FieldRiskGroup: validate.RiskGroupFormat, FieldHours: validate.HoursZero}
	for k, c := range want {
		if fe[k] != c {
			t.Errorf("%s: %q, want %q (%v)", k, fe[k], c, fe)
		}
	}
}

func TestRule_AnEmploymentRecordWrittenBeforeTheFactsExistedStillOpens(t *testing.T) {
	f := newFixture(t)
	v, err := f.d.CreateEmployee(f.employer.ID, person("1003", "Utrecht", "Bakker"))
	ok(t, err)
	// The skeleton as an older Kluis wrote it: no contract, sector, risk group nor UWV reference.
	old := map[string]any{"employer": f.employer.ID, "persnr": "1003", "department": v.Department,
		"employments": []map[string]any{{"department": v.Department, "start": "2020-05-01", "hours": "32.5", "jobTitle": "Bakker"}}}
	ok(t, f.s.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindEmployee, v.ID, scopeOf(t, f.s, v.Department), &old)
	}))
	got, err := NewDirectory(f.s, clock).Employee(v.ID)
	ok(t, err)
	if c := got.Current(); c == nil || c.JobTitle != "Bakker" || c.Contract != "" || c.Sector != "" {
		t.Fatalf("old employment %+v", got.Employments)
	}
}

func TestRule_AnAdminRecordsTheEmployersLoonheffingennummerAndAddresses(t *testing.T) {
	f := newFixture(t)
	facts := EmployerFacts{PayrollTaxNumber: "1234.56.782 L01",
		VisitAddress:  Address{Street: "Korenweg", Number: "12", Postcode: "3511ab", City: "Utrecht"},
		PostalAddress: Address{Street: "Postbus", Number: "100", Postcode: "3500 AA", City: "Utrecht"}}
	_, err := f.d.UpdateEmployerDetails(f.employer.ID, "Bakkerij De Korenaar BV", "12345678", facts)
	ok(t, err)
	got, err := NewDirectory(f.s, clock).EmployerByKvK("12345678")
	ok(t, err)
	if got.PayrollTaxNumber != "123456782L01" || got.VisitAddress.Postcode != "3511 AB" || got.VisitAddress.Country != CountryNL ||
		got.PostalAddress.Street != "Postbus" || got.PostalAddress.Number != "100" {
		t.Fatalf("stored employer %+v", got)
	}
	// A rename through the old use case keeps the facts.
	_, err = f.d.UpdateEmployer(f.employer.ID, "Bakkerij De Korenaar Utrecht BV", "12345678")
	ok(t, err)
	got, err = NewDirectory(f.s, clock).EmployerByKvK("12345678")
	ok(t, err)
	if got.PayrollTaxNumber != "123456782L01" || got.VisitAddress.City != "Utrecht" {
		t.Fatalf("a rename dropped the facts: %+v", got)
	}
	// Empty facts clear them.
	_, err = f.d.UpdateEmployerDetails(f.employer.ID, got.Name, got.KvK, EmployerFacts{})
	ok(t, err)
	got, err = NewDirectory(f.s, clock).EmployerByKvK("12345678")
	ok(t, err)
	if got.EmployerFacts != (EmployerFacts{}) {
		t.Fatalf("facts not cleared: %+v", got.EmployerFacts)
	}
}

func TestRule_AnEmployersFactsAreValidatedPerField(t *testing.T) {
	f := newFixture(t)
	facts := EmployerFacts{PayrollTaxNumber: "123456789L01", // fails the elfproef
		VisitAddress:  Address{Street: "Korenweg", Postcode: "0123 AB", City: "Utrecht"}, // no number, bad postcode
		PostalAddress: Address{City: "Utrecht"}}                                          // a town alone
	fe := fieldErrors(t, errOnly(f.d.UpdateEmployerDetails(f.employer.ID, "Bakkerij", "12345678", facts)))
	want := validate.FieldErrors{FieldPayrollTax: validate.PayrollTaxFormat, "visit.number": validate.Required,
		"visit.postcode": validate.PostcodeFormat, "postal.street": validate.Required, "postal.postcode": validate.Required}
	for k, c := range want {
		if fe[k] != c {
			t.Errorf("%s: %q, want %q (%v)", k, fe[k], c, fe)
		}
	}
	// Nothing was stored.
	got, err := NewDirectory(f.s, clock).EmployerByKvK("12345678")
	ok(t, err)
	if got.PayrollTaxNumber != "" {
		t.Fatalf("a refused update was stored: %+v", got)
	}
}

func TestRule_AnEmployerRecordWrittenBeforeTheFactsExistedStillOpens(t *testing.T) {
	f := newFixture(t)
	old := map[string]any{"kvk": "87654321", "name": "Oud BV"}
	id := vault.NewID()
	ok(t, f.s.Update(func(tx *vault.Tx) error { return vault.PutJSON(tx, KindEmployer, id, f.s.DirectoryScope(), &old) }))
	got, err := NewDirectory(f.s, clock).EmployerByKvK("87654321")
	ok(t, err)
	if got.Name != "Oud BV" || got.EmployerFacts != (EmployerFacts{}) {
		t.Fatalf("old employer %+v", got)
	}
}
