package validate

import (
	"strings"
	"testing"
	"time"
)

var employeeToday = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// row builds FieldValues over a map, so a test can read the normalised values back.
func row(values map[string]string) ([]FieldValue, map[string]*string) {
	ptrs := map[string]*string{}
	var out []FieldValue
	for _, spec := range EmployeeFields {
		v, ok := values[spec.Name]
		if !ok {
			continue
		}
		p := new(string)
		*p = v
		ptrs[spec.Name] = p
		out = append(out, FieldValue{Name: spec.Name, Value: p})
	}
	return out, ptrs
}

func TestRule_TheOneTableNamesEveryFieldOnceAndRequiresTheFourOfCLIMD(t *testing.T) {
	seen := map[string]bool{}
	var required []string
	for _, f := range EmployeeFields {
		if seen[f.Name] {
			t.Errorf("field %s is listed twice", f.Name)
		}
		seen[f.Name] = true
		if f.Required {
			required = append(required, f.Name)
		}
		if (f.Kind == KindText || f.Kind == KindCountry) && f.Max <= 0 {
			t.Errorf("text field %s has no length cap", f.Name)
		}
		if f.Kind == KindChoice && len(f.Choices) == 0 {
			t.Errorf("choice field %s has no choices", f.Name)
		}
		if got, ok := LookupEmployeeField(f.Name); !ok || got.Name != f.Name {
			t.Errorf("LookupEmployeeField(%s) = %+v, %v", f.Name, got, ok)
		}
	}
	if strings.Join(required, ",") != "persnr,achternaam,afdeling,datum_in_dienst" {
		t.Fatalf("required fields %v", required)
	}
	if len(EmployeeFields) != 34 {
		t.Fatalf("%d fields; docs/CLI.md lists 34 columns", len(EmployeeFields))
	}
	if _, ok := LookupEmployeeField("salaris"); ok {
		t.Fatal("an unknown field was found")
	}
}

