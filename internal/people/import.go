package people

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// ImportJournal marks an import that started writing and did not finish (see doc.go).
type ImportJournal struct {
	Employer vault.ID     `json:"employer"`
	Started  time.Time    `json:"started"`
	Rows     int          `json:"rows"`
	User     vault.UserID `json:"user"`
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
	_, res, err := d.plan(ctx, employer, rows)
	return res, err
}

// ApplyImport upserts employees of one employer by persnr (see doc.go, "Import"). It validates
// every row first and writes nothing if any row is invalid (*ImportError) or ctx is cancelled
// during validation; rows equal to what is stored are not written, so importing the same data
// twice changes nothing. Departments named by a path that does not exist yet are created (admin
// session). The rows are then written with one Badger WriteBatch; progress (may be nil) is
// called with the rows handled so far. Cancelling ctx while the rows are written undoes what
// was written (see doc.go), so a cancelled import leaves the vault as it was.
func (d *Directory) ApplyImport(ctx context.Context, employer vault.ID, rows []EmployeeInput, progress func(done, total int)) (ImportResult, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	plans, res, err := d.plan(ctx, employer, rows)
	if err != nil {
		return ImportResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return ImportResult{}, err
	}
	if res.New+res.Changed+res.Ended == 0 {
		progress(len(rows), len(rows))
		return res, nil
	}
	// The journal goes first and is removed last: a crash in between leaves it for
	// InterruptedImports.
	journal := ImportJournal{Employer: employer, Started: d.now().UTC(), Rows: len(rows), User: d.sess.UserID()}
	if err := d.sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindImportJournal, employer, d.sess.DirectoryScope(), &journal)
	}); err != nil {
		return ImportResult{}, fmt.Errorf("people: write import journal: %w", err)
	}
	created := map[string]*Department{}
	before := make(map[vault.ID]bool, len(d.depts))
	for id := range d.depts {
		before[id] = true
	}
	for i := range plans {
		p := &plans[i]
		if p.newPath == "" {
			continue
		}
		key := strings.ToLower(p.newPath)
		dep := created[key]
		if dep == nil {
			n := len(d.depts)
			if dep, err = d.resolve(employer, p.newPath, true); err != nil {
				return ImportResult{}, fmt.Errorf("people: import: create department: %w", err)
			}
			res.DepartmentsCreated += len(d.depts) - n
			created[key] = dep
		}
		p.emp.Department = dep.ID
		p.emp.Current().Department = dep.ID
	}
	dirScope := d.sess.DirectoryScope()
	scopeOf := map[vault.ID]vault.ScopeID{}
	for id, dep := range d.depts {
		scopeOf[id] = dep.Scope
	}
	progress(0, len(rows))
	written := 0
	err = d.sess.WriteBatch(func(b *vault.Batch) error {
		for i := range plans {
			if i%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			written = i + 1
			p := &plans[i]
			if p.outcome != OutcomeUnchanged {
				if err := p.marshal(); err != nil {
					return err
				}
				scope := scopeOf[p.emp.Department]
				if err := b.Put(KindEmployee, p.emp.ID, dirScope, p.empJSON); err != nil {
					return err
				}
				if err := b.Put(KindIdentity, p.emp.ID, scope, p.idJSON); err != nil {
					return err
				}
				if err := setIndexes(b, scope, p.emp.ID, p.ident); err != nil {
					return err
				}
			}
			if (i+1)%1000 == 0 {
				progress(i+1, len(rows))
			}
		}
		return nil
	})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		var newDepts []vault.ID
		for id := range d.depts {
			if !before[id] {
				newDepts = append(newDepts, id)
			}
		}
		if uerr := d.undoImport(employer, plans[:written], newDepts, scopeOf); uerr != nil {
			return ImportResult{}, fmt.Errorf("people: undo cancelled import (the journal stays; re-run the import to complete it): %w", uerr)
		}
		return ImportResult{}, err
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("people: import write (the journal stays; re-run the import to complete it): %w", err)
	}
	// Blind-index entries of old values: Batch cannot delete them, so they go in transactions.
	// A stale entry that survives a crash is harmless: Search checks the record it points to.
	var stale []*importPlan
	for i := range plans {
		p := &plans[i]
		if p.old == nil {
			continue
		}
		ob, obp := p.old.indexValues()
		nb, nbp := p.ident.indexValues()
		if p.oldScope != scopeOf[p.emp.Department] || ob != nb || obp != nbp {
			stale = append(stale, p)
		}
	}
	for len(stale) > 0 {
		n := min(len(stale), 500)
		chunk := stale[:n]
		stale = stale[n:]
		if err := d.sess.Update(func(tx *vault.Tx) error {
			for _, p := range chunk {
				if err := deleteIndexes(tx, p.oldScope, p.emp.ID, p.old); err != nil {
					return err
				}
				// Same scope and a value kept in one field: put back what the delete removed.
				if p.oldScope == scopeOf[p.emp.Department] {
					if err := setIndexes(tx, p.oldScope, p.emp.ID, p.ident); err != nil {
						return err
					}
				} else if err := d.moveFollowers(tx, p.emp.ID, scopeOf[p.emp.Department]); err != nil {
					return err // the employee moved: their dossier moves along
				}
			}
			return nil
		}); err != nil {
			return ImportResult{}, fmt.Errorf("people: import: remove old index entries: %w", err)
		}
	}
	if err := d.sess.Update(func(tx *vault.Tx) error { return tx.Delete(KindImportJournal, employer) }); err != nil {
		return ImportResult{}, fmt.Errorf("people: clear import journal: %w", err)
	}
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
		d.names.put(p.emp.ID, p.ident)
		res.Rows[p.row].Employee = p.emp.ID
	}
	d.dropViews()
	progress(len(rows), len(rows))
	return res, nil
}

