package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"kluis/internal/vault"
)

// KindEventV1 is the kind of format 1's audit events (separate sealed records); the format-2
// upgrade moves them into the signed log.
const KindEventV1 vault.Kind = 0x60

// Action names what happened.
type Action string

// Actions.
const (
	ActionRead           Action = "identity.read"   // an employee's identity data was shown
	ActionSearch         Action = "identity.search" // a search showed identity data of Subjects
	ActionCreate         Action = "employee.create"
	ActionUpdate         Action = "employee.update"
	ActionEnd            Action = "employee.end" // an employment got an end date
	ActionImport         Action = "employee.import"
	ActionExport         Action = "employee.export"     // an employee's data written to files (Detail: the format, "sivi")
	ActionNameIndexBuilt Action = "identity.name_index" // names decrypted into memory for search (Count)
	// Processor agreement: the subject is the employer's id; Detail says smtp or eml for a
	// confirmation. Never the signatory's name or e-mail address.
	ActionAgreementUpdate Action = "agreement.update" // a new version of the signatory
	ActionAgreementSend   Action = "agreement.send"   // a confirmation sent (smtp) or saved (eml)
	ActionAgreementPrint  Action = "agreement.print"  // the record saved as a PDF
	// Administration: the subject is the user's record id (vault.UserID.RecordID); Detail holds
	// the new role, or the reason an admin gave for a revocation.
	ActionAccessApprove Action = "access.approve"
	ActionAccessReject  Action = "access.reject"
	ActionRoleChange    Action = "access.role"
	ActionAccessRevoke  Action = "access.revoke"
	ActionKeyRotation   Action = "vault.rotate" // records re-sealed under new keys (Count)
	// The signed department tree (a manager's grant covers the departments below it): the
	// subject is the department; Detail the new parent's id, "" for the top level.
	ActionDepartmentMove Action = "department.move"
	ActionTreeSigned     Action = "department.tree_signed" // an older vault's tree signed once (Count: departments)
	// ActionBackup: a backup file was made (Detail: the backup's id and its number of records).
	ActionBackup Action = "vault.backup"
	// ActionRestore: the vault was restored from a backup (written into the restored vault;
	// Detail: the backup's id and date, and the keyring entry of a vault it replaced).
	ActionRestore Action = "vault.restore"
	// Sharing (internal/sharing): the subject is the employee; Detail the care question.
	ActionShare    Action = "share.create"
	ActionRevoke   Action = "share.revoke"
	ActionSick     Action = "absence.sick"
	ActionRecovery Action = "absence.recovery"
	ActionChange   Action = "absence.change"
	// ActionShareEnded: a share ended by its end date or a closed case (Detail: the reason).
	ActionShareEnded Action = "share.ended"
	// ActionRetrieval: the arbo service retrieved an employee's identity data (open consultation
	// hours); not shown to managers, counted for admins.
	ActionRetrieval Action = "share.retrieval"
	// ActionSync: a synchronisation with the arbo service (Count: messages sent).
	ActionSync Action = "sync.run"
	// ActionEnrol: the vault was linked with an arbo service.
	ActionEnrol    Action = "sync.enrol"
	ActionStepDone Action = "absence.step" // a Poortwachter step marked done; Detail: the step's code
	// ActionBSNSearch is a search by BSN, counted whether or not it found anyone (DOMAIN.md:
	// BSN lookups are rate-limited and audited); Detail "refused" when the limit refused it.
	ActionBSNSearch Action = "identity.bsn_search"
	// ActionUnlockFailed is a failed unlock: the subject is the user's record id when the e-mail
	// belongs to a user (none for an unknown e-mail); At is when it happened.
	ActionUnlockFailed Action = "unlock.failed"
	// ActionLogExport: an extract of the audit log (the Logboek) written to a file; Detail the
	// format (csv, pdf), Count the rows.
	ActionLogExport Action = "audit.export"
	// ActionReport is a report printed about many employees or the vault itself, never naming
	// anyone: Detail "statistics" or "register", the subject the employer. An employee's own
	// documents are ActionExport with Detail "art15-json", "art15-pdf" (the access export) or
	// "share-history".
	ActionReport Action = "report.print"
	// ActionErase: employees erased after the retention period (Subjects: their employee ids,
	// Count: how many; Detail "retention"). Written before each chunk commits, so no erasure is
	// ever without its event.
	ActionErase Action = "employee.erase"
	// ActionHelpdeskUpdate: an admin recorded, corrected or removed the arbo service's helpdesk
	// (Detail: "set" or "removed"; the contact details are not in the log).
	ActionHelpdeskUpdate Action = "settings.helpdesk"
	// ActionAccountUpdate: a user changed their own name or e-mail address (the subject is their
	// record id; Detail "name", "email" or "name,email"; never the values).
	ActionAccountUpdate Action = "account.update"
	// ActionEmployerUpdate: an admin changed an employer's name, KvK number, loonheffingennummer
	// or addresses; Detail names the changed facts (comma-separated), never their values.
	ActionEmployerUpdate Action = "employer.update"
	// ActionEmailApprove / ActionEmailReject: an admin approved or rejected a user's request for
	// a new unlock e-mail address (the subject is that user's record id; never the addresses).
	ActionEmailApprove Action = "account.email_approve"
	ActionEmailReject  Action = "account.email_reject"

	// Replication between the PCs of one vault (internal/replicate). Each PC keeps its own
	// audit chain: these events say what this PC sent and received, by count (Count: change
	// sets and keyring entries; Detail: "refused" when objects of the bucket were refused;
	// on a push "rebased" when this PC's keyring entries were signed again after another PC's).
	ActionReplicatePush Action = "replicate.push"
	ActionReplicatePull Action = "replicate.pull"
	ActionDeviceInvite  Action = "device.invite" // an admin made a join code for a new PC
	ActionDeviceJoin    Action = "device.join"   // this PC joined the vault (written at its first unlocked cycle)
	// ActionDeviceRemove: an admin removed a PC from the vault (Detail: its random device id).
	ActionDeviceRemove Action = "device.remove"
	// ActionReplicaSettings: an admin set or removed the vault's bucket settings (Detail "set" or
	// "removed"; never the address, the access key or the secret).
	ActionReplicaSettings Action = "settings.replica"
)

