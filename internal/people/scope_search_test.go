package people

import (
	"errors"
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

const managerEmail, managerPass = "manager@korenaar.example", "manager passphrase for tests"

// asManager locks the admin session and unlocks as a manager of only the given departments.
func (f *fixture) asManager(t *testing.T, depts ...vault.ID) *Directory {
	t.Helper()
	_, err := f.s.AddUser(vault.NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, vault.RoleManager, depts...)
	ok(t, err)
	f.d.Wipe()
	f.s.Lock()
	m, err := f.v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	t.Cleanup(m.Lock)
	return NewDirectory(m, clock)
}

func TestRule_ManagerReadsAndListsOnlyTheEmployeesOfTheirDepartments(t *testing.T) {
	f := newFixture(t)
	own, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht", "Vries"))
	ok(t, err)
	otherIn := person("2", "Amersfoort", "Jansen")
	otherIn.BSN = "123456782"
	other, err := f.d.CreateEmployee(f.employer.ID, otherIn)
	ok(t, err)
	utr, err := f.d.Department(own.Department)
	ok(t, err)

	m := f.asManager(t, utr.ID)
	got, err := m.Employee(own.ID)
	ok(t, err)
	if !got.IdentityRead || got.Identity.Surname != "Vries" {
		t.Fatal("the manager cannot read their own department")
	}
	// Another department's employees are not even listed: their skeleton (persnr, job, shared
	// flag) is sealed under that department's key.
	if got, err := m.Employee(other.ID); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("another department's employee is visible: %+v %v", got, err)
	}
	// Search: neither the persnr, the BSN nor the name reaches the other department.
	if hits, _ := m.Search("2", 10); len(hits) != 0 {
		t.Fatalf("persnr hit %+v", hits)
	}
	if hits, _ := m.Search("123456782", 10); len(hits) != 0 {
		t.Fatalf("BSN found across scopes: %+v", hits)
	}
	if hits, _ := m.Search("jansen", 10); len(hits) != 0 {
		t.Fatalf("name found across scopes: %+v", hits)
	}
	if hits, _ := m.Search("vries", 10); len(hits) != 1 || hits[0].Name.Surname != "Vries" {
		t.Fatalf("own department's name not found: %+v", hits)
	}
	// A manager cannot create departments (only admins hold the vault key that binds new ones).
	if _, err := m.CreateDepartment(f.employer.ID, vault.ID{}, "Zwolle", ""); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("got %v", err)
	}
	// Nor update an employee of another department, add one there, or end their employment.
	var fe validate.FieldErrors
	if _, err := m.UpdateEmployee(other.ID, otherIn); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("update in another department: %v", err)
	}
	elsewhere := person("77", "Amersfoort", "Bos")
	if _, err := m.CreateEmployee(f.employer.ID, elsewhere); !errors.As(err, &fe) || fe[FieldDepartment] != validate.NotYourDepartment {
		t.Fatalf("add in another department: %v", err)
	}
	if err := m.EndEmployment(other.ID, "2026-12-31"); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("end employment in another department: %v", err)
	}
	// A persnr taken in another department is refused without saying where.
	if _, err := m.CreateEmployee(f.employer.ID, person("2", "Utrecht", "Bos")); !errors.As(err, &fe) || fe[FieldPersnr] != validate.Duplicate {
		t.Fatalf("a persnr of another department was accepted: %v", err)
	}
	if _, err := m.CreateEmployee(f.employer.ID, person("78", "Utrecht", "Bos")); err != nil {
		t.Fatalf("add in their own department: %v", err)
	}
}

