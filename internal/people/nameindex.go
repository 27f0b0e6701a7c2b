package people

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"sync"

	"kluis/internal/vault"
)

// nameRec is one identity's names, unpacked: what a build collects and what the delta of recent
// writes holds until it is merged into the packed part.
type nameRec struct {
	id     vault.ID
	fields NameFields
	key    string // folded names, "\x01"-separated
	sort   string
	tags   [2]uint64 // the blind tags of its BSN and of its birth date + postcode (0: none)
}

func newNameRec(id vault.ID, ident *Identity) *nameRec {
	key := strings.Join([]string{
		fold(join(ident.FirstName, ident.Prefix, ident.Surname)),
		fold(join(ident.PartnerPrefix, ident.PartnerSurname)),
	}, "\x01")
	bsn, bp := ident.indexValues()
	return &nameRec{id: id, fields: ident.nameFields(), key: key,
		sort: fold(ident.Surname + "\x01" + ident.FirstName + "\x01" + ident.Initials),
		tags: [2]uint64{blindTag(bsn), blindTag(bp)}}
}

// The two exact-match fields the index also finds employees by (ADR 014): a BSN, and a birth
// date with a postcode (Identity.indexValues).
const (
	tagBSN = iota
	tagBirthPostcode
)

// blindTag is the 64-bit FNV-1a hash of an exact-match value, 0 for none. It is no secret: the
// tags live only in the session's memory and in the sealed name pages, and a lookup opens each
// candidate's identity to compare the value itself, so a collision finds nothing wrong.
func blindTag(value string) uint64 {
	if value == "" {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(value))
	return max(h.Sum64(), 1)
}

// before is the index order: by sort key, then id.
func (r *nameRec) before(sortKey string, id vault.ID) bool {
	if r.sort != sortKey {
		return r.sort < sortKey
	}
	return bytes.Compare(r.id[:], id[:]) < 0
}

// nameIndex is the in-memory index of the names the session can read: built at unlock in the
// background (or at the first name search), kept current by this Directory's writes, wiped at
// lock. It has two parts, so a write costs no rebuild:
//   - the packed part, sorted by surname: per slot an id, its names in one arena and its folded
//     names in one search buffer (no per-entry pointers or strings: about 120 bytes an entry);
//     a removed or replaced entry is a dead slot whose bytes are zeroed at once;
//   - the delta: entries written since the last merge, few (at most mergeAt), kept sorted.
//
// A search scans the packed buffer and the delta and merges both in index order, so its results
// are the same as those of an index built from scratch. When the delta grows past mergeAt, the
// two are merged in one linear pass (no sort).
type nameIndex struct {
	built  bool
	ids    []vault.ID // slot -> id
	recs   []uint32   // slot -> offset of its record in arena (see packRec)
	arena  []byte
	hay    []byte   // "\x00" + key for each slot, in slot order
	starts []uint32 // offset of each slot's "\x00" in hay
	dead   []uint64 // bit per slot
	ndead  int
	byID   slotTable    // live and dead slots by id
	tags   []uint64     // slot*2+field -> blind tag (tagBSN, tagBirthPostcode; 0: none, or dead)
	byTag  [2]slotTable // per field, the slots that had a tag when packed, by it
	delta  []*nameRec
	inDlt  map[vault.ID]*nameRec
}

// mergeAt is the delta size that triggers a merge: a merge is linear in the index, so doing it
// every few thousand writes keeps a write's share small.
func (n *nameIndex) mergeAt() int { return max(4096, len(n.ids)/32) }

func (n *nameIndex) wipe() {
	clear(n.hay)
	clear(n.arena)
	clear(n.tags)
	for _, r := range n.delta {
		r.tags = [2]uint64{}
	}
	*n = nameIndex{}
}

// lookup returns the live entries whose tag of field is tag (a packed entry through its field's
// slot table, the delta by a scan): candidates, whose identity the caller compares.
func (n *nameIndex) lookup(field int, tag uint64) []vault.ID {
	if tag == 0 {
		return nil
	}
	var out []vault.ID
	for s := range n.byTag[field].candidates(tag) {
		if n.tags[2*s+field] == tag { // a dead slot's tags are zeroed
			out = append(out, n.ids[s])
		}
	}
	for _, r := range n.delta {
		if r.tags[field] == tag {
			out = append(out, r.id)
		}
	}
	return out
}

