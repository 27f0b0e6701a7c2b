package access

import (
	"errors"
	"fmt"
	"time"

	"kluis/internal/passphrase"
	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Setup is what a new vault needs: its first employer and its first admin. Field names are the
// first-run form's, so problems land next to the right input.
type Setup struct {
	EmployerName string
	KvK          string
	AdminName    string
	AdminEmail   string
	Passphrase   []byte
}

// Form field names of Setup.
const (
	FieldEmployerName = "employerName"
	FieldKvK          = "kvk"
	FieldAdminName    = "adminName"
	FieldAdminEmail   = "adminEmail"
	FieldPassphrase   = "passphrase"
)

// MaxPersonName caps a user's display name.
const MaxPersonName = 200

// Created is a new vault, unlocked for its first admin.
type Created struct {
	Vault        *vault.Vault
	Session      *vault.Session
	RecoveryCode string
	Employer     people.Employer
	Admin        Profile
	VaultID      string
	At           time.Time
}

// check validates every field at once, so a form shows all problems together.
func (s Setup) check() (people.Employer, Profile, error) {
	f := validate.FieldErrors{}
	emp := people.NewEmployer(f, FieldEmployerName, s.EmployerName, FieldKvK, s.KvK)
	admin := Profile{
		Name:  validate.Text(f, FieldAdminName, s.AdminName, true, MaxPersonName),
		Email: validate.Email(f, FieldAdminEmail, s.AdminEmail, true),
	}
	checkPassphrase(f, string(s.Passphrase), s.AdminName, s.AdminEmail, s.EmployerName)
	return emp, admin, f.Err()
}

// CreateVault validates the setup, creates the vault with its first admin (the only way an admin
// comes to exist without another admin's approval), and stores the employer and the admin's
// profile. Nothing is written when validation fails.
func CreateVault(dir string, s Setup, opts vault.Options) (*Created, error) {
	emp, admin, err := s.check()
	if err != nil {
		return nil, err
	}
	v, sess, code, err := vault.Create(dir, vault.NewUser{Email: admin.Email, Passphrase: s.Passphrase}, opts)
	if err != nil {
		return nil, err
	}
	err = sess.Update(func(tx *vault.Tx) error {
		if err := people.SaveEmployer(tx, sess.DirectoryScope(), emp); err != nil {
			return err
		}
		return saveProfile(tx, sess.DirectoryScope(), sess.UserID(), admin)
	})
	if err != nil {
		sess.Lock()
		return nil, errors.Join(fmt.Errorf("store the first employer and admin: %w", err), v.Close())
	}
	return &Created{Vault: v, Session: sess, RecoveryCode: code.String(), Employer: emp, Admin: admin,
		VaultID: v.ID(), At: time.Now()}, nil
}

// CheckNewPassphrase refuses a weak new passphrase (recovery, change) with a field error.
func CheckNewPassphrase(p string, related ...string) error {
	f := validate.FieldErrors{}
	checkPassphrase(f, p, related...)
	return f.Err()
}

// checkPassphrase applies the passphrase policy: present, and acceptable to the strength check
// (which also refuses passphrases built from the user's own name, e-mail or employer).
func checkPassphrase(f validate.FieldErrors, p string, related ...string) {
	if p == "" {
		f.Add(FieldPassphrase, validate.Required)
	} else if !passphrase.Check(p, related...).Acceptable {
		f.Add(FieldPassphrase, validate.PassphraseWeak)
	}
}
