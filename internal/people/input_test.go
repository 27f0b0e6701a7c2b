package people

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kluis/internal/validate"
)

func TestRule_EveryInputFieldIsARowOfTheOneTable(t *testing.T) {
	var in EmployeeInput
	names := map[string]bool{}
	for _, f := range in.Fields() {
		if _, ok := validate.LookupEmployeeField(f.Name); !ok {
			t.Errorf("input field %s is not in validate.EmployeeFields", f.Name)
		}
		if names[f.Name] {
			t.Errorf("input field %s listed twice", f.Name)
		}
		names[f.Name] = true
	}
	for _, spec := range validate.EmployeeFields {
		if !names[spec.Name] && spec.Name != validate.FieldEmail {
			t.Errorf("table field %s has no EmployeeInput member", spec.Name)
		}
	}
	// Each pointer points at its own member: setting through Fields fills distinct members.
	for i, f := range in.Fields() {
		*f.Value = strings.Repeat("x", i+1)
	}
	seen := map[string]bool{}
	for _, f := range in.Fields() {
		if seen[*f.Value] {
			t.Fatalf("two fields share a member")
		}
		seen[*f.Value] = true
	}
}

func TestRule_NameUsagesGendersAndDatesAreTheTablesValues(t *testing.T) {
	choices := func(name string) []string {
		spec, _ := validate.LookupEmployeeField(name)
		return spec.Choices
	}
	usages := []string{string(NameOwn), string(NamePartner), string(NamePartnerOwn), string(NameOwnPartner)}
	if !slices.Equal(usages, choices(FieldNameUsage)) {
		t.Errorf("people name usages %v, table %v", usages, choices(FieldNameUsage))
	}
	genders := []string{GenderM, GenderV, GenderX, GenderO}
	if !slices.Equal(genders, choices(FieldGender)) {
		t.Errorf("people genders %v, table %v", genders, choices(FieldGender))
	}
	if DateLayout != time.DateOnly {
		t.Errorf("DateLayout %q is not the table's storage form %q", DateLayout, time.DateOnly)
	}
	if CountryNL != validate.CountryCode("Nederland") || CountryBE != validate.CountryCode("België") {
		t.Error("people's country codes differ from validate.CountryCode")
	}
}

func TestRule_TheFormIsCheckedWithTheOneTable(t *testing.T) {
	f := newFixture(t)
	in := person("1", "Utrecht", "Vries")
	in.Initials = strings.Repeat("J", validate.MaxInitials+1)
	in.Country, in.Postcode = "België", "0999"
	in.FirstName = "J\u0085an"
	_, err := f.d.CreateEmployee(f.employer.ID, in)
	fe := fieldErrors(t, err)
	if fe[FieldInitials] != validate.TooLong || fe[FieldPostcode] != validate.PostcodeFormat || fe[FieldFirstName] != validate.InvalidControls {
		t.Fatalf("%v", fe)
	}
	in = person("1", "Utrecht", "Vries")
	in.Country, in.Postcode = " belgie ", "2000"
	v, err := f.d.CreateEmployee(f.employer.ID, in)
	ok(t, err)
	if v.Identity == nil || v.Identity.Address.Country != CountryBE || v.Identity.Address.Postcode != "2000" ||
		v.Identity.BirthDate != "1985-03-12" || v.Current().Hours != "32.5" {
		t.Fatalf("stored %+v", v)
	}
}

