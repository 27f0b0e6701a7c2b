package vault

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

func randRead(b []byte) (int, error) { return rand.Read(b) }

// VerifyOptions steer Verify.
type VerifyOptions struct {
	// Indexer says which index entries records carry; with it Verify checks that every record has
	// its entries and every entry points at a record that has it.
	Indexer *Indexer
	// Progress (may be nil) gets (done, total) now and then.
	Progress func(done, total int)
}

// VerifyReport is what Verify found. OK says whether everything is intact.
type VerifyReport struct {
	KeyringOK      bool   // the whole signed history checks out and ends in the current state
	KeyringProblem string // why not, when not
	KeyringEntries int    // entries in the keyring log
	StoreOK        bool   // the data belongs to this vault and has not seen a newer keyring
	StoreProblem   string
	Opened         int // records that opened
	Skipped        int // records under scopes this session does not hold
	IndexEntries   int // blind-index entries seen (they hold no ciphertext)
	// StaffIndexEntries are entries and the marker of the retired staff index (ADR 008, 014)
	// that an older Kluis left and RetireStaffIndex has not dropped yet; not in IndexEntries.
	StaffIndexEntries int
	Failures          []VerifyFailure // records that did not open
	// IndexProblems are index entries missing for a record, or pointing nowhere; the first
	// ones are listed, IndexProblemCount has them all. Not checked while a rotation is pending.
	IndexProblems     []string
	IndexProblemCount int
	IndexChecked      bool
	Audit             AuditReport
	PendingRotation   int // scopes whose rotation has not finished
}

// OK reports whether nothing is wrong.
func (r VerifyReport) OK() bool {
	return r.KeyringOK && r.StoreOK && len(r.Failures) == 0 && r.IndexProblemCount == 0 && len(r.Audit.Problems) == 0
}

// VerifyFailure is a record that did not open.
type VerifyFailure struct {
	Kind   Kind
	ID     ID
	Reason string // never record contents
}

const maxIndexProblems = 20

// Verify checks the whole vault as far as the session's keys reach: the signed keyring history
// from its genesis (every entry signed by an administrator of the state before it, every change
// replayed to the current state), the store header (this vault's data, not emptied, not behind
// the keyring), every record (it opens and is bound to its key), every blind-index entry of the
// held scopes (present for its record, pointing at a record that has it) and the audit chain.
// Records under scopes the session does not hold are counted as skipped. ctx cancels.
func (s *Session) Verify(ctx context.Context, opts VerifyOptions) (VerifyReport, error) {
	var rep VerifyReport
	rep.PendingRotation = len(s.PendingRotation())
	if err := s.enter(); err != nil {
		return rep, err
	}
	kr := s.v.keyringSnapshot()
	if n, err := verifyHistory(s.v.dir, kr); err != nil {
		rep.KeyringProblem = err.Error()
	} else {
		rep.KeyringOK, rep.KeyringEntries = true, n
	}
	if h, ok, err := s.readHeader(); err != nil {
		rep.StoreProblem = err.Error()
	} else if !ok {
		rep.StoreProblem = ErrStoreMissing.Error() + ": the data holds no records of this vault (deleted or emptied?)"
	} else if h.VaultID != kr.st.VaultID || h.KeyringSerial > kr.head.Serial {
		rep.StoreProblem = "the data belongs to another vault or has seen a newer keyring"
	} else {
		rep.StoreOK = true
	}
	err := s.verifyRecords(ctx, opts, &rep)
	s.mu.RUnlock()
	if err != nil {
		return rep, err
	}
	rep.Audit, err = s.VerifyAudit(ctx, AuditCheck{})
	return rep, err
}

// verifyHistory checks keyring.log from its genesis: links, signatures by the admins of the
// state before, and the ops of every entry replayed to the state hash it names, ending in the
// current state. It returns the number of entries.
func verifyHistory(dir string, kr *keyring) (int, error) {
	entries, err := readLog(dir)
	if err != nil {
		return 0, err
	}
	if uint64(len(entries)) != kr.head.Serial {
		return len(entries), fmt.Errorf("%w: %s has %d entries, the keyring is at entry %d", ErrKeyringCorrupt, logFile, len(entries), kr.head.Serial)
	}
	var (
		st       *state
		prev     *entry
		prevHash []byte
	)
	for i, se := range entries {
		e, h, err := decodeEntry(se)
		if err != nil {
			return i, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
		}
		if prev == nil {
			err = checkGenesis(e)
		} else {
			err = mayFollow(prev, prevHash, e)
		}
		if err != nil {
			return i, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
		}
		if st, err = applyOps(st, e.Serial, e.Ops); err != nil {
			return i, fmt.Errorf("%w: entry %d: %v", ErrKeyringTampered, e.Serial, err)
		}
		if !bytes.Equal(stateHash(st.encode()), e.State) || !sameAdmins(st.admins(), e.Admins) ||
			!bytes.Equal(st.VaultSigner, e.VaultSigner) {
			return i, fmt.Errorf("%w: entry %d does not produce the state it signed", ErrKeyringTampered, e.Serial)
		}
		prev, prevHash = e, h
	}
	if !bytes.Equal(prevHash, kr.headHash) || !bytes.Equal(st.encode(), kr.stateRaw) {
		return len(entries), fmt.Errorf("%w: the keyring's state is not the end of its history", ErrKeyringTampered)
	}
	return len(entries), nil
}

