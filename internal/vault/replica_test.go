package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Replication tests: two or three vault folders in one test, change sets passed between them
// as bytes (Outgoing → Marshal → ParseChangeSet → ApplyChangeSet), as the bucket would.

// testClock is a settable clock for one folder, so tests can order writes and skew PCs.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// replicaPair makes folder A (a new vault, its admin unlocked) and folder B joined to it with
// A's join code, unlocked by the same admin. Each folder has its own clock.
func replicaPair(t *testing.T) (a, b *Session, ca, cb *testClock, dirB string) {
	t.Helper()
	ca, cb = &testClock{time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}, &testClock{time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	_, _, a, _ = newTestVault(t, testOptions(nil).WithNow(ca.now))
	b, dirB = joinFolder(t, a, cb)
	return a, b, ca, cb, dirB
}

// joinFolder joins a new folder to a's vault and unlocks it for the admin.
func joinFolder(t testing.TB, a *Session, c *testClock) (*Session, string) {
	t.Helper()
	code, err := a.NewJoinCode()
	ok(t, err)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	users, err := a.LocalUsers()
	ok(t, err)
	dir := filepath.Join(t.TempDir(), "b")
	ok(t, Join(dir, code, lines, users))
	v, err := Open(dir, testOptions(nil).WithNow(c.now))
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	return s, dir
}

// push sends from's keyring, users and changes to to, as an engine would through a bucket, and
// returns the marshalled change sets.
func push(t *testing.T, from, to *Session) [][]byte {
	t.Helper()
	syncKeyring(t, from, to)
	o, err := from.Outgoing(0)
	ok(t, err)
	var out [][]byte
	for _, cs := range o.Sets {
		b, err := cs.Marshal()
		ok(t, err)
		out = append(out, b)
		p, err := ParseChangeSet(b)
		ok(t, err)
		if !slices.Contains(to.ReplicaPartitions(), p.Partition) {
			continue
		}
		if _, err := to.ApplyChangeSet(p); err != nil {
			t.Fatalf("apply %s: %v", p.Partition, err)
		}
	}
	ok(t, from.Acknowledge(o))
	return out
}

func TestRule_ARecordWrittenInOneFolderAppearsInAnotherAfterAPush(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, scope := newDept(t, a)
	id := NewID()
	ok(t, a.Update(func(tx *Tx) error {
		if err := tx.Put(kindTest, id, scope, []byte("werknemer")); err != nil {
			return err
		}
		return tx.SetIndex(scope, "bsn", []byte("123456782"), kindTest, id)
	}))
	push(t, a, b)
	got, err := get(b, id)
	ok(t, err)
	if string(got) != "werknemer" {
		t.Fatalf("B reads %q", got)
	}
	var ids []ID
	ok(t, b.View(func(tx *Tx) (err error) { ids, err = tx.Lookup(scope, "bsn", []byte("123456782")); return err }))
	if len(ids) != 1 || ids[0] != id {
		t.Fatalf("B's index finds %v", ids)
	}
	// After the acknowledgement nothing is left to send.
	o, err := a.Outgoing(0)
	ok(t, err)
	if len(o.Sets) != 0 {
		t.Fatalf("%d sets still pending after Acknowledge", len(o.Sets))
	}
}

func TestRule_ADeletionReplicates(t *testing.T) {
	a, b, ca, _, _ := replicaPair(t)
	id := NewID()
	put(t, a, id, directoryScope, "profiel")
	push(t, a, b)
	ca.t = ca.t.Add(time.Second)
	ok(t, a.Update(func(tx *Tx) error { return tx.Delete(kindTest, id) }))
	push(t, a, b)
	if _, err := get(b, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("B still has the deleted record: %v", err)
	}
}

func TestRule_TheLaterWriterWinsWhicheverSetArrivesFirst(t *testing.T) {
	for _, order := range []string{"A first", "B first"} {
		t.Run(order, func(t *testing.T) {
			a, b, ca, cb, _ := replicaPair(t)
			id := NewID()
			put(t, a, id, directoryScope, "oud")
			push(t, a, b)
			ca.t = ca.t.Add(time.Minute)
			cb.t = cb.t.Add(2 * time.Minute) // B's edit is the later one
			put(t, a, id, directoryScope, "van A")
			put(t, b, id, directoryScope, "van B")
			oa, err := a.Outgoing(0)
			ok(t, err)
			ob, err := b.Outgoing(0)
			ok(t, err)
			apply := func(to *Session, o *Outgoing) {
				for _, cs := range o.Sets {
					raw, err := cs.Marshal()
					ok(t, err)
					p, err := ParseChangeSet(raw)
					ok(t, err)
					_, err = to.ApplyChangeSet(p)
					ok(t, err)
				}
			}
			if order == "A first" {
				apply(b, oa)
				apply(a, ob)
			} else {
				apply(a, ob)
				apply(b, oa)
			}
			for name, s := range map[string]*Session{"A": a, "B": b} {
				got, err := get(s, id)
				ok(t, err)
				if string(got) != "van B" {
					t.Fatalf("%s holds %q, want B's later edit", name, got)
				}
			}
		})
	}
}

func TestRule_ADeletionWinsOverAnEditAtTheSameClock(t *testing.T) {
	a, b, ca, cb, _ := replicaPair(t)
	id := NewID()
	put(t, a, id, directoryScope, "oud")
	push(t, a, b)
	// Both PCs at the same instant, and both clocks already past the first write.
	ca.t, cb.t = ca.t.Add(time.Hour), ca.t.Add(time.Hour)
	put(t, a, id, directoryScope, "bewerkt")
	ok(t, b.Update(func(tx *Tx) error { return tx.Delete(kindTest, id) }))
	oa, err := a.Outgoing(0)
	ok(t, err)
	ob, err := b.Outgoing(0)
	ok(t, err)
	if oa.Sets[0].Entries[0].Clock != ob.Sets[0].Entries[0].Clock {
		t.Fatal("the two clocks differ: the test no longer sets up the equal clocks its rule needs")
	}
	for _, cs := range ob.Sets {
		_, err := a.ApplyChangeSet(cs)
		ok(t, err)
	}
	for _, cs := range oa.Sets {
		_, err := b.ApplyChangeSet(cs)
		ok(t, err)
	}
	for name, s := range map[string]*Session{"A": a, "B": b} {
		if _, err := get(s, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s kept the edit over the deletion: %v", name, err)
		}
	}
}

func TestRule_ApplyingTheSameChangeSetTwiceChangesNothing(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	id := NewID()
	put(t, a, id, directoryScope, "een")
	sets := push(t, a, b)
	if len(sets) != 1 {
		t.Fatalf("%d sets", len(sets))
	}
	p, err := ParseChangeSet(sets[0])
	ok(t, err)
	st, err := b.ApplyChangeSet(p)
	ok(t, err)
	if !st.Duplicate || st.Applied != 0 {
		t.Fatalf("replay: %+v", st)
	}
}

// signAs re-signs cs with the session's own key (a legitimate user's signature over a set
// they changed).
func signAs(t *testing.T, s *Session, cs *ChangeSet) *ChangeSet {
	t.Helper()
	cs.Signer = s.user
	ok(t, cs.sign(s.signer))
	return cs
}

func TestRule_AChangeSetSignedByAnUnknownOrRevokedUserIsRefused(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	hr, err := a.AddUser(NewUser{Email: "hr@example.test", Passphrase: []byte("hr-pass")}, RoleUser)
	ok(t, err)
	put(t, a, NewID(), directoryScope, "x")
	o, err := a.Outgoing(0)
	ok(t, err)
	cs := o.Sets[0]

	unknown := *cs
	unknown.Signer = UserID(NewID())
	if _, err := b.ApplyChangeSet(&unknown); !errors.Is(err, ErrChangeSetRefused) {
		t.Fatalf("unknown signer: %v", err)
	}
	forged := *cs
	forged.Entries = slices.Clone(cs.Entries)
	forged.Entries[0].Value = bytes.Clone(cs.Entries[0].Value)
	forged.Entries[0].Value[len(forged.Entries[0].Value)-1] ^= 1
	if _, err := b.ApplyChangeSet(&forged); !errors.Is(err, ErrChangeSetRefused) {
		t.Fatalf("changed after signing: %v", err)
	}

	// The HR user signs a set; their access is withdrawn before it arrives.
	push(t, a, b)
	ok(t, a.Revoke(hr))
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	_, err = b.ApplyKeyringEntries(lines)
	ok(t, err)
	byHR := &ChangeSet{Vault: cs.Vault, Device: NewID(), Seq: 1, Partition: directoryScope, Signer: hr, Entries: cs.Entries, Clock: cs.Clock}
	byHR.Sig = cs.Sig // no key of theirs here; the state says revoked before the signature is even checked
	_, err = b.ApplyChangeSet(byHR)
	var re *ChangeSetRefusedError
	if !errors.As(err, &re) || !bytes.Contains([]byte(re.Reason), []byte("not an active user")) {
		t.Fatalf("revoked signer: %v", err)
	}
}

func TestRule_AChangeSetForOnePartitionCannotCarryARecordOfAnother(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, deptA := newDept(t, a)
	_, deptB := newDept(t, a)
	push(t, a, b)
	put(t, a, NewID(), deptB, "afdeling B")
	o, err := a.Outgoing(0)
	ok(t, err)
	cs := *o.Sets[0]
	if cs.Partition != deptB {
		t.Fatalf("partition %s", cs.Partition)
	}
	cs.Partition = deptA
	_, err = b.ApplyChangeSet(signAs(t, a, &cs))
	if !errors.Is(err, ErrChangeSetRefused) {
		t.Fatalf("a record of scope B under partition A: %v", err)
	}
	// An index entry of scope B under partition A: refused as well.
	ix := *o.Sets[0]
	ix.Partition = deptA
	key := append([]byte{byte(kindIndex)}, deptB.bytesSlice()...)
	key = append(key, make([]byte, 60)...)
	ix.Entries = []ChangeEntry{{Key: key, Clock: cs.Clock}}
	if _, err := b.ApplyChangeSet(signAs(t, a, &ix)); !errors.Is(err, ErrChangeSetRefused) {
		t.Fatalf("an index key of scope B under partition A: %v", err)
	}
}

func (s ScopeID) bytesSlice() []byte { b := s.bytes(); return b[:] }

func TestRule_AManagersPCPullsOnlyTheirDepartmentsAndTheDirectory(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	_ = dir
	d1, sc1 := newDept(t, s)
	newDept(t, s)
	_, err := s.AddUser(NewUser{Email: "chef@example.test", Passphrase: []byte("chef")}, RoleManager, d1)
	ok(t, err)
	if got := s.ReplicaPartitions(); len(got) != 4 { // directory, admin, two departments
		t.Fatalf("admin partitions %v", got)
	}
	s.Lock()
	m, err := v.Unlock("chef@example.test", []byte("chef"))
	ok(t, err)
	defer m.Lock()
	if got := m.ReplicaPartitions(); !slices.Equal(got, []ScopeID{directoryScope, sc1}) {
		t.Fatalf("manager partitions %v, want directory and %s", got, sc1)
	}
}

func TestRule_ARevocationMadeOnOnePCLocksTheRevokedUserOutOnAnother(t *testing.T) {
	a, b, _, _, dirB := replicaPair(t)
	hr, err := a.AddUser(NewUser{Email: "hr@example.test", Passphrase: []byte("hr-pass")}, RoleUser)
	ok(t, err)
	push(t, a, b)
	vb := b.v
	b.Lock()
	h, err := vb.Unlock("hr@example.test", []byte("hr-pass"))
	ok(t, err) // HR unlocks on B with the passphrase set on A
	ok(t, a.Revoke(hr))
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	if _, err := h.ApplyKeyringEntries(lines); !errors.Is(err, ErrRevoked) {
		t.Fatalf("applying the revocation in HR's session: %v", err)
	}
	if !h.Locked() {
		t.Fatal("the revoked user's session on B stays unlocked")
	}
	if _, err := vb.Unlock("hr@example.test", []byte("hr-pass")); !errors.Is(err, ErrRevoked) {
		t.Fatalf("the revoked user unlocks B again: %v (folder %s)", err, dirB)
	}
}

func TestRule_AJoinWithAWrongCodeOrAForgedKeyringIsRefused(t *testing.T) {
	_, _, a, _ := newTestVault(t, testOptions(nil))
	_, _, other, _ := newTestVault(t, testOptions(nil))
	newDept(t, a)
	newDept(t, a)
	code, err := a.NewJoinCode()
	ok(t, err)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	users, err := a.LocalUsers()
	ok(t, err)
	forged, err := other.KeyringEntries(0)
	ok(t, err)
	forgedUsers, err := other.LocalUsers()
	ok(t, err)
	otherCode, err := other.NewJoinCode()
	ok(t, err)
	for name, c := range map[string]struct {
		code         string
		lines, users [][]byte
	}{
		"malformed code":                {"ABCD-EFGH", lines, users},
		"code of another vault":         {otherCode, lines, users},
		"bucket serves another keyring": {code, forged, forgedUsers},
		"a link cut out of the chain":   {code, append([][]byte{lines[0]}, lines[2:]...), users},
		"no user can unlock":            {code, lines, nil},
		"a local part signed by nobody": {code, lines, forgedUsers},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "b")
			if err := Join(dir, c.code, c.lines, c.users); !errors.Is(err, ErrJoinRefused) {
				t.Fatalf("joined: %v", err)
			}
			if ok, _ := Exists(dir); ok {
				t.Fatal("a refused join left a vault folder")
			}
		})
	}
	if len(lines) < 3 {
		t.Fatalf("the test needs a keyring of three entries or more, has %d", len(lines))
	}
}

