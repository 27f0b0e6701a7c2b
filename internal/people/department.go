package people

import (
	"fmt"
	"sort"
	"strings"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

func (d *Directory) dept(id vault.ID) (*Department, error) {
	dep, ok := d.depts[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrDepartmentNotFound, id)
	}
	return dep, nil
}

// children lists the departments directly below parent (zero: top level) of an employer.
func (d *Directory) children(employer, parent vault.ID, archived bool) []*Department {
	return d.childrenWhere(employer, parent, archived, false)
}

// visibleChildren is children limited to what the session's tree shows (visible).
func (d *Directory) visibleChildren(employer, parent vault.ID, archived bool) []*Department {
	return d.childrenWhere(employer, parent, archived, true)
}

func (d *Directory) childrenWhere(employer, parent vault.ID, archived, onlyVisible bool) []*Department {
	var out []*Department
	for _, dep := range d.depts {
		if dep.Employer == employer && dep.Parent == parent && (archived || !dep.Archived) && (!onlyVisible || d.visible[dep.ID]) {
			out = append(out, dep)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := strings.ToLower(out[i].Name), strings.ToLower(out[j].Name); a != b {
			return a < b
		}
		return out[i].ID.String() < out[j].ID.String()
	})
	return out
}

// checkDeptName validates a department name and its uniqueness among the live siblings.
func (d *Directory) checkDeptName(f validate.FieldErrors, employer, parent, self vault.ID, name string) string {
	n := validate.Text(f, FieldDepartmentName, name, true, MaxDepartmentName)
	if strings.Contains(n, "/") {
		f.Add(FieldDepartmentName, validate.PathSeparator)
	}
	for _, s := range d.children(employer, parent, false) {
		if s.ID != self && strings.EqualFold(s.Name, n) {
			f.Add(FieldDepartmentName, validate.Duplicate)
		}
	}
	return n
}

func (d *Directory) checkDeptCode(f validate.FieldErrors, employer, self vault.ID, code string) string {
	c := validate.Text(f, FieldDepartmentCode, code, false, MaxDepartmentCode)
	if c == "" {
		return ""
	}
	if strings.Contains(c, "/") {
		f.Add(FieldDepartmentCode, validate.PathSeparator)
	}
	for _, dep := range d.depts {
		if dep.Employer == employer && dep.ID != self && strings.EqualFold(dep.Code, c) {
			f.Add(FieldDepartmentCode, validate.Duplicate)
		}
	}
	return c
}

// saveDept stores a changed department; changing the tree is for users who hold every
// department (admins and HR), not for managers.
func (d *Directory) saveDept(dep *Department) error {
	if !d.sess.AllDepartments() {
		return fmt.Errorf("people: change the department tree: %w", vault.ErrNoAccess)
	}
	d.reshaped()
	return d.sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindDepartment, dep.ID, d.sess.DirectoryScope(), dep)
	})
}

// newDept creates a department with its own scope, bound to it in the signed keyring; d.mu is
// held and name/code checked. Binding a scope needs an admin session (vault.ErrDenied otherwise).
func (d *Directory) newDept(employer, parent vault.ID, name, code string) (*Department, error) {
	dep := &Department{ID: vault.NewID(), Employer: employer, Parent: parent, Name: name, Code: code}
	if err := d.sess.NewDepartmentTree([]vault.DepartmentNode{{ID: dep.ID, Parent: parent}}); err != nil {
		return nil, fmt.Errorf("people: create department scope: %w", err)
	}
	if err := d.saveDept(dep); err != nil {
		return nil, err
	}
	d.depts[dep.ID] = dep
	d.visible[dep.ID] = true
	return dep, nil
}

