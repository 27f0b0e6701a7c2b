package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// EmergencyKit is what the emergency-kit PDF shows. RecoveryCode is the vault's recovery code:
// whoever holds it and the vault folder can read everything. It is printed, never put in an
// error. Created is shown as a date (dd-mm-jjjj) in its own location and fixes the PDF's dates.
type EmergencyKit struct {
	EmployerName string
	KvK          string
	VaultID      string
	AdminName    string
	AdminEmail   string
	RecoveryCode string
	VaultPath    string
	Created      time.Time
}

// ErrNoRecoveryCode is returned for a kit without a recovery code: printing it would only give
// a false sense of safety.
var ErrNoRecoveryCode = errors.New("report: the emergency kit has no recovery code")

// WriteEmergencyKit draws the emergency kit as a one-page A4 PDF and writes it to w.
func WriteEmergencyKit(w io.Writer, kit EmergencyKit) error {
	return writeEmergencyKit(w, kit, options{})
}

// SaveEmergencyKit writes the emergency kit to path atomically (temporary file in the same
// folder, fsync, rename) with mode 0600, so a failed save never leaves half a PDF and other
// users of the PC cannot read it.
func SaveEmergencyKit(path string, kit EmergencyKit) error {
	var buf bytes.Buffer
	if err := WriteEmergencyKit(&buf, kit); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

func writeEmergencyKit(w io.Writer, kit EmergencyKit, opt options) error {
	if strings.TrimSpace(kit.RecoveryCode) == "" {
		return ErrNoRecoveryCode
	}
	v := newKitView(kit)
	p := newPage(v.DocTitle, kit.Created, v.Footer, opt)
	drawKit(p, v)
	if err := p.pdf.Error(); err != nil {
		return fmt.Errorf("draw emergency kit: %w", err)
	}
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("write emergency kit: %w", err)
	}
	return nil
}

// kitView is the emergency kit as the page shows it: every string final, Dutch first.
type kitView struct {
	DocTitle string // PDF metadata
	Title    string
	Subtitle string
	Facts    []fact
	Code     []string // the recovery code, one entry per printed line
	About    section  // drawn in a warning box
	Sections []section
	MadeBy   fact // who made the kit; empty when unknown
	Footer   string
}

type fact struct{ Label, Value string }

type section struct {
	Title   string
	Body    []string // paragraphs, or the items of a list
	List    listStyle
	English string // one-line English summary under the Dutch text
}

type listStyle int

const (
	paragraphs listStyle = iota
	bullets
	numbered
)

// codeGroupsPerLine keeps the code readable aloud: nine groups of four print as five and four.
const codeGroupsPerLine = 5

func newKitView(kit EmergencyKit) kitView {
	created := kit.Created.Format("02-01-2006")
	facts := []fact{
		{"Werkgever", kit.EmployerName},
		{"KvK-nummer", kit.KvK},
		{"Aangemaakt op", created},
		{"Kluis-id", kit.VaultID},
		{"Locatie van de kluis", kit.VaultPath},
	}
	facts = dropEmpty(facts)
	email := "het e-mailadres van een beheerder"
	if kit.AdminEmail != "" {
		email += " (bijvoorbeeld " + kit.AdminEmail + ")"
	}
	return kitView{
		DocTitle: "Noodkit Kluis",
		Title:    "Noodkit — Kluis",
		Subtitle: "De herstelcode van uw kluis met personeelsgegevens · Emergency kit with your vault's recovery code",
		Facts:    facts,
		Code:     codeLines(kit.RecoveryCode, codeGroupsPerLine),
		About: section{
			Title: "Wat is dit?",
			Body: []string{
				"Deze herstelcode opent de kluis als de wachtwoordzinnen van alle beheerders kwijt zijn. " +
					"Zonder wachtwoordzin en zonder deze code kan niemand de kluis nog openen, ook Kluis zelf niet.",
				"Wie deze code heeft én een kopie van de kluismap, kan alles in de kluis lezen. " +
					"Behandel de code als de sleutel van een brandkast.",
			},
			English: "This code unlocks the vault if every administrator passphrase is lost. " +
				"Anyone who holds it and a copy of the vault folder can read everything in it.",
		},
		Sections: []section{
			{
				Title: "Bewaar dit zo",
				List:  bullets,
				Body: []string{
					"Druk dit document af en bewaar het in een kluis of in een verzegelde envelop, " +
						"bij de papieren van de verwerkersovereenkomst.",
					"Bewaar het niet op dezelfde pc als de kluis, mail het niet en maak er geen foto van.",
					"Verwijder het PDF-bestand zodra het is afgedrukt, en leeg de prullenbak.",
				},
				English: "Print it and keep it in a safe or a sealed envelope with the processor agreement papers. " +
					"Do not store it on the same PC, do not e-mail it, do not photograph it.",
			},
			{
				Title: "Zo gebruikt u de code",
				List:  numbered,
				Body: []string{
					"Open Kluis op de pc waar de kluis staat.",
					"Kies op het ontgrendelscherm „Wachtwoordzin vergeten? Kluis herstellen met herstelcode”.",
					"Vul deze herstelcode in (hoofdletters, spaties en streepjes maken niet uit), " +
						email + ", en een nieuwe wachtwoordzin.",
					"Ontgrendel de kluis met de nieuwe wachtwoordzin. De herstelcode blijft geldig.",
				},
				English: "Open Kluis, choose “Forgot your passphrase? Recover the vault with the recovery code”, " +
					"then enter this code, an administrator's e-mail address and a new passphrase.",
			},
		},
		MadeBy: madeBy(kit.AdminName, kit.AdminEmail),
		Footer: "Vertrouwelijk · Noodkit van Kluis, aangemaakt op " + created +
			" · Bewaar dit op papier, niet op de pc",
	}
}

