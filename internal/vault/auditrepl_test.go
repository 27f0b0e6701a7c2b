package vault

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// auditEvent is an opaque event with a time, as internal/audit encodes one.
func auditEvent(n int, at time.Time) []byte {
	return fmt.Appendf(nil, `{"n":%d,"at":%q}`, n, at.Format(time.RFC3339Nano))
}

// Rule: another PC's entries are stored only as an extension of its chain; applying the same
// batch again stores nothing; a batch that differs under a stored number (a fork), skips a
// number, ends inside a block, or comes under this PC's own id is refused and stores nothing.
func TestRule_AnotherPCsAuditEntriesAreStoredOnlyAsAnExtensionOfItsChain(t *testing.T) {
	a, b, _, cb, _ := replicaPair(t)
	dev := b.DeviceID()
	ok(t, b.AppendAudit(auditEvent(1, cb.t), auditEvent(2, cb.t)))
	first, last, err := b.AuditOutgoing(0, 1<<20)
	ok(t, err)
	if len(first) == 0 || last != uint64(len(first)) {
		t.Fatalf("outgoing: %d entries, last %d", len(first), last)
	}
	n, err := a.ApplyAudit(dev, first)
	ok(t, err)
	if n != len(first) {
		t.Fatalf("applied %d of %d", n, len(first))
	}
	if n, err := a.ApplyAudit(dev, first); err != nil || n != 0 {
		t.Fatalf("the same batch again: %d stored, %v", n, err)
	}

	cb.t = cb.t.Add(time.Minute)
	ok(t, b.AppendAudit(auditEvent(3, cb.t), auditEvent(4, cb.t)))
	next, _, err := b.AuditOutgoing(last, 1<<20)
	ok(t, err)
	refused := func(what string, dev ID, batch [][]byte, reason string) {
		t.Helper()
		_, err := a.ApplyAudit(dev, batch)
		if !errors.Is(err, ErrAuditRefused) || !strings.Contains(err.Error(), reason) {
			t.Fatalf("%s: %v, want a refusal naming %q", what, err, reason)
		}
		if head, _ := a.RemoteAuditHead(b.DeviceID()); head != last {
			t.Fatalf("%s: the stored head moved to %d", what, head)
		}
	}
	refused("a gap", dev, next[1:], "does not follow")
	refused("cut inside a block", dev, next[:len(next)-1], "inside a block")
	refused("this PC's own id", a.DeviceID(), next, "is this PC")
	// A fork: a third folder of the same vault writes its own entry 1 and claims to be B.
	c, _ := joinFolder(t, a, &testClock{cb.t})
	ok(t, c.AppendAudit(auditEvent(9, cb.t)))
	other, _, err := c.AuditOutgoing(0, 1<<20)
	ok(t, err)
	refused("a fork", dev, other, "a fork")
	// The true continuation applies.
	if n, err := a.ApplyAudit(dev, next); err != nil || n != len(next) {
		t.Fatalf("the continuation: %d stored, %v", n, err)
	}
}

// Rule: a page of the Logboek holds this PC's entries by number and the other PCs' entries of
// the page's span of time, so paging to the end shows every entry of every PC exactly once,
// newest first, and the other PCs' entries open with the same reader key.
func TestRule_TheLogboekShowsEveryPCsEntriesOnceMergedByTime(t *testing.T) {
	a, b, ca, cb, _ := replicaPair(t)
	start := ca.t
	want := map[string]bool{}
	for i := range 12 {
		at := start.Add(time.Duration(i) * time.Minute)
		if i%3 == 0 {
			cb.t = at
			ok(t, b.AppendAudit(auditEvent(100+i, at)))
			continue
		}
		ca.t = at
		ok(t, a.AppendAudit(auditEvent(i, at)))
	}
	entries, _, err := b.AuditOutgoing(0, 1<<20)
	ok(t, err)
	_, err = a.ApplyAudit(b.DeviceID(), entries)
	ok(t, err)
	_, err = a.AuditEntries(func(e AuditEntry) error {
		want[fmt.Sprintf("%s/%d", e.Device, e.Seq)] = true
		return nil
	})
	ok(t, err)
	seen := map[string]bool{}
	remote := 0
	var before uint64
	var prev time.Time
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("paging does not end")
		}
		p, err := a.AuditPage(AuditQuery{Before: before, Limit: 3})
		ok(t, err)
		for _, e := range p.Entries {
			k := fmt.Sprintf("%s/%d", e.Device, e.Seq)
			if seen[k] {
				t.Fatalf("entry %s shown twice", k)
			}
			seen[k] = true
			if !prev.IsZero() && e.At.After(prev) {
				t.Fatalf("entry %s (%s) after an older one (%s)", k, e.At, prev)
			}
			prev = e.At
			if e.Device == b.DeviceID() {
				remote++
			}
		}
		if p.Next == 0 {
			break
		}
		before = p.Next
	}
	if remote != 4 {
		t.Fatalf("the pages show %d of B's 4 events", remote)
	}
	if len(seen) != len(want) {
		t.Fatalf("the pages show %d entries, the log holds %d", len(seen), len(want))
	}
}

