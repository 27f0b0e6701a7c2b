package arbo

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Version is the protocol version in every path: /api/v1/...
const Version = "v1"

// Paths of the protocol.
const (
	PathEnrol      = "/api/v1/enrol"      // POST EnrolRequest → EnrolResponse (unsigned: the code is the proof)
	PathMessages   = "/api/v1/messages"   // POST Batch → BatchResponse (signed)
	PathFeed       = "/api/v1/feed"       // GET → Feed (signed): case status and retrieval requests
	PathRetrievals = "/api/v1/retrievals" // POST /api/v1/retrievals/{id} RetrievalAnswer (signed)
	PathAuditHead  = "/api/v1/audit-head" // PUT AuditHead (signed); GET → AuditHead (signed)
	PathRekey      = "/api/v1/rekey"      // POST RekeyRequest (signed with the current key)
	PathHoldings   = "/api/v1/holdings"   // GET (admin token) → Holdings
	PathStaff      = "/api/v1/staff"      // the service's own staff API (admin token)
)

// Headers of a signed request.
const (
	HeaderEmployer  = "Kluis-Employer"  // the employer id the service issued at enrolment
	HeaderTimestamp = "Kluis-Timestamp" // Unix seconds
	HeaderNonce     = "Kluis-Nonce"     // 16 random bytes, base64url without padding
	HeaderSignature = "Kluis-Signature" // Ed25519 over SigningString, base64 (standard)
)

// Limits the service enforces and the client respects.
const (
	MaxBody          = 8 << 20          // bytes of a request body
	MaxBatch         = 2000             // messages in one batch
	MaxClockSkew     = 5 * time.Minute  // a timestamp further off is stale
	NonceMemory      = 10 * time.Minute // a nonce is remembered at least this long (> 2 × skew)
	DefaultDailyRetr = 10               // retrievals per employer per day (the service may set its own)
)

// SigningString is what the employer's key signs for a request: the method, the path with its
// query, the SHA-256 of the body, the timestamp, the nonce and the employer id, each on a line
// after a fixed label. Nothing else of the request is trusted by the service.
func SigningString(method, pathAndQuery string, body []byte, timestamp, nonce, employer string) []byte {
	sum := sha256.Sum256(body)
	return []byte(strings.Join([]string{"kluis-arbo-v1", method, pathAndQuery, hex.EncodeToString(sum[:]),
		timestamp, nonce, employer}, "\n"))
}

// Verify checks a request's signature headers against the employer's public key at time now:
// the timestamp within MaxClockSkew and the signature valid. Replays (a nonce seen before) are the
// caller's to refuse, since only it remembers nonces.
func Verify(pub ed25519.PublicKey, method, pathAndQuery string, body []byte, timestamp, nonce, employer, signature string, now time.Time) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return &Error{Status: 401, Code: CodeBadSignature, Message: "timestamp is not a number"}
	}
	if d := now.Sub(time.Unix(ts, 0)); d > MaxClockSkew || d < -MaxClockSkew {
		return &Error{Status: 401, Code: CodeStaleTimestamp, Message: "timestamp too far from the service's clock"}
	}
	if n, err := base64.RawURLEncoding.DecodeString(nonce); err != nil || len(n) != 16 {
		return &Error{Status: 401, Code: CodeBadSignature, Message: "nonce must be 16 bytes, base64url"}
	}
	sig, err := base64.StdEncoding.DecodeString(signature)
	if err != nil || len(pub) != ed25519.PublicKeySize ||
		!ed25519.Verify(pub, SigningString(method, pathAndQuery, body, timestamp, nonce, employer), sig) {
		return &Error{Status: 401, Code: CodeBadSignature, Message: "signature does not verify"}
	}
	return nil
}

