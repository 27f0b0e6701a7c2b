package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// minFuzzSeeds is how many seed files testdata/fuzz/FuzzRead must hold. Seeds that
// silently vanish leave the fuzz target testing nothing (STYLE.md pitfall 10).
const minFuzzSeeds = 12

// TestFuzzSeedsArePresent checks that the seeds are there and that go test can load each one
// as FuzzRead's single []byte argument: a seed in another shape is skipped with an error, or
// fails the run, instead of testing anything.
func TestFuzzSeedsArePresent(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzRead"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzRead", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		header, value, ok := strings.Cut(strings.TrimRight(string(b), "\n"), "\n")
		if !ok || header != "go test fuzz v1" || strings.Contains(value, "\n") ||
			!strings.HasPrefix(value, "[]byte(") || !strings.HasSuffix(value, ")") {
			t.Errorf("%s is not a Go fuzz corpus file with one []byte value", e.Name())
			continue
		}
		if _, err := strconv.Unquote(value[len("[]byte(") : len(value)-1]); err != nil {
			t.Errorf("%s: the value does not load: %v", e.Name(), err)
			continue
		}
		n++
	}
	if n < minFuzzSeeds {
		t.Fatalf("%d loadable seed files in testdata/fuzz/FuzzRead, want at least %d", n, minFuzzSeeds)
	}
}

// FuzzRead feeds arbitrary bytes to the CSV path. Read must not panic, and whatever it
// returns must keep the package's promises.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, zipMagic) {
			t.Skip("the XLSX path is excelize's parser, not ours")
		}
		tab, err := Read(bytes.NewReader(data), "fuzz.csv", Options{})
		if err != nil {
			if tab != nil {
				t.Fatal("a Table together with an error")
			}
			return
		}
		lines := bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'}) + 1
		prev := 0
		for _, r := range tab.Rows {
			if r.Line <= prev || r.Line > lines {
				t.Fatalf("row line %d after %d (file has at most %d lines)", r.Line, prev, lines)
			}
			prev = r.Line
			for c, v := range r.Values {
				if !IsCanonical(c) {
					t.Fatalf("value for non-canonical column %q", c)
				}
				if !utf8.ValidString(v) || v != strings.TrimSpace(v) {
					t.Fatalf("value breaks the cell rules: %q", v)
				}
			}
		}
		for _, p := range tab.Problems {
			if p.Line < 0 || p.Line > lines {
				t.Fatalf("problem line %d outside the file (%d lines): %+v", p.Line, lines, p)
			}
			// Messages are built from our own words, numbers and column names only.
			for _, r := range p.Message {
				if r >= utf8.RuneSelf || r < 0x20 {
					t.Fatalf("message has a character that can only come from the file: %q", p.Message)
				}
			}
			// Params are numbers and our own words; only an unmapped column names its header,
			// and only in a file that recognised a column.
			for k, v := range p.Params {
				switch v := v.(type) {
				case int:
				case string:
					if k == "header" && (p.Code != CodeUnmappedColumn || len(problemsOf(tab, CodeNoKnownColumns)) > 0) {
						t.Fatalf("a header in %+v", p)
					}
					if k != "header" && strings.IndexFunc(v, func(r rune) bool { return r >= utf8.RuneSelf || r < 0x20 }) >= 0 {
						t.Fatalf("param %s has a character that can only come from the file: %q", k, v)
					}
				default:
					t.Fatalf("param %s is a %T", k, v)
				}
			}
		}
		if len(tab.Columns) > MaxColumns {
			t.Fatalf("%d columns", len(tab.Columns))
		}
	})
}
