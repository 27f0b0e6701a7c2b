package people

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"kluis/internal/vault"
)

// Skeleton pages: the skeletons of one department scope, kept by the vault as a page
// (vault/pages.go) so that an unlock reads a thousand pages instead of a million records. A
// page is valid only while no skeleton of its scope has been written since it was made; the
// load reads the records of every scope whose page is missing or stale, and the Directory
// writes the pages of those scopes again when the workspace closes (SavePages).

// pageSkeletons is the vault page number of a scope's skeletons.
const pageSkeletons byte = 1

// skelChunk is how many skeletons one chunk of a page holds (a chunk is sealed and written in
// one transaction; 4,096 skeletons are about 400 KB).
const skelChunk = 4096

// errPage is a page whose content does not decode (never written by this code): the load
// reads the records instead.
var errPage = errors.New("people: skeleton page does not decode")

// encodeSkeletons packs emps into chunks. A chunk is: count (uvarint), employments in all
// (uvarint), then per employee: id (16), employer (16), department (16), flags (1: bit 0
// shared), persnr, employment count (uvarint), and per employment: department (16), start,
// end, hours, cost centre, job title, contract, sector, risk group, UWV reference; every text
// is its length (uvarint) and bytes. There is always at least one chunk.
func encodeSkeletons(emps []*Employee) [][]byte {
	var chunks [][]byte
	for start := 0; start < len(emps) || start == 0; start += skelChunk {
		part := emps[start:min(start+skelChunk, len(emps))]
		jobs := 0
		for _, e := range part {
			jobs += len(e.Employments)
		}
		b := make([]byte, 0, 16+len(part)*120)
		b = binary.AppendUvarint(b, uint64(len(part)))
		b = binary.AppendUvarint(b, uint64(jobs))
		for _, e := range part {
			b = append(b, e.ID[:]...)
			b = append(b, e.Employer[:]...)
			b = append(b, e.Department[:]...)
			var flags byte
			if e.Shared {
				flags |= 1
			}
			b = append(b, flags)
			b = appendText(b, e.Persnr)
			b = binary.AppendUvarint(b, uint64(len(e.Employments)))
			for _, j := range e.Employments {
				b = append(b, j.Department[:]...)
				for _, s := range [...]string{j.Start, j.End, j.Hours, j.CostCentre, j.JobTitle, j.Contract, j.Sector, j.RiskGroup, j.UWVRef} {
					b = appendText(b, s)
				}
			}
		}
		chunks = append(chunks, b)
	}
	return chunks
}

func appendText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// chunkString is chunk as a string without a copy (a million employees' page is about 100 MB
// to copy otherwise). The caller hands the chunk over: nothing writes it afterwards, which is
// what a string needs.
func chunkString(chunk []byte) string {
	if len(chunk) == 0 {
		return ""
	}
	return unsafe.String(&chunk[0], len(chunk))
}

// skelReader reads one chunk. Texts are slices of the chunk as one string, so a chunk costs a
// handful of allocations, not several per employee.
type skelReader struct {
	s   string
	off int
	err error
}

// uvarint reads a length or count that cannot exceed the chunk's size.
func (r *skelReader) uvarint() int { return r.uvarintMax(uint64(len(r.s))) }

