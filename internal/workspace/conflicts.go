package workspace

import (
	"errors"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// Identity conflicts (docs/adr/012-conflicts.md): two PCs edited one employee's identity without
// seeing each other's edit; replication kept both. The window marks them with a "Conflict" chip
// and lets a user who may edit the identity choose.

// ConflictChoice says which version a resolution keeps.
type ConflictChoice string

const (
	// KeepCurrent keeps the identity as it is stored now (the later edit, or what came after).
	KeepCurrent ConflictChoice = "current"
	// KeepKept writes the version that was kept aside.
	KeepKept ConflictChoice = "kept"
)

// ErrConflictChoice: neither "current" nor "kept".
var ErrConflictChoice = errors.New("workspace: choose the version to keep")

// ConflictEmployees are the employees with a conflict this session can read (ids only, no
// identity data: not audited). The tree and Actueel show a chip for them.
func (w *Workspace) ConflictEmployees() (ids []vault.ID, err error) {
	err = w.guard(func() error {
		set, err := w.dir.ConflictIDs()
		for id := range set {
			ids = append(ids, id)
		}
		return err
	})
	return ids, err
}

// Conflicts lists the conflicts with both versions, field by field. Both versions are identity
// data: audited as identity.read of the employees (Detail "conflict"), by id only.
func (w *Workspace) Conflicts() (out []people.IdentityConflict, err error) {
	err = w.guard(func() error {
		if out, err = w.dir.Conflicts(); err != nil || len(out) == 0 {
			return err
		}
		ids := make([]vault.ID, 0, len(out))
		for _, c := range out {
			ids = append(ids, c.Employee)
		}
		return w.record(audit.ActionRead, ids, "conflict")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ResolveConflict keeps one version (KeepCurrent or KeepKept) and ends the conflict; the write
// replicates, so the conflict goes on the other PCs too. Only a user who may edit the employee's
// identity (holds the department's key) may. Audited identity.conflict with the choice.
func (w *Workspace) ResolveConflict(id vault.ID, choice ConflictChoice) error {
	if choice != KeepCurrent && choice != KeepKept {
		return ErrConflictChoice
	}
	return w.guard(func() error {
		emp, err := w.dir.ResolveConflict(id, choice == KeepKept)
		if err != nil {
			return w.closedErr(err)
		}
		return w.record(audit.ActionConflictResolve, []vault.ID{emp}, string(choice))
	})
}
