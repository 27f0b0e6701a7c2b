package app

import (
	"time"

	"kluis/internal/workspace"
)

// IdentityConflict is one conflict of two concurrent identity edits made on two PCs
// (docs/adr/012-conflicts.md), with both versions field by field. Current is nil when the
// employee's identity is gone.
type IdentityConflict struct {
	ID          string          `json:"id"`
	Employee    string          `json:"employee"`
	Kept        *IdentityFields `json:"kept"`
	Current     *IdentityFields `json:"current,omitempty"`
	KeptAt      string          `json:"keptAt"`    // RFC 3339: when the kept version was made
	CurrentAt   string          `json:"currentAt"` // RFC 3339: when the version that won was made
	KeptHere    bool            `json:"keptHere"`  // made on this PC
	CurrentHere bool            `json:"currentHere"`
}

// ConflictEmployees are the ids of the employees with a conflict this user can resolve (for
// the "Conflict" chip in the tree and on Actueel; no identity data).
func (d *Directory) ConflictEmployees() (_ []string, err error) {
	defer d.s.recovered("Directory.ConflictEmployees", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return nil, err
	}
	ids, err := ws.ConflictEmployees()
	if err != nil {
		return nil, d.s.fail("conflict employees", err)
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out, nil
}

// Conflicts lists the conflicts with both versions (audited as a read of the employees).
func (d *Directory) Conflicts() (_ []IdentityConflict, err error) {
	defer d.s.recovered("Directory.Conflicts", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return nil, err
	}
	rows, err := ws.Conflicts()
	if err != nil {
		return nil, d.s.fail("conflicts", err)
	}
	out := make([]IdentityConflict, len(rows))
	for i, c := range rows {
		out[i] = IdentityConflict{ID: c.ID.String(), Employee: c.Employee.String(), Kept: identityFields(c.Kept),
			KeptAt: c.KeptAt.Format(time.RFC3339), CurrentAt: c.CurrentAt.Format(time.RFC3339),
			KeptHere: c.KeptHere, CurrentHere: c.CurrentHere}
		if c.Current != nil {
			out[i].Current = identityFields(c.Current)
		}
	}
	return out, nil
}

// ResolveConflict keeps one version: choice "current" (the stored identity) or "kept" (the
// version kept aside). The choice replicates and ends the conflict on every PC.
func (d *Directory) ResolveConflict(id, choice string) (err error) {
	defer d.s.recovered("Directory.ResolveConflict", &err)
	ws, err := d.s.workspace()
	if err != nil {
		return err
	}
	cid, err := parseID(id)
	if err != nil {
		return d.s.fail("resolve conflict", err)
	}
	if err := ws.ResolveConflict(cid, workspace.ConflictChoice(choice)); err != nil {
		return d.s.fail("resolve conflict", err)
	}
	return nil
}
