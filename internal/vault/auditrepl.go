package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Other PCs' audit logs (ADR 009, item 10). Each PC of a replicating vault keeps its own chain
// (kind 0x02); the entries travel through the bucket exactly as stored (events sealed to the
// audit reader, blocks signed by their users) and are kept here under kind 0x0b, per device,
// in the same numbering. They are applied only when they extend that device's stored chain
// (next number, previous hash, each block signed by its user with a key the keyring names), so
// the bucket holder can withhold entries but not forge, reorder or fork them. Kind 0x0b is
// local: it is never captured for replication and never sent on (each PC sends its own chain).

const kindAuditRemote Kind = 0x0b // 0x0b ‖ device (16) ‖ seq (8, BE): another PC's audit entry

// ErrAuditRefused: another PC's audit entries did not extend its stored chain (a gap, a fork,
// a reordering, a damaged entry, or a signature that does not verify); nothing was stored.
var ErrAuditRefused = errors.New("vault: another PC's audit entries refused")

// maxAuditBatch caps the bytes ApplyAudit stores in one transaction.
const maxAuditBatch = 8 << 20

func remoteAuditKey(dev ID, seq uint64) []byte {
	k := make([]byte, 1+16+8)
	k[0] = byte(kindAuditRemote)
	copy(k[1:17], dev[:])
	binary.BigEndian.PutUint64(k[17:], seq)
	return k
}

func remoteAuditPrefix(dev ID) []byte { return append([]byte{byte(kindAuditRemote)}, dev[:]...) }

// AuditOutgoing returns this folder's audit entries after afterSeq exactly as stored, in order,
// about maxBytes at most but always whole blocks (it ends with a signed entry, so the receiver
// can check every entry), and the number of the last one (afterSeq when there are none). Any
// user: nothing is decrypted.
func (s *Session) AuditOutgoing(afterSeq uint64, maxBytes int) (entries [][]byte, last uint64, err error) {
	if err := s.enter(); err != nil {
		return nil, afterSeq, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	last = afterSeq
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindAudit)}
		it := txn.NewIterator(o)
		defer it.Close()
		var pending [][]byte // entries of a block whose signed end has not come yet
		size := 0
		for it.Seek(auditKey(afterSeq + 1)); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			r, err := parseAudit(v)
			if err != nil {
				return fmt.Errorf("%w: audit entry after %d is damaged", ErrCorrupt, last)
			}
			pending = append(pending, v)
			size += len(v)
			if r.flags&auditSigned != 0 {
				entries, pending, last = append(entries, pending...), nil, r.seq
				if size >= maxBytes {
					return nil
				}
			}
		}
		return nil
	})
	return entries, last, err
}

// RemoteAuditHead is the number of the last entry stored of device dev's audit log (0: none).
func (s *Session) RemoteAuditHead(dev ID) (uint64, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	var seq uint64
	err := s.db.View(func(txn *badger.Txn) error {
		r, ok, err := remoteHead(txn, dev)
		if ok {
			seq = r.seq
		}
		return err
	})
	return seq, err
}

func remoteHead(txn *badger.Txn, dev ID) (auditRaw, bool, error) {
	o := badger.DefaultIteratorOptions
	o.Reverse, o.Prefix = true, remoteAuditPrefix(dev)
	it := txn.NewIterator(o)
	defer it.Close()
	it.Seek(remoteAuditKey(dev, ^uint64(0)))
	if !it.Valid() {
		return auditRaw{}, false, nil
	}
	v, err := it.Item().ValueCopy(nil)
	if err != nil {
		return auditRaw{}, false, err
	}
	r, err := parseAudit(v)
	if err != nil {
		return auditRaw{}, false, fmt.Errorf("%w: the stored audit log of PC %s is damaged", ErrCorrupt, devLabel(dev))
	}
	return r, true, nil
}

func devLabel(dev ID) string { return dev.String()[:8] }

