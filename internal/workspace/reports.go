package workspace

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// Reports: the employee's share history and access export (GDPR art. 15), the anonymised
// statistics and the processing register (GDPR art. 30), each as a PDF in the shared look of
// internal/report (the access export also as JSON). The window (app.Reports) and the command
// line (kluis export, kluis report) call these; every one is audited before its bytes are
// returned, so there is no document without its audit event.

// ErrReportAdminOnly: the access export lists the arbo service's retrievals, which only the
// audit log holds (admins read it), and the register shows the vault's configuration.
var ErrReportAdminOnly = errors.New("workspace: only an administrator can make this report")

// ErrStatisticsAllDepartments: statistics count every department; a manager holds only theirs.
var ErrStatisticsAllDepartments = errors.New("workspace: statistics need every department (administrators and HR users)")

// userNames reads the display names of users (the session's own included), "" when unknown.
func (w *Workspace) userNames(users ...vault.UserID) (map[vault.UserID]string, error) {
	names := map[vault.UserID]string{}
	users = append(users, w.sess.UserID())
	err := w.sess.View(func(tx *vault.Tx) error {
		for _, u := range users {
			if _, done := names[u]; done {
				continue
			}
			p, err := access.LoadProfile(tx, u)
			if err != nil && !errors.Is(err, access.ErrNoProfile) {
				return err
			}
			names[u] = p.Name
		}
		return nil
	})
	return names, err
}

// employerOf is the employer record of id.
func (w *Workspace) employerOf(id vault.ID) (people.Employer, error) {
	list, err := w.dir.Employers()
	if err != nil {
		return people.Employer{}, err
	}
	for _, e := range list {
		if e.ID == id {
			return e, nil
		}
	}
	return people.Employer{}, people.ErrEmployerNotFound
}

// serviceName is the enrolled arbo service's name, or "" when the vault is not linked.
func (w *Workspace) serviceName() string {
	link, ok := w.sess.ServiceLink()
	if !ok {
		return ""
	}
	var d ServiceDetails
	_ = json.Unmarshal(link.Details, &d)
	if d.Name == "" {
		return link.URL
	}
	return d.Name
}

// recipient is the arbo service by name, or "de arbodienst" when none is linked.
func recipient(name string, lang report.Lang) string {
	if name != "" {
		return name
	}
	return lang.Pick("de arbodienst", "the arbo service")
}

// displayDate turns jjjj-mm-dd into dd-mm-jjjj; anything else is returned as is.
func displayDate(s string) string {
	t, err := time.Parse(people.DateLayout, s)
	if err != nil {
		return s
	}
	return t.Format("02-01-2006")
}

func displayTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02-01-2006 15:04")
}

// careQuestionText is a care question in words.
func careQuestionText(c sharing.CareQuestion, lang report.Lang) string {
	switch c {
	case sharing.CareSickReport:
		return lang.Pick("Ziekmelding", "Sick report")
	case sharing.CareCaseManager:
		return lang.Pick("Contact met casemanager", "Case-manager contact")
	case sharing.CareConsultation:
		return lang.Pick("Spreekuur", "Consultation hour")
	}
	return string(c)
}

// eventText is a share-history event kind in words.
func eventText(kind string, lang report.Lang) string {
	switch kind {
	case sharing.EventShared:
		return lang.Pick("Gedeeld", "Shared")
	case sharing.EventRevoked:
		return lang.Pick("Ingetrokken", "Revoked")
	case sharing.EventSharedByArbo:
		return lang.Pick("Gedeeld door de arbodienst", "Shared by the arbo service")
	case sharing.EventSick:
		return lang.Pick("Ziekmelding", "Sick report")
	case sharing.EventRecovered:
		return lang.Pick("Herstelmelding", "Recovery")
	case sharing.EventAbsenceChange:
		return lang.Pick("Wijziging verzuim", "Absence changed")
	case sharing.EventEnded:
		return lang.Pick("Deling afgelopen", "Share ended")
	}
	return kind
}

// reasonText is the reason of an ended share, or an admin's own words for a revocation.
func reasonText(reason string, lang report.Lang) string {
	switch reason {
	case sharing.EndedUntil:
		return lang.Pick("einddatum bereikt", "end date passed")
	case sharing.EndedCaseClosed:
		return lang.Pick("hersteld en dossier gesloten", "recovered and case closed")
	}
	return reason
}

// historyLine is one share-history event as the share history and the access export show it.
type historyLine struct {
	When, What, By, Recipient, CareQuestion, Explanation, Until, Reason string
}

