package workspace

import (
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// Sharing: the rules and their audit events are internal/sharing's; the workspace runs each
// change under its gate, so Close never falls between a change and its audit event.

// Dossier reads an employee's share, share history and absences.
func (w *Workspace) Dossier(employee vault.ID) (sharing.Dossier, error) {
	return w.share.Dossier(employee)
}

// Share shares an employee's dossier for a care question ("Dossier delen").
func (w *Workspace) Share(employee vault.ID, in sharing.ShareInput) error {
	return w.guard(func() error { return w.share.Share(employee, in) })
}

// RevokeShare ends the share ("Deling intrekken"); refused once the arbo service holds case
// content.
func (w *Workspace) RevokeShare(employee vault.ID, reason string) error {
	return w.guard(func() error { return w.share.Revoke(employee, reason) })
}

// ReportSick records a sick report ("Ziekmelden").
func (w *Workspace) ReportSick(employee vault.ID, r sharing.SickReport) error {
	return w.guard(func() error { return w.share.ReportSick(employee, r) })
}

// ChangeAbsence replaces the open spell's report and sets the sick percentage.
func (w *Workspace) ChangeAbsence(employee vault.ID, r sharing.SickReport, percentage int) error {
	return w.guard(func() error { return w.share.ChangeAbsence(employee, r, percentage) })
}

// ReportRecovery records the first day back ("Herstelmelden").
func (w *Workspace) ReportRecovery(employee vault.ID, day string) error {
	return w.guard(func() error { return w.share.ReportRecovery(employee, day) })
}

// MarkStepDone records that a Poortwachter step of the open absence was done (audited).
func (w *Workspace) MarkStepDone(employee vault.ID, step, day string) error {
	return w.guard(func() error { return w.share.MarkStepDone(employee, step, day) })
}

// Employed reports whether the employee's employment still allows a share and a sick report
// (it runs, or ended less than four weeks ago).
func (w *Workspace) Employed(employee vault.ID) (bool, error) {
	return w.share.Employed(employee)
}
