package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogPrintsNewestFirstFiltersAndWritesAnAuditedCSV(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	// A search by BSN is an audited action.
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	_ = Run([]string{"search", "--vault", dir, "111222333"}, te.Env)

	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"log", "--vault", dir, "--user", "petra@korenaar.example", "--verify"}, te.Env); code != ExitOK {
		t.Fatalf("log exit %d: %s", code, te.errOut)
	}
	out := te.out.String()
	if !strings.Contains(out, "Logboek intact") || !strings.Contains(out, "Petra Beheer\tGezocht op BSN") {
		t.Fatalf("log output:\n%s", out)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"log", "--vault", dir, "--action", "share.create"}, te.Env); code != ExitOK {
		t.Fatalf("log exit %d: %s", code, te.errOut)
	}
	if te.out.Len() != 0 || !strings.Contains(te.errOut.String(), "geen gebeurtenissen") {
		t.Fatalf("filtered log:\n%s\n%s", te.out, te.errOut)
	}
	csv := filepath.Join(t.TempDir(), "logboek.csv")
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"log", "--vault", dir, "--csv", csv, "--lang", "en"}, te.Env); code != ExitOK {
		t.Fatalf("log --csv exit %d: %s", code, te.errOut)
	}
	b, err := os.ReadFile(csv)
	if err != nil || !bytes.HasPrefix(b, []byte("\ufeffTime;User;Action code;")) || !strings.Contains(string(b), "identity.bsn_search") {
		t.Fatalf("csv %q %v", b, err)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"log", "--vault", dir, "--limit", "1", "--lang", "en"}, te.Env); code != ExitOK {
		t.Fatalf("log exit %d: %s", code, te.errOut)
	}
	if !strings.Contains(te.out.String(), "Log exported\t\tcsv") {
		t.Fatalf("the export is not the newest event:\n%s", te.out)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"log", "--vault", dir, "--from", "31-02-2026"}, te.Env); code != ExitUsage {
		t.Fatalf("a bad day gave exit %d", code)
	}
}
