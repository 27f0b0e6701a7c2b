package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	for _, want := range []string{"line 3, column bsn: is not a valid BSN", "line 4: required value achternaam is empty",
		"line 4, column geboortedatum: is not a date", "line 4: required value datum_in_dienst is empty", "3 rows, 1 valid, 4 problems; nothing written"} {
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

func TestImportWithoutDryRunSaysItCannotWriteYet(t *testing.T) {
	file := writeFile(t, "export.csv", importHeader)
	te := newTestEnv(t, nil)
	if code := Run([]string{"import", file}, te.Env); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(te.errOut.String(), "--dry-run") {
		t.Fatalf("stderr %q", te.errOut)
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
