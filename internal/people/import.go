package people

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Outcome is what an import did (or would do) with one row.
type Outcome string

// Outcomes.
const (
	OutcomeNew       Outcome = "new"       // a persnr not yet known at this employer
	OutcomeChanged   Outcome = "changed"   // something differs from what is stored
	OutcomeEnded     Outcome = "ended"     // changed, and the current employment got an end date
	OutcomeUnchanged Outcome = "unchanged" // the row matches what is stored: nothing is written
)

// ImportResult counts what an import did (or, from PlanImport, would do). Rows has one entry
// per input row, in input order.
type ImportResult struct {
	New, Changed, Ended, Unchanged int
	// DepartmentsCreated counts departments created along new paths.
	DepartmentsCreated int
	Rows               []RowOutcome
}

// RowOutcome is one row's outcome and the employee it concerns (zero for a new employee in a
// plan).
type RowOutcome struct {
	Outcome  Outcome  `json:"outcome"`
	Employee vault.ID `json:"employee"`
}

// RowError is the field problems of one input row; Row is the row's index in the input slice.
type RowError struct {
	Row    int
	Fields validate.FieldErrors
	// Params: values to show back with a field's problem (validate.BSNTaken: the persnr of the
	// employee who has the BSN).
	Params validate.Params
	// FirstRow: with validate.Duplicate on the persnr, the row the persnr was first on.
	FirstRow int
}

// ImportError lists every invalid row; an import with any invalid row writes nothing.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "people: import refused, %d invalid row(s)", len(e.Rows))
	for i, r := range e.Rows {
		if i == 5 {
			b.WriteString("; …")
			break
		}
		fmt.Fprintf(&b, "; row %d: %s", r.Row, r.Fields.Error())
	}
	return b.String()
}

// importPlan is one row ready to write.
type importPlan struct {
	row      int
	outcome  Outcome
	emp      *Employee     // new skeleton (Department may wait for a new department)
	ident    *Identity     // points into the checked rows or at a merged copy
	old      *Identity     // stored identity, if any
	oldScope vault.ScopeID // scope the old identity was sealed under
	oldEmp   *Employee
	newPath  string // department path to create, when the department does not exist yet
	empJSON  []byte
	idJSON   []byte
}

// ctxEvery is how many rows are validated between cancellation checks.
const ctxEvery = 256

// PlanImport validates every row and compares it with what is stored, without writing: the dry
// run. An invalid row gives *ImportError with every invalid row.
func (d *Directory) PlanImport(ctx context.Context, employer vault.ID, rows []EmployeeInput) (ImportResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, res, err := d.plan(ctx, employer, &rows, false)
	return res, err
}

// ApplyImport upserts employees of one employer by persnr (see doc.go, "Import"). It validates
// every row first and writes nothing if any row is invalid (*ImportError) or ctx is cancelled
// during validation; rows equal to what is stored are not written, so importing the same data
// twice changes nothing. Departments named by a path that does not exist yet are created (admin
// session). The rows are written crash-atomically (vault.Session.Atomic): in chunks, each on
// disk before progress (may be nil) reports its rows, and undone as a whole when ctx is
// cancelled, the session locks or the PC crashes before the last chunk; the departments it
// created go too.
func (d *Directory) ApplyImport(ctx context.Context, employer vault.ID, rows []EmployeeInput, progress func(done, total int)) (ImportResult, error) {
	return d.ApplyImportTaking(ctx, employer, &rows, progress)
}

