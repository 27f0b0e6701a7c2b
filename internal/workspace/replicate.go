package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"kluis/internal/audit"
	"kluis/internal/replicate"
	"kluis/internal/vault"
)

// Replication between the PCs of one vault through an S3 bucket (internal/replicate,
// docs/adr/009-replication.md): one cycle on demand, a join code for a new PC, the join itself.

// ErrReplicaNotConfigured: no bucket address or credentials were given.
var ErrReplicaNotConfigured = errors.New("workspace: no bucket is set for replication")

// ReplicaTarget is the vault folder of this session and its bucket.
type ReplicaTarget struct {
	Dir     string // the vault folder (replica.json lives there)
	VaultID string // the vault's id: the prefix of its objects in the bucket
	Bucket  replicate.Config
}

func (t ReplicaTarget) check() error {
	if strings.TrimSpace(t.Bucket.URL) == "" || t.Bucket.AccessKey == "" || t.Bucket.SecretKey == "" {
		return ErrReplicaNotConfigured
	}
	return CheckBucketURL(t.Bucket.URL)
}

// Replicate runs one replication cycle: push this PC's keyring entries, local part and change
// sets, pull the others' (keyring first, then the partitions this session may read). Audited
// by count: replicate.push (Detail "rebased" when this PC's keyring entries were signed again
// after another PC's) and replicate.pull (Detail "refused" when objects were refused).
func (w *Workspace) Replicate(ctx context.Context, t ReplicaTarget) (replicate.Report, error) {
	if err := t.check(); err != nil {
		return replicate.Report{}, err
	}
	var rep replicate.Report
	err := w.guard(func() error {
		var err error
		rep, err = w.replicateIn(ctx, t)
		return err
	})
	return rep, err
}

// replicateIn is Replicate inside a use case that already holds the gate (the arbo sync's
// cycles around its lease, synclease.go).
func (w *Workspace) replicateIn(ctx context.Context, t ReplicaTarget) (replicate.Report, error) {
	if w.sess.Role() == vault.RolePrivacy { // a privacy officer reads the Logboek only
		return replicate.Report{}, fmt.Errorf("%w: a privacy officer does not replicate", vault.ErrDenied)
	}
	b, err := replicate.OpenBucket(t.Bucket, t.VaultID)
	if err != nil {
		return replicate.Report{}, err
	}
	ctx, cancel := w.bind(ctx)
	defer cancel()
	w.repl.mu.Lock() // the background loop and "Nu repliceren" never overlap
	defer w.repl.mu.Unlock()
	rep, err := replicate.New(b, w.sess, t.Dir, t.VaultID, w.now).Cycle(ctx)
	if rep.Applied > 0 || rep.KeyringPulled > 0 {
		// Records or keys arrived: the directory reads the vault again at its next use.
		w.dir.Wipe()
	}
	w.auditReplication(t.Dir, rep)
	return rep, w.closedErr(err)
}

// auditReplication writes what the cycle moved (also after a failure part-way: what was moved
// stays moved). A session locked by a revocation it just received cannot write; that is logged.
func (w *Workspace) auditReplication(dir string, rep replicate.Report) {
	if w.sess.Locked() {
		return
	}
	if n := rep.SetsPushed + rep.KeyringPushed; n > 0 {
		detail := ""
		if rep.KeyringRebased > 0 {
			detail = "rebased" // access changes of this PC signed again after another PC's
		}
		w.noteCount(audit.ActionReplicatePush, n, detail)
	}
	if n := rep.SetsPulled + rep.KeyringPulled; n > 0 || len(rep.Refused) > 0 {
		detail := ""
		if len(rep.Refused) > 0 {
			detail = "refused"
		}
		w.noteCount(audit.ActionReplicatePull, n, detail)
	}
	// A PC that joined had no session to sign device.join with; its first cycle writes it.
	st, err := replicate.LoadState(dir)
	if err != nil || st.Joined.IsZero() || st.JoinAudited {
		return
	}
	w.note(audit.ActionDeviceJoin, nil, "")
	st.JoinAudited = true
	if err := st.Save(dir); err != nil {
		w.logger.Error("saving the replication state failed", "err", err)
	}
}

func (w *Workspace) noteCount(action audit.Action, n int, detail string) {
	if err := w.log.RecordCountDetail(action, n, detail); err != nil {
		w.logger.Error("auditing replication failed", "action", string(action), "err", err)
	}
}

// ReplicaStatus is what this PC knows of its replication without contacting the server.
type ReplicaStatus struct {
	LastPush, LastPull time.Time
	LastError          string // a code ("server_down", …) or ""
	Refused            []replicate.Refusal
	Device             vault.ID
	// Removed: an administrator removed this PC from the vault (it no longer replicates).
	Removed *replicate.RemovedNote
}

// ReplicaStatus reads DIR/replica.json.
func (w *Workspace) ReplicaStatus(dir string) (ReplicaStatus, error) {
	st, err := replicate.LoadState(dir)
	if err != nil {
		return ReplicaStatus{}, err
	}
	return ReplicaStatus{LastPush: st.LastPush, LastPull: st.LastPull, LastError: st.LastError,
		Refused: st.Refused, Device: w.sess.DeviceID(), Removed: st.Removed}, nil
}

// InviteDevice makes a one-time join code for a new PC (admins only; audited device.invite).
func (w *Workspace) InviteDevice() (string, error) {
	var code string
	err := w.guard(func() error {
		var err error
		if code, err = w.sess.NewJoinCode(); err != nil {
			return err
		}
		return w.record(audit.ActionDeviceInvite, nil, "")
	})
	return code, err
}

// Join makes dir a copy of the vault the code names, from the bucket: the keyring (verified
// from the genesis the code pins) and the users' local parts; the records follow at the first
// unlocked cycle. There is no session yet, so device.join is audited by that first cycle.
func Join(ctx context.Context, dir, code string, cfg replicate.Config, now func() time.Time) (replicate.JoinReport, error) {
	if strings.TrimSpace(cfg.URL) == "" || cfg.AccessKey == "" || cfg.SecretKey == "" {
		return replicate.JoinReport{}, ErrReplicaNotConfigured
	}
	if err := CheckBucketURL(cfg.URL); err != nil {
		return replicate.JoinReport{}, err
	}
	return replicate.Join(ctx, cfg, dir, code, now)
}
