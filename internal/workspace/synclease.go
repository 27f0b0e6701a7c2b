package workspace

import (
	"context"
	"errors"

	"kluis/internal/arbosync"
	"kluis/internal/replicate"
)

// The arbo sync lease (docs/adr/009-replication.md): when the vault replicates, one PC of the
// employer at a time sends to the arbo service. The sync takes lease/arbo in the bucket, pulls
// what the previous holder sent (its ledger, so nothing is sent twice), sends, pushes its own
// ledger, and releases the lease. Without replication nothing changes.

// arboLease is the lease's name in the bucket.
const arboLease = "arbo"

// syncLeased runs one sync cycle; with replication configured, under the arbo lease.
func (w *Workspace) syncLeased(ctx context.Context, progress arbosync.Progress) (arbosync.Report, error) {
	t, err := w.StoredReplicaTarget(w.sess.VaultDir(), w.sess.VaultID())
	if errors.Is(err, ErrReplicaNotConfigured) {
		return w.sync.Run(ctx, progress)
	}
	if err != nil {
		return arbosync.Report{}, err
	}
	b, err := replicate.OpenBucket(t.Bucket, t.VaultID)
	if err != nil {
		return arbosync.Report{}, err
	}
	held, err := replicate.New(b, w.sess, t.Dir, t.VaultID, w.now).TakeLease(ctx, arboLease, w.leaseTTL)
	if err != nil {
		return arbosync.Report{}, err
	}
	defer func() {
		if err := held.Release(context.WithoutCancel(ctx)); err != nil {
			w.logger.Error("releasing the arbo sync lease failed; it expires by itself", "err", err)
		}
	}()
	// What the previous holder sent is in its ledger: pull it before deciding what to send.
	if _, err := w.replicateIn(ctx, t); err != nil {
		return arbosync.Report{}, err
	}
	work, stop := context.WithCancel(ctx)
	kept := make(chan struct{})
	go func() {
		defer close(kept)
		held.Keep(work, w.leaseTick, stop)
	}()
	rep, err := w.sync.Run(work, progress)
	stop()
	<-kept
	// The ledger of what the service acknowledged goes out before the lease is released, also
	// when the cycle failed after sending (the witness step comes last).
	if _, rerr := w.replicateIn(ctx, t); rerr != nil {
		w.logger.Error("pushing the sync's ledger failed; the next cycle sends it", "err", rerr)
	}
	return rep, err
}
