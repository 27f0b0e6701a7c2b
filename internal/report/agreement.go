package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Agreement is what the processor-agreement PDF shows: the employer, the signatory recorded for
// it, who changed the record when, and the confirmations sent. Times are shown in their own
// location; Printed also fixes the PDF's dates.
type Agreement struct {
	EmployerName string
	EmployerKvK  string
	Signatory    AgreementSignatory
	// History is every version, newest first.
	History []AgreementChange
	// Sent is every confirmation sent, newest first.
	Sent      []AgreementSent
	Printed   time.Time
	PrintedBy string
}

// AgreementSignatory is the signatory as recorded. Basis is alone, jointly or power_of_attorney;
// CoSignatory belongs to jointly, PowerLimits to power_of_attorney.
type AgreementSignatory struct {
	Name        string
	Function    string
	Basis       string
	CoSignatory string
	PowerLimits string
	KvK         string
	ExtractDate time.Time
	Email       string
}

// AgreementChange is one saved version: when, by whom (a user's name), and the signatory's name
// in it.
type AgreementChange struct {
	At        time.Time
	By        string
	Signatory string
}

// AgreementSent is one confirmation: when, by whom, and how (smtp or eml).
type AgreementSent struct {
	At  time.Time
	By  string
	Via string
}

// ErrNoSignatory is returned for a record without a signatory: there is nothing to print.
var ErrNoSignatory = errors.New("report: the agreement has no signatory")

// WriteAgreement draws the processor-agreement record as an A4 PDF and writes it to w.
func WriteAgreement(w io.Writer, a Agreement) error {
	return writeAgreement(w, a, options{})
}

// SaveAgreement writes the record's PDF to path atomically with mode 0600, like
// SaveEmergencyKit.
func SaveAgreement(path string, a Agreement) error {
	var buf bytes.Buffer
	if err := WriteAgreement(&buf, a); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

func writeAgreement(w io.Writer, a Agreement, opt options) error {
	if strings.TrimSpace(a.Signatory.Name) == "" {
		return ErrNoSignatory
	}
	v := newAgreementView(a)
	p := newPage(v.DocTitle, a.Printed, v.Footer, opt)
	drawAgreement(p, v)
	if err := p.pdf.Error(); err != nil {
		return fmt.Errorf("draw agreement: %w", err)
	}
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("write agreement: %w", err)
	}
	return nil
}

// agreementView is the record as the page shows it: every string final, Dutch first.
type agreementView struct {
	DocTitle  string
	Title     string
	Subtitle  string
	Employer  []fact
	Signatory block
	History   block
	Sent      block
	Footer    string
}

// block is a headed list of facts with an English subtitle; Empty is shown when Facts is empty.
type block struct {
	Title   string
	English string
	Facts   []fact
	Empty   string
}

const (
	dateFormat     = "02-01-2006"
	dateTimeFormat = "02-01-2006 15:04"
)

