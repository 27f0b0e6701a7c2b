package validate

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Code is a stable, translatable reason a field was refused.
type Code string

// Field codes. The frontend's catalogue has a text for each.
const (
	Required        Code = "required"
	KvKFormat       Code = "kvk_format"
	EmailFormat     Code = "email_format"
	TooLong         Code = "too_long"
	PassphraseWeak  Code = "passphrase_weak"
	InvalidControls Code = "invalid_characters"
)

// English texts for the CLI and for logs; the UI uses its own nl/en catalogue.
var codeText = map[Code]string{
	Required:        "is required",
	KvKFormat:       "must be exactly 8 digits",
	EmailFormat:     "is not a valid e-mail address",
	TooLong:         "is too long",
	PassphraseWeak:  "is too weak",
	InvalidControls: "contains control characters",

	BSNFormat:            "must be 9 digits (8 digits get a leading zero)",
	BSNElfproef:          "is not a valid BSN (elfproef)",
	PostcodeFormat:       "is not a valid postcode for the country",
	PhoneFormat:          "must hold 8 to 15 digits and only spaces, +, -, ( and )",
	DateFormat:           "is not a date (use dd-mm-jjjj, jjjj-mm-dd or jjjjmmdd)",
	DateFuture:           "lies in the future",
	BirthDateImplausible: "is implausible (age at employment start must be 14 to 100)",
	EndBeforeStart:       "lies before the start date",
	HoursFormat:          "must be a number of hours from 0 to 60 (decimal comma or point; the Arbeidstijdenwet allows at most 60 a week)",
	DateTooFarAhead:      "lies more than a year in the future",
	Duplicate:            "appears more than once",
	InvalidChoice:        "is not one of the allowed values",
	UnknownRef:           "does not refer to an existing item",
	PathSeparator:        "must not contain a /",

	BSNTaken:           "belongs to another employee of this employer",
	BeforeEmployment:   "lies before the employment started",
	OutsideEmployment:  "lies outside the employment (or more than four weeks after it ended)",
	AbsenceOverlap:     "overlaps another absence",
	SickDayTooFarAhead: "lies more than 7 days in the future",
	SectorFormat:       "is not a UWV sector number (1 to 69)",
	RiskGroupFormat:    "is not a risk premium group (1 or 2 digits) nor a sector/risk group code (3 digits)",
	RiskGroupSector:    "names another sector than the sector field",
	HoursZero:          "may be 0 only for an on-call (zero-hours) contract",
	PayrollTaxFormat:   "is not a loonheffingennummer (9 digits passing the elfproef, L, 2 digits, e.g. 123456782L01)",
	MedicalTerms:       "holds medical details (diagnoses, symptoms, body parts, medicines); rewrite it without them",
}

// Describe is the code's English text, for the CLI and logs.
func (c Code) Describe() string {
	if text, ok := codeText[c]; ok {
		return text
	}
	return string(c)
}

// FieldErrors maps a field name to the reason it was refused. A nil or empty value means valid.
type FieldErrors map[string]Code

// Add records the first problem of a field; later problems of the same field are ignored.
func (f FieldErrors) Add(field string, c Code) {
	if _, ok := f[field]; !ok {
		f[field] = c
	}
}

// Err returns f as an error, or nil when it is empty.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// Error lists the fields in a stable order, without their values.
func (f FieldErrors) Error() string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %s", n, f[n].Describe())
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// HasControl reports characters no stored text may hold: C0 control characters (tab and line
// breaks included: every field is one line), DEL, C1 control characters, and the replacement
// character U+FFFD, which is what a byte that could not be decoded becomes.
func HasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError
	})
}

// Text fills a required or optional free-text field: trims it, refuses control characters
// (HasControl), and caps its length in characters.
func Text(f FieldErrors, field, value string, required bool, maxLen int) string {
	v := strings.TrimSpace(value)
	switch {
	case v == "" && required:
		f.Add(field, Required)
	case utf8.RuneCountInString(v) > maxLen:
		f.Add(field, TooLong)
	case HasControl(v):
		f.Add(field, InvalidControls)
	}
	return v
}

// KvK checks a Chamber of Commerce number: exactly 8 digits (spaces and dots, as people type
// them, are ignored). It returns the 8 digits.
func KvK(f FieldErrors, field, value string) string {
	v := withoutSpacesAndDots(value)
	switch {
	case v == "":
		f.Add(field, Required)
	case len(v) != 8 || strings.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' }):
		f.Add(field, KvKFormat)
	}
	return v
}

// MaxEmailLen is the longest address RFC 5321 allows in a path.
const MaxEmailLen = 254

// Email checks a plausible address: one @, a non-empty local part, a domain with a dot between
// non-empty labels, no spaces. It returns the address trimmed, with the domain lower-cased.
func Email(f FieldErrors, field, value string, required bool) string {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			f.Add(field, Required)
		}
		return v
	}
	if len(v) > MaxEmailLen {
		f.Add(field, TooLong)
		return v
	}
	local, domain, ok := strings.Cut(v, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(v, " \t\r\n") || HasControl(v) {
		f.Add(field, EmailFormat)
		return v
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		f.Add(field, EmailFormat)
		return v
	}
	for _, l := range labels {
		if l == "" {
			f.Add(field, EmailFormat)
			return v
		}
	}
	return local + "@" + strings.ToLower(domain)
}

// withoutSpacesAndDots drops the spaces and dots people type inside numbers (1234 5678, 1234.56.782).
func withoutSpacesAndDots(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' {
			return -1
		}
		return r
	}, s)
}
