package replicate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kluis/internal/vault"
)

// Errors of a cycle besides the bucket's.
var (
	// ErrObjectRefused names an object of the bucket that was not applied: damaged, replayed
	// under another name, or refused by the vault (bad signature, wrong scope, unknown signer).
	ErrObjectRefused = errors.New("replicate: an object in the bucket was refused")
	// ErrOtherVault: the bucket's keyring is not this vault's.
	ErrOtherVault = errors.New("replicate: the bucket holds another vault's keyring")
)

// DefaultMaxSet is the size a change set aims at (the vault cuts sets at about this many bytes).
const DefaultMaxSet = 4 << 20

// Report says what one cycle did: counts only.
type Report struct {
	KeyringPushed, KeyringPulled int
	// KeyringRebased: this PC's keyring entries signed again after another PC's that took
	// their serials first (two admins changed access on two PCs between cycles).
	KeyringRebased         int
	SetsPushed, SetsPulled int
	Applied, Older         int // entries applied / skipped because the local change is newer
	// Retired: entries left out because they were sealed under an epoch a finished rotation
	// dropped (the rotating PC's re-sealed versions replace them; vault.ApplyStats).
	Retired     int
	UsersPulled int
	Refused     []Refusal
	// Snapshots (snapshot.go): applied (of which in bulk, into a partition new to this PC),
	// made here, change objects compacted.
	SnapshotsApplied, SnapshotsBulk, SnapshotsMade, Compacted int
	// AuditPushed / AuditPulled: audit entries sent / stored from other PCs (audit.go).
	AuditPushed, AuditPulled int
	// AuditGaps: PCs whose announced audit entries are not all here after a pull that came
	// later (auditanchor.go).
	AuditGaps int
}

// Engine replicates one unlocked session's vault through one bucket.
type Engine struct {
	b        *Bucket
	s        *vault.Session
	dir      string
	vaultID  string
	now      func() time.Time
	maxBytes int
	// removed: the verified device removals of this cycle, by device id hex (removal.go).
	removed map[string]Removal
	snap    SnapshotPolicy
}

// New builds the engine of the session of the vault in dir (vaultID: its id, the bucket prefix).
func New(b *Bucket, s *vault.Session, dir, vaultID string, now func() time.Time) *Engine {
	if now == nil {
		now = time.Now
	}
	return &Engine{b: b, s: s, dir: dir, vaultID: vaultID, now: now, maxBytes: DefaultMaxSet}
}

// Cycle pushes this PC's changes and pulls the others': keyring entries first (so a new user,
// scope or revocation is known before the records that depend on it), then the users' local
// parts, then the change sets of the partitions this session may read, then the device
// announcement. A failure stops the cycle with nothing lost: what was not acknowledged is sent
// again, what was not recorded as pulled is pulled again (applying twice is harmless).
func (e *Engine) Cycle(ctx context.Context) (Report, error) {
	st, err := LoadState(e.dir)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	err = e.cycle(ctx, st, &rep)
	if err != nil {
		st.LastError = errorCode(err)
	} else {
		st.LastError = ""
	}
	if serr := st.Save(e.dir); err == nil {
		err = serr
	}
	return rep, err
}

