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
