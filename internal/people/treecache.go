package people

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"kluis/internal/vault"
)

// treeEmp is an employee in a tree view, with what the view sorts and filters by, copied at
// insertion: the write that changes an employee takes the old entry out before it changes the
// cached skeleton, and puts the new one in after.
type treeEmp struct {
	id     vault.ID
	persnr string
	name   string // the label's sort key (name-sorted views only)
	named  bool   // the tree shows a name (the employee is shared and readable)
	active bool
}

// empList is one department's employees in a view, sorted by the view's order.
type empList struct {
	dept   vault.ID
	emps   []treeEmp
	active int
	// unsorted: built but not yet sorted. A build sorts a department's list when a page first
	// shows its rows or a write changes it, so the first page after an unlock sorts the
	// departments it shows, not a million rows.
	unsorted bool
}

// sorted sorts l in the view's order if it is not yet, and returns it.
func (v *treeView) sorted(l *empList) *empList {
	if l.unsorted {
		slices.SortFunc(l.emps, v.compare)
		l.unsorted = false
	}
	return l
}

// treeView is the filtered, sorted tree for one filter/sort combination. A view is built once
// from every skeleton and then kept current by each write: the write's employees leave and
// re-enter their departments' sorted lists (a binary search and a move within one
// department's slice), and the departments' counts and order are laid out again at the next
// page (linear in the departments, not in the employees). So scrolling only slices, and the
// first page after a write costs the changed rows, not a rebuild.
type treeView struct {
	status, share, sort string
	today               string
	lists               map[vault.ID]*empList    // by department
	summaries           map[vault.ID]deptSummary // by department, instead of lists before the load (quickRows)
	layout              *treeLayout              // nil: lay out again at the next page
	shape               uint64                   // the Directory's shape the layout was made of
	used                uint64                   // for dropping the least recently used view
}

// maxViews is how many filter/sort combinations stay cached (18 exist; each holds a row per
// employee, so at a million employees each costs tens of MB).
const maxViews = 4

// label is what the tree shows of a shared employee whose identity the session opens.
type label struct{ display, sort string }

// dropViews forgets the cached tree views and labels; d.mu is held. Writes update the views in
// place (touch); this is for a reload and a lock.
func (d *Directory) dropViews() {
	d.gen++
	d.shape++
	d.views = nil
	d.labels = nil
}

// reshaped is a write to employers or departments: every view lays out its groups again (the
// employees' lists stay).
func (d *Directory) reshaped() {
	d.gen++
	d.shape++
}

// entry is the view's row for e as it is now.
func (v *treeView) entry(d *Directory, e *Employee) (treeEmp, bool) {
	act := keyOf(e).active(v.today) // the rule the tree summaries count by, too
	if v.status != StatusAll && (v.status == StatusActive) != act || v.share != ShareAll && (v.share == ShareShared) != e.Shared {
		return treeEmp{}, false
	}
	te := treeEmp{id: e.ID, persnr: e.Persnr, active: act}
	if v.sort == SortName {
		if l, ok := d.labels[e.ID]; ok {
			te.name, te.named = l.sort, true
		}
	}
	return te, true
}

// compare is the view's order. By name: named employees first by surname; anonymised ones
// after, by persnr only, so their place in the list reveals nothing about their name.
func (v *treeView) compare(a, b treeEmp) int {
	if v.sort == SortName {
		if a.named != b.named {
			if a.named {
				return -1
			}
			return 1
		}
		if a.named && a.name != b.name {
			return strings.Compare(a.name, b.name)
		}
	}
	if c := comparePersnr(a.persnr, b.persnr); c != 0 {
		return c
	}
	return bytes.Compare(a.id[:], b.id[:])
}

// comparePersnr orders personnel numbers as persnrKey does, without building the keys (it runs
// in every sort of a million rows, so it allocates nothing).
func comparePersnr(a, b string) int {
	da, db := allDigits(a), allDigits(b)
	if da != db {
		if da {
			return -1
		}
		return 1
	}
	if !da {
		return strings.Compare(a, b)
	}
	ta, tb := trimZeros(a), trimZeros(b)
	if len(ta) != len(tb) {
		return cmp.Compare(len(ta), len(tb))
	}
	if c := strings.Compare(ta, tb); c != 0 {
		return c
	}
	return cmp.Compare(len(a), len(b))
}

// allDigits is isDigits without building a character set.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func trimZeros(s string) string {
	i := 0
	for i < len(s) && s[i] == '0' {
		i++
	}
	return s[i:]
}

// employees is every skeleton, in the load's memory order while no employee has been written
// since (loadOrder), otherwise from the map; d.mu is held.
func (d *Directory) employees() []*Employee {
	if d.loadOrder != nil {
		return d.loadOrder
	}
	all := make([]*Employee, 0, len(d.emps))
	for _, e := range d.emps {
		all = append(all, e)
	}
	return all
}

func (v *treeView) list(dept vault.ID) *empList {
	l := v.lists[dept]
	if l == nil {
		l = &empList{dept: dept}
		v.lists[dept] = l
	}
	return l
}