func TestRule_AJoinedFolderOpensAndItsUserUnlocksWithTheirPassphrase(t *testing.T) {
	a, b, _, _, dirB := replicaPair(t)
	if b.DeviceID() == a.DeviceID() {
		t.Fatal("two folders share a device id")
	}
	if _, err := os.Stat(filepath.Join(dirB, joinMarker)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the join marker outlived the first unlock: %v", err)
	}
	if b.UserID() != a.UserID() || b.Role() != RoleAdmin {
		t.Fatalf("B's user %s %s", b.UserID(), b.Role())
	}
}

func TestRule_ChangeSetsCarryNoIdentityValueInClear(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, scope := newDept(t, a)
	const name, bsn, email = "Jacobus Canarius", "999990019", "canary@example.test"
	_, err := a.AddUser(NewUser{Email: email, Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	id := NewID()
	ok(t, a.Update(func(tx *Tx) error {
		if err := tx.Put(kindTest, id, scope, []byte(name+"|"+bsn+"|"+email)); err != nil {
			return err
		}
		if err := tx.SetIndex(scope, "bsn", []byte(bsn), kindTest, id); err != nil {
			return err
		}
		return tx.Put(kindTest, NewID(), directoryScope, []byte(name))
	}))
	var all [][]byte
	all = append(all, push(t, a, b)...)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	users, err := a.LocalUsers()
	ok(t, err)
	all = append(append(all, lines...), users...)
	if len(all) < 3 {
		t.Fatalf("only %d objects", len(all))
	}
	for _, obj := range all {
		for _, canary := range []string{name, bsn, email, "Canarius"} {
			if bytes.Contains(bytes.ToLower(obj), bytes.ToLower([]byte(canary))) {
				t.Fatalf("an object carries %q in clear", canary)
			}
		}
	}
}

func TestRule_AFolderThatHeldDataBeforeItReplicatedPushesAllOfIt(t *testing.T) {
	_, _, a, _ := newTestVault(t, testOptions(nil))
	before := NewID()
	put(t, a, before, directoryScope, "van voor de replicatie")
	b, _ := joinFolder(t, a, &testClock{time.Now()})
	push(t, a, b)
	got, err := get(b, before)
	ok(t, err)
	if string(got) != "van voor de replicatie" {
		t.Fatalf("B reads %q", got)
	}
}

func TestRule_ARotationsReSealedRecordsReachTheOtherPC(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	d, scope := newDept(t, a)
	id := NewID()
	put(t, a, id, scope, "dossier")
	chef, err := a.AddUser(NewUser{Email: "chef@example.test", Passphrase: []byte("chef")}, RoleManager, d)
	ok(t, err)
	push(t, a, b)
	ok(t, a.Revoke(chef))
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	if p := a.PendingRotation(); len(p) != 0 {
		t.Fatalf("rotation still pending: %v", p)
	}
	push(t, a, b)
	// B's keyring no longer knows the old epoch: only the re-sealed record opens.
	got, err := get(b, id)
	ok(t, err)
	if string(got) != "dossier" {
		t.Fatalf("B reads %q", got)
	}
}

func TestRule_AChangeSetCannotDeleteARecordOfAnotherPartition(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, deptA := newDept(t, a)
	_, deptB := newDept(t, a)
	id := NewID()
	put(t, a, id, deptB, "afdeling B")
	push(t, a, b)
	cs := &ChangeSet{Vault: a.vaultID, Device: a.DeviceID(), Seq: 1 << 40, Partition: deptA,
		Entries: []ChangeEntry{{Key: recordKey(kindTest, id), Deleted: true, Clock: ^uint64(0) >> 1}}, Clock: ^uint64(0) >> 1}
	if _, err := b.ApplyChangeSet(signAs(t, a, cs)); !errors.Is(err, ErrChangeSetRefused) {
		t.Fatalf("a deletion under another partition: %v", err)
	}
	if _, err := get(b, id); err != nil {
		t.Fatalf("the record of partition B is gone: %v", err)
	}
}

func TestRule_EveryWritePathIsCapturedForReplication(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, scope := newDept(t, a)
	batchID, atomicID, undoneID := NewID(), NewID(), NewID()
	ok(t, a.WriteBatch(func(bt *Batch) error {
		if err := bt.Put(kindTest, batchID, scope, []byte("batch")); err != nil {
			return err
		}
		return bt.SetIndex(scope, "persnr", []byte("42"), kindTest, batchID)
	}))
	ok(t, a.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
		if err := w.PutNew(kindTest, atomicID, scope, []byte("atomic")); err != nil {
			return err
		}
		return w.SetIndex(scope, "persnr", []byte("43"), kindTest, atomicID, true)
	}))
	// A write that is rolled back leaves nothing on the other PC either.
	err := a.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
		if err := w.PutNew(kindTest, undoneID, scope, []byte("undone")); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return errors.New("cancelled")
	})
	if err == nil {
		t.Fatal("the cancelled write succeeded")
	}
	push(t, a, b)
	for id, want := range map[ID]string{batchID: "batch", atomicID: "atomic"} {
		got, err := get(b, id)
		ok(t, err)
		if string(got) != want {
			t.Fatalf("B reads %q, want %q", got, want)
		}
	}
	if _, err := get(b, undoneID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a rolled-back write reached B: %v", err)
	}
	for value, id := range map[string]ID{"42": batchID, "43": atomicID} {
		var ids []ID
		ok(t, b.View(func(tx *Tx) (err error) { ids, err = tx.Lookup(scope, "persnr", []byte(value)); return err }))
		if len(ids) != 1 || ids[0] != id {
			t.Fatalf("index %s on B finds %v", value, ids)
		}
	}
}

