package people

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// importRows makes n valid rows over a few departments, each with its own valid BSN.
func importRows(n int) []EmployeeInput {
	depts := []string{"Utrecht/Magazijn", "Utrecht/Kantoor", "Amersfoort", "Zwolle/Bakkerij/Oven"}
	rows := make([]EmployeeInput, n)
	for i := range rows {
		r := person(fmt.Sprintf("%06d", i+1), depts[i%len(depts)], fmt.Sprintf("Achternaam%06d", i))
		r.BSN = testBSN(i)
		r.FirstName = []string{"Anna", "Bram", "Chloë", "Daan"}[i%4]
		r.BirthDate = fmt.Sprintf("%02d-%02d-%d", 1+i%28, 1+i%12, 1960+i%40)
		r.Postcode = fmt.Sprintf("%04dAB", 1000+i%9000)
		rows[i] = r
	}
	return rows
}

// testBSN makes a distinct valid BSN from i: eight digits from i, the ninth fixed by the elfproef
// (skipping prefixes whose check digit would be 10).
func testBSN(i int) string {
	for n := 10000000 + i*7; ; n++ {
		s := fmt.Sprintf("%08d", n%100000000)
		sum := 0
		for k := 0; k < 8; k++ {
			sum += (9 - k) * int(s[k]-'0')
		}
		if d := sum % 11; d < 10 {
			return s + fmt.Sprint(d)
		}
	}
}

func TestRule_ApplyImportIsIdempotent(t *testing.T) {
	f := newFixture(t)
	rows := importRows(200)
	var calls int
	res, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, func(done, total int) { calls++ })
	ok(t, err)
	if res.New != 200 || res.Changed+res.Unchanged+res.Ended != 0 || res.DepartmentsCreated != 7 || calls == 0 {
		t.Fatalf("first run %s (progress calls %d)", counts(res), calls)
	}
	res, err = f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	if res.New != 0 || res.Changed != 0 || res.Ended != 0 || res.Unchanged != 200 {
		t.Fatalf("second run %s", counts(res))
	}
	// A fresh Directory (as after a restart) sees the same: nothing new, nothing changed.
	d2 := NewDirectory(f.s, clock)
	res, err = d2.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	if res.New != 0 || res.Changed != 0 || res.Unchanged != 200 {
		t.Fatalf("run after reload %s", counts(res))
	}
	hits, err := d2.Search(rows[17].BSN, 5)
	ok(t, err)
	if len(hits) != 1 || hits[0].Persnr != rows[17].Persnr {
		t.Fatalf("imported BSN not found: %+v", hits)
	}
}

func TestRule_ApplyImportReportsChangedEndedAndReHired(t *testing.T) {
	f := newFixture(t)
	rows := importRows(4)
	_, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	rows[0].City = "Nieuwegein"       // changed
	rows[1].End = "31-12-2025"        // ended
	rows[2].Department = "Amersfoort" // unchanged (already there)
	rows[3].Department = "Zwolle/Winkel"
	res, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	if res.Changed != 2 || res.Ended != 1 || res.Unchanged != 1 || res.DepartmentsCreated != 1 {
		t.Fatalf("%s", counts(res))
	}
	// Re-hire: a start after the end adds an employment.
	rows[1].Start, rows[1].End = "01-03-2026", ""
	res, err = f.d.ApplyImport(context.Background(), f.employer.ID, rows[1:2], nil)
	ok(t, err)
	v, err := f.d.EmployeeByPersnr(f.employer.ID, rows[1].Persnr)
	ok(t, err)
	if res.Changed != 1 || len(v.Employments) != 2 || !v.Active || v.Employments[0].End != "2025-12-31" {
		t.Fatalf("re-hire %+v %+v", res, v.Employments)
	}
	// The moved employee's identity is now under the new department's scope.
	w, err := f.d.EmployeeByPersnr(f.employer.ID, rows[3].Persnr)
	ok(t, err)
	if w.DepartmentPath != "Zwolle/Winkel" || !w.IdentityRead {
		t.Fatalf("%+v", w)
	}
	hits, err := f.d.Search(rows[3].BSN, 5)
	ok(t, err)
	if len(hits) != 1 || hits[0].DepartmentPath != "Zwolle/Winkel" {
		t.Fatalf("%+v", hits)
	}
}

