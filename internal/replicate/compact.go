package replicate

import (
	"context"
	"time"
)

// Compaction (docs/adr/011-snapshots.md): the PC that made a partition's newest snapshot deletes
// the change sets it covers once every device that pulls the partition is past them, as its
// signed announcement says (devices/<id>: cursors per partition, every partition the device may
// read; it announces before it pulls one, engine.go knownPartitions). A device that never pulled
// the partition is not waited for: it starts from the snapshot. A device silent longer than
// CompactWait is not waited for either: when it comes back (its last pull older than
// ResyncAfter) it applies the newest snapshots first, tombstones included.

// CompactWait: an announced device silent longer than this no longer holds back compaction.
const CompactWait = 30 * 24 * time.Hour

// compact deletes partition ph's change objects (objs: its listing) that this PC's snapshot
// covers and every waiting device has applied.
func (e *Engine) compact(ctx context.Context, st *State, rep *Report, ph string, objs []Object, devices []Announcement) error {
	si := st.Snapshots[ph]
	cover := si.Cursor
	self := e.s.DeviceID().String()
	si.Left = 0
	defer func() { st.Snapshots[ph] = si }()
	for _, o := range objs {
		dev, seq := deviceOf(o.Key), seqOrZero(o.Key)
		if seq == 0 || seq > cover[dev] {
			continue
		}
		if !allPast(devices, ph, dev, seq, self, e.now()) {
			si.Left++
			continue
		}
		if err := e.b.Delete(ctx, o.Key); err != nil {
			return err
		}
		rep.Compacted++
	}
	return nil
}

// allPast reports whether every announced device that pulls ph and was heard from within
// CompactWait has applied dev's set seq (a device is always past its own sets).
func allPast(devices []Announcement, ph, dev string, seq uint64, self string, now time.Time) bool {
	for _, a := range devices {
		id := a.Device.String()
		if id == self || id == dev || now.Sub(a.LastContact) > CompactWait {
			continue
		}
		cur, pulls := a.Cursors[ph]
		if pulls && cur[dev] < seq {
			return false
		}
	}
	return true
}

// cursors is what this PC's announcement says it applied: partition hex → device hex → the
// last set number.
func (st *State) cursors() map[string]map[string]uint64 {
	out := map[string]map[string]uint64{}
	for ph, devs := range st.Pulled {
		m := map[string]uint64{}
		for dev, key := range devs {
			m[dev] = seqOrZero(key)
		}
		out[ph] = m
	}
	return out
}
