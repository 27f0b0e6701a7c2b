package app

import (
	"errors"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/vault"
)

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
// Field errors come under name, email, passphrase and role.
func (s *Session) RequestAccess(form AccessRequestForm) (AccessRequestFiled, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openLocked()
	if s.vault == nil {
		return AccessRequestFiled{}, toAppError(s.openErr)
	}
	fp, err := access.RequestAccess(s.vault, access.AccessRequest{Name: form.Name, Email: form.Email,
		Passphrase: form.Passphrase, Role: vault.Role(form.Role)})
	if err != nil {
		return AccessRequestFiled{}, s.fail("request access", err)
	}
	return AccessRequestFiled{Fingerprint: fp}, nil
}

// WithdrawRequest takes back the requester's own pending request; their passphrase proves it is
// theirs. A wrong passphrase or no such request gives wrong_passphrase, as at unlock.
func (s *Session) WithdrawRequest(email, passphrase string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openLocked()
	if s.vault == nil {
		return toAppError(s.openErr)
	}
	if err := s.vault.WithdrawRequest(email, []byte(passphrase)); err != nil {
		return s.fail("withdraw request", err)
	}
	return nil
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

// session returns the unlocked vault session or ErrLocked.
func (a *Admin) session() (*vault.Session, error) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	if !a.s.unlocked() {
		return nil, toAppError(vault.ErrLocked)
	}
	return a.s.sess, nil
}

// Requests lists the pending access requests, oldest first.
func (a *Admin) Requests() ([]AccessRequestInfo, error) {
	sess, err := a.session()
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
func (a *Admin) Approve(id, role string, departmentIDs []string) error {
	sess, err := a.session()
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
	depts, err := a.roleDepartments(vault.Role(role), departmentIDs)
	if err != nil {
		return err
	}
	if err := access.Approve(sess, *req, vault.Role(role), depts); err != nil {
		return a.requestError("approve", err)
	}
	a.audit(audit.ActionAccessApprove, rid, role)
	return nil
}

var errRequestGone = &AppError{Code: CodeNotFound, Message: "The access request no longer exists."}

// requestError maps the vault's answers about requests, whose generic sentinels would otherwise
// read as "no vault here" or "a vault exists".
func (a *Admin) requestError(op string, err error) error {
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return errRequestGone
	case errors.Is(err, vault.ErrExists):
		return &AppError{Code: CodeUserExists, Message: "A user with this e-mail address already exists."}
	}
	return a.s.fail(op, err)
}

// Reject ("Afwijzen") rejects a pending request with a reason, which the requester reads at
// their next unlock attempt (access_rejected with the reason as detail).
func (a *Admin) Reject(id, reason string) error {
	sess, err := a.session()
	if err != nil {
		return err
	}
	rid, err := vault.ParseUserID(id)
	if err != nil {
		return errBadID
	}
	if strings.TrimSpace(reason) == "" {
		return &AppError{Code: CodeInvalidInput, Message: "Give a reason.", Fields: map[string]string{"reason": "required"}}
	}
	if err := sess.RejectRequest(rid, reason); err != nil {
		return a.requestError("reject request", err)
	}
	a.audit(audit.ActionAccessReject, rid, "")
	return nil
}
