package workspace

import "sync"

// gate counts the use cases that write and then audit, so that Close, after cancelling them,
// waits until each has finished its last write and the audit event that goes with it: the
// session is never locked between the two. Entries after Close began are refused.
type gate struct {
	mu      sync.Mutex
	running int
	shut    bool
	drained chan struct{} // closed once shut and nothing runs
}

func newGate() *gate { return &gate{drained: make(chan struct{})} }

// enter admits a use case; false once shut.
func (g *gate) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.shut {
		return false
	}
	g.running++
	return true
}

func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running--
	if g.shut && g.running == 0 {
		close(g.drained)
	}
}

// close refuses new use cases and returns a channel closed when the last running one leaves.
// It is called once.
func (g *gate) close() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.shut = true
	if g.running == 0 {
		close(g.drained)
	}
	return g.drained
}

// guard runs a use case that writes and then audits under the gate; after Close began it
// refuses with ErrClosed.
func (w *Workspace) guard(fn func() error) error {
	if !w.gate.enter() {
		return ErrClosed
	}
	defer w.gate.leave()
	return fn()
}
