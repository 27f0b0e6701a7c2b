package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pdfToText extracts a PDF's text with pdftotext (poppler-utils, installed by make deps-apt),
// page by page (pages separated by form feeds). It fails rather than skips without pdftotext,
// so a machine without it cannot pass these rules unchecked.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make deps-apt)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func sampleDocument(lang Lang, rows int) *Document {
	d := NewDocument(Meta{
		Title:        lang.Pick("Proefrapport", "Sample report"),
		Subtitle:     lang.Pick("Een rapport om de vormgeving te toetsen", "A report to check the look"),
		Employer:     "Bakkerij & Café De Korenaar BV",
		Lang:         lang,
		GeneratedAt:  time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC),
		GeneratedBy:  "Petra de Beheerder",
		PersonalData: true,
	})
	d.Heading(lang.Pick("Gegevens", "Details"))
	d.KeyValues([]KV{{"Naam", "Joëlle van Dijk"}, {"Leeg veld", ""}})
	d.Warning(lang.Pick("Let op: dit is een waarschuwing.", "Note: this is a warning."))
	d.Heading("Tabel")
	tab := Table{Columns: []Column{{Title: "Kolom A", Weight: 2}, {Title: "Getal", Weight: 1, Right: true}}}
	for i := range rows {
		tab.Rows = append(tab.Rows, []string{fmt.Sprintf("rij %03d", i), fmt.Sprint(i)})
	}
	d.Table(tab)
	d.Signature("Naam", "Handtekening")
	return d
}

func TestDocumentHeaderFooterAndPageNumbersOnEveryPage(t *testing.T) {
	for _, c := range []struct {
		lang                   Lang
		number, notice, madeOn string
	}{
		{Dutch, "pagina %d van %d", "Dit document bevat persoonsgegevens", "Gemaakt met " + creator() + " op 02-12-2026 14:05 door Petra de Beheerder"},
		{English, "page %d of %d", "This document contains personal data", "Generated with " + creator() + " on 02-12-2026 14:05 by Petra de Beheerder"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			pdf, err := sampleDocument(c.lang, 120).Bytes()
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(strings.TrimRight(pdfToText(t, pdf), "\f"), "\f")
			if len(pages) < 3 {
				t.Fatalf("%d pages for 120 rows, want at least 3", len(pages))
			}
			for i, text := range pages {
				for _, want := range []string{"Kluis", fmt.Sprintf(c.number, i+1, len(pages)), c.notice, c.madeOn} {
					if !strings.Contains(text, want) {
						t.Errorf("page %d lacks %q", i+1, want)
					}
				}
			}
		})
	}
}

func TestDocumentTableRepeatsItsHeaderAndKeepsEveryRow(t *testing.T) {
	pdf, err := sampleDocument(Dutch, 150).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, pdf)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	for i, page := range pages {
		if strings.Contains(page, "rij ") && !strings.Contains(page, "Kolom A") {
			t.Errorf("page %d continues the table without its header row", i+1)
		}
	}
	for i := range 150 {
		if n := strings.Count(text, fmt.Sprintf("rij %03d ", i)); n != 1 {
			t.Errorf("row %d printed %d times", i, n)
		}
	}
}

func TestDocumentWithoutPersonalDataSaysConfidentialOnly(t *testing.T) {
	d := NewDocument(Meta{Title: "Register", Lang: English, GeneratedAt: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	d.Paragraph("Body")
	pdf, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, pdf)
	if strings.Contains(text, "personal data") || !strings.Contains(text, "Confidential") || !strings.Contains(text, "page 1 of 1") {
		t.Errorf("footer of a document without personal data:\n%s", text)
	}
}

func TestDocumentIsReproducible(t *testing.T) {
	a, err := sampleDocument(Dutch, 40).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b, err := sampleDocument(Dutch, 40).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same document differ")
	}
}

func TestDocumentPrintsAccentsAndEmptyValues(t *testing.T) {
	pdf, err := sampleDocument(Dutch, 1).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, pdf)
	for _, want := range []string{"Joëlle van Dijk", "Bakkerij & Café De Korenaar BV", "Leeg veld", "—"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
}

func TestSaveDocumentWritesAPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rapport.pdf")
	if err := sampleDocument(English, 3).Save(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestDocumentRendersAsPictures(t *testing.T) {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils (make deps-apt)")
	}
	for _, lang := range []Lang{Dutch, English} {
		pdf, err := sampleDocument(lang, 60).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "doc.pdf")
		if err := os.WriteFile(in, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "-png", "-r", "20", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil || len(out) > 0 {
			t.Fatalf("%s: pdftoppm: %v %s", lang, err, out)
		}
		pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
		if len(pages) != strings.Count(pdfToText(t, pdf), "\f") {
			t.Fatalf("%s: %d pages rendered, %d in the text", lang, len(pages), strings.Count(pdfToText(t, pdf), "\f"))
		}
	}
}
