package app

import (
	"testing"

	"kluis/internal/workspace"
)

// The Bewaartermijn facade lists who is past the retention period, anonymised, refuses what may
// not be erased with a code and the persnr, erases the rest with progress events, and Actueel then
// counts one fewer.
func TestRule_TheRetentionFacadeListsErasesWithProgressAndActueelCounts(t *testing.T) {
	h := unlockedHarness(t)
	r := &Retention{s: h.s}
	sh := &Sharing{s: h.s}
	emp := h.employer(t)
	dep, err := h.dirf.CreateDepartment(emp, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	old, err := h.dirf.CreateEmployee(emp, form("1", dep.ID, "Vries"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.dirf.EndEmployment(old.ID, "30-06-2023"); err != nil {
		t.Fatal(err)
	}
	recentForm := form("2", dep.ID, "Bakker")
	recentForm.Identity.BSN = "123456782"
	recent, err := h.dirf.CreateEmployee(emp, recentForm)
	if err != nil {
		t.Fatal(err)
	}
	list, err := r.List()
	if err != nil || len(list.Entries) != 1 || list.Entries[0].EmployeeID != old.ID || list.Entries[0].Persnr != "1" ||
		list.Entries[0].Blocked != "" || list.Entries[0].Ended != "2023-06-30" {
		t.Fatalf("list %+v %v", list, err)
	}
	if att, err := sh.Attention(); err != nil || att.RetentionDue != 1 {
		t.Fatalf("attention %+v %v", att, err)
	}
	_, err = r.Erase([]string{old.ID, recent.ID})
	if ae := appErr(t, err); ae.Code != workspace.CodeNotErasable || len(ae.Params["persnr"]) != 1 || ae.Params["persnr"][0] != "2" {
		t.Fatalf("refusal %+v", ae)
	}
	res, err := r.Erase([]string{old.ID})
	if err != nil || res.Erased != 1 {
		t.Fatalf("erase %+v %v", res, err)
	}
	phases := map[string]bool{}
	for _, p := range h.platform.eventsNamed(EventErasure) {
		phases[p.(ErasureProgress).Phase] = true
	}
	if !phases[ErasurePhaseErase] || !phases[ErasurePhaseCompact] || !phases[ErasurePhaseCheck] {
		t.Fatalf("progress phases %v", phases)
	}
	list, err = r.List()
	if err != nil || len(list.Entries) != 0 || list.Erased != 1 {
		t.Fatalf("list after erasure %+v %v", list, err)
	}
	if att, err := sh.Attention(); err != nil || att.RetentionDue != 0 {
		t.Fatalf("attention after erasure %+v %v", att, err)
	}
	if _, err := h.dirf.Employee(old.ID); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("the erased employee opens: %v", err)
	}
}
