package vault

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Value framing (docs/format.md). Version 0x02 is written (docs/adr/010-record-aead.md):
//
//	0x02 || scope id (4, big-endian) || epoch (4, big-endian) || nonce (24) || ciphertext || tag (16)
//
// sealed with XChaCha20-Poly1305 under the scope epoch's record key (one cipher per scope and
// epoch, set up at unlock), with associated data = the 9 header bytes || the Badger key, so a
// changed header or a value moved to another key or scope does not open.
//
// Version 0x01 is read forever (recordv1.go): header || salt (16) || sio DARE 2.0 under a
// per-record HKDF key.
const (
	valueV1      = 1
	valueV2      = 2
	headerSizeV2 = 1 + 4 + 4
	recordKeyLen = 1 + len(ID{})
)

func recordKey(kind Kind, id ID) []byte {
	k := make([]byte, recordKeyLen)
	k[0] = byte(kind)
	copy(k[1:], id[:])
	return k
}

// seal frames and seals plaintext for badgerKey under scope as a version 0x02 value; the caller
// holds s's read lock.
func (s *Session) seal(badgerKey []byte, scope ScopeID, plaintext []byte) ([]byte, error) {
	k, ok := s.ks.scopes[scope]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoAccess, scope)
	}
	return sealWith(k, scope, badgerKey, plaintext)
}

// sealWith is seal under k, scope's keys of one epoch.
func sealWith(k *scopeKeys, scope ScopeID, badgerKey []byte, plaintext []byte) ([]byte, error) {
	if len(plaintext) == 0 {
		return nil, errors.New("vault: empty record")
	}
	out := make([]byte, headerSizeV2, headerSizeV2+vcrypto.RecordOverhead+len(plaintext))
	out[0] = valueV2
	binary.BigEndian.PutUint32(out[1:5], uint32(scope))
	binary.BigEndian.PutUint32(out[5:9], k.epoch)
	var adBuf [headerSizeV2 + 2*recordKeyLen]byte
	return k.aead.Seal(out, plaintext, recordAD(adBuf[:0], out[:headerSizeV2], badgerKey)), nil
}

// recordAD is a version 0x02 value's associated data: its header and its Badger key.
func recordAD(dst, header, badgerKey []byte) []byte {
	return append(append(dst, header...), badgerKey...)
}

// open checks the framing and decrypts; the caller holds s's read lock. Anything that does not
// open with the held keys is ErrCorrupt, except a value sealed under a scope the keyring knows
// but this session does not hold (ErrNoAccess).
func (s *Session) open(dst, badgerKey, value []byte) ([]byte, error) {
	scope, epoch, err := parseHeader(value)
	if err != nil {
		return nil, err
	}
	k, err := s.keysFor(scope, epoch)
	if err != nil {
		return nil, err
	}
	var out []byte
	if value[0] == valueV1 {
		out, err = openV1(dst, k, badgerKey, value)
	} else {
		var adBuf [headerSizeV2 + 2*recordKeyLen]byte
		out, err = k.aead.Open(dst, value[headerSizeV2:], recordAD(adBuf[:0], value[:headerSizeV2], badgerKey))
	}
	if err != nil {
		if errors.Is(err, vcrypto.ErrUnauthenticated) {
			return nil, fmt.Errorf("%w: authentication failed", ErrCorrupt)
		}
		return nil, err
	}
	return out, nil
}

// keysFor finds the keys that open a value of scope sealed in epoch: the current epoch's, or
// during a rotation the previous one's. A scope or epoch the keyring does not know is
// ErrCorrupt; one the session does not hold is ErrNoAccess. The caller holds s's read lock.
func (s *Session) keysFor(scope ScopeID, epoch uint32) (*scopeKeys, error) {
	ep, ok := s.ks.known[scope]
	var keys map[ScopeID]*scopeKeys
	switch {
	case !ok || epoch == 0:
		return nil, fmt.Errorf("%w: unknown scope or epoch", ErrCorrupt)
	case epoch == ep.current:
		keys = s.ks.scopes
	case epoch == ep.previous:
		keys = s.ks.prev
	default:
		return nil, fmt.Errorf("%w: unknown scope or epoch", ErrCorrupt)
	}
	if k, ok := keys[scope]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrNoAccess, scope)
}