// ApplyImportTaking is ApplyImport for a caller that gives its rows away: once every row has
// passed the field rules, *rows is set to nil, so that a million inputs (half a gigabyte) need
// not stay in memory while the import plans and writes; a row that breaks one leaves them with
// the caller, to report on. (Go keeps a call's arguments reachable until it returns, so a
// slice passed by value could not be let go.)
func (d *Directory) ApplyImportTaking(ctx context.Context, employer vault.ID, rows *[]EmployeeInput, progress func(done, total int)) (ImportResult, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(*rows)
	plans, res, err := d.plan(ctx, employer, rows, true)
	if err != nil {
		return ImportResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return ImportResult{}, err
	}
	if res.New+res.Changed+res.Ended == 0 {
		progress(n, n)
		return res, nil
	}
	newDepts := d.newImportDepartments(employer, plans)
	ids := make([]vault.ID, len(newDepts))
	nodes := make([]vault.DepartmentNode, len(newDepts))
	for i, dep := range newDepts {
		ids[i] = dep.ID
		nodes[i] = vault.DepartmentNode{ID: dep.ID, Parent: dep.Parent}
	}
	if err := d.sess.NewDepartmentTree(nodes); err != nil {
		return ImportResult{}, fmt.Errorf("people: import: create departments: %w", err)
	}
	res.DepartmentsCreated = len(newDepts)
	created := map[vault.ID]*Department{}
	for _, dep := range newDepts {
		created[dep.ID] = dep
	}
	scopeOf := map[vault.ID]vault.ScopeID{}
	scope := func(dept vault.ID) (vault.ScopeID, error) {
		if sc, ok := scopeOf[dept]; ok {
			return sc, nil
		}
		sc, err := d.scopeOf(dept)
		scopeOf[dept] = sc
		return sc, err
	}
	// Records that move with an employee whose department changes, read before the write.
	moved, err := d.followersOfMoved(plans, scope)
	if err != nil {
		return ImportResult{}, err
	}
	progress(0, n)
	dir := d.sess.DirectoryScope()
	note, _ := json.Marshal(importNote{Employer: employer, Rows: n})
	handed := 0 // rows in the chunks handed to the writer
	err = d.sess.Atomic(vault.AtomicOptions{Name: importWrite, Departments: ids, Note: string(note)}, func(w *vault.AtomicWriter) error {
		for _, dep := range newDepts {
			b, err := json.Marshal(dep)
			if err != nil {
				return err
			}
			if err := w.PutNew(KindDepartment, dep.ID, dir, b); err != nil {
				return err
			}
		}
		order := writeOrder(plans)
		handed = len(plans) - len(order) // the unchanged rows need no writing
		for i, at := range order {
			if i%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := d.writePlan(w, &plans[at], scope, moved); err != nil {
				return err
			}
			if w.Pending() >= importChunk {
				// This chunk is committed while the next one is sealed; the rows of the chunk
				// before are on disk now.
				if err := w.FlushAsync(); err != nil {
					return err
				}
				progress(handed, n)
				handed = len(plans) - len(order) + i + 1
			}
		}
		// The persnr entries come last, in key order (vault.AtomicWriter.SetIndex). When their
		// first chunk is handed over, the chunk of the last rows is on disk: every row is, and
		// what is left (the entries, then the name index and views) is the import's last step,
		// which a progress of every row tells (a screen says "last step" then, not 99%).
		if err := ctx.Err(); err != nil {
			return err
		}
		return w.WriteIndexes(func() error {
			progress(n, n)
			return ctx.Err()
		})
	})
	if err != nil {
		if len(ids) > 0 { // the import was undone: so are its departments
			if rerr := d.sess.RemoveDepartments(ids...); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return ImportResult{}, ctx.Err()
		}
		return ImportResult{}, fmt.Errorf("people: import not written (nothing of it is in the vault): %w", err)
	}
	for id, dep := range created {
		d.depts[id] = dep
		d.visible[id] = true
	}
	if len(created) > 0 {
		d.reshaped()
	}
	var touched []vault.ID
	for i := range plans {
		if p := &plans[i]; p.outcome != OutcomeUnchanged {
			touched = append(touched, p.emp.ID)
		}
	}
	done := d.touch(touched)
	known := make(map[vault.ID]*Identity, len(touched))
	idents := make([]*Identity, 0, len(touched))
	for i := range plans {
		p := &plans[i]
		if p.outcome == OutcomeUnchanged {
			continue
		}
		if p.oldEmp != nil {
			*p.oldEmp = *p.emp
		} else {
			d.emps[p.emp.ID] = p.emp
			d.persnrMap(employer)[p.emp.Persnr] = p.emp.ID
		}
		idents = append(idents, p.ident)
		known[p.emp.ID] = p.ident
		res.Rows[p.row].Employee = p.emp.ID
	}
	d.names.putMany(touched, idents)
	done(known)
	progress(n, n)
	return res, nil
}

