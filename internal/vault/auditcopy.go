package vault

import (
	"bytes"
	"errors"

	badger "github.com/dgraph-io/badger/v4"
)

// Audit logs that begin as copies (ADR 009, item 10, revised). A folder restored from a backup
// replicates under a new device id and sends its whole audit log under that id: the entries
// made before the backup were already sent by the PC the backup came from, so every other PC
// would show them twice (once per id), and the restored folder itself would show them twice too
// (in its own log, and as that PC's). The restored folder's device record names the device it
// was restored from, and its announcement says so; the PCs that keep the logs note it
// (NoteAuditCopy, kind 0x0c, local). Both chains are stored whole and checked whole as before;
// only reading hides the copies: the Logboek, its extracts and exports show an entry the two
// logs share once. Every entry's hash covers the one before it, so two chains agree up to some
// number and differ after it, and that number is found by a binary search of a few point reads.

// kindAuditCopy: 0x0c ‖ device (16) → origin device (16): that PC's audit log begins as a copy
// of the origin's.
const kindAuditCopy Kind = 0x0c

func auditCopyKey(dev ID) []byte { return append([]byte{byte(kindAuditCopy)}, dev[:]...) }

// NoteAuditCopy records that device dev's audit log begins as a copy of origin's (dev is a
// folder restored from a backup of origin, as its signed announcement says). A note about this
// PC itself is passed over: its own device record says where it was restored from.
func (s *Session) NoteAuditCopy(dev, origin ID) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	if dev == (ID{}) || origin == (ID{}) || dev == origin {
		return errors.New("vault: an audit copy needs two different devices")
	}
	if dev == s.rep.device {
		return nil
	}
	return s.db.Update(func(txn *badger.Txn) error {
		if item, err := txn.Get(auditCopyKey(dev)); err == nil {
			same := false
			_ = item.Value(func(v []byte) error { same = bytes.Equal(v, origin[:]); return nil })
			if same {
				return nil
			}
		}
		return txn.Set(auditCopyKey(dev), origin[:])
	})
}

// auditChain reads entry seq of one audit log and knows its last number.
type auditChain struct {
	entry func(seq uint64) (auditRaw, bool)
	head  uint64
}

func (s *Session) chainOf(txn *badger.Txn, dev ID) auditChain {
	if dev == s.rep.device {
		return auditChain{entry: func(seq uint64) (auditRaw, bool) { return localEntry(txn, seq) }, head: localAuditHead(txn)}
	}
	head, _, _ := remoteHead(txn, dev)
	return auditChain{entry: func(seq uint64) (auditRaw, bool) { return remoteEntry(txn, dev, seq) }, head: head.seq}
}

func localAuditHead(txn *badger.Txn) uint64 {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues, o.Reverse, o.Prefix = false, true, []byte{byte(kindAudit)}
	it := txn.NewIterator(o)
	defer it.Close()
	it.Seek(auditKey(^uint64(0)))
	if !it.Valid() {
		return 0
	}
	var seq uint64
	_ = it.Item().Value(func(v []byte) error {
		if r, err := parseAudit(v); err == nil {
			seq = r.seq
		}
		return nil
	})
	return seq
}

// sharedEntries is the number of the last entry two audit logs share (0: none).
func sharedEntries(a, b auditChain) uint64 {
	same := func(seq uint64) bool {
		x, ok := a.entry(seq)
		y, ok2 := b.entry(seq)
		return ok && ok2 && bytes.Equal(x.hash, y.hash)
	}
	hi := min(a.head, b.head)
	if hi == 0 || !same(1) {
		return 0
	}
	lo := uint64(1) // same(lo) holds; the answer is in [lo, hi]
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if same(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// hiddenCopies says, per other PC, up to which number its stored entries are copies shown under
// another log: on a restored folder, the entries of the PC it came from that its own log holds;
// on any PC, the entries a noted copy shares with its origin.
func (s *Session) hiddenCopies(txn *badger.Txn) map[ID]uint64 {
	out := map[ID]uint64{}
	if o := s.rep.restoredFrom; o != (ID{}) && o != s.rep.device {
		if n := sharedEntries(s.chainOf(txn, o), s.chainOf(txn, s.rep.device)); n > 0 {
			out[o] = n
		}
	}
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindAuditCopy)}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if len(k) != 17 {
			continue
		}
		var dev, origin ID
		copy(dev[:], k[1:])
		if err := it.Item().Value(func(v []byte) error { copy(origin[:], v); return nil }); err != nil || origin == (ID{}) || origin == dev || dev == s.rep.device {
			continue
		}
		if n := sharedEntries(s.chainOf(txn, dev), s.chainOf(txn, origin)); n > out[dev] {
			out[dev] = n
		}
	}
	return out
}
