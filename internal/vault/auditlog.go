package vault

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// The audit log (docs/adr/003-signed-keyring.md, "Audit log") is append-only and tamper-evident:
// entries are numbered 1, 2, 3, … (kind 0x02, key = kind ‖ sequence number), each carries the
// hash of the one before, and the last entry of every block (one append) is signed by the
// acting user's Ed25519 key, so every entry is covered by its author's signature. The head is
// anchored in the store header at every lock and in the signed keyring state at every admin
// change and admin lock, so removing, reordering, editing or cutting entries is found.
//
// The event itself is confidential: each session makes a random audit key, wraps it to the audit
// reader's public key in its first entry, and seals its events under it. The writer cannot read
// other sessions' events; admins (who hold the reader's private key) read all. Checking the
// chain needs no key at all.
//
// Entry layout (big-endian):
//
//	version (1) = 1 ‖ seq (8) ‖ prev hash (32) ‖ at, Unix ns (8) ‖ user (16) ‖ session (8)
//	‖ flags (1) ‖ payload length (4) ‖ payload ‖ signature (64, when flags has auditSigned)
//
// hash = SHA-256("kluis/v2/audit-entry" ‖ 0 ‖ everything before the signature); the signature
// covers "kluis/v2/audit-sig" ‖ 0 ‖ hash. A session's first entry (auditStart) holds the reader
// key's epoch (4) and the wrapped session key; the others the event sealed with
// XChaCha20-Poly1305 under the session key, with the 74 header bytes as associated data.

const (
	auditVersion    = 1
	auditHeaderSize = 74
	auditStart      = 1 << 0 // a session's first entry: the wrapped session key
	auditSigned     = 1 << 1 // the last entry of a block: signed
)

// auditWriter appends to the log for one session.
type auditWriter struct {
	mu      sync.Mutex
	seq     uint64 // the head's sequence number (0: empty log)
	hash    []byte // the head's hash
	key     []byte // this session's audit key, made at the first append
	session uint64 // sequence number of this session's first entry (0: none yet)
	issue   error  // what the check against the anchors found at unlock
}

func (a *auditWriter) wipe() {
	a.mu.Lock()
	vcrypto.Wipe(a.key)
	a.key = nil
	a.mu.Unlock()
}

func (a *auditWriter) head() auditHead {
	a.mu.Lock()
	defer a.mu.Unlock()
	return auditHead{Seq: a.seq, Hash: bytes.Clone(a.hash)}
}

func auditKey(seq uint64) []byte {
	var id ID
	binary.BigEndian.PutUint64(id[:8], seq)
	return recordKey(kindAudit, id)
}

// auditRaw is a parsed entry.
type auditRaw struct {
	seq, session uint64
	prev         []byte
	at           time.Time
	user         UserID
	flags        byte
	payload      []byte
	hash         []byte
	sig          []byte
	header       []byte
}

func parseAudit(v []byte) (auditRaw, error) {
	var r auditRaw
	if len(v) < auditHeaderSize+4 || v[0] != auditVersion {
		return r, errors.New("malformed audit entry")
	}
	r.seq = binary.BigEndian.Uint64(v[1:9])
	r.prev = v[9:41]
	r.at = time.Unix(0, int64(binary.BigEndian.Uint64(v[41:49]))).UTC()
	copy(r.user[:], v[49:65])
	r.session = binary.BigEndian.Uint64(v[65:73])
	r.flags = v[73]
	n := int(binary.BigEndian.Uint32(v[74:78]))
	end := auditHeaderSize + 4 + n
	if n < 0 || end > len(v) {
		return r, errors.New("malformed audit entry")
	}
	r.payload = v[78:end]
	r.header = v[:auditHeaderSize]
	r.hash = domainHash(vcrypto.LabelAuditEntry, v[:end])
	switch rest := v[end:]; {
	case r.flags&auditSigned != 0 && len(rest) == ed25519.SignatureSize:
		r.sig = rest
	case r.flags&auditSigned == 0 && len(rest) == 0:
	default:
		return r, errors.New("malformed audit entry")
	}
	return r, nil
}

