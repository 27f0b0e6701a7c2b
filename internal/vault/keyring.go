package vault

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// File names inside the vault folder.
const (
	keyringFile = "keyring.json"
	logFile     = "keyring.log"
	dataDir     = "data"
	lockFile    = "kluis.lock"
)

const (
	keyringFormat  = "kluis-keyring"
	keyringVersion = 3
	// keyringVersion2 is read as it is: format 3 (ADR 014) changed the store's blind-index
	// entries, not the keyring; its first write says 3, so an older Kluis no longer opens it.
	keyringVersion2 = 2
	lookupSaltSize  = 32
	kdfSaltSize     = 16
	// sealed private keys: XChaCha nonce 24 + X25519 32 + Ed25519 seed 32 + tag 16 (+ attestation)
	privateKeysSize   = 64
	sealedPrivateSize = 24 + privateKeysSize + 16
)

// FormatVersion is the vault format this build reads and writes (docs/format.md): the keyring's
// version, which the store header repeats. Shown in the support information.
const FormatVersion = keyringVersion

// keyringEnvelope is the file: the body and a SHA-256 of its exact bytes, so that a truncated or
// edited file is reported as such (ErrKeyringCorrupt) and never half-read.
type keyringEnvelope struct {
	Keyring json.RawMessage `json:"keyring"`
	SHA256  string          `json:"sha256"`
}

// keyringBody is keyring.json of format 2: the signed state at the head of the log, the head
// entry that signs it, and the local part nobody signs (each user's passphrase-sealed private
// keys and the unlock back-off counters), whose integrity comes from the passphrase AEAD.
type keyringBody struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	Head    signedEntry     `json:"head"`
	State   json.RawMessage `json:"state"`
	Local   localSection    `json:"local"`
}

// localSection is what each user changes without an admin: their own sealed private keys (with
// the KDF parameters) and the failed-unlock counters, per user.
type localSection struct {
	Users []localUser `json:"users"`
	// Unknown counts failed unlocks with an e-mail that belongs to no user.
	Unknown failureCounter `json:"unknown_failures"`
	// Failed lists failed unlocks not yet written to the audit log (the next unlock does).
	Failed []failedUnlock `json:"failed_unlocks,omitempty"`
}

type localUser struct {
	ID            UserID         `json:"id"`
	KDF           kdfEntry       `json:"kdf"`
	SealedPrivate []byte         `json:"sealed_private"`
	Failures      failureCounter `json:"failures"`
}

type failureCounter struct {
	Count int       `json:"count"`
	Last  time.Time `json:"last,omitzero"`
}

type failedUnlock struct {
	At   time.Time `json:"at"`
	User UserID    `json:"user,omitzero"` // zero: an e-mail that belongs to no user
}

// maxFailedKept caps the failed unlocks waiting for the audit log.
const maxFailedKept = 200

func (l *localSection) user(id UserID) *localUser {
	for i := range l.Users {
		if l.Users[i].ID == id {
			return &l.Users[i]
		}
	}
	return nil
}

func (l *localSection) clone() localSection {
	b, _ := json.Marshal(l)
	var c localSection
	_ = json.Unmarshal(b, &c)
	return c
}

// keyring is keyring.json in memory: the state (parsed and as canonical bytes), the head entry
// that signs it, and the local part.
type keyring struct {
	st       *state
	stateRaw []byte // canonical (compact) bytes, whose hash the head carries
	head     *entry
	headRaw  signedEntry
	headHash []byte
	local    localSection
}

// withState returns a copy of kr with a new state and head.
func (kr *keyring) withState(st *state, stateRaw []byte, head *entry, headRaw signedEntry, headHash []byte) *keyring {
	return &keyring{st: st, stateRaw: stateRaw, head: head, headRaw: headRaw, headHash: headHash, local: kr.local.clone()}
}

// withLocal returns a copy of kr with another local part.
func (kr *keyring) withLocal(l localSection) *keyring {
	c := *kr
	c.local = l
	return &c
}

