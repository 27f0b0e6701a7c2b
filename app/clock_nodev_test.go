//go:build !dev

package app

import "testing"

// A production build (no dev tag) keeps the real clock even when KLUIS_E2E_NOW is set: only
// `wails dev` builds read it (clock_dev.go).
func TestProductionBuildDoesNotReadTheE2EClock(t *testing.T) {
	t.Setenv(e2eNowVar, "2026-12-01T09:00:00Z")
	now, err := scriptedClock(nil)
	if err != nil || now != nil {
		t.Fatalf("scriptedClock = %v, %v; want the real clock (nil, nil)", now != nil, err)
	}
}
