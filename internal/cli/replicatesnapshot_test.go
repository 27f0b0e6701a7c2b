package cli

import (
	"strings"
	"testing"

	"kluis/internal/replicate/s3test"
)

// Rule: `kluis replicate --snapshot` makes a snapshot of every partition the admin may write and
// compacts the change sets it covers (no other PC holds them back); a PC that joins afterwards
// gets the vault from the snapshots.
func TestRule_KluisReplicateSnapshotMakesSnapshotsAJoinedPCStartsFrom(t *testing.T) {
	srv := s3test.Start(t)
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	vars := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase, envS3Access: srv.Access, envS3Secret: srv.Secret}
	run := func(args ...string) (*testEnv, int) {
		te := newTestEnv(t, vars)
		return te, Run(args, te.Env)
	}
	te, code := run("replicate", "--vault", dir, "--bucket-url", srv.URL, "--once", "--snapshot")
	if code != ExitOK || !strings.Contains(te.out.String(), "snapshots: made ") || strings.Contains(te.out.String(), "snapshots: made 0") ||
		strings.Contains(te.out.String(), "compacted 0 ") {
		t.Fatalf("replicate --snapshot: exit %d %s%s", code, te.out, te.errOut)
	}
	te, _ = run("device", "invite", "--vault", dir)
	second := t.TempDir() + "/vault"
	if te, code := run("join", "--vault", second, "--code", strings.TrimSpace(te.out.String()), "--bucket-url", srv.URL); code != ExitOK {
		t.Fatalf("join: exit %d %s", code, te.errOut)
	}
	te, code = run("replicate", "--vault", second, "--bucket-url", srv.URL, "--once")
	if code != ExitOK || !strings.Contains(te.out.String(), "applied ") || strings.Contains(te.out.String(), "applied 0;") {
		t.Fatalf("replicate on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = run("search", "--vault", second, "00042")
	if code != ExitOK || !strings.Contains(te.out.String(), "Jansen") {
		t.Fatalf("search on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
}
