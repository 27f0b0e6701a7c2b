package people

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"kluis/internal/vault"
)

// benchEmployees is the size the issue sets for search and import targets.
const benchEmployees = 100_000

// kindBenchRaw is the record kind of the raw sealed-write baseline (temporary vaults only).
const kindBenchRaw vault.Kind = 0x2f

// benchRows are n valid rows over 50 departments in 10 regions.
func benchRows(n int) []EmployeeInput {
	rows := importRows(n)
	for i := range rows {
		rows[i].Department = fmt.Sprintf("Regio %02d/Afdeling %02d", i%10, i%50)
	}
	return rows
}

// rawBaseline writes n sealed records of size bytes under scope with one WriteBatch, the way
// vaultbench measures the raw sealed-write rate, and returns records per second.
func rawBaseline(b *testing.B, s *vault.Session, scope vault.ScopeID, n, size int) float64 {
	b.Helper()
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte('a' + i%26)
	}
	start := time.Now()
	err := s.WriteBatch(func(wb *vault.Batch) error {
		for range n {
			if err := wb.Put(kindBenchRaw, vault.NewID(), scope, payload); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return float64(n) / time.Since(start).Seconds()
}

// BenchmarkApplyImport100k imports 100,000 new employees into an empty vault and, in the same
// run and vault, writes the same number of raw sealed records of the identity record's size.
// Both run on an empty vault of their own. It reports rows/s, raw records/s and their ratio
// (target >= 0.40). Each imported row writes two sealed records (skeleton, identity) and two
// blind-index keys; the baseline writes one 420-byte record (about an identity's JSON) per row.
func BenchmarkApplyImport100k(b *testing.B) {
	rows := benchRows(benchEmployees)
	var rowRate, rawRate float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// Each measurement gets its own empty vault, so neither pays for the other's compactions;
		// the baseline runs before and after the import and counts as their mean, so a burst of
		// load on a shared machine skews the ratio less.
		rawRate += baselineInFreshVault(b) / 2
		f := newFixture(b)
		b.StartTimer()
		start := time.Now()
		res, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil)
		if err != nil {
			b.Fatal(err)
		}
		rowRate += float64(len(rows)) / time.Since(start).Seconds()
		if res.New != len(rows) {
			b.Fatalf("new %d", res.New)
		}
		b.StopTimer()
		f.s.Lock()
		rawRate += baselineInFreshVault(b) / 2
		b.StartTimer()
	}
	rowRate /= float64(b.N)
	rawRate /= float64(b.N)
	b.ReportMetric(rowRate, "rows/s")
	b.ReportMetric(rawRate, "raw-records/s")
	b.ReportMetric(rowRate/rawRate, "ratio")
}

func baselineInFreshVault(b *testing.B) float64 {
	base := newFixture(b)
	dep, err := base.d.DepartmentByPath(base.employer.ID, "Baseline", true)
	if err != nil {
		b.Fatal(err)
	}
	defer base.s.Lock()
	return rawBaseline(b, base.s, scopeOf(b, base.s, dep.ID), benchEmployees, 420)
}

// BenchmarkApplyImportUnchanged100k re-imports the same 100,000 rows (nothing changes).
func BenchmarkApplyImportUnchanged100k(b *testing.B) {
	b.StopTimer()
	f := searchFixture(b)
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		res, err := f.d.ApplyImport(context.Background(), f.employer.ID, f.rows, nil)
		if err != nil || res.Unchanged != len(f.rows) {
			b.Fatalf("%v %d", err, res.Unchanged)
		}
	}
	b.ReportMetric(float64(len(f.rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type benchFixture struct {
	*fixture
	rows []EmployeeInput
}

// searchFixture is a vault with 100,000 imported employees and a built name index; it lives
// until b (the parent benchmark) ends.
func searchFixture(b *testing.B) *benchFixture {
	b.Helper()
	f := newFixture(b)
	rows := benchRows(benchEmployees)
	if _, err := f.d.ApplyImport(context.Background(), f.employer.ID, rows, nil); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := f.d.BuildNameIndex(); err != nil {
		b.Fatal(err)
	}
	b.Logf("name index of %d identities built in %v", f.d.NameIndexSize(), time.Since(start))
	return &benchFixture{fixture: f, rows: rows}
}

// BenchmarkSearch measures Search at 100,000 employees per query kind and reports p50/p95 in ms
// (target: p95 under 20 ms).
func BenchmarkSearch(b *testing.B) {
	f := searchFixture(b)
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []struct {
		name  string
		query func() string
		want  int // minimum hits
	}{
		{"bsn", func() string { return f.rows[rng.IntN(len(f.rows))].BSN }, 1},
		{"persnr", func() string { return f.rows[rng.IntN(len(f.rows))].Persnr }, 1},
		{"birthdate-postcode", func() string {
			r := f.rows[rng.IntN(len(f.rows))]
			return r.BirthDate + " " + r.Postcode
		}, 1},
		{"name-part", func() string { return fmt.Sprintf("naam%04d", rng.IntN(1000)) }, 1},
		{"name-common", func() string { return []string{"anna", "bram", "chloe", "daan"}[rng.IntN(4)] }, 50},
		{"name-miss", func() string { return "zzyzx" }, 0},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			durs := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := k.query()
				start := time.Now()
				hits, err := f.d.Search(q, 50)
				durs = append(durs, time.Since(start))
				if err != nil || len(hits) < k.want {
					b.Fatalf("Search: %d hits, %v", len(hits), err)
				}
			}
			slices.Sort(durs)
			p := func(q float64) float64 {
				return float64(durs[min(len(durs)-1, int(q*float64(len(durs))))].Microseconds()) / 1000
			}
			b.ReportMetric(p(0.50), "p50-ms")
			b.ReportMetric(p(0.95), "p95-ms")
		})
	}
}

// BenchmarkTreeRows measures the Medewerkers tree at 100,000 employees: "first" builds the view
// for a filter/sort (as after a write or on first open) and slices the first page; "page" slices
// a page deep in the list from the cached view (scrolling).
func BenchmarkTreeRows(b *testing.B) {
	f := searchFixture(b)
	nodes, err := f.d.Tree(f.employer.ID)
	if err != nil {
		b.Fatal(err)
	}
	expanded := []vault.ID{f.employer.ID}
	for _, n := range nodes {
		expanded = append(expanded, n.ID)
	}
	for _, sortBy := range []string{SortPersnr, SortName} {
		b.Run("first-"+sortBy, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				f.d.mu.Lock()
				f.d.dropViews()
				f.d.mu.Unlock()
				page, err := f.d.Rows(RowQuery{Expanded: expanded, Limit: 60, Sort: sortBy})
				if err != nil || len(page.Rows) != 60 || page.Total < benchEmployees {
					b.Fatalf("%v %d", err, len(page.Rows))
				}
			}
		})
	}
	b.Run("page", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			page, err := f.d.Rows(RowQuery{Expanded: expanded, Offset: 50_000 + i%1000, Limit: 60})
			if err != nil || len(page.Rows) != 60 {
				b.Fatalf("%v %d", err, len(page.Rows))
			}
		}
	})
}

// BenchmarkWarm100k is the work behind the first Medewerkers page after unlock: loading every
// skeleton (iterate + open + decode) and building the default tree view.
func BenchmarkWarm100k(b *testing.B) {
	f := searchFixture(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := NewDirectory(f.s, clock)
		if err := d.Warm(); err != nil {
			b.Fatal(err)
		}
	}
}
