package workspace_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kluis/internal/imports"
	"kluis/internal/peoplebench"
	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// The test binary doubles as a Kluis that replicates once and is killed (TestMain runs
// childReplicate when replicateChildEnv is set: "dir|bucket url|access|secret|email|passphrase").
const replicateChildEnv = "KLUIS_REPLICATE_TEST_CHILD"

const (
	hrEmail      = "hr@example.test"
	hrPassphrase = "hr passphrase 1"
)

func childReplicate(spec string) int {
	f := strings.Split(spec, "|")
	v, err := vault.Open(f[0], vaulttest.Options())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sess, err := v.Unlock(f[4], []byte(f[5]))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ws := workspace.Open(sess, workspace.Config{})
	_, err = ws.Replicate(context.Background(), workspace.ReplicaTarget{Dir: v.Dir(), VaultID: v.ID(),
		Bucket: replicate.Config{URL: f[1], AccessKey: f[2], SecretKey: f[3]}})
	ws.Close()
	_ = v.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// faultProxy sits between the child and the server and calls fault after each request it
// passed on (method, object key).
type faultProxy struct {
	ts    *httptest.Server
	mu    sync.Mutex
	fault func(method, key string)
}

func newFaultProxy(t *testing.T, srv *s3test.Server) *faultProxy {
	t.Helper()
	target, _ := url.Parse("http://" + srv.Endpoint)
	rp := httputil.NewSingleHostReverseProxy(target) // keeps the signed Host header
	rp.ErrorLog = log.New(io.Discard, "", 0)         // a killed child's cut connection is expected
	p := &faultProxy{}
	p.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rp.ServeHTTP(w, r)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		p.mu.Lock()
		fault := p.fault
		p.mu.Unlock()
		if fault != nil {
			fault(r.Method, r.URL.Path)
		}
	}))
	t.Cleanup(p.ts.Close)
	return p
}

func (p *faultProxy) set(f func(method, key string)) { p.mu.Lock(); p.fault = f; p.mu.Unlock() }

// runKilled runs one replication cycle in a child process on dir through the proxy and kills
// it (SIGKILL) after the n-th request that matches, plus delay.
func runKilled(t *testing.T, p *faultProxy, srv *s3test.Server, dir, email, passphrase, method string, n int, delay time.Duration) {
	t.Helper()
	var count atomic.Int32
	killed := make(chan struct{})
	var cmd *exec.Cmd
	var once sync.Once
	kill := func() { once.Do(func() { _ = cmd.Process.Kill(); close(killed) }) }
	p.set(func(m, key string) {
		if m == method && strings.Contains(key, "/changes/") && int(count.Add(1)) == n {
			time.AfterFunc(delay, kill)
		}
	})
	defer p.set(nil)
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), replicateChildEnv+"="+strings.Join([]string{dir, p.ts.URL + "/" + srv.Bucket, srv.Access, srv.Secret, email, passphrase}, "|"))
	out, _ := cmd.CombinedOutput()
	select {
	case <-killed:
	default:
		t.Logf("%s #%d +%s: the child finished before it was killed: %s", method, n, delay, out)
	}
}

// Rule: Kluis killed with SIGKILL mid-upload (after some change sets were put, before the
// acknowledgement) and mid-apply (after a change set was fetched) loses and duplicates nothing:
// the next cycles complete and the other PC holds every employee once, readable.
func TestRule_KluisKilledMidUploadOrMidApplyLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const n = 1500
	srv := s3test.Start(t)
	proxy := newFaultProxy(t, srv)
	a, emp := firstPC(t, srv)
	// B is an HR user's PC (role user): only the admin's PC anchors the audit head in the
	// keyring at a lock, so the keyring has one writer here (two admins' PCs locking between
	// cycles fork it: ADR 009's limitation).
	if _, err := a.ws.Session().AddUser(vault.NewUser{Email: hrEmail, Passphrase: []byte(hrPassphrase)}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	a.cycle(t) // the keyring, the employer and the HR user's local part, before the bulk
	b := joinPC(t, srv, a, hrEmail, hrPassphrase)
	b.cycle(t)
	if _, err := a.ws.Import(context.Background(), bytes.NewReader(peoplebench.CSV(n, 12)), imports.Request{Name: "loon.csv", Employer: emp.ID}, nil); err != nil {
		t.Fatal(err)
	}
	aDir, bDir := a.v.Dir(), b.v.Dir()
	a.ws.Close()
	b.ws.Close()
	if err := a.v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.v.Close(); err != nil {
		t.Fatal(err)
	}

	// Mid-upload on A: after the 1st and the 3rd change set reached the server.
	admin, hr := []string{vaulttest.AdminEmail, vaulttest.AdminPassphrase}, []string{hrEmail, hrPassphrase}
	runKilled(t, proxy, srv, aDir, admin[0], admin[1], http.MethodPut, 1, 0)
	runKilled(t, proxy, srv, aDir, admin[0], admin[1], http.MethodPut, 3, 2*time.Millisecond)
	// Mid-apply on B: A's sets are pulled partly, then the process dies while applying.
	runKilled(t, proxy, srv, bDir, hr[0], hr[1], http.MethodGet, 1, 0)
	runKilled(t, proxy, srv, bDir, hr[0], hr[1], http.MethodGet, 2, 20*time.Millisecond)
	runKilled(t, proxy, srv, aDir, admin[0], admin[1], http.MethodPut, 2, 5*time.Millisecond)
	runKilled(t, proxy, srv, bDir, hr[0], hr[1], http.MethodGet, 3, 5*time.Millisecond)

	va, err := vault.Open(aDir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = va.Close() })
	a = unlockPC(t, srv, va, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	a.cycle(t)
	vb, err := vault.Open(bDir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = vb.Close() })
	b = unlockPC(t, srv, vb, hrEmail, hrPassphrase)
	b.cycle(t)
	if rep := a.cycle(t); rep.SetsPushed != 0 {
		t.Fatalf("A still pushes %d sets after recovery", rep.SetsPushed)
	}
	if rep := b.cycle(t); rep.SetsPulled != 0 {
		t.Fatalf("B still pulls %d sets after recovery", rep.SetsPulled)
	}
	o := &opened{v: vb, ws: b.ws, employer: emp}
	if got := o.employees(t, b.ws); got != n {
		t.Fatalf("B holds %d employees, want %d", got, n)
	}
	for _, persnr := range []string{"000001", "000750", "001500"} {
		e, err := persnrOn(t, b, emp, persnr)
		if err != nil {
			t.Fatalf("%s on B: %v", persnr, err)
		}
		if full, err := b.ws.Employee(e.ID); err != nil || full.Identity == nil {
			t.Fatalf("%s does not open on B: %v", persnr, err)
		}
	}
}
