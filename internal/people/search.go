package people

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// MatchKind says which key a search hit was found by.
type MatchKind string

// Match kinds.
const (
	MatchPersnr        MatchKind = "persnr"
	MatchBSN           MatchKind = "bsn"
	MatchBirthPostcode MatchKind = "birth_postcode"
	MatchName          MatchKind = "name"
)

// Hit is one search result. Name is set only when the session's keys open the identity
// (IdentityRead), so the caller can audit the read.
type Hit struct {
	Employee       vault.ID    `json:"employee"`
	Persnr         string      `json:"persnr"`
	Employer       vault.ID    `json:"employer"`
	Department     vault.ID    `json:"department"`
	DepartmentPath string      `json:"departmentPath"`
	Shared         bool        `json:"shared"`
	Active         bool        `json:"active"`
	MatchedBy      MatchKind   `json:"matchedBy"`
	IdentityRead   bool        `json:"identityRead"`
	Name           *NameFields `json:"name,omitempty"`
}

// DefaultSearchLimit is used when Search gets a limit of 0 or less.
const DefaultSearchLimit = 50

// minNameQuery is the shortest name part searched (in characters after folding).
const minNameQuery = 2

// Search finds employees by what the query looks like:
//   - a personnel number of any employer (exact; leading zeros count);
//   - a BSN (9 digits passing the elfproef; 8 digits get a leading zero), or "birth date
//     postcode" ("12-03-1985 1234AB"; any accepted date form, NL or BE postcode): through the
//     blind tags of the in-memory name index (ADR 014: one lookup, whatever the number of
//     departments), each candidate's identity opened and compared;
//   - otherwise a part of a name, case- and diacritics-insensitive, over surname, prefix +
//     surname, first name (roepnaam) and partner (prefix +) surname, through the in-memory
//     name index.
//
// The name index holds the identities the session can open (a manager: their departments'),
// built from the name pages or the identities at the first search that needs it (the window
// builds it in the background after the unlock).
//
// A query can match as persnr and as BSN at once; hits are unique per employee, exact matches
// first, names by family name. At most limit hits are returned.
func (d *Directory) Search(query string, limit int) ([]Hit, error) {
	hits, _, err := d.SearchTotal(query, limit)
	return hits, err
}

