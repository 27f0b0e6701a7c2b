package workspace_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// The test binary doubles as a Kluis that syncs and is killed (TestMain in this package runs
// childSync when syncChildEnv is set).
const syncChildEnv = "KLUIS_SYNC_TEST_CHILD"

// childSync unlocks the vault in dir and runs one sync cycle, until the parent kills it.
func childSync(dir string) int {
	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sess, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ws := workspace.Open(sess, workspace.Config{})
	if _, err := ws.SyncNow(context.Background(), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ws.Close()
	return 0
}

// Kluis killed with SIGKILL at moments of a sync (while the service reads a batch, after it
// applied one but before the answer, after the answer while the ledger is written): the next
// sync completes, the service holds every employment and share once, and nothing waits.
func TestRule_KluisKilledMidSyncLosesAndDuplicatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const n = 2500
	o, svc := enrolled(t, n, nil)
	for _, p := range []string{"000010", "001200", "002400"} {
		share(t, o.ws, o.byPersnr(t, p), "")
	}
	dir := o.v.Dir()
	o.ws.Close()
	if err := o.v.Close(); err != nil {
		t.Fatal(err)
	}

	type moment struct {
		batch int  // the POST /messages to kill at (1-based, counted per child)
		after bool // after the service applied it
		delay time.Duration
	}
	for _, m := range []moment{{1, false, 0}, {1, true, 0}, {2, true, 0}, {1, true, 3 * time.Millisecond}, {1, true, 20 * time.Millisecond}} {
		var batches atomic.Int32
		killed := make(chan struct{})
		var cmd *exec.Cmd
		kill := func() {
			select {
			case <-killed:
			default:
				_ = cmd.Process.Kill()
				close(killed)
			}
		}
		svc.setFault(func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
			if r.URL.Path != arbo.PathMessages || int(batches.Add(1)) != m.batch {
				return false
			}
			if !m.after {
				kill()
				return true
			}
			next.ServeHTTP(w, r)
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
			time.AfterFunc(m.delay, kill)
			return true
		})
		cmd = exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), syncChildEnv+"="+dir)
		out, _ := cmd.CombinedOutput()
		select {
		case <-killed:
		default:
			t.Logf("moment %+v: the child finished before it was killed: %s", m, out)
		}
	}
	svc.setFault(nil)

	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	sess, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	syncOnce(t, ws)
	if rep := syncOnce(t, ws); rep.Sent != 0 {
		t.Fatalf("a sync after recovery still sent %d messages", rep.Sent)
	}
	h := svc.holdings(t)
	pseudonyms := map[string]int{}
	for _, e := range h.Employments {
		pseudonyms[e.Pseudonym]++
	}
	if len(h.Employments) != n || len(pseudonyms) != n || len(h.Dossiers) != 3 {
		t.Fatalf("the service holds %d employments of %d pseudonyms and %d dossiers", len(h.Employments), len(pseudonyms), len(h.Dossiers))
	}
	for _, d := range h.Dossiers {
		if d.Werknemer == nil || d.Share == nil {
			t.Fatalf("a shared dossier arrived incomplete: %+v", d)
		}
	}
	if st, _ := ws.SyncStatus(); st.Pending != 0 || !st.State.FirstDone {
		t.Fatalf("status: pending %d, first sync done %v", st.Pending, st.State.FirstDone)
	}
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(syncChildEnv); dir != "" {
		os.Exit(childSync(dir))
	}
	if spec := os.Getenv(replicateChildEnv); spec != "" {
		os.Exit(childReplicate(spec)) // replicate_crash_test.go
	}
	os.Exit(m.Run())
}
