package vault

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// A keyring fork: two admins changed access on two PCs between cycles, so both wrote an entry
// under the same serial and the bucket kept the first. RebaseKeyring keeps the bucket's entries
// and signs this PC's displaced ones again after them, when that is safe: the displaced entries
// are the session user's own, neither side re-keys (a rotation, a new staff or audit key, a
// recovery), and the two sides touch different users, scopes and fields. Anything else stays a
// fork (ErrKeyringFork) for an admin to settle.

// keyedFields are state fields whose change replaces key material: an entry that sets one is
// never signed again over another PC's entries.
var keyedFields = []string{"staff", "audit_keys", "vault_signer", "recovery", "lookup_salt", "founder", "vault_id", "pending_recovery"}

// RebaseKeyring takes the bucket's keyring entries from the fork on (lines, serial order, the
// first at or before the first serial where this PC's log differs), puts them in place of this
// PC's entries from that serial, and appends those entries signed again by the session user,
// each naming the hash it replaces. It returns how many entries were signed again. A session
// whose user was revoked by the bucket's entries is locked (ErrRevoked).
func (s *Session) RebaseKeyring(lines [][]byte) (rebased int, err error) {
	if err := s.enterExclusive(); err != nil {
		return 0, err
	}
	revoked := false
	defer func() {
		if revoked {
			s.Lock()
		}
	}()
	defer s.mu.Unlock()
	defer guard(&err)
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	local, err := readLog(v.dir)
	if err != nil {
		return 0, err
	}
	remote := make([]signedEntry, 0, len(lines))
	for _, line := range lines {
		se, err := parseLine(line)
		if err != nil {
			return 0, err
		}
		remote = append(remote, se)
	}
	fork, remote, err := forkPoint(local, remote)
	if err != nil || fork == 0 {
		return 0, err
	}
	// The state before the fork, verified from the genesis.
	var base *verifiedEntry
	for i := range fork - 1 {
		var prev *entry
		var prevHash []byte
		var st *state
		if base != nil {
			prev, prevHash, st = base.e, base.hash, base.st
		}
		if base, err = followEntry(prev, prevHash, st, local[i]); err != nil {
			return 0, err
		}
	}
	if base == nil {
		return 0, fmt.Errorf("%w: the genesis differs", ErrKeyringFork)
	}
	head := base
	var theirs []*verifiedEntry
	for _, se := range remote {
		if head, err = followEntry(head.e, head.hash, head.st, se); err != nil {
			return 0, err
		}
		theirs = append(theirs, head)
	}
	var ours []*entry
	var ourHashes [][]byte
	for _, se := range local[fork-1:] {
		e, h, err := decodeEntry(se)
		if err != nil {
			return 0, fmt.Errorf("%w: %s: %v", ErrKeyringTampered, logFile, err)
		}
		if e.By != s.user {
			return 0, fmt.Errorf("%w: entry %d on this PC was made by another administrator, who settles it at their next unlock here", ErrKeyringFork, e.Serial)
		}
		// Each PC of a replicating vault anchors its own audit chain in its store header; an
		// anchor this PC put in the keyring before it replicated is not carried over.
		e.Ops = slices.DeleteFunc(e.Ops, func(o op) bool { return o.Op == "set" && o.ID == "audit_head" })
		ours, ourHashes = append(ours, e), append(ourHashes, h)
	}
	var theirOps []op
	for _, t := range theirs {
		theirOps = append(theirOps, t.e.Ops...)
	}
	var ourOps []op
	for _, e := range ours {
		ourOps = append(ourOps, e.Ops...)
	}
	if why := rebaseConflict(base.st, ourOps, theirOps); why != "" {
		return 0, fmt.Errorf("%w: %s", ErrKeyringFork, why)
	}
	newLog := append(slices.Clone(local[:fork-1]), remote...)
	for i, e := range ours {
		next, err := applyOps(head.st, head.e.Serial+1, e.Ops)
		if err != nil {
			return 0, fmt.Errorf("%w: entry %d does not apply after the other PC's: %v", ErrKeyringFork, e.Serial, err)
		}
		if err := next.validate(); err != nil {
			return 0, fmt.Errorf("%w: entry %d does not apply after the other PC's: %v", ErrKeyringFork, e.Serial, err)
		}
		raw := next.encode()
		ne := &entry{Vault: next.VaultID, Serial: next.Serial, Prev: head.hash, At: e.At, By: s.user, What: e.What,
			Ops: diffState(head.st, next), State: stateHash(raw), Admins: next.admins(), VaultSigner: next.VaultSigner,
			Replaces: ourHashes[i]}
		se, _ := signEntry(ne, s.signer)
		// The same check any other PC makes: signed by an admin of the state before it.
		if head, err = followEntry(head.e, head.hash, head.st, se); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrKeyringFork, err)
		}
		newLog = append(newLog, se)
	}
	kr := v.kr.withState(head.st, head.enc, head.e, head.raw, head.hash)
	// The log first: a crash before keyring.json is written leaves the log ahead of its head,
	// which the next open completes from the log (repairLog).
	if err := rewriteLog(v.dir, newLog); err != nil {
		return 0, err
	}
	if err := writeKeyring(v.dir, kr); err != nil {
		return 0, err
	}
	v.kr = kr
	if err := s.bindHead(kr); err != nil {
		return len(ours), err
	}
	if u := kr.st.user(s.user); u == nil || u.Status != StatusActive {
		revoked = true
		return len(ours), fmt.Errorf("%w: this user's access was withdrawn on another PC", ErrRevoked)
	}
	return len(ours), s.reloadKeys(kr.st)
}

