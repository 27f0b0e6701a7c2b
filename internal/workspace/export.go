package workspace

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/privacy"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/validate"
	"kluis/internal/vault"
)

// AccessExportFormat names the JSON layout of the access export; a change of layout gets a new
// number.
const AccessExportFormat = "kluis-access-export/1"

// AccessExport is everything the vault holds about one employee (GDPR art. 15): every field of
// the identity and the skeleton, every employment, every share with recipient, date, care
// question and explanation, every absence with what was reported, every retrieval by the arbo
// service, and the processing purposes with their retention. It is the JSON of the export and
// the model of its PDF.
type AccessExport struct {
	Format      string               `json:"format"`
	GeneratedAt time.Time            `json:"generatedAt"`
	GeneratedBy string               `json:"generatedBy"`
	Employer    people.Employer      `json:"employer"`
	Employee    ExportedEmployee     `json:"employee"`
	Employments []ExportedEmployment `json:"employments"`
	Share       *ExportedShare       `json:"currentShare"`
	History     []ExportedShareEvent `json:"shareHistory"`
	Absences    []ExportedAbsence    `json:"absences"`
	Case        ExportedCase         `json:"caseAtArboService"`
	Retrievals  []ExportedRetrieval  `json:"retrievals"`
	Pending     int                  `json:"messagesWaitingForArboService"`
	Purposes    []privacy.Purpose    `json:"processingPurposes"`
	Rights      privacy.Text         `json:"rights"`
	Recipients  []string             `json:"recipients"`
}

// ExportedEmployee is the skeleton and the identity (nil when the vault holds none).
type ExportedEmployee struct {
	Persnr     string           `json:"persnr"`
	Department string           `json:"department"`
	Active     bool             `json:"active"`
	Shared     bool             `json:"shared"`
	Identity   *people.Identity `json:"identity"`
}

// ExportedEmployment is one employment with its department's path.
type ExportedEmployment struct {
	Department string `json:"department"`
	Start      string `json:"start"`
	End        string `json:"end,omitempty"`
	Hours      string `json:"hours,omitempty"`
	CostCentre string `json:"costCentre,omitempty"`
	JobTitle   string `json:"jobTitle,omitempty"`
	Contract   string `json:"contract,omitempty"`
	Sector     string `json:"sector,omitempty"`
	RiskGroup  string `json:"riskGroup,omitempty"`
	UWVRef     string `json:"uwvRef,omitempty"`
}

// ExportedShare is the share in force.
type ExportedShare struct {
	CareQuestion string    `json:"careQuestion"`
	Since        time.Time `json:"since"`
	Until        string    `json:"until,omitempty"`
	Recipient    string    `json:"recipient"`
}

// ExportedShareEvent is one line of the share history with the user's name and the recipient.
type ExportedShareEvent struct {
	Kind         string    `json:"kind"`
	At           time.Time `json:"at"`
	By           string    `json:"by"`
	Recipient    string    `json:"recipient"`
	CareQuestion string    `json:"careQuestion,omitempty"`
	Explanation  string    `json:"explanation,omitempty"`
	Until        string    `json:"until,omitempty"`
	Reason       string    `json:"reason,omitempty"`
}

// ExportedAbsence is one spell with the sick report as last recorded and the steps done.
type ExportedAbsence struct {
	FirstSickDay string             `json:"firstSickDay"`
	Recovered    string             `json:"recovered,omitempty"`
	Percentage   int                `json:"percentage"`
	Report       sharing.SickReport `json:"report"`
	Steps        []ExportedStep     `json:"stepsDone,omitempty"`
}

// ExportedStep is a Poortwachter step marked done.
type ExportedStep struct {
	Code string `json:"code"`
	Done string `json:"done"`
	By   string `json:"by"`
}

// ExportedCase is what the arbo service reported about the case.
type ExportedCase struct {
	CaseContent  bool   `json:"caseContent"`
	Closed       bool   `json:"closed"`
	Poortwachter string `json:"poortwachter,omitempty"`
}

// ExportedRetrieval is one retrieval of the identity data by the arbo service.
type ExportedRetrieval struct {
	At        time.Time `json:"at"`
	Recipient string    `json:"recipient"`
}

