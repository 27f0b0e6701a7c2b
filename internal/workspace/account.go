package workspace

import (
	"strings"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/vault"
)

// UpdateOwnAccount changes the unlocked user's own name and e-mail address (access.
// UpdateOwnAccount says who may change what) and audits what changed, never the values.
func (w *Workspace) UpdateOwnAccount(name, email string) (access.Profile, error) {
	var ch access.AccountChange
	err := w.guard(func() error {
		var err error
		if ch, err = access.UpdateOwnAccount(w.sess, name, email); err != nil {
			return err
		}
		var what []string
		if ch.NameChanged {
			what = append(what, "name")
		}
		if ch.EmailChanged {
			what = append(what, "email")
		}
		if len(what) > 0 {
			// The change is made (an e-mail change is a signed keyring entry): a failed audit
			// write is logged, as for other keyring administration.
			w.note(audit.ActionAccountUpdate, []vault.ID{w.sess.UserID().RecordID()}, strings.Join(what, ","))
		}
		return nil
	})
	return ch.Profile, err
}

// PendingEmailChanges lists the users who asked for a new unlock e-mail address (admins only).
func (w *Workspace) PendingEmailChanges() ([]access.EmailChange, error) {
	var list []access.EmailChange
	err := w.guard(func() error {
		var err error
		list, err = access.PendingEmailChanges(w.sess)
		return err
	})
	return list, err
}

// ApproveEmailChange makes the address user asked for the one they unlock with (admins only),
// audited without the addresses.
func (w *Workspace) ApproveEmailChange(user vault.UserID) error {
	return w.guard(func() error {
		if _, err := access.ApproveEmailChange(w.sess, user); err != nil {
			return err
		}
		// The keyring entry is signed: a failed audit write is logged, as for Approve.
		w.note(audit.ActionEmailApprove, []vault.ID{user.RecordID()}, "")
		return nil
	})
}

// RejectEmailChange withdraws user's request for a new address (admins only), audited.
func (w *Workspace) RejectEmailChange(user vault.UserID) error {
	return w.guard(func() error {
		if err := access.RejectEmailChange(w.sess, user); err != nil {
			return err
		}
		w.note(audit.ActionEmailReject, []vault.ID{user.RecordID()}, "")
		return nil
	})
}
