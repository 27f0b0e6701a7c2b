//go:build dev

package app

import (
	"log/slog"
	"os"
	"time"
)

// scriptedClock sets the window's clock from KLUIS_E2E_NOW in `wails dev` builds only, so the
// end-to-end tests can put "today" where a Poortwachter deadline is late or due. nil: the variable
// is not set (the real clock). Production builds (no dev tag) do not contain this file.
func scriptedClock(logger *slog.Logger) (func() time.Time, error) {
	v := os.Getenv(e2eNowVar)
	if v == "" {
		return nil, nil
	}
	now, err := startedClock(v, time.Now)
	if err != nil {
		return nil, err
	}
	if logger != nil {
		logger.Warn("dev build: the clock is set by the environment", "var", e2eNowVar, "start", v)
	}
	return now, nil
}