// forkPoint is the first serial where remote differs from local (0: none), with remote cut to
// start there. remote must be consecutive serials.
func forkPoint(local, remote []signedEntry) (uint64, []signedEntry, error) {
	for i, se := range remote {
		e, h, err := decodeEntry(se)
		if err != nil {
			return 0, nil, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
		}
		if i > 0 {
			if prev, _, _ := decodeEntry(remote[i-1]); prev == nil || e.Serial != prev.Serial+1 {
				return 0, nil, fmt.Errorf("%w: the bucket's entries are not consecutive", ErrKeyringTampered)
			}
		}
		if e.Serial == 0 || e.Serial > uint64(len(local)) {
			return 0, nil, nil // past this PC's head: plain entries to apply, no fork
		}
		if _, lh, err := decodeEntry(local[e.Serial-1]); err == nil && bytes.Equal(lh, h) {
			continue
		}
		if e.Serial == 1 {
			return 0, nil, fmt.Errorf("%w: the genesis differs", ErrKeyringFork)
		}
		return e.Serial, remote[i:], nil
	}
	return 0, nil, nil
}

// rebaseConflict says why our ops cannot be signed again after theirs ("" when they can): one
// side re-keys, or both touch the same user, scope or field.
func rebaseConflict(base *state, ours, theirs []op) string {
	touched := func(ops []op) (map[string]bool, string) {
		m := map[string]bool{}
		for _, o := range ops {
			switch o.Op {
			case "set":
				if slices.Contains(keyedFields, o.ID) {
					return nil, fmt.Sprintf("one PC changed the vault's %s", o.ID)
				}
				m["set:"+o.ID] = true
			case "user", "del_user":
				m["user:"+o.ID] = true
			case "scope":
				var id uint32
				if _, err := fmt.Sscan(o.ID, &id); err != nil || base.scope(ScopeID(id)) != nil {
					return nil, "one PC re-keyed a department or scope (a revocation or rotation)"
				}
				m["scope:"+o.ID] = true
			default:
				return nil, "one PC removed a scope"
			}
		}
		return m, ""
	}
	a, why := touched(ours)
	if why != "" {
		return why
	}
	b, why := touched(theirs)
	if why != "" {
		return why
	}
	for k := range a {
		if b[k] {
			return "both PCs changed " + strings.Replace(k, ":", " ", 1)
		}
	}
	return ""
}

// rebasedAway reports whether the entry a user attested is no longer in the log because a
// rebase signed it again: some entry of the log names it in Replaces.
func rebasedAway(dir string, kr *keyring, at *attestation) bool {
	if at.Serial == kr.head.Serial && bytes.Equal(at.Head, kr.headHash) {
		return false
	}
	entries, err := readLog(dir)
	if err != nil {
		return false
	}
	if at.Serial >= 1 && at.Serial <= uint64(len(entries)) {
		if _, h, err := decodeEntry(entries[at.Serial-1]); err == nil && bytes.Equal(h, at.Head) {
			return false
		}
	}
	for _, se := range append(entries, kr.headRaw) {
		if e, _, err := decodeEntry(se); err == nil && bytes.Equal(e.Replaces, at.Head) {
			return true
		}
	}
	return false
}
