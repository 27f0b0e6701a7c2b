package people

import (
	"errors"
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

func TestRule_DepartmentCannotMoveBelowItselfOrItsDescendants(t *testing.T) {
	f := newFixture(t)
	utrecht, err := f.d.CreateDepartment(f.employer.ID, vault.ID{}, "Utrecht", "UTR")
	ok(t, err)
	magazijn, err := f.d.CreateDepartment(f.employer.ID, utrecht.ID, "Magazijn", "")
	ok(t, err)
	expeditie, err := f.d.CreateDepartment(f.employer.ID, magazijn.ID, "Expeditie", "")
	ok(t, err)
	for name, target := range map[string]vault.ID{"itself": utrecht.ID, "child": magazijn.ID, "grandchild": expeditie.ID} {
		t.Run(name, func(t *testing.T) {
			if _, err := f.d.MoveDepartment(utrecht.ID, target); !errors.Is(err, ErrCycle) {
				t.Fatalf("got %v, want ErrCycle", err)
			}
		})
	}
	moved, err := f.d.MoveDepartment(expeditie.ID, utrecht.ID)
	ok(t, err)
	if p, _ := f.d.DepartmentPath(moved.ID); p != "Utrecht/Expeditie" {
		t.Fatalf("path %q", p)
	}
	if _, err := f.d.MoveDepartment(expeditie.ID, vault.ID{}); err != nil {
		t.Fatal(err)
	}
}

func TestRule_DepartmentsGetTheirOwnSignedScopeAndUniqueNames(t *testing.T) {
	f := newFixture(t)
	a, err := f.d.CreateDepartment(f.employer.ID, vault.ID{}, "Utrecht", "")
	ok(t, err)
	b, err := f.d.CreateDepartment(f.employer.ID, vault.ID{}, "Amersfoort", "")
	ok(t, err)
	sa, sb := scopeOf(t, f.s, a.ID), scopeOf(t, f.s, b.ID)
	if sa == sb || sa == f.s.DirectoryScope() || !f.s.HasScope(sa) {
		t.Fatalf("scopes %v %v", sa, sb)
	}
	_, err = f.d.CreateDepartment(f.employer.ID, vault.ID{}, "utrecht", "")
	if fieldErrors(t, err)[FieldDepartmentName] != validate.Duplicate {
		t.Fatalf("duplicate sibling name accepted: %v", err)
	}
	_, err = f.d.CreateDepartment(f.employer.ID, vault.ID{}, "Noord/Zuid", "")
	if fieldErrors(t, err)[FieldDepartmentName] != validate.PathSeparator {
		t.Fatalf("slash accepted: %v", err)
	}
	renamed, err := f.d.RenameDepartment(b.ID, "Amersfoort-Centrum", "AMF")
	ok(t, err)
	if renamed.Name != "Amersfoort-Centrum" || renamed.Code != "AMF" {
		t.Fatalf("%+v", renamed)
	}
}

func TestRule_DepartmentWithActiveEmployeesCannotBeArchived(t *testing.T) {
	f := newFixture(t)
	v, err := f.d.CreateEmployee(f.employer.ID, person("00042", "Utrecht/Magazijn", "Vries"))
	ok(t, err)
	mag := v.Department
	utr, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht", false)
	ok(t, err)
	if err := f.d.ArchiveDepartment(mag); !errors.Is(err, ErrDepartmentNotEmpty) {
		t.Fatalf("archive with an active employee: %v", err)
	}
	if err := f.d.ArchiveDepartment(utr.ID); !errors.Is(err, ErrDepartmentNotEmpty) {
		t.Fatalf("archive with a live child: %v", err)
	}
	ok(t, f.d.EndEmployment(v.ID, "01-01-2026"))
	ok(t, f.d.ArchiveDepartment(mag))
	ok(t, f.d.ArchiveDepartment(utr.ID))
	tree, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	if len(tree) != 0 {
		t.Fatalf("archived departments still in the tree: %+v", tree)
	}
	// The ended employee is still there: people are never deleted here.
	got, err := f.d.Employee(v.ID)
	ok(t, err)
	if got.Active || got.Current().End != "2026-01-01" {
		t.Fatalf("%+v", got)
	}
}

func TestRule_PathLookupCreatesMissingDepartmentsAndCodesFindDepartments(t *testing.T) {
	f := newFixture(t)
	mag, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht / Magazijn", true)
	ok(t, err)
	again, err := f.d.DepartmentByPath(f.employer.ID, "utrecht/magazijn", false)
	ok(t, err)
	if again.ID != mag.ID {
		t.Fatal("a path found a different department")
	}
	if _, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht/Kantoor", false); !errors.Is(err, ErrDepartmentNotFound) {
		t.Fatalf("got %v", err)
	}
	_, err = f.d.RenameDepartment(mag.ID, "Magazijn", "MAG-01")
	ok(t, err)
	byCode, err := f.d.DepartmentByPath(f.employer.ID, "mag-01", false)
	ok(t, err)
	if byCode.ID != mag.ID {
		t.Fatal("code lookup failed")
	}
	if d2, err := f.d.DepartmentByCode(f.employer.ID, "MAG-01"); err != nil || d2.ID != mag.ID {
		t.Fatalf("DepartmentByCode: %v", err)
	}
}

