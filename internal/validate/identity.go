package validate

import (
	"strconv"
	"strings"
	"time"
)

// Field codes for identity and employment data (docs/DOMAIN.md "Validation").
const (
	BSNFormat            Code = "bsn_format"
	BSNElfproef          Code = "bsn_elfproef"
	PostcodeFormat       Code = "postcode_format"
	PhoneFormat          Code = "phone_format"
	DateFormat           Code = "date_format"
	DateFuture           Code = "date_future"
	BirthDateImplausible Code = "birth_date_implausible"
	EndBeforeStart       Code = "end_before_start"
	HoursFormat          Code = "hours_format"
)

// ValidBSN reports whether s is exactly nine digits that pass the elfproef and are not all zeros.
func ValidBSN(s string) bool {
	if len(s) != 9 || s == "000000000" {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i < 8 {
			sum += (9 - i) * d
		} else {
			sum -= d
		}
	}
	return sum%11 == 0
}

// BSN checks a citizen service number and returns its nine digits. Spaces and dots are ignored;
// an 8-digit number gets a leading zero (older systems dropped it).
func BSN(f FieldErrors, field, value string, required bool) string {
	v := withoutSpacesAndDots(value)
	switch {
	case v == "":
		if required {
			f.Add(field, Required)
		}
		return ""
	case !allDigits(v) || len(v) < 8 || len(v) > 9:
		f.Add(field, BSNFormat)
		return ""
	}
	if len(v) == 8 {
		v = "0" + v
	}
	if !ValidBSN(v) {
		f.Add(field, BSNElfproef)
		return ""
	}
	return v
}

// Countries whose postcodes Kluis checks; other countries' postcodes are free text.
const (
	CountryNL = "NL"
	CountryBE = "BE"
)

// MaxForeignPostcode caps a postcode of a country Kluis does not check.
const MaxForeignPostcode = 16

// Postcode checks a postcode for a country (ISO code; "" means NL) and returns it normalised:
// Dutch as "1234 AB" (four digits not starting with 0, two letters, not SA, SD or SS), Belgian as
// four digits 1000–9999; others trimmed and capped.
func Postcode(f FieldErrors, field, value, country string, required bool) string {
	v := strings.ToUpper(strings.TrimSpace(value))
	if v == "" {
		if required {
			f.Add(field, Required)
		}
		return ""
	}
	switch strings.ToUpper(strings.TrimSpace(country)) {
	case "", CountryNL:
		compact := strings.ReplaceAll(v, " ", "")
		if len(compact) != 6 || !allDigits(compact[:4]) || compact[0] == '0' || !allLetters(compact[4:]) {
			f.Add(field, PostcodeFormat)
			return ""
		}
		if l := compact[4:]; l == "SA" || l == "SD" || l == "SS" {
			f.Add(field, PostcodeFormat)
			return ""
		}
		return compact[:4] + " " + compact[4:]
	case CountryBE:
		if len(v) != 4 || !allDigits(v) || v[0] == '0' {
			f.Add(field, PostcodeFormat)
			return ""
		}
		return v
	default:
		return Text(f, field, v, required, MaxForeignPostcode)
	}
}

// Phone checks a phone number: only digits, spaces, '+', '-', '(' and ')', with 8 to 15 digits.
// It is stored as entered (trimmed); compare numbers with PhoneDigits.
func Phone(f FieldErrors, field, value string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		return ""
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '+' || r == '-' || r == '(' || r == ')':
		default:
			f.Add(field, PhoneFormat)
			return ""
		}
	}
	if digits < 8 || digits > 15 {
		f.Add(field, PhoneFormat)
		return ""
	}
	return v
}

// PhoneDigits keeps only the digits of a phone number, for comparing two numbers.
func PhoneDigits(v string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, v)
}

// dateLayouts are the date forms payroll exports and people use, most common first.
var dateLayouts = []string{"02-01-2006", "2-1-2006", "2006-01-02", "20060102", "02/01/2006", "2/1/2006", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// ParseDate reads a calendar date in one of the accepted forms (dd-mm-jjjj, jjjj-mm-dd, jjjjmmdd,
// dd/mm/jjjj or an ISO timestamp). Impossible dates such as 31-02-2020 are refused.
func ParseDate(value string) (time.Time, bool) {
	v := strings.TrimSpace(value)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

// Date checks a date field and returns it (zero when empty or invalid).
func Date(f FieldErrors, field, value string, required bool) time.Time {
	if strings.TrimSpace(value) == "" {
		if required {
			f.Add(field, Required)
		}
		return time.Time{}
	}
	t, ok := ParseDate(value)
	if !ok {
		f.Add(field, DateFormat)
	}
	return t
}

// BirthDate checks that a birth date lies in the past (relative to today) and that the person was
// 14 to 100 years old at the employment start (when that is known).
func BirthDate(f FieldErrors, field string, birth, employmentStart, today time.Time) {
	if birth.IsZero() {
		return
	}
	if birth.After(today) {
		f.Add(field, DateFuture)
		return
	}
	if employmentStart.IsZero() {
		employmentStart = today
	}
	age := employmentStart.Year() - birth.Year()
	if employmentStart.Month() < birth.Month() || (employmentStart.Month() == birth.Month() && employmentStart.Day() < birth.Day()) {
		age-- // no birthday yet that year
	}
	if age < 14 || age > 100 {
		f.Add(field, BirthDateImplausible)
	}
}

// EndNotBeforeStart checks an employment's end against its start (an open end is fine).
func EndNotBeforeStart(f FieldErrors, field string, start, end time.Time) {
	if !end.IsZero() && !start.IsZero() && end.Before(start) {
		f.Add(field, EndBeforeStart)
	}
}

// MaxHours caps the hours per week of one employment: the Arbeidstijdenwet allows at most 60
// hours of work in any single week (art. 5:7), so more is a typing error (a month's or a
// fortnight's hours). Zero is allowed here and refused by HoursFitContract unless the contract
// is on-call (a zero-hours contract).
const MaxHours = 60

// Hours reads weekly working hours written with a decimal comma or point (32,5 or 32.5), from 0
// to MaxHours, and returns them with a decimal point.
func Hours(f FieldErrors, field, value string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		return ""
	}
	h, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || h < 0 || h > MaxHours || h != h {
		f.Add(field, HoursFormat)
		return ""
	}
	return strconv.FormatFloat(h, 'f', -1, 64)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}