// undoImport puts back what a cancelled import may have written: the old skeleton, identity
// and index entries of changed employees, no trace of new ones, and none of the departments it
// created; then it removes the journal. Rows the batch never committed are restored to what
// they already are, which is harmless. d.mu is held.
func (d *Directory) undoImport(employer vault.ID, plans []importPlan, newDepts []vault.ID, scopeOf map[vault.ID]vault.ScopeID) error {
	dirScope := d.sess.DirectoryScope()
	for len(plans) > 0 {
		n := min(len(plans), 500)
		chunk := plans[:n]
		plans = plans[n:]
		err := d.sess.Update(func(tx *vault.Tx) error {
			for i := range chunk {
				p := &chunk[i]
				if p.outcome == OutcomeUnchanged {
					continue
				}
				id := p.emp.ID
				if err := deleteIndexes(tx, scopeOf[p.emp.Department], id, p.ident); err != nil {
					return err
				}
				if p.oldEmp == nil {
					if err := tx.Delete(KindEmployee, id); err != nil {
						return err
					}
					if err := tx.Delete(KindIdentity, id); err != nil {
						return err
					}
					continue
				}
				if err := vault.PutJSON(tx, KindEmployee, id, dirScope, p.oldEmp); err != nil {
					return err
				}
				if p.old == nil {
					if err := tx.Delete(KindIdentity, id); err != nil {
						return err
					}
					continue
				}
				if err := vault.PutJSON(tx, KindIdentity, id, p.oldScope, p.old); err != nil {
					return err
				}
				if err := setIndexes(tx, p.oldScope, id, p.old); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return d.sess.Update(func(tx *vault.Tx) error {
		for _, id := range newDepts {
			if err := tx.Delete(KindDepartment, id); err != nil {
				return err
			}
			delete(d.depts, id)
		}
		d.dropViews()
		return tx.Delete(KindImportJournal, employer)
	})
}

func (p *importPlan) marshal() error {
	var err error
	if p.empJSON == nil {
		if p.empJSON, err = json.Marshal(p.emp); err != nil {
			return err
		}
	}
	if p.idJSON == nil {
		p.idJSON, err = json.Marshal(p.ident)
	}
	return err
}

// plan validates and compares; d.mu is held.
func (d *Directory) plan(ctx context.Context, employer vault.ID, rows []EmployeeInput) ([]importPlan, ImportResult, error) {
	if err := d.load(); err != nil {
		return nil, ImportResult{}, err
	}
	if err := d.employer(employer); err != nil {
		return nil, ImportResult{}, err
	}
	today := d.today()
	known := d.byPersnr[employer]
	checkedRows := make([]checked, len(rows))
	deps := make([]*Department, len(rows))
	paths := make([]string, len(rows))
	firstRow := make(map[string]int, len(rows))
	type deptResolution struct {
		dep  *Department
		path string        // to create
		code validate.Code // problem
	}
	resolved := map[string]deptResolution{}
	var bad []RowError
	for i := range rows {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ImportResult{}, err
			}
		}
		f := validate.FieldErrors{}
		c := rows[i].check(f, today)
		if c.persnr != "" {
			if _, dup := firstRow[c.persnr]; dup {
				f.Add(FieldPersnr, validate.Duplicate)
			} else {
				firstRow[c.persnr] = i
			}
		}
		if c.deptID != (vault.ID{}) || c.deptRef != "" {
			key := c.deptID.String() + "\x00" + strings.ToLower(c.deptRef)
			r, seen := resolved[key]
			if !seen {
				rf := validate.FieldErrors{}
				dep, err := d.targetDept(rf, employer, &c, false)
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
				f.Add(FieldDepartment, r.code)
			}
			deps[i], paths[i] = r.dep, r.path
		}
		if len(f) > 0 {
			bad = append(bad, RowError{Row: i, Fields: f})
		}
		checkedRows[i] = c
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
	olds, oldScopes, err := d.existingIdentities(employer, checkedRows)
	if err != nil {
		return nil, ImportResult{}, err
	}
	for _, dep := range deps {
		if dep != nil && !d.sess.HasScope(dep.Scope) {
			return nil, ImportResult{}, fmt.Errorf("people: import into a department whose key this session does not hold: %w", vault.ErrNoAccess)
		}
	}

	res := ImportResult{Rows: make([]RowOutcome, len(rows))}
	plans := make([]importPlan, len(rows))
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
			if err := p.marshal(); err != nil {
				return nil, ImportResult{}, err
			}
			oldEmpJSON, err1 := json.Marshal(old)
			oldIDJSON, err2 := json.Marshal(p.old)
			if err := errors.Join(err1, err2); err != nil {
				return nil, ImportResult{}, err
			}
			same = bytes.Equal(oldEmpJSON, p.empJSON) && bytes.Equal(oldIDJSON, p.idJSON)
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
	known := d.byPersnr[employer]
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

// InterruptedImports lists imports that started writing and never finished (their journal
// record is still there), oldest first. Re-running the same import completes it.
func (d *Directory) InterruptedImports() ([]ImportJournal, error) {
	var out []ImportJournal
	err := d.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindImportJournal, func(id vault.ID, r vault.Sealed) error {
			j, err := vault.OpenJSON[ImportJournal](r)
			if err != nil {
				return fmt.Errorf("open import journal %s: %w", id, err)
			}
			out = append(out, j)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Started.Before(out[j].Started) })
	return out, err
}
