package vault

import (
	"bytes"
	"sort"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Reading other PCs' audit entries (kind 0x0b) with this PC's: a page of the Logboek is cut by
// this PC's sequence numbers (its cursor stays one number), and the other PCs' entries whose
// time lies in the page's span join it: from the time of the entry the page ends at (its Next,
// inclusive) to the time of the entry before which it starts (its Before, exclusive). The next
// page's span starts where this one ended, so every entry shows on exactly one page, and the
// page is sorted newest first. A page may hold more than Limit entries when other PCs wrote
// much in its span.

type remoteSession struct {
	dev ID
	seq uint64
}

// mergeRemotePage adds the other PCs' entries of the page's span that pass the query's filters.
func (s *Session) mergeRemotePage(q AuditQuery, page *AuditPageResult, lateLimit time.Time) (err error) {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	keys := map[remoteSession][]byte{}
	defer func() {
		for _, k := range keys {
			vcrypto.Wipe(k)
		}
	}()
	added := false
	err = s.db.View(func(txn *badger.Txn) error {
		var upper, lower time.Time // zero: open
		if q.Before > 0 {
			r, ok := localEntry(txn, q.Before)
			if !ok {
				return nil // not a cursor this log gave
			}
			upper = r.at
		}
		if page.Next > 0 {
			r, ok := localEntry(txn, page.Next)
			if ok {
				lower = r.at
			}
		}
		hidden := s.hiddenCopies(txn)
		for _, dev := range remoteDevices(txn) {
			if err := s.remoteSpan(txn, dev, hidden[dev], q, lower, upper, lateLimit, keys, page, &added); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && added {
		sort.SliceStable(page.Entries, func(i, j int) bool { return page.Entries[i].At.After(page.Entries[j].At) })
	}
	return err
}

func localEntry(txn *badger.Txn, seq uint64) (auditRaw, bool) {
	item, err := txn.Get(auditKey(seq))
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

// remoteSpan reads device dev's entries newest first, from the span's upper end down to its
// lower end, filtered as AuditPage filters this PC's; those up to hidden are copies shown under
// another log (auditcopy.go).
func (s *Session) remoteSpan(txn *badger.Txn, dev ID, hidden uint64, q AuditQuery, lower, upper, lateLimit time.Time,
	keys map[remoteSession][]byte, page *AuditPageResult, added *bool) error {
	o := badger.DefaultIteratorOptions
	o.Reverse, o.Prefix = true, remoteAuditPrefix(dev)
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Seek(remoteAuditKey(dev, ^uint64(0))); it.Valid(); it.Next() {
		if page.Scanned%4096 == 0 && s.stopping() {
			return ErrLocked
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		r, err := parseAudit(v)
		if err != nil {
			page.Unreadable++
			continue
		}
		if !upper.IsZero() && !r.at.Before(upper) {
			continue // a later page's
		}
		if !lower.IsZero() && r.at.Before(lower) {
			return nil // an earlier page's, and so is everything older of this PC
		}
		if !q.From.IsZero() && r.at.Before(q.From) {
			return nil
		}
		page.Scanned++
		if r.seq <= hidden || r.flags&auditStart != 0 || (q.User != (UserID{}) && r.user != q.User) {
			continue
		}
		if !lateLimit.IsZero() && !r.at.Before(lateLimit) {
			continue
		}
		rs := remoteSession{dev, r.session}
		key, ok := keys[rs]
		if !ok {
			if key, err = s.openSessionKey(txn, remoteAuditKey(dev, r.session), r.session); err != nil {
				return err
			}
			keys[rs] = key
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
		e := AuditEntry{Seq: r.seq, At: r.at, User: r.user, Event: ev, Device: dev}
		if (!q.From.IsZero() || !q.To.IsZero()) && !inPeriod(eventTime(ev, r.at), q.From, q.To) {
			continue
		}
		if q.Match != nil && !q.Match(e) {
			continue
		}
		page.Entries = append(page.Entries, e)
		*added = true
	}
	return nil
}

// remoteEntries calls fn for every readable entry of the other PCs' logs (PC by PC, in order),
// counting those that do not open; copies shown under another log are passed over.
func (s *Session) remoteEntries(txn *badger.Txn, fn func(AuditEntry) error) (unreadable int, err error) {
	keys := map[remoteSession][]byte{}
	defer func() {
		for _, k := range keys {
			vcrypto.Wipe(k)
		}
	}()
	hidden := s.hiddenCopies(txn)
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{byte(kindAuditRemote)}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if len(k) != 25 {
			continue
		}
		var dev ID
		copy(dev[:], k[1:17])
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return unreadable, err
		}
		r, err := parseAudit(v)
		if err != nil || !bytes.Equal(k, remoteAuditKey(dev, r.seq)) {
			unreadable++
			continue
		}
		if r.flags&auditStart != 0 || r.seq <= hidden[dev] {
			continue
		}
		rs := remoteSession{dev, r.session}
		key, ok := keys[rs]
		if !ok {
			if key, err = s.openSessionKey(txn, remoteAuditKey(dev, r.session), r.session); err != nil {
				return unreadable, err
			}
			keys[rs] = key
		}
		if key == nil {
			unreadable++
			continue
		}
		ev, err := vcrypto.Open(key, r.payload, r.header)
		if err != nil {
			unreadable++
			continue
		}
		if err := fn(AuditEntry{Seq: r.seq, At: r.at, User: r.user, Event: ev, Device: dev}); err != nil {
			return unreadable, err
		}
	}
	return unreadable, nil
}
