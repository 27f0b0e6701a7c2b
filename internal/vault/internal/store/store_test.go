package store

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
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

// Rule: a table damaged where Badger's open reads it on a goroutine of its own (the entry count
// at the end of its last block) makes Open return ErrTableDamaged; without checkTables the panic
// on Badger's goroutine ends the test process (badger issue #2201).
func TestRule_ADamagedTableIsAnErrorNotTheEndOfTheProcess(t *testing.T) {
	dir := t.TempDir()
	logger := slog.New(slog.DiscardHandler)
	db, err := Open(Options(dir, nil, logger)) // unencrypted: the block's layout is readable here
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error {
		for i := range 20 {
			if err := txn.Set(fmt.Appendf(nil, "key-%02d", i), []byte("value")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil { // the memtable becomes one table of one block
		t.Fatal(err)
	}
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	b, err := os.ReadFile(tables[0])
	if err != nil {
		t.Fatal(err)
	}
	// The footer, from the end: checksum length (4), checksum, index length (4), index; the
	// one block before it ends with: entry count (4), checksum, checksum length (4).
	be := func(at int) int { return int(b[at])<<24 | int(b[at+1])<<16 | int(b[at+2])<<8 | int(b[at+3]) }
	end := len(b) - 4
	end -= be(end)
	end -= 4
	blockEnd := end - be(end)
	count := blockEnd - 4 - be(blockEnd-4) - 4
	if n := be(count); n != 20 {
		t.Fatalf("the block says %d entries where the count should be; want 20 (layout misread)", n)
	}
	b[count], b[count+1], b[count+2], b[count+3] = 0x7f, 0xff, 0xff, 0xff
	if err := os.WriteFile(tables[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(Options(dir, nil, logger))
	if err == nil {
		db.Close()
		t.Fatal("a table with a damaged last block opened")
	}
	if !errors.Is(err, ErrTableDamaged) || !strings.Contains(err.Error(), filepath.Base(tables[0])) {
		t.Fatalf("open of a damaged table: %v, want ErrTableDamaged naming the file", err)
	}
}
