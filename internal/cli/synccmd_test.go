package cli

import (
	"net/http/httptest"
	"strings"
	"testing"

	"kluis/internal/arbo/server"
)

func TestRule_KluisEnrolSyncAndVerifyAgainstTheService(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	srv, err := server.New(server.Config{Dir: t.TempDir(), ServiceName: "Arbodienst Test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })

	// Before enrolment a sync says what is missing.
	if te, code := runWithVault(t, "sync", "--vault", dir, "--once"); code != ExitFailed || !strings.Contains(te.errOut.String(), "No arbo service is connected") {
		t.Fatalf("sync before enrolment: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "enrol", "--vault", dir, "--service", ts.URL, "--code", "NOT-A-CODE"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "does not know this code") {
		t.Fatalf("enrol with a wrong code: exit %d %s", code, te.errOut)
	}
	enrolCode, err := srv.NewEnrolCode()
	if err != nil {
		t.Fatal(err)
	}
	if te, code := runWithVault(t, "enrol", "--vault", dir, "--service", ts.URL, "--code", enrolCode); code != ExitOK ||
		!strings.Contains(te.out.String(), "enrolled with Arbodienst Test") {
		t.Fatalf("enrol: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code := runWithVault(t, "sync", "--vault", dir, "--once")
	if code != ExitOK || !strings.Contains(te.out.String(), "sent 2,") { // the employment and the first-sync message
		t.Fatalf("sync: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = runWithVault(t, "verify", "--vault", dir, "--against-service")
	if code != ExitOK || !strings.Contains(te.out.String(), "arbo service witness: ok") {
		t.Fatalf("verify --against-service: exit %d %s%s", code, te.out, te.errOut)
	}
}
