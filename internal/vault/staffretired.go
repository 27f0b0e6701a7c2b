package vault

import (
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// The staff index (ADR 008) is retired (ADR 014): BSN and birth-date searches are answered from
// the people directory's in-memory index of the identities a session opens, so no session
// writes staff entries or queues changes for them any more. What older Kluis versions left:
//
//   - staff entries and their marker, index keys of the pseudo scope 0 ('i' || 00000000 || …):
//     local to this PC (never replicated), derived, read by nobody. RetireStaffIndex drops them
//     with Badger's DropPrefix; a rotation's rebuild leaves them behind too.
//   - queued changes (kind 0x06) of managers' sessions, sealed under their department's scope:
//     they hold a BSN or a birth date + postcode and are replicated. A session that holds every
//     department deletes them, replicated like any deletion (RetireStaffIndex, and every
//     erasure), so no PC keeps such a value; they stay replicable, so that a change set of an
//     older Kluis that holds one is still applied.

// staffIndexPrefix is the key prefix of the retired staff index's entries and marker.
var staffIndexPrefix = []byte{byte(kindIndex), 0, 0, 0, 0}

// kindStaffQueue holds the queued changes of the retired staff index.
const kindStaffQueue Kind = 0x06

// RetireStaffIndex removes what the retired staff index left in the store (see above): the
// workspace calls it once per unlock, in the background. It reports how many queued changes it
// deleted and whether it dropped staff entries; with nothing left it costs two seeks.
func (s *Session) RetireStaffIndex() (queued int, dropped bool, err error) {
	var entries, queue bool
	err = s.View(func(tx *Tx) error {
		entries = hasPrefix(tx.txn, staffIndexPrefix)
		queue = s.AllDepartments() && hasPrefix(tx.txn, []byte{byte(kindStaffQueue)})
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	if entries {
		if err := s.dropPrefixes(staffIndexPrefix); err != nil {
			return 0, false, fmt.Errorf("vault: drop the retired staff index: %w", err)
		}
		dropped = true
	}
	if !queue {
		return 0, dropped, nil
	}
	err = s.Update(func(tx *Tx) (err error) { queued, err = tx.dropStaffQueue(); return err })
	return queued, dropped, err
}

// dropStaffQueue deletes every queued change of the retired staff index, in a session that holds
// every department (a manager's deletion of another department's record would be refused by
// the other PCs); it returns how many.
func (tx *Tx) dropStaffQueue() (int, error) {
	if !tx.s.AllDepartments() {
		return 0, nil
	}
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{byte(kindStaffQueue)}
	it := tx.txn.NewIterator(o)
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := tx.del(k); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

func hasPrefix(txn *badger.Txn, prefix []byte) bool {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = prefix
	it := txn.NewIterator(o)
	defer it.Close()
	it.Rewind()
	return it.Valid()
}
