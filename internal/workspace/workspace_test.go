package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/peoplebench"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
	"kluis/internal/workspace/workspacetest"
)

// opened is a fresh vault with its admin's workspace and one employer.
type opened struct {
	v        *vault.Vault
	ws       *workspace.Workspace
	employer people.Employer
}

func open(t *testing.T) *opened {
	t.Helper()
	v, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	return &opened{v: v, ws: ws, employer: emp}
}

// reopen unlocks the vault again after a Close, for checking what the closed workspace left.
func (o *opened) reopen(t *testing.T) *workspace.Workspace {
	t.Helper()
	sess, err := o.v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	return ws
}

func (o *opened) importCSV(t *testing.T, ws *workspace.Workspace, csv []byte, progress func(done, total int)) (imports.Report, error) {
	t.Helper()
	return ws.Import(context.Background(), bytes.NewReader(csv), imports.Request{Name: "loon.csv", Employer: o.employer.ID}, progress)
}

func (o *opened) employees(t *testing.T, ws *workspace.Workspace) int {
	t.Helper()
	nodes, err := ws.Directory().Tree(o.employer.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, node := range nodes {
		if node.Depth == 0 {
			n += node.Total.Active + node.Total.Ended
		}
	}
	return n
}

func auditCount(t *testing.T, ws *workspace.Workspace, action audit.Action) int {
	t.Helper()
	events, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == action {
			n++
		}
	}
	return n
}

// onFirst returns a progress function that closes started at the first call with done > 0.
func onFirst(started chan<- struct{}) func(done, total int) {
	var once sync.Once
	return func(done, total int) {
		if done > 0 && done < total {
			once.Do(func() { close(started) })
		}
	}
}

func TestRule_CloseDuringALargeImportDoesNotDeadlockAndLeavesItUndoneOrComplete(t *testing.T) {
	const rows = 20000
	o := open(t)
	csv := peoplebench.CSV(rows, 20)
	started := make(chan struct{})
	type result struct {
		rep imports.Report
		err error
	}
	res := make(chan result, 1)
	go func() {
		rep, err := o.importCSV(t, o.ws, csv, onFirst(started))
		res <- result{rep, err}
	}()
	select {
	case <-started:
	case r := <-res:
		t.Fatalf("the import ended before it wrote: %+v %v", r.rep.Result, r.err)
	}
	workspacetest.Within(t, "Close during the import", o.ws.Close)
	var r result
	workspacetest.Within(t, "the import after Close", func() { r = <-res })
	if r.err == nil || !errors.Is(r.err, vault.ErrLocked) {
		t.Fatalf("the import closed under it answered %v, want ErrLocked", r.err)
	}
	if p := workspace.Explain(r.err); p.Code != workspace.CodeLocked {
		t.Fatalf("explained as %q", p.Code)
	}

	ws := o.reopen(t)
	if j := people.InterruptedImports(ws.Session()); len(j) != 0 {
		t.Fatalf("an interrupted import was left for the next unlock: %v", j)
	}
	n := o.employees(t, ws)
	t.Logf("%d of %d employees after the close", n, rows)
	if n != 0 && n != rows {
		t.Fatalf("%d of %d employees after the close: the import is neither undone nor complete", n, rows)
	}
	if n := auditCount(t, ws, audit.ActionImport); n != 0 {
		t.Fatalf("an import that did not finish is audited %d times", n)
	}
}

func TestRule_CloseDuringARotationDoesNotDeadlockAndTheRotationResumes(t *testing.T) {
	o := open(t)
	if _, err := o.importCSV(t, o.ws, peoplebench.CSV(2000, 4), nil); err != nil {
		t.Fatal(err)
	}
	user, err := o.ws.Session().AddUser(vault.NewUser{Email: "hr@korenaar.example", Passphrase: []byte("hr passphrase for the test")}, vault.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	res := make(chan error, 1)
	go func() { res <- o.ws.RevokeUser(context.Background(), user, "leaves the company", onFirst(started)) }()
	select {
	case <-started:
	case err := <-res:
		t.Fatalf("the revocation ended before it re-sealed: %v", err)
	}
	workspacetest.Within(t, "Close during the rotation", o.ws.Close)
	var rerr error
	workspacetest.Within(t, "the revocation after Close", func() { rerr = <-res })
	if !errors.Is(rerr, vault.ErrLocked) {
		t.Fatalf("the revocation closed under it answered %v, want ErrLocked", rerr)
	}

	ws := o.reopen(t)
	if len(ws.Session().PendingRotation()) == 0 {
		t.Fatal("the rotation finished although Close stopped it after its first chunk")
	}
	n, err := ws.FinishRotation(context.Background(), nil)
	if err != nil || n == 0 || len(ws.Session().PendingRotation()) != 0 {
		t.Fatalf("resuming the rotation: %d records, %v, pending %v", n, err, ws.Session().PendingRotation())
	}
	hits, err := ws.Search("000042", 5)
	if err != nil || len(hits) != 1 || hits[0].Name == nil {
		t.Fatalf("after the resumed rotation the employee is not found by name: %+v %v", hits, err)
	}
	if auditCount(t, ws, audit.ActionAccessRevoke) != 1 || auditCount(t, ws, audit.ActionKeyRotation) != 1 {
		t.Fatal("the revocation and the finished rotation are each audited once")
	}
}

func TestRule_CloseIsSafeTwiceAndFromManyGoroutines(t *testing.T) {
	o := open(t)
	o.ws.Preload()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(o.ws.Close)
	}
	workspacetest.Within(t, "concurrent Close", wg.Wait)
	if _, err := o.ws.Directory().Employers(); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("after Close: %v", err)
	}
	if _, err := o.ws.Search("Vries", 5); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("search after Close: %v", err)
	}
}

