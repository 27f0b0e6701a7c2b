package peoplebench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// viewsResult is what an unlock of the imported vault costs until the tree shows, what a write
// costs the next page, and the process's memory with the vault unlocked and the tree open.
type viewsResult struct {
	employees                 int
	unlock, firstPage         time.Duration // the unlock (key derivation and checks); the first tree page after it
	treeLoad                  time.Duration // every skeleton loaded after that page (Directory.Warm)
	quickFirst                string        // "yes": the first page came from the tree summaries, before the load
	rawSkeletons, rawIdents   time.Duration // in-run baselines: opening every skeleton / identity, decoding nothing
	namesBuild                time.Duration
	names                     int
	pageBuild, pageAfterWrite time.Duration // a view built from every skeleton; the first page after one write (median)
	writes                    int
	fromPages, fromRecords    int           // where the first page's skeletons came from (people/skelpage.go)
	namesPages, namesRecords  int           // where the name index's entries came from (people/namepage.go)
	lock                      time.Duration // closing the workspace: the tree pages of the written scopes saved
	mem                       memStatus     // after the baselines' full reads and the writes
	heapInuse                 uint64
	appMem                    memStatus // as the app holds it: first page shown, name index built, nothing else read
	appHeap                   uint64
}

// memStatus are the process's memory figures from /proc/self/status, in KiB (0 when unknown).
type memStatus struct{ hwm, rss, anon, file int64 }

// readMem reads VmHWM, VmRSS, RssAnon and RssFile.
func readMem() memStatus {
	var m memStatus
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(string(f[1]), 10, 64)
		switch string(f[0]) {
		case "VmHWM:":
			m.hwm = v
		case "VmRSS:":
			m.rss = v
		case "RssAnon:":
			m.anon = v
		case "RssFile:":
			m.file = v
		}
	}
	return m
}

// cpuStatus is the process's CPU time from /proc/self/stat: user and kernel time, and the minor
// page faults (a first touch of fresh memory: on a virtual machine a large share of the kernel
// time). Zero when unknown.
type cpuStatus struct {
	user, sys time.Duration
	minflt    int64
}

// readCPU reads utime, stime (in USER_HZ, 100 a second on Linux) and minflt.
func readCPU() cpuStatus {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return cpuStatus{}
	}
	// The second field, the command name in parentheses, may hold spaces: count after it.
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return cpuStatus{}
	}
	f := bytes.Fields(b[end+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return cpuStatus{}
	}
	num := func(i int) int64 { v, _ := strconv.ParseInt(string(f[i-3]), 10, 64); return v }
	const tick = time.Second / 100
	return cpuStatus{user: time.Duration(num(14)) * tick, sys: time.Duration(num(15)) * tick, minflt: num(10)}
}

// since is the CPU used from c to now.
func (c cpuStatus) since() cpuStatus {
	n := readCPU()
	return cpuStatus{user: n.user - c.user, sys: n.sys - c.sys, minflt: n.minflt - c.minflt}
}

// memNow collects the garbage, returns it to the OS and reads the process's memory and the Go
// heap in use.
func memNow() (memStatus, uint64) {
	runtime.GC()
	debug.FreeOSMemory()
	m := readMem()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return m, ms.HeapInuse
}

