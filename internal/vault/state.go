package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// state is the signed keyring state of format 2 (docs/adr/003-signed-keyring.md): who the users
// are and what each may open, the scope table with each department's binding, the recovery
// envelope, the audit anchor and the settings. It changes only through entries of the keyring
// log, each signed by an administrator, so nothing in it is taken from a key every user holds.
// Field names and encodings are the format.
type state struct {
	VaultID    string `json:"vault_id"`
	LookupSalt []byte `json:"lookup_salt"`
	Serial     uint64 `json:"serial"`
	// Founder is the admin who created the vault (or upgraded it to format 2).
	Founder UserID       `json:"founder"`
	Users   []userEntry  `json:"users"`
	Scopes  []scopeEntry `json:"scopes"`
	// Staff is the key of role user (HR): every scope but admin is sealed under it too, so an HR
	// user holds every department, including those created later, through one wrapped key.
	Staff    sealedKey     `json:"staff"`
	Recovery recoveryEntry `json:"recovery"`
	// VaultSigner is the public half of the Ed25519 key derived from the vault key; it signs
	// entries made with the recovery code.
	VaultSigner []byte `json:"vault_signer"`
	// AuditKeys are the audit reader's X25519 keys by epoch: sessions wrap their audit key to the
	// newest; admins open every epoch's private key with the vault key.
	AuditKeys []auditKeyEntry `json:"audit_keys"`
	// AuditHead anchors the audit log: an admin's every keyring change and lock records it.
	AuditHead auditHead `json:"audit_head"`
	// AuditChecked is the last entry up to which an admin's check found every signature valid;
	// later checks verify the signatures after it (and the hash chain through all of it).
	AuditChecked auditHead     `json:"audit_checked,omitzero"`
	Settings     settingsEntry `json:"settings"`
	// Arbo is the link with the arbo service (servicelink.go): only an admin sets it, so nobody
	// else can send the sync to another server or swap the employer's keys.
	Arbo *ServiceLink `json:"arbo,omitempty"`
	// Tree says the department scopes carry their parents: set when an admin first signed the
	// tree (new vaults at once, older ones at an admin's first unlock; tree.go).
	Tree bool `json:"tree,omitempty"`
	// Profiles says every user profile is signed (internal/access): set when the vault is made,
	// or when an admin of an older vault signed its unsigned profiles once. From then on an
	// unsigned profile is nobody's.
	Profiles        bool           `json:"profiles,omitempty"`
	PendingRecovery []sealedDetail `json:"pending_recovery,omitempty"`
}

// sealedKey is a key with an epoch, sealed under the vault key.
type sealedKey struct {
	Epoch  uint32 `json:"epoch"`
	Sealed []byte `json:"sealed"`
}

type auditKeyEntry struct {
	Epoch  uint32 `json:"epoch"`
	Public []byte `json:"public"`
	Sealed []byte `json:"sealed"` // private key under the vault key
}

type auditHead struct {
	Seq  uint64 `json:"seq"`
	Hash []byte `json:"hash,omitempty"`
}

type settingsEntry struct {
	IdleLockMinutes int `json:"idle_lock_minutes"`
}

type kdfEntry struct {
	ID     string    `json:"id"`
	Params KDFParams `json:"params"`
	Salt   []byte    `json:"salt"`
}

type recoveryEntry struct {
	KDF    kdfEntry `json:"kdf"`
	Sealed []byte   `json:"sealed"` // vault key sealed under Argon2id(recovery code)
}

type userEntry struct {
	ID          UserID `json:"id"`
	EmailLookup []byte `json:"email_lookup"`
	Role        Role   `json:"role"`
	Status      Status `json:"status"`
	X25519      []byte `json:"x25519_public"`
	Ed25519     []byte `json:"ed25519_public"`
	// Departments are a manager's departments (the keys of their scopes are wrapped to them).
	Departments []ID         `json:"departments,omitempty"`
	Wrapped     []wrappedKey `json:"wrapped"`
	// Granted says which admin gave the current role and when; Revoked who ended the access.
	Granted *actEntry `json:"granted,omitempty"`
	Revoked *actEntry `json:"revoked,omitempty"`
	// FormerEd25519 are signing keys replaced by a reset with the recovery code; audit entries
	// signed with them stay valid.
	FormerEd25519 [][]byte `json:"former_ed25519,omitempty"`
}

