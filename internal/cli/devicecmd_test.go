package cli

import (
	"bytes"
	stdctx "context"
	"regexp"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"kluis/internal/replicate/s3test"
)

// Rule: kluis device list shows this PC with its id and state; kluis device remove ID writes the
// removal of another PC and says the PC keeps its data and its user must be revoked when it was
// stolen; removing it again, removing this PC, and an id that is no id are refused with a reason.
func TestRule_KluisDeviceRemoveRemovesAnotherPCAndRefusesTheRest(t *testing.T) {
	srv := s3test.Start(t)
	dir := newVault(t)
	pass := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}
	run := func(vars map[string]string, args ...string) (*testEnv, int) {
		te := newTestEnv(t, vars)
		return te, Run(args, te.Env)
	}
	vars := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase, envS3Access: srv.Access, envS3Secret: srv.Secret}
	if te, code := run(vars, "replicate", "--vault", dir, "--bucket-url", srv.URL, "--save", "--once"); code != ExitOK {
		t.Fatalf("save: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code := run(pass, "device", "list", "--vault", dir)
	self := regexp.MustCompile(`^([0-9a-f]{32})  PC [0-9A-F]{4}-[0-9A-F]{2} .* active \(this PC\)`).FindStringSubmatch(te.out.String())
	if code != ExitOK || self == nil {
		t.Fatalf("device list: exit %d %q %s", code, te.out, te.errOut)
	}
	// Another PC of the vault, as the bucket knows it.
	other := "0123456789abcdef0123456789abcdef"
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	vaultID := strings.Split(listKeys(t, srv)[0], "/")[0]
	if _, err := c.PutObject(stdctx.Background(), srv.Bucket, vaultID+"/devices/"+other, bytes.NewReader([]byte("{}")), 2, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	te, code = run(pass, "device", "remove", other, "--vault", dir)
	if code != ExitOK || !strings.Contains(te.out.String(), "removed "+other) || !strings.Contains(te.errOut.String(), "revoke its user too") {
		t.Fatalf("device remove: exit %d %s%s", code, te.out, te.errOut)
	}
	if te, code := run(pass, "device", "remove", other, "--vault", dir); code != ExitFailed || !strings.Contains(te.errOut.String(), "removed before") {
		t.Fatalf("removing twice: exit %d %s", code, te.errOut)
	}
	if te, code := run(pass, "device", "remove", self[1], "--vault", dir); code != ExitFailed || !strings.Contains(te.errOut.String(), "cannot remove the PC you are working on") {
		t.Fatalf("removing this PC: exit %d %s", code, te.errOut)
	}
	if te, code := run(pass, "device", "remove", "PC-1", "--vault", dir); code != ExitUsage {
		t.Fatalf("a bad id: exit %d %s", code, te.errOut)
	}
	if te, code := run(pass, "device", "remove", "--vault", dir); code != ExitUsage {
		t.Fatalf("no id: exit %d %s", code, te.errOut)
	}
}

func listKeys(t *testing.T, srv *s3test.Server) []string {
	t.Helper()
	c, _ := srv.Client()
	var out []string
	for o := range c.ListObjects(stdctx.Background(), srv.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, o.Key)
	}
	if len(out) == 0 {
		t.Fatal("the bucket is empty")
	}
	return out
}
