package imports

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"kluis/internal/importer"
	"kluis/internal/people"
	"kluis/internal/vault/vaulttest"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

const header = "persnr;bsn;roepnaam;achternaam;email;email_prive;telefoon;afdeling;datum_in_dienst;datum_uit_dienst\n"

func setup(t *testing.T) (*people.Directory, Request) {
	t.Helper()
	_, s, _ := vaulttest.New(t)
	d := people.NewDirectory(s, func() time.Time { return today })
	e, err := d.AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	return d, Request{Name: "export.csv", Employer: e.ID}
}

func apply(t *testing.T, d *people.Directory, req Request, csv string) Report {
	t.Helper()
	rep, err := Apply(context.Background(), d, today, strings.NewReader(csv), req, nil)
	if err != nil {
		t.Fatalf("apply: %v (%v)", err, rep.Problems)
	}
	return rep
}

func TestRule_DryRunCountsNewChangedEndedAndWritesNothing(t *testing.T) {
	d, req := setup(t)
	file := header +
		"1;111222333;Jan;Vries;;;;Utrecht/Magazijn;01-02-2019;\n" +
		"2;123456782;Anna;Bakker;;;;Utrecht/Kantoor;2021-09-01;\n"
	rep, err := Check(context.Background(), d, today, strings.NewReader(file), req)
	if err != nil || rep.Written || rep.Result.New != 2 || rep.Rows != 2 || rep.Valid != 2 {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if hits, _ := d.Search("1", 5); len(hits) != 0 {
		t.Fatal("the dry run wrote an employee")
	}
	rep = apply(t, d, req, file)
	if !rep.Written || rep.Result.New != 2 || rep.Result.DepartmentsCreated != 3 {
		t.Fatalf("first import: %+v", rep.Result)
	}
	// The same file again changes nothing.
	if rep = apply(t, d, req, file); rep.Result.Unchanged != 2 || rep.Result.New+rep.Result.Changed+rep.Result.Ended != 0 {
		t.Fatalf("second import of the same file: %+v", rep.Result)
	}
	changed := header +
		"1;111222333;Jan;Vries;;;;Utrecht/Magazijn;01-02-2019;30-06-2026\n" +
		"2;123456782;Anna;Bakker-Smit;;;;Utrecht/Kantoor;2021-09-01;\n" +
		"3;;Piet;Klaassen;;;;Utrecht/Kantoor;2026-01-01;\n"
	rep, err = Check(context.Background(), d, today, strings.NewReader(changed), req)
	if err != nil || rep.Result.New != 1 || rep.Result.Changed != 1 || rep.Result.Ended != 1 {
		t.Fatalf("dry run of a changed file: %+v %v", rep.Result, err)
	}
}

func TestRule_AFileWithProblemsListsThemAllByLineAndWritesNothing(t *testing.T) {
	d, req := setup(t)
	file := header +
		"1;111222333;Jan;Vries;;;;Utrecht;01-02-2019;\n" +
		"2;123456789;Anna;Bakker;;;;Utrecht;2021-09-01;\n" + // elfproef fails
		"3;;Piet;Klaassen;;;;Utrecht;01-01-2031;\n" // start too far ahead
	rep, err := Apply(context.Background(), d, today, strings.NewReader(file), req, nil)
	if !errors.Is(err, ErrProblems) || rep.Written || rep.Valid != 1 {
		t.Fatalf("want ErrProblems, got %v (%+v)", err, rep)
	}
	// Every row is checked once, with every rule: both problems show at once.
	if len(rep.Problems) != 2 || rep.Problems[0].Line != 3 || rep.Problems[0].Column != "bsn" ||
		rep.Problems[1].Line != 4 || rep.Problems[1].Column != "datum_in_dienst" || rep.Problems[1].Code != "date_too_far_ahead" ||
		!strings.HasPrefix(rep.Problems[1].Message, "line 4, column datum_in_dienst: ") {
		t.Fatalf("problems %+v", rep.Problems)
	}
	if hits, _ := d.Search("1", 5); len(hits) != 0 {
		t.Fatal("a file with problems wrote an employee")
	}
	for _, p := range rep.Problems {
		if strings.Contains(p.Message, "Klaassen") || strings.Contains(p.Message, "2031") {
			t.Fatalf("a problem quotes a cell: %q", p.Message)
		}
	}
}

func TestRule_EmailIsPrivateUnlessThePrivateColumnIsThereAndTelefoonIsMobile(t *testing.T) {
	in := Input(map[string]string{importer.ColEmail: "a@x.nl", importer.ColTelefoon: "0612345678"})
	if in.EmailPrivate != "a@x.nl" || in.EmailWork != "" || in.PhoneMobile != "0612345678" {
		t.Fatalf("%+v", in)
	}
	in = Input(map[string]string{importer.ColEmail: "a@x.nl", importer.ColEmailPrive: "p@x.nl"})
	if in.EmailPrivate != "p@x.nl" || in.EmailWork != "a@x.nl" {
		t.Fatalf("%+v", in)
	}
	in = Input(map[string]string{importer.ColEmail: "a@x.nl", importer.ColEmailPrive: "p@x.nl", importer.ColEmailWerk: "w@x.nl"})
	if in.EmailPrivate != "p@x.nl" || in.EmailWork != "w@x.nl" {
		t.Fatalf("%+v", in)
	}
}

func TestRule_EveryCanonicalColumnReachesTheEmployee(t *testing.T) {
	values := map[string]string{}
	for _, c := range importer.Canonical {
		values[c] = "v-" + c
	}
	in := Input(values)
	got := strings.Join([]string{in.Persnr, in.Department, in.Initials, in.FirstName, in.FirstNames, in.Prefix,
		in.Surname, in.PartnerPrefix, in.PartnerSurname, in.NameUsage, in.Gender, in.BSN, in.BirthDate, in.Street,
		in.Number, in.Addition, in.Postcode, in.City, in.Country, in.PhoneMobile, in.PhoneWork, in.PhonePrivate,
		in.EmailWork, in.EmailPrivate, in.Start, in.End, in.Hours, in.CostCentre, in.JobTitle,
		in.Contract, in.Sector, in.RiskGroup, in.UWVRef}, "|")
	for _, c := range importer.Canonical {
		if !strings.Contains(got, "v-"+c) {
			t.Errorf("column %s is not mapped", c)
		}
	}
}

// Rule: the inputs collected in chunks while a file is read come out whole and in file order,
// across chunk boundaries.
func TestRule_InputsCollectedInChunksKeepEveryRowInOrder(t *testing.T) {
	var c inputChunks
	const n = 2*inputChunk + 5
	for i := range n {
		c.add(people.EmployeeInput{Persnr: strconv.Itoa(i)})
	}
	got := c.all()
	if len(got) != n {
		t.Fatalf("%d inputs, want %d", len(got), n)
	}
	for i, in := range got {
		if in.Persnr != strconv.Itoa(i) {
			t.Fatalf("input %d has persnr %q", i, in.Persnr)
		}
	}
	if len(c.all()) != 0 {
		t.Fatal("the chunks are kept after all")
	}
}
