package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
)

// DefaultChangeSetBytes is the push budget Outgoing uses for maxBytes ≤ 0.
const DefaultChangeSetBytes = 4 << 20

// Outgoing is what one push sends: signed change sets, one per partition, and (unexported)
// how far they reach into the change log, which Acknowledge removes after the upload.
type Outgoing struct {
	Sets []*ChangeSet

	covered   [][]byte // the change-log entries read (their keys), removed by Acknowledge
	retained  [][]byte // keys of partitions this session may not sign: kept for another session
	hadFull   bool     // the full push of a folder that held data before it replicated
	fullAfter []byte   // the last key of that push covered
	fullDone  bool
}

// mayWrite reports whether user u may sign changes to scope in st: admins every scope, users
// of role user all but the admin scope, privacy officers the directory, managers the
// directory and the scopes wrapped to them. The storage scope never replicates.
func mayWrite(st *state, u *userEntry, scope ScopeID) bool {
	e := st.scope(scope)
	if u == nil || u.Status != StatusActive || e == nil || e.Kind == scopeStorage {
		return false
	}
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleUser:
		return e.Kind != scopeAdmin
	case RoleManager:
		return e.Kind == scopeDirectory || e.Kind == scopeDepartment && u.wrapped(wrapScope, scope) != nil
	default:
		return e.Kind == scopeDirectory
	}
}

