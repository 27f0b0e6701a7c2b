package app

import (
	"testing"
	"time"
)

// The test clock starts at the moment it is given and advances with wall time from there.
func TestStartedClockStartsAtTheMomentAndAdvancesWithRealTime(t *testing.T) {
	wall := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	now, err := startedClock("2026-12-01T09:00:00Z", func() time.Time { return wall })
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if got := now(); !got.Equal(want) {
		t.Fatalf("at start: %v, want %v", got, want)
	}
	wall = wall.Add(90 * time.Second)
	if got := now(); !got.Equal(want.Add(90 * time.Second)) {
		t.Fatalf("90 s later: %v, want %v", got, want.Add(90*time.Second))
	}
}

func TestStartedClockRefusesAMomentThatIsNotRFC3339(t *testing.T) {
	for _, v := range []string{"2026-12-01", "01-12-2026 09:00", "morgen"} {
		if _, err := startedClock(v, time.Now); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
}
