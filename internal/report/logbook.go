package report

import "io"

// Logbook is an extract of the audit log (Beheer → Logboek, `kluis log --pdf`) as plain text
// cells: the caller has already named users, actions and subjects in the document's language.
type Logbook struct {
	Meta Meta
	// Filter describes the selection (user, employee, action, period); Status is the chain
	// status line.
	Filter []KV
	Status string
	Rows   []LogbookRow
}

// LogbookRow is one event.
type LogbookRow struct {
	At, User, Action, Subject, Detail string
}

// WriteLogbook draws the extract in the shared look and writes the PDF to w.
func WriteLogbook(w io.Writer, l Logbook) error {
	l.Meta.PersonalData = true
	d := NewDocument(l.Meta)
	lang := d.Lang()
	d.Heading(lang.Pick("Selectie", "Selection"))
	d.KeyValues(l.Filter)
	if l.Status != "" {
		d.Note(l.Status)
	}
	d.Heading(lang.Pick("Gebeurtenissen", "Events"))
	t := Table{Columns: []Column{
		{Title: lang.Pick("Tijdstip", "Time"), Weight: 1.5},
		{Title: lang.Pick("Gebruiker", "User"), Weight: 1.6},
		{Title: lang.Pick("Actie", "Action"), Weight: 2},
		{Title: lang.Pick("Betreft", "Subject"), Weight: 2.6},
		{Title: lang.Pick("Toelichting", "Detail"), Weight: 1.3},
	}, Empty: lang.Pick("Geen gebeurtenissen in deze selectie.", "No events in this selection.")}
	for _, r := range l.Rows {
		t.Rows = append(t.Rows, []string{r.At, r.User, r.Action, r.Subject, r.Detail})
	}
	d.Table(t)
	return d.Write(w)
}
