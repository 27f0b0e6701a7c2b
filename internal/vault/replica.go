package vault

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"

	vcrypto "kluis/internal/vault/crypto"
)

// Replication (docs/adr/009-replication.md): every PC keeps a full vault folder and exchanges
// change sets through a bucket the other layers reach. A change set carries, for ONE partition
// (a scope), the Badger entries this device changed (the key and the value exactly as stored,
// so values stay sealed; or a deletion), each with its hybrid logical clock, under a header
// signed by the session user's Ed25519 key. Nothing in a change set is in clear but random ids,
// HMACs, scope ids and clocks.

// Replication errors.
var (
	// ErrChangeSetRefused: a change set was not applied (see ChangeSetRefusedError.Reason).
	ErrChangeSetRefused = errors.New("vault: change set refused")
	// ErrKeyringFork: a keyring entry from elsewhere has the serial of a different local entry:
	// two admins changed the keyring at once and this PC's entry lost the race.
	ErrKeyringFork = errors.New("vault: the keyring was changed on two PCs at once")
	// ErrJoinRefused: a join code is malformed, or what the bucket serves does not descend
	// from the genesis the code pins.
	ErrJoinRefused = errors.New("vault: joining this vault was refused")
)

// ChangeSetRefusedError names why a change set was refused; the reason holds no identity
// value (only ids, scopes and counts). errors.Is(err, ErrChangeSetRefused) holds for it.
type ChangeSetRefusedError struct{ Reason string }

func (e *ChangeSetRefusedError) Error() string { return ErrChangeSetRefused.Error() + ": " + e.Reason }

// Is makes errors.Is(err, ErrChangeSetRefused) true.
func (e *ChangeSetRefusedError) Is(target error) bool { return target == ErrChangeSetRefused }

func refused(format string, args ...any) error {
	return &ChangeSetRefusedError{Reason: fmt.Sprintf(format, args...)}
}

// ChangeSet is a signed batch of one device's changes to one partition.
type ChangeSet struct {
	Vault     string  // vault id (hex)
	Device    ID      // the device (vault folder) that made the changes
	Seq       uint64  // the device's change-set number, +1 per set, never reused
	Partition ScopeID // the scope every entry belongs to
	Clock     uint64  // the highest clock of the entries (HLC: 48-bit ms ‖ 16-bit counter)
	Signer    UserID  // the session user who signed
	Entries   []ChangeEntry
	Sig       []byte // Ed25519 over the hash of everything above
	// v1: read from a version-1 set, whose entries carry no base (it marshals back as one, so
	// its signature still verifies; applying it is plain last writer wins).
	v1 bool
}

// ChangeEntry is one Badger entry: its key and value as stored, or its deletion.
type ChangeEntry struct {
	Key, Value []byte
	Deleted    bool
	Clock      uint64
	// Base is the clock of the version this change replaced on its device (0: it replaced
	// nothing this device knew of). Apply uses it to tell a concurrent edit from a later one.
	Base uint64
}

// Change-set encoding (docs/format.md, "Change sets"):
//
//	"KLUISCS2" (8) ‖ vault id length (1) ‖ vault id ‖ device (16) ‖ seq (8) ‖ partition (4) ‖
//	clock (8) ‖ signer (16) ‖ count (4) ‖ count × [flags (1) ‖ clock (8) ‖ base (8) ‖
//	key length (2) ‖ key ‖ value length (4) ‖ value] ‖ signature (64)
//
// "KLUISCS1" is the same without the base; it is still read (and applied as last writer wins).
//
// signature = Ed25519(signer, "kluis/v5/change-set-sig" ‖ 0 ‖ SHA-256("kluis/v5/change-set" ‖ 0 ‖
// all bytes before the signature)).
const (
	changeSetMagic   = "KLUISCS2"
	changeSetMagicV1 = "KLUISCS1"
	maxChangeEntries = 1 << 22
	entryDeleted     = 1
)

func (cs *ChangeSet) body() ([]byte, error) {
	if len(cs.Vault) == 0 || len(cs.Vault) > 255 {
		return nil, errors.New("vault: change set without a vault id")
	}
	var b bytes.Buffer
	if cs.v1 {
		b.WriteString(changeSetMagicV1)
	} else {
		b.WriteString(changeSetMagic)
	}
	b.WriteByte(byte(len(cs.Vault)))
	b.WriteString(cs.Vault)
	b.Write(cs.Device[:])
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], cs.Seq)
	b.Write(n[:])
	binary.BigEndian.PutUint32(n[:4], uint32(cs.Partition))
	b.Write(n[:4])
	binary.BigEndian.PutUint64(n[:], cs.Clock)
	b.Write(n[:])
	b.Write(cs.Signer[:])
	binary.BigEndian.PutUint32(n[:4], uint32(len(cs.Entries)))
	b.Write(n[:4])
	for _, e := range cs.Entries {
		if len(e.Key) == 0 || len(e.Key) > 0xffff {
			return nil, errors.New("vault: change entry key length")
		}
		flags := byte(0)
		if e.Deleted {
			flags = entryDeleted
		}
		b.WriteByte(flags)
		binary.BigEndian.PutUint64(n[:], e.Clock)
		b.Write(n[:])
		if !cs.v1 {
			binary.BigEndian.PutUint64(n[:], e.Base)
			b.Write(n[:])
		}
		binary.BigEndian.PutUint16(n[:2], uint16(len(e.Key)))
		b.Write(n[:2])
		b.Write(e.Key)
		binary.BigEndian.PutUint32(n[:4], uint32(len(e.Value)))
		b.Write(n[:4])
		b.Write(e.Value)
	}
	return b.Bytes(), nil
}

