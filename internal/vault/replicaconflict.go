package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Concurrent edits (docs/adr/012-conflicts.md). A change entry names its base: the clock of the
// version it replaced on its device. An entry whose base is not the local version, while the
// local version's base is not the entry either, was made without either PC seeing the other's
// change: the two are concurrent. Then a deletion wins whatever the clocks (an erased employee
// never comes back), and for the kinds of the caller's ConflictPolicy the last writer wins as
// always but the losing version is kept as a conflict record for a person to resolve.

// ConflictPolicy names the record kinds whose concurrent edits are both kept, and the kind of
// the conflict records (sealed under the scope of the record they belong to). The vault knows
// nothing of what the kinds mean; internal/people gives the identity kind.
type ConflictPolicy struct {
	Kinds []Kind
	Into  Kind
}

// KeepConflicts sets this session's conflict policy for ApplyChangeSet (the zero policy keeps
// none: concurrent edits are decided by last writer wins alone).
func (s *Session) KeepConflicts(p ConflictPolicy) error {
	if len(p.Kinds) == 0 {
		s.rep.conflicts.Store(nil)
		return nil
	}
	if err := p.Into.check(); err != nil {
		return err
	}
	for _, k := range p.Kinds {
		if err := k.check(); err != nil || k == p.Into {
			return errors.New("vault: a conflict policy names a reserved kind or its own kind")
		}
	}
	p.Kinds = slices.Clone(p.Kinds)
	s.rep.conflicts.Store(&p)
	return nil
}

// Conflict is an opened conflict record: the version of record Kind/ID that lost to a
// concurrent edit (Kept, its plaintext), and the clocks and devices of both versions.
type Conflict struct {
	Kind          Kind
	ID            ID
	Kept          []byte
	KeptClock     uint64
	KeptDevice    ID
	CurrentClock  uint64 // the version last writer wins applied (it may have changed since)
	CurrentDevice ID
}

// ClockTime is the wall time of a hybrid clock (its upper 48 bits, in milliseconds).
func ClockTime(hlc uint64) time.Time { return time.UnixMilli(int64(hlc >> 16)).UTC() }

// Conflict record plaintext: "KCF1" ‖ kind (1) ‖ id (16) ‖ kept clock (8) ‖ kept device (16) ‖
// current clock (8) ‖ current device (16) ‖ the kept version's plaintext.
const (
	conflictMagic  = "KCF1"
	conflictHeader = 4 + 1 + 16 + 8 + 16 + 8 + 16
)

func (c Conflict) encode() []byte {
	b := make([]byte, conflictHeader, conflictHeader+len(c.Kept))
	copy(b, conflictMagic)
	b[4] = byte(c.Kind)
	copy(b[5:21], c.ID[:])
	binary.BigEndian.PutUint64(b[21:29], c.KeptClock)
	copy(b[29:45], c.KeptDevice[:])
	binary.BigEndian.PutUint64(b[45:53], c.CurrentClock)
	copy(b[53:69], c.CurrentDevice[:])
	return append(b, c.Kept...)
}

// ParseConflict reads the plaintext of a conflict record (what Tx.Get of the policy's Into kind
// returns).
func ParseConflict(plain []byte) (Conflict, error) {
	if len(plain) <= conflictHeader || string(plain[:4]) != conflictMagic {
		return Conflict{}, errors.Join(ErrCorrupt, errors.New("conflict record"))
	}
	c := Conflict{Kind: Kind(plain[4]), Kept: bytes.Clone(plain[conflictHeader:])}
	copy(c.ID[:], plain[5:21])
	c.KeptClock = binary.BigEndian.Uint64(plain[21:29])
	copy(c.KeptDevice[:], plain[29:45])
	c.CurrentClock = binary.BigEndian.Uint64(plain[45:53])
	copy(c.CurrentDevice[:], plain[53:69])
	return c, nil
}

// conflictID is the id of the conflict record for the losing version (clock, device) of key:
// every PC that sees the same two versions derives the same id, so they write one record.
func conflictID(key []byte, lost clock) ID {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], lost.hlc)
	var id ID
	copy(id[:], domainHash(vcrypto.LabelConflict, key, n[:], lost.device[:]))
	return id
}

// concurrent reports whether remote and local were made without either seeing the other: not
// by the same device, and neither clock at or below the other's base. A base 0 on both sides
// of a key that exists on both is two creations of one key, also concurrent.
func concurrent(remote, local clock) bool {
	return remote.device != local.device && remote.hlc > local.base && local.hlc > remote.base
}

// keepConflict stores the losing version (lostValue, sealed for key, with clock lost) of a
// concurrent edit as a conflict record, when key's kind is in the session's policy and the
// session can open it. The record gets the winner's clock and device, so every PC that derives
// it writes the same clock and only the winner's device sends it; a record already there (or
// deleted by a resolution) with that clock or a newer one is left alone.
func (s *Session) keepConflict(txn *badger.Txn, key, lostValue []byte, lost, won clock) error {
	p := s.rep.conflicts.Load()
	if p == nil || len(key) != recordKeyLen || !slices.Contains(p.Kinds, Kind(key[0])) || lost.deleted || won.deleted {
		return nil
	}
	plain, err := s.open(nil, key, lostValue)
	if errors.Is(err, ErrNoAccess) {
		return nil // the winner's device, which holds the scope, keeps it
	}
	if err != nil {
		return err
	}
	defer clear(plain)
	var id ID
	copy(id[:], key[1:])
	c := Conflict{Kind: Kind(key[0]), ID: id, Kept: plain, KeptClock: lost.hlc, KeptDevice: lost.device, CurrentClock: won.hlc, CurrentDevice: won.device}
	ckey := recordKey(p.Into, conflictID(key, lost))
	cclock := clock{hlc: won.hlc, device: won.device, scope: lost.scope}
	if prev, ok, err := readClock(txn, ckey); err != nil || ok && !cclock.newer(prev) {
		return err
	}
	enc := c.encode()
	defer clear(enc)
	val, err := s.seal(ckey, lost.scope, enc)
	if errors.Is(err, ErrNoAccess) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := txn.Set(ckey, val); err != nil {
		return err
	}
	if err := txn.Set(stampKey(lost.scope, p.Into), freshStamp()); err != nil {
		return err
	}
	if err := txn.Set(clockKey(ckey), cclock.encode()); err != nil {
		return err
	}
	if won.device != s.rep.device {
		return nil
	}
	var entry bytes.Buffer // this PC's edit won: it sends the record
	_ = binary.Write(&entry, binary.BigEndian, uint16(len(ckey)))
	entry.Write(ckey)
	return txn.Set(changeLogKey(s.rep.logSeq.Add(1)), entry.Bytes())
}
