package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRule_EmploymentStartMayLieAtMostOneYearAhead(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		start time.Time
		code  Code
	}{
		{"in the past", today.AddDate(-3, 0, 0), ""},
		{"today", today, ""},
		{"next month", today.AddDate(0, 1, 0), ""},
		{"exactly a year ahead", today.AddDate(1, 0, 0), ""},
		{"a year and a day ahead", today.AddDate(1, 0, 1), DateTooFarAhead},
		{"typo 2062", time.Date(2062, 1, 1, 0, 0, 0, 0, time.UTC), DateTooFarAhead},
		{"unknown", time.Time{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			EmploymentStart(f, "start", c.start, today)
			if f["start"] != c.code {
				t.Fatalf("got %q, want %q", f["start"], c.code)
			}
		})
	}
}

func TestRule_PersnrIsTextKeepingLeadingZerosAndCapped(t *testing.T) {
	cases := []struct {
		name, in, want string
		code           Code
	}{
		{"leading zeros kept", " 00042 ", "00042", ""},
		{"letters kept", "A-1002", "A-1002", ""},
		{"empty refused", "  ", "", Required},
		{"too long", strings.Repeat("1", MaxPersnr+1), "", TooLong},
		{"control characters", "12\t34", "", InvalidControls},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			got := Persnr(f, "persnr", c.in)
			if f["persnr"] != c.code || (c.code == "" && got != c.want) {
				t.Fatalf("got %q, %q; want %q, %q", got, f["persnr"], c.want, c.code)
			}
		})
	}
}

func TestRule_ChoiceAcceptsOnlyTheAllowedValues(t *testing.T) {
	f := FieldErrors{}
	if got := Choice(f, "g", " v ", false, "M", "V", "X", "O"); got != "V" || len(f) > 0 {
		t.Fatalf("got %q, %v", got, f)
	}
	Choice(f, "bad", "Q", false, "M", "V")
	Choice(f, "req", "", true, "M")
	if f["bad"] != InvalidChoice || f["req"] != Required || len(f) != 2 {
		t.Fatalf("%v", f)
	}
}

func TestNewCodesHaveEnglishTexts(t *testing.T) {
	for _, c := range []Code{DateTooFarAhead, Duplicate, InvalidChoice, UnknownRef, PathSeparator} {
		if codeText[c] == "" {
			t.Errorf("code %q has no text", c)
		}
	}
}

func TestFuzzSeedsArePresentForRuleTargets(t *testing.T) {
	for _, target := range []string{"FuzzPhone", "FuzzDateRules", "FuzzEmail"} {
		seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
		if err != nil || len(seeds) < 3 {
			t.Errorf("%s: %d seeds, %v", target, len(seeds), err)
		}
	}
}

// FuzzPhone: a kept number is the trimmed input with 8 to 15 digits; an error never echoes it.
func FuzzPhone(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		fe := FieldErrors{}
		got := Phone(fe, "phone", in)
		if got != "" {
			if got != strings.TrimSpace(in) || len(PhoneDigits(got)) < 8 || len(PhoneDigits(got)) > 15 || len(fe) > 0 {
				t.Fatalf("Phone(%q) = %q, %v", in, got, fe)
			}
		}
		if len(in) > 4 && len(fe) > 0 && strings.Contains(fe.Error(), in) {
			t.Fatal("the error repeats the input")
		}
	})
}

// FuzzDateRules: Date, BirthDate, EmploymentStart and EndNotBeforeStart never panic, a parsed
// date is midnight UTC, and a birth date after today is always refused.
func FuzzDateRules(f *testing.F) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, birth, start string) {
		fe := FieldErrors{}
		b := Date(fe, "birth", birth, false)
		s := Date(fe, "start", start, false)
		if (!b.IsZero() && (b.Hour() != 0 || b.Location() != time.UTC)) || (!s.IsZero() && s.Hour() != 0) {
			t.Fatalf("dates not at midnight UTC: %v %v", b, s)
		}
		BirthDate(fe, "birth", b, s, today)
		EmploymentStart(fe, "start", s, today)
		EndNotBeforeStart(fe, "end", s, b)
		if b.After(today) && fe["birth"] == "" {
			t.Fatalf("future birth date %v accepted", b)
		}
		if len(birth) > 4 && strings.Contains(fe.Error(), birth) {
			t.Fatal("the error repeats the input")
		}
	})
}

// FuzzEmail: an accepted address has exactly one @ and no spaces.
func FuzzEmail(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		fe := FieldErrors{}
		got := Email(fe, "email", in, false)
		if len(fe) == 0 && got != "" && (strings.Count(got, "@") != 1 || strings.ContainsAny(got, " \t\r\n")) {
			t.Fatalf("Email(%q) = %q", in, got)
		}
	})
}
