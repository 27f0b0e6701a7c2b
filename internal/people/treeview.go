package people

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"kluis/internal/vault"
)

// Tree row kinds.
const (
	RowEmployer   = "employer"
	RowDepartment = "department"
	RowEmployee   = "employee"
)

// Filters and sorts of a RowQuery.
const (
	StatusAll    = "all"
	StatusActive = "active"
	StatusEnded  = "ended"
	ShareAll     = "all"
	ShareShared  = "shared"
	ShareNot     = "unshared"
	SortPersnr   = "persnr"
	SortName     = "name"
)

// RowQuery asks for one page of the flattened org tree: the employers, and below every expanded
// employer or department its departments and then its employees, after filters and sort.
type RowQuery struct {
	Expanded []vault.ID
	Offset   int
	Limit    int
	Status   string // StatusAll (default), StatusActive, StatusEnded
	Share    string // ShareAll (default), ShareShared, ShareNot
	Sort     string // SortPersnr (default), SortName
}

// Row is one visible line of the tree. An employee's Label is the display name only when the
// employee is shared and the session's keys open the identity; otherwise it is empty and
// Anonymised is set (the UI shows "Anoniem (Persnr …)").
type Row struct {
	ID          vault.ID `json:"id"`
	Kind        string   `json:"kind"`
	Depth       int      `json:"depth"`
	Label       string   `json:"label"`
	Persnr      string   `json:"persnr,omitempty"`
	Anonymised  bool     `json:"anonymised,omitempty"`
	Shared      bool     `json:"shared,omitempty"`
	Active      bool     `json:"active,omitempty"`
	HasChildren bool     `json:"hasChildren"`
	Expanded    bool     `json:"expanded"`
	// Count and ActiveCount are the employees below an employer or department, after filters.
	Count       int `json:"count,omitempty"`
	ActiveCount int `json:"activeCount,omitempty"`
	// PosInSet and SetSize (1-based) feed aria-posinset/aria-setsize of a virtualised tree.
	PosInSet int `json:"posInSet"`
	SetSize  int `json:"setSize"`
}

// RowPage is a slice of the flattened tree; Total counts every visible row.
type RowPage struct {
	Total  int   `json:"total"`
	Offset int   `json:"offset"`
	Rows   []Row `json:"rows"`
}

// treeGroup is an employer or department in a tree view.
type treeGroup struct {
	id       vault.ID
	kind     string
	name     string
	children []*treeGroup
	emps     []treeEmp
	count    int
	active   int
}

// treeEmp is an employee in a tree view, with what the view computed once: whether the
// employment is active today, and the sort key.
type treeEmp struct {
	e      *Employee
	active bool
	key    string
}

// treeView is the filtered, sorted tree for one filter/sort combination. Views are cached until
// the next write (dropViews) so scrolling through 100,000 employees only slices.
type treeView struct {
	roots  []*treeGroup
	groups map[vault.ID]*treeGroup
	today  string
	labels map[vault.ID]*nameEntry
}

// dropViews forgets the cached tree views and labels after a write; d.mu is held.
func (d *Directory) dropViews() {
	d.gen++
	d.views = nil
	d.labels = nil
}

// Rows returns one page of the flattened org tree of every employer the vault holds.
func (d *Directory) Rows(q RowQuery) (RowPage, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return RowPage{}, err
	}
	q = normaliseQuery(q)
	v, err := d.treeView(q)
	if err != nil {
		return RowPage{}, err
	}
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
			s += len(g.emps)
		}
		sizes[g] = s
		return s
	}
	page := RowPage{Offset: q.Offset, Rows: []Row{}}
	for _, g := range v.roots {
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
				HasChildren: len(g.children)+len(g.emps) > 0, Expanded: open, Count: g.count,
				ActiveCount: g.active, PosInSet: pos, SetSize: setSize})
		}
		cursor++
		if !open {
			return
		}
		n := len(g.children) + len(g.emps)
		for k, c := range g.children {
			visit(c, depth+1, k+1, n)
		}
		from := max(0, q.Offset-cursor)
		for j := from; j < len(g.emps) && len(page.Rows) < q.Limit; j++ {
			te := g.emps[j]
			label := ""
			if n := v.labels[te.e.ID]; n != nil {
				label = n.fields.Display
			}
			page.Rows = append(page.Rows, Row{ID: te.e.ID, Kind: RowEmployee, Depth: depth + 1, Label: label,
				Persnr: te.e.Persnr, Anonymised: label == "", Shared: te.e.Shared, Active: te.active,
				PosInSet: len(g.children) + j + 1, SetSize: n})
		}
		cursor += len(g.emps)
	}
	for k, g := range v.roots {
		visit(g, 0, k+1, len(v.roots))
	}
	return page, nil
}

// Warm loads the skeleton and builds the default tree view (all employees by persnr), so the
// Medewerkers screen's first page after unlock only slices. Call it in the background.
func (d *Directory) Warm() error {
	_, err := d.Rows(RowQuery{Limit: 1})
	return err
}

