package vaultbench

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"kluis/internal/vault"
)

func TestRule_RunPrintsTheTableAndCleansUp(t *testing.T) {
	parent := t.TempDir()
	var out bytes.Buffer
	kdf := vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}
	if err := Run(t.Context(), Config{Employees: 500, Dir: parent, KDF: &kdf}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| machine |", "| unlock: Argon2id |", "| unlock: Badger open |",
		"write (WriteBatch, 1000 records)", "point read + open", "iterate + open (1000 records)", "iterate + open on every core",
		"per employee", "| ratio |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("left %d entries behind", len(entries))
	}
	t.Log("\n" + out.String())
}

func TestRule_SyntheticBSNsPassTheElfproef(t *testing.T) {
	for _, e := range synthesize(200) {
		sum := 0
		for i, c := range e.bsn {
			w := 9 - i
			if i == 8 {
				w = -1
			}
			sum += w * int(c-'0')
		}
		if len(e.bsn) != 9 || sum%11 != 0 {
			t.Fatalf("BSN %s fails the elfproef", e.bsn)
		}
		if n := len(e.identity); n < 300 || n > 500 {
			t.Fatalf("identity record of %d B", n)
		}
	}
}