// Error codes in an ErrorBody. A 4xx answer means the request was refused as a whole and nothing
// of it was stored.
const (
	CodeBadRequest      = "bad_request"      // 400: malformed JSON, unknown field, invalid value
	CodeTooLarge        = "too_large"        // 413: body over MaxBody or batch over MaxBatch
	CodeBadSignature    = "bad_signature"    // 401
	CodeStaleTimestamp  = "stale_timestamp"  // 401
	CodeReplay          = "replay"           // 409: nonce seen before
	CodeUnknownEmployer = "unknown_employer" // 401
	CodeEnrolCode       = "enrol_code"       // 403: enrolment code unknown or used
	CodeNotShared       = "not_shared"       // 409: identity data for a pseudonym without a share or retrieval
	CodeRetrievalLimit  = "retrieval_limit"  // 429: the employer's retrievals for today are used up
	CodeNotFound        = "not_found"        // 404
	CodeAuditRegressed  = "audit_regressed"  // 409: an audit head older than the one held
	CodeUnauthorized    = "unauthorized"     // 401: admin token missing or wrong
	CodeInternal        = "internal"         // 500
	CodeUnavailable     = "unavailable"      // 503
)

// ErrorBody is the JSON of every error answer.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is a refused request, on either side.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("arbo service: %d %s: %s", e.Status, e.Code, e.Message)
}

// Temporary reports whether sending again later may succeed (5xx, 429).
func (e *Error) Temporary() bool { return e.Status >= 500 || e.Status == 429 }

// IsCode reports whether err is an *Error with code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// EnrolRequest registers an employer's signing key with a one-time code.
type EnrolRequest struct {
	Code         string   `json:"code"`
	EmployerName string   `json:"employerName"` // the vault's name for the organisation (werkgever)
	KvK          []string `json:"kvk"`          // KvK numbers of the employers in the vault
	PublicKey    string   `json:"publicKey"`    // Ed25519, base64
}

// RekeyRequest replaces the employer's signing key (after a user who could read it was
// revoked). Signed with the current key; from the answer on only the new key is accepted.
type RekeyRequest struct {
	PublicKey string `json:"publicKey"` // Ed25519, base64
}

// EnrolResponse names the account the service made.
type EnrolResponse struct {
	EmployerID  string   `json:"employerId"`
	ServiceName string   `json:"serviceName"`
	Helpdesk    Helpdesk `json:"helpdesk"`
}

// Helpdesk is how an employer reaches the service's support.
type Helpdesk struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Hours string `json:"hours,omitempty"`
}

// Message types. Each message has an id the service remembers: a message sent twice is applied
// once (the answer accepts it both times).
const (
	// TypeDienstverband: an employment as pseudonymous facts (new or changed); Removed drops it.
	TypeDienstverband = "dienstverband"
	// TypeWerknemer: identity data of a shared employee (at the share, after a correction —
	// GDPR art. 19 — or as the answer to a retrieval).
	TypeWerknemer = "werknemergegevens"
	// TypeDeling: a share started (care question, end date).
	TypeDeling = "deling"
	// TypeDelingEinde: the share ended (end date reached, revoked, or case closed after recovery):
	// the service deletes the identity data and keeps the pseudonym.
	TypeDelingEinde = "deling-einde"
	// TypeZiekmelding, TypeHerstelmelding, TypeVerzuimWijziging: Verzuimmeldingen.
	TypeZiekmelding      = "ziekmelding"
	TypeHerstelmelding   = "herstelmelding"
	TypeVerzuimWijziging = "verzuimwijziging"
	// TypeEersteSync: the first full synchronisation is complete: the service keeps identity data
	// only for the pseudonyms with an active share now, and makes everything else it held for
	// this employer pseudonymous.
	TypeEersteSync = "eerste-synchronisatie"
	// TypeGewist: the employer erased the employee after the retention period: the service
	// deletes everything it holds for the pseudonym that came from the employer (identity data,
	// also a retrieval's snapshot and legacy records of that personeelsnummer; the share;
	// absences; employments; case status). Its own case file falls under its own legal duties.
	TypeGewist = "werknemer-gewist"
)

// Batch is what the client sends in one POST: messages in the order they happened.
type Batch struct {
	Messages []Message `json:"messages"`
}

