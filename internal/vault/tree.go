package vault

import (
	"errors"
	"fmt"
	"slices"

	vcrypto "kluis/internal/vault/crypto"
)

// The department tree in the signed keyring (docs/adr/006-department-tree.md). A manager's
// grant of a department covers the departments below it, present and future, so the parent of
// each department scope is part of the signed state: the directory's department records are
// writable by every user and only show the tree.

// ErrTreeCycle refuses a parent that lies below the department itself.
var ErrTreeCycle = errors.New("vault: a department cannot lie below itself")

// DepartmentNode is a department to bind a scope to, below Parent (zero: top level).
type DepartmentNode struct {
	ID     ID
	Parent ID
}

// validateTree checks that every parent is a bound department and that no department lies
// below itself.
func (st *state) validateTree() error {
	parents := map[ID]ID{}
	for _, s := range st.Scopes {
		if s.Kind == scopeDepartment {
			parents[s.Department] = s.Parent
		} else if s.Parent != (ID{}) {
			return fmt.Errorf("scope %s: only a department scope has a parent", s.ID)
		}
	}
	for d, p := range parents {
		if p == (ID{}) {
			continue
		}
		if _, ok := parents[p]; !ok {
			return fmt.Errorf("department %s: parent %s has no scope", d, p)
		}
		seen := map[ID]bool{d: true}
		for a := p; a != (ID{}); a = parents[a] {
			if seen[a] {
				return fmt.Errorf("department %s: %w", d, ErrTreeCycle)
			}
			seen[a] = true
		}
	}
	return nil
}

// covered lists the departments a grant of roots opens: each root and everything below it, as
// the signed tree says, without duplicates, roots first.
func (st *state) covered(roots []ID) []ID {
	children := map[ID][]ID{}
	for _, s := range st.Scopes {
		if s.Kind == scopeDepartment && s.Parent != (ID{}) {
			children[s.Parent] = append(children[s.Parent], s.Department)
		}
	}
	out := slices.Clone(roots)
	seen := map[ID]bool{}
	for _, r := range roots {
		seen[r] = true
	}
	for i := 0; i < len(out); i++ {
		for _, c := range children[out[i]] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// managerScopes is what a manager's grant opens now: the department scopes of the covered
// departments.
func (st *state) managerScopes(u *userEntry) []ScopeID {
	var out []ScopeID
	for _, d := range st.covered(u.Departments) {
		if e := st.departmentScope(d); e != nil {
			out = append(out, e.ID)
		}
	}
	return out
}

// lostScopes lists the department scopes some active manager held under before and no longer
// holds under after (a department moved out from under their grant): those keys rotate.
func lostScopes(before, after *state) []ScopeID {
	var lost []ScopeID
	for i := range after.Users {
		u := &after.Users[i]
		old := before.user(u.ID)
		if u.Role != RoleManager || u.Status != StatusActive || old == nil || old.Role != RoleManager {
			continue
		}
		now := after.managerScopes(u)
		for _, sc := range before.managerScopes(old) {
			if !slices.Contains(now, sc) && !slices.Contains(lost, sc) {
				lost = append(lost, sc)
			}
		}
	}
	return lost
}

// NewDepartmentTree binds a new department scope, with a fresh key, to each node, below its
// parent (a department already bound or another node), in one signed keyring entry (admins
// only). Managers whose grant covers a new department's parent get its key at once. A
// department that already has a scope gives ErrExists.
func (s *Session) NewDepartmentTree(nodes []DepartmentNode) error {
	if len(nodes) == 0 {
		return nil
	}
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	return s.changeState("department", func(st *state) error {
		for _, n := range nodes {
			if n.ID == (ID{}) || st.departmentScope(n.ID) != nil {
				return fmt.Errorf("%w: department %s already has a key", ErrExists, n.ID)
			}
			id := randomScopeID(st)
			vcrypto.Wipe(newScope(st, id, scopeDepartment, n.ID, s.ks.vault, s.ks.staff))
			st.scope(id).Parent = n.Parent
		}
		if err := st.validateTree(); err != nil {
			return err
		}
		return regrantManagers(st, s.roots())
	})
}

// MoveDepartment puts a bound department below parent (zero: top level) in the signed tree
// (admins only). Managers whose grant now covers it get its keys; if a manager loses a
// department by the move, its scope starts rotating (call Rotate afterwards, as after SetRole),
// and rotating reports that. ErrTreeCycle when parent lies below the department.
func (s *Session) MoveDepartment(dept, parent ID) (rotating bool, err error) {
	if err := s.enterExclusive(); err != nil {
		return false, err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return false, err
	}
	err = s.changeState("department-moved", func(st *state) error {
		e := st.departmentScope(dept)
		if e == nil {
			return fmt.Errorf("%w: department %s has no key", ErrNotFound, dept)
		}
		if parent != (ID{}) && st.departmentScope(parent) == nil {
			return fmt.Errorf("%w: department %s has no key", ErrNotFound, parent)
		}
		before := st.clone()
		e.Parent = parent
		if err := st.validateTree(); err != nil {
			return err
		}
		lost := lostScopes(before, st)
		rk, err := s.startRotation(st, lost, false, s.roots())
		if err != nil {
			return err
		}
		rotating = len(lost) > 0
		return regrantAll(st, rk)
	})
	return rotating, err
}

// AdoptDepartmentTree signs the parents of departments bound before the keyring carried the
// tree, once (admins only; ErrExists after that): parents maps a department to its parent as the
// directory shows it. Unbound departments and unknown parents are skipped. Grants only grow, so
// nothing rotates. The tree a forged directory record showed at that moment is signed too; the
// ADR says why that is accepted.
func (s *Session) AdoptDepartmentTree(parents map[ID]ID) error {
	if err := s.enterExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.requireAdmin(); err != nil {
		return err
	}
	return s.changeState("department-tree", func(st *state) error {
		if st.Tree {
			return fmt.Errorf("%w: the department tree is signed already", ErrExists)
		}
		for i := range st.Scopes {
			e := &st.Scopes[i]
			if e.Kind != scopeDepartment {
				continue
			}
			if p, ok := parents[e.Department]; ok && (p == ID{} || st.departmentScope(p) != nil) {
				e.Parent = p
			}
		}
		if err := st.validateTree(); err != nil {
			return err
		}
		st.Tree = true
		return regrantManagers(st, s.roots())
	})
}

// DepartmentTree returns each bound department's parent in the signed tree (zero: top level)
// and whether the tree is signed at all (false: an older vault no admin has unlocked since).
func (s *Session) DepartmentTree() (parents map[ID]ID, signed bool) {
	st := s.v.keyringSnapshot().st
	parents = map[ID]ID{}
	for _, e := range st.Scopes {
		if e.Kind == scopeDepartment {
			parents[e.Department] = e.Parent
		}
	}
	return parents, st.Tree
}

// regrantManagers wraps again to every active manager what their grant covers now.
func regrantManagers(st *state, rk rootKeys) error {
	for i := range st.Users {
		u := &st.Users[i]
		if u.Role == RoleManager && u.Status == StatusActive {
			if err := grantKeys(st, u, rk); err != nil {
				return err
			}
		}
	}
	return nil
}
