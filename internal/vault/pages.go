package vault

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
)

// Pages are derived data a package above the vault builds from many records and keeps to skip
// reading them again (people's tree skeletons: one page per department scope instead of one
// record per employee). A page is sealed under the scope of the records it was built from, kept
// on this PC only (never replicated, never carried by a rotation or compaction), and trusted
// only while nothing has written those records since: every write of a record of kind K under
// scope S, on any path (a transaction, a batch, a crash-atomic write and its undo, a replicated
// change or snapshot, a conflict), gives the pair (S, K) a fresh random stamp in the same Badger
// transaction, and a page carries the stamp it was built for. A stale, missing or damaged page
// is only a slower load: the caller reads the records.
//
// Keys (kind 0x0a, the vault's local bookkeeping):
//
//	stamp: 0x0a ‖ 0x00 ‖ scope (4, BE) ‖ kind (1)                 value: 8 random bytes
//	page:  0x0a ‖ 0x01 ‖ scope (4, BE) ‖ page (1) ‖ chunk (4, BE) value: sealed (docs/format.md)
const kindLocal Kind = 0x0a

const (
	localStamp byte = 0x00
	localPage  byte = 0x01
	// pageHeader is a chunk's plaintext header: page id (8), stamp (8), chunk count (4).
	pageHeader = 20
)

func stampKey(scope ScopeID, kind Kind) []byte {
	k := []byte{byte(kindLocal), localStamp, 0, 0, 0, 0, byte(kind)}
	binary.BigEndian.PutUint32(k[2:6], uint32(scope))
	return k
}

func pagePrefix(scope ScopeID, page byte) []byte {
	k := []byte{byte(kindLocal), localPage, 0, 0, 0, 0, page}
	binary.BigEndian.PutUint32(k[2:6], uint32(scope))
	return k
}

func pageKey(scope ScopeID, page byte, chunk uint32) []byte {
	return binary.BigEndian.AppendUint32(pagePrefix(scope, page), chunk)
}

// isRecordKey reports whether key is a sealed record of a package's kind (what stamps track).
func isRecordKey(key []byte) bool {
	return len(key) == recordKeyLen && Kind(key[0]) > kindReservedMax && Kind(key[0]) != kindIndex
}

type stampID struct {
	scope ScopeID
	kind  Kind
}

// stamper collects the (scope, kind) pairs one Badger transaction writes records of.
type stamper map[stampID]struct{}

// set notes a record written with value (its scope is in the value's header).
func (st *stamper) set(key, value []byte) {
	if isRecordKey(key) {
		st.add(keyScope(key, value), Kind(key[0]))
	}
}

// add notes a record of kind under scope (a deletion: the caller looked the scope up).
func (st *stamper) add(scope ScopeID, kind Kind) {
	if *st == nil {
		*st = stamper{}
	}
	(*st)[stampID{scope, kind}] = struct{}{}
}

// stored notes the scope of the value stored under key in txn (a deletion, or a write that may
// move the record to another scope).
func (st *stamper) stored(txn *badger.Txn, key []byte) error {
	if !isRecordKey(key) {
		return nil
	}
	scope, err := scopeOfStored(txn, key)
	if err != nil {
		return err
	}
	st.add(scope, Kind(key[0]))
	return nil
}

// write gives every noted pair a fresh stamp through set (the transaction's or batch's) and
// forgets them.
func (st *stamper) write(set func(k, v []byte) error) error {
	for id := range *st {
		if err := set(stampKey(id.scope, id.kind), freshStamp()); err != nil {
			return err
		}
	}
	*st = nil
	return nil
}

func freshStamp() []byte {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail (Go 1.24+)
	return b[:]
}

// Stamp is what the records of kind under scope look like now, as a number that changes with
// every write to them (0: never written since pages existed). Read it in the same transaction
// as the records a page is built from.
func (tx *Tx) Stamp(scope ScopeID, kind Kind) (uint64, error) {
	item, err := tx.txn.Get(stampKey(scope, kind))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var v uint64
	err = item.Value(func(b []byte) error {
		if len(b) == 8 {
			v = binary.BigEndian.Uint64(b)
		}
		return nil
	})
	return v, err
}

