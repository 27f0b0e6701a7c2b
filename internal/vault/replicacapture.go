package vault

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Change capture (docs/adr/009-replication.md). Once replication is enabled for a folder (its
// first Outgoing or ApplyChangeSet, or a Join), every write path notes the replicable keys it
// changes in the SAME Badger transaction as the change: a change-log entry (0x07 ‖ local seq →
// the keys) and, per key, its clock (0x08 ‖ key → HLC ‖ device ‖ scope ‖ deleted). A crash
// therefore never loses a change, and a folder that never replicates pays nothing.

// replicaState is a session's replication bookkeeping.
type replicaState struct {
	enabled atomic.Bool
	device  ID
	// restoredFrom: this folder was restored from a backup of that device (auditcopy.go).
	restoredFrom ID
	logSeq       atomic.Uint64 // the newest change-log seq used

	hlcMu   sync.Mutex
	hlcLast uint64

	conflicts atomic.Pointer[ConflictPolicy] // KeepConflicts (replicaconflict.go)
}

// tick is the hybrid logical clock for a local change: wall milliseconds in the top 48 bits,
// a counter below, never smaller than any clock seen before.
func (r *replicaState) tick(now time.Time) uint64 {
	r.hlcMu.Lock()
	defer r.hlcMu.Unlock()
	wall := uint64(now.UnixMilli()) << 16
	if wall > r.hlcLast {
		r.hlcLast = wall
	} else {
		r.hlcLast++
	}
	return r.hlcLast
}

// observe moves the clock past a clock received from another device.
func (r *replicaState) observe(c uint64) {
	r.hlcMu.Lock()
	if c > r.hlcLast {
		r.hlcLast = c
	}
	r.hlcMu.Unlock()
}

// deviceRecord is this folder's replication record (0x09 ‖ 16 zero bytes), stored unsealed in
// the encrypted store: it holds no secret and no identity value.
type deviceRecord struct {
	Device  ID     `json:"device"`
	NextSeq uint64 `json:"next_seq"` // the next change-set number
	Enabled bool   `json:"enabled,omitempty"`
	// Full: every replicable key not yet pushed must go out (replication was enabled on a
	// folder that already held data); FullAfter is the last key a push acknowledged.
	Full      bool   `json:"full,omitempty"`
	FullAfter []byte `json:"full_after,omitempty"`
	// Clock is the newest hybrid clock this folder sent or applied. The next session's clock
	// starts past it, so a write after a restart (or after the PC's clock was set back, or
	// after applying a PC whose clock runs ahead) is never older than what went before.
	Clock uint64 `json:"clock,omitempty"`
	// RestoredFrom: the device whose backup this folder was restored from; its audit log
	// begins as a copy of that device's (auditcopy.go).
	RestoredFrom ID `json:"restored_from,omitzero"`
}

// keepClock raises the device record's Clock to c (in the caller's transaction).
func keepClock(txn *badger.Txn, c uint64) error {
	d, ok, err := readDevice(txn)
	if err != nil || !ok || c <= d.Clock {
		return err
	}
	d.Clock = c
	return writeDevice(txn, d)
}

var deviceKey = recordKey(kindReplica, ID{})

func changeLogKey(seq uint64) []byte {
	var id ID
	binary.BigEndian.PutUint64(id[:8], seq)
	k := recordKey(kindChangeLog, id)
	return k[:9]
}

func clockKey(key []byte) []byte { return append([]byte{byte(kindClock)}, key...) }

func appliedKey(device ID, scope ScopeID) []byte {
	b := scope.bytes()
	return append(recordKey(kindReplica, device), b[:]...)
}

// clock is a key's replication clock: who changed it last, when, in which scope, whether that
// change was a deletion, and the clock of the version it replaced (its base). Value: HLC (8) ‖
// device (16) ‖ scope (4) ‖ flags (1) ‖ base (8); a clock written before bases existed has no
// base (29 bytes) and reads as base 0.
type clock struct {
	hlc     uint64
	device  ID
	scope   ScopeID
	deleted bool
	base    uint64
}

const (
	clockSizeV1 = 8 + 16 + 4 + 1
	clockSize   = clockSizeV1 + 8
)

func (c clock) encode() []byte {
	out := make([]byte, clockSize)
	binary.BigEndian.PutUint64(out[clockSizeV1:], c.base)
	binary.BigEndian.PutUint64(out, c.hlc)
	copy(out[8:24], c.device[:])
	binary.BigEndian.PutUint32(out[24:28], uint32(c.scope))
	if c.deleted {
		out[28] = 1
	}
	return out
}

func parseClock(v []byte) (clock, bool) {
	if len(v) != clockSize && len(v) != clockSizeV1 {
		return clock{}, false
	}
	c := clock{hlc: binary.BigEndian.Uint64(v), scope: ScopeID(binary.BigEndian.Uint32(v[24:28])), deleted: v[28] == 1}
	copy(c.device[:], v[8:24])
	if len(v) == clockSize {
		c.base = binary.BigEndian.Uint64(v[clockSizeV1:])
	}
	return c, true
}

// baseAfter is the base of a local change made over prev (ok: prev exists). Over another
// device's version it is that version's clock; over this device's own version it stays the
// base that version had, so several local edits between two pushes (or after one) still name
// the version they started from, which is the one the other PCs hold.
func (s *Session) baseAfter(prev clock, ok bool) uint64 {
	switch {
	case !ok:
		return 0
	case prev.device == s.rep.device:
		return prev.base
	default:
		return prev.hlc
	}
}

// newer reports whether a change with clock a replaces one with clock b: the later HLC wins; at
// an equal HLC a deletion wins over a write, then the greater device id.
func (a clock) newer(b clock) bool {
	switch {
	case a.hlc != b.hlc:
		return a.hlc > b.hlc
	case a.deleted != b.deleted:
		return a.deleted
	default:
		return bytes.Compare(a.device[:], b.device[:]) > 0
	}
}

// capture collects the replicable keys one write changes.
type capture struct {
	keys   [][]byte
	scopes []ScopeID
	dels   []bool
}

// newCapture returns a capture when replication is enabled, else nil (which notes nothing).
func (s *Session) newCapture() *capture {
	if !s.rep.enabled.Load() {
		return nil
	}
	return &capture{}
}

func (c *capture) note(key []byte, scope ScopeID, del bool) {
	if c == nil || scope == 0 || !replicable(key) {
		return
	}
	c.keys = append(c.keys, bytes.Clone(key))
	c.scopes = append(c.scopes, scope)
	c.dels = append(c.dels, del)
}

func (c *capture) empty() bool { return c == nil || len(c.keys) == 0 }

// flushCapture writes the change-log entry and the clocks of what c noted through set (the
// write's own transaction or batch) and empties c. Each clock keeps its base (baseAfter), read
// in txn, or for a batch (txn nil) in a read of its own just before.
func (s *Session) flushCapture(c *capture, txn *badger.Txn, set func(k, v []byte) error) error {
	if c.empty() {
		return nil
	}
	bases := make([]uint64, len(c.keys))
	read := func(txn *badger.Txn) error {
		for i, k := range c.keys {
			prev, ok, err := readClock(txn, k)
			if err != nil {
				return err
			}
			bases[i] = s.baseAfter(prev, ok)
		}
		return nil
	}
	var err error
	if txn != nil {
		err = read(txn)
	} else {
		err = s.db.View(read)
	}
	if err != nil {
		return err
	}
	hlc := s.rep.tick(s.v.opts.Now())
	var entry bytes.Buffer
	for i, k := range c.keys {
		_ = binary.Write(&entry, binary.BigEndian, uint16(len(k)))
		entry.Write(k)
		if err := set(clockKey(k), clock{hlc: hlc, device: s.rep.device, scope: c.scopes[i], deleted: c.dels[i], base: bases[i]}.encode()); err != nil {
			return err
		}
	}
	if err := set(changeLogKey(s.rep.logSeq.Add(1)), entry.Bytes()); err != nil {
		return err
	}
	c.keys, c.scopes, c.dels = c.keys[:0], c.scopes[:0], c.dels[:0]
	return nil
}

func parseChangeLog(v []byte) ([][]byte, error) {
	var out [][]byte
	for len(v) > 0 {
		if len(v) < 2 {
			return nil, errors.New("truncated change-log entry")
		}
		n := int(binary.BigEndian.Uint16(v))
		if len(v) < 2+n {
			return nil, errors.New("truncated change-log entry")
		}
		out = append(out, v[2:2+n])
		v = v[2+n:]
	}
	return out, nil
}

// scopeOfStored is the scope of the entry stored under key in txn (0: absent or not sealed).
func scopeOfStored(txn *badger.Txn, key []byte) (ScopeID, error) {
	if Kind(key[0]) == kindIndex {
		if len(key) < 5 {
			return 0, nil
		}
		return keyScope(key, nil), nil
	}
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var scope ScopeID
	err = item.Value(func(v []byte) error { scope = keyScope(key, v); return nil })
	return scope, err
}

// ---- the device record ----------------------------------------------------------------------

func readDevice(txn *badger.Txn) (deviceRecord, bool, error) {
	var d deviceRecord
	item, err := txn.Get(deviceKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &d) })
	if err != nil {
		return d, false, fmt.Errorf("%w: replication record", ErrCorrupt)
	}
	return d, true, nil
}

