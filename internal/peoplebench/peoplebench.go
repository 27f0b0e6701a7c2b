// Package peoplebench adds the employees figures to `kluis bench`: a synthetic payroll export
// of N rows imported end to end (read, check, plan, write) next to the raw sealed-write rate of
// the same run, a re-import of the same file, search latency per query kind, the org tree's
// first page and scrolling, and the rotation after a manager of a department of RevokeEmployees
// loses it or is revoked, in a second vault of N employees. Everything it writes lives in a
// temporary folder that is removed.
package peoplebench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Config tunes a run.
type Config struct {
	Employees       int          // default 100000
	RevokeEmployees int          // the department of the revocation measurement (in a vault of Employees); default 10000
	Departments     int          // departments the employees are spread over (in up to 10 regions); default 50
	SearchOnly      bool         // import and search only: no baseline, re-import, tree or revocation
	ViewsOnly       bool         // import, then unlock, tree, name index and memory only
	Dir             string       // parent of the temporary folder; "" = os.TempDir()
	Logger          *slog.Logger // nil discards
	KDF             *vault.KDFParams
}

// kindRaw is the record kind of the raw sealed-write baseline (temporary vaults only). It is
// not internal/people's bench kind (0x2f): kinds are unique across packages.
const kindRaw vault.Kind = 0x2e

const (
	searches     = 1000 // enough for a p99 of ten samples
	nameSearches = 50
	pass         = "benchmark passphrase, not a secret"
	email        = "bench-admin@example.invalid"
)

type result struct {
	employees, departments          int
	searchOnly                      bool
	csvBytes                        int
	rawRate, importRate, reimport   float64 // raw sealed records/s; rows/s
	recordsPerRow                   int
	indexBuild                      time.Duration
	names                           int
	search                          []searchResult
	treeFirst, treeFirstName, slice time.Duration
	revoke                          revokeResult
	views                           [2]viewsResult // reopened right after the import; at the next start
	viewsOnly                       bool
	importLock                      time.Duration // the lock after the import: every scope's tree page saved
	importBefore, importWrite       time.Duration // the import before its write (read, check, plan) and from it to the end
	importCPU                       cpuStatus     // the process's CPU time and minor page faults during the import
	importPeak                      int64         // VmHWM from the import's start to its end, KiB (0: unknown)
}

type searchResult struct {
	kind          string
	n             int
	p50, p95, p99 time.Duration
}

