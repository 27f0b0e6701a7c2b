package cli

import (
	"strings"
	"testing"
)

func TestRule_KluisShareAndRevokeUseTheSameRulesAsTheWindow(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	// The explanation is required; a missing flag is a usage error.
	if te, code := runWithVault(t, "share", "--vault", dir, "--persnr", "00042", "--care-question", "sick-report"); code != ExitUsage {
		t.Fatalf("share without explanation: exit %d %s", code, te.errOut)
	}
	// An end date in the past is refused, and nothing is shared.
	te, code := runWithVault(t, "share", "--vault", dir, "--persnr", "00042", "--care-question", "consultation",
		"--explanation", "Spreekuur", "--until", "01-01-2020")
	if code != ExitFailed || !strings.Contains(te.errOut.String(), "date_past") {
		t.Fatalf("an end date in the past: exit %d %s", code, te.errOut)
	}
	te, code = runWithVault(t, "share", "--vault", dir, "--persnr", "00042", "--care-question", "sick-report",
		"--explanation", "Ziek gemeld bij de leidinggevende")
	if code != ExitOK || !strings.Contains(te.out.String(), "shared for sick-report") {
		t.Fatalf("share: exit %d %s%s", code, te.out, te.errOut)
	}
	te, code = runWithVault(t, "search", "--vault", dir, "--json", "00042")
	if code != ExitOK || !strings.Contains(te.out.String(), `"shared":true`) {
		t.Fatalf("search after sharing: %s", te.out)
	}
	if te, code := runWithVault(t, "revoke", "--vault", dir, "--persnr", "00042", "--reason", "Per ongeluk gedeeld"); code != ExitOK {
		t.Fatalf("revoke: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "revoke", "--vault", dir, "--persnr", "00042", "--reason", "Nogmaals"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "not shared") {
		t.Fatalf("revoking twice: exit %d %s", code, te.errOut)
	}
}
