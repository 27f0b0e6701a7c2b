package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/vault"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const importHeader = "persnr;achternaam;bsn;geboortedatum;afdeling;datum_in_dienst\n"

func TestImportDryRunListsEveryProblemByLineAndExits1(t *testing.T) {
	file := writeFile(t, "export.csv", importHeader+
		"1;Jansen;111222333;12-03-1985;Magazijn;01-04-2019\n"+
		"2;Bakker;123456789;12-03-1985;Magazijn;01-04-2019\n"+
		"3;;111222333;31-02-1985;Magazijn;\n")
	te := newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", file}, te.Env); code != ExitFailed {
		t.Fatalf("exit %d, want %d:\n%s%s", code, ExitFailed, te.out, te.errOut)
	}
	out := te.out.String()
	for _, want := range []string{"line 3, column bsn: is not a valid BSN", "line 4, column achternaam: is required",
		"line 4, column geboortedatum: is not a date", "line 4, column datum_in_dienst: is required", "3 rows, 1 valid, 4 problems; nothing written"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "123456789") || strings.Contains(out, "Bakker") {
		t.Errorf("output repeats file contents:\n%s", out)
	}
}

func TestImportDryRunOfAValidFileExits0(t *testing.T) {
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	te := newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", file}, te.Env); code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", code, te.out, te.errOut)
	}
}

func TestImportMapOptionNamesAnUnknownColumn(t *testing.T) {
	file := writeFile(t, "export.csv", "Nummer;Familienaam;Team;Start\n7;Jansen;Kantoor;01-04-2019\n")
	te := newTestEnv(t, nil)
	args := []string{"import", "--dry-run", "--map", "Nummer=persnr", "--map", "Familienaam=achternaam",
		"--map", "Team=afdeling", "--map", "Start=datum_in_dienst", file}
	if code := Run(args, te.Env); code != ExitOK {
		t.Fatalf("exit %d:\n%s%s", code, te.out, te.errOut)
	}
}

func TestImportJSONPrintsOneObjectPerLine(t *testing.T) {
	file := writeFile(t, "export.csv", importHeader+"1;Jansen;123456789;12-03-1985;Magazijn;01-04-2019\n")
	te := newTestEnv(t, nil)
	Run([]string{"import", "--dry-run", "--json", file}, te.Env)
	lines := strings.Split(strings.TrimSpace(te.out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a problem and a summary line:\n%s", te.out)
	}
	var p struct {
		Line         int
		Column, Code string
	}
	var sum struct{ Rows, Valid, Problems, Written int }
	if json.Unmarshal([]byte(lines[0]), &p) != nil || p.Line != 2 || p.Code != "bsn_elfproef" {
		t.Fatalf("problem line %s", lines[0])
	}
	if json.Unmarshal([]byte(lines[1]), &sum) != nil || sum.Rows != 1 || sum.Problems != 1 || sum.Written != 0 {
		t.Fatalf("summary line %s", lines[1])
	}
}

// newVault creates a vault with `kluis init` and returns its folder.
func newVault(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	return dir
}

func runWithVault(t *testing.T, args ...string) (*testEnv, int) {
	t.Helper()
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	return te, Run(args, te.Env)
}

func TestRule_ImportWritesOnceAndASecondRunOfTheSameFileChangesNothing(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+
		"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n"+
		"00043;Bakker;123456782;02-07-1990;Utrecht/Kantoor;01-09-2021\n")
	te, code := runWithVault(t, "import", "--vault", dir, file)
	if code != ExitOK || !strings.Contains(te.out.String(), "written: 2 new, 0 changed, 0 ended, 0 unchanged, 3 departments created") {
		t.Fatalf("exit %d:\n%s%s", code, te.out, te.errOut)
	}
	te, code = runWithVault(t, "import", "--vault", dir, file)
	if code != ExitOK || !strings.Contains(te.out.String(), "written: 0 new, 0 changed, 0 ended, 2 unchanged") {
		t.Fatalf("second run exit %d:\n%s%s", code, te.out, te.errOut)
	}
	changed := writeFile(t, "export2.csv", importHeader+
		"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n"+
		"00043;Bakker-Smit;123456782;02-07-1990;Utrecht/Kantoor;01-09-2021\n"+
		"00044;Visser;;;Utrecht/Kantoor;01-09-2021\n")
	te, code = runWithVault(t, "import", "--vault", dir, "--dry-run", "--json", changed)
	lines := strings.Split(strings.TrimSpace(te.out.String()), "\n")
	var sum importSummary
	if code != ExitOK || json.Unmarshal([]byte(lines[len(lines)-1]), &sum) != nil || sum.New != 1 || sum.Changed != 1 ||
		sum.Unchanged != 1 || sum.Written != 0 {
		t.Fatalf("dry run exit %d: %s%s", code, te.out, te.errOut)
	}
}

