package importer

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

var checkToday = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func checkCSV(t *testing.T, body string) ([]Checked, []Problem) {
	t.Helper()
	tbl, err := Read(strings.NewReader(body), "export.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Check(tbl, checkToday)
}

const checkHeader = "persnr;achternaam;bsn;geboortedatum;postcode;land;telefoon;email;afdeling;datum_in_dienst;datum_uit_dienst;uren_per_week\n"

func TestCheckNormalisesAValidRowForStorage(t *testing.T) {
	ok, problems := checkCSV(t, checkHeader+"00042;Jansen;1234.56.782;12-03-1985;1234ab;Nederland;06-12345678;an@Voorbeeld.NL;Utrecht/Magazijn;01-04-2019;;32,5\n")
	if len(problems) > 0 || len(ok) != 1 {
		t.Fatalf("problems %v", problems)
	}
	want := map[string]string{ColPersnr: "00042", ColBSN: "123456782", ColGeboortedatum: "1985-03-12", ColPostcode: "1234 AB",
		ColLand: "NL", ColEmail: "an@voorbeeld.nl", ColDatumInDienst: "2019-04-01", ColUrenPerWeek: "32.5", ColAfdeling: "Utrecht/Magazijn"}
	for k, v := range want {
		if ok[0].Values[k] != v {
			t.Errorf("%s = %q, want %q", k, ok[0].Values[k], v)
		}
	}
	if _, has := ok[0].Values[ColDatumUitDienst]; has {
		t.Error("an empty end date must be absent")
	}
}

func TestCheckReportsEveryBadFieldWithLineAndColumnAndNoValue(t *testing.T) {
	body := checkHeader +
		"1;Jansen;123456789;12-03-1985;1234ab;;;;A;01-04-2019;;\n" + // line 2: elfproef
		"2;Bakker;;31-02-1985;0123 AB;;123;x@y;A;01-04-2019;;\n" + // line 3: date, postcode, phone, e-mail
		"3;Visser;;12-03-2030;;;;;A;01-04-2019;01-01-2019;90\n" + // line 4: future birth, end before start, hours
		"4;Smit;;12-03-2015;2000;BE;;;A;01-04-2019;;\n" // line 5: aged 4 at start; BE postcode fine
	ok, problems := checkCSV(t, body)
	if len(ok) != 0 {
		t.Fatalf("%d rows passed", len(ok))
	}
	want := map[string]bool{
		"2 bsn bsn_elfproef": true, "3 geboortedatum date_format": true, "3 postcode postcode_format": true,
		"3 telefoon phone_format": true, "3 email email_format": true, "4 geboortedatum date_future": true,
		"4 datum_uit_dienst end_before_start": true, "4 uren_per_week hours_format": true,
		"5 geboortedatum birth_date_implausible": true,
	}
	got := map[string]bool{}
	for _, p := range problems {
		got[strings.Join([]string{strconv.Itoa(p.Line), p.Column, p.Code}, " ")] = true
		for _, secret := range []string{"123456789", "Jansen", "x@y", "0123"} {
			if strings.Contains(p.Message, secret) {
				t.Errorf("message repeats a value: %s", p.Message)
			}
		}
		if !strings.HasPrefix(p.Message, "line "+strconv.Itoa(p.Line)) {
			t.Errorf("message does not start with its line: %s", p.Message)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing problem %q (got %v)", k, got)
		}
	}
	for i := 1; i < len(problems); i++ {
		if problems[i].Line < problems[i-1].Line {
			t.Fatal("problems are not sorted by line")
		}
	}
}

func TestCheckKeepsTheReadersProblemsAndSkipsThoseRows(t *testing.T) {
	ok, problems := checkCSV(t, checkHeader+"7;A;;;;;;;X;01-04-2019;;\n8;B;;;;;;;X;01-04-2019;\n")
	if len(ok) != 1 || ok[0].Line != 2 {
		t.Fatalf("checked %v", ok)
	}
	if len(problems) != 1 || problems[0].Code != CodeRaggedRow {
		t.Fatalf("problems %v", problems)
	}
}

func TestCheckCapsOverlongFields(t *testing.T) {
	_, problems := checkCSV(t, checkHeader+"1;"+strings.Repeat("a", 201)+";;;;;;;X;01-04-2019;;\n")
	if len(problems) != 1 || problems[0].Column != ColAchternaam || problems[0].Code != "too_long" {
		t.Fatalf("problems %v", problems)
	}
}