func TestRule_APCWhoseClockIsAnHourBehindStillWinsWithALaterEdit(t *testing.T) {
	a, b, ca, cb, _ := replicaPair(t)
	cb.t = ca.t.Add(-time.Hour) // B's clock is an hour behind
	id := NewID()
	put(t, a, id, directoryScope, "van A")
	push(t, a, b)
	put(t, b, id, directoryScope, "later op B") // after B saw A's edit
	push(t, b, a)
	got, err := get(a, id)
	ok(t, err)
	if string(got) != "later op B" {
		t.Fatalf("A holds %q: B's later edit lost to its slow clock", got)
	}
}

func TestRule_AFolderThatDoesNotReplicateWritesNoReplicationRecords(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	put(t, s, NewID(), directoryScope, "x")
	n := 0
	ok(t, s.View(func(tx *Tx) error {
		it := tx.txn.NewIterator(badgerPrefix(byte(kindChangeLog)))
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		it2 := tx.txn.NewIterator(badgerPrefix(byte(kindClock)))
		defer it2.Close()
		for it2.Rewind(); it2.Valid(); it2.Next() {
			n++
		}
		return nil
	}))
	if n != 0 {
		t.Fatalf("%d change-log or clock entries in a folder that never replicated", n)
	}
}

func badgerPrefix(p byte) badger.IteratorOptions {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{p}
	return o
}

