package validate

import (
	"fmt"
	"strings"
	"time"
)

// Employee field names. Each is at once the canonical import column (docs/CLI.md "Import
// columns"), the key under which FieldErrors reports a problem of the employee form, and the
// name in EmployeeFields. internal/importer (ColX) and internal/people (FieldX) alias these.
const (
	FieldPersnr         = "persnr"
	FieldBSN            = "bsn"
	FieldInitials       = "voorletters"
	FieldFirstName      = "roepnaam"
	FieldFirstNames     = "voornamen"
	FieldPrefix         = "tussenvoegsel"
	FieldSurname        = "achternaam"
	FieldPartnerPrefix  = "partner_tussenvoegsel"
	FieldPartnerSurname = "partner_achternaam"
	FieldNameUsage      = "naamgebruik"
	FieldGender         = "geslacht"
	FieldBirthDate      = "geboortedatum"
	FieldStreet         = "straat"
	FieldNumber         = "huisnummer"
	FieldAddition       = "toevoeging"
	FieldPostcode       = "postcode"
	FieldCity           = "woonplaats"
	FieldCountry        = "land"
	FieldPhoneMobile    = "telefoon"
	FieldPhoneWork      = "telefoon_werk"
	FieldPhonePrivate   = "telefoon_prive"
	FieldEmail          = "email" // import only: the imports use case puts it in email_prive or email_werk
	FieldEmailWork      = "email_werk"
	FieldEmailPrivate   = "email_prive"
	FieldDepartment     = "afdeling"
	FieldCostCentre     = "kostenplaats"
	FieldJobTitle       = "functie"
	FieldStart          = "datum_in_dienst"
	FieldEnd            = "datum_uit_dienst"
	FieldHours          = "uren_per_week"
)

// Length caps of the employee's free-text fields, in characters (TooLong beyond them).
// Generous for real names and addresses, small enough that a misplaced column (a whole address
// in "voorletters") is caught. MaxPersnr (rules.go) caps the personnel number.
const (
	MaxInitials      = 20
	MaxFirstName     = 80
	MaxFirstNames    = 200
	MaxPrefix        = 20
	MaxSurname       = 200
	MaxStreet        = 200
	MaxNumber        = 10
	MaxAddition      = 20
	MaxCity          = 100
	MaxCountry       = 60
	MaxDepartmentRef = 300 // a path "Utrecht/Magazijn" or a department code
	MaxCostCentre    = 60
	MaxJobTitle      = 120
)

// Name usages (naamgebruik), the allowed values of FieldNameUsage. internal/people's NameUsage
// constants must equal these (a test in people holds them together).
const (
	NameUsageOwn        = "own"         // own (birth) surname only
	NameUsagePartner    = "partner"     // partner's surname only
	NameUsagePartnerOwn = "partner-own" // partner's surname, then own: "Jansen-De Vries"
	NameUsageOwnPartner = "own-partner" // own surname, then partner's
)

// Genders (geslacht), the allowed values of FieldGender: M man, V vrouw, X not specified,
// O unknown.
const (
	GenderMan         = "M"
	GenderWoman       = "V"
	GenderUnspecified = "X"
	GenderUnknown     = "O"
)

// Kind is the rule a field's value follows.
type Kind int

// Kinds of employee fields.
const (
	KindText      Kind = iota // trimmed text, no control characters, at most Max characters
	KindBSN                   // BSN: nine digits passing the elfproef
	KindDate                  // a date (ParseDate), stored as jjjj-mm-dd
	KindPostcode              // checked for NL and BE, per the row's country
	KindCountry               // CountryCode; another country's name is text of at most Max
	KindPhone                 // Phone
	KindEmail                 // Email
	KindHours                 // Hours
	KindChoice                // one of Choices
	KindContract              // Contract: a contract type, as exports write it
	KindSector                // Sector: a UWV sector number 1-69
	KindRiskGroup             // RiskGroup: a risk premium group or a sector/risk group code
)

// EmployeeField is one row of the one table of employee fields.
type EmployeeField struct {
	Name     string
	Kind     Kind
	Required bool
	Max      int      // KindText, KindCountry: the length cap in characters
	Choices  []string // KindChoice: the allowed values
}

