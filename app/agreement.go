package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"time"

	"kluis/internal/access"
	"kluis/internal/agreement"
	"kluis/internal/people"
	"kluis/internal/report"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

var (
	errNoSignatory       = codeError(workspace.CodeNoSignatory)
	errMailNotConfigured = codeError(workspace.CodeMailNotConfigured)
)

// sendLimit caps a whole SMTP send, on top of the Mailer's own dial and send limits.
const sendLimit = 30 * time.Second

// Agreement is the facade of Beheer → Verwerkersovereenkomst (admins only): per employer the
// signatory of the processor agreement with its history, the mail settings, and the
// confirmation to the signatory (SMTP, .eml file) and the record as a PDF.
type Agreement struct {
	s *Session
	// mailer sends through SMTP; the zero value uses the system's certificate roots and the
	// default time limits (tests set RootCAs).
	mailer agreement.Mailer
}

// SignatoryForm is the signatory form as typed. Basis is alone, jointly or power_of_attorney;
// the extract date may be dd-mm-jjjj or jjjj-mm-dd. Field errors come under the json names.
type SignatoryForm struct {
	Name        string `json:"name"`
	Function    string `json:"function"`
	Basis       string `json:"basis"`
	CoSignatory string `json:"coSignatory"`
	PowerLimits string `json:"powerLimits"`
	KvK         string `json:"kvk"`
	ExtractDate string `json:"extractDate"`
	Email       string `json:"email"`
}

// SignatoryView is a recorded signatory; ExtractDate is jjjj-mm-dd.
type SignatoryView struct {
	Name        string `json:"name"`
	Function    string `json:"function"`
	Basis       string `json:"basis"`
	CoSignatory string `json:"coSignatory"`
	PowerLimits string `json:"powerLimits"`
	KvK         string `json:"kvk"`
	ExtractDate string `json:"extractDate"`
	Email       string `json:"email"`
}

// AgreementChange is one saved version: when (RFC 3339), by which admin ("" when their profile
// is gone) and the signatory as saved.
type AgreementChange struct {
	Version   int           `json:"version"`
	At        string        `json:"at"`
	By        string        `json:"by"`
	Signatory SignatoryView `json:"signatory"`
}

// AgreementConfirmation is one confirmation: when, by whom, how (smtp | eml), of which version.
type AgreementConfirmation struct {
	At      string `json:"at"`
	By      string `json:"by"`
	Via     string `json:"via"`
	Version int    `json:"version"`
}

// AgreementView is what the screen shows for one employer. History and Sent are newest first.
type AgreementView struct {
	EmployerID   string                  `json:"employerId"`
	EmployerName string                  `json:"employerName"`
	EmployerKvK  string                  `json:"employerKvk"`
	Current      *SignatoryView          `json:"current,omitempty"`
	History      []AgreementChange       `json:"history"`
	Sent         []AgreementConfirmation `json:"sent"`
	// Confirmed says whether the current version was confirmed to the signatory.
	Confirmed bool `json:"confirmed"`
	// MailConfigured says whether "Bevestiging versturen" can use SMTP (and asks for the password).
	MailConfigured bool `json:"mailConfigured"`
	// MailUser is set when the SMTP server wants a password.
	MailUser bool `json:"mailUser"`
}

// MailSettingsForm is the mail-settings form; an empty host removes the settings.
type MailSettingsForm struct {
	Host     string `json:"host"`
	Port     string `json:"port"`
	StartTLS bool   `json:"startTLS"`
	User     string `json:"user"`
	From     string `json:"from"`
}

// MailSettingsView is the stored mail settings (never a password: it is not stored).
type MailSettingsView struct {
	Host       string `json:"host"`
	Port       int    `json:"port"`
	StartTLS   bool   `json:"startTLS"`
	User       string `json:"user"`
	From       string `json:"from"`
	Configured bool   `json:"configured"`
}

