package people

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"kluis/internal/vault"
)

// Rule (ADR 014): the in-memory index finds by a BSN or a birth date + postcode exactly the
// live entries that hold it, through builds, puts, an import's putMany, removals and merges;
// and a removed entry leaves no tag in memory that no live entry holds.
func TestRule_TagLookupsFindExactlyTheLiveEntriesThatHoldTheValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 14))
	bsns := make([]string, 1500) // some values shared by a few entries, some by none
	for i := range bsns {
		bsns[i] = testBSN(i + 1)
	}
	dates := []string{"1970-01-01", "1985-06-15", "2000-02-29", "1999-12-31", "1964-03-08"}
	pcs := []string{"1234 AB", "3511 CX", "9999 ZZ", "1000 AA", "6211 LK", "2500 GA", "8011 AB"}
	random := func() *Identity {
		ident := &Identity{Surname: fmt.Sprintf("Naam%d", rng.IntN(50)), FirstName: "Jan"}
		if rng.IntN(5) > 0 {
			ident.BSN = bsns[rng.IntN(len(bsns))]
		}
		if rng.IntN(4) > 0 {
			ident.BirthDate, ident.Address.Postcode = dates[rng.IntN(len(dates))], pcs[rng.IntN(len(pcs))]
		}
		return ident
	}
	ref := map[vault.ID]*Identity{}
	var n nameIndex
	var built []*nameRec
	for range 3000 {
		id, ident := vault.NewID(), random()
		ref[id] = ident
		built = append(built, newNameRec(id, ident))
	}
	n.setBuilt(built)
	ids := func() []vault.ID {
		out := make([]vault.ID, 0, len(ref))
		for id := range ref {
			out = append(out, id)
		}
		slices.SortFunc(out, func(a, b vault.ID) int { return bytes.Compare(a[:], b[:]) })
		return out
	}
	check := func(stage string) {
		t.Helper()
		for _, field := range []string{IndexBSN, IndexBirthPostcode} {
			var values []string
			if field == IndexBSN {
				values = append(bsns, testBSN(999))
			} else {
				for _, d := range dates {
					for _, p := range pcs {
						values = append(values, d+"|"+p)
					}
				}
			}
			f := tagBSN
			if field == IndexBirthPostcode {
				f = tagBirthPostcode
			}
			holders := map[string][]vault.ID{}
			for id, ident := range ref {
				b, p := ident.indexValues()
				if field == IndexBSN {
					holders[b] = append(holders[b], id)
				} else {
					holders[p] = append(holders[p], id)
				}
			}
			for _, v := range values {
				want := holders[v]
				got := n.lookup(f, blindTag(v))
				sortIDs(want)
				sortIDs(got)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: %s %q finds %d entries, %d hold it", stage, field, v, len(got), len(want))
				}
			}
		}
		live := map[uint64]bool{}
		for _, ident := range ref {
			b, p := ident.indexValues()
			live[blindTag(b)], live[blindTag(p)] = true, true
		}
		for s, tag := range n.tags {
			if tag != 0 && !live[tag] {
				t.Fatalf("%s: slot %d keeps a tag no live entry has", stage, s/2)
			}
		}
	}
	check("built")
	for round := range 6 {
		all := ids()
		for range 200 { // edits and new employees, one at a time
			id := vault.NewID()
			if rng.IntN(2) == 0 {
				id = all[rng.IntN(len(all))]
			}
			ident := random()
			ref[id] = ident
			n.put(id, ident)
		}
		var batch []vault.ID
		var idents []*Identity
		for k := range 500 { // an import: distinct ids, some of them known
			id := vault.NewID()
			if k%3 == 0 {
				id = all[k]
			}
			ident := random()
			ref[id] = ident
			batch, idents = append(batch, id), append(idents, ident)
		}
		n.putMany(batch, idents)
		for _, id := range ids()[:600] { // erasures
			if rng.IntN(2) == 0 {
				delete(ref, id)
				n.remove(id)
			}
		}
		check(fmt.Sprintf("round %d", round))
		if round%2 == 1 {
			n.merge()
			check(fmt.Sprintf("round %d, merged", round))
		}
	}
	n.wipe()
	if n.lookup(tagBSN, blindTag(bsns[0])) != nil || len(n.tags) != 0 {
		t.Fatal("a wiped index still finds a BSN")
	}
}

func sortIDs(ids []vault.ID) {
	slices.SortFunc(ids, func(a, b vault.ID) int { return bytes.Compare(a[:], b[:]) })
}

// Rule: a name page chunk written before the blind tags joined it does not decode, so its
// scope's identities are read instead (and the page written again at lock); one of the current
// form gives back every entry's tags.
func TestRule_ANamePageOfTheFormBeforeTheTagsIsNotUsed(t *testing.T) {
	ident := &Identity{Surname: "Jansen", FirstName: "Piet", BSN: testBSN(7), BirthDate: "1980-01-02"}
	ident.Address.Postcode = "1234 AB"
	r := newNameRec(vault.NewID(), ident)
	entry := appendNameEntry(nil, r.id, r.key, r.sort, &r.fields, r.tags)
	chunk := encodeNames([][]byte{entry})[0]
	paged, err := decodeNames(chunk)
	if err != nil || len(paged) != 1 {
		t.Fatalf("a chunk of the current form decodes to %v, %v", paged, err)
	}
	var n nameIndex
	n.setBuiltFrom(paged, nil)
	if tags := [2]uint64(n.tags); tags != r.tags || tags[tagBSN] == 0 || tags[tagBirthPostcode] == 0 {
		t.Fatalf("a chunk of the current form gives the tags %x, want %x", tags, r.tags)
	}
	// The first form: count, then the entry without tags.
	old := append([]byte{1}, entry[:len(entry)-16]...)
	if _, err := decodeNames(old); err == nil {
		t.Fatal("a chunk of the first form decoded")
	}
	if _, err := decodeNames([]byte{0}); err == nil {
		t.Fatal("an empty chunk of the first form decoded")
	}
}