func (n *nameIndex) size() int { return len(n.ids) - n.ndead + len(n.delta) }

func (n *nameIndex) isDead(slot int) bool { return n.dead[slot/64]&(1<<(slot%64)) != 0 }

// slotOf finds the packed slot of id (dead or live), or -1.
func (n *nameIndex) slotOf(id vault.ID) int {
	for s := range n.byID.candidates(idKey(&id)) {
		if n.ids[s] == id {
			return s
		}
	}
	return -1
}

// get returns the names of id, if the index is built and holds it.
func (n *nameIndex) get(id vault.ID) (NameFields, string, bool) {
	if !n.built {
		return NameFields{}, "", false
	}
	if r := n.inDlt[id]; r != nil {
		return r.fields, r.sort, true
	}
	if s := n.slotOf(id); s >= 0 && !n.isDead(s) {
		sortKey, f := n.unpack(s)
		return f, sortKey, true
	}
	return NameFields{}, "", false
}

// put adds or replaces an entry if the index is built (otherwise the build will read it).
func (n *nameIndex) put(id vault.ID, ident *Identity) {
	if !n.built {
		return
	}
	n.remove(id)
	r := newNameRec(id, ident)
	i, _ := slices.BinarySearchFunc(n.delta, r, func(a, b *nameRec) int {
		if a.before(b.sort, b.id) {
			return -1
		}
		if b.before(a.sort, a.id) {
			return 1
		}
		return 0
	})
	n.delta = slices.Insert(n.delta, i, r)
	if n.inDlt == nil {
		n.inDlt = map[vault.ID]*nameRec{}
	}
	n.inDlt[id] = r
	if len(n.delta) > n.mergeAt() {
		n.merge()
	}
}

// putMany is put for many distinct ids at once (an import): the entries join the delta in one
// sort and one merge, where a put each shifts the sorted delta and a million of them would
// merge the whole index a few hundred times.
func (n *nameIndex) putMany(ids []vault.ID, idents []*Identity) {
	if !n.built || len(ids) == 0 {
		return
	}
	if n.inDlt == nil {
		n.inDlt = map[vault.ID]*nameRec{}
	}
	recs := make([]*nameRec, len(ids))
	var replaced map[*nameRec]bool // delta entries these ids replace
	for i, id := range ids {
		if r := n.inDlt[id]; r != nil {
			if replaced == nil {
				replaced = map[*nameRec]bool{}
			}
			replaced[r] = true
		} else {
			n.remove(id)
		}
		recs[i] = newNameRec(id, idents[i])
	}
	if replaced != nil {
		n.delta = slices.DeleteFunc(n.delta, func(r *nameRec) bool { return replaced[r] })
	}
	sortNameRecs(recs)
	merged := make([]*nameRec, 0, len(n.delta)+len(recs))
	i, j := 0, 0
	for i < len(n.delta) || j < len(recs) {
		if j < len(recs) && (i == len(n.delta) || recs[j].before(n.delta[i].sort, n.delta[i].id)) {
			merged = append(merged, recs[j])
			j++
		} else {
			merged = append(merged, n.delta[i])
			i++
		}
	}
	n.delta = merged
	for _, r := range recs {
		n.inDlt[r.id] = r
	}
	if len(n.delta) > n.mergeAt() {
		n.merge()
	}
}

// remove drops an entry if the index is built; a packed entry's names are zeroed at once.
func (n *nameIndex) remove(id vault.ID) {
	if !n.built {
		return
	}
	if r := n.inDlt[id]; r != nil {
		delete(n.inDlt, id)
		n.delta = slices.DeleteFunc(n.delta, func(x *nameRec) bool { return x == r })
		return
	}
	s := n.slotOf(id)
	if s < 0 || n.isDead(s) {
		return
	}
	n.dead[s/64] |= 1 << (s % 64)
	n.ndead++
	end := uint32(len(n.hay))
	if s+1 < len(n.starts) {
		end = n.starts[s+1]
	}
	clear(n.hay[n.starts[s]:end])
	end = uint32(len(n.arena))
	if s+1 < len(n.recs) {
		end = n.recs[s+1]
	}
	clear(n.arena[n.recs[s]:end])
	n.tags[2*s], n.tags[2*s+1] = 0, 0
}

