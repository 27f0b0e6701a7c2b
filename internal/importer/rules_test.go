package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestRule_SynonymsMapTheHeadersPeopleWrite(t *testing.T) {
	cases := []struct{ header, column string }{
		{"voornaam", ColRoepnaam},
		{"Voornaam", ColRoepnaam},
		{"geb.datum", ColGeboortedatum},
		{"Geb. datum", ColGeboortedatum},
		{"geboortedatum", ColGeboortedatum},
		{"e-mail", ColEmail},
		{"E-mailadres", ColEmail},
		{"mobiel", ColTelefoon},
		{"telefoon", ColTelefoon},
		{"Telefoonnummer", ColTelefoon},
		{"plaats", ColWoonplaats},
		{"in dienst", ColDatumInDienst},
		{"Datum in dienst", ColDatumInDienst},
		{"Startdatum", ColDatumInDienst},
		{"uit dienst", ColDatumUitDienst},
		{"uren", ColUrenPerWeek},
		{"functie", ColFunctie},
		{"Functienaam", ColFunctie},
		{"Personeelsnummer", ColPersnr},
		{"Pers.nr.", ColPersnr},
		{"Sofinummer", ColBSN},
		{"Initialen", ColVoorletters},
		{"Tussenvoegsels", ColTussenvoegsel},
		{"Familienaam", ColAchternaam},
		{"Huisnr", ColHuisnummer},
	}
	for _, c := range cases {
		t.Run(c.header, func(t *testing.T) {
			header := []string{"persnr", "achternaam", "afdeling", "datum_in_dienst"}
			row := []string{"1", "Vries", "A", "01-01-2020"}
			if i := indexOf(header, c.column); i >= 0 {
				header[i], row[i] = c.header, "x"
			} else {
				header, row = append(header, c.header), append(row, "x")
			}
			tab := readString(t, strings.Join(header, ";")+"\n"+strings.Join(row, ";")+"\n", "x.csv", Options{})
			noProblems(t, tab)
			if got := tab.Rows[0].Values[c.column]; got != "x" {
				t.Fatalf("%q is not read as %s: %+v", c.header, c.column, tab.Columns)
			}
		})
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func TestRule_EverySynonymIsOneHeaderForOneColumn(t *testing.T) {
	seen := map[string]string{}
	for _, s := range synonyms {
		n := NormalizeHeader(s.header)
		if !canonicalSet[s.canonical] {
			t.Errorf("synonym %q maps to unknown column %s", s.header, s.canonical)
		}
		for _, c := range Canonical {
			if NormalizeHeader(c) == n {
				t.Errorf("synonym %q is the canonical name %s already", s.header, c)
			}
		}
		if prev, dup := seen[n]; dup {
			t.Errorf("synonym %q is listed twice (%s, %s)", s.header, prev, s.canonical)
		}
		seen[n] = s.canonical
	}
}

func TestRule_ALayoutIsRecognisedOnlyByItsOwnHeaders(t *testing.T) {
	cases := []struct{ name, header, layout string }{
		{"a file of one's own", "Personeelsnummer;Voornaam;Achternaam;Afdeling;In dienst", ""},
		{"generic names only", "persnr;achternaam;email;telefoon", ""},
		{"nothing known", "Omzet;Klant", ""},
		{"one generic name", "Achternaam", ""},
		{"the Kluis template's required columns", "persnr;achternaam;afdeling;datum_in_dienst", LayoutKluis},
		{"the template with a column of one's own", "persnr;achternaam;afdeling;datum_in_dienst;Opmerking", LayoutKluis},
		{"an AFAS caption", "Medewerker;Achternaam;Afdeling", LayoutAFAS},
		{"an Nmbrs caption", "Persnr;Naam;Voorvoegsels", LayoutNmbrs},
		{"a Raet caption", "[Personeelsnummer]|[Eigen naam]", LayoutRaet},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := readString(t, c.header+"\n", "x.csv", Options{})
			if tab.Layout != c.layout {
				t.Fatalf("layout %q, want %q", tab.Layout, c.layout)
			}
		})
	}
}

func TestRule_AnUnmappedColumnWithDataIsAProblemUntilItIsLeftOutByChoice(t *testing.T) {
	const file = "persnr;achternaam;afdeling;datum_in_dienst;Loonheffing;Notitie;;Leeg\n" +
		"1;Vries;A;d;ja;;;\n2;Bakker;A;d;nee;;x;\n"
	tab := readString(t, file, "x.csv", Options{})
	ps := problemsOf(tab, CodeUnmappedColumn)
	if len(ps) != 2 || len(tab.Problems) != 2 {
		t.Fatalf("problems %+v", tab.Problems)
	}
	if ps[0].Line != 1 || ps[0].Params["column"] != 5 || ps[0].Params["header"] != "Loonheffing" ||
		ps[1].Params["column"] != 7 || ps[1].Params["header"] != "" {
		t.Fatalf("problems %+v", ps)
	}
	for _, p := range ps {
		if strings.Contains(p.Message, "Loonheffing") || strings.Contains(p.Message, "ja") {
			t.Errorf("message quotes the file: %s", p.Message)
		}
	}
	if !tab.Columns[4].HasData || tab.Columns[5].HasData || tab.Columns[7].HasData {
		t.Fatalf("columns %+v", tab.Columns)
	}
	// The explicit choice: "-" (or "") for a header, "" for the columns without a name.
	tab = readString(t, file, "x.csv", Options{Map: map[string]string{"loonheffing": "-", "": "-"}})
	noProblems(t, tab)
	if !tab.Columns[4].Ignored || !tab.Columns[6].Ignored || tab.Columns[5].Ignored {
		t.Fatalf("columns %+v", tab.Columns)
	}
	// A nameless column cannot be mapped to a field.
	if _, err := Read(strings.NewReader(file), "x.csv", Options{Map: map[string]string{"": ColRoepnaam}}); !errors.Is(err, ErrMapping) {
		t.Fatalf("err %v", err)
	}
}

