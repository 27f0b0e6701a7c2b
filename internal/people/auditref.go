package people

import "kluis/internal/vault"

// What the audit log (the Logboek) needs from the directory: which employee an id is, by persnr
// and department, and the label the tree would show, so a log row names an employee no more
// than the tree does for this session.

// EmployeeRef is an employee as an audit event records them when it is written.
type EmployeeRef struct {
	ID         vault.ID
	Persnr     string
	Employer   vault.ID
	Department vault.ID
}

// EmployeeRefs returns the refs of the ids that are employees this session sees (others are
// left out).
func (d *Directory) EmployeeRefs(ids []vault.ID) []EmployeeRef {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.load() != nil {
		return nil
	}
	var out []EmployeeRef
	for _, id := range ids {
		if e, ok := d.emps[id]; ok {
			out = append(out, EmployeeRef{ID: id, Persnr: e.Persnr, Employer: e.Employer, Department: e.Department})
		}
	}
	return out
}

// SubjectView is how the Logboek names an employee: the persnr, the department's path and the
// tree's label ("Anoniem (Persnr …)", or the name of a shared employee whose department's key
// the session holds).
type SubjectView struct {
	Persnr         string
	DepartmentPath string
	Label          string
	Named          bool // Label is a name
}

// DescribeSubjects names employees for the Logboek. refs are what the events recorded (used
// for employees this session cannot see, such as every employee for a privacy officer: persnr
// and department, never a name); ids the session sees get their current persnr and label.
func (d *Directory) DescribeSubjects(refs []EmployeeRef) (map[vault.ID]SubjectView, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	var labels map[vault.ID]label
	out := make(map[vault.ID]SubjectView, len(refs))
	for _, r := range refs {
		e, seen := d.emps[r.ID]
		if !seen {
			anon := &Employee{Persnr: r.Persnr}
			out[r.ID] = SubjectView{Persnr: r.Persnr, DepartmentPath: d.path(r.Department), Label: anon.AnonymousLabel()}
			continue
		}
		v := SubjectView{Persnr: e.Persnr, DepartmentPath: d.path(e.Department), Label: e.AnonymousLabel()}
		if e.Shared && d.sess.HasDepartment(e.Department) {
			if labels == nil {
				var err error
				if labels, err = d.sharedLabels(); err != nil {
					return nil, err
				}
			}
			if n, ok := labels[r.ID]; ok && n.display != "" {
				v.Label, v.Named = n.display, true
			}
		}
		out[r.ID] = v
	}
	return out, nil
}

// EmployeesByPersnr lists the employees this session sees with a persnr (one per employer).
func (d *Directory) EmployeesByPersnr(persnr string) []vault.ID {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.load() != nil {
		return nil
	}
	var out []vault.ID
	for _, m := range d.persnrs() {
		if id, ok := m[persnr]; ok {
			out = append(out, id)
		}
	}
	return out
}