// setBuilt replaces the index by the records of a build.
func (n *nameIndex) setBuilt(recs []*nameRec) { n.setBuiltFrom(nil, recs) }

// setBuiltFrom replaces the index by a build's entries from name pages and records read from
// identities. A page's entries are copied into the packed arrays as they are (one sort of small
// keyed values, no texts unpacked, the copy in two halves at once); the records join them in
// one merge.
func (n *nameIndex) setBuiltFrom(paged []pagedName, recs []*nameRec) {
	n.wipe()
	sortOnTwoCores(paged, func(a, b pagedName) int { return a.compare(&b) })
	half := len(paged) / 2
	arena, hay := 0, 0
	var arenaHalf, hayHalf int
	for i := range paged {
		if i == half {
			arenaHalf, hayHalf = arena, hay
		}
		a, h := paged[i].packedSize()
		arena, hay = arena+a, hay+h
	}
	next := nameIndex{built: true,
		ids:    make([]vault.ID, len(paged)),
		recs:   make([]uint32, len(paged)),
		starts: make([]uint32, len(paged)),
		arena:  make([]byte, arena),
		hay:    make([]byte, hay),
		tags:   make([]uint64, 2*len(paged)),
		dead:   make([]uint64, (len(paged)+63)/64),
	}
	var wg sync.WaitGroup
	wg.Go(func() { next.packPaged(paged, 0, half, 0, 0) })
	next.packPaged(paged, half, len(paged), arenaHalf, hayHalf)
	wg.Wait()
	next.findSlots()
	*n = next
	if len(recs) > 0 {
		sortNameRecs(recs)
		n.delta = recs
		n.merge()
	}
}

// packPaged copies paged[from:to] into slots from..to of arrays sized for them, the arena and
// the search buffer from the given offsets on.
func (n *nameIndex) packPaged(paged []pagedName, from, to, arena, hay int) {
	for s := from; s < to; s++ {
		p := &paged[s]
		n.ids[s] = p.id()
		n.recs[s] = uint32(arena)
		arena += copy(n.arena[arena:], p.entry[p.rec:len(p.entry)-2*8])
		n.starts[s] = uint32(hay)
		n.hay[hay] = 0
		hay += 1 + copy(n.hay[hay+1:], p.key())
		tags := p.entry[len(p.entry)-2*8:]
		n.tags[2*s], n.tags[2*s+1] = binary.BigEndian.Uint64([]byte(tags[:8])), binary.BigEndian.Uint64([]byte(tags[8:]))
	}
}

// sortNameRecs sorts recs in index order (sort key, then id). A million records are sorted as
// keyed copies: the first eight bytes of the sort key decide most comparisons of real names
// without following a pointer to the record and its key.
func sortNameRecs(recs []*nameRec) {
	type keyed struct {
		prefix uint64
		rec    *nameRec
	}
	ks := make([]keyed, len(recs))
	for i, r := range recs {
		var b [8]byte
		copy(b[:], r.sort)
		ks[i] = keyed{binary.BigEndian.Uint64(b[:]), r}
	}
	sortOnTwoCores(ks, func(a, b keyed) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		if c := strings.Compare(a.rec.sort, b.rec.sort); c != 0 {
			return c
		}
		return bytes.Compare(a.rec.id[:], b.rec.id[:])
	})
	for i := range ks {
		recs[i] = ks[i].rec
	}
}