// Rule: the audit check also checks every other PC's stored chain: an entry edited in this
// folder's copy is found and the problem names that PC.
func TestRule_TheAuditCheckFindsAnEditedEntryOfAnotherPC(t *testing.T) {
	a, b, _, cb, _ := replicaPair(t)
	ok(t, b.AppendAudit(auditEvent(1, cb.t), auditEvent(2, cb.t)))
	entries, _, err := b.AuditOutgoing(0, 1<<20)
	ok(t, err)
	_, err = a.ApplyAudit(b.DeviceID(), entries)
	ok(t, err)
	rep, err := a.VerifyAudit(t.Context(), AuditCheck{})
	ok(t, err)
	if len(rep.Problems) != 0 {
		t.Fatalf("clean logs: %v", rep.Problems)
	}
	last := len(entries) - 1
	edited := append([]byte(nil), entries[last]...)
	edited[auditHeaderSize+10] ^= 1
	ok(t, a.db.Update(func(txn *badger.Txn) error {
		return txn.Set(remoteAuditKey(b.DeviceID(), uint64(last+1)), edited)
	}))
	rep, err = a.VerifyAudit(t.Context(), AuditCheck{})
	ok(t, err)
	label := "PC " + b.DeviceID().String()[:8]
	if len(rep.Problems) == 0 || !strings.Contains(strings.Join(rep.Problems, ";"), label) {
		t.Fatalf("the edited entry is not found: %v", rep.Problems)
	}
}

// eventCounts counts, by the n of auditEvent, the events a session's Logboek shows: through
// AuditEntries (extracts, exports) and through paging AuditPage (the window).
func eventCounts(t *testing.T, s *Session) (entries, pages map[int]int) {
	t.Helper()
	count := func(m map[int]int, ev []byte) {
		var n int
		if _, err := fmt.Sscanf(string(ev), `{"n":%d,`, &n); err == nil {
			m[n]++
		}
	}
	entries, pages = map[int]int{}, map[int]int{}
	_, err := s.AuditEntries(func(e AuditEntry) error { count(entries, e.Event); return nil })
	ok(t, err)
	var before uint64
	for range 100 {
		p, err := s.AuditPage(AuditQuery{Before: before, Limit: 4})
		ok(t, err)
		for _, e := range p.Entries {
			count(pages, e.Event)
		}
		if p.Next == 0 {
			return entries, pages
		}
		before = p.Next
	}
	t.Fatal("paging does not end")
	return nil, nil
}

// Rule: a folder restored from a backup sends its whole audit log under its new device id, yet
// an entry made before the backup shows once in every Logboek (on the PCs that keep the logs,
// once they know which PC it was restored from, and on the restored folder itself, which pulls
// the original PC's log too); entries either PC made after the backup all show; both logs are
// still stored and checked whole.
func TestRule_ARestoredFoldersCopyOfTheAuditLogShowsEachEntryOnce(t *testing.T) {
	a, b, ca, cb, _ := replicaPair(t)
	ok(t, a.AppendAudit(auditEvent(1, ca.t), auditEvent(2, ca.t), auditEvent(3, ca.t)))
	sendAudit := func(from, to *Session) {
		t.Helper()
		head, _ := to.RemoteAuditHead(from.DeviceID())
		entries, _, err := from.AuditOutgoing(head, 1<<20)
		ok(t, err)
		if len(entries) > 0 {
			_, err = to.ApplyAudit(from.DeviceID(), entries)
			ok(t, err)
		}
	}
	sendAudit(a, b)
	file := backupFile(t, a)
	ca.t = ca.t.Add(time.Minute)
	ok(t, a.AppendAudit(auditEvent(4, ca.t), auditEvent(5, ca.t))) // A goes on after the backup
	sendAudit(a, b)

	r := restoredFolder(t, file, ca)
	if r.RestoredFrom() != a.DeviceID() {
		t.Fatalf("the restored folder does not know it came from A: %s", r.RestoredFrom())
	}
	ca.t = ca.t.Add(time.Minute)
	ok(t, r.AppendAudit(auditEvent(10, ca.t)))
	sendAudit(r, b)
	sendAudit(a, r)
	cb.t = ca.t

	want := map[int]int{1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 10: 1}
	same := func(got map[int]int) bool {
		for n, c := range want {
			if got[n] != c {
				return false
			}
		}
		return len(got) == len(want)
	}
	if e, _ := eventCounts(t, b); same(e) {
		t.Fatalf("the entries before the backup show once on B before it knows of the copy: %v", e)
	}
	ok(t, b.NoteAuditCopy(r.DeviceID(), a.DeviceID()))
	for name, s := range map[string]*Session{"B": b, "the restored folder": r} {
		e, p := eventCounts(t, s)
		if !same(e) || !same(p) {
			t.Fatalf("%s: events shown (n → times) by the extract %v and by the pages %v, want each of %v once", name, e, p, want)
		}
		rep, err := s.VerifyAudit(t.Context(), AuditCheck{})
		ok(t, err)
		if len(rep.Problems) != 0 {
			t.Fatalf("%s: the audit check finds problems: %v", name, rep.Problems)
		}
	}
}