// MaxRowsPerPage caps RowQuery.Limit.
const MaxRowsPerPage = 500

func normaliseQuery(q RowQuery) RowQuery {
	q.Offset = max(0, q.Offset)
	q.Limit = min(max(0, q.Limit), MaxRowsPerPage)
	if q.Status != StatusActive && q.Status != StatusEnded {
		q.Status = StatusAll
	}
	if q.Share != ShareShared && q.Share != ShareNot {
		q.Share = ShareAll
	}
	if q.Sort != SortName {
		q.Sort = SortPersnr
	}
	return q
}

// treeView builds (or reuses) the tree for q's filters and sort; d.mu is held.
func (d *Directory) treeView(q RowQuery) (*treeView, error) {
	today := d.today().Format(DateLayout)
	key := q.Status + "|" + q.Share + "|" + q.Sort
	if v := d.views[key]; v != nil && v.today == today {
		return v, nil
	}
	labels, err := d.sharedLabels()
	if err != nil {
		return nil, err
	}
	v := &treeView{groups: map[vault.ID]*treeGroup{}, today: today, labels: labels}
	filtered := q.Status != StatusAll || q.Share != ShareAll
	for id, emp := range d.employers {
		g := &treeGroup{id: id, kind: RowEmployer, name: emp.Name}
		v.groups[id] = g
		v.roots = append(v.roots, g)
	}
	for id, dep := range d.depts {
		if !dep.Archived {
			v.groups[id] = &treeGroup{id: id, kind: RowDepartment, name: dep.Name}
		}
	}
	for _, e := range d.emps {
		g := v.groups[e.Department]
		if g == nil || g.kind != RowDepartment {
			continue // an employee of an archived department is found by search only
		}
		cur := e.Current()
		act := cur != nil && (cur.End == "" || cur.End >= today)
		if q.Status != StatusAll && (q.Status == StatusActive) != act || q.Share != ShareAll && (q.Share == ShareShared) != e.Shared {
			continue
		}
		key := persnrKey(e.Persnr)
		if q.Sort == SortName {
			// Named employees first by surname; anonymised ones after, by persnr only, so their
			// place in the list reveals nothing about their name.
			if n := labels[e.ID]; n != nil {
				key = "0" + n.sort + "\x00" + key
			} else {
				key = "1" + key
			}
		}
		g.emps = append(g.emps, treeEmp{e: e, active: act, key: key})
	}
	var fill func(g *treeGroup, employer, parent vault.ID)
	fill = func(g *treeGroup, employer, parent vault.ID) {
		slices.SortFunc(g.emps, func(a, b treeEmp) int { return strings.Compare(a.key, b.key) })
		g.count = len(g.emps)
		for _, te := range g.emps {
			if te.active {
				g.active++
			}
		}
		for _, dep := range d.visibleChildren(employer, parent, false) {
			c := v.groups[dep.ID]
			fill(c, employer, dep.ID)
			g.count += c.count
			g.active += c.active
			if !filtered || c.count > 0 {
				g.children = append(g.children, c)
			}
		}
	}
	for _, g := range v.roots {
		fill(g, g.id, vault.ID{})
	}
	sort.Slice(v.roots, func(i, j int) bool {
		a, b := strings.ToLower(v.roots[i].name), strings.ToLower(v.roots[j].name)
		return a < b || a == b && v.roots[i].id.String() < v.roots[j].id.String()
	})
	if filtered {
		kept := v.roots[:0]
		for _, g := range v.roots {
			if g.count > 0 {
				kept = append(kept, g)
			}
		}
		v.roots = kept
	}
	if d.views == nil {
		d.views = map[string]*treeView{}
	}
	d.views[key] = v
	return v, nil
}

// sharedLabels are the names of the shared employees whose identity the session opens. They
// come from the name index when it is built, otherwise from point reads of just the shared
// employees (far fewer than all), cached until the next write; d.mu is held.
func (d *Directory) sharedLabels() (map[vault.ID]*nameEntry, error) {
	if d.labels != nil {
		return d.labels, nil
	}
	labels := map[vault.ID]*nameEntry{}
	var missing []vault.ID
	for id, e := range d.emps {
		switch {
		case !e.Shared:
		case d.names.built:
			if n := d.names.get(id); n != nil && n.fields.Display != "" {
				labels[id] = n
			}
		default:
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		err := d.sess.View(func(tx *vault.Tx) error {
			for _, id := range missing {
				ident, err := d.readIdentity(tx, id)
				if err != nil {
					return err
				}
				if ident != nil && ident.DisplayName() != "" {
					labels[id] = newNameEntry(id, ident)
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

// persnrKey makes personnel numbers sort naturally as plain strings: all-digit numbers by value
// (99 before 100, leading zeros ignored, then the shorter form first), anything else after them
// as text.
func persnrKey(p string) string {
	if !isDigits(p) {
		return "1" + p
	}
	t := strings.TrimLeft(p, "0")
	return fmt.Sprintf("0%03d%s%03d", len(t), t, len(p))
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
