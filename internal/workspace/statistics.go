package workspace

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// MinGroup is the smallest group of people a statistic may describe: a smaller group's numbers
// are shown as "< 5" (primary suppression).
const MinGroup = 5

// Row kinds of the statistics.
const (
	RowDepartment = "department"
	RowRest       = "rest"  // the suppressed departments together
	RowTotal      = "total" // the whole employer
)

// Why a row's numbers are hidden.
const (
	SuppressedSmall      = "small"      // the group has fewer than MinGroup people
	SuppressedComplement = "complement" // hidden so that a small group cannot be subtracted back
)

// Statistics is the anonymised statistics of one employer and year, per quarter.
type Statistics struct {
	Employer people.Employer
	Year     int
	Quarters []QuarterStats
}

// QuarterStats is one quarter: a row per department with people in it, by path, then the
// suppressed departments together (when any) and the total. Quarters after today are left out.
type QuarterStats struct {
	Quarter  int // 1..4
	From, To string
	Rows     []StatRow
}

// StatRow is one group. Suppressed rows carry no numbers (all zero) and say why.
type StatRow struct {
	Kind        string
	Department  string // the path, for a department row
	Departments int    // how many departments a rest row joins
	Suppressed  string // "" when shown
	Headcount   int    // people employed on any day of the quarter (up to today)
	Starters    int    // people whose employment started in the quarter
	Leavers     int    // people whose employment ended in the quarter
	Spells      int    // absence spells that ran in the quarter
	SickDays    int    // calendar days sick in the quarter
	Percentage  float64
}

// job is one employment with its dates parsed and the employee's spells.
type job struct {
	employee, dept vault.ID
	start, end     time.Time
	ends           bool // the employment has an end date
	sick           []spell
}

// spell is an absence spell's first and last sick day (up to today) and its percentage.
type spell struct {
	from, to time.Time
	pct      int
}

// person is one employee's part in one department's quarter.
type person struct {
	starter, leaver bool
	spells          int
	days            int
	weighted, avail float64
}

// Statistics counts, per department and quarter of year, headcount, starters, leavers and
// absence (spells, days, percentage), from the anonymised skeletons and the dossiers' spells.
// Every group under MinGroup people is suppressed; see suppress for how totals stay safe. It
// needs every department: a manager gets ErrStatisticsAllDepartments. Nothing about one person
// is in it, so reading it is not audited; printing it is (StatisticsPDF).
func (w *Workspace) Statistics(employer vault.ID, year int) (Statistics, error) {
	if !w.sess.AllDepartments() {
		return Statistics{}, ErrStatisticsAllDepartments
	}
	emp, err := w.employerOf(employer)
	if err != nil {
		return Statistics{}, err
	}
	emps, _, err := w.dir.SyncEmployees()
	if err != nil {
		return Statistics{}, err
	}
	spells, err := w.share.Absences()
	if err != nil {
		return Statistics{}, err
	}
	paths := map[vault.ID]string{}
	today := w.now()
	todayDay := day(today.Year(), today.Month(), today.Day())
	// Dates are parsed once, not once per quarter.
	var jobs []job
	for _, e := range emps {
		if e.Employer != employer {
			continue
		}
		var sick []spell
		for _, a := range spells[e.ID] {
			if s, ok := spellSpan(a, todayDay); ok {
				pct := a.Percentage
				if pct == 0 {
					pct = 100
				}
				sick = append(sick, spell{from: s[0], to: s[1], pct: pct})
			}
		}
		for _, em := range e.Employments {
			if start, end, ok := span(em.Start, em.End); ok {
				jobs = append(jobs, job{employee: e.ID, dept: em.Department, start: start, end: end, ends: em.End != "", sick: sick})
			}
		}
	}
	out := Statistics{Employer: emp, Year: year}
	for q := 1; q <= 4; q++ {
		from := day(year, time.Month(3*q-2), 1)
		to := day(year, time.Month(3*q+1), 1).AddDate(0, 0, -1)
		if from.After(todayDay) {
			break
		}
		if to.After(todayDay) {
			to = todayDay
		}
		groups := map[vault.ID]map[vault.ID]*person{}
		for _, j := range jobs {
			if j.start.After(to) || j.end.Before(from) {
				continue
			}
			g := groups[j.dept]
			if g == nil {
				g = map[vault.ID]*person{}
				groups[j.dept] = g
			}
			p := g[j.employee]
			if p == nil {
				p = &person{}
				g[j.employee] = p
			}
			lo, hi := later(j.start, from), earlier(j.end, to)
			p.avail += float64(days(lo, hi))
			p.starter = p.starter || !j.start.Before(from)
			p.leaver = p.leaver || (j.ends && !j.end.After(to))
			for _, s := range j.sick {
				slo, shi := later(s.from, lo), earlier(s.to, hi)
				if shi.Before(slo) {
					continue
				}
				n := days(slo, shi)
				p.spells++
				p.days += n
				p.weighted += float64(n) * float64(s.pct) / 100
			}
		}
		for id := range groups {
			if _, ok := paths[id]; !ok {
				if paths[id], err = w.dir.DepartmentPath(id); err != nil {
					return Statistics{}, err
				}
			}
		}
		out.Quarters = append(out.Quarters, QuarterStats{Quarter: q, From: from.Format(people.DateLayout), To: to.Format(people.DateLayout),
			Rows: suppress(groups, paths)})
	}
	return out, nil
}

