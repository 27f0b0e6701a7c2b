package sharing

import (
	"errors"
	"time"

	"kluis/internal/vault"
)

// Record kinds of this package (docs/adr/001-key-layout.md).
const (
	// KindDossier is an employee's share state, share history and absences (record id = the
	// employee id), under the department scope of the employee's department.
	KindDossier vault.Kind = 0x80
	// KindOutbox is one message waiting for the sync package (random id), under the same scope
	// as the dossier it comes from. Vaults written before the sync existed have them; messages
	// are now kept in the dossier (Dossier.Outbox), so they move with the employee. The sync
	// sends and deletes the old ones.
	KindOutbox vault.Kind = 0x81
)

// CareQuestion is why the arbo service may learn who the employee is.
type CareQuestion string

// Care questions.
const (
	CareSickReport   CareQuestion = "sick-report"  // ziekmelding: lasts until recovery and case end
	CareCaseManager  CareQuestion = "case-manager" // contact met casemanager
	CareConsultation CareQuestion = "consultation" // (open) spreekuur: usually with an end date
)

func (c CareQuestion) valid() bool {
	return c == CareSickReport || c == CareCaseManager || c == CareConsultation
}

// Event kinds of the share history.
const (
	EventShared        = "shared"         // gedeeld door de werkgever
	EventRevoked       = "revoked"        // ingetrokken
	EventSharedByArbo  = "shared-by-arbo" // gedeeld door de arbodienst (reported by sync)
	EventSick          = "sick"           // ziekmelding
	EventRecovered     = "recovered"      // herstelmelding
	EventAbsenceChange = "absence-change" // wijziging verzuim
	EventEnded         = "ended"          // de deling is afgelopen (end date reached, or case closed after recovery)
)

// Reasons of EventEnded.
const (
	EndedUntil      = "until"       // the end date passed
	EndedCaseClosed = "case-closed" // recovered and the arbo service closed the case
)

// Event is one line of the share history, newest last in the record.
type Event struct {
	Kind         string       `json:"kind"`
	At           time.Time    `json:"at"`
	By           vault.UserID `json:"by"`
	CareQuestion CareQuestion `json:"careQuestion,omitempty"`
	Explanation  string       `json:"explanation,omitempty"`
	Until        string       `json:"until,omitempty"` // jjjj-mm-dd
	Reason       string       `json:"reason,omitempty"`
}

// Share is the share in force.
type Share struct {
	CareQuestion CareQuestion `json:"careQuestion"`
	Since        time.Time    `json:"since"`
	Until        string       `json:"until,omitempty"` // jjjj-mm-dd, the last day; empty: open-ended
}

// Dossier is what Kluis keeps about an employee's shares and absences.
type Dossier struct {
	Share *Share `json:"share,omitempty"`
	// CaseContent: the arbo service reported that it holds case content for this employee;
	// from then on the share cannot be revoked from Kluis.
	CaseContent bool      `json:"caseContent,omitempty"`
	History     []Event   `json:"history"`
	Absences    []Absence `json:"absences,omitempty"`
	// CaseClosed: the arbo service reported the case closed; Poortwachter is the step it
	// reports (its own words), if any.
	CaseClosed   bool   `json:"caseClosed,omitempty"`
	Poortwachter string `json:"poortwachter,omitempty"`
	// Outbox holds the messages for the arbo service not yet acknowledged, oldest first. They
	// live in the dossier so they move with the employee to another department's scope.
	Outbox []Message `json:"outbox,omitempty"`
}

// Absence is one spell of sickness.
type Absence struct {
	FirstSickDay string     `json:"firstSickDay"`         // jjjj-mm-dd
	Recovered    string     `json:"recovered,omitempty"`  // jjjj-mm-dd, the first day back
	Report       SickReport `json:"report"`               // as last reported or changed
	Percentage   int        `json:"percentage,omitempty"` // 1..100 sick; 0 means 100
	Steps        []StepDone `json:"steps,omitempty"`      // Poortwachter steps marked done (timeline.go)
}

// Open reports whether the spell has not ended.
func (a Absence) Open() bool { return a.Recovered == "" }

// SickReport holds exactly what the employer may record at a sick report (DOMAIN.md): no
// diagnosis, no cause, no health free text. Decoding refuses any other field.
type SickReport struct {
	Phone               string  `json:"phone"`
	CareAddress         Address `json:"careAddress,omitzero"` // empty: the home address
	ExpectedDuration    string  `json:"expectedDuration"`     // one of ExpectedDurations
	OngoingAppointments string  `json:"ongoingAppointments,omitempty"`
	SafetyNet           bool    `json:"safetyNet"`        // vangnetregeling applies (never which one)
	WorkAccident        bool    `json:"workAccident"`     // bedrijfsongeval
	ThirdPartyLiable    bool    `json:"thirdPartyLiable"` // verkeersongeval met aansprakelijke derde
	FirstSickDay        string  `json:"firstSickDay"`     // dd-mm-jjjj or jjjj-mm-dd as typed
}

// Address is a care address (verpleegadres).
type Address struct {
	Street   string `json:"street,omitempty"`
	Number   string `json:"number,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
}

// ExpectedDurations are the choices for the expected duration of an absence.
var ExpectedDurations = []string{"up-to-1-week", "1-to-2-weeks", "2-to-6-weeks", "more-than-6-weeks", "unknown"}

// Active is the share in force on day (an end date is the last day it holds), or nil.
func (d *Dossier) Active(day time.Time) *Share {
	if d.Share == nil {
		return nil
	}
	if d.Share.Until != "" && d.Share.Until < day.Format(dateLayout) {
		return nil
	}
	return d.Share
}

// OpenAbsence is the spell still running, or nil.
func (d *Dossier) OpenAbsence() *Absence {
	for i := len(d.Absences) - 1; i >= 0; i-- {
		if d.Absences[i].Open() {
			return &d.Absences[i]
		}
	}
	return nil
}

const dateLayout = "2006-01-02"

// Sentinel errors; their texts never carry identity data or what was typed.
var (
	// ErrNotShared: absence actions need a share first (the UI offers one in the same step).
	ErrNotShared = errors.New("sharing: the employee's dossier is not shared")
	// ErrCaseContent: the arbo service holds case content, so the share can no longer be revoked.
	ErrCaseContent = errors.New("sharing: the arbo service holds case content; the share cannot be revoked")
	// ErrAlreadyShared: a share is in force; revoke it or let it end first.
	ErrAlreadyShared = errors.New("sharing: the dossier is already shared")
	// ErrAbsenceOpen: a new sick report while a spell is still open.
	ErrAbsenceOpen = errors.New("sharing: the employee is already reported sick")
	// ErrNoAbsence: recovery or a change without an open spell.
	ErrNoAbsence = errors.New("sharing: the employee is not reported sick")
	// ErrUnknownField: a sick report carried a field the employer may not record.
	ErrUnknownField = errors.New("sharing: the sick report holds a field that may not be recorded")
)