// merge writes the live packed entries and the delta, both in index order, into new packed
// arrays in one pass, and zeroes the old ones.
func (n *nameIndex) merge() {
	live := len(n.ids) - n.ndead + len(n.delta)
	var next nameIndex
	next.built = true
	next.ids = make([]vault.ID, 0, live)
	next.recs = make([]uint32, 0, live)
	next.starts = make([]uint32, 0, live)
	// Sized exactly for the delta: a build merges a million records at once, and an arena
	// grown by appends is copied over and over (a third of the build's time).
	arena, hay := len(n.arena), len(n.hay)
	for _, r := range n.delta {
		a, h := r.packedSize()
		arena, hay = arena+a, hay+h
	}
	next.arena = make([]byte, 0, arena)
	next.hay = make([]byte, 0, hay)
	next.dead = make([]uint64, (live+63)/64)
	next.tags = make([]uint64, 0, 2*live)
	d := 0
	for s := 0; s <= len(n.ids); s++ {
		var sortKey string
		if s < len(n.ids) {
			if n.isDead(s) {
				continue
			}
			sortKey = n.sortAt(s)
		}
		for d < len(n.delta) && (s == len(n.ids) || n.delta[d].before(sortKey, n.ids[s])) {
			next.appendRec(n.delta[d])
			d++
		}
		if s < len(n.ids) {
			next.appendPacked(n, s)
		}
	}
	next.findSlots()
	clear(n.hay)
	clear(n.arena)
	clear(n.tags)
	*n = next
}

// findSlots fills the tables that find a slot by its id and by its tags, for packed arrays
// without dead slots (a build's or a merge's); the id table on a second core.
func (n *nameIndex) findSlots() {
	var wg sync.WaitGroup
	wg.Go(func() {
		n.byID = newSlotTable(len(n.ids))
		for s := range n.ids {
			n.byID.add(idKey(&n.ids[s]), s)
		}
	})
	for f := range n.byTag {
		count := 0
		for s := range n.ids {
			if n.tags[2*s+f] != 0 {
				count++
			}
		}
		n.byTag[f] = newSlotTable(count)
		for s := range n.ids {
			if t := n.tags[2*s+f]; t != 0 {
				n.byTag[f].add(t, s)
			}
		}
	}
	wg.Wait()
}

// packedSize is what appendRec adds to the arena and to the search buffer for r.
func (r *nameRec) packedSize() (arena, hay int) {
	f := &r.fields
	for _, s := range [...]string{r.sort, f.Initials, f.FirstName, f.Prefix, f.Surname, f.PartnerPrefix, f.PartnerSurname, string(f.NameUsage)} {
		arena += uvarintLen(len(s)) + len(s)
	}
	return arena, 1 + len(r.key)
}

func uvarintLen(n int) int {
	l := 1
	for ; n >= 0x80; n >>= 7 {
		l++
	}
	return l
}

// appendRec packs an unpacked record as the next slot. A record is the sort key and the name
// parts, each as a uvarint length and its bytes, then NameUsage the same way.
func (n *nameIndex) appendRec(r *nameRec) {
	n.ids = append(n.ids, r.id)
	n.recs = append(n.recs, uint32(len(n.arena)))
	f := &r.fields
	for _, s := range [...]string{r.sort, f.Initials, f.FirstName, f.Prefix, f.Surname, f.PartnerPrefix, f.PartnerSurname, string(f.NameUsage)} {
		n.arena = binary.AppendUvarint(n.arena, uint64(len(s)))
		n.arena = append(n.arena, s...)
	}
	n.starts = append(n.starts, uint32(len(n.hay)))
	n.hay = append(n.hay, 0)
	n.hay = append(n.hay, r.key...)
	n.tags = append(n.tags, r.tags[:]...)
}

// appendPacked copies slot s of old as the next slot.
func (n *nameIndex) appendPacked(old *nameIndex, s int) {
	n.ids = append(n.ids, old.ids[s])
	n.recs = append(n.recs, uint32(len(n.arena)))
	n.arena = append(n.arena, old.arena[old.recs[s]:old.end(old.recs, len(old.arena), s)]...)
	n.starts = append(n.starts, uint32(len(n.hay)))
	n.hay = append(n.hay, old.hay[old.starts[s]:old.end(old.starts, len(old.hay), s)]...)
	n.tags = append(n.tags, old.tags[2*s:2*s+2]...)
}

