package validate

import (
	"strings"
	"time"
)

// Field codes for references, choices and the employment-start rule.
const (
	DateTooFarAhead Code = "date_too_far_ahead"
	Duplicate       Code = "duplicate"
	InvalidChoice   Code = "invalid_choice"
	UnknownRef      Code = "unknown_reference"
	// NotYourDepartment: the department exists, but the user's keys do not open it (a manager
	// works only in their own departments).
	NotYourDepartment Code = "not_your_department"
	// DatePast: a date that may not lie before today (the end of a share).
	DatePast Code = "date_past"
)

// MaxStartAhead is how far in the future an employment may start: contracts are signed ahead,
// but a start further away than this is almost always a typing error (2062 for 2026).
const MaxStartAhead = 1 // year

// EmploymentStart checks the start of an employment against today: a future start is allowed up
// to MaxStartAhead year(s) ahead (DateTooFarAhead beyond that). A zero start is not checked.
func EmploymentStart(f FieldErrors, field string, start, today time.Time) {
	if start.IsZero() {
		return
	}
	if start.After(today.AddDate(MaxStartAhead, 0, 0)) {
		f.Add(field, DateTooFarAhead)
	}
}

// MaxPersnr caps a personnel number (payroll systems use at most about 20 characters).
const MaxPersnr = 32

// Persnr checks a personnel number by its row of the one table (EmployeeFields): required,
// trimmed, at most MaxPersnr characters, no control characters. It is text: leading zeros and
// letters are kept exactly.
func Persnr(f FieldErrors, field, value string) string {
	spec := employeeFieldIndex[FieldPersnr]
	return Text(f, field, value, spec.Required, spec.Max)
}

// Choice checks that value (trimmed, compared case-insensitively) is one of allowed and returns
// the allowed spelling; empty is fine unless required.
func Choice(f FieldErrors, field, value string, required bool, allowed ...string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			f.Add(field, Required)
		}
		return ""
	}
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	f.Add(field, InvalidChoice)
	return ""
}

// PathSeparator refuses a '/' in a name that is itself a part of a '/'-separated path
// (a department name in "Utrecht/Magazijn").
const PathSeparator Code = "path_separator"
