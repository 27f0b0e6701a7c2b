package workspace

import (
	"context"
	"errors"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// The department tree decides access: a manager's grant covers the departments below it
// (docs/adr/006-department-tree.md), so a move is signed in the keyring and may re-seal.

// MoveDepartment puts a department below parent (zero: top level). Admins only. When a manager
// loses the department by the move, its key is replaced and the store rebuilt before it
// returns (progress as in FinishRotation).
func (w *Workspace) MoveDepartment(ctx context.Context, id, parent vault.ID, progress func(done, total int)) (dep people.Department, err error) {
	err = w.guard(func() error {
		if _, err := w.finishRotation(ctx, progress); err != nil {
			return err
		}
		if dep, err = w.dir.MoveDepartment(id, parent); err != nil {
			return err
		}
		detail := ""
		if parent != (vault.ID{}) {
			detail = parent.String()
		}
		w.note(audit.ActionDepartmentMove, []vault.ID{id}, detail)
		_, err := w.finishRotation(ctx, progress)
		return err
	})
	return dep, err
}

// signTreeOnce signs the directory's department tree into an older vault's keyring, at an
// admin's first unlock with this version; grants only grow by it. Anyone else, or a vault whose
// tree is signed, does nothing.
func (w *Workspace) signTreeOnce() error {
	if w.sess.Role() != vault.RoleAdmin {
		return nil
	}
	if _, signed := w.sess.DepartmentTree(); signed {
		return nil
	}
	parents, err := w.dir.DepartmentParents()
	if err != nil {
		return err
	}
	if err := w.sess.AdoptDepartmentTree(parents); err != nil && !errors.Is(err, vault.ErrExists) {
		return err
	}
	return w.log.RecordCount(audit.ActionTreeSigned, len(parents))
}