// CreateDepartment adds a department below parent (zero: top level) with its own identity
// scope. Names are unique among live siblings (case-insensitive), codes per employer; a name may
// not contain '/'. Needs an admin session.
func (d *Directory) CreateDepartment(employer, parent vault.ID, name, code string) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	if err := d.employer(employer); err != nil {
		return Department{}, err
	}
	if parent != (vault.ID{}) {
		p, err := d.dept(parent)
		if err != nil {
			return Department{}, err
		}
		if p.Employer != employer {
			return Department{}, ErrOtherEmployer
		}
		if p.Archived {
			return Department{}, ErrArchived
		}
	}
	f := validate.FieldErrors{}
	n := d.checkDeptName(f, employer, parent, vault.ID{}, name)
	c := d.checkDeptCode(f, employer, vault.ID{}, code)
	if err := f.Err(); err != nil {
		return Department{}, err
	}
	dep, err := d.newDept(employer, parent, n, c)
	if err != nil {
		return Department{}, err
	}
	return *dep, nil
}

// RenameDepartment changes a department's name (and code; an empty code removes it).
func (d *Directory) RenameDepartment(id vault.ID, name, code string) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	dep, err := d.dept(id)
	if err != nil {
		return Department{}, err
	}
	f := validate.FieldErrors{}
	n := d.checkDeptName(f, dep.Employer, dep.Parent, dep.ID, name)
	c := d.checkDeptCode(f, dep.Employer, dep.ID, code)
	if err := f.Err(); err != nil {
		return Department{}, err
	}
	next := *dep
	next.Name, next.Code = n, c
	if err := d.saveDept(&next); err != nil {
		return Department{}, err
	}
	*dep = next
	return next, nil
}

// MoveDepartment puts a department below newParent (zero: top level) of the same employer.
// ErrCycle when newParent is the department itself or lies below it. The move is signed in the
// keyring first (it decides what a manager's grant covers), so it needs an admin session; a
// manager who loses the department by it leaves its scope rotating (the caller re-seals).
func (d *Directory) MoveDepartment(id, newParent vault.ID) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	dep, err := d.dept(id)
	if err != nil {
		return Department{}, err
	}
	if newParent != (vault.ID{}) {
		p, err := d.dept(newParent)
		if err != nil {
			return Department{}, err
		}
		if p.Employer != dep.Employer {
			return Department{}, ErrOtherEmployer
		}
		if p.Archived {
			return Department{}, ErrArchived
		}
		for a := p; ; {
			if a.ID == dep.ID {
				return Department{}, ErrCycle
			}
			if a.Parent == (vault.ID{}) {
				break
			}
			if a, err = d.dept(a.Parent); err != nil {
				return Department{}, err
			}
		}
	}
	f := validate.FieldErrors{}
	d.checkDeptName(f, dep.Employer, newParent, dep.ID, dep.Name)
	if err := f.Err(); err != nil {
		return Department{}, err
	}
	if _, err := d.sess.MoveDepartment(dep.ID, newParent); err != nil {
		return Department{}, fmt.Errorf("people: move department: %w", err)
	}
	next := *dep
	next.Parent = newParent
	if err := d.saveDept(&next); err != nil {
		return Department{}, err
	}
	*dep = next
	d.visible = visibleDepartments(d.sess, d.depts)
	return next, nil
}

// DepartmentParents maps every department, archived ones too, to its parent as the directory
// records it (zero: top level): what an admin's session signs once into an older vault's keyring.
func (d *Directory) DepartmentParents() (map[vault.ID]vault.ID, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	out := make(map[vault.ID]vault.ID, len(d.depts))
	for id, dep := range d.depts {
		out[id] = dep.Parent
	}
	return out, nil
}

