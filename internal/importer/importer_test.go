package importer

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// readString reads content as a file called name and fails the test on an error.
func readString(t *testing.T, content, name string, opts Options) *Table {
	t.Helper()
	tab, err := Read(strings.NewReader(content), name, opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return tab
}

func noProblems(t *testing.T, tab *Table) {
	t.Helper()
	for _, p := range tab.Problems {
		t.Errorf("unexpected problem: %+v", p)
	}
}

// problemsOf returns the problems with the given code.
func problemsOf(tab *Table, code string) []Problem {
	var out []Problem
	for _, p := range tab.Problems {
		if p.Code == code {
			out = append(out, p)
		}
	}
	return out
}

const minimalHeader = "persnr;achternaam;afdeling;datum_in_dienst"

func TestSeparatorIsSniffedFromTheHeaderLine(t *testing.T) {
	cases := []struct {
		name, sep string
	}{
		{"semicolon", ";"},
		{"comma", ","},
		{"tab", "\t"},
		{"pipe", "|"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := strings.ReplaceAll(minimalHeader, ";", c.sep)
			// The data row holds the other candidates inside quotes and as text, which
			// must not confuse the sniffer or the parser.
			row := strings.Join([]string{"1", `"Jansen; de, Vries|x"`, "A", "01-01-2020"}, c.sep)
			tab := readString(t, h+"\n"+row+"\n", "x.csv", Options{})
			noProblems(t, tab)
			if tab.Separator != c.sep {
				t.Fatalf("separator = %q, want %q", tab.Separator, c.sep)
			}
			if got := tab.Rows[0].Values[ColAchternaam]; got != "Jansen; de, Vries|x" {
				t.Fatalf("achternaam = %q", got)
			}
		})
	}
	t.Run("quoted header cell with other separators", func(t *testing.T) {
		tab := readString(t, "persnr,\"achter;naam\",afdeling,datum_in_dienst,achternaam\n1,x,A,d,J\n", "x.csv", Options{})
		if tab.Separator != "," {
			t.Fatalf("separator = %q, want ,", tab.Separator)
		}
	})
	t.Run("excel sep hint line", func(t *testing.T) {
		tab := readString(t, "sep=|\r\npersnr|achternaam|afdeling|datum_in_dienst\r\n1|J|A|d\r\n", "x.csv", Options{})
		noProblems(t, tab)
		if tab.Separator != "|" || len(tab.Rows) != 1 || tab.Rows[0].Line != 3 {
			t.Fatalf("separator %q rows %+v", tab.Separator, tab.Rows)
		}
	})
}

func TestUTF8IsReadWithAndWithoutBOM(t *testing.T) {
	body := minimalHeader + ";roepnaam\n1;Jansen;A;01-01-2020;Zoë\n"
	for _, c := range []struct {
		name, prefix, enc string
	}{
		{"without BOM", "", "utf-8"},
		{"with BOM", "\ufeff", "utf-8-bom"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab := readString(t, c.prefix+body, "x.csv", Options{})
			noProblems(t, tab)
			if tab.Encoding != c.enc {
				t.Fatalf("encoding = %q, want %q", tab.Encoding, c.enc)
			}
			if tab.Columns[0].Canonical != ColPersnr {
				t.Fatalf("first column %+v: BOM not stripped", tab.Columns[0])
			}
			if got := tab.Rows[0].Values[ColRoepnaam]; got != "Zoë" {
				t.Fatalf("roepnaam = %q", got)
			}
		})
	}
}

