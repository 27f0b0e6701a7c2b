package cli

import (
	stdctx "context"
	"strings"
	"testing"

	"kluis/internal/people"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Rule: a PC that joins after a revocation made elsewhere (a new manager's PC, the usual case)
// replicates without a refusal: the values under the keys the revocation withdrew are left out
// and said so on a line of their own, in English and Dutch, and the joined PC finds the employee.
func TestRule_KluisReplicateOnAPCJoinedAfterARevocationNamesTheValuesItLeftOut(t *testing.T) {
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
	replicate := func(folder string) string {
		t.Helper()
		te, code := run("replicate", "--vault", folder, "--bucket-url", srv.URL, "--once")
		if code != ExitOK {
			t.Fatalf("replicate %s: exit %d %s%s", folder, code, te.out, te.errOut)
		}
		return te.out.String()
	}
	replicate(dir)
	// The admin grants a manager the employee's department and then revokes them (as the
	// window does: the rotation and the re-seal run on this PC).
	func() {
		v, err := vault.Open(dir, testOptions().Vault)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		sess, err := v.UnlockOnlyAdmin([]byte(strongPassphrase))
		if err != nil {
			t.Fatal(err)
		}
		ws := workspace.Open(sess, workspace.Config{})
		defer ws.Close()
		emps, err := ws.Directory().Employers()
		if err != nil || len(emps) != 1 {
			t.Fatalf("employers: %v %v", emps, err)
		}
		var e people.EmployeeView
		if e, err = ws.Directory().EmployeeByPersnr(emps[0].ID, "00042"); err != nil {
			t.Fatal(err)
		}
		m, err := sess.AddUser(vault.NewUser{Email: "chef@example.test", Passphrase: []byte("passphrase of the manager")}, vault.RoleManager, e.Department)
		if err != nil {
			t.Fatal(err)
		}
		if err := ws.RevokeUser(stdctx.Background(), m, "left the company", nil); err != nil {
			t.Fatal(err)
		}
	}()
	replicate(dir)
	te, code := run("device", "invite", "--vault", dir)
	if code != ExitOK {
		t.Fatalf("device invite: exit %d %s", code, te.errOut)
	}
	second := t.TempDir() + "/vault"
	if te, code := run("join", "--vault", second, "--code", strings.TrimSpace(te.out.String()), "--bucket-url", srv.URL); code != ExitOK {
		t.Fatalf("join: exit %d %s", code, te.errOut)
	}
	out := replicate(second)
	if !strings.Contains(out, "left out ") || !strings.Contains(out, "overgeslagen") {
		t.Fatalf("the joined PC's cycle does not name the values it left out:\n%s", out)
	}
	if te, code := run("search", "--vault", second, "00042"); code != ExitOK || !strings.Contains(te.out.String(), "Jansen") {
		t.Fatalf("search on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
}
