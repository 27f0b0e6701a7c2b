package vault

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrLastAdmin refuses a change that would leave the vault without an active administrator.
var ErrLastAdmin = errors.New("vault: the vault must keep at least one administrator")

// ErrSelfStepDown refuses an admin withdrawing their own admin rights: the vault key is replaced
// then, with a new recovery code, which must go to an admin who stays. Another admin does it.
var ErrSelfStepDown = errors.New("vault: another administrator must withdraw your administrator rights")

// UserInfo is a user as the Autorisaties list shows them; the name and e-mail are in the user's
// profile record (internal/access).
type UserInfo struct {
	ID        UserID
	Role      Role
	Status    Status
	Scopes    []ScopeID // identity scopes wrapped to the user (admins hold every scope)
	GrantedBy UserID    // zero for the vault's first admin and users added directly
	GrantedAt time.Time
	RevokedBy UserID // status revoked: who revoked the access, and when
	RevokedAt time.Time
	Founder   bool // the admin who created the vault
}

// Users lists the keyring's users (admins only).
func (s *Session) Users() ([]UserInfo, error) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return nil, err
	}
	kr := s.v.keyringSnapshot()
	out := make([]UserInfo, 0, len(kr.Users))
	for _, u := range kr.Users {
		info := UserInfo{ID: u.ID, Role: u.Role, Status: u.Status, Founder: u.ID == kr.Settings.Founder}
		for _, w := range u.Wrapped {
			if w.What == "scope" {
				if e := kr.scope(w.Scope); e != nil && e.Kind == scopeIdentity && e.Epoch == w.Epoch {
					info.Scopes = append(info.Scopes, w.Scope)
				}
			}
		}
		if u.Grant != nil {
			info.GrantedBy, info.GrantedAt = u.Grant.By, u.Grant.At
		}
		if u.Revocation != nil {
			info.RevokedBy, info.RevokedAt = u.Revocation.By, u.Revocation.At
		}
		out = append(out, info)
	}
	return out, nil
}

// SetRole gives an active user a new role (admins only): admin (the vault key), or user or
// manager with the given identity scopes. The keys are wrapped again and the change is signed
// as a new grant by this admin. A change that leaves no active admin gives ErrLastAdmin; that
// includes an admin withdrawing their own admin right when no other admin remains.
//
// Identity scopes the user held and no longer gets start rotating, as in Revoke (call Rotate
// afterwards); a scope still rotating gives ErrRotationPending.
//
// An admin who steps down may have kept the vault key, so it is replaced: every scope but
// storage starts rotating, every user gets the new MAC key, and the recovery code is replaced.
// The new code is returned (empty when the vault key stayed) and must reach a new emergency kit:
// the old code no longer opens anything.
func (s *Session) SetRole(id UserID, role Role, scopes []ScopeID) (RecoveryCode, error) {
	if err := s.enter(); err != nil {
		return "", err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return "", err
	}
	if !role.valid() {
		return "", fmt.Errorf("vault: unknown role %q", role)
	}
	var (
		started []scopeRotation
		rotated *vaultKeyRotation
	)
	err := s.changeKeyringMAC(func(kr *keyring) ([]byte, error) {
		u := kr.user(id)
		if u == nil || u.Status != StatusActive {
			return nil, fmt.Errorf("%w: active user %s", ErrNotFound, id)
		}
		steppingDown := u.Role == RoleAdmin && role != RoleAdmin
		if steppingDown {
			admins := 0
			for _, other := range kr.Users {
				if other.Role == RoleAdmin && other.Status == StatusActive {
					admins++
				}
			}
			if admins <= 1 {
				return nil, ErrLastAdmin
			}
			if id == s.user {
				return nil, ErrSelfStepDown
			}
		}
		var before []ScopeID
		if u.Role != RoleAdmin {
			for _, w := range u.Wrapped {
				if e := kr.scope(w.Scope); w.What == "scope" && e != nil && e.Kind == scopeIdentity && !slices.Contains(before, w.Scope) {
					before = append(before, w.Scope)
				}
			}
		}
		u.Role = role
		at := s.v.opts.Now().UTC()
		if steppingDown {
			var err error
			if rotated, err = s.rotateVaultKey(kr, id); err != nil {
				return nil, err
			}
			if err := wrapForRole(kr, u, rotated.vault); err != nil {
				return nil, err
			}
			kept := append([]ScopeID{directoryScope}, scopes...)
			for _, sc := range kept {
				r := rotated.keysOf(sc)
				if r == nil {
					return nil, fmt.Errorf("%w: %s", ErrNoAccess, sc)
				}
				if sc != directoryScope {
					if err := wrapTo(kr.VaultID, u, wrappedKey{What: "scope", Scope: sc, Epoch: r.current.epoch}, r.current.key); err != nil {
						return nil, err
					}
				}
				// Records not yet re-sealed need the previous key.
				if err := wrapTo(kr.VaultID, u, wrappedKey{What: "scope", Scope: sc, Epoch: r.previous.epoch}, r.previous.key); err != nil {
					return nil, err
				}
			}
			signGrant(kr.VaultID, u, s.user, s.signer, at, false)
			return rotated.mac, nil
		}
		if err := wrapForRole(kr, u, s.vault); err != nil {
			return nil, err
		}
		if role != RoleAdmin {
			for _, sc := range scopes {
				if err := s.wrapScope(kr, u, sc); err != nil {
					return nil, err
				}
			}
		}
		signGrant(kr.VaultID, u, s.user, s.signer, at, false)
		var lost []ScopeID
		if role != RoleAdmin {
			for _, sc := range before {
				if !slices.Contains(scopes, sc) {
					lost = append(lost, sc)
				}
			}
		}
		var err error
		started, err = s.startRotation(kr, lost)
		return nil, err
	})
	if err != nil {
		return "", err
	}
	if rotated != nil {
		s.installVaultKey(rotated)
		s.v.opts.Logger.Warn("vault: an admin stepped down; the vault key and the recovery code were replaced",
			"user", id.String(), "by", s.user.String())
		return rotated.code, nil
	}
	s.installRotation(started)
	return "", nil
}
