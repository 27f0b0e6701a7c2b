package people

import (
	"context"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Field names used in FieldErrors: the names of the one table of employee fields
// (validate.EmployeeFields), which are also the canonical import columns (CLI.md), so the import
// reports a problem under the column it came from and the form uses the same names.
const (
	FieldPersnr         = validate.FieldPersnr
	FieldBSN            = validate.FieldBSN
	FieldInitials       = validate.FieldInitials
	FieldFirstName      = validate.FieldFirstName
	FieldFirstNames     = validate.FieldFirstNames
	FieldPrefix         = validate.FieldPrefix
	FieldSurname        = validate.FieldSurname
	FieldPartnerPrefix  = validate.FieldPartnerPrefix
	FieldPartnerSurname = validate.FieldPartnerSurname
	FieldNameUsage      = validate.FieldNameUsage
	FieldGender         = validate.FieldGender
	FieldBirthDate      = validate.FieldBirthDate
	FieldStreet         = validate.FieldStreet
	FieldNumber         = validate.FieldNumber
	FieldAddition       = validate.FieldAddition
	FieldPostcode       = validate.FieldPostcode
	FieldCity           = validate.FieldCity
	FieldCountry        = validate.FieldCountry
	FieldPhoneMobile    = validate.FieldPhoneMobile
	FieldPhoneWork      = validate.FieldPhoneWork
	FieldPhonePrivate   = validate.FieldPhonePrivate
	FieldEmailWork      = validate.FieldEmailWork
	FieldEmailPrivate   = validate.FieldEmailPrivate
	FieldDepartment     = validate.FieldDepartment
	FieldCostCentre     = validate.FieldCostCentre
	FieldJobTitle       = validate.FieldJobTitle
	FieldStart          = validate.FieldStart
	FieldEnd            = validate.FieldEnd
	FieldHours          = validate.FieldHours
	FieldContract       = validate.FieldContract
	FieldSector         = validate.FieldSector
	FieldRiskGroup      = validate.FieldRiskGroup
	FieldUWVRef         = validate.FieldUWVRef
	// Department form fields.
	FieldDepartmentName = "name"
	FieldDepartmentCode = "code"
)

// Length caps in characters (validate.TooLong beyond them): the one table's caps
// (validate.EmployeeFields), named here for this package's callers, plus the department
// form's own two.
const (
	MaxInitials       = validate.MaxInitials
	MaxFirstName      = validate.MaxFirstName
	MaxFirstNames     = validate.MaxFirstNames
	MaxPrefix         = validate.MaxPrefix
	MaxSurname        = validate.MaxSurname
	MaxStreet         = validate.MaxStreet
	MaxNumber         = validate.MaxNumber
	MaxAddition       = validate.MaxAddition
	MaxCity           = validate.MaxCity
	MaxCountry        = validate.MaxCountry
	MaxDepartmentRef  = validate.MaxDepartmentRef
	MaxDepartmentName = 100
	MaxDepartmentCode = 40
	MaxCostCentre     = validate.MaxCostCentre
	MaxJobTitle       = validate.MaxJobTitle
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
	// The employment facts an arbo service needs: contract type, sector, risk (premium) group,
	// UWV reference.
	Contract, Sector, RiskGroup, UWVRef string
}

// Fields lists the input's text fields by their name in the one table (validate.EmployeeFields),
// as pointers into in: the only place that ties a field name to an EmployeeInput member. The
// import fills an input through it; check validates through it.
func (in *EmployeeInput) Fields() []validate.FieldValue {
	a := in.FieldArray()
	return a[:]
}

// FieldCount is the number of fields Fields lists.
const FieldCount = 33

// FieldArray is Fields as an array, which stays on the caller's stack: a row's fields cost no
// allocation (an import walks them twice a row).
func (in *EmployeeInput) FieldArray() [FieldCount]validate.FieldValue {
	return [...]validate.FieldValue{
		{Name: FieldPersnr, Value: &in.Persnr}, {Name: FieldBSN, Value: &in.BSN},
		{Name: FieldInitials, Value: &in.Initials}, {Name: FieldFirstName, Value: &in.FirstName},
		{Name: FieldFirstNames, Value: &in.FirstNames}, {Name: FieldPrefix, Value: &in.Prefix},
		{Name: FieldSurname, Value: &in.Surname}, {Name: FieldPartnerPrefix, Value: &in.PartnerPrefix},
		{Name: FieldPartnerSurname, Value: &in.PartnerSurname}, {Name: FieldNameUsage, Value: &in.NameUsage},
		{Name: FieldGender, Value: &in.Gender}, {Name: FieldBirthDate, Value: &in.BirthDate},
		{Name: FieldStreet, Value: &in.Street}, {Name: FieldNumber, Value: &in.Number},
		{Name: FieldAddition, Value: &in.Addition}, {Name: FieldPostcode, Value: &in.Postcode},
		{Name: FieldCity, Value: &in.City}, {Name: FieldCountry, Value: &in.Country},
		{Name: FieldPhoneMobile, Value: &in.PhoneMobile}, {Name: FieldPhoneWork, Value: &in.PhoneWork},
		{Name: FieldPhonePrivate, Value: &in.PhonePrivate}, {Name: FieldEmailWork, Value: &in.EmailWork},
		{Name: FieldEmailPrivate, Value: &in.EmailPrivate}, {Name: FieldDepartment, Value: &in.Department},
		{Name: FieldCostCentre, Value: &in.CostCentre}, {Name: FieldJobTitle, Value: &in.JobTitle},
		{Name: FieldStart, Value: &in.Start}, {Name: FieldEnd, Value: &in.End}, {Name: FieldHours, Value: &in.Hours},
		{Name: FieldContract, Value: &in.Contract}, {Name: FieldSector, Value: &in.Sector},
		{Name: FieldRiskGroup, Value: &in.RiskGroup}, {Name: FieldUWVRef, Value: &in.UWVRef},
	} // [...]: a count other than FieldCount does not compile
}

// checked is a validated input.
type checked struct {
	persnr  string
	deptRef string // trimmed path or code; empty when DepartmentID is set
	deptID  vault.ID
	ident   Identity
	job     Employment // without Department
}

// check validates every field at once (the form and the import show all problems together)
// with the one table's rules (validate.CheckEmployee).
func (in *EmployeeInput) check(f validate.FieldErrors, today time.Time) checked {
	var n EmployeeInput
	return in.checkIn(&n, f, today)
}

// checkIn is check with the copy that is normalised (the caller's input stays as given) in
// scratch, which an import reuses for every row.
func (in *EmployeeInput) checkIn(n *EmployeeInput, f validate.FieldErrors, today time.Time) checked {
	*n = *in
	all := n.FieldArray()
	fields := all[:]
	if n.DepartmentID != (vault.ID{}) {
		fields = slices.DeleteFunc(fields, func(v validate.FieldValue) bool { return v.Name == FieldDepartment })
	}
	validate.CheckEmployee(f, fields, today)
	c := checked{persnr: n.Persnr, deptID: n.DepartmentID}
	if c.deptID == (vault.ID{}) {
		c.deptRef = n.Department
	}
	c.ident = Identity{
		Initials: n.Initials, FirstName: n.FirstName, FirstNames: n.FirstNames, Prefix: n.Prefix, Surname: n.Surname,
		PartnerPrefix: n.PartnerPrefix, PartnerSurname: n.PartnerSurname, NameUsage: NameUsage(n.NameUsage),
		Gender: n.Gender, BSN: n.BSN, BirthDate: n.BirthDate,
		Address: Address{Street: n.Street, Number: n.Number, Addition: n.Addition, Postcode: n.Postcode,
			City: n.City, Country: n.Country},
		Phones: Phones{Mobile: n.PhoneMobile, Work: n.PhoneWork, Private: n.PhonePrivate},
		Emails: Emails{Work: n.EmailWork, Private: n.EmailPrivate},
	}
	c.job = Employment{Start: n.Start, End: n.End, Hours: n.Hours, CostCentre: n.CostCentre, JobTitle: n.JobTitle,
		Contract: n.Contract, Sector: n.Sector, RiskGroup: n.RiskGroup, UWVRef: n.UWVRef}
	return c
}

// CheckInputs applies the field rules to import rows without a vault (a dry run of a file on
// its own): every field of every row (the one table, as check does) and the persnr unique
// among the rows (checkRows). Department references are not resolved: that needs the
// Directory, and PlanImport does it. It returns the invalid rows, in row order; ctx is checked
// every ctxEvery rows.
func CheckInputs(ctx context.Context, rows []EmployeeInput, today time.Time) ([]RowError, error) {
	_, bad, err := checkRows(ctx, rows, today)
	return bad, err
}

// checkRows checks the rows of an import: every field rule of each row, on every core (a row's
// rules look at that row alone), and then, in row order, that each persnr is unique among the
// rows before it (a persnr twice names the row it was first on). It returns each row checked
// and the rows with a problem, in row order; ctx is checked every ctxEvery rows.
func checkRows(ctx context.Context, rows []EmployeeInput, today time.Time) ([]checked, []RowError, error) {
	cs := make([]checked, len(rows))
	problems := make([]validate.FieldErrors, len(rows)) // nil: none
	var next atomic.Int64                               // the next chunk of ctxEvery rows to check
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 1+len(rows)/(4*ctxEvery)) {
		wg.Go(func() {
			f := validate.FieldErrors{} // reused: most rows have no problem
			var scratch EmployeeInput
			for ctx.Err() == nil {
				from := int(next.Add(ctxEvery)) - ctxEvery
				if from >= len(rows) {
					return
				}
				for i := from; i < min(from+ctxEvery, len(rows)); i++ {
					cs[i] = rows[i].checkIn(&scratch, f, today)
					if len(f) > 0 {
						problems[i] = maps.Clone(f)
						clear(f)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var bad []RowError
	first := make(map[string]int, len(rows))
	for i := range cs {
		firstRow := 0
		if p := cs[i].persnr; p != "" {
			if j, dup := first[p]; dup {
				if problems[i] == nil {
					problems[i] = validate.FieldErrors{}
				}
				problems[i].Add(FieldPersnr, validate.Duplicate)
				firstRow = j
			} else {
				first[p] = i
			}
		}
		if problems[i] != nil {
			bad = append(bad, RowError{Row: i, Fields: problems[i], FirstRow: firstRow})
		}
	}
	return cs, bad, nil
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
//   - an employment with the same start is updated (end, hours, cost centre, job title, the
//     employment facts and department when given);
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
	if in.Contract != "" {
		e.Contract = in.Contract
	}
	if in.Sector != "" {
		e.Sector = in.Sector
	}
	if in.RiskGroup != "" {
		e.RiskGroup = in.RiskGroup
	}
	if in.UWVRef != "" {
		e.UWVRef = in.UWVRef
	}
	ended := wasOpen && target == len(out)-1 && e.End != ""
	return out, ended
}
