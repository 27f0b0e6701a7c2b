package vault

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrLastAdmin refuses a change that would leave the vault without an active administrator.
var ErrLastAdmin = errors.New("vault: the vault must keep at least one administrator")

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
// Withdrawing admin rights removes the vault key from the keyring entry; it cannot take back a
// copy the user may have made while they were admin. That needs a rotation of the vault key
// itself, which is not built (ADR 002).
func (s *Session) SetRole(id UserID, role Role, scopes []ScopeID) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	if !role.valid() {
		return fmt.Errorf("vault: unknown role %q", role)
	}
	var started []scopeRotation
	err := s.changeKeyring(func(kr *keyring) error {
		u := kr.user(id)
		if u == nil || u.Status != StatusActive {
			return fmt.Errorf("%w: active user %s", ErrNotFound, id)
		}
		if u.Role == RoleAdmin && role != RoleAdmin {
			admins := 0
			for _, other := range kr.Users {
				if other.Role == RoleAdmin && other.Status == StatusActive {
					admins++
				}
			}
			if admins <= 1 {
				return ErrLastAdmin
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
		if err := wrapForRole(kr, u, s.vault); err != nil {
			return err
		}
		if role != RoleAdmin {
			for _, sc := range scopes {
				if err := s.wrapScope(kr, u, sc); err != nil {
					return err
				}
			}
		}
		at := s.v.opts.Now().UTC()
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
		return err
	})
	if err != nil {
		return err
	}
	s.installRotation(started)
	return nil
}
