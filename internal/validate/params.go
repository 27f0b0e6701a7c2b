package validate

// Field codes of the absence and sharing rules and of a BSN that is taken.
const (
	// BSNTaken: another employee of the same employer already has this BSN (Params: that
	// employee's persnr).
	BSNTaken Code = "bsn_taken"
	// BeforeEmployment: a first sick day before the employment started.
	BeforeEmployment Code = "before_employment"
	// OutsideEmployment: a first sick day in no employment, nor within four weeks after one ended.
	OutsideEmployment Code = "outside_employment"
	// AbsenceOverlap: a first sick day inside another spell of the same employee.
	AbsenceOverlap Code = "absence_overlap"
	// SickDayTooFarAhead: a first sick day further ahead than the sick report allows.
	SickDayTooFarAhead Code = "sick_day_too_far_ahead"
	// MedicalTerms: a free text names diagnoses, symptoms, body parts or medicines (Params: the
	// words found, shown back to the person who typed them).
	MedicalTerms Code = "medical_terms"
)

// Params are values shown back, per field, to the person who filled the form: the medical words
// found in their own text, the persnr of the employee who already has a BSN. They never appear
// in Error() and are never logged.
type Params map[string][]string

// Add appends values to a field's params.
func (p Params) Add(field string, values ...string) {
	p[field] = append(p[field], values...)
}

// ParamErrors is FieldErrors with params for some fields. errors.As finds the FieldErrors
// inside it (Unwrap), so code that knows only FieldErrors keeps working.
type ParamErrors struct {
	Fields FieldErrors
	Params Params
}

// Error is the FieldErrors' text: field names and codes, never a param.
func (e *ParamErrors) Error() string { return e.Fields.Error() }

// Unwrap gives the FieldErrors.
func (e *ParamErrors) Unwrap() error { return e.Fields }

// ErrWith returns f as an error (nil when empty), carrying p when p holds anything.
func (f FieldErrors) ErrWith(p Params) error {
	if len(f) == 0 {
		return nil
	}
	if len(p) == 0 {
		return f
	}
	return &ParamErrors{Fields: f, Params: p}
}
