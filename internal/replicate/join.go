package replicate

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kluis/internal/vault"
)

// JoinReport says what a join fetched: counts and the vault's id (random, not identity data).
type JoinReport struct {
	VaultID        string
	KeyringEntries int
	Users          int
}

// Join fetches the keyring and the users' local parts of the vault the code names and lets the
// vault write the folder (vault.Join verifies the chain from the genesis the code pins: a
// bucket serving another chain is refused). The invitation is claimed in the bucket with a
// conditional put (joins/<invitation id>), so a code works once.
func Join(ctx context.Context, cfg Config, dir, code string, now func() time.Time) (JoinReport, error) {
	if now == nil {
		now = time.Now
	}
	jc, err := vault.ParseJoinCode(code)
	if err != nil {
		return JoinReport{}, err
	}
	vaultID, invite := jc.VaultID, hex.EncodeToString(jc.Invitation)
	b, err := OpenBucket(cfg, vaultID)
	if err != nil {
		return JoinReport{}, err
	}
	if err := b.Check(ctx); err != nil {
		return JoinReport{}, err
	}
	objs, err := b.List(ctx, "keyring/", "", 0)
	if err != nil {
		return JoinReport{}, err
	}
	if len(objs) == 0 {
		return JoinReport{}, fmt.Errorf("%w: the bucket holds no keyring of this vault", vault.ErrJoinRefused)
	}
	lines := make([][]byte, 0, len(objs))
	var last uint64
	for i, o := range objs {
		line, err := b.Get(ctx, o.Key)
		if err != nil {
			return JoinReport{}, err
		}
		line = bytes.TrimSpace(line)
		serial, err := serialOf(line)
		if err != nil || serial != uint64(i+1) || keyringKey(serial) != o.Key {
			return JoinReport{}, fmt.Errorf("%w: the bucket's keyring is not a complete chain", vault.ErrJoinRefused)
		}
		lines, last = append(lines, line), serial
	}
	users, err := b.List(ctx, "users/", "", 0)
	if err != nil {
		return JoinReport{}, err
	}
	blobs := make([][]byte, 0, len(users))
	st := (&State{Version: 1}).init()
	for _, o := range users {
		blob, err := b.Get(ctx, o.Key)
		if err != nil {
			return JoinReport{}, err
		}
		blobs = append(blobs, blob)
		st.Users[o.Key] = o.ETag
	}
	if err := b.PutNew(ctx, "joins/"+invite, []byte(now().UTC().Format(time.RFC3339))); err != nil {
		if errors.Is(err, ErrObjectExists) {
			return JoinReport{}, fmt.Errorf("%w: this join code was used before; ask for a new one", vault.ErrJoinRefused)
		}
		return JoinReport{}, err
	}
	secret, err := cfg.seal()
	if err != nil {
		return JoinReport{}, err
	}
	defer clear(secret)
	if err := vault.JoinWithSecret(dir, code, lines, blobs, secret); err != nil {
		return JoinReport{}, err
	}
	st.KeyringPushed, st.Joined = last, now().UTC()
	if err := st.Save(dir); err != nil {
		return JoinReport{}, err
	}
	return JoinReport{VaultID: vaultID, KeyringEntries: len(lines), Users: len(blobs)}, nil
}

// joinSecret is what a joined folder keeps, sealed to its users, until the vault's own bucket
// settings arrive: enough to run the first pull after a restart.
type joinSecret struct {
	URL       string `json:"url"`
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
	Region    string `json:"region,omitempty"`
}

func (c Config) seal() ([]byte, error) {
	return json.Marshal(joinSecret{URL: c.URL, AccessKey: c.AccessKey, SecretKey: c.SecretKey, Region: c.Region})
}

// JoinConfig opens the bucket settings a joined folder kept for its first unlock
// (vault.ErrNoJoinSecret when there are none).
func JoinConfig(s *vault.Session) (Config, error) {
	b, err := s.JoinSecret()
	if err != nil {
		return Config{}, err
	}
	defer clear(b)
	var j joinSecret
	if err := json.Unmarshal(b, &j); err != nil {
		return Config{}, fmt.Errorf("%w: join secret", vault.ErrCorrupt)
	}
	return Config{URL: j.URL, AccessKey: j.AccessKey, SecretKey: j.SecretKey, Region: j.Region}, nil
}