// parseKeyring reads keyring.json bytes. Every problem is ErrKeyringCorrupt naming what is
// wrong; a keyring of format 1 is errFormat1 (an admin's unlock upgrades it).
func parseKeyring(data []byte) (*keyring, error) {
	body, err := parseEnvelope(data)
	if err != nil {
		return nil, err
	}
	var probe struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, corruptKeyring("keyring body: %v", err)
	}
	if probe.Format != keyringFormat {
		return nil, corruptKeyring("unknown format %q", probe.Format)
	}
	if probe.Version == 1 {
		return nil, errFormat1
	}
	if probe.Version > keyringVersion {
		return nil, fmt.Errorf("%w (format %d; this Kluis reads up to %d)", ErrNewerFormat, probe.Version, keyringVersion)
	}
	if probe.Version != keyringVersion && probe.Version != keyringVersion2 {
		return nil, corruptKeyring("unsupported version %d", probe.Version)
	}
	var kb keyringBody
	if err := strictJSON(body, &kb); err != nil {
		return nil, corruptKeyring("keyring body: %v", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, kb.State); err != nil {
		return nil, corruptKeyring("state: %v", err)
	}
	var st state
	if err := strictJSON(compact.Bytes(), &st); err != nil {
		return nil, corruptKeyring("state: %v", err)
	}
	if err := st.validate(); err != nil {
		return nil, corruptKeyring("state: %v", err)
	}
	head, headHash, err := decodeEntry(kb.Head)
	if err != nil {
		return nil, corruptKeyring("head entry: %v", err)
	}
	for i, u := range kb.Local.Users {
		if len(u.SealedPrivate) < sealedPrivateSize {
			return nil, corruptKeyring("local user %d: sealed private key too short", i)
		}
		if err := u.KDF.validate(false); err != nil {
			return nil, corruptKeyring("local user %d: %v", i, err)
		}
	}
	return &keyring{st: &st, stateRaw: compact.Bytes(), head: head, headRaw: kb.Head, headHash: headHash, local: kb.Local}, nil
}

func parseEnvelope(data []byte) ([]byte, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, corruptKeyring("%s is empty", keyringFile)
	}
	var env keyringEnvelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, corruptKeyring("%s is not valid JSON (truncated or edited?): %v", keyringFile, err)
		}
		return nil, corruptKeyring("%s: %v", keyringFile, err)
	}
	if dec.More() {
		return nil, corruptKeyring("%s has data after the keyring", keyringFile)
	}
	if len(env.Keyring) == 0 || env.SHA256 == "" {
		return nil, corruptKeyring("%s lacks the keyring or its checksum", keyringFile)
	}
	sum := sha256.Sum256(env.Keyring)
	want, err := hex.DecodeString(env.SHA256)
	if err != nil || !hmac.Equal(sum[:], want) {
		return nil, corruptKeyring("%s checksum mismatch (file edited or damaged)", keyringFile)
	}
	return env.Keyring, nil
}

// marshal renders keyring.json: envelope with the body's checksum.
func (kr *keyring) marshal() ([]byte, error) {
	body, err := json.MarshalIndent(keyringBody{Format: keyringFormat, Version: keyringVersion, Head: kr.headRaw,
		State: kr.stateRaw, Local: kr.local}, "  ", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal keyring: %w", err)
	}
	sum := sha256.Sum256(body)
	var b bytes.Buffer
	b.WriteString("{\n  \"keyring\": ")
	b.Write(body)
	b.WriteString(",\n  \"sha256\": \"")
	b.WriteString(hex.EncodeToString(sum[:]))
	b.WriteString("\"\n}\n")
	return b.Bytes(), nil
}

// writeKeyring replaces DIR/keyring.json atomically.
func writeKeyring(dir string, kr *keyring) error {
	data, err := kr.marshal()
	if err != nil {
		return err
	}
	if err := writeAtomic(dir, keyringFile, data); err != nil {
		return fmt.Errorf("write keyring: %w", err)
	}
	return nil
}

// writeAtomic replaces dir/name: temp file, fsync, rename, fsync of the folder, so a crash
// leaves either the old file or the new one. The file is readable by its owner only.
func writeAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Chmod(0o600)
	}
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, filepath.Join(dir, name))
	}
	if werr != nil {
		_ = os.Remove(tmp)
		return werr
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}

