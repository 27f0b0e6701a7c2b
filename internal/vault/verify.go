package vault

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

func randRead(b []byte) (int, error) { return rand.Read(b) }

// VerifyReport is what Verify found.
type VerifyReport struct {
	KeyringOK      bool            // every keyring MAC (and, for admins, the scope table) checks out
	KeyringProblem string          // why not, when not
	Opened         int             // records that opened
	Skipped        int             // records under scopes this session does not hold
	IndexEntries   int             // blind-index entries seen (they hold no ciphertext)
	Failures       []VerifyFailure // records that did not open
}

// VerifyFailure is a record that did not open.
type VerifyFailure struct {
	Kind   Kind
	ID     ID
	Reason string // never record contents
}

// Verify opens every record the session has keys for and lists those that do not open; records
// under scopes it does not hold are counted as skipped. It also checks the keyring's MACs.
// progress (may be nil) gets (done, total) now and then. ctx cancels.
func (s *Session) Verify(ctx context.Context, progress func(done, total int)) (VerifyReport, error) {
	if err := s.enter(); err != nil {
		return VerifyReport{}, err
	}
	defer s.mu.RUnlock()
	var rep VerifyReport
	if err := s.checkKeyring(); err != nil {
		rep.KeyringProblem = err.Error()
	} else {
		rep.KeyringOK = true
	}
	total := 0
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if k := it.Item().Key(); len(k) > 0 && k[0] != byte(kindIndex) {
				total++
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	done := 0
	report := func() {
		if progress != nil {
			progress(done, total)
		}
	}
	report()
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		var buf []byte
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			key := item.Key()
			if len(key) > 0 && key[0] == byte(kindIndex) {
				rep.IndexEntries++
				continue
			}
			if done%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				report()
			}
			done++
			if len(key) != recordKeyLen {
				f := VerifyFailure{Reason: "malformed key"}
				if len(key) > 0 {
					f.Kind = Kind(key[0])
				}
				rep.Failures = append(rep.Failures, f)
				continue
			}
			f := VerifyFailure{Kind: Kind(key[0]), ID: ID(key[1:])}
			err := item.Value(func(v []byte) error {
				var err error
				buf, err = s.open(buf[:0], key, v)
				vcrypto.Wipe(buf)
				return err
			})
			switch {
			case err == nil:
				rep.Opened++
			case errors.Is(err, ErrNoAccess):
				rep.Skipped++
			default:
				f.Reason = err.Error()
				rep.Failures = append(rep.Failures, f)
			}
		}
		return nil
	})
	report()
	return rep, err
}

// checkKeyring re-checks the current keyring with the session's keys.
func (s *Session) checkKeyring() error {
	kr := s.v.keyringSnapshot()
	if err := kr.checkMACs(s.macKey); err != nil {
		return err
	}
	if s.vault != nil {
		for _, e := range kr.Scopes {
			key, err := vcrypto.Open(s.vault, e.Sealed, scopeAD(kr.VaultID, e))
			if err != nil {
				return fmt.Errorf("%w: scope table entry %s does not open", ErrKeyringTampered, e.ID)
			}
			vcrypto.Wipe(key)
		}
	}
	return nil
}
