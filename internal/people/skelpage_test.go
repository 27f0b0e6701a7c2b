package people

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"kluis/internal/vault"
)

// pagedFixture has employees in three departments, some shared, one with two employments.
func pagedFixture(t *testing.T) (*fixture, []EmployeeView) {
	t.Helper()
	f := newFixture(t)
	var made []EmployeeView
	for i, dept := range []string{"Bakkerij", "Winkel", "Kantoor", "Bakkerij", "Winkel", "Bakkerij"} {
		in := person(string(rune('1'+i)), dept, "Jansen"+string(rune('a'+i)))
		in.CostCentre, in.Contract = "KP-0"+string(rune('1'+i)), "permanent"
		v, err := f.d.CreateEmployee(f.employer.ID, in)
		ok(t, err)
		made = append(made, v)
	}
	ok(t, f.d.SetShared(made[0].ID, true, nil))
	ok(t, f.d.MoveEmployee(made[1].ID, made[2].Department))
	return f, made
}

func treeRows(t *testing.T, d *Directory, employer vault.ID) []Row {
	t.Helper()
	nodes, err := d.Tree(employer)
	ok(t, err)
	expanded := []vault.ID{employer}
	for _, n := range nodes {
		expanded = append(expanded, n.ID)
	}
	page, err := d.Rows(RowQuery{Expanded: expanded, Limit: MaxRowsPerPage})
	ok(t, err)
	return page.Rows
}

func skeletons(d *Directory) map[vault.ID]Employee {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[vault.ID]Employee{}
	for id, e := range d.emps {
		out[id] = *e
	}
	return out
}

func TestRule_AnUnlockTakesTheTreeFromPagesAndShowsWhatTheRecordsShow(t *testing.T) {
	f, made := pagedFixture(t)
	want := treeRows(t, f.d, f.employer.ID)
	wantSkel := skeletons(f.d)
	if p, r := f.d.LoadedFrom(); p != 0 || r != 0 {
		t.Fatalf("a vault without pages loaded %d skeletons from pages, %d from records; want 0 and 0 (none existed yet at the first load)", p, r)
	}
	ok(t, f.d.SavePages())

	next := NewDirectory(f.s, clock)
	got := treeRows(t, next, f.employer.ID)
	if p, r := next.LoadedFrom(); p != len(made) || r != 0 {
		t.Fatalf("the next load took %d skeletons from pages and read %d records; want %d and 0", p, r, len(made))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tree from pages differs from the tree from records:\n got %+v\nwant %+v", got, want)
	}
	if gotSkel := skeletons(next); !reflect.DeepEqual(gotSkel, wantSkel) {
		t.Fatalf("skeletons from pages differ:\n got %+v\nwant %+v", gotSkel, wantSkel)
	}
	// Nothing changed: saving again writes nothing new, and a third load still uses the pages.
	ok(t, next.SavePages())
	third := NewDirectory(f.s, clock)
	treeRows(t, third, f.employer.ID)
	if p, _ := third.LoadedFrom(); p != len(made) {
		t.Fatalf("third load took %d from pages, want %d", p, len(made))
	}
}

func TestRule_AWriteAfterThePagesWereSavedIsSeenAtTheNextUnlock(t *testing.T) {
	f, made := pagedFixture(t)
	ok(t, f.d.SavePages())
	// Another session of the same vault writes without saving pages (a crash, or an older Kluis).
	other := NewDirectory(f.s, clock)
	ok(t, other.SetShared(made[3].ID, true, nil))             // Bakkerij
	ok(t, other.MoveEmployee(made[4].ID, made[0].Department)) // Winkel -> Bakkerij
	want := treeRows(t, other, f.employer.ID)

	next := NewDirectory(f.s, clock)
	got := treeRows(t, next, f.employer.ID)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after writes the tree differs from the records:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(skeletons(next), skeletons(other)) {
		t.Fatal("after writes the skeletons differ from the records")
	}
	p, r := next.LoadedFrom()
	if r == 0 || p == 0 || p+r != len(made) {
		t.Fatalf("loaded %d from pages and %d from records; want the written scopes from records and the rest from pages", p, r)
	}
	// The records were read once: once saved, the next load takes all from pages again.
	ok(t, next.SavePages())
	last := NewDirectory(f.s, clock)
	if !reflect.DeepEqual(treeRows(t, last, f.employer.ID), want) {
		t.Fatal("the tree from the saved pages differs")
	}
	if p, r := last.LoadedFrom(); p != len(made) || r != 0 {
		t.Fatalf("after the save the load took %d from pages and read %d records; want %d and 0", p, r, len(made))
	}
}