// countNewDepartments counts the departments the paths would create; d.mu is held.
func (d *Directory) countNewDepartments(employer vault.ID, paths []string) int {
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		parts, _ := splitPath(p)
		_, n := d.findPath(employer, parts)
		for j := n; j < len(parts); j++ {
			seen[strings.ToLower(strings.Join(parts[:j+1], "/"))] = true
		}
	}
	return len(seen)
}

// importWrite names an import's crash-atomic write; importNote is what its journal says.
const importWrite = "import"

type importNote struct {
	Employer vault.ID `json:"employer"`
	Rows     int      `json:"rows"`
}

// InterruptedImport is an import that a crash (or power loss) interrupted, as the unlock that
// followed found it: undone, so the vault shows what it held before; the same file imports anew.
type InterruptedImport struct {
	Employer vault.ID
	Rows     int
	Started  time.Time
	Undone   bool
}

// InterruptedImports lists the imports the session's unlock found interrupted and put right.
func InterruptedImports(sess *vault.Session) []InterruptedImport {
	var out []InterruptedImport
	for _, r := range sess.Recovered() {
		if r.Name != importWrite {
			continue
		}
		var n importNote
		_ = json.Unmarshal([]byte(r.Note), &n)
		out = append(out, InterruptedImport{Employer: n.Employer, Rows: n.Rows, Started: r.Started, Undone: r.Undone})
	}
	return out
}

// importChunk is how many writes one crash-atomic chunk carries (a few hundred rows: each row
// writes a skeleton, an identity and up to three index entries).
const importChunk = 2000

// newImportDepartments makes the departments along the plans' new paths (not stored yet) and
// points the plans at them; d.mu is held.
func (d *Directory) newImportDepartments(employer vault.ID, plans []importPlan) []*Department {
	var out []*Department
	made := map[string]*Department{} // lower-case path -> department
	for i := range plans {
		p := &plans[i]
		if p.newPath == "" {
			continue
		}
		parts, _ := splitPath(p.newPath)
		at, n := d.findPath(employer, parts)
		parent := vault.ID{}
		if at != nil {
			parent = at.ID
		}
		for j := n; j < len(parts); j++ {
			key := strings.ToLower(strings.Join(parts[:j+1], "/"))
			dep := made[key]
			if dep == nil {
				dep = &Department{ID: vault.NewID(), Employer: employer, Parent: parent, Name: parts[j]}
				made[key] = dep
				out = append(out, dep)
			}
			parent = dep.ID
			at = dep
		}
		p.emp.Department = at.ID
		p.emp.Current().Department = at.ID
	}
	return out
}

