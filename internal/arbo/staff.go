package arbo

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// The service's own side: its staff API (admin token) and what it holds (GET PathHoldings). The
// client never calls these; they are in this package so docs/protocol.yaml can be checked against
// one set of types.

// Paths of the staff API, under PathStaff.
const (
	PathStaffEnrolCodes = "/api/v1/staff/enrol-codes" // POST → EnrolCode
	PathStaffRetrievals = "/api/v1/staff/retrievals"  // POST StaffRetrieval → StaffRetrievalCreated; GET /{id} → StaffRetrievalStatus
	PathStaffCases      = "/api/v1/staff/cases"       // PUT StaffCase → CaseStatus
	PathStaffLegacy     = "/api/v1/staff/legacy"      // POST StaffLegacy → StaffLegacyCreated
)

// Retrieval states as the staff API reports them.
const (
	RetrievalPending  = "pending"
	RetrievalFound    = "found"
	RetrievalNotFound = "not-found"
)

// Sources of identity data the service holds for a pseudonym.
const (
	SourceShare     = "share"     // WerknemerGegevens sent for a share (reden deling or correctie)
	SourceRetrieval = "retrieval" // the snapshot answering a retrieval (reden opvraging)
)

// EnrolCode is a fresh one-time enrolment code.
type EnrolCode struct {
	Code string `json:"code"`
}

// StaffRetrieval is a retrieval the service's staff make for one employer: they know the
// employee's birth date (jjjj-mm-dd), postcode and BSN.
type StaffRetrieval struct {
	EmployerID    string `json:"employerId"`
	Geboortedatum string `json:"geboortedatum"`
	Postcode      string `json:"postcode"`
	BSN           string `json:"bsn"`
}

// StaffRetrievalCreated names the retrieval the service queued for the employer's next sync.
type StaffRetrievalCreated struct {
	ID string `json:"id"`
}

// StaffRetrievalStatus is where a retrieval stands; Werknemer and Pseudonym only when found.
type StaffRetrievalStatus struct {
	ID          string             `json:"id"`
	EmployerID  string             `json:"employerId"`
	Status      string             `json:"status"` // RetrievalPending | RetrievalFound | RetrievalNotFound
	RequestedAt time.Time          `json:"requestedAt"`
	AnsweredAt  *time.Time         `json:"answeredAt,omitempty"`
	Pseudonym   string             `json:"pseudonym,omitempty"`
	Werknemer   *WerknemerGegevens `json:"werknemer,omitempty"`
}

// StaffCase sets the service's word on one employee's case (sent to the employer in the Feed).
type StaffCase struct {
	EmployerID   string `json:"employerId"`
	Pseudonym    string `json:"pseudonym"`
	CaseContent  bool   `json:"caseContent"`
	Closed       bool   `json:"closed"`
	Poortwachter string `json:"poortwachter,omitempty"`
}

// StaffLegacy is identity data the service held before the employer used Kluis, keyed by its
// personeelsnummer; the first synchronisation keeps it only for employees shared then.
type StaffLegacy struct {
	EmployerID string            `json:"employerId"`
	Werknemer  WerknemerGegevens `json:"werknemer"`
}

// StaffLegacyCreated names the legacy record stored.
type StaffLegacyCreated struct {
	ID string `json:"id"`
}

// Holdings is everything the service holds, per employer: so a person can see that nothing else
// arrived.
type Holdings struct {
	ServiceName string             `json:"serviceName"`
	Employers   []EmployerHoldings `json:"employers"`
}

// EmployerHoldings is what the service holds for one enrolled employer.
type EmployerHoldings struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	KvK         []string         `json:"kvk"`
	EnrolledAt  time.Time        `json:"enrolledAt"`
	Employments []HeldEmployment `json:"employments"`
	Dossiers    []HeldDossier    `json:"dossiers"`
	Absences    []HeldAbsence    `json:"absences"`
	Cases       []CaseStatus     `json:"cases"`
	Retrievals  RetrievalCounts  `json:"retrievals"`
	AuditHead   *AuditHead       `json:"auditHead,omitempty"`
	Legacy      []HeldLegacy     `json:"legacy"`
}

// HeldEmployment is one anonymised employment: the pseudonym and the Dienstverband facts.
type HeldEmployment struct {
	Pseudonym string `json:"pseudonym"`
	Dienstverband
}

// HeldDossier is a pseudonym with a share or identity data (or both).
type HeldDossier struct {
	Pseudonym  string             `json:"pseudonym"`
	Share      *Deling            `json:"share,omitempty"`
	Source     string             `json:"source,omitempty"` // SourceShare | SourceRetrieval, when Werknemer is held
	Werknemer  *WerknemerGegevens `json:"werknemer,omitempty"`
	ReceivedAt *time.Time         `json:"receivedAt,omitempty"`
}

// HeldAbsence is one absence of a pseudonym, keyed by its first day of sickness: the latest
// report the service has (Type: ziekmelding, herstelmelding or verzuimwijziging).
type HeldAbsence struct {
	Pseudonym string         `json:"pseudonym"`
	Type      string         `json:"type"`
	Verzuim   Verzuimmelding `json:"verzuim"`
	At        time.Time      `json:"at"`
}

// RetrievalCounts counts an employer's retrievals: per day requested (service clock) and by state.
type RetrievalCounts struct {
	PerDay   []RetrievalDay `json:"perDay"`
	Pending  int            `json:"pending"`
	Found    int            `json:"found"`
	NotFound int            `json:"notFound"`
}

// RetrievalDay is the number of retrievals requested on one day (jjjj-mm-dd).
type RetrievalDay struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}

// HeldLegacy is one legacy record (StaffLegacy) still held.
type HeldLegacy struct {
	ID        string            `json:"id"`
	Werknemer WerknemerGegevens `json:"werknemer"`
}

// CertFingerprint is how a TLS certificate is named for pinning: the SHA-256 of its DER bytes,
// lowercase hex without separators.
func CertFingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}