func TestRule_AnErasureDropsThePageThatHeldTheErasedSkeleton(t *testing.T) {
	f, made := pagedFixture(t)
	victim := f.leaver(t, "99", "Bakkerij", "Canarie-Page", "2023-06-30") // ended over two years ago
	ok(t, f.d.SavePages())
	sc := scopeOf(t, f.s, victim.Department)
	var before uint64
	ok(t, f.s.View(func(tx *vault.Tx) (err error) { before, err = tx.Stamp(sc, KindEmployee); return err }))
	_, err := f.d.EraseEmployees(context.Background(), []vault.ID{victim.ID}, EraseOptions{})
	ok(t, err)
	ok(t, f.s.View(func(tx *vault.Tx) error {
		if _, found, err := tx.Page(sc, pageSkeletons, before); err != nil || found {
			t.Fatalf("the page made before the erasure can still be read (found %v, err %v)", found, err)
		}
		return nil
	}))
	next := NewDirectory(f.s, clock)
	for _, r := range treeRows(t, next, f.employer.ID) {
		if r.ID == victim.ID {
			t.Fatal("the erased employee is back in the tree")
		}
	}
	if p, r := next.LoadedFrom(); p+r != len(made) {
		t.Fatalf("loaded %d skeletons, want the %d not erased", p+r, len(made))
	}
}

func TestRule_ASkeletonPageDecodesToWhatWasEncoded(t *testing.T) {
	a := &Employee{ID: vault.NewID(), Employer: vault.NewID(), Department: vault.NewID(), Persnr: "00042", Shared: true,
		Employments: []Employment{{Department: vault.NewID(), Start: "2020-01-01", End: "2021-01-01", Hours: "32,5"},
			{Department: vault.NewID(), Start: "2021-01-02", CostCentre: "KP", JobTitle: "Bakker", Contract: "permanent", Sector: "05", RiskGroup: "12", UWVRef: "X1"}}}
	b := &Employee{ID: vault.NewID(), Persnr: "7"}
	chunks := encodeSkeletons([]*Employee{a, b})
	if len(chunks) != 1 {
		t.Fatalf("%d chunks, want 1", len(chunks))
	}
	got, err := decodeSkeletons(chunks[0])
	ok(t, err)
	if len(got) != 2 || !reflect.DeepEqual(*got[0], *a) || !reflect.DeepEqual(*got[1], *b) {
		t.Fatalf("decoded %+v, want %+v and %+v", got, a, b)
	}
	// Appending to one employee's employments must not overwrite the next one's.
	got[0].Employments = append(got[0].Employments, Employment{Start: "2030-01-01"})
	if len(got[1].Employments) != 0 {
		t.Fatal("an append ran into the next employee")
	}
	// Every cut of the chunk is refused, not misread.
	for n := range len(chunks[0]) {
		if _, err := decodeSkeletons(chunks[0][:n]); err == nil {
			t.Fatalf("a chunk cut at %d of %d decoded", n, len(chunks[0]))
		}
	}
	// An empty scope still has one chunk, with nobody in it.
	empty := encodeSkeletons(nil)
	if es, err := decodeSkeletons(empty[0]); len(empty) != 1 || err != nil || len(es) != 0 {
		t.Fatalf("empty page: %d chunks, %v, %v", len(empty), es, err)
	}
}

func FuzzDecodeSkeletons(f *testing.F) {
	f.Add(encodeSkeletons([]*Employee{{Persnr: "1", Employments: []Employment{{Start: "2020-01-01"}}}})[0])
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := decodeSkeletons(b)
		if err != nil {
			return
		}
		// What decodes encodes back to the same bytes.
		if again := encodeSkeletons(es); len(es) > 0 && string(again[0]) != string(b) {
			t.Fatalf("decode then encode changed the chunk")
		}
	})
}

