package vault

import (
	"crypto/ecdh"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	vcrypto "kluis/internal/vault/crypto"
)

// The join secret: what a new PC needs to reach the bucket (address and credentials) until the
// vault's own sealed bucket settings arrive with the first pull. Join keeps it in the folder
// wrapped to every active user's X25519 key (the age-style Wrap of docs/format.md), so the
// window can be closed between joining and the first unlock, while a thief of the folder
// learns nothing without a passphrase. The first unlock opens it; the caller drops it once the
// settings arrived.

const joinSecretFile = "join.sealed"

// ErrNoJoinSecret: the folder holds no join secret (not joined, or dropped since).
var ErrNoJoinSecret = errors.New("vault: no join secret in this folder")

func joinSecretContext(vaultID string, u UserID) string {
	return vaultID + "/join-secret/" + u.String()
}

// sealJoinSecret writes secret wrapped to each active user of st into dir.
func sealJoinSecret(dir string, st *state, secret []byte) error {
	boxes := map[string][]byte{}
	for i := range st.Users {
		u := &st.Users[i]
		if u.Status != StatusActive {
			continue
		}
		pub, err := ecdh.X25519().NewPublicKey(u.X25519)
		if err != nil {
			return fmt.Errorf("vault: join secret: %w", err)
		}
		box, err := vcrypto.Wrap(pub, joinSecretContext(st.VaultID, u.ID), secret)
		if err != nil {
			return fmt.Errorf("vault: join secret: %w", err)
		}
		boxes[u.ID.String()] = box
	}
	b, err := json.Marshal(boxes)
	if err != nil {
		return err
	}
	return writeAtomic(dir, joinSecretFile, b)
}

// JoinSecret opens the join secret Join left for this session's user. ErrNoJoinSecret when
// there is none (or none for this user).
func (s *Session) JoinSecret() ([]byte, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	b, err := os.ReadFile(filepath.Join(s.v.dir, joinSecretFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoJoinSecret
	}
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	var boxes map[string][]byte
	if err := json.Unmarshal(b, &boxes); err != nil {
		return nil, fmt.Errorf("%w: join secret", ErrCorrupt)
	}
	box, ok := boxes[s.user.String()]
	if !ok {
		return nil, ErrNoJoinSecret
	}
	secret, err := vcrypto.Unwrap(s.xpriv, joinSecretContext(s.vaultID, s.user), box)
	if err != nil {
		return nil, fmt.Errorf("%w: join secret", ErrCorrupt)
	}
	return secret, nil
}

// DropJoinSecret removes the join secret (the vault's own settings have arrived).
func (s *Session) DropJoinSecret() error {
	if err := os.Remove(filepath.Join(s.v.dir, joinSecretFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("vault: %w", err)
	}
	return syncDir(s.v.dir)
}
