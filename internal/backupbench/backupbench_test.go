package backupbench

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"kluis/internal/vault"
)

func TestRule_RunBacksUpRestoresAndPrintsTheTableThenCleansUp(t *testing.T) {
	parent := t.TempDir()
	var out bytes.Buffer
	kdf := vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}
	if err := Run(t.Context(), Config{Employees: 300, Dir: parent, KDF: &kdf}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Backup and restore: a vault of 300 employees", "| copy of the folder", "| backup to one sealed file",
		"| ratio, backup rate : copy rate", "| restore into an empty folder: decrypt and load", "| restore, total"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("left %d entries behind", len(entries))
	}
}
