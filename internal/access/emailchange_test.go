package access

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

const hrNew = "henk.nieuw@vaulttest.invalid"

// requestNew has the HR user ask for hrNew (and a new name), then locks.
func requestNew(t *testing.T, v *vault.Vault) {
	t.Helper()
	s := unlock(t, v, hrEmail, hrPass)
	ch, err := UpdateOwnAccount(s, "Henk de Vries", " Henk.Nieuw@vaulttest.invalid ")
	if err != nil || !ch.NameChanged || !ch.EmailChanged || ch.Profile.PendingEmail != hrNew || ch.Profile.Email != hrEmail {
		t.Fatalf("change %+v %v", ch, err)
	}
	s.Lock()
}

func mustNotUnlock(t *testing.T, v *vault.Vault, email, pass string) {
	t.Helper()
	if s, err := v.Unlock(email, []byte(pass)); !errors.Is(err, vault.ErrWrongPassphrase) {
		if s != nil {
			s.Lock()
		}
		t.Fatalf("%s unlocks: %v", email, err)
	}
}

// A user who is not an administrator asks for a new address: it waits in their own signed
// profile, they keep unlocking with the old one, and an administrator sees the request.
func TestRule_AUsersNewEmailWaitsForAnAdminAndTheOldOneStillUnlocks(t *testing.T) {
	v, _, hr := withProfiles(t)
	requestNew(t, v)
	mustNotUnlock(t, v, hrNew, hrPass)
	s := unlock(t, v, hrEmail, hrPass)
	if p, err := profileOf(t, s, hr); err != nil || p.Name != "Henk de Vries" || p.Email != hrEmail || p.PendingEmail != hrNew {
		t.Fatalf("profile %+v %v", p, err)
	}
	if _, err := PendingEmailChanges(s); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a user lists requests: %v", err)
	}
	if _, err := ApproveEmailChange(s, hr); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a user approves their own request: %v", err)
	}
	if err := RejectEmailChange(s, hr); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a user rejects: %v", err)
	}
	s.Lock()
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	list, err := PendingEmailChanges(a)
	if err != nil || len(list) != 1 || list[0] != (EmailChange{User: hr, Name: "Henk de Vries", Email: hrEmail, NewEmail: hrNew}) {
		t.Fatalf("requests %+v %v", list, err)
	}
}

// Saving the old address again withdraws the request.
func TestRule_SavingTheOldEmailAgainWithdrawsTheRequest(t *testing.T) {
	v, _, hr := withProfiles(t)
	requestNew(t, v)
	s := unlock(t, v, hrEmail, hrPass)
	ch, err := UpdateOwnAccount(s, "Henk de Vries", hrEmail)
	if err != nil || ch.NameChanged || !ch.EmailChanged || ch.Profile.PendingEmail != "" {
		t.Fatalf("change %+v %v", ch, err)
	}
	if p, _ := profileOf(t, s, hr); p.PendingEmail != "" {
		t.Fatalf("profile %+v", p)
	}
	s.Lock()
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if list, err := PendingEmailChanges(a); err != nil || len(list) != 0 {
		t.Fatalf("requests %+v %v", list, err)
	}
}

// An administrator's Akkoord makes the new address unlock and the old one no longer; the
// profile, now signed by the administrator, says the new address to everyone.
func TestRule_AnApprovedEmailUnlocksAndTheOldOneNoLonger(t *testing.T) {
	v, admin, hr := withProfiles(t)
	requestNew(t, v)
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	p, err := ApproveEmailChange(a, hr)
	if err != nil || p.Email != hrNew || p.PendingEmail != "" {
		t.Fatalf("approve %+v %v", p, err)
	}
	if list, _ := PendingEmailChanges(a); len(list) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
	if _, err := ApproveEmailChange(a, hr); !errors.Is(err, ErrNoEmailChange) {
		t.Fatalf("approved twice: %v", err)
	}
	a.Lock()
	mustNotUnlock(t, v, hrEmail, hrPass)
	s := unlock(t, v, hrNew, hrPass)
	got, err := profileOf(t, s, hr)
	if err != nil || got.Email != hrNew || got.PendingEmail != "" || got.By != admin || got.Name != "Henk de Vries" {
		t.Fatalf("profile %+v %v", got, err)
	}
}

