package app

import (
	"fmt"
	"time"
)

// e2eNowVar names the environment variable a `wails dev` build reads as its starting moment
// (clock_dev.go). Production builds never read it (clock_nodev.go).
const e2eNowVar = "KLUIS_E2E_NOW"

// startedClock is a clock that reads value (RFC 3339) at the moment it is made and advances with
// the wall clock from then on, so deadlines computed from "today" can be set by a test while
// timeouts (the idle lock, sync back-off) still run in real time.
func startedClock(value string, wall func() time.Time) (func() time.Time, error) {
	start, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return nil, fmt.Errorf("%s=%q is not an RFC 3339 moment (2026-12-01T09:00:00Z): %w", e2eNowVar, value, err)
	}
	t0 := wall()
	return func() time.Time { return start.Add(wall().Sub(t0)) }, nil
}
