package workspace_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"kluis/internal/peoplebench"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// TestMeasureErasure prints how long an erasure of 1% of an N-employee vault takes, phase by
// phase, against the import of the same vault in the same run (docs/BENCHMARKS.md). It measures,
// it asserts nothing about time; it runs only with KLUIS_ERASE_BENCH=N.
func TestMeasureErasure(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("KLUIS_ERASE_BENCH"))
	if n <= 0 {
		t.Skip("set KLUIS_ERASE_BENCH=N to measure")
	}
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	v, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{Now: now})
	t.Cleanup(ws.Close)
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	must(t, err)
	o := &opened{v: v, ws: ws, employer: emp}
	start := time.Now()
	_, err = o.importCSV(t, ws, peoplebench.CSV(n, 50), nil)
	must(t, err)
	imported := time.Since(start)
	var ids []vault.ID
	for i := 0; i < n; i += 100 {
		id := o.byPersnr(t, pad6(i+1))
		_, err := ws.EndEmployment(id, "2023-06-30")
		must(t, err)
		ids = append(ids, id)
	}
	phases := map[workspace.ErasePhase]time.Time{}
	var order []workspace.ErasePhase
	start = time.Now()
	rep, err := ws.EraseEmployees(context.Background(), ids, func(p workspace.ErasePhase, done, total int) {
		if _, ok := phases[p]; !ok {
			phases[p] = time.Now()
			order = append(order, p)
		}
	})
	must(t, err)
	total := time.Since(start)
	t.Logf("employees %d, erased %d; import %v; erasure %v (%.2f× the import)", n, rep.Erased, imported.Round(time.Millisecond),
		total.Round(time.Millisecond), total.Seconds()/imported.Seconds())
	for i, p := range order {
		end := start.Add(total)
		if i+1 < len(order) {
			end = phases[order[i+1]]
		}
		d := end.Sub(phases[p])
		t.Logf("  phase %-8s %v (%.2f× the import)", p, d.Round(time.Millisecond), d.Seconds()/imported.Seconds())
	}
}