func (e *Engine) cycle(ctx context.Context, st *State, rep *Report) error {
	if err := e.b.Check(ctx); err != nil {
		return err
	}
	if err := e.checkRemoved(ctx, st, rep); err != nil {
		return err // this PC was removed: nothing more goes out or comes in
	}
	if err := e.pushKeyring(ctx, st, rep); err != nil {
		return err
	}
	if err := e.pullKeyring(ctx, st, rep); err != nil {
		return err
	}
	var err error
	if e.removed, err = e.removals(ctx, st, rep); err != nil {
		return err
	}
	if err := e.pushUsers(ctx, st); err != nil {
		return err
	}
	if err := e.pullUsers(ctx, st, rep); err != nil {
		return err
	}
	if err := e.pushChanges(ctx, st, rep); err != nil {
		return err
	}
	known, err := e.knownPartitions(ctx, st)
	if err != nil {
		return err
	}
	if err := e.pullChanges(ctx, st, rep, known); err != nil {
		return err
	}
	full := e.snap.Force || e.now().Sub(st.SnapshotCheck) > snapshotCheckEvery
	// In a full check a PC that keeps the audit logs reads the announcements before it pulls
	// them: every audit entry announced then is in the bucket for the pull (auditanchor.go).
	var announced []Announcement
	if full && e.pullsAudit() {
		if announced, err = e.Devices(ctx); err != nil {
			return err
		}
	}
	if err := e.snapshots(ctx, st, rep, full, announced); err != nil {
		return err
	}
	if full {
		st.SnapshotCheck = e.now().UTC()
	}
	if err := e.pushAudit(ctx, st, rep); err != nil {
		return err
	}
	if err := e.pullAudit(ctx, st, rep); err != nil {
		return err
	}
	if err := e.checkAuditAnchors(st, rep, announced, full); err != nil {
		return err
	}
	if err := e.markPushed(ctx, rep); err != nil {
		return err
	}
	return e.announce(ctx, st)
}

// ---- keyring ----------------------------------------------------------------------------------

func keyringKey(serial uint64) string { return fmt.Sprintf("keyring/%020d", serial) }

// serialOf reads the serial of a keyring.log line ({"signed":{"serial":N,…},"sig":…}); the
// vault verifies the rest.
func serialOf(line []byte) (uint64, error) {
	var outer struct {
		Signed json.RawMessage `json:"signed"`
	}
	var h struct {
		Serial uint64 `json:"serial"`
	}
	if json.Unmarshal(line, &outer) != nil || json.Unmarshal(outer.Signed, &h) != nil || h.Serial == 0 {
		return 0, fmt.Errorf("%w: a keyring entry without a serial", ErrObjectRefused)
	}
	return h.Serial, nil
}

// pushKeyring writes the local entries the bucket may not have yet, each only if its serial is
// free: an entry of another admin under the same serial means our entry lost the race (a fork).
func (e *Engine) pushKeyring(ctx context.Context, st *State, rep *Report) error {
	lines, err := e.s.KeyringEntries(st.KeyringPushed)
	if err != nil {
		return err
	}
	for _, line := range lines {
		line = bytes.TrimSpace(line)
		serial, err := serialOf(line)
		if err != nil {
			return err
		}
		err = e.b.PutNew(ctx, keyringKey(serial), line)
		switch {
		case err == nil:
			rep.KeyringPushed++
		case errors.Is(err, ErrObjectExists):
			there, gerr := e.b.Get(ctx, keyringKey(serial))
			if gerr != nil {
				return gerr
			}
			if !bytes.Equal(bytes.TrimSpace(there), line) {
				return e.rebaseKeyring(ctx, st, rep, serial)
			}
		default:
			return err
		}
		st.KeyringPushed = serial
	}
	return nil
}

// rebaseKeyring settles a fork at serial: another PC's entries took that serial first. The
// vault signs this PC's entries again after the bucket's when they touch other users and scopes
// (else the fork error stands for an admin to settle), and the push starts again from the fork.
func (e *Engine) rebaseKeyring(ctx context.Context, st *State, rep *Report, serial uint64) error {
	if rep.KeyringRebased > 0 {
		return fmt.Errorf("%w: keyring entry %d was written by another PC first", vault.ErrKeyringFork, serial)
	}
	objs, err := e.b.List(ctx, "keyring/", keyringKey(serial-1), 0)
	if err != nil {
		return err
	}
	var lines [][]byte
	for _, o := range objs {
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		if s, err := serialOf(b); err != nil || keyringKey(s) != o.Key {
			return fmt.Errorf("%w: %s is not the keyring entry its name says", ErrObjectRefused, o.Key)
		}
		lines = append(lines, bytes.TrimSpace(b))
	}
	n, err := e.s.RebaseKeyring(lines)
	if err != nil {
		return err
	}
	rep.KeyringRebased += n
	rep.KeyringPulled += len(lines)
	st.KeyringPushed = serial - 1
	return e.pushKeyring(ctx, st, rep)
}