func TestRule_CountryNamesMapToTheCodesWhosePostcodesAreChecked(t *testing.T) {
	for in, want := range map[string]string{
		"": "NL", " nl ": "NL", "NLD": "NL", "Nederland": "NL", "The Netherlands": "NL", "holland": "NL",
		"BE": "BE", "bel": "BE", "België": "BE", "Belgie": "BE", "belgique": "BE",
		" Duitsland ": "Duitsland", "DE": "DE",
	} {
		if got := CountryCode(in); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRule_CheckEmployeeNormalisesARowForStorage(t *testing.T) {
	values, got := row(map[string]string{
		FieldPersnr: " 00042 ", FieldSurname: " Jansen ", FieldBSN: "1234.56.782", FieldBirthDate: "12-03-1985",
		FieldPostcode: "1234ab", FieldCountry: "Nederland", FieldPhoneMobile: " 06-12345678 ", FieldEmail: "an@Voorbeeld.NL",
		FieldDepartment: "Utrecht/Magazijn", FieldStart: "01-04-2019", FieldEnd: "", FieldHours: "32,5",
		FieldNameUsage: "Partner-Own", FieldGender: "v",
	})
	f := FieldErrors{}
	CheckEmployee(f, values, employeeToday)
	if len(f) > 0 {
		t.Fatalf("problems %v", f)
	}
	want := map[string]string{FieldPersnr: "00042", FieldSurname: "Jansen", FieldBSN: "123456782", FieldBirthDate: "1985-03-12",
		FieldPostcode: "1234 AB", FieldCountry: "NL", FieldPhoneMobile: "06-12345678", FieldEmail: "an@voorbeeld.nl",
		FieldStart: "2019-04-01", FieldEnd: "", FieldHours: "32.5", FieldNameUsage: NameUsagePartnerOwn, FieldGender: GenderWoman}
	for k, v := range want {
		if *got[k] != v {
			t.Errorf("%s = %q, want %q", k, *got[k], v)
		}
	}
}

func TestRule_CheckEmployeeReportsEveryBadFieldWithoutItsValue(t *testing.T) {
	values, _ := row(map[string]string{
		FieldPersnr: "", FieldSurname: "Kanarievogel\x85", FieldBSN: "123456789", FieldBirthDate: "31-02-1985",
		FieldPostcode: "0123 AB", FieldPhoneWork: "123", FieldEmailWork: "kanarie@x", FieldDepartment: "A",
		FieldStart: "01-01-2031", FieldEnd: "", FieldHours: "90", FieldNameUsage: "1", FieldGender: "Q",
		FieldCountry: strings.Repeat("x", MaxCountry+1),
	})
	f := FieldErrors{}
	CheckEmployee(f, values, employeeToday)
	want := FieldErrors{FieldPersnr: Required, FieldSurname: InvalidControls, FieldBSN: BSNElfproef,
		FieldBirthDate: DateFormat, FieldPhoneWork: PhoneFormat, FieldEmailWork: EmailFormat,
		FieldStart: DateTooFarAhead, FieldHours: HoursFormat, FieldNameUsage: InvalidChoice, FieldGender: InvalidChoice,
		FieldCountry: TooLong}
	for k, c := range want {
		if f[k] != c {
			t.Errorf("%s: %q, want %q", k, f[k], c)
		}
	}
	// A foreign country: the postcode is not checked as Dutch.
	if _, bad := f[FieldPostcode]; bad {
		t.Errorf("postcode checked as Dutch for another country: %v", f)
	}
	if msg := f.Error(); strings.Contains(msg, "Kanarie") || strings.Contains(msg, "123456789") {
		t.Fatalf("the error repeats a value: %s", msg)
	}
}

func TestRule_ThePostcodeFollowsTheCountry(t *testing.T) {
	for _, c := range []struct {
		name, country, postcode string
		code                    Code
	}{
		{"no country is Dutch", "", "0123 AB", PostcodeFormat},
		{"Dutch", "Nederland", "1234AB", ""},
		{"Belgian", "België", "2000", ""},
		{"Belgian checked", "BE", "20000", PostcodeFormat},
		{"other country free", "Duitsland", "10115", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			values, _ := row(map[string]string{FieldCountry: c.country, FieldPostcode: c.postcode})
			f := FieldErrors{}
			CheckEmployee(f, values, employeeToday)
			if f[FieldPostcode] != c.code {
				t.Fatalf("got %q, want %q", f[FieldPostcode], c.code)
			}
		})
	}
}

func TestRule_AFieldThatIsNotGivenIsNotChecked(t *testing.T) {
	// A form that picks the department by id gives no afdeling: it is not "required".
	values, _ := row(map[string]string{FieldPersnr: "1", FieldSurname: "Vries", FieldStart: "01-01-2020"})
	f := FieldErrors{}
	CheckEmployee(f, values, employeeToday)
	if len(f) != 0 {
		t.Fatalf("%v", f)
	}
	values, _ = row(map[string]string{FieldPersnr: "1", FieldSurname: "Vries", FieldStart: "01-01-2020", FieldDepartment: " "})
	CheckEmployee(f, values, employeeToday)
	if f[FieldDepartment] != Required {
		t.Fatalf("an empty department that is given: %v", f)
	}
}

func TestRule_LengthCapsComeFromTheTable(t *testing.T) {
	for _, spec := range EmployeeFields {
		if spec.Kind != KindText {
			continue
		}
		t.Run(spec.Name, func(t *testing.T) {
			values, _ := row(map[string]string{spec.Name: strings.Repeat("é", spec.Max)})
			f := FieldErrors{}
			CheckEmployee(f, values, employeeToday)
			if len(f) != 0 {
				t.Fatalf("%d characters refused: %v", spec.Max, f)
			}
			values, _ = row(map[string]string{spec.Name: strings.Repeat("é", spec.Max+1)})
			CheckEmployee(f, values, employeeToday)
			if f[spec.Name] != TooLong {
				t.Fatalf("%d characters accepted: %v", spec.Max+1, f)
			}
		})
	}
}

func TestRule_StoredTextHoldsNoControlCharactersNorUndecodableBytes(t *testing.T) {
	for _, bad := range []string{"a\tb", "a\nb", "a\x00", "a\x7f", "a\u0085b", "Jos\ufffd"} {
		if !HasControl(bad) {
			t.Errorf("HasControl(%q) = false", bad)
		}
		if f := (FieldErrors{}); Text(f, "t", bad, false, 100) != "" && f["t"] != InvalidControls {
			t.Errorf("Text accepted %q", bad)
		}
		if f := (FieldErrors{}); Email(f, "e", "x"+strings.TrimSpace(bad)+"@example.nl", false) != "" && f["e"] != EmailFormat {
			t.Errorf("Email accepted %q", bad)
		}
	}
	for _, good := range []string{"José", "Zoë-Chloë", "O'Neil", "Ærø"} {
		if HasControl(good) {
			t.Errorf("HasControl(%q) = true", good)
		}
	}
}

func TestRule_AnUnknownFieldNameIsAProgrammingError(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	v := "x"
	CheckEmployee(FieldErrors{}, []FieldValue{{Name: "salaris", Value: &v}}, employeeToday)
}
