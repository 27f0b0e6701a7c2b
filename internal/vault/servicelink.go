package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"time"
)

// kindServiceSecrets holds the secrets of the arbo-service link (the employer's signing key and
// the pseudonym key), under the directory scope: every user's session synchronises the
// departments it holds. The record id is the start of the secrets' hash, so a new link never
// overwrites the record the signed state still points at.
const kindServiceSecrets Kind = 0x04

// ErrNotLinked: the vault is not enrolled with an arbo service.
var ErrNotLinked = errors.New("vault: no arbo service is linked")

// ServiceLink is the enrolment with an arbo service, part of the signed keyring state: the
// service's URL and the account it issued, the pinned TLS certificate, the employer's public
// signing key and a hash that commits to the sealed secrets. Details is the caller's (the
// service's name and helpdesk), kept as given.
type ServiceLink struct {
	URL         string          `json:"url"`
	EmployerID  string          `json:"employer_id"`
	CertSHA256  []byte          `json:"cert_sha256,omitempty"`
	SigningKey  []byte          `json:"signing_public"`
	SecretsHash []byte          `json:"secrets_sha256"`
	Details     json.RawMessage `json:"details,omitempty"`
	Linked      time.Time       `json:"linked"`
	By          UserID          `json:"by"`
}

// ServiceKeys are the link's secrets in memory: the employer's Ed25519 signing key and the key
// of the per-service pseudonyms. They never leave the vault package in clear; callers sign and
// make pseudonyms through them.
type ServiceKeys struct {
	priv ed25519.PrivateKey

	mu  sync.Mutex
	mac hash.Hash
	key []byte
}

type serviceSecrets struct {
	Seed      []byte `json:"seed"`
	Pseudonym []byte `json:"pseudonym"`
}

// NewServiceKeys makes fresh keys for an enrolment.
func NewServiceKeys() (*ServiceKeys, error) {
	seed := make([]byte, ed25519.SeedSize)
	pk := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return nil, err
	}
	if _, err := rand.Read(pk); err != nil {
		return nil, err
	}
	return newServiceKeys(serviceSecrets{Seed: seed, Pseudonym: pk}), nil
}

func newServiceKeys(sec serviceSecrets) *ServiceKeys {
	return &ServiceKeys{priv: ed25519.NewKeyFromSeed(sec.Seed), key: sec.Pseudonym, mac: hmac.New(sha256.New, sec.Pseudonym)}
}

func (k *ServiceKeys) secrets() serviceSecrets {
	return serviceSecrets{Seed: k.priv.Seed(), Pseudonym: k.key}
}

func (sec serviceSecrets) hash() []byte {
	h := sha256.New()
	h.Write([]byte("kluis-service-secrets-v1"))
	h.Write(sec.Seed)
	h.Write(sec.Pseudonym)
	return h.Sum(nil)
}

// Public is the public half of the signing key (what the service registers).
func (k *ServiceKeys) Public() ed25519.PublicKey { return k.priv.Public().(ed25519.PublicKey) }

// Sign signs a request's signing string.
func (k *ServiceKeys) Sign(msg []byte) []byte { return ed25519.Sign(k.priv, msg) }

var pseudonymEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Pseudonym is the per-service pseudonym of an employee: HMAC-SHA256 of the employer id and the
// persnr under the link's pseudonym key, 160 bits in base32. The service cannot compute it
// back, and another service (another key) gets other pseudonyms.
func (k *ServiceKeys) Pseudonym(employer ID, persnr string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.mac.Reset()
	k.mac.Write(employer[:])
	k.mac.Write([]byte(persnr))
	var sum [sha256.Size]byte
	return pseudonymEncoding.EncodeToString(k.mac.Sum(sum[:0])[:20])
}

// Wipe overwrites the keys; the ServiceKeys must not be used after.
func (k *ServiceKeys) Wipe() {
	k.mu.Lock()
	defer k.mu.Unlock()
	clear(k.priv)
	clear(k.key)
	k.mac.Reset()
}

// ServiceLink is the vault's link with an arbo service, from the signed state (false: none).
func (s *Session) ServiceLink() (ServiceLink, bool) {
	if err := s.enter(); err != nil {
		return ServiceLink{}, false
	}
	defer s.mu.RUnlock()
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.kr == nil || v.kr.st.Arbo == nil {
		return ServiceLink{}, false
	}
	l := *v.kr.st.Arbo
	l.CertSHA256 = bytes.Clone(l.CertSHA256)
	l.SigningKey = bytes.Clone(l.SigningKey)
	l.SecretsHash = bytes.Clone(l.SecretsHash)
	l.Details = bytes.Clone(l.Details)
	return l, true
}

func secretsID(hash []byte) ID {
	var id ID
	copy(id[:], hash)
	return id
}

