package workspace

import (
	"errors"
	"fmt"
	"strings"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// ErrChooseEmployer is returned when a use case needs the employer and the vault holds more than
// one (or none); an *EmployerChoiceError says which there are.
var ErrChooseEmployer = errors.New("workspace: choose the employer")

// EmployerChoiceError lists the KvK numbers to choose from (public registry numbers, no
// identity data).
type EmployerChoiceError struct {
	KvKs []string
}

func (e *EmployerChoiceError) Error() string {
	return fmt.Sprintf("%v: the vault holds %d employers", ErrChooseEmployer, len(e.KvKs))
}

func (e *EmployerChoiceError) Unwrap() error { return ErrChooseEmployer }

// OnlyEmployer is the vault's one employer, for callers that did not name one.
func (w *Workspace) OnlyEmployer() (people.Employer, error) {
	list, err := w.dir.Employers()
	if err != nil {
		return people.Employer{}, err
	}
	if len(list) != 1 {
		ce := &EmployerChoiceError{}
		for _, e := range list {
			ce.KvKs = append(ce.KvKs, e.KvK)
		}
		return people.Employer{}, ce
	}
	return list[0], nil
}

// Employee reads one employee for display; when the user's keys opened the identity, the read
// is audited first, and without a stored audit event the view is not returned.
func (w *Workspace) Employee(id vault.ID) (people.EmployeeView, error) {
	v, err := w.dir.Employee(id)
	if err != nil {
		return people.EmployeeView{}, err
	}
	return w.shown(audit.ActionRead, v)
}

// CreateEmployee adds an employee to an employer and returns it as shown (audited as a create).
func (w *Workspace) CreateEmployee(employer vault.ID, in people.EmployeeInput) (people.EmployeeView, error) {
	return w.change(audit.ActionCreate, func() (people.EmployeeView, error) { return w.dir.CreateEmployee(employer, in) })
}

// UpdateEmployee replaces an employee's identity and current employment (audited as an update).
func (w *Workspace) UpdateEmployee(id vault.ID, in people.EmployeeInput) (people.EmployeeView, error) {
	return w.change(audit.ActionUpdate, func() (people.EmployeeView, error) { return w.dir.UpdateEmployee(id, in) })
}

// EndEmployment ends the current employment on end and returns the employee as shown.
func (w *Workspace) EndEmployment(id vault.ID, end string) (people.EmployeeView, error) {
	return w.change(audit.ActionEnd, func() (people.EmployeeView, error) {
		if err := w.dir.EndEmployment(id, end); err != nil {
			return people.EmployeeView{}, err
		}
		return w.dir.Employee(id)
	})
}

// change runs an employee write under the gate and returns the employee as shown, audited as
// action.
func (w *Workspace) change(action audit.Action, write func() (people.EmployeeView, error)) (v people.EmployeeView, err error) {
	err = w.guard(func() error {
		if v, err = write(); err == nil {
			v, err = w.shown(action, v)
		}
		return err
	})
	return v, err
}

// shown records action when v carries identity data.
func (w *Workspace) shown(action audit.Action, v people.EmployeeView) (people.EmployeeView, error) {
	if v.IdentityRead {
		if err := w.record(action, []vault.ID{v.ID}, ""); err != nil {
			return people.EmployeeView{}, err
		}
	}
	return v, nil
}

// Search finds employees by persnr, part of a name, BSN, or birth date + postcode. Hits that
// show a name are audited as one search event (Detail: how the first of them matched).
func (w *Workspace) Search(query string, limit int) ([]people.Hit, error) {
	hits, _, err := w.SearchTotal(query, limit)
	return hits, err
}

// SearchTotal is Search that also says how many employees the query matches in all (at least
// len(hits)), for a screen that shows the first limit of them.
func (w *Workspace) SearchTotal(query string, limit int) ([]people.Hit, int, error) {
	byBSN, err := w.bsnGate(query)
	if err != nil {
		return nil, 0, err
	}
	hits, total, err := w.dir.SearchTotal(query, limit)
	if err != nil {
		return nil, 0, err
	}
	if err := w.bsnSearched(byBSN, hits); err != nil {
		return nil, 0, err
	}
	var shown []people.Hit
	for _, h := range hits {
		if h.IdentityRead && h.Name != nil {
			shown = append(shown, h)
		}
	}
	if err := w.searched(shown); err != nil {
		return nil, 0, err
	}
	return hits, total, nil
}

// IdentityHit is a search hit with the whole identity, when the user's keys open it.
type IdentityHit struct {
	people.Hit
	Identity *people.Identity // nil when not opened
}

// SearchIdentities is Search that also reads each hit's whole identity (BSN, birth date,
// address), for the command line's output; the reads are audited as one search event.
func (w *Workspace) SearchIdentities(query string, limit int) ([]IdentityHit, error) {
	byBSN, err := w.bsnGate(query)
	if err != nil {
		return nil, err
	}
	hits, err := w.dir.Search(query, limit)
	if err != nil {
		return nil, err
	}
	if err := w.bsnSearched(byBSN, hits); err != nil {
		return nil, err
	}
	out := make([]IdentityHit, len(hits))
	var shown []people.Hit
	for i, h := range hits {
		out[i].Hit = h
		if !h.IdentityRead {
			continue
		}
		v, err := w.dir.Employee(h.Employee)
		if err != nil {
			return nil, err
		}
		if v.Identity != nil {
			out[i].Identity = v.Identity
			shown = append(shown, h)
		}
	}
	if err := w.searched(shown); err != nil {
		return nil, err
	}
	return out, nil
}

// searched audits the hits whose identity a search showed, as one event.
func (w *Workspace) searched(shown []people.Hit) error {
	if len(shown) == 0 {
		return nil
	}
	ids := make([]vault.ID, len(shown))
	for i, h := range shown {
		ids[i] = h.Employee
	}
	return w.record(audit.ActionSearch, ids, string(shown[0].MatchedBy))
}

// bsnSearched audits a BSN lookup with the employees it found (none: still an event).
func (w *Workspace) bsnSearched(byBSN bool, hits []people.Hit) error {
	if !byBSN {
		return nil
	}
	ids := make([]vault.ID, len(hits))
	for i, h := range hits {
		ids[i] = h.Employee
	}
	return w.record(audit.ActionBSNSearch, ids, "")
}

// UpdateEmployer renames an employer, corrects its KvK number and replaces its facts
// (loonheffingennummer, visiting and postal address); admins only. Employer facts are not
// personal data, but they go into every SIVI export and the processor-agreement record, so
// a change is an audit event naming which facts changed (never their values).
func (w *Workspace) UpdateEmployer(id vault.ID, name, kvk string, facts people.EmployerFacts) (people.Employer, error) {
	before, _ := w.employer(id)
	e, err := w.dir.UpdateEmployerDetails(id, name, kvk, facts)
	if err != nil {
		return e, err
	}
	if changed := employerChanges(before, e); changed != "" {
		w.note(audit.ActionEmployerUpdate, nil, changed)
	}
	return e, nil
}

// employer reads one employer as the directory holds it.
func (w *Workspace) employer(id vault.ID) (people.Employer, bool) {
	all, err := w.dir.Employers()
	if err != nil {
		return people.Employer{}, false
	}
	for _, e := range all {
		if e.ID == id {
			return e, true
		}
	}
	return people.Employer{}, false
}

// employerChanges names the employer facts that differ ("name,kvk,payrollTax,visit,postal"),
// the detail of an employer.update event; the values themselves stay out of the log.
func employerChanges(a, b people.Employer) string {
	var out []string
	add := func(field string, differ bool) {
		if differ {
			out = append(out, field)
		}
	}
	add("name", a.Name != b.Name)
	add("kvk", a.KvK != b.KvK)
	add(people.FieldPayrollTax, a.PayrollTaxNumber != b.PayrollTaxNumber)
	add(people.FieldVisitAddress, a.VisitAddress != b.VisitAddress)
	add(people.FieldPostalAddress, a.PostalAddress != b.PostalAddress)
	return strings.Join(out, ",")
}
