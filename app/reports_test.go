package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/vault/vaulttest"
)

func TestRule_ReportsSaveTheAccessExportAsPDFAndJSONAndTheOtherReportsAsPDF(t *testing.T) {
	dir := t.TempDir()
	f, life, err := New(Config{VaultDir: filepath.Join(dir, "vault"), VaultOptions: vaulttest.Options()})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o700); err != nil {
		t.Fatal(err)
	}
	platform := &fakePlatform{savePath: filepath.Join(out, "inzage")}
	life.Startup(platform)
	defer life.Shutdown()
	if _, err := f.Session.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	emps, err := f.Directory.Employers()
	if err != nil {
		t.Fatal(err)
	}
	dep, err := f.Directory.CreateDepartment(emps[0].ID, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.Directory.CreateEmployee(emps[0].ID, form("1", dep.ID, "Vries"))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := f.Reports.SaveAccessExport(e.ID, "nl")
	if err != nil {
		t.Fatal(err)
	}
	pdf, js := filepath.Join(out, "inzage.pdf"), filepath.Join(out, "inzage.json")
	if len(saved.Files) != 2 || saved.Files[0] != pdf || saved.Files[1] != js {
		t.Fatalf("saved %+v", saved)
	}
	data, err := os.ReadFile(js)
	if err != nil || !strings.Contains(string(data), `"surname": "Vries"`) {
		t.Fatalf("JSON: %v %s", err, data)
	}
	for _, call := range []func() (ReportSaved, error){
		func() (ReportSaved, error) { return f.Reports.SaveShareHistory(e.ID, "en") },
		func() (ReportSaved, error) { return f.Reports.SaveStatistics(emps[0].ID, 2026, "nl") },
		func() (ReportSaved, error) { return f.Reports.SaveRegister(emps[0].ID, "en") },
	} {
		saved, err := call()
		if err != nil || len(saved.Files) != 1 {
			t.Fatalf("saved %+v %v", saved, err)
		}
		data, err := os.ReadFile(saved.Files[0])
		if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
			t.Fatalf("%s: %v", saved.Files[0], err)
		}
	}
	// Cancelled: nothing written, no error.
	platform.savePath = ""
	if saved, err := f.Reports.SaveRegister(emps[0].ID, "nl"); err != nil || len(saved.Files) != 0 {
		t.Fatalf("cancelled: %+v %v", saved, err)
	}
}