// load finds the head of the log and checks it against the anchors: the signed state's and the
// store header's. A mismatch does not stop the unlock; it is kept as the session's AuditIssue.
func (a *auditWriter) load(s *Session, st *state) (err error) {
	defer guard(&err)
	var last []byte
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Reverse, o.Prefix = true, []byte{byte(kindAudit)}
		it := txn.NewIterator(o)
		defer it.Close()
		it.Seek(append([]byte{byte(kindAudit)}, bytes.Repeat([]byte{0xff}, 16)...))
		if it.Valid() {
			var err error
			last, err = it.Item().ValueCopy(nil)
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if last != nil {
		r, err := parseAudit(last)
		if err != nil {
			a.issue = fmt.Errorf("the newest audit entry is damaged")
		} else {
			a.seq, a.hash = r.seq, r.hash
		}
	}
	h, _, err := s.readHeader()
	if err != nil {
		return err
	}
	for _, anchor := range []struct {
		what string
		seq  uint64
		hash []byte
	}{{"the signed keyring", st.AuditHead.Seq, st.AuditHead.Hash}, {"the store header", h.AuditSeq, h.AuditHash}} {
		if a.issue != nil || anchor.seq == 0 {
			continue
		}
		if anchor.what == "the signed keyring" && s.rep.enabled.Load() {
			continue // each PC of a replicating vault keeps its own chain (ADR 009)
		}
		if anchor.seq > a.seq {
			a.issue = fmt.Errorf("the audit log ends at entry %d, but %s recorded entry %d: entries were removed", a.seq, anchor.what, anchor.seq)
			continue
		}
		hash, err := s.auditHashAt(anchor.seq)
		if err != nil || !bytes.Equal(hash, anchor.hash) {
			a.issue = fmt.Errorf("audit entry %d is not the one %s recorded: the log was changed", anchor.seq, anchor.what)
		}
	}
	return nil
}

func (s *Session) auditHashAt(seq uint64) ([]byte, error) {
	var hash []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(auditKey(seq))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			r, err := parseAudit(v)
			hash = r.hash
			return err
		})
	})
	return hash, err
}

// AuditIssue says what is wrong with the audit log as far as the unlock could see (the head
// against its anchors), or nil. Verify checks the whole chain.
func (s *Session) AuditIssue() error {
	s.audit.mu.Lock()
	defer s.audit.mu.Unlock()
	return s.audit.issue
}

