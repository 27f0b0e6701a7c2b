package cli

import (
	"strings"
	"testing"
)

// kluis erase lists without --yes and erases with it; the same use case as Beheer → Bewaartermijn.
func TestRule_KluisEraseListsFirstAndErasesOnlyWithYes(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", "persnr;achternaam;bsn;geboortedatum;afdeling;datum_in_dienst;datum_uit_dienst\n"+
		"00042;Wiscanarie;111222333;12-03-1985;Utrecht;01-04-2019;30-06-2023\n"+
		"00043;Blijft;123456782;12-03-1985;Utrecht;01-04-2019;\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "erase", "--vault", dir); code != ExitUsage {
		t.Fatalf("neither --expired nor --persnr: exit %d %s", code, te.errOut)
	}
	te, code := runWithVault(t, "erase", "--vault", dir, "--expired")
	if code != ExitOK || !strings.Contains(te.out.String(), "erase persnr 00042") || strings.Contains(te.out.String(), "00043") ||
		!strings.Contains(te.out.String(), "--yes") {
		t.Fatalf("list: exit %d %s%s", code, te.out, te.errOut)
	}
	if te, _ := runWithVault(t, "search", "--vault", dir, "00042"); !strings.Contains(te.out.String(), "00042") {
		t.Fatalf("listing erased: %s", te.out)
	}
	// An employee still employed is refused by persnr, and nothing is erased.
	te, code = runWithVault(t, "erase", "--vault", dir, "--persnr", "00043", "--persnr", "00042", "--yes")
	if code != ExitFailed || !strings.Contains(te.errOut.String(), "nothing was erased") {
		t.Fatalf("refused: exit %d %s", code, te.errOut)
	}
	te, code = runWithVault(t, "erase", "--vault", dir, "--expired", "--yes")
	if code != ExitOK || !strings.Contains(te.out.String(), "erased 1") {
		t.Fatalf("erase: exit %d %s%s", code, te.out, te.errOut)
	}
	if te, _ := runWithVault(t, "search", "--vault", dir, "Wiscanarie"); strings.Contains(te.out.String(), "00042") {
		t.Fatalf("the erased employee is still found: %s", te.out)
	}
	if te, code := runWithVault(t, "verify", "--vault", dir); code != ExitOK || !strings.Contains(te.out.String(), "Search index: intact") {
		t.Fatalf("verify after erasure: %s%s", te.out, te.errOut)
	}
}
