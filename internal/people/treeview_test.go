package people

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"kluis/internal/vault"
)

// allRows pages through the whole flattened tree in pages of size n.
func allRows(t *testing.T, d *Directory, q RowQuery, n int) []Row {
	t.Helper()
	var out []Row
	for off := 0; ; off += n {
		q.Offset, q.Limit = off, n
		page, err := d.Rows(q)
		ok(t, err)
		out = append(out, page.Rows...)
		if off+n >= page.Total {
			if len(out) != page.Total {
				t.Fatalf("paged %d rows, total says %d", len(out), page.Total)
			}
			return out
		}
	}
}

func labels(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		switch {
		case r.Kind != RowEmployee:
			out[i] = fmt.Sprintf("%d %s (%d)", r.Depth, r.Label, r.Count)
		case r.Anonymised:
			out[i] = fmt.Sprintf("%d #%s", r.Depth, r.Persnr)
		default:
			out[i] = fmt.Sprintf("%d %s", r.Depth, r.Label)
		}
	}
	return out
}

// smallOrg: Utrecht/Bakkerij with three employees (one shared), Amersfoort with one ended.
func smallOrg(t *testing.T) (*fixture, map[string]EmployeeView) {
	f := newFixture(t)
	emps := map[string]EmployeeView{}
	add := func(persnr, dept, surname, first string, end string) {
		in := person(persnr, dept, surname)
		in.FirstName, in.Prefix, in.End = first, "", end
		in.BSN = ""
		e, err := f.d.CreateEmployee(f.employer.ID, in)
		ok(t, err)
		emps[persnr] = e
	}
	add("100", "Utrecht/Bakkerij", "Zwart", "Anna", "")
	add("99", "Utrecht/Bakkerij", "Aalders", "Bram", "")
	add("7", "Utrecht/Bakkerij", "Molenaar", "Cor", "")
	add("12", "Amersfoort", "Visser", "Dirk", "01-01-2025")
	ok(t, f.d.SetShared(emps["100"].ID, true, nil))
	return f, emps
}

func TestRule_TreeShowsAnonymisedEmployeesUntilShared(t *testing.T) {
	f, emps := smallOrg(t)
	deps, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	expanded := []vault.ID{f.employer.ID}
	for _, n := range deps {
		expanded = append(expanded, n.ID)
	}
	got := labels(allRows(t, f.d, RowQuery{Expanded: expanded}, 2))
	want := []string{
		"0 Bakkerij De Korenaar BV (4)",
		"1 Amersfoort (1)", "2 #12",
		"1 Utrecht (3)", "2 Bakkerij (3)", "3 #7", "3 #99", "3 Anna Zwart",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tree rows\n got %q\nwant %q", got, want)
	}
	// Sharing shows the name at once (the cached view is dropped by the write).
	ok(t, f.d.SetShared(emps["7"].ID, true, nil))
	got = labels(allRows(t, f.d, RowQuery{Expanded: expanded}, 50))
	if got[5] != "3 Cor Molenaar" {
		t.Fatalf("after sharing: %q", got)
	}
}

