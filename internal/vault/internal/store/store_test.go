package store

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// The rule: Badger's caches and memtables are bounded for a desktop (issue 16: an unlocked vault
// of a million employees under 2 GB): the options carry the bounded sizes, and together they
// stay under 300 MiB.
func TestRule_BadgerMemoryIsBoundedForADesktop(t *testing.T) {
	o := Options(t.TempDir(), make([]byte, 32), slog.New(slog.DiscardHandler))
	if o.BlockCacheSize != BlockCacheBytes || o.IndexCacheSize != IndexCacheBytes || o.MemTableSize != MemTableBytes || o.NumMemtables != NumMemtables {
		t.Fatalf("options %d/%d/%d/%d differ from the bounded sizes", o.BlockCacheSize, o.IndexCacheSize, o.MemTableSize, o.NumMemtables)
	}
	if MaxCacheBytes > 300<<20 {
		t.Fatalf("Badger may hold %d MiB", MaxCacheBytes>>20)
	}
	if o.ValueLogFileSize > 256<<20 {
		t.Fatalf("value log files of %d MiB", o.ValueLogFileSize>>20)
	}
	// A compaction's table builders hold twice their table's size each, and Badger runs eight
	// or more at once: tables of the deepest level may not grow past a few MiB.
	deepest := o.BaseTableSize
	for range o.MaxLevels - 1 {
		deepest *= int64(o.TableSizeMultiplier)
	}
	if deepest > 4<<20 {
		t.Fatalf("the deepest level's tables are %d MiB: a compaction's builders may hold %d MiB", deepest>>20, 2*9*deepest>>20)
	}
}

// Rule: a page-sized value is kept in the value log, not in the tables (so it is not rewritten
// by every compaction), while a record-sized value stays in the tables.
func TestRule_LargeValuesLiveInTheValueLog(t *testing.T) {
	dir := t.TempDir()
	tables := func(value []byte, n int) uint64 {
		o := Options(filepath.Join(dir, fmt.Sprint(len(value))), make([]byte, 32), slog.New(slog.DiscardHandler))
		db, err := Open(o)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if err := db.Update(func(txn *badger.Txn) error { return txn.Set(fmt.Appendf(nil, "k%06d", i), value) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Close(); err != nil { // flushes the memtable into a table file
			t.Fatal(err)
		}
		var size uint64
		ssts, _ := filepath.Glob(filepath.Join(o.Dir, "*.sst"))
		for _, f := range ssts {
			st, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			size += uint64(st.Size())
		}
		return size
	}
	page := tables(make([]byte, 100<<10), 100) // 10 MB of pages
	if page > 1<<20 {
		t.Fatalf("100 pages of 100 KiB take %d bytes of tables", page)
	}
	records := tables(make([]byte, 500), 4000) // 2 MB of records
	if records < 1<<20 {
		t.Fatalf("4,000 records of 500 bytes take only %d bytes of tables: not in the tables?", records)
	}
}
