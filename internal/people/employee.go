package people

import (
	"errors"
	"fmt"
	"sort"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// EmployeeView is what a read returns: the skeleton always, the identity only when the session
// holds the scope of the employee's department. IdentityRead says whether identity
// data was decrypted, so the caller can audit the read.
type EmployeeView struct {
	Employee
	DepartmentPath string    `json:"departmentPath"`
	Active         bool      `json:"active"`
	Label          string    `json:"label"`
	Identity       *Identity `json:"identity,omitempty"`
	IdentityRead   bool      `json:"identityRead"`
}

func (d *Directory) emp(id vault.ID) (*Employee, error) {
	e, ok := d.emps[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrEmployeeNotFound, id)
	}
	return e, nil
}

// readIdentity opens an employee's identity: (nil, nil) when the session lacks the scope.
func (d *Directory) readIdentity(tx *vault.Tx, id vault.ID) (*Identity, error) {
	ident, err := vault.GetJSON[Identity](tx, KindIdentity, id)
	if errors.Is(err, vault.ErrNoAccess) || errors.Is(err, vault.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &ident, nil
}

func (d *Directory) view(e *Employee, ident *Identity) EmployeeView {
	return d.viewIn(d.depts, e, ident)
}

// viewIn is view with the departments of depts (before the load: the quick tree's).
func (d *Directory) viewIn(depts map[vault.ID]*Department, e *Employee, ident *Identity) EmployeeView {
	return EmployeeView{Employee: *e.clone(), DepartmentPath: departmentPath(depts, e.Department), Active: e.Active(d.today()),
		Label: e.Label(ident), Identity: ident, IdentityRead: ident != nil}
}

// readSkeleton reads one employee's skeleton record, before the load: ErrEmployeeNotFound when
// it is not there or the session's keys do not open it, as the loaded skeletons would say.
func readSkeleton(tx *vault.Tx, id vault.ID) (*Employee, error) {
	e, err := vault.GetJSON[Employee](tx, KindEmployee, id)
	if errors.Is(err, vault.ErrNoAccess) || errors.Is(err, vault.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrEmployeeNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	e.ID = id
	return &e, nil
}

// Employee reads an employee: the skeleton, and the identity if the session's keys open it.
// Before the skeletons are loaded it reads the employee's own records, so that Actueel's open
// absences show right after an unlock.
func (d *Directory) Employee(id vault.ID) (EmployeeView, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if qt := d.quickTree(); qt != nil {
		var out EmployeeView
		err := d.sess.View(func(tx *vault.Tx) error {
			e, err := readSkeleton(tx, id)
			if err != nil {
				return err
			}
			ident, err := d.readIdentity(tx, id)
			out = d.viewIn(qt.depts, e, ident)
			return err
		})
		return out, err
	}
	if err := d.load(); err != nil {
		return EmployeeView{}, err
	}
	e, err := d.emp(id)
	if err != nil {
		return EmployeeView{}, err
	}
	var ident *Identity
	if err := d.sess.View(func(tx *vault.Tx) (err error) { ident, err = d.readIdentity(tx, id); return err }); err != nil {
		return EmployeeView{}, err
	}
	return d.view(e, ident), nil
}

// EmployeeByPersnr finds an employee of an employer by personnel number (exact, leading zeros
// count). It reads like Employee.
func (d *Directory) EmployeeByPersnr(employer vault.ID, persnr string) (EmployeeView, error) {
	d.mu.Lock()
	id, ok := vault.ID{}, false
	if err := d.load(); err != nil {
		d.mu.Unlock()
		return EmployeeView{}, err
	}
	id, ok = d.persnrs()[employer][persnr]
	d.mu.Unlock()
	if !ok {
		return EmployeeView{}, ErrEmployeeNotFound
	}
	return d.Employee(id)
}

// Employments are an employee's employments in start order, from the anonymised skeleton (no
// identity is opened); the sharing rules check dates against them.
func (d *Directory) Employments(id vault.ID) ([]Employment, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	e, err := d.emp(id)
	if err != nil {
		return nil, err
	}
	return append([]Employment(nil), e.Employments...), nil
}

// ListFilter narrows ListEmployees.
type ListFilter struct {
	Active, Ended    bool // both false: both
	Shared, Unshared bool // both false: both
	Subtree          bool // include departments below
}

// ListEmployees lists the skeletons of a department (and optionally its subtree) by persnr, with
// their tree labels: a shared employee's name when the name index (built by a search or
// BuildNameIndex) holds it, otherwise "Anoniem (Persnr …)".
func (d *Directory) ListEmployees(dept vault.ID, f ListFilter) ([]EmployeeView, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	root, err := d.dept(dept)
	if err != nil {
		return nil, err
	}
	in := map[vault.ID]bool{dept: true}
	if f.Subtree {
		var walk func(p vault.ID)
		walk = func(p vault.ID) {
			for _, c := range d.visibleChildren(root.Employer, p, true) {
				in[c.ID] = true
				walk(c.ID)
			}
		}
		walk(dept)
	}
	today := d.today()
	var out []EmployeeView
	for _, e := range d.emps {
		if !in[e.Department] {
			continue
		}
		act := e.Active(today)
		if (f.Active || f.Ended) && !(f.Active && act || f.Ended && !act) {
			continue
		}
		if (f.Shared || f.Unshared) && !(f.Shared && e.Shared || f.Unshared && !e.Shared) {
			continue
		}
		v := EmployeeView{Employee: *e.clone(), DepartmentPath: d.path(e.Department), Active: act, Label: e.AnonymousLabel()}
		if e.Shared {
			if n, _, ok := d.names.get(e.ID); ok && n.Display != "" {
				v.Label = n.Display
			}
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Persnr < out[j].Persnr })
	return out, nil
}

// writeEmployee stores the skeleton and (when ident is not nil) the identity in one
// transaction, both under the scope of the employee's current department, with their index
// entries: the identity's (moved from the old identity under the scope of prev's department)
// and the persnr's. prev is the stored skeleton (nil for a new employee); when the department
// changed, the records registered with MoveWithEmployee move along. with, when not nil, is
// another package's write in the same transaction (it may run more than once).
func (d *Directory) writeEmployee(e, prev *Employee, ident *Identity, with func(*vault.Tx) error) error {
	scope, err := d.scopeOf(e.Department)
	if err != nil {
		return err
	}
	oldScope := scope
	if prev != nil {
		if oldScope, err = d.scopeOf(prev.Department); err != nil {
			return err
		}
	}
	dir := d.sess.DirectoryScope()
	return d.sess.Update(func(tx *vault.Tx) error {
		if err := vault.PutJSON(tx, KindEmployee, e.ID, scope, e); err != nil {
			return err
		}
		if prev == nil || prev.Persnr != e.Persnr || prev.Employer != e.Employer {
			if prev != nil {
				if err := tx.DeleteIndex(dir, IndexPersnr, persnrIndexValue(prev.Employer, prev.Persnr), KindEmployee, e.ID); err != nil {
					return err
				}
			}
			if err := tx.SetIndex(dir, IndexPersnr, persnrIndexValue(e.Employer, e.Persnr), KindEmployee, e.ID); err != nil {
				return err
			}
		}
		if with != nil {
			if err := with(tx); err != nil {
				return err
			}
		}
		if oldScope != scope {
			if err := d.moveFollowers(tx, e.ID, scope); err != nil {
				return err
			}
		}
		if ident == nil {
			return nil
		}
		return vault.PutJSON(tx, KindIdentity, e.ID, scope, ident)
	})
}

// moveFollowers seals the records registered with MoveWithEmployee again under scope.
func (d *Directory) moveFollowers(tx *vault.Tx, id vault.ID, scope vault.ScopeID) error {
	for _, kind := range d.followers {
		b, err := tx.Get(kind, id)
		if errors.Is(err, vault.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		err = tx.Put(kind, id, scope, b)
		clear(b) // plaintext of another package: do not keep it
		if err != nil {
			return err
		}
	}
	return nil
}

// persnrTaken reports whether another employee of the employer already has persnr, also one
// outside the session's departments (through the directory's persnr index, which says only
// that it is taken).
func (d *Directory) persnrTaken(employer vault.ID, persnr string, self vault.ID) (bool, error) {
	if id, ok := d.persnrs()[employer][persnr]; ok {
		return id != self, nil
	}
	taken := false
	err := d.sess.View(func(tx *vault.Tx) error {
		ids, err := tx.Lookup(d.sess.DirectoryScope(), IndexPersnr, persnrIndexValue(employer, persnr))
		for _, id := range ids {
			if id != self {
				taken = true
			}
		}
		return err
	})
	return taken, err
}

// targetDept resolves the department of a checked input; problems go to f. create allows
// creating a missing path (admin session).
func (d *Directory) targetDept(f validate.FieldErrors, employer vault.ID, c *checked, create bool) (*Department, error) {
	if c.deptID != (vault.ID{}) {
		dep, ok := d.depts[c.deptID]
		if !ok || dep.Employer != employer || dep.Archived {
			f.Add(FieldDepartment, validate.UnknownRef)
			return nil, nil
		}
		return d.ownDept(f, dep), nil
	}
	if c.deptRef == "" {
		return nil, nil
	}
	dep, err := d.resolve(employer, c.deptRef, create)
	if errors.Is(err, ErrDepartmentNotFound) {
		f.Add(FieldDepartment, validate.UnknownRef)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return d.ownDept(f, dep), nil
}

// ownDept refuses a department whose key the session does not hold: a manager adds and
// imports employees only in their own departments.
func (d *Directory) ownDept(f validate.FieldErrors, dep *Department) *Department {
	if !d.sess.HasDepartment(dep.ID) {
		f.Add(FieldDepartment, validate.NotYourDepartment)
		return nil
	}
	return dep
}

// CreateEmployee validates an employee with one employment and stores the skeleton (directory
// scope) and the identity (the department's scope) with its blind indexes. Problems
// come back as validate.FieldErrors under the Field* names; a persnr already used at this
// employer is validate.Duplicate. A department path that does not exist yet is created (admin).
func (d *Directory) CreateEmployee(employer vault.ID, in EmployeeInput) (EmployeeView, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return EmployeeView{}, err
	}
	if err := d.employer(employer); err != nil {
		return EmployeeView{}, err
	}
	f, p := validate.FieldErrors{}, validate.Params{}
	c := in.check(f, d.today())
	if c.persnr != "" {
		taken, err := d.persnrTaken(employer, c.persnr, vault.ID{})
		if err != nil {
			return EmployeeView{}, err
		}
		if taken {
			f.Add(FieldPersnr, validate.Duplicate)
		}
	}
	if err := d.checkBSNTaken(f, p, employer, c.ident.BSN, vault.ID{}); err != nil {
		return EmployeeView{}, err
	}
	if err := f.ErrWith(p); err != nil {
		return EmployeeView{}, err
	}
	dep, err := d.targetDept(f, employer, &c, true)
	if err != nil {
		return EmployeeView{}, err
	}
	if err := f.Err(); err != nil {
		return EmployeeView{}, err
	}
	c.job.Department = dep.ID
	e := &Employee{ID: vault.NewID(), Employer: employer, Persnr: c.persnr, Department: dep.ID, Employments: []Employment{c.job}}
	if err := d.writeEmployee(e, nil, &c.ident, nil); err != nil {
		return EmployeeView{}, err
	}
	done := d.touch([]vault.ID{e.ID})
	d.emps[e.ID] = e
	d.persnrMap(employer)[e.Persnr] = e.ID
	d.names.put(e.ID, &c.ident)
	done(map[vault.ID]*Identity{e.ID: &c.ident})
	return d.view(e, &c.ident), nil
}

// UpdateEmployee replaces an employee's identity with the input (every field as given: an empty
// field clears the stored value) and applies the employment: same start updates that
// employment, a start after the last employment's end is a re-hire, any other start corrects
// the current employment. A new department moves the employee (see MoveEmployee). The session
// must hold the department scopes of the old and the new department (vault.ErrNoAccess).
func (d *Directory) UpdateEmployee(id vault.ID, in EmployeeInput) (EmployeeView, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return EmployeeView{}, err
	}
	e, err := d.emp(id)
	if err != nil {
		return EmployeeView{}, err
	}
	f, p := validate.FieldErrors{}, validate.Params{}
	c := in.check(f, d.today())
	if c.persnr != "" && c.persnr != e.Persnr {
		taken, err := d.persnrTaken(e.Employer, c.persnr, id)
		if err != nil {
			return EmployeeView{}, err
		}
		if taken {
			f.Add(FieldPersnr, validate.Duplicate)
		}
	}
	if err := d.checkBSNTaken(f, p, e.Employer, c.ident.BSN, id); err != nil {
		return EmployeeView{}, err
	}
	if err := f.ErrWith(p); err != nil {
		return EmployeeView{}, err
	}
	dep, err := d.targetDept(f, e.Employer, &c, true)
	if err != nil {
		return EmployeeView{}, err
	}
	if err := f.Err(); err != nil {
		return EmployeeView{}, err
	}
	if !d.sess.HasDepartment(e.Department) || !d.sess.HasDepartment(dep.ID) {
		return EmployeeView{}, fmt.Errorf("people: update employee: %w", vault.ErrNoAccess)
	}
	next := e.clone()
	next.Persnr = c.persnr
	c.job.Department = dep.ID
	next.Employments, _ = mergeEmployment(next.Employments, c.job)
	next.Department = next.Current().Department
	if err := d.writeEmployee(next, e, &c.ident, nil); err != nil {
		return EmployeeView{}, err
	}
	done := d.touch([]vault.ID{id})
	delete(d.persnrMap(e.Employer), e.Persnr)
	d.persnrMap(e.Employer)[next.Persnr] = id
	*e = *next
	d.names.put(id, &c.ident)
	done(map[vault.ID]*Identity{id: &c.ident})
	return d.view(e, &c.ident), nil
}

// MoveEmployee puts an employee in another department of the same employer: the current
// employment's department changes, the identity is re-sealed under the new department's scope
// (so the old department's key no longer opens it) and its blind-index entries move along. The
// session must hold both department scopes.
func (d *Directory) MoveEmployee(id, dept vault.ID) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return err
	}
	e, err := d.emp(id)
	if err != nil {
		return err
	}
	to, err := d.dept(dept)
	if err != nil {
		return err
	}
	if to.Employer != e.Employer {
		return ErrOtherEmployer
	}
	if to.Archived {
		return ErrArchived
	}
	from, err := d.dept(e.Department)
	if err != nil {
		return err
	}
	if from.ID == to.ID {
		return nil
	}
	if !d.sess.HasDepartment(from.ID) || !d.sess.HasDepartment(to.ID) {
		return fmt.Errorf("people: move employee: %w", vault.ErrNoAccess)
	}
	var ident *Identity
	if err := d.sess.View(func(tx *vault.Tx) (err error) { ident, err = d.readIdentity(tx, id); return err }); err != nil {
		return err
	}
	next := e.clone()
	next.Department = to.ID
	if c := next.Current(); c != nil {
		c.Department = to.ID
	}
	if err := d.writeEmployee(next, e, ident, nil); err != nil {
		return err
	}
	done := d.touch([]vault.ID{id})
	*e = *next
	done(map[vault.ID]*Identity{id: ident})
	return nil
}

