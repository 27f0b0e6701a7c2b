package people

import (
	"encoding/json"
	"fmt"

	"kluis/internal/vault"
)

// Reindex tells a key rotation (vault.Session.Rotate) which blind-index entries a record of
// this package carries under its own scope: an identity its BSN and birth date + postcode.
// Other kinds carry none.
func Reindex(kind vault.Kind, id vault.ID, plaintext []byte) ([]vault.IndexValue, error) {
	if kind != KindIdentity {
		return nil, nil
	}
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
}

// ScopedDepartment is a department with its path, found by its identity scope.
type ScopedDepartment struct {
	Department
	Path string
}

// DepartmentsByScope maps every department's identity scope to the department and its path
// from the top ("Utrecht/Magazijn"), for showing which departments a user's keys open.
func (d *Directory) DepartmentsByScope() (map[vault.ScopeID]ScopedDepartment, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	out := make(map[vault.ScopeID]ScopedDepartment, len(d.depts))
	for _, dep := range d.depts {
		out[dep.Scope] = ScopedDepartment{Department: *dep, Path: d.path(dep.ID)}
	}
	return out, nil
}