func TestWindows1252NamesAreDecoded(t *testing.T) {
	utf := minimalHeader + ";roepnaam\n1;Brontë;A;01-01-2020;René\n2;Loïs;A;01-01-2020;Chloë\n"
	cp, err := charmap.Windows1252.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	tab := readString(t, cp, "x.csv", Options{})
	noProblems(t, tab)
	if tab.Encoding != "windows-1252" {
		t.Fatalf("encoding = %q", tab.Encoding)
	}
	want := []string{"Brontë", "René", "Loïs", "Chloë"}
	got := []string{tab.Rows[0].Values[ColAchternaam], tab.Rows[0].Values[ColRoepnaam], tab.Rows[1].Values[ColAchternaam], tab.Rows[1].Values[ColRoepnaam]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestMixedEncodingsAreRefusedWithALine(t *testing.T) {
	data := minimalHeader + "\n1;Zoë;A;d\n2;Ren\xe9;A;d\n"
	_, err := Read(strings.NewReader(data), "x.csv", Options{})
	if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v, want ErrEncoding at line 3", err)
	}
	_, err = Read(strings.NewReader("\ufeff"+minimalHeader+"\n1;Ren\xe9;A;d\n"), "x.csv", Options{})
	if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("BOM file: err = %v, want ErrEncoding at line 2", err)
	}
}