// followersOfMoved reads the MoveWithEmployee records of employees whose department changes,
// so the import can seal them again under the new scope.
func (d *Directory) followersOfMoved(plans []importPlan, scope func(vault.ID) (vault.ScopeID, error)) (map[vault.ID]map[vault.Kind][]byte, error) {
	out := map[vault.ID]map[vault.Kind][]byte{}
	if len(d.followers) == 0 {
		return out, nil
	}
	err := d.sess.View(func(tx *vault.Tx) error {
		for i := range plans {
			p := &plans[i]
			if p.outcome == OutcomeUnchanged || p.oldEmp == nil || p.oldEmp.Department == p.emp.Department {
				continue
			}
			for _, kind := range d.followers {
				b, err := tx.Get(kind, p.emp.ID)
				if errors.Is(err, vault.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if out[p.emp.ID] == nil {
					out[p.emp.ID] = map[vault.Kind][]byte{}
				}
				out[p.emp.ID][kind] = b
			}
		}
		return nil
	})
	return out, err
}

// writeOrder lists the plans to write (every row that is not unchanged) in the order of their
// employees' ids. Ids are random, so in file order every record lands at a random place in the
// store; in id order each kind's records reach Badger's memtable in key order, which it takes
// 1.4–1.8 times as fast (docs/BENCHMARKS.md, stop 32), and its tables then hardly overlap.
func writeOrder(plans []importPlan) []int {
	order := make([]int, 0, len(plans))
	for i := range plans {
		if plans[i].outcome != OutcomeUnchanged {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(plans[a].emp.ID[:], plans[b].emp.ID[:]) })
	return order
}

// writePlan writes one row's records and index entries into the import's atomic write. The
// records' plaintext is cleared once sealed: a million-row import would otherwise hold every
// identity in clear until it ends.
func (d *Directory) writePlan(w *vault.AtomicWriter, p *importPlan, scope func(vault.ID) (vault.ScopeID, error), moved map[vault.ID]map[vault.Kind][]byte) error {
	p.marshal()
	defer func() {
		clear(p.idJSON)
		p.empJSON, p.idJSON = nil, nil
	}()
	sc, err := scope(p.emp.Department)
	if err != nil {
		return err
	}
	id, dir := p.emp.ID, d.sess.DirectoryScope()
	if p.oldEmp == nil { // a new employee: every key is new, so the undo is a delete
		if err := w.PutNew(KindEmployee, id, sc, p.empJSON); err != nil {
			return err
		}
		if err := w.PutNew(KindIdentity, id, sc, p.idJSON); err != nil {
			return err
		}
		return w.SetIndex(dir, IndexPersnr, persnrIndexValue(p.emp.Employer, p.emp.Persnr), KindEmployee, id, true)
	}
	if err := w.Put(KindEmployee, id, sc, p.empJSON); err != nil {
		return err
	}
	if err := w.Put(KindIdentity, id, sc, p.idJSON); err != nil {
		return err
	}
	for kind, b := range moved[id] {
		err := w.Put(kind, id, sc, b)
		clear(b)
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *importPlan) marshal() {
	if p.empJSON == nil {
		p.empJSON = appendEmployeeJSON(make([]byte, 0, 256), p.emp)
	}
	if p.idJSON == nil {
		p.idJSON = appendIdentityJSON(make([]byte, 0, 384), p.ident)
	}
}

// plan validates and compares; d.mu is held. With take, *rows is set to nil once every row has
// passed the field rules: the checked rows hold what the plan needs, and a million inputs (half
// a gigabyte) would otherwise stay reachable while the plan allocates as much again.
func (d *Directory) plan(ctx context.Context, employer vault.ID, rows *[]EmployeeInput, take bool) ([]importPlan, ImportResult, error) {
	if err := d.load(); err != nil {
		return nil, ImportResult{}, err
	}
	if err := d.employer(employer); err != nil {
		return nil, ImportResult{}, err
	}
	today := d.today()
	known := d.persnrs()[employer]
	checkedRows, fieldBad, err := checkRows(ctx, *rows, today)
	if err != nil {
		return nil, ImportResult{}, err
	}
	n := len(*rows)
	if take && len(fieldBad) == 0 {
		*rows = nil
	}
	deps := make([]*Department, n)
	paths := make([]string, n)
	type deptRef struct {
		id  vault.ID
		ref string // lower case: one resolution for every spelling
	}
	type deptResolution struct {
		dep  *Department
		path string        // to create
		code validate.Code // problem
	}
	resolved := map[deptRef]deptResolution{}
	var bad []RowError
	for i := range n {
		var f validate.FieldErrors
		var first int
		if len(fieldBad) > 0 && fieldBad[0].Row == i {
			f, first, fieldBad = fieldBad[0].Fields, fieldBad[0].FirstRow, fieldBad[1:]
		}
		c := &checkedRows[i]
		if c.deptID != (vault.ID{}) || c.deptRef != "" {
			key := deptRef{c.deptID, strings.ToLower(c.deptRef)}
			r, seen := resolved[key]
			if !seen {
				rf := validate.FieldErrors{}
				dep, err := d.targetDept(rf, employer, c, false)
				if err != nil {
					return nil, ImportResult{}, err
				}
				r = deptResolution{dep: dep, code: rf[FieldDepartment]}
				if dep == nil && r.code == validate.UnknownRef && c.deptRef != "" {
					// A path that does not exist yet is created when the import is written.
					if parts, ok := splitPath(c.deptRef); ok {
						r.code, r.path = "", strings.Join(parts, "/")
					}
				}
				resolved[key] = r
			}
			if r.code != "" {
				if f == nil {
					f = validate.FieldErrors{}
				}
				f.Add(FieldDepartment, r.code)
			}
			deps[i], paths[i] = r.dep, r.path
		}
		if len(f) > 0 {
			bad = append(bad, RowError{Row: i, Fields: f, FirstRow: first})
		}
	}
	if !d.sess.AllDepartments() {
		// A manager sees only their departments' employees: a persnr that is new to them may
		// belong to someone elsewhere, which the directory's persnr index tells without saying who.
		err := d.sess.View(func(tx *vault.Tx) error {
			for i := range checkedRows {
				c := &checkedRows[i]
				if _, ok := known[c.persnr]; ok || c.persnr == "" {
					continue
				}
				ids, err := tx.Lookup(d.sess.DirectoryScope(), IndexPersnr, persnrIndexValue(employer, c.persnr))
				if err != nil {
					return err
				}
				if len(ids) > 0 {
					bad = append(bad, RowError{Row: i, Fields: validate.FieldErrors{FieldPersnr: validate.NotYourDepartment}})
				}
			}
			return nil
		})
		if err != nil {
			return nil, ImportResult{}, err
		}
		sort.Slice(bad, func(i, j int) bool { return bad[i].Row < bad[j].Row })
	}
	olds, oldScopes, err := d.existingIdentities(employer, checkedRows)
	if err != nil {
		return nil, ImportResult{}, err
	}
	if bad, err = d.importBSNTaken(employer, checkedRows, olds, bad); err != nil {
		return nil, ImportResult{}, err
	}
	if len(bad) > 0 {
		return nil, ImportResult{}, &ImportError{Rows: bad}
	}
	if err := ctx.Err(); err != nil {
		return nil, ImportResult{}, err
	}
	needCreate := false
	for _, p := range paths {
		needCreate = needCreate || p != ""
	}
	if needCreate && d.sess.Role() != vault.RoleAdmin {
		return nil, ImportResult{}, fmt.Errorf("people: import needs new departments, which only an admin can create: %w", vault.ErrDenied)
	}
	for _, dep := range deps {
		if dep != nil && !d.sess.HasDepartment(dep.ID) {
			return nil, ImportResult{}, fmt.Errorf("people: import into a department whose key this session does not hold: %w", vault.ErrNoAccess)
		}
	}

	res := ImportResult{Rows: make([]RowOutcome, n), DepartmentsCreated: d.countNewDepartments(employer, paths)}
	plans := make([]importPlan, n)
	for i := range checkedRows {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ImportResult{}, err
			}
		}
		c := &checkedRows[i]
		p := &plans[i]
		p.row = i
		job := c.job
		if deps[i] != nil {
			job.Department = deps[i].ID
		}
		p.newPath = paths[i]
		id, exists := known[c.persnr]
		if !exists {
			p.outcome = OutcomeNew
			p.emp = &Employee{ID: vault.NewID(), Employer: employer, Persnr: c.persnr, Department: job.Department,
				Employments: []Employment{job}}
			p.ident = &c.ident
			res.New++
			res.Rows[i] = RowOutcome{Outcome: OutcomeNew}
			continue
		}
		old := d.emps[id]
		p.oldEmp = old
		p.old, p.oldScope = olds[id], oldScopes[id]
		next := old.clone()
		var ended bool
		next.Employments, ended = mergeEmployment(next.Employments, job)
		next.Department = next.Current().Department
		p.emp = next
		if p.old != nil {
			merged := mergeIdentity(*p.old, c.ident)
			p.ident = &merged
		} else {
			p.ident = &c.ident
		}
		same := p.newPath == "" && p.old != nil
		if same {
			p.marshal()
			oldEmpJSON := appendEmployeeJSON(nil, old)
			oldIDJSON := appendIdentityJSON(nil, p.old)
			same = bytes.Equal(oldEmpJSON, p.empJSON) && bytes.Equal(oldIDJSON, p.idJSON)
			clear(oldIDJSON)
			if same { // never written: no plaintext kept until the import ends
				clear(p.idJSON)
				p.empJSON, p.idJSON = nil, nil
			}
		}
		switch {
		case same:
			p.outcome = OutcomeUnchanged
			res.Unchanged++
		case ended:
			p.outcome = OutcomeEnded
			res.Ended++
		default:
			p.outcome = OutcomeChanged
			res.Changed++
		}
		res.Rows[i] = RowOutcome{Outcome: p.outcome, Employee: id}
	}
	return plans, res, nil
}

