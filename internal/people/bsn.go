package people

import (
	"strings"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// A BSN belongs to one person, and within one employer to one employee (DOMAIN.md): a new or
// changed employee whose BSN another employee of the same employer already has is refused with
// validate.BSNTaken, with that employee's persnr as the field's param so the form can point to
// them. The check goes through the in-memory index of the identities the session opens (ADR
// 014), and opens only the identities whose BSN tag matches. Limitation: a manager holds only their own departments' keys
// and cannot see a BSN used in another department; an HR user or admin sees them all. The same
// BSN at another employer is allowed (the same person may work for two employers).

// bsnOwners are the employees of the employer (other than self) whose identity holds bsn, as far
// as the session's keys reach.
func (d *Directory) bsnOwners(employer vault.ID, bsn string, self vault.ID) ([]*Employee, error) {
	if bsn == "" {
		return nil, nil
	}
	ids, err := d.candidates(IndexBSN, bsn)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var out []*Employee
	err = d.sess.View(func(tx *vault.Tx) error {
		for _, id := range ids {
			e, ok := d.emps[id]
			if !ok || id == self || e.Employer != employer {
				continue
			}
			ident, err := d.readIdentity(tx, id)
			if err != nil {
				return err
			}
			if ident.holds(IndexBSN, bsn) {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

// checkBSNTaken adds validate.BSNTaken under FieldBSN, with the first owner's persnr as param,
// when another employee of the employer has bsn.
func (d *Directory) checkBSNTaken(f validate.FieldErrors, p validate.Params, employer vault.ID, bsn string, self vault.ID) error {
	if _, bad := f[FieldBSN]; bad {
		return nil
	}
	owners, err := d.bsnOwners(employer, bsn, self)
	if err != nil || len(owners) == 0 {
		return err
	}
	f.Add(FieldBSN, validate.BSNTaken)
	p.Add(FieldBSN, owners[0].Persnr)
	return nil
}

// BSNQuery is the BSN a search query looks up (nine digits passing the elfproef; 8 digits get a
// leading zero; spaces and dots ignored), or "" when the query is no BSN. The workspace counts
// these lookups for its rate limit.
func BSNQuery(query string) string {
	f := validate.FieldErrors{}
	v := strings.NewReplacer(" ", "", ".", "").Replace(strings.TrimSpace(query))
	if len(v) < 8 || len(v) > 9 || strings.Trim(v, "0123456789") != "" {
		return ""
	}
	bsn := validate.BSN(f, "q", v, true)
	if len(f) > 0 {
		return ""
	}
	return bsn
}
