package workspace_test

import (
	"sync"
	"testing"
	"time"

	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// fakeLoop drives the replication loop's timer by hand: each wait the loop asks for arrives on
// waits and fires when the test says, so no test sleeps and simulated time is exact.
type fakeLoop struct {
	waits   chan fakeWait
	pending *fakeWait

	mu     sync.Mutex
	sim    time.Duration
	cycles []time.Duration // the simulated times at which a cycle started
}

type fakeWait struct {
	d    time.Duration
	fire chan time.Time
}

func newFakeLoop() *fakeLoop { return &fakeLoop{waits: make(chan fakeWait, 16)} }

func (f *fakeLoop) after(d time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	f.waits <- fakeWait{d, c}
	return c
}

// target counts a cycle and skips it quietly (no bucket: the loop's timing is under test).
func (f *fakeLoop) target() (workspace.ReplicaTarget, error) {
	f.mu.Lock()
	f.cycles = append(f.cycles, f.sim)
	f.mu.Unlock()
	return workspace.ReplicaTarget{}, workspace.ErrReplicaNotConfigured
}

// advance lets d of simulated time pass, firing the loop's waits in order.
func (f *fakeLoop) advance(d time.Duration) {
	f.mu.Lock()
	end := f.sim + d
	f.mu.Unlock()
	for {
		var w fakeWait
		if f.pending != nil {
			w, f.pending = *f.pending, nil
		} else {
			w = <-f.waits
		}
		f.mu.Lock()
		if f.sim+w.d > end {
			f.sim = end
			f.mu.Unlock()
			f.pending = &w
			return
		}
		f.sim += w.d
		f.mu.Unlock()
		w.fire <- time.Time{}
	}
}

func (f *fakeLoop) cyclesSoFar() []time.Duration {
	// The loop is parked in a wait (advance returned holding it), so the list is settled.
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.cycles...)
}

// Rule: after a local write the background loop runs a cycle within about the debounce (2 s),
// not at the next 60 s tick; with no write it waits for the tick. Simulated time, no sleeps.
func TestRule_ALocalWriteStartsACycleWithinTheDebounce(t *testing.T) {
	_, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	if _, err := sess.Outgoing(1 << 20); err != nil { // the folder replicates from now on
		t.Fatal(err)
	}
	f := newFakeLoop()
	ws.StartReplicaLoop(workspace.ReplicaLoop{Every: time.Minute, Debounce: 2 * time.Second, Watch: 500 * time.Millisecond,
		After: f.after, Target: f.target})

	f.advance(4 * time.Second) // the first cycle comes 3 s after unlock
	if c := f.cyclesSoFar(); len(c) != 1 || c[0] != 3*time.Second {
		t.Fatalf("cycles after unlock: %v", c)
	}
	f.advance(20 * time.Second)
	if c := f.cyclesSoFar(); len(c) != 1 {
		t.Fatalf("cycles without a write: %v", c)
	}
	wrote := 24 * time.Second
	if _, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678"); err != nil {
		t.Fatal(err)
	}
	f.advance(5 * time.Second)
	c := f.cyclesSoFar()
	if len(c) != 2 || c[1] < wrote+2*time.Second || c[1] > wrote+3*time.Second {
		t.Fatalf("cycles after a write at %v: %v, want one 2–3 s later", wrote, c)
	}
	// Nothing more was written: the next cycle is the tick, a minute after the last.
	f.advance(time.Minute)
	if c := f.cyclesSoFar(); len(c) != 3 || c[2] != c[1]+time.Minute {
		t.Fatalf("cycles after a quiet minute: %v", c)
	}
}