func readKeyringFile(dir string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, keyringFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: no %s in the vault folder", ErrNotFound, keyringFile)
	}
	if err != nil {
		return nil, fmt.Errorf("read keyring: %w", err)
	}
	return data, nil
}

// emailLookup is HMAC-SHA256(lookup salt, lower(trim(email))).
func emailLookup(salt []byte, email string) []byte {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return m.Sum(nil)
}

// ---- the keyring log ------------------------------------------------------------------------

// entry is one signed change of the keyring state (docs/adr/003-signed-keyring.md). It verifies
// on its own, given the entry before it: the admins listed there (or the vault signer, for a
// change made with the recovery code) are who may sign it.
type entry struct {
	Vault  string    `json:"vault"`
	Serial uint64    `json:"serial"`
	Prev   []byte    `json:"prev,omitempty"` // hash of the previous entry; empty for the first
	At     time.Time `json:"at"`
	By     UserID    `json:"by"`   // the acting admin
	What   string    `json:"what"` // a short code: genesis, upgrade, approve, role, revoke, ...
	Ops    []op      `json:"ops"`
	State  []byte    `json:"state"` // hash of the state after
	// Admins and VaultSigner are who may sign the next entry.
	Admins      []adminKey `json:"admins"`
	VaultSigner []byte     `json:"vault_signer"`
	Signer      []byte     `json:"signer"` // the Ed25519 public key that signed this entry
	// Replaces: the hash of this PC's entry that another PC's entries under the same serial
	// displaced and that this entry signs again after them (RebaseKeyring). A user who attested
	// the displaced entry still opens the vault: the chain is then checked from its genesis.
	Replaces []byte `json:"replaces,omitempty"`
}

type adminKey struct {
	ID  UserID `json:"id"`
	Key []byte `json:"key"`
}

// signedEntry is an entry as stored: its compact JSON and the signature over its hash.
type signedEntry struct {
	Signed json.RawMessage `json:"signed"`
	Sig    []byte          `json:"sig"`
}

// Entry kinds (entry.What) whose signer is the vault signer instead of an admin.
const whatRecovery = "recovery"

func signEntry(e *entry, key ed25519.PrivateKey) (signedEntry, []byte) {
	e.Signer = bytes.Clone(key.Public().(ed25519.PublicKey))
	raw := mustJSON(e)
	h := domainHash(vcrypto.LabelEntry, raw)
	return signedEntry{Signed: raw, Sig: ed25519.Sign(key, sigMessage(vcrypto.LabelEntrySig, h))}, h
}

// decodeEntry parses a stored entry and checks that its own signer signed it (whether that
// signer may sign is verifyNext's question).
func decodeEntry(se signedEntry) (*entry, []byte, error) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, se.Signed); err != nil {
		return nil, nil, err
	}
	raw := compact.Bytes()
	var e entry
	if err := strictJSON(raw, &e); err != nil {
		return nil, nil, err
	}
	h := domainHash(vcrypto.LabelEntry, raw)
	if len(e.Signer) != ed25519.PublicKeySize || !ed25519.Verify(e.Signer, sigMessage(vcrypto.LabelEntrySig, h), se.Sig) {
		return nil, nil, fmt.Errorf("entry %d: signature does not verify", e.Serial)
	}
	return &e, h, nil
}

// mayFollow checks that e may come after prev (whose hash is prevHash): same vault, next
// serial, linked, and signed by an admin of prev's state (or, for a recovery, its vault signer).
func mayFollow(prev *entry, prevHash []byte, e *entry) error {
	switch {
	case e.Vault != prev.Vault:
		return fmt.Errorf("entry %d belongs to another vault", e.Serial)
	case e.Serial != prev.Serial+1:
		return fmt.Errorf("entry %d follows entry %d", e.Serial, prev.Serial)
	case !bytes.Equal(e.Prev, prevHash):
		return fmt.Errorf("entry %d does not link to entry %d", e.Serial, prev.Serial)
	}
	if e.What == whatRecovery {
		if !bytes.Equal(e.Signer, prev.VaultSigner) {
			return fmt.Errorf("entry %d (recovery) is not signed with the vault key", e.Serial)
		}
		return nil
	}
	for _, a := range prev.Admins {
		if a.ID == e.By && bytes.Equal(a.Key, e.Signer) {
			return nil
		}
	}
	return fmt.Errorf("entry %d is not signed by an administrator", e.Serial)
}

