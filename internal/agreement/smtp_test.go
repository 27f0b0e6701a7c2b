package agreement

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"kluis/internal/agreement/smtptest"
)

const (
	testFrom = "hr@korenaar.example"
	testTo   = "joelle@korenaar.example"
	testPass = "geheim-smtp-wachtwoord"
)

func testMessage(t *testing.T) []byte {
	t.Helper()
	raw, err := BuildConfirmation(sampleLetter(t))
	ok(t, err)
	return raw
}

// settingsFor points at a fake server.
func settingsFor(srv *smtptest.Server, startTLS bool, user string) MailSettings {
	return MailSettings{Host: srv.Host(), Port: srv.Port(), StartTLS: startTLS, User: user}
}

func TestRule_ARelayWithoutCredentialsGetsTheMessageAsBuilt(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	msg := testMessage(t)
	ok(t, Mailer{}.Send(t.Context(), settingsFor(srv, false, ""), "", testFrom, testTo, msg))
	rec := srv.Record()
	if len(rec.Messages) != 1 || len(rec.AuthPayload) != 0 {
		t.Fatalf("%d messages, %d auths", len(rec.Messages), len(rec.AuthPayload))
	}
	// net/smtp adds BODY=8BITMIME when offered; the message itself is 7-bit anyway.
	if !strings.HasPrefix(rec.From[0], "FROM:<"+testFrom+">") || rec.To[0] != "TO:<"+testTo+">" {
		t.Fatalf("envelope %q %q", rec.From, rec.To)
	}
	// ReadDotBytes gives LF line ends; the rest must be the very bytes of the .eml.
	if want := bytes.ReplaceAll(msg, []byte("\r\n"), []byte("\n")); !bytes.Equal(rec.Messages[0], want) {
		t.Fatal("the server received other bytes than were built")
	}
}

func TestRule_CredentialsAreRefusedWithoutSTARTTLSEvenOnLocalhost(t *testing.T) {
	// net/smtp's PlainAuth would send the password in clear to localhost; Kluis does not.
	srv := smtptest.Start(t, smtptest.Options{User: "hr", Password: testPass})
	err := Mailer{}.Send(t.Context(), settingsFor(srv, false, "hr"), testPass, testFrom, testTo, testMessage(t))
	if !errors.Is(err, ErrCredentialsNeedTLS) {
		t.Fatalf("got %v", err)
	}
	if rec := srv.Record(); rec.Connections != 0 || len(rec.AuthPayload) != 0 {
		t.Fatalf("%d connections, %d auths: nothing may reach the server", rec.Connections, len(rec.AuthPayload))
	}
}

func TestRule_STARTTLSWithASelfSignedTestCertificateThenAuthThenSend(t *testing.T) {
	cfg, pool := smtptest.SelfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: cfg, User: "hr", Password: testPass})
	ok(t, Mailer{RootCAs: pool, HelloName: "kluis.test"}.Send(t.Context(), settingsFor(srv, true, "hr"), testPass, testFrom, testTo, testMessage(t)))
	rec := srv.Record()
	if len(rec.AuthOverTLS) != 1 || !rec.AuthOverTLS[0] {
		t.Fatalf("auth over TLS: %v", rec.AuthOverTLS)
	}
	if len(rec.Messages) != 1 {
		t.Fatalf("%d messages", len(rec.Messages))
	}
}

func TestRule_AnUntrustedCertificateStopsTheSendBeforeCredentials(t *testing.T) {
	cfg, _ := smtptest.SelfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: cfg, User: "hr", Password: testPass})
	err := Mailer{}.Send(t.Context(), settingsFor(srv, true, "hr"), testPass, testFrom, testTo, testMessage(t))
	var se *SendError
	if !errors.Is(err, ErrTLS) || !errors.As(err, &se) || se.Step != "starttls" {
		t.Fatalf("got %v", err)
	}
	if rec := srv.Record(); len(rec.AuthPayload) != 0 || len(rec.Messages) != 0 {
		t.Fatal("credentials or the message went out over an untrusted connection")
	}
}

func TestRule_AServerWithoutSTARTTLSIsRefusedWhenSTARTTLSIsOn(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "hr", Password: testPass})
	err := Mailer{}.Send(t.Context(), settingsFor(srv, true, "hr"), testPass, testFrom, testTo, testMessage(t))
	if !errors.Is(err, ErrTLS) {
		t.Fatalf("got %v", err)
	}
	if rec := srv.Record(); len(rec.AuthPayload) != 0 || len(rec.Messages) != 0 {
		t.Fatal("credentials or the message went out in clear")
	}
}

func TestRule_AWrongPasswordIsAnAuthErrorWithoutTheServerTextOrThePassword(t *testing.T) {
	cfg, pool := smtptest.SelfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: cfg, User: "hr", Password: "the right one"})
	err := Mailer{RootCAs: pool}.Send(t.Context(), settingsFor(srv, true, "hr"), testPass, testFrom, testTo, testMessage(t))
	var se *SendError
	if !errors.Is(err, ErrAuth) || !errors.As(err, &se) || se.Code != 535 || se.Step != "auth" {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), testPass) || strings.Contains(err.Error(), "credentials of") {
		t.Fatalf("the error shows the password or the server's text: %v", err)
	}
}

func TestRule_ARefusedRecipientGivesTheCodeNotTheEchoedAddress(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{RejectRcpt: true})
	err := Mailer{}.Send(t.Context(), settingsFor(srv, false, ""), "", testFrom, testTo, testMessage(t))
	var se *SendError
	if !errors.Is(err, ErrSend) || !errors.As(err, &se) || se.Code != 550 || se.Step != "rcpt" {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), "joelle") {
		t.Fatalf("the error echoes the address: %v", err)
	}
}

func TestRule_ASilentServerTimesOut(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Silent: true})
	start := time.Now()
	err := Mailer{Timeout: 300 * time.Millisecond}.Send(t.Context(), settingsFor(srv, false, ""), "", testFrom, testTo, testMessage(t))
	if !errors.Is(err, ErrSend) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestRule_ACancelledSendStops(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Silent: true})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	err := Mailer{}.Send(ctx, settingsFor(srv, false, ""), "", testFrom, testTo, testMessage(t))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

func TestRule_NothingListensIsASendError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ok(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	ok(t, ln.Close())
	err = Mailer{}.Send(t.Context(), MailSettings{Host: "127.0.0.1", Port: port}, "", testFrom, testTo, testMessage(t))
	var se *SendError
	if !errors.Is(err, ErrSend) || !errors.As(err, &se) || se.Step != "connect" {
		t.Fatalf("got %v", err)
	}
}