// EmployeeFields is the one table of employee fields, in the order of docs/CLI.md (and of the
// import template): their names, which are required, their kind and length caps. The importer
// takes its canonical columns and required columns from it, the employee form and the import
// check every value against it (CheckEmployee), so no rule exists twice.
var EmployeeFields = []EmployeeField{
	{Name: FieldPersnr, Kind: KindText, Required: true, Max: MaxPersnr},
	{Name: FieldBSN, Kind: KindBSN},
	{Name: FieldInitials, Kind: KindText, Max: MaxInitials},
	{Name: FieldFirstName, Kind: KindText, Max: MaxFirstName},
	{Name: FieldFirstNames, Kind: KindText, Max: MaxFirstNames},
	{Name: FieldPrefix, Kind: KindText, Max: MaxPrefix},
	{Name: FieldSurname, Kind: KindText, Required: true, Max: MaxSurname},
	{Name: FieldPartnerPrefix, Kind: KindText, Max: MaxPrefix},
	{Name: FieldPartnerSurname, Kind: KindText, Max: MaxSurname},
	{Name: FieldNameUsage, Kind: KindChoice, Choices: []string{NameUsageOwn, NameUsagePartner, NameUsagePartnerOwn, NameUsageOwnPartner}},
	{Name: FieldGender, Kind: KindChoice, Choices: []string{GenderMan, GenderWoman, GenderUnspecified, GenderUnknown}},
	{Name: FieldBirthDate, Kind: KindDate},
	{Name: FieldStreet, Kind: KindText, Max: MaxStreet},
	{Name: FieldNumber, Kind: KindText, Max: MaxNumber},
	{Name: FieldAddition, Kind: KindText, Max: MaxAddition},
	{Name: FieldPostcode, Kind: KindPostcode},
	{Name: FieldCity, Kind: KindText, Max: MaxCity},
	{Name: FieldCountry, Kind: KindCountry, Max: MaxCountry},
	{Name: FieldPhoneMobile, Kind: KindPhone},
	{Name: FieldPhoneWork, Kind: KindPhone},
	{Name: FieldPhonePrivate, Kind: KindPhone},
	{Name: FieldEmail, Kind: KindEmail},
	{Name: FieldEmailWork, Kind: KindEmail},
	{Name: FieldEmailPrivate, Kind: KindEmail},
	{Name: FieldDepartment, Kind: KindText, Required: true, Max: MaxDepartmentRef},
	{Name: FieldCostCentre, Kind: KindText, Max: MaxCostCentre},
	{Name: FieldJobTitle, Kind: KindText, Max: MaxJobTitle},
	{Name: FieldStart, Kind: KindDate, Required: true},
	{Name: FieldEnd, Kind: KindDate},
	{Name: FieldHours, Kind: KindHours},
	{Name: FieldContract, Kind: KindContract},
	{Name: FieldSector, Kind: KindSector},
	{Name: FieldRiskGroup, Kind: KindRiskGroup},
	{Name: FieldUWVRef, Kind: KindText, Max: MaxUWVRef},
}

var employeeFieldIndex = func() map[string]*EmployeeField {
	m := make(map[string]*EmployeeField, len(EmployeeFields))
	for i := range EmployeeFields {
		m[EmployeeFields[i].Name] = &EmployeeFields[i]
	}
	return m
}()

// LookupEmployeeField returns the table row of a field name.
func LookupEmployeeField(name string) (EmployeeField, bool) {
	f, ok := employeeFieldIndex[name]
	if !ok {
		return EmployeeField{}, false
	}
	return *f, true
}

// countryNames maps what people and payroll exports write for a country (lower case) to the ISO
// code of the countries whose postcodes Kluis checks.
var countryNames = map[string]string{
	"nl": CountryNL, "nld": CountryNL, "nederland": CountryNL, "netherlands": CountryNL,
	"the netherlands": CountryNL, "holland": CountryNL,
	"be": CountryBE, "bel": CountryBE, "belgië": CountryBE, "belgie": CountryBE, "belgium": CountryBE,
	"belgique": CountryBE,
}