// AppendAudit adds events (opaque bytes; internal/audit encodes them) to the audit log as one
// block signed by the session's user, durably. Every user appends; nobody can read what others
// appended except the holders of the audit reader key.
func (s *Session) AppendAudit(events ...[]byte) (err error) {
	if len(events) == 0 {
		return nil
	}
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	a := &s.audit
	a.mu.Lock()
	defer a.mu.Unlock()
	b := auditBlock{vaultID: s.vaultID, seq: a.seq, prev: a.hash, session: a.session, key: a.key,
		user: s.user, signer: s.signer, to: s.ks.auditTo, at: s.v.opts.Now().UTC()}
	entries, err := b.build(events)
	if err != nil {
		return err
	}
	seq, prev, session, key := b.seq, b.prev, b.session, b.key
	first := a.seq + 1
	err = s.db.Update(func(txn *badger.Txn) error {
		for i, v := range entries {
			if err := txn.Set(auditKey(first+uint64(i)), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = s.db.Sync()
	}
	if err != nil {
		if key != nil && a.key == nil {
			vcrypto.Wipe(key)
		}
		return fmt.Errorf("vault: append to the audit log: %w", err)
	}
	a.seq, a.hash, a.session, a.key = seq, prev, session, key
	return nil
}

// auditBlock builds one block of entries after the head (seq, prev) for a session (session,
// key: zero and nil before its first entry, then a start entry is made). It advances its fields
// to the new head.
type auditBlock struct {
	vaultID string
	seq     uint64
	prev    []byte
	session uint64
	key     []byte
	user    UserID
	signer  ed25519.PrivateKey
	to      auditKeyEntry
	at      time.Time
}

func (b *auditBlock) build(events [][]byte) ([][]byte, error) {
	var entries [][]byte
	add := func(flags byte, payload func(header []byte) ([]byte, error)) error {
		b.seq++
		if b.session == 0 {
			b.session = b.seq
		}
		h := make([]byte, auditHeaderSize, auditHeaderSize+4+128)
		h[0] = auditVersion
		binary.BigEndian.PutUint64(h[1:9], b.seq)
		copy(h[9:41], padHash(b.prev))
		binary.BigEndian.PutUint64(h[41:49], uint64(b.at.UnixNano()))
		copy(h[49:65], b.user[:])
		binary.BigEndian.PutUint64(h[65:73], b.session)
		h[73] = flags
		p, err := payload(h)
		if err != nil {
			return err
		}
		v := binary.BigEndian.AppendUint32(h, uint32(len(p)))
		v = append(v, p...)
		b.prev = domainHash(vcrypto.LabelAuditEntry, v)
		entries = append(entries, v)
		return nil
	}
	if b.key == nil {
		b.key = vcrypto.RandomKey()
		pub, err := ecdh.X25519().NewPublicKey(b.to.Public)
		if err != nil {
			return nil, fmt.Errorf("%w: the audit reader key", ErrKeyringTampered)
		}
		err = add(auditStart, func([]byte) ([]byte, error) {
			box, err := vcrypto.Wrap(pub, auditSessionContext(b.vaultID, b.seq, b.to.Epoch), b.key)
			if err != nil {
				return nil, err
			}
			return append(binary.BigEndian.AppendUint32(nil, b.to.Epoch), box...), nil
		})
		if err != nil {
			return nil, err
		}
	}
	for i, ev := range events {
		flags := byte(0)
		if i == len(events)-1 {
			flags = auditSigned // the block's last entry: its hash chains every entry of the block
		}
		if err := add(flags, func(h []byte) ([]byte, error) { return vcrypto.Seal(b.key, ev, h), nil }); err != nil {
			return nil, err
		}
	}
	sig := ed25519.Sign(b.signer, sigMessage(vcrypto.LabelAuditSig, b.prev))
	entries[len(entries)-1] = append(entries[len(entries)-1], sig...)
	return entries, nil
}

func padHash(h []byte) []byte {
	if len(h) == 32 {
		return h
	}
	return make([]byte, 32)
}

// anchorAudit records the audit head in the store header, and for an admin in the signed
// keyring state (an "anchor" entry when it moved). The caller holds s.mu exclusively.
func (s *Session) anchorAudit() error {
	head := s.audit.head()
	if head.Seq == 0 {
		return nil
	}
	h, _, err := s.readHeader()
	if err != nil {
		return err
	}
	if h.AuditSeq != head.Seq || !bytes.Equal(h.AuditHash, head.Hash) {
		h.AuditSeq, h.AuditHash = head.Seq, head.Hash
		if err := s.writeHeader(h); err != nil {
			return err
		}
	}
	// A replicating folder anchors in its store header only: an "anchor" entry at every admin's
	// lock on every PC would make the keyring fork between PCs (ADR 009).
	if s.Role() != RoleAdmin || s.rep.enabled.Load() {
		return nil
	}
	st := s.v.keyringSnapshot().st
	if st.AuditHead.Seq == head.Seq && bytes.Equal(st.AuditHead.Hash, head.Hash) {
		return nil
	}
	return s.changeState("anchor", func(*state) error { return nil })
}

// AuditEntry is one event of the audit log as an admin reads it.
type AuditEntry struct {
	Seq   uint64
	At    time.Time
	User  UserID
	Event []byte // as given to AppendAudit
	// Device is the PC whose log holds the entry when it is another PC's (ADR 009); zero for
	// this PC's own log. Seq numbers each PC's log on its own.
	Device ID
}

// AuditEntries calls fn for every event in order (admins and privacy officers: the audit reader
// key). Entries
// whose session key does not open are skipped and counted in the returned number.
func (s *Session) AuditEntries(fn func(AuditEntry) error) (unreadable int, err error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAuditReader(); err != nil {
		return 0, err
	}
	defer guard(&err)
	vaultID := s.vaultID
	keys := map[uint64][]byte{}
	defer func() {
		for _, k := range keys {
			vcrypto.Wipe(k)
		}
	}()
	err = s.db.View(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindAudit)}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			r, err := parseAudit(v)
			if err != nil {
				unreadable++
				continue
			}
			if r.flags&auditStart != 0 {
				if len(r.payload) < 4 {
					continue
				}
				epoch := binary.BigEndian.Uint32(r.payload[:4])
				if reader, ok := s.ks.readers[epoch]; ok {
					if k, err := vcrypto.Unwrap(reader, auditSessionContext(vaultID, r.seq, epoch), r.payload[4:]); err == nil {
						keys[r.seq] = k
					}
				}
				continue
			}
			key := keys[r.session]
			if key == nil {
				unreadable++
				continue
			}
			ev, err := vcrypto.Open(key, r.payload, r.header)
			if err != nil {
				unreadable++
				continue
			}
			if err := fn(AuditEntry{Seq: r.seq, At: r.at, User: r.user, Event: ev}); err != nil {
				return err
			}
		}
		n, err := s.remoteEntries(txn, fn) // then the other PCs' (ADR 009)
		unreadable += n
		return err
	})
	return unreadable, err
}