// pullKeyring applies the entries after the local head; the vault verifies the chain from its
// own head and refreshes the session's keys (a revocation of this user locks the session).
func (e *Engine) pullKeyring(ctx context.Context, st *State, rep *Report) error {
	head, err := e.localHead()
	if err != nil {
		return err
	}
	objs, err := e.b.List(ctx, "keyring/", keyringKey(head), 0)
	if err != nil {
		return err
	}
	var lines [][]byte
	for _, o := range objs {
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		serial, err := serialOf(b)
		if err != nil || keyringKey(serial) != o.Key {
			return fmt.Errorf("%w: %s is not the keyring entry its name says", ErrObjectRefused, o.Key)
		}
		lines = append(lines, bytes.TrimSpace(b))
	}
	if len(lines) > 0 {
		n, err := e.s.ApplyKeyringEntries(lines)
		rep.KeyringPulled += n
		if err != nil {
			return err
		}
	}
	if head, err = e.localHead(); err != nil {
		return err
	}
	st.KeyringPushed = max(st.KeyringPushed, head)
	return nil
}

// localHead is the serial of the last local keyring entry.
func (e *Engine) localHead() (uint64, error) {
	lines, err := e.s.KeyringEntries(0)
	if err != nil {
		return 0, err
	}
	if len(lines) == 0 {
		return 0, nil
	}
	return serialOf(bytes.TrimSpace(lines[len(lines)-1]))
}

// ---- users' local parts -----------------------------------------------------------------------

// pushUsers writes the local parts this session may hand out (its user's; an admin's PC also
// those of the users added there) to users/<id>, each only when it changed since the last push.
func (e *Engine) pushUsers(ctx context.Context, st *State) error {
	blobs, err := e.s.LocalUsers()
	if err != nil {
		return err
	}
	for _, blob := range blobs {
		id, err := localUserID(blob)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(blob)
		h := hex.EncodeToString(sum[:])
		key := "users/" + id
		if st.UsersPushed[key] == h {
			continue
		}
		if err := e.b.Put(ctx, key, blob); err != nil {
			return err
		}
		st.UsersPushed[key] = h
	}
	return nil
}

// localUserID reads the user id of a users/<id> object ({"local":{"id":…},…}); the vault
// verifies the signature.
func localUserID(blob []byte) (string, error) {
	var outer struct {
		Local struct {
			ID vault.UserID `json:"id"`
		} `json:"local"`
	}
	if err := json.Unmarshal(blob, &outer); err != nil || outer.Local.ID == (vault.UserID{}) {
		return "", fmt.Errorf("%w: a user's local part without an id", ErrObjectRefused)
	}
	return outer.Local.ID.String(), nil
}

// pullUsers imports the local parts that changed in the bucket, one by one so a forged one is
// refused by name and the others still arrive. One of a user the keyring does not know yet is
// tried again next cycle.
func (e *Engine) pullUsers(ctx context.Context, st *State, rep *Report) error {
	objs, err := e.b.List(ctx, "users/", "", 0)
	if err != nil {
		return err
	}
	for _, o := range objs {
		if st.Users[o.Key] == o.ETag {
			continue
		}
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		id, err := localUserID(b)
		if err == nil && "users/"+id != o.Key {
			err = fmt.Errorf("%w: %s holds another user's local part", ErrObjectRefused, o.Key)
		}
		if err == nil {
			err = e.s.ImportLocalUsers([][]byte{b})
		}
		switch {
		case err == nil:
			rep.UsersPulled++
		case errors.Is(err, vault.ErrNotFound):
			continue // the keyring entry that adds the user has not arrived yet
		case errors.Is(err, ErrObjectRefused) || errors.Is(err, vault.ErrKeyringTampered):
			r := Refusal{Key: o.Key, Reason: err.Error(), At: e.now().UTC()}
			st.refuse(r)
			rep.Refused = append(rep.Refused, r)
		default:
			return err
		}
		st.Users[o.Key] = o.ETag
	}
	return nil
}