func TestRule_PersnrIsUniquePerEmployerAndKeepsLeadingZeros(t *testing.T) {
	f := newFixture(t)
	_, err := f.d.CreateEmployee(f.employer.ID, person("00042", "Utrecht", "Vries"))
	ok(t, err)
	_, err = f.d.CreateEmployee(f.employer.ID, person("00042", "Utrecht", "Jansen"))
	if fieldErrors(t, err)[FieldPersnr] != validate.Duplicate {
		t.Fatalf("duplicate persnr accepted: %v", err)
	}
	// "42" is another persnr than "00042".
	_, err = f.d.CreateEmployee(f.employer.ID, person("42", "Utrecht", "Jansen"))
	ok(t, err)
	other, err := f.d.AddEmployer("Zuidhaven Logistiek BV", "87654321")
	ok(t, err)
	v, err := f.d.CreateEmployee(other.ID, person("00042", "Rotterdam", "Bakker"))
	ok(t, err)
	if v.Persnr != "00042" || v.Label != "Anoniem (Persnr 00042)" {
		t.Fatalf("%+v", v.Employee)
	}
	got, err := f.d.EmployeeByPersnr(f.employer.ID, "00042")
	ok(t, err)
	if got.Identity == nil || got.Identity.Surname != "Vries" {
		t.Fatal("persnr lookup at the first employer found the wrong person")
	}
}

func TestRule_EmployeeValidationReportsEveryFieldByName(t *testing.T) {
	f := newFixture(t)
	in := person("", "Utrecht", "")
	in.BSN, in.Postcode, in.PhoneMobile, in.BirthDate = "123456789", "0123 AB", "06/123", "31-02-1985"
	in.Start, in.End, in.Gender, in.NameUsage = "01-05-2020", "01-04-2020", "Q", "sometimes"
	in.JobTitle = string(make([]byte, MaxJobTitle+1))
	_, err := f.d.CreateEmployee(f.employer.ID, in)
	fe := fieldErrors(t, err)
	want := validate.FieldErrors{FieldPersnr: validate.Required, FieldSurname: validate.Required,
		FieldBSN: validate.BSNElfproef, FieldPostcode: validate.PostcodeFormat, FieldPhoneMobile: validate.PhoneFormat,
		FieldBirthDate: validate.DateFormat, FieldEnd: validate.EndBeforeStart, FieldGender: validate.InvalidChoice,
		FieldNameUsage: validate.InvalidChoice, FieldJobTitle: validate.TooLong}
	for k, c := range want {
		if fe[k] != c {
			t.Errorf("%s: got %q, want %q", k, fe[k], c)
		}
	}
	in = person("7", "Utrecht", "Vries")
	in.BirthDate, in.Start = "01-01-2010", "01-05-2020"
	_, err = f.d.CreateEmployee(f.employer.ID, in)
	if fieldErrors(t, err)[FieldBirthDate] != validate.BirthDateImplausible {
		t.Fatalf("ten-year-old employee accepted: %v", err)
	}
	in.BirthDate, in.Start = "01-01-1990", "01-01-2030"
	_, err = f.d.CreateEmployee(f.employer.ID, in)
	if fieldErrors(t, err)[FieldStart] != validate.DateTooFarAhead {
		t.Fatalf("start in 2030 accepted: %v", err)
	}
	in.Start = "01-02-2027" // a future start within a year is fine
	_, err = f.d.CreateEmployee(f.employer.ID, in)
	ok(t, err)
}