// AuditReport is what VerifyAudit found.
type AuditReport struct {
	Entries  int      // entries checked
	Head     uint64   // sequence number of the last entry
	Problems []string // each names the entry and what is wrong; empty when intact
}

// maxAuditProblems caps the problems listed (the first ones say where the damage starts).
const maxAuditProblems = 20

// AuditCheck steers VerifyAudit.
type AuditCheck struct {
	// Full checks every signature again, also those an admin's earlier check found valid.
	Full bool
	// Progress (may be nil) gets the entries checked so far now and then.
	Progress func(done int)
}

// VerifyAudit checks the whole audit log: numbered from 1 without gaps, each entry linked to the
// one before, every block signed by its user with a key the keyring names for them (their
// current key or one replaced by a recovery), sessions starting where they say, and the head not
// behind the anchors in the signed keyring and the store header. Any user can run it: nothing is
// decrypted. Signatures are checked on every core; those up to the signed checkpoint of an
// admin's earlier clean check are not checked again (unless Full), but the hash chain through
// them is, and must reach the checkpoint's hash. A clean check by an admin moves the checkpoint
// to the head (a keyring entry).
func (s *Session) VerifyAudit(ctx context.Context, opts AuditCheck) (AuditReport, error) {
	rep, err := s.verifyAudit(ctx, opts)
	if err == nil && len(rep.Problems) == 0 && rep.Head > 0 && s.Role() == RoleAdmin {
		if cerr := s.markAuditChecked(rep.Head); cerr != nil {
			s.v.opts.Logger.Warn("vault: the audit checkpoint was not recorded", "err", cerr)
		}
	}
	return rep, err
}

// markAuditChecked records, signed, that the log's signatures are valid through seq.
func (s *Session) markAuditChecked(seq uint64) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if s.rep.enabled.Load() {
		return nil // per-PC chains: no checkpoint in the shared keyring (ADR 009)
	}
	if s.v.keyringSnapshot().st.AuditChecked.Seq >= seq {
		return nil
	}
	hash, err := s.auditHashAt(seq)
	if err != nil {
		return err
	}
	return s.changeState("audit-checked", func(st *state) error {
		st.AuditChecked = auditHead{Seq: seq, Hash: hash}
		return nil
	})
}

