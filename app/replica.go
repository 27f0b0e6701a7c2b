package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/replicate"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// replicaInterval is how often an unlocked window replicates (the first cycle comes a few
// seconds after unlock; "Nu repliceren" and saved settings start one at once).
const replicaInterval = 60 * time.Second

// Replica is the facade of replication between the PCs of one vault: the status line, "Nu
// repliceren", and Beheer → Apparaten (bucket settings, devices, join codes).
type Replica struct {
	s *Session
}

// ReplicaStatus is what the status line shows. No identity value, no secret.
type ReplicaStatus struct {
	Configured bool   `json:"configured"`
	LastPush   string `json:"lastPush"` // RFC 3339 or ""
	LastPull   string `json:"lastPull"` // RFC 3339 or ""
	// LastError is an error code (workspace.Code, "replica_…") of the last cycle, or "".
	LastError string `json:"lastError"`
	Pending   int    `json:"pending"` // local changes not yet sent
	Refused   int    `json:"refused"` // objects of the bucket refused (remembered, newest 50)
	// Changed: the cycle this status follows applied changes of other PCs (the window reloads
	// what it shows).
	Changed bool `json:"changed"`
	// Device is this PC's random label.
	Device string `json:"device"`
	// Removed: an administrator removed this PC from the vault (RFC 3339; "" when not).
	Removed string `json:"removed"`
}

// ReplicaSettings is the bucket form as it may be shown: never the secret.
type ReplicaSettings struct {
	Configured bool   `json:"configured"`
	URL        string `json:"url"`
	AccessKey  string `json:"accessKey"` // admins only
	SetAt      string `json:"setAt"`     // RFC 3339 or ""
}

// ReplicaDevice is one PC of the vault as the bucket announces it: a random label only.
type ReplicaDevice struct {
	// ID is the device's random id (hex), what RemoveDevice takes.
	ID           string `json:"id"`
	Label        string `json:"label"`
	FirstContact string `json:"firstContact"`
	LastContact  string `json:"lastContact"`
	ThisDevice   bool   `json:"thisDevice"`
	// Removed: an administrator removed the PC (RFC 3339 and the administrator's name).
	RemovedAt string `json:"removedAt"`
	RemovedBy string `json:"removedBy"`
	// AuditMissing: audit entries the PC announced that this PC lacks after a later pull
	// (withheld or deleted in the bucket, or refused): its Logboek here is incomplete.
	AuditMissing int `json:"auditMissing"`
}

// JoinRequest is "Bestaande kluis koppelen" on the first-run screen.
type JoinRequest struct {
	URL       string `json:"url"`
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
	Code      string `json:"code"`
}

// deviceLabel is a short label of a random device id ("PC 3F9A-C1"): no PC name ever.
func deviceLabel(id vault.ID) string { return replicate.DeviceLabel(id) }

// Status reads the status line without contacting the server.
func (r *Replica) Status() (_ ReplicaStatus, err error) {
	defer r.s.recovered("Replica.Status", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReplicaStatus{}, err
	}
	return r.status(ws, false)
}

func (r *Replica) status(ws *workspace.Workspace, changed bool) (ReplicaStatus, error) {
	v, err := ws.ReplicaView(r.s.cfg.VaultDir)
	if err != nil {
		return ReplicaStatus{}, r.s.fail("replica status", err)
	}
	out := ReplicaStatus{Configured: v.Configured, LastPush: rfc3339(v.LastPush), LastPull: rfc3339(v.LastPull),
		Pending: v.Pending, Refused: len(v.Refused), Changed: changed, Device: deviceLabel(v.Device)}
	if v.Removed != nil {
		out.Removed = rfc3339(v.Removed.At)
	}
	if v.LastError != "" {
		out.LastError = string(replicaErrorCode(v.LastError))
	}
	return out, nil
}

// replicaErrorCode maps the state file's short word to the error code the window translates.
func replicaErrorCode(word string) workspace.Code {
	switch word {
	case "server_down":
		return workspace.CodeReplicaServerDown
	case "credentials":
		return workspace.CodeReplicaCredentials
	case "bucket_missing":
		return workspace.CodeReplicaBucketMissing
	case "bucket_url":
		return workspace.CodeReplicaBucketURL
	case "object_refused":
		return workspace.CodeReplicaRefused
	case "keyring_fork":
		return workspace.CodeReplicaKeyringFork
	case "locked":
		return workspace.CodeLocked
	case "device_removed":
		return workspace.CodeReplicaDeviceRemoved
	}
	return workspace.CodeInternal
}