func writeDevice(txn *badger.Txn, d deviceRecord) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return txn.Set(deviceKey, b)
}

// restoredDevice is the device record a restored folder starts with: a new device id and
// change-set numbers from 1, the rest kept. With the backup's id, the folder's next change sets
// would carry numbers the other PCs have already applied from the PC the backup came from, and
// they would skip them as duplicates; under a new id they apply, and that PC's own later sets
// (made after the backup) are pulled back like any other device's.
func restoredDevice(v []byte) ([]byte, error) {
	var d deviceRecord
	if err := json.Unmarshal(v, &d); err != nil {
		return nil, fmt.Errorf("%w: the backup's replication record", ErrBackupCorrupt)
	}
	d.RestoredFrom, d.Device, d.NextSeq = d.Device, NewID(), 1
	return json.Marshal(d)
}

// loadReplica reads (or, at the first unlock, makes) this folder's device record and finds the
// newest change-log seq; startSession calls it before anything writes. joined: the folder was
// made by Join, so it replicates from the start.
func (s *Session) loadReplica(joined bool) (err error) {
	defer guard(&err)
	err = s.db.Update(func(txn *badger.Txn) error {
		d, ok, err := readDevice(txn)
		if err != nil {
			return err
		}
		if !ok {
			d = deviceRecord{Device: NewID(), NextSeq: 1}
		}
		if joined && !d.Enabled {
			d.Enabled = true
		}
		if !ok || joined {
			if err := writeDevice(txn, d); err != nil {
				return err
			}
		}
		s.rep.device, s.rep.restoredFrom = d.Device, d.RestoredFrom
		s.rep.enabled.Store(d.Enabled)
		s.rep.observe(d.Clock)
		o := badger.DefaultIteratorOptions
		o.PrefetchValues, o.Reverse, o.Prefix = false, true, []byte{byte(kindChangeLog)}
		it := txn.NewIterator(o)
		defer it.Close()
		it.Seek(changeLogKey(^uint64(0)))
		if it.Valid() && len(it.Item().Key()) == 9 {
			s.rep.logSeq.Store(binary.BigEndian.Uint64(it.Item().Key()[1:]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.db.Sync()
}

// enableReplication starts change capture on a folder that did not replicate yet: what it
// already holds is pushed in full by the next Outgoing. It waits for running writes (the
// session's exclusive lock), so no write falls between the full scan and the capture.
func (s *Session) enableReplication() error {
	if s.rep.enabled.Load() {
		return nil
	}
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.rep.enabled.Load() {
		return nil
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		d, _, err := readDevice(txn)
		if err != nil {
			return err
		}
		d.Enabled, d.Full, d.FullAfter = true, true, nil
		return writeDevice(txn, d)
	})
	if err != nil {
		return err
	}
	s.rep.enabled.Store(true)
	return s.db.Sync()
}

// Replicating reports whether this folder replicates (change capture is on).
func (s *Session) Replicating() bool { return s.rep.enabled.Load() }

// DeviceID is this vault folder's random device id (the same for every user of the folder).
func (s *Session) DeviceID() ID { return s.rep.device }

// RestoredFrom is the device whose backup this folder was restored from (zero: none).
func (s *Session) RestoredFrom() ID { return s.rep.restoredFrom }
