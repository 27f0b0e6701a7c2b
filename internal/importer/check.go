package importer

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"kluis/internal/validate"
)

// Field length caps for imported text (characters). Generous for real names and addresses,
// small enough that a misplaced column (a whole address in "voorletters") is caught.
var maxLen = map[string]int{
	ColPersnr: 32, ColVoorletters: 20, ColRoepnaam: 80, ColVoornamen: 200, ColTussenvoegsel: 20,
	ColAchternaam: 200, ColPartnerTussenvoegsel: 20, ColPartnerAchternaam: 200, ColStraat: 200,
	ColHuisnummer: 10, ColToevoeging: 20, ColWoonplaats: 100, ColLand: 60, ColAfdeling: 300,
	ColKostenplaats: 60, ColFunctie: 120,
}

// Checked is a row whose values passed every field rule, normalised for storage: BSN as nine
// digits, postcodes as "1234 AB", dates as jjjj-mm-dd, hours with a decimal point, land as an
// ISO code where known. Only columns with a value are present.
type Checked struct {
	Line   int
	Values map[string]string
}

// Check applies the field rules of docs/DOMAIN.md to every row of t (today decides what "in the
// future" means) and returns the rows that passed and every problem, by line and column, sorted
// by line. The table's own reading problems are included, so the caller has one list. A row
// with any problem is not in the checked rows.
func Check(t *Table, today time.Time) ([]Checked, []Problem) {
	problems := append([]Problem(nil), t.Problems...)
	bad := map[int]bool{}
	for _, p := range t.Problems {
		bad[p.Line] = true
	}
	var out []Checked
	for _, r := range t.Rows {
		values, fe := checkRow(r.Values, today)
		if len(fe) > 0 {
			bad[r.Line] = true
			problems = append(problems, rowProblems(r.Line, fe)...)
			continue
		}
		if !bad[r.Line] {
			out = append(out, Checked{Line: r.Line, Values: values})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return out, problems
}

// rowProblems turns one row's field errors into problems, in column order.
func rowProblems(line int, fe validate.FieldErrors) []Problem {
	cols := make([]string, 0, len(fe))
	for c := range fe {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	out := make([]Problem, 0, len(cols))
	for _, c := range cols {
		out = append(out, Problem{Line: line, Column: c, Code: string(fe[c]),
			Message: fmt.Sprintf("line %d, column %s: %s", line, c, fe[c].Describe())})
	}
	return out
}

// checkRow validates and normalises one row's values.
func checkRow(in map[string]string, today time.Time) (map[string]string, validate.FieldErrors) {
	f := validate.FieldErrors{}
	out := map[string]string{}
	set := func(col, v string) {
		if v != "" {
			out[col] = v
		}
	}
	for col, limit := range maxLen {
		set(col, validate.Text(f, col, in[col], false, limit))
	}
	set(ColBSN, validate.BSN(f, ColBSN, in[ColBSN], false))

	country := countryCode(in[ColLand])
	set(ColLand, country)
	set(ColPostcode, validate.Postcode(f, ColPostcode, in[ColPostcode], country, false))
	for _, col := range []string{ColTelefoon, ColTelefoonWerk, ColTelefoonPrive} {
		set(col, validate.Phone(f, col, in[col]))
	}
	for _, col := range []string{ColEmail, ColEmailWerk, ColEmailPrive} {
		set(col, validate.Email(f, col, in[col], false))
	}

	// Missing required values are the reader's problems already (missing_value).
	start := validate.Date(f, ColDatumInDienst, in[ColDatumInDienst], false)
	end := validate.Date(f, ColDatumUitDienst, in[ColDatumUitDienst], false)
	birth := validate.Date(f, ColGeboortedatum, in[ColGeboortedatum], false)
	validate.EndNotBeforeStart(f, ColDatumUitDienst, start, end)
	validate.BirthDate(f, ColGeboortedatum, birth, start, today)
	for col, d := range map[string]time.Time{ColDatumInDienst: start, ColDatumUitDienst: end, ColGeboortedatum: birth} {
		if !d.IsZero() {
			out[col] = d.Format("2006-01-02")
		}
	}
	set(ColUrenPerWeek, validate.Hours(f, ColUrenPerWeek, in[ColUrenPerWeek]))
	// The reader already normalised these two codes (or reported them).
	set(ColNaamgebruik, in[ColNaamgebruik])
	set(ColGeslacht, in[ColGeslacht])
	return out, f
}

// countryCode maps what payroll exports write for a country to an ISO code where Kluis checks
// the postcode; anything else is kept as written. Empty means the Netherlands.
func countryCode(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "nl", "nld", "nederland", "netherlands", "the netherlands", "holland":
		return validate.CountryNL
	case "be", "bel", "belgië", "belgie", "belgium", "belgique":
		return validate.CountryBE
	}
	return strings.TrimSpace(v)
}
