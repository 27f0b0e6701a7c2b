package vault

import (
	"context"
	"errors"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// The migration of record values from version 0x01 to 0x02 (docs/adr/010-record-aead.md).
// An admin's session re-seals them in the background after unlock, in chunks: each chunk is one
// transaction that re-reads every value it re-seals, so a concurrent write to the same record
// makes the chunk conflict and run again rather than be overwritten. A record re-sealed keeps
// its plaintext, scope and epoch, and either version opens, so a crash anywhere leaves a store
// that reads the same; the next admin unlock carries on (the pass finds what is left).
// Re-sealing is local to this PC: the values are not replicated changes (another PC migrates
// its own copy).

const (
	// recordUpgradeChunk bounds a chunk by records and recordUpgradeBytes by value bytes (well
	// below Badger's transaction size limit).
	recordUpgradeChunk = 512
	recordUpgradeBytes = 2 << 20
	// recordUpgradeWait is how long the background pass backs off when a write holds the
	// session exclusively.
	recordUpgradeWait = 20 * time.Millisecond
)

// UpgradeRecords re-seals every version 0x01 record value whose scope the session holds (and
// whose scope is not rotating: Rotate re-seals those) as version 0x02, and returns how many it
// re-sealed. ctx and Lock stop it between chunks; calling it again carries on.
func (s *Session) UpgradeRecords(ctx context.Context) (int, error) {
	total := 0
	var from []byte
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		if err := s.enter(); err != nil {
			return total, err
		}
		next, n, err := s.upgradeChunk(from)
		s.mu.RUnlock()
		total += n.resealed
		if err != nil || next == nil {
			return total, err
		}
		from = next
	}
}

// upgradeInBackground is UpgradeRecords for the goroutine an admin's unlock starts: it never
// blocks Lock (it only try-locks, and Lock cancels ctx before waiting for it) and logs instead of
// returning.
func (s *Session) upgradeInBackground(ctx context.Context) {
	start, total, left := time.Now(), 0, 0
	var from []byte
	for {
		if ctx.Err() != nil || s.stopping() {
			return
		}
		if !s.mu.TryRLock() {
			select {
			case <-ctx.Done():
				return
			case <-time.After(recordUpgradeWait):
			}
			continue
		}
		if s.locked {
			s.mu.RUnlock()
			return
		}
		next, n, err := s.upgradeChunk(from)
		s.mu.RUnlock()
		total += n.resealed
		left += n.left
		if err != nil {
			s.v.opts.Logger.Warn("vault: re-sealing records in the new format stopped; the next unlock carries on", "err", err)
			return
		}
		if next == nil {
			s.v.opts.Logger.Info("vault: records re-sealed in the new format", "records", total, "left", left,
				"ms", time.Since(start).Milliseconds())
			if left == 0 {
				if err := s.markRecordsUpgraded(ctx); err != nil {
					s.v.opts.Logger.Warn("vault: could not note the finished record migration", "err", err)
				}
			}
			return
		}
		from = next
	}
}

// recordsToUpgrade reports whether the store header does not yet say that every value is
// version 0x02 (a damaged header: the pass runs and finds out). Called while starting the
// session, before anyone else holds it.
func (s *Session) recordsToUpgrade() bool {
	h, ok, err := s.readHeader()
	return err != nil || !ok || h.Records < valueV2
}

// markRecordsUpgraded notes in the store header that the pass found nothing left, so later
// unlocks skip it. It waits for the session's write lock without blocking Lock.
func (s *Session) markRecordsUpgraded(ctx context.Context) error {
	for !s.mu.TryLock() {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(recordUpgradeWait):
		}
	}
	defer s.mu.Unlock()
	if s.locked {
		return nil
	}
	h, ok, err := s.readHeader()
	if err != nil || !ok || h.Records >= valueV2 {
		return err
	}
	h.Records = valueV2
	return s.writeHeader(h)
}

// upgradeChunk re-seals the version 0x01 values of one chunk of the store from key from on,
// retrying the chunk when a concurrent write conflicts. It returns where the next chunk starts
// (nil: the end of the store). The caller holds s's read lock.
func (s *Session) upgradeChunk(from []byte) (next []byte, n upgradeCount, err error) {
	defer guard(&err)
	for range updateRetries {
		next, n, err = s.upgradeChunkOnce(from)
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
	}
	return next, n, err
}

// upgradeCount is what a chunk did: values re-sealed, and 0x01 values left as they were (not
// held, rotating, or not opening).
type upgradeCount struct{ resealed, left int }

func (s *Session) upgradeChunkOnce(from []byte) (next []byte, n upgradeCount, err error) {
	err = s.db.Update(func(txn *badger.Txn) error {
		n = upgradeCount{}
		var keys [][]byte
		keys, next, err = upgradeCandidates(txn, from)
		if err != nil {
			return err
		}
		for _, key := range keys {
			done, err := s.upgradeOne(txn, key)
			if err != nil {
				return err
			}
			if done {
				n.resealed++
			} else {
				n.left++
			}
		}
		return nil
	})
	if err != nil {
		return nil, upgradeCount{}, err
	}
	return next, n, nil
}

// upgradeCandidates lists the keys of version 0x01 values of one chunk from key from on, and
// where the next chunk starts (nil: the end of the store).
func upgradeCandidates(txn *badger.Txn, from []byte) (keys [][]byte, next []byte, err error) {
	it := txn.NewIterator(badger.DefaultIteratorOptions)
	defer it.Close()
	budget := recordUpgradeBytes
	for it.Seek(from); it.Valid(); it.Next() {
		item := it.Item()
		if len(keys) == recordUpgradeChunk || budget <= 0 {
			return keys, item.KeyCopy(nil), nil
		}
		if !upgradable(item.Key()) {
			continue
		}
		var v1 bool
		if err := item.Value(func(v []byte) error { v1 = len(v) > 0 && v[0] == valueV1; return nil }); err != nil {
			return nil, nil, err
		}
		if v1 {
			keys = append(keys, item.KeyCopy(nil))
			budget -= int(item.ValueSize())
		}
	}
	return keys, nil, nil
}

// upgradable reports whether the entry under key may hold a sealed record value (the kinds
// Rotate copies as records).
func upgradable(key []byte) bool {
	if len(key) == 0 {
		return false
	}
	switch Kind(key[0]) {
	case kindIndex, kindAudit, kindAuditRemote, kindAuditCopy, kindJournal, kindChangeLog, kindClock, kindReplica, kindLocal:
		return false
	}
	return true
}

// upgradeOne re-seals the value under key if it is a version 0x01 value this session can open
// and its scope is not rotating. The Get makes the transaction conflict with a concurrent write
// of the key. A value that does not open is left as it is: Verify reports it.
func (s *Session) upgradeOne(txn *badger.Txn, key []byte) (bool, error) {
	item, err := txn.Get(key)
	if err != nil {
		return false, err
	}
	value, err := item.ValueCopy(nil)
	if err != nil {
		return false, err
	}
	scope, epoch, err := parseHeader(value)
	if err != nil || value[0] != valueV1 {
		return false, nil
	}
	cur, ok := s.ks.scopes[scope]
	if !ok || cur.epoch != epoch || s.ks.prev[scope] != nil {
		return false, nil // not held, or a rotation re-seals it
	}
	plain, err := s.open(nil, key, value)
	if err != nil {
		return false, nil
	}
	defer vcrypto.Wipe(plain)
	sealed, err := s.seal(key, scope, plain)
	if err != nil {
		return false, err
	}
	return true, txn.Set(key, sealed)
}
