package support

import (
	"encoding/json"
	"errors"
	"fmt"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// KindHelpdesk is the helpdesk an admin recorded, one record per vault under HelpdeskID (see
// docs/adr/001-key-layout.md).
const KindHelpdesk vault.Kind = 0x72

// HelpdeskID is the record id of the recorded helpdesk: there is one per vault.
func HelpdeskID() vault.ID { return vault.ID{15: 0x01} }

// Fields of the helpdesk form; validation errors come under these names.
const (
	FieldName  = "name"
	FieldEmail = "email"
	FieldPhone = "phone"
	FieldHours = "hours"
)

// Length limits of the helpdesk's free-text fields, in characters.
const (
	MaxName  = 200
	MaxHours = 200
)

// Helpdesk is how the employer reaches the arbo service's support. Every field is optional, but
// a saved helpdesk has at least an e-mail address or a phone number.
type Helpdesk struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Hours string `json:"hours,omitempty"` // opening hours as the service words them
}

// Empty says whether nothing is known of the helpdesk.
func (h Helpdesk) Empty() bool { return h == Helpdesk{} }

// HelpdeskInput is the helpdesk form as typed. All fields empty removes the recorded helpdesk.
type HelpdeskInput struct {
	Name, Email, Phone, Hours string
}

// ContactRequired: a helpdesk needs an e-mail address or a phone number to be of use.
const ContactRequired validate.Code = "contact_required"

// CheckHelpdesk validates the form (every problem at once, as validate.FieldErrors): e-mail and
// phone in the formats validate accepts, the free texts without control characters and within
// their limits, and an e-mail address or a phone number. All fields empty gives the zero
// Helpdesk (remove the recorded one).
func CheckHelpdesk(in HelpdeskInput) (Helpdesk, error) {
	f := validate.FieldErrors{}
	h := Helpdesk{
		Name:  validate.Text(f, FieldName, in.Name, false, MaxName),
		Email: validate.Email(f, FieldEmail, in.Email, false),
		Phone: validate.Phone(f, FieldPhone, in.Phone),
		Hours: validate.Text(f, FieldHours, in.Hours, false, MaxHours),
	}
	if err := f.Err(); err != nil {
		return Helpdesk{}, err
	}
	if !h.Empty() && h.Email == "" && h.Phone == "" {
		f.Add(FieldEmail, ContactRequired)
		f.Add(FieldPhone, ContactRequired)
		return Helpdesk{}, f.Err()
	}
	return h, nil
}

// helpdeskDomain separates helpdesk signatures from other statements.
const helpdeskDomain = "helpdesk"

// storedHelpdesk is the record: the helpdesk and the signature of the admin who recorded it.
// Every user holds the directory scope it is sealed under and so could write it; the signature
// (vault.Session.VerifyStatement with no subject, so only an active admin's counts) is what makes
// a recorded helpdesk the admins' word.
type storedHelpdesk struct {
	Helpdesk Helpdesk     `json:"helpdesk"`
	By       vault.UserID `json:"by"`
	Sig      []byte       `json:"sig"`
}

// signedMessage is what the signature covers: every member of the stored record but "by" and
// "sig", as its bytes hold them (vault.ObjectStatement), so members a later Kluis adds are
// signed too and an older Kluis still verifies the record.
func signedMessage(stored []byte) ([]byte, error) { return vault.ObjectStatement(stored, "by", "sig") }

// signedHelpdesk is what the signature covered before signedMessage (stop 30); records signed
// so still count.
func signedHelpdesk(h Helpdesk) []byte {
	b, _ := json.Marshal(h)
	return b
}

// LoadHelpdesk reads the recorded helpdesk inside a transaction; false when none was recorded
// or when the record does not carry an active admin's signature (a helpdesk written by anyone
// else is ignored, so the service's own helpdesk shows instead).
func LoadHelpdesk(tx *vault.Tx) (Helpdesk, bool, error) {
	b, err := tx.Get(KindHelpdesk, HelpdeskID())
	if errors.Is(err, vault.ErrNotFound) {
		return Helpdesk{}, false, nil
	}
	if err != nil {
		return Helpdesk{}, false, fmt.Errorf("support: load helpdesk: %w", err)
	}
	var rec storedHelpdesk
	if err := json.Unmarshal(b, &rec); err != nil {
		return Helpdesk{}, false, fmt.Errorf("support: load helpdesk: %w: not the expected JSON", vault.ErrCorrupt)
	}
	if len(rec.Sig) == 0 {
		return Helpdesk{}, false, nil
	}
	verify := func(msg []byte) bool {
		return tx.Session().VerifyStatement(vault.UserID{}, rec.By, helpdeskDomain, msg, rec.Sig)
	}
	if msg, err := signedMessage(b); (err != nil || !verify(msg)) && !verify(signedHelpdesk(rec.Helpdesk)) {
		return Helpdesk{}, false, nil
	}
	return rec.Helpdesk, true, nil
}

// StoreHelpdesk signs h as the session's user and writes it inside a transaction, sealed under
// scope; the zero Helpdesk removes the record. Only an admin's signature makes it count when
// read (LoadHelpdesk); the workspace also refuses other roles before writing.
func StoreHelpdesk(tx *vault.Tx, scope vault.ScopeID, h Helpdesk) error {
	if h.Empty() {
		return tx.Delete(KindHelpdesk, HelpdeskID())
	}
	sess := tx.Session()
	rec := storedHelpdesk{Helpdesk: h, By: sess.UserID()}
	unsigned, err := json.Marshal(&rec)
	if err != nil {
		return err
	}
	msg, err := signedMessage(unsigned)
	if err != nil {
		return err
	}
	if rec.Sig, err = sess.SignStatement(helpdeskDomain, msg); err != nil {
		return fmt.Errorf("support: sign helpdesk: %w", err)
	}
	if err := vault.PutJSON(tx, KindHelpdesk, HelpdeskID(), scope, &rec); err != nil {
		return fmt.Errorf("support: store helpdesk: %w", err)
	}
	return nil
}
