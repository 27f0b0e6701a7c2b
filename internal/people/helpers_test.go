package people

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"testing"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// fixedToday is the clock of every test.
var fixedToday = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedToday }

type fixture struct {
	v        *vault.Vault
	s        *vault.Session
	d        *Directory
	employer Employer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	v, s, _ := vaulttest.New(t)
	d := NewDirectory(s, clock)
	e, err := d.AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{v: v, s: s, d: d, employer: e}
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// person is a valid input; tests change what they need.
func person(persnr, dept, surname string) EmployeeInput {
	return EmployeeInput{Persnr: persnr, Department: dept, Initials: "J.", FirstName: "Jan", Prefix: "de",
		Surname: surname, Gender: "M", BSN: bsnFor(persnr), BirthDate: "12-03-1985", Street: "Dorpsstraat",
		Number: "1", Postcode: "1234ab", City: "Utrecht", PhoneMobile: "06-12345678",
		EmailWork: "jan@korenaar.example", Start: "01-05-2020", Hours: "32,5", JobTitle: "Bakker"}
}

// bsnFor is a valid BSN per persnr (an employer's employees each have their own): 111222333
// for persnr 1, otherwise nine digits derived from the persnr that pass the elfproef.
func bsnFor(persnr string) string {
	if persnr == "1" {
		return "111222333"
	}
	h := fnv.New32a()
	h.Write([]byte(persnr))
	n := int(h.Sum32() % 100000000)
	for {
		digits := fmt.Sprintf("%08d", n)
		sum := 0
		for i, c := range digits {
			sum += (9 - i) * int(c-'0')
		}
		if check := sum % 11; check < 10 && n != 0 {
			return digits + strconv.Itoa(check)
		}
		n = (n + 1) % 100000000
	}
}

func fieldErrors(t testing.TB, err error) validate.FieldErrors {
	t.Helper()
	var fe validate.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("want FieldErrors, got %v", err)
	}
	return fe
}

// scopeOf is the scope the signed keyring binds to a department.
func scopeOf(t testing.TB, s *vault.Session, dept vault.ID) vault.ScopeID {
	t.Helper()
	sc, err := s.DepartmentScope(dept)
	ok(t, err)
	return sc
}