// ReplicaPartitions are the scopes this session may pull and apply: the ones it holds keys of,
// but the storage scope (whose only record is the local store header). In id order.
func (s *Session) ReplicaPartitions() []ScopeID {
	if s.enter() != nil {
		return nil
	}
	defer s.mu.RUnlock()
	var out []ScopeID
	for id := range s.ks.scopes {
		if id != storageScope {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Outgoing builds signed change sets of the local changes not yet acknowledged, grouped by
// partition, up to about maxBytes of keys and values (at least one change-log entry). The
// first call on a folder turns replication on. Changes to partitions this session's user may
// not sign stay for another session. Nothing is removed until Acknowledge.
func (s *Session) Outgoing(maxBytes int) (*Outgoing, error) {
	if err := s.enableReplication(); err != nil {
		return nil, err
	}
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	if maxBytes <= 0 {
		maxBytes = DefaultChangeSetBytes
	}
	st := s.v.keyringSnapshot().st
	me := st.user(s.user)
	out := &Outgoing{}
	byPart := map[ScopeID][]ChangeEntry{}
	size := 0
	var newClocks []clockWrite
	err := s.db.View(func(txn *badger.Txn) error {
		d, _, err := readDevice(txn)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		add := func(key []byte, c clock) error {
			if !mayWrite(st, me, c.scope) {
				out.retained = append(out.retained, bytes.Clone(key))
				return nil
			}
			e := ChangeEntry{Key: bytes.Clone(key), Clock: c.hlc, Base: c.base, Deleted: true}
			item, err := txn.Get(key)
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
			case err != nil:
				return err
			default:
				if e.Value, err = item.ValueCopy(nil); err != nil {
					return err
				}
				e.Deleted = false
			}
			byPart[c.scope] = append(byPart[c.scope], e)
			size += len(e.Key) + len(e.Value) + 16
			return nil
		}
		if err := s.collectLog(txn, seen, maxBytes, &size, out, add); err != nil {
			return err
		}
		if d.Full && size < maxBytes {
			out.hadFull = true
			return s.collectFull(txn, d.FullAfter, seen, maxBytes, &size, out, &newClocks, add)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.signOutgoing(out, byPart, newClocks)
}

type clockWrite struct{ key, value []byte }

// collectLog adds the keys of the change log, oldest entry first, each once, with its current
// value; a key whose newest change came from another device is that device's to send.
func (s *Session) collectLog(txn *badger.Txn, seen map[string]bool, maxBytes int, size *int, out *Outgoing, add func([]byte, clock) error) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindChangeLog)}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if *size >= maxBytes && len(out.covered) != 0 {
			break
		}
		k := it.Item().Key()
		if len(k) != 9 {
			continue
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		keys, err := parseChangeLog(v)
		if err != nil {
			return errors.Join(ErrCorrupt, err)
		}
		for _, key := range keys {
			if seen[string(key)] {
				continue
			}
			seen[string(key)] = true
			c, ok, err := readClock(txn, key)
			if err != nil {
				return err
			}
			if !ok || c.device != s.rep.device {
				continue
			}
			if err := add(key, c); err != nil {
				return err
			}
		}
		out.covered = append(out.covered, bytes.Clone(k))
	}
	return nil
}

// collectFull adds every replicable key after `after` that no other device changed since, giving
// a clock to those that have none (written by signOutgoing).
func (s *Session) collectFull(txn *badger.Txn, after []byte, seen map[string]bool, maxBytes int, size *int, out *Outgoing, newClocks *[]clockWrite, add func([]byte, clock) error) error {
	it := txn.NewIterator(badger.DefaultIteratorOptions)
	defer it.Close()
	it.Rewind()
	if after != nil {
		it.Seek(after)
		if it.Valid() && bytes.Equal(it.Item().Key(), after) {
			it.Next()
		}
	}
	for ; it.Valid(); it.Next() {
		if *size >= maxBytes {
			return nil
		}
		key := it.Item().KeyCopy(nil)
		if !replicable(key) || seen[string(key)] {
			continue
		}
		c, ok, err := readClock(txn, key)
		if err != nil {
			return err
		}
		if ok && c.device != s.rep.device {
			continue
		}
		if !ok {
			var scope ScopeID
			if err := it.Item().Value(func(v []byte) error { scope = keyScope(key, v); return nil }); err != nil {
				return err
			}
			if scope == 0 {
				continue
			}
			c = clock{hlc: s.rep.tick(s.v.opts.Now()), device: s.rep.device, scope: scope}
			*newClocks = append(*newClocks, clockWrite{clockKey(key), c.encode()})
		}
		seen[string(key)] = true
		if err := add(key, c); err != nil {
			return err
		}
		out.fullAfter = key
	}
	out.fullDone = true
	return nil
}

func readClock(txn *badger.Txn, key []byte) (clock, bool, error) {
	item, err := txn.Get(clockKey(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return clock{}, false, nil
	}
	if err != nil {
		return clock{}, false, err
	}
	var c clock
	ok := false
	err = item.Value(func(v []byte) error { c, ok = parseClock(v); return nil })
	if err == nil && !ok {
		err = errors.Join(ErrCorrupt, errors.New("replication clock"))
	}
	return c, ok, err
}

// signOutgoing numbers the change sets (the numbers are stored before they leave, so none is
// ever reused), signs them, and stores the clocks the full push gave.
func (s *Session) signOutgoing(out *Outgoing, byPart map[ScopeID][]ChangeEntry, newClocks []clockWrite) (err error) {
	defer guard(&err)
	parts := make([]ScopeID, 0, len(byPart))
	for p := range byPart {
		parts = append(parts, p)
	}
	slices.Sort(parts)
	err = s.db.Update(func(txn *badger.Txn) error {
		out.Sets = out.Sets[:0]
		d, _, err := readDevice(txn)
		if err != nil {
			return err
		}
		for _, p := range parts {
			cs := &ChangeSet{Vault: s.vaultID, Device: s.rep.device, Seq: d.NextSeq, Partition: p, Signer: s.user, Entries: byPart[p]}
			d.NextSeq++
			for _, e := range cs.Entries {
				cs.Clock = max(cs.Clock, e.Clock)
			}
			if err := cs.sign(s.signer); err != nil {
				return err
			}
			out.Sets = append(out.Sets, cs)
			d.Clock = max(d.Clock, cs.Clock)
		}
		for _, w := range newClocks {
			if _, err := txn.Get(w.key); errors.Is(err, badger.ErrKeyNotFound) {
				if err := txn.Set(w.key, w.value); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		return writeDevice(txn, d)
	})
	if err != nil {
		return err
	}
	return s.db.Sync()
}

// Acknowledge removes the change-log entries o read, after its sets were uploaded (exactly those:
// a write that committed meanwhile keeps its entry, whatever its number). Keys held back for
// another session go into a new change-log entry. A crash before it only means the same changes
// are sent again, which applying makes harmless.
func (s *Session) Acknowledge(o *Outgoing) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	if o == nil {
		return nil
	}
	for part := range slices.Chunk(o.covered, 1000) {
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, k := range part {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		if len(o.retained) > 0 {
			var entry bytes.Buffer
			for _, k := range o.retained {
				_ = binary.Write(&entry, binary.BigEndian, uint16(len(k)))
				entry.Write(k)
			}
			if err := txn.Set(changeLogKey(s.rep.logSeq.Add(1)), entry.Bytes()); err != nil {
				return err
			}
		}
		if !o.hadFull {
			return nil
		}
		d, _, err := readDevice(txn)
		if err != nil {
			return err
		}
		if o.fullDone {
			d.Full, d.FullAfter = false, nil
		} else if o.fullAfter != nil {
			d.FullAfter = o.fullAfter
		}
		return writeDevice(txn, d)
	})
	if err != nil {
		return err
	}
	return s.db.Sync()
}
