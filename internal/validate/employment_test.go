package validate

import (
	"strings"
	"testing"
)

func TestRule_ContractTypesAreReadAsPayrollExportsWriteThem(t *testing.T) {
	for in, want := range map[string]string{
		"Bepaalde tijd": ContractFixedTerm, "B": ContractFixedTerm, "fixed-term": ContractFixedTerm, "tijdelijk": ContractFixedTerm,
		"Onbepaalde tijd": ContractPermanent, "o": ContractPermanent, "Vast": ContractPermanent,
		"Oproepkracht": ContractOnCall, "nul-urencontract": ContractOnCall, "Min-max": ContractOnCall, "on-call": ContractOnCall,
		"Uitzendkracht": ContractAgency, "agency": ContractAgency, "": "",
	} {
		f := FieldErrors{}
		if got := Contract(f, "c", in); got != want || len(f) > 0 {
			t.Errorf("Contract(%q) = %q, %v; want %q", in, got, f, want)
		}
	}
	for _, in := range []string{"stage", "x", "zzp"} {
		if f := (FieldErrors{}); Contract(f, "c", in) != "" || f["c"] != InvalidChoice {
			t.Errorf("Contract(%q) accepted", in)
		}
	}
}

func TestRule_TheSectorIsAUWVSectorNumberFrom1To69(t *testing.T) {
	for in, want := range map[string]string{"5": "05", "05": "05", "Sector 15": "15", "69": "69", "": ""} {
		if f := (FieldErrors{}); Sector(f, "s", in) != want || len(f) > 0 {
			t.Errorf("Sector(%q) = %q, %v", in, Sector(FieldErrors{}, "s", in), f)
		}
	}
	for _, in := range []string{"0", "70", "1a", "-5", "152"} {
		if f := (FieldErrors{}); Sector(f, "s", in) != "" || f["s"] != SectorFormat {
			t.Errorf("Sector(%q) accepted", in)
		}
	}
}

func TestRule_TheRiskGroupIsAGroupOrTheLoonaangifteSectorRiskGroupCode(t *testing.T) {
	for in, want := range map[string]string{"2": "2", "02": "02", "152": "152", " 15 2 ": "152", "": ""} {
		if f := (FieldErrors{}); RiskGroup(f, "r", in) != want || len(f) > 0 {
			t.Errorf("RiskGroup(%q) = %q, %v", in, RiskGroup(FieldErrors{}, "r", in), f)
		}
	}
	for _, in := range []string{"1523", "A", "002", "702"} {
		if f := (FieldErrors{}); RiskGroup(f, "r", in) != "" || f["r"] != RiskGroupFormat {
			t.Errorf("RiskGroup(%q) accepted", in)
		}
	}
}

func TestRule_ARiskGroupCodeNamesTheSameSectorAsTheSectorField(t *testing.T) {
	values, _ := row(map[string]string{FieldSector: "15", FieldRiskGroup: "152"})
	f := FieldErrors{}
	CheckEmployee(f, values, employeeToday)
	if len(f) > 0 {
		t.Fatalf("matching sector refused: %v", f)
	}
	values, _ = row(map[string]string{FieldSector: "16", FieldRiskGroup: "152"})
	CheckEmployee(f, values, employeeToday)
	if f[FieldRiskGroup] != RiskGroupSector {
		t.Fatalf("another sector accepted: %v", f)
	}
}

func TestRule_ZeroHoursOnlyUnderAnOnCallContract(t *testing.T) {
	for _, c := range []struct {
		contract string
		code     Code
	}{{"oproep", ""}, {"onbepaald", HoursZero}, {"", HoursZero}} {
		values, _ := row(map[string]string{FieldHours: "0", FieldContract: c.contract})
		f := FieldErrors{}
		CheckEmployee(f, values, employeeToday)
		if f[FieldHours] != c.code {
			t.Errorf("contract %q, 0 hours: %q, want %q", c.contract, f[FieldHours], c.code)
		}
	}
}

func TestRule_CheckEmployeeNormalisesTheEmploymentFacts(t *testing.T) {
	values, got := row(map[string]string{FieldContract: "Bepaalde tijd", FieldSector: "sector 5", FieldRiskGroup: "052",
		FieldUWVRef: " ZW-2026/1234 ", FieldHours: "36"})
	f := FieldErrors{}
	CheckEmployee(f, values, employeeToday)
	if len(f) > 0 {
		t.Fatalf("%v", f)
	}
	want := map[string]string{FieldContract: ContractFixedTerm, FieldSector: "05", FieldRiskGroup: "052", FieldUWVRef: "ZW-2026/1234"}
	for k, v := range want {
		if *got[k] != v {
			t.Errorf("%s = %q, want %q", k, *got[k], v)
		}
	}
	values, _ = row(map[string]string{FieldUWVRef: strings.Repeat("1", MaxUWVRef+1)})
	CheckEmployee(f, values, employeeToday)
	if f[FieldUWVRef] != TooLong {
		t.Fatalf("a long UWV reference: %v", f)
	}
}

func TestRule_ALoonheffingennummerIsAnElfproefRSINThenLThenTwoDigits(t *testing.T) {
	for in, want := range map[string]string{
		"123456782L01": "123456782L01", "1234.56.782 l 02": "123456782L02", "111222333L99": "111222333L99", "": "",
	} {
		if f := (FieldErrors{}); PayrollTaxNumber(f, "l", in) != want || len(f) > 0 {
			t.Errorf("PayrollTaxNumber(%q) = %q, %v", in, PayrollTaxNumber(FieldErrors{}, "l", in), f)
		}
	}
	// 123456789 fails the elfproef (DOMAIN.md); L00 is no sequence number; a missing L or digit.
	for _, in := range []string{"123456789L01", "123456782L00", "123456782B01", "123456782L1", "12345678L01", "000000000L01", "123456782L0A"} {
		if f := (FieldErrors{}); PayrollTaxNumber(f, "l", in) != "" || f["l"] != PayrollTaxFormat {
			t.Errorf("PayrollTaxNumber(%q) accepted", in)
		}
	}
}