// Message is one change. Pseudonym is HMAC(employer, persnr) under a key the service never sees;
// exactly one of the payloads fits the Type (none for TypeDelingEinde, TypeEersteSync and
// TypeGewist).
type Message struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Pseudonym string    `json:"pseudonym,omitempty"`
	At        time.Time `json:"at"`

	Dienstverband *Dienstverband     `json:"dienstverband,omitempty"`
	Werknemer     *WerknemerGegevens `json:"werknemer,omitempty"`
	Deling        *Deling            `json:"deling,omitempty"`
	Verzuim       *Verzuimmelding    `json:"verzuim,omitempty"`
	// Shared lists, for TypeEersteSync, the pseudonyms with an active share.
	Shared []string `json:"shared,omitempty"`
}

// Dienstverband is an employment as the service may know it of anyone: no name, BSN, birth date,
// address, phone or e-mail. Dates are jjjj-mm-dd.
type Dienstverband struct {
	Werkgever     string `json:"werkgever"`               // KvK number of the employer
	Afdelingscode string `json:"afdelingscode,omitempty"` // the department's payroll code, or its Kluis id
	DatumAanvang  string `json:"datumAanvang"`            // start
	DatumEinde    string `json:"datumEinde,omitempty"`    // end (last day)
	UrenPerWeek   string `json:"urenPerWeek,omitempty"`   // decimal point
	SoortContract string `json:"soortContract,omitempty"` // bepaalde-tijd | onbepaalde-tijd | oproep | uitzend (when known)
	// Sector and Risicopremiegroep feed the service's statistics (absence per sector and risk
	// group, docs/DOMAIN.md): the UWV sector number (two digits) and the risk premium group
	// (one to three digits, as the payroll export gave it).
	Sector            string `json:"sector,omitempty"`
	Risicopremiegroep string `json:"risicopremiegroep,omitempty"`
	Verwijderd        bool   `json:"verwijderd,omitempty"` // the employment is gone from the vault (erased)
	Volgnummer        int    `json:"volgnummer"`           // the employment's number within the employee, from 1
}

// WerknemerGegevens is the identity data of a shared employee. Dates are jjjj-mm-dd.
type WerknemerGegevens struct {
	Werkgever            string `json:"werkgever"` // KvK
	Personeelsnummer     string `json:"personeelsnummer"`
	Burgerservicenummer  string `json:"burgerservicenummer,omitempty"`
	Voorletters          string `json:"voorletters,omitempty"`
	Roepnaam             string `json:"roepnaam,omitempty"`
	Voornamen            string `json:"voornamen,omitempty"`
	Voorvoegsel          string `json:"voorvoegsel,omitempty"`
	Geslachtsnaam        string `json:"geslachtsnaam"`
	VoorvoegselPartner   string `json:"voorvoegselPartner,omitempty"`
	GeslachtsnaamPartner string `json:"geslachtsnaamPartner,omitempty"`
	Naamgebruik          string `json:"naamgebruik,omitempty"`
	Geslacht             string `json:"geslacht,omitempty"`
	Geboortedatum        string `json:"geboortedatum,omitempty"`
	Straatnaam           string `json:"straatnaam,omitempty"`
	Huisnummer           string `json:"huisnummer,omitempty"`
	Huisnummertoevoeging string `json:"huisnummertoevoeging,omitempty"`
	Postcode             string `json:"postcode,omitempty"`
	Woonplaats           string `json:"woonplaats,omitempty"`
	Land                 string `json:"land,omitempty"`
	TelefoonMobiel       string `json:"telefoonMobiel,omitempty"`
	TelefoonWerk         string `json:"telefoonWerk,omitempty"`
	TelefoonPrive        string `json:"telefoonPrive,omitempty"`
	EmailWerk            string `json:"emailWerk,omitempty"`
	EmailPrive           string `json:"emailPrive,omitempty"`
	// Reden says why it is sent: deling (a share), correctie (a change while shared), opvraging
	// (the answer to a retrieval; a snapshot that is not updated later).
	Reden string `json:"reden"`
}