// AccessFiles are the access export's files; a format not asked for is nil.
type AccessFiles struct {
	JSON []byte
	PDF  []byte
}

// ExportAccess makes the access export of one employee (GDPR art. 15) as JSON and/or PDF (the
// PDF's fixed words in lang). Only an administrator can: the retrievals by the arbo service are
// in the audit log, which only admins read (ErrReportAdminOnly otherwise). Each file is audited
// (employee.export, "art15-json" / "art15-pdf") before the files are returned.
func (w *Workspace) ExportAccess(employee vault.ID, lang report.Lang, asJSON, asPDF bool) (AccessFiles, error) {
	var files AccessFiles
	if w.sess.Role() != vault.RoleAdmin {
		return files, ErrReportAdminOnly
	}
	err := w.guard(func() error {
		x, err := w.accessExport(employee)
		if err != nil {
			return err
		}
		if asJSON {
			if files.JSON, err = json.MarshalIndent(x, "", "  "); err != nil {
				return err
			}
		}
		if asPDF {
			if files.PDF, err = accessPDF(x, lang); err != nil {
				return err
			}
		}
		if asJSON {
			if err := w.record(audit.ActionExport, []vault.ID{employee}, "art15-json"); err != nil {
				return err
			}
		}
		if asPDF {
			return w.record(audit.ActionExport, []vault.ID{employee}, "art15-pdf")
		}
		return nil
	})
	if err != nil {
		return AccessFiles{}, err
	}
	return files, nil
}

func (w *Workspace) accessExport(employee vault.ID) (AccessExport, error) {
	v, err := w.dir.Employee(employee)
	if err != nil {
		return AccessExport{}, err
	}
	if v.Identity == nil {
		return AccessExport{}, fmt.Errorf("workspace: the identity of this employee is not readable: %w", vault.ErrNoAccess)
	}
	d, err := w.share.Dossier(employee)
	if err != nil {
		return AccessExport{}, err
	}
	employer, err := w.employerOf(v.Employer)
	if err != nil {
		return AccessExport{}, err
	}
	events, err := w.log.List()
	if err != nil {
		return AccessExport{}, err
	}
	var users []vault.UserID
	for _, e := range d.History {
		users = append(users, e.By)
	}
	for _, a := range d.Absences {
		for _, s := range a.Steps {
			users = append(users, s.By)
		}
	}
	names, err := w.userNames(users...)
	if err != nil {
		return AccessExport{}, err
	}
	service := recipient(w.serviceName(), report.Dutch)
	x := AccessExport{
		Format: AccessExportFormat, GeneratedAt: w.now().UTC().Truncate(time.Second), GeneratedBy: names[w.sess.UserID()], Employer: employer,
		Employee: ExportedEmployee{Persnr: v.Persnr, Department: v.DepartmentPath, Active: v.Active, Shared: v.Shared, Identity: v.Identity},
		Case:     ExportedCase{CaseContent: d.CaseContent, Closed: d.CaseClosed, Poortwachter: d.Poortwachter},
		Pending:  len(d.Outbox), Purposes: privacy.Purposes(), Recipients: []string{service},
		Rights: privacy.Text{
			NL: "U kunt uw gegevens laten verbeteren of aanvullen, en laten verwijderen als de bewaartermijn voorbij is. Vraag het aan de afdeling personeelszaken van uw werkgever. U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.",
			EN: "You may have your data corrected or completed, and erased when the retention period has ended. Ask your employer's HR department. You may also lodge a complaint with the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).",
		},
		Employments: []ExportedEmployment{}, History: []ExportedShareEvent{}, Absences: []ExportedAbsence{}, Retrievals: []ExportedRetrieval{},
	}
	for _, em := range v.Employments {
		path, err := w.dir.DepartmentPath(em.Department)
		if err != nil {
			return AccessExport{}, err
		}
		x.Employments = append(x.Employments, ExportedEmployment{Department: path, Start: em.Start, End: em.End,
			Hours: em.Hours, CostCentre: em.CostCentre, JobTitle: em.JobTitle,
			Contract: em.Contract, Sector: em.Sector, RiskGroup: em.RiskGroup, UWVRef: em.UWVRef})
	}
	if sh := d.Active(w.now()); sh != nil {
		x.Share = &ExportedShare{CareQuestion: string(sh.CareQuestion), Since: sh.Since, Until: sh.Until, Recipient: service}
	}
	for _, e := range d.History {
		x.History = append(x.History, ExportedShareEvent{Kind: e.Kind, At: e.At, By: names[e.By], Recipient: service,
			CareQuestion: string(e.CareQuestion), Explanation: e.Explanation, Until: e.Until, Reason: e.Reason})
	}
	for _, a := range d.Absences {
		ea := ExportedAbsence{FirstSickDay: a.FirstSickDay, Recovered: a.Recovered, Percentage: a.Percentage, Report: a.Report}
		if ea.Percentage == 0 {
			ea.Percentage = 100
		}
		for _, s := range a.Steps {
			ea.Steps = append(ea.Steps, ExportedStep{Code: s.Code, Done: s.Done, By: names[s.By]})
		}
		x.Absences = append(x.Absences, ea)
	}
	for _, e := range events {
		if e.Action == audit.ActionRetrieval && slices.Contains(e.Subjects, employee) {
			x.Retrievals = append(x.Retrievals, ExportedRetrieval{At: e.At, Recipient: service})
		}
	}
	return x, nil
}

