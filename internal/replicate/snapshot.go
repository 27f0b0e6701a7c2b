package replicate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"kluis/internal/vault"
)

// Snapshots (docs/adr/011-snapshots.md): snapshots/<partition hex>/<clock, 16 hex>-<device hex>
// holds a signed image of one partition and the cursor (device → last set number) it covers.
// A PC that has pulled nothing of a partition applies the newest snapshot that the vault accepts
// and continues with the change sets after its cursor; a PC that was silent longer than
// ResyncAfter applies the newest snapshot of every partition (compared with its own clocks) before
// its change sets, since the sets it missed may be compacted away.

// Snapshot policy defaults.
const (
	// DefaultSnapshotEvery: a PC that may write a partition makes a snapshot of it when at least
	// this many change sets of the partition are in the bucket that its newest known snapshot
	// does not cover (or DefaultSnapshotBytes of them).
	DefaultSnapshotEvery = 64
	DefaultSnapshotBytes = 32 << 20
	// ResyncAfter: a PC whose last pull is older applies every partition's newest snapshot first.
	// It is shorter than CompactWait, so the change sets such a PC may miss are always in one.
	ResyncAfter = 21 * 24 * time.Hour
	// keepSnapshots is how many snapshots of a partition stay in the bucket (the newest ones): a
	// PC fetching the older one while a newer arrives still finds it.
	keepSnapshots = 2
)

// SnapInfo is the newest snapshot of a partition this PC made or applied: its key and cursor
// (device id hex → set number).
type SnapInfo struct {
	Key    string            `json:"key"`
	Cursor map[string]uint64 `json:"cursor"`
	Made   bool              `json:"made,omitempty"` // made here: this PC compacts what it covers
	// Left: change objects it covers that a device still needed at the last compaction.
	Left int `json:"left,omitempty"`
	// Since: change sets of the partition pushed or pulled here since (what a cycle counts
	// between full checks).
	Since int `json:"since,omitempty"`
}

// snapshotCheckEvery: how often a cycle lists every partition's change sets (to count them and
// their bytes) instead of trusting the sets this PC pushed and pulled since the last snapshot.
const snapshotCheckEvery = time.Hour

// countSet notes one change set of partition ph pushed or pulled here.
func (st *State) countSet(ph string) {
	si := st.Snapshots[ph]
	si.Since++
	st.Snapshots[ph] = si
}

// SnapshotPolicy says when the engine makes snapshots: Every change sets not covered yet (0:
// DefaultSnapshotEvery); Force makes one of every partition this session may write, now.
type SnapshotPolicy struct {
	Every int
	Force bool
}

func snapshotKey(p vault.ScopeID, clock uint64, dev vault.ID) string {
	return fmt.Sprintf("snapshots/%08x/%016x-%s", uint32(p), clock, dev)
}

func cursorOf(sn *vault.Snapshot) map[string]uint64 {
	out := map[string]uint64{}
	for _, c := range sn.Cursor {
		out[c.Device.String()] = c.Seq
	}
	return out
}

// seqOrZero is the set number at the end of a change key (0: not one).
func seqOrZero(key string) uint64 {
	n, _ := seqOf(key)
	return n
}

