package workspace

import (
	"context"
	"fmt"

	"kluis/internal/audit"
	"kluis/internal/replicate"
	"kluis/internal/vault"
)

// Removing a PC from a replicating vault (Beheer → Apparaten, `kluis device remove`,
// docs/adr/009-replication.md): an administrator's signed removal in the bucket; every PC
// refuses the device's later change sets and the removed PC stops replicating. Removal does
// not lock the PC's user out: revoke the user as well when the PC was stolen.

// RemoveDevice removes the device dev from the vault (admins only). Audited device.remove with
// the device's random id as Detail (no identity value).
func (w *Workspace) RemoveDevice(ctx context.Context, dev vault.ID) (replicate.Removal, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return replicate.Removal{}, fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	t, err := w.StoredReplicaTarget(w.sess.VaultDir(), w.sess.VaultID())
	if err != nil {
		return replicate.Removal{}, err
	}
	var r replicate.Removal
	err = w.guard(func() error {
		b, err := replicate.OpenBucket(t.Bucket, t.VaultID)
		if err != nil {
			return err
		}
		ctx, cancel := w.bind(ctx)
		defer cancel()
		if r, err = replicate.New(b, w.sess, t.Dir, t.VaultID, w.now).RemoveDevice(ctx, dev); err != nil {
			return w.closedErr(err)
		}
		w.note(audit.ActionDeviceRemove, nil, dev.String())
		return nil
	})
	return r, err
}

// ReplicaDeviceList lists the devices announced in the bucket whose announcement verifies,
// each with its removal if an administrator removed it (admins only; contacts the server).
func (w *Workspace) ReplicaDeviceList(ctx context.Context) ([]replicate.DeviceInfo, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return nil, fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	t, err := w.StoredReplicaTarget(w.sess.VaultDir(), w.sess.VaultID())
	if err != nil {
		return nil, err
	}
	var out []replicate.DeviceInfo
	err = w.guard(func() error {
		b, err := replicate.OpenBucket(t.Bucket, t.VaultID)
		if err != nil {
			return err
		}
		ctx, cancel := w.bind(ctx)
		defer cancel()
		out, err = replicate.New(b, w.sess, t.Dir, t.VaultID, w.now).DeviceList(ctx)
		return w.closedErr(err)
	})
	return out, err
}
