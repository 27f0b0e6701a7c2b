package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// siviArgs are the values a user gives for an export (Kluis keeps none of them).
var siviArgs = []string{"--sender-id", "WG-4711", "--receiver-id", "ARBO-01", "--arbo-employer-id", "4711",
	"--connection-number", "AANSL-0042", "--payroll-tax-number", "123456789L01", "--contact-surname", "de Vries",
	"--contact-role", "01", "--contact-channel", "08", "--contact-value", "030 1234567"}

func TestRule_KluisSickRecoverAndExportUseTheSameRulesAsTheWindow(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	sick := []string{"sick", "--vault", dir, "--persnr", "00042", "--first-day", "03-02-2020", "--phone", "06 12345678",
		"--expected-duration", "unknown"}
	out := filepath.Join(t.TempDir(), "sivi")

	// Not shared: no sick report and no SIVI files, as in the window.
	if te, code := runWithVault(t, sick...); code != ExitFailed || !strings.Contains(te.errOut.String(), "not shared") {
		t.Fatalf("sick before sharing: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, append([]string{"export", "--vault", dir, "--persnr", "00042", "--sivi", out}, siviArgs...)...); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "not shared") {
		t.Fatalf("export before sharing: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "share", "--vault", dir, "--persnr", "00042", "--care-question", "sick-report",
		"--explanation", "Ziek gemeld"); code != ExitOK {
		t.Fatalf("share: exit %d %s", code, te.errOut)
	}

	// The sick report's own rules: a required phone, a first day at most 7 days ahead.
	if te, code := runWithVault(t, "sick", "--vault", dir, "--persnr", "00042", "--first-day", "03-02-2020",
		"--expected-duration", "unknown"); code != ExitFailed || !strings.Contains(te.errOut.String(), "phone") {
		t.Fatalf("sick without phone: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "sick", "--vault", dir, "--persnr", "00042", "--first-day", "03-02-2999", "--phone", "06 12345678",
		"--expected-duration", "unknown"); code != ExitFailed || !strings.Contains(te.errOut.String(), "firstSickDay lies more than 7 days in the future") {
		t.Fatalf("sick in the future: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, append(sick, "--percentage", "50")...); code != ExitOK || !strings.Contains(te.out.String(), "reported sick") {
		t.Fatalf("sick: exit %d %s%s", code, te.out, te.errOut)
	}
	if te, code := runWithVault(t, sick...); code != ExitFailed || !strings.Contains(te.errOut.String(), "already reported sick") {
		t.Fatalf("sick twice: exit %d %s", code, te.errOut)
	}

	// The imported record has no gender: the export names it and the flag that gives it.
	te, code := runWithVault(t, append([]string{"export", "--vault", dir, "--persnr", "00042", "--sivi", out,
		"--processing-code", "01", "--cause-code", "99"}, siviArgs...)...)
	if code != ExitFailed || !strings.Contains(te.errOut.String(), "employee.gender: required (--gender)") ||
		!strings.Contains(te.errOut.String(), "employee.initials: required (--initials)") || strings.Contains(te.errOut.String(), "Jansen") {
		t.Fatalf("export without gender: exit %d %s", code, te.errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a refused export wrote %s", out)
	}
	te, code = runWithVault(t, append([]string{"export", "--vault", dir, "--persnr", "00042", "--sivi", out, "--gender", "V",
		"--initials", "A.", "--processing-code", "01", "--cause-code", "99"}, siviArgs...)...)
	if code != ExitOK {
		t.Fatalf("export: exit %d %s", code, te.errOut)
	}
	vm, err := os.ReadFile(filepath.Join(out, "Verzuimmeldingen.xml"))
	if err != nil || !strings.Contains(string(vm), "<PrcVrzm>50.00</PrcVrzm>") || !strings.Contains(te.out.String(), "WerknemerGegevens.xml") {
		t.Fatalf("Verzuimmeldingen: %v\n%s", err, vm)
	}

	if te, code := runWithVault(t, "recover", "--vault", dir, "--persnr", "00042", "--day", "01-02-2020"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "recovered") {
		t.Fatalf("recovery before the first sick day: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "recover", "--vault", dir, "--persnr", "00042", "--day", "10-02-2020"); code != ExitOK {
		t.Fatalf("recover: exit %d %s", code, te.errOut)
	}
	if te, code := runWithVault(t, "recover", "--vault", dir, "--persnr", "00042", "--day", "10-02-2020"); code != ExitFailed ||
		!strings.Contains(te.errOut.String(), "not reported sick") {
		t.Fatalf("recover twice: exit %d %s", code, te.errOut)
	}

	// The GDPR access export: JSON or PDF by the file's extension, written privately.
	js := filepath.Join(t.TempDir(), "inzage.json")
	if te, code := runWithVault(t, "export", "--vault", dir, "--persnr", "00042", "--out", js); code != ExitOK ||
		!strings.Contains(te.out.String(), "wrote "+js) {
		t.Fatalf("export --out: exit %d %s", code, te.errOut)
	}
	data, err := os.ReadFile(js)
	if err != nil || !strings.Contains(string(data), "111222333") || !strings.Contains(string(data), "Utrecht/Magazijn") ||
		!strings.Contains(string(data), "Ziek gemeld") {
		t.Fatalf("access export JSON: %v\n%s", err, data)
	}
	if fi, err := os.Stat(js); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("access export file mode: %v %v", fi.Mode(), err)
	}
	if te, code := runWithVault(t, "export", "--vault", dir, "--persnr", "00042", "--out", "x.txt"); code != ExitUsage ||
		!strings.Contains(te.errOut.String(), ".json or .pdf") {
		t.Fatalf("export --out x.txt: exit %d %s", code, te.errOut)
	}
}
