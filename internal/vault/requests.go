package vault

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// Access requests (docs/adr/002-access-requests.md). A new user on this PC asks for access with
// their own passphrase: their key pairs are made and sealed exactly as for a user, but the
// request lives in requests/<id>.json, outside the keyring, because the requester cannot compute
// the keyring's MACs and an untrusted entry must never sit among the trusted ones. Name and
// e-mail are sealed to every active admin; the request is self-signed with the requester's
// Ed25519 key. It can do nothing until an admin approves it: Approve turns it into a user of
// the signed keyring state.

const requestsDir = "requests"

// ErrPending is returned by Unlock for a requester whose request waits for an admin.
var ErrPending = errors.New("vault: the access request waits for an administrator's approval")

// ErrRejected is what errors.Is finds in a *RejectedError.
var ErrRejected = errors.New("vault: the access request was rejected")

// RejectedError is returned by Unlock to a requester whose request an admin rejected; Reason is
// what the admin wrote for them. It reaches only someone whose passphrase opens the request.
type RejectedError struct {
	Reason string
}

func (e *RejectedError) Error() string { return ErrRejected.Error() }

// Is makes errors.Is(err, ErrRejected) true.
func (e *RejectedError) Is(target error) bool { return target == ErrRejected }

// NewRequest is what a requester fills in on the unlock screen ("Toegang aanvragen").
type NewRequest struct {
	Name        string
	Email       string
	Passphrase  []byte
	Role        Role // user or manager; admin rights are granted, never requested
	Departments []ID // a manager's departments
}

// Request is a pending request as an admin sees it.
type Request struct {
	ID          UserID
	Name        string
	Email       string
	Role        Role
	Departments []ID
	Created     time.Time
	// Fingerprint identifies the requester's public keys; the admin can compare it with what
	// the requester's screen shows before approving.
	Fingerprint string
}

// requestFile is requests/<id>.json.
type requestFile struct {
	Version       int            `json:"version"`
	ID            UserID         `json:"id"`
	EmailLookup   []byte         `json:"email_lookup"`
	Role          Role           `json:"role"`
	Scopes        []ScopeID      `json:"scopes,omitempty"` // format 1: departments by their old scope (ignored)
	Departments   []ID           `json:"departments,omitempty"`
	Created       time.Time      `json:"created"`
	X25519        []byte         `json:"x25519_public"`
	Ed25519       []byte         `json:"ed25519_public"`
	KDF           kdfEntry       `json:"kdf"`
	SealedPrivate []byte         `json:"sealed_private"`
	Details       []sealedDetail `json:"details"`
	Sig           []byte         `json:"sig,omitempty"`
	// Rejection is added by the admin who rejects the request; it is not covered by the
	// requester's signature. The reason is wrapped to the requester's X25519 key.
	Rejection *rejectionEntry `json:"rejection,omitempty"`
}

type rejectionEntry struct {
	By  UserID    `json:"by"`
	At  time.Time `json:"at"`
	Box []byte    `json:"box"`
}

type requestDetails struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// The signed statement; part of the format.
func (r requestFile) signed() []byte {
	r.Sig, r.Rejection = nil, nil
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	return requestSigned(b)
}

func fingerprint(x, ed []byte) string {
	sum := sha256.Sum256(append(append([]byte{}, x...), ed...))
	h := strings.ToUpper(hex.EncodeToString(sum[:10]))
	var groups []string
	for i := 0; i < len(h); i += 4 {
		groups = append(groups, h[i:i+4])
	}
	return strings.Join(groups, " ")
}