// EndEmployment sets the end date of the employee's open employment (end >= start,
// validate.FieldErrors under FieldEnd). Ordinary users end employments; people are never
// deleted here (erasure is an admin's retention action).
func (d *Directory) EndEmployment(id vault.ID, end string) error {
	return d.changeSkeleton(id, func(next *Employee) error {
		cur := next.Current()
		if cur == nil || cur.End != "" {
			return ErrNoOpenEmployment
		}
		f := validate.FieldErrors{}
		t := validate.Date(f, FieldEnd, end, true)
		start, _ := validate.ParseDate(cur.Start)
		validate.EndNotBeforeStart(f, FieldEnd, start, t)
		if err := f.Err(); err != nil {
			return err
		}
		cur.End = dateString(t)
		return nil
	})
}

// SetShared records whether the employee's dossier is shared with the arbo service (the
// sharing package decides when). with, when not nil, runs in the same transaction, so the
// sharing package's own record and the flag are written together or not at all; it may run more
// than once (a retried transaction).
func (d *Directory) SetShared(id vault.ID, shared bool, with func(*vault.Tx) error) error {
	return d.changeSkeletonWith(id, func(next *Employee) error {
		next.Shared = shared
		return nil
	}, with)
}

// changeSkeleton applies change to a copy of the employee's anonymised record and stores it;
// the cached record is replaced only when the write succeeded. Identity data is untouched. The
// session must hold the department scope of the employee's department (vault.ErrNoAccess).
func (d *Directory) changeSkeleton(id vault.ID, change func(next *Employee) error) error {
	return d.changeSkeletonWith(id, change, nil)
}