// MaxSubjects caps the employees one event lists; Count still says how many there were.
const MaxSubjects = 1000

// Event is one audit event. Detail is a short code (for a search: how the hits matched), never
// identity data. User is the acting user (for an event read back: as the log's entry says,
// whatever the event claims). Upgraded marks an event of format 1, moved into the signed log by
// the upgrade (signed by the admin who upgraded, not by its original user).
type Event struct {
	At       time.Time    `json:"at"`
	User     vault.UserID `json:"user"`
	Action   Action       `json:"action"`
	Subjects []vault.ID   `json:"subjects,omitempty"`
	Count    int          `json:"count,omitempty"`
	Detail   string       `json:"detail,omitempty"`
	Upgraded bool         `json:"upgraded,omitempty"`
	// Refs say which employee each subject was when the event was written (persnr, employer,
	// department), so a reader without the department's key (a privacy officer) can name them.
	Refs []SubjectRef `json:"refs,omitempty"`
}

// Log writes and lists the audit events of one unlocked session.
type Log struct {
	sess     *vault.Session
	now      func() time.Time
	describe Describer
}

// New builds the log of an unlocked session; now is the clock (nil: time.Now).
func New(sess *vault.Session, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{sess: sess, now: now}
}

// RecordFailedUnlocks writes the failed unlocks the vault kept before this session into the
// log, then lets the vault forget them. Call it once after unlock.
func (l *Log) RecordFailedUnlocks() error {
	failed := l.sess.FailedUnlocks()
	if len(failed) == 0 {
		return nil
	}
	events := make([][]byte, 0, len(failed))
	for _, f := range failed {
		e := Event{At: f.At.UTC(), User: l.sess.UserID(), Action: ActionUnlockFailed}
		if f.User != (vault.UserID{}) {
			e.Subjects, e.Count = []vault.ID{f.User.RecordID()}, 1
		}
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		events = append(events, b)
	}
	if err := l.sess.AppendAudit(events...); err != nil {
		return fmt.Errorf("audit: record failed unlocks: %w", err)
	}
	return l.sess.ClearFailedUnlocks(len(failed))
}

// Record stores one event by the session's user, stamped now.
func (l *Log) Record(action Action, subjects []vault.ID, detail string) error {
	e := Event{At: l.now().UTC(), User: l.sess.UserID(), Action: action, Count: len(subjects), Detail: detail}
	if len(subjects) > MaxSubjects {
		subjects = subjects[:MaxSubjects]
	}
	e.Subjects = subjects
	e.Refs = l.refs(subjects)
	return l.put(&e)
}

// RecordCount stores an event about many employees at once, by count only (the name index).
func (l *Log) RecordCount(action Action, count int) error {
	return l.RecordCountDetail(action, count, "")
}

// RecordCountDetail is RecordCount with a short code as Detail (never identity data).
func (l *Log) RecordCountDetail(action Action, count int, detail string) error {
	e := Event{At: l.now().UTC(), User: l.sess.UserID(), Action: action, Count: count, Detail: detail}
	return l.put(&e)
}

func (l *Log) put(e *Event) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := l.sess.AppendAudit(b); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// List returns every event in log order (admins only: vault.ErrDenied otherwise). The acting
// user of each event is the one the signed log names.
func (l *Log) List() ([]Event, error) {
	var out []Event
	_, err := l.sess.AuditEntries(func(a vault.AuditEntry) error {
		var e Event
		if err := json.Unmarshal(a.Event, &e); err != nil {
			return fmt.Errorf("%w: audit entry %d is not an event", vault.ErrCorrupt, a.Seq)
		}
		if !e.Upgraded {
			e.User = a.User
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// Verify checks the whole chain of the log (see vault.Session.VerifyAudit); any user may.
func (l *Log) Verify(ctx context.Context) (vault.AuditReport, error) {
	return l.sess.VerifyAudit(ctx, vault.AuditCheck{})
}

// UpgradeEvent turns a format-1 event record into an event of the signed log (for the upgrade).
func UpgradeEvent(plaintext []byte) (time.Time, []byte, error) {
	var e Event
	if err := json.Unmarshal(plaintext, &e); err != nil {
		return time.Time{}, nil, fmt.Errorf("%w: format-1 audit event is not the expected JSON", vault.ErrCorrupt)
	}
	e.Upgraded = true
	b, err := json.Marshal(e)
	return e.At, b, err
}