// madeBy is "Name (e-mail)", or whichever of the two is known.
func madeBy(name, email string) fact {
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	value := name + " (" + email + ")"
	if name == "" || email == "" {
		value = name + email
	}
	return fact{"Gemaakt door", value}
}

func dropEmpty(facts []fact) []fact {
	out := facts[:0]
	for _, f := range facts {
		if strings.TrimSpace(f.Value) != "" {
			out = append(out, f)
		}
	}
	return out
}

// codeLines splits a recovery code into its groups (by spaces or dashes) and puts perLine groups
// on each line, joined by spaces.
func codeLines(code string, perLine int) []string {
	groups := strings.FieldsFunc(code, func(r rune) bool { return r == ' ' || r == '-' })
	var lines []string
	for i := 0; i < len(groups); i += perLine {
		end := min(i+perLine, len(groups))
		lines = append(lines, strings.Join(groups[i:end], " "))
	}
	return lines
}

// Spacing of the kit, in millimetres.
const (
	labelWidth   = 42.0 // label column of the facts
	codeLine     = 10.0 // line height of the recovery code
	boxPadding   = 4.5  // inside the code and warning boxes
	sectionGap   = 5.0  // between sections
	listIndent   = 6.0  // hanging indent of list items
	paragraphGap = 1.0  // between paragraphs or list items
	summaryGap   = 0.6  // above the English summary
)

func drawKit(p *page, v kitView) {
	pdf := p.pdf

	// Title, subtitle and the accent rule.
	p.text(styleTitle(), v.Title, p.left, p.width, "L")
	p.text(styleSubtitle(), v.Subtitle, p.left, p.width, "L")
	y := pdf.GetY() + 3
	p.rule(y, 0.4, colourAccent)
	pdf.SetY(y + 5)

	for _, f := range v.Facts {
		p.columns(styleLabel(), f.Label, labelWidth, styleValue(), f.Value)
	}

	// The recovery code, large, in a tinted box, kept together with its label.
	pdf.Ln(5)
	code := textStyle{"Courier", "B", 20, codeLine, colourInk}
	height := float64(len(v.Code))*code.line + 2*boxPadding
	p.ensure(styleSmallCaps().line + 1 + height)
	p.text(styleSmallCaps(), "HERSTELCODE · RECOVERY CODE", p.left, p.width, "L")
	top := pdf.GetY() + 1
	p.framedBox(top, height, colourPaper, colourAccent)
	pdf.SetY(top + boxPadding)
	for _, l := range v.Code {
		p.text(code, l, p.left, p.width, "C")
	}
	pdf.SetY(top + height + sectionGap)

	// What this is, in a warning box: measured first so the box can go behind it.
	x := p.left + barWidth + boxPadding
	inner := p.width - barWidth - 2*boxPadding
	height = sectionHeight(p, v.About, inner) + 2*boxPadding - paragraphGap
	p.ensure(height)
	top = pdf.GetY()
	p.barBox(top, height, colourWarnFill, colourWarn)
	pdf.SetY(top + boxPadding)
	drawSection(p, v.About, x, inner)
	pdf.SetY(top + height + sectionGap)

	for _, s := range v.Sections {
		drawSection(p, s, p.left, p.width)
		pdf.Ln(sectionGap - paragraphGap)
	}

	// Who made it, as a signature under the instructions.
	if v.MadeBy.Value != "" {
		p.ensure(3 + p.height(styleValue(), v.MadeBy.Value, p.width-labelWidth))
		p.rule(pdf.GetY(), 0.2, colourRule)
		pdf.Ln(2.5)
		p.columns(styleLabel(), v.MadeBy.Label, labelWidth, styleValue(), v.MadeBy.Value)
	}
}

// drawSection draws a heading, the Dutch body and the English summary at x within width. The
// heading stays with the first paragraph and a list item stays whole.
func drawSection(p *page, s section, x, width float64) {
	indent := 0.0
	if s.List != paragraphs {
		indent = listIndent
	}
	first := 0.0
	if len(s.Body) > 0 {
		first = p.height(styleBody(), s.Body[0], width-indent)
	}
	p.ensure(styleHeading().line + first)
	p.text(styleHeading(), s.Title, x, width, "L")
	for i, item := range s.Body {
		if s.List == paragraphs {
			p.text(styleBody(), item, x, width, "L")
		} else {
			marker := "•"
			if s.List == numbered {
				marker = fmt.Sprintf("%d.", i+1)
			}
			p.ensure(p.height(styleBody(), item, width-indent))
			y := p.pdf.GetY()
			p.text(styleMarker(), marker, x, indent, "L")
			p.pdf.SetY(y)
			p.text(styleBody(), item, x+indent, width-indent, "L")
		}
		p.pdf.Ln(paragraphGap)
	}
	p.pdf.Ln(summaryGap)
	p.text(styleEnglish(), s.English, x, width, "L")
	p.pdf.Ln(paragraphGap)
}

// sectionHeight is the height drawSection takes within width.
func sectionHeight(p *page, s section, width float64) float64 {
	indent := 0.0
	if s.List != paragraphs {
		indent = listIndent
	}
	h := styleHeading().line
	for _, item := range s.Body {
		h += p.height(styleBody(), item, width-indent) + paragraphGap
	}
	return h + summaryGap + p.height(styleEnglish(), s.English, width) + paragraphGap
}
