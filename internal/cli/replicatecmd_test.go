package cli

import (
	"strings"
	"testing"
)

// Rule: kluis replicate, device invite and join carry a vault to a second folder through a real
// S3 server; the secret comes from the environment only and is never printed; a wrong secret is
// named.
func TestRule_KluisReplicateDeviceInviteAndJoinCarryAVaultToASecondPC(t *testing.T) {
	w := newReplicaWorld(t)
	srv, dir, vars := w.srv, w.dir, w.vars()
	run := func(vars map[string]string, args ...string) (*testEnv, int) {
		te := newTestEnv(t, vars)
		code := Run(args, te.Env)
		for _, s := range []string{te.out.String(), te.errOut.String()} {
			if strings.Contains(s, srv.Secret) {
				t.Fatalf("kluis %s printed the secret", args[0])
			}
		}
		return te, code
	}

	if te, code := run(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}, "replicate", "--vault", dir, "--bucket-url", srv.URL, "--once"); code != ExitUsage ||
		!strings.Contains(te.errOut.String(), envS3Secret) {
		t.Fatalf("replicate without credentials: exit %d %s", code, te.errOut)
	}
	wrong := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase, envS3Access: srv.Access, envS3Secret: "not-the-secret"}
	if te, code := run(wrong, "replicate", "--vault", dir, "--bucket-url", srv.URL, "--once"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "refused the access key or secret") {
		t.Fatalf("replicate with a wrong secret: exit %d %s", code, te.errOut)
	}
	te, code := run(vars, "replicate", "--vault", dir, "--bucket-url", srv.URL, "--once")
	if code != ExitOK || !strings.Contains(te.out.String(), "pushed ") || strings.Contains(te.out.String(), "pushed 0 change sets") {
		t.Fatalf("replicate: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = run(vars, "device", "invite", "--vault", dir)
	joinCode := strings.TrimSpace(te.out.String())
	if code != ExitOK || len(joinCode) < 60 {
		t.Fatalf("device invite: exit %d %q %s", code, joinCode, te.errOut)
	}
	second := t.TempDir() + "/vault"
	if te, code := run(vars, "join", "--vault", second, "--code", "AAAA-BBBB", "--bucket-url", srv.URL); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "Joining was refused") {
		t.Fatalf("join with a wrong code: exit %d %s", code, te.errOut)
	}
	if te, code := run(vars, "join", "--vault", second, "--code", joinCode, "--bucket-url", srv.URL); code != ExitOK || !strings.Contains(te.out.String(), "joined vault") {
		t.Fatalf("join: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = run(vars, "replicate", "--vault", second, "--bucket-url", srv.URL, "--once")
	if code != ExitOK || strings.Contains(te.out.String(), "pulled 0 change sets") {
		t.Fatalf("replicate on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = run(vars, "search", "--vault", second, "00042")
	if code != ExitOK || !strings.Contains(te.out.String(), "Jansen") {
		t.Fatalf("search on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
	// The code works once.
	if te, code := run(vars, "join", "--vault", t.TempDir()+"/third", "--code", joinCode, "--bucket-url", srv.URL); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "used before") {
		t.Fatalf("join with a used code: exit %d %s", code, te.errOut)
	}
}
