package app

import (
	"bytes"
	"encoding/base64"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kluis/internal/agreement/smtptest"
	"kluis/internal/audit"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// agreementHarness is an unlocked admin with the Agreement facade and the one employer's id.
func agreementHarness(t *testing.T) (*harness, *Agreement, string) {
	t.Helper()
	h := unlockedHarness(t)
	return h, &Agreement{s: h.s}, h.employer(t)
}

func signatoryForm() SignatoryForm {
	return SignatoryForm{Name: "Joëlle van Dijk", Function: "Directeur", Basis: "alone", KvK: "87654321",
		ExtractDate: "01-10-2026", Email: "joelle@korenaar.example"}
}

// agreementEvents are the audit events of the agreement screen.
func agreementEvents(t *testing.T, h *harness) []audit.Event {
	t.Helper()
	var out []audit.Event
	for _, e := range h.auditEvents(t) {
		if strings.HasPrefix(string(e.Action), "agreement.") {
			out = append(out, e)
		}
	}
	return out
}

func TestRule_SignatoryFormErrorsComeBackPerField(t *testing.T) {
	_, ag, emp := agreementHarness(t)
	form := signatoryForm()
	form.KvK, form.ExtractDate, form.Basis = "1234567", "24-11-2026", "power_of_attorney"
	_, err := ag.Save(emp, form)
	ae := appErr(t, err)
	want := map[string]string{"kvk": "kvk_format", "extractDate": "date_future", "powerLimits": "required"}
	if ae.Code != workspace.CodeInvalidInput || len(ae.Fields) != len(want) {
		t.Fatalf("got %+v", ae)
	}
	for k, v := range want {
		if ae.Fields[k] != v {
			t.Fatalf("got %+v, want fields %v", ae, want)
		}
	}
	form = signatoryForm()
	form.Basis = "jointly"
	if ae := appErr(t, second(ag.Save(emp, form))); ae.Fields["coSignatory"] != "required" {
		t.Fatalf("jointly without co-signatory: %+v", ae)
	}
	v, err := ag.Get(emp)
	if err != nil || v.Current != nil || len(v.History) != 0 {
		t.Fatalf("a refused form was saved: %+v %v", v, err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestRule_HistoryIsNewestFirstWithTheAdminsNameAndUnchangedSavesAddNothing(t *testing.T) {
	h, ag, emp := agreementHarness(t)
	v, err := ag.Get(emp)
	if err != nil || v.EmployerName != "Bakkerij De Korenaar BV" || v.EmployerKvK != "12345678" || v.Current != nil {
		t.Fatalf("empty record: %+v %v", v, err)
	}
	if _, err := ag.Save(emp, signatoryForm()); err != nil {
		t.Fatal(err)
	}
	h.clock.advance(time.Hour)
	if _, err := ag.Save(emp, signatoryForm()); err != nil {
		t.Fatal(err)
	}
	form := signatoryForm()
	form.Basis, form.CoSignatory = "jointly", "Karel Mede"
	v, err = ag.Save(emp, form)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.History) != 2 || v.History[0].Version != 2 || v.History[0].Signatory.CoSignatory != "Karel Mede" ||
		v.History[1].Signatory.Basis != "alone" || v.History[0].By != "Petra Beheer" ||
		v.History[0].At != "2026-11-23T10:00:00Z" || v.History[1].At != "2026-11-23T09:00:00Z" {
		t.Fatalf("history %+v", v.History)
	}
	if v.Current == nil || v.Current.Basis != "jointly" || v.Current.ExtractDate != "2026-10-01" || v.Confirmed {
		t.Fatalf("current %+v confirmed %v", v.Current, v.Confirmed)
	}
	events := agreementEvents(t, h)
	if len(events) != 2 {
		t.Fatalf("%d agreement events, want 2 (one per change)", len(events))
	}
	for _, e := range events {
		if e.Action != audit.ActionAgreementUpdate || len(e.Subjects) != 1 || e.Subjects[0].String() != emp || e.Detail != "" {
			t.Fatalf("event %+v", e)
		}
	}
}

func TestRule_UnknownEmployersAndBadIdsAreRefused(t *testing.T) {
	_, ag, _ := agreementHarness(t)
	if _, err := ag.Get("00112233445566778899aabbccddeeff"); appErr(t, err).Code != workspace.CodeNotFound {
		t.Fatalf("unknown employer: %v", err)
	}
	if _, err := ag.Save("nonsense", signatoryForm()); appErr(t, err).Code != workspace.CodeInvalidInput {
		t.Fatalf("bad id: %v", err)
	}
}

func TestRule_NothingToConfirmBeforeASignatoryIsRecorded(t *testing.T) {
	h, ag, emp := agreementHarness(t)
	h.platform.savePath = filepath.Join(t.TempDir(), "x.eml")
	if _, err := ag.SaveEml(emp); appErr(t, err).Code != workspace.CodeNoSignatory {
		t.Fatalf("eml: %v", err)
	}
	if _, err := ag.SavePDF(emp); appErr(t, err).Code != workspace.CodeNoSignatory {
		t.Fatalf("pdf: %v", err)
	}
	if _, err := ag.Send(emp, ""); appErr(t, err).Code != workspace.CodeMailNotConfigured {
		t.Fatalf("send without settings: %v", err)
	}
	if _, err := os.Stat(h.platform.savePath); err == nil {
		t.Fatal("a file was written")
	}
}

// readEml parses a saved .eml and returns its headers and the attachment.
func readEml(t *testing.T, raw []byte) (mail.Header, []byte, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var pdf []byte
	var text string
	for {
		p, err := mr.NextPart() // decodes quoted-printable; base64 is ours to decode
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() != "" {
			if pdf, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(b), "\r\n", "")); err != nil {
				t.Fatal(err)
			}
		} else {
			text = string(b)
		}
	}
	return msg.Header, pdf, text
}

func TestRule_TheEmlCarriesThePDFAndIsRecordedAsSent(t *testing.T) {
	h, ag, emp := agreementHarness(t)
	if _, err := ag.Save(emp, signatoryForm()); err != nil {
		t.Fatal(err)
	}
	h.clock.advance(time.Minute) // events of the same instant list in random order
	// No extension typed: Kluis adds .eml.
	h.platform.savePath = filepath.Join(t.TempDir(), "bevestiging")
	path, err := ag.SaveEml(emp)
	if err != nil || path != h.platform.savePath+".eml" {
		t.Fatalf("path %q %v", path, err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("X-Unsent: 1\r\n")) {
		t.Fatal("the .eml does not open as a draft in Outlook")
	}
	hdr, pdf, text := readEml(t, raw)
	from, _ := hdr.AddressList("From")
	to, _ := hdr.AddressList("To")
	if len(from) != 1 || from[0].Address != "petra@korenaar.example" || from[0].Name != "Petra Beheer" {
		t.Fatalf("From %v (no mail settings: the admin's own address)", from)
	}
	if len(to) != 1 || to[0].Address != "joelle@korenaar.example" || to[0].Name != "Joëlle van Dijk" {
		t.Fatalf("To %v", to)
	}
	if subject, _ := new(mime.WordDecoder).DecodeHeader(hdr.Get("Subject")); !strings.Contains(subject, "Bakkerij De Korenaar BV") {
		t.Fatalf("Subject %q", subject)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !strings.Contains(text, "Beste Joëlle van Dijk") {
		t.Fatalf("attachment %q…, text %q", pdf[:min(8, len(pdf))], text)
	}
	v, err := ag.Get(emp)
	if err != nil || len(v.Sent) != 1 || v.Sent[0].Via != "eml" || v.Sent[0].By != "Petra Beheer" || v.Sent[0].Version != 1 || !v.Confirmed {
		t.Fatalf("sent %+v confirmed %v %v", v.Sent, v.Confirmed, err)
	}
	events := agreementEvents(t, h)
	if last := events[len(events)-1]; last.Action != audit.ActionAgreementSend || last.Detail != "eml" {
		t.Fatalf("event %+v", last)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
}

func TestRule_ThePDFIsSavedAndAudited(t *testing.T) {
	h, ag, emp := agreementHarness(t)
	if _, err := ag.Save(emp, signatoryForm()); err != nil {
		t.Fatal(err)
	}
	h.clock.advance(time.Minute) // events of the same instant list in random order
	h.platform.savePath = filepath.Join(t.TempDir(), "overeenkomst.pdf")
	path, err := ag.SavePDF(emp)
	if err != nil || path != h.platform.savePath {
		t.Fatalf("path %q %v", path, err)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %v", err)
	}
	h.platform.savePath = ""
	if path, err := ag.SavePDF(emp); path != "" || err != nil {
		t.Fatalf("cancelled dialog: %q %v", path, err)
	}
	events := agreementEvents(t, h)
	if len(events) != 2 || events[1].Action != audit.ActionAgreementPrint {
		t.Fatalf("events %+v", events)
	}
}

func TestRule_MailSettingsKeepNoPasswordAndCredentialsNeedSTARTTLS(t *testing.T) {
	_, ag, _ := agreementHarness(t)
	_, err := ag.SaveMailSettings(MailSettingsForm{Host: "smtp.korenaar.example", Port: "25", User: "hr"})
	if ae := appErr(t, err); ae.Code != workspace.CodeInvalidInput || ae.Fields["startTLS"] != "starttls_required" {
		t.Fatalf("got %+v", ae)
	}
	_, err = ag.SaveMailSettings(MailSettingsForm{Host: "smtp.korenaar.example", Port: "70000", StartTLS: true})
	if ae := appErr(t, err); ae.Fields["port"] != "port_range" {
		t.Fatalf("got %+v", ae)
	}
	m, err := ag.SaveMailSettings(MailSettingsForm{Host: "smtp.korenaar.example", Port: "587", StartTLS: true, User: "hr", From: "hr@korenaar.example"})
	if err != nil || !m.Configured || m.Port != 587 {
		t.Fatalf("%+v %v", m, err)
	}
	if got, err := ag.MailSettings(); err != nil || got != m {
		t.Fatalf("read %+v %v", got, err)
	}
}

// smtpHarness is an agreement harness whose mail settings point at a fake STARTTLS server that
// wants user "hr" with password "smtp-wachtwoord".
func smtpHarness(t *testing.T, opt smtptest.Options) (*harness, *Agreement, string, *smtptest.Server) {
	t.Helper()
	h, ag, emp := agreementHarness(t)
	cfg, pool := smtptest.SelfSigned(t)
	opt.TLS, opt.User, opt.Password = cfg, "hr", "smtp-wachtwoord"
	srv := smtptest.Start(t, opt)
	ag.mailer.RootCAs = pool
	if _, err := ag.SaveMailSettings(MailSettingsForm{Host: srv.Host(), Port: strconv.Itoa(srv.Port()), StartTLS: true,
		User: "hr", From: "hr@korenaar.example"}); err != nil {
		t.Fatal(err)
	}
	return h, ag, emp, srv
}

func TestRule_SendGoesOverSTARTTLSWithTheTypedPasswordAndIsRecorded(t *testing.T) {
	h, ag, emp, srv := smtpHarness(t, smtptest.Options{})
	if _, err := ag.Save(emp, signatoryForm()); err != nil {
		t.Fatal(err)
	}
	if v, err := ag.Get(emp); err != nil || !v.MailConfigured || !v.MailUser {
		t.Fatalf("%+v %v", v, err)
	}
	h.clock.advance(time.Minute) // events of the same instant list in random order
	v, err := ag.Send(emp, "smtp-wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	rec := srv.Record()
	if len(rec.Messages) != 1 || len(rec.AuthOverTLS) != 1 || !rec.AuthOverTLS[0] || rec.To[0] != "TO:<joelle@korenaar.example>" {
		t.Fatalf("server saw %+v", rec)
	}
	hdr, pdf, _ := readEml(t, bytes.ReplaceAll(rec.Messages[0], []byte("\n"), []byte("\r\n")))
	if from, _ := hdr.AddressList("From"); len(from) != 1 || from[0].Address != "hr@korenaar.example" {
		t.Fatalf("From %v (the configured address)", from)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("no PDF attached")
	}
	if len(v.Sent) != 1 || v.Sent[0].Via != "smtp" || !v.Confirmed {
		t.Fatalf("sent %+v", v.Sent)
	}
	events := agreementEvents(t, h)
	if last := events[len(events)-1]; last.Action != audit.ActionAgreementSend || last.Detail != "smtp" {
		t.Fatalf("event %+v", last)
	}
}

func TestRule_MailFailuresHaveTheirOwnCodesAndRecordNothing(t *testing.T) {
	t.Run("wrong password", func(t *testing.T) {
		_, ag, emp, _ := smtpHarness(t, smtptest.Options{})
		if _, err := ag.Save(emp, signatoryForm()); err != nil {
			t.Fatal(err)
		}
		_, err := ag.Send(emp, "fout-wachtwoord")
		if ae := appErr(t, err); ae.Code != workspace.CodeMailAuthFailed || strings.Contains(ae.Message, "fout-wachtwoord") {
			t.Fatalf("got %+v", ae)
		}
		if v, _ := ag.Get(emp); len(v.Sent) != 0 || v.Confirmed {
			t.Fatalf("a failed send was recorded: %+v", v.Sent)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		_, ag, emp, _ := smtpHarness(t, smtptest.Options{})
		ag.mailer.RootCAs = nil
		if _, err := ag.Save(emp, signatoryForm()); err != nil {
			t.Fatal(err)
		}
		if _, err := ag.Send(emp, "smtp-wachtwoord"); appErr(t, err).Code != workspace.CodeMailTLSFailed {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("recipient refused", func(t *testing.T) {
		_, ag, emp, _ := smtpHarness(t, smtptest.Options{RejectRcpt: true})
		if _, err := ag.Save(emp, signatoryForm()); err != nil {
			t.Fatal(err)
		}
		_, err := ag.Send(emp, "smtp-wachtwoord")
		if ae := appErr(t, err); ae.Code != workspace.CodeMailFailed || !strings.Contains(ae.Message, "550") || strings.Contains(ae.Message, "joelle") {
			t.Fatalf("got %+v", ae)
		}
	})
}

func TestRule_OnlyAdminsUseTheAgreementScreen(t *testing.T) {
	h, ag, emp := agreementHarness(t)
	if _, err := ag.Save(emp, signatoryForm()); err != nil {
		t.Fatal(err)
	}
	h.approveNoor(t, "user")
	h.s.Lock()
	if _, err := h.s.Unlock("noor@korenaar.example", newcomerPass); err != nil {
		t.Fatal(err)
	}
	h.platform.savePath = filepath.Join(t.TempDir(), "x.pdf")
	calls := map[string]error{
		"Get":              second(ag.Get(emp)),
		"Save":             second(ag.Save(emp, signatoryForm())),
		"MailSettings":     second(ag.MailSettings()),
		"SaveMailSettings": second(ag.SaveMailSettings(MailSettingsForm{})),
		"Send":             second(ag.Send(emp, "")),
		"SaveEml":          second(ag.SaveEml(emp)),
		"SavePDF":          second(ag.SavePDF(emp)),
	}
	for name, err := range calls {
		if appErr(t, err).Code != workspace.CodeDenied {
			t.Errorf("%s: %v", name, err)
		}
	}
	h.s.Lock()
	if _, err := ag.Get(emp); appErr(t, err).Code != workspace.CodeLocked {
		t.Fatalf("locked: %v", err)
	}
}

// TestRule_TheSignatoryNeverReachesDiskLogsOrErrorsInClear plants canary values in the
// signatory, saves, sends through SMTP (once refused with the address echoed, once accepted),
// saves the .eml and the PDF outside the vault, then greps every vault file, the log and every
// error text and audit detail.
func TestRule_TheSignatoryNeverReachesDiskLogsOrErrorsInClear(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f, life, err := New(Config{VaultDir: dir, Logger: logger, VaultOptions: vaulttest.Options().WithLogger(logger)})
	if err != nil {
		t.Fatal(err)
	}
	platform := &fakePlatform{}
	life.Startup(platform)
	defer life.Shutdown()
	if _, err := f.Session.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	emps, err := f.Directory.Employers()
	if err != nil {
		t.Fatal(err)
	}
	emp := emps[0].ID
	ag := f.Agreement
	canaries := []string{"Kanarievogelaar", "kanarie.teken@canary-sign.example", "Piepmatzbestuurder", "Volmachtkanarie", "Zangkanarie"}
	var texts []string
	collect := func(err error) {
		if err != nil {
			texts = append(texts, err.Error())
			if ae, ok := err.(*AppError); ok {
				for _, v := range ae.Fields {
					texts = append(texts, v)
				}
			}
		}
	}
	bad := SignatoryForm{Name: "Kanarievogelaar\x07", Function: "Piepmatzbestuurder", Basis: "power_of_attorney",
		PowerLimits: "", KvK: "Zangkanarie", ExtractDate: "Zangkanarie", Email: "kanarie.teken@canary-sign"}
	collect(second(ag.Save(emp, bad)))
	good := SignatoryForm{Name: "Kanarievogelaar", Function: "Piepmatzbestuurder", Basis: "power_of_attorney",
		PowerLimits: "Volmachtkanarie tot 10.000", KvK: "87654321", ExtractDate: "2026-10-01", Email: "kanarie.teken@canary-sign.example"}
	if _, err := ag.Save(emp, good); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	platform.savePath = filepath.Join(out, "bevestiging.eml")
	if _, err := ag.SaveEml(emp); err != nil {
		t.Fatal(err)
	}
	platform.savePath = filepath.Join(out, "overeenkomst.pdf")
	if _, err := ag.SavePDF(emp); err != nil {
		t.Fatal(err)
	}
	cfg, pool := smtptest.SelfSigned(t)
	refusing := smtptest.Start(t, smtptest.Options{TLS: cfg, User: "hr", Password: "pw", RejectRcpt: true})
	ag.mailer.RootCAs = pool
	if _, err := ag.SaveMailSettings(MailSettingsForm{Host: refusing.Host(), Port: strconv.Itoa(refusing.Port()), StartTLS: true, User: "hr"}); err != nil {
		t.Fatal(err)
	}
	collect(second(ag.Send(emp, "pw")))
	collect(second(ag.Send(emp, "wrong")))
	accepting := smtptest.Start(t, smtptest.Options{TLS: cfg, User: "hr", Password: "pw"})
	if _, err := ag.SaveMailSettings(MailSettingsForm{Host: accepting.Host(), Port: strconv.Itoa(accepting.Port()), StartTLS: true, User: "hr"}); err != nil {
		t.Fatal(err)
	}
	v, err := ag.Send(emp, "pw")
	if err != nil || len(v.Sent) != 2 {
		t.Fatalf("%+v %v", v.Sent, err)
	}
	if len(accepting.Record().Messages) != 1 {
		t.Fatal("the canary confirmation was not delivered")
	}
	if len(texts) < 3 {
		t.Fatalf("expected the bad form and two failed sends to fail, got %q", texts)
	}
	ws, err := f.Session.workspace()
	if err != nil {
		t.Fatal(err)
	}
	events, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		texts = append(texts, e.Detail)
	}
	life.Shutdown()

	for _, text := range append(texts, logs.String()) {
		for _, c := range append(canaries, "canary-sign") {
			if strings.Contains(strings.ToLower(text), strings.ToLower(c)) {
				t.Errorf("%q appears in %q", c, text)
			}
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range append(canaries, "canary-sign") {
			if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(c))) {
				t.Errorf("%s holds %q in clear", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The exported files are meant to hold the signatory: proof the canaries were really used.
	if b, _ := os.ReadFile(filepath.Join(out, "bevestiging.eml")); !bytes.Contains(b, []byte("kanarie.teken@canary-sign.example")) {
		t.Fatal("the .eml lacks the canary address: the test planted nothing")
	}
}