type actEntry struct {
	By UserID    `json:"by"`
	At time.Time `json:"at"`
}

// What a wrapped key holds.
const (
	wrapVault = "vault"
	wrapStaff = "staff"
	wrapScope = "scope"
)

// wrappedKey is a key wrapped to a user.
type wrappedKey struct {
	What  string  `json:"what"`
	Scope ScopeID `json:"scope,omitempty"`
	Epoch uint32  `json:"epoch,omitempty"`
	Box   []byte  `json:"box"`
}

type scopeKind string

const (
	scopeStorage    scopeKind = "storage"
	scopeDirectory  scopeKind = "directory"
	scopeAdmin      scopeKind = "admin"
	scopeDepartment scopeKind = "department"
)

type scopeEntry struct {
	ID   ScopeID   `json:"id"`
	Kind scopeKind `json:"kind"`
	// Department is the department whose employees this scope seals (kind department). This
	// binding is the only place a writer learns which key seals a department.
	Department ID `json:"department,omitzero"`
	// Parent is the department this one lies below (zero: top level), as an admin signed it. A
	// manager's grant of a department covers every department below it (tree.go), so the tree
	// that decides access is this one, not the directory's records any user can write.
	Parent      ID     `json:"parent,omitzero"`
	Epoch       uint32 `json:"epoch"`
	Sealed      []byte `json:"sealed"`                 // scope key under the vault key
	StaffSealed []byte `json:"staff_sealed,omitempty"` // scope key under the staff key (not for admin)
	// Previous is the key of the epoch before, kept while a rotation re-seals (the journal).
	Previous *previousKey `json:"previous,omitempty"`
}

type previousKey struct {
	Epoch       uint32 `json:"epoch"`
	Sealed      []byte `json:"sealed"`
	StaffSealed []byte `json:"staff_sealed,omitempty"`
	// Device is the folder that started the rotation and re-seals (its device id, hex), and
	// Since when: another admin's PC of a replicating vault leaves the re-seal to that PC and
	// receives the re-sealed records, unless the rotation is older than rotationTakeover.
	Device string    `json:"device,omitempty"`
	Since  time.Time `json:"since,omitzero"`
}

// previous returns the scope entry as it was in the previous epoch.
func (e scopeEntry) previous() scopeEntry {
	return scopeEntry{ID: e.ID, Kind: e.Kind, Department: e.Department, Epoch: e.Previous.Epoch,
		Sealed: e.Previous.Sealed, StaffSealed: e.Previous.StaffSealed}
}

// sealedDetail is a secret wrapped to one admin (a requester's details, a pending recovery code).
type sealedDetail struct {
	Admin UserID `json:"admin"`
	Box   []byte `json:"box"`
}

const sealedKeySize = 24 + vcrypto.KeySize + 16

