package vault

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkAuditAppendVsSealedWrite appends audit events in blocks of 100 (each block one
// synced transaction and one signature) and, in the same run, writes sealed records in
// transactions of 100 (synced), and reports the ratio of the two rates (target ≥ 0.5).
func BenchmarkAuditAppendVsSealedWrite(b *testing.B) {
	s := benchSession(b)
	event := []byte(`{"at":"2026-12-01T10:00:00Z","user":"0123456789abcdef0123456789abcdef","action":"identity.read","subjects":["0123456789abcdef0123456789abcdef"],"count":1}`)
	payload := benchPayloads(1)[0]
	const block = 100
	events := make([][]byte, block)
	for i := range events {
		events[i] = event
	}
	var auditTime, sealTime time.Duration
	for b.Loop() {
		start := time.Now()
		if err := s.AppendAudit(events...); err != nil {
			b.Fatal(err)
		}
		auditTime += time.Since(start)
		start = time.Now()
		if err := s.Update(func(tx *Tx) error {
			for range block {
				if err := tx.Put(kindTest, NewID(), s.DirectoryScope(), payload); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		sealTime += time.Since(start)
	}
	n := float64(b.N * block)
	b.ReportMetric(n/auditTime.Seconds(), "audit-entries/s")
	b.ReportMetric(n/sealTime.Seconds(), "sealed-records/s")
	b.ReportMetric(sealTime.Seconds()/auditTime.Seconds(), "ratio")
}

// BenchmarkVerifyAudit checks an audit log of KLUIS_AUDIT_ENTRIES entries (default 100,000),
// each its own signed block, as the window writes them (one event per action): the worst case
// for verification, one Ed25519 check per entry. "full" checks every signature; "after a
// checkpoint" is every later check, which re-hashes the whole chain but verifies only the
// signatures after an admin's last clean check (here: none).
func BenchmarkVerifyAudit(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("KLUIS_AUDIT_ENTRIES")); err == nil && v > 0 {
		n = v
	}
	s := benchSession(b)
	buildAuditLog(b, s, n)
	check := func(b *testing.B, full bool) {
		for b.Loop() {
			rep, err := s.VerifyAudit(context.Background(), AuditCheck{Full: full})
			if err != nil || rep.Entries != n+1 || len(rep.Problems) != 0 {
				b.Fatalf("%d entries, %v, %v", rep.Entries, rep.Problems, err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	}
	b.Run("full", func(b *testing.B) { check(b, true) })
	b.Run("after a checkpoint", func(b *testing.B) { check(b, false) })
}

// buildAuditLog writes n signed one-event blocks straight into the store (as n appends would,
// without n fsyncs), after a session start.
func buildAuditLog(b *testing.B, s *Session, n int) {
	b.Helper()
	a := &s.audit
	blk := auditBlock{vaultID: s.vaultID, user: s.user, signer: s.signer, to: s.ks.auditTo, at: time.Now().UTC()}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	event := [][]byte{[]byte(`{"action":"identity.read","count":1}`)}
	for range n {
		first := blk.seq + 1
		entries, err := blk.build(event)
		if err != nil {
			b.Fatal(err)
		}
		for i, e := range entries {
			if err := wb.Set(auditKey(first+uint64(i)), e); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	a.seq, a.hash, a.session, a.key = blk.seq, blk.prev, blk.session, blk.key
}

// BenchmarkUnlockChainCheck measures the signature-chain check of an unlock (without the key
// derivation) for a keyring of 300 signed entries: for a user who verified the head before
// (the usual unlock), and for a user's first unlock (the whole log from the genesis).
func BenchmarkUnlockChainCheck(b *testing.B) {
	dir, v, s, _ := newTestVault(b, testOptions(nil))
	for i := range 299 {
		if i%3 == 0 {
			if _, err := s.AddUser(NewUser{Email: fmt.Sprintf("u%d@example.test", i), Passphrase: []byte("p")}, RoleUser); err != nil {
				b.Fatal(err)
			}
		} else if err := s.NewDepartments(NewID()); err != nil {
			b.Fatal(err)
		}
	}
	kr := v.keyringSnapshot()
	if kr.head.Serial != 300 {
		b.Fatalf("%d entries", kr.head.Serial)
	}
	full, err := verifyChain(dir, kr, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("attested head", func(b *testing.B) {
		for b.Loop() {
			if _, err := verifyChain(dir, kr, &full); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("first unlock, 300 entries", func(b *testing.B) {
		for b.Loop() {
			if _, err := verifyChain(dir, kr, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
