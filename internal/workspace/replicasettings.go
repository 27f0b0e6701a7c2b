package workspace

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"kluis/internal/audit"
	"kluis/internal/replicate"
	"kluis/internal/vault"
)

// The bucket settings of this vault (Beheer → Apparaten, docs/adr/009-replication.md): one
// sealed record under the directory scope, so every user's PC of the vault reads them and
// replicates (and they replicate themselves). The secret is never handed back to a screen,
// never logged, never in an error or audit event.

// KindReplicaSettings is the vault's bucket settings, one record under ReplicaSettingsID (ADR 001).
const KindReplicaSettings vault.Kind = 0x73

// ReplicaSettingsID is the fixed id of the one settings record.
func ReplicaSettingsID() vault.ID { return vault.ID{15: 0x01} }

// ErrReplicaInsecureURL: an http:// bucket address on another machine would send the
// credentials and the sealed changes' names in clear over the network.
var ErrReplicaInsecureURL = errors.New("workspace: a bucket on another machine needs https")

// replicaSettingsRecord is the sealed record.
type replicaSettingsRecord struct {
	URL       string       `json:"url"`
	AccessKey string       `json:"access_key"`
	SecretKey string       `json:"secret_key"`
	SetAt     time.Time    `json:"set_at"`
	SetBy     vault.UserID `json:"set_by"`
}

// ReplicaSettings is what a screen may see of the settings: never the secret.
type ReplicaSettings struct {
	Configured bool
	URL        string
	AccessKey  string // admins only ("" for others)
	SetAt      time.Time
}

// ReplicaSettingsInput is the form. An empty SecretKey keeps the stored one (the form never
// shows it, so an admin changing the address need not type it again).
type ReplicaSettingsInput struct {
	URL, AccessKey, SecretKey string
}

// CheckBucketURL accepts https://host[:port]/bucket, and http:// only to this machine
// (127.0.0.1, ::1, localhost): elsewhere the access key's signatures and every object would
// cross the network in clear.
func CheckBucketURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return replicate.ErrBucketURL
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || strings.EqualFold(host, "localhost") {
			return nil
		}
		return ErrReplicaInsecureURL
	}
	return replicate.ErrBucketURL
}

func loadReplicaSettings(tx *vault.Tx) (replicaSettingsRecord, bool, error) {
	r, err := vault.GetJSON[replicaSettingsRecord](tx, KindReplicaSettings, ReplicaSettingsID())
	if errors.Is(err, vault.ErrNotFound) {
		return replicaSettingsRecord{}, false, nil
	}
	if err != nil {
		return replicaSettingsRecord{}, false, fmt.Errorf("workspace: read the bucket settings: %w", err)
	}
	return r, true, nil
}

func (w *Workspace) readReplicaSettings() (rec replicaSettingsRecord, ok bool, err error) {
	err = w.sess.View(func(tx *vault.Tx) error {
		rec, ok, err = loadReplicaSettings(tx)
		return err
	})
	return rec, ok, err
}

// ReplicaSettings reads the bucket settings without the secret (the access key for admins).
func (w *Workspace) ReplicaSettings() (ReplicaSettings, error) {
	rec, ok, err := w.readReplicaSettings()
	if err != nil || !ok {
		return ReplicaSettings{}, err
	}
	out := ReplicaSettings{Configured: true, URL: rec.URL, SetAt: rec.SetAt}
	if w.sess.Role() == vault.RoleAdmin {
		out.AccessKey = rec.AccessKey
	}
	return out, nil
}

// SaveReplicaSettings checks the form, signs in to the bucket (reachable, credentials right,
// bucket present) and only then stores the settings sealed (admins only). Audited
// settings.replica "set", without any of the values.
func (w *Workspace) SaveReplicaSettings(ctx context.Context, in ReplicaSettingsInput) (ReplicaSettings, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return ReplicaSettings{}, fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	rec := replicaSettingsRecord{URL: strings.TrimSpace(in.URL), AccessKey: strings.TrimSpace(in.AccessKey), SecretKey: in.SecretKey}
	if err := CheckBucketURL(rec.URL); err != nil {
		return ReplicaSettings{}, err
	}
	err := w.guard(func() error {
		if rec.SecretKey == "" {
			old, ok, err := w.readReplicaSettings()
			if err != nil {
				return err
			}
			if !ok {
				return ErrReplicaNotConfigured
			}
			rec.SecretKey = old.SecretKey
		}
		if rec.AccessKey == "" || rec.SecretKey == "" {
			return ErrReplicaNotConfigured
		}
		b, err := replicate.OpenBucket(replicate.Config{URL: rec.URL, AccessKey: rec.AccessKey, SecretKey: rec.SecretKey}, w.sess.DeviceID().String())
		if err != nil {
			return err
		}
		ctx, cancel := w.bind(ctx)
		defer cancel()
		if err := b.Check(ctx); err != nil {
			return w.closedErr(err)
		}
		rec.SetAt, rec.SetBy = w.now().UTC(), w.sess.UserID()
		if err := w.sess.Update(func(tx *vault.Tx) error {
			return vault.PutJSON(tx, KindReplicaSettings, ReplicaSettingsID(), w.sess.DirectoryScope(), &rec)
		}); err != nil {
			return err
		}
		return w.record(audit.ActionReplicaSettings, nil, "set")
	})
	if err != nil {
		return ReplicaSettings{}, err
	}
	return w.ReplicaSettings()
}

// ClearReplicaSettings removes the bucket settings (admins only): this vault's PCs stop
// replicating. Audited settings.replica "removed".
func (w *Workspace) ClearReplicaSettings() error {
	if w.sess.Role() != vault.RoleAdmin {
		return fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	return w.guard(func() error {
		if err := w.sess.Update(func(tx *vault.Tx) error {
			return tx.Delete(KindReplicaSettings, ReplicaSettingsID())
		}); err != nil {
			return err
		}
		return w.record(audit.ActionReplicaSettings, nil, "removed")
	})
}

// StoredReplicaTarget is the target of the vault folder dir (id vaultID) with the stored
// bucket settings: ErrReplicaNotConfigured when an admin has not set them.
func (w *Workspace) StoredReplicaTarget(dir, vaultID string) (ReplicaTarget, error) {
	rec, ok, err := w.readReplicaSettings()
	if err != nil {
		return ReplicaTarget{}, err
	}
	if !ok {
		return ReplicaTarget{}, ErrReplicaNotConfigured
	}
	return ReplicaTarget{Dir: dir, VaultID: vaultID,
		Bucket: replicate.Config{URL: rec.URL, AccessKey: rec.AccessKey, SecretKey: rec.SecretKey}}, nil
}