func TestRule_ApplyImportWithOneBadRowWritesNothing(t *testing.T) {
	f := newFixture(t)
	rows := importRows(50)
	rows[31].BSN = "123456789"
	rows[40].Persnr = rows[2].Persnr
	_, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Row != 31 || ie.Rows[0].Fields[FieldBSN] != validate.BSNElfproef ||
		ie.Rows[1].Row != 40 || ie.Rows[1].Fields[FieldPersnr] != validate.Duplicate {
		t.Fatalf("got %v", err)
	}
	assertEmpty(t, f)
}

func TestRule_ApplyImportCancelledDuringValidationWritesNothing(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.d.ApplyImport(ctx, f.employer.ID, importRows(10), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	assertEmpty(t, f)
}

func assertEmpty(t *testing.T, f *fixture) {
	t.Helper()
	n := 0
	ok(t, f.s.View(func(tx *vault.Tx) error {
		for _, k := range []vault.Kind{KindDepartment, KindEmployee, KindIdentity} {
			if err := tx.Iterate(k, func(vault.ID, vault.Sealed) error { n++; return nil }); err != nil {
				return err
			}
		}
		return nil
	}))
	if n != 0 {
		t.Fatalf("%d records written", n)
	}
}

func TestRule_PlanImportIsADryRun(t *testing.T) {
	f := newFixture(t)
	res, err := f.d.PlanImport(context.Background(), f.employer.ID, importRows(5))
	ok(t, err)
	if res.New != 5 || len(res.Rows) != 5 {
		t.Fatalf("%s", counts(res))
	}
	assertEmpty(t, f)
}

func counts(r ImportResult) string {
	return fmt.Sprintf("new %d changed %d ended %d unchanged %d departments %d", r.New, r.Changed, r.Ended, r.Unchanged, r.DepartmentsCreated)
}

// cancelAfter cancels ctx once the write phase reports done >= n rows.
func cancelAfter(n int) (context.Context, func(done, total int)) {
	ctx, cancel := context.WithCancel(context.Background())
	return ctx, func(done, total int) {
		if done >= n {
			cancel()
		}
	}
}

// state reads every employee (skeleton and identity) through a fresh Directory.
func state(t *testing.T, f *fixture) map[string]string {
	t.Helper()
	d := NewDirectory(f.s, clock)
	out := map[string]string{}
	ok(t, f.s.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindEmployee, func(id vault.ID, _ vault.Sealed) error {
			v, err := d.Employee(id)
			if err != nil {
				return err
			}
			out[v.Persnr] = fmt.Sprintf("%s|%+v|%+v", v.DepartmentPath, v.Employments[len(v.Employments)-1].Start, *v.Identity)
			return nil
		})
	}))
	return out
}

func TestRule_CancellingDuringTheWriteUndoesANewImportCompletely(t *testing.T) {
	f := newFixture(t)
	rows := importRows(3000)
	ctx, progress := cancelAfter(1000)
	if _, err := f.d.ApplyImport(ctx, f.employer.ID, rows, progress); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	assertEmpty(t, f)
	d := NewDirectory(f.s, clock)
	if hits, err := d.Search(rows[5].BSN, 5); err != nil || len(hits) != 0 {
		t.Fatalf("a blind-index entry survived the undo: %v %v", hits, err)
	}
	// The same import afterwards runs as if nothing happened.
	res, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	if res.New != 3000 || res.DepartmentsCreated != 7 {
		t.Fatalf("import after the undo: %s", counts(res))
	}
}

// Rule: the persnr entries, which an import writes after its records (in key order), are part of
// the all-or-nothing write: cancelling while they are written undoes the records too, and a
// manager's persnr check afterwards finds none of them.
func TestRule_CancellingWhileThePersnrEntriesAreWrittenUndoesTheImport(t *testing.T) {
	f := newFixture(t)
	rows := importRows(9000) // 9,000 persnr entries: chunks of them report progress
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	last, inTail := -1, false
	_, err := f.d.ApplyImport(ctx, f.employer.ID, rows, func(done, total int) {
		// The records' chunks report growing counts; the entries' chunks report every row.
		if done > 0 && done == last {
			inTail = true
			cancel()
		}
		last = done
	})
	if !inTail || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled while the entries were written: %v, err %v", inTail, err)
	}
	assertEmpty(t, f)
	ok(t, f.s.View(func(tx *vault.Tx) error {
		for _, r := range rows[:50] {
			ids, err := tx.Lookup(f.s.DirectoryScope(), IndexPersnr, persnrIndexValue(f.employer.ID, r.Persnr))
			if err != nil || len(ids) != 0 {
				t.Fatalf("persnr %s: an entry of the undone import is there (%v, %v)", r.Persnr, ids, err)
			}
		}
		return nil
	}))
}

