package vault

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Reading the audit log newest first, a page at a time (the Logboek). Entries are keyed by
// their sequence number, so a reverse iteration from a sequence number starts at once; the
// header of each entry (time, user, session) is readable without a key, so a filter on the user
// or the period skips entries without decrypting them (a user filter skips other users' sessions
// whole). Only the entries a page shows, and those
// a filter on the event itself must look at, are opened: each needs its session's key, read from
// the session's first entry (one point read and one unwrap per session, cached for the page).

// AuditQuery selects a page of the audit log, newest first.
type AuditQuery struct {
	// Before: only entries with a smaller sequence number (0: from the head).
	Before uint64
	// Limit is the most entries returned (0: 50).
	Limit int
	// User, when not zero, keeps the entries written by that user (the header says so; nothing
	// is decrypted for entries of other users).
	User UserID
	// From and To, when not zero, keep events whose time (the event's own, for a failed unlock
	// when it happened) lies in [From, To). Entries written before From end the scan; entries
	// written more than AuditLateWrite after To are skipped without decrypting.
	From, To time.Time
	// Match, when not nil, keeps the events for which it returns true (it sees the decrypted
	// event: action and subjects).
	Match func(AuditEntry) bool
	// MaxScan ends the page after this many entries were looked at (0: no limit), so a filter
	// that matches little answers in bounded time; Next says where to go on.
	MaxScan int
}

// AuditLateWrite is how much later than it happened an event may have been written (a failed
// unlock is written at the next unlock); the period filter looks this far past To.
const AuditLateWrite = 31 * 24 * time.Hour

// AuditPageResult is one page.
type AuditPageResult struct {
	Entries []AuditEntry // newest first
	// Next is the Before of the next page; 0 when the log has nothing older to look at.
	Next uint64
	// Scanned counts the entries looked at; Unreadable those that matched the header filters but
	// whose session key this session does not hold or that did not open.
	Scanned, Unreadable int
}

const defaultAuditPage = 50

// AuditPage reads one page of the audit log newest first (admins and privacy officers).
func (s *Session) AuditPage(q AuditQuery) (page AuditPageResult, err error) {
	if err := s.enter(); err != nil {
		return page, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAuditReader(); err != nil {
		return page, err
	}
	defer guard(&err)
	if q.Limit <= 0 {
		q.Limit = defaultAuditPage
	}
	keys := map[uint64][]byte{}
	defer func() {
		for _, k := range keys {
			vcrypto.Wipe(k)
		}
	}()
	var lateLimit time.Time
	if !q.To.IsZero() {
		lateLimit = q.To.Add(AuditLateWrite)
	}
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Reverse, o.Prefix = true, []byte{byte(kindAudit)}
		o.PrefetchSize = q.Limit
		it := txn.NewIterator(o)
		defer it.Close()
		start := append([]byte{byte(kindAudit)}, bytes.Repeat([]byte{0xff}, 16)...)
		if q.Before > 0 {
			if q.Before == 1 {
				return nil
			}
			start = auditKey(q.Before - 1)
		}
		for it.Seek(start); it.Valid(); it.Next() {
			if q.MaxScan > 0 && page.Scanned >= q.MaxScan {
				return nil
			}
			if page.Scanned%4096 == 0 && s.stopping() {
				return ErrLocked
			}
			page.Scanned++
			var (
				r    auditRaw
				perr error
			)
			err := it.Item().Value(func(v []byte) error {
				r, perr = parseAudit(v)
				if perr == nil {
					r.payload = bytes.Clone(r.payload)
					r.header = bytes.Clone(r.header)
				}
				return nil
			})
			if err != nil {
				return err
			}
			if perr != nil {
				page.Unreadable++
				continue
			}
			page.Next = r.seq
			if r.flags&auditStart != 0 {
				continue
			}
			if q.User != (UserID{}) && r.user != q.User {
				// Skip the rest of this session at once: a vault has one session at a time, so a
				// session's entries lie between its first entry and its last.
				if r.session > 0 && r.session < r.seq {
					it.Seek(auditKey(r.session))
					if !it.Valid() {
						break
					}
				}
				continue
			}
			if !q.From.IsZero() && r.at.Before(q.From) {
				page.Next = 0 // written before the period: nothing older can be in it
				return nil
			}
			if !lateLimit.IsZero() && !r.at.Before(lateLimit) {
				continue
			}
			key, err := s.auditSessionKey(txn, keys, r.session)
			if err != nil {
				return err
			}
			if key == nil {
				page.Unreadable++
				continue
			}
			ev, err := vcrypto.Open(key, r.payload, r.header)
			if err != nil {
				page.Unreadable++
				continue
			}
			e := AuditEntry{Seq: r.seq, At: r.at, User: r.user, Event: ev}
			if (!q.From.IsZero() || !q.To.IsZero()) && !inPeriod(eventTime(ev, r.at), q.From, q.To) {
				continue
			}
			if q.Match != nil && !q.Match(e) {
				continue
			}
			page.Entries = append(page.Entries, e)
			if len(page.Entries) == q.Limit {
				return nil
			}
		}
		page.Next = 0
		return nil
	})
	if err != nil {
		return AuditPageResult{}, err
	}
	if page.Next == 1 {
		page.Next = 0
	}
	// Other PCs' entries (ADR 009): those in this page's span of time join it.
	if err := s.mergeRemotePage(q, &page, lateLimit); err != nil {
		return AuditPageResult{}, err
	}
	return page, nil
}

