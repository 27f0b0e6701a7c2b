package vault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	vcrypto "kluis/internal/vault/crypto"
)

// A keyring fork: two admins changed access on two PCs between cycles (or one PC was offline),
// so both wrote an entry under the same serial and the bucket kept the first. RebaseKeyring
// keeps the bucket's entries and signs this PC's displaced ones again after them, each merged
// onto the bucket's state object by object, when no user, scope or field was changed in
// substance on both sides: a user's substance is everything but the keys wrapped to them, a
// scope's everything but its copy sealed under the staff key. A revocation on one PC and an
// approval or a change of departments on the other thus both stand: the keys a rotation
// replaced are wrapped anew to every user whose wrapped keys no longer match the merged
// scopes, and a scope's staff copy is sealed again under the merged staff key where it was
// sealed under the other one. Two changes of the same user, two rotations of the same scope
// (two revocations: each rotates the storage and directory scopes), a change of the vault key,
// the recovery, the audit keys or the founder, a removed scope, and another admin's displaced
// entries stay a fork (ErrKeyringFork) for an admin to settle.

// keyedFields are state fields whose change replaces key material only one PC can hold: an
// entry that sets one is never signed again over another PC's entries. The staff key is not
// among them: the rebasing admin opens it with the vault key and seals the scopes anew.
var keyedFields = []string{"audit_keys", "vault_signer", "recovery", "lookup_salt", "founder", "vault_id", "pending_recovery"}

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
	// This PC's displaced entries, each with the state before and after it.
	var ours []*verifiedEntry
	prev := base
	for _, se := range local[fork-1:] {
		ve, err := followEntry(prev.e, prev.hash, prev.st, se)
		if err != nil {
			return 0, err
		}
		if ve.e.By != s.user {
			return 0, fmt.Errorf("%w: entry %d on this PC was made by another administrator, who settles it at their next unlock here", ErrKeyringFork, ve.e.Serial)
		}
		ours, prev = append(ours, ve), ve
	}
	if s.ks.vault == nil {
		return 0, fmt.Errorf("%w: this user no longer holds the vault key", ErrKeyringFork)
	}
	theirChanges := changesBetween(base.st, head.st)
	newLog := append(slices.Clone(local[:fork-1]), remote...)
	before := base.st
	for _, mine := range ours {
		next, why, err := mergeEntry(head.st, before, mine.st, theirChanges, s.ks.vault)
		if err != nil {
			return 0, err
		}
		if why != "" {
			return 0, fmt.Errorf("%w: %s", ErrKeyringFork, why)
		}
		before = mine.st
		next.Serial = head.e.Serial + 1
		if err := next.validate(); err != nil {
			return 0, fmt.Errorf("%w: entry %d does not apply after the other PC's: %v", ErrKeyringFork, mine.e.Serial, err)
		}
		raw := next.encode()
		ne := &entry{Vault: next.VaultID, Serial: next.Serial, Prev: head.hash, At: mine.e.At, By: s.user, What: mine.e.What,
			Ops: diffState(head.st, next), State: stateHash(raw), Admins: next.admins(), VaultSigner: next.VaultSigner,
			Replaces: mine.hash}
		se, _ := signEntry(ne, s.signer)
		// The same check any other PC makes: signed by an admin of the state before it.
		if head, err = followEntry(head.e, head.hash, head.st, se); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrKeyringFork, err)
		}
		newLog = append(newLog, se)
	}
	if err := s.keepStoreOpenable(v.kr.st, head.st); err != nil {
		return 0, err
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
	revoked, err = s.bindHead(kr)
	return len(ours), err
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

// forkChanges are the users, scopes and fields one side of a fork changed in substance.
type forkChanges struct {
	users  map[UserID]bool
	scopes map[ScopeID]bool
	fields map[string]bool
}

func changesBetween(before, after *state) forkChanges {
	c := forkChanges{users: map[UserID]bool{}, scopes: map[ScopeID]bool{}, fields: map[string]bool{}}
	oldF, newF := before.fieldValues(), after.fieldValues()
	for _, f := range settableFields {
		if !bytes.Equal(oldF[f], newF[f]) {
			c.fields[f] = true
		}
	}
	for _, u := range after.Users {
		if b := before.user(u.ID); b == nil || !sameUser(b, &u) {
			c.users[u.ID] = true
		}
	}
	for _, u := range before.Users {
		if after.user(u.ID) == nil {
			c.users[u.ID] = true
		}
	}
	for _, e := range after.Scopes {
		if b := before.scope(e.ID); b == nil || !sameScope(b, &e) {
			c.scopes[e.ID] = true
		}
	}
	for _, e := range before.Scopes {
		if after.scope(e.ID) == nil {
			c.scopes[e.ID] = true
		}
	}
	return c
}

// sameUser: equal but for the keys wrapped to them (which a rotation replaces for every holder).
func sameUser(a, b *userEntry) bool {
	x, y := *a, *b
	x.Wrapped, y.Wrapped = nil, nil
	return bytes.Equal(mustJSON(x), mustJSON(y))
}

// sameScope: equal but for the copies sealed under the staff key (which a staff rotation seals
// again for every scope).
func sameScope(a, b *scopeEntry) bool {
	strip := func(e scopeEntry) json.RawMessage {
		e.StaffSealed = nil
		if e.Previous != nil {
			p := *e.Previous
			p.StaffSealed = nil
			e.Previous = &p
		}
		return mustJSON(e)
	}
	return bytes.Equal(strip(*a), strip(*b))
}

// mergeEntry is the state that this PC's entry (before → after here) gives on top of head, the
// bucket's state, whose entries since the fork changed theirs; why says what stops it (both
// sides changed the same thing, or the entry changes key material only one PC can hold).
// vaultKey is the rebasing admin's: it opens the scope and staff keys to wrap and seal anew.
func mergeEntry(head, before, after *state, theirs forkChanges, vaultKey []byte) (next *state, why string, err error) {
	for _, f := range keyedFields {
		if theirs.fields[f] {
			return nil, fmt.Sprintf("one PC changed the vault's %s", f), nil
		}
	}
	next = head.clone()
	headF := head.fieldValues()
	mine := map[UserID]bool{} // users whose entry is this PC's (else the bucket's)
	for _, o := range diffState(before, after) {
		switch o.Op {
		case "set":
			if o.ID == "audit_head" {
				// Each PC of a replicating vault anchors its own audit chain in its store
				// header; an anchor this PC put in the keyring before it replicated is not
				// carried over.
				continue
			}
			if slices.Contains(keyedFields, o.ID) {
				return nil, fmt.Sprintf("one PC changed the vault's %s", o.ID), nil
			}
			if theirs.fields[o.ID] && !bytes.Equal(headF[o.ID], o.Value) {
				return nil, fmt.Sprintf("both PCs changed the vault's %s", o.ID), nil
			}
		case "user", "del_user":
			var id UserID
			if err := id.UnmarshalText([]byte(o.ID)); err != nil {
				return nil, "", fmt.Errorf("%w: op %s: %v", ErrKeyringTampered, o.Op, err)
			}
			if b, a := before.user(id), after.user(id); b != nil && a != nil && sameUser(b, a) {
				continue // only the keys wrapped to them: wrapped anew below
			}
			if theirs.users[id] {
				return nil, "both PCs changed user " + o.ID, nil
			}
			mine[id] = true
		case "scope":
			var id uint32
			if _, err := fmt.Sscan(o.ID, &id); err != nil {
				return nil, "", fmt.Errorf("%w: op scope: %v", ErrKeyringTampered, err)
			}
			if b, a := before.scope(ScopeID(id)), after.scope(ScopeID(id)); b != nil && a != nil && sameScope(b, a) {
				continue // only the staff copy: sealed anew below
			}
			if theirs.scopes[ScopeID(id)] {
				return nil, "both PCs changed or re-keyed scope " + o.ID + " (two revocations or rotations)", nil
			}
		default:
			return nil, "one PC removed a scope", nil
		}
		if next, err = applyOps(next, next.Serial, []op{o}); err != nil {
			return nil, "", fmt.Errorf("%w: %v", ErrKeyringTampered, err)
		}
	}
	if err := sealAnewUnderStaff(next, vaultKey); err != nil {
		return nil, "", err
	}
	return next, "", wrapAnew(next, vaultKey, func(id UserID) *state {
		if mine[id] {
			return after
		}
		return head
	})
}

// sealAnewUnderStaff seals each scope's keys again under st's staff key where their staff copy
// does not open under it (the other side of a fork replaced the staff key, or made the scope
// under the one replaced here).
func sealAnewUnderStaff(st *state, vaultKey []byte) error {
	staff, err := openSealed(vaultKey, st.Staff.Sealed, staffAD(st.VaultID, st.Staff.Epoch))
	if err != nil {
		return err
	}
	defer vcrypto.Wipe(staff)
	for i := range st.Scopes {
		e := &st.Scopes[i]
		if e.Kind == scopeAdmin {
			continue
		}
		if key, err := vcrypto.Open(staff, e.StaffSealed, staffScopeAD(st.VaultID, e.ID, e.Kind, e.Epoch)); err == nil {
			vcrypto.Wipe(key)
		} else {
			key, err := openSealed(vaultKey, e.Sealed, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
			if err != nil {
				return err
			}
			e.StaffSealed = vcrypto.Seal(staff, key, staffScopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
			vcrypto.Wipe(key)
		}
		if p := e.Previous; p != nil {
			if key, err := vcrypto.Open(staff, p.StaffSealed, staffScopeAD(st.VaultID, e.ID, e.Kind, p.Epoch)); err == nil {
				vcrypto.Wipe(key)
			} else if err := resealPreviousStaff(st.VaultID, e, vaultKey, staff); err != nil {
				return err
			}
		}
	}
	return nil
}

// wrapAnew gives every active user whose wrapped keys are not what their role gets in st the
// keys wrapped anew: a scope one side re-keyed, wrapped by the other side at the epoch before,
// or the staff key (whose wrap names no epoch) when the state the user's entry came from (from)
// had another. A user whose keys match keeps them, so the merged entry changes only what it
// must.
func wrapAnew(st *state, vaultKey []byte, from func(UserID) *state) error {
	staff, err := openSealed(vaultKey, st.Staff.Sealed, staffAD(st.VaultID, st.Staff.Epoch))
	if err != nil {
		return err
	}
	defer vcrypto.Wipe(staff)
	rk := rootKeys{vault: vaultKey, staff: staff}
	for i := range st.Users {
		u := &st.Users[i]
		if u.Status != StatusActive {
			u.Wrapped = nil
			continue
		}
		want := *u
		if err := grantKeys(st, &want, rk); err != nil {
			return err
		}
		staleStaff := slices.ContainsFunc(u.Wrapped, func(w wrappedKey) bool { return w.What == wrapStaff }) &&
			!bytes.Equal(from(u.ID).Staff.Sealed, st.Staff.Sealed)
		if staleStaff || !sameWrapped(u.Wrapped, want.Wrapped) {
			u.Wrapped = want.Wrapped
		}
	}
	return nil
}

// sameWrapped: the same keys (what, scope, epoch), in any order.
func sameWrapped(a, b []wrappedKey) bool {
	type held struct {
		what  string
		scope ScopeID
		epoch uint32
	}
	count := map[held]int{}
	for _, w := range a {
		count[held{w.What, w.Scope, w.Epoch}]++
	}
	for _, w := range b {
		count[held{w.What, w.Scope, w.Epoch}]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
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