// A rejection clears the request; the old address keeps unlocking, the new one does not.
func TestRule_ARejectedEmailChangeKeepsTheOldAddress(t *testing.T) {
	v, _, hr := withProfiles(t)
	requestNew(t, v)
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if err := RejectEmailChange(a, hr); err != nil {
		t.Fatal(err)
	}
	if list, _ := PendingEmailChanges(a); len(list) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
	a.Lock()
	mustNotUnlock(t, v, hrNew, hrPass)
	s := unlock(t, v, hrEmail, hrPass)
	if p, err := profileOf(t, s, hr); err != nil || p.Email != hrEmail || p.PendingEmail != "" {
		t.Fatalf("profile %+v %v", p, err)
	}
}

// A user cannot ask for an address another user has; an address another user took after the
// request is refused at the Akkoord, and nothing changes.
func TestRule_AnEmailTakenMeanwhileIsRefusedAtApproval(t *testing.T) {
	v, _, hr := withProfiles(t)
	s := unlock(t, v, hrEmail, hrPass)
	if _, err := UpdateOwnAccount(s, "Henk HR", vaulttest.AdminEmail); !errors.Is(err, vault.ErrEmailTaken) {
		t.Fatalf("asked for the admin's address: %v", err)
	}
	s.Lock()
	requestNew(t, v)
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if _, err := a.AddUser(vault.NewUser{Email: hrNew, Passphrase: []byte("een ander met hetzelfde adres")}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	if _, err := ApproveEmailChange(a, hr); !errors.Is(err, vault.ErrEmailTaken) {
		t.Fatalf("approved a taken address: %v", err)
	}
	if list, _ := PendingEmailChanges(a); len(list) != 1 {
		t.Fatalf("the refused request is gone: %+v", list)
	}
	a.Lock()
	unlock(t, v, hrEmail, hrPass)
}

// The attack: a third user writes a request for a new address into the HR user's profile,
// signed with their own key (or re-signs it as if from HR with their key). It does not verify
// as HR's own, so no administrator sees it and nobody can approve it.
func TestAttack_AnEmailRequestWrittenIntoAnotherUsersProfileIsNotListed(t *testing.T) {
	v, _, hr := withProfiles(t)
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	const evilEmail, evilPass = "mallory@vaulttest.invalid", "mallory's passphrase for this test"
	if _, err := a.AddUser(vault.NewUser{Email: evilEmail, Passphrase: []byte(evilPass)}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	a.Lock()
	m := unlock(t, v, evilEmail, evilPass)
	forged := Profile{Name: "Henk HR", Email: hrEmail, PendingEmail: "mallory.tweede@vaulttest.invalid"}
	sig, err := m.SignStatement(profileDomain, signedPart(hr, forged))
	if err != nil {
		t.Fatal(err)
	}
	forged.By, forged.Sig = hr, sig // claims to be HR's own
	if err := m.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindProfile, hr.RecordID(), m.DirectoryScope(), &forged)
	}); err != nil {
		t.Fatal(err)
	}
	m.Lock()
	a = unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if list, err := PendingEmailChanges(a); err != nil || len(list) != 0 {
		t.Fatalf("a forged request is listed: %+v %v", list, err)
	}
	if _, err := ApproveEmailChange(a, hr); !errors.Is(err, ErrNoEmailChange) {
		t.Fatalf("a forged request was approved: %v", err)
	}
}

// A profile signed before PendingEmail existed (its signed part had no such field) still
// verifies: the signed part of a profile without a request is byte-for-byte the old one.
func TestRule_AProfileSignedBeforePendingEmailExistedStillVerifies(t *testing.T) {
	v, _, hr := withProfiles(t)
	s := unlock(t, v, hrEmail, hrPass)
	p := Profile{Name: "Henk HR", Email: hrEmail, LastSeen: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	old, _ := json.Marshal(struct {
		User     string    `json:"user"`
		Name     string    `json:"name"`
		Email    string    `json:"email"`
		LastSeen time.Time `json:"lastSeen"`
	}{hr.String(), p.Name, p.Email, p.LastSeen})
	sig, err := s.SignStatement(profileDomain, old)
	if err != nil {
		t.Fatal(err)
	}
	p.By, p.Sig = hr, sig
	if !Valid(s, hr, p) {
		t.Fatal("a profile signed before PendingEmail existed no longer verifies")
	}
	p.PendingEmail = hrNew
	if Valid(s, hr, p) {
		t.Fatal("a request added to an old signature verifies")
	}
}
