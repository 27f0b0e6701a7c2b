package sharing

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"kluis/internal/vault"
)

// Outbox messages: what the sync package sends to the arbo service, one record each, sealed
// under the dossier's scope. The payloads carry no more than the action needs.
type (
	shareMessage struct {
		CareQuestion CareQuestion `json:"careQuestion"`
		Until        string       `json:"until,omitempty"`
	}
	revokeMessage struct{}
	sickMessage   struct {
		Report SickReport `json:"report"`
	}
	recoveryMessage struct {
		Recovered string `json:"recovered"`
	}
	changeMessage struct {
		Report     SickReport `json:"report"`
		Percentage int        `json:"percentage"`
	}
)

// Message is one queued outbox message.
type Message struct {
	ID       vault.ID        `json:"-"`
	Type     string          `json:"type"` // share | revoke | sick | recovery | absence-change
	Employee vault.ID        `json:"employee"`
	At       time.Time       `json:"at"`
	Seq      int             `json:"seq"` // the dossier's history length: orders one employee's messages
	Payload  json.RawMessage `json:"payload"`
}

func messageType(msg any) (string, error) {
	switch msg.(type) {
	case shareMessage:
		return "share", nil
	case revokeMessage:
		return "revoke", nil
	case sickMessage:
		return "sick", nil
	case recoveryMessage:
		return "recovery", nil
	case changeMessage:
		return "absence-change", nil
	}
	return "", fmt.Errorf("sharing: no outbox type for %T", msg)
}

// queue stores msg for the sync package, in the caller's transaction.
func queue(tx *vault.Tx, scope vault.ScopeID, employee vault.ID, seq int, msg any, at time.Time) error {
	typ, err := messageType(msg)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	m := Message{Type: typ, Employee: employee, At: at, Seq: seq, Payload: payload}
	return vault.PutJSON(tx, KindOutbox, vault.NewID(), scope, &m)
}

// Pending lists the queued messages the session's keys open, oldest first (Actueel shows how
// many wait; the sync package sends them).
func Pending(sess *vault.Session) ([]Message, error) {
	var out []Message
	err := sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindOutbox, func(id vault.ID, r vault.Sealed) error {
			m, err := vault.OpenJSON[Message](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil // another department's
			}
			if err != nil {
				return err
			}
			m.ID = id
			out = append(out, m)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Employee != b.Employee {
			return a.Employee.String() < b.Employee.String()
		}
		return a.Seq < b.Seq
	})
	return out, err
}

// OpenAbsence is an employee reported sick and not yet recovered, for Actueel.
type OpenAbsence struct {
	Employee     vault.ID
	FirstSickDay string
	Week         int
	Next         *Milestone
}

// OpenAbsences lists the spells still running in the dossiers the session's keys open, the
// longest first.
func OpenAbsences(sess *vault.Session, today time.Time) ([]OpenAbsence, error) {
	var out []OpenAbsence
	err := sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindDossier, func(id vault.ID, r vault.Sealed) error {
			d, err := vault.OpenJSON[Dossier](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil // another department's
			}
			if err != nil {
				return err
			}
			a := d.OpenAbsence()
			if a == nil {
				return nil
			}
			week := Week(SickDays(d.Absences, today))
			out = append(out, OpenAbsence{Employee: id, FirstSickDay: a.FirstSickDay, Week: week, Next: NextMilestone(week)})
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Week > out[j].Week })
	return out, err
}
