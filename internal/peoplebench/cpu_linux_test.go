//go:build linux

package peoplebench

import (
	"syscall"
	"testing"
	"time"
)

// Rule: the bench's CPU figures are the kernel's own accounting of this process (the fields of
// /proc/self/stat that getrusage reports too), so a report's user/kernel split and page faults
// can be trusted.
func TestRule_TheImportsCPUFiguresAreTheProcesssOwn(t *testing.T) {
	before := readCPU()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	// getrusage counts the same faults and the same time: read right after each other, they
	// differ only by what happened in between.
	if d := ru.Minflt - before.minflt; d < 0 || d > 1000 {
		t.Fatalf("minor faults: /proc/self/stat %d, getrusage %d", before.minflt, ru.Minflt)
	}
	ruUser := time.Duration(ru.Utime.Nano())
	if d := ruUser - before.user; d < -20*time.Millisecond || d > 200*time.Millisecond {
		t.Fatalf("user time: /proc/self/stat %v, getrusage %v", before.user, ruUser)
	}
	// Fresh memory touched and CPU spent show up in since().
	buf := make([]byte, 64<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	deadline := time.Now().Add(100 * time.Millisecond)
	x := 0
	for time.Now().Before(deadline) {
		x++
	}
	got := before.since()
	if got.minflt < 8000 || got.user+got.sys < 50*time.Millisecond {
		t.Fatalf("after touching 64 MiB and 100 ms of work: %+v (%d)", got, x+int(buf[4096]))
	}
}
