package agreement

import (
	"errors"
	"testing"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

func TestRule_MailSettingsAreChecked(t *testing.T) {
	cases := []struct {
		name string
		in   MailInput
		want validate.FieldErrors
	}{
		{"port is required", MailInput{Host: "smtp.example.nl", StartTLS: true}, validate.FieldErrors{FieldPort: validate.Required}},
		{"port 0 is out of range", MailInput{Host: "smtp.example.nl", Port: "0", StartTLS: true}, validate.FieldErrors{FieldPort: PortRange}},
		{"port 65536 is out of range", MailInput{Host: "smtp.example.nl", Port: "65536", StartTLS: true}, validate.FieldErrors{FieldPort: PortRange}},
		{"port must be a number", MailInput{Host: "smtp.example.nl", Port: "587a", StartTLS: true}, validate.FieldErrors{FieldPort: PortRange}},
		{"host without scheme or path", MailInput{Host: "smtp://mail.example.nl/", Port: "587", StartTLS: true}, validate.FieldErrors{FieldHost: HostFormat}},
		{"host without spaces", MailInput{Host: "mail example.nl", Port: "587", StartTLS: true}, validate.FieldErrors{FieldHost: HostFormat}},
		{"from must be an address", MailInput{Host: "smtp.example.nl", Port: "587", StartTLS: true, From: "hr@"}, validate.FieldErrors{FieldFrom: validate.EmailFormat}},
		{"credentials need STARTTLS", MailInput{Host: "smtp.example.nl", Port: "25", User: "hr"}, validate.FieldErrors{FieldStartTLS: StartTLSRequired}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := CheckMail(c.in)
			fe := fieldErrors(t, err)
			if len(fe) != len(c.want) {
				t.Fatalf("got %v, want %v", fe, c.want)
			}
			for k, v := range c.want {
				if fe[k] != v {
					t.Fatalf("got %v, want %v", fe, c.want)
				}
			}
		})
	}
}

func TestRule_ValidMailSettingsAreNormalised(t *testing.T) {
	cases := []struct {
		name string
		in   MailInput
		want MailSettings
	}{
		{"submission with STARTTLS and a user", MailInput{Host: " SMTP.Example.NL ", Port: " 587 ", StartTLS: true, User: "hr@korenaar.example", From: "hr@Korenaar.example"},
			MailSettings{Host: "smtp.example.nl", Port: 587, StartTLS: true, User: "hr@korenaar.example", From: "hr@korenaar.example"}},
		{"a local relay without credentials", MailInput{Host: "127.0.0.1", Port: "25"}, MailSettings{Host: "127.0.0.1", Port: 25}},
		{"an IPv6 address in brackets", MailInput{Host: "[::1]", Port: "25"}, MailSettings{Host: "::1", Port: 25}},
		{"an empty host clears the settings", MailInput{Host: " ", Port: "x", User: "y"}, MailSettings{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CheckMail(c.in)
			ok(t, err)
			if got != c.want {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
	if a := (MailSettings{Host: "::1", Port: 25}).Addr(); a != "[::1]:25" {
		t.Fatalf("addr %q", a)
	}
}

func TestRule_MailSettingsAreStoredWithoutAPasswordAndCanBeCleared(t *testing.T) {
	st, _, s, _ := newStore(t)
	got, err := st.MailSettings()
	ok(t, err)
	if got.Configured() {
		t.Fatalf("new vault has settings %+v", got)
	}
	saved, err := st.SaveMailSettings(MailInput{Host: "smtp.example.nl", Port: "587", StartTLS: true, User: "hr"})
	ok(t, err)
	got, err = st.MailSettings()
	ok(t, err)
	if got != saved || !got.Configured() {
		t.Fatalf("read %+v, saved %+v", got, saved)
	}
	raw := ""
	ok(t, s.View(func(tx *vault.Tx) error {
		b, err := tx.Get(KindMailSettings, MailSettingsID())
		raw = string(b)
		return err
	}))
	if raw != `{"host":"smtp.example.nl","port":587,"startTLS":true,"user":"hr"}` {
		t.Fatalf("stored %s", raw)
	}
	_, err = st.SaveMailSettings(MailInput{})
	ok(t, err)
	got, err = st.MailSettings()
	ok(t, err)
	if got.Configured() {
		t.Fatalf("cleared settings still there: %+v", got)
	}
	if _, err := st.SaveMailSettings(MailInput{Host: "smtp.example.nl", Port: "99999"}); fieldErrors(t, err)[FieldPort] != PortRange {
		t.Fatalf("error %v", err)
	}
	if !errors.Is(Mailer{}.Send(t.Context(), got, "", "a@b.example", "c@d.example", nil), ErrNotConfigured) {
		t.Fatal("sending without settings did not say so")
	}
}
