package workspace_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"kluis/internal/people"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// statVault is a vault on 2 December 2026 with Oven 5, Winkel 7, Kantoor 6 and Bezorging 2
// people, all employed since 2025; one of Winkel was sick 2–12 February 2026.
func statVault(t *testing.T) (*workspace.Workspace, people.Employer, map[string][]vault.ID) {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) }
	_, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{Now: now})
	t.Cleanup(ws.Close)
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string][]vault.ID{}
	n := 0
	for _, d := range []struct {
		name  string
		count int
	}{{"Oven", 5}, {"Winkel", 7}, {"Kantoor", 6}, {"Bezorging", 2}} {
		for range d.count {
			n++
			v, err := ws.CreateEmployee(emp.ID, people.EmployeeInput{Persnr: strconv.Itoa(n), Surname: "Stat" + strconv.Itoa(n),
				Department: d.name, Start: "2025-01-01"})
			if err != nil {
				t.Fatal(err)
			}
			ids[d.name] = append(ids[d.name], v.ID)
		}
	}
	sick := ids["Winkel"][0]
	if err := ws.Share(sick, sharing.ShareInput{CareQuestion: sharing.CareSickReport, Explanation: "Ziekmelding"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.ReportSick(sick, sharing.SickReport{Phone: "06 12345678", ExpectedDuration: "unknown", FirstSickDay: "2026-02-02"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.ReportRecovery(sick, "2026-02-13"); err != nil {
		t.Fatal(err)
	}
	return ws, emp, ids
}

// checkNoSmallGroup is the rule on the data: no shown group under 5 people, and the total minus
// the shown departments is never a group of 1 to 4 people either.
func checkNoSmallGroup(t *testing.T, st workspace.Statistics) {
	t.Helper()
	for _, q := range st.Quarters {
		shown, total, totalShown := 0, 0, false
		for _, r := range q.Rows {
			if r.Suppressed != "" {
				if r.Headcount != 0 || r.Starters != 0 || r.Leavers != 0 || r.Spells != 0 || r.SickDays != 0 || r.Percentage != 0 {
					t.Errorf("Q%d: suppressed row %+v carries numbers", q.Quarter, r)
				}
				continue
			}
			if r.Headcount < workspace.MinGroup {
				t.Errorf("Q%d: row %+v shows a group under 5", q.Quarter, r)
			}
			switch r.Kind {
			case workspace.RowDepartment, workspace.RowRest:
				shown += r.Headcount
			case workspace.RowTotal:
				total, totalShown = r.Headcount, true
			}
		}
		if diff := total - shown; totalShown && diff > 0 && diff < workspace.MinGroup {
			t.Errorf("Q%d: the total minus the shown rows is a group of %d", q.Quarter, diff)
		}
	}
}

// checkPDF is the rule on the printed report: every department row shows "< 5", "verborgen" or
// a count of at least 5.
func checkPDF(t *testing.T, pdf []byte, departments []string) string {
	t.Helper()
	text := pdfText(t, pdf)
	for _, line := range strings.Split(text, "\n") {
		for _, d := range departments {
			rest, ok := strings.CutPrefix(line, d+" ")
			if !ok {
				continue
			}
			if strings.HasPrefix(rest, "< 5") || strings.HasPrefix(rest, "verborgen") || strings.HasPrefix(rest, "hidden") {
				continue
			}
			n, err := strconv.Atoi(strings.Fields(rest)[0])
			if err != nil || n < workspace.MinGroup {
				t.Errorf("the PDF prints %q", line)
			}
		}
	}
	return text
}

func row(q workspace.QuarterStats, kind, dept string) workspace.StatRow {
	for _, r := range q.Rows {
		if r.Kind == kind && r.Department == dept {
			return r
		}
	}
	return workspace.StatRow{Kind: "missing"}
}

func TestRule_TheStatisticsShowNoGroupUnder5AlsoAfterADepartmentOf5LosesOne(t *testing.T) {
	ws, emp, ids := statVault(t)
	departments := []string{"Oven", "Winkel", "Kantoor", "Bezorging"}

	st, err := ws.Statistics(emp.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Quarters) != 4 || st.Quarters[3].To != "2026-12-02" {
		t.Fatalf("quarters: %+v", st.Quarters)
	}
	checkNoSmallGroup(t, st)
	q1 := st.Quarters[0]
	// Bezorging (2) is small; alone in the rest it could be subtracted from the total, so the
	// smallest shown department (Oven, 5) is hidden with it.
	if r := row(q1, workspace.RowDepartment, "Bezorging"); r.Suppressed != workspace.SuppressedSmall {
		t.Errorf("Bezorging: %+v", r)
	}
	if r := row(q1, workspace.RowDepartment, "Oven"); r.Suppressed != workspace.SuppressedComplement {
		t.Errorf("Oven: %+v", r)
	}
	if r := row(q1, workspace.RowRest, ""); r.Suppressed != "" || r.Headcount != 7 || r.Departments != 2 {
		t.Errorf("rest: %+v", r)
	}
	// Winkel: 7 people, one spell of 11 days in Q1 (90 days): 11 / 630 = 1.7%.
	if r := row(q1, workspace.RowDepartment, "Winkel"); r.Headcount != 7 || r.Spells != 1 || r.SickDays != 11 || r.Percentage != 1.7 {
		t.Errorf("Winkel Q1: %+v", r)
	}
	if r := row(st.Quarters[1], workspace.RowDepartment, "Winkel"); r.Spells != 0 || r.SickDays != 0 {
		t.Errorf("Winkel Q2: %+v", r)
	}
	if r := row(q1, workspace.RowTotal, ""); r.Headcount != 20 || r.Starters != 0 || r.Leavers != 0 {
		t.Errorf("total Q1: %+v", r)
	}
	pdf, err := ws.StatisticsPDF(emp.ID, 2026, report.Dutch)
	if err != nil {
		t.Fatal(err)
	}
	keepPDF(t, "statistics-nl.pdf", pdf)
	checkPDF(t, pdf, departments)

	// Oven loses one person at the end of June: from Q3 on it has 4 people.
	if _, err := ws.EndEmployment(ids["Oven"][0], "2026-06-30"); err != nil {
		t.Fatal(err)
	}
	st, err = ws.Statistics(emp.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	checkNoSmallGroup(t, st)
	q2, q3 := st.Quarters[1], st.Quarters[2]
	if r := row(q2, workspace.RowTotal, ""); r.Headcount != 20 || r.Leavers != 1 {
		t.Errorf("total Q2: %+v", r)
	}
	if r := row(q3, workspace.RowDepartment, "Oven"); r.Suppressed != workspace.SuppressedSmall {
		t.Errorf("Oven Q3 with 4 people: %+v", r)
	}
	if r := row(q3, workspace.RowRest, ""); r.Suppressed != "" || r.Headcount != 6 {
		t.Errorf("rest Q3 (Oven 4 + Bezorging 2): %+v", r)
	}
	if r := row(q3, workspace.RowDepartment, "Kantoor"); r.Suppressed != "" || r.Headcount != 6 {
		t.Errorf("Kantoor Q3: %+v", r)
	}
	for _, lang := range []report.Lang{report.Dutch, report.English} {
		pdf, err := ws.StatisticsPDF(emp.ID, 2026, lang)
		if err != nil {
			t.Fatal(err)
		}
		keepPDF(t, "statistics-after-"+string(lang)+".pdf", pdf)
		text := checkPDF(t, pdf, departments)
		for _, want := range []string{"< 5", lang.Pick("Totaal werkgever", "Employer total"), "Winkel 7 0 0 1 11 " + lang.Pick("1,7", "1.7")} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the statistics PDF lacks %q", lang, want)
			}
		}
		for _, name := range []string{"Stat1", "Stat2"} {
			if strings.Contains(text, name) {
				t.Errorf("%s: the statistics PDF names an employee", lang)
			}
		}
	}
}

func TestRule_AStatisticsGroupOfOneDepartmentUnder5IsNeverTheDifferenceOfTheTotal(t *testing.T) {
	// Every small-department layout up to three departments: no quarter leaves a group of
	// 1..4 people to subtract.
	for a := 1; a <= 7; a++ {
		for b := 0; b <= 7; b++ {
			t.Run(fmt.Sprintf("%d-%d", a, b), func(t *testing.T) {
				st := workspace.SuppressCounts(map[string]int{"A": a, "B": b, "C": 6})
				checkNoSmallGroup(t, workspace.Statistics{Quarters: []workspace.QuarterStats{{Quarter: 1, Rows: st}}})
			})
		}
	}
}
