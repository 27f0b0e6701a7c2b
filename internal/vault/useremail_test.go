package vault

import (
	"errors"
	"testing"
)

// An administrator gives another user a new unlock address (approving that user's request):
// the new address unlocks, the old one no longer; other roles cannot; an address another user
// or a pending request has is refused, and CheckEmailFree says so before anything is written.
func TestRule_AnAdminChangesAnotherUsersUnlockEmail(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	const hrEmail, hrPass, newEmail = "hr@korenaar.example", "hr wachtwoordzin voor deze test", "hr.nieuw@korenaar.example"
	hr, err := s.AddUser(NewUser{Email: hrEmail, Passphrase: []byte(hrPass)}, RoleUser)
	ok(t, err)
	if err := s.CheckEmailFree(hr, testEmail); !errors.Is(err, ErrEmailTaken) {
		t.Fatalf("the admin's address is free for hr: %v", err)
	}
	if err := s.CheckEmailFree(hr, hrEmail); err != nil {
		t.Fatalf("hr's own address: %v", err)
	}
	if err := s.ChangeUserEmail(hr, testEmail); !errors.Is(err, ErrEmailTaken) {
		t.Fatalf("taken address: %v", err)
	}
	ok(t, s.ChangeUserEmail(hr, newEmail))
	s.Lock()
	if _, err := v.Unlock(hrEmail, []byte(hrPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the old address still unlocks: %v", err)
	}
	h, err := v.Unlock(newEmail, []byte(hrPass))
	ok(t, err)
	defer h.Lock()
	if err := h.ChangeUserEmail(hr, "weer.anders@korenaar.example"); !errors.Is(err, ErrDenied) {
		t.Fatalf("a user changed their own lookup: %v", err)
	}
	h.Lock()
	fileRequest(t, v)
	a, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer a.Lock()
	if err := a.CheckEmailFree(hr, requesterEmail); !errors.Is(err, ErrEmailTaken) {
		t.Fatalf("a pending request's address is free: %v", err)
	}
	if err := a.ChangeUserEmail(hr, requesterEmail); !errors.Is(err, ErrEmailTaken) {
		t.Fatalf("a pending request's address was given: %v", err)
	}
}
