package access

import (
	"errors"
	"testing"
	"time"

	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

const (
	hrEmail = "hr@vaulttest.invalid"
	hrPass  = "hr passphrase for the account tests"
)

// withProfiles is a vault whose admin and HR user have signed profiles; the admin's session is
// locked again.
func withProfiles(t *testing.T) (*vault.Vault, vault.UserID, vault.UserID) {
	t.Helper()
	v, s, _ := vaulttest.New(t)
	hr, err := s.AddUser(vault.NewUser{Email: hrEmail, Passphrase: []byte(hrPass)}, vault.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	admin := s.UserID()
	err = s.Update(func(tx *vault.Tx) error {
		if err := saveProfile(tx, s.DirectoryScope(), admin, Profile{Name: "Anne Admin", Email: vaulttest.AdminEmail}); err != nil {
			return err
		}
		return saveProfile(tx, s.DirectoryScope(), hr, Profile{Name: "Henk HR", Email: hrEmail})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Lock()
	return v, admin, hr
}

func unlock(t *testing.T, v *vault.Vault, email, pass string) *vault.Session {
	t.Helper()
	s, err := v.Unlock(email, []byte(pass))
	if err != nil {
		t.Fatalf("unlock %s: %v", email, err)
	}
	t.Cleanup(s.Lock)
	return s
}

func profileOf(t *testing.T, s *vault.Session, u vault.UserID) (Profile, error) {
	t.Helper()
	var p Profile
	err := s.View(func(tx *vault.Tx) (err error) { p, err = LoadProfile(tx, u); return err })
	return p, err
}

// An administrator's new e-mail address is the one they unlock with from then on, the old one
// no longer; the profile says the new name and address, to others too.
func TestRule_AnAdminsNewEmailUnlocksAndTheOldOneNoLonger(t *testing.T) {
	v, admin, _ := withProfiles(t)
	s := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	ch, err := UpdateOwnAccount(s, "Anne de Beheerder", " Anne.Nieuw@Vaulttest.invalid ")
	if err != nil {
		t.Fatal(err)
	}
	if !ch.NameChanged || !ch.EmailChanged || ch.Profile.Email != "anne.nieuw@vaulttest.invalid" {
		t.Fatalf("change %+v", ch)
	}
	s.Lock()
	if _, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase)); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("the old e-mail still unlocks: %v", err)
	}
	s = unlock(t, v, "ANNE.NIEUW@vaulttest.invalid", vaulttest.AdminPassphrase)
	s.Lock()
	hr := unlock(t, v, hrEmail, hrPass)
	p, err := profileOf(t, hr, admin)
	if err != nil || p.Name != "Anne de Beheerder" || p.Email != "anne.nieuw@vaulttest.invalid" {
		t.Fatalf("the HR user reads %+v %v", p, err)
	}
}

// An address another user unlocks with is refused, and nothing changes.
func TestRule_AnEmailAnotherUserHasIsRefused(t *testing.T) {
	v, admin, _ := withProfiles(t)
	s := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	_, err := UpdateOwnAccount(s, "Anne Anders", hrEmail)
	if !errors.Is(err, vault.ErrEmailTaken) {
		t.Fatalf("got %v", err)
	}
	if p, _ := profileOf(t, s, admin); p.Name != "Anne Admin" || p.Email != vaulttest.AdminEmail {
		t.Fatalf("a refused change changed the profile: %+v", p)
	}
	s.Lock()
	unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
}

func TestRule_AccountFormReportsEveryProblemAtOnce(t *testing.T) {
	v, _, _ := withProfiles(t)
	s := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	_, err := UpdateOwnAccount(s, "  ", "anne@")
	var fe validate.FieldErrors
	if !errors.As(err, &fe) || fe[FieldAccountName] != validate.Required || fe[FieldAccountEmail] != validate.EmailFormat {
		t.Fatalf("errors %v", err)
	}
}

// The attack: every user holds the directory scope the profiles are sealed under, so the HR
// user overwrites the admin's profile record directly, unsigned and signed with their own key.
// Nobody takes it for the admin's: it reads as no profile. Their own signed profile stays theirs.
func TestAttack_AUserWritingAnotherUsersProfileIsIgnored(t *testing.T) {
	v, admin, hr := withProfiles(t)
	s := unlock(t, v, hrEmail, hrPass)
	forged := Profile{Name: "Vervalste Naam", Email: vaulttest.AdminEmail}
	put := func(p Profile) {
		t.Helper()
		if err := s.Update(func(tx *vault.Tx) error {
			return vault.PutJSON(tx, KindProfile, admin.RecordID(), s.DirectoryScope(), &p)
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(forged) // unsigned
	if p, err := profileOf(t, s, admin); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("an unsigned forgery reads as %+v %v", p, err)
	}
	signed := forged
	sig, err := s.SignStatement(profileDomain, signedPart(admin, forged))
	if err != nil {
		t.Fatal(err)
	}
	signed.By, signed.Sig = hr, sig
	put(signed) // signed by the HR user, who may speak only for themself
	s.Lock()
	a := unlock(t, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if p, err := profileOf(t, a, admin); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("the admin reads the forgery as their profile: %+v %v", p, err)
	}
	// Nor does the admin's unlock adopt it: it is not an older unsigned profile of theirs.
	if _, err := TouchProfile(a, time.Now()); !errors.Is(err, ErrNoProfile) {
		t.Fatalf("touch adopted a forgery: %v", err)
	}
	if p, err := profileOf(t, a, hr); err != nil || p.Name != "Henk HR" {
		t.Fatalf("the HR user's own profile %+v %v", p, err)
	}
}