// suppress builds a quarter's rows and hides what could point at fewer than MinGroup people.
//
//   - Primary: a department with 1..4 people shows no numbers ("< 5").
//   - The suppressed departments are shown together in one rest row, so the total minus the
//     shown departments is a group that is printed anyway. When that rest group itself has 1..4
//     people (a single small department, say), the smallest shown department is hidden too
//     (complementary suppression) until the rest reaches MinGroup or nothing is left to hide.
//   - A rest or total row under MinGroup people is suppressed like any other group.
//
// Groups are counted in people, not employments: someone with two employments in a quarter
// counts once.
func suppress(groups map[vault.ID]map[vault.ID]*person, paths map[vault.ID]string) []StatRow {
	ids := make([]vault.ID, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return paths[ids[i]] < paths[ids[j]] })
	hidden := map[vault.ID]string{}
	for _, id := range ids {
		if len(groups[id]) < MinGroup {
			hidden[id] = SuppressedSmall
		}
	}
	restOf := func() map[vault.ID]*person { return merge(groups, func(id vault.ID) bool { return hidden[id] != "" }) }
	for {
		n := len(restOf())
		if n == 0 || n >= MinGroup {
			break
		}
		var smallest *vault.ID
		for i, id := range ids {
			if hidden[id] == "" && (smallest == nil || len(groups[id]) < len(groups[*smallest])) {
				smallest = &ids[i]
			}
		}
		if smallest == nil {
			break
		}
		hidden[*smallest] = SuppressedComplement
	}
	var rows []StatRow
	for _, id := range ids {
		r := StatRow{Kind: RowDepartment, Department: paths[id], Suppressed: hidden[id]}
		if r.Suppressed == "" {
			fill(&r, groups[id])
		}
		rows = append(rows, r)
	}
	if len(hidden) > 0 {
		rows = append(rows, groupRow(RowRest, restOf(), len(hidden)))
	}
	rows = append(rows, groupRow(RowTotal, merge(groups, func(vault.ID) bool { return true }), len(ids)))
	return rows
}

func groupRow(kind string, g map[vault.ID]*person, departments int) StatRow {
	r := StatRow{Kind: kind, Departments: departments}
	if len(g) < MinGroup {
		r.Suppressed = SuppressedSmall
		return r
	}
	fill(&r, g)
	return r
}

// merge joins the groups of the departments chosen into one group of people.
func merge(groups map[vault.ID]map[vault.ID]*person, in func(vault.ID) bool) map[vault.ID]*person {
	out := map[vault.ID]*person{}
	for dept, g := range groups {
		if !in(dept) {
			continue
		}
		for id, p := range g {
			m := out[id]
			if m == nil {
				m = &person{}
				out[id] = m
			}
			m.starter, m.leaver = m.starter || p.starter, m.leaver || p.leaver
			m.spells += p.spells
			m.days += p.days
			m.weighted += p.weighted
			m.avail += p.avail
		}
	}
	return out
}

