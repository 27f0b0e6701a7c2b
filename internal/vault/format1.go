package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// Format 1 (stops 1–10): a keyring whose integrity came from a MAC key every user held. It is
// read only to upgrade it (upgrade.go); nothing writes it any more. The structures below are
// frozen copies of that format, because the MACs cover their JSON encoding in Go field order.

type keyringV1 struct {
	Format          string         `json:"format"`
	Version         int            `json:"version"`
	VaultID         string         `json:"vault_id"`
	LookupSalt      []byte         `json:"lookup_salt"`
	Users           []userV1       `json:"users"`
	Scopes          []scopeV1      `json:"scopes"`
	Recovery        recoveryEntry  `json:"recovery"`
	Settings        settingsV1     `json:"settings"`
	Failures        failureCounter `json:"unlock_failures"`
	PendingRecovery []sealedDetail `json:"pending_recovery,omitempty"`
}

type userV1 struct {
	ID            UserID       `json:"id"`
	EmailLookup   []byte       `json:"email_lookup"`
	Role          Role         `json:"role"`
	Status        Status       `json:"status"`
	X25519        []byte       `json:"x25519_public"`
	Ed25519       []byte       `json:"ed25519_public"`
	KDF           kdfEntry     `json:"kdf"`
	SealedPrivate []byte       `json:"sealed_private"`
	Wrapped       []wrappedKey `json:"wrapped"`
	Grant         *grantV1     `json:"grant,omitempty"`
	FormerEd25519 [][]byte     `json:"former_ed25519,omitempty"`
	Revocation    *actEntry    `json:"revocation,omitempty"`
	MAC           []byte       `json:"mac,omitempty"`
}

type grantV1 struct {
	By        UserID    `json:"by"`
	At        time.Time `json:"at"`
	Sig       []byte    `json:"sig"`
	Recovery  bool      `json:"recovery,omitempty"`
	SignerKey []byte    `json:"signer_key,omitempty"`
}

type scopeV1 struct {
	ID       ScopeID      `json:"id"`
	Kind     scopeKind    `json:"kind"`
	Epoch    uint32       `json:"epoch"`
	Sealed   []byte       `json:"sealed"`
	Previous *previousKey `json:"previous,omitempty"`
}

type settingsV1 struct {
	IdleLockMinutes int    `json:"idle_lock_minutes"`
	Founder         UserID `json:"founder,omitzero"`
	MAC             []byte `json:"mac,omitempty"`
}

// scopeIdentityV1 is format 1's kind of a department's department scope.
const scopeIdentityV1 scopeKind = "identity"

func parseKeyringV1(data []byte) (*keyringV1, error) {
	body, err := parseEnvelope(data)
	if err != nil {
		return nil, err
	}
	var kr keyringV1
	if err := strictJSON(body, &kr); err != nil {
		return nil, corruptKeyring("keyring body (format 1): %v", err)
	}
	if kr.Version != 1 || len(kr.LookupSalt) != lookupSaltSize || len(kr.Users) == 0 {
		return nil, corruptKeyring("keyring of format 1 is malformed")
	}
	return &kr, nil
}

// format1VaultID reads the vault id of a format-1 keyring for display ("" if unreadable).
func format1VaultID(data []byte) string {
	kr, err := parseKeyringV1(data)
	if err != nil {
		return ""
	}
	return kr.VaultID
}

func (kr *keyringV1) user(id UserID) *userV1 {
	for i := range kr.Users {
		if kr.Users[i].ID == id {
			return &kr.Users[i]
		}
	}
	return nil
}

func (kr *keyringV1) userByLookup(lookup []byte) *userV1 {
	for i := range kr.Users {
		if hmac.Equal(kr.Users[i].EmailLookup, lookup) {
			return &kr.Users[i]
		}
	}
	return nil
}

func (u *userV1) wrapped(what string, scope ScopeID) *wrappedKey {
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

// checkV1 verifies a format-1 keyring with its MAC key, as format 1 did at every unlock: every
// entry's MAC, the settings MAC over the lists of users and scopes, and every grant.
func (kr *keyringV1) check(macKey []byte) error {
	var problems []string
	for i, u := range kr.Users {
		mac := u.MAC
		u.MAC = nil
		b, err := json.Marshal(u)
		if err != nil {
			return err
		}
		m := hmac.New(sha256.New, macKey)
		m.Write([]byte("user\x00"))
		m.Write(b)
		if !hmac.Equal(mac, m.Sum(nil)) {
			problems = append(problems, fmt.Sprintf("user %s (entry %d)", u.ID, i))
		}
	}
	if !hmac.Equal(kr.Settings.MAC, kr.settingsMAC(macKey)) {
		problems = append(problems, "settings or the list of users and scopes")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: MAC mismatch in %s", ErrKeyringTampered, strings.Join(problems, ", "))
	}
	return kr.checkGrants()
}

func (kr *keyringV1) settingsMAC(key []byte) []byte {
	users := make([]string, 0, len(kr.Users))
	for _, u := range kr.Users {
		users = append(users, u.ID.String())
	}
	scopes := make([]string, 0, len(kr.Scopes))
	for _, s := range kr.Scopes {
		entry := fmt.Sprintf("%s:%s:%d", s.ID, s.Kind, s.Epoch)
		if s.Previous != nil {
			entry += fmt.Sprintf(":previous-%d", s.Previous.Epoch)
		}
		scopes = append(scopes, entry)
	}
	sort.Strings(users)
	sort.Strings(scopes)
	founder := ""
	if kr.Settings.Founder != (UserID{}) {
		founder = kr.Settings.Founder.String()
	}
	b, err := json.Marshal(struct {
		IdleLockMinutes int      `json:"idle_lock_minutes"`
		Users           []string `json:"users"`
		Scopes          []string `json:"scopes"`
		Founder         string   `json:"founder,omitempty"`
	}{kr.Settings.IdleLockMinutes, users, scopes, founder})
	if err != nil {
		panic(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("settings\x00"))
	m.Write(b)
	return m.Sum(nil)
}

func grantStatementV1(vaultID string, u *userV1, g *grantV1) []byte {
	out := fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%x\x00%x\x00%s", vcrypto.LabelGrant,
		vaultID, u.ID, u.Role, u.X25519, u.Ed25519, g.At.UTC().Format(time.RFC3339Nano))
	if g.Recovery {
		out = append(out, "\x00recovery"...)
	}
	return out
}

func (kr *keyringV1) checkGrants() error {
	for _, u := range kr.Users {
		if u.Grant == nil {
			if kr.Settings.Founder != (UserID{}) && u.ID == kr.Settings.Founder {
				continue
			}
			return fmt.Errorf("%w: user %s has no grant signed by an administrator", ErrKeyringTampered, u.ID)
		}
		by := kr.user(u.Grant.By)
		self := by != nil && by.ID == u.ID
		var key ed25519.PublicKey
		if by != nil {
			key = by.Ed25519
			if k := u.Grant.SignerKey; k != nil && !bytes.Equal(k, key) {
				key = nil
				for _, former := range by.FormerEd25519 {
					if bytes.Equal(k, former) {
						key = k
					}
				}
			}
		}
		if by == nil || (self && u.Role == RoleAdmin && !u.Grant.Recovery) ||
			(u.Grant.Recovery && (!self || u.Role != RoleAdmin)) || len(key) != ed25519.PublicKeySize ||
			!ed25519.Verify(key, grantStatementV1(kr.VaultID, &u, u.Grant), u.Grant.Sig) {
			return fmt.Errorf("%w: the grant of user %s is not signed by an administrator", ErrKeyringTampered, u.ID)
		}
	}
	return nil
}
