// Package store holds the Badger settings shared by the vault and its benchmarks, so the raw
// baseline in vaultbench runs with exactly the vault's options.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2"
	"github.com/dgraph-io/ristretto/v2/z"
)

// Options are the vault's Badger options: Badger's own encryption on with key (a second layer
// under the record sealing; needs the index cache), no block compression (sealed values do not
// compress; it only cost CPU), caches and memtables bounded for a desktop (see MaxCacheBytes),
// block checksums verified on every read (a damaged table gives an error instead of data), and
// Badger's logger replaced by an adapter onto logger (warnings and errors only). The logger is
// set last: Badger's WithLoggingLevel replaces the logger with its own stderr one.
//
// The memtable keeps Badger's 64 MiB: a transaction may use 15% of it, and the import's and the
// erasure's chunks are sized for that. Three memtables instead of five bound what a long import
// holds in memory while level 0 catches up (each is an arena of about 73 MiB on the Go heap),
// at the price of stalling the writer a little sooner.
//
// Values of LargeValueBytes or more go to the value log instead of the tables: records (a few
// hundred bytes) stay in the tables, but the sealed pages (ADR 013, up to a few hundred KiB per
// department) and an import's undo records no longer pass through the memtable, level 0 and
// every compaction, and reading a page no longer decrypts table blocks as large as the page. At a
// million employees the lock after an import took 2.9–3.4 s instead of 7.9–9.4 s and the name
// index from the pages 3.1–3.3 s instead of 4.4–4.5 s on a settled store (docs/BENCHMARKS.md,
// stop 32). A page written again leaves its old value behind until the value-log GC (RunGC)
// rewrites a file that is half garbage; files of 64 MiB instead of Badger's 1 GiB let it do that
// soon.
//
// Tables are BaseTableSize (2 MiB) at every level, not doubled per level: a compaction's table
// builders each hold twice their table's size, and eight or more run at once, so the deep
// levels' large tables made the compactions after a big write hold hundreds of MiB of Go heap
// and compete with the first page and the name index (a million employees, the start after
// every page was written again: Go heap 0.74 GB instead of 1.2 GB, name index 1.3–1.9 s instead
// of 2.2–9.4 s; docs/BENCHMARKS.md 2026-12-03). The price is more files: about 800 tables for a
// million employees instead of about 140 (Go raises the soft open-file limit to the hard one
// on Linux; Windows has no such limit).
func Options(dir string, key []byte, logger *slog.Logger) badger.Options {
	o := badger.DefaultOptions(dir)
	o.TableSizeMultiplier = TableSizeMultiplier
	return o.
		WithEncryptionKey(key).
		WithIndexCacheSize(IndexCacheBytes).
		WithBlockCacheSize(BlockCacheBytes).
		WithMemTableSize(MemTableBytes).
		WithNumMemtables(NumMemtables).
		WithValueLogFileSize(ValueLogFileBytes).
		WithValueThreshold(LargeValueBytes).
		WithNumVersionsToKeep(1).
		WithCompression(options.None).
		WithChecksumVerificationMode(options.OnBlockRead).
		WithMetricsEnabled(false).
		WithLogger(Logger{L: logger})
}

// The bounded sizes of Options.
const (
	IndexCacheBytes = 32 << 20
	BlockCacheBytes = 64 << 20
	MemTableBytes   = 64 << 20
	NumMemtables    = 3
	// TableSizeMultiplier 1: every level's tables are Badger's BaseTableSize (see Options).
	TableSizeMultiplier = 1
	// LargeValueBytes: values this large or larger are kept in the value log (see Options).
	LargeValueBytes = 16 << 10
	// ValueLogFileBytes is the size of one value-log file.
	ValueLogFileBytes = 64 << 20
)

// MaxCacheBytes is what Badger may hold in memory by these options, caches and memtables
// together (the memtables' batch overhead aside): about 288 MiB.
const MaxCacheBytes = IndexCacheBytes + BlockCacheBytes + NumMemtables*MemTableBytes

// Open opens the Badger database. A process killed while Badger was creating a new memtable
// file leaves that file behind empty, and the next badger.Open fails with z.NewFile ("Create a
// new file") although the database is intact; the failed attempt initialises the file, so one
// more attempt opens it (badger issue #2207, seen in our SIGKILL test). Badger wraps the error
// into text ("... err: Create a new file"), so only its text can be matched.
//
// Before Badger opens, every table is opened once here (checkTables), so that a damaged table
// is an error rather than the end of the process.
func Open(opts badger.Options) (*badger.DB, error) {
	if err := checkTables(opts); err != nil {
		return nil, err
	}
	db, err := badger.Open(opts)
	if err != nil && strings.HasSuffix(err.Error(), z.NewFile.Error()) {
		db, err = badger.Open(opts)
	}
	return db, err
}