// existingIdentities reads the stored identities of the rows' known employees, with the scope
// each was sealed under. An identity this session cannot open refuses the import: it could not
// be compared or kept.
func (d *Directory) existingIdentities(employer vault.ID, rows []checked) (map[vault.ID]*Identity, map[vault.ID]vault.ScopeID, error) {
	known := d.persnrs()[employer]
	want := map[vault.ID]bool{}
	for i := range rows {
		if id, ok := known[rows[i].persnr]; ok {
			want[id] = true
		}
	}
	olds := make(map[vault.ID]*Identity, len(want))
	scopes := make(map[vault.ID]vault.ScopeID, len(want))
	if len(want) == 0 {
		return olds, scopes, nil
	}
	err := d.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindIdentity, func(id vault.ID, r vault.Sealed) error {
			if !want[id] {
				return nil
			}
			ident, err := vault.OpenJSON[Identity](r)
			if err != nil {
				return fmt.Errorf("people: import: read stored identity %s: %w", id, err)
			}
			olds[id] = &ident
			scopes[id] = r.Scope()
			return nil
		})
	})
	return olds, scopes, err
}

// importBSNTaken adds validate.BSNTaken to the rows whose BSN another employee of the employer
// has: an earlier row of the file with another persnr, or a stored employee other than the one
// the row's persnr names (see bsn.go). A row that keeps its employee's stored BSN needs no
// lookup, so re-importing the same file costs nothing extra; the lookups are in memory (ADR 014),
// and only the identities whose BSN tag matches are opened, in one transaction. Rows with a BSN
// problem already are skipped.
func (d *Directory) importBSNTaken(employer vault.ID, rows []checked, olds map[vault.ID]*Identity, bad []RowError) ([]RowError, error) {
	at := make(map[int]int, len(bad)) // row → index in bad
	for i, r := range bad {
		at[r.Row] = i
	}
	add := func(row int, persnr string) {
		i, ok := at[row]
		if !ok {
			bad = append(bad, RowError{Row: row, Fields: validate.FieldErrors{}})
			i = len(bad) - 1
			at[row] = i
		}
		if _, has := bad[i].Fields[FieldBSN]; has {
			return
		}
		if bad[i].Params == nil {
			bad[i].Params = validate.Params{}
		}
		bad[i].Fields.Add(FieldBSN, validate.BSNTaken)
		bad[i].Params.Add(FieldBSN, persnr)
	}
	known := d.persnrs()[employer]
	inFile := map[string]string{} // bsn → persnr of its first row
	var lookup []int              // rows to look up in the blind index
	for i := range rows {
		c := &rows[i]
		bsn := c.ident.BSN
		if bsn == "" || c.persnr == "" {
			continue
		}
		if first, ok := inFile[bsn]; ok {
			if first != c.persnr {
				add(i, first)
			}
			continue
		}
		inFile[bsn] = c.persnr
		if id, ok := known[c.persnr]; ok && olds[id] != nil && olds[id].BSN == bsn {
			continue
		}
		lookup = append(lookup, i)
	}
	if len(lookup) == 0 {
		return bad, nil
	}
	if err := d.buildNames(); err != nil {
		return nil, err
	}
	type owner struct {
		row int
		id  vault.ID
	}
	var owners []owner // the rows' candidates, whose identities are opened to compare
	for _, i := range lookup {
		self := known[rows[i].persnr]
		for _, id := range d.names.lookup(tagBSN, blindTag(rows[i].ident.BSN)) {
			if e, ok := d.emps[id]; ok && id != self && e.Employer == employer {
				owners = append(owners, owner{i, id})
			}
		}
	}
	if len(owners) > 0 {
		err := d.sess.View(func(tx *vault.Tx) error {
			for _, o := range owners {
				ident, err := d.readIdentity(tx, o.id)
				if err != nil {
					return err
				}
				if ident.holds(IndexBSN, rows[o.row].ident.BSN) {
					add(o.row, d.emps[o.id].Persnr)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].Row < bad[j].Row })
	return bad, nil
}