func TestRule_AnAdminsLockOnAReplicatingPCDoesNotForkTheKeyring(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	put(t, b, NewID(), directoryScope, "x")
	ok(t, b.AppendAudit([]byte(`{"event":"test"}`)))
	push(t, b, a)
	va := b.v
	lines, err := b.KeyringEntries(0)
	ok(t, err)
	b.Lock() // B's admin locks: the audit head goes into B's store header, not the keyring
	b2, err := va.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	after, err := b2.KeyringEntries(0)
	ok(t, err)
	if len(after) != len(lines) {
		t.Fatalf("B's lock added %d keyring entries", len(after)-len(lines))
	}
	push(t, a, b2) // A's entries still follow B's head: no fork
	// Each PC checks its own audit chain, whatever another PC's admin anchored.
	ok(t, a.AppendAudit([]byte(`{"event":"op A"}`)))
	for name, s := range map[string]*Session{"A": a, "B": b2} {
		rep, err := s.VerifyAudit(t.Context(), AuditCheck{})
		ok(t, err)
		if len(rep.Problems) != 0 || rep.Head == 0 {
			t.Fatalf("%s's audit log: %+v", name, rep)
		}
	}
}

func TestRule_AWriteBetweenAPushAndItsAcknowledgementGoesOutWithTheNextPush(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	first, second := NewID(), NewID()
	put(t, a, first, directoryScope, "een")
	o, err := a.Outgoing(0)
	ok(t, err)
	put(t, a, second, directoryScope, "twee") // while the upload runs
	for _, cs := range o.Sets {
		_, err := b.ApplyChangeSet(cs)
		ok(t, err)
	}
	ok(t, a.Acknowledge(o))
	push(t, a, b)
	for id, want := range map[ID]string{first: "een", second: "twee"} {
		got, err := get(b, id)
		ok(t, err)
		if string(got) != want {
			t.Fatalf("B reads %q, want %q", got, want)
		}
	}
}

