package people

import (
	"encoding/binary"

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

// decodeNames reads one chunk into index records. The texts are slices of the chunk, which the
// caller hands over (chunkString).
func decodeNames(chunk []byte) ([]*nameRec, error) {
	if len(chunk) < len(namesV2) || [2]byte(chunk) != namesV2 {
		return nil, errPage
	}
	r := &skelReader{s: chunkString(chunk), off: len(namesV2)}
	n := r.uvarint()
	if r.err != nil || n > len(chunk) {
		return nil, errPage
	}
	recs := make([]nameRec, n)
	out := make([]*nameRec, 0, n)
	for i := range recs {
		rec := &recs[i]
		rec.id = r.id()
		rec.key, rec.sort = r.text(), r.text()
		f := &rec.fields
		f.Initials, f.FirstName, f.Prefix, f.Surname = r.text(), r.text(), r.text(), r.text()
		f.PartnerPrefix, f.PartnerSurname, f.NameUsage = r.text(), r.text(), NameUsage(r.text())
		rec.tags[tagBSN], rec.tags[tagBirthPostcode] = r.uint64(), r.uint64()
		if r.err != nil {
			return nil, errPage
		}
		out = append(out, rec)
	}
	if r.off != len(r.s) {
		return nil, errPage
	}
	return out, nil
}

// readNamePages reads the name page of every scope in scopes; it returns the valid pages'
// records and, per scope, the stamp and whether its page was valid.
func readNamePages(tx *vault.Tx, scopes []vault.ScopeID) ([]*nameRec, map[vault.ScopeID]pageStamp, error) {
	stamps := make(map[vault.ScopeID]pageStamp, len(scopes))
	var owner []vault.ScopeID
	dec := startDecoding(decodeNames) // decodes on every core while the next pages are read
	defer dec.wait()
	for _, sc := range scopes {
		st, err := tx.Stamp(sc, KindIdentity)
		if err != nil {
			return nil, nil, err
		}
		cs, ok, err := tx.Page(sc, pageNames, st)
		if err != nil {
			return nil, nil, err
		}
		stamps[sc] = pageStamp{stamp: st, valid: ok}
		for _, c := range cs {
			owner = append(owner, sc)
			dec.add(c)
		}
	}
	decoded, failed := dec.wait()
	for i := range decoded {
		if failed[i] { // never written by this code: read that scope's identities instead
			stamps[owner[i]] = pageStamp{stamp: stamps[owner[i]].stamp}
		}
	}
	var out []*nameRec
	for i, recs := range decoded {
		if stamps[owner[i]].valid {
			out = append(out, recs...)
		}
	}
	return out, stamps, nil
}

// nameEntries encodes the index's live entries of the scopes in want, by scope; d.mu is held
// and the index is built.
func (d *Directory) nameEntries(want map[vault.ScopeID]uint64) map[vault.ScopeID][][]byte {
	out := map[vault.ScopeID][][]byte{}
	add := func(id vault.ID, enc func() []byte) {
		e := d.emps[id]
		if e == nil {
			return
		}
		sc, err := d.sess.DepartmentScope(e.Department)
		if err != nil {
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
