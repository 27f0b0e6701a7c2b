package vault

import (
	"errors"
	"fmt"
	"slices"
	"time"

	vcrypto "kluis/internal/vault/crypto"
)

// ErrLastAdmin refuses a change that would leave the vault without an active administrator.
var ErrLastAdmin = errors.New("vault: the vault must keep at least one administrator")

// ErrSelfStepDown refuses an admin withdrawing their own admin rights: the vault key is replaced
// then, with a new recovery code, which must go to an admin who stays. Another admin does it.
var ErrSelfStepDown = errors.New("vault: another administrator must withdraw your administrator rights")

// UserInfo is a user as the Autorisaties list shows them; the name and e-mail are in the user's
// profile record (internal/access).
type UserInfo struct {
	ID          UserID
	Role        Role
	Status      Status
	Departments []ID   // a manager's departments (admins and users hold every department)
	Covered     []ID   // a manager's departments and every department below them (the signed tree)
	GrantedBy   UserID // who gave the current role
	GrantedAt   time.Time
	RevokedBy   UserID // status revoked: who revoked the access, and when
	RevokedAt   time.Time
	Founder     bool // the admin who created the vault
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
	st := s.v.keyringSnapshot().st
	out := make([]UserInfo, 0, len(st.Users))
	for _, u := range st.Users {
		info := UserInfo{ID: u.ID, Role: u.Role, Status: u.Status, Founder: u.ID == st.Founder,
			Departments: slices.Clone(u.Departments)}
		if u.Role == RoleManager {
			info.Covered = st.covered(u.Departments)
		}
		if u.Granted != nil {
			info.GrantedBy, info.GrantedAt = u.Granted.By, u.Granted.At
		}
		if u.Revoked != nil {
			info.RevokedBy, info.RevokedAt = u.Revoked.By, u.Revoked.At
		}
		out = append(out, info)
	}
	return out, nil
}

// rootKeys are the vault and staff keys a keyring change works with: the session's, or new
// ones while they are being replaced.
type rootKeys struct{ vault, staff []byte }

func (s *Session) roots() rootKeys { return rootKeys{vault: s.ks.vault, staff: s.ks.staff} }

