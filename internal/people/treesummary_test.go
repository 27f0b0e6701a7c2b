package people

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"kluis/internal/vault"
)

// summaryOrg has two employers, nested departments, shared and anonymised employees, employments
// that ended, end later or start later, and an archived department that still holds an ended
// employee; its pages and summaries are saved.
func summaryOrg(t *testing.T) (*fixture, Employer) {
	t.Helper()
	f := newFixture(t)
	second, err := f.d.AddEmployer("Aannemer Bouwvast BV", "87654321")
	ok(t, err)
	add := func(employer vault.ID, persnr, dept, start, end string, shared bool) EmployeeView {
		in := person(persnr, dept, "Achternaam"+persnr)
		in.BSN, in.Start, in.End = "", start, end
		v, err := f.d.CreateEmployee(employer, in)
		ok(t, err)
		if shared {
			ok(t, f.d.SetShared(v.ID, true, nil))
		}
		return v
	}
	add(f.employer.ID, "1", "Utrecht/Bakkerij", "01-05-2020", "", true)
	add(f.employer.ID, "2", "Utrecht/Bakkerij", "01-05-2020", "31-12-2024", false) // ended
	add(f.employer.ID, "3", "Utrecht/Bakkerij", "01-05-2020", "23-11-2026", false) // ends today: still active
	add(f.employer.ID, "4", "Utrecht/Winkel", "01-01-2027", "", false)             // starts later: expected
	add(f.employer.ID, "5", "Utrecht", "01-05-2020", "30-06-2027", true)
	add(f.employer.ID, "6", "Amersfoort", "01-05-2020", "22-11-2026", true) // ended yesterday
	gone := add(f.employer.ID, "7", "Zeist", "01-05-2010", "01-01-2015", false)
	ok(t, f.d.ArchiveDepartment(gone.Department))
	add(second.ID, "1", "Bouw/Ploeg A", "01-05-2020", "", false)
	add(second.ID, "2", "Bouw/Ploeg B", "01-05-2020", "", true)
	add(second.ID, "3", "Kantoor", "01-05-2020", "01-02-2026", false)
	add(second.ID, "4", "Kantoor", "01-05-2012", "01-01-2020", true) // past the retention period
	ok(t, f.d.SavePages())
	return f, second
}

// everyQuery is every filter and sort, with nothing and with the employers expanded.
func everyQuery(employers ...vault.ID) []RowQuery {
	var qs []RowQuery
	for _, exp := range [][]vault.ID{nil, employers} {
		for _, st := range []string{StatusAll, StatusActive, StatusEnded} {
			for _, sh := range []string{ShareAll, ShareShared, ShareNot} {
				for _, so := range []string{SortPersnr, SortName} {
					qs = append(qs, RowQuery{Expanded: exp, Status: st, Share: sh, Sort: so})
				}
			}
		}
	}
	return qs
}

func isLoaded(d *Directory) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.loaded
}

// sameTreeBeforeTheLoad checks every query's pages from a fresh Directory of sess (answered
// before the load) against those of a Directory that has loaded the skeletons.
func sameTreeBeforeTheLoad(t *testing.T, sess *vault.Session, qs []RowQuery) {
	t.Helper()
	loaded := NewDirectory(sess, clock)
	ok(t, loaded.Warm())
	quick := NewDirectory(sess, clock)
	wantEmployers, err := loaded.Employers()
	ok(t, err)
	gotEmployers, err := quick.Employers()
	ok(t, err)
	if !reflect.DeepEqual(gotEmployers, wantEmployers) {
		t.Fatalf("employers before the load %+v, want %+v", gotEmployers, wantEmployers)
	}
	for _, q := range qs {
		got := allRows(t, quick, q, 3) // pages of three: offsets inside the groups too
		want := allRows(t, loaded, q, 3)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v before the load:\n got %q %+v\nwant %q %+v", q, labels(got), got, labels(want), want)
		}
	}
	if isLoaded(quick) {
		t.Fatal("the pages that open no department loaded every skeleton; want them from the summaries")
	}
}

func TestRule_TheTreeBeforeTheLoadShowsWhatTheLoadedSkeletonsShow(t *testing.T) {
	f, second := summaryOrg(t)
	sameTreeBeforeTheLoad(t, f.s, everyQuery(f.employer.ID, second.ID))
}

