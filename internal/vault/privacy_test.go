package vault

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

const (
	officerEmail = "fg@example.test"
	officerPass  = "privacy officer passphrase"
)

// privacyVault has an admin who wrote a department record and audit events, and a privacy
// officer; the admin's session is locked on return.
func privacyVault(t *testing.T) (v *Vault, officer UserID, dept ID, record ID) {
	t.Helper()
	_, v, s, _ := newTestVault(t, testOptions(nil))
	dept, sc := newDept(t, s)
	record = NewID()
	put(t, s, record, sc, "identity of someone")
	ok(t, s.AppendAudit([]byte(`{"action":"identity.read"}`), []byte(`{"action":"identity.search"}`)))
	officer, err := s.AddUser(NewUser{Email: officerEmail, Passphrase: []byte(officerPass)}, RolePrivacy)
	ok(t, err)
	s.Lock()
	return v, officer, dept, record
}

func TestAttack_APrivacyOfficerReadsTheAuditLogButNoDepartmentRecord(t *testing.T) {
	v, _, dept, record := privacyVault(t)
	s, err := v.Unlock(officerEmail, []byte(officerPass))
	ok(t, err)
	defer s.Lock()
	page, err := s.AuditPage(AuditQuery{})
	ok(t, err)
	if len(page.Entries) < 2 || string(page.Entries[len(page.Entries)-1].Event) != `{"action":"identity.read"}` {
		t.Fatalf("the officer read %d entries: %+v", len(page.Entries), page)
	}
	if _, err := get(s, record); !errors.Is(err, ErrNoAccess) {
		t.Fatalf("the officer opened a department record: %v", err)
	}
	if s.HasDepartment(dept) || s.AllDepartments() {
		t.Fatal("the officer holds a department")
	}
	if ds, _ := s.Departments(); len(ds) != 0 {
		t.Fatalf("the officer holds departments %v", ds)
	}
	if s.HasScope(adminScope) {
		t.Fatal("the officer holds the admin scope")
	}
	if s.ks.vault != nil || s.ks.staff != nil {
		t.Fatal("the officer holds the vault or staff key")
	}
	if _, err := s.Users(); !errors.Is(err, ErrDenied) {
		t.Fatalf("the officer listed the users: %v", err)
	}
	// Checking the chain is theirs too.
	rep, err := s.VerifyAudit(context.Background(), AuditCheck{})
	ok(t, err)
	if len(rep.Problems) != 0 {
		t.Fatalf("problems %v", rep.Problems)
	}
}

func TestAttack_AManagerCannotReadTheAuditLog(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	dept, _ := newDept(t, s)
	ok(t, s.AppendAudit([]byte(`{"action":"identity.read"}`)))
	_, err := s.AddUser(NewUser{Email: "m@example.test", Passphrase: []byte("manager pass")}, RoleManager, dept)
	ok(t, err)
	s.Lock()
	m, err := v.Unlock("m@example.test", []byte("manager pass"))
	ok(t, err)
	defer m.Lock()
	if _, err := m.AuditPage(AuditQuery{}); !errors.Is(err, ErrDenied) {
		t.Fatalf("a manager read a page of the audit log: %v", err)
	}
	if _, err := m.AuditEntries(func(AuditEntry) error { return nil }); !errors.Is(err, ErrDenied) {
		t.Fatalf("a manager listed the audit log: %v", err)
	}
	if _, err := m.AuditStatus(); !errors.Is(err, ErrDenied) {
		t.Fatalf("a manager read the audit status: %v", err)
	}
	if m.ReadsAudit() {
		t.Fatal("a manager holds an audit reader key")
	}
}