// ApplyAudit stores entries of device dev's audit log (as AuditOutgoing gave them there) when
// they extend its stored chain. Entries already stored (the same bytes) are passed over, so a
// batch applied twice changes nothing; anything else that does not follow is refused
// (ErrAuditRefused, naming the PC and the entry) and nothing of the batch is stored. It returns
// how many entries were new.
func (s *Session) ApplyAudit(dev ID, entries [][]byte) (applied int, err error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	if dev == s.rep.device {
		return 0, fmt.Errorf("%w: PC %s is this PC", ErrAuditRefused, devLabel(dev))
	}
	size := 0
	for _, v := range entries {
		size += len(v)
	}
	if size > maxAuditBatch {
		return 0, fmt.Errorf("%w: PC %s: the batch is larger than Kluis sends", ErrAuditRefused, devLabel(dev))
	}
	userKeys := auditUserKeys(s.v.keyringSnapshot().st)
	refuse := func(seq uint64, what string) error {
		return fmt.Errorf("%w: PC %s, entry %d: %s", ErrAuditRefused, devLabel(dev), seq, what)
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		head, _, err := remoteHead(txn, dev)
		if err != nil {
			return err
		}
		c := chainCheck{seq: head.seq, prev: head.hash, userKeys: userKeys, sessions: map[uint64]UserID{},
			lookup: func(seq uint64) (auditRaw, bool) { return remoteEntry(txn, dev, seq) }}
		for i, v := range entries {
			r, err := parseAudit(v)
			if err != nil {
				return refuse(c.seq+1, fmt.Sprintf("item %d of the batch is damaged", i+1))
			}
			if r.seq <= c.seq && applied == 0 {
				// Already stored (a batch sent or pulled again): it must be the same entry.
				if old, ok := remoteEntry(txn, dev, r.seq); !ok || !bytes.Equal(old.hash, r.hash) {
					return refuse(r.seq, "differs from the entry stored under that number (a fork)")
				}
				continue
			}
			if problem := c.next(r); problem != "" {
				return refuse(r.seq, problem)
			}
			if err := txn.Set(remoteAuditKey(dev, r.seq), v); err != nil {
				return err
			}
			applied++
		}
		if c.open != nil {
			return refuse(c.open.seq, "the batch ends inside a block (its signed end is missing)")
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if applied > 0 {
		if err := s.db.Sync(); err != nil {
			return 0, err
		}
	}
	return applied, nil
}

func remoteEntry(txn *badger.Txn, dev ID, seq uint64) (auditRaw, bool) {
	item, err := txn.Get(remoteAuditKey(dev, seq))
	if err != nil {
		return auditRaw{}, false
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return auditRaw{}, false
	}
	r, err := parseAudit(v)
	return r, err == nil
}

func auditUserKeys(st *state) map[UserID][][]byte {
	keys := map[UserID][][]byte{}
	for _, u := range st.Users {
		keys[u.ID] = append([][]byte{u.Ed25519}, u.FormerEd25519...)
	}
	return keys
}

// chainCheck follows one audit chain entry by entry: numbering, hash links, sessions, blocks
// and signatures (all checked at once, for another PC's entries).
type chainCheck struct {
	seq      uint64
	prev     []byte
	open     *auditRaw // the last unsigned entry, whose block must go on
	userKeys map[UserID][][]byte
	sessions map[uint64]UserID
	lookup   func(seq uint64) (auditRaw, bool) // an entry stored before the check began
}

// next checks r as the entry after the last one; "" when it follows.
func (c *chainCheck) next(r auditRaw) string {
	switch {
	case r.seq != c.seq+1:
		return fmt.Sprintf("does not follow entry %d (a gap or a reordering)", c.seq)
	case !bytes.Equal(r.prev, padHash(c.prev)):
		return fmt.Sprintf("is not linked to entry %d (removed, inserted, edited or moved)", c.seq)
	}
	if r.flags&auditStart != 0 {
		if r.session != r.seq {
			return "claims to start another session"
		}
		c.sessions[r.seq] = r.user
	} else {
		u, ok := c.sessions[r.session]
		if !ok && c.lookup != nil {
			if start, found := c.lookup(r.session); found && start.flags&auditStart != 0 {
				u, ok = start.user, true
				c.sessions[r.session] = u
			}
		}
		if !ok || u != r.user {
			return "belongs to no session of its user"
		}
	}
	if c.open != nil && (c.open.session != r.session || c.open.user != r.user) {
		return "follows a block that is not signed"
	}
	if r.flags&auditSigned != 0 {
		keys := c.userKeys[r.user]
		if keys == nil {
			return "is signed by a user the keyring does not know"
		}
		ok := false
		for _, k := range keys {
			if ed25519.Verify(k, sigMessage(vcrypto.LabelAuditSig, r.hash), r.sig) {
				ok = true
				break
			}
		}
		if !ok {
			return "its signature does not verify (edited or forged)"
		}
		c.open = nil
	} else {
		rr := r
		c.open = &rr
	}
	c.seq, c.prev = r.seq, r.hash
	return ""
}

// RemoteAuditDevices lists the devices whose audit entries this folder holds.
func (s *Session) RemoteAuditDevices() ([]ID, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []ID
	err := s.db.View(func(txn *badger.Txn) error { out = remoteDevices(txn); return nil })
	return out, err
}

func remoteDevices(txn *badger.Txn) []ID {
	var out []ID
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = []byte{byte(kindAuditRemote)}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); {
		k := it.Item().Key()
		if len(k) != 25 {
			it.Next()
			continue
		}
		var dev ID
		copy(dev[:], k[1:17])
		out = append(out, dev)
		it.Seek(remoteAuditKey(dev, ^uint64(0)))
		if it.Valid() && bytes.HasPrefix(it.Item().Key(), remoteAuditPrefix(dev)) {
			it.Next()
		}
	}
	return out
}

// verifyRemoteAudit checks every other PC's stored chain as ApplyAudit did (numbered from 1,
// linked, in sessions and blocks, signed), adding problems that name the PC.
func (s *Session) verifyRemoteAudit(txn *badger.Txn, st *state, problem func(string, ...any)) (entries int, err error) {
	userKeys := auditUserKeys(st)
	for _, dev := range remoteDevices(txn) {
		c := chainCheck{userKeys: userKeys, sessions: map[uint64]UserID{}}
		o := badger.DefaultIteratorOptions
		o.Prefix = remoteAuditPrefix(dev)
		it := txn.NewIterator(o)
		bad := false
		for it.Rewind(); it.Valid() && !bad; it.Next() {
			if entries%4096 == 0 && s.stopping() {
				it.Close()
				return entries, ErrLocked
			}
			entries++
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				it.Close()
				return entries, err
			}
			r, perr := parseAudit(v)
			if perr != nil || !bytes.Equal(it.Item().Key(), remoteAuditKey(dev, r.seq)) {
				problem("PC %s: entry %d is damaged", devLabel(dev), c.seq+1)
				bad = true
				continue
			}
			if p := c.next(r); p != "" {
				problem("PC %s: entry %d %s", devLabel(dev), r.seq, p)
				bad = true // the rest of this chain cannot be trusted; the next PC is checked
			}
		}
		it.Close()
		if !bad && c.open != nil {
			problem("PC %s: the last block (from entry %d) is not signed", devLabel(dev), c.open.seq)
		}
	}
	return entries, nil
}

// AuditEntrySeq reads the sequence number an audit entry claims (the bucket's object names
// carry the first one; ApplyAudit checks everything else).
func AuditEntrySeq(v []byte) (uint64, error) {
	r, err := parseAudit(v)
	if err != nil {
		return 0, fmt.Errorf("%w: a damaged audit entry", ErrAuditRefused)
	}
	return r.seq, nil
}