// parseHeader reads the scope and epoch of a value of either version; a value too short for
// its version's framing, or of another version, is ErrCorrupt.
func parseHeader(value []byte) (ScopeID, uint32, error) {
	if len(value) == 0 {
		return 0, 0, fmt.Errorf("%w: value too short", ErrCorrupt)
	}
	switch value[0] {
	case valueV2:
		if len(value) < headerSizeV2+vcrypto.RecordOverhead {
			return 0, 0, fmt.Errorf("%w: value too short", ErrCorrupt)
		}
	case valueV1:
		if len(value) < headerSizeV1 {
			return 0, 0, fmt.Errorf("%w: value too short", ErrCorrupt)
		}
	default:
		return 0, 0, fmt.Errorf("%w: unknown value version %d", ErrCorrupt, value[0])
	}
	return ScopeID(binary.BigEndian.Uint32(value[1:5])), binary.BigEndian.Uint32(value[5:9]), nil
}

// ---- transactions ---------------------------------------------------------------------------

// Tx is a read or read-write transaction inside View or Update. It must not be used after the
// function given to View or Update returns.
type Tx struct {
	s   *Session
	txn *badger.Txn
	cap *capture // replicated keys this write changed (nil: replication off, or a read)
	// stamps are the scopes and kinds of the records this write changed (pages.go)
	stamps stamper
}

// View runs fn in a read-only transaction. A panic inside Badger (damaged files) comes back as
// ErrStoreDamaged.
func (s *Session) View(fn func(*Tx) error) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	return s.db.View(func(txn *badger.Txn) error { return fn(&Tx{s: s, txn: txn}) })
}

// updateRetries is how often Update retries a transaction that lost a conflict.
const updateRetries = 5

// Update runs fn in a read-write transaction and commits it, retrying fn on a conflict with a
// concurrent transaction (so fn may run more than once). A committed Update is synced to disk.
func (s *Session) Update(fn func(*Tx) error) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	return s.update(fn)
}

// update is Update for a caller that already holds s.mu: the transaction also writes the
// change capture (replicacapture.go) of what fn changed.
func (s *Session) update(fn func(*Tx) error) (err error) {
	for range updateRetries {
		err = s.db.Update(func(txn *badger.Txn) error {
			tx := &Tx{s: s, txn: txn, cap: s.newCapture()}
			if err := fn(tx); err != nil {
				return err
			}
			if err := tx.stamps.write(txn.Set); err != nil {
				return err
			}
			return s.flushCapture(tx.cap, txn, txn.Set)
		})
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
	}
	if err != nil {
		return err
	}
	return s.db.Sync()
}

// set writes a replicable entry and notes it for replication.
func (tx *Tx) set(key, val []byte) error {
	if isRecordKey(key) { // a record moved to another scope leaves that scope's pages too
		old, err := scopeOfStored(tx.txn, key)
		if err != nil {
			return err
		}
		if old != 0 {
			tx.stamps.add(old, Kind(key[0]))
		}
	}
	if err := tx.txn.Set(key, val); err != nil {
		return err
	}
	tx.stamps.set(key, val)
	tx.cap.note(key, keyScope(key, val), false)
	return nil
}

// del deletes an entry and notes it for replication with the scope it had (nothing to note
// when it was absent).
func (tx *Tx) del(key []byte) error {
	captured := tx.cap != nil && replicable(key)
	if captured || isRecordKey(key) {
		scope, err := scopeOfStored(tx.txn, key)
		if err != nil {
			return err
		}
		if captured {
			tx.cap.note(key, scope, true)
		}
		if scope != 0 && isRecordKey(key) {
			tx.stamps.add(scope, Kind(key[0]))
		}
	}
	return tx.txn.Delete(key)
}

// Put seals plaintext under scope and stores it as kind/id. ErrNoAccess if the session does not
// hold the scope's key. plaintext must not be empty.
func (tx *Tx) Put(kind Kind, id ID, scope ScopeID, plaintext []byte) error {
	if err := kind.check(); err != nil {
		return err
	}
	key := recordKey(kind, id)
	val, err := tx.s.seal(key, scope, plaintext)
	if err != nil {
		return err
	}
	return tx.set(key, val)
}

