package people

import (
	"fmt"
	"strings"

	"kluis/internal/vault"
)

// Tree row kinds.
const (
	RowEmployer   = "employer"
	RowDepartment = "department"
	RowEmployee   = "employee"
)

// Filters and sorts of a RowQuery.
const (
	StatusAll    = "all"
	StatusActive = "active"
	StatusEnded  = "ended"
	ShareAll     = "all"
	ShareShared  = "shared"
	ShareNot     = "unshared"
	SortPersnr   = "persnr"
	SortName     = "name"
)

// RowQuery asks for one page of the flattened org tree: the employers, and below every expanded
// employer or department its departments and then its employees, after filters and sort.
type RowQuery struct {
	Expanded []vault.ID
	Offset   int
	Limit    int
	Status   string // StatusAll (default), StatusActive, StatusEnded
	Share    string // ShareAll (default), ShareShared, ShareNot
	Sort     string // SortPersnr (default), SortName
}

// Row is one visible line of the tree. An employee's Label is the display name only when the
// employee is shared and the session's keys open the identity; otherwise it is empty and
// Anonymised is set (the UI shows "Anoniem (Persnr …)").
type Row struct {
	ID          vault.ID `json:"id"`
	Kind        string   `json:"kind"`
	Depth       int      `json:"depth"`
	Label       string   `json:"label"`
	Persnr      string   `json:"persnr,omitempty"`
	Anonymised  bool     `json:"anonymised,omitempty"`
	Shared      bool     `json:"shared,omitempty"`
	Active      bool     `json:"active,omitempty"`
	HasChildren bool     `json:"hasChildren"`
	Expanded    bool     `json:"expanded"`
	// Count and ActiveCount are the employees below an employer or department, after filters.
	Count       int `json:"count,omitempty"`
	ActiveCount int `json:"activeCount,omitempty"`
	// PosInSet and SetSize (1-based) feed aria-posinset/aria-setsize of a virtualised tree.
	PosInSet int `json:"posInSet"`
	SetSize  int `json:"setSize"`
}

// RowPage is a slice of the flattened tree; Total counts every visible row.
type RowPage struct {
	Total  int   `json:"total"`
	Offset int   `json:"offset"`
	Rows   []Row `json:"rows"`
}

// Rows returns one page of the flattened org tree of every employer the vault holds.
func (d *Directory) Rows(q RowQuery) (RowPage, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	q = normaliseQuery(q)
	if page, ok := d.quickRows(q); ok {
		return page, nil
	}
	if err := d.load(); err != nil {
		return RowPage{}, err
	}
	v, err := d.treeView(q)
	if err != nil {
		return RowPage{}, err
	}
	return d.page(v, q), nil
}

// Warm loads the skeletons and builds the default tree view (all employees by persnr), so that
// opening a department after an unlock only slices. Call it in the background: until it has
// loaded, the tree's pages that open no department come from the scopes' summaries.
func (d *Directory) Warm() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return err
	}
	_, err := d.treeView(normaliseQuery(RowQuery{Limit: 1}))
	return err
}

// MaxRowsPerPage caps RowQuery.Limit.
const MaxRowsPerPage = 500

func normaliseQuery(q RowQuery) RowQuery {
	q.Offset = max(0, q.Offset)
	q.Limit = min(max(0, q.Limit), MaxRowsPerPage)
	if q.Status != StatusActive && q.Status != StatusEnded {
		q.Status = StatusAll
	}
	if q.Share != ShareShared && q.Share != ShareNot {
		q.Share = ShareAll
	}
	if q.Sort != SortName {
		q.Sort = SortPersnr
	}
	return q
}

// persnrKey makes personnel numbers sort naturally as plain strings: all-digit numbers by value
// (99 before 100, leading zeros ignored, then the shorter form first), anything else after them
// as text.
func persnrKey(p string) string {
	if !isDigits(p) {
		return "1" + p
	}
	t := strings.TrimLeft(p, "0")
	return fmt.Sprintf("0%03d%s%03d", len(t), t, len(p))
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
