package replicate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"kluis/internal/atomicfile"
)

// StateFile is the local record of what this PC pushed and pulled, in the vault folder. It holds
// serials, random ids, sequence numbers and times: no identity value, no department name, no
// key; losing it costs a full pull (applying twice is harmless), never data.
const StateFile = "replica.json"

// maxRefusals bounds the refusals the state remembers (the newest are kept).
const maxRefusals = 50

// Refusal is an object of the bucket this PC would not apply, and why (no identity values:
// the reason is the vault's or the engine's own text).
type Refusal struct {
	Key    string    `json:"key"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// State is DIR/replica.json.
type State struct {
	Version int `json:"version"`
	// KeyringPushed: the keyring entries up to this serial are known to be in the bucket.
	KeyringPushed uint64 `json:"keyring_pushed"`
	// UsersPushed: users/<id> → the SHA-256 (hex) of the local part this PC last wrote there.
	UsersPushed map[string]string `json:"users_pushed,omitempty"`
	// Users: user id hex → the ETag of the local part last imported from users/.
	Users map[string]string `json:"users,omitempty"`
	// Pulled: partition hex → device id hex → the last change-set key applied.
	Pulled map[string]map[string]string `json:"pulled,omitempty"`
	// Skipped: change-set keys refused, with the ETag they had; passed over while unchanged
	// (the cursor does not move past them, so a forged high number cannot hide later sets).
	Skipped map[string]string `json:"skipped,omitempty"`
	// AuditPushed: this PC's audit entries up to this number are in the bucket, under the
	// device AuditDevice (hex; a restored folder has a new one and sends its log again).
	AuditPushed uint64 `json:"audit_pushed,omitempty"`
	AuditDevice string `json:"audit_device,omitempty"`
	// AuditPulled: device id hex → the last audit object applied from that PC.
	AuditPulled map[string]string `json:"audit_pulled,omitempty"`
	// AuditGaps: device id hex → the audit entries that PC announced and this one lacks
	// (auditanchor.go).
	AuditGaps map[string]AuditGap `json:"audit_gaps,omitempty"`
	// FirstContact is when this device first announced itself.
	FirstContact time.Time `json:"first_contact,omitzero"`
	LastPush     time.Time `json:"last_push,omitzero"`
	LastPull     time.Time `json:"last_pull,omitzero"`
	// LastError is the code of the last cycle's failure ("" after a good cycle).
	LastError string    `json:"last_error,omitempty"`
	Refused   []Refusal `json:"refused,omitempty"`
	// Joined is when the folder was made by a join; JoinAudited once the first unlocked cycle
	// wrote device.join into the audit log (a joining PC has no session to sign it with).
	Joined      time.Time `json:"joined,omitzero"`
	JoinAudited bool      `json:"join_audited,omitempty"`
	// Removed: an administrator removed this PC from the vault (removal.go); it no longer
	// replicates and keeps its local data.
	Removed *RemovedNote `json:"removed,omitempty"`
	// Snapshots: partition hex → the newest snapshot this PC made or applied (snapshot.go).
	Snapshots map[string]SnapInfo `json:"snapshots,omitempty"`
	// SnapshotCheck is when the cycle last counted the change sets snapshots do not cover.
	SnapshotCheck time.Time `json:"snapshot_check,omitzero"`
	// Missing: partition hex → change sets refused here (damaged, replayed) whose changes have
	// not arrived by a snapshot yet: the key → when it was refused (snapshot.go, heal).
	Missing map[string]map[string]time.Time `json:"missing,omitempty"`
}

// LoadState reads DIR/replica.json; a missing file is a fresh state.
func LoadState(dir string) (*State, error) {
	st := &State{Version: 1}
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st.init(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("replicate: read %s: %w", StateFile, err)
	}
	if err := json.Unmarshal(b, st); err != nil || st.Version != 1 {
		return nil, fmt.Errorf("replicate: %s is damaged; delete it to pull everything again", StateFile)
	}
	return st.init(), nil
}

func (st *State) init() *State {
	if st.UsersPushed == nil {
		st.UsersPushed = map[string]string{}
	}
	if st.Users == nil {
		st.Users = map[string]string{}
	}
	if st.Skipped == nil {
		st.Skipped = map[string]string{}
	}
	if st.AuditPulled == nil {
		st.AuditPulled = map[string]string{}
	}
	if st.Pulled == nil {
		st.Pulled = map[string]map[string]string{}
	}
	if st.Snapshots == nil {
		st.Snapshots = map[string]SnapInfo{}
	}
	if st.AuditGaps == nil {
		st.AuditGaps = map[string]AuditGap{}
	}
	if st.Missing == nil {
		st.Missing = map[string]map[string]time.Time{}
	}
	return st
}

// Save writes the state atomically (a crash leaves the old or the new file).
func (st *State) Save(dir string) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, StateFile), b); err != nil {
		return fmt.Errorf("replicate: write %s: %w", StateFile, err)
	}
	return nil
}

func (st *State) refuse(r Refusal) {
	st.Refused = append(st.Refused, r)
	if n := len(st.Refused); n > maxRefusals {
		st.Refused = st.Refused[n-maxRefusals:]
	}
}
