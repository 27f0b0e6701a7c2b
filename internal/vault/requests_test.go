package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const requesterEmail, requesterPass = "nieuw@korenaar.example", "een eigen wachtwoordzin voor de test"

func fileRequest(t *testing.T, v *Vault, depts ...ID) UserID {
	t.Helper()
	role := RoleUser
	if len(depts) > 0 {
		role = RoleManager
	}
	id, fp, err := v.RequestAccess(NewRequest{Name: "Noor Nieuw", Email: requesterEmail, Passphrase: []byte(requesterPass), Role: role, Departments: depts})
	ok(t, err)
	if len(fp) != 24 {
		t.Fatalf("fingerprint %q", fp)
	}
	return id
}

func TestRule_ARequesterWaitsForApprovalAndAWrongPassphraseStillCountsAsAFailure(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	fileRequest(t, v)
	if _, err := v.Unlock(requesterEmail, []byte(requesterPass)); !errors.Is(err, ErrPending) {
		t.Fatalf("requester unlock: %v, want ErrPending", err)
	}
	if _, err := v.Unlock(requesterEmail, []byte("niet de goede")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if v.kr.local.Unknown.Count != 1 {
		t.Fatalf("failures %d, want 1", v.kr.local.Unknown.Count)
	}
}

func TestRule_AnAdminSeesTheRequestersNameAndEmailAndCanRejectItWithAReasonOnlyTheRequesterReads(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptID, _ := newDept(t, s)
	s.Lock()
	id := fileRequest(t, v, deptID)
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	list, err := s.Requests()
	ok(t, err)
	if len(list) != 1 || list[0].ID != id || list[0].Name != "Noor Nieuw" || list[0].Email != requesterEmail ||
		list[0].Role != RoleManager || len(list[0].Departments) != 1 || list[0].Departments[0] != deptID {
		t.Fatalf("requests %+v", list)
	}
	if err := s.RejectRequest(id, "  "); err == nil {
		t.Fatal("a rejection without a reason was accepted")
	}
	const reason = "Vraag toegang aan als leidinggevende van Inkoop"
	ok(t, s.RejectRequest(id, reason))
	if list, _ := s.Requests(); len(list) != 0 {
		t.Fatal("the rejected request is still listed")
	}
	if err := s.RejectRequest(id, reason); !errors.Is(err, ErrNotFound) {
		t.Fatalf("rejecting twice: %v", err)
	}
	if err := s.Approve(id, RoleUser, nil); !errors.Is(err, ErrNotFound) {
		t.Fatalf("approving a rejected request: %v", err)
	}
	s.Lock()
	b, err := os.ReadFile(v.requestPath(id))
	ok(t, err)
	if bytes.Contains(b, []byte("Inkoop")) {
		t.Fatal("the reason is in clear in the request file")
	}
	if _, err := v.Unlock(requesterEmail, []byte("niet de goede")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase learns of the rejection: %v", err)
	}
	_, err = v.Unlock(requesterEmail, []byte(requesterPass))
	var rej *RejectedError
	if !errors.As(err, &rej) || !errors.Is(err, ErrRejected) || rej.Reason != reason {
		t.Fatalf("requester after rejection: %v", err)
	}
	// A new request with the same e-mail replaces the rejected one.
	id2 := fileRequest(t, v)
	if _, err := os.Stat(v.requestPath(id)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the rejected request is still on file: %v", err)
	}
	if _, err := v.Unlock(requesterEmail, []byte(requesterPass)); !errors.Is(err, ErrPending) || id2 == id {
		t.Fatalf("after a new request: %v", err)
	}
}

func TestRule_RequestsNeverHoldNameOrEmailInClearAndNeverAskForAdmin(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	if _, _, err := v.RequestAccess(NewRequest{Name: "X", Email: "x@y.example", Passphrase: []byte("p"), Role: RoleAdmin}); !errors.Is(err, ErrDenied) {
		t.Fatalf("an admin request: %v", err)
	}
	fileRequest(t, v)
	if _, _, err := v.RequestAccess(NewRequest{Name: "Noor", Email: requesterEmail, Passphrase: []byte("p"), Role: RoleUser}); !errors.Is(err, ErrExists) {
		t.Fatalf("a second request with the same e-mail: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, requestsDir, "*.json"))
	ok(t, err)
	if len(files) != 1 {
		t.Fatalf("%d request files", len(files))
	}
	b, err := os.ReadFile(files[0])
	ok(t, err)
	for _, c := range []string{"Noor", "nieuw@korenaar", "korenaar.example"} {
		if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(c))) {
			t.Fatalf("the request file holds %q in clear", c)
		}
	}
}

func TestRule_ATamperedRequestIsIgnored(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	fileRequest(t, v)
	files, err := filepath.Glob(filepath.Join(dir, requestsDir, "*.json"))
	ok(t, err)
	var f requestFile
	b, err := os.ReadFile(files[0])
	ok(t, err)
	ok(t, json.Unmarshal(b, &f))
	f.Role = RoleUser
	f.Departments = nil
	f.Created = f.Created.Add(-1)
	b, err = json.Marshal(f)
	ok(t, err)
	ok(t, os.WriteFile(files[0], b, 0o600))
	if _, err := v.Unlock(requesterEmail, []byte(requesterPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("a tampered request still answers: %v", err)
	}
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	if list, _ := s.Requests(); len(list) != 0 {
		t.Fatalf("a tampered request is listed: %+v", list)
	}
}

func TestRule_OnlyAnAdminListsOrRejectsRequests(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	s.Lock()
	id := fileRequest(t, v)
	u, err := v.Unlock("user@example.test", []byte("pw"))
	ok(t, err)
	defer u.Lock()
	if _, err := u.Requests(); !errors.Is(err, ErrDenied) {
		t.Fatalf("a user listed requests: %v", err)
	}
	if err := u.RejectRequest(id, "nee"); !errors.Is(err, ErrDenied) {
		t.Fatalf("a user rejected a request: %v", err)
	}
}

func TestRule_AnApprovedManagerUnlocksWithTheirOwnPassphraseAndOpensOnlyTheirDepartment(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptAID, deptA := newDept(t, s)
	deptBID, deptB := newDept(t, s)
	a, b := NewID(), NewID()
	put(t, s, a, deptA, "identity A")
	put(t, s, b, deptB, "identity B")
	s.Lock()
	id := fileRequest(t, v, deptAID, deptBID)
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	// The admin narrows the request to one department before approving.
	ok(t, s.Approve(id, RoleManager, []ID{deptAID}))
	if err := s.Approve(id, RoleManager, []ID{deptAID}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("approving twice: %v", err)
	}
	s.Lock()
	m, err := v.Unlock(requesterEmail, []byte(requesterPass))
	ok(t, err)
	defer m.Lock()
	if m.Role() != RoleManager || m.UserID() != id {
		t.Fatalf("role %s id %s", m.Role(), m.UserID())
	}
	ok(t, m.View(func(tx *Tx) error {
		if _, err := tx.Get(kindTest, a); err != nil {
			return err
		}
		if _, err := tx.Get(kindTest, b); !errors.Is(err, ErrNoAccess) {
			t.Errorf("the manager opened the other department: %v", err)
		}
		return nil
	}))
}

func TestRule_ARequestBelowTheKDFFloorIsNotApproved(t *testing.T) {
	// A requester who chose weak key-derivation parameters would protect department keys with
	// them: a real vault (no test option) refuses to approve such a request.
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	id := fileRequest(t, v) // the test KDF: 1 MiB, t = 1
	ok(t, v.Close())
	strict := testOptions(nil)
	strict.AllowWeakKDF = false
	v, err := Open(dir, strict)
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	if err := s.Approve(id, RoleUser, nil); !errors.Is(err, ErrWeakParams) {
		t.Fatalf("a weak request was approved: %v", err)
	}
}

func TestRule_OnlyAnAdminApproves(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: "user@example.test", Passphrase: []byte("pw")}, RoleUser)
	ok(t, err)
	s.Lock()
	id := fileRequest(t, v)
	u, err := v.Unlock("user@example.test", []byte("pw"))
	ok(t, err)
	defer u.Lock()
	if err := u.Approve(id, RoleUser, nil); !errors.Is(err, ErrDenied) {
		t.Fatalf("a user approved a request: %v", err)
	}
}