// Get opens kind/id and returns a copy of its plaintext: ErrNotFound, ErrNoAccess or ErrCorrupt.
func (tx *Tx) Get(kind Kind, id ID) ([]byte, error) {
	key := recordKey(kind, id)
	item, err := tx.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: record %s of kind 0x%02x", ErrNotFound, id, byte(kind))
	}
	if err != nil {
		return nil, err
	}
	var out []byte
	err = item.Value(func(v []byte) error {
		out, err = tx.s.open(nil, key, v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("record %s of kind 0x%02x: %w", id, byte(kind), err)
	}
	return out, nil
}

// Delete removes kind/id (no error if it does not exist). Blind-index entries pointing to it are
// the caller's to delete.
func (tx *Tx) Delete(kind Kind, id ID) error {
	if err := kind.check(); err != nil {
		return err
	}
	return tx.del(recordKey(kind, id))
}

// Sealed is a stored record seen during Iterate, not yet decrypted. It is valid only inside the
// Iterate callback.
type Sealed struct {
	s     *Session
	key   []byte
	value []byte
}

// Scope is the scope the record was sealed under (0 if the value is too damaged to say).
func (r Sealed) Scope() ScopeID {
	scope, _, err := parseHeader(r.value)
	if err != nil {
		return 0
	}
	return scope
}

// Open decrypts the record into a new slice: ErrNoAccess or ErrCorrupt.
func (r Sealed) Open() ([]byte, error) { return r.s.open(nil, r.key, r.value) }

// OpenTo is Open appending the plaintext to dst, for a loop that decodes each record before
// the next and reuses one buffer (OpenTo(buf[:0])): no allocation per record, and one buffer of
// plaintext to clear at the end instead of one per record left to the garbage collector.
func (r Sealed) OpenTo(dst []byte) ([]byte, error) { return r.s.open(dst, r.key, r.value) }

// Iterate calls fn for every record of kind in id order. An error from fn stops the iteration
// and is returned.
func (tx *Tx) Iterate(kind Kind, fn func(id ID, r Sealed) error) error {
	if err := kind.check(); err != nil {
		return err
	}
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{byte(kind)}
	it := tx.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		key := item.Key()
		if len(key) != recordKeyLen {
			return fmt.Errorf("%w: malformed key of kind 0x%02x", ErrCorrupt, byte(kind))
		}
		id := ID(key[1:])
		if err := item.Value(func(v []byte) error { return fn(id, Sealed{s: tx.s, key: key, value: v}) }); err != nil {
			return err
		}
	}
	return nil
}

// IterateOpen decrypts every record of kind whose scope the session holds, spread over workers
// goroutines (0 or less: GOMAXPROCS), and calls fn with each id and plaintext. fn runs
// concurrently and must be safe for that; the plaintext is its own. Records under scopes the
// session does not hold are skipped. The first error stops the work and is returned; so does
// Lock waiting (ErrLocked). Use it to
// load many records at once (the people skeleton, the name index), where opening one by one
// would leave cores idle.
func (tx *Tx) IterateOpen(kind Kind, workers int, fn func(id ID, plaintext []byte) error) (err error) {
	return tx.IterateOpenIn(kind, nil, workers, fn)
}

