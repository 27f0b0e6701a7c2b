package vault

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkImportShape measures what the store's side of an import costs per row for record
// layouts an import could write (ADR 014): the rows written crash-atomically through Atomic and
// FlushAsync in chunks of 2,000 writes, as people.ApplyImport does, without reading, checking or
// planning; like the import, it writes the rows in the order of their ids (people.writeOrder)
// and the index entries last in key order (SetIndex of a new id). Each run first writes the same number of plain 420-byte sealed records with
// WriteBatch into a fresh vault, the baseline of `kluis bench`'s import ratio, and reports
// rows/s : baseline records/s as "ratio". b.N is the number of rows:
//
//	go test ./internal/vault/ -run '^$' -bench ImportShape -benchtime 50000x -count 3
func BenchmarkImportShape(b *testing.B) {
	skeleton := benchPayloads(1)[0][:150]
	identity := benchPayloads(2)[1][:420]
	both := append(append([]byte{}, skeleton...), identity...)
	shapes := []struct {
		name    string
		records [][]byte // sealed records per row
		indexes int      // index entries per row
	}{
		{"today_2rec_5idx", [][]byte{skeleton, identity}, 5},
		{"no_dept_copies_2rec_3idx", [][]byte{skeleton, identity}, 3},
		{"staff_only_2rec_2idx", [][]byte{skeleton, identity}, 2},
		{"persnr_only_2rec_1idx", [][]byte{skeleton, identity}, 1}, // the directory's persnr entry kept (managers' check)
		{"records_only_2rec", [][]byte{skeleton, identity}, 0},
		{"one_record_1rec_2idx", [][]byte{both}, 2},
		{"one_record_only_1rec", [][]byte{both}, 0},
		{"four_records_4rec", [][]byte{skeleton, identity, skeleton[:8], skeleton[:8]}, 0}, // index-entry-sized records: what an index entry costs beyond its size
	}
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			base := benchSession(b)
			_, baseScope := newDept(b, base)
			raw := benchPayloads(1)[0][:420]
			start := time.Now()
			if err := base.WriteBatch(func(bt *Batch) error {
				for range b.N {
					if err := bt.Put(kindTest, NewID(), baseScope, raw); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			baseline := float64(b.N) / time.Since(start).Seconds()

			s := benchSession(b)
			_, scope := newDept(b, s)
			values := make([][]byte, sh.indexes)
			ids := make([]ID, b.N)
			for i := range ids {
				ids[i] = NewID()
			}
			slices.SortFunc(ids, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
			b.ResetTimer()
			err := s.Atomic(AtomicOptions{Name: "bench"}, func(w *AtomicWriter) error {
				for i := range b.N {
					id := ids[i]
					for k, rec := range sh.records {
						if err := w.PutNew(kindTest+Kind(k), id, scope, rec); err != nil {
							return err
						}
					}
					for k := range values {
						values[k] = fmt.Appendf(values[k][:0], "%d-%d", k, i)
						if err := w.SetIndex(scope, fmt.Sprintf("f%d", k), values[k], kindTest, id, true); err != nil {
							return err
						}
					}
					if w.Pending() >= 2000 {
						if err := w.FlushAsync(); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			rows := float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(rows, "rows/s")
			b.ReportMetric(rows/baseline, "ratio")
			b.ReportMetric(float64(len(sh.records)+sh.indexes), "entries/row")
		})
	}
}
