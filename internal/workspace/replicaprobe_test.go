package workspace_test

import (
	"testing"
	"time"

	"kluis/internal/replicate/s3test"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// Rule (issue 19: a change visible on a second PC within seconds): with both PCs' background
// loops running and their ticks an hour apart, a change made on PC A arrives on PC B without
// any tick: A's loop pushes shortly after the write, B's probe of the bucket's push markers sees
// it and runs a cycle.
func TestRule_AChangeReachesTheOtherPCsLoopWithoutWaitingForTheTick(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 2)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	cycles := make(chan workspace.ReplicaCycle, 64)
	for _, p := range []*pc{a, b} {
		p.ws.StartReplicaLoop(workspace.ReplicaLoop{Every: time.Hour, Debounce: 200 * time.Millisecond,
			Watch: 100 * time.Millisecond, ProbeEvery: 300 * time.Millisecond,
			Target: func() (workspace.ReplicaTarget, error) { return p.target, nil },
			Done:   func(c workspace.ReplicaCycle) { cycles <- c }})
	}
	// Each loop's first cycle (3 s after it starts) takes the bucket's fingerprint.
	for range 2 {
		select {
		case c := <-cycles:
			if c.Err != nil {
				t.Fatalf("first cycle: %v", c.Err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the loops ran no first cycle")
		}
	}
	importOne(t, a, emp, 90, "Snelman")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := persnrOn(t, b, emp, "000090"); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("A's change did not reach B's loop before its hourly tick")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
