package workspace

import (
	"context"
	"io"

	"kluis/internal/audit"
	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// CheckImport reads a payroll export and plans its import without writing (the dry run).
func (w *Workspace) CheckImport(ctx context.Context, r io.Reader, req imports.Request) (imports.Report, error) {
	ctx, cancel := w.bind(ctx)
	defer cancel()
	rep, err := imports.Check(ctx, w.dir, w.now(), r, req)
	return rep, w.closedErr(err)
}

// Import reads, checks and, when every row is clean, writes a payroll export all or nothing
// (imports.Apply; with problems the report lists them and the error is imports.ErrProblems).
// A written import is audited once, naming the employees it changed and the file. Cancelling
// ctx or closing the workspace while it writes undoes what it wrote. progress may be nil; it
// runs inside the directory's lock and must not wait for whoever closes the workspace.
func (w *Workspace) Import(ctx context.Context, r io.Reader, req imports.Request, progress func(done, total int)) (rep imports.Report, err error) {
	err = w.guard(func() error {
		ctx, cancel := w.bind(ctx)
		defer cancel()
		rep, err = imports.Apply(ctx, w.dir, w.now(), r, req, progress)
		if err != nil || !rep.Written {
			return w.closedErr(err)
		}
		var changed []vault.ID
		for _, row := range rep.Result.Rows {
			if row.Outcome != people.OutcomeUnchanged {
				changed = append(changed, row.Employee)
			}
		}
		return w.record(audit.ActionImport, changed, req.Name)
	})
	return rep, err
}
