package workspace

import (
	"errors"
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
	// ProbeEvery is how often the loop asks the bucket whether another PC has pushed (one
	// listing, replicate.Probe), so their changes arrive in seconds, not at the next tick.
	ProbeEvery time.Duration
	// Probe gives the bucket's push fingerprint for a target (nil: ReplicaProbe).
	Probe func(ReplicaTarget) (string, error)
	// After is the loop's timer (nil: time.After); tests pass a fake clock's.
	After func(time.Duration) <-chan time.Time
	// Target gives each cycle's target (usually StoredReplicaTarget; ErrReplicaNotConfigured
	// skips the cycle quietly); Done gets every cycle's outcome.
	Target func() (ReplicaTarget, error)
	Done   func(ReplicaCycle)
}

// The loop's defaults, chosen so that a change is on the other PCs within 2 s on a local
// network (issue 19; docs/BENCHMARKS.md): a local write goes out 300 ms after it is seen (a
// burst of writes in that time goes along), and the bucket is asked for other PCs' pushes once a
// second: one listing of the small push markers per unlocked PC, nothing when nothing changed.
const (
	DefaultReplicaDebounce = 300 * time.Millisecond
	DefaultReplicaWatch    = 100 * time.Millisecond
	DefaultReplicaProbe    = time.Second
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
	if l.ProbeEvery <= 0 {
		l.ProbeEvery = DefaultReplicaProbe
	}
	if l.Probe == nil {
		l.Probe = w.ReplicaProbe
	}
	w.preload.Add(1)
	go func() {
		defer w.preload.Done()
		w.replicaLoop(l)
	}()
}

// replicaLoop waits in steps of at most l.Watch: a tick, a wake-up (ReplicateSoon), a local
// write seen l.Debounce ago, or another PC's push seen by the probe starts a cycle.
func (w *Workspace) replicaLoop(l ReplicaLoop) {
	wait, failures := min(l.Every, firstReplicaDelay), 0
	mark := w.sess.LocalChangeMark()
	var soon time.Duration = -1 // time left until the cycle a local write asked for (-1: none)
	probe := newProbe(l)
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
			if wait > 0 && soon != 0 && !(failures == 0 && probe.due(step)) {
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
		if err == nil {
			probe.after(t) // this cycle's own push is not another PC's
		}
		if l.Done != nil {
			l.Done(ReplicaCycle{Report: rep, Err: err})
		}
	}
}

// replicaProbe is the loop's view of the bucket's push markers.
type replicaProbe struct {
	l    ReplicaLoop
	left time.Duration // until the next probe
	seen string        // the fingerprint after this PC's last cycle ("": none yet)
}

func newProbe(l ReplicaLoop) *replicaProbe { return &replicaProbe{l: l, left: l.ProbeEvery} }

// due counts step down and, when a probe is due, reports whether another PC pushed since this
// PC's last cycle. Errors wait for the next tick (which names them).
func (p *replicaProbe) due(step time.Duration) bool {
	if p.left -= step; p.left > 0 || p.seen == "" {
		return false
	}
	p.left = p.l.ProbeEvery
	t, err := p.l.Target()
	if err != nil {
		return false
	}
	fp, err := p.l.Probe(t)
	return err == nil && fp != p.seen
}

// after takes the fingerprint once a cycle is done.
func (p *replicaProbe) after(t ReplicaTarget) {
	if fp, err := p.l.Probe(t); err == nil {
		p.seen = fp
	}
	p.left = p.l.ProbeEvery
}

// ReplicateSoon wakes the background loop for a cycle now (after a local change, or when the
// settings were just saved). It never waits.
func (w *Workspace) ReplicateSoon() {
	select {
	case w.repl.kick <- struct{}{}:
	default:
	}
}

// ReplicaProbe is the bucket's push fingerprint (replicate.Probe): one listing, nothing
// applied, no audit entry.
func (w *Workspace) ReplicaProbe(t ReplicaTarget) (string, error) {
	if err := t.check(); err != nil {
		return "", err
	}
	b, err := replicate.OpenBucket(t.Bucket, t.VaultID)
	if err != nil {
		return "", err
	}
	ctx, cancel := w.bind(w.ctx)
	defer cancel()
	return replicate.Probe(ctx, b)
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
