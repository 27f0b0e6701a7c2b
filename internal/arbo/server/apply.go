package server

import (
	"encoding/json"
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/arbo"
)

// batchCounts is what the log says about a batch: counts and rejection codes, no values.
type batchCounts struct {
	accepted, repeated, rejected int
	codes                        map[string]int
}

// applyBatch applies a validated batch in order inside txn. Every message id is remembered with
// its outcome, so a message sent again gets the same answer and changes nothing. It fails only
// when the store does.
func applyBatch(txn *badger.Txn, eid string, now time.Time, b *arbo.Batch) (arbo.BatchResponse, batchCounts, error) {
	resp := arbo.BatchResponse{Accepted: []string{}}
	counts := batchCounts{codes: map[string]int{}}
	for i := range b.Messages {
		m := &b.Messages[i]
		mk := key(kMessage, eid, m.ID)
		var outcome string
		if item, err := txn.Get(mk); err == nil {
			v, err := item.ValueCopy(nil)
			if err != nil {
				return resp, counts, err
			}
			outcome = string(v)
			counts.repeated++
		} else if err != badger.ErrKeyNotFound {
			return resp, counts, err
		} else {
			code, err := applyMessage(txn, eid, now, m)
			if err != nil {
				return resp, counts, fmt.Errorf("message %d: %w", i, err)
			}
			outcome = code
			if err := txn.Set(mk, []byte(code)); err != nil {
				return resp, counts, err
			}
		}
		if outcome == "" {
			resp.Accepted = append(resp.Accepted, m.ID)
			counts.accepted++
		} else {
			resp.Rejected = append(resp.Rejected, arbo.Rejection{ID: m.ID, Code: outcome})
			counts.rejected++
			counts.codes[outcome]++
		}
	}
	return resp, counts, nil
}

// applyMessage applies one message; a non-empty code is a rejection by the service's rules (the
// message is remembered and changes nothing).
func applyMessage(txn *badger.Txn, eid string, now time.Time, m *arbo.Message) (string, error) {
	switch m.Type {
	case arbo.TypeDienstverband:
		k := key(kEmploy, eid, m.Pseudonym, fmt.Sprintf("%08d", m.Dienstverband.Volgnummer))
		if m.Dienstverband.Verwijderd {
			return "", txn.Delete(k)
		}
		return "", setJSON(txn, k, m.Dienstverband)

	case arbo.TypeDeling:
		return "", setJSON(txn, key(kShare, eid, m.Pseudonym), share{Deling: *m.Deling, At: m.At})

	case arbo.TypeWerknemer:
		if m.Werknemer.Reden == arbo.RedenOpvraging {
			return arbo.CodeBadRequest, nil // retrieval answers come through PathRetrievals
		}
		shared, err := exists(txn, key(kShare, eid, m.Pseudonym))
		if err != nil || !shared {
			return arbo.CodeNotShared, err
		}
		return "", setJSON(txn, key(kIdentity, eid, m.Pseudonym),
			identity{Source: arbo.SourceShare, Werknemer: *m.Werknemer, At: m.At})

	case arbo.TypeDelingEinde:
		return "", endShare(txn, eid, m.Pseudonym)

	case arbo.TypeZiekmelding, arbo.TypeHerstelmelding, arbo.TypeVerzuimWijziging:
		shared, err := exists(txn, key(kShare, eid, m.Pseudonym))
		if err != nil || !shared {
			return arbo.CodeNotShared, err
		}
		return "", setJSON(txn, key(kAbsence, eid, m.Pseudonym, m.Verzuim.EersteZiektedag),
			arbo.HeldAbsence{Pseudonym: m.Pseudonym, Type: m.Type, Verzuim: *m.Verzuim, At: m.At})

	case arbo.TypeEersteSync:
		return "", firstSync(txn, eid, m.Shared)

	case arbo.TypeGewist:
		return "", erase(txn, eid, m.Pseudonym)
	}
	// validateMessage let an unknown type through: a bug, not the client's fault.
	return "", fmt.Errorf("no rule for type %q", m.Type)
}

// endShare deletes the identity data and the share of a pseudonym and strips the contact details
// from its absences; the pseudonym, its employments, absences and case status stay.
func endShare(txn *badger.Txn, eid, pseudonym string) error {
	if err := txn.Delete(key(kShare, eid, pseudonym)); err != nil {
		return err
	}
	if err := txn.Delete(key(kIdentity, eid, pseudonym)); err != nil {
		return err
	}
	type kv struct {
		k []byte
		a arbo.HeldAbsence
	}
	var stripped []kv
	err := each(txn, prefix(kAbsence, eid, pseudonym), func(k, v []byte) error {
		var a arbo.HeldAbsence
		if err := json.Unmarshal(v, &a); err != nil {
			return err
		}
		if a.Verzuim.Telefoon != "" || a.Verzuim.Verpleegadres != "" {
			a.Verzuim.Telefoon, a.Verzuim.Verpleegadres = "", ""
			stripped = append(stripped, kv{k, a})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range stripped {
		if err := setJSON(txn, s.k, s.a); err != nil {
			return err
		}
	}
	return nil
}

// firstSync keeps identity data only for the pseudonyms shared now: every other identity of the
// employer goes, and every legacy record whose personeelsnummer is not among the identities kept
// (the old data becomes pseudonymous where no case was built on a share).
func firstSync(txn *badger.Txn, eid string, sharedList []string) error {
	shared := map[string]bool{}
	for _, p := range sharedList {
		shared[p] = true
	}
	kept := map[string]bool{} // personeelsnummers of the identities kept
	var drop []string
	err := each(txn, prefix(kIdentity, eid), func(k, v []byte) error {
		p := lastPart(k)
		if !shared[p] {
			drop = append(drop, p)
			return nil
		}
		var id identity
		if err := json.Unmarshal(v, &id); err != nil {
			return err
		}
		kept[id.Werknemer.Werkgever+"\x00"+id.Werknemer.Personeelsnummer] = true
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range drop {
		if err := txn.Delete(key(kIdentity, eid, p)); err != nil {
			return err
		}
	}
	var legacy [][]byte
	err = each(txn, prefix(kLegacy, eid), func(k, v []byte) error {
		var l arbo.HeldLegacy
		if err := json.Unmarshal(v, &l); err != nil {
			return err
		}
		if !kept[l.Werknemer.Werkgever+"\x00"+l.Werknemer.Personeelsnummer] {
			legacy = append(legacy, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range legacy {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