// Run measures and writes the Markdown section to w.
func Run(ctx context.Context, cfg Config, w io.Writer) (err error) {
	if cfg.Employees <= 0 {
		cfg.Employees = 100000
	}
	if cfg.RevokeEmployees <= 0 {
		cfg.RevokeEmployees = 10000
	}
	if cfg.Departments <= 0 {
		cfg.Departments = 50
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	tmp, err := os.MkdirTemp(cfg.Dir, "kluis-peoplebench-*")
	if err != nil {
		return fmt.Errorf("people bench: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(tmp)) }()
	params := vault.CalibrateKDF(vault.DefaultKDFTarget)
	if cfg.KDF != nil {
		params = *cfg.KDF
	}
	// A KDF given by a test or a quick run may be below the floor: these vaults are throw-away.
	opts := vault.Options{KDF: &params, Logger: cfg.Logger, AllowWeakKDF: cfg.KDF != nil}
	r := &result{employees: cfg.Employees, departments: cfg.Departments, recordsPerRow: 2, searchOnly: cfg.SearchOnly, viewsOnly: cfg.ViewsOnly}
	csv, sample := synthesize(cfg.Employees, cfg.Departments)
	r.csvBytes = len(csv)

	// Baseline before and after the import, each in a fresh vault; their mean damps load bursts.
	var before float64
	if !cfg.SearchOnly && !cfg.ViewsOnly {
		if before, err = rawRate(filepath.Join(tmp, "raw1"), opts, cfg.Employees); err != nil {
			return err
		}
	}
	v, s, _, err := vault.Create(filepath.Join(tmp, "people"), vault.NewUser{Email: email, Passphrase: []byte(pass)}, opts)
	if err != nil {
		return fmt.Errorf("people bench: create vault: %w", err)
	}
	defer func() { err = errors.Join(err, v.Close()) }()
	ws := workspace.Open(s, workspace.Config{Logger: cfg.Logger})
	defer ws.Close()
	d := ws.Directory() // the engine itself is measured: imports.Apply, not the audited use case
	emp, err := d.AddEmployer("Benchmark BV", "12345678")
	if err != nil {
		return err
	}
	req := imports.Request{Name: "bench.csv", Employer: emp.ID}
	resetPeak()
	cpu := readCPU()
	start := time.Now()
	var writing time.Time // the first progress report: the write begins
	rep, err := imports.Apply(ctx, d, time.Now(), bytes.NewReader(csv), req, func(int, int) {
		if writing.IsZero() {
			writing = time.Now()
		}
	})
	if err != nil {
		return fmt.Errorf("people bench: import: %w (%d problems)", err, len(rep.Problems))
	}
	r.importRate = float64(cfg.Employees) / time.Since(start).Seconds()
	r.importBefore, r.importWrite = writing.Sub(start), time.Since(writing)
	r.importCPU = cpu.since()
	r.importPeak = readMem().hwm
	// The unlock, tree and memory figures: the vault closed and opened again, as at the next
	// start of the app.
	views := func() error {
		start := time.Now()
		ws.Close()
		r.importLock = time.Since(start)
		if err := v.Close(); err != nil {
			return err
		}
		// Twice: right after the import Badger still compacts what it wrote (on two cores that
		// slows everything at a million), so the next start is measured too.
		for i := range r.views {
			if r.views[i], err = measureViews(filepath.Join(tmp, "people"), opts, cfg.Logger, emp.ID, cfg.Employees); err != nil {
				return err
			}
		}
		return nil
	}
	if cfg.ViewsOnly {
		if err := views(); err != nil {
			return err
		}
		return r.write(w)
	}
	if cfg.SearchOnly {
		if err := r.measureNameIndex(d); err != nil {
			return err
		}
		if err := measureSearch(d, sample, r); err != nil {
			return err
		}
		return r.write(w)
	}
	after, err := rawRate(filepath.Join(tmp, "raw2"), opts, cfg.Employees)
	if err != nil {
		return err
	}
	r.rawRate = (before + after) / 2
	start = time.Now()
	if rep, err = imports.Apply(ctx, d, time.Now(), bytes.NewReader(csv), req, nil); err != nil || rep.Result.Unchanged != cfg.Employees {
		return fmt.Errorf("people bench: re-import: %w", err)
	}
	r.reimport = float64(cfg.Employees) / time.Since(start).Seconds()

	if err := r.measureNameIndex(d); err != nil {
		return err
	}
	if err := measureSearch(d, sample, r); err != nil {
		return err
	}
	if err := measureTree(d, emp.ID, r); err != nil {
		return err
	}
	if err := views(); err != nil {
		return err
	}
	if r.revoke, err = measureRevocation(ctx, filepath.Join(tmp, "revoke"), opts, cfg.Employees, cfg.RevokeEmployees); err != nil {
		return err
	}
	return r.write(w)
}

// measureNameIndex times a build of the name index from the identities, as at the first start
// after an import by an older Kluis: the import built d's index for its BSN checks (ADR 014), so
// d is wiped and loaded again first (not timed).
func (r *result) measureNameIndex(d *people.Directory) error {
	d.Wipe()
	if _, err := d.Employers(); err != nil {
		return err
	}
	start := time.Now()
	if err := d.BuildNameIndex(); err != nil {
		return err
	}
	r.indexBuild, r.names = time.Since(start), d.NameIndexSize()
	return nil
}

// rawRate writes n sealed records of an identity's size in a fresh vault: records per second.
func rawRate(dir string, opts vault.Options, n int) (float64, error) {
	v, s, _, err := vault.Create(dir, vault.NewUser{Email: email, Passphrase: []byte(pass)}, opts)
	if err != nil {
		return 0, fmt.Errorf("people bench: baseline vault: %w", err)
	}
	defer v.Close()
	defer s.Lock()
	dept := vault.NewID()
	if err := s.NewDepartments(dept); err != nil {
		return 0, err
	}
	scope, err := s.DepartmentScope(dept)
	if err != nil {
		return 0, err
	}
	payload := bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz"), 17)[:420]
	start := time.Now()
	err = s.WriteBatch(func(b *vault.Batch) error {
		for range n {
			if err := b.Put(kindRaw, vault.NewID(), scope, payload); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

type sampleRow struct{ persnr, bsn, birthPostcode, surname string }

func measureSearch(d *people.Directory, sample []sampleRow, r *result) error {
	rng := rand.New(rand.NewPCG(7, 11))
	kinds := []struct {
		name  string
		n     int
		query func() string
	}{
		{"persnr", searches, func() string { return sample[rng.IntN(len(sample))].persnr }},
		{"BSN", searches, func() string { return sample[rng.IntN(len(sample))].bsn }},
		{"birth date + postcode", searches, func() string { return sample[rng.IntN(len(sample))].birthPostcode }},
		// Every synthetic surname matches: each search counts all N employees, so fewer of them.
		{"name part", nameSearches, func() string { return sample[rng.IntN(len(sample))].surname[:5] }},
	}
	// Round robin: the point searches take turns, so Badger's compactions (which run for minutes
	// after a big import) weigh on each kind alike and their percentiles compare; one kind after
	// another gave the later kinds the busier store. The name-part searches come after them:
	// each counts every employee and allocates as much, and the garbage collection that follows
	// put their cost into the point searches' p99 (a settled million: 1.2–1.9 ms interleaved,
	// 0.4–0.5 ms without them; docs/BENCHMARKS.md).
	durs := make([][]time.Duration, len(kinds))
	search := func(k int) error {
		start := time.Now()
		hits, err := d.Search(kinds[k].query(), 50)
		durs[k] = append(durs[k], time.Since(start))
		if err != nil || len(hits) == 0 {
			return fmt.Errorf("people bench: search %s found nothing (%v)", kinds[k].name, err)
		}
		return nil
	}
	names := len(kinds) - 1
	for range searches {
		for k := range names {
			if err := search(k); err != nil {
				return err
			}
		}
	}
	for range nameSearches {
		if err := search(names); err != nil {
			return err
		}
	}
	for k, kind := range kinds {
		ds := durs[k]
		slices.Sort(ds)
		r.search = append(r.search, searchResult{kind.name, kind.n, ds[len(ds)/2], ds[len(ds)*95/100], ds[len(ds)*99/100]})
	}
	return nil
}

func measureTree(d *people.Directory, employer vault.ID, r *result) error {
	nodes, err := d.Tree(employer)
	if err != nil {
		return err
	}
	expanded := []vault.ID{employer}
	for _, n := range nodes {
		expanded = append(expanded, n.ID)
	}
	timed := func(q people.RowQuery) (time.Duration, error) {
		start := time.Now()
		page, err := d.Rows(q)
		if err == nil && len(page.Rows) == 0 {
			err = errors.New("people bench: empty tree page")
		}
		return time.Since(start), err
	}
	if r.treeFirst, err = timed(people.RowQuery{Expanded: expanded, Limit: 60}); err != nil {
		return err
	}
	if r.treeFirstName, err = timed(people.RowQuery{Expanded: expanded, Limit: 60, Sort: people.SortName}); err != nil {
		return err
	}
	start := time.Now()
	for i := range 1000 {
		if _, err := d.Rows(people.RowQuery{Expanded: expanded, Offset: i * 97 % r.employees, Limit: 60}); err != nil {
			return err
		}
	}
	r.slice = time.Since(start) / 1000
	return nil
}

// CSV is a synthetic payroll export of n valid employees spread over departments (in up to 10
// regions): the input of the import measurement, and of tests that need a large import.
func CSV(n, departments int) []byte {
	b, _ := synthesize(n, departments)
	return b
}

// synthesize writes a Kluis-template CSV of n employees over departments in up to 10 regions,
// and returns a sample of its keys for the searches.
// postcodeLetters are the letters synthesize uses in postcodes (no S: SA, SD and SS are not
// Dutch postcodes).
const postcodeLetters = "ABCDEGHJKLMNPRTVWXZ"

func synthesize(n, departments int) ([]byte, []sampleRow) {
	var b bytes.Buffer
	b.WriteString("persnr;bsn;roepnaam;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;telefoon;email_werk;afdeling;datum_in_dienst;uren_per_week;functie\n")
	var sample []sampleRow
	width := 2 // "Afdeling 07", as tests and the revocation measurement name them
	if departments > 100 {
		width = len(fmt.Sprint(departments - 1))
	}
	for i := range n {
		persnr := fmt.Sprintf("%06d", i+1)
		bsn := validBSN(i)
		surname := fmt.Sprintf("Achternaam%06d", i)
		birth := fmt.Sprintf("%02d-%02d-%d", 1+i%28, 1+i%12, 1960+i%40)
		// Every employee a postcode of their own ("AB" for the first 9,000, as small fixtures
		// know them), so a birth date + postcode search finds one employee, as in a real payroll,
		// at a million too.
		k := i / 9000
		postcode := fmt.Sprintf("%04d %c%c", 1000+i%9000, postcodeLetters[(k/len(postcodeLetters))%len(postcodeLetters)],
			postcodeLetters[(1+k)%len(postcodeLetters)])
		fmt.Fprintf(&b, "%s;%s;Anna;%s;%s;Dorpsstraat;%d;%s;Utrecht;06-1234%04d;a%d@example.nl;Regio %02d/Afdeling %0*d;01-05-2020;32,5;Medewerker\n",
			persnr, bsn, surname, birth, 1+i%200, postcode, i%10000, i, i%departments%10, width, i%departments)
		if i%97 == 0 {
			sample = append(sample, sampleRow{persnr, bsn, birth + " " + postcode, surname})
		}
	}
	return b.Bytes(), sample
}

// validBSN makes a distinct BSN passing the elfproef from i.
func validBSN(i int) string {
	for k := 10000000 + i*7; ; k++ {
		s := fmt.Sprintf("%08d", k%100000000)
		sum := 0
		for j := range 8 {
			sum += (9 - j) * int(s[j]-'0')
		}
		if c := sum % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

func (r *result) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(f string, a ...any) { fmt.Fprintf(bw, f, a...) }
	p("\n## Employees: import, search, tree\n\n")
	p("| | |\n|---|---|\n")
	p("| import file | %d rows in %d departments, %.1f MiB CSV (15 columns) |\n", r.employees, r.departments, float64(r.csvBytes)/(1<<20))
	p("| peak memory of the import (VmHWM of the process from the import's start, the file and the unlocked vault included) | %.0f MiB |\n", float64(r.importPeak)/1024)
	p("| import: before the write (read, check, plan) / the write (seal, store, name index, views) | %s / %s |\n", r.importBefore.Round(time.Millisecond), r.importWrite.Round(time.Millisecond))
	p("| import: CPU of the process, user / kernel (minor page faults) | %s / %s (%d) |\n", r.importCPU.user, r.importCPU.sys, r.importCPU.minflt)
	if r.viewsOnly {
		p("| import, end to end | %.0f rows/s |\n", r.importRate)
		p("| lock after the import (every department's tree page saved) | %s |\n", r.importLock.Round(time.Millisecond))
		writeViews(p, r.views)
		return bw.Flush()
	}
	if r.searchOnly {
		p("| import, end to end | %.0f rows/s |\n", r.importRate)
		r.writeSearch(p)
		return bw.Flush()
	}
	p("| raw sealed write, same run (420 B records, fresh vault, mean of before and after) | %.0f records/s |\n", r.rawRate)
	p("| import, end to end (read, check, compare, write %d sealed records + the persnr index entry per row) | %.0f rows/s = %.0f sealed records/s |\n",
		r.recordsPerRow, r.importRate, r.importRate*float64(r.recordsPerRow))
	p("| ratio, rows/s : raw records/s | %.2f |\n", r.importRate/r.rawRate)
	p("| ratio, sealed records/s : raw records/s | %.2f |\n", r.importRate*float64(r.recordsPerRow)/r.rawRate)
	p("| re-import of the same file (nothing written) | %.0f rows/s |\n", r.reimport)
	r.writeSearch(p)
	p("| tree, first page, views built from every skeleton (by persnr / by name) | %s / %s |\n", r.treeFirst.Round(time.Millisecond), r.treeFirstName.Round(time.Millisecond))
	p("| tree, one page while scrolling | %s |\n", r.slice.Round(time.Microsecond))
	p("| lock after the import (every department's tree page saved) | %s |\n", r.importLock.Round(time.Millisecond))
	writeViews(p, r.views)
	v := r.revoke
	p("\n## Revocation: a department of %d employees in a vault of %d\n\n", v.employees, v.total)
	p("| | |\n|---|---|\n")
	p("| raw sealed write, same run (420 B records, fresh vault, mean of before and after) | %.0f records/s |\n", v.rawRate)
	p("| a manager loses the department: the store rebuilt (%d entries; %d records re-sealed under new keys) | %s = %.0f entries/s, ratio %.2f |\n",
		v.deptEntries, v.deptRecords, v.deptTime.Round(time.Millisecond), v.rate(v.deptEntries, v.deptTime), v.rate(v.deptEntries, v.deptTime)/v.rawRate)
	p("| a manager of it is revoked: department + directory + storage key (%d entries; %d records re-sealed) | %s = %.0f entries/s, ratio %.2f |\n",
		v.allEntries, v.allRecs, v.revokeTime.Round(time.Millisecond), v.rate(v.allEntries, v.revokeTime), v.rate(v.allEntries, v.revokeTime)/v.rawRate)
	return bw.Flush()
}

func (r *result) writeSearch(p func(string, ...any)) {
	p("| name index with the BSN and birth-date tags (%d identities), built from the identities | %s |\n", r.names, r.indexBuild.Round(time.Millisecond))
	for _, s := range r.search {
		p("| search by %s (%d searches) | p50 %s, p95 %s, p99 %s |\n", s.kind, s.n,
			s.p50.Round(time.Microsecond), s.p95.Round(time.Microsecond), s.p99.Round(time.Microsecond))
	}
}