// SearchTotal is Search that also counts every employee the query matches, so that a screen
// can say "50 of 312" instead of cutting the list silently: total ≥ len(hits).
func (d *Directory) SearchTotal(query string, limit int) (hits []Hit, total int, err error) {
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	q := strings.TrimSpace(query)
	if q == "" {
		return nil, 0, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, 0, err
	}
	seen := map[vault.ID]bool{}
	// add counts every match and keeps the first limit of them.
	add := func(id vault.ID, kind MatchKind, name *NameFields) {
		if seen[id] {
			return
		}
		e, ok := d.emps[id]
		if !ok {
			return
		}
		seen[id] = true
		total++
		if len(hits) >= limit {
			return
		}
		hits = append(hits, Hit{Employee: id, Persnr: e.Persnr, Employer: e.Employer, Department: e.Department,
			DepartmentPath: d.path(e.Department), Shared: e.Shared, Active: e.Active(d.today()), MatchedBy: kind,
			IdentityRead: name != nil, Name: name})
	}
	exact := false
	// Persnr: exact, any employer.
	var byPersnr []vault.ID
	for _, m := range d.persnrs() {
		if id, ok := m[q]; ok {
			byPersnr = append(byPersnr, id)
		}
	}
	// Blind-index keys.
	var field, value string
	var kind MatchKind
	if bsn := bsnQuery(q); bsn != "" {
		field, value, kind = IndexBSN, bsn, MatchBSN
	} else if bp := birthPostcodeQuery(q); bp != "" {
		field, value, kind = IndexBirthPostcode, bp, MatchBirthPostcode
	}
	type found struct {
		id    vault.ID
		kind  MatchKind
		ident *Identity
	}
	var exactHits []found
	var candidates []vault.ID
	if field != "" {
		if candidates, err = d.candidates(field, value); err != nil {
			return nil, 0, err
		}
	}
	err = d.sess.View(func(tx *vault.Tx) error {
		for _, id := range byPersnr {
			ident, err := d.readIdentity(tx, id)
			if err != nil {
				return err
			}
			exactHits = append(exactHits, found{id, MatchPersnr, ident})
		}
		for _, id := range candidates {
			ident, err := d.readIdentity(tx, id)
			if err != nil {
				return err
			}
			if ident.holds(field, value) {
				exactHits = append(exactHits, found{id, kind, ident})
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for _, f := range exactHits {
		exact = true
		var name *NameFields
		if f.ident != nil {
			n := f.ident.nameFields()
			name = &n
		}
		add(f.id, f.kind, name)
	}
	if exact || field != "" {
		return hits, total, nil
	}
	folded := fold(q)
	if utf8.RuneCountInString(folded) < minNameQuery {
		return hits, total, nil
	}
	if err := d.buildNames(); err != nil {
		return nil, 0, err
	}
	d.names.search(folded, func(h nameHit) bool {
		if seen[h.id] || len(hits) >= limit {
			add(h.id, MatchName, nil) // counted only: its name is not shown
			return true
		}
		n := h.fields()
		add(h.id, MatchName, &n)
		return true
	})
	return hits, total, nil
}

// heldScopes are the scopes of the departments the session holds (for blind-index lookups).
func (d *Directory) heldScopes() ([]vault.ScopeID, error) {
	depts, err := d.sess.Departments()
	if err != nil {
		return nil, err
	}
	out := make([]vault.ScopeID, 0, len(depts))
	for _, dep := range depts {
		sc, err := d.sess.DepartmentScope(dep)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// bsnQuery returns the nine digits if q is a BSN (8 digits get a leading zero).
func bsnQuery(q string) string {
	f := validate.FieldErrors{}
	v := strings.NewReplacer(" ", "", ".", "").Replace(q)
	if len(v) < 8 || len(v) > 9 || strings.Trim(v, "0123456789") != "" {
		return ""
	}
	return validate.BSN(f, "q", v, true)
}

// birthPostcodeQuery turns "12-03-1985 1234AB" into the index value "1985-03-12|1234 AB".
func birthPostcodeQuery(q string) string {
	date, rest, ok := strings.Cut(q, " ")
	if !ok {
		return ""
	}
	t, ok := validate.ParseDate(date)
	if !ok {
		return ""
	}
	rest = strings.TrimSpace(rest)
	for _, country := range []string{CountryNL, CountryBE} {
		f := validate.FieldErrors{}
		if pc := validate.Postcode(f, "q", rest, country, true); len(f) == 0 {
			return t.Format(DateLayout) + "|" + pc
		}
	}
	return ""
}

// ---- name index ----------------------------------------------------------------------------

// BuildNameIndex builds the in-memory name index now (for example in the background right
// after unlock) instead of at the first name search. It decrypts every identity the session's
// keys open without holding the Directory's lock, so the tree and other calls go on meanwhile;
// if a write lands during the build, it reads again.
func (d *Directory) BuildNameIndex() error {
	for attempt := 0; ; attempt++ {
		d.mu.Lock()
		if err := d.load(); err != nil {
			d.mu.Unlock()
			return err
		}
		if d.names.built {
			d.mu.Unlock()
			return nil
		}
		if attempt == 2 { // writes keep landing: build under the lock
			defer d.mu.Unlock()
			return d.buildNames()
		}
		gen := d.gen
		d.mu.Unlock()
		names, err := d.readNames()
		if err != nil {
			return err
		}
		d.mu.Lock()
		if d.gen == gen && d.loaded && !d.names.built {
			// The cached tree views stay: their labels came from the same identities.
			d.setNames(names)
			d.mu.Unlock()
			return nil
		}
		d.mu.Unlock()
		names.wipe()
	}
}

// candidates are the employees whose identity may hold value as its BSN (field IndexBSN) or birth
// date + postcode (IndexBirthPostcode): the in-memory index's entries with that tag (ADR 014),
// built first if need be, among the identities the session's keys open, so a manager finds only
// their departments' employees. The caller opens each and compares (Identity.holds); d.mu is
// held, and no read transaction is open (the build reads).
func (d *Directory) candidates(field, value string) ([]vault.ID, error) {
	if err := d.buildNames(); err != nil {
		return nil, err
	}
	f := tagBSN
	if field == IndexBirthPostcode {
		f = tagBirthPostcode
	}
	return d.names.lookup(f, blindTag(value)), nil
}

// NameIndexSize is the number of identities in the name index (0 when not built or wiped).
func (d *Directory) NameIndexSize() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.names.size()
}

// buildNames reads every identity the session can open; d.mu is held.
func (d *Directory) buildNames() error {
	if d.names.built {
		return nil
	}
	names, err := d.readNames()
	if err != nil {
		return err
	}
	d.setNames(names)
	return nil
}

// identityNames is the part of an Identity the name index needs: its names, and the values of its
// blind tags (ADR 014). Decoding only it is quicker and leaves the address (but the postcode) and
// contact details of every employee out of memory; the BSN, birth date and postcode are held only
// until they are hashed.
type identityNames struct {
	Initials       string    `json:"initials"`
	FirstName      string    `json:"firstName"`
	Prefix         string    `json:"prefix"`
	Surname        string    `json:"surname"`
	PartnerPrefix  string    `json:"partnerPrefix"`
	PartnerSurname string    `json:"partnerSurname"`
	NameUsage      NameUsage `json:"nameUsage"`
	BSN            string    `json:"bsn"`
	BirthDate      string    `json:"birthDate"`
	Address        struct {
		Postcode string `json:"postcode"`
	} `json:"address"`
}

// readNames reads the names of the identities the session's keys open:
// from the scopes' name pages where these are current (namepage.go), from the identities
// otherwise. It touches no Directory state, so it may run without d.mu; it returns what it
// found of each scope's page, for setNames.
func (d *Directory) readNames() (names namesRead, err error) {
	scopes, err := d.heldScopes()
	if err != nil {
		return names, err
	}
	err = d.sess.View(func(tx *vault.Tx) error {
		paged, chunks, stamps, err := readNamePages(tx, scopes)
		names.chunks = chunks
		if err != nil {
			return err
		}
		names.stamps = stamps
		stale := map[vault.ScopeID]bool{}
		for sc, st := range stamps {
			if !st.valid {
				stale[sc] = true
			}
		}
		names.paged, names.fromPages = paged, len(paged)
		if len(stale) == 0 {
			return nil
		}
		var read []*nameRec
		var mu sync.Mutex
		err = tx.IterateOpenIn(KindIdentity, stale, 0, func(id vault.ID, plain []byte) error {
			var names identityNames
			if err := json.Unmarshal(plain, &names); err != nil {
				return fmt.Errorf("decode identity %s: %w", id, err)
			}
			entry := newNameRec(id, &Identity{Initials: names.Initials, FirstName: names.FirstName, Prefix: names.Prefix,
				Surname: names.Surname, PartnerPrefix: names.PartnerPrefix, PartnerSurname: names.PartnerSurname, NameUsage: names.NameUsage,
				BSN: names.BSN, BirthDate: names.BirthDate, Address: Address{Postcode: names.Address.Postcode}})
			mu.Lock()
			read = append(read, entry)
			mu.Unlock()
			return nil
		})
		if err != nil {
			return err
		}
		// An identity read from its record replaces what a page of the scope it left still holds.
		fresh := make(map[vault.ID]bool, len(read))
		for _, r := range read {
			fresh[r.id] = true
		}
		names.paged = slices.DeleteFunc(paged, func(p pagedName) bool { return fresh[p.id()] })
		names.recs = read
		names.fromPages, names.fromRecords = len(names.paged), len(read)
		return nil
	})
	if err != nil {
		names.wipe()
	}
	return names, err
}

// namesRead is what readNames found: the index's entries from name pages (slices of chunks)
// and records read from identities, and each scope's name page.
type namesRead struct {
	paged                  []pagedName
	chunks                 [][]byte
	recs                   []*nameRec
	stamps                 map[vault.ScopeID]pageStamp
	fromPages, fromRecords int
}

// wipe clears the name pages' plaintext once the index holds what it needs of it (or a build is
// given up): the names are not left in memory for the collector to free some time later.
func (r *namesRead) wipe() {
	for _, c := range r.chunks {
		clear(c)
	}
	r.paged, r.chunks = nil, nil
}

// setNames makes the index of what readNames found, for the employees the Directory has (an
// identity without a skeleton is not shown anywhere); d.mu is held, and no write has changed
// the employees since readNames began.
func (d *Directory) setNames(names namesRead) {
	paged := slices.DeleteFunc(names.paged, func(p pagedName) bool { return d.emps[p.id()] == nil })
	d.names.setBuiltFrom(paged, slices.DeleteFunc(names.recs, func(r *nameRec) bool { return d.emps[r.id] == nil }))
	names.wipe()
	for sc, st := range names.stamps {
		d.pageStamps[pageRef{sc, pageNames}] = st
	}
	d.namesFromPages, d.namesFromRecords = names.fromPages, names.fromRecords
}

// ---- folding -------------------------------------------------------------------------------

var stripMarks = runes.Remove(runes.In(unicode.Mn))

// latinFold maps the Latin-1 and Latin Extended-A letters Dutch and Flemish names use to their
// lower-case ASCII base; other non-ASCII text goes through Unicode decomposition.
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	add := func(base string, letters string) {
		for _, r := range letters {
			m[r] = base
		}
	}
	add("a", "ÀÁÂÃÄÅàáâãäåĀāĂăĄą")
	add("c", "ÇçĆćĈĉĊċČč")
	add("d", "ĎďĐđÐð")
	add("e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚě")
	add("g", "ĜĝĞğĠġĢģ")
	add("h", "ĤĥĦħ")
	add("i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı")
	add("j", "Ĵĵ")
	add("k", "Ķķ")
	add("l", "ĹĺĻļĽľĿŀŁł")
	add("n", "ÑñŃńŅņŇňŉ")
	add("o", "ÒÓÔÕÖØòóôõöøŌōŎŏŐő")
	add("r", "ŔŕŖŗŘř")
	add("s", "ŚśŜŝŞşŠš")
	add("t", "ŢţŤťŦŧ")
	add("u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų")
	add("w", "Ŵŵ")
	add("y", "ÝýÿŶŷŸ")
	add("z", "ŹźŻżŽž")
	m['ß'], m['Æ'], m['æ'], m['Œ'], m['œ'], m['Ĳ'], m['ĳ'], m['Þ'], m['þ'] = "ss", "ae", "ae", "oe", "oe", "ij", "ij", "th", "th"
	return m
}()

// fold lower-cases s, removes diacritics (é → e, ï → i, ß → ss), drops control characters and
// collapses white space, for case- and diacritics-insensitive matching.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	write := func(r rune) {
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			continue
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			write(r)
			continue
		}
		if base, ok := latinFold[r]; ok {
			for _, c := range base {
				write(c)
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		// Other scripts and precomposed letters outside the table: decompose and drop marks.
		t, _, err := transform.String(transform.Chain(norm.NFD, stripMarks), string(r))
		if err != nil {
			t = string(r)
		}
		for _, c := range t {
			if !unicode.IsControl(c) {
				write(unicode.ToLower(c))
			}
		}
	}
	return b.String()
}
