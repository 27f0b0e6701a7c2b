package workspace

import (
	"fmt"
	"strconv"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/privacy"
	"kluis/internal/report"
	"kluis/internal/vault"
)

// RegisterOptions are the settings the register names that the vault, not the session, holds.
type RegisterOptions struct {
	IdleLock time.Duration // the idle lock in the signed settings (0: not stated)
}

// Register is the processing register (GDPR art. 30) of one employer, from the vault's
// configuration: the purposes with their basis, categories and retention (internal/privacy),
// the recipients (the enrolled arbo service by name), and the security measures with the
// configured ones (users per role, idle lock, the link's pinned certificate).
type Register struct {
	Employer  people.Employer
	Service   SyncStatus // Linked false: no arbo service enrolled
	Signatory string     // the processor agreement's signatory ("" when none recorded)
	SignedKvK string
	Users     map[vault.Role]int // active users per role
	Employees int                // employees of the employer (every status)
	Active    int
	Purposes  []privacy.Purpose
	Measures  []privacy.Text
}

// ProcessingRegister gathers the register of one employer (admins only: it reads the users and
// the processor agreement; ErrReportAdminOnly otherwise).
func (w *Workspace) ProcessingRegister(employer vault.ID, opts RegisterOptions) (Register, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return Register{}, ErrReportAdminOnly
	}
	emp, err := w.employerOf(employer)
	if err != nil {
		return Register{}, err
	}
	r := Register{Employer: emp, Users: map[vault.Role]int{}, Purposes: privacy.Purposes(), Measures: privacy.Measures()}
	if r.Service, err = w.SyncStatus(); err != nil {
		return Register{}, err
	}
	rec, err := w.Agreements().Get(employer)
	if err != nil {
		return Register{}, err
	}
	if cur, ok := rec.Current(); ok {
		r.Signatory, r.SignedKvK = cur.Name+" ("+cur.Function+")", cur.KvK
	}
	users, err := w.sess.Users()
	if err != nil {
		return Register{}, err
	}
	for _, u := range users {
		if u.Status == vault.StatusActive {
			r.Users[u.Role]++
		}
	}
	emps, _, err := w.dir.SyncEmployees()
	if err != nil {
		return Register{}, err
	}
	today := w.now().Format(people.DateLayout)
	for _, e := range emps {
		if e.Employer != employer {
			continue
		}
		r.Employees++
		if n := len(e.Employments); n > 0 && (e.Employments[n-1].End == "" || e.Employments[n-1].End >= today) {
			r.Active++
		}
	}
	if opts.IdleLock > 0 {
		r.Measures = append(r.Measures, privacy.Text{
			NL: fmt.Sprintf("De kluis vergrendelt na %d minuten zonder activiteit en bij slaapstand", int(opts.IdleLock/time.Minute)),
			EN: fmt.Sprintf("The vault locks after %d minutes without activity and when the PC sleeps", int(opts.IdleLock/time.Minute)),
		})
	}
	return r, nil
}

