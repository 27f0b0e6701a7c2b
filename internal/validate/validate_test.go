package validate

import (
	"strings"
	"testing"
)

func TestKvKMustBeExactlyEightDigits(t *testing.T) {
	cases := []struct {
		name, in, want string
		code           Code
	}{
		{"eight digits", "12345678", "12345678", ""},
		{"typed with spaces and dots", "1234 5678", "12345678", ""},
		{"dotted", "12.34.56.78", "12345678", ""},
		{"seven digits", "1234567", "", KvKFormat},
		{"nine digits", "123456789", "", KvKFormat},
		{"letters", "1234567a", "", KvKFormat},
		{"empty", "", "", Required},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			got := KvK(f, "kvk", c.in)
			if f["kvk"] != c.code {
				t.Fatalf("code = %q, want %q", f["kvk"], c.code)
			}
			if c.code == "" && got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestEmailMustBePlausible(t *testing.T) {
	cases := []struct {
		name, in string
		ok       bool
	}{
		{"plain", "an.de.vries@example.nl", true},
		{"subdomain", "hr@mail.bedrijf.example.com", true},
		{"no at", "an.example.nl", false},
		{"two ats", "an@de@example.nl", false},
		{"no dot in domain", "an@localhost", false},
		{"empty label", "an@example..nl", false},
		{"space inside", "an de@example.nl", false},
		{"empty local", "@example.nl", false},
		{"too long", strings.Repeat("a", 250) + "@example.nl", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := FieldErrors{}
			Email(f, "email", c.in, true)
			if (len(f) == 0) != c.ok {
				t.Fatalf("%q: errors %v, want ok=%v", c.in, f, c.ok)
			}
		})
	}
}

func TestEmailDomainIsLowerCasedLocalPartKept(t *testing.T) {
	got := Email(FieldErrors{}, "email", " An.Vries@Example.NL ", true)
	if got != "An.Vries@example.nl" {
		t.Fatalf("got %q", got)
	}
}

func TestTextRequiredLengthAndControlCharacters(t *testing.T) {
	f := FieldErrors{}
	Text(f, "empty", "  ", true, 10)
	Text(f, "long", "abcdefghijk", true, 10)
	Text(f, "ctrl", "ab\x00c", true, 10)
	Text(f, "fine", " Jansen BV ", true, 10)
	want := FieldErrors{"empty": Required, "long": TooLong, "ctrl": InvalidControls}
	if len(f) != len(want) {
		t.Fatalf("got %v, want %v", f, want)
	}
	for k, v := range want {
		if f[k] != v {
			t.Fatalf("%s: got %q, want %q", k, f[k], v)
		}
	}
}

func TestFieldErrorsNeverRepeatTheValue(t *testing.T) {
	f := FieldErrors{}
	Email(f, "email", "canary-person@nowhere", true)
	KvK(f, "kvk", "canary12")
	if msg := f.Error(); strings.Contains(msg, "canary") {
		t.Fatalf("error text repeats the input: %s", msg)
	}
	if FieldErrors(nil).Err() != nil || (FieldErrors{}).Err() != nil {
		t.Fatal("empty FieldErrors must be a nil error")
	}
}
