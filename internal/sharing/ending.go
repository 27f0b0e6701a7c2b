package sharing

import (
	"errors"

	"kluis/internal/audit"
	"kluis/internal/vault"
)

// EndExpired ends every share whose end date has passed, in the dossiers the session's keys
// open: the tree shows the employee as "Anoniem" again, the history says the share ended, and
// the arbo service is told to delete the identity data (it keeps the pseudonym). It returns how
// many ended. The workspace runs it at unlock and with every sync.
func (s *Service) EndExpired() (int, error) {
	today := s.today()
	var due []vault.ID
	err := s.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindDossier, func(id vault.ID, r vault.Sealed) error {
			d, err := vault.OpenJSON[Dossier](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil
			}
			if err != nil {
				return err
			}
			if d.Share != nil && d.Active(today) == nil {
				due = append(due, id)
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range due {
		ended, err := s.end(id, EndedUntil, func(d *Dossier) bool { return d.Share != nil && d.Active(today) == nil })
		if err != nil {
			return n, err
		}
		if ended {
			n++
		}
	}
	return n, nil
}

// end closes the share when still due (checked again inside the transaction).
func (s *Service) end(employee vault.ID, reason string, due func(*Dossier) bool) (bool, error) {
	unshared := false
	err := s.change(employee, &unshared, func(d *Dossier) (any, error) {
		if !due(d) {
			return nil, errNothingToDo
		}
		d.Share = nil
		d.History = append(d.History, Event{Kind: EventEnded, At: s.now().UTC(), By: s.sess.UserID(), Reason: reason})
		return EndedMessage{Reason: reason}, nil
	})
	if errors.Is(err, errNothingToDo) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, s.audit(audit.ActionShareEnded, employee, reason)
}

var errNothingToDo = errors.New("sharing: nothing to do")

// CaseStatus is what the arbo service reports about an employee's case.
type CaseStatus struct {
	CaseContent  bool
	Closed       bool
	Poortwachter string
}

// ApplyCaseStatus records what the arbo service reports: case content (from then on the share
// cannot be revoked), the Poortwachter step it names, and a closed case. A sick-report share ends
// when the case is closed and the employee has recovered. It returns whether the share ended.
func (s *Service) ApplyCaseStatus(employee vault.ID, st CaseStatus) (bool, error) {
	scope, err := s.scopeOf(employee)
	if err != nil {
		return false, err
	}
	err = s.sess.Update(func(tx *vault.Tx) error {
		d, err := load(tx, employee)
		if err != nil {
			return err
		}
		if d.CaseContent == st.CaseContent && d.CaseClosed == st.Closed && d.Poortwachter == st.Poortwachter {
			return nil
		}
		d.CaseContent, d.CaseClosed, d.Poortwachter = st.CaseContent, st.Closed, st.Poortwachter
		return vault.PutJSON(tx, KindDossier, employee, scope, &d)
	})
	if err != nil || !st.Closed {
		return false, err
	}
	today := s.today()
	return s.end(employee, EndedCaseClosed, func(d *Dossier) bool {
		sh := d.Active(today)
		return sh != nil && sh.CareQuestion == CareSickReport && d.OpenAbsence() == nil && len(d.Absences) > 0
	})
}

// MarkCaseContent records that the arbo service reported case content for the employee: from
// then on the share cannot be revoked from Kluis.
func (s *Service) MarkCaseContent(employee vault.ID) error {
	d, err := s.Dossier(employee)
	if err != nil {
		return err
	}
	_, err = s.ApplyCaseStatus(employee, CaseStatus{CaseContent: true, Closed: d.CaseClosed, Poortwachter: d.Poortwachter})
	return err
}
