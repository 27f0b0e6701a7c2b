package people

import (
	"strings"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Field names used in FieldErrors. They are the canonical import column names (CLI.md), so the
// importer can report a problem under the column it came from, and the form uses the same names.
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
	FieldEmailWork      = "email_werk"
	FieldEmailPrivate   = "email_prive"
	FieldDepartment     = "afdeling"
	FieldCostCentre     = "kostenplaats"
	FieldJobTitle       = "functie"
	FieldStart          = "datum_in_dienst"
	FieldEnd            = "datum_uit_dienst"
	FieldHours          = "uren_per_week"
	// Department form fields.
	FieldDepartmentName = "name"
	FieldDepartmentCode = "code"
)

// Length caps in characters (validate.TooLong beyond them). The same as the importer's caps.
const (
	MaxInitials       = 20
	MaxFirstName      = 80
	MaxFirstNames     = 200
	MaxPrefix         = 20
	MaxSurname        = 200
	MaxStreet         = 200
	MaxNumber         = 10
	MaxAddition       = 20
	MaxCity           = 100
	MaxCountry        = 60
	MaxDepartmentRef  = 300 // a path "Utrecht/Magazijn" or a code
	MaxDepartmentName = 100
	MaxDepartmentCode = 40
	MaxCostCentre     = 60
	MaxJobTitle       = 120
)

// EmployeeInput is an employee as a form or an import row gives it: text, validated and
// normalised by the Directory. Empty fields are empty strings.
type EmployeeInput struct {
	Persnr string
	// DepartmentID picks an existing department; when zero, Department is a path
	// ("Utrecht/Magazijn") or a department code, and missing departments along a path are
	// created.
	DepartmentID vault.ID
	Department   string

	Initials, FirstName, FirstNames, Prefix, Surname string
	PartnerPrefix, PartnerSurname                    string
	NameUsage                                        string // own, partner, partner-own, own-partner
	Gender                                           string // M, V, X, O
	BSN                                              string
	BirthDate                                        string

	Street, Number, Addition, Postcode, City string
	Country                                  string // NL (default), BE, or another country's name

	PhoneMobile, PhoneWork, PhonePrivate string
	EmailWork, EmailPrivate              string

	// The employment: start (required), end, hours per week, cost centre, job title.
	Start, End, Hours, CostCentre, JobTitle string
}

// checked is a validated input.
type checked struct {
	persnr  string
	deptRef string // trimmed path or code; empty when DepartmentID is set
	deptID  vault.ID
	ident   Identity
	job     Employment // without Department
}

// countryCode maps what people write for a country to the ISO code where Kluis checks postcodes.
func countryCode(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "nl", "nld", "nederland", "netherlands", "the netherlands", "holland":
		return CountryNL
	case "be", "bel", "belgië", "belgie", "belgium", "belgique":
		return CountryBE
	}
	return strings.TrimSpace(v)
}

