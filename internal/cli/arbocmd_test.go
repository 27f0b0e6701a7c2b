package cli

import (
	gocontext "context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/arbo"
)

func TestRule_TheArboServiceCommandServesEnrolmentOnLoopback(t *testing.T) {
	te := newTestEnv(t, nil)
	dir := t.TempDir()
	codeFile := filepath.Join(t.TempDir(), "code.txt")
	ctx, cancel := gocontext.WithCancel(t.Context())
	addrs := make(chan string, 1)
	done := make(chan int, 1)
	c := &context{env: te.Env, logger: newLogger(te.errOut)}
	go func() {
		done <- serveArbo(ctx, c, []string{"--listen", "127.0.0.1:0", "--data", dir, "--enrol-code-file", codeFile,
			"--name", "Arbo Test"}, func(addr string) { addrs <- addr })
	}()
	var addr string
	select {
	case addr = <-addrs:
	case code := <-done:
		t.Fatalf("exit %d: %s", code, te.errOut)
	}

	for _, f := range []string{codeFile, filepath.Join(dir, "admin-token")} {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: mode %v", f, info.Mode())
		}
	}
	code, err := os.ReadFile(codeFile)
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	body, _ := json.Marshal(arbo.EnrolRequest{Code: strings.TrimSpace(string(code)), EmployerName: "Bakkerij",
		KvK: []string{"12345678"}, PublicKey: base64.StdEncoding.EncodeToString(pub)})
	resp, err := http.Post("http://"+addr+arbo.PathEnrol, "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	var er arbo.EnrolResponse
	err = json.NewDecoder(resp.Body).Decode(&er)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || er.ServiceName != "Arbo Test" || er.EmployerID == "" {
		t.Fatalf("%d %+v %v", resp.StatusCode, er, err)
	}

	cancel()
	if code := <-done; code != ExitOK {
		t.Fatalf("exit %d: %s", code, te.errOut)
	}
	out := te.out.String()
	for _, want := range []string{"listening on http://" + addr, filepath.Join(dir, "admin-token"), codeFile, "stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, strings.TrimSpace(string(code))) {
		t.Error("the code written to a file is printed too")
	}
}

func TestRule_TheArboServiceListensOnLoopbackOnlyWithoutTLS(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		te := newTestEnv(t, nil)
		if code := Run([]string{"arbo-service", "--listen", listen, "--data", t.TempDir()}, te.Env); code != ExitUsage {
			t.Fatalf("%s: exit %d", listen, code)
		}
		if !strings.Contains(te.errOut.String(), "loopback") {
			t.Fatalf("%s: %s", listen, te.errOut)
		}
	}
}
