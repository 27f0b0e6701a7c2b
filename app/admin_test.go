package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/workspace"
)

const newcomerPass = "lantaarn vlieger pindakaas mossel"

// approveNoor has Noor Nieuw request access (the vault locked), unlocks as the admin again and
// approves her with role (a user or an admin: no departments to choose); it returns her user
// id, with the admin unlocked.
func (h *harness) approveNoor(t *testing.T, role string) string {
	t.Helper()
	h.s.Lock()
	if _, err := h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example",
		Passphrase: newcomerPass, Role: "user"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Unlock(validNewVault().AdminEmail, strong); err != nil {
		t.Fatal(err)
	}
	reqs, err := h.admin.Requests()
	if err != nil || len(reqs) != 1 {
		t.Fatalf("%+v %v", reqs, err)
	}
	if err := h.admin.Approve(reqs[0].ID, role, nil); err != nil {
		t.Fatal(err)
	}
	users, err := h.admin.Users()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == "noor@korenaar.example" {
			return u.ID
		}
	}
	t.Fatal("the approved user is not listed")
	return ""
}

func TestRule_ARequesterWaitsThenAnApprovedManagerSeesOnlyTheirDepartment(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	own, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	other, err := h.dirf.CreateDepartment(emp, "", "Kantoor", "")
	if err != nil {
		t.Fatal(err)
	}
	inOwn, err := h.dirf.CreateEmployee(emp, form("1", own.ID, "Vries"))
	if err != nil {
		t.Fatal(err)
	}
	f2 := form("2", other.ID, "Jansen")
	f2.Identity.BSN = "123456782"
	inOther, err := h.dirf.CreateEmployee(emp, f2)
	if err != nil {
		t.Fatal(err)
	}
	h.s.Lock()

	// A bad form: every field error at once, nothing filed.
	_, err = h.s.RequestAccess(AccessRequestForm{Name: "", Email: "noor@", Passphrase: "kort", Role: "admin"})
	if ae := appErr(t, err); ae.Code != workspace.CodeInvalidInput || len(ae.Fields) != 4 {
		t.Fatalf("bad form: %+v", ae)
	}
	filed, err := h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "manager"})
	if err != nil || filed.Fingerprint == "" {
		t.Fatalf("request: %+v %v", filed, err)
	}
	if _, err := h.s.Unlock("noor@korenaar.example", newcomerPass); appErr(t, err).Code != workspace.CodeAccessPending {
		t.Fatalf("before approval: %v", err)
	}
	// Withdrawn and filed again: only the passphrase that filed it can take it back.
	if err := h.s.WithdrawRequest("noor@korenaar.example", "niet de goede wachtwoordzin"); appErr(t, err).Code != workspace.CodeWrongPassphrase {
		t.Fatalf("withdraw with a wrong passphrase: %v", err)
	}
	if err := h.s.WithdrawRequest("noor@korenaar.example", newcomerPass); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Unlock("noor@korenaar.example", newcomerPass); appErr(t, err).Code != workspace.CodeWrongPassphrase {
		t.Fatalf("after withdrawing: %v", err)
	}
	if filed, err = h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "manager"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Unlock("petra@korenaar.example", strong); err != nil {
		t.Fatal(err)
	}
	reqs, err := h.admin.Requests()
	if err != nil || len(reqs) != 1 || reqs[0].Name != "Noor Nieuw" || reqs[0].Fingerprint != filed.Fingerprint {
		t.Fatalf("requests %+v %v", reqs, err)
	}
	if err := h.admin.Approve(reqs[0].ID, "manager", []string{own.ID}); err != nil {
		t.Fatal(err)
	}
	if err := h.admin.Approve(reqs[0].ID, "manager", []string{own.ID}); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("approving twice: %v", err)
	}
	h.s.Lock()

	st, err := h.s.Unlock("noor@korenaar.example", newcomerPass)
	if err != nil || st.User == nil || st.User.Name != "Noor Nieuw" || st.User.Role != "manager" {
		t.Fatalf("the manager's unlock: %+v %v", st, err)
	}
	a, err := h.dirf.Employee(inOwn.ID)
	if err != nil || a.Identity == nil || a.Identity.Surname != "Vries" {
		t.Fatalf("own department: %+v %v", a, err)
	}
	// Another department's employees are not even listed for a manager.
	if b, err := h.dirf.Employee(inOther.ID); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("other department leaked: %+v %v", b, err)
	}
	if _, err := h.admin.Requests(); appErr(t, err).Code != workspace.CodeDenied {
		t.Fatalf("a manager listed requests: %v", err)
	}
}

