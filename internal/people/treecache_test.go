package people

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"kluis/internal/vault"
)

// viewQueries are every filter/sort combination of the tree.
func viewQueries() []RowQuery {
	var out []RowQuery
	for _, st := range []string{StatusAll, StatusActive, StatusEnded} {
		for _, sh := range []string{ShareAll, ShareShared, ShareNot} {
			for _, so := range []string{SortPersnr, SortName} {
				out = append(out, RowQuery{Status: st, Share: sh, Sort: so})
			}
		}
	}
	return out
}

// incrementalRun is the state of a random write sequence on one Directory.
type incrementalRun struct {
	t      *testing.T
	f      *fixture
	rng    *rand.Rand
	inputs map[vault.ID]EmployeeInput // what each employee was last written with
	next   int                        // the next fresh persnr/BSN number
	depts  []string
}

func (r *incrementalRun) ids() []vault.ID {
	ids := make([]vault.ID, 0, len(r.inputs))
	for id := range r.inputs {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b vault.ID) int { return strings.Compare(a.String(), b.String()) })
	return ids
}

func (r *incrementalRun) pick() vault.ID {
	ids := r.ids()
	return ids[r.rng.IntN(len(ids))]
}

func (r *incrementalRun) fresh() EmployeeInput {
	r.next++
	in := person(fmt.Sprintf("%d", r.next), r.depts[r.rng.IntN(len(r.depts))], fmt.Sprintf("Nieuw%05d", r.rng.IntN(100000)))
	in.BSN = testBSN(r.next)
	return in
}