func TestRule_AManagersTreeBeforeTheLoadShowsOnlyTheirDepartmentsCounts(t *testing.T) {
	f, second := summaryOrg(t)
	utrecht, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht/Bakkerij", false)
	ok(t, err)
	m := f.asManager(t, utrecht.ID)
	sameTreeBeforeTheLoad(t, m.sess, everyQuery(f.employer.ID, second.ID))
	rows, err := NewDirectory(m.sess, clock).Rows(RowQuery{Expanded: []vault.ID{f.employer.ID}, Limit: 50})
	ok(t, err)
	want := []string{"0 Aannemer Bouwvast BV (0)", "0 Bakkerij De Korenaar BV (3)", "1 Utrecht (3)"}
	if got := labels(rows.Rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("manager's first page %q, want %q", got, want)
	}
}

func TestRule_OpeningADepartmentBeforeTheLoadShowsItsEmployeesFromTheSkeletons(t *testing.T) {
	f, _ := summaryOrg(t)
	utrecht, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht", false)
	ok(t, err)
	next := NewDirectory(f.s, clock)
	q := RowQuery{Expanded: []vault.ID{f.employer.ID, utrecht.ID}}
	got := allRows(t, next, q, 50)
	if !isLoaded(next) {
		t.Fatal("a page with a department open was answered without the skeletons")
	}
	if want := allRows(t, f.d, q, 50); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", labels(got), labels(want))
	}
}

func TestRule_ASummaryMadeBeforeAWriteIsNotShown(t *testing.T) {
	f, second := summaryOrg(t)
	// Another Directory of the vault writes without saving pages (a crash, or an older Kluis).
	other := NewDirectory(f.s, clock)
	in := person("9", "Utrecht/Bakkerij", "Nieuw")
	in.BSN = ""
	_, err := other.CreateEmployee(f.employer.ID, in)
	ok(t, err)
	next := NewDirectory(f.s, clock)
	q := RowQuery{Expanded: []vault.ID{f.employer.ID, second.ID}, Limit: 50}
	got, err := next.Rows(q)
	ok(t, err)
	if !isLoaded(next) {
		t.Fatal("a stale summary answered the first page")
	}
	want, err := other.Rows(q)
	ok(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", labels(got.Rows), labels(want.Rows))
	}
	// Saved at the lock, the summaries answer again.
	ok(t, next.SavePages())
	sameTreeBeforeTheLoad(t, f.s, everyQuery(f.employer.ID, second.ID))
}

func TestRule_AVaultWithoutTreeSummariesGetsThemAtTheNextLock(t *testing.T) {
	f, second := summaryOrg(t)
	// What an older Kluis left, or a summary of a form this one does not read: a page that does
	// not decode, written for the current stamp.
	scopes, err := f.d.pageScopes()
	ok(t, err)
	for _, sc := range scopes {
		var st uint64
		ok(t, f.s.View(func(tx *vault.Tx) (err error) { st, err = tx.Stamp(sc, KindEmployee); return err }))
		ok(t, f.s.WritePage(sc, pageSummary, st, [][]byte{{9, 9}}))
	}
	next := NewDirectory(f.s, clock)
	q := RowQuery{Expanded: []vault.ID{f.employer.ID}, Limit: 50}
	_, err = next.Rows(q)
	ok(t, err)
	if !isLoaded(next) {
		t.Fatal("summaries that do not decode answered the first page")
	}
	ok(t, next.SavePages())
	sameTreeBeforeTheLoad(t, f.s, everyQuery(f.employer.ID, second.ID))
}

func TestRule_TheTreeAnswersWhileTheSkeletonsLoadAndAfter(t *testing.T) {
	f, second := summaryOrg(t)
	q := RowQuery{Expanded: []vault.ID{f.employer.ID, second.ID}, Limit: 50}
	want, err := f.d.Rows(q)
	ok(t, err)
	next := NewDirectory(f.s, clock)
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	wg.Go(func() {
		if err := next.Warm(); err != nil {
			errs <- err
		}
	})
	for range 50 {
		got, err := next.Rows(q)
		ok(t, err)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("during the load got %q, want %q", labels(got.Rows), labels(want.Rows))
		}
	}
	wg.Wait()
	close(errs)
	ok(t, <-errs)
	if !isLoaded(next) {
		t.Fatal("Warm did not load the skeletons")
	}
	// Loaded while pages were answered: a write and the pages after it go on as before.
	in := person("8", "Amersfoort", "Later")
	in.BSN = ""
	_, err = next.CreateEmployee(f.employer.ID, in)
	ok(t, err)
	got, err := next.Rows(q)
	ok(t, err)
	after, err := NewDirectory(f.s, clock).Rows(q)
	ok(t, err)
	if !reflect.DeepEqual(got, after) || reflect.DeepEqual(got, want) {
		t.Fatalf("after a write to Amersfoort got %q, want %q (before it: %q)", labels(got.Rows), labels(after.Rows), labels(want.Rows))
	}
}

