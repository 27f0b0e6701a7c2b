package vault

import (
	"encoding/binary"
	"fmt"
)

// DropIndexFields removes every blind-index entry of the given fields, under every scope of the
// signed state, and the replication clocks of those entries, from this PC's store: the fields an
// application no longer writes (format 3, ADR 014: the people package's BSN and birth-date
// entries). Each PC drops its own; the deletions are not replicated (a change set of millions of
// deletions would cost every PC more than dropping them itself), and entries that arrive later
// from a PC of an older Kluis go at the next call. The workspace calls it once per unlock; with
// nothing to drop it costs a seek per scope and field. It reports whether it dropped anything.
func (s *Session) DropIndexFields(fields ...string) (bool, error) {
	var prefixes [][]byte
	err := s.View(func(tx *Tx) error {
		for _, e := range s.v.keyringSnapshot().st.Scopes {
			for _, f := range fields {
				if err := checkField(f); err != nil {
					return err
				}
				p := binary.BigEndian.AppendUint32([]byte{byte(kindIndex)}, uint32(e.ID))
				p = append(append(p, byte(len(f))), f...)
				if hasPrefix(tx.txn, p) {
					prefixes = append(prefixes, p, append([]byte{byte(kindClock)}, p...))
				}
			}
		}
		return nil
	})
	if err != nil || len(prefixes) == 0 {
		return false, err
	}
	if err := s.dropPrefixes(prefixes...); err != nil {
		return false, fmt.Errorf("vault: drop retired index entries: %w", err)
	}
	return true, nil
}

// dropPrefixes drops every key under prefixes from this PC's store (not replicated) with
// Badger's DropPrefix. Badger refuses writes while it drops, so the session is held exclusively
// meanwhile: its writes wait instead of failing.
func (s *Session) dropPrefixes(prefixes ...[]byte) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	return s.db.DropPrefix(prefixes...)
}
