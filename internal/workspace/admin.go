package workspace

import (
	"context"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// Keyring administration (admins only; the vault refuses others). Each change is signed in the
// keyring before it is audited, so an audit failure is logged rather than undoing the change.
// The audit subject is the user's record id; Detail the role, or the reason of a revocation.

// Approve gives a requester the role with the scopes chosen for it.
func (w *Workspace) Approve(req vault.Request, role vault.Role, scopes []vault.ScopeID) error {
	return w.guard(func() error {
		if err := access.Approve(w.sess, req, role, scopes); err != nil {
			return err
		}
		w.note(audit.ActionAccessApprove, []vault.ID{req.ID.RecordID()}, string(role))
		return nil
	})
}

// Reject rejects a pending request with a reason the requester reads at their next unlock; the
// reason is not audited (it may name the person).
func (w *Workspace) Reject(id vault.UserID, reason string) error {
	return w.guard(func() error {
		if err := w.sess.RejectRequest(id, reason); err != nil {
			return err
		}
		w.note(audit.ActionAccessReject, []vault.ID{id.RecordID()}, "")
		return nil
	})
}

// SetRole gives an active user a role and scopes. Scopes the user loses get new keys and are
// re-sealed before SetRole returns (progress as in FinishRotation). An admin who stepped down
// makes a new recovery code, returned even when the re-seal afterwards fails.
func (w *Workspace) SetRole(ctx context.Context, id vault.UserID, role vault.Role, scopes []vault.ScopeID, progress func(done, total int)) (code vault.RecoveryCode, err error) {
	err = w.guard(func() error {
		if _, err := w.finishRotation(ctx, progress); err != nil {
			return err
		}
		if code, err = w.sess.SetRole(id, role, scopes); err != nil {
			return err
		}
		w.note(audit.ActionRoleChange, []vault.ID{id.RecordID()}, string(role))
		_, err := w.finishRotation(ctx, progress)
		return err
	})
	return code, err
}

// RevokeUser ends a user's access: their keys go, and the scopes they held get new keys and are
// re-sealed before it returns (progress as in FinishRotation). The reason is audited.
func (w *Workspace) RevokeUser(ctx context.Context, id vault.UserID, reason string, progress func(done, total int)) error {
	return w.guard(func() error {
		if _, err := w.finishRotation(ctx, progress); err != nil {
			return err
		}
		if err := w.sess.Revoke(id); err != nil {
			return err
		}
		w.note(audit.ActionAccessRevoke, []vault.ID{id.RecordID()}, reason)
		_, err := w.finishRotation(ctx, progress)
		return err
	})
}

// FinishRotation re-seals what a key rotation left (after a revocation, a lost department, or
// one that a lock or crash interrupted) and returns how many records it re-sealed. progress
// gets the records done and the total after each chunk; it runs while the vault session is
// read-locked, so it must not call the session or wait for whoever closes the workspace.
// Cancelling ctx or closing the workspace stops it between chunks; what is done stays done
// and the next call (in this or a later admin session) goes on from there.
func (w *Workspace) FinishRotation(ctx context.Context, progress func(done, total int)) (n int, err error) {
	err = w.guard(func() error {
		n, err = w.finishRotation(ctx, progress)
		return err
	})
	return n, err
}

// finishRotation is FinishRotation inside the gate.
func (w *Workspace) finishRotation(ctx context.Context, progress func(done, total int)) (int, error) {
	if len(w.sess.PendingRotation()) == 0 {
		return 0, nil
	}
	ctx, cancel := w.bind(ctx)
	defer cancel()
	total := 0
	err := w.sess.Rotate(ctx, vault.RotateOptions{Reindex: people.Reindex, Progress: func(done, n int) {
		total = n
		if progress != nil {
			progress(done, n)
		}
	}})
	if err != nil {
		return 0, w.closedErr(err)
	}
	if err := w.log.RecordCount(audit.ActionKeyRotation, total); err != nil {
		w.logger.Error("auditing a key rotation failed", "err", err)
	}
	return total, nil
}
