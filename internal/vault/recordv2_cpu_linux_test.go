package vault

import (
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// Thread-CPU benchmarks of the record format change (ADR 010). On the shared development
// machine wall time swings several-fold with the load; the CPU time of the benchmark's own
// thread (getrusage RUSAGE_THREAD) does not. Each reports cpu-ns/op next to ns/op.

const rusageThread = 1 // RUSAGE_THREAD

// threadCPU runs fn on one locked OS thread and reports its CPU time per b.N.
func threadCPU(b *testing.B, fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var r0, r1 syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &r0); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	fn()
	b.StopTimer()
	if err := syscall.Getrusage(rusageThread, &r1); err != nil {
		b.Fatal(err)
	}
	ns := r1.Utime.Nano() + r1.Stime.Nano() - r0.Utime.Nano() - r0.Stime.Nano()
	b.ReportMetric(float64(ns)/float64(b.N), "cpu-ns/op")
}

// fillVersion writes n records of 512 B sealed as version v (1 or 2) into s.
func fillVersion(b *testing.B, s *Session, ids []ID, v byte) {
	payloads := benchPayloads(1024)
	if v == valueV2 {
		sealedWrite(b, s, ids, payloads)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	wb := s.db.NewWriteBatch()
	for i, id := range ids {
		key := recordKey(kindTest, id)
		if err := wb.Set(key, sealV1(b, s, key, s.DirectoryScope(), payloads[i%len(payloads)])); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkCPUIterate(b *testing.B) {
	b.Run("raw", func(b *testing.B) {
		db := openRawDB(b)
		rawWrite(b, db, benchIDs(b.N), benchPayloads(1024))
		threadCPU(b, func() {
			err := db.View(func(txn *badger.Txn) error {
				opts := badger.DefaultIteratorOptions
				opts.Prefix = []byte{byte(kindTest)}
				it := txn.NewIterator(opts)
				defer it.Close()
				var buf []byte
				for it.Rewind(); it.Valid(); it.Next() {
					var err error
					if buf, err = it.Item().ValueCopy(buf[:0]); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	})
	// Open into a new slice per record, as before Sealed.OpenTo (what IterateOpen still does).
	b.Run("open-v2-new-slice", func(b *testing.B) {
		s := benchSession(b)
		fillVersion(b, s, benchIDs(b.N), valueV2)
		threadCPU(b, func() {
			err := s.View(func(tx *Tx) error {
				return tx.Iterate(kindTest, func(_ ID, r Sealed) error { _, err := r.Open(); return err })
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	})
	for _, v := range []byte{valueV1, valueV2} {
		b.Run([]string{"", "open-v1", "open-v2"}[v], func(b *testing.B) {
			s := benchSession(b)
			fillVersion(b, s, benchIDs(b.N), v)
			threadCPU(b, func() {
				err := s.View(func(tx *Tx) error {
					var buf []byte // one buffer reused, as the raw case's ValueCopy
					return tx.Iterate(kindTest, func(_ ID, r Sealed) (err error) { buf, err = r.OpenTo(buf[:0]); return err })
				})
				if err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkCPUPointRead(b *testing.B) {
	b.Run("raw", func(b *testing.B) {
		db := openRawDB(b)
		ids := benchIDs(pointReadSet)
		rawWrite(b, db, ids, benchPayloads(1024))
		rng := rand.New(rand.NewPCG(1, 1))
		threadCPU(b, func() {
			err := db.View(func(txn *badger.Txn) error {
				for range b.N {
					item, err := txn.Get(recordKey(kindTest, ids[rng.IntN(len(ids))]))
					if err != nil {
						return err
					}
					if _, err := item.ValueCopy(nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	})
	for _, v := range []byte{valueV1, valueV2} {
		b.Run([]string{"", "open-v1", "open-v2"}[v], func(b *testing.B) {
			s := benchSession(b)
			ids := benchIDs(pointReadSet)
			fillVersion(b, s, ids, v)
			rng := rand.New(rand.NewPCG(1, 1))
			threadCPU(b, func() {
				err := s.View(func(tx *Tx) error {
					for range b.N {
						if _, err := tx.Get(kindTest, ids[rng.IntN(len(ids))]); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkCPUOpenValue(b *testing.B) {
	fs := fixedSession()
	rk := recordKey(kindTest, ID{1})
	plain := benchPayloads(1)[0]
	v2, err := fs.seal(rk, fixedScope, plain)
	if err != nil {
		b.Fatal(err)
	}
	for i, value := range [][]byte{sealV1(b, fs, rk, fixedScope, plain), v2} {
		b.Run([]string{"v1", "v2"}[i], func(b *testing.B) {
			threadCPU(b, func() {
				for range b.N {
					if _, err := fs.open(nil, rk, value); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
