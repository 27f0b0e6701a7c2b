package cli

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"kluis/internal/version"
)

// kluis support-info prints the same block as the window's "Kopieer gegevens voor support": the
// version, the platform, the paths and the counts, and never the employer or the admin.
func TestRule_SupportInfoPrintsTheBlockWithoutNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"support-info", "--vault", dir}, te.Env); code != ExitOK {
		t.Fatalf("support-info exit %d: %s", code, te.errOut)
	}
	out := te.out.String()
	logPath := filepath.Join(mustConfigDir(t, te), "Kluis", "logs", "kluis.log")
	for _, want := range []string{"Kluis version:         " + version.String() + "\n", runtime.GOOS + "/" + runtime.GOARCH,
		"Vault folder:          " + dir + "\n", "Log file:              " + logPath + "\n", "Users:                 1\n",
		"Sync:                  not linked\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, canary := range []string{"Korenaar", "12345678", "Petra", "petra@"} {
		if strings.Contains(out, canary) {
			t.Errorf("support-info prints %q:\n%s", canary, out)
		}
	}
}

func mustConfigDir(t *testing.T, te *testEnv) string {
	t.Helper()
	d, err := te.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	return d
}
