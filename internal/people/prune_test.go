package people

import (
	"slices"
	"testing"

	"kluis/internal/vault"
)

// Rule: when an admin's directory loads, a department scope that a crashed import bound but
// whose record and employees were undone is unbound; a bound department with its record stays,
// and so does one without a record whose employees still name it.
func TestRule_ABindingAnUndoneImportLeftIsRemovedAtLoad(t *testing.T) {
	f := newFixture(t)
	kept, err := f.d.CreateDepartment(f.employer.ID, vault.ID{}, "Bakkerij", "")
	ok(t, err)
	_, err = f.d.ApplyImport(t.Context(), f.employer.ID, []EmployeeInput{person("1", "Bakkerij", "Jansen")}, nil)
	ok(t, err)
	// What an interrupted import leaves: a signed binding without a department record.
	orphan := vault.NewID()
	ok(t, f.s.NewDepartmentTree([]vault.DepartmentNode{{ID: orphan}}))
	if !slices.Contains(f.s.BoundDepartments(), orphan) {
		t.Fatal("setup: the orphan binding is not there")
	}

	d := NewDirectory(f.s, clock) // a fresh load, as after the next unlock
	if _, err := d.Tree(f.employer.ID); err != nil {
		t.Fatal(err)
	}
	bound := f.s.BoundDepartments()
	if slices.Contains(bound, orphan) {
		t.Fatal("the binding without record or employees was kept")
	}
	if !slices.Contains(bound, kept.ID) {
		t.Fatal("the department with its record lost its binding")
	}
	v, err := d.EmployeeByPersnr(f.employer.ID, "1")
	ok(t, err)
	if v.Department != kept.ID {
		t.Fatalf("the employee moved: %v", v.Department)
	}
}