func TestRule_AWrittenImportIsAuditedOnceAndADryRunOrARepeatNotAtAll(t *testing.T) {
	o := open(t)
	csv := peoplebench.CSV(30, 3)
	if _, err := o.ws.CheckImport(context.Background(), bytes.NewReader(csv), imports.Request{Name: "loon.csv", Employer: o.employer.ID}); err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, o.ws, audit.ActionImport); n != 0 {
		t.Fatalf("a dry run is audited %d times", n)
	}
	rep, err := o.importCSV(t, o.ws, csv, nil)
	if err != nil || !rep.Written || rep.Result.New != 30 {
		t.Fatalf("%+v %v", rep.Result, err)
	}
	events, err := o.ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	var imported []audit.Event
	for _, e := range events {
		if e.Action == audit.ActionImport {
			imported = append(imported, e)
		}
	}
	if len(imported) != 1 || imported[0].Count != 30 || imported[0].Detail != "loon.csv" {
		t.Fatalf("import audit events %+v", imported)
	}
	// The same file again changes nothing and names nobody.
	if rep, err := o.importCSV(t, o.ws, csv, nil); err != nil || rep.Result.Unchanged != 30 {
		t.Fatalf("%+v %v", rep.Result, err)
	}
	if n := auditCount(t, o.ws, audit.ActionImport); n != 2 {
		t.Fatalf("the repeat is audited as an event of its own: %d", n)
	}
}

func TestRule_IdentityShownIsAuditedAndIdentityNotShownIsNot(t *testing.T) {
	o := open(t)
	if _, err := o.importCSV(t, o.ws, peoplebench.CSV(3, 1), nil); err != nil {
		t.Fatal(err)
	}
	hits, err := o.ws.Search("Achternaam", 10)
	if err != nil || len(hits) != 3 {
		t.Fatalf("%d hits %v", len(hits), err)
	}
	full, err := o.ws.SearchIdentities("000001", 10)
	if err != nil || len(full) != 1 || full[0].Identity == nil || full[0].Identity.BSN == "" {
		t.Fatalf("%+v %v", full, err)
	}
	v, err := o.ws.Employee(hits[0].Employee)
	if err != nil || v.Identity == nil {
		t.Fatal(err)
	}
	events, err := o.ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		if e.Action == audit.ActionSearch || e.Action == audit.ActionRead {
			got = append(got, fmt.Sprintf("%s/%d/%s", e.Action, e.Count, e.Detail))
		}
	}
	want := "identity.search/3/name identity.search/1/persnr identity.read/1/"
	if strings.Join(got, " ") != want {
		t.Fatalf("audit %q, want %q", strings.Join(got, " "), want)
	}
	// A search that shows no identity (no hits) is not an event.
	if _, err := o.ws.Search("999999", 10); err != nil || auditCount(t, o.ws, audit.ActionSearch) != 2 {
		t.Fatal("an empty search was audited")
	}
}

func TestRule_OnlyEmployerAsksToChooseWhenThereAreSeveral(t *testing.T) {
	o := open(t)
	if e, err := o.ws.OnlyEmployer(); err != nil || e.ID != o.employer.ID {
		t.Fatalf("%+v %v", e, err)
	}
	if _, err := o.ws.Directory().AddEmployer("Tweede BV", "87654321"); err != nil {
		t.Fatal(err)
	}
	_, err := o.ws.OnlyEmployer()
	var ce *workspace.EmployerChoiceError
	if !errors.As(err, &ce) || len(ce.KvKs) != 2 || workspace.Explain(err).Code != workspace.CodeInvalidInput {
		t.Fatalf("%v", err)
	}
}

// TestRule_CloseNeverFallsBetweenAWriteAndItsAuditEvent closes while a written import is past
// its last cancellation point (its final progress call, the rows and the journal done): Close
// must wait for the import's audit event instead of locking the session under it.
func TestRule_CloseNeverFallsBetweenAWriteAndItsAuditEvent(t *testing.T) {
	const rows = 1500 // not a multiple of 1000: the only done == total call is the last one
	o := open(t)
	atEnd, release := make(chan struct{}), make(chan struct{})
	res := make(chan error, 1)
	go func() {
		_, err := o.importCSV(t, o.ws, peoplebench.CSV(rows, 3), func(done, total int) {
			if total > 0 && done == total {
				close(atEnd)
				<-release
			}
		})
		res <- err
	}()
	<-atEnd
	closed := make(chan struct{})
	go func() {
		o.ws.Close()
		close(closed)
	}()
	select {
	case <-closed:
		t.Fatal("Close returned while the import still held the directory")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	workspacetest.Within(t, "Close after the import's last write", func() { <-closed })
	if err := <-res; err != nil {
		t.Fatalf("the import that had written everything answered %v", err)
	}
	ws := o.reopen(t)
	if n := o.employees(t, ws); n != rows {
		t.Fatalf("%d of %d employees", n, rows)
	}
	if n := auditCount(t, ws, audit.ActionImport); n != 1 {
		t.Fatalf("the written import is audited %d times", n)
	}
}

func TestRule_UseCasesAfterCloseAreRefusedAsLocked(t *testing.T) {
	o := open(t)
	o.ws.Close()
	for name, err := range map[string]error{
		"import":  second(o.importCSV(t, o.ws, peoplebench.CSV(1, 1), nil)),
		"create":  second(o.ws.CreateEmployee(o.employer.ID, people.EmployeeInput{Persnr: "1"})),
		"share":   o.ws.Share(vault.NewID(), sharing.ShareInput{}),
		"rotate":  second(o.ws.FinishRotation(context.Background(), nil)),
		"approve": o.ws.Approve(vault.Request{}, vault.RoleUser, nil),
	} {
		if !errors.Is(err, vault.ErrLocked) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