// FuzzParseChangeSet: the parser never panics, refuses with ErrChangeSetRefused only, and what
// it accepts marshals back to the same bytes.
func FuzzParseChangeSet(f *testing.F) {
	cs := &ChangeSet{Vault: "00112233445566778899aabbccddeeff", Seq: 3, Partition: 2, Clock: 9,
		Entries: []ChangeEntry{{Key: []byte{0x40, 1}, Value: []byte("v"), Clock: 9, Base: 4}, {Key: []byte{'i', 0, 0, 0, 2}, Deleted: true, Clock: 8}},
		Sig:     make([]byte, 64)}
	seed, err := cs.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	cs.v1 = true // a version-1 set (no bases) is still read
	seedV1, err := cs.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seedV1)
	f.Add([]byte("KLUISCS1"))
	f.Add([]byte("KLUISCS2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseChangeSet(data)
		if err != nil {
			if !errors.Is(err, ErrChangeSetRefused) {
				t.Fatalf("error not ErrChangeSetRefused: %v", err)
			}
			return
		}
		b, err := p.Marshal()
		if err != nil || !bytes.Equal(b, data) {
			t.Fatalf("accepted change set does not round-trip: %v", err)
		}
	})
}

func TestRule_AManagerSignsChangesOnlyForTheirDepartmentsAndTheDirectory(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	d1, sc1 := newDept(t, a)
	_, sc2 := newDept(t, a)
	_, err := a.AddUser(NewUser{Email: "chef@example.test", Passphrase: []byte("chef")}, RoleManager, d1)
	ok(t, err)
	push(t, a, b)
	va := a.v
	a.Lock()
	m, err := va.Unlock("chef@example.test", []byte("chef"))
	ok(t, err)
	defer m.Lock()
	id := NewID()
	put(t, m, id, sc1, "ziekmelding")
	push(t, m, b) // the manager's own department: applied at the HR/admin PC
	got, err := get(b, id)
	ok(t, err)
	if string(got) != "ziekmelding" {
		t.Fatalf("B reads %q", got)
	}
	key := append([]byte{byte(kindIndex)}, sc2.bytesSlice()...)
	key = append(key, make([]byte, 60)...)
	forged := signAs(t, m, &ChangeSet{Vault: m.vaultID, Device: m.DeviceID(), Seq: 1 << 30, Partition: sc2,
		Entries: []ChangeEntry{{Key: key, Clock: 1}}, Clock: 1})
	_, err = b.ApplyChangeSet(forged)
	var re *ChangeSetRefusedError
	if !errors.As(err, &re) || !bytes.Contains([]byte(re.Reason), []byte("may not write")) {
		t.Fatalf("a manager's set for another department: %v", err)
	}
}