// validate checks the shape of a state read from disk. Authority is checked elsewhere (the
// signatures); this refuses a state that would make the code misbehave.
func (st *state) validate() error {
	if id, err := hex.DecodeString(st.VaultID); err != nil || len(id) != 16 {
		return errors.New("vault id is not 32 hex digits")
	}
	if len(st.LookupSalt) != lookupSaltSize {
		return fmt.Errorf("lookup salt has %d bytes, want %d", len(st.LookupSalt), lookupSaltSize)
	}
	if len(st.Users) == 0 {
		return errors.New("no users")
	}
	seenUser := map[UserID]bool{}
	seenLookup := map[string]bool{}
	for i, u := range st.Users {
		if err := u.validate(); err != nil {
			return fmt.Errorf("user %d: %v", i, err)
		}
		if seenUser[u.ID] || seenLookup[string(u.EmailLookup)] {
			return fmt.Errorf("user %d: duplicate id or e-mail", i)
		}
		seenUser[u.ID], seenLookup[string(u.EmailLookup)] = true, true
	}
	seenScope := map[ScopeID]bool{}
	seenDept := map[ID]bool{}
	kinds := map[scopeKind]int{}
	for i, s := range st.Scopes {
		switch {
		case seenScope[s.ID]:
			return fmt.Errorf("scope %d: duplicate id", i)
		case s.Kind != scopeStorage && s.Kind != scopeDirectory && s.Kind != scopeAdmin && s.Kind != scopeDepartment:
			return fmt.Errorf("scope %d: unknown kind %q", i, s.Kind)
		case s.Kind == scopeStorage && s.ID != storageScope, s.Kind == scopeDirectory && s.ID != directoryScope,
			s.Kind == scopeAdmin && s.ID != adminScope,
			s.Kind == scopeDepartment && s.ID <= adminScope:
			return fmt.Errorf("scope %d: id does not match kind", i)
		case (s.Kind == scopeDepartment) != (s.Department != ID{}):
			return fmt.Errorf("scope %d: a department scope needs a department, others none", i)
		case seenDept[s.Department] && s.Department != ID{}:
			return fmt.Errorf("scope %d: department bound twice", i)
		case len(s.Sealed) != sealedKeySize:
			return fmt.Errorf("scope %d: sealed key has the wrong size", i)
		case s.Kind != scopeAdmin && len(s.StaffSealed) != sealedKeySize:
			return fmt.Errorf("scope %d: staff copy has the wrong size", i)
		case s.Previous != nil && (s.Previous.Epoch >= s.Epoch || len(s.Previous.Sealed) != sealedKeySize):
			return fmt.Errorf("scope %d: previous key is malformed", i)
		}
		seenScope[s.ID], seenDept[s.Department] = true, true
		kinds[s.Kind]++
	}
	if err := st.validateTree(); err != nil {
		return err
	}
	if kinds[scopeStorage] != 1 || kinds[scopeDirectory] != 1 || kinds[scopeAdmin] != 1 {
		return errors.New("scope table needs one storage, one directory and one admin scope")
	}
	if len(st.Staff.Sealed) != sealedKeySize {
		return errors.New("staff key has the wrong size")
	}
	if err := st.Recovery.KDF.validate(false); err != nil {
		return fmt.Errorf("recovery: %v", err)
	}
	if len(st.Recovery.Sealed) != sealedKeySize {
		return errors.New("recovery: sealed vault key has the wrong size")
	}
	if len(st.VaultSigner) != ed25519.PublicKeySize {
		return errors.New("vault signer has the wrong size")
	}
	if len(st.AuditKeys) == 0 {
		return errors.New("no audit key")
	}
	for _, k := range st.AuditKeys {
		if len(k.Public) != 32 || len(k.Sealed) != sealedKeySize {
			return errors.New("audit key has the wrong size")
		}
	}
	m := st.Settings.IdleLockMinutes
	if m < int(MinIdleLock/time.Minute) || m > int(MaxIdleLock/time.Minute) {
		return fmt.Errorf("settings: idle lock of %d minutes is out of range", m)
	}
	return nil
}

// validate checks KDF parameters read from disk: the caps always, the floor when asked.
func (k kdfEntry) validate(floor bool) error {
	if k.ID != vcrypto.KDFArgon2id {
		return fmt.Errorf("unknown kdf %q", k.ID)
	}
	if len(k.Salt) != kdfSaltSize {
		return fmt.Errorf("kdf salt has %d bytes, want %d", len(k.Salt), kdfSaltSize)
	}
	if err := k.Params.Check(); err != nil {
		return err
	}
	if floor && !k.Params.MeetsFloor() {
		return fmt.Errorf("%w (%s)", vcrypto.ErrWeakParams, k.Params)
	}
	return nil
}

func (u userEntry) validate() error {
	switch {
	case len(u.EmailLookup) != sha256.Size:
		return errors.New("e-mail lookup has the wrong size")
	case !u.Role.valid():
		return fmt.Errorf("unknown role %q", u.Role)
	case !u.Status.valid() || u.Status == StatusPending:
		return fmt.Errorf("unknown status %q", u.Status)
	case len(u.X25519) != 32 || len(u.Ed25519) != ed25519.PublicKeySize:
		return errors.New("public key has the wrong size")
	case slices.ContainsFunc(u.FormerEd25519, func(k []byte) bool { return len(k) != ed25519.PublicKeySize }):
		return errors.New("former public key has the wrong size")
	}
	for _, w := range u.Wrapped {
		if w.What != wrapVault && w.What != wrapStaff && w.What != wrapScope && w.What != wrapAudit {
			return fmt.Errorf("unknown wrapped key %q", w.What)
		}
		if len(w.Box) < 32+24+16 {
			return errors.New("wrapped key too short")
		}
	}
	return nil
}