func TestRule_RevokingAPrivacyOfficerGivesTheAuditReaderANewKeyTheyNeverGet(t *testing.T) {
	v, officer, _, _ := privacyVault(t)
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	// A second officer stays.
	stays, err := s.AddUser(NewUser{Email: "fg2@example.test", Passphrase: []byte("second officer")}, RolePrivacy)
	ok(t, err)
	before := len(v.keyringSnapshot().st.AuditKeys)
	ok(t, s.Revoke(officer))
	ok(t, s.Rotate(context.Background(), RotateOptions{}))
	st := v.keyringSnapshot().st
	if len(st.AuditKeys) != before+1 {
		t.Fatalf("audit keys %d after the revocation, want %d", len(st.AuditKeys), before+1)
	}
	newest := st.AuditKeys[len(st.AuditKeys)-1].Epoch
	if u := st.user(officer); u.Status != StatusRevoked || len(u.Wrapped) != 0 {
		t.Fatalf("the revoked officer keeps wrapped keys: %+v", u.Wrapped)
	}
	if !hasAuditWrap(st.user(stays), newest) {
		t.Fatal("the remaining officer did not get the new audit key")
	}
	// Sessions from now on write to the new key: the remaining officer reads them.
	s.Lock()
	s2, err := v.Unlock("fg2@example.test", []byte("second officer"))
	ok(t, err)
	ok(t, s2.AppendAudit([]byte(`{"action":"after"}`)))
	if s2.ks.auditTo.Epoch != newest {
		t.Fatalf("sessions wrap to epoch %d, want the new %d", s2.ks.auditTo.Epoch, newest)
	}
	page, err := s2.AuditPage(AuditQuery{Limit: 1})
	ok(t, err)
	if len(page.Entries) != 1 || string(page.Entries[0].Event) != `{"action":"after"}` {
		t.Fatalf("the remaining officer reads %+v", page.Entries)
	}
	s2.Lock()
	if _, err := v.Unlock(officerEmail, []byte(officerPass)); !errors.Is(err, ErrRevoked) {
		t.Fatalf("the revoked officer unlocked: %v", err)
	}
}

func TestRule_APrivacyOfficerWhoBecomesAManagerLosesTheAuditKeysAndAManagerWhoBecomesOfficerHisDepartments(t *testing.T) {
	v, officer, dept, _ := privacyVault(t)
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer func() { s.Lock() }()
	before := len(v.keyringSnapshot().st.AuditKeys)
	_, err = s.SetRole(officer, RoleManager, []ID{dept})
	ok(t, err)
	st := v.keyringSnapshot().st
	if len(st.AuditKeys) != before+1 {
		t.Fatal("no new audit key when the officer left the role")
	}
	for _, w := range st.user(officer).Wrapped {
		if w.What == wrapAudit {
			t.Fatalf("the former officer keeps audit key %d", w.Epoch)
		}
	}
	ok(t, s.Rotate(context.Background(), RotateOptions{}))
	// Back again: the department they held starts rotating.
	_, err = s.SetRole(officer, RolePrivacy, nil)
	ok(t, err)
	st = v.keyringSnapshot().st
	if sc := st.departmentScope(dept); sc.Previous == nil {
		t.Fatal("the manager's department did not start rotating when he became privacy officer")
	}
	u := st.user(officer)
	if len(u.Departments) != 0 || !hasAuditWrap(u, st.AuditKeys[len(st.AuditKeys)-1].Epoch) {
		t.Fatalf("officer entry %+v", u)
	}
}

