package app

import (
	"context"

	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Retention is the facade of Beheer → Bewaartermijn (admins): the employees past the retention
// period and their erasure. The rules, the audit event and the compaction are the workspace's.
type Retention struct {
	s *Session
}

// RetentionEntry is one employee past the retention period, anonymised as the tree shows them.
type RetentionEntry struct {
	EmployeeID     string `json:"employeeId"`
	Persnr         string `json:"persnr"`
	DepartmentPath string `json:"departmentPath"`
	Ended          string `json:"ended"` // jjjj-mm-dd
	// Blocked says why the employee cannot be erased yet (RetentionBlocks), "" when they can.
	Blocked string `json:"blocked"`
}

// RetentionList is the Bewaartermijn tab: who is due, how many were erased before, and how many
// erasure notices still wait for the arbo service.
type RetentionList struct {
	Entries        []RetentionEntry `json:"entries"`
	Erased         int              `json:"erased"`
	NoticesWaiting int              `json:"noticesWaiting"`
}

// EraseResult is what one erasure did.
type EraseResult struct {
	Erased         int    `json:"erased"`
	NoticesWaiting int    `json:"noticesWaiting"`
	NotifyError    string `json:"notifyError"` // a SyncErrors code, "" when the service was told (or not linked)
	TookMs         int64  `json:"tookMs"`
}

// List reads the Bewaartermijn tab.
func (r *Retention) List() (_ RetentionList, err error) {
	defer r.s.recovered("Retention.List", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return RetentionList{}, err
	}
	list, err := ws.RetentionList()
	if err != nil {
		return RetentionList{}, r.s.fail("retention list", err)
	}
	out := RetentionList{Entries: make([]RetentionEntry, len(list))}
	for i, e := range list {
		out.Entries[i] = RetentionEntry{EmployeeID: e.Employee.String(), Persnr: e.Persnr, DepartmentPath: e.DepartmentPath,
			Ended: e.Ended, Blocked: e.Blocked}
	}
	if out.Erased, err = ws.ErasedCount(); err != nil {
		return RetentionList{}, r.s.fail("retention list", err)
	}
	if out.NoticesWaiting, err = ws.ErasuresWaiting(); err != nil {
		return RetentionList{}, r.s.fail("retention list", err)
	}
	return out, nil
}

// Erase erases the employees (the window asked for confirmation naming the count); progress
// arrives as EventErasure. All are refused (not_erasable, with each refused persnr and reason
// in the error's params) when one of them may not be erased.
func (r *Retention) Erase(employeeIDs []string) (_ EraseResult, err error) {
	defer r.s.recovered("Retention.Erase", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return EraseResult{}, err
	}
	ids := make([]vault.ID, 0, len(employeeIDs))
	for _, s := range employeeIDs {
		id, err := parseID(s)
		if err != nil {
			return EraseResult{}, err
		}
		ids = append(ids, id)
	}
	platform := r.s.platformNow()
	rep, err := ws.EraseEmployees(context.Background(), ids, func(p workspace.ErasePhase, done, total int) {
		r.s.Touch() // a long erasure is activity: the vault must not lock under it
		platform.Emit(EventErasure, ErasureProgress{Phase: string(p), Done: done, Total: total})
	})
	out := EraseResult{Erased: rep.Erased, NoticesWaiting: rep.NoticesWaiting, NotifyError: rep.NotifyError, TookMs: rep.Took.Milliseconds()}
	if err != nil {
		return out, r.s.fail("erase", err)
	}
	return out, nil
}