// Page returns the chunks of page number page of scope, in order, when they were all written
// for stamp; ok is false when the page is missing, stale, incomplete, damaged or sealed under
// keys this session does not hold (the caller then reads the records). The chunks are the
// caller's own.
func (tx *Tx) Page(scope ScopeID, page byte, stamp uint64) (chunks [][]byte, ok bool, err error) {
	var id []byte
	count := uint32(1)
	for c := uint32(0); c < count; c++ {
		key := pageKey(scope, page, c)
		item, err := tx.txn.Get(key)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		var plain []byte
		err = item.Value(func(v []byte) error {
			if sc, _, herr := parseHeader(v); herr != nil || sc != scope {
				return ErrCorrupt
			}
			var err error
			plain, err = tx.s.open(nil, key, v)
			return err
		})
		if err != nil || len(plain) < pageHeader || binary.BigEndian.Uint64(plain[8:16]) != stamp {
			return nil, false, nil // derived data: anything wrong with it means "read the records"
		}
		if c == 0 {
			id, count = plain[:8], binary.BigEndian.Uint32(plain[16:20])
		} else if !bytes.Equal(plain[:8], id) || binary.BigEndian.Uint32(plain[16:20]) != count {
			return nil, false, nil // a chunk of another write of the page
		}
		chunks = append(chunks, plain[pageHeader:])
	}
	return chunks, true, nil
}

// ReadPages reads page number page of every scope in scopes, each valid for the stamp of the
// scope's records of kind (Stamp, Page), on every core: a million employees' pages are a few
// hundred megabytes, decrypted twice (Badger's encryption at rest, then the seal). each gets
// scope i's result right after its read, on the goroutine that read it, so that decoding runs
// on every core too: it is called from several goroutines at once, once for every scope, in no
// particular order. The reads of one transaction may run at once (Badger's Get does not change
// the transaction but for an update's read set, which it locks); fn must not write meanwhile.
func (tx *Tx) ReadPages(scopes []ScopeID, kind Kind, page byte, each func(i int, stamp uint64, chunks [][]byte, ok bool)) error {
	var (
		next     atomic.Int64
		stopped  atomic.Bool
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	read := func() (err error) {
		defer guard(&err) // a panic inside Badger is ErrStoreDamaged here too, as in View
		for !stopped.Load() {
			i := int(next.Add(1)) - 1
			if i >= len(scopes) {
				return nil
			}
			stamp, err := tx.Stamp(scopes[i], kind)
			if err != nil {
				return err
			}
			chunks, ok, err := tx.Page(scopes[i], page, stamp)
			if err != nil {
				return err
			}
			each(i, stamp, chunks, ok)
		}
		return nil
	}
	for range min(runtime.GOMAXPROCS(0), len(scopes)) {
		wg.Go(func() {
			if err := read(); err != nil {
				stopped.Store(true)
				errOnce.Do(func() { firstErr = err })
			}
		})
	}
	wg.Wait()
	return firstErr
}

// WritePage replaces page number page of scope with chunks, valid while the scope's records
// keep stamp (read with Tx.Stamp where the chunks' content was read). Each chunk is sealed
// under scope and written in its own transaction; a reader takes all chunks of one write or
// none. ErrNoAccess when the session does not hold scope.
func (s *Session) WritePage(scope ScopeID, page byte, stamp uint64, chunks [][]byte) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	if len(chunks) == 0 {
		return errors.New("vault: a page needs at least one chunk")
	}
	id := NewID()
	hdr := make([]byte, pageHeader)
	copy(hdr, id[:8])
	binary.BigEndian.PutUint64(hdr[8:16], stamp)
	binary.BigEndian.PutUint32(hdr[16:20], uint32(len(chunks)))
	for c, chunk := range chunks {
		key := pageKey(scope, page, uint32(c))
		plain := append(append(make([]byte, 0, pageHeader+len(chunk)), hdr...), chunk...)
		val, err := s.seal(key, scope, plain)
		clear(plain)
		if err != nil {
			return err
		}
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(key, val) }); err != nil {
			return fmt.Errorf("vault: write page: %w", err)
		}
	}
	// Chunks beyond the new count belong to an older, longer page: drop them. A page's chunks
	// are always numbered from 0 without a gap (every write writes 0…n-1, then drops n on; a
	// crash in between leaves an older page's tail after the chunks written), so when chunk n
	// is absent there is nothing after it: one point read instead of an iterator, which at the
	// lock after a big import is a thousand iterators over a compacting store.
	return s.db.Update(func(txn *badger.Txn) error {
		next := pageKey(scope, page, uint32(len(chunks)))
		if _, err := txn.Get(next); errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		return deletePrefix(txn, pagePrefix(scope, page), next)
	})
}

// DropPages deletes every page of scope, in the transaction (an erasure: a stale page would
// still hold the erased employee until the compaction).
func (tx *Tx) DropPages(scope ScopeID) error {
	p := pagePrefix(scope, 0)
	return deletePrefix(tx.txn, p[:len(p)-1], nil)
}

// deletePrefix deletes the keys under prefix from the key from on (nil: all of them).
func deletePrefix(txn *badger.Txn, prefix, from []byte) error {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues, o.Prefix = false, prefix
	it := txn.NewIterator(o)
	var keys [][]byte
	seek := prefix
	if from != nil {
		seek = from
	}
	for it.Seek(seek); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