func newAgreementView(a Agreement) agreementView {
	s := a.Signatory
	facts := []fact{
		{"Naam", s.Name},
		{"Functie", s.Function},
		{"Bevoegdheid", basisWords(s.Basis)},
	}
	switch s.Basis {
	case "jointly":
		facts = append(facts, fact{"Samen met", s.CoSignatory})
	case "power_of_attorney":
		facts = append(facts, fact{"Grenzen van de volmacht", s.PowerLimits})
	}
	extract := ""
	if !s.ExtractDate.IsZero() {
		extract = s.ExtractDate.Format(dateFormat)
	}
	facts = append(facts,
		fact{"KvK-nummer", s.KvK},
		fact{"Datum KvK-uittreksel", extract},
		fact{"E-mailadres", s.Email},
	)

	history := make([]fact, len(a.History))
	for i, h := range a.History {
		history[i] = fact{h.At.Format(dateTimeFormat), "Vastgelegd door " + orUnknown(h.By) + " · gerechtigde: " + h.Signatory}
	}
	sent := make([]fact, len(a.Sent))
	for i, c := range a.Sent {
		how := "per e-mail verstuurd (SMTP)"
		if c.Via == "eml" {
			how = "als e-mailbestand (.eml) opgeslagen"
		}
		sent[i] = fact{c.At.Format(dateTimeFormat), "Bevestiging " + how + " door " + orUnknown(c.By)}
	}

	printed := a.Printed.Format(dateFormat)
	return agreementView{
		DocTitle: "Verwerkersovereenkomst: gerechtigde",
		Title:    "Verwerkersovereenkomst",
		Subtitle: "Wie namens de werkgever de verwerkersovereenkomst (AVG art. 28) met de arbodienst mag tekenen · " +
			"Who may sign the processor agreement (GDPR art. 28) with the occupational health service",
		Employer: dropEmpty([]fact{
			{"Werkgever", a.EmployerName},
			{"KvK-nummer werkgever", a.EmployerKvK},
			{"Afgedrukt op", printed},
			{"Afgedrukt door", a.PrintedBy},
		}),
		Signatory: block{Title: "Gerechtigde", English: "Signatory", Facts: dropEmpty(facts)},
		History: block{Title: "Geschiedenis", English: "History: every change, newest first", Facts: history,
			Empty: "Nog geen wijzigingen."},
		Sent: block{Title: "Verstuurde bevestigingen", English: "Confirmations sent to the signatory, newest first",
			Facts: sent, Empty: "Nog geen bevestiging verstuurd."},
		Footer: "Vertrouwelijk · Verwerkersovereenkomst van " + a.EmployerName + " · afgedrukt op " + printed,
	}
}

// basisWords is the basis of authority in words, Dutch with English.
func basisWords(basis string) string {
	switch basis {
	case "alone":
		return "Zelfstandig bevoegd (authorised alone)"
	case "jointly":
		return "Gezamenlijk bevoegd (authorised jointly)"
	case "power_of_attorney":
		return "Bij volmacht (by power of attorney)"
	}
	return basis
}

func orUnknown(name string) string {
	if strings.TrimSpace(name) == "" {
		return "een onbekende gebruiker"
	}
	return name
}

// Column width of the history's date column, in millimetres.
const whenWidth = 34.0

func drawAgreement(p *page, v agreementView) {
	pdf := p.pdf
	p.text(styleTitle(), v.Title, p.left, p.width, "L")
	p.text(styleSubtitle(), v.Subtitle, p.left, p.width, "L")
	y := pdf.GetY() + 3
	p.rule(y, 0.4, colourAccent)
	pdf.SetY(y + 5)

	for _, f := range v.Employer {
		p.columns(styleLabel(), f.Label, labelWidth, styleValue(), f.Value)
	}
	pdf.Ln(sectionGap)
	drawBlock(p, v.Signatory, labelWidth, styleValue())
	drawBlock(p, v.History, whenWidth, styleBody())
	drawBlock(p, v.Sent, whenWidth, styleBody())
}

// drawBlock draws a heading with its English subtitle, kept with the first fact, then the facts
// in two columns (or the empty text).
func drawBlock(p *page, b block, left float64, value textStyle) {
	first := styleBody().line
	if len(b.Facts) > 0 {
		first = max(p.height(styleLabel(), b.Facts[0].Label, left), p.height(value, b.Facts[0].Value, p.width-left))
	}
	p.ensure(styleHeading().line + styleEnglish().line + first)
	p.text(styleHeading(), b.Title, p.left, p.width, "L")
	p.text(styleEnglish(), b.English, p.left, p.width, "L")
	p.pdf.Ln(paragraphGap)
	if len(b.Facts) == 0 {
		p.text(styleBody(), b.Empty, p.left, p.width, "L")
	}
	for _, f := range b.Facts {
		p.columns(styleLabel(), f.Label, left, value, f.Value)
	}
	p.pdf.Ln(sectionGap)
}
