package app

import (
	"testing"

	"kluis/internal/workspace"
)

// A user who is not an admin asks for a new address in "Mijn account": the status says it waits
// (after an unlock too), the admin's facade lists it and approves it, and from then on the user
// unlocks with the new address; a user cannot list or approve, and a bad id is refused.
func TestRule_AUsersEmailChangeWaitsForTheAdminsAkkoordThroughTheFacades(t *testing.T) {
	h := unlockedHarness(t)
	noor := h.approveNoor(t, "user")
	h.s.Lock()
	if _, err := h.s.Unlock("noor@korenaar.example", newcomerPass); err != nil {
		t.Fatal(err)
	}
	st, err := h.s.UpdateOwnAccount("Noor Nieuw", "noor.nieuw@korenaar.example")
	if err != nil || st.User == nil || st.User.Email != "noor@korenaar.example" || st.User.PendingEmail != "noor.nieuw@korenaar.example" {
		t.Fatalf("status %+v %v", st.User, err)
	}
	if _, err := h.admin.EmailChanges(); appErr(t, err).Code != workspace.CodeDenied {
		t.Fatalf("a user lists e-mail changes: %v", err)
	}
	if err := h.admin.ApproveEmailChange(noor); appErr(t, err).Code != workspace.CodeDenied {
		t.Fatalf("a user approves: %v", err)
	}
	h.s.Lock()
	if st, err = h.s.Unlock("noor@korenaar.example", newcomerPass); err != nil || st.User.PendingEmail != "noor.nieuw@korenaar.example" {
		t.Fatalf("after unlock %+v %v", st.User, err)
	}
	h.s.Lock()
	if _, err := h.s.Unlock(validNewVault().AdminEmail, strong); err != nil {
		t.Fatal(err)
	}
	list, err := h.admin.EmailChanges()
	if err != nil || len(list) != 1 || list[0] != (EmailChangeInfo{UserID: noor, Name: "Noor Nieuw", Email: "noor@korenaar.example", NewEmail: "noor.nieuw@korenaar.example"}) {
		t.Fatalf("list %+v %v", list, err)
	}
	if err := h.admin.ApproveEmailChange("geen-id"); appErr(t, err).Code != workspace.CodeInvalidInput {
		t.Fatalf("a bad id: %v", err)
	}
	if err := h.admin.ApproveEmailChange(noor); err != nil {
		t.Fatal(err)
	}
	if err := h.admin.RejectEmailChange(noor); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("rejecting a handled change: %v", err)
	}
	h.s.Lock()
	if st, err = h.s.Unlock("noor.nieuw@korenaar.example", newcomerPass); err != nil || st.User.Email != "noor.nieuw@korenaar.example" || st.User.PendingEmail != "" {
		t.Fatalf("the new address %+v %v", st.User, err)
	}
}