func fill(r *StatRow, g map[vault.ID]*person) {
	var weighted, avail float64
	for _, p := range g {
		r.Headcount++
		if p.starter {
			r.Starters++
		}
		if p.leaver {
			r.Leavers++
		}
		r.Spells += p.spells
		r.SickDays += p.days
		weighted += p.weighted
		avail += p.avail
	}
	if avail > 0 {
		r.Percentage = math.Round(weighted/avail*1000) / 10
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// farFuture stands for the end of an employment that has none.
var farFuture = day(9999, 12, 31)

// span parses an employment's dates; an open end runs on.
func span(start, end string) (time.Time, time.Time, bool) {
	s, err := time.Parse(people.DateLayout, start)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	if end == "" {
		return s, farFuture, true
	}
	e, err := time.Parse(people.DateLayout, end)
	return s, e, err == nil && !e.Before(s)
}

// spellSpan is a spell's first and last sick day; an open spell runs until today.
func spellSpan(a sharing.Absence, today time.Time) ([2]time.Time, bool) {
	from, err := time.Parse(people.DateLayout, a.FirstSickDay)
	if err != nil {
		return [2]time.Time{}, false
	}
	to := today
	if a.Recovered != "" {
		back, err := time.Parse(people.DateLayout, a.Recovered)
		if err != nil {
			return [2]time.Time{}, false
		}
		to = back.AddDate(0, 0, -1)
	}
	return [2]time.Time{from, to}, !to.Before(from)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// days counts the calendar days from a to b, both included.
func days(a, b time.Time) int { return int(b.Sub(a).Hours()/24) + 1 }

// StatisticsPDF prints the statistics of one employer and year (audited as report.print
// "statistics" with the employer as subject).
func (w *Workspace) StatisticsPDF(employer vault.ID, year int, lang report.Lang) ([]byte, error) {
	var out []byte
	err := w.guard(func() error {
		st, err := w.Statistics(employer, year)
		if err != nil {
			return err
		}
		names, err := w.userNames()
		if err != nil {
			return err
		}
		if out, err = statisticsPDF(st, lang, w.now(), names[w.sess.UserID()]); err != nil {
			return err
		}
		return w.record(audit.ActionReport, []vault.ID{employer}, "statistics")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func statisticsPDF(st Statistics, lang report.Lang, now time.Time, by string) ([]byte, error) {
	L := lang.Pick
	doc := report.NewDocument(report.Meta{
		Title:       fmt.Sprintf(L("Verzuim- en personeelsstatistiek %d", "Absence and staff statistics %d"), st.Year),
		Subtitle:    L("Geanonimiseerd: per afdeling per kwartaal, groepen onder 5 personen verborgen", "Anonymised: per department per quarter, groups under 5 people hidden"),
		Employer:    st.Employer.Name + " (KvK " + st.Employer.KvK + ")",
		Lang:        lang,
		GeneratedAt: now.Local(),
		GeneratedBy: by,
	})
	doc.Paragraph(L(
		"Medewerkers: wie op een dag in het kwartaal in dienst was (tot vandaag). Instroom en uitstroom: wie in het kwartaal begon of stopte. "+
			"Verzuim: ziekmeldingen die in het kwartaal liepen, de kalenderdagen ziek in het kwartaal, en het verzuimpercentage "+
			"(ziektedagen naar ziektepercentage gewogen, gedeeld door de dagen in dienst). Een medewerker telt bij de afdeling van het dienstverband.",
		"Employees: who was employed on any day of the quarter (up to today). Starters and leavers: who started or stopped in the quarter. "+
			"Absence: sick reports running in the quarter, calendar days sick in the quarter, and the absence rate "+
			"(sick days weighted by the sick percentage, divided by the days employed). An employee counts with the department of the employment."))
	if len(st.Quarters) == 0 {
		doc.Paragraph(L("Dit jaar is nog niet begonnen.", "This year has not started yet."))
	}
	for _, q := range st.Quarters {
		doc.Heading(fmt.Sprintf(L("Kwartaal %d (%s t/m %s)", "Quarter %d (%s to %s)"), q.Quarter, displayDate(q.From), displayDate(q.To)))
		t := report.Table{Columns: []report.Column{
			{Title: L("Afdeling", "Department"), Weight: 4},
			{Title: L("Medewerkers", "Employees"), Weight: 2.4, Right: true},
			{Title: L("Instroom", "Starters"), Weight: 1.8, Right: true},
			{Title: L("Uitstroom", "Leavers"), Weight: 1.9, Right: true},
			{Title: L("Ziekmeldingen", "Sick reports"), Weight: 2.6, Right: true},
			{Title: L("Ziektedagen", "Sick days"), Weight: 2.3, Right: true},
			{Title: L("Verzuim %", "Absence %"), Weight: 2, Right: true},
		}, Bold: map[int]bool{}}
		for i, r := range q.Rows {
			name := r.Department
			switch r.Kind {
			case RowRest:
				name = fmt.Sprintf(L("Verborgen afdelingen samen (%d)", "Hidden departments together (%d)"), r.Departments)
			case RowTotal:
				name = L("Totaal werkgever", "Employer total")
				t.Bold[i] = true
			}
			t.Rows = append(t.Rows, append([]string{name}, statCells(r, lang)...))
		}
		doc.Table(t)
	}
	doc.Note(L(
		"< 5: een groep van minder dan 5 personen; de cijfers worden niet getoond. Verborgen: een grotere afdeling die ook verborgen is, "+
			"zodat een kleine groep niet uit het totaal terug te rekenen is. De verborgen afdelingen staan samen in één regel als ze samen minstens 5 personen tellen.",
		"< 5: a group of fewer than 5 people; its numbers are not shown. Hidden: a larger department hidden as well, so that a small "+
			"group cannot be worked out from the total. The hidden departments are shown together in one row when they count at least 5 people."))
	return doc.Bytes()
}

// statCells are a row's six numbers as printed.
func statCells(r StatRow, lang report.Lang) []string {
	switch r.Suppressed {
	case SuppressedSmall:
		return []string{"< 5", "—", "—", "—", "—", "—"}
	case SuppressedComplement:
		return []string{lang.Pick("verborgen", "hidden"), "—", "—", "—", "—", "—"}
	}
	pct := strconv.FormatFloat(r.Percentage, 'f', 1, 64)
	if lang == report.Dutch {
		pct = replaceDot(pct)
	}
	return []string{strconv.Itoa(r.Headcount), strconv.Itoa(r.Starters), strconv.Itoa(r.Leavers),
		strconv.Itoa(r.Spells), strconv.Itoa(r.SickDays), pct}
}

func replaceDot(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = ','
		}
	}
	return string(b)
}
