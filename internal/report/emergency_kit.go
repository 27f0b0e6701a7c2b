package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// EmergencyKit is what the emergency-kit PDF shows. RecoveryCode is the vault's one-time
// recovery code: whoever holds it and the vault folder can read everything.
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

// Colours of the kit: one deep teal accent, as in the app.
var (
	accent = [3]int{17, 94, 107}
	muted  = [3]int{90, 98, 110}
	ink    = [3]int{25, 30, 38}
	paper  = [3]int{243, 247, 248}
)

// docOptions tune a document; the zero value is what users get.
type docOptions struct {
	uncompressed bool // tests read the content stream
}

// WriteEmergencyKit draws the emergency kit as a one-page A4 PDF.
func WriteEmergencyKit(w io.Writer, kit EmergencyKit) error {
	return writeEmergencyKit(w, kit, docOptions{})
}

func writeEmergencyKit(w io.Writer, kit EmergencyKit, opt docOptions) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(!opt.uncompressed)
	pdf.SetCreationDate(kit.Created)
	pdf.SetModificationDate(kit.Created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("Noodkit Kluis", true)
	pdf.SetCreator("Kluis", true)
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(false, 15)
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	pdf.AddPage()

	width, _ := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	text := width - left - right

	setColour := func(c [3]int) { pdf.SetTextColor(c[0], c[1], c[2]) }

	// Title block.
	setColour(accent)
	pdf.SetFont("Helvetica", "B", 22)
	pdf.CellFormat(text, 10, tr("Noodkit — Kluis"), "", 1, "L", false, 0, "")
	setColour(muted)
	pdf.SetFont("Helvetica", "", 10)
	pdf.CellFormat(text, 5, tr("Emergency kit: the recovery code of your Kluis vault"), "", 1, "L", false, 0, "")
	pdf.SetDrawColor(accent[0], accent[1], accent[2])
	pdf.SetLineWidth(0.6)
	y := pdf.GetY() + 3
	pdf.Line(left, y, width-right, y)
	pdf.SetY(y + 5)

	// Facts.
	facts := [][2]string{
		{"Werkgever", fmt.Sprintf("%s (KvK %s)", kit.EmployerName, kit.KvK)},
		{"Aangemaakt op", kit.Created.Format("02-01-2006")},
		{"Kluis-id", kit.VaultID},
		{"Aangemaakt door", fmt.Sprintf("%s, %s", kit.AdminName, kit.AdminEmail)},
		{"Locatie van de kluis", kit.VaultPath},
	}
	for _, f := range facts {
		setColour(muted)
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(42, 6, tr(f[0]), "", 0, "L", false, 0, "")
		setColour(ink)
		pdf.SetFont("Helvetica", "B", 10)
		pdf.MultiCell(text-42, 6, tr(f[1]), "", "L", false)
	}

	// The code, large, in a tinted box.
	pdf.Ln(4)
	setColour(muted)
	pdf.SetFont("Helvetica", "B", 9)
	pdf.CellFormat(text, 5, tr("HERSTELCODE / RECOVERY CODE"), "", 1, "L", false, 0, "")
	boxTop := pdf.GetY() + 1
	lines := codeLines(kit.RecoveryCode, 5)
	boxHeight := float64(len(lines))*10 + 8
	pdf.SetFillColor(paper[0], paper[1], paper[2])
	pdf.SetDrawColor(accent[0], accent[1], accent[2])
	pdf.SetLineWidth(0.4)
	pdf.RoundedRect(left, boxTop, text, boxHeight, 2.5, "1234", "FD")
	pdf.SetY(boxTop + 4)
	setColour(ink)
	pdf.SetFont("Courier", "B", 19)
	for _, l := range lines {
		pdf.CellFormat(text, 10, l, "", 1, "C", false, 0, "")
	}
	pdf.SetY(boxTop + boxHeight + 6)

	section := func(title, english string, paragraphs ...string) {
		setColour(accent)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.CellFormat(text, 7, tr(title), "", 1, "L", false, 0, "")
		setColour(ink)
		pdf.SetFont("Helvetica", "", 10)
		for _, p := range paragraphs {
			pdf.MultiCell(text, 5, tr(p), "", "L", false)
			pdf.Ln(1)
		}
		setColour(muted)
		pdf.SetFont("Helvetica", "I", 8.5)
		pdf.MultiCell(text, 4.2, tr(english), "", "L", false)
		pdf.Ln(4)
	}
	section("Wat is dit?",
		"This code unlocks the vault when every administrator's passphrase is lost. Anyone holding it and a copy of the vault folder can read all the personal data in it.",
		"Met deze herstelcode stelt een beheerder een nieuwe wachtwoordzin in als alle wachtwoordzinnen van de beheerders kwijt zijn. Zonder wachtwoordzin en zonder deze code kan niemand de kluis nog openen, ook Kluis zelf niet.",
		"Wie deze code heeft én een kopie van de kluismap, kan alle persoonsgegevens in de kluis lezen. Behandel hem als de sleutel van de kluis.")
	section("Bewaar dit zo",
		"Print it and keep it in a safe or sealed envelope, away from this PC. Do not store it on the same computer, e-mail it, or photograph it.",
		"•  Druk dit document af en bewaar het in een kluis of een verzegelde envelop, bijvoorbeeld bij de papieren van de verwerkersovereenkomst.",
		"•  Bewaar het niet op dezelfde pc als de kluis, mail het niet en maak er geen foto van.",
		"•  Verwijder het PDF-bestand nadat u het hebt afgedrukt.")
	section("Zo gebruikt u de code",
		"Open Kluis, choose \"Forgot your passphrase? Recover the vault with the recovery code\", then enter this code, the administrator's e-mail address and a new passphrase.",
		"1.  Open Kluis op de pc waar de kluis staat.",
		"2.  Kies op het ontgrendelscherm \"Wachtwoordzin vergeten? Kluis herstellen met herstelcode\".",
		"3.  Vul deze herstelcode in (hoofdletters, spaties en streepjes maken niet uit), het e-mailadres van de beheerder en een nieuwe wachtwoordzin.",
		"4.  Ontgrendel de kluis met de nieuwe wachtwoordzin.")

	// Footer.
	_, pageHeight := pdf.GetPageSize()
	pdf.SetY(pageHeight - 18)
	pdf.SetDrawColor(210, 214, 220)
	pdf.SetLineWidth(0.2)
	pdf.Line(left, pdf.GetY(), width-right, pdf.GetY())
	pdf.Ln(2)
	setColour(muted)
	pdf.SetFont("Helvetica", "", 8)
	pdf.CellFormat(text, 4, tr("Kluis: personeelsgegevens versleuteld op uw eigen pc. Dit document is vertrouwelijk."), "", 1, "C", false, 0, "")

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("draw emergency kit: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write emergency kit: %w", err)
	}
	return nil
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
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// SaveEmergencyKit writes the kit to path atomically (temp file, fsync, rename) with mode 0600,
// so a failed write never leaves half a PDF and other users of the PC cannot read it.
func SaveEmergencyKit(path string, kit EmergencyKit) error {
	var buf bytes.Buffer
	if err := WriteEmergencyKit(&buf, kit); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".kluis-*.tmp")
	if err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return nil
}
