package vault

import (
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// The raw benchmarks run Badger with the vault's own options (encryption on) on the same 512 B
// payloads, so the ratio sealed/raw is the cost of the record layer.

const benchPayload = 512

func benchPayloads(n int) [][]byte {
	rng := rand.New(rand.NewPCG(7, 7))
	out := make([][]byte, n)
	for i := range out {
		b := make([]byte, benchPayload)
		for j := range b {
			b[j] = byte('a' + rng.IntN(26))
		}
		out[i] = b
	}
	return out
}

func benchIDs(n int) []ID {
	ids := make([]ID, n)
	for i := range ids {
		ids[i] = NewID()
	}
	return ids
}

func openRawDB(b *testing.B) *badger.DB {
	b.Helper()
	db, err := badger.Open(store.Options(filepath.Join(b.TempDir(), "raw"), vcrypto.RandomKey(), slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db
}

func benchSession(b *testing.B) *Session {
	b.Helper()
	_, _, s, _ := newTestVault(b, testOptions(nil))
	b.Cleanup(s.Lock)
	return s
}

func rawWrite(b *testing.B, db *badger.DB, ids []ID, payloads [][]byte) {
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	for i, id := range ids {
		if err := wb.Set(recordKey(kindTest, id), payloads[i%len(payloads)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := db.Sync(); err != nil {
		b.Fatal(err)
	}
}

func sealedWrite(b *testing.B, s *Session, ids []ID, payloads [][]byte) {
	err := s.WriteBatch(func(bt *Batch) error {
		for i, id := range ids {
			if err := bt.Put(kindTest, id, s.DirectoryScope(), payloads[i%len(payloads)]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkRawBadgerWrite(b *testing.B) {
	db := openRawDB(b)
	ids, payloads := benchIDs(b.N), benchPayloads(1024)
	b.SetBytes(benchPayload)
	b.ResetTimer()
	rawWrite(b, db, ids, payloads)
}

func BenchmarkSealedWrite(b *testing.B) {
	s := benchSession(b)
	ids, payloads := benchIDs(b.N), benchPayloads(1024)
	b.SetBytes(benchPayload)
	b.ResetTimer()
	sealedWrite(b, s, ids, payloads)
}

// pointReadSet is the number of records the point-read benchmarks read from at random.
const pointReadSet = 20000

func BenchmarkRawPointRead(b *testing.B) {
	db := openRawDB(b)
	ids := benchIDs(pointReadSet)
	rawWrite(b, db, ids, benchPayloads(1024))
	rng := rand.New(rand.NewPCG(1, 1))
	b.SetBytes(benchPayload)
	b.ResetTimer()
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
}

func BenchmarkOpenPoint(b *testing.B) {
	s := benchSession(b)
	ids := benchIDs(pointReadSet)
	sealedWrite(b, s, ids, benchPayloads(1024))
	rng := rand.New(rand.NewPCG(1, 1))
	b.SetBytes(benchPayload)
	b.ResetTimer()
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
}

func BenchmarkRawIterate(b *testing.B) {
	db := openRawDB(b)
	rawWrite(b, db, benchIDs(b.N), benchPayloads(1024))
	b.SetBytes(benchPayload)
	b.ResetTimer()
	n := 0
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
			n++
		}
		return nil
	})
	if err != nil || n != b.N {
		b.Fatalf("%d of %d: %v", n, b.N, err)
	}
}

func BenchmarkIterateOpen(b *testing.B) {
	s := benchSession(b)
	sealedWrite(b, s, benchIDs(b.N), benchPayloads(1024))
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

// BenchmarkBlindIndex measures one blind-index key (HMAC under the per-field key).
func BenchmarkBlindIndex(b *testing.B) {
	s := benchSession(b)
	_, dept := newDept(b, s)
	id, value := NewID(), []byte("111222333")
	s.mu.RLock()
	defer s.mu.RUnlock()
	b.ResetTimer()
	for range b.N {
		if _, err := s.indexKey(dept, "bsn", value, kindTest, id); err != nil {
			b.Fatal(err)
		}
	}
}
