package vault

import (
	"testing"
	"time"
)

// Replication benchmarks (docs/BENCHMARKS.md): the cost of change capture on an import-like
// batch (1,000 records of 512 B with one index entry each) against the same batch in a folder
// that does not replicate, and one whole push of such a batch to a second folder (Outgoing,
// Marshal, ParseChangeSet, ApplyChangeSet, Acknowledge).

const benchReplicaRows = 1000

func benchReplicaBatch(b *testing.B, s *Session, scope ScopeID, payloads [][]byte) {
	b.Helper()
	ok(b, s.WriteBatch(func(bt *Batch) error {
		for i, p := range payloads {
			id := NewID()
			if err := bt.Put(kindTest, id, scope, p); err != nil {
				return err
			}
			if err := bt.SetIndex(scope, "persnr", []byte{byte(i), byte(i >> 8)}, kindTest, id); err != nil {
				return err
			}
		}
		return nil
	}))
}

func BenchmarkReplicaCapture(b *testing.B) {
	payloads := benchPayloads(benchReplicaRows)
	for _, mode := range []string{"off", "on"} {
		b.Run(mode, func(b *testing.B) {
			_, _, s, _ := newTestVault(b, testOptions(nil))
			_, scope := newDept(b, s)
			if mode == "on" {
				ok(b, s.enableReplication())
			}
			for b.Loop() {
				benchReplicaBatch(b, s, scope, payloads)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchReplicaRows), "µs/row")
		})
	}
}

func BenchmarkReplicaPush(b *testing.B) {
	payloads := benchPayloads(benchReplicaRows)
	ca := &testClock{time.Now()}
	_, _, a, _ := newTestVault(b, testOptions(nil).WithNow(ca.now))
	_, scope := newDept(b, a)
	bs, _ := joinFolder(b, a, &testClock{time.Now()})
	lines, err := a.KeyringEntries(0)
	ok(b, err)
	_, err = bs.ApplyKeyringEntries(lines)
	ok(b, err)
	var bytesOut int
	for b.Loop() {
		b.StopTimer()
		benchReplicaBatch(b, a, scope, payloads)
		b.StartTimer()
		o, err := a.Outgoing(0)
		ok(b, err)
		for _, cs := range o.Sets {
			raw, err := cs.Marshal()
			ok(b, err)
			bytesOut += len(raw)
			p, err := ParseChangeSet(raw)
			ok(b, err)
			_, err = bs.ApplyChangeSet(p)
			ok(b, err)
		}
		ok(b, a.Acknowledge(o))
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchReplicaRows), "µs/row")
	b.ReportMetric(float64(bytesOut)/float64(b.N*benchReplicaRows), "B/row")
}
