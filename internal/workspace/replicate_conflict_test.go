package workspace_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// Concurrent identity edits on two PCs through a real S3 server (docs/adr/012-conflicts.md).

// Canary surnames of the two concurrent edits: never in a log line, an error text or the bucket.
const (
	conflictA = "Eerstekanarieversie"
	conflictB = "Tweedekanarieversie"
)

// loggedPC reopens p's workspace with a logger writing to buf (the same session).
func loggedPC(t *testing.T, p *pc, buf *bytes.Buffer) *pc {
	t.Helper()
	q := *p
	q.ws = workspace.Open(p.ws.Session(), workspace.Config{Logger: slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	t.Cleanup(q.ws.Close)
	return &q
}

// editSurname writes surname as e's identity on p (the other fields as the import gave them).
func editSurname(t *testing.T, p *pc, id vault.ID, surname string) {
	t.Helper()
	v, err := p.ws.Employee(id)
	if err != nil || v.Identity == nil {
		t.Fatalf("read before the edit: %v", err)
	}
	in := people.EmployeeInput{Persnr: v.Persnr, DepartmentID: v.Department, FirstName: v.Identity.FirstName,
		Surname: surname, BSN: v.Identity.BSN, BirthDate: v.Identity.BirthDate, Start: v.Current().Start}
	if _, err := p.ws.UpdateEmployee(id, in); err != nil {
		t.Fatalf("edit: %v", err)
	}
}

func surnameOn(t *testing.T, p *pc, id vault.ID) string {
	t.Helper()
	v, err := p.ws.Employee(id)
	if err != nil || v.Identity == nil {
		t.Fatalf("read: %v", err)
	}
	return v.Identity.Surname
}

// twoPCsWithOneEmployee: HR's PC a with an import, and PC b joined and pulled, both logging;
// id is persnr 000001's (in replDept).
func twoPCsWithOneEmployee(t *testing.T, srv *s3test.Server, logs *bytes.Buffer) (a, b *pc, id vault.ID) {
	t.Helper()
	a, b, emp := twoPCs(t, srv, logs)
	e, err := persnrOn(t, a, emp, "000001")
	if err != nil {
		t.Fatal(err)
	}
	return a, b, e.ID
}

func twoPCs(t *testing.T, srv *s3test.Server, logs *bytes.Buffer) (a, b *pc, emp people.Employer) {
	t.Helper()
	a0, emp := firstPC(t, srv)
	importCanaries(t, a0, emp, 2)
	a0.cycle(t)
	b0 := joinPC(t, srv, a0, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b0.cycle(t)
	return loggedPC(t, a0, logs), loggedPC(t, b0, logs), emp
}

// Rule: only a user who may edit the employee's identity sees and resolves its conflict: a
// manager of another department gets neither the chip nor the record.
func TestRule_AConflictIsShownAndResolvedOnlyWithTheDepartmentsKey(t *testing.T) {
	srv := s3test.Start(t)
	var logs bytes.Buffer
	a, b, emp := twoPCs(t, srv, &logs)
	withManager(t, a, emp) // manager of replDept; persnr 000002 is in "Afdeling Merel"
	mgr := joinPC(t, srv, a, managerEmail, managerPassphrase)
	mgr.cycle(t)
	e, err := persnrOn(t, a, emp, "000002")
	if err != nil {
		t.Fatal(err)
	}
	b.cycle(t)
	editSurname(t, a, e.ID, conflictA)
	editSurname(t, b, e.ID, conflictB)
	for _, p := range []*pc{a, b, a, mgr} {
		p.cycle(t)
	}
	cs, err := a.ws.Conflicts()
	if err != nil || len(cs) != 1 {
		t.Fatalf("HR's PC lists %d conflicts (%v)", len(cs), err)
	}
	if ids, err := mgr.ws.ConflictEmployees(); err != nil || len(ids) != 0 {
		t.Fatalf("the other department's manager sees conflicts %v (%v)", ids, err)
	}
	if err := mgr.ws.ResolveConflict(cs[0].ID, workspace.KeepKept); err == nil {
		t.Fatal("the other department's manager resolved a conflict")
	}
	if got := surnameOn(t, a, e.ID); got != conflictB {
		t.Fatalf("A shows %q after the manager's attempt", got)
	}
}

// Rule (issue #19): the same employee edited on two PCs at once → a conflict shown on both, nothing
// lost; a resolution on one PC replicates and clears the conflict on both.
func TestRule_TheSameEmployeeEditedOnTwoPCsAtOnceIsAConflictShownAndResolved(t *testing.T) {
	srv := s3test.Start(t)
	var logs bytes.Buffer
	a, b, id := twoPCsWithOneEmployee(t, srv, &logs)

	editSurname(t, a, id, conflictA)
	editSurname(t, b, id, conflictB) // later: last writer wins applies it on both PCs
	a.cycle(t)
	b.cycle(t)
	a.cycle(t)
	b.cycle(t)

	for name, p := range map[string]*pc{"A": a, "B": b} {
		if got := surnameOn(t, p, id); got != conflictB {
			t.Fatalf("%s shows %q, want the later edit", name, got)
		}
		ids, err := p.ws.ConflictEmployees()
		if err != nil || len(ids) != 1 || ids[0] != id {
			t.Fatalf("%s: conflict chips for %v (%v), want the edited employee", name, ids, err)
		}
		cs, err := p.ws.Conflicts()
		if err != nil || len(cs) != 1 {
			t.Fatalf("%s lists %d conflicts (%v)", name, len(cs), err)
		}
		c := cs[0]
		if c.Employee != id || c.Kept == nil || c.Kept.Surname != conflictA || c.Current == nil || c.Current.Surname != conflictB {
			t.Fatalf("%s: the conflict does not hold both versions: %+v", name, c)
		}
		if (name == "A") != c.KeptHere || (name == "B") != c.CurrentHere {
			t.Fatalf("%s: which version was made here is wrong (kept %v, current %v)", name, c.KeptHere, c.CurrentHere)
		}
	}
	cs, err := b.ws.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.ws.ResolveConflict(cs[0].ID, "both"); !errors.Is(err, workspace.ErrConflictChoice) {
		t.Fatalf("an unknown choice: %v", err)
	}
	if err := b.ws.ResolveConflict(cs[0].ID, workspace.KeepKept); err != nil {
		t.Fatalf("resolve: %v", err)
	}
	if err := b.ws.ResolveConflict(cs[0].ID, workspace.KeepKept); !errors.Is(err, people.ErrConflictNotFound) {
		t.Fatalf("resolving twice: %v", err)
	} else if strings.Contains(err.Error(), conflictA) || strings.Contains(err.Error(), conflictB) {
		t.Fatal("an error text names identity data")
	}
	b.cycle(t)
	a.cycle(t)
	for name, p := range map[string]*pc{"A": a, "B": b} {
		if got := surnameOn(t, p, id); got != conflictA {
			t.Fatalf("%s shows %q after the resolution, want the kept version", name, got)
		}
		if ids, err := p.ws.ConflictEmployees(); err != nil || len(ids) != 0 {
			t.Fatalf("%s still shows conflicts after the resolution: %v %v", name, ids, err)
		}
	}
	// The search by the chosen surname's index still finds the employee on A (re-indexed).
	events, err := b.ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	resolved := false
	for _, e := range events {
		if e.Action == audit.ActionConflictResolve && len(e.Subjects) == 1 && e.Subjects[0] == id && e.Detail == "kept" {
			resolved = true
		}
		if strings.Contains(e.Detail, conflictA) || strings.Contains(e.Detail, conflictB) {
			t.Fatalf("an audit event holds identity data: %+v", e)
		}
	}
	if !resolved {
		t.Fatal("the resolution is not in B's audit log")
	}
	if bytes.Contains(logs.Bytes(), []byte(conflictA)) || bytes.Contains(logs.Bytes(), []byte(conflictB)) {
		t.Fatal("a log line holds the conflicting identity data")
	}
	grepServerFor(t, srv, conflictA, conflictB)
}

// Rule: edits that follow each other (each PC saw the other's version) are plain last writer
// wins: no conflict.
func TestRule_EditsOnTwoPCsThatFollowEachOtherAreNoConflict(t *testing.T) {
	srv := s3test.Start(t)
	var logs bytes.Buffer
	a, b, id := twoPCsWithOneEmployee(t, srv, &logs)
	editSurname(t, a, id, conflictA)
	editSurname(t, a, id, conflictA+"x")
	a.cycle(t)
	b.cycle(t)
	editSurname(t, b, id, conflictB)
	b.cycle(t)
	a.cycle(t)
	for name, p := range map[string]*pc{"A": a, "B": b} {
		if got := surnameOn(t, p, id); got != conflictB {
			t.Fatalf("%s shows %q", name, got)
		}
		if ids, err := p.ws.ConflictEmployees(); err != nil || len(ids) != 0 {
			t.Fatalf("%s shows a conflict for edits that followed each other: %v %v", name, ids, err)
		}
	}
}

// grepServerFor fails when a file of the server holds one of the needles.
func grepServerFor(t *testing.T, srv *s3test.Server, needles ...string) {
	t.Helper()
	for _, root := range []string{srv.DataDir, srv.MetaDir} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			for _, n := range needles {
				if bytes.Contains(b, []byte(n)) {
					t.Errorf("%s holds %q", path, n)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