// Rule (ADR 009): the hybrid clock survives a lock. A PC that applied an edit from a PC whose
// clock runs an hour ahead, and a PC whose own clock was set back after it pushed, both start
// their next session past every clock they sent or applied, so their later edit still wins.
func TestRule_ALaterEditAfterARestartWinsWhateverTheWallClock(t *testing.T) {
	a, b, ca, cb, _ := replicaPair(t)
	ca.t = cb.t.Add(time.Hour) // A runs an hour ahead
	id := NewID()
	put(t, a, id, directoryScope, "van A")
	push(t, a, b)
	relock := func(s *Session) *Session {
		v := s.v
		s.Lock()
		n, err := v.Unlock(testEmail, []byte(testPass))
		ok(t, err)
		t.Cleanup(n.Lock)
		return n
	}
	b = relock(b)
	put(t, b, id, directoryScope, "later op B, na een herstart")
	push(t, b, a)
	got, err := get(a, id)
	ok(t, err)
	if string(got) != "later op B, na een herstart" {
		t.Fatalf("A holds %q: B's edit after a restart lost to A's fast clock", got)
	}
	// A's clock is set back two hours and A restarts: its next edit still wins at B.
	ca.t = ca.t.Add(-2 * time.Hour)
	a = relock(a)
	put(t, a, id, directoryScope, "A, klok teruggezet")
	push(t, a, b)
	got, err = get(b, id)
	ok(t, err)
	if string(got) != "A, klok teruggezet" {
		t.Fatalf("B holds %q: A's edit after its clock was set back lost", got)
	}
}

