package access

import (
	"strings"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Form fields of "Toegang aanvragen".
const (
	FieldName  = "name"
	FieldEmail = "email"
	FieldRole  = "role"
)

// MaxUserName caps a user's name.
const MaxUserName = 200

// AccessRequest is what a new user on this PC fills in on the unlock screen.
type AccessRequest struct {
	Name       string
	Email      string
	Passphrase string
	Role       vault.Role // user or manager
}

// RequestAccess checks the form (every problem at once, as validate.FieldErrors) and files the
// request in the vault folder. It returns the fingerprint of the requester's new keys, which
// the requester can read out to the admin who approves.
func RequestAccess(v *vault.Vault, r AccessRequest) (string, error) {
	f := validate.FieldErrors{}
	name := validate.Text(f, FieldName, r.Name, true, MaxUserName)
	email := validate.Email(f, FieldEmail, r.Email, true)
	if r.Role != vault.RoleUser && r.Role != vault.RoleManager {
		f.Add(FieldRole, validate.InvalidChoice)
	}
	checkPassphrase(f, r.Passphrase, name, email)
	if err := f.Err(); err != nil {
		return "", err
	}
	_, fp, err := v.RequestAccess(vault.NewRequest{Name: name, Email: strings.ToLower(email),
		Passphrase: []byte(r.Passphrase), Role: r.Role})
	return fp, err
}

// Approve makes a pending request a user with role and departments (admins only) and stores the
// new user's profile (name, e-mail) from the request, so other screens can name them.
func Approve(sess *vault.Session, req vault.Request, role vault.Role, depts []vault.ID) error {
	if err := sess.Approve(req.ID, role, depts); err != nil {
		return err
	}
	return sess.Update(func(tx *vault.Tx) error {
		return saveProfile(tx, sess.DirectoryScope(), req.ID, Profile{Name: req.Name, Email: req.Email})
	})
}