// accessPDF draws the access export.
func accessPDF(x AccessExport, lang report.Lang) ([]byte, error) {
	L := lang.Pick
	doc := report.NewDocument(report.Meta{
		Title:        L("Inzageverzoek (AVG art. 15)", "Access request (GDPR art. 15)"),
		Subtitle:     L("Alle gegevens die de werkgever in Kluis over deze medewerker bewaart", "Every piece of data the employer keeps about this employee in Kluis"),
		Employer:     x.Employer.Name + " (KvK " + x.Employer.KvK + ")",
		Lang:         lang,
		GeneratedAt:  x.GeneratedAt.Local(),
		GeneratedBy:  x.GeneratedBy,
		PersonalData: true,
	})
	id := x.Employee.Identity
	yes := func(b bool) string {
		if b {
			return L("ja", "yes")
		}
		return L("nee", "no")
	}
	doc.Heading(L("Identiteit", "Identity"))
	doc.KeyValues([]report.KV{
		{Label: L("Personeelsnummer", "Personnel number"), Value: x.Employee.Persnr},
		{Label: L("Voorletters", "Initials"), Value: id.Initials},
		{Label: L("Roepnaam", "First name"), Value: id.FirstName},
		{Label: L("Voornamen", "Official first names"), Value: id.FirstNames},
		{Label: L("Tussenvoegsel", "Prefix"), Value: id.Prefix},
		{Label: L("Achternaam", "Surname"), Value: id.Surname},
		{Label: L("Tussenvoegsel partner", "Partner's prefix"), Value: id.PartnerPrefix},
		{Label: L("Achternaam partner", "Partner's surname"), Value: id.PartnerSurname},
		{Label: L("Naamgebruik", "Name usage"), Value: string(id.NameUsage)},
		{Label: L("Geslacht", "Gender"), Value: id.Gender},
		{Label: "BSN", Value: id.BSN},
		{Label: L("Geboortedatum", "Birth date"), Value: displayDate(id.BirthDate)},
		{Label: L("Straat", "Street"), Value: id.Address.Street},
		{Label: L("Huisnummer", "House number"), Value: id.Address.Number},
		{Label: L("Toevoeging", "Addition"), Value: id.Address.Addition},
		{Label: L("Postcode", "Postcode"), Value: id.Address.Postcode},
		{Label: L("Woonplaats", "City"), Value: id.Address.City},
		{Label: L("Land", "Country"), Value: id.Address.Country},
		{Label: L("Mobiel", "Mobile"), Value: id.Phones.Mobile},
		{Label: L("Telefoon werk", "Work phone"), Value: id.Phones.Work},
		{Label: L("Telefoon privé", "Private phone"), Value: id.Phones.Private},
		{Label: L("E-mail werk", "Work e-mail"), Value: id.Emails.Work},
		{Label: L("E-mail privé", "Private e-mail"), Value: id.Emails.Private},
		{Label: L("Afdeling", "Department"), Value: x.Employee.Department},
		{Label: L("In dienst", "Employed"), Value: yes(x.Employee.Active)},
		{Label: L("Gedeeld met de arbodienst", "Shared with the arbo service"), Value: yes(x.Employee.Shared)},
	})

	doc.Heading(L("Dienstverbanden", "Employments"))
	emp := report.Table{Columns: []report.Column{
		{Title: L("Afdeling", "Department"), Weight: 3.6}, {Title: L("Begin", "Start"), Weight: 1.8}, {Title: L("Einde", "End"), Weight: 1.8},
		{Title: L("Uren", "Hours"), Weight: 1.2, Right: true}, {Title: L("Functie", "Job title"), Weight: 3}, {Title: L("Kostenplaats", "Cost centre"), Weight: 2.6},
	}, Empty: L("Geen dienstverbanden.", "No employments.")}
	for _, e := range x.Employments {
		emp.Rows = append(emp.Rows, []string{e.Department, displayDate(e.Start), displayDate(e.End), e.Hours, e.JobTitle, e.CostCentre})
	}
	doc.Table(emp)
	// The employment facts for the arbo service, where any employment has one (art. 15: every
	// field held).
	facts := report.Table{Columns: []report.Column{
		{Title: L("Begin", "Start"), Weight: 1.8}, {Title: L("Soort contract", "Contract"), Weight: 2.4},
		{Title: L("Sector", "Sector"), Weight: 1.2}, {Title: L("Risicopremiegroep", "Risk group"), Weight: 2},
		{Title: L("UWV-kenmerk", "UWV reference"), Weight: 2.6},
	}}
	for _, e := range x.Employments {
		if e.Contract+e.Sector+e.RiskGroup+e.UWVRef != "" {
			facts.Rows = append(facts.Rows, []string{displayDate(e.Start), contractLabel(lang, e.Contract), e.Sector, e.RiskGroup, e.UWVRef})
		}
	}
	if len(facts.Rows) > 0 {
		doc.Table(facts)
	}

	doc.Heading(L("Delen met de arbodienst", "Sharing with the arbo service"))
	now := L("Niet gedeeld", "Not shared")
	if s := x.Share; s != nil {
		now = L("Gedeeld met ", "Shared with ") + s.Recipient + L(" sinds ", " since ") + displayTime(s.Since) + " · " +
			careQuestionText(sharing.CareQuestion(s.CareQuestion), lang)
		if s.Until != "" {
			now += L(" · tot en met ", " · until ") + displayDate(s.Until)
		}
	}
	doc.KeyValues([]report.KV{
		{Label: L("Nu", "Now"), Value: now},
		{Label: L("Inhoud bij de arbodienst", "Case content at the arbo service"), Value: yes(x.Case.CaseContent)},
		{Label: L("Dossier gesloten", "Case closed"), Value: yes(x.Case.Closed)},
		{Label: L("Poortwachter-stap (arbodienst)", "Gatekeeper step (arbo service)"), Value: x.Case.Poortwachter},
		{Label: L("Berichten nog niet bij de arbodienst", "Messages not yet at the arbo service"), Value: strconv.Itoa(x.Pending)},
	})
	var lines []historyLine
	for _, e := range x.History {
		lines = append(lines, historyLine{When: displayTime(e.At), What: eventText(e.Kind, lang), By: e.By, Recipient: e.Recipient,
			CareQuestion: careQuestionText(sharing.CareQuestion(e.CareQuestion), lang), Explanation: e.Explanation,
			Until: displayDate(e.Until), Reason: reasonText(e.Reason, lang)})
	}
	doc.Subheading(L("Deelgeschiedenis", "Share history"))
	doc.Table(historyTable(lines, lang))

	doc.Subheading(L("Opgehaald door de arbodienst (spreekuur)", "Retrieved by the arbo service (consultation hour)"))
	ret := report.Table{Columns: []report.Column{{Title: L("Wanneer", "When"), Weight: 1}, {Title: L("Door", "By"), Weight: 2}},
		Empty: L("Nooit opgehaald.", "Never retrieved.")}
	for _, r := range x.Retrievals {
		ret.Rows = append(ret.Rows, []string{displayTime(r.At), r.Recipient})
	}
	doc.Table(ret)

	doc.Heading(L("Verzuim", "Absence"))
	if len(x.Absences) == 0 {
		doc.Paragraph(L("Geen ziekmeldingen.", "No sick reports."))
	}
	for i, a := range x.Absences {
		doc.Subheading(fmt.Sprintf(L("Ziekmelding %d", "Sick report %d"), i+1))
		r := a.Report
		care := joinNonEmpty(", ", r.CareAddress.Street+" "+r.CareAddress.Number, r.CareAddress.Postcode+" "+r.CareAddress.City)
		steps := ""
		for _, s := range a.Steps {
			steps = joinNonEmpty("; ", steps, s.Code+" "+displayDate(s.Done)+" ("+s.By+")")
		}
		doc.KeyValues([]report.KV{
			{Label: L("Eerste ziektedag", "First sick day"), Value: displayDate(a.FirstSickDay)},
			{Label: L("Hersteld op", "Recovered on"), Value: displayDate(a.Recovered)},
			{Label: L("Percentage ziek", "Percentage sick"), Value: strconv.Itoa(a.Percentage) + "%"},
			{Label: L("Telefoon", "Phone"), Value: r.Phone},
			{Label: L("Verpleegadres", "Care address"), Value: care},
			{Label: L("Verwachte duur", "Expected duration"), Value: durationText(r.ExpectedDuration, lang)},
			{Label: L("Lopende afspraken", "Ongoing appointments"), Value: r.OngoingAppointments},
			{Label: L("Vangnet", "Safety net"), Value: yes(r.SafetyNet)},
			{Label: L("Bedrijfsongeval", "Work accident"), Value: yes(r.WorkAccident)},
			{Label: L("Aansprakelijke derde", "Liable third party"), Value: yes(r.ThirdPartyLiable)},
			{Label: L("Poortwachter-stappen gedaan", "Gatekeeper steps done"), Value: steps},
		})
	}

	doc.Heading(L("Doelen, grondslag en bewaartermijn", "Purposes, legal basis and retention"))
	l := string(lang)
	for _, p := range x.Purposes {
		doc.Subheading(p.Name.In(l))
		doc.KeyValues([]report.KV{
			{Label: L("Grondslag", "Legal basis"), Value: p.Basis.In(l)},
			{Label: L("Gegevens", "Data"), Value: p.Data.In(l)},
			{Label: L("Ontvangers", "Recipients"), Value: p.Recipients.In(l)},
			{Label: L("Bewaartermijn", "Retention"), Value: p.Retention.In(l)},
		})
	}
	doc.Heading(L("Uw rechten", "Your rights"))
	doc.Paragraph(x.Rights.In(l))
	return doc.Bytes()
}

func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}

// durationText is an expected duration (sharing.ExpectedDurations) in words.
func durationText(d string, lang report.Lang) string {
	switch d {
	case "up-to-1-week":
		return lang.Pick("tot 1 week", "up to 1 week")
	case "1-to-2-weeks":
		return lang.Pick("1 tot 2 weken", "1 to 2 weeks")
	case "2-to-6-weeks":
		return lang.Pick("2 tot 6 weken", "2 to 6 weeks")
	case "more-than-6-weeks":
		return lang.Pick("langer dan 6 weken", "more than 6 weeks")
	case "unknown":
		return lang.Pick("onbekend", "unknown")
	}
	return d
}

// contractLabel is a contract type as the reader says it.
func contractLabel(lang report.Lang, c string) string {
	switch c {
	case validate.ContractFixedTerm:
		return lang.Pick("Bepaalde tijd", "Fixed term")
	case validate.ContractPermanent:
		return lang.Pick("Onbepaalde tijd", "Permanent")
	case validate.ContractOnCall:
		return lang.Pick("Oproep", "On call")
	case validate.ContractAgency:
		return lang.Pick("Uitzend", "Agency")
	}
	return c
}
