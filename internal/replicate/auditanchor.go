package replicate

import (
	"time"

	"kluis/internal/vault"
)

// Anchored audit logs. Every PC's signed announcement says up to which number its audit entries
// are in the bucket (AuditHead; it announces after it pushed them). A PC that keeps the audit
// logs reads the announcements in its hourly full check before it pulls the logs, so every
// entry announced then is there for that pull; a PC whose entries it still lacks afterwards had
// entries withheld, deleted from the bucket or refused, and is named as an audit gap (Beheer →
// Apparaten, `kluis devices`) until its entries arrive (an announcement that disappears or
// shows a lower number does not close a gap). Ordinary cycles only clear gaps that have closed. The bucket holder can still hold back a PC's newest announcement with its
// entries: a gap is then the PC's last contact standing still, which the device list shows.

// AuditGap: a PC announced its audit entries up to Announced; this PC holds them up to Have
// (since Since, when the gap was first seen).
type AuditGap struct {
	Announced uint64    `json:"announced"`
	Have      uint64    `json:"have"`
	Since     time.Time `json:"since"`
}

// Missing is how many announced entries this PC lacks.
func (g AuditGap) Missing() uint64 { return g.Announced - g.Have }

// checkAuditAnchors compares, on a PC that keeps the audit logs, what the other PCs announced
// (announced: read before the pull, in a full check) with what is stored here, and clears the
// gaps of earlier checks that have closed.
func (e *Engine) checkAuditAnchors(st *State, rep *Report, announced []Announcement, full bool) error {
	if !e.pullsAudit() {
		clear(st.AuditGaps)
		return nil
	}
	self := e.s.DeviceID()
	if full {
		for _, a := range announced {
			if a.Device == self || a.AuditHead == 0 {
				continue
			}
			if err := e.noteAuditCopy(a); err != nil {
				return err
			}
			dev := a.Device.String()
			have, err := e.s.RemoteAuditHead(a.Device)
			if err != nil {
				return err
			}
			if have >= a.AuditHead {
				delete(st.AuditGaps, dev)
				continue
			}
			g, ok := st.AuditGaps[dev]
			if !ok {
				g.Since = e.now().UTC()
			}
			g.Announced, g.Have = max(g.Announced, a.AuditHead), have
			st.AuditGaps[dev] = g
		}
	} else {
		for dev, g := range st.AuditGaps {
			id, err := vault.ParseID(dev)
			if err != nil {
				delete(st.AuditGaps, dev)
				continue
			}
			have, err := e.s.RemoteAuditHead(id)
			if err != nil {
				return err
			}
			if g.Have = have; have >= g.Announced {
				delete(st.AuditGaps, dev)
			} else {
				st.AuditGaps[dev] = g
			}
		}
	}
	rep.AuditGaps = len(st.AuditGaps)
	return nil
}
