package vault

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkReseal times Rotate after a manager of one of two departments is revoked (storage,
// directory and that department rotate): b.N rotations, each on a fresh vault of 2×5,000 indexed
// records. It reports the re-sealed records per second and the fastest run (the machine is
// shared; see docs/BENCHMARKS.md).
func BenchmarkReseal(b *testing.B) {
	const records = 5000
	var best time.Duration
	resealed := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, v, s, _ := newTestVault(b, testOptions(nil))
		deptA, scopeA := newDept(b, s)
		_, scopeB := newDept(b, s)
		ok(b, s.WriteBatch(func(wb *Batch) error {
			for j := range records {
				for _, sc := range []ScopeID{scopeA, scopeB} {
					id, val := NewID(), fmt.Appendf(nil, "%s-%d-%0400d", sc, j, j)
					if err := wb.Put(kindTest, id, sc, val); err != nil {
						return err
					}
					if err := wb.SetIndex(sc, "name", val[:20], kindTest, id); err != nil {
						return err
					}
				}
			}
			return nil
		}))
		m, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager, deptA)
		ok(b, err)
		ok(b, s.Revoke(m))
		b.StartTimer()
		start := time.Now()
		ok(b, s.Rotate(context.Background(), RotateOptions{Indexer: testIndexer, Done: func(n int) { resealed = n }}))
		d := time.Since(start)
		b.StopTimer()
		if best == 0 || d < best {
			best = d
		}
		s.Lock()
		_ = v.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(resealed)/best.Seconds(), "resealed/s-best")
	b.ReportMetric(best.Seconds()*1000, "ms-best")
}