// ArchiveDepartment hides a department from the tree and from path lookups. A department is
// never deleted, and cannot be archived while it has active employees or live departments below
// it (ErrDepartmentNotEmpty); ended employees stay in it.
func (d *Directory) ArchiveDepartment(id vault.ID) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return err
	}
	dep, err := d.dept(id)
	if err != nil {
		return err
	}
	if len(d.children(dep.Employer, dep.ID, false)) > 0 {
		return ErrDepartmentNotEmpty
	}
	today := d.today()
	for _, e := range d.emps {
		if e.Department == id && e.Active(today) {
			return ErrDepartmentNotEmpty
		}
	}
	next := *dep
	next.Archived = true
	if err := d.saveDept(&next); err != nil {
		return err
	}
	*dep = next
	return nil
}

// Department returns one department.
func (d *Directory) Department(id vault.ID) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	dep, err := d.dept(id)
	if err != nil {
		return Department{}, err
	}
	return *dep, nil
}

// DepartmentOf is the current department of an employee, read from the skeleton only (no
// identity data is opened).
func (d *Directory) DepartmentOf(employee vault.ID) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	e, err := d.emp(employee)
	if err != nil {
		return Department{}, err
	}
	dep, err := d.dept(e.Department)
	if err != nil {
		return Department{}, err
	}
	return *dep, nil
}

// DepartmentPath is a department's path from the top: "Utrecht/Magazijn".
func (d *Directory) DepartmentPath(id vault.ID) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return "", err
	}
	return d.path(id), nil
}

func (d *Directory) path(id vault.ID) string { return departmentPath(d.depts, id) }

// departmentPath is the path of department id among depts ("Utrecht/Magazijn").
func departmentPath(depts map[vault.ID]*Department, id vault.ID) string {
	var parts []string
	for i := 0; i < 1000; i++ { // depth guard against a damaged tree
		dep, ok := depts[id]
		if !ok {
			break
		}
		parts = append(parts, dep.Name)
		if dep.Parent == (vault.ID{}) {
			break
		}
		id = dep.Parent
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// DepartmentByCode finds a live department of an employer by its code (case-insensitive).
func (d *Directory) DepartmentByCode(employer vault.ID, code string) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	if dep := d.byCode(employer, strings.TrimSpace(code)); dep != nil {
		return *dep, nil
	}
	return Department{}, ErrDepartmentNotFound
}

func (d *Directory) byCode(employer vault.ID, code string) *Department {
	if code == "" {
		return nil
	}
	for _, dep := range d.depts {
		if dep.Employer == employer && !dep.Archived && strings.EqualFold(dep.Code, code) {
			return dep
		}
	}
	return nil
}

// splitPath splits "Utrecht / Magazijn" into trimmed parts; ok is false for an empty part.
func splitPath(p string) ([]string, bool) {
	parts := strings.Split(p, "/")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
		if parts[i] == "" || len([]rune(parts[i])) > MaxDepartmentName {
			return nil, false
		}
	}
	return parts, len(parts) > 0
}

// findPath walks a path through the live tree; it returns the deepest department found and how
// many parts matched.
func (d *Directory) findPath(employer vault.ID, parts []string) (*Department, int) {
	var at *Department
	parent := vault.ID{}
	for i, p := range parts {
		var next *Department
		for _, c := range d.depts {
			if c.Employer == employer && c.Parent == parent && !c.Archived && strings.EqualFold(c.Name, p) {
				next = c
				break
			}
		}
		if next == nil {
			return at, i
		}
		at, parent = next, next.ID
	}
	return at, len(parts)
}

// DepartmentByPath finds a department by its path ("Utrecht/Magazijn", case-insensitive) or,
// for a reference without '/', by its code first. With create, missing departments along the
// path are created (admin session needed).
func (d *Directory) DepartmentByPath(employer vault.ID, ref string, create bool) (Department, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return Department{}, err
	}
	if err := d.employer(employer); err != nil {
		return Department{}, err
	}
	dep, err := d.resolve(employer, ref, create)
	if err != nil {
		return Department{}, err
	}
	return *dep, nil
}

