package people

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"kluis/internal/vault"
)

// leaver stores an employee whose employment ended on end (jjjj-mm-dd).
func (f *fixture) leaver(t *testing.T, persnr, dept, surname, end string) EmployeeView {
	t.Helper()
	v, err := f.d.CreateEmployee(f.employer.ID, person(persnr, dept, surname))
	ok(t, err)
	ok(t, f.d.EndEmployment(v.ID, end))
	return v
}

func TestRule_ErasureRemovesIdentitySkeletonAndIndexesAndKeepsPseudonymousFacts(t *testing.T) {
	f := newFixture(t)
	gone := f.leaver(t, "1", "Utrecht", "Canarie-Erasure", "2023-06-30") // > 2 years before 2026-11-23
	stays := f.leaver(t, "2", "Utrecht", "Blijft", "2023-06-30")
	ok(t, f.d.BuildNameIndex())

	erased, err := f.d.EraseEmployees(context.Background(), []vault.ID{gone.ID}, EraseOptions{})
	ok(t, err)
	if len(erased) != 1 || erased[0].Employee != gone.ID || erased[0].Fact == gone.ID {
		t.Fatalf("erased %+v", erased)
	}
	if _, err := f.d.Employee(gone.ID); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("the erased employee is still readable: %v", err)
	}
	for _, q := range []string{"111222333", "canarie", "1", "1985-03-12 1234 AB"} {
		hits, err := f.d.Search(q, 10)
		ok(t, err)
		for _, h := range hits {
			if h.Employee == gone.ID {
				t.Errorf("search %q still finds the erased employee", q)
			}
		}
	}
	// A fresh directory (what the next unlock reads) does not see them either.
	fresh := NewDirectory(f.s, clock)
	if _, err := fresh.Employee(gone.ID); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("after reload: %v", err)
	}
	if due, err := fresh.PastRetention(); err != nil || len(due) != 1 || due[0].Employee != stays.ID {
		t.Fatalf("retention list after erasure: %+v %v", due, err)
	}
	// The persnr is free again: the persnr index entry went with the skeleton.
	if taken, err := fresh.persnrTaken(f.employer.ID, "1", vault.ID{}); err != nil || taken {
		t.Fatalf("persnr still taken: %v %v", taken, err)
	}
	// The blind indexes hold nothing for the erased identity.
	err = f.s.View(func(tx *vault.Tx) error {
		ids, err := tx.Lookup(scopeOf(t, f.s, gone.Department), IndexBSN, []byte("111222333"))
		if len(ids) != 0 {
			t.Errorf("BSN index still points at %v", ids)
		}
		return err
	})
	ok(t, err)

	// The facts remain for statistics: both people, the erased one without persnr or identity.
	facts, err := fresh.EmploymentFacts(f.employer.ID)
	ok(t, err)
	if len(facts) != 2 {
		t.Fatalf("%d facts, want 2", len(facts))
	}
	var kept *Facts
	for i := range facts {
		if facts[i].Erased {
			kept = &facts[i]
		}
	}
	if kept == nil || kept.Person != erased[0].Fact || kept.Department != gone.Department ||
		len(kept.Employments) != 1 || kept.Employments[0].Start != "2020-05-01" || kept.Employments[0].End != "2023-06-30" ||
		kept.Employments[0].Hours != "32.5" {
		t.Fatalf("facts of the erased employee: %+v", kept)
	}
	raw, _ := json.Marshal(facts)
	for _, v := range []string{"Canarie", "111222333", "Bakker", `"1"`, "Dorpsstraat"} {
		if strings.Contains(string(raw), v) {
			t.Errorf("facts hold %q", v)
		}
	}
	if n, err := fresh.ErasedCount(); err != nil || n != 1 {
		t.Fatalf("erased count %d %v", n, err)
	}
}

