package workspace

import (
	"kluis/internal/people"
	"kluis/internal/recent"
	"kluis/internal/vault"
)

// OpenEmployee is Employee for the detail pane: it also puts the employee first in the user's
// recently visited list. The visit is not audited on its own (a read of identity data already
// is); a visit that fails to save is logged and does not hide the employee.
func (w *Workspace) OpenEmployee(id vault.ID) (people.EmployeeView, error) {
	v, err := w.Employee(id)
	if err != nil {
		return v, err
	}
	if err := w.guard(func() error { return recent.Visit(w.sess, id, w.dir.Sees) }); err != nil {
		w.logUnlessClosed("saving the recently visited employees failed", err)
	}
	return v, nil
}

// RecentEmployees is the user's recently visited employees, newest first, labelled as the tree
// labels them; employees the user no longer sees are left out.
func (w *Workspace) RecentEmployees() ([]people.RecentRow, error) {
	ids, err := recent.Load(w.sess)
	if err != nil {
		return nil, err
	}
	return w.dir.Recent(ids)
}
