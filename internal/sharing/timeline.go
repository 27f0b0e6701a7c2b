package sharing

import (
	"sort"
	"time"
)

// Milestone is a step of the Wet verbetering poortwachter, due in a sickness week.
type Milestone struct {
	Code     string // stable key for the UI catalogue
	FromWeek int    // due from the start of this week
	ByWeek   int    // and at the latest by its end
}

// Milestones in order (DOMAIN.md, "Absence timeline").
var Milestones = []Milestone{
	{"report-to-arbo", 1, 1},             // ziekmelding bij de arbodienst binnen een week
	{"problem-analysis", 6, 6},           // probleemanalyse
	{"plan-of-action", 8, 8},             // plan van aanpak
	{"report-to-uwv", 42, 42},            // ziekmelding bij het UWV
	{"first-year-evaluation", 46, 52},    // eerstejaarsevaluatie
	{"reintegration-report-wia", 91, 93}, // re-integratieverslag en WIA-aanvraag
	{"end-of-wage-payment", 104, 104},    // einde loondoorbetaling
}

// addUpGap is how close spells must be to count as one: less than four weeks apart.
const addUpGap = 28 * 24 * time.Hour

// SickDays counts the days of sickness up to and including day for the spell open on day,
// adding earlier spells that ended less than four weeks before the next began. absences need
// not be sorted; dates that do not parse are skipped.
func SickDays(absences []Absence, day time.Time) int {
	type spell struct{ from, to time.Time } // to: the last sick day
	var spells []spell
	for _, a := range absences {
		from, err := time.Parse(dateLayout, a.FirstSickDay)
		if err != nil || from.After(day) {
			continue
		}
		to := day
		if a.Recovered != "" {
			back, err := time.Parse(dateLayout, a.Recovered)
			if err != nil {
				continue
			}
			to = back.AddDate(0, 0, -1)
			if to.After(day) {
				to = day
			}
		}
		if to.Before(from) {
			continue
		}
		spells = append(spells, spell{from, to})
	}
	if len(spells) == 0 {
		return 0
	}
	sort.Slice(spells, func(i, j int) bool { return spells[i].from.Before(spells[j].from) })
	days := 0
	for i, s := range spells {
		if i > 0 && s.from.Sub(spells[i-1].to) > addUpGap {
			days = 0 // a gap of four weeks or more starts the count again
		}
		days += int(s.to.Sub(s.from)/(24*time.Hour)) + 1
	}
	return days
}

// Week is the sickness week a count of sick days falls in (day 1–7: week 1).
func Week(sickDays int) int {
	if sickDays <= 0 {
		return 0
	}
	return (sickDays-1)/7 + 1
}

// NextMilestone is the first milestone not yet past in week (nil after week 104).
func NextMilestone(week int) *Milestone {
	for i := range Milestones {
		if Milestones[i].ByWeek >= week {
			return &Milestones[i]
		}
	}
	return nil
}
