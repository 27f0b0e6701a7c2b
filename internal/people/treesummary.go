package people

import (
	"encoding/binary"
	"sync/atomic"

	"kluis/internal/vault"
)

// Tree summaries: what the tree's employer and department rows show of one department scope
// (how many employees each department has, shared or not, and when each one's employment
// ends), kept as a vault page next to the skeleton page and valid for the same stamp. Until the
// skeletons are loaded, a page of the tree that opens no department is laid out from the
// summaries alone (quickRows): an unlock shows the tree in the time of reading a thousand small
// pages instead of decoding a million skeletons, which the load then does in the background.

// pageSummary is the vault page number of a scope's tree summary.
const pageSummary byte = 3

// summaryKey is what the tree's filters and counts ask of an employee: shared or not, and
// whether and when the current employment ends (active is decided against today's date when a
// page is laid out, as for the skeletons).
type summaryKey struct {
	shared bool
	noJob  bool   // no employment at all: never active
	end    string // the current employment's end ("": none)
}

// deptSummary counts a department's employees per summaryKey.
type deptSummary map[summaryKey]int

func keyOf(e *Employee) summaryKey {
	k := summaryKey{shared: e.Shared}
	if cur := e.Current(); cur == nil {
		k.noJob = true
	} else {
		k.end = cur.End
	}
	return k
}

// summarize counts emps by department.
func summarize(emps []*Employee) map[vault.ID]deptSummary {
	out := map[vault.ID]deptSummary{}
	for _, e := range emps {
		s := out[e.Department]
		if s == nil {
			s = deptSummary{}
			out[e.Department] = s
		}
		s[keyOf(e)]++
	}
	return out
}

// active is Employee.Active for the employees of k on today (jjjj-mm-dd).
func (k summaryKey) active(today string) bool { return !k.noJob && (k.end == "" || k.end >= today) }

// counts are the department's employees that pass a view's filters, and the active ones among
// them, as treeView.entry decides.
func (s deptSummary) counts(status, share, today string) (n, active int) {
	for k, c := range s {
		act := k.active(today)
		if status != StatusAll && (status == StatusActive) != act || share != ShareAll && (share == ShareShared) != k.shared {
			continue
		}
		n += c
		if act {
			active += c
		}
	}
	return n, active
}

// encodeSummary packs one scope's summaries into a page's one chunk: the version byte 1, the
// department count, then per department its id (16) and bucket count, and per bucket its flags
// (bit 0 shared, bit 1 no employment), the end date (length and bytes) and the count (uvarints).
func encodeSummary(m map[vault.ID]deptSummary) [][]byte {
	b := []byte{1}
	b = binary.AppendUvarint(b, uint64(len(m)))
	for id, s := range m {
		b = append(b, id[:]...)
		b = binary.AppendUvarint(b, uint64(len(s)))
		for k, c := range s {
			var flags byte
			if k.shared {
				flags |= 1
			}
			if k.noJob {
				flags |= 2
			}
			b = appendText(append(b, flags), k.end)
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	return [][]byte{b}
}

// decodeSummary reads a page made by encodeSummary into into (departments of several scopes
// may be merged into one map). A chunk of another form is errPage.
func decodeSummary(chunks [][]byte, into map[vault.ID]deptSummary) error {
	if len(chunks) != 1 || len(chunks[0]) == 0 || chunks[0][0] != 1 {
		return errPage
	}
	r := &skelReader{s: string(chunks[0][1:])}
	depts := r.uvarint()
	for range depts {
		id, n := r.id(), r.uvarint()
		if r.err != nil {
			return errPage
		}
		s := into[id]
		if s == nil {
			s = make(deptSummary, n)
			into[id] = s
		}
		for range n {
			flags := r.byte1()
			k := summaryKey{shared: flags&1 != 0, noJob: flags&2 != 0, end: r.text()}
			s[k] += r.uvarintMax(1 << 32) // a count of employees, not a length
		}
	}
	if r.err != nil || r.off != len(r.s) {
		return errPage
	}
	return nil
}

// readSummaries reads the summary page of every scope in scopes; ok is false when one of them
// is missing, stale or does not decode (the tree then waits for the skeletons).
func readSummaries(tx *vault.Tx, scopes []vault.ScopeID) (out map[vault.ID]deptSummary, ok bool, err error) {
	parts := make([]map[vault.ID]deptSummary, len(scopes))
	var bad atomic.Bool
	err = tx.ReadPages(scopes, KindEmployee, pageSummary, func(i int, _ uint64, chunks [][]byte, valid bool) {
		parts[i] = map[vault.ID]deptSummary{}
		if !valid || decodeSummary(chunks, parts[i]) != nil {
			bad.Store(true)
		}
	})
	if err != nil || bad.Load() {
		return nil, false, err
	}
	out = map[vault.ID]deptSummary{}
	for _, p := range parts {
		for id, s := range p {
			have := out[id]
			if have == nil {
				out[id] = s
				continue
			}
			for k, c := range s {
				have[k] += c
			}
		}
	}
	return out, true, nil
}

// quickTree is what quickRows lays pages out of before the load: the shape (employers, the
// visible departments in order) and the scopes' summaries. usable is false when a summary was
// missing or stale: then every call waits for the load.
type quickTree struct {
	usable    bool
	employers map[vault.ID]Employer
	depts     map[vault.ID]*Department
	kids      map[parentKey][]*Department
	summaries map[vault.ID]deptSummary
}

// quickTree returns the tree's shape and summaries while the skeletons are not loaded, reading
// them at the first call; nil once loaded, or when they cannot stand in for the skeletons (a
// stale summary, an error: the load then decides). d.mu is held.
func (d *Directory) quickTree() *quickTree {
	if d.loaded {
		return nil
	}
	if d.quick == nil {
		d.quick = &quickTree{}
		err := d.sess.View(func(tx *vault.Tx) error {
			employers, depts, err := readShape(tx)
			if err != nil {
				return err
			}
			scopes, err := d.pageScopes()
			if err != nil {
				return err
			}
			sums, ok, err := readSummaries(tx, scopes)
			if err != nil || !ok {
				return err
			}
			applySignedTree(d.sess, depts)
			*d.quick = quickTree{usable: true, employers: employers, depts: depts,
				kids: departmentOrder(depts, visibleDepartments(d.sess, depts)), summaries: sums}
			return nil
		})
		if err != nil {
			d.quick = &quickTree{}
		}
	}
	if !d.quick.usable {
		return nil
	}
	return d.quick
}

// quickRows answers q from the summaries before the load, when q opens no department (its rows
// are then employers and departments with their counts, nothing a summary does not hold); ok is
// false otherwise. The rows are those the loaded skeletons give. d.mu is held.
func (d *Directory) quickRows(q RowQuery) (page RowPage, ok bool) {
	qt := d.quickTree()
	if qt == nil {
		return RowPage{}, false
	}
	for _, id := range q.Expanded {
		if _, dept := qt.depts[id]; dept {
			return RowPage{}, false
		}
	}
	v := &treeView{status: q.Status, share: q.Share, sort: q.Sort, today: d.today().Format(DateLayout), summaries: qt.summaries}
	v.layout = layOut(v, qt.employers, qt.kids)
	return d.page(v, q), true
}
