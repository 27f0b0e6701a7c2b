package vault

import (
	"testing"
)

// BenchmarkOpenValue opens one 512 B value of each version in memory: the record layer's own
// cost per record, without Badger (ADR 010).
func BenchmarkOpenValue(b *testing.B) {
	fs := fixedSession()
	rk := recordKey(kindTest, ID{1})
	plain := benchPayloads(1)[0]
	v2, err := fs.seal(rk, fixedScope, plain)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		value []byte
	}{{"v1", sealV1(b, fs, rk, fixedScope, plain)}, {"v2", v2}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(benchPayload)
			for range b.N {
				if _, err := fs.open(nil, rk, c.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSealValue seals one 512 B value as version 0x02 in memory.
func BenchmarkSealValue(b *testing.B) {
	fs := fixedSession()
	rk := recordKey(kindTest, ID{1})
	plain := benchPayloads(1)[0]
	b.SetBytes(benchPayload)
	for range b.N {
		if _, err := fs.seal(rk, fixedScope, plain); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIterateOpenV1 is BenchmarkIterateOpen over a store of version 0x01 values (a vault
// not yet migrated), the in-run baseline of the format change.
func BenchmarkIterateOpenV1(b *testing.B) {
	s := benchSession(b)
	payloads := benchPayloads(1024)
	s.mu.RLock()
	wb := s.db.NewWriteBatch()
	for i, id := range benchIDs(b.N) {
		key := recordKey(kindTest, id)
		if err := wb.Set(key, sealV1(b, s, key, s.DirectoryScope(), payloads[i%len(payloads)])); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	s.mu.RUnlock()
	b.SetBytes(benchPayload)
	b.ResetTimer()
	n := 0
	err := s.View(func(tx *Tx) error {
		return tx.Iterate(kindTest, func(_ ID, r Sealed) error {
			if _, err := r.Open(); err != nil {
				return err
			}
			n++
			return nil
		})
	})
	if err != nil || n != b.N {
		b.Fatalf("%d of %d: %v", n, b.N, err)
	}
}
