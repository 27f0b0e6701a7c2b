//go:build !dev

package app

import (
	"log/slog"
	"time"
)

// scriptedClock: production and test builds always use the real clock (see clock_dev.go); they
// do not read KLUIS_E2E_NOW.
func scriptedClock(*slog.Logger) (func() time.Time, error) { return nil, nil }