func TestRule_GivingAManagerAnotherDepartmentNeedsNoRotation(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptAID, deptA := newDept(t, s)
	deptBID, deptB := newDept(t, s)
	s.Lock()
	id := fileRequest(t, v, deptAID)
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	ok(t, s.Approve(id, RoleManager, []ID{deptAID}))
	_, err = s.SetRole(id, RoleManager, []ID{deptAID, deptBID})
	ok(t, err)
	_ = deptA
	s.Lock()
	m, err := v.Unlock(requesterEmail, []byte(requesterPass))
	ok(t, err)
	defer m.Lock()
	if !m.HasScope(deptB) || !m.HasScope(deptA) {
		t.Fatal("the departments are not held")
	}
	if len(m.PendingRotation()) != 0 {
		t.Fatal("adding a department started a rotation")
	}
}

func TestRule_ARequesterCanWithdrawTheirRequestAndAWithdrawnRequestCannotBeApproved(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	id := fileRequest(t, v)
	if err := v.WithdrawRequest(requesterEmail, []byte("niet de goede")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("withdrawing with a wrong passphrase: %v", err)
	}
	ok(t, v.WithdrawRequest(requesterEmail, []byte(requesterPass)))
	if _, err := v.Unlock(requesterEmail, []byte(requesterPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("after withdrawing: %v", err)
	}
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	if err := s.Approve(id, RoleUser, nil); !errors.Is(err, ErrNotFound) {
		t.Fatalf("approving a withdrawn request: %v", err)
	}
}