func (n *nameIndex) end(offs []uint32, total, s int) uint32 {
	if s+1 < len(offs) {
		return offs[s+1]
	}
	return uint32(total)
}

// field reads the k-th length-prefixed part of slot s's record, without copying.
func (n *nameIndex) field(s, k int) []byte {
	b := n.arena[n.recs[s]:]
	for {
		l, w := binary.Uvarint(b)
		if k == 0 {
			return b[w : w+int(l)]
		}
		b = b[w+int(l):]
		k--
	}
}

// sortAt is slot s's sort key; the conversion in a comparison does not allocate, the caller
// compares only.
func (n *nameIndex) sortAt(s int) string { return string(n.field(s, 0)) }

// unpack reads slot s's record.
func (n *nameIndex) unpack(s int) (string, NameFields) {
	b := n.arena[n.recs[s]:n.end(n.recs, len(n.arena), s)]
	var parts [8]string
	for k := range parts {
		l, w := binary.Uvarint(b)
		parts[k] = string(b[w : w+int(l)])
		b = b[w+int(l):]
	}
	ident := Identity{Initials: parts[1], FirstName: parts[2], Prefix: parts[3], Surname: parts[4],
		PartnerPrefix: parts[5], PartnerSurname: parts[6], NameUsage: NameUsage(parts[7])}
	return parts[0], ident.nameFields()
}

// nameHit is one search match; its names are unpacked only when asked for.
type nameHit struct {
	id   vault.ID
	ix   *nameIndex
	slot int
	rec  *nameRec
}

func (h nameHit) fields() NameFields {
	if h.rec != nil {
		return h.rec.fields
	}
	_, f := h.ix.unpack(h.slot)
	return f
}

// search calls fn for each entry whose names contain q, in index order (by surname, then id),
// until fn returns false.
func (n *nameIndex) search(q string, fn func(nameHit) bool) {
	needle := []byte(q)
	var dm []*nameRec // the delta's matches, in order
	for _, r := range n.delta {
		if strings.Contains(r.key, q) {
			dm = append(dm, r)
		}
	}
	emitDelta := func(upTo func(*nameRec) bool) bool {
		for len(dm) > 0 && upTo(dm[0]) {
			if !fn(nameHit{id: dm[0].id, rec: dm[0]}) {
				return false
			}
			dm = dm[1:]
		}
		return true
	}
	pos := 0
	for pos < len(n.hay) {
		i := bytes.Index(n.hay[pos:], needle)
		if i < 0 {
			break
		}
		at := uint32(pos + i)
		k := sort.Search(len(n.starts), func(j int) bool { return n.starts[j] > at }) - 1
		if !n.isDead(k) {
			sortKey, id := n.sortAt(k), n.ids[k]
			if !emitDelta(func(r *nameRec) bool { return r.before(sortKey, id) }) {
				return
			}
			if !fn(nameHit{id: id, ix: n, slot: k}) {
				return
			}
		}
		if k+1 >= len(n.starts) {
			break
		}
		pos = int(n.starts[k+1])
	}
	emitDelta(func(*nameRec) bool { return true })
}

// sortOnTwoCores sorts s by cmp, a large s as two halves at once and then merged: the name
// index of a million identities is built in the background after an unlock, and this halves
// its two sorts' wall time on a two-core PC.
func sortOnTwoCores[T any](s []T, cmp func(a, b T) int) {
	if len(s) < 1<<14 {
		slices.SortFunc(s, cmp)
		return
	}
	h := len(s) / 2
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(s[:h], cmp) })
	slices.SortFunc(s[h:], cmp)
	wg.Wait()
	merged := make([]T, 0, len(s))
	i, j := 0, h
	for i < h && j < len(s) {
		if cmp(s[j], s[i]) < 0 {
			merged = append(merged, s[j])
			j++
		} else {
			merged = append(merged, s[i])
			i++
		}
	}
	merged = append(append(merged, s[i:h]...), s[j:]...)
	copy(s, merged)
}