func TestRule_ASummaryCountsAsTheTreesFiltersDo(t *testing.T) {
	const today = "2026-11-23"
	job := func(end string) []Employment { return []Employment{{Start: "2020-01-01", End: end}} }
	emps := []*Employee{
		{Shared: true, Employments: job("")},
		{Employments: job("2026-11-22")},
		{Employments: job("2026-11-23")},
		{Shared: true, Employments: job("2027-01-01")},
		{},             // no employment: never active
		{Shared: true}, // idem, shared
		{Employments: append(job("2019-01-01"), Employment{Start: "2021-01-01"})}, // the last one counts
	}
	sum := summarize(emps)[vault.ID{}]
	back := map[vault.ID]deptSummary{}
	ok(t, decodeSummary(encodeSummary(map[vault.ID]deptSummary{{}: sum}), back))
	for _, st := range []string{StatusAll, StatusActive, StatusEnded} {
		for _, sh := range []string{ShareAll, ShareShared, ShareNot} {
			v := &treeView{status: st, share: sh, today: today}
			n, active := 0, 0
			for _, e := range emps {
				if te, in := v.entry(&Directory{}, e); in {
					n++
					if te.active {
						active++
					}
				}
			}
			for name, s := range map[string]deptSummary{"summary": sum, "decoded summary": back[vault.ID{}]} {
				if gn, ga := s.counts(st, sh, today); gn != n || ga != active {
					t.Errorf("%s %s/%s: %d (%d active), the skeletons give %d (%d active)", name, st, sh, gn, ga, n, active)
				}
			}
		}
	}
}

func TestRule_ASummaryThatIsCutShortDoesNotDecode(t *testing.T) {
	chunk := encodeSummary(map[vault.ID]deptSummary{vault.NewID(): {{end: "2026-01-01"}: 3, {shared: true}: 1}})[0]
	for n := range len(chunk) {
		if err := decodeSummary([][]byte{chunk[:n]}, map[vault.ID]deptSummary{}); err == nil {
			t.Fatalf("a summary cut to %d of %d bytes decoded", n, len(chunk))
		}
	}
}

func TestRule_ActueelsReadsBeforeTheLoadGiveWhatTheLoadedSkeletonsGive(t *testing.T) {
	f, _ := summaryOrg(t)
	loaded := NewDirectory(f.s, clock)
	ok(t, loaded.Warm())
	var ids []vault.ID
	for id := range skeletons(loaded) {
		ids = append(ids, id)
	}
	if len(ids) != 11 {
		t.Fatalf("the fixture has %d employees, want 11", len(ids))
	}
	due, err := loaded.PastRetention()
	ok(t, err)
	if len(due) != 2 {
		t.Fatalf("%d employees past retention in the fixture, want 2", len(due))
	}

	quick := NewDirectory(f.s, clock)
	for _, id := range ids {
		sameAsLoaded(t, "employee", func() (EmployeeView, error) { return quick.Employee(id) }, func() (EmployeeView, error) { return loaded.Employee(id) })
	}
	if _, err := quick.Employee(vault.NewID()); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("an unknown employee before the load: %v, want ErrEmployeeNotFound", err)
	}
	n, err := quick.RetentionDue()
	ok(t, err)
	if n != len(due) {
		t.Fatalf("before the load %d employees are past retention, the skeletons say %d", n, len(due))
	}
	if isLoaded(quick) {
		t.Fatal("Actueel's reads loaded every skeleton")
	}
	if n, err := loaded.RetentionDue(); err != nil || n != len(due) {
		t.Fatalf("after the load RetentionDue says %d (%v), want %d", n, err, len(due))
	}
}

func TestRule_AManagerBeforeTheLoadReadsNoEmployeeOutsideTheirDepartments(t *testing.T) {
	f, _ := summaryOrg(t)
	outside, err := f.d.EmployeeByPersnr(f.employer.ID, "6") // Amersfoort
	ok(t, err)
	inside, err := f.d.EmployeeByPersnr(f.employer.ID, "1") // Utrecht/Bakkerij
	ok(t, err)
	bakkerij, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht/Bakkerij", false)
	ok(t, err)
	m := f.asManager(t, bakkerij.ID)
	quick := NewDirectory(m.sess, clock)
	if _, err := quick.Employee(outside.ID); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("a manager read an employee of another department before the load: %v", err)
	}
	got, err := quick.Employee(inside.ID)
	ok(t, err)
	if isLoaded(quick) {
		t.Fatal("the reads loaded every skeleton")
	}
	want, err := NewDirectory(m.sess, clock).Employee(inside.ID)
	ok(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if _, err := m.Employee(outside.ID); !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("after the load: %v", err)
	}
}

