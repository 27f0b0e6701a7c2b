package agreement

import (
	"strings"
	"time"
	"unicode/utf8"

	"kluis/internal/validate"
)

// Basis is the ground on which the signatory may sign for the employer, as the Trade Register
// (KvK) extract shows it.
type Basis string

// Bases a signatory can have.
const (
	BasisAlone           Basis = "alone"             // zelfstandig bevoegd
	BasisJointly         Basis = "jointly"           // gezamenlijk bevoegd, with a co-signatory
	BasisPowerOfAttorney Basis = "power_of_attorney" // bij volmacht, within its limits
)

// Fields of the signatory form; validation errors come under these names.
const (
	FieldName        = "name"
	FieldFunction    = "function"
	FieldBasis       = "basis"
	FieldCoSignatory = "coSignatory"
	FieldPowerLimits = "powerLimits"
	FieldKvK         = "kvk"
	FieldExtractDate = "extractDate"
	FieldEmail       = "email"
)

// Length limits of the signatory's fields, in characters.
const (
	MaxName        = 200
	MaxFunction    = 200
	MaxPowerLimits = 2000
)

// dateLayout is how an extract date is stored and shown to code: jjjj-mm-dd.
const dateLayout = "2006-01-02"

// Signatory is the person recorded as authorised to sign the processor agreement. CoSignatory is
// set only for BasisJointly, PowerLimits only for BasisPowerOfAttorney. It is personal data and
// lives only sealed in the vault.
type Signatory struct {
	Name        string `json:"name"`
	Function    string `json:"function"`
	Basis       Basis  `json:"basis"`
	CoSignatory string `json:"coSignatory,omitempty"`
	PowerLimits string `json:"powerLimits,omitempty"`
	KvK         string `json:"kvk"`
	ExtractDate string `json:"extractDate"` // jjjj-mm-dd
	Email       string `json:"email"`
}

// ExtractTime is the extract date as a time (UTC midnight); zero if it does not parse.
func (s Signatory) ExtractTime() time.Time {
	t, err := time.Parse(dateLayout, s.ExtractDate)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Input is the signatory form as typed.
type Input struct {
	Name        string
	Function    string
	Basis       string
	CoSignatory string
	PowerLimits string
	KvK         string
	ExtractDate string // dd-mm-jjjj, jjjj-mm-dd or jjjjmmdd
	Email       string
}

// Check validates the form against the rules of docs/DOMAIN.md (processor agreement) and returns
// the normalised signatory, or every problem at once as validate.FieldErrors:
//   - name, function, basis, KvK number, extract date and e-mail are required;
//   - the KvK number is exactly 8 digits;
//   - the extract date is a real date, not after today;
//   - jointly needs the co-signatory's name, a power of attorney needs its limits; a field that
//     does not belong to the chosen basis is dropped.
//
// today is the current calendar date.
func Check(in Input, today time.Time) (Signatory, error) {
	f := validate.FieldErrors{}
	s := Signatory{
		Name:     validate.Text(f, FieldName, in.Name, true, MaxName),
		Function: validate.Text(f, FieldFunction, in.Function, true, MaxFunction),
		Basis: Basis(validate.Choice(f, FieldBasis, in.Basis, true,
			string(BasisAlone), string(BasisJointly), string(BasisPowerOfAttorney))),
		KvK:   validate.KvK(f, FieldKvK, in.KvK),
		Email: validate.Email(f, FieldEmail, in.Email, true),
	}
	switch s.Basis {
	case BasisJointly:
		s.CoSignatory = validate.Text(f, FieldCoSignatory, in.CoSignatory, true, MaxName)
	case BasisPowerOfAttorney:
		s.PowerLimits = multiline(f, FieldPowerLimits, in.PowerLimits, MaxPowerLimits)
	}
	if d := validate.Date(f, FieldExtractDate, in.ExtractDate, true); !d.IsZero() {
		y, m, day := today.Date()
		if d.After(time.Date(y, m, day, 0, 0, 0, 0, time.UTC)) {
			f.Add(FieldExtractDate, validate.DateFuture)
		}
		s.ExtractDate = d.Format(dateLayout)
	}
	if err := f.Err(); err != nil {
		return Signatory{}, err
	}
	return s, nil
}

// multiline is validate.Text for a required text area: line breaks are kept (as \n), other
// control characters are refused, and surrounding blank space is trimmed.
func multiline(f validate.FieldErrors, field, value string, maxLen int) string {
	v := strings.TrimSpace(strings.ReplaceAll(value, "\r\n", "\n"))
	switch {
	case v == "":
		f.Add(field, validate.Required)
	case utf8.RuneCountInString(v) > maxLen:
		f.Add(field, validate.TooLong)
	case strings.ContainsFunc(v, func(r rune) bool { return r != '\n' && (r < 0x20 || r == 0x7f) }):
		f.Add(field, validate.InvalidControls)
	}
	return v
}