func TestRule_AFileThatRecognisesNoColumnDoesNotListItsFirstLineAsColumns(t *testing.T) {
	// Probably no header: the "headers" are data, which a problem must not repeat.
	tab := readString(t, "999990007;Kanarievogel;Utrecht\n999990019;Bakker;Utrecht\n", "x.csv", Options{})
	if len(problemsOf(tab, CodeNoKnownColumns)) != 1 || len(problemsOf(tab, CodeUnmappedColumn)) != 0 {
		t.Fatalf("problems %+v", tab.Problems)
	}
	if s := fmt.Sprint(tab.Problems); strings.Contains(s, "Kanarievogel") || strings.Contains(s, "999990007") {
		t.Fatalf("problems repeat the first line: %s", s)
	}
}

func TestRule_CountsInMessagesArePluralSafe(t *testing.T) {
	tab := readString(t, "persnr;achternaam;afdeling\n1\n", "x.csv", Options{})
	want := map[string]string{
		CodeMissingColumn: "line 1: missing required column: datum_in_dienst",
		CodeRaggedRow:     "line 2: 1 field, but the header has 3",
	}
	for code, msg := range want {
		if ps := problemsOf(tab, code); len(ps) != 1 || ps[0].Message != msg {
			t.Errorf("%s: %+v, want %q", code, ps, msg)
		}
	}
	tab = readString(t, "persnr;achternaam\n1;2;3;4\n", "x.csv", Options{})
	want = map[string]string{
		CodeMissingColumn: "line 1: missing required columns: afdeling, datum_in_dienst",
		CodeRaggedRow:     "line 2: 4 fields, but the header has 2",
	}
	for code, msg := range want {
		if ps := problemsOf(tab, code); len(ps) != 1 || ps[0].Message != msg {
			t.Errorf("%s: %+v, want %q", code, ps, msg)
		}
	}
	if ps := problemsOf(tab, CodeMissingColumn); ps[0].Params["count"] != 2 || ps[0].Column != "afdeling,datum_in_dienst" {
		t.Errorf("params %+v", ps[0])
	}
}

func TestRule_EveryReadErrorHasAStableCode(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range readErrorCodes {
		wrapped := fmt.Errorf("%w: detail", e.err)
		if ErrorCode(wrapped) != e.code || e.code == "" || seen[e.code] {
			t.Errorf("%v: code %q", e.err, ErrorCode(wrapped))
		}
		seen[e.code] = true
	}
	if ErrorCode(errors.New("other")) != "" {
		t.Error("an unknown error got a code")
	}
	_, err := Read(strings.NewReader(""), "x.csv", Options{})
	if ErrorCode(err) != "file_empty" {
		t.Fatalf("%v: %q", err, ErrorCode(err))
	}
}

func TestRule_TheHeaderLineIsKnown(t *testing.T) {
	tab := readString(t, "sep=;\n\n"+minimalHeader+"\n1;J;A;d\n", "x.csv", Options{})
	if tab.HeaderLine != 3 || tab.Rows[0].Line != 4 {
		t.Fatalf("header line %d", tab.HeaderLine)
	}
}

func TestRule_ALayoutsOwnColumnsWithoutKluisDataNeedNoChoice(t *testing.T) {
	// Nmbrs writes the payroll office's client and company numbers: known, not imported.
	nmbrs := "Debiteurnr;Bedrijfnr;Persnr;Naam;Afdeling;DatumInDienst\n77;3;1;Vries;A;01-01-2020\n"
	tab := readString(t, nmbrs, "x.csv", Options{})
	noProblems(t, tab)
	if tab.Layout != LayoutNmbrs || !tab.Columns[0].Ignored || !tab.Columns[1].Ignored || !tab.Columns[0].HasData {
		t.Fatalf("layout %q columns %+v", tab.Layout, tab.Columns)
	}
	// The same column in a file of one's own is a column like any other.
	own := "Debiteurnr;persnr;achternaam;afdeling;datum_in_dienst\n77;1;Vries;A;01-01-2020\n"
	tab = readString(t, own, "x.csv", Options{})
	if ps := problemsOf(tab, CodeUnmappedColumn); tab.Layout != LayoutKluis || len(ps) != 1 || ps[0].Params["header"] != "Debiteurnr" {
		t.Fatalf("layout %q problems %+v", tab.Layout, tab.Problems)
	}
	// A skipped header that a field takes is read: under Exact, LastName is the surname
	// when BirthName is absent.
	exact := "Code,LastName,DepartmentCode,StartDate\n1,Vries,A,2020-01-01\n"
	tab = readString(t, exact, "x.csv", Options{})
	noProblems(t, tab)
	if tab.Layout != LayoutExact || tab.Rows[0].Values[ColAchternaam] != "Vries" || tab.Columns[1].Ignored {
		t.Fatalf("layout %q values %q", tab.Layout, tab.Rows[0].Values)
	}
}