// open returns the unlocked admin's workspace: ErrLocked or ErrDenied otherwise.
func (a *Agreement) open() (*workspace.Workspace, error) {
	ws, err := a.s.workspace()
	if err != nil {
		return nil, err
	}
	if ws.Session().Role() != vault.RoleAdmin {
		return nil, toAppError(vault.ErrDenied)
	}
	return ws, nil
}

// load opens the admin's workspace and reads one employer's state; op names the step in the log.
func (a *Agreement) load(employerID, op string) (*workspace.Workspace, vault.ID, agreementState, error) {
	ws, err := a.open()
	if err != nil {
		return nil, vault.ID{}, agreementState{}, err
	}
	id, err := parseID(employerID)
	if err != nil {
		return nil, vault.ID{}, agreementState{}, err
	}
	st, err := a.state(ws.Session(), id)
	if err != nil {
		return nil, vault.ID{}, agreementState{}, a.fail(op, err)
	}
	return ws, id, st, nil
}

// agreementState is everything one employer's screen, PDF and message are made of.
type agreementState struct {
	employer people.Employer
	record   agreement.Record
	mail     agreement.MailSettings
	names    map[vault.UserID]string // admins named in the record
	me       access.Profile          // the admin at the keyboard
}

func (a *Agreement) state(sess *vault.Session, employer vault.ID) (agreementState, error) {
	var st agreementState
	err := sess.View(func(tx *vault.Tx) error {
		var err error
		if st.employer, err = agreement.LoadEmployer(tx, employer); err != nil {
			return err
		}
		if st.record, err = agreement.Load(tx, employer); err != nil {
			return err
		}
		if st.mail, err = agreement.LoadMailSettings(tx); err != nil {
			return err
		}
		st.names = map[vault.UserID]string{}
		users := []vault.UserID{sess.UserID()}
		for _, v := range st.record.Versions {
			users = append(users, v.By)
		}
		for _, c := range st.record.Sent {
			users = append(users, c.By)
		}
		for _, u := range users {
			if _, done := st.names[u]; done {
				continue
			}
			p, err := access.LoadProfile(tx, u)
			if err != nil && !errors.Is(err, access.ErrNoProfile) {
				return err
			}
			st.names[u] = p.Name
			if u == sess.UserID() {
				st.me = p
			}
		}
		return nil
	})
	return st, err
}

func (st agreementState) view() AgreementView {
	v := AgreementView{EmployerID: st.employer.ID.String(), EmployerName: st.employer.Name, EmployerKvK: st.employer.KvK,
		History: []AgreementChange{}, Sent: []AgreementConfirmation{},
		MailConfigured: st.mail.Configured(), MailUser: st.mail.User != ""}
	if cur, ok := st.record.Current(); ok {
		sv := signatoryView(cur)
		v.Current = &sv
	}
	for i, ver := range slices.Backward(st.record.Versions) {
		v.History = append(v.History, AgreementChange{Version: i + 1, At: ver.At.UTC().Format(time.RFC3339),
			By: st.names[ver.By], Signatory: signatoryView(ver.Signatory)})
	}
	for _, c := range slices.Backward(st.record.Sent) {
		v.Sent = append(v.Sent, AgreementConfirmation{At: c.At.UTC().Format(time.RFC3339), By: st.names[c.By],
			Via: string(c.Via), Version: c.Version})
		if c.Version == len(st.record.Versions) {
			v.Confirmed = true
		}
	}
	return v
}

func signatoryView(s agreement.Signatory) SignatoryView {
	return SignatoryView{Name: s.Name, Function: s.Function, Basis: string(s.Basis), CoSignatory: s.CoSignatory,
		PowerLimits: s.PowerLimits, KvK: s.KvK, ExtractDate: s.ExtractDate, Email: s.Email}
}

// Get reads an employer's agreement record.
func (a *Agreement) Get(employerID string) (_ AgreementView, err error) {
	defer a.s.recovered("Agreement.Get", &err)
	_, _, st, err := a.load(employerID, "read agreement")
	if err != nil {
		return AgreementView{}, err
	}
	return st.view(), nil
}