// Rule (ADR 009): the bucket credentials a new PC joined with survive a restart before its
// first unlock, but only sealed: each active user opens them with their own key after
// unlocking; the folder holds them in no readable form, and dropping them removes the file.
func TestRule_TheJoinSecretIsKeptSealedForTheFirstUnlockOnly(t *testing.T) {
	_, _, a, _ := newTestVault(t, testOptions(nil))
	const secret = "canary-bucket-secret-1234"
	code, err := a.NewJoinCode()
	ok(t, err)
	lines, err := a.KeyringEntries(0)
	ok(t, err)
	users, err := a.LocalUsers()
	ok(t, err)
	dir := filepath.Join(t.TempDir(), "b")
	ok(t, JoinWithSecret(dir, code, lines, users, []byte(secret)))
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the bucket secret in clear", p)
		}
		return err
	})
	ok(t, err)
	v, err := Open(dir, testOptions(nil)) // a restart: nothing in memory
	ok(t, err)
	defer v.Close()
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	got, err := s.JoinSecret()
	ok(t, err)
	if string(got) != secret {
		t.Fatalf("the join secret opens as %q", got)
	}
	ok(t, s.DropJoinSecret())
	if _, err := s.JoinSecret(); !errors.Is(err, ErrNoJoinSecret) {
		t.Fatalf("after dropping it: %v", err)
	}
}