func TestRule_OnlyEmployeesPastTheRetentionPeriodAreErasedAndARefusalErasesNobody(t *testing.T) {
	f := newFixture(t)
	old := f.leaver(t, "1", "Utrecht", "Oud", "2023-06-30")
	recent := f.leaver(t, "2", "Utrecht", "Recent", "2025-01-31") // less than two years ago
	active, err := f.d.CreateEmployee(f.employer.ID, person("3", "Utrecht", "Actief"))
	ok(t, err)
	_, err = f.d.EraseEmployees(context.Background(), []vault.ID{old.ID, recent.ID, active.ID, vault.NewID()}, EraseOptions{})
	var ne *NotErasableError
	if !errors.As(err, &ne) || !errors.Is(err, ErrNotErasable) || len(ne.Refused) != 3 {
		t.Fatalf("got %v", err)
	}
	want := map[vault.ID]string{recent.ID: RefusedRetention, active.ID: RefusedRetention}
	for _, r := range ne.Refused {
		if w, ok := want[r.Employee]; ok && r.Reason != w || !ok && r.Reason != RefusedNotFound {
			t.Errorf("refusal %+v", r)
		}
	}
	if _, err := f.d.Employee(old.ID); err != nil {
		t.Fatalf("a refused request erased someone: %v", err)
	}
	// A rule of another package refuses too (the sharing dossier's).
	_, err = f.d.EraseEmployees(context.Background(), []vault.ID{old.ID}, EraseOptions{
		Check: func(*vault.Tx, vault.ID) (string, error) { return RefusedShared, nil }})
	if !errors.As(err, &ne) || ne.Refused[0].Reason != RefusedShared || ne.Refused[0].Persnr != "1" {
		t.Fatalf("got %v", err)
	}
	if _, err := f.d.Employee(old.ID); err != nil {
		t.Fatalf("a refused request erased someone: %v", err)
	}
}

func TestRule_AManagerCannotErase(t *testing.T) {
	f := newFixture(t)
	old := f.leaver(t, "1", "Utrecht", "Oud", "2023-06-30")
	m := f.asManager(t, old.Department)
	if _, err := m.EraseEmployees(context.Background(), []vault.ID{old.ID}, EraseOptions{}); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("got %v", err)
	}
	if _, err := m.Employee(old.ID); err != nil {
		t.Fatalf("the manager's attempt erased: %v", err)
	}
}

// Erasure is all or nothing per chunk of EraseChunk employees: a failure (or a crash) inside a
// chunk's transaction leaves that chunk untouched, the chunks before it erased, and running
// the erasure again with what is left finishes it.
func TestRule_AnInterruptedErasureLeavesWholeChunksAndResumes(t *testing.T) {
	f := newFixture(t)
	n := EraseChunk + 20
	rows := importRows(n)
	for i := range rows {
		rows[i].Department = "Utrecht"
		rows[i].End = "30-06-2023"
	}
	_, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	due, err := f.d.PastRetention()
	ok(t, err)
	if len(due) != n {
		t.Fatalf("%d past retention, want %d", len(due), n)
	}
	ids := make([]vault.ID, len(due))
	for i, r := range due {
		ids[i] = r.Employee
	}
	chunks, before := 0, 0
	boom := errors.New("power cut")
	done, err := f.d.EraseEmployees(context.Background(), ids, EraseOptions{
		Before: func([]Erased) error { before++; return nil },
		With: func(tx *vault.Tx, chunk []Erased) error {
			if chunks++; chunks == 2 {
				return boom
			}
			return nil
		}})
	if !errors.Is(err, boom) || len(done) != EraseChunk || before != 2 {
		t.Fatalf("done %d, before %d, err %v", len(done), before, err)
	}
	fresh := NewDirectory(f.s, clock)
	left, err := fresh.PastRetention()
	ok(t, err)
	if len(left) != 20 {
		t.Fatalf("%d left after the failed chunk, want 20 (the whole chunk kept)", len(left))
	}
	facts, err := fresh.EmploymentFacts(f.employer.ID)
	ok(t, err)
	if len(facts) != n {
		t.Fatalf("%d facts, want %d (no person lost or counted twice)", len(facts), n)
	}
	// Resume: erase what is left.
	rest := make([]vault.ID, len(left))
	for i, r := range left {
		rest[i] = r.Employee
	}
	done, err = fresh.EraseEmployees(context.Background(), rest, EraseOptions{})
	ok(t, err)
	if len(done) != 20 {
		t.Fatalf("resumed %d", len(done))
	}
	facts, err = fresh.EmploymentFacts(f.employer.ID)
	ok(t, err)
	if len(facts) != n {
		t.Fatalf("%d facts after resuming, want %d", len(facts), n)
	}
	for _, x := range facts {
		if !x.Erased {
			t.Fatal("an employee was not erased")
		}
	}
}
