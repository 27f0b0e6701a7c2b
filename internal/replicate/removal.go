package replicate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kluis/internal/vault"
)

// Removing a device (Beheer → Apparaten, `kluis device remove`): an administrator's signed
// statement removed/<device id hex> naming the device and, per partition, the last sequence
// number still accepted. Every PC refuses that device's later change sets; the removed PC
// itself stops replicating at its next cycle and keeps its local data.

// removalDomain is the statement domain of a device removal.
const removalDomain = "kluis.device.removed.v1"

var (
	// ErrDeviceRemoved: this PC was removed from the vault by an administrator; it no longer
	// replicates (its local data stays).
	ErrDeviceRemoved = errors.New("replicate: this PC was removed from the vault by an administrator")
	// ErrRemoveSelf: an administrator cannot remove the PC they are working on.
	ErrRemoveSelf = errors.New("replicate: this PC cannot remove itself")
	// ErrUnknownDevice: no device with that id announced itself in the bucket.
	ErrUnknownDevice = errors.New("replicate: no such device in the bucket")
	// ErrAlreadyRemoved: the device was removed before.
	ErrAlreadyRemoved = errors.New("replicate: the device was removed before")
)

// Removal is removed/<device id hex>: which device, by which administrator, when, and per
// partition (hex) the last sequence number of its change sets still accepted.
type Removal struct {
	Vault    string            `json:"vault"`
	Device   vault.ID          `json:"device"`
	By       vault.UserID      `json:"by"`
	At       time.Time         `json:"at"`
	Accepted map[string]uint64 `json:"accepted"`
	Sig      []byte            `json:"sig,omitempty"`
}

// message is the legacy signed message (signed.go).
func (r Removal) message() []byte {
	r.Sig = nil
	b, _ := json.Marshal(r)
	return b
}

func removalKey(dev vault.ID) string { return "removed/" + dev.String() }

// RemovedNote is what replica.json keeps when this PC was removed (ids and a time only).
type RemovedNote struct {
	By vault.UserID `json:"by"`
	At time.Time    `json:"at"`
}

// DeviceInfo is one device of the vault: its announcement and, if it was removed, the removal.
type DeviceInfo struct {
	Announcement
	Removed *Removal
	// AuditMissing: audit entries this device announced that this PC lacks after a later pull
	// (auditanchor.go; 0 on a PC that does not keep the audit logs).
	AuditMissing uint64
}

// RemoveDevice writes the signed removal of dev (the session must be an administrator's; the
// other PCs verify that against their signed state). The accepted sequence numbers are the
// highest this PC sees in the bucket for dev now: what it sent before removal still counts.
func (e *Engine) RemoveDevice(ctx context.Context, dev vault.ID) (Removal, error) {
	if dev == e.s.DeviceID() {
		return Removal{}, ErrRemoveSelf
	}
	if err := e.b.Check(ctx); err != nil {
		return Removal{}, err
	}
	if _, err := e.b.Get(ctx, "devices/"+dev.String()); err != nil {
		if errors.Is(err, ErrObjectMissing) {
			return Removal{}, ErrUnknownDevice
		}
		return Removal{}, err
	}
	r := Removal{Vault: e.vaultID, Device: dev, By: e.s.UserID(), At: e.now().UTC().Truncate(time.Second), Accepted: map[string]uint64{}}
	parts, err := e.b.Folders(ctx, "changes/")
	if err != nil {
		return Removal{}, err
	}
	for _, ph := range parts {
		objs, err := e.b.List(ctx, "changes/"+ph+"/"+dev.String()+"/", "", 0)
		if err != nil {
			return Removal{}, err
		}
		if n := len(objs); n > 0 {
			if seq, err := seqOf(objs[n-1].Key); err == nil {
				r.Accepted[ph] = seq
			}
		}
	}
	sig, err := signObject(r, func(msg []byte) ([]byte, error) { return e.s.SignStatement(removalDomain, msg) })
	if err != nil {
		return Removal{}, err
	}
	r.Sig = sig
	b, err := json.Marshal(r)
	if err != nil {
		return Removal{}, err
	}
	if err := e.b.PutNew(ctx, removalKey(dev), b); err != nil {
		if errors.Is(err, ErrObjectExists) {
			return Removal{}, ErrAlreadyRemoved
		}
		return Removal{}, err
	}
	return r, nil
}

func seqOf(key string) (uint64, error) {
	return strconv.ParseUint(key[strings.LastIndexByte(key, '/')+1:], 10, 64)
}

