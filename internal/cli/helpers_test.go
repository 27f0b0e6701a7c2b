package cli

import (
	"strings"
	"testing"

	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// testOptions uses the cheapest key derivation the vault accepts, so tests run in milliseconds;
// production calibrates on the machine.
func testOptions() Options { return Options{Vault: vaulttest.Options()} }

// withAdminAt opens the vault folder dir, unlocks its only admin and runs f in that session.
func withAdminAt(t *testing.T, dir string, opts vault.Options, f func(*vault.Session) error) {
	t.Helper()
	v, err := vault.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	s, err := v.UnlockOnlyAdmin([]byte(strongPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	if err := f(s); err != nil {
		t.Fatal(err)
	}
}

// replicaWorld is a vault folder holding employee 00042 (Jansen) and a real S3 server for the
// replication commands; run runs kluis with the passphrase and the bucket credentials set.
type replicaWorld struct {
	t   *testing.T
	srv *s3test.Server
	dir string
}

func newReplicaWorld(t *testing.T) *replicaWorld {
	t.Helper()
	w := &replicaWorld{t: t, srv: s3test.Start(t), dir: newVault(t)}
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", w.dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	return w
}

func (w *replicaWorld) vars() map[string]string {
	return map[string]string{"KLUIS_PASSPHRASE": strongPassphrase, envS3Access: w.srv.Access, envS3Secret: w.srv.Secret}
}

func (w *replicaWorld) run(args ...string) (*testEnv, int) {
	te := newTestEnv(w.t, w.vars())
	return te, Run(args, te.Env)
}

// join invites a new PC from w's folder and joins a new folder to the vault.
func (w *replicaWorld) join() string {
	w.t.Helper()
	te, code := w.run("device", "invite", "--vault", w.dir)
	if code != ExitOK {
		w.t.Fatalf("device invite: exit %d %s", code, te.errOut)
	}
	second := w.t.TempDir() + "/vault"
	if te, code := w.run("join", "--vault", second, "--code", strings.TrimSpace(te.out.String()), "--bucket-url", w.srv.URL); code != ExitOK {
		w.t.Fatalf("join: exit %d %s", code, te.errOut)
	}
	return second
}