// uvarintMax reads a number of at most limit.
func (r *skelReader) uvarintMax(limit uint64) int {
	if r.err != nil {
		return 0
	}
	var v uint64
	for shift := 0; ; shift += 7 {
		if r.off >= len(r.s) || shift > 35 {
			r.err = errPage
			return 0
		}
		c := r.s[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
	}
	if v > limit {
		r.err = errPage
		return 0
	}
	return int(v)
}

func (r *skelReader) id() (id vault.ID) {
	if r.err == nil && r.off+len(id) <= len(r.s) {
		copy(id[:], r.s[r.off:])
		r.off += len(id)
	} else {
		r.err = errPage
	}
	return id
}

func (r *skelReader) text() string {
	n := r.uvarint()
	if r.err != nil || r.off+n > len(r.s) {
		r.err = errPage
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

func (r *skelReader) uint64() uint64 {
	if r.err != nil || r.off+8 > len(r.s) {
		r.err = errPage
		return 0
	}
	var v uint64
	for _, c := range []byte(r.s[r.off : r.off+8]) {
		v = v<<8 | uint64(c)
	}
	r.off += 8
	return v
}

func (r *skelReader) byte1() byte {
	if r.err != nil || r.off >= len(r.s) {
		r.err = errPage
		return 0
	}
	r.off++
	return r.s[r.off-1]
}

// decodeSkeletons reads one chunk made by encodeSkeletons.
func decodeSkeletons(chunk []byte) ([]*Employee, error) {
	r := &skelReader{s: chunkString(chunk)}
	n, total := r.uvarint(), r.uvarint()
	if r.err != nil || n > len(chunk) || total > len(chunk) {
		return nil, errPage
	}
	es := make([]Employee, n)
	jobs := make([]Employment, total)
	out := make([]*Employee, n)
	used := 0
	for i := range es {
		e := &es[i]
		e.ID, e.Employer, e.Department = r.id(), r.id(), r.id()
		e.Shared = r.byte1()&1 != 0
		e.Persnr = r.text()
		k := r.uvarint()
		if r.err != nil || used+k > total {
			return nil, errPage
		}
		// A full slice expression: an append to one employee's employments must not run into
		// the next one's.
		if k > 0 {
			e.Employments = jobs[used : used+k : used+k]
		}
		for j := range e.Employments {
			job := &e.Employments[j]
			job.Department = r.id()
			job.Start, job.End, job.Hours, job.CostCentre, job.JobTitle = r.text(), r.text(), r.text(), r.text(), r.text()
			job.Contract, job.Sector, job.RiskGroup, job.UWVRef = r.text(), r.text(), r.text(), r.text()
		}
		used += k
		out[i] = e
	}
	if r.err != nil || r.off != len(r.s) || used != total {
		return nil, errPage
	}
	if n == 0 {
		return nil, nil
	}
	return out, nil
}

// pageRead is what the load found for one department scope.
type pageRead struct {
	scope vault.ScopeID
	stamp uint64
	valid bool // false: no valid page, the records are read
	// summaryOK: the scope's tree summary (treesummary.go) is current too
	summaryOK bool
}

// skeletonPages is what readSkeletonPages found: each scope's page, and the skeletons of the
// valid ones (per scope, per chunk), decoded right after each page's read.
type skeletonPages struct {
	pages   []pageRead
	decoded [][][]*Employee
	failed  bool // a valid page's chunk did not decode
}

// readSkeletonPages reads the skeleton page of every department scope the session holds and
// decodes the valid ones, both on every core (vault.Tx.ReadPages).
func (d *Directory) readSkeletonPages(tx *vault.Tx) (out skeletonPages, err error) {
	scopes, err := d.pageScopes()
	if err != nil {
		return out, err
	}
	out.pages = make([]pageRead, len(scopes))
	out.decoded = make([][][]*Employee, len(scopes))
	var failed atomic.Bool
	err = tx.ReadPages(scopes, KindEmployee, pageSkeletons, func(i int, stamp uint64, chunks [][]byte, ok bool) {
		out.pages[i] = pageRead{scope: scopes[i], stamp: stamp, valid: ok}
		if !ok {
			return
		}
		for _, c := range chunks {
			emps, err := decodeSkeletons(c)
			if err != nil {
				failed.Store(true)
				return
			}
			out.decoded[i] = append(out.decoded[i], emps)
		}
	})
	out.failed = failed.Load()
	return out, err
}

// pageScopes are the department scopes the session holds, each once: those that have pages.
func (d *Directory) pageScopes() ([]vault.ScopeID, error) {
	depts, err := d.sess.Departments()
	if err != nil {
		return nil, err
	}
	var scopes []vault.ScopeID
	seen := map[vault.ScopeID]bool{}
	for _, dep := range depts {
		sc, err := d.sess.DepartmentScope(dep)
		if err != nil || seen[sc] {
			continue // an unbound department has no records of its own
		}
		seen[sc] = true
		scopes = append(scopes, sc)
	}
	return scopes, nil
}

// skeletons are the employees of the valid pages; order is the employees as the pages hold
// them (by scope, each chunk's employees next to each other in memory). An employee found in
// two pages (which a correct vault never has) makes every page untrusted: ok is false and the
// caller reads all records.
func (p skeletonPages) skeletons() (emps map[vault.ID]*Employee, order []*Employee, ok bool) {
	if p.failed {
		return nil, nil, false
	}
	total := 0
	for _, page := range p.decoded {
		for _, es := range page {
			total += len(es)
		}
	}
	emps = make(map[vault.ID]*Employee, total+total/8) // sized: a growing map of a million costs
	order = make([]*Employee, 0, total)
	for _, page := range p.decoded {
		for _, es := range page {
			for _, e := range es {
				if _, dup := emps[e.ID]; dup {
					return nil, nil, false
				}
				emps[e.ID] = e
			}
			order = append(order, es...)
		}
	}
	return emps, order, true
}

// SavePages writes the skeleton page and the tree summary (treesummary.go) of every department
// scope whose skeletons changed since they were made (or that had none), and the name page of
// every scope whose identities did, once the name index is built; all from what the Directory
// holds in memory. Call it
// when the workspace closes, after every use case ended: the memory then matches the records,
// because every write of a skeleton or identity goes through this Directory and a replicated
// one wipes it. A write that lands after the stamps were read leaves a page that the next
// load finds stale.
func (d *Directory) SavePages() error {
	type todo struct {
		ref    pageRef
		stamp  uint64
		chunks [][]byte
	}
	var work []todo
	err := func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		if !d.loaded {
			return nil
		}
		held, err := d.heldScopes() // departments made since the load too
		if err != nil {
			return err
		}
		stale := map[byte]map[vault.ScopeID]uint64{pageSkeletons: {}, pageSummary: {}, pageNames: {}}
		kinds := map[byte]vault.Kind{pageSkeletons: KindEmployee, pageSummary: KindEmployee, pageNames: KindIdentity}
		err = d.sess.View(func(tx *vault.Tx) error {
			for _, sc := range held {
				for page, kind := range kinds {
					if page == pageNames && !d.names.built {
						continue
					}
					st, err := tx.Stamp(sc, kind)
					if err != nil {
						return err
					}
					if have, ok := d.pageStamps[pageRef{sc, page}]; !ok || !have.valid || have.stamp != st {
						stale[page][sc] = st
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(stale[pageSkeletons])+len(stale[pageSummary]) > 0 {
			byScope := map[vault.ScopeID][]*Employee{}
			scopeOf := d.scopeLookup()
			for _, e := range d.emps {
				sc, ok := scopeOf(e.Department)
				if !ok {
					return nil // a skeleton whose scope the keyring does not say: save nothing, read records
				}
				_, skel := stale[pageSkeletons][sc]
				if _, sum := stale[pageSummary][sc]; skel || sum {
					byScope[sc] = append(byScope[sc], e)
				}
			}
			for sc, st := range stale[pageSkeletons] {
				work = append(work, todo{pageRef{sc, pageSkeletons}, st, encodeSkeletons(byScope[sc])})
			}
			for sc, st := range stale[pageSummary] {
				work = append(work, todo{pageRef{sc, pageSummary}, st, encodeSummary(summarize(byScope[sc]))})
			}
		}
		if len(stale[pageNames]) > 0 {
			entries := d.nameEntries(stale[pageNames])
			for sc, st := range stale[pageNames] {
				work = append(work, todo{pageRef{sc, pageNames}, st, encodeNames(entries[sc])})
			}
			for _, es := range entries { // names in clear, copied into the chunks
				for _, e := range es {
					clear(e)
				}
			}
		}
		for _, w := range work {
			d.pageStamps[w.ref] = pageStamp{stamp: w.stamp, valid: true}
		}
		return nil
	}()
	if err != nil {
		return err
	}
	// The chunks are plaintext (a name page holds names): cleared as soon as they are sealed
	// and written, and on an error too.
	defer func() {
		for _, w := range work {
			for _, c := range w.chunks {
				clear(c)
			}
		}
	}()
	for _, w := range work {
		if err := d.sess.WritePage(w.ref.scope, w.ref.page, w.stamp, w.chunks); err != nil {
			return fmt.Errorf("people: save the tree and name pages: %w", err)
		}
	}
	return nil
}

// pageRef names one page: a department scope and a page number.
type pageRef struct {
	scope vault.ScopeID
	page  byte
}

// pageStamp is what the Directory knows of a page: the stamp it was made for, and whether it
// is there and valid.
type pageStamp struct {
	stamp uint64
	valid bool
}
