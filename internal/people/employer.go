package people

import (
	"fmt"
	"sort"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// KindEmployer is the record kind of an employer (see docs/adr/001-key-layout.md).
const KindEmployer vault.Kind = 0x20

// MaxEmployerName caps an employer's name, the Trade Register's limit for a trade name.
const MaxEmployerName = 200

// Employer is a legal entity whose employees the vault holds. Its facts are not personal data,
// but they are stored sealed like everything else.
//
// The facts an arbo service asks of an employer (issue #18) are optional and omitted when
// empty, so employer records written before they existed open unchanged.
type Employer struct {
	ID   vault.ID `json:"-"`
	KvK  string   `json:"kvk"`
	Name string   `json:"name"`
	EmployerFacts
}

// EmployerFacts are an employer's loonheffingennummer and addresses.
type EmployerFacts struct {
	// PayrollTaxNumber is the loonheffingennummer: RSIN (elfproef), 'L', two digits.
	PayrollTaxNumber string  `json:"payrollTaxNumber,omitempty"`
	VisitAddress     Address `json:"visitAddress,omitzero"`  // bezoekadres
	PostalAddress    Address `json:"postalAddress,omitzero"` // postadres (may be a Postbus)
}

// Employer fact field names in FieldErrors: "payrollTax", and "visit.<part>" / "postal.<part>"
// with part street, number, addition, postcode or city.
const (
	FieldPayrollTax    = "payrollTax"
	FieldVisitAddress  = "visit"
	FieldPostalAddress = "postal"
)

// checkFacts validates an employer's facts: the loonheffingennummer (validate.PayrollTaxNumber)
// and each address, which is Dutch: empty, or street, number, postcode (validate.Postcode) and
// town all given (a partial address reaches nobody), the addition optional.
func checkFacts(f validate.FieldErrors, in EmployerFacts) EmployerFacts {
	return EmployerFacts{
		PayrollTaxNumber: validate.PayrollTaxNumber(f, FieldPayrollTax, in.PayrollTaxNumber),
		VisitAddress:     checkEmployerAddress(f, FieldVisitAddress, in.VisitAddress),
		PostalAddress:    checkEmployerAddress(f, FieldPostalAddress, in.PostalAddress),
	}
}

func checkEmployerAddress(f validate.FieldErrors, prefix string, a Address) Address {
	out := Address{
		Street:   validate.Text(f, prefix+".street", a.Street, false, MaxStreet),
		Number:   validate.Text(f, prefix+".number", a.Number, false, MaxNumber),
		Addition: validate.Text(f, prefix+".addition", a.Addition, false, MaxAddition),
		Postcode: validate.Postcode(f, prefix+".postcode", a.Postcode, CountryNL, false),
		City:     validate.Text(f, prefix+".city", a.City, false, MaxCity),
	}
	if out.Street == "" && out.Number == "" && out.Addition == "" && a.Postcode == "" && out.City == "" {
		return Address{}
	}
	for part, v := range map[string]string{"street": out.Street, "number": out.Number, "postcode": a.Postcode, "city": out.City} {
		if v == "" {
			f.Add(prefix+"."+part, validate.Required)
		}
	}
	out.Country = CountryNL
	return out
}

// NewEmployer validates an employer's name and KvK number. Field problems are reported under
// the given field names, so a form can show them where they belong.
func NewEmployer(f validate.FieldErrors, nameField, name, kvkField, kvk string) Employer {
	return Employer{
		ID:   vault.NewID(),
		Name: validate.Text(f, nameField, name, true, MaxEmployerName),
		KvK:  validate.KvK(f, kvkField, kvk),
	}
}

// SaveEmployer stores an employer under the directory scope, which every user of the vault holds.
func SaveEmployer(tx *vault.Tx, scope vault.ScopeID, e Employer) error {
	if err := vault.PutJSON(tx, KindEmployer, e.ID, scope, &e); err != nil {
		return fmt.Errorf("save employer: %w", err)
	}
	return nil
}

// Employers lists the vault's employers by name.
func Employers(tx *vault.Tx) ([]Employer, error) {
	var out []Employer
	err := tx.Iterate(KindEmployer, func(id vault.ID, r vault.Sealed) error {
		e, err := vault.OpenJSON[Employer](r)
		if err != nil {
			return fmt.Errorf("open employer %s: %w", id, err)
		}
		e.ID = id
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
