package vault

import badger "github.com/dgraph-io/badger/v4"

// PendingChanges counts the local writes not yet pushed (change-log entries): the "wachtend"
// of the window's replication status line. It reads keys only.
func (s *Session) PendingChanges() (int, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		opts.Prefix = []byte{byte(kindChangeLog)}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}
