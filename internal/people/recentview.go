package people

import (
	"errors"

	"kluis/internal/vault"
)

// RecentRow is an employee of a user's recently visited list, labelled as the tree labels it.
type RecentRow struct {
	ID             vault.ID
	Persnr         string
	Label          string // the display name; "" when the tree shows "Anoniem (Persnr …)"
	DepartmentPath string
	Active         bool
}

// Recent labels the employees of ids that the session sees, in the given order, the way the
// tree does (a shared employee's name when the session's keys open it, otherwise no name). Ids it
// does not see (erased, outside a manager's departments, never existed) are left out, so the
// list never says anything about them.
func (d *Directory) Recent(ids []vault.ID) ([]RecentRow, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if qt := d.quickTree(); qt != nil { // before the load: the few employees' own records
		return d.recentBeforeLoad(qt, ids)
	}
	if err := d.load(); err != nil {
		return nil, err
	}
	labels, err := d.sharedLabels()
	if err != nil {
		return nil, err
	}
	today := d.today()
	out := make([]RecentRow, 0, len(ids))
	for _, id := range ids {
		e, ok := d.emps[id]
		if !ok {
			continue
		}
		r := RecentRow{ID: id, Persnr: e.Persnr, DepartmentPath: d.path(e.Department), Active: e.Active(today)}
		if n, ok := labels[id]; ok {
			r.Label = n.display
		}
		out = append(out, r)
	}
	return out, nil
}

// recentBeforeLoad is Recent from each employee's own records; d.mu is held.
func (d *Directory) recentBeforeLoad(qt *quickTree, ids []vault.ID) ([]RecentRow, error) {
	today := d.today()
	out := make([]RecentRow, 0, len(ids))
	err := d.sess.View(func(tx *vault.Tx) error {
		for _, id := range ids {
			e, err := readSkeleton(tx, id)
			if errors.Is(err, ErrEmployeeNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			r := RecentRow{ID: id, Persnr: e.Persnr, DepartmentPath: departmentPath(qt.depts, e.Department), Active: e.Active(today)}
			if e.Shared { // labelled as sharedLabels labels the tree
				ident, err := d.readIdentity(tx, id)
				if err != nil {
					return err
				}
				if ident != nil {
					r.Label = labelOf(ident).display
				}
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// Sees reports whether the session sees employee id (for pruning a recent list).
func (d *Directory) Sees(id vault.ID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return false
	}
	_, ok := d.emps[id]
	return ok
}
