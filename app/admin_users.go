package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// DepartmentRef names a department a user's keys open.
type DepartmentRef struct {
	ID   string `json:"id"`
	Path string `json:"path"` // "Department / Sub-department", led by the employer when there are several
}

// UserRow is one user of the Autorisaties list.
type UserRow struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	Email          string          `json:"email"`
	Role           string          `json:"role"`   // admin | user | manager
	Status         string          `json:"status"` // active | revoked
	AllDepartments bool            `json:"allDepartments"`
	Departments    []DepartmentRef `json:"departments"`
	// Below counts the live departments under a manager's chosen ones, which their grant covers.
	Below        int    `json:"below"`
	GrantedBy    string `json:"grantedBy"` // the approving admin's name; "" for the founder
	GrantedAt    string `json:"grantedAt"` // RFC 3339 or ""
	RevokedBy    string `json:"revokedBy"`
	RevokedAt    string `json:"revokedAt"`
	LastActivity string `json:"lastActivity"` // the last unlock, RFC 3339 or ""
	Self         bool   `json:"self"`
	Founder      bool   `json:"founder"`
}

// Users lists every user with role, scope, status and last activity; active users first, then
// by name.
func (a *Admin) Users() (_ []UserRow, err error) {
	defer a.s.recovered("Admin.Users", &err)
	ws, sess, err := a.open()
	if err != nil {
		return nil, err
	}
	dir := ws.Directory()
	users, err := sess.Users()
	if err != nil {
		return nil, a.s.fail("list users", err)
	}
	depts, err := dir.DepartmentsByID()
	if err != nil {
		return nil, a.s.fail("list users", err)
	}
	employers, err := dir.Employers()
	if err != nil {
		return nil, a.s.fail("list users", err)
	}
	employerName := map[vault.ID]string{}
	for _, e := range employers {
		employerName[e.ID] = e.Name
	}
	profiles := map[vault.UserID]access.Profile{}
	err = sess.View(func(tx *vault.Tx) error {
		for _, u := range users {
			p, err := access.LoadProfile(tx, u.ID)
			if err != nil && !errors.Is(err, access.ErrNoProfile) {
				return err
			}
			profiles[u.ID] = p
		}
		return nil
	})
	if err != nil {
		return nil, a.s.fail("list users", err)
	}
	out := make([]UserRow, 0, len(users))
	for _, u := range users {
		p := profiles[u.ID]
		row := UserRow{ID: u.ID.String(), Name: p.Name, Email: p.Email, Role: string(u.Role), Status: string(u.Status),
			Departments: []DepartmentRef{}, GrantedAt: rfc3339(u.GrantedAt), RevokedAt: rfc3339(u.RevokedAt),
			LastActivity: rfc3339(p.LastSeen), Self: u.ID == sess.UserID(), Founder: u.Founder}
		if u.GrantedBy != (vault.UserID{}) {
			row.GrantedBy = profiles[u.GrantedBy].Name
		}
		if u.RevokedBy != (vault.UserID{}) {
			row.RevokedBy = profiles[u.RevokedBy].Name
		}
		for _, id := range u.Departments {
			if d, ok := depts[id]; ok && !d.Archived && u.Status == vault.StatusActive {
				parts := strings.Split(d.Path, "/")
				if len(employers) > 1 { // name the employer only when there is a choice
					parts = append([]string{employerName[d.Employer]}, parts...)
				}
				row.Departments = append(row.Departments, DepartmentRef{ID: d.ID.String(), Path: strings.Join(parts, " / ")})
			}
		}
		sort.Slice(row.Departments, func(i, j int) bool { return row.Departments[i].Path < row.Departments[j].Path })
		for _, id := range u.Covered {
			if d, ok := depts[id]; ok && !d.Archived && u.Status == vault.StatusActive && !slices.Contains(u.Departments, id) {
				row.Below++
			}
		}
		row.AllDepartments = u.Status == vault.StatusActive && (u.Role == vault.RoleAdmin || u.Role == vault.RoleUser)
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Status == "active") != (out[j].Status == "active") {
			return out[i].Status == "active"
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, nil
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// RoleChange is the answer to SetRole.
type RoleChange struct {
	// NewRecoveryCode is set when an admin stepped down: the vault key and the recovery code
	// were replaced, and the emergency kit must be saved again (the status says
	// recoveryKitPending). The old kit no longer opens the vault.
	NewRecoveryCode string `json:"newRecoveryCode"`
	Status          Status `json:"status"`
}

// SetRole gives an active user a role: admin (every key), user (every department) or manager
// (the departments named). A manager or user who loses departments loses their keys: those
// departments get new keys and their records are sealed again, reported as EventRotation. An
// admin who steps down (withdrawn by another admin) may have kept the vault key, so it is
// replaced with everything under it, and a new recovery code comes back for a new kit.
func (a *Admin) SetRole(id, role string, departmentIDs []string) (_ RoleChange, err error) {
	defer a.s.recovered("Admin.SetRole", &err)
	ws, _, err := a.open()
	if err != nil {
		return RoleChange{}, err
	}
	uid, err := vault.ParseUserID(id)
	if err != nil {
		return RoleChange{}, errBadID
	}
	depts, err := a.roleDepartments(ws, vault.Role(role), departmentIDs)
	if err != nil {
		return RoleChange{}, err
	}
	rot := a.rotation()
	code, err := ws.SetRole(context.Background(), uid, vault.Role(role), depts, rot.progress)
	if code != "" {
		a.s.replaceRecoveryKit(code)
	}
	if err != nil {
		return RoleChange{}, a.userError("set role", err)
	}
	rot.finish()
	return RoleChange{NewRecoveryCode: string(code), Status: a.s.Status()}, nil
}

// roleDepartments is what a role is given: a manager the chosen departments (at least one);
// a user holds every department and an admin every key, through the staff and vault keys.
func (a *Admin) roleDepartments(ws *workspace.Workspace, role vault.Role, departmentIDs []string) ([]vault.ID, error) {
	switch role {
	case vault.RoleManager:
		if len(departmentIDs) == 0 {
			return nil, &AppError{Code: workspace.CodeInvalidInput, Message: "Choose at least one department.",
				Fields: map[string]string{"departments": string(validate.Required)}}
		}
		var depts []vault.ID
		for _, d := range departmentIDs {
			did, err := parseID(d)
			if err != nil {
				return nil, err
			}
			if _, err := ws.Directory().Department(did); err != nil {
				return nil, a.s.fail("choose departments", err)
			}
			if !slices.Contains(depts, did) {
				depts = append(depts, did)
			}
		}
		return depts, nil
	case vault.RoleUser, vault.RoleAdmin, vault.RolePrivacy:
		return nil, nil
	}
	return nil, &AppError{Code: workspace.CodeInvalidInput, Message: "Choose a role.",
		Fields: map[string]string{"role": string(validate.InvalidChoice)}}
}

// Revoke ends a user's access: their keys are dropped, the departments they held and the
// directory get new keys and every record under the old ones is sealed again (EventRotation
// reports progress). The reason is kept in the audit log. A password reset works the same way:
// revoke, and let the user request access again.
func (a *Admin) Revoke(id, reason string) (err error) {
	defer a.s.recovered("Admin.Revoke", &err)
	ws, _, err := a.open()
	if err != nil {
		return err
	}
	uid, err := vault.ParseUserID(id)
	if err != nil {
		return errBadID
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return errNoReason
	}
	rot := a.rotation()
	if err := ws.RevokeUser(context.Background(), uid, reason, rot.progress); err != nil {
		return a.userError("revoke", err)
	}
	rot.finish()
	return nil
}

// PendingRevocation reports whether a key rotation still has records to re-seal (a revocation
// interrupted by a crash or a lock).
func (a *Admin) PendingRevocation() (_ bool, err error) {
	defer a.s.recovered("Admin.PendingRevocation", &err)
	_, sess, err := a.open()
	if err != nil {
		return false, err
	}
	return len(sess.PendingRotation()) > 0, nil
}

// ResumeRevocation finishes an interrupted key rotation (EventRotation reports progress).
func (a *Admin) ResumeRevocation() (err error) {
	defer a.s.recovered("Admin.ResumeRevocation", &err)
	ws, _, err := a.open()
	if err != nil {
		return err
	}
	rot := a.rotation()
	if _, err := ws.FinishRotation(context.Background(), rot.progress); err != nil {
		return a.s.fail("re-seal after revocation", err)
	}
	rot.finish()
	return nil
}

// rotationReport turns a key rotation's progress into EventRotation. progress runs inside the
// vault session's read lock, so it only touches the activity atomic and emits.
type rotationReport struct {
	s        *Session
	platform Platform
	ran      bool
	total    int
}

func (a *Admin) rotation() *rotationReport {
	return &rotationReport{s: a.s, platform: a.s.platformNow()}
}

func (r *rotationReport) progress(done, total int) {
	r.ran, r.total = true, total
	r.s.Touch() // a long re-seal is activity: the idle lock waits
	r.platform.Emit(EventRotation, RotationProgress{Phase: RotationPhaseSealing, Done: done, Total: total})
}

// finish tells the window the re-seal is over, when there was one.
func (r *rotationReport) finish() {
	if r.ran {
		r.platform.Emit(EventRotation, RotationProgress{Phase: RotationPhaseDone, Done: r.total, Total: r.total})
	}
}

var errUserGone = codeMessage(workspace.CodeNotFound, "The user no longer exists or was already revoked.")

// userError maps the vault's answers about users, whose ErrNotFound would otherwise read as
// "no vault here".
func (a *Admin) userError(op string, err error) error {
	if errors.Is(err, vault.ErrNotFound) {
		return errUserGone
	}
	return a.s.fail(op, err)
}