// FuzzDecodeNames: a name page chunk either does not decode or gives entries that an index
// packs back into the same bytes, whatever the lengths inside it claim.
func FuzzDecodeNames(f *testing.F) {
	ident := &Identity{Surname: "Jansen", FirstName: "Piet", Initials: "P.", BSN: testBSN(3), BirthDate: "1980-01-02"}
	r := newNameRec(vault.NewID(), ident)
	f.Add(encodeNames([][]byte{appendNameEntry(nil, r.id, r.key, r.sort, &r.fields, r.tags)})[0])
	f.Add(encodeNames(nil)[0])
	f.Add([]byte{0, 2, 1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		paged, err := decodeNames(b)
		if err != nil {
			return
		}
		want := map[string]int{}
		for _, p := range paged {
			want[p.entry]++
		}
		var n nameIndex
		n.setBuiltFrom(paged, nil)
		for s := range n.ids {
			e := append([]byte(nil), n.ids[s][:]...)
			e = appendText(e, string(n.hay[n.starts[s]+1:n.end(n.starts, len(n.hay), s)]))
			e = append(e, n.arena[n.recs[s]:n.end(n.recs, len(n.arena), s)]...)
			want[string(appendTags(e, n.tags[2*s:2*s+2]))]--
		}
		for e, c := range want {
			if c != 0 {
				t.Fatalf("entry %q: %d more in the chunk than in the index", e, c)
			}
		}
	})
}

// Rule: the name pages' plaintext is cleared once the index holds what it needs of it, so a
// million employees' names do not stay in freed memory until the collector reuses it.
func TestRule_TheNamePagesPlaintextIsClearedOnceTheIndexIsBuilt(t *testing.T) {
	f, made := pagedFixture(t)
	ok(t, f.d.BuildNameIndex())
	ok(t, f.d.SavePages())
	next := NewDirectory(f.s, clock)
	next.mu.Lock()
	ok(t, next.load())
	names, err := next.readNames()
	ok(t, err)
	if names.fromPages != len(made) || len(names.chunks) == 0 {
		t.Fatalf("read %d entries from %d chunks, want %d from pages", names.fromPages, len(names.chunks), len(made))
	}
	chunks := slices.Clone(names.chunks)
	next.setNames(names)
	next.mu.Unlock()
	for i, c := range chunks {
		if strings.Trim(string(c), "\x00") != "" {
			t.Fatalf("chunk %d of the name pages still holds %q", i, c)
		}
	}
	if got := searchNames(t, next, "jansen"); len(got) != len(made) {
		t.Fatalf("the index built from cleared pages finds %d, want %d", len(got), len(made))
	}
}

// searchNames is what a name search shows, as "id surname" lines.
func searchNames(t *testing.T, d *Directory, q string) []string {
	t.Helper()
	hits, err := d.Search(q, 100)
	ok(t, err)
	var out []string
	for _, h := range hits {
		if h.Name != nil {
			out = append(out, h.Employee.String()+" "+h.Name.Surname+" "+h.Name.Display)
		}
	}
	return out
}

func TestRule_TheNameIndexFromPagesFindsWhatTheIndexFromIdentitiesFinds(t *testing.T) {
	f, made := pagedFixture(t)
	ok(t, f.d.BuildNameIndex())
	want := searchNames(t, f.d, "jansen")
	if len(want) != len(made) {
		t.Fatalf("the fixture's search found %d, want %d", len(want), len(made))
	}
	ok(t, f.d.SavePages())

	next := NewDirectory(f.s, clock)
	ok(t, next.BuildNameIndex())
	if p, r := next.NamesLoadedFrom(); p != len(made) || r != 0 {
		t.Fatalf("the name index took %d entries from pages and read %d identities; want %d and 0", p, r, len(made))
	}
	if got := searchNames(t, next, "jansen"); !reflect.DeepEqual(got, want) {
		t.Fatalf("search from pages:\n got %q\nwant %q", got, want)
	}

	// A name changed in another session (no pages saved) is found by its new name only.
	other := NewDirectory(f.s, clock)
	v, err := other.Employee(made[2].ID)
	ok(t, err)
	in := person("3", "Kantoor", "Pietersen")
	in.Start = "01-05-2020"
	_ = v
	_, err = other.UpdateEmployee(made[2].ID, in)
	ok(t, err)
	ok(t, other.BuildNameIndex())
	wantAfter := searchNames(t, other, "jansen")
	later := NewDirectory(f.s, clock)
	ok(t, later.BuildNameIndex())
	if got := searchNames(t, later, "jansen"); !reflect.DeepEqual(got, wantAfter) || len(got) != len(made)-1 {
		t.Fatalf("after a rename, search for the old name:\n got %q\nwant %q", got, wantAfter)
	}
	if got := searchNames(t, later, "pietersen"); len(got) != 1 {
		t.Fatalf("after a rename, search for the new name found %q", got)
	}
	if p, r := later.NamesLoadedFrom(); r == 0 || p == 0 {
		t.Fatalf("after a rename the index took %d from pages and read %d identities; want the renamed scope read", p, r)
	}
}

