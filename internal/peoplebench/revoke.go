package peoplebench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// revokeResult is the rotation after a user loses a department of n employees in a vault of
// total employees: first a manager who loses only that department, then a full revocation of a
// second manager (the department, the directory and the storage key). Either rotation rebuilds
// the whole store (format 2), so both are set against the raw sealed-write rate of the run.
type revokeResult struct {
	employees, total        int
	rawRate                 float64
	deptRecords, allRecs    int // records re-sealed under new keys
	deptEntries, allEntries int // entries the rebuilt store holds (records, index keys, audit)
	deptTime, revokeTime    time.Duration
}

func measureRevocation(ctx context.Context, dir string, opts vault.Options, total, n int) (res revokeResult, err error) {
	departments := max(1, total/n)
	res.employees, res.total = total/departments, total
	before, err := rawRate(filepath.Join(dir, "raw1"), opts, total)
	if err != nil {
		return res, err
	}
	v, s, _, err := vault.Create(filepath.Join(dir, "vault"), vault.NewUser{Email: email, Passphrase: []byte(pass)}, opts)
	if err != nil {
		return res, fmt.Errorf("people bench: revocation vault: %w", err)
	}
	defer func() { err = errors.Join(err, v.Close()) }()
	ws := workspace.Open(s, workspace.Config{})
	defer ws.Close()
	d := ws.Directory()
	emp, err := d.AddEmployer("Benchmark BV", "12345678")
	if err != nil {
		return res, err
	}
	csv, _ := synthesize(total, departments)
	if rep, err := imports.Apply(ctx, d, time.Now(), bytes.NewReader(csv), imports.Request{Name: "dept.csv", Employer: emp.ID}, nil); err != nil {
		return res, fmt.Errorf("people bench: revocation import: %w (%d problems)", err, len(rep.Problems))
	}
	big, err := d.DepartmentByPath(emp.ID, "Regio 00/Afdeling 00", false)
	if err != nil {
		return res, err
	}
	small, err := d.CreateDepartment(emp.ID, vault.ID{}, "Klein", "")
	if err != nil {
		return res, err
	}
	first, err := s.AddUser(vault.NewUser{Email: "m1@example.invalid", Passphrase: []byte(pass)}, vault.RoleManager, big.ID, small.ID)
	if err != nil {
		return res, err
	}
	second, err := s.AddUser(vault.NewUser{Email: "m2@example.invalid", Passphrase: []byte(pass)}, vault.RoleManager, big.ID)
	if err != nil {
		return res, err
	}
	var entries int
	count := func(done, total int) { entries = total }
	var sealed int
	resealed := func(n int) { sealed = n }
	// 1. The first manager keeps only the small department: the big one rotates.
	if _, err := s.SetRole(first, vault.RoleManager, []vault.ID{small.ID}); err != nil {
		return res, err
	}
	start := time.Now()
	if err := s.Rotate(ctx, vault.RotateOptions{Indexer: people.Indexer(), Progress: count, Done: resealed}); err != nil {
		return res, err
	}
	res.deptTime, res.deptRecords, res.deptEntries = time.Since(start), sealed, entries
	// 2. The second manager is revoked: the big department and the directory rotate.
	start = time.Now()
	if err := s.Revoke(second); err != nil {
		return res, err
	}
	if err := s.Rotate(ctx, vault.RotateOptions{Indexer: people.Indexer(), Progress: count, Done: resealed}); err != nil {
		return res, err
	}
	res.revokeTime, res.allRecs, res.allEntries = time.Since(start), sealed, entries
	after, err := rawRate(filepath.Join(dir, "raw2"), opts, total)
	if err != nil {
		return res, err
	}
	res.rawRate = (before + after) / 2
	if len(s.PendingRotation()) != 0 {
		return res, errors.New("people bench: a rotation did not finish")
	}
	return res, nil
}

func (r revokeResult) rate(records int, d time.Duration) float64 {
	return float64(records) / d.Seconds()
}
