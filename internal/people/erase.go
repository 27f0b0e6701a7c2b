package people

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"kluis/internal/vault"
)

// Erasure after the retention period (DOMAIN.md "Retention and logging"; docs/adr/005-erasure.md).
// An admin erases employees whose last employment ended more than RetentionYears ago: their
// skeleton, identity, every blind-index entry pointing at either, and the records that move with
// them (MoveWithEmployee: the sharing dossier, the sync ledger) are deleted; what statistics need
// is kept as an ErasedEmployee under a new random id, without persnr or anything that names them.

// KindErased is what erasure keeps of an employee (ErasedEmployee): employer, last department
// and the employments' department, dates and hours; a new random id, the scope of the last
// department.
const KindErased vault.Kind = 0x25

// Reasons an employee cannot be erased (NotErasableError); the sharing rules add their own.
const (
	RefusedNotFound  = "not_found"    // no such employee (perhaps erased already)
	RefusedRetention = "retention"    // the last employment ended less than RetentionYears ago, or runs
	RefusedNoAccess  = "no_access"    // the session does not hold the employee's department
	RefusedShared    = "shared"       // a share is in force
	RefusedAbsence   = "absence_open" // an absence has not ended
	RefusedCase      = "case_open"    // the arbo service holds case content of a case not closed
)

// ErrNotErasable refuses an erasure of which at least one employee may not be erased; nothing
// was erased. A *NotErasableError says who and why.
var ErrNotErasable = errors.New("people: not every employee may be erased")

// Refusal is one employee an erasure refused (persnr only, never identity data).
type Refusal struct {
	Employee vault.ID `json:"employee"`
	Persnr   string   `json:"persnr"`
	Reason   string   `json:"reason"`
}

// NotErasableError lists the refusals.
type NotErasableError struct{ Refused []Refusal }

func (e *NotErasableError) Error() string {
	return fmt.Sprintf("%v: %d refused", ErrNotErasable, len(e.Refused))
}

func (e *NotErasableError) Unwrap() error { return ErrNotErasable }

// FactEmployment is an employment as statistics count it.
type FactEmployment struct {
	Department vault.ID `json:"department"`
	Start      string   `json:"start"`
	End        string   `json:"end,omitempty"`
	Hours      string   `json:"hours,omitempty"`
}

// ErasedEmployee is the pseudonymous record erasure keeps (KindErased). The id is new and random,
// not the employee's: nothing in the vault or the audit log links it to the person. Job title and
// cost centre are dropped (in a small department they name the person); absences go with the
// dossier (absence data has the same retention as personnel data).
type ErasedEmployee struct {
	ID          vault.ID         `json:"-"`
	Employer    vault.ID         `json:"employer"`
	Department  vault.ID         `json:"department"`
	Employments []FactEmployment `json:"employments"`
	Erased      string           `json:"erased"` // jjjj-mm-dd
}

// Erased is one employee as erasure handled it, for the caller's audit event and the notice to
// the arbo service (in memory only).
type Erased struct {
	Employee vault.ID
	Employer vault.ID
	Persnr   string
	Fact     vault.ID // the ErasedEmployee kept
}

// EraseOptions hook other packages into an erasure. Each runs inside the transaction of a chunk
// and may run more than once (a retried transaction).
type EraseOptions struct {
	// Check refuses an employee for a rule of another package (the sharing dossier): a non-empty
	// reason refuses it. It runs before anything is written and again in each chunk's
	// transaction.
	Check func(tx *vault.Tx, employee vault.ID) (reason string, err error)
	// Before runs before each chunk is written, outside the transaction (the audit event: written
	// first, so a crash can never leave an erasure without its event).
	Before func(chunk []Erased) error
	// With runs in each chunk's transaction after the deletes (the notice to the arbo service).
	With func(tx *vault.Tx, chunk []Erased) error
	// Progress is told how many of the employees are erased, after each chunk.
	Progress func(done, total int)
}

// EraseChunk is how many employees one transaction erases: all or nothing per chunk.
const EraseChunk = 500

