package agreement

import (
	"strings"
	"testing"

	"kluis/internal/validate"
)

func TestCheckNormalisesAValidSignatory(t *testing.T) {
	s, err := Check(validInput(), today)
	ok(t, err)
	want := Signatory{Name: "Joëlle van Dijk", Function: "Directeur", Basis: BasisAlone, KvK: "87654321",
		ExtractDate: "2026-10-01", Email: "joelle@korenaar.example"}
	if s != want {
		t.Fatalf("got %+v\nwant %+v", s, want)
	}
}

func TestRule_SignatoryFieldsAreCheckedAllAtOnce(t *testing.T) {
	cases := []struct {
		name   string
		change func(in *Input)
		want   validate.FieldErrors
	}{
		{"everything is required", func(in *Input) { *in = Input{} }, validate.FieldErrors{
			FieldName: validate.Required, FieldFunction: validate.Required, FieldBasis: validate.Required,
			FieldKvK: validate.Required, FieldExtractDate: validate.Required, FieldEmail: validate.Required}},
		{"KvK number must be exactly 8 digits: 7 digits", func(in *Input) { in.KvK = "1234567" },
			validate.FieldErrors{FieldKvK: validate.KvKFormat}},
		{"KvK number must be exactly 8 digits: 9 digits", func(in *Input) { in.KvK = "123456789" },
			validate.FieldErrors{FieldKvK: validate.KvKFormat}},
		{"KvK number must be exactly 8 digits: letters", func(in *Input) { in.KvK = "1234567a" },
			validate.FieldErrors{FieldKvK: validate.KvKFormat}},
		{"extract date in the future is refused", func(in *Input) { in.ExtractDate = "24-11-2026" },
			validate.FieldErrors{FieldExtractDate: validate.DateFuture}},
		{"extract date must be a real date", func(in *Input) { in.ExtractDate = "31-02-2026" },
			validate.FieldErrors{FieldExtractDate: validate.DateFormat}},
		{"e-mail must be an address", func(in *Input) { in.Email = "joelle@korenaar" },
			validate.FieldErrors{FieldEmail: validate.EmailFormat}},
		{"basis must be one of the three", func(in *Input) { in.Basis = "by_phone" },
			validate.FieldErrors{FieldBasis: validate.InvalidChoice}},
		{"power of attorney needs its limits", func(in *Input) { in.Basis = "power_of_attorney"; in.PowerLimits = "  \n " },
			validate.FieldErrors{FieldPowerLimits: validate.Required}},
		{"jointly needs the co-signatory", func(in *Input) { in.Basis = "jointly" },
			validate.FieldErrors{FieldCoSignatory: validate.Required}},
		{"names refuse control characters", func(in *Input) { in.Name = "Joëlle\r\nBcc: x@y.example" },
			validate.FieldErrors{FieldName: validate.InvalidControls}},
		{"long power limits are refused", func(in *Input) {
			in.Basis = "power_of_attorney"
			in.PowerLimits = strings.Repeat("x", MaxPowerLimits+1)
		}, validate.FieldErrors{FieldPowerLimits: validate.TooLong}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := validInput()
			c.change(&in)
			_, err := Check(in, today)
			fe := fieldErrors(t, err)
			if len(fe) != len(c.want) {
				t.Fatalf("got %v, want %v", fe, c.want)
			}
			for k, v := range c.want {
				if fe[k] != v {
					t.Fatalf("got %v, want %v", fe, c.want)
				}
			}
		})
	}
}

func TestRule_ExtractDateOfTodayIsAccepted(t *testing.T) {
	in := validInput()
	in.ExtractDate = "2026-11-23"
	s, err := Check(in, today)
	ok(t, err)
	if s.ExtractDate != "2026-11-23" {
		t.Fatalf("extract date %q", s.ExtractDate)
	}
}

func TestRule_PowerOfAttorneyKeepsItsLimitsOnSeveralLines(t *testing.T) {
	in := validInput()
	in.Basis, in.PowerLimits, in.CoSignatory = "power_of_attorney", " Tot € 25.000\r\nAlleen arbodienstverlening ", "Karel"
	s, err := Check(in, today)
	ok(t, err)
	if s.PowerLimits != "Tot € 25.000\nAlleen arbodienstverlening" || s.CoSignatory != "" {
		t.Fatalf("got %+v", s)
	}
}

func TestRule_FieldsOfAnotherBasisAreDropped(t *testing.T) {
	in := validInput()
	in.Basis, in.CoSignatory, in.PowerLimits = "jointly", "Karel Mede", "tot 10.000"
	s, err := Check(in, today)
	ok(t, err)
	if s.CoSignatory != "Karel Mede" || s.PowerLimits != "" {
		t.Fatalf("jointly: %+v", s)
	}
	in.Basis = "alone"
	s, err = Check(in, today)
	ok(t, err)
	if s.CoSignatory != "" || s.PowerLimits != "" {
		t.Fatalf("alone: %+v", s)
	}
}

func TestRule_FieldErrorsNeverEchoTheValue(t *testing.T) {
	in := Input{Name: "Kanarie\x01", Email: "kanarie@@vogel", KvK: "kanarie", ExtractDate: "kanarie", Basis: "kanarie"}
	_, err := Check(in, today)
	if err == nil || strings.Contains(strings.ToLower(err.Error()), "kanarie") {
		t.Fatalf("error %v", err)
	}
}
