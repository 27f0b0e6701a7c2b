package sharing

import (
	"time"

	"kluis/internal/people"
	"kluis/internal/vault"
)

// ErasureBlock says why the dossier keeps an employee from being erased on day ("" when
// nothing does): a share in force (people.RefusedShared), an absence not ended
// (people.RefusedAbsence), or case content at the arbo service of a case not closed
// (people.RefusedCase). Erasure calls it inside its transaction (people.EraseOptions.Check).
func ErasureBlock(tx *vault.Tx, employee vault.ID, day time.Time) (string, error) {
	d, err := load(tx, employee)
	if err != nil {
		return "", err
	}
	switch {
	case d.Active(day) != nil:
		return people.RefusedShared, nil
	case d.OpenAbsence() != nil:
		return people.RefusedAbsence, nil
	case d.CaseContent && !d.CaseClosed:
		return people.RefusedCase, nil
	}
	return "", nil
}
