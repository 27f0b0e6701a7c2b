package cli

import (
	stdctx "context"
	"strings"
	"testing"

	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Rule: a PC that joins after a revocation made elsewhere (a new manager's PC, the usual case)
// replicates without a refusal: the values under the keys the revocation withdrew are left out
// and said so on a line of their own, in English and Dutch, and the joined PC finds the employee.
func TestRule_KluisReplicateOnAPCJoinedAfterARevocationNamesTheValuesItLeftOut(t *testing.T) {
	w := newReplicaWorld(t)
	run, dir, srv := w.run, w.dir, w.srv
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
	withAdminAt(t, dir, testOptions().Vault, func(sess *vault.Session) error {
		ws := workspace.Open(sess, workspace.Config{})
		defer ws.Close()
		emps, err := ws.Directory().Employers()
		if err != nil || len(emps) != 1 {
			t.Fatalf("employers: %v %v", emps, err)
		}
		e, err := ws.Directory().EmployeeByPersnr(emps[0].ID, "00042")
		if err != nil {
			return err
		}
		m, err := sess.AddUser(vault.NewUser{Email: "chef@example.test", Passphrase: []byte("passphrase of the manager")}, vault.RoleManager, e.Department)
		if err != nil {
			return err
		}
		return ws.RevokeUser(stdctx.Background(), m, "left the company", nil)
	})
	replicate(dir)
	second := w.join()
	out := replicate(second)
	if !strings.Contains(out, "left out ") || !strings.Contains(out, "overgeslagen") {
		t.Fatalf("the joined PC's cycle does not name the values it left out:\n%s", out)
	}
	if te, code := run("search", "--vault", second, "00042"); code != ExitOK || !strings.Contains(te.out.String(), "Jansen") {
		t.Fatalf("search on the joined PC: exit %d %s%s", code, te.out, te.errOut)
	}
}