// fromSnapshot applies partition p's newest acceptable snapshot when this PC has pulled nothing
// of p yet (the join) or was away longer than ResyncAfter, and moves the cursors to it. A refused
// snapshot is recorded and named, and the next older one is tried; with none, the change sets
// are pulled as before.
func (e *Engine) fromSnapshot(ctx context.Context, st *State, rep *Report, p vault.ScopeID, ph string, away bool) error {
	if !away && (len(st.Pulled[ph]) > 0 || st.Snapshots[ph].Key != "") {
		return nil // in step: the change sets after the cursors follow
	}
	objs, err := e.b.List(ctx, "snapshots/"+ph+"/", "", 0)
	if err != nil {
		return err
	}
	for i := len(objs) - 1; i >= 0; i-- {
		o := objs[i]
		if st.Skipped[o.Key] == o.ETag || st.Snapshots[ph].Key >= o.Key {
			continue // refused before, or not newer than the one applied here
		}
		b, err := e.b.Get(ctx, o.Key)
		if errors.Is(err, ErrObjectMissing) {
			continue // compacted meanwhile
		}
		if err != nil {
			return err
		}
		sn, stats, err := e.applySnapshotObject(o.Key, p, b)
		switch {
		case err == nil:
			rep.SnapshotsApplied++
			rep.Retired += stats.Retired
			if stats.Fast {
				rep.SnapshotsBulk++
			}
			if st.Pulled[ph] == nil {
				st.Pulled[ph] = map[string]string{}
			}
			self := e.s.DeviceID().String()
			for dev, seq := range cursorOf(sn) {
				if dev == self {
					continue
				}
				if k := changeKey(p, mustID(dev), seq); k > st.Pulled[ph][dev] {
					st.Pulled[ph][dev] = k
				}
			}
			st.Snapshots[ph] = SnapInfo{Key: o.Key, Cursor: cursorOf(sn)}
			return nil
		case errors.Is(err, ErrObjectRefused) || errors.Is(err, vault.ErrChangeSetRefused):
			r := Refusal{Key: o.Key, Reason: err.Error(), At: e.now().UTC()}
			st.refuse(r)
			rep.Refused = append(rep.Refused, r)
			st.Skipped[o.Key] = o.ETag
		default:
			return err
		}
	}
	return nil
}

// A change set refused for damage is gone for this PC: its maker forgot it once it was pushed,
// and the cursor moves past it with the maker's next good set. Its changes still arrive with
// the partition's first snapshot that covers it (made by any PC that may write the partition,
// after 64 more sets or `kluis replicate --snapshot`): until then each cycle looks for a newer
// snapshot of that partition and applies it through the compared path, and makes none of that
// partition itself: its cursor counts the refused set (its applied cursor moved past it), so a
// PC joining from it would lack those changes without knowing. A refused object that no
// snapshot will ever cover (a replay under a number its device never used) is given up after
// CompactWait.

// miss notes change set key of partition ph as refused at `at`.
func (st *State) miss(ph, key string, at time.Time) {
	if st.Missing[ph] == nil {
		st.Missing[ph] = map[string]time.Time{}
	}
	if _, ok := st.Missing[ph][key]; !ok {
		st.Missing[ph][key] = at
	}
}

// healed forgets the refused change sets of ph that the snapshot applied here covers, and those
// refused longer than CompactWait ago. Only a snapshot made by the set's own device counts: it
// holds that device's changes for certain, where another PC that refused the same object still
// counts the set in its cursor.
func (st *State) healed(ph string, now time.Time) {
	si := st.Snapshots[ph]
	for key, at := range st.Missing[ph] {
		dev, seq := deviceOf(key), seqOrZero(key)
		if (!si.Made && seq > 0 && strings.HasSuffix(si.Key, "-"+dev) && seq <= si.Cursor[dev]) || now.Sub(at) > CompactWait {
			delete(st.Missing[ph], key)
		}
	}
	if len(st.Missing[ph]) == 0 {
		delete(st.Missing, ph)
	}
}

func mustID(hex string) vault.ID {
	id, _ := vault.ParseID(hex)
	return id
}

// applySnapshotObject parses a snapshot and applies it when its header says what its name says.
func (e *Engine) applySnapshotObject(key string, p vault.ScopeID, b []byte) (*vault.Snapshot, vault.SnapshotStats, error) {
	var stats vault.SnapshotStats
	sn, err := vault.ParseSnapshot(b)
	if err != nil {
		return nil, stats, fmt.Errorf("%w: %s: not a readable snapshot", ErrObjectRefused, key)
	}
	if sn.Vault != e.vaultID || sn.Partition != p || snapshotKey(p, sn.Clock, sn.Device) != key {
		return nil, stats, fmt.Errorf("%w: %s: its content belongs under another name (copied or replayed)", ErrObjectRefused, key)
	}
	if stats, err = e.s.ApplySnapshot(sn); err != nil {
		if errors.Is(err, vault.ErrChangeSetRefused) {
			return nil, stats, fmt.Errorf("%w: %s: %w", ErrObjectRefused, key, err)
		}
		return nil, stats, err
	}
	return sn, stats, nil
}

