package peoplebench

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"kluis/internal/vault"
)

func TestRule_RunImportsSearchesAndPrintsTheTableThenCleansUp(t *testing.T) {
	parent := t.TempDir()
	var out bytes.Buffer
	kdf := vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}
	if err := Run(t.Context(), Config{Employees: 600, RevokeEmployees: 300, Dir: parent, KDF: &kdf}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| import file | 600 rows", "| raw sealed write", "| ratio, rows/s : raw records/s |",
		"| re-import of the same file", "| name index (600 identities) |", "| search by BSN | p50",
		"| search by name part |", "| tree, first page after a write",
		"## Revocation: a department of 300 employees in a vault of 600", "| a manager loses the department: the store rebuilt (",
		"| a manager of it is revoked: department + directory + storage key"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("left %d entries behind", len(entries))
	}
}