func TestRule_AWipeDuringTheLoadLeavesNothingOfTheOldLoadBehind(t *testing.T) {
	f, second := summaryOrg(t)
	q := RowQuery{Expanded: []vault.ID{f.employer.ID, second.ID}, Limit: 50}
	want, err := f.d.Rows(q)
	ok(t, err)
	next := NewDirectory(f.s, clock)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := next.Warm(); err != nil {
				t.Error(err)
			}
		})
		wg.Go(next.Wipe)
	}
	wg.Wait()
	// Whatever the order, the Directory is either wiped or holds one whole load; the next
	// calls load again if need be and show the vault as it is.
	got, err := next.Rows(q)
	ok(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after loads and wipes at once got %q, want %q", labels(got.Rows), labels(want.Rows))
	}
	_, err = next.Employee(vault.NewID())
	if !errors.Is(err, ErrEmployeeNotFound) {
		t.Fatalf("an unknown employee: %v", err)
	}
	f.s.Lock()
	next.Wipe()
	if _, err := next.Rows(q); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("rows of a locked session: %v, want vault.ErrLocked", err)
	}
}

func TestRule_TheDepartmentListBeforeTheLoadShowsWhatTheLoadedSkeletonsShow(t *testing.T) {
	f, second := summaryOrg(t)
	check := func(sess *vault.Session) {
		t.Helper()
		loaded := NewDirectory(sess, clock)
		ok(t, loaded.Warm())
		quick := NewDirectory(sess, clock)
		for _, employer := range []vault.ID{f.employer.ID, second.ID} {
			sameAsLoaded(t, "departments", func() ([]TreeNode, error) { return quick.Tree(employer) }, func() ([]TreeNode, error) { return loaded.Tree(employer) })
		}
		if _, err := quick.Tree(vault.NewID()); !errors.Is(err, ErrEmployerNotFound) {
			t.Fatalf("an unknown employer before the load: %v", err)
		}
		if isLoaded(quick) {
			t.Fatal("the department list loaded every skeleton")
		}
	}
	check(f.s)
	nodes, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	if len(nodes) != 4 || nodes[0].Path != "Amersfoort" || nodes[0].Own != (Counts{Ended: 1, Shared: 1}) {
		t.Fatalf("the fixture's departments: %+v", nodes)
	}
	bakkerij, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht/Bakkerij", false)
	ok(t, err)
	check(f.asManager(t, bakkerij.ID).sess)
}

func TestRule_TheRecentListBeforeTheLoadShowsWhatTheLoadedSkeletonsShow(t *testing.T) {
	f, second := summaryOrg(t)
	var ids []vault.ID
	for _, p := range []struct {
		employer vault.ID
		persnr   string
	}{{f.employer.ID, "1"}, {f.employer.ID, "2"}, {f.employer.ID, "6"}, {second.ID, "2"}, {f.employer.ID, "7"}} {
		v, err := f.d.EmployeeByPersnr(p.employer, p.persnr)
		ok(t, err)
		ids = append(ids, v.ID)
	}
	ids = append(ids, vault.NewID()) // never existed: left out
	check := func(sess *vault.Session, want int) {
		t.Helper()
		loaded := NewDirectory(sess, clock)
		ok(t, loaded.Warm())
		quick := NewDirectory(sess, clock)
		got := sameAsLoaded(t, "recent", func() ([]RecentRow, error) { return quick.Recent(ids) }, func() ([]RecentRow, error) { return loaded.Recent(ids) })
		if len(got) != want {
			t.Fatalf("recent before the load has %d rows, want %d: %+v", len(got), want, got)
		}
		if got[0].Label == "" || got[1].Label != "" { // persnr 1 is shared, 2 is not
			t.Fatalf("labels before the load: %q and %q", got[0].Label, got[1].Label)
		}
		if isLoaded(quick) {
			t.Fatal("the recent list loaded every skeleton")
		}
	}
	check(f.s, 5)
	bakkerij, err := f.d.DepartmentByPath(f.employer.ID, "Utrecht/Bakkerij", false)
	ok(t, err)
	check(f.asManager(t, bakkerij.ID).sess, 2) // persnrs 1 and 2 of Bakkerij only
}

// sameAsLoaded fails when what a Directory answers before its load (before) differs from what a
// loaded one answers (after), and returns the answer.
func sameAsLoaded[T any](t *testing.T, what string, before, after func() (T, error)) T {
	t.Helper()
	got, err := before()
	ok(t, err)
	want, err := after()
	ok(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s before the load:\n got %+v\nwant %+v", what, got, want)
	}
	return got
}