// Rule: an import's progress says "every row" as soon as every row's records are on disk, before
// its last step (the persnr entries, the name index, the views), so a screen can name that step
// instead of standing at 99%; and not before.
func TestRule_AnImportsProgressReachesEveryRowOnceTheyAreAllOnDisk(t *testing.T) {
	f := newFixture(t)
	rows := importRows(9000) // 9,000 persnr entries: more than one chunk of them
	var stored, calls, atEvery int
	last := 0
	_, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, func(done, total int) {
		calls++
		if done < last || total != len(rows) {
			t.Errorf("progress %d of %d after %d", done, total, last)
		}
		last = done
		if done == total && atEvery == 0 {
			atEvery = calls
			ok(t, f.s.View(func(tx *vault.Tx) error {
				return tx.Iterate(KindEmployee, func(vault.ID, vault.Sealed) error { stored++; return nil })
			}))
		}
	})
	ok(t, err)
	if stored != len(rows) {
		t.Fatalf("when the progress first said every row, %d of %d employees were stored", stored, len(rows))
	}
	if atEvery == calls {
		t.Fatalf("the progress said every row only at the end (call %d of %d), not before the last step", atEvery, calls)
	}
}

func TestRule_CancellingDuringTheWriteRestoresChangedEmployeesAsTheyWere(t *testing.T) {
	f := newFixture(t)
	rows := importRows(3000)
	_, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	before := state(t, f)
	changed := importRows(3000)
	for i := range changed {
		changed[i].Surname += "-Nieuw"
		changed[i].BSN = testBSN(i + 50000)
		if i%3 == 0 {
			changed[i].Department = "Deventer/Nieuw"
		}
	}
	ctx, progress := cancelAfter(1) // once the first chunk (about 1,000 rows of two records) is on disk
	if _, err := f.d.ApplyImport(ctx, f.employer.ID, changed, progress); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	after := state(t, f)
	if len(after) != len(before) {
		t.Fatalf("%d employees after the undo, %d before", len(after), len(before))
	}
	for p, s := range before {
		if after[p] != s {
			t.Fatalf("employee %s not restored:\n before %s\n after  %s", p, s, after[p])
		}
	}
	d := NewDirectory(f.s, clock)
	if hits, _ := d.Search(changed[1].BSN, 5); len(hits) != 0 {
		t.Fatal("the new BSN's index entry survived the undo")
	}
	if hits, _ := d.Search(rows[1].BSN, 5); len(hits) != 1 {
		t.Fatal("the old BSN's index entry was not restored")
	}
	if _, err := d.DepartmentByPath(f.employer.ID, "Deventer/Nieuw", false); !errors.Is(err, ErrDepartmentNotFound) {
		t.Fatalf("a department created by the cancelled import stayed: %v", err)
	}
}

// Rule: rows given away to ApplyImportTaking are let go once every row has passed the field
// rules (the caller's slice is nil after the import), and are left with the caller when a row
// breaks one (the caller reports on them); what is written is what ApplyImport writes.
func TestRule_RowsGivenToAnImportAreLetGoOncePlanned(t *testing.T) {
	f := newFixture(t)
	bad := importRows(3)
	bad[1].BSN = "123456789" // fails the elfproef
	_, err := f.d.ApplyImportTaking(context.Background(), f.employer.ID, &bad, nil)
	var ie *ImportError
	if !errors.As(err, &ie) || len(bad) != 3 {
		t.Fatalf("an invalid row: %v, the caller keeps %d rows", err, len(bad))
	}
	rows := importRows(50)
	bsn, persnr := rows[7].BSN, rows[7].Persnr
	res, err := f.d.ApplyImportTaking(context.Background(), f.employer.ID, &rows, nil)
	ok(t, err)
	if rows != nil || res.New != 50 {
		t.Fatalf("after the import the caller still holds %d rows (%s)", len(rows), counts(res))
	}
	hits, err := f.d.Search(bsn, 5)
	ok(t, err)
	if len(hits) != 1 || hits[0].Persnr != persnr {
		t.Fatalf("an imported BSN is not found: %+v", hits)
	}
}