// step does one random write and names it.
func (r *incrementalRun) step() string {
	t, d, rng := r.t, r.f.d, r.rng
	switch k := rng.IntN(10); k {
	case 0:
		in := r.fresh()
		if rng.IntN(4) == 0 { // a new department along the way
			in.Department = fmt.Sprintf("Nieuw/Afdeling %d", r.next)
			r.depts = append(r.depts, in.Department)
		}
		e, err := d.CreateEmployee(r.f.employer.ID, in)
		ok(t, err)
		r.inputs[e.ID] = in
		return "create"
	case 1, 2:
		id := r.pick()
		in := r.inputs[id]
		in.Surname = fmt.Sprintf("%c%s", 'A'+rng.IntN(26), in.Surname)
		in.FirstName = []string{"Eva", "Femke", "Gijs", ""}[rng.IntN(4)]
		if rng.IntN(3) == 0 {
			r.next++
			in.Persnr = fmt.Sprintf("%0*d", rng.IntN(3)+1, r.next)
		}
		if _, err := d.UpdateEmployee(id, in); err != nil {
			t.Fatalf("edit: %v", err)
		}
		r.inputs[id] = in
		return "edit name/persnr"
	case 3:
		id := r.pick()
		dept := r.depts[rng.IntN(len(r.depts))]
		dep, err := d.DepartmentByPath(r.f.employer.ID, dept, false)
		ok(t, err)
		if err := d.MoveEmployee(id, dep.ID); err != nil && !errors.Is(err, ErrArchived) {
			t.Fatalf("move: %v", err)
		}
		in := r.inputs[id]
		in.Department = dept
		r.inputs[id] = in
		return "move"
	case 4:
		end := []string{"01-01-2023", "01-01-2030", "22-11-2026", "23-11-2026"}[rng.IntN(4)]
		if err := d.EndEmployment(r.pick(), end); err != nil && !errors.Is(err, ErrNoOpenEmployment) {
			t.Fatalf("end: %v", err)
		}
		return "end employment " + end
	case 5:
		var ids []vault.ID
		for range 1 + rng.IntN(3) {
			id := r.pick()
			if err := d.EndEmployment(id, "01-01-2023"); err != nil && !errors.Is(err, ErrNoOpenEmployment) {
				t.Fatalf("end before erase: %v", err)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		_, err := d.EraseEmployees(context.Background(), ids, EraseOptions{})
		ok(t, err)
		for _, id := range ids {
			delete(r.inputs, id)
		}
		return fmt.Sprintf("erase %d", len(ids))
	case 6, 7:
		id := r.pick()
		e, err := d.Employee(id)
		ok(t, err)
		ok(t, d.SetShared(id, !e.Shared, nil))
		return "share/unshare"
	case 8:
		var rows []EmployeeInput
		for range 50 + rng.IntN(250) {
			if rng.IntN(2) == 0 {
				rows = append(rows, r.fresh())
				continue
			}
			in := r.inputs[r.pick()]
			in.Surname = "Import" + in.Surname
			in.Department = r.depts[rng.IntN(len(r.depts))]
			if slices.ContainsFunc(rows, func(x EmployeeInput) bool { return x.Persnr == in.Persnr }) {
				continue
			}
			rows = append(rows, in)
		}
		res, err := d.ApplyImport(context.Background(), r.f.employer.ID, rows, nil)
		ok(t, err)
		for i, row := range res.Rows {
			r.inputs[row.Employee] = rows[i]
		}
		return fmt.Sprintf("import %d rows", len(rows))
	default:
		dep, err := d.DepartmentByPath(r.f.employer.ID, r.depts[rng.IntN(len(r.depts))], false)
		ok(t, err)
		name := fmt.Sprintf("%c%s", 'A'+rng.IntN(26), dep.Name)
		if _, err := d.RenameDepartment(dep.ID, name, dep.Code); err != nil {
			return "rename department refused"
		}
		r.depts = r.liveDepts()
		return "rename department"
	}
}

// liveDepts are the paths of every live department now.
func (r *incrementalRun) liveDepts() []string {
	nodes, err := r.f.d.Tree(r.f.employer.ID)
	ok(r.t, err)
	var out []string
	for _, n := range nodes {
		if n.Children == 0 {
			out = append(out, n.Path)
		}
	}
	return out
}

// compare checks that the incrementally kept views (the cached ones, and one more query each
// step) and name searches equal those of a Directory that builds everything from the vault.
func (r *incrementalRun) compare(what string, extra RowQuery) {
	t, d := r.t, r.f.d
	ref := NewDirectory(r.f.s, clock)
	nodes, err := ref.Tree(r.f.employer.ID)
	ok(t, err)
	expanded := []vault.ID{r.f.employer.ID}
	for _, n := range nodes {
		expanded = append(expanded, n.ID)
	}
	var qs []RowQuery
	for _, v := range d.views {
		qs = append(qs, RowQuery{Status: v.status, Share: v.share, Sort: v.sort})
	}
	qs = append(qs, extra)
	for _, q := range qs {
		q.Expanded = expanded
		got, want := allRows(t, d, q, 500), allRows(t, ref, q, 500)
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got), len(want)) {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("after %s, view %s|%s|%s row %d:\n got %+v\nwant %+v", what, q.Status, q.Share, q.Sort, i, got[i], want[i])
				}
			}
			t.Fatalf("after %s, view %s|%s|%s: %d rows, want %d", what, q.Status, q.Share, q.Sort, len(got), len(want))
		}
		// A page in the middle is the same slice.
		page, err := d.Rows(RowQuery{Expanded: expanded, Status: q.Status, Share: q.Share, Sort: q.Sort, Offset: len(want) / 2, Limit: 60})
		ok(t, err)
		// (An empty view gives a nil page: equal to an empty slice of want.)
		if mid := want[len(want)/2 : min(len(want), len(want)/2+60)]; len(page.Rows) != len(mid) || len(mid) > 0 && !reflect.DeepEqual(page.Rows, mid) {
			for i := range min(len(page.Rows), len(mid)) {
				if !reflect.DeepEqual(page.Rows[i], mid[i]) {
					t.Fatalf("after %s, view %s|%s|%s: the middle page (offset %d, total %d) differs at row %d:\n got %+v\nwant %+v",
						what, q.Status, q.Share, q.Sort, len(want)/2, page.Total, i, page.Rows[i], mid[i])
				}
			}
			t.Fatalf("after %s, view %s|%s|%s: the middle page (offset %d) has %d rows, want %d", what, q.Status, q.Share, q.Sort, len(want)/2, len(page.Rows), len(mid))
		}
	}
	for _, q := range []string{"achternaam00", "nieuw", "import", "an", "eva", strings.ToLower(fmt.Sprintf("%c", 'a'+r.rng.IntN(26))) + "a"} {
		got, gn, err := d.SearchTotal(q, 50)
		ok(t, err)
		want, wn, err := ref.SearchTotal(q, 50)
		ok(t, err)
		if gn != wn || !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s, search %q: %d hits (%d in all), want %d (%d)", what, q, len(got), gn, len(want), wn)
		}
	}
	if d.NameIndexSize() != ref.NameIndexSize() {
		t.Fatalf("after %s: name index holds %d, a fresh one %d", what, d.NameIndexSize(), ref.NameIndexSize())
	}
}

