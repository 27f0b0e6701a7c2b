// Package workspacetest helps tests that close a workspace while a use case runs: a watchdog
// that turns a deadlock into a test failure with every goroutine's stack, instead of a hang
// until the test binary's timeout.
package workspacetest

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// Limit is how long Within waits. A deadlock never ends; the slowest legitimate case, closing
// a workspace while an import of 20,000 rows writes (it undoes what it wrote), takes about 3 s
// under the race detector on two cores.
const Limit = 15 * time.Second

// Within runs fn and fails tb when fn does not return within Limit, printing every goroutine's
// stack to stderr at once (a deadlocked test may never get to print its log). It logs how long
// fn took.
func Within(tb testing.TB, what string, fn func()) {
	tb.Helper()
	const d = Limit
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		tb.Logf("%s returned in %s", what, time.Since(start).Round(time.Millisecond))
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Fprintf(os.Stderr, "%s did not return within %s; goroutines:\n%s\n", what, d, buf)
		tb.Fatalf("%s did not return within %s (deadlock?)", what, d)
	}
}
