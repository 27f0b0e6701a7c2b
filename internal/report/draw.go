package report

import (
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Colours as 0xRRGGBB: one deep teal accent as in the app, ink and muted greys, and an amber
// that marks the one warning on a page.
const (
	colourAccent   = 0x115E6B
	colourInk      = 0x191E26
	colourMuted    = 0x5A626E
	colourRule     = 0xD2D6DC
	colourPaper    = 0xF1F6F7
	colourWarn     = 0xB7791F
	colourWarnFill = 0xFDF6E9
)

// Page geometry in millimetres (A4 portrait).
const (
	marginSide   = 20.0
	marginTop    = 16.0
	footerHeight = 14.0 // from the bottom edge to the footer rule
	footerGap    = 4.0  // kept free above the footer rule
	barWidth     = 1.2  // the coloured bar on the left of a warning box
)

// options tune how a document is written; the zero value is what users get.
type options struct {
	uncompressed bool // tests read the content stream
}

// textStyle is one kind of text on a page.
type textStyle struct {
	family, style string
	size          float64 // points
	line          float64 // line height, mm
	colour        int
}

// The text styles shared by documents.
func styleTitle() textStyle     { return textStyle{"Helvetica", "B", 22, 9.5, colourAccent} }
func styleSubtitle() textStyle  { return textStyle{"Helvetica", "", 9.5, 5, colourMuted} }
func styleHeading() textStyle   { return textStyle{"Helvetica", "B", 12, 7, colourAccent} }
func styleBody() textStyle      { return textStyle{"Helvetica", "", 9.5, 4.7, colourInk} }
func styleMarker() textStyle    { return textStyle{"Helvetica", "B", 9.5, 4.7, colourAccent} }
func styleEnglish() textStyle   { return textStyle{"Helvetica", "I", 8.5, 4, colourMuted} }
func styleLabel() textStyle     { return textStyle{"Helvetica", "", 10, 5.5, colourMuted} }
func styleValue() textStyle     { return textStyle{"Helvetica", "B", 10, 5.5, colourInk} }
func styleSmallCaps() textStyle { return textStyle{"Helvetica", "B", 8.5, 5, colourMuted} }
func styleFooter() textStyle    { return textStyle{"Helvetica", "", 8, 4, colourMuted} }

// page wraps one fpdf document with the code-page translation and the content box. It draws
// text line by line (SplitLines, then one cell per line) so that a block can be measured before
// it is drawn, to put a box behind it or to keep it together. Page breaks are its own: a block
// that does not fit moves to a new page whole instead of being cut or running into the footer.
type page struct {
	pdf    *fpdf.Fpdf
	tr     func(string) string // UTF-8 to cp1252
	left   float64             // left edge of the content box
	width  float64             // width of the content box
	bottom float64             // lowest y content may reach
}

// newPage starts an A4 document with fixed dates and object order, so the same input always
// gives the same bytes, and a footer line on every page.
func newPage(title string, created time.Time, footer string, opt options) *page {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(!opt.uncompressed)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetMargins(marginSide, marginTop, marginSide)
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(false, 0)
	pageWidth, pageHeight := pdf.GetPageSize()
	p := &page{
		pdf:    pdf,
		tr:     cp1252(pdf),
		left:   marginSide,
		width:  pageWidth - 2*marginSide,
		bottom: pageHeight - footerHeight - footerGap,
	}
	pdf.SetTitle(title, true)
	pdf.SetCreator(creator(), true)
	pdf.SetFooterFunc(func() { p.footer(footer) })
	pdf.AddPage()
	return p
}

func (p *page) footer(text string) {
	_, pageHeight := p.pdf.GetPageSize()
	y := pageHeight - footerHeight
	p.rule(y, 0.2, colourRule)
	p.pdf.SetXY(p.left, y+2.5)
	// One cell, not p.text: the footer is drawn below p.bottom and must not break the page.
	s := styleFooter()
	p.use(s)
	p.pdf.CellFormat(p.width, s.line, p.tr(text), "", 0, "C", false, 0, "")
}

// ensure starts a new page unless h more millimetres fit above the footer.
func (p *page) ensure(h float64) {
	if p.pdf.GetY()+h > p.bottom {
		p.pdf.AddPage()
	}
}

func (p *page) use(s textStyle) {
	p.pdf.SetFont(s.family, s.style, s.size)
	r, g, b := split(s.colour)
	p.pdf.SetTextColor(r, g, b)
}

func split(c int) (r, g, b int) { return c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF }

// rule draws a horizontal line across the content box.
func (p *page) rule(y, width float64, colour int) {
	r, g, b := split(colour)
	p.pdf.SetDrawColor(r, g, b)
	p.pdf.SetLineWidth(width)
	p.pdf.Line(p.left, y, p.left+p.width, y)
}

// framedBox fills a rounded rectangle and draws a thin border around it.
func (p *page) framedBox(y, h float64, fill, border int) {
	r, g, b := split(fill)
	p.pdf.SetFillColor(r, g, b)
	r, g, b = split(border)
	p.pdf.SetDrawColor(r, g, b)
	p.pdf.SetLineWidth(0.35)
	p.pdf.RoundedRect(p.left, y, p.width, h, 2, "1234", "FD")
}

// barBox fills a rectangle and marks its left edge with a bar.
func (p *page) barBox(y, h float64, fill, bar int) {
	r, g, b := split(fill)
	p.pdf.SetFillColor(r, g, b)
	p.pdf.Rect(p.left, y, p.width, h, "F")
	r, g, b = split(bar)
	p.pdf.SetFillColor(r, g, b)
	p.pdf.Rect(p.left, y, barWidth, h, "F")
}

// lines breaks text into the lines that fit width in style s.
func (p *page) lines(s textStyle, text string, width float64) [][]byte {
	p.use(s)
	return p.pdf.SplitLines([]byte(p.tr(text)), width)
}

// height is how tall text is when drawn in style s within width.
func (p *page) height(s textStyle, text string, width float64) float64 {
	return float64(len(p.lines(s, text, width))) * s.line
}

// text draws text in style s from the current y, at x, wrapped to width, and moves below it.
func (p *page) text(s textStyle, text string, x, width float64, align string) {
	for _, l := range p.lines(s, text, width) {
		p.ensure(s.line)
		p.pdf.SetX(x)
		p.pdf.CellFormat(width, s.line, string(l), "", 2, align, false, 0, "")
	}
	p.pdf.SetX(p.left)
}

// columns draws two texts side by side from the current y, kept together on one page, and
// moves below the taller one.
func (p *page) columns(ls textStyle, left string, leftWidth float64, rs textStyle, right string) {
	rightWidth := p.width - leftWidth
	p.ensure(max(p.height(ls, left, leftWidth), p.height(rs, right, rightWidth)))
	y := p.pdf.GetY()
	p.text(ls, left, p.left, leftWidth, "L")
	below := p.pdf.GetY()
	p.pdf.SetY(y)
	p.text(rs, right, p.left+leftWidth, rightWidth, "L")
	p.pdf.SetY(max(below, p.pdf.GetY()))
}

// cp1252 returns the translator for fpdf's core fonts. Letters outside cp1252 lose their accent
// where they have one (ő -> o) instead of printing as a dot.
func cp1252(pdf *fpdf.Fpdf) func(string) string {
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	return func(s string) string { return tr(stripUnprintable(s)) }
}

// stripUnprintable replaces letters that cp1252 lacks by their base letter where Unicode gives
// one (ő, ş, č) or by a look-alike (ł, đ, ı); anything else is left for the translator, which
// prints it as a dot.
func stripUnprintable(s string) string { return strings.Map(printableRune, s) }

func printableRune(r rune) rune {
	if inCP1252(r) {
		return r
	}
	switch r {
	case 'ł':
		return 'l'
	case 'Ł':
		return 'L'
	case 'đ':
		return 'd'
	case 'Đ':
		return 'D'
	case 'ı':
		return 'i'
	}
	if base := []rune(norm.NFD.String(string(r))); len(base) > 1 && inCP1252(base[0]) {
		return base[0]
	}
	return r
}

func inCP1252(r rune) bool {
	_, ok := charmap.Windows1252.EncodeRune(r)
	return ok
}