// clone deep-copies a state (changes are made on a copy and swapped in after the write).
func (st *state) clone() *state {
	b, err := json.Marshal(st)
	if err != nil {
		panic(err)
	}
	var c state
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	return &c
}

// encode is the state's canonical form: compact JSON in Go struct order.
func (st *state) encode() []byte {
	b, err := json.Marshal(st)
	if err != nil {
		panic(err)
	}
	return b
}

// stateHash hashes a state's canonical bytes.
func stateHash(canonical []byte) []byte { return domainHash(vcrypto.LabelState, canonical) }

func (st *state) user(id UserID) *userEntry {
	for i := range st.Users {
		if st.Users[i].ID == id {
			return &st.Users[i]
		}
	}
	return nil
}

func (st *state) userByLookup(lookup []byte) *userEntry {
	for i := range st.Users {
		if vcrypto.Equal(st.Users[i].EmailLookup, lookup) {
			return &st.Users[i]
		}
	}
	return nil
}

func (st *state) scope(id ScopeID) *scopeEntry {
	for i := range st.Scopes {
		if st.Scopes[i].ID == id {
			return &st.Scopes[i]
		}
	}
	return nil
}

func (st *state) departmentScope(dept ID) *scopeEntry {
	for i := range st.Scopes {
		if st.Scopes[i].Kind == scopeDepartment && st.Scopes[i].Department == dept {
			return &st.Scopes[i]
		}
	}
	return nil
}

// admins are the active admins and their signing keys: who may sign the next entry.
func (st *state) admins() []adminKey {
	var out []adminKey
	for _, u := range st.Users {
		if u.Role == RoleAdmin && u.Status == StatusActive {
			out = append(out, adminKey{ID: u.ID, Key: bytes.Clone(u.Ed25519)})
		}
	}
	return out
}

