package validate

import (
	"strconv"
	"strings"
)

// Employment facts an arbo service needs (issue #18): the contract type, the sector and risk
// (premium) group, and the UWV reference. They are employment data, not identity data: they
// travel with the anonymised employment and feed the statistics (absence per sector and risk
// group, docs/DOMAIN.md "Who may see what").
const (
	FieldContract  = "soort_contract"
	FieldSector    = "sector"
	FieldRiskGroup = "risicopremiegroep"
	FieldUWVRef    = "uwv_referentie"
)

// Contract types (soort contract), the stored values of FieldContract.
const (
	ContractFixedTerm = "fixed-term" // bepaalde tijd
	ContractPermanent = "permanent"  // onbepaalde tijd
	ContractOnCall    = "on-call"    // oproepcontract (nul-uren, min-max)
	ContractAgency    = "agency"     // uitzendkracht
)

// Contracts lists the contract types in the order the form offers them.
var Contracts = []string{ContractPermanent, ContractFixedTerm, ContractOnCall, ContractAgency}

// contractWords maps what people and payroll exports write for a contract type (folded by
// foldCode) to the stored value. The letters B and O are the loonaangifte's and SIVI's
// CdBepTd codes (bepaalde / onbepaalde tijd).
var contractWords = map[string]string{
	"fixed-term": ContractFixedTerm, "fixedterm": ContractFixedTerm, "bepaald": ContractFixedTerm,
	"bepaaldetijd": ContractFixedTerm, "tijdelijk": ContractFixedTerm, "b": ContractFixedTerm,
	"permanent": ContractPermanent, "onbepaald": ContractPermanent, "onbepaaldetijd": ContractPermanent,
	"vast": ContractPermanent, "o": ContractPermanent,
	"on-call": ContractOnCall, "oncall": ContractOnCall, "oproep": ContractOnCall, "oproepkracht": ContractOnCall,
	"oproepcontract": ContractOnCall, "nulurencontract": ContractOnCall, "nuluren": ContractOnCall,
	"minmax": ContractOnCall, "minmaxcontract": ContractOnCall, "invalkracht": ContractOnCall,
	"agency": ContractAgency, "uitzend": ContractAgency, "uitzendkracht": ContractAgency,
	"uitzendkrachten": ContractAgency, "uitzendovereenkomst": ContractAgency,
}

// Field codes of the employment facts.
const (
	// SectorFormat: not a UWV sector number (1 to 69).
	SectorFormat Code = "sector_format"
	// RiskGroupFormat: not a risk premium group (one or two digits) nor the loonaangifte's
	// three-digit sector/risk group code.
	RiskGroupFormat Code = "risk_group_format"
	// RiskGroupSector: a three-digit sector/risk group code whose sector differs from the
	// sector field.
	RiskGroupSector Code = "risk_group_sector"
	// HoursZero: zero hours a week fits only an on-call contract (nul-urencontract).
	HoursZero Code = "hours_zero"
	// PayrollTaxFormat: not a loonheffingennummer (9 digits passing the elfproef, 'L', 2 digits).
	PayrollTaxFormat Code = "payroll_tax_format"
)

// MaxUWVRef caps the UWV reference (a case or claim number as UWV writes it on its letters).
const MaxUWVRef = 40

// MaxSector is the highest sector number of the UWV sector classification (sectors 1-69 of the
// Besluit sectorindeling; not every number in between is used, so only the range is checked).
const MaxSector = 69

// foldCode lower-cases a code cell and drops spaces, dots and underscores.
func foldCode(v string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '_', '\u00a0':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(v)))
}

// Contract reads a contract type in the stored form or as payroll exports and people write it
// ("Bepaalde tijd", "B", "oproepkracht", "Uitzendkracht") and returns the stored value.
func Contract(f FieldErrors, field, value string) string {
	v := foldCode(value)
	if v == "" {
		return ""
	}
	if c, ok := contractWords[v]; ok {
		return c
	}
	if c, ok := contractWords[strings.ReplaceAll(v, "-", "")]; ok {
		return c
	}
	f.Add(field, InvalidChoice)
	return ""
}

// Sector reads a UWV sector number ("5", "05", "sector 5") and returns it as two digits ("05"),
// the way the loonaangifte writes it.
func Sector(f FieldErrors, field, value string) string {
	v := strings.TrimPrefix(foldCode(value), "sector")
	if v == "" {
		return ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || !allDigits(v) || n < 1 || n > MaxSector {
		f.Add(field, SectorFormat)
		return ""
	}
	return twoDigits(n)
}

// RiskGroup reads a risk premium group: one or two digits ("2", "02"), or the loonaangifte's
// three-digit sector/risk group code whose first two digits are the sector ("152": sector 15,
// group 2). It returns the digits as written (leading zeros kept).
func RiskGroup(f FieldErrors, field, value string) string {
	v := foldCode(value)
	if v == "" {
		return ""
	}
	if !allDigits(v) || len(v) > 3 {
		f.Add(field, RiskGroupFormat)
		return ""
	}
	if len(v) == 3 {
		if s, _ := strconv.Atoi(v[:2]); s < 1 || s > MaxSector {
			f.Add(field, RiskGroupFormat)
			return ""
		}
	}
	return v
}

// RiskGroupMatchesSector checks a three-digit sector/risk group code against the sector field:
// both are given by the same payroll export, so a difference is a misplaced column.
func RiskGroupMatchesSector(f FieldErrors, field, riskGroup, sector string) {
	if len(riskGroup) == 3 && sector != "" && riskGroup[:2] != sector {
		f.Add(field, RiskGroupSector)
	}
}

// HoursFitContract refuses zero hours a week except under an on-call contract: a zero-hours
// contract (nul-urencontract) is on-call work by definition, any other contract has hours.
func HoursFitContract(f FieldErrors, field, hours, contract string) {
	if hours == "0" && contract != ContractOnCall {
		f.Add(field, HoursZero)
	}
}

// ValidRSIN reports whether s is nine digits passing the elfproef (the same test as a BSN:
// an RSIN or fiscal number is built by the same rule).
func ValidRSIN(s string) bool { return ValidBSN(s) }

// PayrollTaxNumber checks a loonheffingennummer: the employer's nine-digit RSIN or fiscal
// number (elfproef), the letter L and a two-digit sequence number from 01 ("123456782L01").
// Spaces and dots are ignored, a lower-case l is accepted; it returns the canonical form.
func PayrollTaxNumber(f FieldErrors, field, value string) string {
	v := strings.ToUpper(withoutSpacesAndDots(strings.TrimSpace(value)))
	if v == "" {
		return ""
	}
	if len(v) != 12 || v[9] != 'L' || !allDigits(v[:9]) || !allDigits(v[10:]) || v[10:] == "00" || !ValidRSIN(v[:9]) {
		f.Add(field, PayrollTaxFormat)
		return ""
	}
	return v
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