// Save records the signatory for an employer. A changed signatory becomes a new version (the
// old ones stay); an unchanged one adds nothing. Field errors come under SignatoryForm's names.
func (a *Agreement) Save(employerID string, form SignatoryForm) (_ AgreementView, err error) {
	defer a.s.recovered("Agreement.Save", &err)
	ws, err := a.open()
	if err != nil {
		return AgreementView{}, err
	}
	id, err := parseID(employerID)
	if err != nil {
		return AgreementView{}, err
	}
	err = ws.SaveSignatory(id, agreement.Input{Name: form.Name, Function: form.Function, Basis: form.Basis,
		CoSignatory: form.CoSignatory, PowerLimits: form.PowerLimits, KvK: form.KvK, ExtractDate: form.ExtractDate,
		Email: form.Email})
	if err != nil {
		return AgreementView{}, a.fail("save agreement", err)
	}
	return a.Get(employerID)
}

// MailSettings reads the SMTP settings.
func (a *Agreement) MailSettings() (_ MailSettingsView, err error) {
	defer a.s.recovered("Agreement.MailSettings", &err)
	ws, err := a.open()
	if err != nil {
		return MailSettingsView{}, err
	}
	m, err := ws.Agreements().MailSettings()
	if err != nil {
		return MailSettingsView{}, a.fail("read mail settings", err)
	}
	return mailView(m), nil
}

// SaveMailSettings stores the SMTP settings (an empty host removes them). Field errors come under
// host, port, startTLS (a user name needs STARTTLS), user and from.
func (a *Agreement) SaveMailSettings(form MailSettingsForm) (_ MailSettingsView, err error) {
	defer a.s.recovered("Agreement.SaveMailSettings", &err)
	ws, err := a.open()
	if err != nil {
		return MailSettingsView{}, err
	}
	m, err := ws.Agreements().SaveMailSettings(agreement.MailInput{Host: form.Host,
		Port: form.Port, StartTLS: form.StartTLS, User: form.User, From: form.From})
	if err != nil {
		return MailSettingsView{}, a.fail("save mail settings", err)
	}
	return mailView(m), nil
}

func mailView(m agreement.MailSettings) MailSettingsView {
	return MailSettingsView{Host: m.Host, Port: m.Port, StartTLS: m.StartTLS, User: m.User, From: m.From,
		Configured: m.Configured()}
}

// Send mails the confirmation of the current signatory through the configured SMTP server.
// smtpPassword is used for this send only and never stored; it may be "" for a server without
// a user name.
func (a *Agreement) Send(employerID, smtpPassword string) (_ AgreementView, err error) {
	defer a.s.recovered("Agreement.Send", &err)
	ws, id, st, err := a.load(employerID, "send agreement")
	if err != nil {
		return AgreementView{}, err
	}
	if !st.mail.Configured() {
		return AgreementView{}, errMailNotConfigured
	}
	msg, from, to, err := a.confirmation(st)
	if err != nil {
		return AgreementView{}, a.fail("send agreement", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), sendLimit)
	defer cancel()
	if err := a.mailer.Send(ctx, st.mail, smtpPassword, from, to, msg); err != nil {
		return AgreementView{}, a.fail("send agreement", err)
	}
	if err := ws.ConfirmationSent(id, agreement.ViaSMTP); err != nil {
		return AgreementView{}, a.fail("record confirmation", err)
	}
	return a.Get(employerID)
}

// emlHeader makes Outlook open the saved message as a draft to send rather than as a received
// mail; the rest of the file is the very message Send would deliver.
const emlHeader = "X-Unsent: 1\r\n"