// auditSessionKey opens the key of the session whose first entry is seq, caching it in keys;
// nil when this session holds no reader key of that epoch or the entry is damaged.
func (s *Session) auditSessionKey(txn *badger.Txn, keys map[uint64][]byte, seq uint64) ([]byte, error) {
	if k, ok := keys[seq]; ok {
		return k, nil
	}
	keys[seq] = nil
	k, err := s.openSessionKey(txn, auditKey(seq), seq)
	if k != nil {
		keys[seq] = k
	}
	return k, err
}

// openSessionKey unwraps the session key of the start entry stored under key (this PC's log or
// another PC's, kind 0x0b: the wrap names the vault and the entry's number, not the PC).
func (s *Session) openSessionKey(txn *badger.Txn, key []byte, seq uint64) ([]byte, error) {
	item, err := txn.Get(key)
	if err == badger.ErrKeyNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var (
		epoch uint32
		box   []byte
	)
	err = item.Value(func(v []byte) error {
		r, err := parseAudit(v)
		if err != nil || r.flags&auditStart == 0 || len(r.payload) < 4 {
			return nil
		}
		epoch, box = binary.BigEndian.Uint32(r.payload[:4]), bytes.Clone(r.payload[4:])
		return nil
	})
	if err != nil || box == nil {
		return nil, err
	}
	reader := s.ks.readers[epoch]
	if reader == nil {
		return nil, nil
	}
	k, err := vcrypto.Unwrap(reader, auditSessionContext(s.vaultID, seq, epoch), box)
	if err != nil {
		return nil, nil
	}
	return k, nil
}

// eventTime is the "at" of an event as internal/audit encodes it, or the entry's time.
func eventTime(ev []byte, fallback time.Time) time.Time {
	var e struct {
		At time.Time `json:"at"`
	}
	if json.Unmarshal(ev, &e) != nil || e.At.IsZero() {
		return fallback
	}
	return e.At
}

func inPeriod(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// AuditStatus is what the Logboek's status line says without checking the chain again.
type AuditStatus struct {
	Head uint64 // the newest entry's sequence number (the number of entries)
	// Checked is the entry up to which an admin's last clean check found every signature valid
	// (0: never), and CheckedAt when that check was signed into the keyring.
	Checked   uint64
	CheckedAt time.Time
	// Issue is what the unlock found wrong (the head against its anchors), or "".
	Issue string
}

// AuditStatus reports the audit log's head and last check (admins and privacy officers).
func (s *Session) AuditStatus() (AuditStatus, error) {
	if err := s.enter(); err != nil {
		return AuditStatus{}, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAuditReader(); err != nil {
		return AuditStatus{}, err
	}
	st := AuditStatus{Head: s.audit.head().Seq}
	s.audit.mu.Lock()
	if issue := s.audit.issue; issue != nil {
		st.Issue = issue.Error()
	}
	s.audit.mu.Unlock()
	st.Checked = s.v.keyringSnapshot().st.AuditChecked.Seq
	if st.Checked > 0 {
		entries, err := readLog(s.v.dir)
		if err != nil {
			return st, err
		}
		for i := len(entries) - 1; i >= 0; i-- {
			var e entry
			if json.Unmarshal(entries[i].Signed, &e) == nil && e.What == "audit-checked" {
				st.CheckedAt = e.At
				break
			}
		}
	}
	return st, nil
}

// AuditRawTail reads the newest n entries of the audit log as stored, opening nothing, and
// returns their total size: the in-run baseline of the Logboek benchmark (a page can be no
// faster than reading its entries). Admins and privacy officers.
func (s *Session) AuditRawTail(n int) (size int, err error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAuditReader(); err != nil {
		return 0, err
	}
	defer guard(&err)
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Reverse, o.Prefix, o.PrefetchSize = true, []byte{byte(kindAudit)}, n
		it := txn.NewIterator(o)
		defer it.Close()
		got := 0
		for it.Seek(append([]byte{byte(kindAudit)}, bytes.Repeat([]byte{0xff}, 16)...)); it.Valid() && got < n; it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			size += len(v)
			got++
		}
		return nil
	})
	return size, err
}