// resolve is DepartmentByPath with d.mu held.
func (d *Directory) resolve(employer vault.ID, ref string, create bool) (*Department, error) {
	ref = strings.TrimSpace(ref)
	if !strings.Contains(ref, "/") {
		if dep := d.byCode(employer, ref); dep != nil {
			return dep, nil
		}
	}
	parts, ok := splitPath(ref)
	if !ok {
		return nil, fmt.Errorf("%w: not a department path", ErrDepartmentNotFound)
	}
	at, n := d.findPath(employer, parts)
	if n == len(parts) {
		return at, nil
	}
	if !create {
		return nil, ErrDepartmentNotFound
	}
	parent := vault.ID{}
	if at != nil {
		parent = at.ID
	}
	for _, p := range parts[n:] {
		dep, err := d.newDept(employer, parent, p, "")
		if err != nil {
			return nil, err
		}
		parent = dep.ID
		at = dep
	}
	return at, nil
}

// Counts are the employees of a department and every department below it.
type Counts struct {
	Active    int `json:"active"`
	Ended     int `json:"ended"`
	Shared    int `json:"shared"`
	NotShared int `json:"notShared"`
}

func (c *Counts) add(o Counts) {
	c.Active += o.Active
	c.Ended += o.Ended
	c.Shared += o.Shared
	c.NotShared += o.NotShared
}

// TreeNode is a department in tree order, with counts over its whole subtree (Total) and over
// the employees directly in it (Own).
type TreeNode struct {
	Department
	Path     string `json:"path"`
	Depth    int    `json:"depth"`
	Children int    `json:"children"`
	Own      Counts `json:"own"`
	Total    Counts `json:"total"`
}

// Tree lists an employer's live departments depth-first (siblings by name), each with counts of
// active/ended and shared/not-shared employees. A manager sees their departments and the
// departments above them, with counts of their own departments' employees only. Before the
// skeletons are loaded the counts come from the scopes' tree summaries (treesummary.go).
func (d *Directory) Tree(employer vault.ID) ([]TreeNode, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	today := d.today().Format(DateLayout)
	own := map[vault.ID]Counts{}
	count := func(dept vault.ID, shared, active bool, n int) {
		c := own[dept]
		if active {
			c.Active += n
		} else {
			c.Ended += n
		}
		if shared {
			c.Shared += n
		} else {
			c.NotShared += n
		}
		own[dept] = c
	}
	var kids map[parentKey][]*Department
	if qt := d.quickTree(); qt != nil {
		if _, ok := qt.employers[employer]; !ok {
			return nil, fmt.Errorf("%w: %s", ErrEmployerNotFound, employer)
		}
		kids = qt.kids
		for dept, s := range qt.summaries {
			if dep := qt.depts[dept]; dep == nil || dep.Employer != employer {
				continue
			}
			for k, n := range s {
				count(dept, k.shared, k.active(today), n)
			}
		}
	} else {
		if err := d.load(); err != nil {
			return nil, err
		}
		if err := d.employer(employer); err != nil {
			return nil, err
		}
		kids = d.order()
		for _, e := range d.emps {
			if e.Employer == employer {
				count(e.Department, e.Shared, keyOf(e).active(today), 1)
			}
		}
	}
	var out []TreeNode
	var walk func(parent vault.ID, depth int, prefix string) Counts
	walk = func(parent vault.ID, depth int, prefix string) Counts {
		var sum Counts
		if depth > 1000 { // a damaged tree with a cycle
			return sum
		}
		for _, c := range kids[parentKey{employer, parent}] {
			i := len(out)
			out = append(out, TreeNode{Department: *c, Path: prefix + c.Name, Depth: depth, Own: own[c.ID]})
			total := own[c.ID]
			total.add(walk(c.ID, depth+1, prefix+c.Name+"/"))
			out[i].Children, out[i].Total = len(kids[parentKey{employer, c.ID}]), total
			sum.add(total)
		}
		return sum
	}
	walk(vault.ID{}, 0, "")
	return out, nil
}