// grantKeys wraps to u what its role and departments get: admins the vault key, users of role
// user the staff key, managers the storage and directory keys and the keys of their departments
// and every department below them in the signed tree (at both epochs while a rotation
// re-seals). u.Wrapped is replaced.
func grantKeys(st *state, u *userEntry, rk rootKeys) error {
	u.Wrapped = nil
	switch u.Role {
	case RoleAdmin:
		u.Departments = nil
		return wrapTo(st.VaultID, u, wrappedKey{What: wrapVault}, rk.vault)
	case RoleUser:
		u.Departments = nil
		return wrapTo(st.VaultID, u, wrappedKey{What: wrapStaff}, rk.staff)
	case RolePrivacy: // the audit readers, then storage and directory as a manager without departments
		u.Departments = nil
		if err := wrapAuditReaders(st, u, rk); err != nil {
			return err
		}
	}
	for _, d := range u.Departments {
		if st.departmentScope(d) == nil {
			return fmt.Errorf("%w: department %s has no key", ErrNotFound, d)
		}
	}
	scopes := append([]ScopeID{storageScope, directoryScope}, st.managerScopes(u)...)
	for _, id := range scopes {
		e := st.scope(id)
		keys := []scopeEntry{*e}
		if e.Previous != nil {
			keys = append(keys, e.previous())
		}
		for _, k := range keys {
			key, err := openSealed(rk.vault, k.Sealed, scopeAD(st.VaultID, k.ID, k.Kind, k.Epoch))
			if err != nil {
				return err
			}
			err = wrapTo(st.VaultID, u, wrappedKey{What: wrapScope, Scope: k.ID, Epoch: k.Epoch}, key)
			clear(key)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// openSealed opens a key sealed in the keyring; failure means the keyring is not what was signed.
func openSealed(key, box, ad []byte) ([]byte, error) {
	out, err := vcrypto.Open(key, box, ad)
	if err != nil {
		return nil, fmt.Errorf("%w: a sealed key in the keyring does not open", ErrKeyringTampered)
	}
	return out, nil
}

// normaliseDepartments checks that every department has a scope and removes duplicates.
func normaliseDepartments(st *state, depts []ID) ([]ID, error) {
	var out []ID
	for _, d := range depts {
		if st.departmentScope(d) == nil {
			return nil, fmt.Errorf("%w: department %s has no key", ErrNotFound, d)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// AddUser adds an active user with a passphrase chosen now, granted by this admin (the command
// line and tests; the screens use requests and Approve). Admins get the vault key, users of
// role user the staff key, managers the given departments. Admins only; an e-mail already
// present gives ErrExists.
func (s *Session) AddUser(nu NewUser, role Role, depts ...ID) (UserID, error) {
	if err := s.enterExclusive(); err != nil {
		return UserID{}, err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return UserID{}, err
	}
	if !role.valid() {
		return UserID{}, fmt.Errorf("vault: unknown role %q", role)
	}
	params, err := s.v.opts.kdfParams()
	if err != nil {
		return UserID{}, err
	}
	var (
		id    UserID
		local localUser
	)
	err = s.changeState("add-user", func(st *state) error {
		if st.userByLookup(emailLookup(st.LookupSalt, nu.Email)) != nil {
			return fmt.Errorf("%w: a user with this e-mail", ErrExists)
		}
		u, keys, l, err := newUser(st, nu, role, params)
		if err != nil {
			return err
		}
		keys.wipe()
		if role == RoleManager {
			if u.Departments, err = normaliseDepartments(st, depts); err != nil {
				return err
			}
		}
		if err := grantKeys(st, u, s.roots()); err != nil {
			return err
		}
		u.Granted = &actEntry{By: s.user, At: s.v.opts.Now().UTC()}
		st.Users = append(st.Users, *u)
		id, local = u.ID, l
		return nil
	})
	if err != nil {
		return UserID{}, err
	}
	return id, s.v.addLocal(local)
}

// addLocal adds a user's local part to the keyring.
func (v *Vault) addLocal(l localUser) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	local := v.kr.local.clone()
	local.Users = slices.DeleteFunc(local.Users, func(x localUser) bool { return x.ID == l.ID })
	local.Users = append(local.Users, l)
	return v.saveLocal(local)
}

// SetRole gives an active user a new role (admins only): admin (the vault key), user (the staff
// key, hence every department) or manager with the given departments. The change is a keyring
// entry signed by this admin. A change that leaves no active admin gives ErrLastAdmin; an
// admin withdrawing their own admin rights ErrSelfStepDown.
//
// Keys the user loses start rotating, as in Revoke (call Rotate afterwards): the departments a
// manager no longer has, and for a user of role user who becomes a manager the staff key and
// every scope. An admin who steps down may have kept the vault key, so it is replaced with every
// key under it; the new recovery code is returned (empty when the vault key stayed) and must
// reach a new emergency kit: the old code no longer opens anything. A scope still rotating
// gives ErrRotationPending.
func (s *Session) SetRole(id UserID, role Role, depts []ID) (RecoveryCode, error) {
	if err := s.enterExclusive(); err != nil {
		return "", err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return "", err
	}
	if !role.valid() {
		return "", fmt.Errorf("vault: unknown role %q", role)
	}
	var code RecoveryCode
	err := s.changeState("role", func(st *state) error {
		u := st.user(id)
		if u == nil || u.Status != StatusActive {
			return fmt.Errorf("%w: active user %s", ErrNotFound, id)
		}
		steppingDown := u.Role == RoleAdmin && role != RoleAdmin
		if u.Role == RolePrivacy && role != RolePrivacy && !steppingDown {
			if err := newAuditReader(st, s.roots()); err != nil {
				return err
			}
		}
		if steppingDown {
			if len(st.admins()) <= 1 {
				return ErrLastAdmin
			}
			if id == s.user {
				return ErrSelfStepDown
			}
		}
		newDepts, err := normaliseDepartments(st, depts)
		if err != nil {
			return err
		}
		var lost []ScopeID
		rotateStaff := false
		switch {
		case steppingDown:
		case u.Role == RoleUser && (role == RoleManager || role == RolePrivacy):
			rotateStaff = true
			lost = nonAdminScopes(st)
		case u.Role == RoleManager && (role == RoleManager || role == RolePrivacy):
			after := *u
			after.Departments = newDepts
			if role == RolePrivacy { // a privacy officer keeps no department
				after.Departments = nil
			}
			now := st.managerScopes(&after)
			for _, sc := range st.managerScopes(u) {
				if !slices.Contains(now, sc) {
					lost = append(lost, sc)
				}
			}
		}
		u.Role = role
		u.Departments = nil
		if role == RoleManager {
			u.Departments = newDepts
		}
		u.Granted = &actEntry{By: s.user, At: s.v.opts.Now().UTC()}
		rk := s.roots()
		if steppingDown {
			if rk, code, err = s.rotateVaultKey(st, id); err != nil {
				return err
			}
			defer rk.wipe()
		} else if rk, err = s.startRotation(st, lost, rotateStaff, rk); err != nil {
			return err
		}
		return regrantAll(st, rk)
	})
	if err != nil {
		return "", err
	}
	if code != "" {
		s.v.opts.Logger.Warn("vault: an admin stepped down; the vault key and the recovery code were replaced",
			"user", id.String(), "by", s.user.String())
	}
	return code, nil
}

// regrantAll wraps again, to every active user, what their role gets now under rk (after keys
// changed); inactive users hold nothing.
func regrantAll(st *state, rk rootKeys) error {
	for i := range st.Users {
		u := &st.Users[i]
		if u.Status != StatusActive {
			u.Wrapped = nil
			continue
		}
		if err := grantKeys(st, u, rk); err != nil {
			return err
		}
	}
	return nil
}

func nonAdminScopes(st *state) []ScopeID {
	var out []ScopeID
	for _, e := range st.Scopes {
		if e.Kind != scopeAdmin {
			out = append(out, e.ID)
		}
	}
	return out
}
