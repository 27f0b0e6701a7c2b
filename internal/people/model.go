package people

import (
	"errors"
	"strings"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Record kinds of this package (see docs/adr/001-key-layout.md).
const (
	// KindDepartment is a department of an employer's tree, under the directory scope.
	KindDepartment vault.Kind = 0x21
	// KindEmployee is an employee's anonymised skeleton (persnr, department, employments,
	// share status), under the scope of the employee's current department: a manager's keys
	// neither open nor list the employees of other departments.
	KindEmployee vault.Kind = 0x22
	// KindIdentity is an employee's identity data (record id = employee id), under the scope of
	// the employee's current department.
	KindIdentity vault.Kind = 0x23
)

// Blind-index fields, and the exact-match fields of the in-memory index (ADR 014).
const (
	// IndexBSN is the nine digits of the BSN. Before format 3 also a blind-index field
	// (department scope, pointing at KindIdentity); now found in memory only.
	IndexBSN = "bsn"
	// IndexBirthPostcode is "jjjj-mm-dd|postcode" with the postcode as stored ("1234 AB"); like
	// IndexBSN, in memory only since format 3.
	IndexBirthPostcode = "birth_postcode"
	// IndexPersnr holds the employer id and the persnr (directory scope, points at
	// KindEmployee): every user can tell that a persnr is taken, without seeing by whom.
	IndexPersnr = "persnr"
)

// Sentinel errors. Their texts and the texts of errors wrapping them never contain identity data.
var (
	ErrEmployerNotFound   = errors.New("people: employer not found")
	ErrDepartmentNotFound = errors.New("people: department not found")
	ErrEmployeeNotFound   = errors.New("people: employee not found")
	// ErrDepartmentNotEmpty: the department (or a department below it) still has active employees
	// or departments that are not archived, so it cannot be archived.
	ErrDepartmentNotEmpty = errors.New("people: department still has active employees or departments")
	// ErrCycle: a department cannot move below itself or below one of its own descendants.
	ErrCycle = errors.New("people: a department cannot move below itself")
	// ErrOtherEmployer: departments and employees stay with their employer.
	ErrOtherEmployer = errors.New("people: the department belongs to another employer")
	// ErrNoOpenEmployment: there is no employment without an end date to end.
	ErrNoOpenEmployment = errors.New("people: the employee has no open employment")
	// ErrArchived: the department is archived and takes no employees.
	ErrArchived = errors.New("people: the department is archived")
)

// DateLayout is how dates are stored: jjjj-mm-dd, which sorts as text.
const DateLayout = "2006-01-02"

// Department is one node of an employer's org tree. Its name is not personal data; it is stored
// under the directory scope. Each department has its own scope, bound to it in the signed
// keyring (vault.Session.DepartmentScope), whose key seals its employees' skeletons and
// identities; the record itself names no key, so nobody can redirect it.
type Department struct {
	ID       vault.ID `json:"-"`
	Employer vault.ID `json:"employer"`
	Parent   vault.ID `json:"parent"` // zero: a top-level department
	Name     string   `json:"name"`
	Code     string   `json:"code,omitempty"` // optional, unique per employer (payroll department code)
	Archived bool     `json:"archived,omitempty"`
}

// Employment is one period of employment. Dates are jjjj-mm-dd; End is empty while it runs.
// The facts an arbo service needs (contract type, sector, risk group, UWV reference) are
// employment data, not identity data: they live here, in the skeleton, and may travel with
// the anonymised employment. Every field but Department and Start is optional and omitted
// when empty, so records written before a field existed open unchanged.
type Employment struct {
	Department vault.ID `json:"department"`
	Start      string   `json:"start"`
	End        string   `json:"end,omitempty"`
	Hours      string   `json:"hours,omitempty"` // per week, decimal point
	CostCentre string   `json:"costCentre,omitempty"`
	JobTitle   string   `json:"jobTitle,omitempty"`
	Contract   string   `json:"contract,omitempty"`  // validate.Contract* (fixed-term, permanent, on-call, agency)
	Sector     string   `json:"sector,omitempty"`    // UWV sector number, two digits ("05")
	RiskGroup  string   `json:"riskGroup,omitempty"` // risk premium group, or the 3-digit sector/risk group code
	UWVRef     string   `json:"uwvRef,omitempty"`    // UWV's reference (case or claim number)
}

// Employee is the anonymised skeleton every vault user sees: no name, BSN, birth date, address
// or contact details. Employments are in start order; the last one is the current one.
type Employee struct {
	ID          vault.ID     `json:"-"`
	Employer    vault.ID     `json:"employer"`
	Persnr      string       `json:"persnr"`
	Department  vault.ID     `json:"department"`
	Shared      bool         `json:"shared,omitempty"`
	Employments []Employment `json:"employments"`
}

// Current is the latest employment (nil if there is none).
func (e *Employee) Current() *Employment {
	if len(e.Employments) == 0 {
		return nil
	}
	return &e.Employments[len(e.Employments)-1]
}

// Active reports whether the latest employment has not ended before today (an employment that
// starts in the future counts as active: the person is expected).
func (e *Employee) Active(today time.Time) bool {
	c := e.Current()
	return c != nil && (c.End == "" || c.End >= today.Format(DateLayout))
}

// AnonymousLabel is how the tree shows an employee who is not shared: "Anoniem (Persnr 00042)".
func (e *Employee) AnonymousLabel() string { return "Anoniem (Persnr " + e.Persnr + ")" }

// Label is the tree label: the name when the employee is shared and the identity is readable,
// otherwise the anonymous label.
func (e *Employee) Label(id *Identity) string {
	if e.Shared && id != nil {
		if n := id.DisplayName(); n != "" {
			return n
		}
	}
	return e.AnonymousLabel()
}

func (e *Employee) clone() *Employee {
	c := *e
	c.Employments = append([]Employment(nil), e.Employments...)
	return &c
}

// NameUsage says which surname(s) a person uses (Dutch "naamgebruik").
type NameUsage string

// Name usages.
const (
	NameOwn        NameUsage = "own"         // own surname
	NamePartner    NameUsage = "partner"     // partner's surname
	NamePartnerOwn NameUsage = "partner-own" // partner's, then own
	NameOwnPartner NameUsage = "own-partner" // own, then partner's
)

// Gender codes: M, V (vrouw), X (not specified), O (unknown).
const (
	GenderM = "M"
	GenderV = "V"
	GenderX = "X"
	GenderO = "O"
)

// Countries Kluis checks postcodes for; any other country is kept as written.
const (
	CountryNL = validate.CountryNL
	CountryBE = validate.CountryBE
)

// Address is a postal address. Country is NL, BE or what was written for another country.
type Address struct {
	Street   string `json:"street,omitempty"`
	Number   string `json:"number,omitempty"`
	Addition string `json:"addition,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
	Country  string `json:"country,omitempty"`
}

// Phones are phone numbers as entered.
type Phones struct {
	Mobile  string `json:"mobile,omitempty"`
	Work    string `json:"work,omitempty"`
	Private string `json:"private,omitempty"`
}

// Emails are e-mail addresses.
type Emails struct {
	Work    string `json:"work,omitempty"`
	Private string `json:"private,omitempty"`
}

// Identity is an employee's identity data (NAW, BSN, birth date, contact details), sealed under
// the department scope of the employee's current department.
type Identity struct {
	Initials       string    `json:"initials,omitempty"`
	FirstName      string    `json:"firstName,omitempty"`  // roepnaam
	FirstNames     string    `json:"firstNames,omitempty"` // official first names
	Prefix         string    `json:"prefix,omitempty"`     // tussenvoegsel
	Surname        string    `json:"surname"`
	PartnerPrefix  string    `json:"partnerPrefix,omitempty"`
	PartnerSurname string    `json:"partnerSurname,omitempty"`
	NameUsage      NameUsage `json:"nameUsage,omitempty"`
	Gender         string    `json:"gender,omitempty"`
	BSN            string    `json:"bsn,omitempty"`
	BirthDate      string    `json:"birthDate,omitempty"` // jjjj-mm-dd
	Address        Address   `json:"address"`
	Phones         Phones    `json:"phones"`
	Emails         Emails    `json:"emails"`
}

func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// FamilyName is the surname as the person uses it (by NameUsage): "de Vries",
// "Jansen-de Vries", ...
func (i *Identity) FamilyName() string {
	own := join(i.Prefix, i.Surname)
	partner := join(i.PartnerPrefix, i.PartnerSurname)
	if partner == "" {
		return own
	}
	switch i.NameUsage {
	case NamePartner:
		return partner
	case NamePartnerOwn:
		return partner + "-" + own
	case NameOwnPartner:
		return own + "-" + partner
	}
	return own
}

// DisplayName is the first name (or the initials) and the family name: "Jan de Vries".
func (i *Identity) DisplayName() string {
	first := i.FirstName
	if first == "" {
		first = i.Initials
	}
	return join(first, i.FamilyName())
}

// NameFields are the name parts search hits carry when the identity is readable.
type NameFields struct {
	Initials       string    `json:"initials,omitempty"`
	FirstName      string    `json:"firstName,omitempty"`
	Prefix         string    `json:"prefix,omitempty"`
	Surname        string    `json:"surname"`
	PartnerPrefix  string    `json:"partnerPrefix,omitempty"`
	PartnerSurname string    `json:"partnerSurname,omitempty"`
	NameUsage      NameUsage `json:"nameUsage,omitempty"`
	Display        string    `json:"display"`
}

func (i *Identity) nameFields() NameFields {
	return NameFields{Initials: i.Initials, FirstName: i.FirstName, Prefix: i.Prefix, Surname: i.Surname,
		PartnerPrefix: i.PartnerPrefix, PartnerSurname: i.PartnerSurname, NameUsage: i.NameUsage,
		Display: i.DisplayName()}
}

// persnrIndexValue is the IndexPersnr value of a persnr at an employer.
func persnrIndexValue(employer vault.ID, persnr string) []byte {
	return append(employer[:len(employer):len(employer)], persnr...)
}

// indexValues are the blind-index values of an identity (empty when the parts are missing).
// holds reports whether i (nil: not opened) has value as its BSN (field IndexBSN) or birth date +
// postcode (IndexBirthPostcode).
func (i *Identity) holds(field, value string) bool {
	if i == nil || value == "" {
		return false
	}
	bsn, bp := i.indexValues()
	return (field == IndexBSN && bsn == value) || (field == IndexBirthPostcode && bp == value)
}

func (i *Identity) indexValues() (bsn, birthPostcode string) {
	if i.BirthDate != "" && i.Address.Postcode != "" {
		birthPostcode = i.BirthDate + "|" + i.Address.Postcode
	}
	return i.BSN, birthPostcode
}
