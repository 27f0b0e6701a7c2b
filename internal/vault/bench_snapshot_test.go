package vault

import (
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"kluis/internal/vault/internal/store"
)

// BenchmarkSnapshotJoin (docs/BENCHMARKS.md): one department of N records of 512 B with an index
// entry each (KLUIS_BENCH_ROWS, default 20,000) reaches a new joined folder (a) as the change
// sets a push makes, (b) as one snapshot applied in bulk; the in-run floor (c) is a plain Badger
// write batch of the same keys and values (and a clock per key) into a new store with the
// vault's options: no checks, no seal opened, nothing else.
func BenchmarkSnapshotJoin(b *testing.B) {
	rows := 20000
	if s := os.Getenv("KLUIS_BENCH_ROWS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	ca := &testClock{time.Now()}
	_, _, a, _ := newTestVault(b, testOptions(nil).WithNow(ca.now))
	_, scope := newDept(b, a)
	ok(b, a.enableReplication())
	payloads := benchPayloads(1000)
	for range rows / 1000 {
		benchReplicaBatch(b, a, scope, payloads)
	}
	var sets [][]byte
	for {
		o, err := a.Outgoing(0)
		ok(b, err)
		if len(o.Sets) == 0 {
			break
		}
		for _, cs := range o.Sets {
			if cs.Partition != scope {
				continue
			}
			raw, err := cs.Marshal()
			ok(b, err)
			sets = append(sets, raw)
		}
		ok(b, a.Acknowledge(o))
	}
	sn, err := a.Snapshot(scope, 0)
	ok(b, err)
	snRaw, err := sn.Marshal()
	ok(b, err)
	fresh := func(b *testing.B) *Session {
		b.StopTimer()
		defer b.StartTimer()
		c, _ := joinFolder(b, a, &testClock{time.Now()})
		lines, err := a.KeyringEntries(0)
		ok(b, err)
		_, err = c.ApplyKeyringEntries(lines)
		ok(b, err)
		return c
	}
	perRow := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*rows), "µs/row")
	}
	b.Run("change sets", func(b *testing.B) {
		for b.Loop() {
			c := fresh(b)
			for _, raw := range sets {
				cs, err := ParseChangeSet(raw)
				ok(b, err)
				_, err = c.ApplyChangeSet(cs)
				ok(b, err)
			}
		}
		perRow(b)
	})
	b.Run("snapshot", func(b *testing.B) {
		for b.Loop() {
			c := fresh(b)
			p, err := ParseSnapshot(snRaw)
			ok(b, err)
			st, err := c.ApplySnapshot(p)
			ok(b, err)
			if !st.Fast {
				b.Fatal("not in bulk")
			}
		}
		perRow(b)
	})
	b.Run("plain badger batch (floor)", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			key := make([]byte, 32)
			_, _ = rand.Read(key)
			db, err := store.Open(store.Options(filepath.Join(b.TempDir(), "data"), key, slog.New(slog.DiscardHandler)))
			ok(b, err)
			b.StartTimer()
			wb := db.NewWriteBatch()
			for _, e := range sn.Entries {
				if !e.Deleted {
					ok(b, wb.Set(e.Key, e.Value))
				}
				ok(b, wb.Set(clockKey(e.Key), make([]byte, clockSize)))
			}
			ok(b, wb.Flush())
			ok(b, db.Sync())
			b.StopTimer()
			ok(b, db.Close())
			b.StartTimer()
		}
		perRow(b)
	})
}
