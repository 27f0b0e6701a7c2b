package cli

import (
	"testing"

	"kluis/internal/version"
)

// kluis --version prints the version the binary was linked with and touches no vault.
func TestRule_VersionPrintsTheLinkedVersion(t *testing.T) {
	te := newTestEnv(t, map[string]string{"KLUIS_VAULT": t.TempDir() + "/absent"})
	if code := Run([]string{"--version"}, te.Env); code != ExitOK {
		t.Fatalf("--version exit %d: %s", code, te.errOut)
	}
	if got, want := te.out.String(), "kluis "+version.String()+"\n"; got != want {
		t.Fatalf("--version printed %q, want %q", got, want)
	}
	if te.errOut.Len() != 0 {
		t.Fatalf("--version wrote to stderr: %s", te.errOut)
	}
}