func changeSetHash(body []byte) []byte { return domainHash(vcrypto.LabelChangeSet, body) }

// sign fills Sig with key's signature.
func (cs *ChangeSet) sign(key ed25519.PrivateKey) error {
	body, err := cs.body()
	if err != nil {
		return err
	}
	cs.Sig = ed25519.Sign(key, sigMessage(vcrypto.LabelChangeSetSig, changeSetHash(body)))
	return nil
}

// verify checks Sig against pub.
func (cs *ChangeSet) verify(pub ed25519.PublicKey) bool {
	body, err := cs.body()
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(pub, sigMessage(vcrypto.LabelChangeSetSig, changeSetHash(body)), cs.Sig)
}

// Marshal encodes a signed change set.
func (cs *ChangeSet) Marshal() ([]byte, error) {
	if len(cs.Sig) != ed25519.SignatureSize {
		return nil, errors.New("vault: change set is not signed")
	}
	body, err := cs.body()
	if err != nil {
		return nil, err
	}
	return append(body, cs.Sig...), nil
}

// ParseChangeSet decodes what Marshal wrote. It checks the framing only; ApplyChangeSet checks
// the signature and the content. Anything malformed is ErrChangeSetRefused.
func ParseChangeSet(b []byte) (*ChangeSet, error) {
	r := &reader{b: b}
	cs := &ChangeSet{}
	switch string(r.next(len(changeSetMagic))) {
	case changeSetMagic:
	case changeSetMagicV1:
		cs.v1 = true
	default:
		return nil, refused("not a change set")
	}
	vl := int(r.u8())
	cs.Vault = string(r.next(vl))
	copy(cs.Device[:], r.next(16))
	cs.Seq = r.u64()
	cs.Partition = ScopeID(r.u32())
	cs.Clock = r.u64()
	copy(cs.Signer[:], r.next(16))
	count := r.u32()
	if r.bad || vl == 0 || count > maxChangeEntries {
		return nil, refused("malformed change set header")
	}
	cs.Entries = make([]ChangeEntry, 0, min(count, 4096))
	for range count {
		flags := r.u8()
		e := ChangeEntry{Deleted: flags&entryDeleted != 0, Clock: r.u64()}
		if !cs.v1 {
			e.Base = r.u64()
		}
		e.Key = bytes.Clone(r.next(int(r.u16())))
		e.Value = bytes.Clone(r.next(int(r.u32())))
		if r.bad || len(e.Key) == 0 || flags&^entryDeleted != 0 {
			return nil, refused("malformed change entry")
		}
		cs.Entries = append(cs.Entries, e)
	}
	cs.Sig = bytes.Clone(r.next(ed25519.SignatureSize))
	if r.bad || len(r.b) != 0 {
		return nil, refused("malformed change set (length)")
	}
	return cs, nil
}

// reader takes big-endian fields off a byte slice; a short read sets bad.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) next(n int) []byte {
	if r.bad || n < 0 || len(r.b) < n {
		r.bad = true
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() byte {
	if b := r.next(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if b := r.next(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.next(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if b := r.next(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

// ---- what replicates ------------------------------------------------------------------------

// Vault-internal kinds of replication (ADR 001, docs/format.md).
const (
	kindChangeLog Kind = 0x07 // 0x07 ‖ local seq (8): the keys one write changed
	kindClock     Kind = 0x08 // 0x08 ‖ Badger key: the key's clock, device, scope, deleted
	kindReplica   Kind = 0x09 // 0x09 ‖ 16 zero bytes: this device; 0x09 ‖ device ‖ scope: applied
	// kindBackupState (0x75, internal/workspace) says when THIS PC last made a backup: local.
	kindBackupState Kind = 0x75
)

// replicable reports whether a Badger key is replicated: records of every kind but the vault's
// local ones (store header, audit log, journals, change log, clocks, replica state) and the
// backup state, and blind-index entries of real scopes (not the staff index, scope 0, which
// each PC derives itself).
func replicable(key []byte) bool {
	if len(key) == 0 {
		return false
	}
	switch k := Kind(key[0]); {
	case k == kindIndex:
		return len(key) > 6 && binary.BigEndian.Uint32(key[1:5]) != 0
	case k == kindServiceSecrets, k == kindPendingServiceKeys, k == kindStaffQueue: // the retired staff index's queue (staffretired.go)
		return len(key) == recordKeyLen
	case k <= kindReservedMax, k == kindBackupState:
		return false
	default:
		return len(key) == recordKeyLen
	}
}

// keyScope is the scope a replicable key belongs to: an index key's from its bytes 1..5, a
// record's from its value's header (nil value: unknown, 0).
func keyScope(key, value []byte) ScopeID {
	if Kind(key[0]) == kindIndex {
		return ScopeID(binary.BigEndian.Uint32(key[1:5]))
	}
	scope, _, err := parseHeader(value)
	if err != nil {
		return 0
	}
	return scope
}