// LinkService records the enrolment (admins only): the secrets are sealed under the directory
// scope and the link, which commits to them, goes into the signed state in one entry.
func (s *Session) LinkService(link ServiceLink, keys *ServiceKeys) error {
	if err := s.requireAdminRole(); err != nil {
		return err
	}
	sec := keys.secrets()
	link.SecretsHash = sec.hash()
	link.SigningKey = bytes.Clone(keys.Public())
	link.By = s.user
	if link.Linked.IsZero() {
		link.Linked = time.Now().UTC()
	}
	b, err := json.Marshal(sec)
	if err != nil {
		return err
	}
	err = s.Update(func(tx *Tx) error {
		key := recordKey(kindServiceSecrets, secretsID(link.SecretsHash))
		val, err := tx.s.seal(key, directoryScope, b)
		if err != nil {
			return err
		}
		return tx.set(key, val)
	})
	clear(b)
	if err != nil {
		return err
	}
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	s.v.mu.Lock()
	prev, hadLink := s.v.kr.st.Arbo, s.v.kr.st.Arbo != nil
	s.v.mu.Unlock()
	if err := s.changeState("arbo link", func(st *state) error {
		st.Arbo = &link
		return nil
	}); err != nil {
		return err
	}
	if !hadLink || bytes.Equal(prev.SecretsHash, link.SecretsHash) {
		return nil
	}
	// The old secrets go: nothing may sign with a replaced key.
	old := recordKey(kindServiceSecrets, secretsID(prev.SecretsHash))
	return s.update(func(tx *Tx) error { return tx.del(old) })
}

// UnlinkService removes the link (admins only); the secrets record goes with it.
func (s *Session) UnlinkService() error {
	link, ok := s.ServiceLink()
	if !ok {
		return ErrNotLinked
	}
	if err := s.enterExclusive(); err != nil {
		return err
	}
	err := s.requireAdmin()
	if err == nil {
		err = s.changeState("arbo unlink", func(st *state) error {
			st.Arbo = nil
			return nil
		})
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return s.Update(func(tx *Tx) error { return tx.del(recordKey(kindServiceSecrets, secretsID(link.SecretsHash))) })
}

// ServiceKeys opens the link's secrets and checks them against the signed state: secrets that
// another user's session swapped in give ErrKeyringTampered.
func (s *Session) ServiceKeys() (*ServiceKeys, error) {
	link, ok := s.ServiceLink()
	if !ok {
		return nil, ErrNotLinked
	}
	var sec serviceSecrets
	err := s.View(func(tx *Tx) error {
		b, err := tx.Get(kindServiceSecrets, secretsID(link.SecretsHash))
		if err != nil {
			return err
		}
		defer clear(b)
		return json.Unmarshal(b, &sec)
	})
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("%w: the arbo-service secrets are missing", ErrKeyringTampered)
	}
	if err != nil {
		return nil, err
	}
	if len(sec.Seed) != ed25519.SeedSize || !hmac.Equal(sec.hash(), link.SecretsHash) {
		return nil, fmt.Errorf("%w: the arbo-service secrets do not match the signed link", ErrKeyringTampered)
	}
	k := newServiceKeys(sec)
	if !bytes.Equal(k.Public(), link.SigningKey) {
		return nil, fmt.Errorf("%w: the arbo-service signing key does not match the signed link", ErrKeyringTampered)
	}
	return k, nil
}

// requireAdminRole checks the role without holding the session lock (LinkService writes a record
// before it takes the lock for the state change).
func (s *Session) requireAdminRole() error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	return s.requireAdmin()
}

// kindPendingServiceKeys holds new link secrets between asking the service to take the new
// signing key and signing them into the keyring (one record, admin scope: only an admin's
// session can write it, so nobody else can plant a key for the next rekey).
const kindPendingServiceKeys Kind = 0x05

var pendingKeysID = ID{'r', 'e', 'k', 'e', 'y'}

// Rotated makes new keys with a fresh signing key and the same pseudonym key (pseudonyms stay).
func (k *ServiceKeys) Rotated() (*ServiceKeys, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, err
	}
	return newServiceKeys(serviceSecrets{Seed: seed, Pseudonym: bytes.Clone(k.key)}), nil
}

// RevokedSince reports whether a user was revoked after t: whoever it was may have copied the
// link's secrets, so the signing key is replaced (the sync does it in an admin's session).
func (s *Session) RevokedSince(t time.Time) bool {
	if err := s.enter(); err != nil {
		return false
	}
	defer s.mu.RUnlock()
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, u := range v.kr.st.Users {
		if u.Revoked != nil && u.Revoked.At.After(t) {
			return true
		}
	}
	return false
}

// StagePendingServiceKeys keeps new secrets before the service is asked to take them (admins),
// so a crash between the two does not lose the key the service now expects.
func (s *Session) StagePendingServiceKeys(k *ServiceKeys) error {
	if err := s.requireAdminRole(); err != nil {
		return err
	}
	b, err := json.Marshal(k.secrets())
	if err != nil {
		return err
	}
	defer clear(b)
	return s.Update(func(tx *Tx) error {
		key := recordKey(kindPendingServiceKeys, pendingKeysID)
		val, err := tx.s.seal(key, adminScope, b)
		if err != nil {
			return err
		}
		return tx.set(key, val)
	})
}

// PendingServiceKeys opens staged secrets (false when none; admins only).
func (s *Session) PendingServiceKeys() (*ServiceKeys, bool, error) {
	var sec serviceSecrets
	found := false
	err := s.View(func(tx *Tx) error {
		b, err := tx.Get(kindPendingServiceKeys, pendingKeysID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		defer clear(b)
		found = true
		return json.Unmarshal(b, &sec)
	})
	if err != nil || !found {
		return nil, false, err
	}
	if len(sec.Seed) != ed25519.SeedSize {
		return nil, false, fmt.Errorf("%w: staged arbo-service secrets are malformed", ErrCorrupt)
	}
	return newServiceKeys(sec), true, nil
}

// ClearPendingServiceKeys drops staged secrets.
func (s *Session) ClearPendingServiceKeys() error {
	return s.Update(func(tx *Tx) error { return tx.del(recordKey(kindPendingServiceKeys, pendingKeysID)) })
}
