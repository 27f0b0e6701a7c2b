package vault

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestRule_OnlyAnAdminLinksTheArboServiceAndTheLinkSurvivesALock(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	_, err := s.AddUser(NewUser{Email: managerEmail, Passphrase: []byte(managerPass)}, RoleManager)
	ok(t, err)
	keys, err := NewServiceKeys()
	ok(t, err)
	ok(t, s.LinkService(ServiceLink{URL: "https://arbo.example.test", EmployerID: "emp-1"}, keys))
	want := keys.Pseudonym(ID{1}, "00042")
	// The link is a signed keyring entry like any other: the whole history still verifies.
	rep, err := s.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	if !rep.KeyringOK {
		t.Fatalf("history after linking: %s", rep.KeyringProblem)
	}
	s.Lock()

	m, err := v.Unlock(managerEmail, []byte(managerPass))
	ok(t, err)
	link, linked := m.ServiceLink()
	if !linked || link.URL != "https://arbo.example.test" || link.EmployerID != "emp-1" {
		t.Fatalf("the manager sees link %+v (%v)", link, linked)
	}
	mk, err := m.ServiceKeys()
	ok(t, err)
	if got := mk.Pseudonym(ID{1}, "00042"); got != want {
		t.Fatalf("the pseudonym changed across sessions: %q vs %q", got, want)
	}
	other, err := NewServiceKeys()
	ok(t, err)
	if errors.Is(m.LinkService(ServiceLink{URL: "https://evil.example.test"}, other), nil) {
		t.Fatal("a manager linked another arbo service")
	}
	if l, _ := m.ServiceLink(); l.URL != "https://arbo.example.test" {
		t.Fatalf("the link changed to %q", l.URL)
	}
	m.Lock()
}

func TestRule_PseudonymsDifferPerServiceAndPerEmployee(t *testing.T) {
	a, err := NewServiceKeys()
	ok(t, err)
	b, err := NewServiceKeys()
	ok(t, err)
	emp := NewID()
	if a.Pseudonym(emp, "1") == b.Pseudonym(emp, "1") {
		t.Fatal("two services got the same pseudonym")
	}
	if a.Pseudonym(emp, "1") == a.Pseudonym(emp, "2") || a.Pseudonym(emp, "1") == a.Pseudonym(NewID(), "1") {
		t.Fatal("two employees got the same pseudonym")
	}
	if a.Pseudonym(emp, "1") != a.Pseudonym(emp, "1") {
		t.Fatal("the pseudonym is not stable")
	}
}

// An insider who can write records (any user holds the directory key) swaps the link's secrets
// for their own: the signed state's hash no longer matches, and the sync refuses them.
func TestRule_SwappedServiceSecretsAreRefused(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	keys, err := NewServiceKeys()
	ok(t, err)
	ok(t, s.LinkService(ServiceLink{URL: "https://arbo.example.test", EmployerID: "emp-1"}, keys))
	link, _ := s.ServiceLink()
	forged, err := NewServiceKeys()
	ok(t, err)
	b, err := json.Marshal(forged.secrets())
	ok(t, err)
	ok(t, s.Update(func(tx *Tx) error {
		key := recordKey(kindServiceSecrets, secretsID(link.SecretsHash))
		val, err := tx.s.seal(key, directoryScope, b)
		if err != nil {
			return err
		}
		return tx.txn.Set(key, val)
	}))
	_, err = s.ServiceKeys()
	wantErr(t, err, ErrKeyringTampered)
}

func TestRule_UnlinkRemovesTheLinkAndItsSecrets(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	keys, err := NewServiceKeys()
	ok(t, err)
	ok(t, s.LinkService(ServiceLink{URL: "https://arbo.example.test"}, keys))
	ok(t, s.UnlinkService())
	rep, err := s.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	if !rep.KeyringOK {
		t.Fatalf("history after unlinking: %s", rep.KeyringProblem)
	}
	if _, linked := s.ServiceLink(); linked {
		t.Fatal("still linked")
	}
	_, err = s.ServiceKeys()
	wantErr(t, err, ErrNotLinked)
}
