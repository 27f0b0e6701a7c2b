package peoplebench

import (
	"context"
	"fmt"
	"time"

	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// The staff index's queue (docs/adr/008-staff-index.md, "Revisions"): a manager edits BSNs, then
// HR's (here the admin's, who holds the same keys) first BSN search pays for folding the queued
// changes in; the same search after the marker is dropped pays for the full rebuild every
// manager's write cost before the queue.

const (
	managerEmail = "bench-manager@example.invalid"
	managerPass  = "benchmark manager passphrase, not a secret"
	queueEdits   = 100
)

type queueResult struct {
	edits, queued     int
	fold, rebuild     time.Duration // the first BSN search, folding / rebuilding first
	steady            time.Duration // a BSN search after both
	managerEditsTaken time.Duration
}

// measureStaffQueue closes ws (locking s), edits BSNs of department 0 as its manager, and times
// the admin's first BSN search twice: with the queue folded in, then with a full rebuild. It
// returns the admin's new workspace, which the caller closes.
func measureStaffQueue(ctx context.Context, v *vault.Vault, s *vault.Session, ws *workspace.Workspace, d *people.Directory,
	employer vault.ID, employees, departments int) (queueResult, *workspace.Workspace, error) {
	var r queueResult
	width := 2
	if departments > 100 {
		width = len(fmt.Sprint(departments - 1))
	}
	dept, err := d.DepartmentByPath(employer, fmt.Sprintf("Regio 00/Afdeling %0*d", width, 0), false)
	if err != nil {
		return r, nil, err
	}
	if _, err := s.AddUser(vault.NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, vault.RoleManager, dept.ID); err != nil {
		return r, nil, err
	}
	ws.Close()
	m, err := v.Unlock(managerEmail, []byte(managerPass))
	if err != nil {
		return r, nil, err
	}
	mw := workspace.Open(m, workspace.Config{}) // no Preload: the first search does the work
	defer mw.Close()
	md := mw.Directory()
	r.edits = min(queueEdits, (employees+departments-1)/departments)
	var newBSNs []string
	start := time.Now()
	for k := range r.edits {
		i := k * departments // the rows of department 0 (synthesize)
		emp, err := md.EmployeeByPersnr(employer, fmt.Sprintf("%06d", i+1))
		if err != nil {
			return r, nil, err
		}
		bsn := validBSN(employees + i) // beyond every row's BSN
		in := people.EmployeeInput{Persnr: emp.Persnr, DepartmentID: dept.ID, FirstName: "Anna", Surname: fmt.Sprintf("Achternaam%06d", i),
			BSN: bsn, BirthDate: fmt.Sprintf("%02d-%02d-%d", 1+i%28, 1+i%12, 1960+i%40), Street: "Dorpsstraat", Number: fmt.Sprint(1 + i%200),
			Postcode: fmt.Sprintf("%04d AB", 1000+i%9000), City: "Utrecht", Start: "01-05-2020", Hours: "32,5", JobTitle: "Medewerker"}
		if _, err := md.UpdateEmployee(emp.ID, in); err != nil {
			return r, nil, fmt.Errorf("people bench: the manager's edit: %w", err)
		}
		newBSNs = append(newBSNs, bsn)
	}
	r.managerEditsTaken = time.Since(start)
	mw.Close() // locks m
	a, err := v.Unlock(email, []byte(pass))
	if err != nil {
		return r, nil, err
	}
	aw := workspace.Open(a, workspace.Config{})
	if r.queued, err = a.StaffIndexQueued(); err != nil {
		return r, aw, err
	}
	ad := aw.Directory()
	// Load the employees first (a persnr search does not touch the staff index).
	if _, err := ad.Search("000001", 5); err != nil {
		return r, aw, err
	}
	first := func(bsn string) (time.Duration, error) {
		start := time.Now()
		hits, err := ad.Search(bsn, 5)
		took := time.Since(start)
		if err == nil && len(hits) != 1 {
			err = fmt.Errorf("people bench: the edited BSN found %d employees", len(hits))
		}
		return took, err
	}
	if r.fold, err = first(newBSNs[0]); err != nil {
		return r, aw, err
	}
	if cur, err := a.StaffIndexCurrent(); err != nil || !cur {
		return r, aw, fmt.Errorf("people bench: the first search left the staff index stale (%v)", err)
	}
	if err := a.DropStaffIndex(); err != nil { // what a manager's write did before the queue
		return r, aw, err
	}
	if r.rebuild, err = first(newBSNs[len(newBSNs)-1]); err != nil {
		return r, aw, err
	}
	r.steady, err = first(newBSNs[len(newBSNs)/2])
	return r, aw, err
}

func (q queueResult) write(p func(string, ...any)) {
	p("| a manager's %d BSN edits (%d changes queued, %s), then HR's first BSN search: folded in / full rebuild (as before the queue) | %s / %s (fold = %.4f × rebuild); a later BSN search %s |\n",
		q.edits, q.queued, q.managerEditsTaken.Round(time.Millisecond), q.fold.Round(time.Millisecond), q.rebuild.Round(time.Millisecond),
		q.fold.Seconds()/q.rebuild.Seconds(), q.steady.Round(time.Microsecond))
}

// measureQueue runs measureStaffQueue as the last use of the bench's vault session.
func (r *result) measureQueue(ctx context.Context, v *vault.Vault, s *vault.Session, ws *workspace.Workspace, d *people.Directory, employer vault.ID, cfg Config) error {
	q, a, err := measureStaffQueue(ctx, v, s, ws, d, employer, cfg.Employees, cfg.Departments)
	if a != nil {
		a.Close()
	}
	r.queue = &q
	return err
}
