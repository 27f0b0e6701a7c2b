package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"

	vcrypto "kluis/internal/vault/crypto"
)

// KeyringEntries returns the lines of keyring.log after serial afterSerial (JSON, one signed
// entry each, oldest first), for the bucket's keyring/<serial> objects.
func (s *Session) KeyringEntries(afterSerial uint64) ([][]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return keyringLines(s.v.dir, afterSerial)
}

func keyringLines(dir string, afterSerial uint64) ([][]byte, error) {
	entries, err := readLog(dir)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for i := afterSerial; i < uint64(len(entries)); i++ {
		line, err := json.Marshal(entries[i])
		if err != nil {
			return nil, err
		}
		out = append(out, line)
	}
	return out, nil
}

// verifiedEntry is a keyring entry from elsewhere, checked to follow the one before it, with
// the state it produces.
type verifiedEntry struct {
	raw  signedEntry
	e    *entry
	hash []byte
	st   *state
	enc  []byte
}

// followEntry checks that se follows prev (whose state is st) and replays its ops to the state
// it signed, as verifyHistory does for the whole log.
func followEntry(prev *entry, prevHash []byte, st *state, se signedEntry) (*verifiedEntry, error) {
	e, h, err := decodeEntry(se)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
	}
	if prev == nil {
		err = checkGenesis(e)
	} else {
		err = mayFollow(prev, prevHash, e)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
	}
	next, err := applyOps(st, e.Serial, e.Ops)
	if err != nil {
		return nil, fmt.Errorf("%w: entry %d: %v", ErrKeyringTampered, e.Serial, err)
	}
	enc := next.encode()
	if !bytes.Equal(stateHash(enc), e.State) || !sameAdmins(next.admins(), e.Admins) || !bytes.Equal(next.VaultSigner, e.VaultSigner) {
		return nil, fmt.Errorf("%w: entry %d does not produce the state it signed", ErrKeyringTampered, e.Serial)
	}
	if err := next.validate(); err != nil {
		return nil, fmt.Errorf("%w: entry %d: %v", ErrKeyringTampered, e.Serial, err)
	}
	return &verifiedEntry{raw: se, e: e, hash: h, st: next, enc: enc}, nil
}

func parseLine(line []byte) (signedEntry, error) {
	var se signedEntry
	if err := strictJSON(bytes.TrimSpace(line), &se); err != nil {
		return se, fmt.Errorf("%w: a keyring entry from elsewhere is not valid: %v", ErrKeyringTampered, err)
	}
	return se, nil
}

