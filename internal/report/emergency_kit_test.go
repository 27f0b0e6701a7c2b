package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sampleKit() EmergencyKit {
	return EmergencyKit{
		EmployerName: "Bakkerij De Korenaar BV",
		KvK:          "12345678",
		VaultID:      "4f1c2a9e7b3d5c60",
		AdminName:    "Petra de Beheerder",
		AdminEmail:   "petra@korenaar.example",
		RecoveryCode: "K7QF-3MZ9-TT2A-88XW-QP4N-RS6D-H2JV-9CEB-M4KZ",
		VaultPath:    `C:\Users\petra\AppData\Roaming\Kluis\vault`,
		Created:      time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC),
	}
}

func TestEmergencyKitMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteEmergencyKit(&buf, sampleKit()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "emergency-kit.golden.pdf")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("the emergency kit changed (%d bytes, golden %d); look at it and run go test -update if intended", buf.Len(), len(want))
	}
}

func TestEmergencyKitShowsTheCodeAndDutchInstructions(t *testing.T) {
	var buf bytes.Buffer
	if err := writeEmergencyKit(&buf, sampleKit(), docOptions{uncompressed: true}); err != nil {
		t.Fatal(err)
	}
	content := buf.String()
	for _, want := range []string{"K7QF 3MZ9 TT2A 88XW QP4N", "RS6D H2JV 9CEB M4KZ", "Wat is dit?", "Bewaar dit zo",
		"Zo gebruikt u de code", `Bakkerij De Korenaar BV \(KvK 12345678\)`, "23-11-2026"} {
		if !strings.Contains(content, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
}

func TestSaveEmergencyKitWritesAPrivateFileAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "noodkit.pdf")
	if err := SaveEmergencyKit(path, sampleKit()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

func TestSaveEmergencyKitFailureLeavesNoFileAndNoCodeInTheError(t *testing.T) {
	if os.Getuid() == 0 {
		// root writes into read-only folders; use a folder that does not exist instead.
		t.Log("running as root: testing a missing folder")
	}
	dir := filepath.Join(t.TempDir(), "missing", "folder")
	path := filepath.Join(dir, "noodkit.pdf")
	err := SaveEmergencyKit(path, sampleKit())
	if err == nil {
		t.Fatal("saving into a missing folder succeeded")
	}
	if strings.Contains(err.Error(), "K7QF") {
		t.Fatalf("the error contains the recovery code: %v", err)
	}
	if _, statErr := os.Stat(path); !os.IsNotExist(statErr) {
		t.Fatalf("a file was left at %s", path)
	}
}

func TestCodeLinesGroupsFivePerLine(t *testing.T) {
	got := codeLines("AAAA-BBBB CCCC-DDDD-EEEE-FFFF", 5)
	if len(got) != 2 || got[0] != "AAAA BBBB CCCC DDDD EEEE" || got[1] != "FFFF" {
		t.Fatalf("%q", got)
	}
}
