package server

import (
	"encoding/json"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/arbo"
)

// erase applies werknemer-gewist: the employer erased the employee after the retention period,
// so everything held for the pseudonym from the employer goes — identity (a share's or a
// retrieval's), legacy records of the same personeelsnummer, the share, absences, employments
// and case status — and answered retrievals forget the pseudonym. An unknown pseudonym changes
// nothing.
func erase(txn *badger.Txn, eid, pseudonym string) error {
	var ident identity
	found, err := getJSON(txn, key(kIdentity, eid, pseudonym), &ident)
	if err != nil {
		return err
	}
	var del [][]byte
	if found {
		who := ident.Werknemer.Werkgever + "\x00" + ident.Werknemer.Personeelsnummer
		err := each(txn, prefix(kLegacy, eid), func(k, v []byte) error {
			var l arbo.HeldLegacy
			if err := json.Unmarshal(v, &l); err != nil {
				return err
			}
			if l.Werknemer.Werkgever+"\x00"+l.Werknemer.Personeelsnummer == who {
				del = append(del, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	del = append(del, key(kIdentity, eid, pseudonym), key(kShare, eid, pseudonym), key(kCase, eid, pseudonym))
	for _, kind := range []string{kAbsence, kEmploy} {
		if err := each(txn, prefix(kind, eid, pseudonym), func(k, _ []byte) error {
			del = append(del, append([]byte(nil), k...))
			return nil
		}); err != nil {
			return err
		}
	}
	for _, k := range del {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	var forget []retrieval
	if err := each(txn, prefix(kRetrieval, eid), func(_, v []byte) error {
		var r retrieval
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		if r.Pseudonym == pseudonym {
			r.Pseudonym = ""
			forget = append(forget, r)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, r := range forget {
		if err := setJSON(txn, key(kRetrieval, eid, r.ID), r); err != nil {
			return err
		}
	}
	return nil
}