// ReplicateNow runs one cycle at once ("Nu repliceren") and returns the status afterwards; the
// status also goes out as EventReplicaStatus so the header indicator and the pages follow.
func (r *Replica) ReplicateNow() (_ ReplicaStatus, err error) {
	defer r.s.recovered("Replica.ReplicateNow", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReplicaStatus{}, err
	}
	r.s.Touch()
	t, err := r.s.replicaTarget(ws)
	if err != nil {
		return ReplicaStatus{}, r.s.fail("replicate", err)
	}
	rep, err := ws.Replicate(context.Background(), t)
	st, serr := r.status(ws, changedBy(rep))
	if serr == nil {
		r.s.platformNow().Emit(EventReplicaStatus, st)
	}
	if err != nil {
		return st, r.s.fail("replicate", err)
	}
	return st, serr
}

func changedBy(rep replicate.Report) bool {
	return rep.Applied > 0 || rep.KeyringPulled > 0 || rep.UsersPulled > 0
}

// Settings reads the bucket settings (never the secret; the access key for admins only).
func (r *Replica) Settings() (_ ReplicaSettings, err error) {
	defer r.s.recovered("Replica.Settings", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReplicaSettings{}, err
	}
	st, err := ws.ReplicaSettings()
	if err != nil {
		return ReplicaSettings{}, r.s.fail("replica settings", err)
	}
	return settingsView(st), nil
}

func settingsView(st workspace.ReplicaSettings) ReplicaSettings {
	return ReplicaSettings{Configured: st.Configured, URL: st.URL, AccessKey: st.AccessKey, SetAt: rfc3339(st.SetAt)}
}

// SaveSettings checks the bucket against the server and stores the settings (admins); an empty
// secret keeps the stored one. A cycle starts at once.
func (r *Replica) SaveSettings(url, accessKey, secretKey string) (_ ReplicaSettings, err error) {
	defer r.s.recovered("Replica.SaveSettings", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReplicaSettings{}, err
	}
	r.s.Touch()
	st, err := ws.SaveReplicaSettings(context.Background(), workspace.ReplicaSettingsInput{URL: url, AccessKey: accessKey, SecretKey: secretKey})
	if err != nil {
		return ReplicaSettings{}, r.s.fail("save replica settings", err)
	}
	ws.ReplicateSoon()
	return settingsView(st), nil
}

// ClearSettings removes the bucket settings (admins): this vault's PCs stop replicating.
func (r *Replica) ClearSettings() (_ ReplicaSettings, err error) {
	defer r.s.recovered("Replica.ClearSettings", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReplicaSettings{}, err
	}
	r.s.Touch()
	if err := ws.ClearReplicaSettings(); err != nil {
		return ReplicaSettings{}, r.s.fail("clear replica settings", err)
	}
	return ReplicaSettings{}, nil
}

// Devices lists the PCs announced in the bucket, removed ones with who and when (admins;
// contacts the server).
func (r *Replica) Devices() (_ []ReplicaDevice, err error) {
	defer r.s.recovered("Replica.Devices", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return nil, err
	}
	r.s.Touch()
	list, err := ws.ReplicaDeviceList(context.Background())
	if err != nil {
		return nil, r.s.fail("replica devices", err)
	}
	self := ws.Session().DeviceID()
	out := make([]ReplicaDevice, 0, len(list))
	for _, a := range list {
		d := ReplicaDevice{ID: a.Device.String(), Label: deviceLabel(a.Device), FirstContact: rfc3339(a.FirstContact),
			LastContact: rfc3339(a.LastContact), ThisDevice: a.Device == self, AuditMissing: int(a.AuditMissing)}
		if a.Removed != nil {
			d.RemovedAt, d.RemovedBy = rfc3339(a.Removed.At), r.s.userName(ws, a.Removed.By)
		}
		out = append(out, d)
	}
	return out, nil
}

// RemoveDevice removes a PC from the vault (admins; audited device.remove): its later changes
// are refused on every PC and it stops replicating. Its user is not revoked by this.
func (r *Replica) RemoveDevice(id string) (_ []ReplicaDevice, err error) {
	defer r.s.recovered("Replica.RemoveDevice", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return nil, err
	}
	r.s.Touch()
	dev, err := vault.ParseID(strings.TrimSpace(id))
	if err != nil {
		return nil, r.s.fail("remove device", fmt.Errorf("%w: not a device id", vault.ErrNotFound))
	}
	if _, err := ws.RemoveDevice(context.Background(), dev); err != nil {
		return nil, r.s.fail("remove device", err)
	}
	return r.Devices()
}

// Invite makes a one-time join code for a new PC (admins; audited device.invite).
func (r *Replica) Invite() (_ string, err error) {
	defer r.s.recovered("Replica.Invite", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return "", err
	}
	r.s.Touch()
	code, err := ws.InviteDevice()
	if err != nil {
		return "", r.s.fail("device invite", err)
	}
	return code, nil
}

