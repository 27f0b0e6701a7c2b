// Package vaultbench is the engine behind `kluis bench`: it builds a synthetic vault of N
// employees in a temporary folder, measures unlock, sealed writes, reads and iteration next to
// a raw Badger database with the same options and the same payload bytes, and prints a
// Markdown table. Everything it writes is removed afterwards.
package vaultbench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/vault"
	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// Config tunes a run. The zero value benchmarks 100,000 employees in the system temp folder.
type Config struct {
	Employees int          // default 100000
	Dir       string       // parent of the temporary folder; "" = os.TempDir()
	Logger    *slog.Logger // nil discards
	// KDF overrides the calibrated Argon2id parameters (tests); nil calibrates like Create does.
	KDF *vault.KDFParams
}

const (
	// readRounds: each read measure is run this often, sealed and raw alternating (fastest kept).
	readRounds    = 3
	departments   = 20
	kindIdentity  = vault.Kind(0x50)
	kindDirectory = vault.Kind(0x51)
	maxPointReads = 50000
	benchEmail    = "bench-admin@example.invalid"
)

type employee struct {
	id        vault.ID
	dept      int
	identity  []byte
	directory []byte
	bsn       string
	birthPost string
}

// Run builds the vault, measures and writes the Markdown report to w.
func Run(ctx context.Context, cfg Config, w io.Writer) (err error) {
	if cfg.Employees <= 0 {
		cfg.Employees = 100000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	tmp, err := os.MkdirTemp(cfg.Dir, "kluis-bench-*")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(tmp)) }()

	r := &result{employees: cfg.Employees, started: time.Now()}
	start := time.Now()
	var params vault.KDFParams
	if cfg.KDF != nil {
		params = *cfg.KDF
	} else {
		params = vault.CalibrateKDF(vault.DefaultKDFTarget)
	}
	r.kdf, r.calibration = params, time.Since(start)
	// A KDF given by a test or a quick run may be below the floor: these vaults are throw-away.
	opts := vault.Options{KDF: &params, Logger: cfg.Logger, AllowWeakKDF: cfg.KDF != nil}
	pass := []byte("benchmark passphrase, not a secret")

	vdir := filepath.Join(tmp, "vault")
	v, s, _, err := vault.Create(vdir, vault.NewUser{Email: benchEmail, Passphrase: pass}, opts)
	if err != nil {
		return fmt.Errorf("bench: create vault: %w", err)
	}
	defer func() { err = errors.Join(err, v.Close()) }()
	depts := make([]vault.ID, departments)
	for i := range depts {
		depts[i] = vault.NewID()
	}
	if err = s.NewDepartments(depts...); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	scopes := make([]vault.ScopeID, departments)
	for i := range scopes {
		if scopes[i], err = s.DepartmentScope(depts[i]); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
	}
	emps := synthesize(cfg.Employees)
	for _, e := range emps {
		r.payloadBytes += int64(len(e.identity) + len(e.directory))
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	// Sealed writes: identity + directory records.
	start = time.Now()
	err = s.WriteBatch(func(b *vault.Batch) error {
		for _, e := range emps {
			if err := b.Put(kindIdentity, e.id, scopes[e.dept], e.identity); err != nil {
				return err
			}
			if err := b.Put(kindDirectory, e.id, s.DirectoryScope(), e.directory); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench: sealed write: %w", err)
	}
	r.sealedWrite = time.Since(start)
	start = time.Now()
	err = s.WriteBatch(func(b *vault.Batch) error {
		for _, e := range emps {
			if err := b.SetIndex(scopes[e.dept], "bsn", []byte(e.bsn), kindIdentity, e.id); err != nil {
				return err
			}
			if err := b.SetIndex(scopes[e.dept], "birthdate+postcode", []byte(e.birthPost), kindIdentity, e.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench: index write: %w", err)
	}
	r.indexWrite = time.Since(start)
	if err := ctx.Err(); err != nil {
		return err
	}

	// Raw baseline: a separate Badger DB, same options (encryption on), same payload bytes.
	rawDir := filepath.Join(tmp, "raw")
	db, err := store.Open(store.Options(rawDir, vcrypto.RandomKey(), cfg.Logger))
	if err != nil {
		return fmt.Errorf("bench: open raw badger: %w", err)
	}
	start = time.Now()
	wb := db.NewWriteBatch()
	for _, e := range emps {
		if err = wb.Set(key(kindIdentity, e.id), e.identity); err != nil {
			break
		}
		if err = wb.Set(key(kindDirectory, e.id), e.directory); err != nil {
			break
		}
	}
	if err == nil {
		err = wb.Flush()
	}
	wb.Cancel()
	if err == nil {
		err = db.Sync()
	}
	if err != nil {
		return errors.Join(fmt.Errorf("bench: raw write: %w", err), db.Close())
	}
	r.rawWrite = time.Since(start)
	// The same number of index keys of the same shape, so both LSM trees hold the same key set
	// size and the read ratios isolate the record layer.
	start = time.Now()
	wb = db.NewWriteBatch()
	for _, e := range emps {
		for range 2 {
			k := make([]byte, 0, 1+4+1+18+32+1+16)
			k = append(k, 'i', 0, 0, 0, byte(e.dept+3), 18)
			k = append(k, "birthdate+postcode"...)
			k = append(k, vcrypto.RandomBytes(32)...)
			k = append(k, byte(kindIdentity))
			k = append(k, e.id[:]...)
			if err = wb.Set(k, nil); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = wb.Flush()
	}
	wb.Cancel()
	if err == nil {
		err = db.Sync()
	}
	if err != nil {
		return errors.Join(fmt.Errorf("bench: raw index write: %w", err), db.Close())
	}
	r.rawIndexWrite = time.Since(start)

	// Point reads over the same random sample, then iteration. Each read measure runs
	// readRounds times, sealed and raw alternating, and keeps its fastest round: the first
	// rounds after a bulk write share the cores with Badger's compactions, which would
	// otherwise favour whichever of the two ran later.
	rng := rand.New(rand.NewPCG(42, 42))
	sample := make([]employee, min(maxPointReads, len(emps)))
	for i := range sample {
		sample[i] = emps[rng.IntN(len(emps))]
	}
	r.pointReads = 2 * len(sample)
	best := func(d *time.Duration, fn func() error) error {
		start := time.Now()
		if err := fn(); err != nil {
			return err
		}
		if t := time.Since(start); *d == 0 || t < *d {
			*d = t
		}
		return nil
	}
	sealedPoint := func() error {
		return s.View(func(tx *vault.Tx) error {
			for _, e := range sample {
				if _, err := tx.Get(kindIdentity, e.id); err != nil {
					return err
				}
				if _, err := tx.Get(kindDirectory, e.id); err != nil {
					return err
				}
			}
			return nil
		})
	}
	rawPoint := func() error {
		return db.View(func(txn *badger.Txn) error {
			for _, e := range sample {
				for _, k := range [][]byte{key(kindIdentity, e.id), key(kindDirectory, e.id)} {
					item, err := txn.Get(k)
					if err != nil {
						return err
					}
					if _, err := item.ValueCopy(nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	// Iteration: every record opened into one reused buffer, as the raw iteration copies every
	// value into one.
	sealedIter := func() error {
		n := 0
		var plain []byte
		err := s.View(func(tx *vault.Tx) error {
			for _, k := range []vault.Kind{kindIdentity, kindDirectory} {
				err := tx.Iterate(k, func(_ vault.ID, rec vault.Sealed) (err error) {
					if plain, err = rec.OpenTo(plain[:0]); err != nil {
						return err
					}
					n++
					return nil
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil && n != 2*len(emps) {
			err = fmt.Errorf("%d records", n)
		}
		return err
	}
	// The same, opened on every core (Tx.IterateOpen, as the people skeleton and name index load).
	parallelIter := func() error {
		var opened atomic.Int64
		err := s.View(func(tx *vault.Tx) error {
			for _, k := range []vault.Kind{kindIdentity, kindDirectory} {
				if err := tx.IterateOpen(k, 0, func(vault.ID, []byte) error { opened.Add(1); return nil }); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil && opened.Load() != int64(2*len(emps)) {
			err = fmt.Errorf("%d records", opened.Load())
		}
		return err
	}
	rawIter := func() error {
		n := 0
		return db.View(func(txn *badger.Txn) error {
			for _, k := range []vault.Kind{kindIdentity, kindDirectory} {
				opts := badger.DefaultIteratorOptions
				opts.Prefix = []byte{byte(k)}
				if err := rawIterate(txn, opts, &n); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for range readRounds {
		for _, m := range []struct {
			name string
			d    *time.Duration
			fn   func() error
		}{
			{"sealed point reads", &r.sealedPoint, sealedPoint}, {"raw point reads", &r.rawPoint, rawPoint},
			{"sealed iteration", &r.sealedIter, sealedIter}, {"parallel sealed iteration", &r.parallelIter, parallelIter},
			{"raw iteration", &r.rawIter, rawIter},
		} {
			if err := best(m.d, m.fn); err != nil {
				return errors.Join(fmt.Errorf("bench: %s: %w", m.name, err), db.Close())
			}
		}
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("bench: close the raw store: %w", err)
	}

	// Blind-index lookups.
	lookups := sample[:min(len(sample), 10000)]
	start = time.Now()
	err = s.View(func(tx *vault.Tx) error {
		for _, e := range lookups {
			ids, err := tx.Lookup(scopes[e.dept], "bsn", []byte(e.bsn))
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				return errors.New("a blind-index lookup found nothing")
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench: lookups: %w", err)
	}
	r.lookups, r.lookup = len(lookups), time.Since(start)

	// Unlock of the N-employee vault, from closed.
	s.Lock()
	if err := v.Close(); err != nil {
		return fmt.Errorf("bench: close: %w", err)
	}
	if r.vaultSize, err = dirSize(vdir); err != nil {
		return err
	}
	if r.rawSize, err = dirSize(rawDir); err != nil {
		return err
	}
	start = time.Now()
	v, err = vault.Open(vdir, opts)
	if err != nil {
		return fmt.Errorf("bench: reopen: %w", err)
	}
	s, err = v.Unlock(benchEmail, pass)
	if err != nil {
		return fmt.Errorf("bench: unlock: %w", err)
	}
	r.unlockTotal, r.unlock = time.Since(start), s.UnlockTimings()
	if err := measureAudit(ctx, s, r); err != nil {
		return err
	}
	s.Lock()
	if err := v.Close(); err != nil {
		return fmt.Errorf("bench: close: %w", err)
	}
	if err := measureFirstUnlock(vdir, opts, pass, r); err != nil {
		return err
	}
	return r.write(w)
}

// auditBlock is how many events one audit append carries in the benchmark, and how many sealed
// records one transaction of the baseline writes: both synced, one signature per block.
const auditBlock = 100

// measureAudit appends audit events in blocks next to sealed writes in transactions of the same
// size (same run, same session), then checks the log: first in full (every signature), then as
// every later check does (after the admin's checkpoint).
func measureAudit(ctx context.Context, s *vault.Session, r *result) error {
	event := []byte(`{"at":"2026-12-01T10:00:00Z","user":"0123456789abcdef0123456789abcdef","action":"identity.read","subjects":["0123456789abcdef0123456789abcdef"],"count":1}`)
	events := make([][]byte, auditBlock)
	for i := range events {
		events[i] = event
	}
	payload := []byte(strings.Repeat("s", 420))
	rounds := max(min(r.employees/auditBlock, 1000), 10)
	for range rounds {
		start := time.Now()
		if err := s.AppendAudit(events...); err != nil {
			return fmt.Errorf("bench: audit append: %w", err)
		}
		r.auditAppend += time.Since(start)
		start = time.Now()
		err := s.Update(func(tx *vault.Tx) error {
			for range auditBlock {
				if err := tx.Put(kindDirectory, vault.NewID(), s.DirectoryScope(), payload); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("bench: sealed baseline: %w", err)
		}
		r.sealedTx += time.Since(start)
	}
	r.auditEntries = rounds * auditBlock
	start := time.Now()
	rep, err := s.VerifyAudit(ctx, vault.AuditCheck{Full: true})
	if err != nil || len(rep.Problems) > 0 {
		return fmt.Errorf("bench: audit verify: %v %v", rep.Problems, err)
	}
	r.auditVerifyFull = time.Since(start)
	start = time.Now()
	if _, err := s.VerifyAudit(ctx, vault.AuditCheck{}); err != nil {
		return fmt.Errorf("bench: audit verify: %w", err)
	}
	r.auditVerifyLater = time.Since(start)
	return nil
}

// measureFirstUnlock adds a user and measures that user's first unlock, which checks the
// keyring's whole signed history (later unlocks check only what changed since).
func measureFirstUnlock(dir string, opts vault.Options, pass []byte, r *result) error {
	v, err := vault.Open(dir, opts)
	if err != nil {
		return fmt.Errorf("bench: reopen: %w", err)
	}
	defer v.Close()
	s, err := v.Unlock(benchEmail, pass)
	if err != nil {
		return fmt.Errorf("bench: unlock: %w", err)
	}
	_, err = s.AddUser(vault.NewUser{Email: "second@example.invalid", Passphrase: pass}, vault.RoleUser)
	s.Lock()
	if err != nil {
		return fmt.Errorf("bench: add a user: %w", err)
	}
	s, err = v.Unlock("second@example.invalid", pass)
	if err != nil {
		return fmt.Errorf("bench: first unlock: %w", err)
	}
	r.firstUnlock = s.UnlockTimings()
	s.Lock()
	return nil
}

// rawIterate reads every value under opts.Prefix, counting them in n.
func rawIterate(txn *badger.Txn, opts badger.IteratorOptions, n *int) error {
	it := txn.NewIterator(opts)
	defer it.Close()
	var buf []byte
	for it.Rewind(); it.Valid(); it.Next() {
		var err error
		if buf, err = it.Item().ValueCopy(buf[:0]); err != nil {
			return err
		}
		*n++
	}
	return nil
}

func key(k vault.Kind, id vault.ID) []byte {
	return append([]byte{byte(k)}, id[:]...)
}

type result struct {
	employees                                        int
	started                                          time.Time
	kdf                                              vault.KDFParams
	calibration                                      time.Duration
	payloadBytes                                     int64
	sealedWrite, rawWrite, indexWrite, rawIndexWrite time.Duration
	pointReads                                       int
	sealedPoint, rawPoint, sealedIter, rawIter       time.Duration
	parallelIter                                     time.Duration
	lookups                                          int
	lookup                                           time.Duration
	vaultSize, rawSize                               int64
	unlockTotal                                      time.Duration
	unlock, firstUnlock                              vault.UnlockTimings
	auditEntries                                     int
	auditAppend, sealedTx                            time.Duration
	auditVerifyFull, auditVerifyLater                time.Duration
}

func rate(n int, d time.Duration) float64 { return float64(n) / max(d.Seconds(), 1e-9) }

func (r *result) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	recs := 2 * r.employees
	p := func(f string, a ...any) { fmt.Fprintf(bw, f, a...) }
	p("## Kluis vault benchmark\n\n")
	p("| | |\n|---|---|\n")
	p("| machine | %s/%s, %d CPUs, %s |\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel())
	p("| Go | %s |\n", runtime.Version())
	p("| date | %s |\n", r.started.Format("2006-01-02 15:04 MST"))
	p("| employees | %d (%d records of ~%d B, %d blind-index entries, %d departments) |\n",
		r.employees, recs, r.payloadBytes/int64(recs), recs, departments)
	p("| KDF (calibrated in %s) | %s |\n", r.calibration.Round(time.Millisecond), r.kdf)
	p("| unlock, total | %s |\n", r.unlockTotal.Round(time.Millisecond))
	p("| unlock: Argon2id | %s |\n", r.unlock.KDF.Round(time.Millisecond))
	p("| unlock: signature chain check (usual: since the user's last unlock) | %s |\n", r.unlock.Chain.Round(10*time.Microsecond))
	p("| unlock: signature chain check (a user's first unlock: the whole log) | %s |\n", r.firstUnlock.Chain.Round(10*time.Microsecond))
	p("| unlock: keys | %s |\n", r.unlock.Keys.Round(10*time.Microsecond))
	p("| unlock: Badger open | %s |\n", r.unlock.Storage.Round(time.Millisecond))
	p("| vault size on disk | %.1f MiB, %.0f B per employee (raw Badger: %.0f B per employee) |\n",
		float64(r.vaultSize)/(1<<20), float64(r.vaultSize)/float64(r.employees), float64(r.rawSize)/float64(r.employees))
	p("\n| operation | sealed (vault) | raw Badger, same bytes | ratio |\n|---|---:|---:|---:|\n")
	row := func(name string, n int, sealed, raw time.Duration) {
		s, rw := rate(n, sealed), rate(n, raw)
		p("| %s | %.0f rec/s | %.0f rec/s | %.0f%% |\n", name, s, rw, 100*s/rw)
	}
	row(fmt.Sprintf("write (WriteBatch, %d records)", recs), recs, r.sealedWrite, r.rawWrite)
	row(fmt.Sprintf("point read + open (%d reads)", r.pointReads), r.pointReads, r.sealedPoint, r.rawPoint)
	row(fmt.Sprintf("iterate + open (%d records)", recs), recs, r.sealedIter, r.rawIter)
	row(fmt.Sprintf("iterate + open on every core (IterateOpen, %d records)", recs), recs, r.parallelIter, r.rawIter)
	row(fmt.Sprintf("blind-index write (%d entries; raw: same-shape keys)", recs), recs, r.indexWrite, r.rawIndexWrite)
	p("| blind-index lookup (%d) | %.0f lookups/s | | |\n", r.lookups, rate(r.lookups, r.lookup))
	p("\n| audit log | | |\n|---|---:|---:|\n")
	p("| append, blocks of %d events (synced, one signature each) vs sealed records in transactions of %d | %.0f entries/s vs %.0f records/s | ratio %.2f |\n",
		auditBlock, auditBlock, rate(r.auditEntries, r.auditAppend), rate(r.auditEntries, r.sealedTx), r.sealedTx.Seconds()/max(r.auditAppend.Seconds(), 1e-9))
	p("| check of %d entries: full / after an admin's checkpoint | %s / %s | %.0f / %.0f entries/s |\n", r.auditEntries,
		r.auditVerifyFull.Round(time.Millisecond), r.auditVerifyLater.Round(time.Millisecond), rate(r.auditEntries, r.auditVerifyFull), rate(r.auditEntries, r.auditVerifyLater))
	return bw.Flush()
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "CPU model unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "CPU model unknown"
}

func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bench: size of %s: %w", filepath.Base(dir), err)
	}
	return total, nil
}
