package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

const strongPassphrase = "paard batterij nietje correct"

func initArgs(dir string, extra ...string) []string {
	return append([]string{"init", "--vault", dir, "--employer", "Bakkerij De Korenaar BV", "--kvk", "12345678",
		"--admin-name", "Petra Beheer", "--admin-email", "petra@korenaar.example"}, extra...)
}

func TestInitCreatesAVaultThatVerifyFindsIntact(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	if !regexp.MustCompile(`Recovery code .*\n\n    \S+`).MatchString(te.out.String()) {
		t.Fatalf("init did not print the recovery code:\n%s", te.out)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"verify", "--vault", dir}, te.Env); code != ExitOK {
		t.Fatalf("verify exit %d: %s%s", code, te.out, te.errOut)
	}
	if !strings.Contains(te.out.String(), "Keyring: intact") || !strings.Contains(te.out.String(), "0 damaged") {
		t.Fatalf("verify output:\n%s", te.out)
	}
}

func TestInitWritesTheEmergencyKitPDFInsteadOfPrintingTheCode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	kit := filepath.Join(t.TempDir(), "noodkit.pdf")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir, "--recovery-kit", kit), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	b, err := os.ReadFile(kit)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("kit is not a PDF: %v", err)
	}
	if strings.Contains(te.out.String(), "Recovery code") {
		t.Fatalf("the code was printed although a kit was written:\n%s", te.out)
	}
}

func TestInitRefusesInvalidInputAndWritesNothing(t *testing.T) {
	cases := []struct {
		name, pass string
		args       []string
		want       string
	}{
		{"KvK of seven digits", strongPassphrase, []string{"--kvk", "1234567"}, "kvk must be exactly 8 digits"},
		{"implausible e-mail", strongPassphrase, []string{"--admin-email", "petra-at-korenaar"}, "adminEmail is not a valid e-mail address"},
		{"weak passphrase", "Welkom2024!", nil, "passphrase is too weak"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "vault")
			te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": c.pass})
			args := initArgs(dir)
			args = append(args, c.args...) // later flags win
			if code := Run(args, te.Env); code != ExitFailed {
				t.Fatalf("exit %d, want %d: %s", code, ExitFailed, te.errOut)
			}
			if !strings.Contains(te.errOut.String(), c.want) {
				t.Fatalf("stderr %q does not say %q", te.errOut, c.want)
			}
			if ok, _ := vault.Exists(dir); ok {
				t.Fatal("a vault was written despite invalid input")
			}
		})
	}
}

func TestInitWithoutAPassphraseSourceIsAUsageError(t *testing.T) {
	te := newTestEnv(t, nil)
	if code := Run(initArgs(filepath.Join(t.TempDir(), "v")), te.Env); code != ExitUsage {
		t.Fatalf("exit %d: %s", code, te.errOut)
	}
	if !strings.Contains(te.errOut.String(), "KLUIS_PASSPHRASE") {
		t.Fatalf("stderr %q", te.errOut)
	}
}

func TestInitMissingFlagsAreNamed(t *testing.T) {
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"init", "--vault", t.TempDir()}, te.Env); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	for _, f := range []string{"--employer", "--kvk", "--admin-name", "--admin-email"} {
		if !strings.Contains(te.errOut.String(), f) {
			t.Errorf("stderr does not name %s: %s", f, te.errOut)
		}
	}
}

func TestVerifyWithWrongPassphraseExits3(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": "not the passphrase at all"})
	if code := Run([]string{"verify", "--vault", dir}, te.Env); code != ExitDenied {
		t.Fatalf("verify exit %d, want %d: %s", code, ExitDenied, te.errOut)
	}
	if strings.Contains(te.errOut.String(), "not the passphrase") {
		t.Fatal("the error text repeats the passphrase")
	}
}

func TestPassphraseFileTakesTheFirstLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	pf := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pf, []byte(strongPassphrase+"\r\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	te := newTestEnv(t, nil)
	if code := Run(initArgs(dir, "--passphrase-file", pf), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"verify", "--vault", dir, "--user", "petra@korenaar.example"}, te.Env); code != ExitOK {
		t.Fatalf("verify exit %d: %s", code, te.errOut)
	}
}

func TestBenchPrintsAMarkdownTable(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bench.md")
	te := newTestEnv(t, nil)
	if code := Run([]string{"bench", "--employees", "300", "--log-entries", "6000", "--out", out}, te.Env); code != ExitOK {
		t.Fatalf("bench exit %d: %s", code, te.errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "|") || !bytes.Equal(b, te.out.Bytes()) {
		t.Fatalf("bench file and stdout differ or hold no table:\n%s", b)
	}
}

func TestRule_TheCommandLineExplainsErrorsFromTheWindowsRegistryInEnglishAndDutch(t *testing.T) {
	cases := []struct {
		name string
		dir  func(t *testing.T) string
		pass string
		code workspace.Code
		exit int
	}{
		{"wrong passphrase", newVault, "niet de goede wachtwoordzin hoor", workspace.CodeWrongPassphrase, ExitDenied},
		{"no vault", func(t *testing.T) string { return filepath.Join(t.TempDir(), "leeg") }, strongPassphrase, workspace.CodeVaultNotFound, ExitFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": c.pass})
			if code := Run([]string{"verify", "--vault", c.dir(t)}, te.Env); code != c.exit {
				t.Fatalf("exit %d, want %d: %s", code, c.exit, te.errOut)
			}
			p := workspace.Describe(c.code)
			if !strings.Contains(te.errOut.String(), p.English) || !strings.Contains(te.errOut.String(), p.Dutch) {
				t.Fatalf("stderr %q lacks %q / %q", te.errOut, p.English, p.Dutch)
			}
		})
	}
}

// Rule: an admin's first command on an older vault completes its upgrade as the window's unlock
// does: the department tree and the users' profiles of before signing are signed, so a vault
// used only from scripts does not keep an unsigned tree a manager's copy could rearrange.
func TestRule_AnAdminsFirstCommandSignsAnOlderVaultsTreeAndProfiles(t *testing.T) {
	src := filepath.Join("..", "vault", "testdata", "upgraded")
	var golden struct {
		Admin struct{ Email, Passphrase string }
	}
	b, err := os.ReadFile(src + ".json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	vaulttest.CopyFolder(t, src, dir)
	signed := func() (tree, profiles bool) {
		t.Helper()
		v, err := vault.Open(dir, testOptions().Vault)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		sess, err := v.Unlock(golden.Admin.Email, []byte(golden.Admin.Passphrase))
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Lock()
		_, tree = sess.DepartmentTree()
		return tree, sess.ProfilesSigned()
	}
	if tree, profiles := signed(); tree || profiles {
		t.Fatalf("the golden vault is signed already (tree %v, profiles %v); the test would prove nothing", tree, profiles)
	}
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": golden.Admin.Passphrase})
	if code := Run([]string{"search", "--vault", dir, "--user", golden.Admin.Email, "1001"}, te.Env); code != ExitOK {
		t.Fatalf("search exit %d: %s%s", code, te.out, te.errOut)
	}
	if tree, profiles := signed(); !tree || !profiles {
		t.Fatalf("after the admin's first command: tree signed %v, profiles signed %v", tree, profiles)
	}
}