// Reasons of WerknemerGegevens.
const (
	RedenDeling    = "deling"
	RedenCorrectie = "correctie"
	RedenOpvraging = "opvraging"
)

// Deling is a share: the care question (zorgvraag) and the last day, if any.
type Deling struct {
	Zorgvraag string `json:"zorgvraag"` // sick-report | case-manager | consultation
	TotEnMet  string `json:"totEnMet,omitempty"`
}

// Verzuimmelding is a sick report, a recovery or a change of an absence: only what an employer
// may record (DOMAIN.md), never a diagnosis or cause.
type Verzuimmelding struct {
	EersteZiektedag     string `json:"eersteZiektedag"`
	Percentage          int    `json:"percentage,omitempty"` // 1..100; 0 means 100
	DatumHerstel        string `json:"datumHerstel,omitempty"`
	VerwachteDuur       string `json:"verwachteDuur,omitempty"`
	Telefoon            string `json:"telefoon,omitempty"`
	Verpleegadres       string `json:"verpleegadres,omitempty"` // one line; empty: the home address
	LopendeAfspraken    string `json:"lopendeAfspraken,omitempty"`
	Vangnet             bool   `json:"vangnet,omitempty"`
	Bedrijfsongeval     bool   `json:"bedrijfsongeval,omitempty"`
	AansprakelijkeDerde bool   `json:"aansprakelijkeDerde,omitempty"`
}

// BatchResponse answers a batch message by message: Accepted are applied (now or before);
// Rejected are well-formed but refused by the service's rules (identity data without a share, an
// absence without a share): the client drops them, logs the code and shows a count, so one refused
// message never blocks the messages after it. A malformed batch is refused as a whole (4xx).
type BatchResponse struct {
	Accepted []string    `json:"accepted"`
	Rejected []Rejection `json:"rejected,omitempty"`
}

// Rejection is one refused message.
type Rejection struct {
	ID   string `json:"id"`
	Code string `json:"code"`
}

// Feed is what the service has for the employer: the case status of each pseudonym it has one
// for, and the retrieval requests not yet answered.
type Feed struct {
	Cases      []CaseStatus       `json:"cases"`
	Retrievals []RetrievalRequest `json:"retrievals"`
	ServerTime time.Time          `json:"serverTime"`
}

// CaseStatus is the service's word on one employee's case.
type CaseStatus struct {
	Pseudonym    string `json:"pseudonym"`
	CaseContent  bool   `json:"caseContent"`            // dossiervorming: the share can no longer be revoked
	Closed       bool   `json:"closed"`                 // the case is closed (after recovery)
	Poortwachter string `json:"poortwachter,omitempty"` // the Poortwachter step the service reports, free text of the service
}

// RetrievalRequest is a retrieval by the service's staff (open consultation hours): they proved
// knowing birth date (jjjj-mm-dd), postcode and BSN.
type RetrievalRequest struct {
	ID            string `json:"id"`
	Geboortedatum string `json:"geboortedatum"`
	Postcode      string `json:"postcode"`
	BSN           string `json:"bsn"`
}

// RetrievalAnswer answers one request: Found with the employee's identity (and pseudonym), or
// not found (none or several matched: nothing else is said).
type RetrievalAnswer struct {
	Found     bool               `json:"found"`
	Pseudonym string             `json:"pseudonym,omitempty"`
	Werknemer *WerknemerGegevens `json:"werknemer,omitempty"`
}

// AuditHead is the signed head of the employer's audit log: the service keeps the latest, so a
// log cut or put back on the PC shows against it. Each PC of a vault that replicates keeps its
// own chain and names its random device id (32 hex digits, never a PC name); the service keeps
// one head per device then (GET PathAuditHead/<device>), and one without a device otherwise.
type AuditHead struct {
	Seq    uint64    `json:"seq"`
	Hash   string    `json:"hash"` // hex
	At     time.Time `json:"at"`
	Device string    `json:"device,omitempty"`
}
