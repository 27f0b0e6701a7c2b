package sharing

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRule_TheSicknessWeekCountsFromTheFirstSickDay(t *testing.T) {
	spell := []Absence{{FirstSickDay: "2026-11-02"}}
	for _, c := range []struct {
		on   string
		week int
	}{{"2026-11-01", 0}, {"2026-11-02", 1}, {"2026-11-08", 1}, {"2026-11-09", 2}, {"2026-12-14", 7}} {
		if got := Week(SickDays(spell, day(c.on))); got != c.week {
			t.Errorf("on %s: week %d, want %d", c.on, got, c.week)
		}
	}
}

func TestRule_SpellsLessThanFourWeeksApartAddUp(t *testing.T) {
	// 10 days sick, back on 11-11; sick again 27 days later: the count goes on.
	near := []Absence{{FirstSickDay: "2026-11-01", Recovered: "2026-11-11"}, {FirstSickDay: "2026-12-08"}}
	if got := SickDays(near, day("2026-12-08")); got != 11 {
		t.Errorf("27 days apart: %d sick days, want 11", got)
	}
	// Sick again 28 days after recovery: a new count.
	far := []Absence{{FirstSickDay: "2026-11-01", Recovered: "2026-11-11"}, {FirstSickDay: "2026-12-09"}}
	if got := SickDays(far, day("2026-12-09")); got != 1 {
		t.Errorf("28 days apart: %d sick days, want 1", got)
	}
}

func TestRule_TheNextPoortwachterMilestoneFollowsTheWeek(t *testing.T) {
	for _, c := range []struct {
		week int
		code string
	}{{1, "report-to-arbo"}, {2, "problem-analysis"}, {7, "plan-of-action"}, {9, "report-to-uwv"},
		{43, "first-year-evaluation"}, {52, "first-year-evaluation"}, {53, "reintegration-report-wia"},
		{94, "end-of-wage-payment"}} {
		if m := NextMilestone(c.week); m == nil || m.Code != c.code {
			t.Errorf("week %d: %+v, want %s", c.week, m, c.code)
		}
	}
	if NextMilestone(105) != nil {
		t.Error("a milestone after week 104")
	}
}
