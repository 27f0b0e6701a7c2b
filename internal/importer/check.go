package importer

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"kluis/internal/validate"
)

// Checked is a row whose values passed every field rule, normalised for storage: BSN as nine
// digits, postcodes as "1234 AB", dates as jjjj-mm-dd, hours with a decimal point, land as an
// ISO code where known. Only columns with a value are present.
type Checked struct {
	Line   int
	Values map[string]string
}

// Check applies the field rules of the one table (validate.CheckEmployee) to every row of t
// (today decides what "in the future" means) and returns the rows that passed and every
// problem, the table's own first, by line.
//
// Deprecated: the reader does not check values. The import use case (internal/imports) checks
// each row once, through internal/people, with the same table and also across rows (a persnr
// twice) and against the vault; imports.Check with a nil Directory checks a file on its own.
// Check stays for callers that only have a Table.
func Check(t *Table, today time.Time) ([]Checked, []Problem) {
	problems := append([]Problem(nil), t.Problems...)
	bad := map[int]bool{}
	for _, p := range t.Problems {
		bad[p.Line] = true
	}
	var out []Checked
	for _, r := range t.Rows {
		values := make(map[string]string, len(r.Values))
		fields := make([]validate.FieldValue, 0, len(r.Values))
		for _, c := range Canonical {
			if v, ok := r.Values[c]; ok {
				values[c] = v
				p := new(string)
				*p = v
				fields = append(fields, validate.FieldValue{Name: c, Value: p})
			}
		}
		fe := validate.FieldErrors{}
		validate.CheckEmployee(fe, fields, today)
		if len(fe) > 0 {
			bad[r.Line] = true
			problems = append(problems, FieldProblems(r.Line, fe, nil)...)
			continue
		}
		if !bad[r.Line] {
			for _, f := range fields {
				if *f.Value == "" {
					delete(values, f.Name)
				} else {
					values[f.Name] = *f.Value
				}
			}
			out = append(out, Checked{Line: r.Line, Values: values})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return out, problems
}

// FieldProblems turns one row's field errors into problems at line, in column order. column
// names the file column a field came from when it differs from the field (nil: the same).
// The message names the line, the column and the rule, never the value.
func FieldProblems(line int, fe validate.FieldErrors, column func(field string) string) []Problem {
	out := make([]Problem, 0, len(fe))
	for _, f := range slices.Sorted(maps.Keys(fe)) {
		c := f
		if column != nil {
			c = column(f)
		}
		out = append(out, Problem{Line: line, Column: c, Code: string(fe[f]),
			Message: fmt.Sprintf("line %d, column %s: %s", line, c, fe[f].Describe())})
	}
	return out
}