// resetPeak returns the garbage of the earlier measurements to the OS and restarts VmHWM at the
// current RSS (Linux: clear_refs 5), so the peak is that of what follows.
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// measureViews opens the vault in dir again (closed by the caller), unlocks it as the admin and
// measures the first tree page, the name index build, the first page after a write, and the
// memory with the tree open.
func measureViews(dir string, opts vault.Options, logger *slog.Logger, employer vault.ID, n int) (r viewsResult, err error) {
	r.employees = n
	resetPeak()
	v, err := vault.Open(dir, opts)
	if err != nil {
		return r, fmt.Errorf("people bench: reopen: %w", err)
	}
	defer func() { err = errors.Join(err, v.Close()) }()
	start := time.Now()
	s, err := v.Unlock(email, []byte(pass))
	if err != nil {
		return r, fmt.Errorf("people bench: unlock: %w", err)
	}
	r.unlock = time.Since(start)
	// As the app does after an unlock, minus Preload: the tree and the index are timed here.
	ws := workspace.Open(s, workspace.Config{Logger: logger})
	defer ws.Close()
	d := ws.Directory()
	// The window's first calls on the Medewerkers screen: the employers, then the tree with
	// them open (from the scopes' summaries while the skeletons are not loaded); then the load
	// the window runs in the background (Preload).
	start = time.Now()
	if _, err := d.Employers(); err != nil {
		return r, err
	}
	page, err := d.Rows(people.RowQuery{Expanded: []vault.ID{employer}, Limit: 60})
	if err != nil || len(page.Rows) == 0 {
		return r, fmt.Errorf("people bench: first page: %v", err)
	}
	r.firstPage = time.Since(start)
	if p, rec := d.LoadedFrom(); p+rec == 0 {
		r.quickFirst = "yes"
	} else {
		r.quickFirst = "no"
	}
	start = time.Now()
	if err := d.Warm(); err != nil {
		return r, err
	}
	r.treeLoad = time.Since(start)
	r.fromPages, r.fromRecords = d.LoadedFrom()
	// The name index as the app builds it after an unlock; then the memory of what the app
	// holds at that point, before the baselines below read every record (their table reads
	// would count as the process's mapped files).
	start = time.Now()
	if err := d.BuildNameIndex(); err != nil {
		return r, err
	}
	r.namesBuild, r.names = time.Since(start), d.NameIndexSize()
	r.namesPages, r.namesRecords = d.NamesLoadedFrom()
	r.appMem, r.appHeap = memNow()
	rawOpen := func(kind vault.Kind) (time.Duration, error) {
		start := time.Now()
		err := s.View(func(tx *vault.Tx) error {
			return tx.IterateOpen(kind, 0, func(vault.ID, []byte) error { return nil })
		})
		return time.Since(start), err
	}
	if r.rawSkeletons, err = rawOpen(people.KindEmployee); err != nil {
		return r, err
	}
	if r.rawIdents, err = rawOpen(people.KindIdentity); err != nil {
		return r, err
	}

	nodes, err := d.Tree(employer)
	if err != nil {
		return r, err
	}
	expanded := []vault.ID{employer}
	for _, nd := range nodes {
		expanded = append(expanded, nd.ID)
	}
	// A view never asked for is built from every skeleton: what every first page after a write
	// cost before views were kept current.
	start = time.Now()
	if _, err := d.Rows(people.RowQuery{Expanded: expanded, Status: people.StatusActive, Limit: 60}); err != nil {
		return r, err
	}
	r.pageBuild = time.Since(start)
	all, err := d.Rows(people.RowQuery{Expanded: expanded, Limit: people.MaxRowsPerPage})
	if err != nil {
		return r, err
	}
	var emps []vault.ID
	for _, row := range all.Rows {
		if row.Kind == people.RowEmployee {
			emps = append(emps, row.ID)
		}
	}
	if len(emps) == 0 {
		return r, errors.New("people bench: no employee in the first page")
	}
	r.writes = 21
	var durs []time.Duration
	for i := range r.writes {
		id := emps[i%len(emps)]
		if err := d.SetShared(id, i%2 == 0, nil); err != nil {
			return r, err
		}
		start := time.Now()
		if _, err := d.Rows(people.RowQuery{Expanded: expanded, Limit: 60}); err != nil {
			return r, err
		}
		durs = append(durs, time.Since(start))
	}
	slices.Sort(durs)
	r.pageAfterWrite = durs[len(durs)/2]
	r.mem, r.heapInuse = memNow()
	runtime.KeepAlive(d)
	start = time.Now()
	ws.Close()
	r.lock = time.Since(start)
	return r, nil
}

