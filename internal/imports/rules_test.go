package imports

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"kluis/internal/importer"
)

func check(t *testing.T, req Request, file string, withVault bool) Report {
	t.Helper()
	d, r := setup(t)
	req.Employer = r.Employer
	if req.Name == "" {
		req.Name = r.Name
	}
	if !withVault {
		d = nil
	}
	rep, err := Check(context.Background(), d, today, strings.NewReader(file), req)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func codes(rep Report) []string {
	var out []string
	for _, p := range rep.Problems {
		out = append(out, fmt.Sprintf("%d %s %s", p.Line, p.Column, p.Code))
	}
	return out
}

func TestRule_AHeaderOnlyFileIsAProblemNotAFileThatChangesNothing(t *testing.T) {
	for _, withVault := range []bool{true, false} {
		rep := check(t, Request{}, header, withVault)
		if len(rep.Problems) != 1 || rep.Problems[0].Code != CodeNoRows || rep.Problems[0].Line != 1 || rep.Planned {
			t.Fatalf("vault %v: %+v", withVault, rep)
		}
	}
	d, req := setup(t)
	if _, err := Apply(context.Background(), d, today, strings.NewReader(header), req, nil); !errors.Is(err, ErrProblems) {
		t.Fatalf("apply of a header-only file: %v", err)
	}
}

func TestRule_TheDryRunCountsTheDepartmentsTheImportWouldCreate(t *testing.T) {
	d, req := setup(t)
	file := header +
		"1;;Jan;Vries;;;;Utrecht/Magazijn;01-02-2019;\n" +
		"2;;Anna;Bakker;;;;Utrecht/Kantoor;2021-09-01;\n" +
		"3;;Piet;Smit;;;;utrecht/kantoor;2021-09-01;\n" +
		"4;;Els;Dam;;;;Amersfoort/Hal/Noord;2021-09-01;\n"
	rep, err := Check(context.Background(), d, today, strings.NewReader(file), req)
	if err != nil || !rep.Planned || rep.Result.DepartmentsCreated != 6 {
		t.Fatalf("dry run: %+v %v", rep.Result, err)
	}
	if !strings.Contains(rep.Summary(), "6 departments to create") {
		t.Fatalf("summary %q", rep.Summary())
	}
	rep = apply(t, d, req, file)
	if rep.Result.DepartmentsCreated != 6 {
		t.Fatalf("the import created %d", rep.Result.DepartmentsCreated)
	}
	rep, err = Check(context.Background(), d, today, strings.NewReader(file), req)
	if err != nil || rep.Result.DepartmentsCreated != 0 || !strings.Contains(rep.Summary(), "0 departments to create") {
		t.Fatalf("second dry run: %+v %v", rep.Result, err)
	}
}

func TestRule_AnUnmappedColumnWithDataStopsTheImportUntilItIsLeftOutByChoice(t *testing.T) {
	file := "persnr;achternaam;afdeling;datum_in_dienst;Loonheffing;Leeg\n" +
		"1;Vries;Utrecht;01-02-2019;ja;\n2;Bakker;Utrecht;01-02-2019;nee;\n"
	d, req := setup(t)
	rep, err := Apply(context.Background(), d, today, strings.NewReader(file), req, nil)
	if !errors.Is(err, ErrProblems) || rep.Written || !reflect.DeepEqual(codes(rep), []string{"1  unmapped_column"}) ||
		rep.Problems[0].Params["header"] != "Loonheffing" {
		t.Fatalf("%v: %v", err, codes(rep))
	}
	// The rows were checked all the same: they are fine.
	if rep.Valid != 2 {
		t.Fatalf("valid %d", rep.Valid)
	}
	req.Map = map[string]string{"Loonheffing": "-"}
	if rep = apply(t, d, req, file); rep.Result.New != 2 {
		t.Fatalf("%+v", rep.Result)
	}
}

func TestRule_AFirstNameColumnIsImported(t *testing.T) {
	d, req := setup(t)
	file := "Personeelsnummer;Voornaam;Achternaam;Geb. datum;E-mail;Mobiel;Plaats;Afdeling;In dienst;Uit dienst;Uren;Functie\n" +
		"7;Jan;Vries;12-03-1985;jan@example.nl;06 12345678;Utrecht;Kantoor;01-02-2019;;32,5;Bakker\n"
	rep := apply(t, d, req, file)
	if rep.Table.Layout != "" || len(rep.Table.Unknown) != 0 || rep.Result.New != 1 {
		t.Fatalf("layout %q unknown %q result %+v", rep.Table.Layout, rep.Table.Unknown, rep.Result)
	}
	v, err := d.EmployeeByPersnr(req.Employer, "7")
	if err != nil {
		t.Fatal(err)
	}
	id, job := v.Identity, v.Current()
	if id == nil || id.FirstName != "Jan" || id.BirthDate != "1985-03-12" || id.Emails.Private != "jan@example.nl" ||
		id.Phones.Mobile != "06 12345678" || id.Address.City != "Utrecht" || job.Hours != "32.5" || job.JobTitle != "Bakker" {
		t.Fatalf("stored %+v %+v", id, job)
	}
}

func TestRule_TheFileOnItsOwnAndAgainstTheVaultMeetTheSameFieldRules(t *testing.T) {
	file := header +
		"1;123456789;Jan;Vries;a@b;;123;Utrecht;31-02-2019;\n" +
		"2;;Anna;;;;;Utrecht;01-01-2031;\n" +
		"1;;Piet;Smit;;;;Utrecht;2021-09-01;01-01-2020\n"
	alone := check(t, Request{}, file, false)
	vault := check(t, Request{}, file, true)
	want := []string{"2 bsn bsn_elfproef", "2 datum_in_dienst date_format", "2 email email_format", "2 telefoon phone_format",
		"3 achternaam required", "3 datum_in_dienst date_too_far_ahead", "4 datum_uit_dienst end_before_start", "4 persnr duplicate"}
	if !reflect.DeepEqual(codes(alone), want) || !reflect.DeepEqual(codes(vault), want) {
		t.Fatalf("on its own %v\nwith the vault %v\nwant %v", codes(alone), codes(vault), want)
	}
	if alone.Valid != 0 || vault.Valid != 0 {
		t.Fatalf("valid %d %d", alone.Valid, vault.Valid)
	}
}

func TestRule_APersnrTwiceNamesTheLineItWasFirstOn(t *testing.T) {
	file := header + "00042;;Jan;Vries;;;;U;01-02-2019;\n42;;Jan;Vries;;;;U;01-02-2019;\n00042;;Piet;Smit;;;;U;01-02-2019;\n"
	for _, withVault := range []bool{true, false} {
		rep := check(t, Request{}, file, withVault)
		if len(rep.Problems) != 1 || rep.Problems[0].Line != 4 || rep.Problems[0].Code != "duplicate" ||
			rep.Problems[0].Params["first"] != 2 || !strings.Contains(rep.Problems[0].Message, "first on line 2") {
			t.Fatalf("vault %v: %+v (42 and 00042 are different personnel numbers)", withVault, rep.Problems)
		}
	}
}

func TestRule_AnAddressFromTheEmailColumnIsReportedUnderThatColumn(t *testing.T) {
	rep := check(t, Request{}, header+"1;;Jan;Vries;geen-adres;;;U;01-02-2019;\n", false)
	if !reflect.DeepEqual(codes(rep), []string{"2 email email_format"}) {
		t.Fatalf("%v", codes(rep))
	}
}

func TestRule_AMissingRequiredColumnIsReportedOnceNotOnEveryRow(t *testing.T) {
	rep := check(t, Request{}, "persnr;achternaam;afdeling\n1;Vries;U\n2;Smit;U\n", true)
	if !reflect.DeepEqual(codes(rep), []string{"1 datum_in_dienst missing_column"}) || rep.Valid != 0 {
		t.Fatalf("%v", codes(rep))
	}
}

// Canary values in cells that break every value rule: no problem may repeat them.
func TestRule_ValueProblemsNeverQuoteTheCell(t *testing.T) {
	const bsn, name = "999990172", "Kanarievogel"
	long := name + strings.Repeat("x", 300)
	file := "persnr;bsn;achternaam;roepnaam;geboortedatum;postcode;email;telefoon;afdeling;datum_in_dienst;uren_per_week\n" +
		bsn + ";" + bsn + "1;" + name + "\x07;" + long + ";" + name + ";" + name + ";" + name + "@;" + name + ";" + long + ";" + name + ";" + name + "\n" +
		bsn + ";;;" + name + "\xc3;;;;;U;01-01-2020;\n"
	for _, withVault := range []bool{true, false} {
		rep := check(t, Request{}, file, withVault)
		if len(rep.Problems) < 10 {
			t.Fatalf("only %v", codes(rep))
		}
		for _, p := range rep.Problems {
			if s := fmt.Sprintf("%s %s %v", p.Message, p.Column, p.Params); strings.Contains(s, bsn) || strings.Contains(s, name) {
				t.Errorf("problem %+v repeats a cell value", p)
			}
		}
	}
}

func TestRule_TheSummaryCountsArePluralSafe(t *testing.T) {
	rep := Report{Table: &importer.Table{}, Rows: 1, Valid: 1, Planned: true}
	rep.Result.New, rep.Result.DepartmentsCreated = 1, 1
	if got := rep.Summary(); got != "layout none recognised, 1 row, 1 valid, no problems; would write: 1 new, 0 changed, 0 ended, 0 unchanged, 1 department to create; nothing written (dry run)." {
		t.Fatalf("%q", got)
	}
	rep = Report{Table: &importer.Table{Layout: "kluis"}, Rows: 2, Problems: make([]importer.Problem, 1)}
	if got := rep.Summary(); got != "layout kluis, 2 rows, 0 valid, 1 problem; nothing written." {
		t.Fatalf("%q", got)
	}
	rep = Report{Table: &importer.Table{}, Rows: 3, Valid: 3, Planned: true, Written: true}
	rep.Result.DepartmentsCreated = 2
	if got := rep.Summary(); !strings.HasSuffix(got, "written: 0 new, 0 changed, 0 ended, 0 unchanged, 2 departments created.") {
		t.Fatalf("%q", got)
	}
	if Progress(1, 2) != "1 of 2 rows written" || Progress(5, 10) != "5 of 10 rows written" ||
		Progress(1, 1) != "1 of 1 row written; last step: the persnr index, search and tree" {
		t.Fatal(Progress(1, 2), Progress(5, 10), Progress(1, 1))
	}
}

func TestRule_RowsConvertedWhileTheFileIsReadKeepTheirLines(t *testing.T) {
	// More rows than several hand-overs to the converting goroutine; a problem in the first,
	// a middle and the last batch, and a ragged row, each reported at its own line.
	n := 3*rowBatch + 7
	var b strings.Builder
	b.WriteString(header)
	var want []string
	for i := range n {
		line := i + 2
		switch i {
		case 3, rowBatch + 1, n - 1:
			fmt.Fprintf(&b, "%d;123456789;Jan;Vries;;;;Utrecht;01-02-2019;\n", i+1)
			want = append(want, fmt.Sprintf("%d bsn bsn_elfproef", line))
		case 2*rowBatch + 5:
			fmt.Fprintf(&b, "%d;;Jan;Vries;;;;Utrecht;01-02-2019;;extra\n", i+1)
			want = append(want, fmt.Sprintf("%d  %s", line, importer.CodeRaggedRow))
		default:
			fmt.Fprintf(&b, "%d;;Jan;Vries;;;;Utrecht;01-02-2019;\n", i+1)
		}
	}
	for _, withVault := range []bool{false, true} {
		rep := check(t, Request{}, b.String(), withVault)
		if got := codes(rep); !reflect.DeepEqual(got, want) || rep.Rows != n || rep.Valid != n-4 {
			t.Fatalf("vault %v: rows %d, valid %d, problems %q, want %q", withVault, rep.Rows, rep.Valid, got, want)
		}
	}
}