func TestRule_ImportOfAFileWithProblemsExits1AndWritesNothing(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+
		"1;Jansen;111222333;12-03-1985;Magazijn;01-04-2019\n"+
		"2;Bakker;123456789;12-03-1985;Magazijn;01-04-2019\n")
	te, code := runWithVault(t, "import", "--vault", dir, file)
	if code != ExitFailed || !strings.Contains(te.out.String(), "line 3, column bsn") || !strings.Contains(te.out.String(), "nothing written") {
		t.Fatalf("exit %d:\n%s%s", code, te.out, te.errOut)
	}
	te, code = runWithVault(t, "search", "--vault", dir, "1")
	if code != ExitOK || !strings.Contains(te.out.String(), "no employees found") {
		t.Fatalf("after a refused import, search says (exit %d):\n%s%s", code, te.out, te.errOut)
	}
}

func TestRule_ImportNamesAnUnknownEmployerAndAWrongPassphraseExits3(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"1;Jansen;111222333;12-03-1985;Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, "--employer", "87654321", file); code != ExitUsage ||
		!strings.Contains(te.errOut.String(), "87654321") {
		t.Fatalf("unknown employer: exit %d %s", code, te.errOut)
	}
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": "niet de goede wachtwoordzin hoor"})
	if code := Run([]string{"import", "--vault", dir, file}, te.Env); code != ExitDenied {
		t.Fatalf("wrong passphrase: exit %d", code)
	}
}

func TestImportOfGarbageIsAClearError(t *testing.T) {
	file := writeFile(t, "export.csv", "\x00\x01\x02\x03garbage\x00\x00")
	te := newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", file}, te.Env); code != ExitFailed {
		t.Fatalf("exit %d", code)
	}
	if te.errOut.Len() == 0 {
		t.Fatal("no message")
	}
}

func TestRule_SearchPrintsIdentityFieldsOnlyForReadableHitsAndAuditsThem(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n")
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	for _, q := range []string{"00042", "jans", "111222333", "12-03-1985 1234AB"} {
		te, code := runWithVault(t, "search", "--vault", dir, "--json", q)
		if q == "12-03-1985 1234AB" {
			if code != ExitOK || strings.TrimSpace(te.out.String()) != "" {
				t.Fatalf("birth date with another postcode matched: %s", te.out)
			}
			continue
		}
		var r searchResult
		if code != ExitOK || json.Unmarshal(te.out.Bytes(), &r) != nil || r.Persnr != "00042" || r.Achternaam != "Jansen" ||
			r.BSN != "111222333" || r.Employer != "12345678" || r.Department != "Utrecht/Magazijn" || r.Shared {
			t.Fatalf("search %q: exit %d %s%s", q, code, te.out, te.errOut)
		}
	}
	if te, code := runWithVault(t, "search", "--vault", dir); code != ExitUsage || !strings.Contains(te.errOut.String(), "query") {
		t.Fatalf("no query: exit %d %s", code, te.errOut)
	}
}

