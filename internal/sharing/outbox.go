package sharing

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"kluis/internal/vault"
)

// Outbox messages: what the sync package sends to the arbo service, kept in the dossier they
// come from (so they move with the employee) until the service acknowledges them. The payloads
// carry no more than the action needs; the sync adds the identity data of a share when it sends.
type (
	// ShareMessage: a share started.
	ShareMessage struct {
		CareQuestion CareQuestion `json:"careQuestion"`
		Until        string       `json:"until,omitempty"`
	}
	// RevokeMessage: the share was revoked.
	RevokeMessage struct{}
	// EndedMessage: the share ended (EndedUntil or EndedCaseClosed).
	EndedMessage struct {
		Reason string `json:"reason"`
	}
	// SickMessage: a sick report.
	SickMessage struct {
		Report SickReport `json:"report"`
	}
	// RecoveryMessage: the first day back.
	RecoveryMessage struct {
		Recovered    string `json:"recovered"`
		FirstSickDay string `json:"firstSickDay,omitempty"`
	}
	// ChangeMessage: the open spell's report or percentage changed.
	ChangeMessage struct {
		Report     SickReport `json:"report"`
		Percentage int        `json:"percentage"`
	}
)

// Message types.
const (
	MessageShare    = "share"
	MessageRevoke   = "revoke"
	MessageEnded    = "share-ended"
	MessageSick     = "sick"
	MessageRecovery = "recovery"
	MessageChange   = "absence-change"
)

// Message is one queued outbox message.
type Message struct {
	ID       vault.ID        `json:"id"`
	Type     string          `json:"type"`
	Employee vault.ID        `json:"employee"`
	At       time.Time       `json:"at"`
	Seq      int             `json:"seq"` // the dossier's history length: orders one employee's messages
	Payload  json.RawMessage `json:"payload"`

	legacy bool // a KindOutbox record of an older vault
}

func messageType(msg any) (string, error) {
	switch msg.(type) {
	case ShareMessage:
		return MessageShare, nil
	case RevokeMessage:
		return MessageRevoke, nil
	case EndedMessage:
		return MessageEnded, nil
	case SickMessage:
		return MessageSick, nil
	case RecoveryMessage:
		return MessageRecovery, nil
	case ChangeMessage:
		return MessageChange, nil
	}
	return "", fmt.Errorf("sharing: no outbox type for %T", msg)
}

// queue adds msg to the dossier's outbox.
func (d *Dossier) queue(employee vault.ID, msg any, at time.Time) error {
	typ, err := messageType(msg)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	d.Outbox = append(d.Outbox, Message{ID: vault.NewID(), Type: typ, Employee: employee, At: at, Seq: len(d.History), Payload: payload})
	return nil
}

// Pending lists the queued messages the session's keys open, oldest first (Actueel shows how
// many wait; the sync package sends them).
func Pending(sess *vault.Session) ([]Message, error) {
	var out []Message
	err := sess.View(func(tx *vault.Tx) error {
		err := tx.Iterate(KindDossier, func(id vault.ID, r vault.Sealed) error {
			d, err := vault.OpenJSON[Dossier](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil // another department's
			}
			if err != nil {
				return err
			}
			out = append(out, d.Outbox...)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Iterate(KindOutbox, func(id vault.ID, r vault.Sealed) error {
			m, err := vault.OpenJSON[Message](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil
			}
			if err != nil {
				return err
			}
			m.ID, m.legacy = id, true
			out = append(out, m)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
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

// Acknowledge removes messages the arbo service accepted (or refused for good) from the
// outboxes, one transaction per employee. A message already gone is no error: a sync that died
// after the service's answer sends it again, and the service applies it once.
func (s *Service) Acknowledge(msgs []Message) error {
	byEmployee := map[vault.ID]map[vault.ID]bool{}
	var legacy []vault.ID
	for _, m := range msgs {
		if m.legacy {
			legacy = append(legacy, m.ID)
			continue
		}
		if byEmployee[m.Employee] == nil {
			byEmployee[m.Employee] = map[vault.ID]bool{}
		}
		byEmployee[m.Employee][m.ID] = true
	}
	// One transaction per chunk of employees, not per employee: each commit is a disk sync.
	type pending struct {
		employee vault.ID
		scope    vault.ScopeID
		ids      map[vault.ID]bool
	}
	var work []pending
	for employee, ids := range byEmployee {
		scope, err := s.scopeOf(employee)
		if errors.Is(err, vault.ErrNoAccess) {
			continue // moved out of the session's departments meanwhile: its holder sends it
		}
		if err != nil {
			return err
		}
		work = append(work, pending{employee, scope, ids})
	}
	const chunk = 200
	for start := 0; start < len(work); start += chunk {
		part := work[start:min(start+chunk, len(work))]
		err := s.sess.Update(func(tx *vault.Tx) error {
			for _, p := range part {
				d, err := load(tx, p.employee)
				if err != nil {
					return err
				}
				kept := d.Outbox[:0]
				for _, m := range d.Outbox {
					if !p.ids[m.ID] {
						kept = append(kept, m)
					}
				}
				if len(kept) == len(d.Outbox) {
					continue
				}
				d.Outbox = kept
				if err := vault.PutJSON(tx, KindDossier, p.employee, p.scope, &d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(legacy) == 0 {
		return nil
	}
	return s.sess.Update(func(tx *vault.Tx) error {
		for _, id := range legacy {
			if err := tx.Delete(KindOutbox, id); err != nil {
				return err
			}
		}
		return nil
	})
}
