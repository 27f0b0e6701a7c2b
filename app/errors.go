package app

import (
	"errors"
	"time"

	"kluis/internal/workspace"
)

// AppError is what a rejected call carries to the frontend: a stable code the UI translates, an
// English fallback message, per-field codes for forms, and a retry time where waiting helps.
// Codes come from the one registry in internal/workspace (codes.go), which the CLI uses too.
// Messages never contain identity data or secrets.
type AppError struct {
	Code    workspace.Code    `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Params are values shown back with a field's code to the person who filled the form: the
	// medical words found in their text (medical_terms), the persnr of the employee who has a
	// BSN (bsn_taken). Never logged.
	Params  map[string][]string `json:"params,omitempty"`
	RetryAt string              `json:"retryAt,omitempty"`
	// Detail is text for the user from another person, shown as is: an admin's reason for
	// rejecting an access request (access_rejected).
	Detail string `json:"detail,omitempty"`
}

func (e *AppError) Error() string { return e.Message }

// codeError is the AppError of a code with its default message.
func codeError(code workspace.Code) *AppError {
	return &AppError{Code: code, Message: workspace.Describe(code).English}
}

// codeMessage is the AppError of a code with a message for the case at hand.
func codeMessage(code workspace.Code, message string) *AppError {
	return &AppError{Code: code, Message: message}
}

// toAppError maps any error to an AppError through the registry. Unknown errors become
// "internal" with a generic message: their text may come from deep inside a library and is
// logged instead of shown.
func toAppError(err error) *AppError {
	var ae *AppError
	if errors.As(err, &ae) {
		return ae
	}
	p := workspace.Explain(err)
	out := &AppError{Code: p.Code, Message: p.English, Fields: p.Fields, Params: p.Params, Detail: p.Detail}
	if !p.RetryAt.IsZero() {
		out.RetryAt = p.RetryAt.UTC().Format(time.RFC3339)
	}
	return out
}

// FormatError is the window's ErrorFormatter: every rejected promise carries an AppError object.
func FormatError(err error) any { return toAppError(err) }
