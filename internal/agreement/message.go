package agreement

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string // ASCII file name
	ContentType string
	Data        []byte
}

// Message is an e-mail with a plain-text body and one attachment.
type Message struct {
	From      mail.Address
	To        mail.Address
	Subject   string
	Date      time.Time
	MessageID string // "<…@…>"; empty: a random one in From's domain
	Text      string // UTF-8; line breaks as \n
	Attach    Attachment
}

// Bytes renders the message as RFC 5322 with MIME: multipart/mixed holding the text as
// text/plain UTF-8 quoted-printable and the attachment in base64, CRLF line ends throughout.
// Non-ASCII in the subject and names is Q-encoded.
func (m Message) Bytes() ([]byte, error) {
	if m.MessageID == "" {
		m.MessageID = newMessageID(m.From.Address)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)

	text, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(text)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Text, "\r\n", "\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}

	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": m.Attach.Name})
	ctype := mime.FormatMediaType(m.Attach.ContentType, map[string]string{"name": m.Attach.Name})
	att, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {ctype},
		"Content-Disposition":       {disposition},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return nil, err
	}
	if err := writeBase64Lines(att, m.Attach.Data); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&out, "%s: %s\r\n", name, value) }
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", m.MessageID)
	header("From", m.From.String())
	header("To", m.To.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()}))
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// writeBase64Lines writes data in base64, 76 characters a line (RFC 2045).
func writeBase64Lines(w interface{ Write([]byte) (int, error) }, data []byte) error {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 0 {
		n := min(76, len(enc))
		if _, err := w.Write([]byte(enc[:n] + "\r\n")); err != nil {
			return err
		}
		enc = enc[n:]
	}
	return nil
}

// newMessageID is a random Message-ID in the sender's domain.
func newMessageID(from string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	domain := "kluis.invalid"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = d
	}
	return "<" + hex.EncodeToString(b[:]) + "@" + domain + ">"
}

// Letter is what the confirmation to a signatory says and carries.
type Letter struct {
	EmployerName string
	Signatory    Signatory
	AdminName    string // the admin who sends it, named in the text and the From header
	AdminEmail   string // where the signatory can reply; "" leaves the reply line without it
	From         string // sender address (the configured one, or the admin's own)
	Date         time.Time
	PDF          []byte // the record as a PDF
}

// PDFName is the attachment's file name.
const PDFName = "gerechtigde-verwerkersovereenkomst.pdf"

// BuildConfirmation builds the confirmation message for the current signatory: Dutch first, an English
// paragraph after, the record as a PDF attachment. The same bytes go out through SMTP or into
// the .eml file.
func BuildConfirmation(l Letter) ([]byte, error) {
	s := l.Signatory
	if s.Email == "" {
		return nil, ErrNoSignatory
	}
	m := Message{
		From:    mail.Address{Name: l.AdminName, Address: l.From},
		To:      mail.Address{Name: s.Name, Address: s.Email},
		Subject: "Bevestiging gerechtigde verwerkersovereenkomst – " + l.EmployerName + " / Processor agreement signatory",
		Date:    l.Date,
		Text:    letterText(l),
		Attach:  Attachment{Name: PDFName, ContentType: "application/pdf", Data: l.PDF},
	}
	return m.Bytes()
}

func letterText(l Letter) string {
	s := l.Signatory
	extract := s.ExtractDate
	if t := s.ExtractTime(); !t.IsZero() {
		extract = t.Format("02-01-2006")
	}
	var basisNL, basisEN string
	switch s.Basis {
	case BasisAlone:
		basisNL, basisEN = "zelfstandig bevoegd", "authorised alone"
	case BasisJointly:
		basisNL = "gezamenlijk bevoegd, samen met " + s.CoSignatory
		basisEN = "authorised jointly with " + s.CoSignatory
	case BasisPowerOfAttorney:
		// The limits may span lines: indented under the bullet in Dutch, one sentence in English.
		basisNL = "bevoegd bij volmacht, binnen deze grenzen:\n    " + strings.ReplaceAll(s.PowerLimits, "\n", "\n    ")
		basisEN = "authorised by power of attorney, within these limits: " + strings.ReplaceAll(s.PowerLimits, "\n", "; ")
	}
	contact := l.AdminName
	if l.AdminEmail != "" {
		contact += " (" + l.AdminEmail + ")"
	}
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("Beste %s,", s.Name)
	line("")
	line("%s heeft u vastgelegd als gerechtigde: de persoon die namens %s de "+
		"verwerkersovereenkomst (AVG artikel 28) met de arbodienst mag ondertekenen. "+
		"Dit is vastgelegd in Kluis, de datakluis met de personeelsgegevens van deze werkgever.", l.AdminName, l.EmployerName)
	line("")
	line("Vastgelegd:")
	line("- Naam: %s", s.Name)
	line("- Functie: %s", s.Function)
	line("- Bevoegdheid: %s", basisNL)
	line("- KvK-nummer: %s", s.KvK)
	line("- Datum KvK-uittreksel: %s", extract)
	line("- E-mailadres: %s", s.Email)
	line("")
	line("De bijgevoegde PDF bevat dit overzicht met de geschiedenis van de wijzigingen. "+
		"Klopt er iets niet? Neem dan contact op met %s.", contact)
	line("")
	line("Met vriendelijke groet,")
	line("%s", l.AdminName)
	line("%s", l.EmployerName)
	line("")
	line("* * *")
	line("English")
	line("")
	line("Dear %s, %s has recorded you in Kluis, the personal-data vault of %s, as the person "+
		"authorised to sign the processor agreement (GDPR article 28) with the occupational health "+
		"service on the employer's behalf (%s; KvK number %s, extract dated %s). The attached PDF "+
		"shows the record and its history. If anything is wrong, please contact %s.",
		s.Name, l.AdminName, l.EmployerName, basisEN, s.KvK, extract, contact)
	return b.String()
}
