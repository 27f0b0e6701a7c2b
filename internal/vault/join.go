package vault

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	vcrypto "kluis/internal/vault/crypto"
)

// Joining a PC (docs/adr/009-replication.md). An admin makes a join code: base32 of the vault
// id (16) ‖ the first 16 bytes of the genesis entry's hash ‖ a random invitation id (10). The
// new PC fetches the keyring entries and users' local parts from the bucket; Join keeps them
// only if the chain verifies from the genesis the code pins, and writes a folder with no store
// yet (the marker file below), which the first unlock creates empty before pulling.

const (
	joinMarker  = "joined"
	joinIDSize  = 16 + 16 + 10
	joinGroup   = 4
	genesisPart = 16
)

var joinEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// JoinCode is a parsed join code.
type JoinCode struct {
	VaultID    string // hex
	Genesis    []byte // the first 16 bytes of the genesis entry's hash
	Invitation []byte // 10 random bytes naming this invitation
}

// NewJoinCode makes a join code for another PC of this vault (admins only). It carries no
// secret: it pins which keyring the new PC trusts; the bucket credentials and a user's
// passphrase are what give access.
func (s *Session) NewJoinCode() (string, error) {
	if err := s.enter(); err != nil {
		return "", err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return "", err
	}
	entries, err := readLog(s.v.dir)
	if err != nil {
		return "", err
	}
	if len(entries) == 0 {
		return "", fmt.Errorf("%w: %s has no history on this PC", ErrKeyringCorrupt, logFile)
	}
	_, genesis, err := decodeEntry(entries[0])
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrKeyringTampered, err)
	}
	vid, err := hex.DecodeString(s.vaultID)
	if err != nil || len(vid) != 16 {
		return "", fmt.Errorf("%w: vault id", ErrKeyringCorrupt)
	}
	raw := append(append(vid, genesis[:genesisPart]...), vcrypto.RandomBytes(10)...)
	enc := joinEncoding.EncodeToString(raw)
	var groups []string
	for len(enc) > joinGroup {
		groups, enc = append(groups, enc[:joinGroup]), enc[joinGroup:]
	}
	return strings.Join(append(groups, enc), "-"), nil
}

// ParseJoinCode reads a join code (case, spaces and dashes do not matter).
func ParseJoinCode(code string) (JoinCode, error) {
	clean := strings.ToUpper(strings.NewReplacer("-", "", " ", "", "\t", "").Replace(strings.TrimSpace(code)))
	raw, err := joinEncoding.DecodeString(clean)
	if err != nil || len(raw) != joinIDSize {
		return JoinCode{}, fmt.Errorf("%w: the join code is not valid", ErrJoinRefused)
	}
	return JoinCode{VaultID: hex.EncodeToString(raw[:16]), Genesis: raw[16:32], Invitation: raw[32:]}, nil
}

// Join writes a new vault folder dir (absent or empty) from a vault's keyring entries (all of
// them, serial 1 first) and users' local parts, as fetched from its bucket. The chain must start
// at the genesis the code pins, name the code's vault, and verify entry by entry; local parts
// must be signed by their users. The folder has keyring.json and keyring.log but no store: the
// first unlock (of a user whose local part came along) makes it, and replication fills it.
func Join(dir string, code string, keyringLines [][]byte, users [][]byte) error {
	return JoinWithSecret(dir, code, keyringLines, users, nil)
}

// JoinWithSecret is Join that also keeps secret (the bucket's address and credentials) in the
// folder, wrapped to every active user, for the first unlock to open (Session.JoinSecret).
func JoinWithSecret(dir string, code string, keyringLines [][]byte, users [][]byte, secret []byte) error {
	jc, err := ParseJoinCode(code)
	if err != nil {
		return err
	}
	if len(keyringLines) == 0 {
		return fmt.Errorf("%w: the bucket holds no keyring", ErrJoinRefused)
	}
	var (
		prev     *verifiedEntry
		st       *state
		raws     []signedEntry
		prevE    *entry
		prevHash []byte
	)
	for i, line := range keyringLines {
		se, err := parseLine(line)
		if err != nil {
			return errors.Join(ErrJoinRefused, err)
		}
		ve, err := followEntry(prevE, prevHash, st, se)
		if err != nil {
			return errors.Join(ErrJoinRefused, err)
		}
		if i == 0 && (!bytes.Equal(ve.hash[:genesisPart], jc.Genesis) || ve.e.Vault != jc.VaultID) {
			return fmt.Errorf("%w: the bucket's keyring does not start at the genesis the join code names", ErrJoinRefused)
		}
		prev, st, prevE, prevHash = ve, ve.st, ve.e, ve.hash
		raws = append(raws, se)
	}
	if st.VaultID != jc.VaultID {
		return fmt.Errorf("%w: the keyring names another vault", ErrJoinRefused)
	}
	var good []travellingUser
	for _, b := range users {
		t, err := verifyLocalUser(st, b)
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				continue // a user removed since
			}
			return errors.Join(ErrJoinRefused, err)
		}
		good = append(good, t)
	}
	if len(good) == 0 {
		return fmt.Errorf("%w: no user of this vault can unlock it here (no local part came along)", ErrJoinRefused)
	}
	if err := checkEmptyOrAbsent(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("vault: %w", err)
	}
	kr := &keyring{st: st, stateRaw: prev.enc, head: prev.e, headRaw: prev.raw, headHash: prev.hash}
	importLocal(&kr.local, good)
	if err := rewriteLog(dir, raws); err != nil {
		return fmt.Errorf("vault: write keyring log: %w", err)
	}
	if secret != nil {
		if err := sealJoinSecret(dir, st, secret); err != nil {
			return err
		}
	}
	if err := writeAtomic(dir, joinMarker, []byte(jc.VaultID+"\n")); err != nil {
		return fmt.Errorf("vault: %w", err)
	}
	// keyring.json last: a folder without it is no vault, so an interrupted join is repeated.
	return writeKeyring(dir, kr)
}

// joinPending reports whether dir was made by Join and has no store yet.
func joinPending(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, joinMarker))
	return err == nil
}

// finishJoin removes the marker once the first unlock made the store.
func finishJoin(dir string) error {
	if err := os.Remove(filepath.Join(dir, joinMarker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return syncDir(dir)
}
