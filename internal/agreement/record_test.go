package agreement

import (
	"errors"
	"testing"
	"time"

	"kluis/internal/people"
	"kluis/internal/vault"
)

func TestRule_HistoryKeepsEveryVersionAndSkipsUnchangedSaves(t *testing.T) {
	st, _, s, emp := newStore(t)
	now := today
	st.now = func() time.Time { return now }

	first := validInput()
	rec, changed, err := st.Save(emp, first)
	ok(t, err)
	if !changed || len(rec.Versions) != 1 {
		t.Fatalf("first save: changed %v, %d versions", changed, len(rec.Versions))
	}

	now = now.Add(time.Hour)
	same := first
	same.KvK, same.ExtractDate = "87654321", "2026-10-01" // typed differently, the same facts
	rec, changed, err = st.Save(emp, same)
	ok(t, err)
	if changed || len(rec.Versions) != 1 {
		t.Fatalf("an unchanged save added a version: changed %v, %d versions", changed, len(rec.Versions))
	}

	now = now.Add(time.Hour)
	second := first
	second.Basis, second.CoSignatory = "jointly", "Karel Mede"
	_, changed, err = st.Save(emp, second)
	ok(t, err)
	if !changed {
		t.Fatal("a changed signatory was not saved")
	}
	now = now.Add(time.Hour)
	_, _, err = st.Save(emp, first) // back to the first: a new version, not a rewrite
	ok(t, err)

	rec, err = st.Get(emp)
	ok(t, err)
	if len(rec.Versions) != 3 {
		t.Fatalf("%d versions, want 3", len(rec.Versions))
	}
	wantBasis := []Basis{BasisAlone, BasisJointly, BasisAlone}
	for i, v := range rec.Versions {
		if v.Signatory.Basis != wantBasis[i] || v.By != s.UserID() || v.At.Location() != time.UTC {
			t.Errorf("version %d: %+v", i, v)
		}
		if i > 0 && !v.At.After(rec.Versions[i-1].At) {
			t.Errorf("version %d is not after version %d", i, i-1)
		}
	}
	if cur, _ := rec.Current(); cur.Basis != BasisAlone || cur.CoSignatory != "" {
		t.Fatalf("current %+v", cur)
	}
}

func TestRule_AnInvalidSaveWritesNothing(t *testing.T) {
	st, _, _, emp := newStore(t)
	in := validInput()
	in.KvK = "123"
	if _, _, err := st.Save(emp, in); fieldErrors(t, err)[FieldKvK] == "" {
		t.Fatalf("error %v", err)
	}
	rec, err := st.Get(emp)
	ok(t, err)
	if len(rec.Versions) != 0 {
		t.Fatalf("%d versions after a refused save", len(rec.Versions))
	}
}

func TestRule_TheAgreementIsPerEmployer(t *testing.T) {
	st, _, s, emp := newStore(t)
	other := people.Employer{ID: vault.NewID(), Name: "Bouwkracht BV", KvK: "11223344"}
	ok(t, s.Update(func(tx *vault.Tx) error { return people.SaveEmployer(tx, s.DirectoryScope(), other) }))
	_, _, err := st.Save(emp, validInput())
	ok(t, err)
	rec, err := st.Get(other.ID)
	ok(t, err)
	if len(rec.Versions) != 0 {
		t.Fatal("the other employer got the signatory")
	}
	if _, _, err := st.Save(vault.NewID(), validInput()); !errors.Is(err, people.ErrEmployerNotFound) {
		t.Fatalf("unknown employer: %v", err)
	}
	if _, err := st.Get(vault.NewID()); !errors.Is(err, people.ErrEmployerNotFound) {
		t.Fatalf("unknown employer: %v", err)
	}
}

func TestRule_ConfirmationsAreRecordedWithTheVersionTheyConfirm(t *testing.T) {
	st, _, s, emp := newStore(t)
	if _, err := st.RecordSent(emp, ViaEml); !errors.Is(err, ErrNoSignatory) {
		t.Fatalf("confirming nothing: %v", err)
	}
	_, _, err := st.Save(emp, validInput())
	ok(t, err)
	_, err = st.RecordSent(emp, ViaEml)
	ok(t, err)
	in := validInput()
	in.Function = "Statutair bestuurder"
	_, _, err = st.Save(emp, in)
	ok(t, err)
	rec, err := st.RecordSent(emp, ViaSMTP)
	ok(t, err)
	want := []Confirmation{{At: today, By: s.UserID(), Via: ViaEml, Version: 1}, {At: today, By: s.UserID(), Via: ViaSMTP, Version: 2}}
	if len(rec.Sent) != 2 || rec.Sent[0] != want[0] || rec.Sent[1] != want[1] {
		t.Fatalf("sent %+v", rec.Sent)
	}
	if _, err := st.RecordSent(emp, "fax"); err == nil {
		t.Fatal("an unknown way of sending was recorded")
	}
}

func TestRule_OnlyAdminsReadOrChangeTheAgreement(t *testing.T) {
	st, v, s, emp := newStore(t)
	_, _, err := st.Save(emp, validInput())
	ok(t, err)
	const pass = "lantaarn vlieger pindakaas mossel"
	_, err = s.AddUser(vault.NewUser{Email: "hr@korenaar.example", Passphrase: []byte(pass)}, vault.RoleUser)
	ok(t, err)
	s.Lock()
	u, err := v.Unlock("hr@korenaar.example", []byte(pass))
	ok(t, err)
	defer u.Lock()
	hr := NewStore(u, clock)
	if _, err := hr.Get(emp); !errors.Is(err, vault.ErrDenied) {
		t.Errorf("Get: %v", err)
	}
	if _, _, err := hr.Save(emp, validInput()); !errors.Is(err, vault.ErrDenied) {
		t.Errorf("Save: %v", err)
	}
	if _, err := hr.RecordSent(emp, ViaEml); !errors.Is(err, vault.ErrDenied) {
		t.Errorf("RecordSent: %v", err)
	}
	if _, err := hr.MailSettings(); !errors.Is(err, vault.ErrDenied) {
		t.Errorf("MailSettings: %v", err)
	}
	if _, err := hr.SaveMailSettings(MailInput{Host: "smtp.example.nl", Port: "587", StartTLS: true}); !errors.Is(err, vault.ErrDenied) {
		t.Errorf("SaveMailSettings: %v", err)
	}
}