// RequestAccess files a request for a new user. The e-mail must belong to no user and no other
// request (ErrExists); the role is user or manager. It returns the request id and the public-key
// fingerprint to show the requester.
func (v *Vault) RequestAccess(r NewRequest) (UserID, string, error) {
	if r.Role != RoleUser && r.Role != RoleManager {
		return UserID{}, "", fmt.Errorf("%w: a request is for role user or manager", ErrDenied)
	}
	if strings.TrimSpace(r.Email) == "" || strings.TrimSpace(r.Name) == "" || len(r.Passphrase) == 0 {
		return UserID{}, "", errors.New("vault: a request needs a name, an e-mail and a passphrase")
	}
	params, err := v.opts.kdfParams()
	if err != nil {
		return UserID{}, "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return UserID{}, "", fmt.Errorf("%w: the vault is closed", ErrLocked)
	}
	if v.kr == nil {
		return UserID{}, "", ErrUpgradeRequired
	}
	st := v.kr.st
	lookup := emailLookup(st.LookupSalt, r.Email)
	if u := st.userByLookup(lookup); u != nil && u.Status != StatusRevoked {
		return UserID{}, "", fmt.Errorf("%w: a user with this e-mail", ErrExists)
	}
	pending, err := v.readRequests()
	if err != nil {
		return UserID{}, "", err
	}
	var replaces []UserID // rejected requests of this e-mail, which a new request replaces
	for _, p := range pending {
		if vcrypto.Equal(p.EmailLookup, lookup) {
			if p.Rejection == nil {
				return UserID{}, "", fmt.Errorf("%w: a request with this e-mail", ErrExists)
			}
			replaces = append(replaces, p.ID)
		}
	}
	depts, err := normaliseDepartments(st, r.Departments)
	if err != nil {
		return UserID{}, "", err
	}
	u, keys, local, err := newUser(st, NewUser{Email: r.Email, Passphrase: r.Passphrase}, r.Role, params)
	if err != nil {
		return UserID{}, "", err
	}
	defer keys.wipe()
	f := requestFile{Version: 1, ID: u.ID, EmailLookup: lookup, Role: r.Role, Departments: depts,
		Created: v.opts.Now().UTC(), X25519: u.X25519, Ed25519: u.Ed25519, KDF: local.KDF, SealedPrivate: local.SealedPrivate}
	details, err := json.Marshal(requestDetails{Name: strings.TrimSpace(r.Name), Email: strings.TrimSpace(r.Email)})
	if err != nil {
		return UserID{}, "", err
	}
	for _, a := range st.Users {
		if a.Role != RoleAdmin || a.Status != StatusActive {
			continue
		}
		pub, err := ecdh.X25519().NewPublicKey(a.X25519)
		if err != nil {
			return UserID{}, "", fmt.Errorf("%w: admin public key", ErrKeyringTampered)
		}
		box, err := vcrypto.Wrap(pub, detailContext(st.VaultID, u.ID, a.ID), details)
		if err != nil {
			return UserID{}, "", err
		}
		f.Details = append(f.Details, sealedDetail{Admin: a.ID, Box: box})
	}
	f.Sig = ed25519.Sign(keys.ed, f.signed())
	if err := v.writeRequest(f); err != nil {
		return UserID{}, "", err
	}
	for _, old := range replaces {
		if err := os.Remove(v.requestPath(old)); err != nil && !errors.Is(err, os.ErrNotExist) {
			v.opts.Logger.Warn("vault: rejected request not removed", "request", old.String(), "err", err)
		}
	}
	v.opts.Logger.Info("vault: access request filed", "request", u.ID.String())
	return u.ID, fingerprint(f.X25519, f.Ed25519), nil
}

func (v *Vault) requestPath(id UserID) string {
	return filepath.Join(v.dir, requestsDir, id.String()+".json")
}

