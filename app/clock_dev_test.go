//go:build dev

package app

import (
	"testing"
	"time"
)

// A `wails dev` build takes its clock from KLUIS_E2E_NOW (go test -tags dev ./app).
func TestDevBuildReadsTheE2EClock(t *testing.T) {
	t.Setenv(e2eNowVar, "2026-12-01T09:00:00Z")
	now, err := scriptedClock(nil)
	if err != nil || now == nil {
		t.Fatalf("scriptedClock = %v, %v; want a clock", now != nil, err)
	}
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if got := now(); got.Before(start) || got.Sub(start) > time.Minute {
		t.Fatalf("now() = %v, want just after %v", got, start)
	}
	t.Setenv(e2eNowVar, "1 december")
	if _, err := scriptedClock(nil); err == nil {
		t.Fatal("a value that is not RFC 3339 was accepted")
	}
	t.Setenv(e2eNowVar, "")
	if now, err := scriptedClock(nil); now != nil || err != nil {
		t.Fatal("unset: want the real clock")
	}
}