// ---- change sets ------------------------------------------------------------------------------

func changeKey(p vault.ScopeID, dev vault.ID, seq uint64) string {
	return fmt.Sprintf("changes/%08x/%s/%020d", uint32(p), dev, seq)
}

// pushChanges uploads the signed change sets of local changes, then lets the vault forget them.
// A crash between the two sends them again under the same names; the receivers' (device, seq)
// check makes that harmless.
func (e *Engine) pushChanges(ctx context.Context, st *State, rep *Report) error {
	for {
		out, err := e.s.Outgoing(e.maxBytes)
		if err != nil {
			return err
		}
		if out == nil || len(out.Sets) == 0 {
			return nil
		}
		for _, cs := range out.Sets {
			b, err := cs.Marshal()
			if err != nil {
				return err
			}
			if err := e.b.Put(ctx, changeKey(cs.Partition, cs.Device, cs.Seq), b); err != nil {
				return err
			}
			rep.SetsPushed++
			st.countSet(partitionHex(cs.Partition))
		}
		if err := e.s.Acknowledge(out); err != nil {
			return err
		}
		st.LastPush = e.now().UTC()
	}
}

// pullChanges applies, per partition this session may read and per other device, the change
// sets after the last one applied. An object that is damaged, sits under a name its content
// does not match (a replay), or is refused by the vault is recorded as refused and passed.
func (e *Engine) pullChanges(ctx context.Context, st *State, rep *Report, known map[string]bool) error {
	self := e.s.DeviceID().String()
	away := !st.LastPull.IsZero() && e.now().Sub(st.LastPull) > ResyncAfter
	for _, p := range e.s.ReplicaPartitions() {
		ph := partitionHex(p)
		unknown := len(st.Pulled[ph]) > 0 && !known[ph] // compaction did not wait for this PC
		if err := e.fromSnapshot(ctx, st, rep, p, ph, away || unknown || len(st.Missing[ph]) > 0); err != nil {
			return err
		}
		st.healed(ph, e.now())
		devices, err := e.b.Folders(ctx, "changes/"+ph+"/")
		if err != nil {
			return err
		}
		for _, dev := range devices {
			if dev == self {
				continue
			}
			if err := e.pullDevice(ctx, st, rep, p, ph, dev); err != nil {
				return err
			}
		}
	}
	st.LastPull = e.now().UTC()
	return nil
}

func (e *Engine) pullDevice(ctx context.Context, st *State, rep *Report, p vault.ScopeID, ph, dev string) error {
	if st.Pulled[ph] == nil {
		st.Pulled[ph] = map[string]string{}
	}
	objs, err := e.b.List(ctx, "changes/"+ph+"/"+dev+"/", st.Pulled[ph][dev], 0)
	if err != nil {
		return err
	}
	for _, o := range objs {
		if st.Skipped[o.Key] == o.ETag {
			continue // refused before and unchanged
		}
		if r, ok := e.removed[dev]; ok {
			if seq, err := seqOf(o.Key); err == nil {
				if err := refusedAsRemoved(o.Key, ph, r, seq); err != nil {
					ref := Refusal{Key: o.Key, Reason: err.Error(), At: e.now().UTC()}
					st.refuse(ref)
					rep.Refused = append(rep.Refused, ref)
					st.Skipped[o.Key] = o.ETag
					continue
				}
			}
		}
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return err
		}
		stats, err := e.applyObject(o.Key, p, dev, b)
		switch {
		case err == nil:
			rep.SetsPulled++
			st.countSet(ph)
			rep.Applied += stats.Applied
			rep.Older += stats.Older
			rep.Retired += stats.Retired
			// Only a set that applied moves the cursor: a refused object with a forged high
			// number then never hides the device's later sets, and refused objects below a
			// good one are not listed again.
			st.Pulled[ph][dev] = o.Key
			pruneSkipped(st, "changes/"+ph+"/"+dev+"/", o.Key)
		case errors.Is(err, ErrObjectRefused) || errors.Is(err, vault.ErrChangeSetRefused):
			r := Refusal{Key: o.Key, Reason: err.Error(), At: e.now().UTC()}
			st.refuse(r)
			rep.Refused = append(rep.Refused, r)
			st.Skipped[o.Key] = o.ETag
			st.miss(ph, o.Key, r.At)
		default:
			return err // locked, disk: the object is pulled again next cycle
		}
	}
	return nil
}