func TestRule_AuditPageReadsNewestFirstAndFiltersByUserAndPeriodAndEvent(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	for i := range 30 {
		ok(t, s.AppendAudit([]byte(fmt.Sprintf(`{"at":"2026-12-%02dT10:00:00Z","action":"a%d"}`, i%28+1, i%3))))
	}
	page, err := s.AuditPage(AuditQuery{Limit: 10})
	ok(t, err)
	if len(page.Entries) != 10 || page.Next == 0 {
		t.Fatalf("page %d entries, next %d", len(page.Entries), page.Next)
	}
	for i := 1; i < len(page.Entries); i++ {
		if page.Entries[i].Seq >= page.Entries[i-1].Seq {
			t.Fatal("not newest first")
		}
	}
	// Paging on reaches every event once.
	seen := len(page.Entries)
	for page.Next != 0 {
		page, err = s.AuditPage(AuditQuery{Before: page.Next, Limit: 10})
		ok(t, err)
		seen += len(page.Entries)
	}
	if seen != 30 {
		t.Fatalf("paging saw %d events, want 30", seen)
	}
	// Another user: nothing.
	other, err := s.AuditPage(AuditQuery{User: UserID(NewID())})
	ok(t, err)
	if len(other.Entries) != 0 || other.Next != 0 {
		t.Fatalf("another user's page %+v", other)
	}
	mine, err := s.AuditPage(AuditQuery{User: s.UserID(), Limit: 100})
	ok(t, err)
	if len(mine.Entries) != 30 {
		t.Fatalf("own entries %d", len(mine.Entries))
	}
	// Event filter with a scan limit: bounded, and Next continues.
	match := func(e AuditEntry) bool { return string(e.Event[len(e.Event)-4:]) == `a1"}` }
	part, err := s.AuditPage(AuditQuery{Match: match, MaxScan: 5, Limit: 100})
	ok(t, err)
	if part.Scanned != 5 || part.Next == 0 {
		t.Fatalf("scan limit: scanned %d next %d", part.Scanned, part.Next)
	}
	all, err := s.AuditPage(AuditQuery{Match: match, Limit: 100})
	ok(t, err)
	if len(all.Entries) != 10 {
		t.Fatalf("matched %d, want 10", len(all.Entries))
	}
}

func TestRule_AuditStatusNamesTheHeadAndTheLastAdminCheck(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	ok(t, s.AppendAudit([]byte(`{"action":"x"}`)))
	st, err := s.AuditStatus()
	ok(t, err)
	if st.Head != 2 || st.Checked != 0 || !st.CheckedAt.IsZero() || st.Issue != "" {
		t.Fatalf("status before a check %+v", st)
	}
	_, err = s.VerifyAudit(context.Background(), AuditCheck{})
	ok(t, err)
	st, err = s.AuditStatus()
	ok(t, err)
	if st.Checked != 2 || st.CheckedAt.IsZero() {
		t.Fatalf("status after a check %+v", st)
	}
}

func hasAuditWrap(u *userEntry, epoch uint32) bool {
	for _, w := range u.Wrapped {
		if w.What == wrapAudit && w.Epoch == epoch {
			return true
		}
	}
	return false
}

func TestRule_AUserFilterSkipsOtherUsersSessionsAndStillFindsEveryEntry(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "b@example.test", Passphrase: []byte("b pass")}, RoleUser)
	ok(t, err)
	admin := s.UserID()
	s.Lock()
	want := 0
	for i := range 6 { // sessions alternate: admin, b, admin, b, ...
		email, pass := testEmail, testPass
		if i%2 == 1 {
			email, pass = "b@example.test", "b pass"
		}
		si, err := v.Unlock(email, []byte(pass))
		ok(t, err)
		for k := range 7 {
			ok(t, si.AppendAudit([]byte(fmt.Sprintf(`{"action":"s%d-%d"}`, i, k))))
		}
		if i%2 == 0 {
			want += 7
		}
		si.Lock()
	}
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	got, scanned := 0, 0
	var page AuditPageResult
	for first := true; first || page.Next != 0; first = false {
		page, err = s.AuditPage(AuditQuery{User: admin, Before: page.Next, Limit: 4})
		ok(t, err)
		for _, e := range page.Entries {
			if e.User != admin {
				t.Fatalf("entry %d of another user", e.Seq)
			}
		}
		got += len(page.Entries)
		scanned += page.Scanned
	}
	if got < want { // the admin's own earlier entries (AddUser) count too
		t.Fatalf("found %d of the admin's entries, want at least %d", got, want)
	}
	if scanned >= got+3*7 {
		t.Fatalf("looked at %d entries for %d: the other user's sessions were not skipped", scanned, got)
	}
}
