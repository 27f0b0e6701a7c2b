package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"kluis/internal/arbo"
	"kluis/internal/validate"
)

// Caps on what the service stores. Errors name the message and field, never a value.
const (
	maxText      = 200 // a name, street, place, free text
	maxShortText = 64  // codes, house numbers, durations
	maxPseudonym = 128
	maxMessageID = 64
)

var (
	kvkRE       = regexp.MustCompile(`^[0-9]{8}$`)
	pseudonymRE = regexp.MustCompile(`^[A-Za-z0-9_\-+/=.]+$`)
	hoursRE     = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{1,4})?$`)
	sectorRE    = regexp.MustCompile(`^[0-9]{2}$`)
	riskGroupRE = regexp.MustCompile(`^[0-9]{1,3}$`)
	hexRE       = regexp.MustCompile(`^[0-9a-fA-F]{16,256}$`)
)

// badRequest is a refusal of the whole request (400).
func badRequest(format string, args ...any) *arbo.Error {
	return &arbo.Error{Status: 400, Code: arbo.CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

// decodeStrict decodes exactly one JSON value into v, refusing unknown fields and trailing data.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("malformed JSON: %s", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("malformed JSON: more than one value")
	}
	return nil
}

// jsonProblem describes a decoding error without quoting the input (it may hold identity data):
// the type error's field, an unknown field's name, or the offset of a syntax error.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		if len(name) > 70 {
			name = name[:70]
		}
		return "unknown field " + name
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end"
	}
	return "not decodable"
}

// decodeBatch decodes and validates a batch: the whole batch or an error (*arbo.Error, 400 or 413).
func decodeBatch(body []byte) (*arbo.Batch, error) {
	var b arbo.Batch
	if err := decodeStrict(body, &b); err != nil {
		return nil, err
	}
	if len(b.Messages) > arbo.MaxBatch {
		return nil, &arbo.Error{Status: 413, Code: arbo.CodeTooLarge,
			Message: fmt.Sprintf("%d messages; at most %d in one batch", len(b.Messages), arbo.MaxBatch)}
	}
	for i := range b.Messages {
		if err := validateMessage(&b.Messages[i]); err != nil {
			return nil, badRequest("message %d: %s", i, err)
		}
	}
	return &b, nil
}

// validateMessage checks one message: its id, its type, that exactly the payload of the type is
// present and that the payload's values are well-formed. Rules about what the service holds
// (a share) are the apply step's.
func validateMessage(m *arbo.Message) error {
	if err := checkText("id", m.ID, true, maxMessageID); err != nil {
		return err
	}
	if m.Type == arbo.TypeEersteSync {
		if m.Pseudonym != "" {
			return errors.New("pseudonym: not allowed for this type")
		}
		for _, p := range m.Shared {
			if err := checkPseudonym(p); err != nil {
				return fmt.Errorf("shared: %w", err)
			}
		}
	} else {
		if err := checkPseudonym(m.Pseudonym); err != nil {
			return err
		}
		if m.Shared != nil {
			return errors.New("shared: only for " + arbo.TypeEersteSync)
		}
	}
	var want string // the one payload the type carries
	switch m.Type {
	case arbo.TypeDienstverband:
		want = "dienstverband"
	case arbo.TypeWerknemer:
		want = "werknemer"
	case arbo.TypeDeling:
		want = "deling"
	case arbo.TypeZiekmelding, arbo.TypeHerstelmelding, arbo.TypeVerzuimWijziging:
		want = "verzuim"
	case arbo.TypeDelingEinde, arbo.TypeEersteSync, arbo.TypeGewist:
	default:
		return errors.New("type: unknown")
	}
	present := map[string]bool{
		"dienstverband": m.Dienstverband != nil, "werknemer": m.Werknemer != nil,
		"deling": m.Deling != nil, "verzuim": m.Verzuim != nil,
	}
	for name, has := range present {
		if has && name != want {
			return fmt.Errorf("%s: not allowed for type %s", name, m.Type)
		}
		if !has && name == want {
			return fmt.Errorf("%s: missing", name)
		}
	}
	switch want {
	case "dienstverband":
		return checkDienstverband(m.Dienstverband)
	case "werknemer":
		return checkWerknemer(m.Werknemer, true)
	case "deling":
		return checkDeling(m.Deling)
	case "verzuim":
		return checkVerzuim(m.Type, m.Verzuim)
	}
	return nil
}

func checkPseudonym(p string) error {
	if p == "" {
		return errors.New("pseudonym: missing")
	}
	if len(p) > maxPseudonym || !pseudonymRE.MatchString(p) {
		return errors.New("pseudonym: not a pseudonym")
	}
	return nil
}

// checkText: valid UTF-8, no control characters, at most max bytes, present when required.
func checkText(field, v string, required bool, max int) error {
	if v == "" {
		if required {
			return fmt.Errorf("%s: missing", field)
		}
		return nil
	}
	if len(v) > max {
		return fmt.Errorf("%s: longer than %d", field, max)
	}
	if !utf8.ValidString(v) {
		return fmt.Errorf("%s: not UTF-8", field)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s: control character", field)
		}
	}
	return nil
}

// checkDate: jjjj-mm-dd, a real day.
func checkDate(field, v string, required bool) error {
	if v == "" {
		if required {
			return fmt.Errorf("%s: missing", field)
		}
		return nil
	}
	if _, ok := parseDay(v); !ok {
		return fmt.Errorf("%s: not a date jjjj-mm-dd", field)
	}
	return nil
}

func parseDay(v string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, v)
	return t, err == nil && t.Format(time.DateOnly) == v
}

func checkKvK(field, v string) error {
	if !kvkRE.MatchString(v) {
		return fmt.Errorf("%s: not a KvK number", field)
	}
	return nil
}

func checkChoice(field, v string, required bool, allowed ...string) error {
	if v == "" && !required {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%s: not one of %s", field, strings.Join(allowed, ", "))
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func checkDienstverband(d *arbo.Dienstverband) error {
	err := firstErr(
		checkKvK("werkgever", d.Werkgever),
		checkText("afdelingscode", d.Afdelingscode, false, maxShortText),
		checkDate("datumAanvang", d.DatumAanvang, true),
		checkDate("datumEinde", d.DatumEinde, false),
		checkChoice("soortContract", d.SoortContract, false, "bepaalde-tijd", "onbepaalde-tijd", "oproep", "uitzend"),
	)
	if err == nil && d.Sector != "" && !sectorRE.MatchString(d.Sector) {
		err = errors.New("sector: not a two-digit sector number")
	}
	if err == nil && d.Risicopremiegroep != "" && !riskGroupRE.MatchString(d.Risicopremiegroep) {
		err = errors.New("risicopremiegroep: not 1 to 3 digits")
	}
	if err != nil {
		return err
	}
	if d.UrenPerWeek != "" && !hoursRE.MatchString(d.UrenPerWeek) {
		return errors.New("urenPerWeek: not a number of hours")
	}
	if d.Volgnummer < 1 || d.Volgnummer > 9999 {
		return errors.New("volgnummer: not 1..9999")
	}
	return nil
}

// checkWerknemer checks identity data; inBatch requires a reason (an answer to a retrieval may
// leave it out).
func checkWerknemer(w *arbo.WerknemerGegevens, inBatch bool) error {
	texts := []struct {
		name, v string
		max     int
	}{
		{"personeelsnummer", w.Personeelsnummer, maxShortText},
		{"voorletters", w.Voorletters, maxShortText}, {"roepnaam", w.Roepnaam, maxText},
		{"voornamen", w.Voornamen, maxText}, {"voorvoegsel", w.Voorvoegsel, maxShortText},
		{"geslachtsnaam", w.Geslachtsnaam, maxText}, {"voorvoegselPartner", w.VoorvoegselPartner, maxShortText},
		{"geslachtsnaamPartner", w.GeslachtsnaamPartner, maxText}, {"naamgebruik", w.Naamgebruik, maxShortText},
		{"geslacht", w.Geslacht, maxShortText}, {"straatnaam", w.Straatnaam, maxText},
		{"huisnummer", w.Huisnummer, maxShortText}, {"huisnummertoevoeging", w.Huisnummertoevoeging, maxShortText},
		{"postcode", w.Postcode, maxShortText}, {"woonplaats", w.Woonplaats, maxText}, {"land", w.Land, maxShortText},
		{"telefoonMobiel", w.TelefoonMobiel, maxShortText}, {"telefoonWerk", w.TelefoonWerk, maxShortText},
		{"telefoonPrive", w.TelefoonPrive, maxShortText}, {"emailWerk", w.EmailWerk, maxText},
		{"emailPrive", w.EmailPrive, maxText},
	}
	for _, f := range texts {
		if err := checkText("werknemer."+f.name, f.v, f.name == "personeelsnummer" || f.name == "geslachtsnaam", f.max); err != nil {
			return err
		}
	}
	if err := firstErr(
		checkKvK("werknemer.werkgever", w.Werkgever),
		checkDate("werknemer.geboortedatum", w.Geboortedatum, false),
		checkChoice("werknemer.reden", w.Reden, inBatch, arbo.RedenDeling, arbo.RedenCorrectie, arbo.RedenOpvraging),
	); err != nil {
		return err
	}
	if w.Burgerservicenummer != "" && !validate.ValidBSN(w.Burgerservicenummer) {
		return errors.New("werknemer.burgerservicenummer: not a BSN")
	}
	return nil
}

func checkDeling(d *arbo.Deling) error {
	return firstErr(
		checkChoice("deling.zorgvraag", d.Zorgvraag, true, "sick-report", "case-manager", "consultation"),
		checkDate("deling.totEnMet", d.TotEnMet, false),
	)
}

func checkVerzuim(typ string, v *arbo.Verzuimmelding) error {
	if err := firstErr(
		checkDate("verzuim.eersteZiektedag", v.EersteZiektedag, true),
		checkDate("verzuim.datumHerstel", v.DatumHerstel, typ == arbo.TypeHerstelmelding),
		checkText("verzuim.verwachteDuur", v.VerwachteDuur, false, maxShortText),
		checkText("verzuim.telefoon", v.Telefoon, false, maxShortText),
		checkText("verzuim.verpleegadres", v.Verpleegadres, false, maxText),
		checkText("verzuim.lopendeAfspraken", v.LopendeAfspraken, false, maxText),
	); err != nil {
		return err
	}
	if v.Percentage < 0 || v.Percentage > 100 {
		return errors.New("verzuim.percentage: not 0..100")
	}
	return nil
}

// checkEnrol checks an enrolment request's values (not its code) and returns the public key.
func checkEnrol(r *arbo.EnrolRequest) ([]byte, error) {
	if err := checkText("employerName", r.EmployerName, true, maxText); err != nil {
		return nil, badRequest("%s", err)
	}
	if len(r.KvK) == 0 || len(r.KvK) > 100 {
		return nil, badRequest("kvk: 1..100 numbers")
	}
	for _, k := range r.KvK {
		if err := checkKvK("kvk", k); err != nil {
			return nil, badRequest("%s", err)
		}
	}
	pub, err := base64.StdEncoding.DecodeString(r.PublicKey)
	if err != nil || len(pub) != 32 {
		return nil, badRequest("publicKey: not an Ed25519 public key in base64")
	}
	return pub, nil
}

// checkAuditHead checks an audit head's values.
func checkAuditHead(h *arbo.AuditHead) error {
	if !hexRE.MatchString(h.Hash) {
		return badRequest("hash: not hex")
	}
	if !validDevice(h.Device) {
		return badRequest("device: not 32 hex digits")
	}
	return nil
}

// validDevice: empty (a vault on one PC) or a device id of 32 lower-case hex digits.
func validDevice(d string) bool {
	if d == "" {
		return true
	}
	if len(d) != 32 {
		return false
	}
	for _, c := range d {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// auditHeadKey is where the head of one chain is kept: per device when the PC names one.
func auditHeadKey(account, device string) []byte {
	if device == "" {
		return key(kAuditHead, account)
	}
	return key(kAuditHead, account, device)
}
