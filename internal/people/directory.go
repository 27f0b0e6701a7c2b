package people

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Directory is the people service of one unlocked session: employers, org trees, employees,
// search and import. Build one per session with NewDirectory after unlock and call Wipe at lock;
// it keeps the anonymised skeleton (departments, persnrs, employments) and, once a search needs
// it, a name index of the identities the session can open, in memory. All writes to people
// records must go through the one Directory of the session, or its caches go stale.
// It is safe for concurrent use (calls are serialised).
type Directory struct {
	sess *vault.Session
	now  func() time.Time

	mu        sync.Mutex
	loaded    bool
	loading   chan struct{} // closed when a load reading without the lock ends (nil: none)
	quick     *quickTree    // the tree's shape and summaries before the load (quickRows)
	employers map[vault.ID]Employer
	depts     map[vault.ID]*Department
	visible   map[vault.ID]bool // departments shown in the tree: held ones and their ancestors
	emps      map[vault.ID]*Employee
	// loadOrder is d.emps as the skeleton pages held them, kept from a load that read no
	// records until the first write of an employee (touch): building a view or the labels
	// over it reads the skeletons in memory order instead of the map's random one, which at a
	// million employees is most of the first tree page's cost.
	loadOrder []*Employee
	byPersnr  map[vault.ID]map[string]vault.ID // employer -> persnr -> employee
	names     nameIndex
	views     map[string]*treeView // tree views per filter/sort, kept current by each write (touch)
	labels    map[vault.ID]label   // tree labels of shared employees, kept current by each write
	gen       uint64               // counts writes, so a name index built without the lock knows it is stale
	shape     uint64               // counts writes to employers and departments (views lay out again)
	useCount  uint64               // orders the views by last use
	deptOrder *deptOrder           // departments by parent and name, for the views' layouts
	followers []vault.Kind
	// pageStamps are the skeleton pages of the held department scopes as the load found
	// them or SavePages wrote them (skelpage.go)
	pageStamps map[pageRef]pageStamp
	// fromPages and fromRecords count the skeletons the last load took from pages and from
	// records; namesFromPages and namesFromRecords the name index's entries
	fromPages, fromRecords           int
	namesFromPages, namesFromRecords int
}

// MoveWithEmployee names record kinds of other packages, keyed by the employee id and sealed
// under the department scope of the employee's department (the sharing dossier), that must be
// sealed again under the new department's scope when the employee moves. Call it once, before
// use.
func (d *Directory) MoveWithEmployee(kinds ...vault.Kind) {
	d.followers = append(d.followers, kinds...)
}

// NewDirectory builds the service for an unlocked session. now is the clock that decides what
// "today" is (nil: time.Now). Nothing is read until the first call.
func NewDirectory(sess *vault.Session, now func() time.Time) *Directory {
	if now == nil {
		now = time.Now
	}
	return &Directory{sess: sess, now: now}
}

func (d *Directory) today() time.Time {
	y, m, day := d.now().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// Wipe drops everything the Directory holds in memory: the name index (decrypted names) and the
// skeleton cache. Call it when the session locks. Go strings cannot be overwritten, so this is
// best effort: the memory is released to the garbage collector, the name index's byte buffer is
// zeroed. A later call reloads (and fails with vault.ErrLocked on a locked session).
func (d *Directory) Wipe() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.names.wipe()
	d.dropViews()
	d.loaded = false
	d.employers, d.depts, d.emps, d.byPersnr, d.visible, d.deptOrder, d.pageStamps = nil, nil, nil, nil, nil, nil, nil
	d.loadOrder, d.quick = nil, nil
}

// load reads employers, departments and skeletons once; d.mu is held. The read itself runs
// without the lock, so that calls that need no skeleton (the first tree page from the scopes'
// summaries, quickRows) answer meanwhile; other callers wait for it here. A Wipe during the
// read makes it read again (and fail on a locked session).
func (d *Directory) load() error {
	for attempt := 0; !d.loaded; attempt++ {
		if d.loading != nil { // another call reads: wait for it, then look again
			done := d.loading
			d.mu.Unlock()
			<-done
			d.mu.Lock()
			continue
		}
		if attempt == 3 { // wiped again and again: read under the lock
			r, err := d.read()
			if err != nil {
				return err
			}
			d.install(r)
			return nil
		}
		done, gen := make(chan struct{}), d.gen
		d.loading = done
		d.mu.Unlock()
		r, err := d.read()
		d.mu.Lock()
		d.loading = nil
		close(done)
		if err != nil {
			return err
		}
		if d.gen == gen && !d.loaded {
			d.install(r)
		}
	}
	return nil
}