func TestUTF16WithBOMIsDecoded(t *testing.T) {
	s := "\ufeff" + strings.ReplaceAll(minimalHeader, ";", "\t") + "\r\n1\tZoë\tA\t01-01-2020\r\n"
	var b bytes.Buffer
	for _, r := range s { // UTF-16LE, all BMP
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	tab, err := Read(&b, "unicode.txt", Options{})
	if err != nil {
		t.Fatal(err)
	}
	noProblems(t, tab)
	if tab.Encoding != "utf-16le" || tab.Rows[0].Values[ColAchternaam] != "Zoë" {
		t.Fatalf("encoding %q rows %+v", tab.Encoding, tab.Rows)
	}
}

func TestQuotedFieldsKeepSeparatorsAndNewlines(t *testing.T) {
	in := minimalHeader + ";straat\n" +
		"1;\"de Vries; van\";A;01-01-2020;\"Kerkstraat 1\nachterhuis\"\n" + // lines 2-3
		"2;\"Say \"\"Hi\"\"\";A;01-01-2020;x\n" + // line 4
		"3;Jansen;A;01-01-2020;y\n" // line 5
	tab := readString(t, in, "x.csv", Options{})
	noProblems(t, tab)
	if len(tab.Rows) != 3 {
		t.Fatalf("rows = %d", len(tab.Rows))
	}
	if v := tab.Rows[0].Values; v[ColAchternaam] != "de Vries; van" || v[ColStraat] != "Kerkstraat 1\nachterhuis" {
		t.Fatalf("row 1 values %q", v)
	}
	if v := tab.Rows[1].Values[ColAchternaam]; v != `Say "Hi"` {
		t.Fatalf("row 2 achternaam %q", v)
	}
	if lines := []int{tab.Rows[0].Line, tab.Rows[1].Line, tab.Rows[2].Line}; !reflect.DeepEqual(lines, []int{2, 4, 5}) {
		t.Fatalf("lines = %v, want physical lines [2 4 5]", lines)
	}
}

func TestBadQuotingIsAProblemOnItsLine(t *testing.T) {
	in := minimalHeader + "\n1;Jan\"sen;A;d\n2;Bakker;A;d\n"
	tab := readString(t, in, "x.csv", Options{})
	ps := problemsOf(tab, CodeSyntax)
	if len(ps) != 1 || ps[0].Line != 2 {
		t.Fatalf("syntax problems %+v", tab.Problems)
	}
	if len(tab.Rows) != 1 || tab.Rows[0].Line != 3 {
		t.Fatalf("the next line should still be read: %+v", tab.Rows)
	}
}

func TestLineNumbersArePhysicalLines(t *testing.T) {
	in := "\r\n" + minimalHeader + "\r\n1;A;A;d\r\n\r\n;;;\r\n2;B;A;d\r\n"
	tab := readString(t, in, "x.csv", Options{})
	noProblems(t, tab)
	if got := []int{tab.Rows[0].Line, tab.Rows[1].Line}; !reflect.DeepEqual(got, []int{3, 6}) {
		t.Fatalf("lines %v, want [3 6] (blank and empty-field lines skipped, still counted)", got)
	}
	// Classic Mac line ends.
	tab = readString(t, minimalHeader+"\r1;A;A;d\r2;B;A;d\r", "x.csv", Options{})
	noProblems(t, tab)
	if len(tab.Rows) != 2 || tab.Rows[1].Line != 3 {
		t.Fatalf("CR-only file rows %+v", tab.Rows)
	}
}

func TestEachPayrollLayoutIsRecognisedWithoutMapping(t *testing.T) {
	cases := []struct {
		file, layout, sep, enc string
		rows                   int
		unknown                []string
		check                  map[int]map[string]string // row index -> expected values
	}{
		{"layout_kluis.csv", LayoutKluis, ";", "utf-8-bom", 2, nil, map[int]map[string]string{
			0: {ColPersnr: "00042", ColNaamgebruik: UsageOwn, ColGeslacht: GenderMan, ColDatumInDienst: "01-02-2019", ColPartnerAchternaam: ""},
			1: {ColNaamgebruik: UsagePartnerOwn, ColUrenPerWeek: "32,5", ColPostcode: "1234AB"},
		}},
		{"layout_nmbrs.csv", LayoutNmbrs, ";", "utf-8-bom", 3, []string{"Debiteurnr", "Bedrijfnr"}, map[int]map[string]string{
			0: {ColPersnr: "105", ColAchternaam: "Visser", ColNaamgebruik: UsageOwn, ColGeslacht: GenderMan, ColTelefoonPrive: "06 11111111", ColStraat: "Damstraat"},
			1: {ColNaamgebruik: UsagePartnerOwn, ColGeslacht: GenderWoman, ColToevoeging: "bis", ColPartnerTussenvoegsel: "de", ColAfdeling: "Den Haag/Kantoor"},
			2: {ColNaamgebruik: UsageOwnPartner, ColTussenvoegsel: "van der", ColDatumInDienst: "01-01-2001"},
		}},
		{"layout_afas.csv", LayoutAFAS, ";", "windows-1252", 3, nil, map[int]map[string]string{
			0: {ColPersnr: "M0012", ColRoepnaam: "René", ColNaamgebruik: UsageOwn, ColAfdeling: "Groningen/Logistiek", ColDatumInDienst: "01-06-2018"},
			1: {ColVoornamen: "Zoë Chloë", ColTussenvoegsel: "van", ColPartnerAchternaam: "Graaf", ColNaamgebruik: UsagePartnerOwn, ColGeslacht: GenderWoman, ColDatumUitDienst: "31-12-2024"},
			2: {ColRoepnaam: "Loïs", ColNaamgebruik: UsageOwnPartner, ColGeslacht: GenderUnspecified},
		}},
		{"layout_loket.csv", LayoutLoket, ",", "utf-8", 2, nil, map[int]map[string]string{
			0: {ColPersnr: "0007", ColBSN: "999990093", ColFunctie: "Operator, ploegendienst", ColWoonplaats: "Breda"},
			1: {ColTussenvoegsel: "de", ColToevoeging: "3, hoog", ColUrenPerWeek: "24,0", ColGeboortedatum: "29-02-1996"},
		}},
		{"layout_raet.txt", LayoutRaet, "|", "utf-8", 3, nil, map[int]map[string]string{
			0: {ColPersnr: "200314", ColVoorletters: "H.", ColAchternaam: "Dam", ColNaamgebruik: UsageOwnPartner, ColGeboortedatum: "19680412", ColAfdeling: "ENS-ADM", ColDatumInDienst: "19950801"},
			1: {ColNaamgebruik: UsagePartnerOwn, ColGeslacht: GenderWoman, ColAchternaam: "El Amrani"},
			2: {ColNaamgebruik: UsageOwn, ColDatumUitDienst: "20240630"},
		}},
		{"layout_exact.csv", LayoutExact, ",", "utf-8", 2, []string{"LastName"}, map[int]map[string]string{
			0: {ColPersnr: "301", ColBSN: "999990159", ColGeboortedatum: "1991-05-17T00:00:00", ColAfdeling: "HIL-ICT"},
			1: {ColAchternaam: "Heuvel", ColTussenvoegsel: "van den", ColPartnerAchternaam: "Jacobs", ColDatumInDienst: "2016-01-01T00:00:00"},
		}},
	}
	for _, c := range cases {
		t.Run(c.layout, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tab, err := Read(f, c.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			noProblems(t, tab)
			if tab.Layout != c.layout || tab.Separator != c.sep || tab.Encoding != c.enc {
				t.Fatalf("layout %q sep %q enc %q, want %q %q %q", tab.Layout, tab.Separator, tab.Encoding, c.layout, c.sep, c.enc)
			}
			if len(tab.Rows) != c.rows {
				t.Fatalf("rows = %d, want %d", len(tab.Rows), c.rows)
			}
			if !reflect.DeepEqual(tab.Unknown, c.unknown) {
				t.Fatalf("unknown = %q, want %q", tab.Unknown, c.unknown)
			}
			for i, want := range c.check {
				for col, v := range want {
					if got, ok := tab.Rows[i].Values[col]; !ok || got != v {
						t.Errorf("row %d %s = %q (present %v), want %q", i, col, got, ok, v)
					}
				}
			}
		})
	}
}

func TestMapOverridesDetection(t *testing.T) {
	in := "Nummer;Familienaam;Team;Start;Naam\n7;Jansen;A;01-01-2020;Zoe\n"
	tab := readString(t, in, "x.csv", Options{})
	if len(problemsOf(tab, CodeMissingColumn)) != 1 {
		t.Fatalf("without a map the required columns are missing: %+v", tab.Problems)
	}
	tab = readString(t, in, "x.csv", Options{Map: map[string]string{
		"nummer": ColPersnr, "FAMILIENAAM": ColAchternaam, "[Team]": ColAfdeling, "Start": ColDatumInDienst, "Naam": "-",
	}})
	noProblems(t, tab)
	want := map[string]string{ColPersnr: "7", ColAchternaam: "Jansen", ColAfdeling: "A", ColDatumInDienst: "01-01-2020"}
	if !reflect.DeepEqual(tab.Rows[0].Values, want) {
		t.Fatalf("values %q, want %q", tab.Rows[0].Values, want)
	}
	if !reflect.DeepEqual(tab.Unknown, []string{"Naam"}) {
		t.Fatalf("unknown %q", tab.Unknown)
	}

	t.Run("map beats the layout", func(t *testing.T) {
		// Under Nmbrs "Naam" is the surname; the user says it is the first name used.
		in := "Persnr;Naam;Achternaam;Afdeling;DatumInDienst;Voorvoegsels\n1;Jan;Jansen;A;01-01-2020;\n"
		tab := readString(t, in, "x.csv", Options{Map: map[string]string{"Naam": ColRoepnaam}})
		noProblems(t, tab)
		if v := tab.Rows[0].Values; v[ColRoepnaam] != "Jan" || v[ColAchternaam] != "Jansen" {
			t.Fatalf("values %q", v)
		}
	})
	t.Run("unknown field refused", func(t *testing.T) {
		_, err := Read(strings.NewReader(in), "x.csv", Options{Map: map[string]string{"Nummer": "personeelsnr"}})
		if !errors.Is(err, ErrMapping) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("unknown header refused", func(t *testing.T) {
		_, err := Read(strings.NewReader(in), "x.csv", Options{Map: map[string]string{"Nummr": ColPersnr}})
		if !errors.Is(err, ErrMapping) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("two headers to one field refused", func(t *testing.T) {
		_, err := Read(strings.NewReader(in), "x.csv", Options{Map: map[string]string{"Nummer": ColPersnr, "Naam": ColPersnr}})
		if !errors.Is(err, ErrMapping) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestForcedLayoutDecidesNumericNameUsage(t *testing.T) {
	in := minimalHeader + ";naamgebruik\n1;J;A;d;1\n"
	tab := readString(t, in, "x.csv", Options{})
	if ps := problemsOf(tab, CodeAmbiguousCode); len(ps) != 1 || ps[0].Line != 2 || ps[0].Column != ColNaamgebruik {
		t.Fatalf("numeric code without layout: %+v", tab.Problems)
	}
	for layout, want := range map[string]string{LayoutAFAS: UsagePartnerOwn, LayoutNmbrs: UsageOwn} {
		tab := readString(t, in, "x.csv", Options{Layout: layout})
		noProblems(t, tab)
		if tab.Layout != layout || tab.Rows[0].Values[ColNaamgebruik] != want {
			t.Fatalf("%s: layout %q usage %q, want %q", layout, tab.Layout, tab.Rows[0].Values[ColNaamgebruik], want)
		}
	}
	if _, err := Read(strings.NewReader(in), "x.csv", Options{Layout: "sap"}); !errors.Is(err, ErrLayout) {
		t.Fatalf("unknown layout: err = %v", err)
	}
}

func TestNameUsageCodesPerLayout(t *testing.T) {
	cases := []struct {
		layout, code, want string
		ambiguous          bool
	}{
		{LayoutAFAS, "0", UsageOwn, false},
		{LayoutAFAS, "1", UsagePartnerOwn, false},
		{LayoutAFAS, "2", UsagePartner, false},
		{LayoutAFAS, "3", UsageOwnPartner, false},
		{LayoutAFAS, "Geb. naam partner + Geboortenaam", UsagePartnerOwn, false},
		{LayoutNmbrs, "1", UsageOwn, false},
		{LayoutNmbrs, "2", UsagePartner, false},
		{LayoutNmbrs, "3", UsagePartnerOwn, false},
		{LayoutNmbrs, "04", UsageOwnPartner, false},
		{LayoutRaet, "E", UsageOwn, false},
		{LayoutRaet, "P", UsagePartner, false},
		{LayoutRaet, "B", UsagePartnerOwn, false},
		{LayoutRaet, "c", UsageOwnPartner, false},
		{"", "V", UsagePartnerOwn, false}, // BRP
		{"", "N", UsageOwnPartner, false}, // BRP
		{LayoutKluis, "own-partner", UsageOwnPartner, false},
		{LayoutKluis, "Partner", UsagePartner, false},
		{LayoutKluis, "2", "", true},
		{LayoutRaet, "1", "", true},
		{"", "3", "", true},
		{LayoutAFAS, "4", "", false},
		{LayoutKluis, "Z", "", false},
	}
	for _, c := range cases {
		t.Run(c.layout+"/"+c.code, func(t *testing.T) {
			got, ok, amb := NameUsage(c.layout, c.code)
			if got != c.want || ok != (c.want != "") || amb != c.ambiguous {
				t.Fatalf("NameUsage(%q, %q) = %q %v %v, want %q ambiguous=%v", c.layout, c.code, got, ok, amb, c.want, c.ambiguous)
			}
		})
	}
}

func TestGenderCodesAreNormalised(t *testing.T) {
	for in, want := range map[string]string{
		"M": GenderMan, "m": GenderMan, "Man": GenderMan, "1": GenderMan,
		"V": GenderWoman, "vrouw": GenderWoman, "2": GenderWoman, "F": GenderWoman,
		"X": GenderUnspecified, "O": GenderUnknown, "onbekend": GenderUnknown,
		"Q": "", "3": "",
	} {
		t.Run(in, func(t *testing.T) {
			got, ok := Gender(in)
			if got != want || ok != (want != "") {
				t.Fatalf("Gender(%q) = %q %v, want %q", in, got, ok, want)
			}
		})
	}
	tab := readString(t, minimalHeader+";geslacht\n1;J;A;d;Q\n", "x.csv", Options{})
	if ps := problemsOf(tab, CodeUnknownCode); len(ps) != 1 || ps[0].Column != ColGeslacht {
		t.Fatalf("problems %+v", tab.Problems)
	}
	if _, present := tab.Rows[0].Values[ColGeslacht]; present {
		t.Fatal("an unknown code must not reach Values")
	}
}

func TestRule_HeaderNamesIgnoreCaseSpacesDashesUnderscoresDotsAndBrackets(t *testing.T) {
	for in, want := range map[string]string{
		"Datum in dienst":     "datumindienst",
		" DATUM_IN-DIENST ":   "datumindienst",
		"[Eigen naam]":        "eigennaam",
		"\ufeffpersnr":        "persnr",
		"Telefoon privé":      "telefoonprive",
		"Toev. aan huisnr.":   "toevaanhuisnr",
		"Geb. datum":          "gebdatum",
		"[ Afdelingscode ]":   "afdelingscode",
		"uren\u00a0per\tweek": "urenperweek",
	} {
		if got := NormalizeHeader(in); got != want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMissingRequiredColumnIsReportedOnLine1(t *testing.T) {
	tab := readString(t, "persnr;achternaam;roepnaam\n1;J;Jan\n", "x.csv", Options{})
	ps := problemsOf(tab, CodeMissingColumn)
	if len(ps) != 1 || ps[0].Line != 1 {
		t.Fatalf("problems %+v", tab.Problems)
	}
	for _, c := range []string{ColAfdeling, ColDatumInDienst} {
		if !strings.Contains(ps[0].Message, c) {
			t.Errorf("message %q does not name %s", ps[0].Message, c)
		}
	}
	if strings.Contains(ps[0].Message, ColPersnr) {
		t.Errorf("message %q names a column that is present", ps[0].Message)
	}
}

func TestNoKnownColumnsSuggestsAMissingHeader(t *testing.T) {
	tab := readString(t, "12;Jansen;A\n13;Bakker;B\n", "x.csv", Options{})
	if len(problemsOf(tab, CodeNoKnownColumns)) != 1 {
		t.Fatalf("problems %+v", tab.Problems)
	}
}

func TestRule_TheReaderLeavesValueRulesToTheUseCase(t *testing.T) {
	// An empty required value, a persnr twice, an over-long cell, a control character and an
	// undecodable byte (0x81 is undefined in Windows-1252) are value rules of the one table,
	// applied once by internal/imports; the reader passes the cells on as written.
	long := strings.Repeat("é", MaxFieldChars+1)
	in := minimalHeader + ";straat\n1;Jansen;A;01-01-2020;" + long + "\n2;  ;A;;\n1;Jan\x1bsen;A;d;\n"
	tab := readString(t, in, "x.csv", Options{})
	noProblems(t, tab)
	if len(tab.Rows) != 3 || tab.Rows[0].Values[ColStraat] != long || tab.Rows[1].Values[ColAchternaam] != "" ||
		tab.Rows[2].Values[ColAchternaam] != "Jan\x1bsen" {
		t.Fatalf("rows %+v", tab.Rows)
	}
	tab = readString(t, minimalHeader+"\n3;Jan\x81sen;A;d\n", "x.csv", Options{})
	noProblems(t, tab)
	if tab.Rows[0].Values[ColAchternaam] != "Jan\ufffdsen" { // validate.HasControl refuses it later
		t.Fatalf("rows %+v", tab.Rows)
	}
}

func TestRaggedRowsAreReportedWithTheirLine(t *testing.T) {
	in := minimalHeader + "\n1;J;A;d\n2;J;A\n3;J;A;d;extra\n4;J;A;d;;\n"
	tab := readString(t, in, "x.csv", Options{})
	var lines []int
	for _, p := range problemsOf(tab, CodeRaggedRow) {
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 4}) {
		t.Fatalf("ragged lines %v, want [3 4] (trailing empty fields are fine): %+v", lines, tab.Problems)
	}
	if len(tab.Problems) != 2 {
		t.Fatalf("a short row must not also report the cut-off required value: %+v", tab.Problems)
	}
}

func TestRule_AnOverlongHeaderIsReportedByItsPosition(t *testing.T) {
	long := strings.Repeat("é", MaxFieldChars+1)
	tab := readString(t, minimalHeader+";"+long+"\n1;J;A;d;x\n", "x.csv", Options{})
	ps := problemsOf(tab, CodeHeaderTooLong)
	if len(ps) != 1 || len(tab.Problems) != 1 || ps[0].Line != 1 || ps[0].Params["column"] != 5 || strings.Contains(ps[0].Message, "é") {
		t.Fatalf("problems %+v", tab.Problems)
	}
}

func TestEmptyFileIsRefused(t *testing.T) {
	for name, in := range map[string]string{
		"zero bytes":  "",
		"BOM only":    "\ufeff",
		"blank lines": "\r\n\n  \n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read(strings.NewReader(in), "x.csv", Options{})
			if !errors.Is(err, ErrEmpty) {
				t.Fatalf("err = %v, want ErrEmpty", err)
			}
		})
	}
	t.Run("empty xlsx name", func(t *testing.T) {
		if _, err := Read(strings.NewReader(""), "x.xlsx", Options{}); !errors.Is(err, ErrEmpty) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestHeaderOnlyGivesNoRowsAndNoProblems(t *testing.T) {
	tab := readString(t, minimalHeader+"\r\n", "x.csv", Options{})
	noProblems(t, tab)
	if len(tab.Rows) != 0 || tab.Layout != LayoutKluis || len(tab.Columns) != 4 {
		t.Fatalf("table %+v", tab)
	}
}

func TestBinaryGarbageIsRefused(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rnd.IntN(256))
	}
	noNUL := bytes.ReplaceAll(random, []byte{0}, []byte{1})
	cases := map[string][]byte{
		"NUL bytes":            []byte(minimalHeader + "\n1;J\x00;A;d\n"),
		"random bytes":         random,
		"random bytes, no NUL": noNUL,
		"control characters":   bytes.Repeat([]byte("a\x01\x02\x03;"), 100),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(in), "x.csv", Options{})
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("err = %v, want ErrBinary", err)
			}
		})
	}
	t.Run("old xls", func(t *testing.T) {
		in := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random...)
		if _, err := Read(bytes.NewReader(in), "x.xls", Options{}); !errors.Is(err, ErrUnsupported) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("broken zip", func(t *testing.T) {
		in := append([]byte("PK\x03\x04"), random...)
		if _, err := Read(bytes.NewReader(in), "x.csv", Options{}); !errors.Is(err, ErrSpreadsheet) && !errors.Is(err, ErrUnsupported) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("text named xlsx", func(t *testing.T) {
		if _, err := Read(strings.NewReader(minimalHeader), "x.xlsx", Options{}); !errors.Is(err, ErrSpreadsheet) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestFormulaTextIsKeptVerbatim(t *testing.T) {
	in := minimalHeader + ";roepnaam;functie;kostenplaats;straat\n" +
		"1;\"=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";A;d;+31 6 1234;-5;@SUM(A1);\"=1+1\"\n"
	tab := readString(t, in, "x.csv", Options{})
	noProblems(t, tab)
	v := tab.Rows[0].Values
	want := map[string]string{
		ColAchternaam: `=HYPERLINK("http://x";"y")`, ColRoepnaam: "+31 6 1234",
		ColFunctie: "-5", ColKostenplaats: "@SUM(A1)", ColStraat: "=1+1",
	}
	for c, w := range want {
		if v[c] != w {
			t.Errorf("%s = %q, want %q", c, v[c], w)
		}
	}
}

func TestInputSizeIsCapped(t *testing.T) {
	in := minimalHeader + "\n" + strings.Repeat("1;J;A;d\n", 200)
	if _, err := Read(strings.NewReader(in), "x.csv", Options{MaxBytes: int64(len(in) - 1)}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if _, err := Read(strings.NewReader(in), "x.csv", Options{MaxBytes: int64(len(in))}); err != nil {
		t.Fatalf("exactly the cap: %v", err)
	}
}

func TestTooManyFieldsIsRefusedWithItsLine(t *testing.T) {
	in := minimalHeader + "\n1;J;A;d\n" + strings.Repeat(";", MaxColumns+5) + "\n"
	_, err := Read(strings.NewReader(in), "x.csv", Options{})
	if !errors.Is(err, ErrTooManyCols) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v", err)
	}
}

func TestDuplicateHeaderIsAProblem(t *testing.T) {
	tab := readString(t, "persnr;achternaam;afdeling;datum_in_dienst;Persnr\n1;J;A;d;2\n", "x.csv", Options{})
	if ps := problemsOf(tab, CodeDuplicateColumn); len(ps) != 1 || ps[0].Line != 1 {
		t.Fatalf("problems %+v", tab.Problems)
	}
	if tab.Rows[0].Values[ColPersnr] != "1" {
		t.Fatal("the first of two equal headers is used")
	}
}

func TestLayoutPreferenceKeepsTheBirthName(t *testing.T) {
	// AFAS exports both the composed surname and the birth name; achternaam is the
	// birth name, and the composed one is known to the layout as not imported.
	in := "Medewerker;Achternaam;Geboortenaam;OE_omschrijving;Begindatum contract\n1;Jansen-de Vries;de Vries;A;d\n"
	tab := readString(t, in, "x.csv", Options{})
	noProblems(t, tab)
	if tab.Layout != LayoutAFAS || tab.Rows[0].Values[ColAchternaam] != "de Vries" {
		t.Fatalf("layout %q values %q", tab.Layout, tab.Rows[0].Values)
	}
	if !reflect.DeepEqual(tab.Unknown, []string{"Achternaam"}) || !tab.Columns[1].Ignored || !tab.Columns[1].HasData {
		t.Fatalf("unknown %q, columns %+v", tab.Unknown, tab.Columns)
	}
}

func TestTooManyProblemsAreCountedNotListed(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimalHeader + "\n")
	for i := 0; i < MaxProblems+10; i++ {
		b.WriteString("1;J;A\n") // a field short on every line
	}
	tab := readString(t, b.String(), "x.csv", Options{})
	if len(tab.Problems) != MaxProblems+1 {
		t.Fatalf("problems = %d", len(tab.Problems))
	}
	last := tab.Problems[len(tab.Problems)-1]
	if last.Code != CodeTooManyProblems || !strings.Contains(last.Message, "10 problems more") || last.Params["count"] != 10 {
		t.Fatalf("last problem %+v", last)
	}
}

func TestPreviewRowsIsAPrefix(t *testing.T) {
	tab := readString(t, minimalHeader+"\n1;J;A;d\n2;K;A;d\n3;L;A;d\n", "x.csv", Options{})
	if got := PreviewRows(tab, 2); len(got) != 2 || got[1].Line != 3 {
		t.Fatalf("preview %+v", got)
	}
	if got := PreviewRows(tab, 10); len(got) != 3 {
		t.Fatalf("preview %+v", got)
	}
}

func TestSampleKeepsTheFirstRowsAsWrittenForEveryColumnIncludingUnmappedOnes(t *testing.T) {
	var b strings.Builder
	b.WriteString("persnr;achternaam;afdeling;datum_in_dienst;Loonheffing\n")
	for i := range SampleRows + 3 {
		b.WriteString(strings.Join([]string{string(rune('a' + i)), "Vries", "Utrecht", "01-01-2020", " ja "}, ";") + "\n")
	}
	tab := readString(t, b.String(), "x.csv", Options{})
	if len(tab.Sample) != SampleRows {
		t.Fatalf("sample has %d rows, want %d", len(tab.Sample), SampleRows)
	}
	if got := tab.Sample[1]; !reflect.DeepEqual(got, []string{"b", "Vries", "Utrecht", "01-01-2020", "ja"}) {
		t.Fatalf("sample row %q", got)
	}
}

// Rule: with Options.Rows the reader hands over the same rows it would keep in Table.Rows, in
// file order, keeps none itself, and reports the same problems (by line, so a caller can leave
// those rows out).
func TestRule_RowsHandedOverAsReadAreTheRowsTheTableWouldHold(t *testing.T) {
	content := "persnr;achternaam;geslacht;datum_in_dienst\n" +
		"1;Jansen;M;2020-01-01\n" +
		"\n" +
		"2;de Vries;onbekend-code;2021-02-01\n" +
		"3;Bakker;V;2022-03-01;extra\n" +
		"4;Visser;V;2023-04-01\n"
	whole := readString(t, content, "a.csv", Options{})
	var handed []Row
	tab := readString(t, content, "a.csv", Options{Rows: func(r Row) { handed = append(handed, r) }})
	if len(tab.Rows) != 0 {
		t.Fatalf("the table keeps %d rows while they are handed over", len(tab.Rows))
	}
	if len(handed) != 4 || !reflect.DeepEqual(handed, whole.Rows) {
		t.Fatalf("handed over %+v, the table holds %+v", handed, whole.Rows)
	}
	if !reflect.DeepEqual(tab.Problems, whole.Problems) || len(tab.Problems) == 0 {
		t.Fatalf("problems %+v, want %+v (and some)", tab.Problems, whole.Problems)
	}
}
