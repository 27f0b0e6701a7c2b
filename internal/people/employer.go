package people

import (
	"fmt"
	"sort"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// KindEmployer is the record kind of an employer (see docs/adr/001-key-layout.md).
const KindEmployer vault.Kind = 0x20

// MaxEmployerName caps an employer's name, the Trade Register's limit for a trade name.
const MaxEmployerName = 200

// Employer is a legal entity whose employees the vault holds. Its facts are not personal data,
// but they are stored sealed like everything else.
type Employer struct {
	ID   vault.ID `json:"-"`
	KvK  string   `json:"kvk"`
	Name string   `json:"name"`
}

// NewEmployer validates an employer's name and KvK number. Field problems are reported under
// the given field names, so a form can show them where they belong.
func NewEmployer(f validate.FieldErrors, nameField, name, kvkField, kvk string) Employer {
	return Employer{
		ID:   vault.NewID(),
		Name: validate.Text(f, nameField, name, true, MaxEmployerName),
		KvK:  validate.KvK(f, kvkField, kvk),
	}
}

// SaveEmployer stores an employer under the directory scope, which every user of the vault holds.
func SaveEmployer(tx *vault.Tx, scope vault.ScopeID, e Employer) error {
	if err := vault.PutJSON(tx, KindEmployer, e.ID, scope, &e); err != nil {
		return fmt.Errorf("save employer: %w", err)
	}
	return nil
}

// Employers lists the vault's employers by name.
func Employers(tx *vault.Tx) ([]Employer, error) {
	var out []Employer
	err := tx.Iterate(KindEmployer, func(id vault.ID, r vault.Sealed) error {
		e, err := vault.OpenJSON[Employer](r)
		if err != nil {
			return fmt.Errorf("open employer %s: %w", id, err)
		}
		e.ID = id
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
