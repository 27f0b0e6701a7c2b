package arbosync

import (
	"errors"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// KindErasure is a notice to the arbo service that an employee was erased (werknemer-gewist):
// the pseudonym only, random id, under the admin scope (a pseudonym of a low-entropy persnr is
// reversible by whoever holds the pseudonym key, which every user holds; only admins erase and
// only their sessions send these). Written in the erasure's own transaction, deleted when the
// service accepted it.
const KindErasure vault.Kind = 0x84

type erasureNotice struct {
	Pseudonym string    `json:"pseudonym"`
	At        time.Time `json:"at"`
}

// ErasureNotices computes, outside any transaction, the pseudonyms of employees about to be
// erased; nil when the vault is not linked with an arbo service (then the service holds
// nothing of them, and nothing is to be told).
func (e *Engine) ErasureNotices(erased []people.Erased) (map[vault.ID]string, error) {
	if _, ok := e.sess.ServiceLink(); !ok {
		return nil, nil
	}
	keys, err := e.sess.ServiceKeys()
	if errors.Is(err, vault.ErrNotLinked) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer keys.Wipe()
	out := make(map[vault.ID]string, len(erased))
	for _, x := range erased {
		out[x.Employee] = keys.Pseudonym(x.Employer, x.Persnr)
	}
	return out, nil
}

// QueueErasure writes the notices of pseudonyms (from ErasureNotices) inside the erasure's
// transaction.
func (e *Engine) QueueErasure(tx *vault.Tx, erased []people.Erased, pseudonyms map[vault.ID]string) error {
	at := e.now().UTC().Truncate(time.Second)
	for _, x := range erased {
		p, ok := pseudonyms[x.Employee]
		if !ok {
			continue
		}
		// The fact's id is the notice's too: random, and unique per erased employee.
		if err := vault.PutJSON(tx, KindErasure, x.Fact, e.sess.AdminScope(), &erasureNotice{Pseudonym: p, At: at}); err != nil {
			return err
		}
	}
	return nil
}

// erasureUnits are the notices waiting, as units sent first in a cycle (so a re-hire under the
// same persnr, whose employments follow in the same cycle, is not erased by a late notice).
// Sessions that do not hold the admin scope leave them to an admin's.
func (e *Engine) erasureUnits() ([]unit, error) {
	var out []unit
	err := e.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindErasure, func(id vault.ID, r vault.Sealed) error {
			n, err := vault.OpenJSON[erasureNotice](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil
			}
			if err != nil {
				return err
			}
			out = append(out, unit{notice: id, msgs: []arbo.Message{{ID: "gw-" + id.String(), Type: arbo.TypeGewist,
				Pseudonym: n.Pseudonym, At: n.At}}})
			return nil
		})
	})
	return out, err
}

// ErasuresWaiting counts the notices not yet accepted by the arbo service (admins; 0 for others).
func (e *Engine) ErasuresWaiting() (int, error) {
	units, err := e.erasureUnits()
	return len(units), err
}

// dropNotices deletes notices the service accepted.
func (e *Engine) dropNotices(ids []vault.ID) error {
	if len(ids) == 0 {
		return nil
	}
	return e.sess.Update(func(tx *vault.Tx) error {
		for _, id := range ids {
			if err := tx.Delete(KindErasure, id); err != nil {
				return err
			}
		}
		return nil
	})
}
