package people

import (
	"cmp"
	"encoding/binary"
	"strings"

	"kluis/internal/vault"
)

// Name pages: the name index's entries of one department scope, kept as a vault page next to
// the skeleton page (skelpage.go), valid while no identity of the scope has been written since.
// The name index is built from them without opening a million identities or decoding their
// JSON; a scope whose page is stale or missing has its identities read as before.

// pageNames is the vault page number of a scope's name-index entries.
const pageNames byte = 2

// nameChunk is how many entries one chunk of a name page holds.
const nameChunk = 8192

// namesV2 starts every chunk of a name page since the blind tags joined it (ADR 014): a 0 (the
// entry count of an empty chunk of the first form, which therefore never ends there) and 2. A
// chunk of the first form, or one of this form read by a Kluis that knows only the first, does
// not decode: that scope's identities are read instead, and the page is written again at lock.
var namesV2 = [2]byte{0, 2}

// appendNameEntry appends one entry: id (16), the folded search key, then the sort key and the
// seven name parts (initials, first name, prefix, surname, partner prefix, partner surname,
// name usage), every text its length (uvarint) and bytes, as in the index's arena; then the
// BSN's and the birth date + postcode's blind tags (8 bytes each, big-endian).
func appendNameEntry(b []byte, id vault.ID, key, sortKey string, f *NameFields, tags [2]uint64) []byte {
	b = append(b, id[:]...)
	for _, s := range [...]string{key, sortKey, f.Initials, f.FirstName, f.Prefix, f.Surname, f.PartnerPrefix, f.PartnerSurname, string(f.NameUsage)} {
		b = appendText(b, s)
	}
	return appendTags(b, tags[:])
}

func appendTags(b []byte, tags []uint64) []byte {
	for _, t := range tags {
		b = binary.BigEndian.AppendUint64(b, t)
	}
	return b
}

// encodeNames packs entries (already encoded by appendNameEntry) into chunks: namesV2, count
// (uvarint) and the entries. There is always at least one chunk.
func encodeNames(entries [][]byte) [][]byte {
	var chunks [][]byte
	for start := 0; start < len(entries) || start == 0; start += nameChunk {
		part := entries[start:min(start+nameChunk, len(entries))]
		size := len(namesV2) + binary.MaxVarintLen64
		for _, e := range part {
			size += len(e)
		}
		b := binary.AppendUvarint(append(make([]byte, 0, size), namesV2[:]...), uint64(len(part)))
		for _, e := range part {
			b = append(b, e...)
		}
		chunks = append(chunks, b)
	}
	return chunks
}

// pagedName is one entry of a name page as read: slices of its chunk, which the index packs
// without unpacking its texts (setBuiltFrom). The chunk is cleared once the index is built.
type pagedName struct {
	// The sort key's first sixteen bytes, big-endian: they decide most comparisons without a
	// look into the chunk (a surname and a first name's start; eight were too few for names
	// such as "van der Berg").
	prefix [2]uint64
	entry  string // id, search key, the packed record (sort key and names), tags
	keyAt  uint32 // offset of the search key's bytes in entry
	rec    uint32 // offset of the packed record
	sortAt uint32 // offset of the sort key's bytes
	sortTo uint32
}

func (p *pagedName) id() vault.ID { return vault.ID([]byte(p.entry[:len(vault.ID{})])) }

func (p *pagedName) sortKey() string { return p.entry[p.sortAt:p.sortTo] }

// key is the entry's folded search key.
func (p *pagedName) key() string { return p.entry[p.keyAt:p.rec] }

// packedSize is what packPaged adds to the arena and to the search buffer.
func (p *pagedName) packedSize() (arena, hay int) {
	return len(p.entry) - int(p.rec) - 2*8, 1 + int(p.rec-p.keyAt)
}

// compare is the index order of paged entries: by sort key, then id (nameRec.before).
func (p *pagedName) compare(q *pagedName) int {
	if p.prefix != q.prefix {
		if p.prefix[0] != q.prefix[0] {
			return cmp.Compare(p.prefix[0], q.prefix[0])
		}
		return cmp.Compare(p.prefix[1], q.prefix[1])
	}
	if c := strings.Compare(p.sortKey(), q.sortKey()); c != 0 {
		return c
	}
	return strings.Compare(p.entry[:len(vault.ID{})], q.entry[:len(vault.ID{})])
}

