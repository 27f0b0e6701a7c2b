package app

import (
	"os"
	"path/filepath"
	"testing"

	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

func TestRule_SaveSIVIWritesTheFilesOfASharedEmployeeIntoTheChosenFolder(t *testing.T) {
	dir := t.TempDir()
	f, life, err := New(Config{VaultDir: filepath.Join(dir, "vault"), VaultOptions: vaulttest.Options()})
	if err != nil {
		t.Fatal(err)
	}
	platform := &fakePlatform{savePath: filepath.Join(dir, "out", "WerknemerGegevens")}
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
	fm := form("1", dep.ID, "Vries")
	fm.Identity.Street, fm.Identity.Number = "Dorpsstraat", "12"
	e, err := f.Directory.CreateEmployee(emps[0].ID, fm)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "out"), 0o700); err != nil {
		t.Fatal(err)
	}
	sh := f.Sharing
	full := SIVIForm{SenderID: "WG-1", ReceiverID: "ARBO-1", ArboEmployerID: "1", ConnectionNumber: "A-1", PayrollTaxNumber: "123456789L01",
		ContactSurname: "de Vries", ContactRole: "01", ContactChannel: "08", ContactValue: "030 1234567", Gender: "M", Initials: "J."}
	if _, err := sh.SaveSIVI(e.ID, full); appErr(t, err).Code != workspace.CodeNotShared {
		t.Fatalf("unshared: %v", err)
	}
	if _, err := sh.Share(e.ID, ShareForm{CareQuestion: "consultation", Explanation: "Spreekuur"}); err != nil {
		t.Fatal(err)
	}
	noGender := full
	noGender.Gender = ""
	if _, err := sh.SaveSIVI(e.ID, noGender); appErr(t, err).Code != workspace.CodeSIVIIncomplete || appErr(t, err).Fields["employee.gender"] != "required" {
		t.Fatalf("without gender: %v", err)
	}
	saved, err := sh.SaveSIVI(e.ID, full)
	if err != nil || saved.Folder != filepath.Join(dir, "out") || len(saved.Files) != 1 || saved.Files[0] != "WerknemerGegevens.xml" {
		t.Fatalf("saved %+v %v %v", saved, err, appErr(t, err).Fields)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "WerknemerGegevens.xml")); err != nil {
		t.Fatal(err)
	}
}
