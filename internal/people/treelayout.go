package people

import (
	"slices"
	"strings"

	"kluis/internal/vault"
)

// treeGroup is an employer or department in a view's layout.
type treeGroup struct {
	id       vault.ID
	kind     string
	name     string
	children []*treeGroup // shown: every visible live department below (with matches, when filtered)
	emps     []treeEmp    // the department's list (nil for an employer)
	list     *empList     // what emps was taken from (sorted when a page shows its rows)
	own      int          // the department's own employees in the view: len(emps), or from its summary
	count    int
	active   int
}

// treeLayout is a view's groups in tree order with their counts: made from the departments and
// the lists' lengths, so laying out again after a write costs the departments, not the rows.
type treeLayout struct {
	roots []*treeGroup
}

// treeView returns the view for q, building it at the first use and laying out its groups
// again after a write; d.mu is held.
func (d *Directory) treeView(q RowQuery) (*treeView, error) {
	today := d.today().Format(DateLayout)
	key := q.Status + "|" + q.Share + "|" + q.Sort
	v := d.views[key]
	if v == nil || v.today != today {
		if _, err := d.sharedLabels(); err != nil {
			return nil, err
		}
		v = d.buildView(q, today)
		if d.views == nil {
			d.views = map[string]*treeView{}
		}
		d.views[key] = v
	}
	d.useCount++
	v.used = d.useCount
	d.evictViews()
	if v.layout == nil || v.shape != d.shape {
		v.layout, v.shape = layOut(v, d.employers, d.order()), d.shape
	}
	return v, nil
}

// evictViews drops the least recently used views beyond maxViews.
func (d *Directory) evictViews() {
	for len(d.views) > maxViews {
		oldest := ""
		for k, v := range d.views {
			if oldest == "" || v.used < d.views[oldest].used {
				oldest = k
			}
		}
		delete(d.views, oldest)
	}
}

// parentKey names the departments directly below a parent (zero: top level) of an employer.
type parentKey struct{ employer, parent vault.ID }

// deptOrder is the visible live departments below each parent, by name: made once per shape
// and shared by every view's layout.
type deptOrder struct {
	shape uint64
	kids  map[parentKey][]*Department
}

// order returns the department order of the current shape; d.mu is held.
func (d *Directory) order() map[parentKey][]*Department {
	if d.deptOrder != nil && d.deptOrder.shape == d.shape {
		return d.deptOrder.kids
	}
	d.deptOrder = &deptOrder{shape: d.shape, kids: departmentOrder(d.depts, d.visible)}
	return d.deptOrder.kids
}

// departmentOrder is the visible live departments below each parent, by name.
func departmentOrder(depts map[vault.ID]*Department, visible map[vault.ID]bool) map[parentKey][]*Department {
	kids := map[parentKey][]*Department{}
	lower := make(map[vault.ID]string, len(depts))
	for _, dep := range depts {
		if !dep.Archived && visible[dep.ID] {
			k := parentKey{dep.Employer, dep.Parent}
			kids[k] = append(kids[k], dep)
			lower[dep.ID] = strings.ToLower(dep.Name)
		}
	}
	for _, deps := range kids {
		slices.SortFunc(deps, func(a, b *Department) int {
			if x, y := lower[a.ID], lower[b.ID]; x != y {
				return strings.Compare(x, y)
			}
			return strings.Compare(a.ID.String(), b.ID.String())
		})
	}
	return kids
}

// layOut makes the groups of v from the employers, the department order (departmentOrder) and
// v's lists, or its summaries when it has no lists (quickRows).
func layOut(v *treeView, employers map[vault.ID]Employer, kids map[parentKey][]*Department) *treeLayout {
	filtered := v.status != StatusAll || v.share != ShareAll
	var fill func(g *treeGroup, employer, parent vault.ID, depth int)
	fill = func(g *treeGroup, employer, parent vault.ID, depth int) {
		if depth > 1000 { // a damaged tree with a cycle
			return
		}
		if g.kind == RowDepartment {
			if l := v.lists[g.id]; l != nil {
				g.emps, g.list, g.own, g.active = l.emps, l, len(l.emps), l.active
			} else if s := v.summaries[g.id]; s != nil {
				g.own, g.active = s.counts(v.status, v.share, v.today)
			}
			g.count = g.own
		}
		for _, dep := range kids[parentKey{employer, parent}] {
			c := &treeGroup{id: dep.ID, kind: RowDepartment, name: dep.Name}
			fill(c, employer, dep.ID, depth+1)
			g.count += c.count
			g.active += c.active
			if !filtered || c.count > 0 {
				g.children = append(g.children, c)
			}
		}
	}
	lay := &treeLayout{}
	for id, emp := range employers {
		g := &treeGroup{id: id, kind: RowEmployer, name: emp.Name}
		fill(g, id, vault.ID{}, 0)
		if !filtered || g.count > 0 {
			lay.roots = append(lay.roots, g)
		}
	}
	slices.SortFunc(lay.roots, func(a, b *treeGroup) int {
		if x, y := strings.ToLower(a.name), strings.ToLower(b.name); x != y {
			return strings.Compare(x, y)
		}
		return strings.Compare(a.id.String(), b.id.String())
	})
	return lay
}

