package upgrade

import (
	"encoding/json"
	"fmt"

	"kluis/internal/agreement"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/vault"
)

// kindImportJournalV1 marked an import being written in format 1; format 2 has the vault's
// crash-atomic writes instead, so a left-over journal is dropped (the import was incomplete
// and its rows are rolled forward as they are, as format 1 promised).
const kindImportJournalV1 vault.Kind = 0x24

// Format1 says where the records of a format-1 vault go:
//   - a department record stays under the directory scope, without the scope it named (the
//     binding is signed keyring state now);
//   - an employee's skeleton moves from the directory scope to its department's scope;
//   - what a department's department scope sealed (identities, sharing dossiers and outbox
//     messages) goes to the scope bound to that department;
//   - the processor agreement and the mail settings go to the admin scope;
//   - the audit events become entries of the signed audit log, in time order;
//   - everything else stays under the directory scope.
func Format1() *vault.Upgrade {
	return &vault.Upgrade{
		DepartmentKind:  people.KindDepartment,
		DepartmentScope: departmentScope,
		Route:           route,
		AuditKind:       audit.KindEventV1,
		AuditEvent:      audit.UpgradeEvent,
		Indexer:         people.Indexer(),
	}
}

// departmentV1 is the part of a format-1 department record that named its department scope.
type departmentV1 struct {
	Scope vault.ScopeID `json:"scope"`
}

func departmentScope(plain []byte) (vault.ScopeID, error) {
	var d departmentV1
	if err := json.Unmarshal(plain, &d); err != nil || d.Scope == 0 {
		return 0, fmt.Errorf("%w: a department record of format 1 names no key", vault.ErrCorrupt)
	}
	return d.Scope, nil
}

func route(r vault.Format1Record) (vault.Destination, error) {
	if r.Department != (vault.ID{}) { // sealed under a department's department scope
		return vault.Destination{Where: vault.ToDepartment, Department: r.Department}, nil
	}
	switch r.Kind {
	case people.KindDepartment:
		var d people.Department // decoding drops the scope it named
		if err := json.Unmarshal(r.Plaintext, &d); err != nil {
			return vault.Destination{}, fmt.Errorf("%w: department record", vault.ErrCorrupt)
		}
		b, err := json.Marshal(d)
		return vault.Destination{Where: vault.ToDirectory, Plaintext: b}, err
	case people.KindEmployee:
		var e people.Employee
		if err := json.Unmarshal(r.Plaintext, &e); err != nil || e.Department == (vault.ID{}) {
			return vault.Destination{}, fmt.Errorf("%w: employee record", vault.ErrCorrupt)
		}
		return vault.Destination{Where: vault.ToDepartment, Department: e.Department}, nil
	case people.KindIdentity:
		return vault.Destination{}, fmt.Errorf("%w: an identity sealed outside a department", vault.ErrCorrupt)
	case agreement.KindAgreement, agreement.KindMailSettings:
		return vault.Destination{Where: vault.ToAdmin}, nil
	case kindImportJournalV1:
		return vault.Destination{Where: vault.Drop}, nil
	}
	return vault.Destination{Where: vault.ToDirectory}, nil
}
