package people

import (
	"encoding/json"
	"fmt"

	"kluis/internal/vault"
)

// Indexer tells the vault which blind-index entries this package's records carry, computed from
// their plaintext, so a key rotation can write them under the new keys and Verify can check
// them: a skeleton its persnr, under the directory scope (how a manager learns that a persnr is
// taken outside their departments). Identities carry none since format 3 (ADR 014): a BSN or a
// birth date + postcode is found through the name index in memory.
func Indexer() *vault.Indexer {
	return &vault.Indexer{Kinds: []vault.Kind{KindEmployee},
		Entries: func(kind vault.Kind, id vault.ID, plaintext []byte) ([]vault.IndexValue, error) {
			if kind != KindEmployee {
				return nil, nil
			}
			var e Employee
			if err := json.Unmarshal(plaintext, &e); err != nil {
				return nil, fmt.Errorf("%w: employee %s is not the expected JSON", vault.ErrCorrupt, id)
			}
			return []vault.IndexValue{{Field: IndexPersnr, Value: persnrIndexValue(e.Employer, e.Persnr), Directory: true}}, nil
		}}
}

// RetiredIndexFields are the blind-index fields this package wrote before format 3 (ADR 014):
// the workspace drops their entries (vault.Session.DropIndexFields).
var RetiredIndexFields = []string{IndexBSN, IndexBirthPostcode}

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