// writeViews writes the two measurements side by side: reopened right after the import, and at
// the start after that.
func writeViews(p func(string, ...any), v [2]viewsResult) {
	ms := func(d time.Duration) string { return d.Round(100 * time.Microsecond).String() }
	ratio := func(a, b time.Duration) string { return fmt.Sprintf("%.2f", a.Seconds()/b.Seconds()) }
	row := func(name string, d func(viewsResult) time.Duration, base func(viewsResult) time.Duration) {
		p("| %s |", name)
		for _, r := range v {
			if base == nil {
				p(" %s | 1 |", ms(d(r)))
			} else {
				p(" %s | %s |", ms(d(r)), ratio(d(r), base(r)))
			}
		}
		p("\n")
	}
	skel := func(r viewsResult) time.Duration { return r.rawSkeletons }
	idents := func(r viewsResult) time.Duration { return r.rawIdents }
	built := func(r viewsResult) time.Duration { return r.pageBuild }
	p("\n## Employees: unlock, tree and memory at %d employees\n\n", v[0].employees)
	p("| | reopened right after the import | ratio | at the next start | ratio |\n|---|---:|---:|---:|---:|\n")
	row("baseline: open every skeleton, decode nothing", skel, nil)
	row("unlock (key derivation, keyring and store checks)", func(r viewsResult) time.Duration { return r.unlock }, skel)
	row("unlock → first tree page, employers open (after the unlock)", func(r viewsResult) time.Duration { return r.firstPage }, skel)
	p("| that page answered from the tree summaries, before the skeletons were loaded | %s | | %s | |\n", v[0].quickFirst, v[1].quickFirst)
	row("then every skeleton loaded and the default view built (in the background)", func(r viewsResult) time.Duration { return r.treeLoad }, skel)
	p("| skeletons taken from pages / read from records | %d / %d | | %d / %d | |\n", v[0].fromPages, v[0].fromRecords, v[1].fromPages, v[1].fromRecords)
	row("baseline: open every identity, decode nothing", idents, nil)
	row(fmt.Sprintf("name index build (%d identities)", v[0].names), func(r viewsResult) time.Duration { return r.namesBuild }, idents)
	p("| name index entries taken from pages / read from identities | %d / %d | | %d / %d | |\n", v[0].namesPages, v[0].namesRecords, v[1].namesPages, v[1].namesRecords)
	row("tree, a view built from every skeleton (baseline: what a write cost before)", built, nil)
	row(fmt.Sprintf("tree, first page after a write (median of %d)", v[0].writes), func(r viewsResult) time.Duration { return r.pageAfterWrite }, built)
	row(fmt.Sprintf("lock after those %d writes (their departments' tree pages saved)", v[0].writes), func(r viewsResult) time.Duration { return r.lock }, skel)
	mib := func(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }
	p("\n| memory, vault unlocked, tree open, name index built | reopened right after the import | at the next start |\n|---|---:|---:|\n")
	rss := func(m memStatus) string { return fmt.Sprintf("%s (%s + %s)", mib(m.rss), mib(m.anon), mib(m.file)) }
	heap := func(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
	p("| as the app holds it (first page, name index; nothing else read): VmRSS (RssAnon + RssFile) | %s | %s |\n", rss(v[0].appMem), rss(v[1].appMem))
	p("| as the app holds it: Go heap in use | %s | %s |\n", heap(v[0].appHeap), heap(v[1].appHeap))
	p("| after the baselines' full reads and the writes: VmRSS (RssAnon + RssFile) | %s | %s |\n", rss(v[0].mem), rss(v[1].mem))
	p("| after the baselines' full reads and the writes: Go heap in use | %s | %s |\n", heap(v[0].heapInuse), heap(v[1].heapInuse))
	p("| VmHWM since the reopen (peak) | %s | %s |\n", mib(v[0].mem.hwm), mib(v[1].mem.hwm))
}