// CountryCode maps a written country to NL or BE where Kluis checks postcodes; empty means the
// Netherlands; anything else is returned trimmed, as written.
func CountryCode(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return CountryNL
	}
	if code, ok := countryNames[strings.ToLower(v)]; ok {
		return code
	}
	return v
}

// FieldValue is one employee field of a row or a form: its name in EmployeeFields and a
// pointer to its text, which CheckEmployee normalises in place.
type FieldValue struct {
	Name  string
	Value *string
}

// CheckEmployee applies the rules of the one table to the given fields of one employee (a form
// or an import row), records every problem in f under the field's name, and normalises each
// value in place for storage: BSN as nine digits, postcode as "1234 AB", dates as jjjj-mm-dd,
// hours with a decimal point, the country as NL or BE where known, text trimmed. A required
// field that is given empty is Required; a field that is not given is not checked, so a form
// that picks a department by id leaves FieldDepartment out. Across fields: the postcode follows
// the country, the employment may start at most MaxStartAhead ahead of today, its end is not
// before its start, and the birth date is plausible (BirthDate).
//
// A name that is not in EmployeeFields is a programming error and panics.
func CheckEmployee(f FieldErrors, values []FieldValue, today time.Time) {
	country := CountryNL
	for _, v := range values {
		if v.Name == FieldCountry {
			*v.Value = checkCountry(f, *v.Value)
			country = *v.Value
		}
	}
	var start, end, birth time.Time
	var hours, contract, sector, riskGroup *string
	for _, v := range values {
		spec, ok := employeeFieldIndex[v.Name]
		if !ok {
			panic(fmt.Sprintf("validate: %q is not an employee field", v.Name))
		}
		switch spec.Kind {
		case KindText:
			*v.Value = Text(f, v.Name, *v.Value, spec.Required, spec.Max)
		case KindBSN:
			*v.Value = BSN(f, v.Name, *v.Value, spec.Required)
		case KindPostcode:
			*v.Value = Postcode(f, v.Name, *v.Value, country, spec.Required)
		case KindCountry:
			// done above: the postcode needs it first
		case KindPhone:
			*v.Value = Phone(f, v.Name, *v.Value)
		case KindEmail:
			*v.Value = Email(f, v.Name, *v.Value, spec.Required)
		case KindHours:
			*v.Value = Hours(f, v.Name, *v.Value)
			hours = v.Value
		case KindContract:
			*v.Value = Contract(f, v.Name, *v.Value)
			contract = v.Value
		case KindSector:
			*v.Value = Sector(f, v.Name, *v.Value)
			sector = v.Value
		case KindRiskGroup:
			*v.Value = RiskGroup(f, v.Name, *v.Value)
			riskGroup = v.Value
		case KindChoice:
			*v.Value = Choice(f, v.Name, *v.Value, spec.Required, spec.Choices...)
		case KindDate:
			d := Date(f, v.Name, *v.Value, spec.Required)
			*v.Value = ""
			if !d.IsZero() {
				*v.Value = d.Format(time.DateOnly)
			}
			switch v.Name {
			case FieldStart:
				start = d
			case FieldEnd:
				end = d
			case FieldBirthDate:
				birth = d
			}
		}
	}
	EmploymentStart(f, FieldStart, start, today)
	EndNotBeforeStart(f, FieldEnd, start, end)
	BirthDate(f, FieldBirthDate, birth, start, today)
	if hours != nil {
		c := ""
		if contract != nil {
			c = *contract
		}
		HoursFitContract(f, FieldHours, *hours, c)
	}
	if riskGroup != nil && sector != nil {
		RiskGroupMatchesSector(f, FieldRiskGroup, *riskGroup, *sector)
	}
}

// checkCountry is CountryCode, with another country's name capped like text.
func checkCountry(f FieldErrors, value string) string {
	c := CountryCode(value)
	if c == CountryNL || c == CountryBE {
		return c
	}
	return Text(f, FieldCountry, c, false, MaxCountry)
}