func TestRule_ARejectionNeedsAReasonWhichOnlyTheRequesterReadsAtUnlock(t *testing.T) {
	h := unlockedHarness(t)
	h.s.Lock()
	if _, err := h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "user"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Unlock("petra@korenaar.example", strong); err != nil {
		t.Fatal(err)
	}
	reqs, err := h.admin.Requests()
	if err != nil || len(reqs) != 1 {
		t.Fatalf("%+v %v", reqs, err)
	}
	if ae := appErr(t, h.admin.Reject(reqs[0].ID, " ")); ae.Code != workspace.CodeInvalidInput || ae.Fields["reason"] != "required" {
		t.Fatalf("no reason: %+v", ae)
	}
	const reason = "Vraag toegang aan als leidinggevende van het magazijn."
	if err := h.admin.Reject(reqs[0].ID, reason); err != nil {
		t.Fatal(err)
	}
	if err := h.admin.Reject(reqs[0].ID, reason); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("rejecting twice: %v", err)
	}
	if reqs, _ := h.admin.Requests(); len(reqs) != 0 {
		t.Fatal("still listed")
	}
	if ev := h.auditEvents(t); ev[len(ev)-1].Action != audit.ActionAccessReject || strings.Contains(ev[len(ev)-1].Detail, "magazijn") {
		t.Fatalf("audit %+v", ev[len(ev)-1])
	}
	h.s.Lock()
	_, err = h.s.Unlock("noor@korenaar.example", newcomerPass)
	if ae := appErr(t, err); ae.Code != workspace.CodeAccessRejected || ae.Detail != reason {
		t.Fatalf("the requester after rejection: %+v", ae)
	}
	_, err = h.s.Unlock("noor@korenaar.example", "een andere wachtwoordzin die niet klopt")
	if ae := appErr(t, err); ae.Code != workspace.CodeWrongPassphrase || ae.Detail != "" {
		t.Fatalf("a wrong passphrase learned of the rejection: %+v", ae)
	}
}

func TestRule_AutorisatiesListsUsersAndRevocationReSealsWhileSearchKeepsWorking(t *testing.T) {
	h := unlockedHarness(t)
	emp := h.employer(t)
	own, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	f := form("1", own.ID, "Vries")
	f.Identity.BSN = "123456782"
	if _, err := h.dirf.CreateEmployee(emp, f); err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	if _, err := h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "manager"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Unlock("petra@korenaar.example", strong); err != nil {
		t.Fatal(err)
	}
	reqs, _ := h.admin.Requests()
	if err := h.admin.Approve(reqs[0].ID, "manager", []string{own.ID}); err != nil {
		t.Fatal(err)
	}
	users, err := h.admin.Users()
	if err != nil || len(users) != 2 {
		t.Fatalf("users %+v %v", users, err)
	}
	var petra, noor UserRow
	for _, u := range users {
		if u.Email == "noor@korenaar.example" {
			noor = u
		} else {
			petra = u
		}
	}
	if !petra.Self || !petra.Founder || petra.Role != "admin" || !petra.AllDepartments || petra.LastActivity == "" {
		t.Fatalf("the admin's row %+v", petra)
	}
	if noor.Role != "manager" || noor.Status != "active" || noor.GrantedBy != "Petra Beheer" || noor.AllDepartments ||
		len(noor.Departments) != 1 || noor.Departments[0].Path != "Magazijn" || noor.LastActivity != "" {
		t.Fatalf("the manager's row %+v", noor)
	}
	// The last admin stays; a manager needs a department.
	if _, err := h.admin.SetRole(petra.ID, "user", nil); appErr(t, err).Code != workspace.CodeLastAdmin {
		t.Fatalf("the last admin stepped down: %v", err)
	}
	if _, err := h.admin.SetRole(noor.ID, "manager", nil); appErr(t, err).Fields["departments"] != "required" {
		t.Fatalf("a manager without departments: %v", err)
	}
	if ae := appErr(t, h.admin.Revoke(noor.ID, "")); ae.Fields["reason"] != "required" {
		t.Fatalf("a revocation without a reason: %+v", ae)
	}
	if err := h.admin.Revoke(petra.ID, "zelf"); appErr(t, err).Code != workspace.CodeDenied {
		t.Fatalf("an admin revoked themselves: %v", err)
	}

	h.platform.mu.Lock()
	h.platform.events, h.platform.payloads = nil, nil
	h.platform.mu.Unlock()
	if err := h.admin.Revoke(noor.ID, "Uit dienst"); err != nil {
		t.Fatal(err)
	}
	if pending, err := h.admin.PendingRevocation(); err != nil || pending {
		t.Fatalf("pending after revoke: %v %v", pending, err)
	}
	h.platform.mu.Lock()
	last := h.platform.payloads[len(h.platform.payloads)-1].(RotationProgress)
	h.platform.mu.Unlock()
	if last.Phase != RotationPhaseDone || last.Total == 0 {
		t.Fatalf("rotation progress %+v", last)
	}
	answer, err := h.dirf.Search("123456782")
	hits := answer.Hits
	if err != nil || len(hits) != 1 {
		t.Fatalf("BSN search after the re-seal: %+v %v", hits, err)
	}
	users, _ = h.admin.Users()
	for _, u := range users {
		if u.ID == noor.ID && (u.Status != "revoked" || u.RevokedBy != "Petra Beheer" || len(u.Departments) != 0) {
			t.Fatalf("revoked row %+v", u)
		}
	}
	if err := h.admin.Revoke(noor.ID, "nogmaals"); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("revoking twice: %v", err)
	}
	h.s.Lock()
	if _, err := h.s.Unlock("noor@korenaar.example", newcomerPass); appErr(t, err).Code != workspace.CodeAccessRevoked {
		t.Fatalf("the revoked manager unlocks: %v", err)
	}
}