// decodeNames reads one chunk into entries. Their texts are slices of the chunk, which the
// caller hands over (chunkString) and clears only when nothing uses them any more.
func decodeNames(chunk []byte) ([]pagedName, error) {
	if len(chunk) < len(namesV2) || [2]byte(chunk) != namesV2 {
		return nil, errPage
	}
	r := &skelReader{s: chunkString(chunk), off: len(namesV2)}
	n := r.uvarint()
	if r.err != nil || n > len(chunk) {
		return nil, errPage
	}
	out := make([]pagedName, n)
	for i := range out {
		start := r.off
		r.id()
		key := r.text()
		rec := r.off
		sortKey := r.text()
		for range 7 { // initials, first name, prefix, surname, partner prefix and surname, name usage
			r.text()
		}
		r.uint64()
		r.uint64()
		if r.err != nil {
			return nil, errPage
		}
		var b [16]byte
		copy(b[:], sortKey)
		sortTo := rec - start + uvarintLen(len(sortKey)) + len(sortKey)
		out[i] = pagedName{prefix: [2]uint64{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])},
			entry: r.s[start:r.off], keyAt: uint32(rec - start - len(key)), rec: uint32(rec - start),
			sortAt: uint32(sortTo - len(sortKey)), sortTo: uint32(sortTo)}
	}
	if r.off != len(r.s) {
		return nil, errPage
	}
	return out, nil
}

// readNamePages reads the name page of every scope in scopes (on every core, each page decoded
// right after its read); it returns the valid pages' entries, the chunks they are slices of (to
// clear when done), and per scope the stamp and whether its page was valid.
func readNamePages(tx *vault.Tx, scopes []vault.ScopeID) ([]pagedName, [][]byte, map[vault.ScopeID]pageStamp, error) {
	type read struct {
		stamp   pageStamp
		chunks  [][]byte
		entries [][]pagedName
	}
	reads := make([]read, len(scopes))
	err := tx.ReadPages(scopes, KindIdentity, pageNames, func(i int, stamp uint64, chunks [][]byte, ok bool) {
		r := &reads[i]
		r.stamp, r.chunks = pageStamp{stamp: stamp, valid: ok}, chunks
		for _, c := range chunks {
			entries, err := decodeNames(c)
			if err != nil { // never written by this code: read that scope's identities instead
				r.stamp.valid, r.entries = false, nil
				return
			}
			r.entries = append(r.entries, entries)
		}
	})
	var chunks [][]byte
	total := 0
	for i := range reads {
		chunks = append(chunks, reads[i].chunks...)
		for _, e := range reads[i].entries {
			total += len(e)
		}
	}
	if err != nil {
		return nil, chunks, nil, err
	}
	stamps := make(map[vault.ScopeID]pageStamp, len(scopes))
	out := make([]pagedName, 0, total)
	for i, sc := range scopes {
		stamps[sc] = reads[i].stamp
		for _, e := range reads[i].entries {
			out = append(out, e...)
		}
	}
	return out, chunks, stamps, nil
}

// nameEntries encodes the index's live entries of the scopes in want, by scope; d.mu is held
// and the index is built.
func (d *Directory) nameEntries(want map[vault.ScopeID]uint64) map[vault.ScopeID][][]byte {
	out := map[vault.ScopeID][][]byte{}
	scopeOf := d.scopeLookup()
	add := func(id vault.ID, enc func() []byte) {
		e := d.emps[id]
		if e == nil {
			return
		}
		sc, ok := scopeOf(e.Department)
		if !ok {
			return
		}
		if _, ok := want[sc]; ok {
			out[sc] = append(out[sc], enc())
		}
	}
	n := &d.names
	for s := range n.ids {
		if n.isDead(s) {
			continue
		}
		add(n.ids[s], func() []byte {
			b := append([]byte(nil), n.ids[s][:]...)
			b = appendText(b, string(n.hay[n.starts[s]+1:n.end(n.starts, len(n.hay), s)]))
			b = append(b, n.arena[n.recs[s]:n.end(n.recs, len(n.arena), s)]...)
			return appendTags(b, n.tags[2*s:2*s+2])
		})
	}
	for _, r := range n.delta {
		add(r.id, func() []byte { return appendNameEntry(nil, r.id, r.key, r.sort, &r.fields, r.tags) })
	}
	return out
}
