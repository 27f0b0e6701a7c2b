package support

import (
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

// LoadHelpdesk reads the recorded helpdesk inside a transaction; false when none was recorded.
func LoadHelpdesk(tx *vault.Tx) (Helpdesk, bool, error) {
	h, err := vault.GetJSON[Helpdesk](tx, KindHelpdesk, HelpdeskID())
	if errors.Is(err, vault.ErrNotFound) {
		return Helpdesk{}, false, nil
	}
	if err != nil {
		return Helpdesk{}, false, fmt.Errorf("support: load helpdesk: %w", err)
	}
	return h, true, nil
}

// StoreHelpdesk writes h inside a transaction, sealed under scope; the zero Helpdesk removes the
// record. It does not check the caller's role: the workspace does.
func StoreHelpdesk(tx *vault.Tx, scope vault.ScopeID, h Helpdesk) error {
	if h.Empty() {
		return tx.Delete(KindHelpdesk, HelpdeskID())
	}
	if err := vault.PutJSON(tx, KindHelpdesk, HelpdeskID(), scope, &h); err != nil {
		return fmt.Errorf("support: store helpdesk: %w", err)
	}
	return nil
}