// IterateOpenIn is IterateOpen for the records under the scopes in (nil: every scope held):
// the others are passed over without being decrypted (a load whose pages cover them).
func (tx *Tx) IterateOpenIn(kind Kind, in map[ScopeID]bool, workers int, fn func(id ID, plaintext []byte) error) (err error) {
	if err := kind.check(); err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct{ key, value []byte }
	const chunk = 256
	jobs := make(chan []job, workers*2)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		stopped  atomic.Bool
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		stopped.Store(true)
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range jobs {
				for _, j := range batch {
					if stopped.Load() {
						continue
					}
					plain, err := tx.s.open(nil, j.key, j.value)
					if err == nil {
						err = fn(ID(j.key[1:]), plain)
					} else {
						err = fmt.Errorf("record %s of kind 0x%02x: %w", ID(j.key[1:]), byte(kind), err)
					}
					if err != nil {
						fail(err)
					}
				}
			}
		}()
	}
	// A panic inside Badger's iterator must not leave the workers waiting; View's guard then
	// reports it.
	jobsOpen := true
	defer func() {
		if r := recover(); r != nil {
			stopped.Store(true)
			if jobsOpen {
				close(jobs)
			}
			wg.Wait()
			panic(r)
		}
	}()
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{byte(kind)}
	it := tx.txn.NewIterator(opts)
	// Keys and values of a batch are copied into one buffer (an arena the workers share
	// read-only), not two allocations per record.
	const arenaSize = chunk * 512
	batch, arena := make([]job, 0, chunk), make([]byte, 0, arenaSize)
	for it.Rewind(); it.Valid() && !stopped.Load(); it.Next() {
		item := it.Item()
		if len(item.Key()) != recordKeyLen {
			fail(fmt.Errorf("%w: malformed key of kind 0x%02x", ErrCorrupt, byte(kind)))
			break
		}
		start := len(arena)
		arena = append(arena, item.Key()...)
		if err := item.Value(func(v []byte) error { arena = append(arena, v...); return nil }); err != nil {
			fail(err)
			break
		}
		key, value := arena[start:start+recordKeyLen:start+recordKeyLen], arena[start+recordKeyLen:len(arena):len(arena)]
		if scope, epoch, err := parseHeader(value); err == nil {
			if _, err := tx.s.keysFor(scope, epoch); errors.Is(err, ErrNoAccess) || in != nil && !in[scope] {
				arena = arena[:start]
				continue // another department's record; anything damaged is reported by open
			}
		}
		batch = append(batch, job{key, value})
		if len(batch) == chunk {
			jobs <- batch
			batch, arena = make([]job, 0, chunk), make([]byte, 0, arenaSize)
			if tx.s.stopping() { // Lock is waiting for this read to end
				fail(ErrLocked)
				break
			}
		}
	}
	it.Close()
	if len(batch) > 0 {
		jobs <- batch
	}
	jobsOpen = false
	close(jobs)
	wg.Wait()
	return firstErr
}

// ---- blind indexes --------------------------------------------------------------------------

// Index keys: 'i' || scope (4) || len(field) (1) || field || HMAC (32) || kind (1) || id (16).
// The value is empty. The HMAC key is HKDF(scope key, "kluis/v1/blind" || field).

const maxFieldLen = 64

func checkField(field string) error {
	if len(field) == 0 || len(field) > maxFieldLen {
		return fmt.Errorf("vault: index field name must be 1..%d bytes", maxFieldLen)
	}
	for _, c := range []byte(field) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '+') {
			return errors.New("vault: index field name may hold only a-z, 0-9, _ - . +")
		}
	}
	return nil
}

// indexPrefix is the key prefix for value in field of scope under the scope's current key; the
// caller holds s's read lock.
func (s *Session) indexPrefix(scope ScopeID, field string, value []byte, extra int) ([]byte, error) {
	k, ok := s.ks.scopes[scope]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoAccess, scope)
	}
	return indexPrefixWith(k, field, value, extra)
}

// indexPrefixWith is indexPrefix under the given keys (the previous epoch's during a rotation).
func indexPrefixWith(k *scopeKeys, field string, value []byte, extra int) ([]byte, error) {
	if err := checkField(field); err != nil {
		return nil, err
	}
	if k.kind == scopeStorage {
		return nil, errors.New("vault: blind indexes belong to the directory or a department scope")
	}
	out := make([]byte, 0, 1+4+1+len(field)+32+extra)
	sb := k.id.bytes()
	out = append(out, byte(kindIndex))
	out = append(out, sb[:]...)
	out = append(out, byte(len(field)))
	out = append(out, field...)
	return k.fieldMAC(field).Sum(out, value), nil
}

func (s *Session) indexKey(scope ScopeID, field string, value []byte, kind Kind, id ID) ([]byte, error) {
	k, ok := s.ks.scopes[scope]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoAccess, scope)
	}
	return indexKeyWith(k, field, value, kind, id)
}

func indexKeyWith(k *scopeKeys, field string, value []byte, kind Kind, id ID) ([]byte, error) {
	if err := kind.check(); err != nil {
		return nil, err
	}
	key, err := indexPrefixWith(k, field, value, 1+len(id))
	if err != nil {
		return nil, err
	}
	key = append(key, byte(kind))
	return append(key, id[:]...), nil
}

