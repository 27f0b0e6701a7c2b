package people

import (
	"encoding/json"
	"fmt"

	"kluis/internal/vault"
)

// Indexer tells the vault which blind-index entries this package's records carry, computed from
// their plaintext, so a key rotation can write them under the new keys and Verify can check
// them: an identity its BSN and birth date + postcode (under its own scope), a skeleton its
// persnr (under the directory scope).
func Indexer() *vault.Indexer {
	return &vault.Indexer{Kinds: []vault.Kind{KindIdentity, KindEmployee},
		Entries: func(kind vault.Kind, id vault.ID, plaintext []byte) ([]vault.IndexValue, error) {
			switch kind {
			case KindIdentity:
				var ident Identity
				if err := json.Unmarshal(plaintext, &ident); err != nil {
					return nil, fmt.Errorf("%w: identity %s is not the expected JSON", vault.ErrCorrupt, id)
				}
				var out []vault.IndexValue
				bsn, bp := ident.indexValues()
				if bsn != "" {
					out = append(out, vault.IndexValue{Field: IndexBSN, Value: []byte(bsn)})
				}
				if bp != "" {
					out = append(out, vault.IndexValue{Field: IndexBirthPostcode, Value: []byte(bp)})
				}
				return out, nil
			case KindEmployee:
				var e Employee
				if err := json.Unmarshal(plaintext, &e); err != nil {
					return nil, fmt.Errorf("%w: employee %s is not the expected JSON", vault.ErrCorrupt, id)
				}
				return []vault.IndexValue{{Field: IndexPersnr, Value: persnrIndexValue(e.Employer, e.Persnr), Directory: true}}, nil
			}
			return nil, nil
		}}
}

// PathedDepartment is a department with its path from the top.
type PathedDepartment struct {
	Department
	Path string
}

// DepartmentsByID maps every department to itself with its path from the top
// ("Utrecht/Magazijn"), for showing which departments a user was given.
func (d *Directory) DepartmentsByID() (map[vault.ID]PathedDepartment, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	out := make(map[vault.ID]PathedDepartment, len(d.depts))
	for _, dep := range d.depts {
		out[dep.ID] = PathedDepartment{Department: *dep, Path: d.path(dep.ID)}
	}
	return out, nil
}
