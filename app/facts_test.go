package app

import (
	"testing"

	"kluis/internal/workspace"
)

func TestRule_TheEmployeeFormCarriesTheEmploymentFactsToThePane(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	f := form("42", dep.ID, "Vries")
	f.Contract, f.Sector, f.RiskGroup, f.UWVRef = "fixed-term", "5", "052", "ZW-42"
	created, err := h.dirf.CreateEmployee(emp, f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.dirf.Employee(created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e := got.Employments[0]; e.Contract != "fixed-term" || e.Sector != "05" || e.RiskGroup != "052" || e.UWVRef != "ZW-42" || e.Hours != "32.5" {
		t.Fatalf("pane employment %+v", e)
	}
	f.Sector = "70"
	_, err = h.dirf.UpdateEmployee(created.ID, f)
	if ae := appErr(t, err); ae.Code != workspace.CodeInvalidInput || ae.Fields["sector"] != "sector_format" {
		t.Fatalf("error %+v", ae)
	}
}

func TestRule_TheEmployerDialogSavesTheLoonheffingennummerAndAddresses(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	list, _ := h.dirf.Employers()
	form := EmployerForm{Name: list[0].Name, KvK: list[0].KvK, PayrollTaxNumber: "111222333l01",
		VisitAddress: EmployerAddress{Street: "Korenweg", Number: "12", Postcode: "3511ab", City: "Utrecht"}}
	got, err := h.dirf.UpdateEmployerDetails(emp, form)
	if err != nil {
		t.Fatal(err)
	}
	if got.PayrollTaxNumber != "111222333L01" || got.VisitAddress.Postcode != "3511 AB" || got.PostalAddress.City != "" {
		t.Fatalf("employer %+v", got)
	}
	list, _ = h.dirf.Employers()
	if list[0].PayrollTaxNumber != "111222333L01" || list[0].VisitAddress.Street != "Korenweg" {
		t.Fatalf("listed employer %+v", list[0])
	}
	form.PayrollTaxNumber, form.PostalAddress = "123456789L01", EmployerAddress{City: "Utrecht"}
	_, err = h.dirf.UpdateEmployerDetails(emp, form)
	if ae := appErr(t, err); ae.Code != workspace.CodeInvalidInput || ae.Fields["payrollTax"] != "payroll_tax_format" ||
		ae.Fields["postal.street"] != "required" {
		t.Fatalf("error %+v", ae)
	}
}
