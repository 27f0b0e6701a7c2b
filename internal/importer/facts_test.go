package importer

import (
	"strings"
	"testing"
)

// headerOf is a layout's first header for a canonical column ("" when it has none).
func headerOf(l *layout, canonical string) string {
	for _, c := range l.columns {
		if c.canonical == canonical {
			return c.header
		}
	}
	return ""
}

func TestRule_EachPayrollLayoutReadsTheEmploymentFactsColumns(t *testing.T) {
	facts := map[string]string{ColSoortContract: "Bepaalde tijd", ColSector: "15", ColRisicopremiegroep: "152"}
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			var header, row []string
			for _, c := range []string{ColPersnr, ColAchternaam, ColAfdeling, ColDatumInDienst} {
				h := headerOf(l, c)
				if h == "" {
					h = c // a layout without its own name for a required column: the canonical one
				}
				header, row = append(header, h), append(row, "x")
			}
			for c, v := range facts {
				h := headerOf(l, c)
				if h == "" {
					t.Fatalf("layout %s has no column for %s", l.name, c)
				}
				header, row = append(header, h), append(row, v)
			}
			tab := readString(t, strings.Join(header, ";")+"\n"+strings.Join(row, ";")+"\n", "facts.csv", Options{Layout: l.name})
			noProblems(t, tab)
			if len(tab.Unknown) > 0 {
				t.Fatalf("unknown headers %q", tab.Unknown)
			}
			for c, v := range facts {
				if got := tab.Rows[0].Values[c]; got != v {
					t.Errorf("%s = %q, want %q", c, got, v)
				}
			}
		})
	}
}

func TestRule_OwnFilesMayNameTheFactsColumnsInTheirOwnWords(t *testing.T) {
	tab := readString(t, "Personeelsnummer;Achternaam;Afdeling;Startdatum;Contractsoort;Sectorcode;Sector risicogroep;UWV kenmerk\n"+
		"1;Jansen;A;01-01-2020;oproepkracht;5;052;ZW-1\n", "own.csv", Options{})
	noProblems(t, tab)
	want := map[string]string{ColSoortContract: "oproepkracht", ColSector: "5", ColRisicopremiegroep: "052", ColUWVReferentie: "ZW-1"}
	for c, v := range want {
		if got := tab.Rows[0].Values[c]; got != v {
			t.Errorf("%s = %q, want %q", c, got, v)
		}
	}
}
