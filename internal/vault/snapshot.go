package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"slices"

	vcrypto "kluis/internal/vault/crypto"
)

// Snapshots (docs/adr/011-snapshots.md): a partition's replicable entries as stored, each with
// its full clock (deleted keys as tombstones, so a PC that missed a deletion still learns it),
// plus the cursor the snapshot covers: per device, the last change-set number of this partition
// whose changes it holds. Signed like a change set. A joining PC applies it instead of the
// partition's whole history; the bucket may then drop the change sets it covers.

// Snapshot is a signed image of one partition.
type Snapshot struct {
	Vault     string  // vault id (hex)
	Device    ID      // the device that made it
	Partition ScopeID // the scope every entry belongs to
	Clock     uint64  // the highest clock of the entries
	Signer    UserID  // the session user who signed
	Cursor    []SnapshotCursor
	Entries   []SnapshotEntry
	Sig       []byte
}

// SnapshotCursor says the snapshot holds the changes of Device's sets up to Seq in the partition.
type SnapshotCursor struct {
	Device ID
	Seq    uint64
}

// SnapshotEntry is one Badger entry with its clock: a value as stored, or a tombstone.
type SnapshotEntry struct {
	Key, Value []byte
	Deleted    bool
	Clock      uint64
	Device     ID // the device whose change the entry is (the clock's tie-breaker)
}

// Snapshot encoding (docs/format.md, "Snapshots"):
//
//	"KLUISSN1" (8) ‖ vault id length (1) ‖ vault id ‖ device (16) ‖ partition (4) ‖ clock (8) ‖
//	signer (16) ‖ cursor count (4) ‖ n × [device (16) ‖ seq (8)] ‖ count (4) ‖ count × [flags (1)
//	‖ clock (8) ‖ device (16) ‖ key length (2) ‖ key ‖ value length (4) ‖ value] ‖ signature (64)
//
// signature = Ed25519(signer, "kluis/v5/snapshot-sig" ‖ 0 ‖ SHA-256("kluis/v5/snapshot" ‖ 0 ‖
// all bytes before the signature)).
const (
	snapshotMagic     = "KLUISSN1"
	maxSnapshotCursor = 1 << 16
)

func (sn *Snapshot) body() ([]byte, error) {
	if len(sn.Vault) == 0 || len(sn.Vault) > 255 {
		return nil, errors.New("vault: snapshot without a vault id")
	}
	size := 128 + len(sn.Cursor)*24
	for _, e := range sn.Entries {
		size += 31 + len(e.Key) + len(e.Value)
	}
	b := bytes.NewBuffer(make([]byte, 0, size))
	b.WriteString(snapshotMagic)
	b.WriteByte(byte(len(sn.Vault)))
	b.WriteString(sn.Vault)
	b.Write(sn.Device[:])
	var n [8]byte
	binary.BigEndian.PutUint32(n[:4], uint32(sn.Partition))
	b.Write(n[:4])
	binary.BigEndian.PutUint64(n[:], sn.Clock)
	b.Write(n[:])
	b.Write(sn.Signer[:])
	binary.BigEndian.PutUint32(n[:4], uint32(len(sn.Cursor)))
	b.Write(n[:4])
	for _, c := range sn.Cursor {
		b.Write(c.Device[:])
		binary.BigEndian.PutUint64(n[:], c.Seq)
		b.Write(n[:])
	}
	binary.BigEndian.PutUint32(n[:4], uint32(len(sn.Entries)))
	b.Write(n[:4])
	for _, e := range sn.Entries {
		if len(e.Key) == 0 || len(e.Key) > 0xffff {
			return nil, errors.New("vault: snapshot entry key length")
		}
		flags := byte(0)
		if e.Deleted {
			flags = entryDeleted
		}
		b.WriteByte(flags)
		binary.BigEndian.PutUint64(n[:], e.Clock)
		b.Write(n[:])
		b.Write(e.Device[:])
		binary.BigEndian.PutUint16(n[:2], uint16(len(e.Key)))
		b.Write(n[:2])
		b.Write(e.Key)
		binary.BigEndian.PutUint32(n[:4], uint32(len(e.Value)))
		b.Write(n[:4])
		b.Write(e.Value)
	}
	return b.Bytes(), nil
}

func (sn *Snapshot) message(body []byte) []byte {
	return sigMessage(vcrypto.LabelSnapshotSig, domainHash(vcrypto.LabelSnapshot, body))
}

// Marshal encodes a signed snapshot.
func (sn *Snapshot) Marshal() ([]byte, error) {
	if len(sn.Sig) != ed25519.SignatureSize {
		return nil, errors.New("vault: snapshot is not signed")
	}
	body, err := sn.body()
	if err != nil {
		return nil, err
	}
	return append(body, sn.Sig...), nil
}

// verify checks Sig against pub.
func (sn *Snapshot) verify(pub ed25519.PublicKey) bool {
	body, err := sn.body()
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(pub, sn.message(body), sn.Sig)
}

// CursorOf is the snapshot's cursor for device (0: none).
func (sn *Snapshot) CursorOf(device ID) uint64 {
	for _, c := range sn.Cursor {
		if c.Device == device {
			return c.Seq
		}
	}
	return 0
}

// ParseSnapshot decodes what Marshal wrote; framing only (ApplySnapshot checks the rest).
// Anything malformed is ErrChangeSetRefused.
func ParseSnapshot(b []byte) (*Snapshot, error) {
	r := &reader{b: b}
	if string(r.next(len(snapshotMagic))) != snapshotMagic {
		return nil, refused("not a snapshot")
	}
	sn := &Snapshot{}
	vl := int(r.u8())
	sn.Vault = string(r.next(vl))
	copy(sn.Device[:], r.next(16))
	sn.Partition = ScopeID(r.u32())
	sn.Clock = r.u64()
	copy(sn.Signer[:], r.next(16))
	nc := r.u32()
	if r.bad || vl == 0 || nc > maxSnapshotCursor {
		return nil, refused("malformed snapshot header")
	}
	for range nc {
		var c SnapshotCursor
		copy(c.Device[:], r.next(16))
		c.Seq = r.u64()
		sn.Cursor = append(sn.Cursor, c)
	}
	count := r.u32()
	if r.bad || count > maxChangeEntries {
		return nil, refused("malformed snapshot header")
	}
	sn.Entries = make([]SnapshotEntry, 0, min(count, 1<<16))
	for range count {
		flags := r.u8()
		e := SnapshotEntry{Deleted: flags&entryDeleted != 0, Clock: r.u64()}
		copy(e.Device[:], r.next(16))
		e.Key = r.next(int(r.u16()))
		e.Value = r.next(int(r.u32()))
		if r.bad || len(e.Key) == 0 || flags&^entryDeleted != 0 {
			return nil, refused("malformed snapshot entry")
		}
		sn.Entries = append(sn.Entries, e)
	}
	sn.Sig = bytes.Clone(r.next(ed25519.SignatureSize))
	if r.bad || len(r.b) != 0 {
		return nil, refused("malformed snapshot (length)")
	}
	// Keys and values point into b (one allocation for the whole snapshot, not two per entry).
	return sn, nil
}

// sortedCursor orders a cursor by device (so the same state signs the same bytes).
func sortedCursor(m map[ID]uint64) []SnapshotCursor {
	out := make([]SnapshotCursor, 0, len(m))
	for d, s := range m {
		out = append(out, SnapshotCursor{Device: d, Seq: s})
	}
	slices.SortFunc(out, func(a, b SnapshotCursor) int { return bytes.Compare(a.Device[:], b.Device[:]) })
	return out
}
