package app

import (
	"errors"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// errNoReason answers a rejection or revocation without a reason.
var errNoReason = &AppError{Code: workspace.CodeInvalidInput, Message: "Give a reason.",
	Fields: map[string]string{"reason": string(validate.Required)}}

// AccessRequestForm is "Toegang aanvragen" on the unlock screen.
type AccessRequestForm struct {
	Name       string `json:"name"`
	Email      string `json:"email"`
	Passphrase string `json:"passphrase"`
	Role       string `json:"role"` // user | manager
}

// AccessRequestFiled is what the requester sees after filing: the fingerprint of their keys,
// to read out to the admin who approves.
type AccessRequestFiled struct {
	Fingerprint string `json:"fingerprint"`
}

// RequestAccess files an access request for a new user of this PC (the vault stays locked).
// Field errors come under name, email, passphrase and role. An e-mail that already has access or
// a pending request gives access_exists, which sends the requester to unlock (the vault's
// ErrExists would otherwise read as "a vault exists here").
func (s *Session) RequestAccess(form AccessRequestForm) (_ AccessRequestFiled, err error) {
	defer s.recovered("Session.RequestAccess", &err)
	var fp string
	err = s.derive(true, func(v *vault.Vault, _ uint64) error {
		var err error
		fp, err = access.RequestAccess(v, access.AccessRequest{Name: form.Name, Email: form.Email,
			Passphrase: form.Passphrase, Role: vault.Role(form.Role)})
		if errors.Is(err, vault.ErrExists) {
			return codeError(workspace.CodeAccessExists)
		}
		if err != nil {
			return s.fail("request access", err)
		}
		return nil
	})
	return AccessRequestFiled{Fingerprint: fp}, err
}

// WithdrawRequest takes back the requester's own pending request; their passphrase proves it is
// theirs. A wrong passphrase or no such request gives wrong_passphrase, as at unlock.
func (s *Session) WithdrawRequest(email, passphrase string) (err error) {
	defer s.recovered("Session.WithdrawRequest", &err)
	return s.derive(true, func(v *vault.Vault, _ uint64) error {
		if err := v.WithdrawRequest(email, []byte(passphrase)); err != nil {
			return s.fail("withdraw request", err)
		}
		return nil
	})
}

// AccessRequestInfo is a pending request as the admin's "Beheeracties" list shows it.
type AccessRequestInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	Role        string `json:"role"`
	Fingerprint string `json:"fingerprint"`
	Created     string `json:"created"` // RFC 3339
}

// Admin is the facade of the Beheer screen's administration (admins only).
type Admin struct {
	s *Session
}

// open returns the unlocked workspace and its vault session, or ErrLocked.
func (a *Admin) open() (*workspace.Workspace, *vault.Session, error) {
	ws, err := a.s.workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws, ws.Session(), nil
}

// Requests lists the pending access requests, oldest first.
func (a *Admin) Requests() (_ []AccessRequestInfo, err error) {
	defer a.s.recovered("Admin.Requests", &err)
	_, sess, err := a.open()
	if err != nil {
		return nil, err
	}
	list, err := sess.Requests()
	if err != nil {
		return nil, a.s.fail("list requests", err)
	}
	out := make([]AccessRequestInfo, len(list))
	for i, r := range list {
		out[i] = AccessRequestInfo{ID: r.ID.String(), Name: r.Name, Email: r.Email, Role: string(r.Role),
			Fingerprint: r.Fingerprint, Created: r.Created.UTC().Format(time.RFC3339)}
	}
	return out, nil
}

// Approve ("Akkoord") gives a requester the role: a manager the chosen departments, a user every
// department, an admin the vault key.
func (a *Admin) Approve(id, role string, departmentIDs []string) (err error) {
	defer a.s.recovered("Admin.Approve", &err)
	ws, sess, err := a.open()
	if err != nil {
		return err
	}
	rid, err := vault.ParseUserID(id)
	if err != nil {
		return errBadID
	}
	list, err := sess.Requests()
	if err != nil {
		return a.s.fail("list requests", err)
	}
	var req *vault.Request
	for i := range list {
		if list[i].ID == rid {
			req = &list[i]
		}
	}
	if req == nil {
		return errRequestGone
	}
	depts, err := a.roleDepartments(ws, vault.Role(role), departmentIDs)
	if err != nil {
		return err
	}
	if err := ws.Approve(*req, vault.Role(role), depts); err != nil {
		return a.requestError("approve", err)
	}
	return nil
}

var errRequestGone = codeMessage(workspace.CodeNotFound, "The access request no longer exists.")

// requestError maps the vault's answers about requests, whose generic sentinels would otherwise
// read as "no vault here" or "a vault exists".
func (a *Admin) requestError(op string, err error) error {
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return errRequestGone
	case errors.Is(err, vault.ErrExists):
		return codeError(workspace.CodeUserExists)
	}
	return a.s.fail(op, err)
}

// Reject ("Afwijzen") rejects a pending request with a reason, which the requester reads at
// their next unlock attempt (access_rejected with the reason as detail).
func (a *Admin) Reject(id, reason string) (err error) {
	defer a.s.recovered("Admin.Reject", &err)
	ws, _, err := a.open()
	if err != nil {
		return err
	}
	rid, err := vault.ParseUserID(id)
	if err != nil {
		return errBadID
	}
	if strings.TrimSpace(reason) == "" {
		return errNoReason
	}
	if err := ws.Reject(rid, reason); err != nil {
		return a.requestError("reject request", err)
	}
	return nil
}