func historyLines(d sharing.Dossier, names map[vault.UserID]string, service string, lang report.Lang) []historyLine {
	out := make([]historyLine, 0, len(d.History))
	for _, e := range d.History {
		out = append(out, historyLine{When: displayTime(e.At), What: eventText(e.Kind, lang), By: names[e.By],
			Recipient: recipient(service, lang), CareQuestion: careQuestionText(e.CareQuestion, lang),
			Explanation: e.Explanation, Until: displayDate(e.Until), Reason: reasonText(e.Reason, lang)})
	}
	return out
}

// historyTable is the share history as a table, oldest first.
func historyTable(lines []historyLine, lang report.Lang) report.Table {
	t := report.Table{
		Columns: []report.Column{
			{Title: lang.Pick("Wanneer", "When"), Weight: 2.2},
			{Title: lang.Pick("Wat", "What"), Weight: 2.2},
			{Title: lang.Pick("Door", "By"), Weight: 2.2},
			{Title: lang.Pick("Ontvanger", "Recipient"), Weight: 2.2},
			{Title: lang.Pick("Zorgvraag", "Care question"), Weight: 2.2},
			{Title: lang.Pick("Toelichting, einddatum, reden", "Explanation, end date, reason"), Weight: 4},
		},
		Empty: lang.Pick("Nog nooit gedeeld.", "Never shared."),
	}
	for _, l := range lines {
		var more []string
		if l.Explanation != "" {
			more = append(more, l.Explanation)
		}
		if l.Until != "" {
			more = append(more, lang.Pick("tot en met ", "until ")+l.Until)
		}
		if l.Reason != "" {
			more = append(more, l.Reason)
		}
		cq := l.CareQuestion
		t.Rows = append(t.Rows, []string{l.When, l.What, l.By, l.Recipient, cq, strings.Join(more, " · ")})
	}
	return t
}

// ShareHistoryPDF is the share history of one employee as a PDF: every share, revocation,
// sick report and recovery with when, by whom, to whom, the care question and explanation. It
// does not list the arbo service's retrievals (managers must not learn of them; the access
// export has them). Whoever can read the employee's dossier may print it; it is audited as
// employee.export "share-history".
func (w *Workspace) ShareHistoryPDF(employee vault.ID, lang report.Lang) ([]byte, error) {
	var out []byte
	err := w.guard(func() error {
		d, err := w.share.Dossier(employee)
		if err != nil {
			return err
		}
		v, err := w.dir.Employee(employee)
		if err != nil {
			return err
		}
		users := make([]vault.UserID, 0, len(d.History))
		for _, e := range d.History {
			users = append(users, e.By)
		}
		names, err := w.userNames(users...)
		if err != nil {
			return err
		}
		employer, err := w.employerOf(v.Employer)
		if err != nil {
			return err
		}
		doc := report.NewDocument(report.Meta{
			Title:        lang.Pick("Deelgeschiedenis", "Share history"),
			Subtitle:     lang.Pick("Wanneer, door wie en waarom het dossier met de arbodienst is gedeeld", "When, by whom and why the dossier was shared with the arbo service"),
			Employer:     employer.Name,
			Lang:         lang,
			GeneratedAt:  w.now().Local(),
			GeneratedBy:  names[w.sess.UserID()],
			PersonalData: true,
		})
		facts := []report.KV{{Label: lang.Pick("Personeelsnummer", "Personnel number"), Value: v.Persnr}}
		if v.Identity != nil {
			facts = append(facts, report.KV{Label: lang.Pick("Naam", "Name"), Value: v.Identity.DisplayName()})
		}
		facts = append(facts, report.KV{Label: lang.Pick("Afdeling", "Department"), Value: v.DepartmentPath})
		state := lang.Pick("Niet gedeeld", "Not shared")
		if sh := d.Active(w.now()); sh != nil {
			state = lang.Pick("Gedeeld sinds ", "Shared since ") + displayTime(sh.Since) + " · " + careQuestionText(sh.CareQuestion, lang)
			if sh.Until != "" {
				state += lang.Pick(" · tot en met ", " · until ") + displayDate(sh.Until)
			}
		}
		facts = append(facts, report.KV{Label: lang.Pick("Nu", "Now"), Value: state})
		doc.KeyValues(facts)
		doc.Heading(lang.Pick("Geschiedenis", "History"))
		doc.Table(historyTable(historyLines(d, names, w.serviceName(), lang), lang))
		doc.Note(lang.Pick("Oudste eerst. Tijden in de tijdzone van deze pc.", "Oldest first. Times in this PC's time zone."))
		if out, err = doc.Bytes(); err != nil {
			return err
		}
		// One event for what was shown, the name included.
		return w.record(audit.ActionExport, []vault.ID{employee}, "share-history")
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
