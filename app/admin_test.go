package app

import (
	"testing"
)

const newcomerPass = "lantaarn vlieger pindakaas mossel"

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
	if ae := appErr(t, err); ae.Code != CodeInvalidInput || len(ae.Fields) != 4 {
		t.Fatalf("bad form: %+v", ae)
	}
	filed, err := h.s.RequestAccess(AccessRequestForm{Name: "Noor Nieuw", Email: "noor@korenaar.example", Passphrase: newcomerPass, Role: "manager"})
	if err != nil || filed.Fingerprint == "" {
		t.Fatalf("request: %+v %v", filed, err)
	}
	if _, err := h.s.Unlock("noor@korenaar.example", newcomerPass); appErr(t, err).Code != CodeAccessPending {
		t.Fatalf("before approval: %v", err)
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
	if err := h.admin.Approve(reqs[0].ID, "manager", []string{own.ID}); appErr(t, err).Code != CodeNotFound {
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
	b, err := h.dirf.Employee(inOther.ID)
	if err != nil || b.Identity != nil || b.IdentityRead || b.Persnr != "2" {
		t.Fatalf("other department leaked or missing: %+v %v", b, err)
	}
	if _, err := h.admin.Requests(); appErr(t, err).Code != CodeDenied {
		t.Fatalf("a manager listed requests: %v", err)
	}
}

func TestRule_ARejectedRequestIsGone(t *testing.T) {
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
	if err := h.admin.Reject(reqs[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := h.admin.Reject(reqs[0].ID); appErr(t, err).Code != CodeNotFound {
		t.Fatalf("rejecting twice: %v", err)
	}
	if reqs, _ := h.admin.Requests(); len(reqs) != 0 {
		t.Fatal("still listed")
	}
}
