package people

import (
	"kluis/internal/vault"
)

// SyncEmployee is what the arbo sync needs of one skeleton: no identity data.
type SyncEmployee struct {
	ID          vault.ID
	Employer    vault.ID
	EmployerKvK string
	Persnr      string
	Department  vault.ID
	Shared      bool
	Employments []SyncEmployment
}

// SyncEmployment is an employment with its department's payroll code (the department id when it
// has none: department names stay at the employer).
type SyncEmployment struct {
	Employment
	DepartmentCode string
}

// SyncEmployees lists the skeletons the session sees and the directory's write generation, so the
// sync can skip its comparison when nothing was written since it last looked.
func (d *Directory) SyncEmployees() ([]SyncEmployee, uint64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, 0, err
	}
	out := make([]SyncEmployee, 0, len(d.emps))
	for _, e := range d.emps {
		se := SyncEmployee{ID: e.ID, Employer: e.Employer, EmployerKvK: d.employers[e.Employer].KvK, Persnr: e.Persnr, Department: e.Department,
			Shared: e.Shared, Employments: make([]SyncEmployment, len(e.Employments))}
		for i, em := range e.Employments {
			code := em.Department.String()
			if dep := d.depts[em.Department]; dep != nil && dep.Code != "" {
				code = dep.Code
			}
			se.Employments[i] = SyncEmployment{Employment: em, DepartmentCode: code}
		}
		out = append(out, se)
	}
	return out, d.gen, nil
}

// Generation counts the directory's writes (it changes with every write).
func (d *Directory) Generation() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.gen
}

// Identity opens an employee's identity data (nil when the session's keys do not open it). The
// caller audits the read.
func (d *Directory) Identity(id vault.ID) (*Identity, error) {
	var ident *Identity
	err := d.sess.View(func(tx *vault.Tx) (err error) { ident, err = d.readIdentity(tx, id); return err })
	return ident, err
}

// FindExact finds the employees whose identity has exactly this BSN, birth date (jjjj-mm-dd) and
// postcode, through the in-memory index of the identities the session opens (ADR 014); each
// candidate's identity is opened and compared in full. It is the arbo service's retrieval: the
// caller answers only when exactly one matches.
func (d *Directory) FindExact(bsn, birthDate, postcode string) ([]vault.ID, error) {
	bsn = bsnQuery(bsn)
	bp := birthPostcodeQuery(birthDate + " " + postcode)
	if bsn == "" || bp == "" {
		return nil, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	ids, err := d.candidates(IndexBSN, bsn)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var out []vault.ID
	err = d.sess.View(func(tx *vault.Tx) error {
		for _, id := range ids {
			ident, err := d.readIdentity(tx, id)
			if err != nil {
				return err
			}
			if ident.holds(IndexBSN, bsn) && ident.holds(IndexBirthPostcode, bp) {
				out = append(out, id)
			}
		}
		return nil
	})
	return out, err
}