// ErrTableDamaged is a table whose opening panicked in Badger's table code.
var ErrTableDamaged = errors.New("store: a table file is damaged")

// checkTables opens every table the manifest lists as Badger's open does (its index and its
// last block, read to find its biggest key), but on the calling goroutine. Badger opens tables
// on goroutines of its own, and a damaged block there panics with nothing to recover it: the
// process ends at every unlock instead of saying the store is damaged (badger issue #2201,
// fixed after v4.9.6; our damage test met it with one flipped byte in a table's last block).
// Here the panic is recovered and the table named. A folder without a manifest (a new store)
// has nothing to check; a manifest or key registry that does not read is left to Badger's open,
// which reports it.
func checkTables(opts badger.Options) (err error) {
	f, err := os.Open(filepath.Join(opts.Dir, badger.ManifestFilename))
	if err != nil {
		return nil
	}
	defer f.Close()
	m, _, err := badger.ReplayManifestFile(f, opts.ExternalMagicVersion, opts)
	if err != nil {
		return nil
	}
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: opts.Dir, ReadOnly: true,
		EncryptionKey: opts.EncryptionKey, EncryptionKeyRotationDuration: opts.EncryptionKeyRotationDuration})
	if err != nil {
		return err // a wrong key is badger.ErrEncryptionKeyMismatch, as from badger.Open
	}
	defer kr.Close()
	// An encrypted table's index is read through a cache (Badger's table code requires one).
	cache, err := ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{NumCounters: 1 << 10, MaxCost: 8 << 20, BufferItems: 64})
	if err != nil {
		return err
	}
	defer cache.Close()
	type job struct {
		path  string
		topts table.Options
	}
	var jobs []job
	for id, tf := range m.Tables {
		dk, err := kr.DataKey(tf.KeyID)
		if err != nil {
			return nil // Badger's open says what is wrong
		}
		// OnBlockRead: no whole-table checksum here (OpenTable would then close the file
		// itself on a mismatch, which Badger's open skips the table for anyway).
		topts := table.Options{ReadOnly: true, TableSize: uint64(opts.BaseTableSize), BlockSize: opts.BlockSize,
			BloomFalsePositive: opts.BloomFalsePositive, ChkMode: options.OnBlockRead,
			Compression: tf.Compression, ZSTDCompressionLevel: opts.ZSTDCompressionLevel, DataKey: dk, IndexCache: cache}
		jobs = append(jobs, job{table.NewFilename(id, opts.Dir), topts})
	}
	// On every core, as Badger's open does (a million employees are some 450 tables).
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
	)
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
				if e := openTableOnce(jobs[i].path, jobs[i].topts); e != nil {
					errOnce.Do(func() { err = e })
					return
				}
			}
		})
	}
	wg.Wait()
	return err
}

// openTableOnce opens and closes one table file read-only; a panic inside is ErrTableDamaged.
func openTableOnce(path string, topts table.Options) (err error) {
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil // a missing table is Badger's open's to report
	}
	defer func() {
		if r := recover(); r != nil {
			_ = mf.Close(-1)
			err = fmt.Errorf("%w: %s", ErrTableDamaged, filepath.Base(path))
		}
	}()
	t, err := table.OpenTable(mf, topts)
	if err != nil {
		_ = mf.Close(-1) // OpenTable leaves the file open on this path
		return nil       // an error Badger's open returns on its own
	}
	return t.Close(-1) // munmap and close only: DecrRef would delete the file
}

// Logger adapts Badger's logger to slog: errors and warnings pass, info and debug are dropped.
// Badger logs file names and sizes, never values (which are sealed anyway).
type Logger struct{ L *slog.Logger }

func (l Logger) Errorf(f string, a ...any) {
	l.L.Error("badger: " + trim(fmt.Sprintf(f, a...)))
}

func (l Logger) Warningf(f string, a ...any) {
	l.L.Warn("badger: " + trim(fmt.Sprintf(f, a...)))
}
func (Logger) Infof(string, ...any)  {}
func (Logger) Debugf(string, ...any) {}

func trim(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}

// GCInterval is how often the maintenance goroutine runs value-log GC.
const GCInterval = 10 * time.Minute

// RunGC runs Badger value-log GC every interval until ctx ends (jaeger's factory.go pattern).
// Call it in a goroutine and wait for it to return before closing the DB.
func RunGC(ctx context.Context, db *badger.DB, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for ctx.Err() == nil {
				err := db.RunValueLogGC(0.5)
				if err != nil {
					if err != badger.ErrNoRewrite && err != badger.ErrRejected {
						logger.Warn("vault: value-log GC failed", "err", err)
					}
					break
				}
			}
		}
	}
}