func TestRule_WithdrawingAdminRightsReplacesTheRecoveryCodeAndTheNewKitWaitsUntilSaved(t *testing.T) {
	h := unlockedHarness(t)
	noor := h.approveNoor(t, "admin")
	var petra string
	users, _ := h.admin.Users()
	for _, u := range users {
		if u.Self {
			petra = u.ID
		}
	}
	if _, err := h.admin.SetRole(petra, "user", nil); appErr(t, err).Code != workspace.CodeSelfStepDown {
		t.Fatalf("an admin withdrew their own rights: %v", err)
	}
	change, err := h.admin.SetRole(noor, "user", nil)
	if err != nil || change.NewRecoveryCode == "" || !change.Status.RecoveryKitPending || !change.Status.RecoveryKitReplaced {
		t.Fatalf("withdrawing Noor's admin rights: %+v %v", change, err)
	}
	// Locked before saving: the kit comes back at the next unlock.
	h.s.Lock()
	st, err := h.s.Unlock("petra@korenaar.example", strong)
	if err != nil || !st.RecoveryKitPending || !st.RecoveryKitReplaced {
		t.Fatalf("after a lock: %+v %v", st, err)
	}
	if st, err = h.s.ConfirmEmergencyKit(); err != nil || st.RecoveryKitPending {
		t.Fatalf("confirm: %+v %v", st, err)
	}
	h.s.Lock()
	if st, err = h.s.Unlock("petra@korenaar.example", strong); err != nil || st.RecoveryKitPending {
		t.Fatalf("after the kit was saved: %+v %v", st, err)
	}
	h.s.Lock()
	if st, err := h.s.Unlock("noor@korenaar.example", newcomerPass); err != nil || st.User.Role != "user" || st.RecoveryKitPending {
		t.Fatalf("Noor after stepping down: %+v %v", st, err)
	}
}

// Issue 17, item 2: an e-mail that already has access, or a pending request, is told so and sent
// to unlock; it never reads as "a vault exists at this location".
func TestRule_AnAccessRequestForAnEmailWithAccessOrARequestSaysSoNotVaultExists(t *testing.T) {
	h := unlockedHarness(t)
	h.s.Lock()
	_, err := h.s.RequestAccess(AccessRequestForm{Name: "Petra Twee", Email: validNewVault().AdminEmail, Passphrase: newcomerPass, Role: "user"})
	if ae := appErr(t, err); ae.Code != workspace.CodeAccessExists || !strings.Contains(ae.Message, "unlock") {
		t.Fatalf("the admin's own e-mail: %+v", ae)
	}
	if _, err := h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "user"}); err != nil {
		t.Fatal(err)
	}
	_, err = h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "manager"})
	if ae := appErr(t, err); ae.Code != workspace.CodeAccessExists {
		t.Fatalf("a second request: %+v", ae)
	}
	if p := workspace.Describe(workspace.CodeAccessExists); !strings.Contains(p.Dutch, "ontgrendel") || strings.Contains(p.Dutch, "locatie") {
		t.Fatalf("Dutch text: %q", p.Dutch)
	}
}

func TestRule_ActueelListsTheWaitingAccessRequestsOldestFirstWithWhenTheyWereFiled(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	for _, who := range []struct{ name, email string }{{"Noor Nieuw", "noor@korenaar.example"}, {"Sem Later", "sem@korenaar.example"}} {
		if _, err := h.s.RequestAccess(AccessRequestForm{Name: who.name, Email: who.email, Passphrase: newcomerPass, Role: "user"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.s.Unlock(validNewVault().AdminEmail, strong); err != nil {
		t.Fatal(err)
	}
	att, err := (&Sharing{s: h.s}).Attention()
	if err != nil {
		t.Fatal(err)
	}
	if att.AccessRequests != 2 || len(att.Requests) != 2 || att.Requests[0].Name != "Noor Nieuw" || att.Requests[1].Name != "Sem Later" {
		t.Fatalf("requests on Actueel: %+v", att)
	}
	noor, err1 := time.Parse(time.RFC3339, att.Requests[0].Requested)
	sem, err2 := time.Parse(time.RFC3339, att.Requests[1].Requested)
	if err1 != nil || err2 != nil || sem.Before(noor) || time.Since(noor) > time.Minute {
		t.Fatalf("when the requests were filed: %+v", att.Requests)
	}
}
