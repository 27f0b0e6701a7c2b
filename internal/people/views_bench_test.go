package people

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"kluis/internal/vault"
)

// memDirectory is a loaded Directory of n employees in depts departments held in memory only
// (no vault): for measuring the in-memory parts of the tree and the name index at a million.
func memDirectory(n, depts int) (*Directory, vault.ID, []vault.ID) {
	employer := vault.NewID()
	d := &Directory{now: clock, loaded: true, employers: map[vault.ID]Employer{employer: {ID: employer, Name: "Bench BV"}},
		depts: map[vault.ID]*Department{}, visible: map[vault.ID]bool{}, emps: make(map[vault.ID]*Employee, n),
		byPersnr: map[vault.ID]map[string]vault.ID{}, labels: map[vault.ID]label{}}
	ids := make([]vault.ID, depts)
	for i := range ids {
		ids[i] = vault.NewID()
		d.depts[ids[i]] = &Department{ID: ids[i], Employer: employer, Name: fmt.Sprintf("Afdeling %04d", i)}
		d.visible[ids[i]] = true
	}
	for i := range n {
		e := &Employee{ID: vault.NewID(), Employer: employer, Persnr: fmt.Sprintf("%07d", i+1), Department: ids[i%depts],
			Employments: []Employment{{Department: ids[i%depts], Start: "2020-05-01"}}}
		d.emps[e.ID] = e
	}
	return d, employer, ids
}

func nameRecs(d *Directory) []*nameRec {
	recs := make([]*nameRec, 0, len(d.emps))
	i := 0
	for id := range d.emps {
		recs = append(recs, newNameRec(id, &Identity{FirstName: "Anna", Prefix: "de", Surname: fmt.Sprintf("Achternaam%07d", i), Initials: "A."}))
		i++
	}
	return recs
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// BenchmarkViewsInMemory measures, at benchViewsN employees in 1,000 departments and without the
// vault's cost: a tree view built from every skeleton (what each first page after a write cost
// before views were kept current) against the first page after one write now; the name index
// packed from scratch against one write and a search after it; and the heap per name index entry.
// go test ./internal/people/ -run '^$' -bench ViewsInMemory -benchtime 1x
func BenchmarkViewsInMemory(b *testing.B) {
	benchViewsN := 1_000_000
	if testing.Short() {
		benchViewsN = 200_000
	}
	d, employer, depts := memDirectory(benchViewsN, 1000)
	expanded := append([]vault.ID{employer}, depts...)
	q := RowQuery{Expanded: expanded, Limit: 60}
	for range b.N {
		var ids []vault.ID
		for id := range d.emps {
			if ids = append(ids, id); len(ids) == 100 {
				break
			}
		}
		base := heapInUse()
		recs := nameRecs(d)
		start := time.Now()
		d.names.setBuilt(recs)
		pack := time.Since(start)
		recs = nil
		perEntry := float64(int64(heapInUse())-int64(base)) / float64(benchViewsN)
		start = time.Now()
		for i, id := range ids {
			d.names.put(id, &Identity{FirstName: "Bea", Surname: fmt.Sprintf("Nieuw%03d", i)})
			n := 0
			d.names.search("achternaam00", func(nameHit) bool { n++; return n < 50 })
		}
		nameWrite := time.Since(start) / time.Duration(len(ids))

		d.views = nil
		start = time.Now()
		if _, err := d.Rows(q); err != nil {
			b.Fatal(err)
		}
		build := time.Since(start)
		start = time.Now()
		for _, id := range ids {
			done := d.touch([]vault.ID{id})
			d.emps[id].Shared = !d.emps[id].Shared
			done(nil)
			if _, err := d.Rows(q); err != nil {
				b.Fatal(err)
			}
		}
		afterWrite := time.Since(start) / time.Duration(len(ids))
		b.ReportMetric(build.Seconds()*1000, "ms-view-build")
		b.ReportMetric(afterWrite.Seconds()*1000, "ms-page-after-write")
		b.ReportMetric(pack.Seconds()*1000, "ms-name-pack")
		b.ReportMetric(nameWrite.Seconds()*1000, "ms-name-write+search")
		b.ReportMetric(perEntry, "B/name-entry")
		d.names.wipe()
	}
}