// verifyRecords opens every record and checks the index entries; the caller holds s.mu.
func (s *Session) verifyRecords(ctx context.Context, opts VerifyOptions, rep *VerifyReport) (err error) {
	defer guard(&err)
	total := 0
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.PrefetchValues = false
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			total++
		}
		return nil
	})
	if err != nil {
		return err
	}
	report := func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	checkIndex := opts.Indexer != nil && rep.PendingRotation == 0
	rep.IndexChecked = checkIndex
	expected := map[[16]byte]string{} // hash of an index key -> which record expects it
	actual := map[[16]byte][]byte{}
	indexProblem := func(format string, args ...any) {
		rep.IndexProblemCount++
		if len(rep.IndexProblems) < maxIndexProblems {
			rep.IndexProblems = append(rep.IndexProblems, fmt.Sprintf(format, args...))
		}
	}
	report(0)
	var buf []byte
	err = s.scan(ctx, 1024, report, func(key []byte, item *badger.Item) error {
		switch Kind(key[0]) {
		case kindIndex:
			if bytes.HasPrefix(key, staffIndexPrefix) {
				rep.StaffIndexEntries++ // left by the retired staff index (staffretired.go): not checked
				return nil
			}
			rep.IndexEntries++
			if checkIndex && len(key) > 5+1+len(ID{}) {
				if _, held := s.ks.scopes[ScopeID(binary.BigEndian.Uint32(key[1:5]))]; held &&
					opts.Indexer.indexes(Kind(key[len(key)-17])) {
					actual[sha256Trunc(key)] = key
				}
			}
			return nil
		case kindAudit, kindAuditRemote, kindAuditCopy, kindJournal, kindStoreHeader:
			return nil // checked by VerifyAudit and the store header
		case kindChangeLog, kindClock, kindReplica:
			return nil // replication bookkeeping (ADR 009): not sealed records
		case kindLocal:
			return nil // pages (pages.go): derived, checked when read, rebuilt when they fail
		}
		if len(key) != recordKeyLen {
			rep.Failures = append(rep.Failures, VerifyFailure{Kind: Kind(key[0]), Reason: "malformed key"})
			return nil
		}
		kind, id := Kind(key[0]), ID(key[1:])
		f := VerifyFailure{Kind: kind, ID: id}
		var plain []byte
		var recScope ScopeID
		err := item.Value(func(v []byte) error {
			var err error
			recScope, _, _ = parseHeader(v)
			buf, err = s.open(buf[:0], key, v)
			if err == nil && checkIndex && opts.Indexer.indexes(kind) {
				plain = bytes.Clone(buf)
			}
			vcrypto.Wipe(buf)
			return err
		})
		switch {
		case err == nil:
			rep.Opened++
		case errors.Is(err, ErrNoAccess):
			rep.Skipped++
			return nil
		default:
			f.Reason = err.Error()
			rep.Failures = append(rep.Failures, f)
			return nil
		}
		if plain == nil {
			return nil
		}
		entries, ierr := opts.Indexer.Entries(kind, id, plain)
		vcrypto.Wipe(plain)
		if ierr != nil {
			indexProblem("record %s of kind 0x%02x: %v", id, byte(kind), ierr)
			return nil
		}
		for _, e := range entries {
			target := e.target(recScope)
			k, ok := s.ks.scopes[target]
			if !ok {
				continue
			}
			ik, err := indexKeyWith(k, e.Field, e.Value, kind, id)
			if err != nil {
				return err
			}
			expected[sha256Trunc(ik)] = fmt.Sprintf("record %s of kind 0x%02x (field %s)", id, byte(kind), e.Field)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for h, who := range expected {
		if _, ok := actual[h]; !ok {
			indexProblem("%s has no index entry: it cannot be found by that field", who)
		}
	}
	for h, key := range actual {
		if _, ok := expected[h]; !ok {
			indexProblem("index entry for record %s points at a record that does not carry it (removed, changed or planted)", ID(key[len(key)-16:]))
		}
	}
	report(total)
	return nil
}

func sha256Trunc(b []byte) [16]byte {
	s := sha256.Sum256(b)
	var out [16]byte
	copy(out[:], s[:16])
	return out
}
