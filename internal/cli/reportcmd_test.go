package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRule_KluisReportPrintsTheStatisticsRegisterAndShareHistoryAsPDF(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	out := t.TempDir()
	for _, args := range [][]string{
		{"--kind", "statistics", "--year", "2026"},
		{"--kind", "register", "--lang", "en"},
		{"--kind", "share-history", "--persnr", "00042"},
	} {
		path := filepath.Join(out, args[1]+".pdf")
		te, code := runWithVault(t, append([]string{"report", "--vault", dir, "--out", path}, args...)...)
		if code != ExitOK || !strings.Contains(te.out.String(), "wrote "+path) {
			t.Fatalf("report %v: exit %d %s", args, code, te.errOut)
		}
		data, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
			t.Fatalf("report %v: %v", args, err)
		}
	}
	for _, bad := range [][]string{
		{"--kind", "pie-chart", "--out", "x.pdf"},
		{"--kind", "statistics", "--out", "x.txt"},
		{"--kind", "share-history", "--out", "x.pdf"},
		{"--kind", "register", "--out", "x.pdf", "--lang", "de"},
	} {
		if te, code := runWithVault(t, append([]string{"report", "--vault", dir}, bad...)...); code != ExitUsage {
			t.Errorf("report %v: exit %d %s", bad, code, te.errOut)
		}
	}
}