func (v *Vault) writeRequest(f requestFile) error {
	dir := filepath.Join(v.dir, requestsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(dir, f.ID.String()+".json", b)
}

// readRequests reads every request file whose self-signature holds; others are skipped (and
// logged): a request is untrusted input until an admin approves it.
func (v *Vault) readRequests() ([]requestFile, error) {
	entries, err := os.ReadDir(filepath.Join(v.dir, requestsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []requestFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(v.dir, requestsDir, e.Name()))
		if err != nil {
			return nil, err
		}
		var f requestFile
		if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 || len(f.Ed25519) != ed25519.PublicKeySize ||
			!ed25519.Verify(f.Ed25519, f.signed(), f.Sig) || e.Name() != f.ID.String()+".json" {
			v.opts.Logger.Warn("vault: ignoring an access request that does not verify", "file", e.Name())
			continue
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, nil
}

// pendingByLookup finds a verified request by e-mail lookup; v.mu is held.
func (v *Vault) pendingByLookup(lookup []byte) *requestFile {
	list, err := v.readRequests()
	if err != nil {
		return nil
	}
	for i := range list {
		if vcrypto.Equal(list[i].EmailLookup, lookup) {
			return &list[i]
		}
	}
	return nil
}

// unlockPending answers an unlock attempt by a requester: ErrPending when the passphrase opens
// the request's private key, otherwise a failed attempt like any other; v.mu is held.
func (v *Vault) unlockPending(f *requestFile, passphrase []byte) error {
	if err := f.KDF.validate(false); err != nil {
		return v.failUnlock(nil)
	}
	key := vcrypto.DeriveKey(passphrase, f.KDF.Salt, f.KDF.Params)
	priv, err := vcrypto.Open(key, f.SealedPrivate, privateAD(v.kr.st.VaultID, f.ID))
	vcrypto.Wipe(key)
	if err != nil {
		return v.failUnlock(nil)
	}
	defer vcrypto.Wipe(priv)
	if f.Rejection != nil {
		rej := &RejectedError{}
		if xpriv, err := ecdh.X25519().NewPrivateKey(priv[:32]); err == nil {
			if reason, err := vcrypto.Unwrap(xpriv, rejectionContext(v.kr.st.VaultID, f.ID), f.Rejection.Box); err == nil {
				rej.Reason = string(reason)
			}
		}
		return rej
	}
	return ErrPending
}

// WithdrawRequest lets a requester take back their own request: the passphrase must open the
// request's key (a wrong one counts as a failed unlock, with the same back-off). The file goes,
// so an admin can no longer approve it (ErrNotFound). ErrWrongPassphrase when there is no such
// request, as for an unknown e-mail.
func (v *Vault) WithdrawRequest(email string, passphrase []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.canUnlock(); err != nil {
		return err
	}
	if v.kr == nil {
		return ErrUpgradeRequired
	}
	f := v.pendingByLookup(emailLookup(v.kr.st.LookupSalt, email))
	if f == nil || f.Rejection != nil {
		_, err := v.unlockLocked(nil, passphrase) // same work and answer as an unknown e-mail
		return err
	}
	if err := v.unlockPending(f, passphrase); !errors.Is(err, ErrPending) {
		return err
	}
	if err := os.Remove(v.requestPath(f.ID)); err != nil {
		return err
	}
	v.opts.Logger.Info("vault: access request withdrawn by the requester", "request", f.ID.String())
	return nil
}

// Requests lists the pending requests with their name and e-mail (admins only).
func (s *Session) Requests() ([]Request, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return nil, err
	}
	s.v.mu.Lock()
	list, err := s.v.readRequests()
	vaultID := s.v.kr.st.VaultID
	s.v.mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := make([]Request, 0, len(list))
	for _, f := range list {
		if f.Rejection != nil {
			continue
		}
		r := Request{ID: f.ID, Role: f.Role, Departments: f.Departments, Created: f.Created, Fingerprint: fingerprint(f.X25519, f.Ed25519)}
		for _, d := range f.Details {
			if d.Admin != s.user {
				continue
			}
			plain, err := vcrypto.Unwrap(s.xpriv, detailContext(vaultID, f.ID, d.Admin), d.Box)
			if err != nil {
				break
			}
			var det requestDetails
			if json.Unmarshal(plain, &det) == nil {
				r.Name, r.Email = det.Name, det.Email
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// RejectRequest rejects a pending request (admins only). The reason is wrapped to the
// requester's key, so only they read it, at their next unlock attempt (*RejectedError). The
// request stays on file, out of the admins' list, until the requester files a new one.
func (s *Session) RejectRequest(id UserID, reason string) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return errors.New("vault: a rejection needs a reason")
	}
	s.v.mu.Lock()
	defer s.v.mu.Unlock()
	f, err := s.v.pendingRequest(id)
	if err != nil {
		return err
	}
	pub, err := ecdh.X25519().NewPublicKey(f.X25519)
	if err != nil {
		return fmt.Errorf("%w: request %s has a bad public key", ErrNotFound, id)
	}
	box, err := vcrypto.Wrap(pub, rejectionContext(s.v.kr.st.VaultID, f.ID), []byte(strings.TrimSpace(reason)))
	if err != nil {
		return err
	}
	f.Rejection = &rejectionEntry{By: s.user, At: s.v.opts.Now().UTC(), Box: box}
	if err := s.v.writeRequest(*f); err != nil {
		return err
	}
	s.v.opts.Logger.Info("vault: access request rejected", "request", id.String(), "by", s.user.String())
	return nil
}

// pendingRequest finds a verified request that is not rejected (ErrNotFound otherwise); v.mu is
// held.
func (v *Vault) pendingRequest(id UserID) (*requestFile, error) {
	list, err := v.readRequests()
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == id && list[i].Rejection == nil {
			return &list[i], nil
		}
	}
	return nil, fmt.Errorf("%w: request %s", ErrNotFound, id)
}

// Approve turns a pending request into an active user with the role and departments the admin
// chose (admins only): the request's own keys become the user's, the right keys are wrapped to
// them, and the change is a keyring entry signed by the approving admin. A request whose
// key-derivation parameters are below the floor is refused (ErrWeakParams): its passphrase
// would protect department keys. The request file goes; approving twice, or a rejected
// request, gives ErrNotFound.
func (s *Session) Approve(id UserID, role Role, depts []ID) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if !role.valid() {
		return fmt.Errorf("vault: unknown role %q", role)
	}
	s.v.mu.Lock()
	f, err := s.v.pendingRequest(id)
	s.v.mu.Unlock()
	if err != nil {
		return err
	}
	if err := f.KDF.validate(false); err != nil || !s.v.opts.kdfAcceptable(f.KDF.Params) {
		return fmt.Errorf("%w: the request's passphrase protection (%s) is below the floor; the requester must ask again",
			ErrWeakParams, f.KDF.Params)
	}
	err = s.changeState("approve", func(st *state) error {
		if st.user(f.ID) != nil {
			return fmt.Errorf("%w: a user with this id", ErrExists)
		}
		if old := st.userByLookup(f.EmailLookup); old != nil {
			if old.Status != StatusRevoked {
				return fmt.Errorf("%w: a user with this e-mail", ErrExists)
			}
			// A revoked user asked again (a forgotten passphrase is reset this way): the old
			// entry stays for the record, under a lookup no e-mail produces.
			old.EmailLookup = revokedLookup(old.ID)
		}
		u := userEntry{ID: f.ID, EmailLookup: f.EmailLookup, Role: role, Status: StatusActive,
			X25519: f.X25519, Ed25519: f.Ed25519, Granted: &actEntry{By: s.user, At: s.v.opts.Now().UTC()}}
		if role == RoleManager {
			var err error
			if u.Departments, err = normaliseDepartments(st, depts); err != nil {
				return err
			}
		}
		if err := grantKeys(st, &u, s.roots()); err != nil {
			return err
		}
		st.Users = append(st.Users, u)
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.v.addLocal(localUser{ID: f.ID, KDF: f.KDF, SealedPrivate: f.SealedPrivate}); err != nil {
		return err
	}
	if err := os.Remove(s.v.requestPath(id)); err != nil {
		s.v.opts.Logger.Warn("vault: approved request file not removed", "request", id.String(), "err", err)
	}
	s.v.opts.Logger.Info("vault: access request approved", "request", id.String(), "by", s.user.String())
	return nil
}
