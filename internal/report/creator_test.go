package report

import (
	"bytes"
	"testing"
	"unicode/utf16"

	"kluis/internal/version"
)

// Every PDF names the Kluis version that made it in its Creator field (fpdf writes it as UTF-16BE).
func TestRule_PDFsNameTheKluisVersionAsCreator(t *testing.T) {
	want := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune("Kluis " + version.String())) {
		want = append(want, byte(u>>8), byte(u))
	}
	pdf := render(t, sampleKit(), options{})
	at := bytes.Index(pdf, []byte("/Creator ("))
	if at < 0 {
		t.Fatal("the emergency kit has no /Creator")
	}
	if !bytes.HasPrefix(pdf[at+len("/Creator ("):], want) {
		t.Fatalf("the Creator is not %q: %q", "Kluis "+version.String(), pdf[at:min(len(pdf), at+60)])
	}
}
