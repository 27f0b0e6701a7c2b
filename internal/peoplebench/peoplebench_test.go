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
		"| re-import of the same file", "| import: CPU of the process, user / kernel (minor page faults) |", "| name index with the BSN and birth-date tags (600 identities), built from the identities |", "| search by BSN (1000 searches) | p50",
		"| search by name part (50 searches) |", "| tree, first page, views built from every skeleton",
		"| unlock → first tree page, employers open (after the unlock) |", "| tree, first page after a write (median of 21) |", "| as the app holds it (first page, name index; nothing else read): VmRSS (RssAnon + RssFile) |",
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

// Rule: --departments spreads the employees over that many departments, and --only search
// measures the searches of that vault without the other parts.
func TestRule_SearchOnlySpreadsOverTheGivenDepartments(t *testing.T) {
	parent := t.TempDir()
	var out bytes.Buffer
	kdf := vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}
	if err := Run(t.Context(), Config{Employees: 400, Departments: 150, SearchOnly: true, Dir: parent, KDF: &kdf}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| import file | 400 rows in 150 departments", "| search by birth date + postcode (1000 searches) | p50",
		"| name index with the BSN and birth-date tags (400 identities), built from the identities |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Revocation") {
		t.Errorf("a search-only run measured the revocation:\n%s", out.String())
	}
}

// Rule: --only views imports, reopens the vault and measures unlock, tree, name index and memory
// only, and cleans up.
func TestRule_ViewsOnlyMeasuresUnlockTreeAndMemory(t *testing.T) {
	parent := t.TempDir()
	var out bytes.Buffer
	kdf := vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}
	if err := Run(t.Context(), Config{Employees: 300, ViewsOnly: true, Dir: parent, KDF: &kdf}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Employees: unlock, tree and memory at 300 employees", "| name index build (300 identities) |",
		"| unlock → first tree page, employers open (after the unlock) |", "| tree, first page after a write (median of 21) |", "| VmHWM since the reopen (peak) |",
		"| as the app holds it: Go heap in use |", // The import's BSN checks built the name index (ADR 014), so its lock saved the name pages.
		"| name index entries taken from pages / read from identities | 300 / 0 | | 300 / 0 | |",
		// The import's lock saved the tree pages and summaries: the first page needs no skeleton.
		"| that page answered from the tree summaries, before the skeletons were loaded | yes | | yes | |",
		"| skeletons taken from pages / read from records | 300 / 0 | | 300 / 0 | |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Revocation") || strings.Contains(out.String(), "search by") {
		t.Fatalf("views only measured more:\n%s", out.String())
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("left %d entries behind", len(entries))
	}
}
