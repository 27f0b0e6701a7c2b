package store

import (
	"log/slog"
	"testing"
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
