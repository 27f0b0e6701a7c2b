package vault

import (
	"bytes"
	"errors"
	"log/slog"
	"sync"
	"testing"
)

// testKDF is the cheapest parameter set the vault accepts; production calibrates.
var testKDF = KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1}

const (
	testEmail = "admin@example.test"
	testPass  = "correct horse battery staple"
)

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testOptions(log *syncBuffer) Options {
	o := Options{}.WithKDF(testKDF).WithWeakKDFForTests()
	if log != nil {
		o.Logger = slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return o
}

// newTestVault creates a vault in a temp dir; cleanup locks and closes it.
func newTestVault(t testing.TB, opts Options) (string, *Vault, *Session, RecoveryCode) {
	t.Helper()
	dir := t.TempDir()
	v, s, code, err := Create(dir, NewUser{Email: testEmail, Passphrase: []byte(testPass)}, opts)
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	return dir, v, s, code
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want %v", err, target)
	}
}

const kindTest Kind = 0x40

func put(t testing.TB, s *Session, id ID, scope ScopeID, data string) {
	t.Helper()
	ok(t, s.Update(func(tx *Tx) error { return tx.Put(kindTest, id, scope, []byte(data)) }))
}

func get(s *Session, id ID) ([]byte, error) {
	var out []byte
	err := s.View(func(tx *Tx) error {
		var err error
		out, err = tx.Get(kindTest, id)
		return err
	})
	return out, err
}

// newDept binds a new department scope (admin session) and returns the department and scope.
func newDept(t testing.TB, s *Session) (ID, ScopeID) {
	t.Helper()
	d := NewID()
	ok(t, s.NewDepartments(d))
	sc, err := s.DepartmentScope(d)
	ok(t, err)
	return d, sc
}

// withNoRecordUpgrade keeps an admin's unlock from migrating version 0x01 values (ADR 010).
func (o Options) withNoRecordUpgrade() Options { o.NoRecordUpgrade = true; return o }
