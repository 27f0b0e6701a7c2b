package agreement

import (
	"errors"
	"fmt"
	"time"

	"kluis/internal/people"
	"kluis/internal/vault"
)

// Record kinds (see docs/adr/001-key-layout.md).
const (
	// KindAgreement is an employer's processor-agreement record; its id is the employer's id.
	KindAgreement vault.Kind = 0x70
	// KindMailSettings is the vault's outgoing-mail settings, one record under MailSettingsID.
	KindMailSettings vault.Kind = 0x71
)

// Via says how a confirmation left Kluis.
type Via string

// Ways a confirmation is sent.
const (
	ViaSMTP Via = "smtp" // sent through the configured SMTP server
	ViaEml  Via = "eml"  // saved as an .eml file for the admin's own mail program
)

// Version is one saved state of the signatory: when, by which user, and what.
type Version struct {
	At        time.Time    `json:"at"` // UTC
	By        vault.UserID `json:"by"`
	Signatory Signatory    `json:"signatory"`
}

// Confirmation is one confirmation sent to the signatory. Version is the 1-based number of the
// version it confirmed (the current one at the time).
type Confirmation struct {
	At      time.Time    `json:"at"` // UTC
	By      vault.UserID `json:"by"`
	Via     Via          `json:"via"`
	Version int          `json:"version"`
}

// Record is an employer's processor-agreement record: every version of the signatory, oldest
// first, and every confirmation sent, oldest first.
type Record struct {
	Versions []Version      `json:"versions"`
	Sent     []Confirmation `json:"sent,omitempty"`
}

// Current is the signatory of the last version; false when none was recorded yet.
func (r Record) Current() (Signatory, bool) {
	if len(r.Versions) == 0 {
		return Signatory{}, false
	}
	return r.Versions[len(r.Versions)-1].Signatory, true
}

// ErrNoSignatory means an employer has no signatory recorded, so there is nothing to confirm.
var ErrNoSignatory = errors.New("agreement: no signatory recorded")

// Load reads an employer's record inside a transaction; an employer without one gets an empty
// record. It does not check the caller's role: Store does.
func Load(tx *vault.Tx, employer vault.ID) (Record, error) {
	r, err := vault.GetJSON[Record](tx, KindAgreement, employer)
	if errors.Is(err, vault.ErrNotFound) {
		return Record{}, nil
	}
	if err != nil {
		return Record{}, fmt.Errorf("agreement: load record: %w", err)
	}
	return r, nil
}

// LoadEmployer reads an employer inside a transaction: people.ErrEmployerNotFound when the id
// names none.
func LoadEmployer(tx *vault.Tx, employer vault.ID) (people.Employer, error) {
	e, err := vault.GetJSON[people.Employer](tx, people.KindEmployer, employer)
	if errors.Is(err, vault.ErrNotFound) {
		return people.Employer{}, people.ErrEmployerNotFound
	}
	if err != nil {
		return people.Employer{}, fmt.Errorf("agreement: load employer: %w", err)
	}
	e.ID = employer
	return e, nil
}

// Store reads and writes the agreement records of one unlocked session. Every method needs an
// admin's session (vault.ErrDenied otherwise).
type Store struct {
	sess *vault.Session
	now  func() time.Time
}

// NewStore builds the store of an unlocked session; now is the clock (nil: time.Now).
func NewStore(sess *vault.Session, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{sess: sess, now: now}
}

func (s *Store) admin() error {
	if s.sess.Role() != vault.RoleAdmin {
		return vault.ErrDenied
	}
	return nil
}

// Get reads an employer's record (people.ErrEmployerNotFound for an unknown employer).
func (s *Store) Get(employer vault.ID) (Record, error) {
	if err := s.admin(); err != nil {
		return Record{}, err
	}
	var out Record
	err := s.sess.View(func(tx *vault.Tx) error {
		if _, err := LoadEmployer(tx, employer); err != nil {
			return err
		}
		r, err := Load(tx, employer)
		out = r
		return err
	})
	return out, err
}

// Save checks the form (validate.FieldErrors) and, when the signatory differs from the current
// one, appends it as a new version by the session's user. Saving an unchanged signatory adds
// nothing; changed says which happened.
func (s *Store) Save(employer vault.ID, in Input) (rec Record, changed bool, err error) {
	if err := s.admin(); err != nil {
		return Record{}, false, err
	}
	now := s.now()
	sig, err := Check(in, now)
	if err != nil {
		return Record{}, false, err
	}
	err = s.sess.Update(func(tx *vault.Tx) error {
		if _, err := LoadEmployer(tx, employer); err != nil {
			return err
		}
		r, err := Load(tx, employer)
		if err != nil {
			return err
		}
		rec, changed = r, false
		if cur, ok := r.Current(); ok && cur == sig {
			return nil
		}
		r.Versions = append(r.Versions, Version{At: now.UTC(), By: s.sess.UserID(), Signatory: sig})
		rec, changed = r, true
		return s.put(tx, employer, &r)
	})
	if err != nil {
		return Record{}, false, err
	}
	return rec, changed, nil
}

// RecordSent notes a confirmation of the current version, sent now by the session's user
// (ErrNoSignatory when there is none).
func (s *Store) RecordSent(employer vault.ID, via Via) (Record, error) {
	if err := s.admin(); err != nil {
		return Record{}, err
	}
	if via != ViaSMTP && via != ViaEml {
		return Record{}, fmt.Errorf("agreement: unknown way of sending %q", via)
	}
	now := s.now()
	var rec Record
	err := s.sess.Update(func(tx *vault.Tx) error {
		r, err := Load(tx, employer)
		if err != nil {
			return err
		}
		if _, ok := r.Current(); !ok {
			return ErrNoSignatory
		}
		r.Sent = append(r.Sent, Confirmation{At: now.UTC(), By: s.sess.UserID(), Via: via, Version: len(r.Versions)})
		rec = r
		return s.put(tx, employer, &r)
	})
	return rec, err
}

func (s *Store) put(tx *vault.Tx, employer vault.ID, r *Record) error {
	if err := vault.PutJSON(tx, KindAgreement, employer, s.sess.AdminScope(), r); err != nil {
		return fmt.Errorf("agreement: save record: %w", err)
	}
	return nil
}