// loadResult is what load read.
type loadResult struct {
	employers              map[vault.ID]Employer
	depts                  map[vault.ID]*Department
	emps                   map[vault.ID]*Employee
	order                  []*Employee
	stamps                 map[pageRef]pageStamp
	fromPages, fromRecords int
}

// readShape reads the employers and the department records.
func readShape(tx *vault.Tx) (map[vault.ID]Employer, map[vault.ID]*Department, error) {
	employers := map[vault.ID]Employer{}
	depts := map[vault.ID]*Department{}
	list, err := Employers(tx)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range list {
		employers[e.ID] = e
	}
	err = tx.Iterate(KindDepartment, func(id vault.ID, r vault.Sealed) error {
		dep, err := vault.OpenJSON[Department](r)
		if err != nil {
			return fmt.Errorf("open department %s: %w", id, err)
		}
		dep.ID = id
		depts[id] = &dep
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return employers, depts, nil
}

// read reads employers, departments and skeletons; it touches only d.sess, so d.mu need not
// be held.
func (d *Directory) read() (r loadResult, err error) {
	emps := map[vault.ID]*Employee{}
	err = d.sess.View(func(tx *vault.Tx) error {
		var err error
		if r.employers, r.depts, err = readShape(tx); err != nil {
			return err
		}
		// Skeletons are the bulk (one per employee): take them from the scopes' pages where
		// these are current, and open and decode the records of the other scopes on every core.
		pages, err := d.readSkeletonPages(tx)
		if err != nil {
			return err
		}
		stale := map[vault.ScopeID]bool{}
		r.stamps = make(map[pageRef]pageStamp, 2*len(pages.pages))
		scopes := make([]vault.ScopeID, len(pages.pages))
		for i, p := range pages.pages {
			scopes[i] = p.scope
			r.stamps[pageRef{p.scope, pageSkeletons}] = pageStamp{stamp: p.stamp, valid: p.valid}
			if !p.valid {
				stale[p.scope] = true
			}
		}
		// Which summaries are current and readable, so that the lock writes the others (SavePages).
		err = tx.ReadPages(scopes, KindEmployee, pageSummary, func(i int, _ uint64, chunks [][]byte, ok bool) {
			pages.pages[i].summaryOK = ok && decodeSummary(chunks, map[vault.ID]deptSummary{}) == nil
		})
		if err != nil {
			return err
		}
		for _, p := range pages.pages {
			r.stamps[pageRef{p.scope, pageSummary}] = pageStamp{stamp: p.stamp, valid: p.summaryOK}
		}
		if paged, inOrder, ok := pages.skeletons(); ok {
			emps = paged
			if len(stale) == 0 {
				r.order = inOrder
				r.fromPages = len(emps)
				return nil
			}
		} else {
			stale = nil // read every record
			for sc, st := range r.stamps {
				r.stamps[sc] = pageStamp{stamp: st.stamp}
			}
		}
		r.fromPages = len(emps)
		var mu sync.Mutex
		return tx.IterateOpenIn(KindEmployee, stale, 0, func(id vault.ID, plain []byte) error {
			e := &Employee{}
			if err := json.Unmarshal(plain, e); err != nil {
				return fmt.Errorf("decode employee %s: %w", id, err)
			}
			e.ID = id
			mu.Lock()
			if _, paged := emps[id]; paged { // moved out of a scope whose page still holds it
				r.fromPages--
			}
			emps[id] = e
			r.fromRecords++
			mu.Unlock()
			return nil
		})
	})
	r.emps = emps
	return r, err
}

// install makes r what the Directory holds; d.mu is held.
func (d *Directory) install(r loadResult) {
	d.employers, d.depts, d.emps, d.pageStamps, d.loadOrder = r.employers, r.depts, r.emps, r.stamps, r.order
	d.fromPages, d.fromRecords = r.fromPages, r.fromRecords
	d.byPersnr = nil // built at its first use (persnrs)
	d.quick = nil
	d.pruneUndoneDepartments()
	applySignedTree(d.sess, d.depts)
	d.visible = visibleDepartments(d.sess, d.depts)
	d.loaded = true
	d.dropViews()
}

// LoadedFrom says how many skeletons the Directory's last load took from pages and how many
// it read from records (skelpage.go); both are 0 before the first load.
func (d *Directory) LoadedFrom() (pages, records int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.fromPages, d.fromRecords
}

// NamesLoadedFrom is LoadedFrom for the name index's last build (namepage.go).
func (d *Directory) NamesLoadedFrom() (pages, records int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.namesFromPages, d.namesFromRecords
}

// pruneUndoneDepartments removes the keyring's department scopes that an import bound and a
// crash then undid (the records were rolled back, the signed binding was not): bindings of
// departments that have no record and no employee. Admins only; d.mu is held.
func (d *Directory) pruneUndoneDepartments() {
	if d.sess.Role() != vault.RoleAdmin {
		return
	}
	// Bindings without a record are rare (a crash mid-import): look at the employees only then
	// (a walk over a million skeletons costs the first tree page about a second).
	var unrecorded []vault.ID
	for _, id := range d.sess.BoundDepartments() {
		if _, ok := d.depts[id]; !ok {
			unrecorded = append(unrecorded, id)
		}
	}
	if len(unrecorded) == 0 {
		return
	}
	used := map[vault.ID]bool{}
	for _, e := range d.emps {
		for _, job := range e.Employments {
			used[job.Department] = true
		}
		used[e.Department] = true
	}
	var orphans []vault.ID
	for _, id := range unrecorded {
		if !used[id] {
			orphans = append(orphans, id)
		}
	}
	if len(orphans) > 0 {
		_ = d.sess.RemoveDepartments(orphans...) // harmless when it fails: the scopes hold nothing
	}
}

// applySignedTree puts each bound department below the parent the signed keyring names, once
// an admin has signed the tree: that tree decides what a manager's grant covers, so the screen
// shows it rather than a department record any user could have rewritten.
func applySignedTree(sess *vault.Session, depts map[vault.ID]*Department) {
	parents, signed := sess.DepartmentTree()
	if !signed {
		return
	}
	for id, dep := range depts {
		if p, bound := parents[id]; bound && dep.Parent != p {
			dep.Parent = p
		}
	}
}

// visibleDepartments are the departments the tree shows: all for a user who holds every
// department, otherwise the held ones and their ancestors (so a manager sees where their
// departments are).
func visibleDepartments(sess *vault.Session, depts map[vault.ID]*Department) map[vault.ID]bool {
	visible := map[vault.ID]bool{}
	all := sess.AllDepartments()
	for id, dep := range depts {
		if !all && !sess.HasDepartment(id) {
			continue
		}
		for i := 0; i < 1000 && dep != nil; i++ { // depth guard against a damaged tree
			visible[dep.ID] = true
			if dep.Parent == (vault.ID{}) {
				break
			}
			dep = depts[dep.Parent]
		}
	}
	return visible
}

// scopeOf is the scope that seals a department's employees, from the signed binding.
func (d *Directory) scopeOf(dept vault.ID) (vault.ScopeID, error) {
	sc, err := d.sess.DepartmentScope(dept)
	if err != nil {
		return 0, fmt.Errorf("people: department %s: %w", dept, err)
	}
	return sc, nil
}

// scopeLookup looks departments' scopes up once each, for a walk over every employee (a
// million keyring lookups under its lock cost a lock of the workspace a quarter of a second).
// ok is false for a department the keyring does not bind.
func (d *Directory) scopeLookup() func(dept vault.ID) (vault.ScopeID, bool) {
	type found struct {
		scope vault.ScopeID
		ok    bool
	}
	seen := map[vault.ID]found{}
	return func(dept vault.ID) (vault.ScopeID, bool) {
		f, done := seen[dept]
		if !done {
			sc, err := d.sess.DepartmentScope(dept)
			f = found{sc, err == nil}
			seen[dept] = f
		}
		return f.scope, f.ok
	}
}

func (d *Directory) persnrMap(employer vault.ID) map[string]vault.ID {
	m := d.persnrs()[employer]
	if m == nil {
		m = map[string]vault.ID{}
		d.byPersnr[employer] = m
	}
	return m
}

// persnrs is the persnr index, built at its first use after a load, so an unlock that shows
// the tree does not wait for it (half a second at a million employees); d.mu is held.
func (d *Directory) persnrs() map[vault.ID]map[string]vault.ID {
	if d.byPersnr != nil {
		return d.byPersnr
	}
	perEmployer := map[vault.ID]int{} // sized first: a map grown step by step costs twice
	for _, e := range d.emps {
		perEmployer[e.Employer]++
	}
	d.byPersnr = make(map[vault.ID]map[string]vault.ID, len(perEmployer))
	for employer, n := range perEmployer {
		d.byPersnr[employer] = make(map[string]vault.ID, n)
	}
	for id, e := range d.emps {
		d.byPersnr[e.Employer][e.Persnr] = id
	}
	return d.byPersnr
}

// Employers lists the vault's employers by name.
func (d *Directory) Employers() ([]Employer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var employers map[vault.ID]Employer
	if qt := d.quickTree(); qt != nil { // before the load: the window's first calls answer at once
		employers = qt.employers
	} else if err := d.load(); err != nil {
		return nil, err
	} else {
		employers = d.employers
	}
	out := make([]Employer, 0, len(employers))
	for _, e := range employers {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// AddEmployer validates and stores an employer (FieldErrors under "name" and "kvk"; a KvK
// number already in the vault gives validate.Duplicate). Admins only (vault.ErrDenied).
func (d *Directory) AddEmployer(name, kvk string) (Employer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Employer{}, err
	}
	if d.sess.Role() != vault.RoleAdmin {
		return Employer{}, vault.ErrDenied
	}
	f := validate.FieldErrors{}
	e := NewEmployer(f, "name", name, "kvk", kvk)
	for _, other := range d.employers {
		if other.KvK == e.KvK {
			f.Add("kvk", validate.Duplicate)
		}
	}
	if err := f.Err(); err != nil {
		return Employer{}, err
	}
	if err := d.sess.Update(func(tx *vault.Tx) error { return SaveEmployer(tx, d.sess.DirectoryScope(), e) }); err != nil {
		return Employer{}, err
	}
	d.employers[e.ID] = e
	d.reshaped()
	return e, nil
}

// UpdateEmployer renames an employer or corrects its KvK number (FieldErrors under "name" and
// "kvk"; a KvK number another employer has gives validate.Duplicate), keeping its other facts.
// Admins only (vault.ErrDenied). The employer keeps its id, so its departments and employees
// stay with it.
func (d *Directory) UpdateEmployer(id vault.ID, name, kvk string) (Employer, error) {
	return d.updateEmployer(id, name, kvk, nil)
}

// UpdateEmployerDetails is UpdateEmployer that also replaces the employer's facts
// (loonheffingennummer, visiting and postal address; FieldErrors under FieldPayrollTax and
// "visit.<part>" / "postal.<part>", see checkFacts). An empty fact clears it.
func (d *Directory) UpdateEmployerDetails(id vault.ID, name, kvk string, facts EmployerFacts) (Employer, error) {
	return d.updateEmployer(id, name, kvk, &facts)
}

func (d *Directory) updateEmployer(id vault.ID, name, kvk string, facts *EmployerFacts) (Employer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Employer{}, err
	}
	if d.sess.Role() != vault.RoleAdmin {
		return Employer{}, vault.ErrDenied
	}
	old, ok := d.employers[id]
	if !ok {
		return Employer{}, ErrEmployerNotFound
	}
	f := validate.FieldErrors{}
	e := NewEmployer(f, "name", name, "kvk", kvk)
	e.ID = id
	e.EmployerFacts = old.EmployerFacts
	if facts != nil {
		e.EmployerFacts = checkFacts(f, *facts)
	}
	for _, other := range d.employers {
		if other.ID != id && other.KvK == e.KvK {
			f.Add("kvk", validate.Duplicate)
		}
	}
	if err := f.Err(); err != nil {
		return Employer{}, err
	}
	if err := d.sess.Update(func(tx *vault.Tx) error { return SaveEmployer(tx, d.sess.DirectoryScope(), e) }); err != nil {
		return Employer{}, err
	}
	d.employers[id] = e
	d.reshaped()
	return e, nil
}

// EmployerByKvK finds an employer by its KvK number (spaces and dots ignored).
func (d *Directory) EmployerByKvK(kvk string) (Employer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Employer{}, err
	}
	k := strings.NewReplacer(" ", "", ".", "").Replace(kvk)
	for _, e := range d.employers {
		if e.KvK == k {
			return e, nil
		}
	}
	return Employer{}, ErrEmployerNotFound
}

func (d *Directory) employer(id vault.ID) error {
	if _, ok := d.employers[id]; !ok {
		return fmt.Errorf("%w: %s", ErrEmployerNotFound, id)
	}
	return nil
}
