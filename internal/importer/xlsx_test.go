package importer

import (
	"bytes"
	"errors"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook builds a workbook in memory; build gets the file and its first sheet.
func writeWorkbook(t *testing.T, build func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	build(f, "Sheet1")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func TestXLSXRoundTrip(t *testing.T) {
	data := writeWorkbook(t, func(f *excelize.File, s string) {
		if err := f.SetSheetRow(s, "A1", &[]any{"Persnr", "Naam", "Voorvoegsels", "Afdeling", "DatumInDienst", "Geslacht", "NaamSamenstelling", "Geboortedatum", "UrenPerWeek"}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(s, "A2", &[]any{"00042", "Zoë de Wit", "", "Utrecht/Magazijn", "01-02-2020", 2, 3, "14-03-1985", 32.5}); err != nil {
			t.Fatal(err)
		}
		// Row 3 left blank on purpose; row 4 has a date cell with Excel's short-date style.
		set(t, f, s, "A4", "00043")
		set(t, f, s, "B4", "Bakker")
		set(t, f, s, "D4", "Utrecht/Kantoor")
		set(t, f, s, "E4", "2021-09-01")
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFloat(s, "H4", 31121, 0, 64); err != nil { // 15-03-1985 as a serial number
			t.Fatal(err)
		}
		if err := f.SetCellStyle(s, "H4", "H4", style); err != nil {
			t.Fatal(err)
		}
	})
	tab, err := Read(bytes.NewReader(data), "export.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	noProblems(t, tab)
	if tab.Format != "xlsx" || tab.Layout != LayoutNmbrs || tab.Sheet != "Sheet1" {
		t.Fatalf("format %q layout %q sheet %q", tab.Format, tab.Layout, tab.Sheet)
	}
	if len(tab.Rows) != 2 || tab.Rows[0].Line != 2 || tab.Rows[1].Line != 4 {
		t.Fatalf("rows %+v, want row numbers 2 and 4", tab.Rows)
	}
	r := tab.Rows[0].Values
	want := map[string]string{
		ColPersnr: "00042", ColAchternaam: "Zoë de Wit", ColTussenvoegsel: "", ColAfdeling: "Utrecht/Magazijn",
		ColDatumInDienst: "01-02-2020", ColGeslacht: GenderWoman, ColNaamgebruik: UsagePartnerOwn,
		ColGeboortedatum: "14-03-1985", ColUrenPerWeek: "32.5",
	}
	for c, w := range want {
		if r[c] != w {
			t.Errorf("%s = %q, want %q", c, r[c], w)
		}
	}
	if got := tab.Rows[1].Values[ColGeboortedatum]; got != "1985-03-15" {
		t.Errorf("short-date cell = %q, want 1985-03-15", got)
	}
	// Row 4 is shorter than the header in the sheet's XML; that is not a ragged row.
	if got := tab.Rows[1].Values[ColGeslacht]; got != "" {
		t.Errorf("empty cell = %q", got)
	}
}

func TestXLSXFormulaCellsAreNotEvaluatedAndFormulaTextIsKept(t *testing.T) {
	data := writeWorkbook(t, func(f *excelize.File, s string) {
		if err := f.SetSheetRow(s, "A1", &[]any{"persnr", "achternaam", "afdeling", "datum_in_dienst", "functie", "kostenplaats", "telefoon"}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(s, "A2", &[]any{"1", "=HYPERLINK(\"http://x\",\"y\")", "A", "d", "+31 6", "@SUM(A1)"}); err != nil {
			t.Fatal(err)
		}
		// A real formula cell without a cached value (excelize does not calculate).
		if err := f.SetCellFormula(s, "G2", "1+1"); err != nil {
			t.Fatal(err)
		}
	})
	tab, err := Read(bytes.NewReader(data), "x.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	noProblems(t, tab)
	v := tab.Rows[0].Values
	if v[ColAchternaam] != `=HYPERLINK("http://x","y")` || v[ColKostenplaats] != "@SUM(A1)" || v[ColFunctie] != "+31 6" {
		t.Fatalf("text cells %q", v)
	}
	if got, present := v[ColTelefoon]; !present || got != "" {
		t.Fatalf("a formula cell reads its cached value (none here), never the formula or a result: %q", got)
	}
}

func TestXLSXIsDetectedByContentNotName(t *testing.T) {
	data := writeWorkbook(t, func(f *excelize.File, s string) {
		if err := f.SetSheetRow(s, "A1", &[]any{"persnr", "achternaam", "afdeling", "datum_in_dienst"}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(s, "A2", &[]any{"1", "J", "A", "d"}); err != nil {
			t.Fatal(err)
		}
	})
	tab, err := Read(bytes.NewReader(data), "export.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != "xlsx" || len(tab.Rows) != 1 {
		t.Fatalf("table %+v", tab)
	}
}

func TestXLSXPicksTheEmployeeSheet(t *testing.T) {
	data := writeWorkbook(t, func(f *excelize.File, s string) {
		set(t, f, s, "A1", "Toelichting")
		set(t, f, s, "A2", "Vul het tabblad Werknemers in.")
		if _, err := f.NewSheet("Werknemers"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Werknemers", "A3", &[]any{"Persnr", "Naam", "Afdeling", "DatumInDienst"}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Werknemers", "A4", &[]any{"7", "Jansen", "A", "01-01-2020"}); err != nil {
			t.Fatal(err)
		}
	})
	tab, err := Read(bytes.NewReader(data), "x.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	noProblems(t, tab)
	if tab.Sheet != "Werknemers" || len(tab.Rows) != 1 || tab.Rows[0].Line != 4 {
		t.Fatalf("sheet %q rows %+v", tab.Sheet, tab.Rows)
	}
}

func TestXLSXEmptyWorkbookIsRefused(t *testing.T) {
	data := writeWorkbook(t, func(*excelize.File, string) {})
	if _, err := Read(bytes.NewReader(data), "x.xlsx", Options{}); !errors.Is(err, ErrEmpty) {
		t.Fatalf("err = %v", err)
	}
}