// The rule: after any write (create, edit name or persnr, move, end employment, erase,
// share/unshare, import of many rows, department rename) the tree views and the name index that
// were updated in place equal those built from scratch from the vault: same rows, order, counts,
// labels and pages; same search hits in the same order.
func TestRule_IncrementalViewsEqualViewsBuiltFromScratch(t *testing.T) {
	n, steps := 2000, 60
	if testing.Short() {
		n, steps = 400, 25
	}
	f := newFixture(t)
	rows := importRows(n)
	res, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
	ok(t, err)
	r := &incrementalRun{t: t, f: f, rng: rand.New(rand.NewPCG(16, uint64(n))), inputs: map[vault.ID]EmployeeInput{}, next: n + 10}
	for i, row := range res.Rows {
		r.inputs[row.Employee] = rows[i]
	}
	r.depts = r.liveDepts()
	for _, id := range r.ids()[:n/10] { // some employees are shared, so names show
		ok(t, f.d.SetShared(id, true, nil))
	}
	ok(t, f.d.BuildNameIndex())
	all := viewQueries()
	for _, q := range all[:maxViews] {
		_, err := f.d.Rows(q)
		ok(t, err)
	}
	for i := range steps {
		what := r.step()
		if r.rng.IntN(5) == 0 { // the name index merges its delta at any moment
			f.d.names.merge()
		}
		r.compare(what, all[i%len(all)])
	}
}

// The rule: a write does not rebuild the cached view: the same view object is updated in place
// (so the first page after a write costs the changed rows).
func TestRule_AWriteUpdatesTheCachedViewInsteadOfDroppingIt(t *testing.T) {
	f, emps := smallOrg(t)
	_, err := f.d.Rows(RowQuery{Limit: 10})
	ok(t, err)
	before := f.d.views[StatusAll+"|"+ShareAll+"|"+SortPersnr]
	ok(t, f.d.SetShared(emps["7"].ID, true, nil))
	_, err = f.d.Rows(RowQuery{Limit: 10})
	ok(t, err)
	if after := f.d.views[StatusAll+"|"+ShareAll+"|"+SortPersnr]; after != before || after == nil {
		t.Fatal("the write rebuilt the view")
	}
}

// The rule: comparePersnr orders like persnrKey (natural order).
func TestRule_ComparePersnrOrdersLikePersnrKey(t *testing.T) {
	ps := []string{"100", "99", "007", "7", "A12", "12", "0", "00", "", "0012", "12a", "B"}
	for _, a := range ps {
		for _, b := range ps {
			if got, want := comparePersnr(a, b), strings.Compare(persnrKey(a), persnrKey(b)); got != want {
				t.Fatalf("comparePersnr(%q, %q) = %d, persnrKey says %d", a, b, got, want)
			}
		}
	}
}

// The rule: a name that leaves the index (the employee renamed or erased) leaves its memory at
// once: its bytes are zeroed in the packed arena and search buffer, and its BSN's and birth
// date's tags overwritten, not kept until a rebuild.
func TestRule_ANameLeavingTheIndexIsZeroedAtOnce(t *testing.T) {
	f := newFixture(t)
	in := person("1", "Utrecht", "Canarievogel")
	e, err := f.d.CreateEmployee(f.employer.ID, in)
	ok(t, err)
	other, err := f.d.CreateEmployee(f.employer.ID, func() EmployeeInput {
		x := person("2", "Utrecht", "Wiscanarie")
		x.BSN = testBSN(2)
		return x
	}())
	ok(t, err)
	ok(t, f.d.BuildNameIndex()) // the BSN checks of the creates built it: both are in the delta
	f.d.mu.Lock()
	f.d.names.merge() // now in the packed part
	f.d.mu.Unlock()
	has := func(s string) bool {
		return bytes.Contains(f.d.names.hay, []byte(s)) || bytes.Contains(f.d.names.arena, []byte(s))
	}
	if !has("canarievogel") || !has("wiscanarie") {
		t.Fatal("the packed index lacks the names")
	}
	erasedTag := blindTag(testBSN(2))
	if !slices.Contains(f.d.names.tags, erasedTag) {
		t.Fatal("the packed index lacks the BSN's tag")
	}
	in.Surname = "Anders"
	_, err = f.d.UpdateEmployee(e.ID, in)
	ok(t, err)
	if has("canarievogel") || has("Canarievogel") {
		t.Fatal("the old name is still in the index's memory after a rename")
	}
	ok(t, f.d.EndEmployment(other.ID, "01-01-2023"))
	_, err = f.d.EraseEmployees(context.Background(), []vault.ID{other.ID}, EraseOptions{})
	ok(t, err)
	if has("wiscanarie") || has("Wiscanarie") {
		t.Fatal("an erased employee's name is still in the index's memory")
	}
	if slices.Contains(f.d.names.tags, erasedTag) {
		t.Fatal("an erased employee's BSN tag is still in the index's memory")
	}
	if hits, _ := f.d.Search("anders", 10); len(hits) != 1 {
		t.Fatalf("the renamed employee is not found: %v", hits)
	}
}