// pruneSkipped forgets refused keys of prefix at or below the cursor (no longer listed).
func pruneSkipped(st *State, prefix, cursor string) {
	for k := range st.Skipped {
		if strings.HasPrefix(k, prefix) && k <= cursor {
			delete(st.Skipped, k)
		}
	}
}

// applyObject parses a change set and applies it when its header says what its name says.
func (e *Engine) applyObject(key string, p vault.ScopeID, dev string, b []byte) (vault.ApplyStats, error) {
	seq, err := strconv.ParseUint(key[strings.LastIndexByte(key, '/')+1:], 10, 64)
	if err != nil {
		return vault.ApplyStats{}, fmt.Errorf("%w: %s: the name has no sequence number", ErrObjectRefused, key)
	}
	cs, err := vault.ParseChangeSet(b)
	if err != nil {
		return vault.ApplyStats{}, fmt.Errorf("%w: %s: not a readable change set", ErrObjectRefused, key)
	}
	if cs.Vault != e.vaultID || cs.Partition != p || cs.Device.String() != dev || cs.Seq != seq {
		return vault.ApplyStats{}, fmt.Errorf("%w: %s: its content belongs under another name (copied or replayed)", ErrObjectRefused, key)
	}
	stats, err := e.s.ApplyChangeSet(cs)
	if err != nil && errors.Is(err, vault.ErrChangeSetRefused) {
		return stats, fmt.Errorf("%w: %s: %w", ErrObjectRefused, key, err)
	}
	return stats, err
}

// ---- device announcement ----------------------------------------------------------------------

// announcementDomain is the statement domain of a device announcement.
const announcementDomain = "kluis.device.v1"

// Announcement is devices/<device id hex>: which device, by which user, first and last contact,
// signed by the user (no PC name: a random id only).
type Announcement struct {
	Vault        string       `json:"vault"`
	Device       vault.ID     `json:"device"`
	User         vault.UserID `json:"user"`
	FirstContact time.Time    `json:"first_contact"`
	LastContact  time.Time    `json:"last_contact"`
	// Cursors: partition hex → device hex → the last change set applied (compact.go).
	Cursors map[string]map[string]uint64 `json:"cursors,omitempty"`
	// AuditHead: this device's audit entries up to this number are in the bucket (auditanchor.go).
	AuditHead uint64 `json:"audit_head,omitempty"`
	// RestoredFrom: this folder was restored from a backup of that device, so its audit log
	// begins as a copy of that device's (vault/auditcopy.go).
	RestoredFrom vault.ID `json:"restored_from,omitzero"`
	Sig          []byte   `json:"sig,omitempty"`
}

// message is the legacy signed message (signed.go).
func (a Announcement) message() []byte {
	a.Sig = nil
	b, _ := json.Marshal(a)
	return b
}

func (e *Engine) announce(ctx context.Context, st *State) error {
	now := e.now().UTC().Truncate(time.Second)
	if st.FirstContact.IsZero() {
		st.FirstContact = now
	}
	a := Announcement{Vault: e.vaultID, Device: e.s.DeviceID(), User: e.s.UserID(), FirstContact: st.FirstContact, LastContact: now}
	a.Cursors = st.cursors()
	if st.AuditDevice == a.Device.String() {
		a.AuditHead = st.AuditPushed
	}
	a.RestoredFrom = e.s.RestoredFrom()
	for _, p := range e.s.ReplicaPartitions() { // pulled next: compaction waits from now on
		if ph := partitionHex(p); a.Cursors[ph] == nil {
			a.Cursors[ph] = map[string]uint64{}
		}
	}
	sig, err := signObject(a, func(msg []byte) ([]byte, error) { return e.s.SignStatement(announcementDomain, msg) })
	if err != nil {
		return err
	}
	a.Sig = sig
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return e.b.Put(ctx, "devices/"+a.Device.String(), b)
}