// wrapped finds a wrapped key; for scope keys the one of the newest epoch the user holds.
func (u *userEntry) wrapped(what string, scope ScopeID) *wrappedKey {
	i := -1
	for j, w := range u.Wrapped {
		if w.What == what && w.Scope == scope && (i < 0 || w.Epoch > u.Wrapped[i].Epoch) {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	return &u.Wrapped[i]
}

// ---- changes as operations -----------------------------------------------------------------

// op is one change of a keyring log entry: a user or scope put whole or removed, or a top-level
// field set. Applied in order to the state before, the ops give the state after (whose hash the
// entry carries), so each entry can be checked and replayed on its own.
type op struct {
	Op    string          `json:"op"` // user, del_user, scope, del_scope, set
	ID    string          `json:"id,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

// Top-level fields a "set" op may change.
var settableFields = []string{"founder", "lookup_salt", "vault_id", "staff", "recovery", "vault_signer",
	"audit_keys", "audit_head", "audit_checked", "settings", "pending_recovery", "arbo", "tree", "profiles"}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// fieldValues maps the settable fields of st to their JSON.
func (st *state) fieldValues() map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"founder": mustJSON(st.Founder), "lookup_salt": mustJSON(st.LookupSalt), "vault_id": mustJSON(st.VaultID),
		"staff": mustJSON(st.Staff), "recovery": mustJSON(st.Recovery), "vault_signer": mustJSON(st.VaultSigner),
		"audit_keys": mustJSON(st.AuditKeys), "audit_head": mustJSON(st.AuditHead), "audit_checked": mustJSON(st.AuditChecked),
		"settings":         mustJSON(st.Settings),
		"pending_recovery": mustJSON(st.PendingRecovery),
		"arbo":             mustJSON(st.Arbo),
		"tree":             mustJSON(st.Tree),
		"profiles":         mustJSON(st.Profiles),
	}
}

// diffState lists the ops that turn before into after (before nil: from nothing, the genesis).
func diffState(before, after *state) []op {
	if before == nil {
		before = &state{}
	}
	var ops []op
	oldF, newF := before.fieldValues(), after.fieldValues()
	for _, f := range settableFields {
		if !bytes.Equal(oldF[f], newF[f]) {
			ops = append(ops, op{Op: "set", ID: f, Value: newF[f]})
		}
	}
	oldUsers := map[UserID]json.RawMessage{}
	for _, u := range before.Users {
		oldUsers[u.ID] = mustJSON(u)
	}
	for _, u := range after.Users {
		b := mustJSON(u)
		if !bytes.Equal(oldUsers[u.ID], b) {
			ops = append(ops, op{Op: "user", ID: u.ID.String(), Value: b})
		}
		delete(oldUsers, u.ID)
	}
	for _, u := range before.Users {
		if _, gone := oldUsers[u.ID]; gone {
			ops = append(ops, op{Op: "del_user", ID: u.ID.String()})
		}
	}
	oldScopes := map[ScopeID]json.RawMessage{}
	for _, s := range before.Scopes {
		oldScopes[s.ID] = mustJSON(s)
	}
	for _, s := range after.Scopes {
		b := mustJSON(s)
		if !bytes.Equal(oldScopes[s.ID], b) {
			ops = append(ops, op{Op: "scope", ID: fmt.Sprint(uint32(s.ID)), Value: b})
		}
		delete(oldScopes, s.ID)
	}
	for _, s := range before.Scopes {
		if _, gone := oldScopes[s.ID]; gone {
			ops = append(ops, op{Op: "del_scope", ID: fmt.Sprint(uint32(s.ID))})
		}
	}
	return ops
}

// applyOps applies ops to a copy of st (nil: an empty state) and returns it with serial set.
// New users and scopes are appended, so applying the ops of diffState(a, b) to a gives b.
func applyOps(st *state, serial uint64, ops []op) (*state, error) {
	out := &state{}
	if st != nil {
		out = st.clone()
	}
	out.Serial = serial
	for _, o := range ops {
		var err error
		switch o.Op {
		case "set":
			err = out.setField(o.ID, o.Value)
		case "user":
			var u userEntry
			if err = strictJSON(o.Value, &u); err == nil {
				if at := out.user(u.ID); at != nil {
					*at = u
				} else {
					out.Users = append(out.Users, u)
				}
			}
		case "del_user":
			var id UserID
			if err = id.UnmarshalText([]byte(o.ID)); err == nil {
				out.Users = slices.DeleteFunc(out.Users, func(u userEntry) bool { return u.ID == id })
			}
		case "scope":
			var s scopeEntry
			if err = strictJSON(o.Value, &s); err == nil {
				if at := out.scope(s.ID); at != nil {
					*at = s
				} else {
					out.Scopes = append(out.Scopes, s)
				}
			}
		case "del_scope":
			var id uint32
			if _, err = fmt.Sscan(o.ID, &id); err == nil {
				out.Scopes = slices.DeleteFunc(out.Scopes, func(s scopeEntry) bool { return s.ID == ScopeID(id) })
			}
		default:
			err = fmt.Errorf("unknown op %q", o.Op)
		}
		if err != nil {
			return nil, fmt.Errorf("op %s %s: %v", o.Op, o.ID, err)
		}
	}
	return out, nil
}

func (st *state) setField(name string, v json.RawMessage) error {
	targets := map[string]any{
		"founder": &st.Founder, "lookup_salt": &st.LookupSalt, "vault_id": &st.VaultID, "staff": &st.Staff,
		"recovery": &st.Recovery, "vault_signer": &st.VaultSigner, "audit_keys": &st.AuditKeys,
		"audit_head": &st.AuditHead, "audit_checked": &st.AuditChecked, "settings": &st.Settings,
		"pending_recovery": &st.PendingRecovery, "arbo": &st.Arbo, "tree": &st.Tree,
		"profiles": &st.Profiles,
	}
	t, ok := targets[name]
	if !ok {
		return fmt.Errorf("unknown field %q", name)
	}
	return strictJSON(v, t)
}

// strictJSON decodes refusing unknown fields and trailing data.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