// check validates every field at once (the form and the import show all problems together).
func (in *EmployeeInput) check(f validate.FieldErrors, today time.Time) checked {
	var c checked
	c.persnr = validate.Persnr(f, FieldPersnr, in.Persnr)
	if in.DepartmentID == (vault.ID{}) {
		c.deptRef = validate.Text(f, FieldDepartment, in.Department, true, MaxDepartmentRef)
	} else {
		c.deptID = in.DepartmentID
	}
	id := &c.ident
	id.Initials = validate.Text(f, FieldInitials, in.Initials, false, MaxInitials)
	id.FirstName = validate.Text(f, FieldFirstName, in.FirstName, false, MaxFirstName)
	id.FirstNames = validate.Text(f, FieldFirstNames, in.FirstNames, false, MaxFirstNames)
	id.Prefix = validate.Text(f, FieldPrefix, in.Prefix, false, MaxPrefix)
	id.Surname = validate.Text(f, FieldSurname, in.Surname, true, MaxSurname)
	id.PartnerPrefix = validate.Text(f, FieldPartnerPrefix, in.PartnerPrefix, false, MaxPrefix)
	id.PartnerSurname = validate.Text(f, FieldPartnerSurname, in.PartnerSurname, false, MaxSurname)
	id.NameUsage = NameUsage(validate.Choice(f, FieldNameUsage, in.NameUsage, false,
		string(NameOwn), string(NamePartner), string(NamePartnerOwn), string(NameOwnPartner)))
	id.Gender = validate.Choice(f, FieldGender, in.Gender, false, GenderM, GenderV, GenderX, GenderO)
	id.BSN = validate.BSN(f, FieldBSN, in.BSN, false)

	country := countryCode(in.Country)
	if country != CountryNL && country != CountryBE {
		country = validate.Text(f, FieldCountry, country, false, MaxCountry)
	}
	id.Address = Address{
		Street:   validate.Text(f, FieldStreet, in.Street, false, MaxStreet),
		Number:   validate.Text(f, FieldNumber, in.Number, false, MaxNumber),
		Addition: validate.Text(f, FieldAddition, in.Addition, false, MaxAddition),
		Postcode: validate.Postcode(f, FieldPostcode, in.Postcode, country, false),
		City:     validate.Text(f, FieldCity, in.City, false, MaxCity),
		Country:  country,
	}
	id.Phones = Phones{
		Mobile:  validate.Phone(f, FieldPhoneMobile, in.PhoneMobile),
		Work:    validate.Phone(f, FieldPhoneWork, in.PhoneWork),
		Private: validate.Phone(f, FieldPhonePrivate, in.PhonePrivate),
	}
	id.Emails = Emails{
		Work:    validate.Email(f, FieldEmailWork, in.EmailWork, false),
		Private: validate.Email(f, FieldEmailPrivate, in.EmailPrivate, false),
	}

	start := validate.Date(f, FieldStart, in.Start, true)
	end := validate.Date(f, FieldEnd, in.End, false)
	birth := validate.Date(f, FieldBirthDate, in.BirthDate, false)
	validate.EmploymentStart(f, FieldStart, start, today)
	validate.EndNotBeforeStart(f, FieldEnd, start, end)
	validate.BirthDate(f, FieldBirthDate, birth, start, today)
	id.BirthDate = dateString(birth)
	c.job = Employment{
		Start:      dateString(start),
		End:        dateString(end),
		Hours:      validate.Hours(f, FieldHours, in.Hours),
		CostCentre: validate.Text(f, FieldCostCentre, in.CostCentre, false, MaxCostCentre),
		JobTitle:   validate.Text(f, FieldJobTitle, in.JobTitle, false, MaxJobTitle),
	}
	return c
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// mergeIdentity lays the non-empty fields of in over old: an import or a form never erases a
// stored value by leaving a field empty (clear a value by editing it, see UpdateEmployee).
func mergeIdentity(old, in Identity) Identity {
	m := old
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&m.Initials, in.Initials)
	set(&m.FirstName, in.FirstName)
	set(&m.FirstNames, in.FirstNames)
	set(&m.Prefix, in.Prefix)
	set(&m.Surname, in.Surname)
	set(&m.PartnerPrefix, in.PartnerPrefix)
	set(&m.PartnerSurname, in.PartnerSurname)
	if in.NameUsage != "" {
		m.NameUsage = in.NameUsage
	}
	set(&m.Gender, in.Gender)
	set(&m.BSN, in.BSN)
	set(&m.BirthDate, in.BirthDate)
	if in.Address != (Address{}) && (in.Address.Street != "" || in.Address.Postcode != "" || in.Address.City != "" || in.Address.Number != "") {
		// An address is replaced as a whole when the input gives one, so parts do not mix.
		m.Address = in.Address
	}
	set(&m.Phones.Mobile, in.Phones.Mobile)
	set(&m.Phones.Work, in.Phones.Work)
	set(&m.Phones.Private, in.Phones.Private)
	set(&m.Emails.Work, in.Emails.Work)
	set(&m.Emails.Private, in.Emails.Private)
	return m
}

// mergeEmployment applies an input employment (with its department set) to the employments of
// an existing employee and reports whether the current employment was ended by it:
//   - an employment with the same start is updated (end, hours, cost centre, job title and
//     department when given);
//   - a start after the end of the last, ended employment is a re-hire: a new employment;
//   - any other start corrects the start of the last employment.
func mergeEmployment(emps []Employment, in Employment) ([]Employment, bool) {
	out := append([]Employment(nil), emps...)
	if len(out) == 0 {
		return append(out, in), false
	}
	last := &out[len(out)-1]
	wasOpen := last.End == ""
	target := -1
	for i := range out {
		if out[i].Start == in.Start {
			target = i
		}
	}
	if target < 0 && last.End != "" && in.Start > last.End {
		return append(out, in), false
	}
	if target < 0 {
		target = len(out) - 1
		out[target].Start = in.Start
	}
	e := &out[target]
	e.Department = in.Department
	if in.End != "" {
		e.End = in.End
	}
	if in.Hours != "" {
		e.Hours = in.Hours
	}
	if in.CostCentre != "" {
		e.CostCentre = in.CostCentre
	}
	if in.JobTitle != "" {
		e.JobTitle = in.JobTitle
	}
	ended := wasOpen && target == len(out)-1 && e.End != ""
	return out, ended
}
