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

// ReplicaLoop configures the background loop. Zero fields take the defaults below.
type ReplicaLoop struct {
	// Every is the interval between cycles when nothing happens.
	Every time.Duration
	// Debounce is how long after a local write the loop runs a cycle (further writes within
	// it go along), so a change reaches the other PCs in seconds, not at the next tick.
	Debounce time.Duration
	// Watch is how often the loop looks for local writes (an atomic read, no disk).
	Watch time.Duration
	// After is the loop's timer (nil: time.After); tests pass a fake clock's.
	After func(time.Duration) <-chan time.Time
	// Target gives each cycle's target (usually StoredReplicaTarget; ErrReplicaNotConfigured
	// skips the cycle quietly); Done gets every cycle's outcome.
	Target func() (ReplicaTarget, error)
	Done   func(ReplicaCycle)
}

// DefaultReplicaDebounce and DefaultReplicaWatch are the loop's defaults for a local write.
const (
	DefaultReplicaDebounce = 2 * time.Second
	DefaultReplicaWatch    = 500 * time.Millisecond
)

// StartReplication runs cycles until the workspace closes, each with the target target gives
// (usually StoredReplicaTarget; ErrReplicaNotConfigured skips the cycle quietly); done gets
// every cycle's outcome. A privacy officer does not replicate.
func (w *Workspace) StartReplication(every time.Duration, target func() (ReplicaTarget, error), done func(ReplicaCycle)) {
	w.StartReplicaLoop(ReplicaLoop{Every: every, Target: target, Done: done})
}

// StartReplicaLoop is StartReplication with every knob of the loop.
func (w *Workspace) StartReplicaLoop(l ReplicaLoop) {
	if w.sess.Role() == vault.RolePrivacy || l.Every <= 0 {
		return
	}
	if l.Debounce <= 0 {
		l.Debounce = DefaultReplicaDebounce
	}
	if l.Watch <= 0 {
		l.Watch = DefaultReplicaWatch
	}
	if l.After == nil {
		l.After = time.After
	}
	w.preload.Add(1)
	go func() {
		defer w.preload.Done()
		w.replicaLoop(l)
	}()
}

// replicaLoop waits in steps of at most l.Watch: a tick, a wake-up (ReplicateSoon) or a local
// write seen l.Debounce ago starts a cycle.
func (w *Workspace) replicaLoop(l ReplicaLoop) {
	wait, failures := min(l.Every, firstReplicaDelay), 0
	mark := w.sess.LocalChangeMark()
	var soon time.Duration = -1 // time left until the cycle a local write asked for (-1: none)
	for {
		step := min(wait, l.Watch)
		if soon >= 0 {
			step = min(step, soon)
		}
		select {
		case <-w.ctx.Done():
			return
		case <-l.After(step):
			wait -= step
			if soon >= 0 {
				soon -= step
			}
			if m := w.sess.LocalChangeMark(); m != mark {
				mark = m
				// After failures (the server is down) the back-off stands: the write goes out
				// with the next cycle anyway.
				if soon < 0 && failures == 0 {
					soon = l.Debounce
				}
			}
			if wait > 0 && soon != 0 {
				continue
			}
		case <-w.repl.kick:
		}
		soon, mark = -1, w.sess.LocalChangeMark()
		t, err := l.Target()
		if errors.Is(err, ErrReplicaNotConfigured) {
			wait, failures = l.Every, 0
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
		wait = l.Every << min(failures, 8)
		if wait > maxReplicaBackoff || wait <= 0 {
			wait = max(l.Every, maxReplicaBackoff)
		}
		if l.Done != nil {
			l.Done(ReplicaCycle{Report: rep, Err: err})
		}
	}
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
