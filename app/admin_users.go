package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// EventRotation reports a key rotation's progress to the window: RotationProgress.
const EventRotation = "admin:rotation"

// Rotation phases.
const (
	RotationSealing = "sealing"
	RotationDone    = "done"
)

// RotationProgress is the payload of EventRotation.
type RotationProgress struct {
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

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
	GrantedBy      string          `json:"grantedBy"` // the approving admin's name; "" for the founder
	GrantedAt      string          `json:"grantedAt"` // RFC 3339 or ""
	RevokedBy      string          `json:"revokedBy"`
	RevokedAt      string          `json:"revokedAt"`
	LastActivity   string          `json:"lastActivity"` // the last unlock, RFC 3339 or ""
	Self           bool            `json:"self"`
	Founder        bool            `json:"founder"`
}

// Users lists every user with role, scope, status and last activity; active users first, then
// by name.
func (a *Admin) Users() ([]UserRow, error) {
	sess, err := a.session()
	if err != nil {
		return nil, err
	}
	dir, _, err := a.s.people()
	if err != nil {
		return nil, err
	}
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
func (a *Admin) SetRole(id, role string, departmentIDs []string) (RoleChange, error) {
	sess, err := a.session()
	if err != nil {
		return RoleChange{}, err
	}
	uid, err := vault.ParseUserID(id)
	if err != nil {
		return RoleChange{}, errBadID
	}
	depts, err := a.roleDepartments(vault.Role(role), departmentIDs)
	if err != nil {
		return RoleChange{}, err
	}
	if err := a.finishRotation(sess); err != nil {
		return RoleChange{}, err
	}
	code, err := sess.SetRole(uid, vault.Role(role), depts)
	if err != nil {
		return RoleChange{}, a.userError("set role", err)
	}
	a.audit(audit.ActionRoleChange, uid, role)
	if code != "" {
		a.s.replaceRecoveryKit(code)
	}
	if err := a.finishRotation(sess); err != nil {
		return RoleChange{}, err
	}
	return RoleChange{NewRecoveryCode: string(code), Status: a.s.Status()}, nil
}

// roleDepartments is what a role is given: a manager the chosen departments (at least one);
// a user holds every department and an admin every key, through the staff and vault keys.
func (a *Admin) roleDepartments(role vault.Role, departmentIDs []string) ([]vault.ID, error) {
	switch role {
	case vault.RoleManager:
		if len(departmentIDs) == 0 {
			return nil, &AppError{Code: CodeInvalidInput, Message: "Choose at least one department.",
				Fields: map[string]string{"departments": "required"}}
		}
		dir, _, err := a.s.people()
		if err != nil {
			return nil, err
		}
		var depts []vault.ID
		for _, d := range departmentIDs {
			did, err := parseID(d)
			if err != nil {
				return nil, err
			}
			if _, err := dir.Department(did); err != nil {
				return nil, a.s.fail("choose departments", err)
			}
			if !slices.Contains(depts, did) {
				depts = append(depts, did)
			}
		}
		return depts, nil
	case vault.RoleUser, vault.RoleAdmin:
		return nil, nil
	}
	return nil, &AppError{Code: CodeInvalidInput, Message: "Choose a role.", Fields: map[string]string{"role": "invalid_choice"}}
}

// Revoke ends a user's access: their keys are dropped, the departments they held and the
// directory get new keys and every record under the old ones is sealed again (EventRotation
// reports progress). The reason is kept in the audit log. A password reset works the same way:
// revoke, and let the user request access again.
func (a *Admin) Revoke(id, reason string) error {
	sess, err := a.session()
	if err != nil {
		return err
	}
	uid, err := vault.ParseUserID(id)
	if err != nil {
		return errBadID
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &AppError{Code: CodeInvalidInput, Message: "Give a reason.", Fields: map[string]string{"reason": "required"}}
	}
	if err := a.finishRotation(sess); err != nil {
		return err
	}
	if err := sess.Revoke(uid); err != nil {
		return a.userError("revoke", err)
	}
	a.audit(audit.ActionAccessRevoke, uid, reason)
	return a.finishRotation(sess)
}

// PendingRevocation reports whether a key rotation still has records to re-seal (a revocation
// interrupted by a crash or a lock).
func (a *Admin) PendingRevocation() (bool, error) {
	sess, err := a.session()
	if err != nil {
		return false, err
	}
	return len(sess.PendingRotation()) > 0, nil
}

// ResumeRevocation finishes an interrupted key rotation (EventRotation reports progress).
func (a *Admin) ResumeRevocation() error {
	sess, err := a.session()
	if err != nil {
		return err
	}
	return a.finishRotation(sess)
}

// finishRotation re-seals what a rotation left, if anything, reporting progress.
func (a *Admin) finishRotation(sess *vault.Session) error {
	if len(sess.PendingRotation()) == 0 {
		return nil
	}
	platform := a.s.platformNow()
	total := 0
	err := sess.Rotate(context.Background(), vault.RotateOptions{Indexer: people.Indexer(),
		Progress: func(done, n int) {
			total = n
			a.s.Touch() // a long re-seal is activity: the idle lock waits
			platform.Emit(EventRotation, RotationProgress{Phase: RotationSealing, Done: done, Total: n})
		}})
	if err != nil {
		return a.s.fail("re-seal after revocation", err)
	}
	if _, log, err := a.s.people(); err == nil {
		if err := log.RecordCount(audit.ActionKeyRotation, total); err != nil {
			a.s.cfg.Logger.Error("auditing a key rotation failed", "err", err)
		}
	}
	platform.Emit(EventRotation, RotationProgress{Phase: RotationDone, Done: total, Total: total})
	return nil
}

// audit records an administration event about a user; a failure is logged, not returned: the
// change itself is done and signed in the keyring.
func (a *Admin) audit(action audit.Action, user vault.UserID, detail string) {
	_, log, err := a.s.people()
	if err == nil {
		err = log.Record(action, []vault.ID{user.RecordID()}, detail)
	}
	if err != nil {
		a.s.cfg.Logger.Error("auditing an administration change failed", "action", string(action), "err", err)
	}
}

var errUserGone = &AppError{Code: CodeNotFound, Message: "The user no longer exists or was already revoked."}

// userError maps the vault's answers about users.
func (a *Admin) userError(op string, err error) error {
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return errUserGone
	case errors.Is(err, vault.ErrRevokeAdmin):
		return &AppError{Code: CodeDenied, Message: "Withdraw the administrator rights before revoking access."}
	}
	return a.s.fail(op, err)
}
