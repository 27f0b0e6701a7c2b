package app

import (
	"context"
	"errors"
	"time"

	"kluis/internal/imports"
	"kluis/internal/people"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// AppError is what a rejected call carries to the frontend: a stable code the UI translates, an
// English fallback message, per-field codes for forms, and a retry time where waiting helps.
// Messages never contain identity data or secrets.
type AppError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	RetryAt string            `json:"retryAt,omitempty"`
	// Detail is text for the user from another person, shown as is: an admin's reason for
	// rejecting an access request (access_rejected).
	Detail string `json:"detail,omitempty"`
}

func (e *AppError) Error() string { return e.Message }

// Error codes shared with frontend/src/lib/api (AppError) and the nl/en catalogues.
const (
	CodeInvalidInput        = "invalid_input"
	CodeWrongPassphrase     = "wrong_passphrase"
	CodeTooManyAttempts     = "too_many_attempts"
	CodeVaultExists         = "vault_exists"
	CodeVaultInUse          = "vault_in_use"
	CodeVaultNotFound       = "vault_not_found"
	CodeLocked              = "locked"
	CodeKeyringCorrupt      = "keyring_corrupt"
	CodeKeyringTampered     = "keyring_tampered"
	CodeCorrupt             = "corrupt"
	CodeDenied              = "denied"
	CodeRecoveryCodeInvalid = "recovery_code_invalid"
	CodeAccessPending       = "access_pending"
	CodeUserExists          = "user_exists"
	CodeLastAdmin           = "last_admin"
	CodeAccessRejected      = "access_rejected"
	CodeAccessRevoked       = "access_revoked"
	CodeSelfStepDown        = "self_step_down"
	CodeNotFound            = "not_found"
	CodeDepartmentNotEmpty  = "department_not_empty"
	CodeDepartmentCycle     = "department_cycle"
	CodeDepartmentArchived  = "department_archived"
	CodeNoOpenEmployment    = "no_open_employment"
	CodeImportProblems      = "import_problems"
	CodeImportUnreadable    = "import_unreadable"
	CodeImportBusy          = "import_busy"
	CodeCancelled           = "cancelled"
	CodeInternal            = "internal"
)

var sentinelCodes = []struct {
	err     error
	code    string
	message string
}{
	{vault.ErrWrongPassphrase, CodeWrongPassphrase, "The e-mail address or passphrase is not correct."},
	{vault.ErrTooManyAttempts, CodeTooManyAttempts, "Too many failed attempts; wait before trying again."},
	{vault.ErrExists, CodeVaultExists, "A vault already exists at this location."},
	{vault.ErrInUse, CodeVaultInUse, "This vault is open in another Kluis window or program."},
	{vault.ErrNotFound, CodeVaultNotFound, "There is no vault at this location."},
	{vault.ErrLocked, CodeLocked, "The vault is locked."},
	{vault.ErrKeyringCorrupt, CodeKeyringCorrupt, "The vault's keyring file is damaged."},
	{vault.ErrKeyringTampered, CodeKeyringTampered, "The vault's keyring was changed outside Kluis."},
	{vault.ErrCorrupt, CodeCorrupt, "A record in the vault is damaged."},
	{vault.ErrDenied, CodeDenied, "You do not have the right to do this."},
	{vault.ErrNoAccess, CodeDenied, "You do not have the right to do this."},
	{vault.ErrRecoveryCodeInvalid, CodeRecoveryCodeInvalid, "The recovery code is not correct."},
	{vault.ErrLastAdmin, CodeLastAdmin, "The vault must keep at least one administrator."},
	{vault.ErrSelfStepDown, CodeSelfStepDown, "Another administrator must withdraw your administrator rights."},
	{vault.ErrPending, CodeAccessPending, "Your access request waits for an administrator's approval."},
	{vault.ErrRejected, CodeAccessRejected, "Your access request was rejected."},
	{vault.ErrRevoked, CodeAccessRevoked, "Your access to this vault was revoked."},
	{vault.ErrRotationPending, CodeInternal, "A key rotation is still under way; finish it first."},
	{people.ErrEmployeeNotFound, CodeNotFound, "The employee no longer exists."},
	{people.ErrDepartmentNotFound, CodeNotFound, "The department no longer exists."},
	{people.ErrEmployerNotFound, CodeNotFound, "The employer no longer exists."},
	{people.ErrDepartmentNotEmpty, CodeDepartmentNotEmpty, "The department still has active employees or departments below it."},
	{people.ErrCycle, CodeDepartmentCycle, "A department cannot move below itself."},
	{people.ErrOtherEmployer, CodeInvalidInput, "The department belongs to another employer."},
	{people.ErrArchived, CodeDepartmentArchived, "The department is archived."},
	{people.ErrNoOpenEmployment, CodeNoOpenEmployment, "The employee has no running employment to end."},
	{imports.ErrProblems, CodeImportProblems, "The file has problems; nothing was written."},
	{context.Canceled, CodeCancelled, "Cancelled; nothing was written."},
}

// toAppError maps any error to an AppError. Unknown errors become "internal" with a generic
// message: their text may come from deep inside a library and is logged instead of shown.
func toAppError(err error) *AppError {
	var ae *AppError
	if errors.As(err, &ae) {
		return ae
	}
	var fe validate.FieldErrors
	if errors.As(err, &fe) {
		fields := make(map[string]string, len(fe))
		for k, v := range fe {
			fields[k] = string(v)
		}
		return &AppError{Code: CodeInvalidInput, Message: fe.Error(), Fields: fields}
	}
	for _, s := range sentinelCodes {
		if errors.Is(err, s.err) {
			out := &AppError{Code: s.code, Message: s.message}
			var tm *vault.TooManyAttemptsError
			if errors.As(err, &tm) {
				out.RetryAt = tm.RetryAt.UTC().Format(time.RFC3339)
			}
			var rej *vault.RejectedError
			if errors.As(err, &rej) {
				out.Detail = rej.Reason
			}
			return out
		}
	}
	return &AppError{Code: CodeInternal, Message: "Something went wrong inside Kluis; the details are in the log."}
}

// FormatError is the window's ErrorFormatter: every rejected promise carries an AppError object.
func FormatError(err error) any { return toAppError(err) }