func TestRule_EmploymentEndMustNotPrecedeStartAndOnlyOpenOnesEnd(t *testing.T) {
	f := newFixture(t)
	v, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht", "Vries"))
	ok(t, err)
	if fe := fieldErrors(t, f.d.EndEmployment(v.ID, "30-04-2020")); fe[FieldEnd] != validate.EndBeforeStart {
		t.Fatalf("%v", fe)
	}
	ok(t, f.d.EndEmployment(v.ID, "01-05-2020"))
	if err := f.d.EndEmployment(v.ID, "01-06-2020"); !errors.Is(err, ErrNoOpenEmployment) {
		t.Fatalf("got %v", err)
	}
}

func TestTreeCountsActiveEndedSharedPerSubtree(t *testing.T) {
	f := newFixture(t)
	a, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht/Magazijn", "Vries"))
	ok(t, err)
	b, err := f.d.CreateEmployee(f.employer.ID, person("2", "Utrecht", "Jansen"))
	ok(t, err)
	_, err = f.d.CreateEmployee(f.employer.ID, person("3", "Utrecht/Magazijn", "Bakker"))
	ok(t, err)
	ok(t, f.d.EndEmployment(b.ID, "01-01-2025"))
	ok(t, f.d.SetShared(a.ID, true, nil))
	tree, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	if len(tree) != 2 || tree[0].Path != "Utrecht" || tree[1].Path != "Utrecht/Magazijn" || tree[1].Depth != 1 {
		t.Fatalf("%+v", tree)
	}
	if got := tree[0].Total; got != (Counts{Active: 2, Ended: 1, Shared: 1, NotShared: 2}) {
		t.Fatalf("Utrecht total %+v", got)
	}
	if got := tree[1].Own; got != (Counts{Active: 2, Shared: 1, NotShared: 1}) {
		t.Fatalf("Magazijn own %+v", got)
	}
	ok(t, f.d.BuildNameIndex())
	rows, err := f.d.ListEmployees(tree[1].ID, ListFilter{})
	ok(t, err)
	if len(rows) != 2 || rows[0].Label != "Jan de Vries" || rows[1].Label != "Anoniem (Persnr 3)" {
		t.Fatalf("labels %q %q", rows[0].Label, rows[1].Label)
	}
	ended, err := f.d.ListEmployees(tree[0].ID, ListFilter{Ended: true, Subtree: true})
	ok(t, err)
	if len(ended) != 1 || ended[0].Persnr != "2" {
		t.Fatalf("%+v", ended)
	}
}

func TestRule_PersonnelDataIsDueForRemovalTwoYearsAfterTheEmploymentEnds(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ persnr, end string }{{"1", "22-11-2024"}, {"2", "23-11-2024"}, {"3", "01-01-2020"}, {"4", ""}} {
		in := person(c.persnr, "Utrecht", "Vries")
		in.Start = "01-05-2015"
		in.BSN = ""
		v, err := f.d.CreateEmployee(f.employer.ID, in)
		ok(t, err)
		if c.end != "" {
			ok(t, f.d.EndEmployment(v.ID, c.end))
		}
	}
	due, err := f.d.PastRetention()
	ok(t, err)
	// Today is 23-11-2026: an end on 22-11-2024 is past two years, one on 23-11-2024 is not yet.
	if len(due) != 2 || due[0].Persnr != "3" || due[1].Persnr != "1" || due[1].Ended != "2024-11-22" {
		t.Fatalf("past retention %+v", due)
	}
}
