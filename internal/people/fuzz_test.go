package people

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/validate"
)

func TestFuzzSeedsArePresent(t *testing.T) {
	seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzSearchQuery"))
	if err != nil || len(seeds) < 3 {
		t.Fatalf("FuzzSearchQuery: %d seeds, %v", len(seeds), err)
	}
}

// FuzzSearchQuery: classifying a query never panics; a BSN key passes the elfproef, a
// birth-date key is "jjjj-mm-dd|postcode", and folded text has no control characters or
// upper case.
func FuzzSearchQuery(f *testing.F) {
	f.Fuzz(func(t *testing.T, q string) {
		if bsn := bsnQuery(q); bsn != "" && !validate.ValidBSN(bsn) {
			t.Fatalf("bsnQuery(%q) = %q", q, bsn)
		}
		if bp := birthPostcodeQuery(q); bp != "" {
			date, pc, ok := strings.Cut(bp, "|")
			if _, valid := validate.ParseDate(date); !ok || !valid || len(date) != 10 || pc == "" {
				t.Fatalf("birthPostcodeQuery(%q) = %q", q, bp)
			}
		}
		folded := fold(q)
		if strings.ContainsAny(folded, "\x00\x01\n\t") || folded != strings.TrimSpace(folded) {
			t.Fatalf("fold(%q) = %q", q, folded)
		}
	})
}

func TestFoldIgnoresCaseDiacriticsAndSpacing(t *testing.T) {
	for in, want := range map[string]string{
		"Müller":            "muller",
		"  Çelik\t Yılmaz ": "celik yilmaz",
		"STRAßE":            "strasse",
		"Ĳsselstein":        "ijsselstein",
		"Zoë de Vries":      "zoe de vries",
		"Nguyễn":            "nguyen",
		"a\x00b":            "ab",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