// SetIndex records that value (normalised by the caller) of field points to kind/id, under a
// key derived from scope. Storing it twice is harmless.
func (tx *Tx) SetIndex(scope ScopeID, field string, value []byte, kind Kind, id ID) error {
	k, err := tx.s.indexKey(scope, field, value, kind, id)
	if err != nil {
		return err
	}
	return tx.set(k, nil)
}

// DeleteIndex removes what SetIndex stored (during a rotation also an entry made under the
// previous key, for a record not yet re-sealed).
func (tx *Tx) DeleteIndex(scope ScopeID, field string, value []byte, kind Kind, id ID) error {
	keys, err := tx.s.indexKeys(scope, field, value, kind, id)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := tx.del(k); err != nil {
			return err
		}
	}
	return nil
}

// indexKeys are the index keys of an entry under the scope's current key and, while a rotation
// runs, its previous key.
func (s *Session) indexKeys(scope ScopeID, field string, value []byte, kind Kind, id ID) ([][]byte, error) {
	k, err := s.indexKey(scope, field, value, kind, id)
	if err != nil {
		return nil, err
	}
	out := [][]byte{k}
	if prev, ok := s.ks.prev[scope]; ok {
		if k, err = indexKeyWith(prev, field, value, kind, id); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// Lookup returns the record ids that value of field points to under scope (none: empty, no
// error). ErrNoAccess if the session does not hold the scope. While a rotation re-seals the
// scope, entries under the previous key are found too.
func (tx *Tx) Lookup(scope ScopeID, field string, value []byte) ([]ID, error) {
	k, ok := tx.s.ks.scopes[scope]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoAccess, scope)
	}
	var out []ID
	seen := map[ID]bool{}
	for _, keys := range []*scopeKeys{k, tx.s.ks.prev[scope]} {
		if keys == nil {
			continue
		}
		prefix, err := indexPrefixWith(keys, field, value, 0)
		if err != nil {
			return nil, err
		}
		if err := tx.scanIndex(prefix, func(id ID) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (tx *Tx) scanIndex(prefix []byte, fn func(ID)) error {
	opts := badger.DefaultIteratorOptions
	opts.PrefetchValues = false
	opts.Prefix = prefix
	it := tx.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		if len(key) != len(prefix)+1+len(ID{}) {
			return fmt.Errorf("%w: malformed index key", ErrCorrupt)
		}
		fn(ID(key[len(prefix)+1:]))
	}
	return nil
}

// ---- batches --------------------------------------------------------------------------------

// Batch writes many records fast (Badger WriteBatch). It is not atomic: Badger commits it in
// several transactions as it fills, so a crash can leave a prefix of it written.
type Batch struct {
	s   *Session
	wb  *badger.WriteBatch
	cap *capture
	ops []atomicOp // replicable writes waiting for their change capture (see queue)
	// stamped are the scopes and kinds of the records written (pages.go): each gets a fresh
	// stamp before its first record (a crash keeps a prefix of a batch) and again at the end
	// (a page built while the batch ran is stale).
	stamped stamper
}

// stamp gives the records of kind under scope a fresh stamp ahead of the first of them.
func (b *Batch) stamp(scope ScopeID, kind Kind) error {
	if _, ok := b.stamped[stampID{scope, kind}]; ok || scope == 0 {
		return nil
	}
	b.stamped.add(scope, kind)
	return b.wb.Set(stampKey(scope, kind), freshStamp())
}

// batchCaptureEvery is how many replicable writes a batch holds back so that their change
// capture goes into the batch before them (a crash keeps a prefix of a batch: a change never
// lands without its note).
const batchCaptureEvery = 256

// queue holds a replicable write back until its capture is written (or writes it at once when
// replication is off).
func (b *Batch) queue(op atomicOp, scope ScopeID) error {
	if b.cap == nil {
		return b.write(op)
	}
	b.cap.note(op.key, scope, op.del)
	b.ops = append(b.ops, op)
	if len(b.ops) >= batchCaptureEvery {
		return b.flushQueue()
	}
	return nil
}

func (b *Batch) write(op atomicOp) error {
	if op.del {
		return b.wb.Delete(op.key)
	}
	return b.wb.Set(op.key, op.value)
}

func (b *Batch) flushQueue() error {
	if err := b.s.flushCapture(b.cap, nil, b.wb.Set); err != nil {
		return err
	}
	for _, op := range b.ops {
		if err := b.write(op); err != nil {
			return err
		}
	}
	b.ops = b.ops[:0]
	return nil
}

// WriteBatch runs fn to fill a batch and flushes it, then syncs once. If fn fails, the part of
// the batch not yet committed is dropped and fn's error returned.
func (s *Session) WriteBatch(fn func(*Batch) error) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	b := &Batch{s: s, wb: wb, cap: s.newCapture()}
	if err := fn(b); err != nil {
		return err
	}
	if err := b.flushQueue(); err != nil {
		return err
	}
	if err := b.stamped.write(wb.Set); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	return s.db.Sync()
}

// Put is Tx.Put for a batch.
func (b *Batch) Put(kind Kind, id ID, scope ScopeID, plaintext []byte) error {
	if err := kind.check(); err != nil {
		return err
	}
	key := recordKey(kind, id)
	val, err := b.s.seal(key, scope, plaintext)
	if err != nil {
		return err
	}
	if err := b.stamp(scope, kind); err != nil {
		return err
	}
	return b.queue(atomicOp{key: key, value: val}, scope)
}

// SetIndex is Tx.SetIndex for a batch.
func (b *Batch) SetIndex(scope ScopeID, field string, value []byte, kind Kind, id ID) error {
	k, err := b.s.indexKey(scope, field, value, kind, id)
	if err != nil {
		return err
	}
	return b.queue(atomicOp{key: k, value: []byte{}}, scope)
}

// Delete is Tx.Delete for a batch.
func (b *Batch) Delete(kind Kind, id ID) error {
	if err := kind.check(); err != nil {
		return err
	}
	key := recordKey(kind, id)
	var scope ScopeID
	if err := b.s.db.View(func(txn *badger.Txn) (err error) { scope, err = scopeOfStored(txn, key); return err }); err != nil {
		return err
	}
	if err := b.stamp(scope, kind); err != nil {
		return err
	}
	if b.cap == nil || scope == 0 {
		return b.wb.Delete(key)
	}
	return b.queue(atomicOp{key: key, del: true}, scope)
}

// ---- JSON helpers ---------------------------------------------------------------------------

// PutJSON stores v as JSON under kind/id, sealed under scope.
func PutJSON[T any](tx *Tx, kind Kind, id ID, scope ScopeID, v *T) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("vault: encode record: %w", err)
	}
	return tx.Put(kind, id, scope, b)
}