// buildView makes the view of q from every skeleton; d.mu is held and labels are loaded.
func (d *Directory) buildView(q RowQuery, today string) *treeView {
	v := &treeView{status: q.Status, share: q.Share, sort: q.Sort, today: today}
	// On every core, each over its share of the employees (a million entries are half a second
	// on one); the shares' lists are then joined per department. d.mu is held: nothing writes.
	all := d.employees()
	workers := min(runtime.GOMAXPROCS(0), 1+len(all)/50000)
	shares := make([]map[vault.ID]*empList, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			lists := map[vault.ID]*empList{}
			var last *empList // in load order a department's employees come one after another
			for _, e := range all[w*len(all)/workers : (w+1)*len(all)/workers] {
				te, ok := v.entry(d, e)
				if !ok {
					continue
				}
				l := last
				if l == nil || l.dept != e.Department {
					if l = lists[e.Department]; l == nil {
						l = &empList{dept: e.Department}
						lists[e.Department] = l
					}
					last = l
				}
				l.emps = append(l.emps, te)
				if te.active {
					l.active++
				}
			}
			shares[w] = lists
		})
	}
	wg.Wait()
	v.lists = shares[0]
	for _, share := range shares[1:] {
		for dept, l := range share {
			if have := v.lists[dept]; have != nil {
				have.emps, have.active = append(have.emps, l.emps...), have.active+l.active
			} else {
				v.lists[dept] = l
			}
		}
	}
	for _, l := range v.lists {
		l.unsorted = len(l.emps) > 1
	}
	return v
}

// bulkTouch is the number of employees of one write above which a department's list is merged
// in one pass rather than changed row by row.
const bulkTouch = 64

// touch takes the employees of ids out of every cached view, as they are now; call it before a
// write changes their skeletons, labels or presence, and the returned function after the write
// succeeded, to put them back as they are then (an erased one stays out), with the identities
// the write had at hand (may be nil; the labels of the others are read). If the write fails,
// call the function all the same: the views then get back what they had. d.mu is held.
func (d *Directory) touch(ids []vault.ID) func(known map[vault.ID]*Identity) {
	d.gen++
	d.loadOrder = nil // the write may add, replace or remove employees
	if len(d.views) == 0 {
		return func(known map[vault.ID]*Identity) { d.relabel(ids, known) }
	}
	if len(ids) > len(d.emps)/4+bulkTouch { // most of the vault changes: a build is cheaper
		return func(map[vault.ID]*Identity) { d.dropViews() }
	}
	for _, v := range d.views {
		v.apply(d, ids, true)
	}
	return func(known map[vault.ID]*Identity) {
		d.relabel(ids, known)
		for _, v := range d.views {
			v.apply(d, ids, false)
		}
	}
}

// apply removes (out) or inserts the entries of ids, department by department.
func (v *treeView) apply(d *Directory, ids []vault.ID, out bool) {
	byDept := map[vault.ID][]treeEmp{}
	for _, id := range ids {
		e := d.emps[id]
		if e == nil {
			continue
		}
		if te, ok := v.entry(d, e); ok {
			byDept[e.Department] = append(byDept[e.Department], te)
		}
	}
	for dept, tes := range byDept {
		l := v.sorted(v.list(dept))
		for _, te := range tes {
			if te.active && out {
				l.active--
			} else if te.active {
				l.active++
			}
		}
		switch {
		case out && len(tes) <= bulkTouch:
			for _, te := range tes {
				l.remove(v, te)
			}
		case out:
			gone := make(map[vault.ID]bool, len(tes))
			for _, te := range tes {
				gone[te.id] = true
			}
			l.emps = slices.DeleteFunc(l.emps, func(te treeEmp) bool { return gone[te.id] })
		case len(tes) <= bulkTouch:
			for _, te := range tes {
				i, _ := slices.BinarySearchFunc(l.emps, te, v.compare)
				l.emps = slices.Insert(l.emps, i, te)
			}
		default:
			slices.SortFunc(tes, v.compare)
			l.emps = mergeSorted(l.emps, tes, v.compare)
		}
		if len(l.emps) == 0 {
			delete(v.lists, dept)
		}
	}
	v.layout = nil
}

// remove takes te out of the list: found by its order, or by its id should the cached entry
// differ (it never should; a wrong row would be worse than a scan).
func (l *empList) remove(v *treeView, te treeEmp) {
	if i, found := slices.BinarySearchFunc(l.emps, te, v.compare); found {
		l.emps = slices.Delete(l.emps, i, i+1)
		return
	}
	if i := slices.IndexFunc(l.emps, func(x treeEmp) bool { return x.id == te.id }); i >= 0 {
		if l.emps[i].active != te.active { // the counts followed te: correct them
			if l.emps[i].active {
				l.active--
			} else {
				l.active++
			}
		}
		l.emps = slices.Delete(l.emps, i, i+1)
	}
}

// mergeSorted merges two sorted slices into a new one.
func mergeSorted(a, b []treeEmp, compare func(a, b treeEmp) int) []treeEmp {
	out := make([]treeEmp, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if compare(b[j], a[i]) < 0 {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// relabel brings the cached labels of ids up to date (when the labels are loaded); known holds
// identities the write had at hand, so they need no read. d.mu is held.
func (d *Directory) relabel(ids []vault.ID, known map[vault.ID]*Identity) {
	if d.labels == nil {
		return
	}
	var missing []vault.ID
	for _, id := range ids {
		delete(d.labels, id)
		e := d.emps[id]
		switch {
		case e == nil || !e.Shared:
		case d.names.built:
			if f, sortKey, ok := d.names.get(id); ok && f.Display != "" {
				d.labels[id] = label{f.Display, sortKey}
			}
		case known[id] != nil:
			d.labels[id] = labelOf(known[id])
		default:
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return
	}
	err := d.sess.View(func(tx *vault.Tx) error {
		for _, id := range missing {
			ident, err := d.readIdentity(tx, id)
			if err != nil {
				return err
			}
			if ident != nil {
				if l := labelOf(ident); l.display != "" {
					d.labels[id] = l
				}
			}
		}
		return nil
	})
	if err != nil { // the labels are a cache: load them again at the next page
		d.dropViews()
	}
}

func labelOf(ident *Identity) label {
	r := newNameRec(vault.ID{}, ident)
	if r.fields.Display == "" {
		return label{}
	}
	return label{r.fields.Display, r.sort}
}