// checkGenesis checks the first entry: serial 1, no predecessor, signed by one of the admins it
// names. Whether this genesis is the right one is the trust anchor's question (attestation).
func checkGenesis(e *entry) error {
	if e.Serial != 1 || len(e.Prev) != 0 {
		return errors.New("the first entry is not a genesis")
	}
	for _, a := range e.Admins {
		if a.ID == e.By && bytes.Equal(a.Key, e.Signer) {
			return nil
		}
	}
	return errors.New("the genesis is not signed by the administrator it names")
}

// readLog reads keyring.log: one signed entry per line, serial 1 first.
func readLog(dir string) ([]signedEntry, error) {
	f, err := os.Open(filepath.Join(dir, logFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read keyring log: %w", err)
	}
	defer f.Close()
	var out []signedEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var se signedEntry
		if err := strictJSON(line, &se); err != nil {
			// A last line cut short by a crash during an append: the head in keyring.json
			// still has the entry, and repairLog writes it again.
			if !sc.Scan() {
				break
			}
			return nil, corruptKeyring("%s line %d: %v", logFile, len(out)+1, err)
		}
		out = append(out, se)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read keyring log: %w", err)
	}
	return out, nil
}

// appendLog appends an entry to keyring.log and syncs it.
func appendLog(dir string, se signedEntry) error {
	line, err := json.Marshal(se)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, logFile), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("append keyring log: %w", err)
	}
	_, werr := f.Write(append(line, '\n'))
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("append keyring log: %w", werr)
	}
	return nil
}

