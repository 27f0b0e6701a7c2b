package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/workspace"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const importFile = "Personeelsnummer;Achternaam;Roepnaam;Afdeling;In dienst;Loonheffing\n" +
	"1;Vries;Jan;Utrecht/Magazijn;01-02-2019;ja\n" +
	"2;Bakker;Anna;Utrecht/Kantoor;2021-09-01;nee\n"

func TestRule_UnknownHeadersNeedAMappingAndTheCheckShowsThemWithASample(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "export.csv", importFile)
	rep, err := h.imp.Check(ImportRequest{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	// "Personeelsnummer" and "In dienst" are known synonyms; "Loonheffing" holds data and needs a choice.
	if rep.ProblemCount != 1 || rep.Problems[0].Code != "unmapped_column" || len(rep.Sample) != 2 || rep.Sample[1][1] != "Bakker" ||
		rep.Columns[5].Header != "Loonheffing" || rep.Columns[5].Field != "" {
		t.Fatalf("report %+v", rep)
	}
	mapping := map[string]string{"Personeelsnummer": "persnr", "In dienst": "datum_in_dienst", "Loonheffing": "-"}
	rep, err = h.imp.Check(ImportRequest{Path: path, Mapping: mapping})
	if err != nil || rep.ProblemCount != 0 || len(rep.Missing) != 0 || rep.New != 2 || rep.Written {
		t.Fatalf("mapped check %+v %v", rep, err)
	}
	page, _ := h.dirf.TreeRows(TreeQuery{Limit: 5})
	if page.Rows[0].Count != 0 {
		t.Fatal("the check wrote employees")
	}
}

func TestRule_CommitWritesWithProgressAndExactlyOneAuditEventAndASecondRunChangesNothing(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "export.csv", importFile)
	req := ImportRequest{Path: path, Mapping: map[string]string{"Personeelsnummer": "persnr", "In dienst": "datum_in_dienst", "Loonheffing": "-"}}
	rep, err := h.imp.Commit(req)
	if err != nil || !rep.Written || rep.New != 2 || rep.Departments != 3 {
		t.Fatalf("commit %+v %v", rep, err)
	}
	phases := map[string]bool{}
	for _, p := range h.platform.eventsNamed(EventImportProgress) {
		phases[p.(ImportProgress).Phase] = true
	}
	if !phases[ImportPhaseChecking] || !phases[ImportPhaseWriting] || !phases[ImportPhaseDone] {
		t.Fatalf("progress phases %v", phases)
	}
	// Exactly one event, written by the workspace (the CLI's import goes through the same one).
	var imported []audit.Event
	for _, e := range h.auditEvents(t) {
		if e.Action == audit.ActionImport {
			imported = append(imported, e)
		}
	}
	if len(imported) != 1 || imported[0].Count != 2 || imported[0].Detail != "export.csv" {
		t.Fatalf("import audit events %+v", imported)
	}
	rep, err = h.imp.Commit(req)
	if err != nil || rep.Unchanged != 2 || rep.New+rep.Changed+rep.Ended != 0 {
		t.Fatalf("second commit %+v %v", rep, err)
	}
}

func TestRule_CommitOfAFileWithProblemsWritesNothingAndListsThem(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "export.csv", "persnr;bsn;achternaam;afdeling;datum_in_dienst\n"+
		"1;123456789;Vries;Utrecht;01-02-2019\n2;;Bakker;Utrecht;31-02-2021\n")
	rep, err := h.imp.Commit(ImportRequest{Path: path})
	if err != nil || rep.Written || rep.ProblemCount != 2 || rep.Problems[0].Line != 2 || rep.Problems[1].Line != 3 {
		t.Fatalf("report %+v %v", rep, err)
	}
	page, _ := h.dirf.TreeRows(TreeQuery{Limit: 5})
	if page.Rows[0].Count != 0 {
		t.Fatal("a file with problems wrote employees")
	}
}

func TestRule_AnUnreadableFileGetsAClearErrorWithoutItsContent(t *testing.T) {
	h := unlockedHarness(t)
	for name, content := range map[string]string{"empty.csv": "", "old.xls": "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 Geheim"} {
		_, err := h.imp.Check(ImportRequest{Path: writeFile(t, name, content)})
		ae := appErr(t, err)
		if ae.Code != workspace.CodeImportUnreadable || strings.Contains(ae.Message, "Geheim") {
			t.Fatalf("%s: %+v", name, ae)
		}
		// The window translates why from the reason's code, not from the English message.
		if ae.Fields["file"] == "" || strings.Contains(ae.Fields["file"], "Geheim") {
			t.Fatalf("%s: no reason code for the window: %+v", name, ae.Fields)
		}
	}
	if ae := appErr(t, func() error { _, err := h.imp.Check(ImportRequest{Path: writeFile(t, "e.csv", "")}); return err }()); ae.Fields["file"] != "file_empty" {
		t.Fatalf("an empty file: %+v", ae.Fields)
	}
	if _, err := h.imp.Check(ImportRequest{Path: filepath.Join(t.TempDir(), "missing.csv")}); appErr(t, err).Code != workspace.CodeImportUnreadable {
		t.Fatal("a missing file")
	}
}

