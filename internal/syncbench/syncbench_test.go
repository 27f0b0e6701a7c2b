package syncbench

import (
	"bytes"
	"strings"
	"testing"

	"kluis/internal/vault/vaulttest"
)

func TestRule_TheSyncBenchMeasuresAFirstAndAnIncrementalSync(t *testing.T) {
	r, err := Measure(t.Context(), Config{Employees: 300, VaultOptions: vaulttest.Options()})
	if err != nil {
		t.Fatal(err)
	}
	// 300 employments, 3 shares (each: share + identity) and the first-sync message.
	if r.Messages != 300+2*3+1 || r.IncrementalSent != 5 || len(r.Incremental) != 5 || r.Bytes == 0 || r.PlainUpload <= 0 {
		t.Fatalf("measured %+v", r)
	}
	var b bytes.Buffer
	if err := r.Write(&b); err != nil || !strings.Contains(b.String(), "first sync vs plain upload") {
		t.Fatalf("table: %v %s", err, b.String())
	}
}