func TestRule_TreeRowsCarryTheirPositionAmongSiblings(t *testing.T) {
	f, _ := smallOrg(t)
	deps, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	expanded := []vault.ID{f.employer.ID}
	for _, n := range deps {
		expanded = append(expanded, n.ID)
	}
	rows := allRows(t, f.d, RowQuery{Expanded: expanded}, 3)
	type pos struct{ pos, size int }
	var got []pos
	for _, r := range rows {
		got = append(got, pos{r.PosInSet, r.SetSize})
	}
	want := []pos{{1, 1}, {1, 2}, {1, 1}, {2, 2}, {1, 1}, {1, 3}, {2, 3}, {3, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("posinset/setsize %v, want %v", got, want)
	}
	if !rows[0].HasChildren || !rows[0].Expanded || rows[5].HasChildren {
		t.Fatalf("hasChildren/expanded wrong: %+v", rows[:6])
	}
}

func TestRule_CollapsedNodesHideEverythingBelowThem(t *testing.T) {
	f, _ := smallOrg(t)
	page, err := f.d.Rows(RowQuery{Limit: 50})
	ok(t, err)
	if page.Total != 1 || len(page.Rows) != 1 || page.Rows[0].Kind != RowEmployer || page.Rows[0].Expanded {
		t.Fatalf("collapsed tree: %+v", page)
	}
}

func TestRule_TreeFiltersHideDepartmentsWithoutMatchesAndRecount(t *testing.T) {
	f, _ := smallOrg(t)
	deps, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	expanded := []vault.ID{f.employer.ID}
	for _, n := range deps {
		expanded = append(expanded, n.ID)
	}
	got := labels(allRows(t, f.d, RowQuery{Expanded: expanded, Status: StatusEnded}, 50))
	if want := []string{"0 Bakkerij De Korenaar BV (1)", "1 Amersfoort (1)", "2 #12"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ended only: %q", got)
	}
	got = labels(allRows(t, f.d, RowQuery{Expanded: expanded, Share: ShareShared}, 50))
	if want := []string{"0 Bakkerij De Korenaar BV (1)", "1 Utrecht (1)", "2 Bakkerij (1)", "3 Anna Zwart"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("shared only: %q", got)
	}
	page, err := f.d.Rows(RowQuery{Expanded: expanded, Status: StatusActive, Limit: 1})
	ok(t, err)
	if page.Rows[0].Count != 3 || page.Rows[0].ActiveCount != 3 {
		t.Fatalf("active counts: %+v", page.Rows[0])
	}
}

func TestRule_SortByNamePutsAnonymisedAfterNamedInPersnrOrderWhateverTheirNames(t *testing.T) {
	f, emps := smallOrg(t)
	ok(t, f.d.SetShared(emps["99"].ID, true, nil)) // Bram Aalders
	deps, err := f.d.Tree(f.employer.ID)
	ok(t, err)
	expanded := []vault.ID{f.employer.ID}
	for _, n := range deps {
		expanded = append(expanded, n.ID)
	}
	order := func() []string {
		rows := allRows(t, f.d, RowQuery{Expanded: expanded, Sort: SortName}, 50)
		return labels(rows)[5:]
	}
	if got, want := order(), []string{"3 Bram Aalders", "3 Anna Zwart", "3 #7"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("by name: %q, want %q", got, want)
	}
	// Renaming the anonymised employee must not move them: their position reveals nothing.
	in := person("7", "Utrecht/Bakkerij", "Aaaa")
	in.BSN = ""
	_, err = f.d.UpdateEmployee(emps["7"].ID, in)
	ok(t, err)
	if got := order(); got[2] != "3 #7" {
		t.Fatalf("anonymised employee moved after a rename: %q", got)
	}
}

func TestRule_PersnrSortsNaturally(t *testing.T) {
	got := []string{"100", "99", "007", "7", "A12", "12"}
	slices.SortFunc(got, func(a, b string) int { return strings.Compare(persnrKey(a), persnrKey(b)) })
	if want := []string{"7", "007", "12", "99", "100", "A12"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("order %q, want %q", got, want)
	}
}

func TestRule_ManagersTreeShowsOnlyTheirDepartments(t *testing.T) {
	f := newFixture(t)
	a, err := f.d.CreateEmployee(f.employer.ID, person("1", "Utrecht", "Vries"))
	ok(t, err)
	bIn := person("2", "Amersfoort", "Jansen")
	bIn.BSN = "123456782"
	b, err := f.d.CreateEmployee(f.employer.ID, bIn)
	ok(t, err)
	ok(t, f.d.SetShared(a.ID, true, nil))
	ok(t, f.d.SetShared(b.ID, true, nil))
	utr, err := f.d.Department(a.Department)
	ok(t, err)
	m := f.asManager(t, utr.ID)
	rows := allRows(t, m, RowQuery{Expanded: []vault.ID{f.employer.ID, a.Department, b.Department}}, 50)
	got := labels(rows)
	want := []string{"0 Bakkerij De Korenaar BV (1)", "1 Utrecht (1)", "2 Jan de Vries"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("manager's tree %q, want %q", got, want)
	}
}
