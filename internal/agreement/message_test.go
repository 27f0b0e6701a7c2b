package agreement

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func sampleLetter(t *testing.T) Letter {
	t.Helper()
	in := validInput()
	in.Basis, in.PowerLimits = "power_of_attorney", "Tot € 25.000 per overeenkomst\nAlleen arbodienstverlening"
	s, err := Check(in, today)
	ok(t, err)
	return Letter{EmployerName: "Bakkerij & Café De Korenaar BV", Signatory: s, AdminName: "Petra de Beheerder",
		AdminEmail: "petra@korenaar.example", From: "hr@korenaar.example",
		Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("CET", 3600)), PDF: []byte("%PDF-1.3 a tiny test pdf\x00\xff")}
}

// parsed is a confirmation read back with the standard library.
type parsed struct {
	header     mail.Header
	text       string
	attachName string
	attachType string
	attach     []byte
}

func parseMessage(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	ok(t, err)
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	ok(t, err)
	if mediaType != "multipart/mixed" || msg.Header.Get("MIME-Version") != "1.0" {
		t.Fatalf("content type %q, MIME-Version %q", mediaType, msg.Header.Get("MIME-Version"))
	}
	out := parsed{header: msg.Header}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i := 0; ; i++ {
		// NextRawPart: the test decodes the transfer encoding itself, to check it.
		p, err := mr.NextRawPart()
		if err == io.EOF {
			if i != 2 {
				t.Fatalf("%d parts, want 2", i)
			}
			return out
		}
		ok(t, err)
		body, err := io.ReadAll(p)
		ok(t, err)
		ct, ctParams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		ok(t, err)
		switch i {
		case 0:
			if ct != "text/plain" || ctParams["charset"] != "utf-8" || p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
				t.Fatalf("text part header %v", p.Header)
			}
			text, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
			ok(t, err)
			out.text = strings.ReplaceAll(string(text), "\r\n", "\n")
		case 1:
			if p.Header.Get("Content-Transfer-Encoding") != "base64" {
				t.Fatalf("attachment header %v", p.Header)
			}
			disp, dispParams, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
			ok(t, err)
			if disp != "attachment" {
				t.Fatalf("disposition %q", disp)
			}
			for _, line := range strings.Split(strings.TrimRight(string(body), "\r\n"), "\r\n") {
				if len(line) > 76 {
					t.Fatalf("base64 line of %d characters", len(line))
				}
			}
			data, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(body), "\r\n", ""))
			ok(t, err)
			out.attachName, out.attachType, out.attach = dispParams["filename"], ct, data
		}
	}
}

func TestRule_TheConfirmationParsesWithThePDFAndTheRightHeaders(t *testing.T) {
	l := sampleLetter(t)
	raw, err := BuildConfirmation(l)
	ok(t, err)
	p := parseMessage(t, raw)

	from, err := p.header.AddressList("From")
	ok(t, err)
	to, err := p.header.AddressList("To")
	ok(t, err)
	if len(from) != 1 || from[0].Address != "hr@korenaar.example" || from[0].Name != "Petra de Beheerder" {
		t.Fatalf("From %v", from)
	}
	if len(to) != 1 || to[0].Address != "joelle@korenaar.example" || to[0].Name != "Joëlle van Dijk" {
		t.Fatalf("To %v", to)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(p.header.Get("Subject"))
	ok(t, err)
	if subject != "Bevestiging gerechtigde verwerkersovereenkomst – Bakkerij & Café De Korenaar BV / Processor agreement signatory" {
		t.Fatalf("Subject %q", subject)
	}
	if strings.ContainsFunc(p.header.Get("Subject"), func(r rune) bool { return r > 0x7e }) {
		t.Fatal("the Subject header is not ASCII (Q-encoding)")
	}
	date, err := p.header.Date()
	ok(t, err)
	if !date.Equal(l.Date) {
		t.Fatalf("Date %v", date)
	}
	if id := p.header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@korenaar.example>") {
		t.Fatalf("Message-ID %q", id)
	}
	if p.attachName != PDFName || p.attachType != "application/pdf" || !bytes.Equal(p.attach, l.PDF) {
		t.Fatalf("attachment %q %q %q", p.attachName, p.attachType, p.attach)
	}
	for _, want := range []string{
		"Beste Joëlle van Dijk,", "Petra de Beheerder heeft u vastgelegd als gerechtigde",
		"- Functie: Directeur", "- Bevoegdheid: bevoegd bij volmacht, binnen deze grenzen:\n    Tot € 25.000 per overeenkomst\n    Alleen arbodienstverlening\n",
		"- KvK-nummer: 87654321", "- Datum KvK-uittreksel: 01-10-2026", "- E-mailadres: joelle@korenaar.example",
		"Neem dan contact op met Petra de Beheerder (petra@korenaar.example).",
		"English", "Dear Joëlle van Dijk",
		"authorised by power of attorney, within these limits: Tot € 25.000 per overeenkomst; Alleen arbodienstverlening;",
	} {
		if !strings.Contains(p.text, want) {
			t.Errorf("the text lacks %q:\n%s", want, p.text)
		}
	}
}

func TestRule_TheConfirmationUsesCRLFAndShortLines(t *testing.T) {
	raw, err := BuildConfirmation(sampleLetter(t))
	ok(t, err)
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("a bare LF in the message")
	}
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 {
			t.Fatalf("line %d has %d characters", i, len(line))
		}
	}
}

func TestRule_TheBasisIsSpelledOutInTheLetter(t *testing.T) {
	l := sampleLetter(t)
	l.Signatory.Basis, l.Signatory.PowerLimits, l.Signatory.CoSignatory = BasisJointly, "", "Karel Mede"
	raw, err := BuildConfirmation(l)
	ok(t, err)
	if text := parseMessage(t, raw).text; !strings.Contains(text, "gezamenlijk bevoegd, samen met Karel Mede") ||
		!strings.Contains(text, "authorised jointly with Karel Mede") {
		t.Fatalf("text:\n%s", text)
	}
	l.Signatory.Basis = BasisAlone
	raw, err = BuildConfirmation(l)
	ok(t, err)
	if text := parseMessage(t, raw).text; !strings.Contains(text, "- Bevoegdheid: zelfstandig bevoegd") {
		t.Fatalf("text:\n%s", text)
	}
}

func TestRule_NoConfirmationWithoutASignatory(t *testing.T) {
	if _, err := BuildConfirmation(Letter{From: "hr@korenaar.example"}); err != ErrNoSignatory {
		t.Fatalf("got %v", err)
	}
}