// parseRemoval reads and verifies a removal object: readable, this vault's, under its own
// name, and signed by an active administrator of this PC's signed state.
func (e *Engine) parseRemoval(key string, b []byte) (Removal, error) {
	var r Removal
	if json.Unmarshal(b, &r) != nil {
		return Removal{}, fmt.Errorf("%w: %s: not a readable device removal", ErrObjectRefused, key)
	}
	if r.Vault != e.vaultID || removalKey(r.Device) != key {
		return Removal{}, fmt.Errorf("%w: %s: its content belongs under another name (copied or replayed)", ErrObjectRefused, key)
	}
	if !verifyObject(b, r.message(), func(msg []byte) bool { return e.s.VerifyAdminStatement(r.By, removalDomain, msg, r.Sig) }) {
		return Removal{}, fmt.Errorf("%w: %s: a device removal not signed by an active administrator (forged or damaged)", ErrObjectRefused, key)
	}
	return r, nil
}

// removals reads every removal in the bucket; a forged or damaged one is refused and named
// once per version (st.Skipped), and left out.
func (e *Engine) removals(ctx context.Context, st *State, rep *Report) (map[string]Removal, error) {
	objs, err := e.b.List(ctx, "removed/", "", 0)
	if err != nil {
		return nil, err
	}
	out := map[string]Removal{}
	for _, o := range objs {
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return nil, err
		}
		r, err := e.parseRemoval(o.Key, b)
		if err != nil {
			if st.Skipped[o.Key] != o.ETag {
				ref := Refusal{Key: o.Key, Reason: err.Error(), At: e.now().UTC()}
				st.refuse(ref)
				rep.Refused = append(rep.Refused, ref)
				st.Skipped[o.Key] = o.ETag
			}
			continue
		}
		delete(st.Skipped, o.Key)
		out[r.Device.String()] = r
	}
	return out, nil
}

// checkRemoved stops the cycle when this PC's own removal is in the bucket and verifies; the
// keyring is pulled first when the removal's signer is not known here yet. A forged or
// damaged one is passed (removals names it in the same cycle).
func (e *Engine) checkRemoved(ctx context.Context, st *State, rep *Report) error {
	key := removalKey(e.s.DeviceID())
	b, err := e.b.Get(ctx, key)
	if errors.Is(err, ErrObjectMissing) {
		st.Removed = nil
		return nil
	}
	if err != nil {
		return err
	}
	r, err := e.parseRemoval(key, b)
	if err != nil {
		if err := e.pullKeyring(ctx, st, rep); err != nil {
			return err
		}
		r, err = e.parseRemoval(key, b)
	}
	if err != nil {
		return nil // a forged removal does not stop this PC; removals() names it
	}
	st.Removed = &RemovedNote{By: r.By, At: r.At}
	return ErrDeviceRemoved
}

// refusedAsRemoved names a change set of a removed device past what was accepted at removal.
func refusedAsRemoved(key, ph string, r Removal, seq uint64) error {
	if seq <= r.Accepted[ph] {
		return nil
	}
	return fmt.Errorf("%w: %s: device %s was removed from the vault on %s; its later change sets are refused",
		ErrObjectRefused, key, r.Device, r.At.UTC().Format(time.RFC3339))
}

// DeviceList lists the devices announced in the bucket whose announcement verifies, each with
// its removal when an administrator removed it (Beheer → Apparaten).
func (e *Engine) DeviceList(ctx context.Context) ([]DeviceInfo, error) {
	list, err := e.Devices(ctx)
	if err != nil {
		return nil, err
	}
	st := (&State{Version: 1}).init()
	rm, err := e.removals(ctx, st, &Report{})
	if err != nil {
		return nil, err
	}
	local, err := LoadState(e.dir)
	if err != nil {
		return nil, err
	}
	out := make([]DeviceInfo, 0, len(list))
	for _, a := range list {
		d := DeviceInfo{Announcement: a, AuditMissing: local.AuditGaps[a.Device.String()].Missing()}
		if r, ok := rm[a.Device.String()]; ok {
			d.Removed = &r
		}
		out = append(out, d)
	}
	return out, nil
}

// DeviceLabel is the short label of a random device id the screens and texts show
// ("PC 3F9A-C1"): never a PC name.
func DeviceLabel(id vault.ID) string {
	h := strings.ToUpper(id.String())
	return "PC " + h[:4] + "-" + h[4:6]
}