// knownPartitions reads this PC's own announcement in the bucket: the partitions it lists are
// those whose compaction waits for this PC. A partition this PC has pulled but the bucket does
// not list (the announcement after a pull never arrived: a crash, a failed upload, a deleted
// object, or silence past CompactWait) may have lost change sets this PC still lacked, so its
// pull starts again from the newest snapshot. When a partition about to be pulled is not listed,
// the PC announces itself first, so compaction waits for it before it pulls.
func (e *Engine) knownPartitions(ctx context.Context, st *State) (map[string]bool, error) {
	known := map[string]bool{}
	a, ok, err := e.announcementOf(ctx, e.s.DeviceID())
	if err != nil {
		return nil, err
	}
	if ok && e.now().Sub(a.LastContact) <= CompactWait {
		for ph := range a.Cursors {
			known[ph] = true
		}
	}
	for _, p := range e.s.ReplicaPartitions() {
		if !known[partitionHex(p)] {
			return known, e.announce(ctx, st)
		}
	}
	return known, nil
}

// partitionHex is a partition's name in object keys.
func partitionHex(p vault.ScopeID) string { return fmt.Sprintf("%08x", uint32(p)) }

// Devices lists the devices announced in the bucket whose announcement verifies against the
// signed keyring state (Beheer → Apparaten, later); the others are left out.
func (e *Engine) Devices(ctx context.Context) ([]Announcement, error) {
	objs, err := e.b.List(ctx, "devices/", "", 0)
	if err != nil {
		return nil, err
	}
	var out []Announcement
	for _, o := range objs {
		b, err := e.b.Get(ctx, o.Key)
		if err != nil {
			return nil, err
		}
		if a, ok := e.parseAnnouncement(o.Key, b); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// announcementOf reads device dev's announcement (false: none, or one that does not verify).
func (e *Engine) announcementOf(ctx context.Context, dev vault.ID) (Announcement, bool, error) {
	key := "devices/" + dev.String()
	b, err := e.b.Get(ctx, key)
	if errors.Is(err, ErrObjectMissing) {
		return Announcement{}, false, nil
	}
	if err != nil {
		return Announcement{}, false, err
	}
	a, ok := e.parseAnnouncement(key, b)
	return a, ok, nil
}

// parseAnnouncement accepts an announcement of this vault under its own name, signed by its
// user as the signed keyring state names them.
func (e *Engine) parseAnnouncement(key string, b []byte) (Announcement, bool) {
	var a Announcement
	if json.Unmarshal(b, &a) != nil || a.Vault != e.vaultID || "devices/"+a.Device.String() != key ||
		!verifyObject(b, a.message(), func(msg []byte) bool {
			return e.s.VerifyStatement(a.User, a.User, announcementDomain, msg, a.Sig)
		}) {
		return Announcement{}, false
	}
	return a, true
}

// errorCode is a short, identity-free word for the state file's last error.
func errorCode(err error) string {
	for _, k := range []struct {
		err  error
		code string
	}{{ErrServerDown, "server_down"}, {ErrCredentials, "credentials"}, {ErrBucketMissing, "bucket_missing"},
		{ErrBucketURL, "bucket_url"}, {ErrObjectRefused, "object_refused"}, {vault.ErrKeyringFork, "keyring_fork"},
		{vault.ErrLocked, "locked"}, {ErrDeviceRemoved, "device_removed"}} {
		if errors.Is(err, k.err) {
			return k.code
		}
	}
	return "internal"
}