// snapshots makes a snapshot of each partition this session may write when enough change sets
// of it are not covered yet (or when forced), all in one pass of the vault, then compacts what
// this PC's snapshots cover. Only a full check (forced, or hourly) lists every partition; other
// cycles list only those whose count of sets since the last snapshot reached the rule or whose
// snapshot made here still waits to compact (so a cycle moving one change stays quick).
func (e *Engine) snapshots(ctx context.Context, st *State, rep *Report, full bool, devices []Announcement) error {
	every := e.snap.Every
	if every <= 0 {
		every = DefaultSnapshotEvery
	}
	self := e.s.DeviceID().String()
	listed := map[string][]Object{}
	due := map[vault.ScopeID]uint64{}
	for _, p := range e.s.ReplicaPartitions() {
		ph := partitionHex(p)
		if si := st.Snapshots[ph]; !full && si.Since < every && !(si.Made && si.Left > 0) {
			continue
		}
		if len(st.Missing[ph]) > 0 {
			continue // its cursor would claim a refused set whose changes it lacks (heal, below)
		}
		objs, err := e.b.List(ctx, "changes/"+ph+"/", "", 0)
		if err != nil {
			return err
		}
		listed[ph] = objs
		known := st.Snapshots[ph].Cursor
		own := known[self] // this PC's own sets compacted before still count as covered
		var pending int
		var bytes int64
		for _, o := range objs {
			dev, seq := deviceOf(o.Key), seqOrZero(o.Key)
			if dev == self {
				own = max(own, seq)
			}
			if seq > known[dev] {
				pending++
				bytes += o.Size
			}
		}
		if e.snap.Force || pending >= every || bytes >= DefaultSnapshotBytes {
			due[p] = own
		} else if si := st.Snapshots[ph]; si.Since != pending {
			si.Since = pending // the bucket's count (another PC's snapshot may cover more)
			st.Snapshots[ph] = si
		}
	}
	if len(due) > 0 {
		sns, err := e.s.Snapshots(due)
		if err != nil {
			return err
		}
		for _, sn := range sns {
			if err := e.putSnapshot(ctx, st, rep, sn); err != nil {
				return err
			}
			delete(due, sn.Partition)
		}
		for p := range due { // this user may not sign that partition: count again from zero
			ph := partitionHex(p)
			si := st.Snapshots[ph]
			si.Since = 0
			st.Snapshots[ph] = si
		}
	}
	for ph, objs := range listed {
		if !st.Snapshots[ph].Made {
			continue
		}
		if devices == nil {
			var err error
			if devices, err = e.Devices(ctx); err != nil {
				return err
			}
		}
		if err := e.compact(ctx, st, rep, ph, objs, devices); err != nil {
			return err
		}
	}
	return nil
}

// deviceOf is the device folder of changes/<p>/<device>/<seq>.
func deviceOf(key string) string {
	parts := strings.Split(key, "/")
	if len(parts) != 4 {
		return ""
	}
	return parts[2]
}

func (e *Engine) putSnapshot(ctx context.Context, st *State, rep *Report, sn *vault.Snapshot) error {
	b, err := sn.Marshal()
	if err != nil {
		return err
	}
	ph := partitionHex(sn.Partition)
	if len(b) > MaxObject { // too large for one object: the partition keeps its change sets (ADR 011)
		si := st.Snapshots[ph]
		si.Since = 0
		st.Snapshots[ph] = si
		return nil
	}
	key := snapshotKey(sn.Partition, sn.Clock, sn.Device)
	if err := e.b.Put(ctx, key, b); err != nil {
		return err
	}
	rep.SnapshotsMade++
	st.Snapshots[ph] = SnapInfo{Key: key, Cursor: cursorOf(sn), Made: true, Left: 1} // compaction follows
	return e.pruneSnapshots(ctx, ph)
}

// pruneSnapshots keeps the newest keepSnapshots snapshots of a partition.
func (e *Engine) pruneSnapshots(ctx context.Context, ph string) error {
	objs, err := e.b.List(ctx, "snapshots/"+ph+"/", "", 0)
	if err != nil {
		return err
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	for i := 0; i < len(objs)-keepSnapshots; i++ {
		if err := e.b.Delete(ctx, objs[i].Key); err != nil {
			return err
		}
	}
	return nil
}

// WithSnapshots sets when this engine makes snapshots (tests, `kluis replicate --snapshot`).
func (e *Engine) WithSnapshots(p SnapshotPolicy) *Engine { e.snap = p; return e }
