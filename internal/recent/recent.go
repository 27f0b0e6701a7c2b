package recent

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"kluis/internal/vault"
)

// KindRecent is the record kind of a user's recent list (docs/adr/001-key-layout.md).
const KindRecent vault.Kind = 0x31

// Max is how many employees the list keeps.
const Max = 10

// purpose separates the recent list's personal key from any other personal data.
const purpose = "recent"

// list is the sealed content: employee ids, newest first.
type list struct {
	IDs []vault.ID `json:"ids"`
}

// Load returns the session user's list, newest first. A list that does not open for this user
// (overwritten by someone else, or sealed before a reset with the recovery code) is empty.
func Load(sess *vault.Session) ([]vault.ID, error) {
	var box []byte
	err := sess.View(func(tx *vault.Tx) (err error) {
		box, err = tx.Get(KindRecent, sess.UserID().RecordID())
		return err
	})
	if errors.Is(err, vault.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("recent: read: %w", err)
	}
	plain, err := sess.OpenPersonal(purpose, box)
	if errors.Is(err, vault.ErrNoPersonal) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var l list
	if err := json.Unmarshal(plain, &l); err != nil {
		return nil, nil // damaged: start again rather than fail the screen
	}
	return l.IDs, nil
}

// Visit puts id first in the session user's list, removes an earlier visit of it and every id
// keep refuses (employees no longer visible), and keeps at most Max.
func Visit(sess *vault.Session, id vault.ID, keep func(vault.ID) bool) error {
	ids, err := Load(sess)
	if err != nil {
		return err
	}
	next := make([]vault.ID, 0, Max)
	next = append(next, id)
	for _, old := range ids {
		if len(next) == Max {
			break
		}
		if old != id && !slices.Contains(next, old) && keep(old) {
			next = append(next, old)
		}
	}
	return save(sess, next)
}

// Remove drops ids from the session user's list (an employee this user just erased).
func Remove(sess *vault.Session, ids ...vault.ID) error {
	cur, err := Load(sess)
	if err != nil {
		return err
	}
	next := slices.DeleteFunc(slices.Clone(cur), func(x vault.ID) bool { return slices.Contains(ids, x) })
	if len(next) == len(cur) {
		return nil
	}
	return save(sess, next)
}

func save(sess *vault.Session, ids []vault.ID) error {
	plain, err := json.Marshal(list{IDs: ids})
	if err != nil {
		return err
	}
	box, err := sess.SealPersonal(purpose, plain)
	if err != nil {
		return err
	}
	err = sess.Update(func(tx *vault.Tx) error {
		return tx.Put(KindRecent, sess.UserID().RecordID(), sess.DirectoryScope(), box)
	})
	if err != nil {
		return fmt.Errorf("recent: save: %w", err)
	}
	return nil
}
