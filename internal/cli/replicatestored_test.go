package cli

import (
	"strings"
	"testing"

	"kluis/internal/replicate/s3test"
)

// Rule: kluis replicate --save stores the bucket settings in the vault (checked against the
// server; a wrong secret stores nothing), and kluis replicate without any bucket flag or variable
// then uses them; an http address to another machine is refused; the secret is never printed.
func TestRule_KluisReplicateSavesTheBucketSettingsAndUsesThemWithoutFlags(t *testing.T) {
	srv := s3test.Start(t)
	dir := newVault(t)
	pass := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}
	with := func(secret string) map[string]string {
		return map[string]string{"KLUIS_PASSPHRASE": strongPassphrase, envS3Access: srv.Access, envS3Secret: secret}
	}
	run := func(vars map[string]string, args ...string) (*testEnv, int) {
		te := newTestEnv(t, vars)
		code := Run(args, te.Env)
		for _, s := range []string{te.out.String(), te.errOut.String()} {
			if strings.Contains(s, srv.Secret) {
				t.Fatalf("kluis %v printed the secret", args)
			}
		}
		return te, code
	}
	if te, code := run(pass, "replicate", "--vault", dir, "--once"); code != ExitFailed || !strings.Contains(te.errOut.String(), "No bucket is set") {
		t.Fatalf("replicate without any settings: exit %d %s", code, te.errOut)
	}
	if te, code := run(with("wrong"), "replicate", "--vault", dir, "--bucket-url", srv.URL, "--save", "--once"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "refused the access key or secret") {
		t.Fatalf("save with a wrong secret: exit %d %s", code, te.errOut)
	}
	if te, code := run(pass, "replicate", "--vault", dir, "--once"); code != ExitFailed || !strings.Contains(te.errOut.String(), "No bucket is set") {
		t.Fatalf("a refused save was stored: exit %d %s", code, te.errOut)
	}
	if te, code := run(with(srv.Secret), "replicate", "--vault", dir, "--bucket-url", "http://192.0.2.7:9000/kluis", "--save", "--once"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "https") {
		t.Fatalf("save with http to another machine: exit %d %s", code, te.errOut)
	}
	if te, code := run(with(srv.Secret), "replicate", "--vault", dir, "--bucket-url", srv.URL, "--save", "--once"); code != ExitOK {
		t.Fatalf("save: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code := run(pass, "replicate", "--vault", dir, "--once")
	if code != ExitOK || !strings.Contains(te.out.String(), "pushed ") {
		t.Fatalf("replicate with the stored settings: exit %d %s%s", code, te.out, te.errOut)
	}
	if te, code := run(map[string]string{"KLUIS_PASSPHRASE": strongPassphrase, envS3Access: srv.Access}, "replicate", "--vault", dir, "--once"); code != ExitUsage {
		t.Fatalf("settings given in part: exit %d %s", code, te.errOut)
	}
}