// JoinVault makes the empty vault folder a copy of an existing vault from its bucket
// ("Bestaande kluis koppelen"): the keyring and the users' local parts, verified from the
// genesis the code pins. The records follow at the first unlock; until the stored settings
// arrive with them, the window replicates with the bucket given here (kept in memory only).
func (s *Session) JoinVault(in JoinRequest) (_ Status, err error) {
	defer s.recovered("Session.JoinVault", &err)
	cfg := replicate.Config{URL: strings.TrimSpace(in.URL), AccessKey: strings.TrimSpace(in.AccessKey), SecretKey: in.SecretKey}
	err = s.derive(false, func(_ *vault.Vault, _ uint64) error {
		if _, err := workspace.Join(context.Background(), s.cfg.VaultDir, strings.TrimSpace(in.Code), cfg, s.cfg.Now); err != nil {
			return s.fail("join", err)
		}
		s.mu.Lock()
		s.joinBucket = &cfg
		s.mu.Unlock()
		return nil
	})
	return s.Status(), err
}

// replicaTarget is the stored bucket settings, or those of this window's join while the
// settings have not arrived yet.
func (s *Session) replicaTarget(ws *workspace.Workspace) (workspace.ReplicaTarget, error) {
	s.mu.Lock()
	join, id := s.joinBucket, s.vaultID
	s.mu.Unlock()
	t, err := ws.StoredReplicaTarget(s.cfg.VaultDir, id)
	if errors.Is(err, workspace.ErrReplicaNotConfigured) && join != nil {
		return workspace.ReplicaTarget{Dir: s.cfg.VaultDir, VaultID: id, Bucket: *join}, nil
	}
	return t, err
}

func (s *Session) vaultIDNow() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vaultID
}

// startReplicationLocked starts the background cycles of a new workspace; s.mu is held. Every
// cycle's status goes out as EventReplicaStatus (Changed when records or keys arrived, so the
// window reloads the tree and Actueel).
func (s *Session) startReplicationLocked(ws *workspace.Workspace) {
	platform, r := s.platform, &Replica{s: s}
	ws.StartReplication(replicaInterval, func() (workspace.ReplicaTarget, error) { return s.replicaTarget(ws) },
		func(c workspace.ReplicaCycle) {
			if st, err := r.status(ws, changedBy(c.Report)); err == nil {
				platform.Emit(EventReplicaStatus, st)
			}
		})
}

// firstPull runs the first replication cycle of a folder this window joined, before the user's
// profile can be read (it arrives with that cycle). It returns the workspace it opened for it,
// or nil when this window did not join the folder or the cycle failed (the unlock then fails
// as before; the error is logged without identity data).
func (s *Session) firstPull(sess *vault.Session, v *vault.Vault) *workspace.Workspace {
	s.mu.Lock()
	join := s.joinBucket
	s.mu.Unlock()
	if join == nil {
		// The window was closed between the join and this unlock: the join left the bucket
		// settings in the folder, sealed to the users (vault.JoinWithSecret).
		cfg, err := replicate.JoinConfig(sess)
		if err != nil {
			if !errors.Is(err, vault.ErrNoJoinSecret) {
				s.cfg.Logger.Error("opening the join secret failed", "err", err)
			}
			return nil
		}
		join = &cfg
		s.mu.Lock()
		s.joinBucket = join
		s.mu.Unlock()
	}
	ws := workspace.Open(sess, workspace.Config{Now: s.cfg.Now, Logger: s.cfg.Logger})
	t := workspace.ReplicaTarget{Dir: v.Dir(), VaultID: v.ID(), Bucket: *join}
	if _, err := ws.Replicate(context.Background(), t); err != nil {
		s.cfg.Logger.Error("the first replication cycle of a joined folder failed", "err", err)
		ws.Close()
		return nil
	}
	// The vault's own settings came along: the sealed copy of the join's is no longer needed.
	if _, err := ws.StoredReplicaTarget(v.Dir(), v.ID()); err == nil {
		if err := sess.DropJoinSecret(); err != nil {
			s.cfg.Logger.Error("removing the join secret failed", "err", err)
		}
	}
	return ws
}

// userName is a user's name from their profile, for "Verwijderd door"; "" when it cannot be read.
func (s *Session) userName(ws *workspace.Workspace, id vault.UserID) string {
	var name string
	_ = ws.Session().View(func(tx *vault.Tx) error {
		if p, err := access.LoadProfile(tx, id); err == nil {
			name = p.Name
		}
		return nil
	})
	return name
}