// Erasable reports why an employee may not be erased now ("" when it may): it must exist, be in
// the session's departments and have its last employment ended more than RetentionYears ago.
// d.mu is held.
func (d *Directory) erasable(id vault.ID) (*Employee, string) {
	e, ok := d.emps[id]
	if !ok {
		return nil, RefusedNotFound
	}
	if !d.sess.HasDepartment(e.Department) {
		return e, RefusedNoAccess
	}
	limit := d.today().AddDate(-RetentionYears, 0, 0).Format(DateLayout)
	if c := e.Current(); c == nil || c.End == "" || c.End >= limit {
		return e, RefusedRetention
	}
	return e, ""
}

// EraseEmployees erases the given employees (admins only: vault.ErrDenied) in chunks of
// EraseChunk, each one transaction. If any may not be erased (the retention rule, or
// opts.Check), nothing is erased and the error is a *NotErasableError. Cancelling ctx stops
// between chunks: the chunks done stay erased (erasure cannot be undone) and are returned with
// ctx's error; running it again with the rest finishes the job.
func (d *Directory) EraseEmployees(ctx context.Context, ids []vault.ID, opts EraseOptions) ([]Erased, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return nil, err
	}
	if d.sess.Role() != vault.RoleAdmin {
		return nil, fmt.Errorf("people: erase: %w", vault.ErrDenied)
	}
	seen := map[vault.ID]bool{}
	var todo []Erased
	var refused []Refusal
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		e, reason := d.erasable(id)
		if reason != "" {
			r := Refusal{Employee: id, Reason: reason}
			if e != nil {
				r.Persnr = e.Persnr
			}
			refused = append(refused, r)
			continue
		}
		todo = append(todo, Erased{Employee: id, Employer: e.Employer, Persnr: e.Persnr, Fact: vault.NewID()})
	}
	if opts.Check != nil && len(refused) == 0 {
		err := d.sess.View(func(tx *vault.Tx) error {
			for _, x := range todo {
				reason, err := opts.Check(tx, x.Employee)
				if err != nil {
					return err
				}
				if reason != "" {
					refused = append(refused, Refusal{Employee: x.Employee, Persnr: x.Persnr, Reason: reason})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(refused) > 0 {
		return nil, &NotErasableError{Refused: refused}
	}
	var done []Erased
	for start := 0; start < len(todo); start += EraseChunk {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		chunk := todo[start:min(start+EraseChunk, len(todo))]
		if opts.Before != nil {
			if err := opts.Before(chunk); err != nil {
				return done, err
			}
		}
		if err := d.eraseChunk(chunk, opts); err != nil {
			return done, err
		}
		done = append(done, chunk...)
		if opts.Progress != nil {
			opts.Progress(len(done), len(todo))
		}
	}
	return done, nil
}

// eraseChunk erases one chunk in one transaction and then forgets it in the caches; d.mu is
// held.
func (d *Directory) eraseChunk(chunk []Erased, opts EraseOptions) error {
	today := d.today().Format(DateLayout)
	ids := make([]vault.ID, len(chunk))
	for i, x := range chunk {
		ids[i] = x.Employee
	}
	err := d.sess.Update(func(tx *vault.Tx) error {
		scopes := map[vault.ScopeID]bool{}
		for _, x := range chunk {
			if opts.Check != nil {
				reason, err := opts.Check(tx, x.Employee)
				if err != nil {
					return err
				}
				if reason != "" { // changed since the check before: refuse the chunk
					return &NotErasableError{Refused: []Refusal{{Employee: x.Employee, Persnr: x.Persnr, Reason: reason}}}
				}
			}
			e := d.emps[x.Employee]
			scope, err := d.scopeOf(e.Department)
			if err != nil {
				return err
			}
			fact := ErasedEmployee{Employer: e.Employer, Department: e.Department, Erased: today}
			for _, job := range e.Employments {
				fact.Employments = append(fact.Employments, FactEmployment{Department: job.Department, Start: job.Start, End: job.End, Hours: job.Hours})
			}
			if err := vault.PutJSON(tx, KindErased, x.Fact, scope, &fact); err != nil {
				return err
			}
			for _, kind := range append([]vault.Kind{KindEmployee, KindIdentity}, d.followers...) {
				if err := tx.Delete(kind, x.Employee); err != nil {
					return err
				}
			}
			scopes[scope] = true
		}
		// A stale page would still hold the erased skeletons and names until the compaction.
		for scope := range scopes {
			if err := tx.DropPages(scope); err != nil {
				return err
			}
		}
		// Every index entry pointing at the skeletons (persnr) or identities (BSN, birth date
		// and postcode), found by key, under whatever scope or epoch it was made.
		for _, kind := range []vault.Kind{KindEmployee, KindIdentity} {
			if _, err := tx.DeleteIndexEntriesOf(kind, ids); err != nil {
				return err
			}
		}
		if opts.With != nil {
			return opts.With(tx, chunk)
		}
		return nil
	})
	if err != nil {
		return err
	}
	done := d.touch(ids)
	for _, x := range chunk {
		if m := d.byPersnr[x.Employer]; m != nil && m[x.Persnr] == x.Employee {
			delete(m, x.Persnr)
		}
		delete(d.emps, x.Employee)
		d.names.remove(x.Employee) // the names of the erased leave the index's memory now
	}
	done(nil)
	return nil
}

// Facts are one person's employments as statistics count them: for an employee still in the
// vault their skeleton's (Person = the employee id), for an erased one what erasure kept
// (Person = the ErasedEmployee's own random id, Erased true). No persnr, no identity.
type Facts struct {
	Person      vault.ID         `json:"person"`
	Employer    vault.ID         `json:"employer"`
	Department  vault.ID         `json:"department"` // the current or last department
	Employments []FactEmployment `json:"employments"`
	Erased      bool             `json:"erased,omitempty"`
}

// EmploymentFacts lists the employment facts of every person of an employer whose department
// the session holds, erased or not, for statistics (headcount, starters, leavers per department
// and period). Nothing of it is identity data, so reading it is not audited.
func (d *Directory) EmploymentFacts(employer vault.ID) ([]Facts, error) {
	d.mu.Lock()
	if err := d.load(); err != nil {
		d.mu.Unlock()
		return nil, err
	}
	if err := d.employer(employer); err != nil {
		d.mu.Unlock()
		return nil, err
	}
	var out []Facts
	for _, e := range d.emps {
		if e.Employer != employer {
			continue
		}
		f := Facts{Person: e.ID, Employer: e.Employer, Department: e.Department}
		for _, job := range e.Employments {
			f.Employments = append(f.Employments, FactEmployment{Department: job.Department, Start: job.Start, End: job.End, Hours: job.Hours})
		}
		out = append(out, f)
	}
	d.mu.Unlock()
	erased, err := d.erasedFacts(employer)
	if err != nil {
		return nil, err
	}
	out = append(out, erased...)
	sort.Slice(out, func(i, j int) bool { return out[i].Person.String() < out[j].Person.String() })
	return out, nil
}

// ErasedCount is how many erased employees the session's departments hold facts of.
func (d *Directory) ErasedCount() (int, error) {
	facts, err := d.erasedFacts(vault.ID{})
	return len(facts), err
}

// erasedFacts reads the ErasedEmployee records the session opens (of one employer, or of all
// when employer is zero).
func (d *Directory) erasedFacts(employer vault.ID) ([]Facts, error) {
	var out []Facts
	var mu sync.Mutex
	err := d.sess.View(func(tx *vault.Tx) error {
		return tx.IterateOpen(KindErased, 0, func(id vault.ID, plain []byte) error {
			var x ErasedEmployee
			if err := json.Unmarshal(plain, &x); err != nil {
				return fmt.Errorf("%w: erased employee %s is not the expected JSON", vault.ErrCorrupt, id)
			}
			if employer != (vault.ID{}) && x.Employer != employer {
				return nil
			}
			mu.Lock()
			out = append(out, Facts{Person: id, Employer: x.Employer, Department: x.Department, Employments: x.Employments, Erased: true})
			mu.Unlock()
			return nil
		})
	})
	return out, err
}
