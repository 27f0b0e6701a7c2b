package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBSNElfproefFromDomainRules(t *testing.T) {
	cases := []struct {
		name, in, want string
		code           Code
	}{
		{"valid example 111222333", "111222333", "111222333", ""},
		{"valid example 123456782", "123456782", "123456782", ""},
		{"typed with dots and spaces", "1234.56.782", "123456782", ""},
		{"eight digits get a leading zero", "11122233", "", BSNElfproef}, // 011122233 fails the elfproef
		{"eight digits valid after padding", "12345672", "012345672", ""},
		{"fails the elfproef", "123456789", "", BSNElfproef},
		{"all zeros", "000000000", "", BSNElfproef},
		{"letters", "12345678a", "", BSNFormat},
		{"ten digits", "1234567890", "", BSNFormat},
		{"seven digits", "1234567", "", BSNFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			got := BSN(f, "bsn", c.in, false)
			if f["bsn"] != c.code || got != c.want {
				t.Fatalf("BSN(%q) = %q, %q; want %q, %q", c.in, got, f["bsn"], c.want, c.code)
			}
		})
	}
	if f := (FieldErrors{}); BSN(f, "bsn", "", true) != "" || f["bsn"] != Required {
		t.Fatal("an empty required BSN must be refused as required")
	}
}

func TestPostcodeRulesPerCountry(t *testing.T) {
	cases := []struct {
		name, in, country, want string
		code                    Code
	}{
		{"NL lower case without space", "1234ab", "NL", "1234 AB", ""},
		{"NL with space", "1234 AB", "", "1234 AB", ""},
		{"NL starting with 0", "0123 AB", "NL", "", PostcodeFormat},
		{"NL letters SA", "1234 SA", "NL", "", PostcodeFormat},
		{"NL letters SD", "1234SD", "NL", "", PostcodeFormat},
		{"NL letters SS", "1234 ss", "NL", "", PostcodeFormat},
		{"NL five digits", "12345", "NL", "", PostcodeFormat},
		{"BE four digits", "2000", "BE", "2000", ""},
		{"BE below 1000", "0999", "BE", "", PostcodeFormat},
		{"BE with letters", "20AB", "BE", "", PostcodeFormat},
		{"other country free text", "SW1A 1AA", "GB", "SW1A 1AA", ""},
		{"other country too long", strings.Repeat("9", 17), "DE", "", TooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			got := Postcode(f, "postcode", c.in, c.country, false)
			if f["postcode"] != c.code || (c.code == "" && got != c.want) {
				t.Fatalf("got %q, %q; want %q, %q", got, f["postcode"], c.want, c.code)
			}
		})
	}
}

func TestPhoneAllowsDigitsSpacesPlusDashesBracketsAnd8To15Digits(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"06-12345678", true}, {"+31 (0)20 123 4567", true}, {"020 1234567", true},
		{"1234567", false}, {"+31 6 1234 5678 90123", false}, {"06/12345678", false}, {"call 0612345678", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			f := FieldErrors{}
			got := Phone(f, "phone", c.in)
			if (len(f) == 0) != c.ok || (c.ok && got != c.in) {
				t.Fatalf("Phone(%q) = %q, %v", c.in, got, f)
			}
		})
	}
	if PhoneDigits("+31 (0)6-1234") != "31061234" {
		t.Fatal("PhoneDigits keeps only digits")
	}
}

func TestDatesInTheFormsPayrollExportsUse(t *testing.T) {
	want := time.Date(1985, 3, 12, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"12-03-1985", "12-3-1985", "1985-03-12", "19850312", "12/03/1985", "1985-03-12T00:00:00Z", "1985-03-12T13:45:00+01:00"} {
		t.Run(in, func(t *testing.T) {
			got, ok := ParseDate(in)
			if !ok || !got.Equal(want) {
				t.Fatalf("ParseDate(%q) = %v, %v", in, got, ok)
			}
		})
	}
	for _, in := range []string{"31-02-2020", "2020-13-01", "12.03.1985x", "gisteren", "1985031"} {
		t.Run("impossible "+in, func(t *testing.T) {
			if _, ok := ParseDate(in); ok {
				t.Fatalf("ParseDate(%q) accepted an impossible date", in)
			}
		})
	}
}

