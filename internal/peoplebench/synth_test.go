package peoplebench

import (
	"strings"
	"testing"

	"kluis/internal/validate"
)

// Rule: the synthetic export gives every employee a valid Dutch postcode and a birth date +
// postcode of their own (a birth-date search finds one employee, as in a real payroll), and the
// first 9,000 keep the "AB" postcodes small fixtures know.
func TestRule_TheSyntheticExportGivesEveryEmployeeTheirOwnBirthDateAndPostcode(t *testing.T) {
	const n = 120000
	lines := strings.Split(strings.TrimSpace(string(CSV(n, 50))), "\n")[1:]
	if len(lines) != n {
		t.Fatalf("%d rows, want %d", len(lines), n)
	}
	seen := make(map[string]int, n)
	for i, line := range lines {
		f := strings.Split(line, ";")
		birth, postcode := f[4], f[7]
		errs := validate.FieldErrors{}
		if validate.Postcode(errs, "postcode", postcode, "", true); len(errs) > 0 {
			t.Fatalf("row %d: postcode %q refused: %v", i, postcode, errs)
		}
		if i < 9000 && !strings.HasSuffix(postcode, " AB") {
			t.Fatalf("row %d: postcode %q, want the AB postcodes of before", i, postcode)
		}
		if j, dup := seen[birth+" "+postcode]; dup {
			t.Fatalf("rows %d and %d share birth date and postcode %s %s", j, i, birth, postcode)
		}
		seen[birth+" "+postcode] = i
	}
}