func (s *Session) verifyAudit(ctx context.Context, opts AuditCheck) (rep AuditReport, err error) {
	progress := opts.Progress
	if err := s.enter(); err != nil {
		return rep, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	st := s.v.keyringSnapshot().st
	trusted := st.AuditChecked
	keyringHead := st.AuditHead
	if s.rep.enabled.Load() {
		// Each PC of a replicating vault keeps its own chain; the signed state's anchors are
		// whichever admin's PC wrote last (ADR 009). The store header still anchors this one.
		trusted, keyringHead = auditHead{}, auditHead{}
	}
	if opts.Full {
		trusted = auditHead{}
	}
	userKeys := map[UserID][][]byte{}
	for _, u := range st.Users {
		userKeys[u.ID] = append([][]byte{u.Ed25519}, u.FormerEd25519...)
	}
	problem := func(format string, args ...any) {
		if len(rep.Problems) < maxAuditProblems {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		}
	}
	type sigJob struct {
		seq  uint64
		keys [][]byte
		msg  []byte
		sig  []byte
	}
	jobs := make(chan []sigJob, 8)
	var (
		wg   sync.WaitGroup
		bad  sync.Mutex
		bads []uint64
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range jobs {
				for _, j := range batch {
					ok := false
					for _, k := range j.keys {
						if ed25519.Verify(k, j.msg, j.sig) {
							ok = true
							break
						}
					}
					if !ok {
						bad.Lock()
						bads = append(bads, j.seq)
						bad.Unlock()
					}
				}
			}
		}()
	}
	var batch []sigJob
	var prev []byte
	var want uint64 = 1
	var open *auditRaw // the last unsigned entry, whose block must go on
	sessions := map[uint64]UserID{}
	err = s.db.View(func(txn *badger.Txn) error {
		defer func() {
			if len(batch) > 0 {
				jobs <- batch
			}
			close(jobs)
		}()
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{byte(kindAudit)}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if rep.Entries%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if s.stopping() {
					return ErrLocked
				}
				if progress != nil {
					progress(rep.Entries)
				}
			}
			rep.Entries++
			key := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			r, err := parseAudit(v)
			if err != nil || !bytes.Equal(key, auditKey(r.seq)) {
				problem("entry %d is damaged", want)
				prev = nil
				want++
				continue
			}
			switch {
			case r.seq > want:
				problem("entries %d to %d are missing (removed)", want, r.seq-1)
			case r.seq < want:
				problem("entry %d appears twice", r.seq)
			}
			if prev != nil && !bytes.Equal(r.prev, prev) {
				problem("entry %d does not follow entry %d (an entry was removed, inserted, edited or moved)", r.seq, r.seq-1)
			}
			if r.flags&auditStart != 0 {
				if r.session != r.seq {
					problem("entry %d claims to start another session", r.seq)
				}
				sessions[r.seq] = r.user
			} else if u, ok := sessions[r.session]; !ok || u != r.user {
				problem("entry %d belongs to no session of its user", r.seq)
			}
			if open != nil && (open.session != r.session || open.user != r.user) {
				problem("the block ending before entry %d is not signed", r.seq)
			}
			if r.seq == trusted.Seq && !bytes.Equal(r.hash, trusted.Hash) {
				problem("entry %d is not the one an admin's check found valid", r.seq)
			}
			if r.flags&auditSigned != 0 && r.seq > trusted.Seq {
				keys := userKeys[r.user]
				if keys == nil {
					problem("entry %d is signed by a user the keyring does not know", r.seq)
				} else {
					batch = append(batch, sigJob{seq: r.seq, keys: keys, msg: sigMessage(vcrypto.LabelAuditSig, r.hash), sig: r.sig})
					if len(batch) == 256 {
						jobs <- batch
						batch = nil
					}
				}
			}
			if r.flags&auditSigned != 0 {
				open = nil
			} else {
				rr := r
				open = &rr
			}
			prev, want = r.hash, r.seq+1
			rep.Head = r.seq
		}
		return nil
	})
	wg.Wait()
	if err != nil {
		return rep, err
	}
	for _, seq := range bads {
		problem("the signature of entry %d does not verify (the entry was edited or forged)", seq)
	}
	if open != nil {
		problem("the last block (from entry %d) is not signed (entries were cut or added)", open.seq)
	}
	if trusted.Seq > rep.Head {
		problem("the log ends at entry %d, before entry %d that an admin's check found valid", rep.Head, trusted.Seq)
	}
	h, _, err := s.readHeader()
	if err != nil {
		return rep, err
	}
	for _, anchor := range []struct {
		what string
		seq  uint64
	}{{"the signed keyring", keyringHead.Seq}, {"the store header", h.AuditSeq}} {
		if anchor.seq > rep.Head {
			problem("the log ends at entry %d, but %s recorded entry %d: entries were removed from the end", rep.Head, anchor.what, anchor.seq)
		}
	}
	if keyringHead.Seq > 0 && keyringHead.Seq <= rep.Head {
		if hash, err := s.auditHashAt(keyringHead.Seq); err != nil || !bytes.Equal(hash, keyringHead.Hash) {
			problem("entry %d is not the one the signed keyring recorded", keyringHead.Seq)
		}
	}
	// The other PCs' logs this folder holds (ADR 009), each checked as when it was applied.
	err = s.db.View(func(txn *badger.Txn) error {
		n, err := s.verifyRemoteAudit(txn, st, problem)
		rep.Entries += n
		return err
	})
	if err != nil {
		return rep, err
	}
	if progress != nil {
		progress(rep.Entries)
	}
	return rep, nil
}

// AuditHead is the newest entry of the audit log: its number and hash (the arbo service keeps it
// as a witness, so a log cut or put back on this PC shows against it).
func (s *Session) AuditHead() (seq uint64, hash []byte, err error) {
	if err := s.enter(); err != nil {
		return 0, nil, err
	}
	defer s.mu.RUnlock()
	h := s.audit.head()
	return h.Seq, h.Hash, nil
}

// WitnessMismatch compares a head the arbo service holds with this log: nil when this log has
// that entry with that hash (it may have more), otherwise what is wrong, in words without
// contents.
func (s *Session) WitnessMismatch(seq uint64, hash []byte) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if h := s.audit.head(); seq > h.Seq {
		return fmt.Errorf("%w: the log ends at entry %d, the service holds entry %d (entries removed or an older log put back)", ErrWitness, h.Seq, seq)
	}
	if seq == 0 {
		return nil
	}
	got, err := s.auditHashAt(seq)
	if err != nil || !bytes.Equal(got, hash) {
		return fmt.Errorf("%w: entry %d is not the one the service holds (the log was changed)", ErrWitness, seq)
	}
	return nil
}
