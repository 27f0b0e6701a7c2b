package audit

import (
	"fmt"
	"sort"
	"time"

	"kluis/internal/vault"
)

// KindEvent is an audit event (directory scope; random record id).
const KindEvent vault.Kind = 0x60

// Action names what happened.
type Action string

// Actions recorded so far.
const (
	ActionRead           Action = "identity.read"   // an employee's identity data was shown
	ActionSearch         Action = "identity.search" // a search showed identity data of Subjects
	ActionCreate         Action = "employee.create"
	ActionUpdate         Action = "employee.update"
	ActionEnd            Action = "employee.end" // an employment got an end date
	ActionImport         Action = "employee.import"
	ActionNameIndexBuilt Action = "identity.name_index" // names decrypted into memory for search (Count)
	// Processor agreement: the subject is the employer's id; Detail says smtp or eml for a
	// confirmation. Never the signatory's name or e-mail address.
	ActionAgreementUpdate Action = "agreement.update" // a new version of the signatory
	ActionAgreementSend   Action = "agreement.send"   // a confirmation sent (smtp) or saved (eml)
	ActionAgreementPrint  Action = "agreement.print"  // the record saved as a PDF
	// Administration: the subject is the user's record id (vault.UserID.RecordID); Detail holds
	// the new role, or the reason an admin gave for a revocation.
	ActionAccessApprove Action = "access.approve"
	ActionAccessReject  Action = "access.reject"
	ActionRoleChange    Action = "access.role"
	ActionAccessRevoke  Action = "access.revoke"
	ActionKeyRotation   Action = "vault.rotate" // records re-sealed under new keys (Count)
	// Sharing (internal/sharing): the subject is the employee; Detail the care question.
	ActionShare    Action = "share.create"
	ActionRevoke   Action = "share.revoke"
	ActionSick     Action = "absence.sick"
	ActionRecovery Action = "absence.recovery"
	ActionChange   Action = "absence.change"
)

// MaxSubjects caps the employees one event lists; Count still says how many there were.
const MaxSubjects = 1000

// Event is one audit record. Detail is a short code (for a search: how the hits matched), never
// identity data.
type Event struct {
	At       time.Time    `json:"at"`
	User     vault.UserID `json:"user"`
	Action   Action       `json:"action"`
	Subjects []vault.ID   `json:"subjects,omitempty"`
	Count    int          `json:"count,omitempty"`
	Detail   string       `json:"detail,omitempty"`
}

// Log writes and lists the audit events of one unlocked session.
type Log struct {
	sess *vault.Session
	now  func() time.Time
}

// New builds the log of an unlocked session; now is the clock (nil: time.Now).
func New(sess *vault.Session, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{sess: sess, now: now}
}

// Record stores one event by the session's user, stamped now.
func (l *Log) Record(action Action, subjects []vault.ID, detail string) error {
	e := Event{At: l.now().UTC(), User: l.sess.UserID(), Action: action, Count: len(subjects), Detail: detail}
	if len(subjects) > MaxSubjects {
		subjects = subjects[:MaxSubjects]
	}
	e.Subjects = subjects
	return l.put(&e)
}

// RecordCount stores an event about many employees at once, by count only (the name index).
func (l *Log) RecordCount(action Action, count int) error {
	e := Event{At: l.now().UTC(), User: l.sess.UserID(), Action: action, Count: count}
	return l.put(&e)
}

func (l *Log) put(e *Event) error {
	err := l.sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindEvent, vault.NewID(), l.sess.DirectoryScope(), e)
	})
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// List returns every event, oldest first.
func (l *Log) List() ([]Event, error) {
	var out []Event
	err := l.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindEvent, func(id vault.ID, r vault.Sealed) error {
			e, err := vault.OpenJSON[Event](r)
			if err != nil {
				return fmt.Errorf("audit: open event %s: %w", id, err)
			}
			out = append(out, e)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, err
}