// backupFile writes a backup of s's vault to a new file.
func backupFile(t *testing.T, s *Session) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "backup.kluisbak")
	out, err := os.Create(file)
	ok(t, err)
	_, err = s.Backup(t.Context(), out, BackupOptions{})
	ok(t, err)
	ok(t, out.Close())
	return file
}

// restoredFolder restores file into a new folder and unlocks it for the admin, on clock c.
func restoredFolder(t *testing.T, file string, c *testClock) *Session {
	t.Helper()
	target := filepath.Join(t.TempDir(), "restored")
	_, err := Restore(t.Context(), file, target, RestoreOptions{Email: testEmail, Passphrase: []byte(testPass), Vault: testOptions(nil).WithNow(c.now)})
	ok(t, err)
	v, err := Open(target, testOptions(nil).WithNow(c.now))
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	r, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	return r
}

// TestRule_ARestoredFolderReplicatesUnderANewDeviceSoItsChangesAreNotSkipped: a backup of a
// replicating PC restored elsewhere gets a device id of its own. Under the backup's id its next
// change sets would carry numbers the other PCs already applied (the PC went on pushing after
// the backup) and they would be skipped as duplicates: that change would be lost.
func TestRule_ARestoredFolderReplicatesUnderANewDeviceSoItsChangesAreNotSkipped(t *testing.T) {
	a, b, ca, _, _ := replicaPair(t)
	put(t, a, NewID(), directoryScope, "voor de back-up")
	push(t, a, b)
	file := backupFile(t, a)
	for i := range 3 { // A goes on: its sequence numbers move past the backup's
		ca.t = ca.t.Add(time.Second)
		put(t, a, NewID(), directoryScope, fmt.Sprintf("na de back-up %d", i))
		push(t, a, b)
	}

	r := restoredFolder(t, file, ca)
	if r.DeviceID() == a.DeviceID() {
		t.Fatal("the restored folder kept the device id of the PC the backup came from")
	}
	ca.t = ca.t.Add(time.Minute)
	id := NewID()
	put(t, r, id, directoryScope, "na het terugzetten")
	push(t, r, b)
	got, err := get(b, id)
	if err != nil || string(got) != "na het terugzetten" {
		t.Fatalf("B does not have the restored PC's change: %q, %v", got, err)
	}
}

// TestRule_TheReSealAfterARevocationIsDoneOnceByTheAdminsPC: another admin's PC that receives
// a revocation does not re-seal the department itself (it would do the work twice and send a
// second copy of every record); it gets the re-sealed records from the revoking PC. Only when
// that PC has left the rotation unfinished for a day does it take over.
func TestRule_TheReSealAfterARevocationIsDoneOnceByTheAdminsPC(t *testing.T) {
	a, b, _, cb, _ := replicaPair(t)
	d, scope := newDept(t, a)
	put(t, a, NewID(), scope, "dossier")
	chef, err := a.AddUser(NewUser{Email: "chef@example.test", Passphrase: []byte("chef")}, RoleManager, d)
	ok(t, err)
	push(t, a, b)
	ok(t, a.Revoke(chef))
	if len(a.PendingRotation()) == 0 {
		t.Fatal("the revoking PC has no rotation to finish")
	}
	push(t, a, b) // the revocation's entries, before A re-sealed
	if p := b.PendingRotation(); len(p) != 0 {
		t.Fatalf("B would re-seal A's rotation too: %v", p)
	}
	resealed := -1
	ok(t, b.Rotate(t.Context(), RotateOptions{Done: func(n int) { resealed = n }}))
	if resealed != -1 {
		t.Fatalf("B re-sealed %d records of A's rotation", resealed)
	}
	cb.t = cb.t.Add(rotationTakeover + time.Hour)
	if p := b.PendingRotation(); !slices.Contains(p, scope) {
		t.Fatalf("a day later B does not take over the unfinished rotation: %v", p)
	}
	cb.t = cb.t.Add(-rotationTakeover - time.Hour)
	ok(t, a.Rotate(t.Context(), RotateOptions{}))
	push(t, a, b)
	if p := b.PendingRotation(); len(p) != 0 {
		t.Fatalf("B still sees a rotation after A finished it: %v", p)
	}
}
