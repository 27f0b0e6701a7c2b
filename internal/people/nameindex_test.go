package people

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"kluis/internal/vault"
)

// dumpNames lists an index's entries in index order (a search that matches every entry), with
// the names get returns for each id.
func dumpNames(n *nameIndex, ids []vault.ID) []string {
	var out []string
	n.search("", func(h nameHit) bool {
		out = append(out, h.id.String())
		return true
	})
	for _, id := range ids {
		f, sortKey, ok := n.get(id)
		out = append(out, fmt.Sprintf("%s %v %q %q", id, ok, sortKey, f.Display))
	}
	return out
}

// Rule: an import's names join the index in one go (putMany) exactly as a put each would leave
// it: the same entries in the same order, replaced entries (packed or in the delta) once, with
// their new names.
func TestRule_AnImportsNamesJoinTheIndexAsAPutEachWould(t *testing.T) {
	ident := func(i int, surname string) *Identity {
		return &Identity{FirstName: fmt.Sprintf("Voornaam%d", i%37), Surname: fmt.Sprintf("%s%d", surname, i%101)}
	}
	var all []vault.ID
	var built []*nameRec
	for i := range 9000 { // packed after setBuilt
		id := vault.NewID()
		all = append(all, id)
		built = append(built, newNameRec(id, ident(i, "Jansen")))
	}
	var recent []vault.ID // in the delta
	for i := range 300 {
		recent = append(recent, vault.NewID())
		_ = i
	}
	all = append(all, recent...)
	var batch []vault.ID
	var idents []*Identity
	for i := range 6000 { // new ones, replaced packed ones, replaced recent ones
		var id vault.ID
		switch {
		case i < 4000:
			id = vault.NewID()
			all = append(all, id)
		case i < 5800:
			id = all[i*3%9000]
		default:
			id = recent[i-5800]
		}
		batch = append(batch, id)
		idents = append(idents, ident(i, "Bakker"))
	}
	setup := func() *nameIndex {
		var n nameIndex
		n.setBuilt(append([]*nameRec(nil), built...))
		for i, id := range recent {
			n.put(id, ident(i, "De Vries"))
		}
		return &n
	}
	one, many := setup(), setup()
	for i, id := range batch {
		one.put(id, idents[i])
	}
	many.putMany(batch, idents)
	a, b := dumpNames(one, all), dumpNames(many, all)
	if len(a) != len(b) || many.size() != one.size() {
		t.Fatalf("a put each leaves %d entries, putMany %d", one.size(), many.size())
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("entry %d: a put each gives %s, putMany %s", i, a[i], b[i])
		}
	}
}

// Rule: an index packed from name pages as they are (setBuiltFrom) is the index built from the
// same identities' records, array for array: the same order (sort keys that share their first
// eight or sixteen bytes, equal sort keys, empty and non-ASCII names), names, search text, tags
// and slot tables; also when some scopes' entries come from pages and the others from records.
func TestRule_AnIndexPackedFromNamePagesIsTheIndexBuiltFromTheRecords(t *testing.T) {
	surnames := []string{"Achternaam000001", "Achternaam000002", "Achternaam00000", "Jansen", "Jansen",
		"", "Ünal", "van der Berg", "van der Bergh", "Ødegård", "de Vries"}
	var recs []*nameRec
	for i := range 20000 {
		ident := &Identity{Surname: surnames[i%len(surnames)], FirstName: fmt.Sprintf("Voornaam%d", i%13),
			Initials: "J.", PartnerSurname: surnames[(i/7)%len(surnames)], NameUsage: NameUsage([]string{"", "partner"}[i%2])}
		if i%3 > 0 {
			ident.BSN = testBSN(i%500 + 1)
		}
		if i%4 > 0 {
			ident.BirthDate, ident.Address.Postcode = "1980-01-02", fmt.Sprintf("%04d AB", 1000+i%50)
		}
		recs = append(recs, newNameRec(vault.NewID(), ident))
	}
	pagesOf := func(recs []*nameRec) (paged []pagedName) {
		var entries [][]byte
		for _, r := range recs {
			entries = append(entries, appendNameEntry(nil, r.id, r.key, r.sort, &r.fields, r.tags))
		}
		for _, chunk := range encodeNames(entries) {
			p, err := decodeNames(chunk)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, p...)
		}
		return paged
	}
	var fromRecords nameIndex
	fromRecords.setBuilt(slices.Clone(recs))
	for _, split := range []int{len(recs), 12345, 0} {
		var fromPages nameIndex
		fromPages.setBuiltFrom(pagesOf(recs[:split]), slices.Clone(recs[split:]))
		if !reflect.DeepEqual(fromPages, fromRecords) {
			t.Fatalf("%d entries from pages, %d from records: the index differs from the one built from records", split, len(recs)-split)
		}
	}
}
