package workspace

import (
	"kluis/internal/agreement"
	"kluis/internal/audit"
	"kluis/internal/vault"
)

// Processor agreement (admins only; the agreement store refuses others). The audit subject is
// the employer; never the signatory's name or address.

// Agreements is the agreement store of the session (reads and the mail settings, which are not
// audited).
func (w *Workspace) Agreements() *agreement.Store { return agreement.NewStore(w.sess, w.now) }

// SaveSignatory records the signatory of an employer's agreement; a changed signatory becomes a
// new version and is audited, an unchanged one adds nothing.
func (w *Workspace) SaveSignatory(employer vault.ID, in agreement.Input) error {
	return w.guard(func() error {
		_, changed, err := w.Agreements().Save(employer, in)
		if err != nil || !changed {
			return err
		}
		return w.record(audit.ActionAgreementUpdate, []vault.ID{employer}, "")
	})
}

// ConfirmationSent records that the confirmation went to the signatory (by SMTP, or saved as
// an .eml file) in the agreement and the audit log.
func (w *Workspace) ConfirmationSent(employer vault.ID, via agreement.Via) error {
	return w.guard(func() error {
		if _, err := w.Agreements().RecordSent(employer, via); err != nil {
			return err
		}
		return w.record(audit.ActionAgreementSend, []vault.ID{employer}, string(via))
	})
}

// AgreementPrinted audits that the agreement record was saved as a PDF.
func (w *Workspace) AgreementPrinted(employer vault.ID) error {
	return w.record(audit.ActionAgreementPrint, []vault.ID{employer}, "")
}