// ApplyKeyringEntries appends keyring entries made on other PCs, in serial order. An entry at
// or below the local head must be the local one (else ErrKeyringFork); each new one must
// follow the head (signed by an admin of the state before it, linked, replaying to the state it
// signed). keyring.json and keyring.log are written entry by entry as a local change is, the
// store header remembers the new head, and the session's keys are reloaded: new scopes and
// epochs open, and a session whose user was revoked or removed is locked (ErrRevoked).
func (s *Session) ApplyKeyringEntries(lines [][]byte) (applied int, err error) {
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
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	local, err := readLog(v.dir)
	if err != nil {
		return 0, err
	}
	for _, line := range lines {
		se, err := parseLine(line)
		if err != nil {
			return applied, err
		}
		cur := v.kr
		e, h, err := decodeEntry(se)
		if err != nil {
			return applied, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
		}
		if e.Serial <= cur.head.Serial {
			if e.Serial == cur.head.Serial && bytes.Equal(h, cur.headHash) {
				continue
			}
			if e.Serial-1 < uint64(len(local)) {
				if _, lh, err := decodeEntry(local[e.Serial-1]); err == nil && bytes.Equal(lh, h) {
					continue
				}
			}
			return applied, fmt.Errorf("%w: entry %d", ErrKeyringFork, e.Serial)
		}
		if e.Serial != cur.head.Serial+1 {
			return applied, fmt.Errorf("%w: entry %d arrived before entry %d", ErrKeyringTampered, e.Serial, cur.head.Serial+1)
		}
		ve, err := followEntry(cur.head, cur.headHash, cur.st, se)
		if err != nil {
			return applied, err
		}
		if err := s.keepStoreOpenable(cur.st, ve.st); errors.Is(err, errStoreKeyOutOfReach) {
			// The entries revoke this user, who cannot get the new keys: the session ends
			// without writing the entry that would leave the store unopenable for the folder's
			// other users (the next of them to unlock takes it up).
			revoked = true
			if applied > 0 {
				_, _ = s.bindHead(v.kr)
			}
			return applied, fmt.Errorf("%w: this user's access was withdrawn on another PC", ErrRevoked)
		} else if err != nil {
			return applied, err
		}
		kr := cur.withState(ve.st, ve.enc, ve.e, ve.raw, ve.hash)
		if err := writeKeyring(v.dir, kr); err != nil {
			return applied, err
		}
		if err := appendLog(v.dir, ve.raw); err != nil {
			v.opts.Logger.Warn("vault: keyring log not appended; the next open repairs it", "err", err)
		}
		v.kr = kr
		local = append(local, ve.raw)
		applied++
		// The session's keys follow entry by entry: the next entry may drop an epoch this one
		// made, whose records keepStoreOpenable then opens to seal them again.
		if u := ve.st.user(s.user); u != nil && u.Status == StatusActive {
			if err := s.reloadKeys(ve.st); err != nil {
				return applied, err
			}
		}
	}
	if applied == 0 {
		return 0, nil
	}
	revoked, err = s.bindHead(v.kr)
	return applied, err
}

// bindHead takes up a keyring head that came from elsewhere: it reloads the session's keys and
// records the head in the store header (so an older keyring.json put back is noticed), sealed
// under the current keys (keepStoreOpenable saw to it that the head still holds the key the
// header was sealed under). A session whose user the head revoked or removed gets ErrRevoked
// and revoked true (the caller locks it); its header is written under the keys it had. The
// caller holds s.mu exclusively.
func (s *Session) bindHead(kr *keyring) (revoked bool, err error) {
	active := true
	if u := kr.st.user(s.user); u == nil || u.Status != StatusActive {
		active = false
	} else if err := s.reloadKeys(kr.st); err != nil {
		return false, err
	}
	h, _, err := s.readHeader()
	if err != nil {
		return !active, err
	}
	h.KeyringSerial, h.KeyringHash = kr.head.Serial, kr.headHash
	err = s.writeHeader(h)
	if !active {
		return true, errors.Join(fmt.Errorf("%w: this user's access was withdrawn on another PC", ErrRevoked), err)
	}
	return false, err
}

// ---- users' local parts ----------------------------------------------------------------------

// replicatedUser is a user's local part as it travels (users/<id>): the KDF parameters and the
// passphrase-sealed private keys (never the failure counters, which stay on each PC), signed by
// the user or an active admin (who made it with AddUser), so a bucket holder cannot put one in.
// (Unlock also checks that the keys it opens are the user's public keys in the signed state.)
type replicatedUser struct {
	Local json.RawMessage `json:"local"`
	By    UserID          `json:"by"`
	Sig   []byte          `json:"sig"`
}

type travellingUser struct {
	ID            UserID   `json:"id"`
	KDF           kdfEntry `json:"kdf"`
	SealedPrivate []byte   `json:"sealed_private"`
}

func localUserSigned(vaultID string, body []byte) []byte {
	return sigMessage(vcrypto.LabelLocalUser, domainHash(vcrypto.LabelLocalUser, []byte(vaultID), []byte{0}, body))
}

// LocalUser is this session user's local part for the bucket's users/<id> object.
func (s *Session) LocalUser() ([]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	lu := s.v.keyringSnapshot().local.user(s.user)
	if lu == nil {
		return nil, fmt.Errorf("%w: user %s has no local part", ErrKeyringCorrupt, s.user)
	}
	return s.signLocal(lu)
}

