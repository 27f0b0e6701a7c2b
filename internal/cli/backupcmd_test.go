package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRule_BackupThenRestoreIntoAnEmptyFolderVerifiesAndOpensWithTheSamePassphrase: kluis
// backup to a folder names the file with the date; kluis restore puts it into an empty folder,
// and kluis verify passes there with the admin's passphrase; the search finds the employee.
func TestRule_BackupThenRestoreIntoAnEmptyFolderVerifiesAndOpensWithTheSamePassphrase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	pass := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}
	run := func(args ...string) *testEnv {
		t.Helper()
		te := newTestEnv(t, pass)
		if code := Run(args, te.Env); code != ExitOK {
			t.Fatalf("%v exit %d: %s%s", args, code, te.out, te.errOut)
		}
		return te
	}
	run(initArgs(dir)...)
	file := writeFile(t, "export.csv", importHeader+"1001;Canarie-Verbeek;111222333;14-03-1979;Bakkerij;01-01-2020\n")
	run("import", "--vault", dir, file)
	folder := t.TempDir()
	te := run("backup", "--vault", dir, "--out", folder)
	want := filepath.Join(folder, "kluis-backup-"+time.Now().Format("2006-01-02")+".kluisbak")
	if !strings.Contains(te.out.String(), want) {
		t.Fatalf("backup output:\n%s", te.out)
	}
	if !strings.Contains(te.errOut.String(), "100%") {
		t.Fatalf("no progress on stderr:\n%s", te.errOut)
	}
	raw, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, canary := range []string{"Canarie-Verbeek", "111222333", "petra@korenaar.example"} {
		if strings.Contains(string(raw), canary) {
			t.Fatalf("the backup holds %q in clear", canary)
		}
	}
	restored := filepath.Join(t.TempDir(), "new-pc")
	te = run("restore", "--from", want, "--vault", restored)
	if !strings.Contains(te.out.String(), "Keyring: intact") || !strings.Contains(te.out.String(), "0 damaged") {
		t.Fatalf("restore output:\n%s", te.out)
	}
	te = run("verify", "--vault", restored, "--user", "petra@korenaar.example")
	if !strings.Contains(te.out.String(), "Audit log: intact") {
		t.Fatalf("verify output:\n%s", te.out)
	}
	te = run("search", "--vault", restored, "1001")
	if !strings.Contains(te.out.String(), "Canarie-Verbeek") {
		t.Fatalf("search in the restored vault:\n%s", te.out)
	}
}

// TestRule_RestoreRefusesADamagedBackupWithACodeAndLeavesTheVaultAsItWas: a flipped byte, a
// cut-off file and restoring over a vault without --replace are refused (exit 1) in English and
// Dutch, and the vault still verifies.
func TestRule_RestoreRefusesADamagedBackupWithACodeAndLeavesTheVaultAsItWas(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	pass := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}
	te := newTestEnv(t, pass)
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init: %s", te.errOut)
	}
	out := filepath.Join(t.TempDir(), "b.kluisbak")
	te = newTestEnv(t, pass)
	if code := Run([]string{"backup", "--vault", dir, "--out", out}, te.Env); code != ExitOK {
		t.Fatalf("backup: %s", te.errOut)
	}
	good, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x04
	cases := []struct {
		name string
		data []byte
		args []string
		want string
	}{
		{"flipped", flipped, []string{"--replace"}, "damaged"},
		{"truncated", good[:len(good)-100], []string{"--replace"}, "incomplete"},
		{"no confirmation", good, nil, "not empty"},
	}
	for _, c := range cases {
		p := filepath.Join(t.TempDir(), "x.kluisbak")
		if err := os.WriteFile(p, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		te := newTestEnv(t, pass)
		code := Run(append([]string{"restore", "--from", p, "--vault", dir}, c.args...), te.Env)
		if code != ExitFailed || !strings.Contains(te.errOut.String(), c.want) || !strings.Contains(te.errOut.String(), "niets gewijzigd") && c.name != "no confirmation" {
			t.Fatalf("%s: exit %d, stderr %s", c.name, code, te.errOut)
		}
	}
	te = newTestEnv(t, pass)
	if code := Run([]string{"verify", "--vault", dir}, te.Env); code != ExitOK {
		t.Fatalf("verify after the refused restores: %s%s", te.out, te.errOut)
	}
}
