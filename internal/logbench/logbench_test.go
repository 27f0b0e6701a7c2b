package logbench

import (
	"bytes"
	"strings"
	"testing"

	"kluis/internal/vault/vaulttest"
)

func TestRule_TheLogbookBenchMeasuresEveryFilterAgainstTheRawRead(t *testing.T) {
	r, err := Measure(t.Context(), Config{Entries: 6000, Sessions: 6, Repeat: 3, VaultOptions: vaulttest.Options()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Baseline <= 0 || len(r.Figures) != 7 {
		t.Fatalf("measured %+v", r)
	}
	for _, f := range r.Figures[:4] {
		if f.Rows != pageSize {
			t.Errorf("%s: %d rows, want a full page", f.Name, f.Rows)
		}
	}
	var b bytes.Buffer
	if err := r.Write(&b); err != nil || !strings.Contains(b.String(), "raw read of the newest 50 entries") {
		t.Fatalf("table: %v %s", err, b.String())
	}
}