func TestRule_TheTemplateIsSavedWhereTheUserChose(t *testing.T) {
	h := unlockedHarness(t)
	h.platform.savePath = filepath.Join(t.TempDir(), "sjabloon")
	path, err := h.imp.SaveTemplate("csv")
	if err != nil || !strings.HasSuffix(path, ".csv") {
		t.Fatalf("%q %v", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "persnr") {
		t.Fatalf("template %q %v", b, err)
	}
	if _, err := h.imp.SaveTemplate("pdf"); appErr(t, err).Code != workspace.CodeInvalidInput {
		t.Fatal("an unknown template format")
	}
}

func TestRule_NoInterruptedImportAfterACompleteOne(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "export.csv", "persnr;achternaam;afdeling;datum_in_dienst\n1;Vries;Kantoor;01-02-2019\n")
	if rep, err := h.imp.Commit(ImportRequest{Path: path}); err != nil || !rep.Written {
		t.Fatalf("%+v %v", rep, err)
	}
	if list, err := h.imp.Interrupted(); err != nil || len(list) != 0 {
		t.Fatalf("interrupted after a complete import: %v %v", list, err)
	}
}

func TestRule_AForcedLayoutDecidesWhatNumericNameUsageCodesMean(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "export.csv", "persnr;achternaam;naamgebruik;afdeling;datum_in_dienst\n1;Vries;1;Kantoor;01-02-2019\n")
	rep, err := h.imp.Check(ImportRequest{Path: path})
	if err != nil || rep.ProblemCount != 1 || rep.Problems[0].Code != "ambiguous_code" {
		t.Fatalf("without a layout: %+v %v", rep.Problems, err)
	}
	rep, err = h.imp.Check(ImportRequest{Path: path, Layout: "afas"})
	if err != nil || rep.ProblemCount != 0 || rep.Layout != "afas" || rep.New != 1 {
		t.Fatalf("with the AFAS layout: %+v %v", rep, err)
	}
	if _, err := h.imp.Check(ImportRequest{Path: path, Layout: "sap"}); appErr(t, err).Code != workspace.CodeImportUnreadable {
		t.Fatal("an unknown layout")
	}
	if len(h.imp.Layouts()) < 6 {
		t.Fatal("layouts missing")
	}
}

func TestRule_ImportProblemsCarryTheParamsTheWindowTranslatesWithButNoCellValues(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "export.csv", "persnr;achternaam;afdeling;datum_in_dienst;Loonheffing\n"+
		"1;Vries;Utrecht;01-02-2019;Canarywaarde\n1;Bakker;Utrecht;01-02-2019;ja\n")
	rep, err := h.imp.Check(ImportRequest{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]ImportProblem{}
	for _, p := range rep.Problems {
		byCode[p.Code] = p
		for k, v := range p.Params {
			if strings.Contains(v, "Canarywaarde") || strings.Contains(v, "Bakker") {
				t.Fatalf("param %s of %s carries a cell value: %q", k, p.Code, v)
			}
		}
	}
	if p := byCode["unmapped_column"]; p.Params["header"] != "Loonheffing" {
		t.Fatalf("unmapped_column params %+v (problems %+v)", p.Params, rep.Problems)
	}
	dup, ok := byCode["duplicate"]
	if !ok || dup.Line != 3 || dup.Params["first"] != "2" {
		t.Fatalf("duplicate persnr: %+v (problems %+v)", dup, rep.Problems)
	}
}

func TestRule_TheProblemListIsSavedAsCSVWhereTheUserChose(t *testing.T) {
	h := unlockedHarness(t)
	h.platform.savePath = filepath.Join(t.TempDir(), "problemen")
	csv := "Regel;Kolom;Probleem\r\n2;BSN;Dit BSN klopt niet (elfproef).\r\n"
	path, err := h.imp.SaveProblemList(csv)
	if err != nil || path != h.platform.savePath+".csv" {
		t.Fatalf("%q %v", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "\ufeff"+csv {
		t.Fatalf("saved %q %v", b, err)
	}
	if _, err := h.imp.SaveProblemList(""); appErr(t, err).Code != workspace.CodeInvalidInput {
		t.Fatal("an empty list was saved")
	}
	if _, err := h.imp.SaveProblemList(strings.Repeat("x", MaxProblemListBytes+1)); appErr(t, err).Code != workspace.CodeInvalidInput {
		t.Fatal("an oversized list was saved")
	}
	// Cancelled dialog: nothing is written, no error.
	h.platform.savePath = ""
	if path, err := h.imp.SaveProblemList(csv); err != nil || path != "" {
		t.Fatalf("cancelled: %q %v", path, err)
	}
}
