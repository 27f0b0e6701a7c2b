package replicate

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"kluis/internal/vault"
)

// Audit logs travel (ADR 009, item 10): every PC pushes its own audit entries, exactly as
// stored (events sealed to the audit reader, blocks signed by their users), as objects
// audit/<device hex>/<first seq, 20 digits>; each holds whole blocks, length-prefixed. The PCs
// of admins and HR users pull every other PC's entries, so the Logboek on such a PC shows what
// was done on all of them; a manager's PC does not pull (nobody there may read the log, and it
// keeps only its departments). A removed device's later entries are still taken: they are
// signed by users the keyring names, and an access that happened must stay accountable.

// maxAuditObject is the size an audit object aims at (whole blocks, so one may be larger).
const maxAuditObject = 1 << 20

// auditObjectVersion is the first byte of an audit object.
const auditObjectVersion = 1

func auditObjectKey(dev string, first uint64) string {
	return fmt.Sprintf("audit/%s/%020d", dev, first)
}

func marshalAuditBatch(entries [][]byte) []byte {
	n := 1
	for _, e := range entries {
		n += 4 + len(e)
	}
	b := make([]byte, 1, n)
	b[0] = auditObjectVersion
	for _, e := range entries {
		b = binary.BigEndian.AppendUint32(b, uint32(len(e)))
		b = append(b, e...)
	}
	return b
}

func parseAuditBatch(b []byte) ([][]byte, error) {
	if len(b) < 1 || b[0] != auditObjectVersion {
		return nil, errors.New("not an audit object")
	}
	var out [][]byte
	for rest := b[1:]; len(rest) > 0; {
		if len(rest) < 4 {
			return nil, errors.New("a cut audit object")
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-4) {
			return nil, errors.New("a cut audit object")
		}
		out = append(out, rest[4:4+n])
		rest = rest[4+n:]
	}
	if len(out) == 0 {
		return nil, errors.New("an empty audit object")
	}
	return out, nil
}

// pushAudit uploads this PC's audit entries after the last pushed one. A restored folder
// replicates under a new device id, so it sends its whole log again under that id.
func (e *Engine) pushAudit(ctx context.Context, st *State, rep *Report) error {
	dev := e.s.DeviceID().String()
	if st.AuditDevice != dev {
		st.AuditDevice, st.AuditPushed = dev, 0
	}
	for {
		entries, last, err := e.s.AuditOutgoing(st.AuditPushed, maxAuditObject)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
		if err := e.b.Put(ctx, auditObjectKey(dev, st.AuditPushed+1), marshalAuditBatch(entries)); err != nil {
			return err
		}
		rep.AuditPushed += len(entries)
		st.AuditPushed = last
	}
}

// pullsAudit: the PCs of admins and HR users keep every PC's audit entries.
func (e *Engine) pullsAudit() bool {
	r := e.s.Role()
	return r == vault.RoleAdmin || r == vault.RoleUser
}

// pullAudit applies, per other device, the audit objects after the last one applied. A refused
// object (damaged, under a name its entries do not match, or not extending that PC's chain) is
// named once in the refusals and stops that device for this cycle: it is tried again next
// cycle, so entries that wait for a keyring entry, or a gap the bucket fills later, still come.
func (e *Engine) pullAudit(ctx context.Context, st *State, rep *Report) error {
	if !e.pullsAudit() {
		return nil
	}
	self := e.s.DeviceID().String()
	devices, err := e.b.Folders(ctx, "audit/")
	if err != nil {
		return err
	}
	for _, dev := range devices {
		if dev == self {
			continue
		}
		if err := e.pullAuditDevice(ctx, st, rep, dev); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) pullAuditDevice(ctx context.Context, st *State, rep *Report, dev string) error {
	id, err := vault.ParseID(dev)
	if err != nil {
		return nil // not a device folder Kluis writes
	}
	prefix := "audit/" + dev + "/"
	objs, err := e.b.List(ctx, prefix, st.AuditPulled[dev], 0)
	if err != nil {
		return err
	}
	if st.AuditPulled[dev] == "" && len(objs) > 0 { // a PC new here: is its log a restored copy?
		a, ok, err := e.announcementOf(ctx, id)
		if err != nil {
			return err
		}
		if ok {
			if err := e.noteAuditCopy(a); err != nil {
				return err
			}
		}
	}
	for _, o := range objs {
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		n, err := e.applyAudit(o.Key, id, b)
		switch {
		case err == nil:
			rep.AuditPulled += n
			st.AuditPulled[dev] = o.Key
			pruneSkipped(st, prefix, o.Key)
		case errors.Is(err, ErrObjectRefused) || errors.Is(err, vault.ErrAuditRefused):
			if st.Skipped[o.Key] != o.ETag { // name it once while it stays as it is
				r := Refusal{Key: o.Key, Reason: err.Error(), At: e.now().UTC()}
				st.refuse(r)
				rep.Refused = append(rep.Refused, r)
				st.Skipped[o.Key] = o.ETag
			}
			return nil
		default:
			return err
		}
	}
	return nil
}

// noteAuditCopy tells the vault that a's audit log begins as a copy of the PC its folder was
// restored from, so the entries the two share show once (vault/auditcopy.go).
func (e *Engine) noteAuditCopy(a Announcement) error {
	if a.RestoredFrom == (vault.ID{}) || a.RestoredFrom == a.Device || a.Device == e.s.DeviceID() {
		return nil
	}
	return e.s.NoteAuditCopy(a.Device, a.RestoredFrom)
}

// applyAudit parses an audit object and stores its entries when its name says where they start.
func (e *Engine) applyAudit(key string, dev vault.ID, b []byte) (int, error) {
	first, err := strconv.ParseUint(key[strings.LastIndexByte(key, '/')+1:], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %s: the name has no sequence number", ErrObjectRefused, key)
	}
	entries, err := parseAuditBatch(b)
	if err != nil {
		return 0, fmt.Errorf("%w: %s: %s", ErrObjectRefused, key, err.Error())
	}
	if seq, err := vault.AuditEntrySeq(entries[0]); err != nil || seq != first {
		return 0, fmt.Errorf("%w: %s: its entries belong under another name (copied or replayed)", ErrObjectRefused, key)
	}
	n, err := e.s.ApplyAudit(dev, entries)
	if err != nil && errors.Is(err, vault.ErrAuditRefused) {
		return 0, fmt.Errorf("%w: %s: %w", ErrObjectRefused, key, err)
	}
	return n, err
}