// SaveEml asks where to save the confirmation as an .eml file, for the admin's own mail program,
// and writes it. It returns the path, or "" when the user cancelled.
func (a *Agreement) SaveEml(employerID string) (_ string, err error) {
	defer a.s.recovered("Agreement.SaveEml", &err)
	ws, id, st, err := a.load(employerID, "save eml")
	if err != nil {
		return "", err
	}
	msg, _, _, err := a.confirmation(st)
	if err != nil {
		return "", a.fail("save eml", err)
	}
	name := "Bevestiging-verwerkersovereenkomst-" + sanitizeFileName(st.employer.Name) + ".eml"
	path, err := askSavePath(a.s.platformNow(), "Bevestiging opslaan / Save confirmation", name, "E-mail (*.eml)", ".eml")
	if err != nil || path == "" {
		return "", err
	}
	err = writeFileAtomic(path, func(f *os.File) error {
		if _, err := f.Write(append([]byte(emlHeader), msg...)); err != nil {
			return err
		}
		return f.Sync()
	})
	if err != nil {
		return "", a.fail("save eml", err)
	}
	if err := ws.ConfirmationSent(id, agreement.ViaEml); err != nil {
		return "", a.fail("record confirmation", err)
	}
	return path, nil
}

// SavePDF asks where to save the record as a PDF and writes it. It returns the path, or "" when
// the user cancelled.
func (a *Agreement) SavePDF(employerID string) (_ string, err error) {
	defer a.s.recovered("Agreement.SavePDF", &err)
	ws, id, st, err := a.load(employerID, "save agreement pdf")
	if err != nil {
		return "", err
	}
	if _, ok := st.record.Current(); !ok {
		return "", errNoSignatory
	}
	name := "Verwerkersovereenkomst-" + sanitizeFileName(st.employer.Name) + ".pdf"
	path, err := askSavePath(a.s.platformNow(), "PDF opslaan / Save PDF", name, "PDF", ".pdf")
	if err != nil || path == "" {
		return "", err
	}
	if err := report.SaveAgreement(path, a.pdfModel(st)); err != nil {
		return "", a.fail("save agreement pdf", err)
	}
	if err := ws.AgreementPrinted(id); err != nil {
		return "", a.fail("audit agreement", err)
	}
	return path, nil
}

// confirmation builds the message to the current signatory and its envelope addresses.
func (a *Agreement) confirmation(st agreementState) (msg []byte, from, to string, err error) {
	cur, ok := st.record.Current()
	if !ok {
		return nil, "", "", errNoSignatory
	}
	var pdf bytes.Buffer
	if err := report.WriteAgreement(&pdf, a.pdfModel(st)); err != nil {
		return nil, "", "", err
	}
	from = st.mail.From
	if from == "" {
		from = st.me.Email
	}
	msg, err = agreement.BuildConfirmation(agreement.Letter{EmployerName: st.employer.Name, Signatory: cur,
		AdminName: st.me.Name, AdminEmail: st.me.Email, From: from, Date: a.s.cfg.Now(), PDF: pdf.Bytes()})
	return msg, from, cur.Email, err
}

// pdfModel is the record as the PDF shows it, times in the PC's time zone.
func (a *Agreement) pdfModel(st agreementState) report.Agreement {
	cur, _ := st.record.Current()
	out := report.Agreement{EmployerName: st.employer.Name, EmployerKvK: st.employer.KvK,
		Signatory: report.AgreementSignatory{Name: cur.Name, Function: cur.Function, Basis: string(cur.Basis),
			CoSignatory: cur.CoSignatory, PowerLimits: cur.PowerLimits, KvK: cur.KvK, ExtractDate: cur.ExtractTime(),
			Email: cur.Email},
		Printed: a.s.cfg.Now().Local(), PrintedBy: st.me.Name}
	for _, v := range slices.Backward(st.record.Versions) {
		out.History = append(out.History, report.AgreementChange{At: v.At.Local(), By: st.names[v.By], Signatory: v.Signatory.Name})
	}
	for _, c := range slices.Backward(st.record.Sent) {
		out.Sent = append(out.Sent, report.AgreementSent{At: c.At.Local(), By: st.names[c.By], Via: string(c.Via)})
	}
	return out
}

// fail logs a failed send with its step and SMTP reply code (never the server's text, an
// address or the password) and maps the error like every other.
func (a *Agreement) fail(op string, err error) error {
	var se *agreement.SendError
	if errors.As(err, &se) {
		a.s.cfg.Logger.Warn(op+" failed", "err", err)
	}
	return a.s.fail(op, err)
}