func TestRule_CheckInputsChecksEveryRowAndThePersnrWithoutAVault(t *testing.T) {
	good := person("1", "Utrecht", "Vries")
	bad := person("2", "Utrecht", "")
	bad.BSN = "123456789"
	dup := person("1", "Utrecht", "Bakker")
	rows := []EmployeeInput{good, bad, dup}
	errs, err := CheckInputs(context.Background(), rows, fixedToday)
	ok(t, err)
	if len(errs) != 2 || errs[0].Row != 1 || errs[1].Row != 2 {
		t.Fatalf("%+v", errs)
	}
	if errs[0].Fields[FieldSurname] != validate.Required || errs[0].Fields[FieldBSN] != validate.BSNElfproef ||
		errs[1].Fields[FieldPersnr] != validate.Duplicate {
		t.Fatalf("%+v", errs)
	}
	if rows[0].BirthDate != "12-03-1985" {
		t.Fatal("CheckInputs changed the caller's rows")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CheckInputs(ctx, rows, fixedToday); err == nil {
		t.Fatal("a cancelled check went on")
	}
}

func TestRule_RowsCheckedOnEveryCoreGiveWhatOneByOneGives(t *testing.T) {
	// Enough rows for every worker to take several chunks; problems and repeated persnrs
	// spread over the chunks, a repeat far from its first row.
	n := 12*ctxEvery + 37
	rows := make([]EmployeeInput, n)
	for i := range rows {
		rows[i] = person(strconv.Itoa(i+1), "Utrecht", "Vries")
		switch {
		case i%97 == 5:
			rows[i].Surname = ""
		case i%131 == 7:
			rows[i].BSN = "123456789"
		case i%173 == 11:
			rows[i].Persnr = strconv.Itoa(i%50 + 1) // a persnr an earlier row has
			rows[i].Surname = ""                    // and a field problem too
		}
	}
	// The reference: each row by itself, in order, with a fresh set of problems.
	first := map[string]int{}
	var want []RowError
	wantChecked := make([]checked, n)
	for i := range rows {
		f := validate.FieldErrors{}
		wantChecked[i] = rows[i].check(f, fixedToday)
		firstRow := 0
		if j, dup := first[wantChecked[i].persnr]; dup {
			f.Add(FieldPersnr, validate.Duplicate)
			firstRow = j
		} else {
			first[wantChecked[i].persnr] = i
		}
		if len(f) > 0 {
			want = append(want, RowError{Row: i, Fields: f, FirstRow: firstRow})
		}
	}
	got, bad, err := checkRows(context.Background(), rows, fixedToday)
	ok(t, err)
	if !reflect.DeepEqual(got, wantChecked) {
		t.Fatal("the rows checked on every core differ from the rows checked one by one")
	}
	if !reflect.DeepEqual(bad, want) {
		t.Fatalf("problems differ: %d rows against %d one by one", len(bad), len(want))
	}
	if len(want) < 50 || want[len(want)-1].Row < 11*ctxEvery {
		t.Fatalf("the fixture does not spread its problems (%d)", len(want))
	}
}

func TestRule_ThePlanCountsEachNewDepartmentOnceAndTheImportCreatesThatMany(t *testing.T) {
	f := newFixture(t)
	_, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht/Magazijn", "Vries"))
	ok(t, err)
	mag, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht/Magazijn", false)
	ok(t, err)
	_, err = f.d.RenameDepartment(mag.ID, mag.Name, "MAG")
	ok(t, err)
	rows := []EmployeeInput{
		person("2", "utrecht / magazijn", "A"), // exists
		person("3", "MAG", "B"),                // exists, by code
		person("4", "Utrecht/Kantoor", "C"),    // 1 new
		person("5", "utrecht/kantoor", "D"),    // the same
		person("6", "Amersfoort/Hal/Noord", "E"),
		person("7", "Amersfoort/Hal/Zuid", "F"), // Amersfoort, Hal, Noord, Zuid: 4 new
	}
	plan, err := f.d.PlanImport(context.Background(), f.employer.ID, rows)
	ok(t, err)
	if plan.DepartmentsCreated != 5 {
		t.Fatalf("the plan counts %d departments to create, want 5", plan.DepartmentsCreated)
	}
	// It agrees with what the import creates.
	res, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	if res.DepartmentsCreated != plan.DepartmentsCreated {
		t.Fatalf("the import created %d, the plan said %d", res.DepartmentsCreated, plan.DepartmentsCreated)
	}
}
