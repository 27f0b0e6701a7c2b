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

// Approve gives a requester the role with the departments chosen for it (a manager's).
func (w *Workspace) Approve(req vault.Request, role vault.Role, depts []vault.ID) error {
	return w.guard(func() error {
		if err := access.Approve(w.sess, req, role, depts); err != nil {
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

// SetRole gives an active user a role (and a manager departments). Keys the user loses are
// replaced and the store rebuilt before SetRole returns (progress as in FinishRotation). An
// admin who stepped down makes a new recovery code, returned even when the rebuild afterwards
// fails.
func (w *Workspace) SetRole(ctx context.Context, id vault.UserID, role vault.Role, depts []vault.ID, progress func(done, total int)) (code vault.RecoveryCode, err error) {
	err = w.guard(func() error {
		if _, err := w.finishRotation(ctx, progress); err != nil {
			return err
		}
		if code, err = w.sess.SetRole(id, role, depts); err != nil {
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

// FinishRotation rebuilds the store under the new keys after a key rotation (a revocation, a
// lost department, or one that a lock or crash interrupted) and returns how many records it
// sealed again. progress gets the store entries copied and their total now and then; it runs
// while the vault session is held exclusively, so it must not call the session or wait for
// whoever closes the workspace. Cancelling ctx or closing the workspace stops it, leaving the
// old store in place; the next call (in this or a later admin session) starts it again.
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
	resealed := 0
	err := w.sess.Rotate(ctx, vault.RotateOptions{Indexer: people.Indexer(), Progress: progress,
		Done: func(n int) { resealed = n }})
	if err != nil {
		return 0, w.closedErr(err)
	}
	if err := w.log.RecordCount(audit.ActionKeyRotation, resealed); err != nil {
		w.logger.Error("auditing a key rotation failed", "err", err)
	}
	return resealed, nil
}
