package server

import (
	"bufio"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/arbo"
)

// The test binary doubles as a service process that applies one large batch and is killed.
const childEnv = "KLUIS_ARBO_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "batch" {
		os.Exit(childBatch())
	}
	os.Exit(m.Run())
}

// crashBatch is a full batch that touches every kind of record: employments, shares, identities,
// absences, the end of a share.
func crashBatch() arbo.Batch {
	var b arbo.Batch
	for i := 0; len(b.Messages) < arbo.MaxBatch-1; i++ {
		p := fmt.Sprintf("PS%05d", i)
		b.Messages = append(b.Messages, msgDienstverband("dv-"+p, p, 1))
		if i%4 == 0 {
			b.Messages = append(b.Messages, msgDeling("sh-"+p, p),
				msgWerknemer("wg-"+p, p, werknemer(fmt.Sprint(5000+i), "Naam"+p, validBSN(i))), msgZiek("zk-"+p, p))
		}
	}
	b.Messages = append(b.Messages, arbo.Message{ID: "end-PS00000", Type: arbo.TypeDelingEinde, Pseudonym: "PS00000", At: at()})
	return b
}

// childBatch opens the service in KLUIS_ARBO_DIR and sends it crashBatch signed by the employer
// in KLUIS_ARBO_EMPLOYER (id:seed hex), printing BEGIN before and DONE after.
func childBatch() int {
	id, seedHex, _ := strings.Cut(os.Getenv("KLUIS_ARBO_EMPLOYER"), ":")
	seed, err := hex.DecodeString(seedHex)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv, err := New(Config{Dir: os.Getenv("KLUIS_ARBO_DIR")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	body, _ := json.Marshal(crashBatch())
	e := &employer{id: id, priv: ed25519.NewKeyFromSeed(seed)}
	req := httptest.NewRequest("POST", arbo.PathMessages, strings.NewReader(string(body)))
	signInto(e, req, body)
	rec := httptest.NewRecorder()
	fmt.Println("BEGIN")
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		fmt.Fprintln(os.Stderr, rec.Code, rec.Body.String())
		return 1
	}
	fmt.Println("DONE")
	_ = srv.Close()
	return 0
}

// signInto signs req (already carrying body) at the real clock.
func signInto(e *employer, req *http.Request, body []byte) {
	signHeaders(req.Header, e, req.Method, req.URL.RequestURI(), body, time.Now())
}

// dump is a service folder's whole store without nonces (they differ per run), as text.
func dump(t *testing.T, dir string) string {
	t.Helper()
	srv, err := New(Config{Dir: dir})
	ok(t, err)
	defer func() { ok(t, srv.Close()) }()
	f := &fixture{t: t, srv: srv}
	return withoutNonces(f.state())
}

func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ok(t, filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	}))
	return dst
}

func TestRule_ABatchKilledAtAnyMomentIsAppliedWhollyOrNotAtAll(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 16 service processes")
	}
	// The store before: one employer with a few records.
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	e.batch(msgDienstverband("old-1", "OLD1", 1), msgDeling("old-2", "PS00000"))
	f.ts.Close()
	ok(t, f.srv.Close())
	base := f.dir
	before := dump(t, base)

	// The store after: the batch applied in-process, timed.
	complete := copyTree(t, base)
	srv, err := New(Config{Dir: complete})
	ok(t, err)
	body, err := json.Marshal(crashBatch())
	ok(t, err)
	req := httptest.NewRequest("POST", arbo.PathMessages, strings.NewReader(string(body)))
	signInto(e, req, body)
	rec := httptest.NewRecorder()
	start := time.Now()
	srv.Handler().ServeHTTP(rec, req)
	took := time.Since(start)
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	ok(t, srv.Close())
	after := dump(t, complete)
	if after == before {
		t.Fatal("the batch changes nothing")
	}

	outcomes := map[string]int{}
	const runs = 16
	for k := range runs {
		dir := copyTree(t, base)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=batch", "KLUIS_ARBO_DIR="+dir,
			"KLUIS_ARBO_EMPLOYER="+e.id+":"+hex.EncodeToString(e.priv.Seed()))
		out, err := cmd.StdoutPipe()
		ok(t, err)
		cmd.Stderr = os.Stderr
		ok(t, cmd.Start())
		lines := bufio.NewScanner(out)
		if !lines.Scan() || lines.Text() != "BEGIN" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("kill %d: the child did not begin", k)
		}
		// Kills spread from the start of the batch to a little past its end.
		time.Sleep(time.Duration(k) * took * 3 / 2 / runs)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		switch got := dump(t, dir); got {
		case before:
			outcomes["none"]++
		case after:
			outcomes["whole"]++
		default:
			t.Fatalf("kill %d after %v: the store holds part of the batch", k, time.Duration(k)*took*3/2/runs)
		}
	}
	t.Logf("batch took %v; after %d kills: %v", took, runs, outcomes)
	if outcomes["none"] == 0 {
		t.Fatalf("no kill landed before the commit: %v", outcomes)
	}
}
