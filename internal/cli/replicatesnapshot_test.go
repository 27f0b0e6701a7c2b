package cli

import (
	"strings"
	"testing"
)

// Rule: `kluis replicate --snapshot` makes a snapshot of every partition the admin may write and
// compacts the change sets it covers (no other PC holds them back); a PC that joins afterwards
// gets the vault from the snapshots.
func TestRule_KluisReplicateSnapshotMakesSnapshotsAJoinedPCStartsFrom(t *testing.T) {
	w := newReplicaWorld(t)
	run, dir, srv := w.run, w.dir, w.srv
	te, code := run("replicate", "--vault", dir, "--bucket-url", srv.URL, "--once", "--snapshot")
	if code != ExitOK || !strings.Contains(te.out.String(), "snapshots: made ") || strings.Contains(te.out.String(), "snapshots: made 0") ||
		strings.Contains(te.out.String(), "compacted 0 ") {
		t.Fatalf("replicate --snapshot: exit %d %s%s", code, te.out, te.errOut)
	}
	second := w.join()
	te, code = run("replicate", "--vault", second, "--bucket-url", srv.URL, "--once")
	if code != ExitOK || !strings.Contains(te.out.String(), "applied ") || strings.Contains(te.out.String(), "applied 0;") {
		t.Fatalf("replicate on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = run("search", "--vault", second, "00042")
	if code != ExitOK || !strings.Contains(te.out.String(), "Jansen") {
		t.Fatalf("search on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
}
