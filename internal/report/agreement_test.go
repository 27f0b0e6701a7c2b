package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sampleAgreement() Agreement {
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 15, 0, 0, time.UTC) }
	return Agreement{
		EmployerName: "Bakkerij & Café De Korenaar BV",
		EmployerKvK:  "12345678",
		Signatory: AgreementSignatory{
			Name: "Joëlle van Dijk", Function: "Directeur", Basis: "power_of_attorney",
			PowerLimits: "Tot € 25.000 per overeenkomst\nAlleen arbodienstverlening",
			KvK:         "87654321", ExtractDate: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
			Email: "joelle@korenaar.example",
		},
		History: []AgreementChange{
			{At: at(22, 14), By: "Petra de Beheerder", Signatory: "Joëlle van Dijk"},
			{At: at(20, 9), By: "", Signatory: "Henk Oud"},
		},
		Sent:      []AgreementSent{{At: at(22, 15), By: "Petra de Beheerder", Via: "eml"}},
		Printed:   at(23, 9),
		PrintedBy: "Petra de Beheerder",
	}
}

func renderAgreement(t *testing.T, a Agreement, opt options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeAgreement(&buf, a, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfText is s as a PDF string literal holds it: parentheses and backslashes escaped.
func pdfText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

func TestAgreementPDFShowsTheSignatoryBasisAndHistory(t *testing.T) {
	out := renderAgreement(t, sampleAgreement(), options{uncompressed: true})
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out[:min(len(out), 16)])
	}
	content := string(out)
	for _, want := range []string{
		"Verwerkersovereenkomst", "Gerechtigde", "Signatory", "Geschiedenis", "Verstuurde bevestigingen",
		"Bakkerij & Caf\xe9 De Korenaar BV", "12345678",
		"Jo\xeblle van Dijk", "Directeur", "Bij volmacht (by power of attorney)", "Grenzen van de volmacht",
		"Tot \x80 25.000 per overeenkomst", "Alleen arbodienstverlening", // two lines of the limits
		"87654321", "01-10-2026", "joelle@korenaar.example",
		"22-11-2026 14:15", "Vastgelegd door Petra de Beheerder", "Henk Oud", "een onbekende gebruiker",
		"22-11-2026 15:15", "als e-mailbestand (.eml) opgeslagen",
		"afgedrukt op 23-11-2026",
	} {
		if !strings.Contains(content, pdfText(want)) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	if n := pageCount(content); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
}

func TestAgreementPDFNamesTheBasisInWords(t *testing.T) {
	cases := []struct {
		name, basis, extra string
		want, wantExtra    string
	}{
		{"alone", "alone", "", "Zelfstandig bevoegd (authorised alone)", ""},
		{"jointly names the co-signatory", "jointly", "Karel Mede", "Gezamenlijk bevoegd (authorised jointly)", "Samen met"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := sampleAgreement()
			a.Signatory.Basis, a.Signatory.PowerLimits, a.Signatory.CoSignatory = c.basis, "", c.extra
			content := string(renderAgreement(t, a, options{uncompressed: true}))
			if !strings.Contains(content, pdfText(c.want)) {
				t.Errorf("the PDF does not say %q", c.want)
			}
			if c.wantExtra != "" && (!strings.Contains(content, c.wantExtra) || !strings.Contains(content, c.extra)) {
				t.Errorf("the PDF does not show %q %q", c.wantExtra, c.extra)
			}
			if strings.Contains(content, "Grenzen van de volmacht") {
				t.Error("power-of-attorney limits shown for another basis")
			}
		})
	}
}

func TestAgreementPDFWithoutHistoryOrConfirmationsSaysSo(t *testing.T) {
	a := sampleAgreement()
	a.History, a.Sent = nil, nil
	content := string(renderAgreement(t, a, options{uncompressed: true}))
	for _, want := range []string{"Nog geen wijzigingen.", "Nog geen bevestiging verstuurd."} {
		if !strings.Contains(content, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
}

func TestAgreementPDFIsReproducible(t *testing.T) {
	a, b := renderAgreement(t, sampleAgreement(), options{}), renderAgreement(t, sampleAgreement(), options{})
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same record differ")
	}
}

func TestAgreementPDFLongHistoryBreaksPages(t *testing.T) {
	a := sampleAgreement()
	for i := range 80 {
		a.History = append(a.History, AgreementChange{At: a.Printed.Add(-time.Duration(i) * time.Hour), By: "Petra", Signatory: "Iemand"})
	}
	content := string(renderAgreement(t, a, options{uncompressed: true}))
	if n := pageCount(content); n < 2 {
		t.Fatalf("%d pages for 82 changes", n)
	}
}

func TestAgreementPDFNeedsASignatory(t *testing.T) {
	a := sampleAgreement()
	a.Signatory = AgreementSignatory{}
	if err := WriteAgreement(&bytes.Buffer{}, a); !errors.Is(err, ErrNoSignatory) {
		t.Fatalf("got %v, want ErrNoSignatory", err)
	}
}

func TestSaveAgreementWritesAPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "overeenkomst.pdf")
	if err := SaveAgreement(path, sampleAgreement()); err != nil {
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
