package sharing

import (
	"errors"

	"kluis/internal/vault"
)

// Absences returns the absence spells of every dossier the session's keys open, by employee,
// for the anonymised statistics (only employees with at least one spell are in the map).
func (s *Service) Absences() (map[vault.ID][]Absence, error) {
	out := map[vault.ID][]Absence{}
	err := s.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindDossier, func(id vault.ID, r vault.Sealed) error {
			d, err := vault.OpenJSON[Dossier](r)
			if errors.Is(err, vault.ErrNoAccess) {
				return nil
			}
			if err != nil {
				return err
			}
			if len(d.Absences) > 0 {
				out[id] = d.Absences
			}
			return nil
		})
	})
	return out, err
}