// changeSkeletonWith is changeSkeleton with another write in the same transaction.
func (d *Directory) changeSkeletonWith(id vault.ID, change func(next *Employee) error, with func(*vault.Tx) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return err
	}
	e, err := d.emp(id)
	if err != nil {
		return err
	}
	if !d.sess.HasDepartment(e.Department) {
		return fmt.Errorf("people: change employee in another department: %w", vault.ErrNoAccess)
	}
	next := e.clone()
	if err := change(next); err != nil {
		return err
	}
	if err := d.writeEmployee(next, e, nil, with); err != nil {
		return err
	}
	done := d.touch([]vault.ID{id})
	*e = *next
	done(nil)
	return nil
}

// RetentionYears is how long personnel data is kept after the employment ends (DOMAIN.md,
// "Retention and logging"), unless a longer legal duty applies.
const RetentionYears = 2

// Retention is an employee whose retention period ended: the last employment ended more than
// RetentionYears ago.
type Retention struct {
	Employee       vault.ID
	Persnr         string
	DepartmentPath string
	Ended          string // jjjj-mm-dd, the last day of the last employment
}

// PastRetention lists the employees whose retention period has ended, the longest ago first.
// It reads only the anonymised skeleton.
func (d *Directory) PastRetention() ([]Retention, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	return d.retentionList(), nil
}