// page cuts one page out of v's layout.
func (d *Directory) page(v *treeView, q RowQuery) RowPage {
	expanded := make(map[vault.ID]bool, len(q.Expanded))
	for _, id := range q.Expanded {
		expanded[id] = true
	}
	sizes := map[*treeGroup]int{}
	var size func(g *treeGroup) int
	size = func(g *treeGroup) int {
		s := 1
		if expanded[g.id] {
			for _, c := range g.children {
				s += size(c)
			}
			s += g.own
		}
		sizes[g] = s
		return s
	}
	page := RowPage{Offset: q.Offset, Rows: []Row{}}
	roots := v.layout.roots
	for _, g := range roots {
		page.Total += size(g)
	}
	cursor := 0
	var visit func(g *treeGroup, depth, pos, setSize int)
	visit = func(g *treeGroup, depth, pos, setSize int) {
		if cursor+sizes[g] <= q.Offset {
			cursor += sizes[g]
			return
		}
		if len(page.Rows) >= q.Limit {
			return
		}
		open := expanded[g.id]
		if cursor >= q.Offset {
			page.Rows = append(page.Rows, Row{ID: g.id, Kind: g.kind, Depth: depth, Label: g.name,
				HasChildren: len(g.children)+g.own > 0, Expanded: open, Count: g.count,
				ActiveCount: g.active, PosInSet: pos, SetSize: setSize})
		}
		cursor++
		if !open {
			return
		}
		n := len(g.children) + g.own
		for k, c := range g.children {
			visit(c, depth+1, k+1, n)
		}
		from := max(0, q.Offset-cursor)
		if from < len(g.emps) && len(page.Rows) < q.Limit && g.list != nil {
			v.sorted(g.list) // in place: g.emps is the same array
		}
		for j := from; j < len(g.emps) && len(page.Rows) < q.Limit; j++ {
			te := g.emps[j]
			e := d.emps[te.id]
			l := d.labels[te.id]
			page.Rows = append(page.Rows, Row{ID: te.id, Kind: RowEmployee, Depth: depth + 1, Label: l.display,
				Persnr: te.persnr, Anonymised: l.display == "", Shared: e != nil && e.Shared, Active: te.active,
				PosInSet: len(g.children) + j + 1, SetSize: n})
		}
		cursor += g.own
	}
	for k, g := range roots {
		visit(g, 0, k+1, len(roots))
	}
	return page
}

// sharedLabels are the names of the shared employees whose identity the session opens. They
// come from the name index when it is built, otherwise from point reads of just the shared
// employees (far fewer than all); writes keep them current (relabel). d.mu is held.
func (d *Directory) sharedLabels() (map[vault.ID]label, error) {
	if d.labels != nil {
		return d.labels, nil
	}
	labels := map[vault.ID]label{}
	var missing []vault.ID
	for _, e := range d.employees() {
		switch {
		case !e.Shared:
		case d.names.built:
			if f, sortKey, ok := d.names.get(e.ID); ok && f.Display != "" {
				labels[e.ID] = label{f.Display, sortKey}
			}
		default:
			missing = append(missing, e.ID)
		}
	}
	if len(missing) > 0 {
		err := d.sess.View(func(tx *vault.Tx) error {
			for _, id := range missing {
				ident, err := d.readIdentity(tx, id)
				if err != nil {
					return err
				}
				if ident != nil {
					if l := labelOf(ident); l.display != "" {
						labels[id] = l
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	d.labels = labels
	return labels, nil
}