// rewriteLog replaces keyring.log with entries (a repair after a crash cut the last line).
func rewriteLog(dir string, entries []signedEntry) error {
	var b bytes.Buffer
	for _, se := range entries {
		line, err := json.Marshal(se)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return writeAtomic(dir, logFile, b.Bytes())
}

// repairLog makes keyring.log end with the head: keyring.json is written before the log, so a
// crash in between leaves the log one entry short (or with a cut last line).
// A rebase (RebaseKeyring) writes the log before keyring.json, so a crash in between leaves the
// log ahead: the keyring is then completed from the log (it returns the keyring to use).
func repairLog(dir string, kr *keyring) (*keyring, error) {
	entries, err := readLog(dir)
	if err != nil {
		return nil, err
	}
	n := uint64(len(entries))
	switch {
	case n == kr.head.Serial:
		return kr, nil
	case n+1 == kr.head.Serial:
		return kr, rewriteLog(dir, append(entries, kr.headRaw))
	case n == 0 && kr.head.Serial > 1:
		return kr, nil // no history on this PC (a copy without the log): attested users still open it
	case n > kr.head.Serial:
		return completeFromLog(dir, kr, entries)
	default:
		return nil, corruptKeyring("%s has %d entries but the keyring is at entry %d", logFile, n, kr.head.Serial)
	}
}

// completeFromLog replays a log that is ahead of keyring.json from its genesis and writes its
// head into keyring.json, when the log holds keyring.json's head or an entry that replaces it.
func completeFromLog(dir string, kr *keyring, entries []signedEntry) (*keyring, error) {
	var last *verifiedEntry
	known := false
	for _, se := range entries {
		var prev *entry
		var prevHash []byte
		var st *state
		if last != nil {
			prev, prevHash, st = last.e, last.hash, last.st
		}
		ve, err := followEntry(prev, prevHash, st, se)
		if err != nil {
			return nil, err
		}
		known = known || bytes.Equal(ve.hash, kr.headHash) || bytes.Equal(ve.e.Replaces, kr.headHash)
		last = ve
	}
	if !known {
		return nil, corruptKeyring("%s has %d entries but the keyring is at entry %d", logFile, len(entries), kr.head.Serial)
	}
	next := kr.withState(last.st, last.enc, last.e, last.raw, last.hash)
	if err := writeKeyring(dir, next); err != nil {
		return nil, err
	}
	return next, nil
}

// attestation is what a user's sealed private keys also remember: the genesis of the keyring
// they trust and the newest entry they have verified. It is sealed under their passphrase, so
// nobody else can change it; it makes the first entry a trust anchor and lets the next unlock
// check only what changed since.
type attestation struct {
	Genesis []byte `json:"genesis"`
	Serial  uint64 `json:"serial"`
	Head    []byte `json:"head"`
}

// verifyChain checks that the head of kr descends from what the user attested (nil: nothing
// yet, so the whole log from its genesis is checked and the genesis becomes the anchor). It
// returns the attestation for the head.
func verifyChain(dir string, kr *keyring, at *attestation) (attestation, error) {
	head := kr.head
	if !bytes.Equal(head.State, stateHash(kr.stateRaw)) || head.Serial != kr.st.Serial || head.Vault != kr.st.VaultID {
		return attestation{}, fmt.Errorf("%w: the keyring state is not the one its newest entry signed", ErrKeyringTampered)
	}
	if !sameAdmins(head.Admins, kr.st.admins()) {
		return attestation{}, fmt.Errorf("%w: the keyring's administrators are not the ones its newest entry signed", ErrKeyringTampered)
	}
	if at != nil && rebasedAway(dir, kr, at) {
		full, err := verifyChain(dir, kr, nil)
		if err != nil {
			return attestation{}, err
		}
		if !bytes.Equal(full.Genesis, at.Genesis) {
			return attestation{}, fmt.Errorf("%w: the keyring does not start at the genesis verified before", ErrKeyringTampered)
		}
		return full, nil
	}
	if at != nil {
		switch {
		case at.Serial > head.Serial:
			return attestation{}, &RollbackError{What: keyringFile, Have: head.Serial, Seen: at.Serial}
		case at.Serial == head.Serial:
			if !bytes.Equal(at.Head, kr.headHash) {
				return attestation{}, fmt.Errorf("%w: entry %d differs from the one verified before", ErrKeyringTampered, head.Serial)
			}
			return *at, nil
		}
	}
	entries, err := readLog(dir)
	if err != nil {
		return attestation{}, err
	}
	if uint64(len(entries)) < head.Serial-1 {
		return attestation{}, corruptKeyring("%s lacks entries before entry %d; restore the vault folder from a backup", logFile, head.Serial)
	}
	from := uint64(1)
	if at != nil {
		from = at.Serial
	}
	var prev *entry
	var prevHash, genesis []byte
	for serial := from; serial < head.Serial; serial++ {
		e, h, err := decodeEntry(entries[serial-1])
		if err != nil {
			return attestation{}, fmt.Errorf("%w: %s: %v", ErrKeyringTampered, logFile, err)
		}
		switch {
		case prev == nil && at == nil:
			if err := checkGenesis(e); err != nil {
				return attestation{}, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
			}
			genesis = h
		case prev == nil:
			if e.Serial != at.Serial || !bytes.Equal(h, at.Head) {
				return attestation{}, fmt.Errorf("%w: entry %d differs from the one verified before", ErrKeyringTampered, at.Serial)
			}
			genesis = at.Genesis
		default:
			if err := mayFollow(prev, prevHash, e); err != nil {
				return attestation{}, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
			}
		}
		prev, prevHash = e, h
	}
	if prev == nil { // the head is the genesis
		if err := checkGenesis(head); err != nil {
			return attestation{}, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
		}
		genesis = kr.headHash
	} else if err := mayFollow(prev, prevHash, head); err != nil {
		return attestation{}, fmt.Errorf("%w: %v", ErrKeyringTampered, err)
	}
	return attestation{Genesis: genesis, Serial: head.Serial, Head: kr.headHash}, nil
}

func sameAdmins(a, b []adminKey) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || !bytes.Equal(a[i].Key, b[i].Key) {
			return false
		}
	}
	return true
}

// RollbackError says that a file or the store is older than what was seen before: someone put
// back an older copy. errors.Is(err, ErrRollback) holds for it.
type RollbackError struct {
	What       string
	Have, Seen uint64
}

func (e *RollbackError) Error() string {
	return fmt.Sprintf("%v: %s is at version %d, but version %d was seen before", ErrRollback, e.What, e.Have, e.Seen)
}

// Is makes errors.Is(err, ErrRollback) true.
func (e *RollbackError) Is(target error) bool { return target == ErrRollback }