func TestSearchByEachKeyKind(t *testing.T) {
	f := newFixture(t)
	a := person("00042", "Utrecht", "Vries")
	a.FirstName, a.BSN = "Anneke", "111222333"
	b := person("00043", "Amersfoort", "Müller")
	b.Prefix, b.FirstName, b.BSN, b.BirthDate, b.Postcode = "", "Zoë", "123456782", "01-02-1970", "3811 AA"
	b.PartnerSurname, b.NameUsage = "Brouwer", "partner-own"
	va, err := f.d.CreateEmployee(f.employer.ID, a)
	ok(t, err)
	vb, err := f.d.CreateEmployee(f.employer.ID, b)
	ok(t, err)
	cases := []struct {
		name, q string
		want    vault.ID
		kind    MatchKind
	}{
		{"persnr exact", "00042", va.ID, MatchPersnr},
		{"bsn", "123456782", vb.ID, MatchBSN},
		{"bsn typed with dots", "1234.56.782", vb.ID, MatchBSN},
		{"birth date and postcode", "01-02-1970 3811aa", vb.ID, MatchBirthPostcode},
		{"birth date iso and postcode", "1970-02-01 3811 AA", vb.ID, MatchBirthPostcode},
		{"surname part, no diacritics", "mulle", vb.ID, MatchName},
		{"surname with diacritics", "MÜLLER", vb.ID, MatchName},
		{"prefix and surname", "de vries", va.ID, MatchName},
		{"first name", "zoe", vb.ID, MatchName},
		{"partner surname", "brouw", vb.ID, MatchName},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hits, err := f.d.Search(c.q, 10)
			ok(t, err)
			if len(hits) != 1 || hits[0].Employee != c.want || hits[0].MatchedBy != c.kind || !hits[0].IdentityRead || hits[0].Name == nil {
				t.Fatalf("Search(%q) = %+v", c.q, hits)
			}
		})
	}
	for _, q := range []string{"0042", "123456789", "01-02-1970 3811 AB", "x", "nobody"} {
		if hits, err := f.d.Search(q, 10); err != nil || len(hits) != 0 {
			t.Errorf("Search(%q) = %+v, %v", q, hits, err)
		}
	}
	if hits, _ := f.d.Search("e", 10); len(hits) != 0 {
		t.Error("a one-letter name query should not scan")
	}
	if hits, _ := f.d.Search("er", 1); len(hits) != 1 {
		t.Errorf("limit not applied: %d hits", len(hits))
	}
}

func TestRule_NameIndexIsWipedAtLock(t *testing.T) {
	f := newFixture(t)
	_, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht", "Vries"))
	ok(t, err)
	if hits, _ := f.d.Search("vries", 5); len(hits) != 1 || f.d.NameIndexSize() != 1 {
		t.Fatal("name index not built by the search")
	}
	f.d.Wipe()
	f.s.Lock()
	if f.d.NameIndexSize() != 0 || f.d.names.hay != nil || f.d.emps != nil {
		t.Fatal("name index or skeleton cache survived Wipe")
	}
	if _, err := f.d.Search("vries", 5); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("search on a locked session: %v", err)
	}
}

func TestRule_MoveReSealsIdentityUnderTheNewDepartmentsScope(t *testing.T) {
	f := newFixture(t)
	v, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht", "Vries"))
	ok(t, err)
	from, err := f.d.Department(v.Department)
	ok(t, err)
	to, err := f.d.CreateDepartment(f.employer.ID, vault.ID{}, "Amersfoort", "")
	ok(t, err)
	ok(t, f.d.MoveEmployee(v.ID, to.ID))
	// Format 3 (ADR 014): no BSN entry under either scope; the search finds it in memory.
	ok(t, f.s.View(func(tx *vault.Tx) error {
		for _, dep := range []vault.ID{from.ID, to.ID} {
			ids, err := tx.Lookup(scopeOf(t, f.s, dep), IndexBSN, []byte("111222333"))
			if err != nil || len(ids) != 0 {
				t.Errorf("a BSN index entry under the scope of %s: %d (%v)", dep, len(ids), err)
			}
		}
		return nil
	}))
	if hits, _ := f.d.Search("111222333", 5); len(hits) != 1 || hits[0].Department != to.ID {
		t.Fatalf("BSN search after move: %+v", hits)
	}
	// A manager holding only the old department's key can no longer see the employee at all.
	m := f.asManager(t, from.ID)
	if got, err := m.Employee(v.ID); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("the old scope still opens the moved employee: %+v %v", got, err)
	}
}

func TestRule_DirectoryNeedsAnUnlockedSession(t *testing.T) {
	_, s, _ := vaulttest.New(t)
	s.Lock()
	if _, err := NewDirectory(s, clock).Employers(); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("got %v", err)
	}
}

func TestRule_OnlyAnAdminAddsAnEmployer(t *testing.T) {
	f := newFixture(t)
	m := f.asManager(t)
	if _, err := m.AddEmployer("Ander BV", "87654321"); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a manager added an employer: %v", err)
	}
}