// GetJSON reads kind/id and decodes it as JSON.
func GetJSON[T any](tx *Tx, kind Kind, id ID) (T, error) {
	var v T
	b, err := tx.Get(kind, id)
	if err != nil {
		return v, err
	}
	defer vcrypto.Wipe(b)
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("%w: record %s is not the expected JSON", ErrCorrupt, id)
	}
	return v, nil
}

// OpenJSON opens a record seen during Iterate and decodes it as JSON.
func OpenJSON[T any](r Sealed) (T, error) {
	var v T
	b, err := r.Open()
	if err != nil {
		return v, err
	}
	defer vcrypto.Wipe(b)
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("%w: record is not the expected JSON", ErrCorrupt)
	}
	return v, nil
}

// scan calls fn for every entry of the store in key order, in one read transaction. It stops
// early when ctx ends (with its error) or Lock is waiting (ErrLocked), and tells report how many
// entries are done every `every` entries.
func (s *Session) scan(ctx context.Context, every int, report func(done int), fn func(key []byte, item *badger.Item) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		done := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if done%every == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if s.stopping() {
					return ErrLocked
				}
				report(done)
			}
			done++
			item := it.Item()
			key := item.KeyCopy(nil)
			if len(key) == 0 {
				continue
			}
			if err := fn(key, item); err != nil {
				return err
			}
		}
		return nil
	})
}

// Session is the session the transaction runs in (for checks such as VerifyStatement).
func (tx *Tx) Session() *Session { return tx.s }
