package agreement

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"kluis/internal/validate"
	"kluis/internal/vault"
)

// MailSettingsID is the record id of the mail settings: there is one record per vault.
func MailSettingsID() vault.ID { return vault.ID{15: 0x01} }

// Fields of the mail-settings form.
const (
	FieldHost     = "host"
	FieldPort     = "port"
	FieldStartTLS = "startTLS"
	FieldUser     = "user"
	FieldFrom     = "from"
)

// Field codes this package adds to validate's (the frontend's catalogue has a text for each).
const (
	// HostFormat: a host name or IP address, without scheme, port, path or spaces.
	HostFormat validate.Code = "host_format"
	// PortRange: a whole number from 1 to 65535.
	PortRange validate.Code = "port_range"
	// StartTLSRequired: a user name (so a password) is only sent over STARTTLS.
	StartTLSRequired validate.Code = "starttls_required"
)

// Limits of the mail settings.
const (
	MaxHost = 253 // a DNS name
	MaxUser = 254
)

// DefaultPort is the submission port (RFC 6409) with STARTTLS.
const DefaultPort = 587

// MailSettings is how Kluis reaches the admin's SMTP server. The password is not part of it: the
// admin types it for each send. From is the sender address; empty means the sending admin's own
// e-mail address.
type MailSettings struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	StartTLS bool   `json:"startTLS"`
	User     string `json:"user,omitempty"`
	From     string `json:"from,omitempty"`
}

// Configured says whether an SMTP server was set up; without one, confirmations are saved as
// .eml files.
func (m MailSettings) Configured() bool { return m.Host != "" }

// Addr is host:port for dialing.
func (m MailSettings) Addr() string { return net.JoinHostPort(m.Host, strconv.Itoa(m.Port)) }

// MailInput is the mail-settings form as typed. An empty host clears the settings (no SMTP).
type MailInput struct {
	Host     string
	Port     string
	StartTLS bool
	User     string
	From     string
}

// CheckMail validates the mail-settings form (every problem at once, as validate.FieldErrors).
// An empty host means "no SMTP server" and gives the zero settings; the other fields are then
// ignored.
func CheckMail(in MailInput) (MailSettings, error) {
	f := validate.FieldErrors{}
	host := validate.Text(f, FieldHost, in.Host, false, MaxHost)
	if host == "" && f[FieldHost] == "" {
		return MailSettings{}, nil
	}
	if f[FieldHost] == "" && !validHost(host) {
		f.Add(FieldHost, HostFormat)
	}
	m := MailSettings{Host: strings.ToLower(strings.Trim(host, "[]")), StartTLS: in.StartTLS}
	port := strings.TrimSpace(in.Port)
	if port == "" {
		f.Add(FieldPort, validate.Required)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		f.Add(FieldPort, PortRange)
	} else {
		m.Port = n
	}
	m.User = validate.Text(f, FieldUser, in.User, false, MaxUser)
	m.From = validate.Email(f, FieldFrom, in.From, false)
	if m.User != "" && !m.StartTLS {
		f.Add(FieldStartTLS, StartTLSRequired)
	}
	if err := f.Err(); err != nil {
		return MailSettings{}, err
	}
	return m, nil
}

// validHost accepts a DNS name (letters, digits, '-', '.', '_') or an IP address.
func validHost(h string) bool {
	if net.ParseIP(strings.Trim(h, "[]")) != nil {
		return true
	}
	if strings.HasPrefix(h, ".") || strings.HasPrefix(h, "-") || strings.Contains(h, "..") {
		return false
	}
	return !strings.ContainsFunc(h, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_')
	})
}

// LoadMailSettings reads the mail settings inside a transaction; the zero settings when none
// were saved.
func LoadMailSettings(tx *vault.Tx) (MailSettings, error) {
	m, err := vault.GetJSON[MailSettings](tx, KindMailSettings, MailSettingsID())
	if errors.Is(err, vault.ErrNotFound) {
		return MailSettings{}, nil
	}
	if err != nil {
		return MailSettings{}, fmt.Errorf("agreement: load mail settings: %w", err)
	}
	return m, nil
}

// MailSettings reads the mail settings.
func (s *Store) MailSettings() (MailSettings, error) {
	if err := s.admin(); err != nil {
		return MailSettings{}, err
	}
	var out MailSettings
	err := s.sess.View(func(tx *vault.Tx) (err error) {
		out, err = LoadMailSettings(tx)
		return err
	})
	return out, err
}

// SaveMailSettings checks and stores the mail settings; an empty host removes them.
func (s *Store) SaveMailSettings(in MailInput) (MailSettings, error) {
	if err := s.admin(); err != nil {
		return MailSettings{}, err
	}
	m, err := CheckMail(in)
	if err != nil {
		return MailSettings{}, err
	}
	err = s.sess.Update(func(tx *vault.Tx) error {
		if !m.Configured() {
			return tx.Delete(KindMailSettings, MailSettingsID())
		}
		return vault.PutJSON(tx, KindMailSettings, MailSettingsID(), s.sess.AdminScope(), &m)
	})
	if err != nil {
		return MailSettings{}, fmt.Errorf("agreement: save mail settings: %w", err)
	}
	return m, nil
}
