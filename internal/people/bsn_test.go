package people

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"kluis/internal/validate"
)

func TestRule_ADuplicateBSNWithinOneEmployerIsRefusedPointingToTheEmployeeWhoHasIt(t *testing.T) {
	f := newFixture(t)
	first := person("00042", "Utrecht", "Vries")
	first.BSN = "123456782"
	_, err := f.d.CreateEmployee(f.employer.ID, first)
	ok(t, err)
	second := person("7", "Utrecht/Magazijn", "Jansen")
	second.BSN = "1234.56.782" // the same BSN, typed differently
	_, err = f.d.CreateEmployee(f.employer.ID, second)
	var pe *validate.ParamErrors
	if !errors.As(err, &pe) || pe.Fields[FieldBSN] != validate.BSNTaken || !slices.Equal(pe.Params[FieldBSN], []string{"00042"}) {
		t.Fatalf("a second employee with the BSN: %v", err)
	}
	if strings.Contains(err.Error(), "123456782") || strings.Contains(err.Error(), "00042") {
		t.Fatalf("the error text names the BSN or the persnr: %s", err)
	}
	// Changing another employee to that BSN is refused too; the employee itself may keep it.
	second.BSN = ""
	v, err := f.d.CreateEmployee(f.employer.ID, second)
	ok(t, err)
	second.BSN = "123456782"
	if _, err := f.d.UpdateEmployee(v.ID, second); fieldErrors(t, err)[FieldBSN] != validate.BSNTaken {
		t.Fatalf("an update to a taken BSN: %v", err)
	}
	own, err := f.d.EmployeeByPersnr(f.employer.ID, "00042")
	ok(t, err)
	first.City = "Amersfoort"
	_, err = f.d.UpdateEmployee(own.ID, first)
	ok(t, err)
	// Another employer may have the same person.
	other, err := f.d.AddEmployer("Bakkerij Zuid BV", "87654321")
	ok(t, err)
	elsewhere := person("1", "Utrecht", "Vries")
	elsewhere.BSN = "123456782"
	_, err = f.d.CreateEmployee(other.ID, elsewhere)
	ok(t, err)
}

func TestRule_AnImportRefusesABSNThatAnotherEmployeeOrAnEarlierRowHas(t *testing.T) {
	f := newFixture(t)
	stored := person("00042", "Utrecht", "Vries")
	stored.BSN = "123456782"
	_, err := f.d.CreateEmployee(f.employer.ID, stored)
	ok(t, err)
	rows := []EmployeeInput{
		person("00042", "Utrecht", "Vries"), // the stored employee, with another BSN now: fine
		person("8", "Utrecht", "Bos"),
		person("9", "Utrecht", "Smit"),
	}
	rows[0].BSN = "111222333"
	rows[1].BSN = "123456782" // stored 00042's old BSN: 00042 gives it up in this very file, but
	// the check is against what is stored, so it is refused
	rows[2].BSN = "111222333" // the same as row 0
	_, err = f.d.PlanImport(context.Background(), f.employer.ID, rows)
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 2 {
		t.Fatalf("import: %v", err)
	}
	for i, want := range map[int]string{1: "00042", 2: "00042"} {
		r := ie.Rows[i-1]
		if r.Row != i || r.Fields[FieldBSN] != validate.BSNTaken || !slices.Equal(r.Params[FieldBSN], []string{want}) {
			t.Errorf("row %d: %+v", i, r)
		}
	}
	if strings.Contains(err.Error(), "123456782") || strings.Contains(err.Error(), "111222333") {
		t.Fatalf("the error names a BSN: %s", err)
	}
	// The same file twice (the employees keep their BSN) imports.
	ok2 := []EmployeeInput{person("00042", "Utrecht", "Vries"), person("8", "Utrecht", "Bos")}
	ok2[0].BSN = "123456782"
	_, err = f.d.ApplyImport(context.Background(), f.employer.ID, ok2, nil)
	ok(t, err)
	_, err = f.d.ApplyImport(context.Background(), f.employer.ID, ok2, nil)
	ok(t, err)
}
