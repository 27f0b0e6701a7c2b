package workspace

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"kluis/internal/replicate"
	"kluis/internal/vault"
)

// Replication in the background while the window is unlocked: a first cycle a few seconds after
// unlock, then one every interval, longer after failures; ReplicateSoon wakes it earlier.

// firstReplicaDelay is how long after unlock the first cycle waits (the tree loads first).
const firstReplicaDelay = 3 * time.Second

// maxReplicaBackoff caps the wait after failed cycles.
const maxReplicaBackoff = 15 * time.Minute

// replLoop serialises cycles and carries the loop's wake-up.
type replLoop struct {
	mu   sync.Mutex
	kick chan struct{} // capacity 1: a wake-up while one is pending adds nothing
}

// ReplicaCycle is what one background cycle did, for the window's status line and refresh.
type ReplicaCycle struct {
	Report replicate.Report
	Err    error
}

// StartReplication runs cycles until the workspace closes, each with the target target gives
// (usually StoredReplicaTarget; ErrReplicaNotConfigured skips the cycle quietly); done gets
// every cycle's outcome. A privacy officer does not replicate.
func (w *Workspace) StartReplication(every time.Duration, target func() (ReplicaTarget, error), done func(ReplicaCycle)) {
	if w.sess.Role() == vault.RolePrivacy || every <= 0 {
		return
	}
	w.preload.Add(1)
	go func() {
		defer w.preload.Done()
		wait, failures := min(every, firstReplicaDelay), 0
		for {
			timer := time.NewTimer(wait)
			select {
			case <-w.ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			case <-w.repl.kick:
				timer.Stop()
			}
			t, err := target()
			if errors.Is(err, ErrReplicaNotConfigured) {
				wait, failures = every, 0
				continue
			}
			var rep replicate.Report
			if err == nil {
				rep, err = w.Replicate(w.ctx, t)
			}
			if w.ctx.Err() != nil {
				return
			}
			if err != nil {
				failures++
			} else {
				failures = 0
			}
			wait = every << min(failures, 8)
			if wait > maxReplicaBackoff || wait <= 0 {
				wait = max(every, maxReplicaBackoff)
			}
			if done != nil {
				done(ReplicaCycle{Report: rep, Err: err})
			}
		}
	}()
}

// ReplicateSoon wakes the background loop for a cycle now (after a local change, or when the
// settings were just saved). It never waits.
func (w *Workspace) ReplicateSoon() {
	select {
	case w.repl.kick <- struct{}{}:
	default:
	}
}

// ReplicaView is the status line: the state file, the settings and the changes waiting.
type ReplicaView struct {
	ReplicaStatus
	Configured bool
	URL        string
	Pending    int // local writes not yet pushed
}

// ReplicaView reads the status without contacting the server.
func (w *Workspace) ReplicaView(dir string) (ReplicaView, error) {
	st, err := w.ReplicaStatus(dir)
	if err != nil {
		return ReplicaView{}, err
	}
	set, err := w.ReplicaSettings()
	if err != nil {
		return ReplicaView{}, err
	}
	n, err := w.sess.PendingChanges()
	if err != nil {
		return ReplicaView{}, err
	}
	return ReplicaView{ReplicaStatus: st, Configured: set.Configured, URL: set.URL, Pending: n}, nil
}

// ReplicaDevices lists the devices announced in the bucket whose announcement verifies (admins
// only; Beheer → Apparaten). It contacts the server.
func (w *Workspace) ReplicaDevices(ctx context.Context, dir, vaultID string) ([]replicate.Announcement, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return nil, fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	t, err := w.StoredReplicaTarget(dir, vaultID)
	if err != nil {
		return nil, err
	}
	var out []replicate.Announcement
	err = w.guard(func() error {
		b, err := replicate.OpenBucket(t.Bucket, t.VaultID)
		if err != nil {
			return err
		}
		ctx, cancel := w.bind(ctx)
		defer cancel()
		out, err = replicate.New(b, w.sess, t.Dir, t.VaultID, w.now).Devices(ctx)
		return w.closedErr(err)
	})
	return out, err
}