// LocalUsers are the local parts of every user of the signed state this PC holds (admins:
// everyone's, so users an admin added here can unlock on other PCs; others: their own).
func (s *Session) LocalUsers() ([][]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	kr := s.v.keyringSnapshot()
	var out [][]byte
	for i := range kr.local.Users {
		lu := &kr.local.Users[i]
		if u := kr.st.user(lu.ID); u == nil || (lu.ID != s.user && s.Role() != RoleAdmin) {
			continue
		}
		b, err := s.signLocal(lu)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (s *Session) signLocal(lu *localUser) ([]byte, error) {
	body, err := json.Marshal(travellingUser{ID: lu.ID, KDF: lu.KDF, SealedPrivate: lu.SealedPrivate})
	if err != nil {
		return nil, err
	}
	return json.Marshal(replicatedUser{Local: body, By: s.user, Sig: ed25519.Sign(s.signer, localUserSigned(s.vaultID, body))})
}

// verifyLocalUser checks a users/<id> object against the signed state.
func verifyLocalUser(st *state, blob []byte) (travellingUser, error) {
	var r replicatedUser
	var t travellingUser
	if err := strictJSON(blob, &r); err != nil {
		return t, fmt.Errorf("%w: a user's local part is malformed", ErrKeyringTampered)
	}
	if err := strictJSON(r.Local, &t); err != nil {
		return t, fmt.Errorf("%w: a user's local part is malformed", ErrKeyringTampered)
	}
	u, by := st.user(t.ID), st.user(r.By)
	switch {
	case u == nil:
		return t, fmt.Errorf("%w: local part of user %s, who is not in the keyring", ErrNotFound, t.ID)
	case by == nil || (r.By != t.ID && (by.Role != RoleAdmin || by.Status != StatusActive)),
		!ed25519.Verify(by.Ed25519, localUserSigned(st.VaultID, r.Local), r.Sig):
		return t, fmt.Errorf("%w: the local part of user %s is not signed by them", ErrKeyringTampered, t.ID)
	case len(t.SealedPrivate) < sealedPrivateSize:
		return t, fmt.Errorf("%w: the local part of user %s is too short", ErrKeyringTampered, t.ID)
	}
	if err := t.KDF.validate(false); err != nil {
		return t, fmt.Errorf("%w: local part of user %s: %v", ErrKeyringTampered, t.ID, err)
	}
	return t, nil
}

// importLocal merges verified local parts into l: each replaces the user's KDF and sealed keys
// and keeps this PC's failure counters.
func importLocal(l *localSection, users []travellingUser) {
	for _, t := range users {
		if lu := l.user(t.ID); lu != nil {
			lu.KDF, lu.SealedPrivate = t.KDF, t.SealedPrivate
			continue
		}
		l.Users = append(l.Users, localUser{ID: t.ID, KDF: t.KDF, SealedPrivate: t.SealedPrivate})
	}
}

// ImportLocalUsers takes other PCs' users/<id> objects, so those users unlock here with their
// own passphrase. Each must be signed by its user's key in the signed state; the others are
// skipped and reported in the error (unknown users: ErrNotFound; forged: ErrKeyringTampered).
func (s *Session) ImportLocalUsers(blobs [][]byte) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	var good []travellingUser
	var errs []error
	for _, b := range blobs {
		t, err := verifyLocalUser(v.kr.st, b)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		good = append(good, t)
	}
	if len(good) > 0 {
		l := v.kr.local.clone()
		before, _ := json.Marshal(l.Users)
		importLocal(&l, good)
		if after, _ := json.Marshal(l.Users); !bytes.Equal(before, after) {
			if err := v.saveLocal(l); err != nil {
				return err
			}
		}
	}
	return errors.Join(errs...)
}