// retentionList is PastRetention of the loaded skeletons; d.mu is held.
func (d *Directory) retentionList() []Retention {
	limit := d.retentionLimit()
	var out []Retention
	for _, e := range d.emps {
		c := e.Current()
		if c == nil || !pastRetention(c.End, limit) {
			continue
		}
		out = append(out, Retention{Employee: e.ID, Persnr: e.Persnr, DepartmentPath: d.path(e.Department), Ended: c.End})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Ended != out[j].Ended {
			return out[i].Ended < out[j].Ended
		}
		return out[i].Persnr < out[j].Persnr
	})
	return out
}

// retentionLimit is the last day of employment whose retention period has not ended yet.
func (d *Directory) retentionLimit() string {
	return d.today().AddDate(-RetentionYears, 0, 0).Format(DateLayout)
}

// pastRetention reports whether an employment that ended on end (jjjj-mm-dd, "": not ended)
// is past its retention period for limit (retentionLimit).
func pastRetention(end, limit string) bool { return end != "" && end < limit }

// RetentionDue is how many employees PastRetention lists. Before the skeletons are loaded it
// counts from the scopes' tree summaries, so that Actueel answers right after an unlock.
func (d *Directory) RetentionDue() (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	limit := d.retentionLimit()
	n := 0
	if qt := d.quickTree(); qt != nil {
		for _, s := range qt.summaries {
			for k, c := range s {
				if !k.noJob && pastRetention(k.end, limit) {
					n += c
				}
			}
		}
		return n, nil
	}
	if err := d.load(); err != nil {
		return 0, err
	}
	return len(d.retentionList()), nil
}