func TestBirthDateInThePastAndAge14To100AtEmploymentStart(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	start := time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
	d := func(s string) time.Time { t, _ := ParseDate(s); return t }
	cases := []struct {
		name  string
		birth time.Time
		code  Code
	}{
		{"thirty at start", d("01-01-1990"), ""},
		{"fourteen on the start day", d("01-05-2006"), ""},
		{"one day short of fourteen", d("02-05-2006"), BirthDateImplausible},
		{"a hundred and one", d("01-01-1919"), BirthDateImplausible},
		{"in the future", d("01-01-2030"), DateFuture},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			BirthDate(f, "birth", c.birth, start, today)
			if f["birth"] != c.code {
				t.Fatalf("got %q, want %q", f["birth"], c.code)
			}
		})
	}
}

func TestEmploymentEndMustNotPrecedeStart(t *testing.T) {
	start := time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
	f := FieldErrors{}
	EndNotBeforeStart(f, "end", start, start.AddDate(0, 0, -1))
	EndNotBeforeStart(f, "same", start, start)
	EndNotBeforeStart(f, "open", start, time.Time{})
	if len(f) != 1 || f["end"] != EndBeforeStart {
		t.Fatalf("%v", f)
	}
}

func TestEveryCodeHasAnEnglishText(t *testing.T) {
	for _, c := range []Code{Required, KvKFormat, EmailFormat, TooLong, PassphraseWeak, InvalidControls, BSNFormat,
		BSNElfproef, PostcodeFormat, PhoneFormat, DateFormat, DateFuture, BirthDateImplausible, EndBeforeStart, HoursFormat} {
		if codeText[c] == "" {
			t.Errorf("code %q has no text", c)
		}
	}
}

func TestFuzzSeedsArePresent(t *testing.T) {
	for _, target := range []string{"FuzzBSN", "FuzzPostcode", "FuzzParseDate"} {
		seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
		if err != nil || len(seeds) < 3 {
			t.Errorf("%s: %d seeds, %v", target, len(seeds), err)
		}
	}
}

// FuzzBSN: whatever comes in, the result is either empty with an error, or nine digits passing
// the elfproef, and the error never repeats the input.
func FuzzBSN(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		fe := FieldErrors{}
		got := BSN(fe, "bsn", in, true)
		if got != "" && (!ValidBSN(got) || len(fe) > 0) {
			t.Fatalf("BSN(%q) = %q with %v", in, got, fe)
		}
		if got == "" && len(fe) == 0 {
			t.Fatalf("BSN(%q) gave nothing and no error", in)
		}
		if len(in) > 4 && strings.Contains(fe.Error(), in) {
			t.Fatalf("the error repeats the input")
		}
	})
}

// FuzzPostcode: a Dutch result always has the stored form "1234 AB".
func FuzzPostcode(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		got := Postcode(FieldErrors{}, "pc", in, "NL", false)
		if got != "" && (len(got) != 7 || got[4] != ' ' || !allDigits(got[:4]) || !allLetters(got[5:])) {
			t.Fatalf("Postcode(%q) = %q", in, got)
		}
	})
}

// FuzzParseDate: a parsed date formats back to a real calendar day.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		if d, ok := ParseDate(in); ok {
			if _, ok := ParseDate(d.Format("2006-01-02")); !ok || d.Hour() != 0 {
				t.Fatalf("ParseDate(%q) = %v does not round-trip", in, d)
			}
		}
	})
}

func TestHoursTakeADecimalCommaOrPointFrom0To60TheArbeidstijdenwetWeek(t *testing.T) {
	for in, want := range map[string]string{"32,5": "32.5", "40": "40", " 24.0 ": "24", "": ""} {
		if f := (FieldErrors{}); Hours(f, "h", in) != want || len(f) > 0 {
			t.Errorf("Hours(%q) = %q, %v", in, Hours(FieldErrors{}, "h", in), f)
		}
	}
	for _, in := range []string{"61", "60.5", "81", "-1", "NaN", "veertig", "32,5,1"} {
		if f := (FieldErrors{}); Hours(f, "h", in) != "" || f["h"] != HoursFormat {
			t.Errorf("Hours(%q) accepted", in)
		}
	}
}