func TestRule_SortingOnTwoCoresGivesTheOrderOfOneSort(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1<<14 + 1, 100000} {
		a := make([]int, n)
		for i := range a {
			a[i] = (i * 7919) % 1013 // repeats, so equal keys meet across the halves
		}
		b := slices.Clone(a)
		sortOnTwoCores(a, cmp.Compare[int])
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatalf("n=%d: the two-core sort differs from slices.Sort", n)
		}
	}
}

// The name index's keyed sorts must give the order of a plain comparison: by sort key
// (bytewise, including keys shorter than the eight-byte prefix, keys with a common prefix
// longer than it, and keys that differ only after a zero byte), then by id.
func TestRule_TheKeyedNameSortsGiveTheIndexOrder(t *testing.T) {
	keys := []string{"", "a", "ab", "ab\x00", "ab\x00x", "ab\x01", "achternaam000001", "achternaam000002",
		"achternaam00000", "jansen\x01jan\x01j.", "jansen\x01jan\x01j.", "zz", "\xff"}
	var recs []*nameRec
	for i := range 40000 {
		id := vault.NewID()
		recs = append(recs, &nameRec{id: id, sort: keys[(i*7)%len(keys)]})
	}
	want := slices.Clone(recs)
	slices.SortFunc(want, func(a, b *nameRec) int {
		if a.before(b.sort, b.id) {
			return -1
		}
		if b.before(a.sort, a.id) {
			return 1
		}
		return 0
	})
	sortNameRecs(recs)
	if !slices.Equal(recs, want) {
		t.Fatal("sortNameRecs differs from the order of nameRec.before")
	}
}

// Views built over the pages' load order (Directory.loadOrder) must not outlive a write: a
// view or label set first built after a write shows the records as they are now, not the
// employees the pages held.
func TestRule_AViewFirstBuiltAfterAWriteShowsTheWrittenEmployeesNotThePagesOnes(t *testing.T) {
	f, made := pagedFixture(t)
	ok(t, f.d.SavePages())
	next := NewDirectory(f.s, clock)
	treeRows(t, next, f.employer.ID) // loaded from pages; the default view built over their order
	if p, _ := next.LoadedFrom(); p != len(made) {
		t.Fatalf("loaded %d skeletons from pages, want %d", p, len(made))
	}
	added, err := next.CreateEmployee(f.employer.ID, person("77", "Kantoor", "Pietersen"))
	ok(t, err)
	ok(t, next.SetShared(added.ID, true, nil))

	for _, q := range []RowQuery{{Status: StatusActive}, {Share: ShareShared, Sort: SortName}} {
		nodes, err := next.Tree(f.employer.ID)
		ok(t, err)
		q.Expanded = []vault.ID{f.employer.ID}
		for _, n := range nodes {
			q.Expanded = append(q.Expanded, n.ID)
		}
		q.Limit = MaxRowsPerPage
		page, err := next.Rows(q)
		ok(t, err)
		seen := map[vault.ID]Row{}
		for _, r := range page.Rows {
			seen[r.ID] = r
		}
		if r, found := seen[added.ID]; !found || r.Label == "" {
			t.Fatalf("view %+v built after the writes: the new shared employee is missing or unnamed (%+v)", q, r)
		}
	}
}