func TestRule_ImportLayoutFlagSettlesAmbiguousNameUsageCodes(t *testing.T) {
	file := writeFile(t, "export.csv", "persnr;achternaam;naamgebruik;afdeling;datum_in_dienst\n1;Vries;1;Kantoor;01-02-2019\n")
	te := newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", file}, te.Env); code != ExitFailed || !strings.Contains(te.out.String(), "choose the layout") {
		t.Fatalf("without --layout: exit %d\n%s", code, te.out)
	}
	te = newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", "--layout", "afas", file}, te.Env); code != ExitOK {
		t.Fatalf("with --layout afas: exit %d\n%s%s", code, te.out, te.errOut)
	}
}

func TestRule_ImportNamesAnUnmappedColumnWithDataAndNeedsIgnore(t *testing.T) {
	file := writeFile(t, "export.csv", "persnr;voornaam;achternaam;afdeling;in dienst;Loonheffing;Leeg\n"+
		"1;Jan;Jansen;Magazijn;01-04-2019;ja;\n")
	te := newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", file}, te.Env); code != ExitFailed ||
		!strings.Contains(te.out.String(), `A column holds data but is not imported: "Loonheffing".`) ||
		!strings.Contains(te.out.String(), "--ignore COLUMN") || !strings.Contains(te.out.String(), "layout none recognised, 1 row,") {
		t.Fatalf("exit %d:\n%s%s", code, te.out, te.errOut)
	}
	te = newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", "--ignore", "loonheffing", file}, te.Env); code != ExitOK ||
		!strings.Contains(te.out.String(), "Not imported: Loonheffing, Leeg.") {
		t.Fatalf("with --ignore: exit %d:\n%s%s", code, te.out, te.errOut)
	}
	te = newTestEnv(t, nil)
	if code := Run([]string{"import", "--dry-run", "--map", "Loonheffing=functie", "--ignore", "Loonheffing", file}, te.Env); code != ExitUsage {
		t.Fatalf("--map and --ignore of one column: exit %d:\n%s%s", code, te.out, te.errOut)
	}
}

func TestRule_ImportDryRunCountsTheDepartmentsItWouldCreate(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+
		"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n"+
		"00043;Bakker;123456782;02-07-1990;Utrecht/Kantoor;01-09-2021\n")
	te, code := runWithVault(t, "import", "--vault", dir, "--dry-run", file)
	if code != ExitOK || !strings.Contains(te.out.String(), "would write: 2 new, 0 changed, 0 ended, 0 unchanged, 3 departments to create") {
		t.Fatalf("exit %d:\n%s%s", code, te.out, te.errOut)
	}
}

// importEvents counts the audit events of imports in the vault at dir.
func importEvents(t *testing.T, dir string) []audit.Event {
	t.Helper()
	var events []audit.Event
	withAdminAt(t, dir, testOptions().Vault, func(sess *vault.Session) (err error) {
		events, err = audit.New(sess, nil).List()
		return err
	})
	var out []audit.Event
	for _, e := range events {
		if e.Action == audit.ActionImport {
			out = append(out, e)
		}
	}
	return out
}

func TestRule_KluisImportIsAuditedExactlyOnceThroughTheWorkspaceAndADryRunNotAtAll(t *testing.T) {
	dir := newVault(t)
	file := writeFile(t, "export.csv", importHeader+
		"00042;Jansen;111222333;12-03-1985;Utrecht/Magazijn;01-04-2019\n"+
		"00043;Bakker;123456782;02-07-1990;Utrecht/Kantoor;01-09-2021\n")
	if te, code := runWithVault(t, "import", "--vault", dir, "--dry-run", file); code != ExitOK {
		t.Fatalf("dry run exit %d: %s", code, te.errOut)
	}
	if n := len(importEvents(t, dir)); n != 0 {
		t.Fatalf("a dry run wrote %d import events", n)
	}
	if te, code := runWithVault(t, "import", "--vault", dir, file); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, te.errOut)
	}
	events := importEvents(t, dir)
	if len(events) != 1 || events[0].Count != 2 || events[0].Detail != "export.csv" {
		t.Fatalf("import events %+v", events)
	}
}