// ProcessingRegisterPDF prints the register for the data protection officer to sign (audited
// as report.print "register" with the employer as subject).
func (w *Workspace) ProcessingRegisterPDF(employer vault.ID, lang report.Lang, opts RegisterOptions) ([]byte, error) {
	var out []byte
	err := w.guard(func() error {
		r, err := w.ProcessingRegister(employer, opts)
		if err != nil {
			return err
		}
		names, err := w.userNames()
		if err != nil {
			return err
		}
		if out, err = registerPDF(r, lang, w.now(), names[w.sess.UserID()]); err != nil {
			return err
		}
		return w.record(audit.ActionReport, []vault.ID{employer}, "register")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func registerPDF(r Register, lang report.Lang, now time.Time, by string) ([]byte, error) {
	L := lang.Pick
	l := string(lang)
	doc := report.NewDocument(report.Meta{
		Title:       L("Verwerkingsregister (AVG art. 30)", "Record of processing activities (GDPR art. 30)"),
		Subtitle:    L("De verwerking van personeelsgegevens in Kluis, opgemaakt uit de instellingen van de kluis", "The processing of personnel data in Kluis, drawn up from the vault's configuration"),
		Employer:    r.Employer.Name + " (KvK " + r.Employer.KvK + ")",
		Lang:        lang,
		GeneratedAt: now.Local(),
		GeneratedBy: by,
	})
	service := L("Geen arbodienst gekoppeld", "No arbo service linked")
	if r.Service.Linked {
		service = recipient(r.Service.Service.Name, lang) + " · " + r.Service.URL +
			L(" · gekoppeld op ", " · linked on ") + displayTime(r.Service.LinkedAt)
		if r.Service.Fingerprint != "" {
			service += L(" · certificaat ", " · certificate ") + r.Service.Fingerprint[:min(16, len(r.Service.Fingerprint))] + "…"
		}
	}
	signatory := r.Signatory
	if signatory == "" {
		signatory = L("Nog niet vastgelegd (Beheer > Verwerkersovereenkomst)", "Not recorded yet (Beheer > Processor agreement)")
	}
	doc.Heading(L("Verwerkingsverantwoordelijke en verwerker", "Controller and processor"))
	doc.KeyValues([]report.KV{
		{Label: L("Verwerkingsverantwoordelijke", "Controller"), Value: r.Employer.Name + " (KvK " + r.Employer.KvK + ")"},
		{Label: L("Verwerker (arbodienst)", "Processor (arbo service)"), Value: service},
		{Label: L("Gerechtigde verwerkersovereenkomst", "Signatory of the processor agreement"), Value: signatory},
		{Label: L("Medewerkers in de kluis", "Employees in the vault"), Value: fmt.Sprintf(L("%d, waarvan %d in dienst", "%d, of whom %d employed"), r.Employees, r.Active)},
		{Label: L("Gebruikers", "Users"), Value: fmt.Sprintf(L("%d beheerders, %d HR-gebruikers, %d leidinggevenden", "%d administrators, %d HR users, %d managers"),
			r.Users[vault.RoleAdmin], r.Users[vault.RoleUser], r.Users[vault.RoleManager])},
	})
	doc.Heading(L("Verwerkingen", "Processing activities"))
	for i, p := range r.Purposes {
		doc.Subheading(strconv.Itoa(i+1) + ". " + p.Name.In(l))
		recipients := p.Recipients.In(l)
		if r.Service.Linked && p.Code != "personnel" && p.Code != "logging" {
			recipients += L(": ", ": ") + recipient(r.Service.Service.Name, lang)
		}
		doc.KeyValues([]report.KV{
			{Label: L("Grondslag", "Legal basis"), Value: p.Basis.In(l)},
			{Label: L("Categorieën gegevens", "Categories of data"), Value: p.Data.In(l)},
			{Label: L("Categorieën personen", "Categories of people"), Value: p.People.In(l)},
			{Label: L("Ontvangers", "Recipients"), Value: recipients},
			{Label: L("Bewaartermijn", "Retention"), Value: p.Retention.In(l)},
		})
	}
	doc.Note(L("Doorgifte buiten de EER: geen.", "Transfers outside the EEA: none."))
	doc.Heading(L("Beveiligingsmaatregelen", "Security measures"))
	m := report.Table{Columns: []report.Column{{Title: L("Maatregel", "Measure"), Weight: 1}}}
	for _, x := range r.Measures {
		m.Rows = append(m.Rows, []string{x.In(l)})
	}
	doc.Table(m)
	doc.KeepTogether(70)
	doc.Heading(L("Vastgesteld door de functionaris gegevensbescherming", "Adopted by the data protection officer"))
	doc.Signature(L("Naam", "Name"), L("Functie", "Function"), L("Datum", "Date"), L("Handtekening", "Signature"))
	return doc.Bytes()
}
