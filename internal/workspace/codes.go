package workspace

import (
	"context"
	"errors"
	"fmt"
	"kluis/internal/arbo"
	"kluis/internal/arbosync"
	"time"

	"kluis/internal/access"
	"kluis/internal/agreement"
	"kluis/internal/importer"
	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/replicate"
	"kluis/internal/report"
	"kluis/internal/sharing"
	"kluis/internal/sivi"
	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Code is a stable error code. The window sends it in AppError (the frontend translates
// error.<code>, frontend/src/lib/api/errors.ts lists them); the command line prints its messages.
type Code string

// Error codes: the one registry of the window and the command line.
const (
	CodeInvalidInput        Code = "invalid_input"
	CodeWrongPassphrase     Code = "wrong_passphrase"
	CodeTooManyAttempts     Code = "too_many_attempts"
	CodeVaultExists         Code = "vault_exists"
	CodeVaultInUse          Code = "vault_in_use"
	CodeVaultNotFound       Code = "vault_not_found"
	CodeLocked              Code = "locked"
	CodeBusy                Code = "busy"
	CodeKeyringCorrupt      Code = "keyring_corrupt"
	CodeKeyringTampered     Code = "keyring_tampered"
	CodeCorrupt             Code = "corrupt"
	CodeRollback            Code = "rollback"
	CodeStoreMissing        Code = "store_missing"
	CodeStoreDamaged        Code = "store_damaged"
	CodeUpgradeRequired     Code = "upgrade_required"
	CodeVaultNewer          Code = "vault_newer"
	CodeDenied              Code = "denied"
	CodeRecoveryCodeInvalid Code = "recovery_code_invalid"
	CodeAccessPending       Code = "access_pending"
	CodeAccessRejected      Code = "access_rejected"
	CodeAccessRevoked       Code = "access_revoked"
	CodeSelfStepDown        Code = "self_step_down"
	CodeUserExists          Code = "user_exists"
	CodeAccessExists        Code = "access_exists"
	CodeLastAdmin           Code = "last_admin"
	CodeNotFound            Code = "not_found"
	CodeDepartmentNotEmpty  Code = "department_not_empty"
	CodeDepartmentCycle     Code = "department_cycle"
	CodeDepartmentArchived  Code = "department_archived"
	CodeNoOpenEmployment    Code = "no_open_employment"
	CodeNotShared           Code = "not_shared"
	CodeCaseContent         Code = "case_content"
	CodeAlreadyShared       Code = "already_shared"
	CodeAbsenceOpen         Code = "absence_open"
	CodeNoAbsence           Code = "no_absence"
	CodeUnknownField        Code = "unknown_field"
	CodeSIVIIncomplete      Code = "sivi_incomplete"
	CodeEmploymentEnded     Code = "employment_ended"
	CodeTooManySearches     Code = "too_many_searches"
	CodeImportProblems      Code = "import_problems"
	CodeImportUnreadable    Code = "import_unreadable"
	CodeImportBusy          Code = "import_busy"
	CodeNoSignatory         Code = "no_signatory"
	CodeMailNotConfigured   Code = "mail_not_configured"
	CodeMailNeedsTLS        Code = "mail_needs_tls"
	CodeMailTLSFailed       Code = "mail_tls_failed"
	CodeMailAuthFailed      Code = "mail_auth_failed"
	CodeMailFailed          Code = "mail_failed"
	CodeCancelled           Code = "cancelled"
	CodeNotLinked           Code = "not_linked"
	CodeServiceOffline      Code = "service_offline"
	CodeServiceCertificate  Code = "service_certificate"
	CodeServiceURL          Code = "service_url"
	CodeEnrolCode           Code = "enrol_code"
	CodeServiceRefused      Code = "service_refused"
	CodeServiceError        Code = "service_error"
	CodeAuditWitness        Code = "audit_witness"
	CodeLogExtractTooLarge  Code = "log_extract_too_large"
	CodeNotErasable         Code = "not_erasable"
	CodeErasureRemnants     Code = "erasure_remnants"
	CodeInternal            Code = "internal"
	// Reports (reports.go).
	CodeReportAdminOnly    Code = "report_admin_only"
	CodeStatisticsAllDepts Code = "statistics_all_departments"
)

// Error codes of backup and restore (docs/adr/004-backup.md).
const (
	CodeBackupCorrupt        Code = "backup_corrupt"
	CodeBackupTruncated      Code = "backup_truncated"
	CodeBackupOtherVault     Code = "backup_other_vault"
	CodeBackupTargetNotEmpty Code = "backup_target_not_empty"
)

// Error codes of replication between PCs (internal/replicate, docs/adr/009-replication.md).
const (
	CodeReplicaServerDown    Code = "replica_server_down"
	CodeReplicaCredentials   Code = "replica_credentials"
	CodeReplicaBucketMissing Code = "replica_bucket_missing"
	CodeReplicaBucketURL     Code = "replica_bucket_url"
	CodeReplicaNotConfigured Code = "replica_not_configured"
	CodeReplicaRefused       Code = "replica_object_refused"
	CodeReplicaKeyringFork   Code = "replica_keyring_fork"
	CodeReplicaJoinRefused   Code = "replica_join_refused"
	CodeReplicaInsecureURL   Code = "replica_insecure_url"
	// Removing a PC and the arbo sync lease (devices.go, synclease.go).
	CodeReplicaDeviceRemoved Code = "replica_device_removed"
	CodeDeviceRemoveSelf     Code = "device_remove_self"
	CodeDeviceUnknown        Code = "device_unknown"
	CodeDeviceRemovedBefore  Code = "device_removed_before"
	CodeSyncLeaseHeld        Code = "sync_lease_held"
	CodeSyncLeaseLost        Code = "sync_lease_lost"
)

// Problem is what an error means for the person in front of the screen or the terminal.
type Problem struct {
	Code    Code
	English string
	Dutch   string
	// Denied: the user may not do this as things are (wrong passphrase, locked, no key, no
	// right); the command line exits with status 3.
	Denied bool
	// Fields holds a form's per-field codes (invalid_input), never the values.
	Fields map[string]string
	// Params holds values to show back with a field's code to the person who filled the form
	// (the medical words found in their text, the persnr of the employee who has a BSN); never
	// logged, never printed to a log.
	Params map[string][]string
	// RetryAt is when another unlock may be tried (too_many_attempts).
	RetryAt time.Time
	// Detail is text from another person, shown as is: an admin's reason for a rejection.
	Detail string
	// Context is the error's own text when it says more than the code (which admin, which
	// step); the command line prints it, the window logs rather than shows it.
	Context string
}

// Known reports whether the error was recognised; an internal one is worth logging.
func (p Problem) Known() bool { return p.Code != CodeInternal }

// entry is a code's default messages.
type entry struct {
	code   Code
	en, nl string
	denied bool
}

// entries lists every code once, with its default messages (read-only).
var entries = []entry{
	{CodeInvalidInput, "Please check the marked fields.", "Controleer de gemarkeerde velden.", false},
	{CodeWrongPassphrase, "The e-mail address or passphrase is not correct.", "Het e-mailadres of de wachtwoordzin klopt niet.", true},
	{CodeTooManyAttempts, "Too many failed attempts; wait before trying again.", "Te veel mislukte pogingen; wacht even en probeer het opnieuw.", true},
	{CodeVaultExists, "A vault already exists at this location.", "Op deze locatie staat al een kluis.", false},
	{CodeVaultInUse, "This vault is open in another Kluis window or program.", "De kluis is geopend in een ander Kluis-venster of programma.", false},
	{CodeVaultNotFound, "There is no vault at this location.", "Op deze locatie is geen kluis gevonden.", false},
	{CodeLocked, "The vault is locked.", "De kluis is vergrendeld.", true},
	{CodeBusy, "Kluis is still opening or creating the vault; wait a moment.", "Kluis is nog bezig de kluis te openen of aan te maken; wacht even.", false},
	{CodeKeyringCorrupt, "The vault's keyring file is damaged.", "Het sleutelbestand van de kluis is beschadigd.", false},
	{CodeKeyringTampered, "The vault's keyring was changed outside Kluis.", "Het sleutelbestand van de kluis is buiten Kluis om gewijzigd.", false},
	{CodeCorrupt, "A record in the vault is damaged.", "Een deel van de kluis is beschadigd.", false},
	{CodeRollback, "An older copy of the vault or its key file was put back; the vault is not opened. Put the current copy back, or restore the backup.",
		"Er is een oudere kopie van de kluis of het sleutelbestand teruggezet; de kluis wordt niet geopend. Zet de huidige kopie terug, of de back-up.", false},
	{CodeStoreMissing, "The vault's data is missing or empty. Restore the backup.", "De gegevens van de kluis ontbreken of zijn leeg. Zet de back-up terug.", false},
	{CodeStoreDamaged, "The vault's storage files are damaged. Restore the backup.", "De opslagbestanden van de kluis zijn beschadigd. Zet de back-up terug.", false},
	{CodeUpgradeRequired, "This vault has an older format; an administrator must open it once to upgrade it.",
		"Deze kluis heeft een oudere indeling; een beheerder moet hem één keer openen om hem bij te werken.", true},
	{CodeDenied, "You do not have the right to do this.", "Je hebt geen recht om dit te doen.", true},
	{CodeRecoveryCodeInvalid, "The recovery code is not correct.", "Deze herstelcode klopt niet.", false},
	{CodeVaultNewer, "This vault was written by a newer version of Kluis. Update Kluis on this PC to open it.",
		"Deze kluis is geschreven door een nieuwere versie van Kluis. Werk Kluis op deze pc bij om hem te openen.", false},
	{CodeAccessPending, "Your access request waits for an administrator's approval.", "Je aanvraag voor toegang wacht nog op akkoord van een beheerder.", true},
	{CodeAccessRejected, "Your access request was rejected.", "Je aanvraag voor toegang is afgewezen.", true},
	{CodeAccessRevoked, "Your access to this vault was revoked.", "Je toegang tot deze kluis is ingetrokken.", true},
	{CodeSelfStepDown, "Another administrator must withdraw your administrator rights.", "Een andere beheerder moet jouw beheerrechten intrekken.", false},
	{CodeUserExists, "A user with this e-mail address already exists.", "Er bestaat al een gebruiker met dit e-mailadres.", false},
	{CodeAccessExists, "This e-mail address already has access to this vault, or a request waiting for approval. Go back and unlock with it.",
		"Dit e-mailadres heeft al toegang tot deze kluis of een aanvraag die op akkoord wacht. Ga terug en ontgrendel de kluis met dit e-mailadres.", false},
	{CodeLastAdmin, "The vault must keep at least one administrator.", "De kluis moet ten minste één beheerder houden.", false},
	{CodeNotFound, "This no longer exists.", "Dit bestaat niet meer.", false},
	{CodeDepartmentNotEmpty, "The department still has active employees or departments below it.", "Deze afdeling heeft nog medewerkers in dienst of onderliggende afdelingen.", false},
	{CodeDepartmentCycle, "A department cannot move below itself.", "Een afdeling kan niet onder zichzelf worden geplaatst.", false},
	{CodeDepartmentArchived, "The department is archived.", "Deze afdeling is gearchiveerd.", false},
	{CodeNoOpenEmployment, "The employee has no running employment to end.", "Deze medewerker heeft geen lopend dienstverband.", false},
	{CodeNotShared, "The dossier is not shared; share it for the sick report first.", "Het dossier is niet gedeeld; deel het eerst voor de ziekmelding.", false},
	{CodeCaseContent, "The arbo service holds case content for this employee; the share cannot be revoked.", "De arbodienst heeft inhoud over deze medewerker vastgelegd; de deling kan niet worden ingetrokken.", false},
	{CodeAlreadyShared, "The dossier is already shared.", "Het dossier is al gedeeld.", false},
	{CodeAbsenceOpen, "The employee is already reported sick.", "Deze medewerker is al ziekgemeld.", false},
	{CodeNoAbsence, "The employee is not reported sick.", "Deze medewerker is niet ziekgemeld.", false},
	{CodeUnknownField, "The sick report holds a field that may not be recorded.", "De ziekmelding bevat een gegeven dat niet mag worden vastgelegd.", false},
	{CodeSIVIIncomplete, "The SIVI files need values Kluis does not hold; fill in the fields named.", "De SIVI-bestanden vragen gegevens die Kluis niet heeft; vul de genoemde velden in.", false},
	{CodeEmploymentEnded, "The employment ended more than four weeks ago; the dossier can no longer be shared and no sick report can be made.",
		"Het dienstverband is meer dan vier weken geleden beëindigd; het dossier kan niet meer worden gedeeld en ziekmelden kan niet meer.", false},
	{CodeTooManySearches, "Too many different BSNs looked up in a minute; wait a moment before the next one.",
		"Te veel verschillende BSN's opgezocht in een minuut; wacht even voor de volgende.", false},
	{CodeImportProblems, "The file has problems; nothing was written.", "Het bestand bevat fouten; er is niets opgeslagen.", false},
	{CodeImportUnreadable, "The file cannot be read.", "Dit bestand kan niet worden gelezen.", false},
	{CodeImportBusy, "Another import is running; wait for it or cancel it.", "Er loopt al een import; wacht tot die klaar is of annuleer hem.", false},
	{CodeNoSignatory, "Record the signatory first; there is nothing to confirm yet.", "Leg eerst de gerechtigde vast.", false},
	{CodeMailNotConfigured, "No mail server is set up; save the confirmation as an .eml file instead.", "Er is geen mailserver ingesteld; sla de bevestiging op als e-mailbestand.", false},
	{CodeMailNeedsTLS, "Kluis sends a mail server password only over STARTTLS; turn STARTTLS on or remove the user name.", "Kluis verstuurt het wachtwoord alleen versleuteld; zet STARTTLS aan of haal de gebruikersnaam weg.", false},
	{CodeMailTLSFailed, "No encrypted connection to the mail server could be made.", "Er kon geen versleutelde verbinding met de mailserver worden gemaakt.", false},
	{CodeMailAuthFailed, "The mail server did not accept the user name or password.", "De mailserver heeft de gebruikersnaam of het wachtwoord niet geaccepteerd.", false},
	{CodeMailFailed, "Sending the mail failed.", "Het versturen is mislukt.", false},
	{CodeCancelled, "Cancelled; nothing was written.", "Geannuleerd; er is niets opgeslagen.", false},
	{CodeNotLinked, "No arbo service is connected; an administrator connects one under Beheer → Arbodienst.", "Er is geen arbodienst gekoppeld; een beheerder koppelt die onder Beheer → Arbodienst.", false},
	{CodeServiceOffline, "The arbo service cannot be reached; Kluis tries again later and loses nothing.", "De arbodienst is niet bereikbaar; Kluis probeert het later opnieuw en er gaat niets verloren.", false},
	{CodeServiceCertificate, "The arbo service's certificate is not the one recorded at enrolment; nothing was sent. Ask the arbo service whether its certificate changed.", "Het certificaat van de arbodienst is niet het certificaat van de koppeling; er is niets verstuurd. Vraag de arbodienst of het certificaat is vervangen.", false},
	{CodeServiceURL, "The address of the arbo service must start with https:// or http://.", "Het adres van de arbodienst moet beginnen met https:// of http://.", false},
	{CodeEnrolCode, "The arbo service does not know this code or it was used already; ask for a new one.", "De arbodienst kent deze code niet of hij is al gebruikt; vraag een nieuwe aan.", false},
	{CodeServiceRefused, "The arbo service refused this vault's signature; an administrator must connect it again.", "De arbodienst weigerde de ondertekening van deze kluis; een beheerder moet opnieuw koppelen.", false},
	{CodeServiceError, "The arbo service had a problem of its own; Kluis tries again later.", "De arbodienst had zelf een storing; Kluis probeert het later opnieuw.", false},
	{CodeLogExtractTooLarge, "The selection holds too many events for one extract; narrow the filter (or export CSV instead of PDF).", "De selectie bevat te veel gebeurtenissen voor één uittreksel; verfijn het filter (of exporteer CSV in plaats van PDF).", false},
	{CodeAuditWitness, "The arbo service holds a newer audit log than this PC: entries were removed or an older copy of the vault was put back.", "De arbodienst heeft een nieuwer logboek dan deze pc: er zijn regels verwijderd of er is een oudere kopie van de kluis teruggezet.", false},
	{CodeNotErasable, "Not every employee chosen may be erased yet; nothing was erased.", "Niet elke gekozen medewerker mag al worden gewist; er is niets gewist.", false},
	{CodeErasureRemnants, "The employees were erased, but the check afterwards still found traces of them in the vault; the details are in the log.",
		"De medewerkers zijn gewist, maar de controle daarna vond nog sporen in de kluis; de details staan in het logboek.", false},
	{CodeBackupCorrupt, "The backup file is damaged or is not a Kluis backup; nothing was changed.", "Het back-upbestand is beschadigd of is geen Kluis-back-up; er is niets gewijzigd.", false},
	{CodeBackupTruncated, "The backup file is incomplete (the copy was cut off); nothing was changed.", "Het back-upbestand is onvolledig (het kopiëren is afgebroken); er is niets gewijzigd.", false},
	{CodeBackupOtherVault, "This backup belongs to another vault than the one in this folder; nothing was changed.", "Deze back-up hoort bij een andere kluis dan die in deze map; er is niets gewijzigd.", false},
	{CodeBackupTargetNotEmpty, "The folder to restore into is not empty; choose an empty folder, or confirm replacing this vault.", "De map om in terug te zetten is niet leeg; kies een lege map, of bevestig dat je deze kluis wilt vervangen.", false},
	{CodeInternal, "Something went wrong inside Kluis; the details are in the log.", "Er ging iets mis in Kluis; de details staan in het logboek.", false},
	{CodeReportAdminOnly, "Only an administrator can make this: it needs the audit log (the arbo service's retrievals) or the vault's settings.",
		"Alleen een beheerder kan dit maken: het vraagt het logboek (het ophalen door de arbodienst) of de instellingen van de kluis.", true},
	{CodeStatisticsAllDepts, "The statistics count every department; a manager holds only their own departments.",
		"De statistiek telt alle afdelingen; een leidinggevende heeft alleen de eigen afdelingen.", true},
	{CodeReplicaServerDown, "The storage server for replication cannot be reached; nothing is lost, the next round catches up.", "De opslagserver voor het delen tussen pc's is niet bereikbaar; er gaat niets verloren, de volgende ronde haalt het in.", false},
	{CodeReplicaCredentials, "The storage server refused the access key or secret; check them with whoever runs the server.", "De opslagserver weigerde de toegangssleutel of het geheim; controleer ze bij wie de server beheert.", false},
	{CodeReplicaBucketMissing, "The bucket does not exist on the storage server; check the bucket address.", "De bucket bestaat niet op de opslagserver; controleer het bucketadres.", false},
	{CodeReplicaBucketURL, "The bucket address is not valid; it looks like https://server:9000/bucket.", "Het bucketadres klopt niet; het ziet eruit als https://server:9000/bucket.", false},
	{CodeReplicaNotConfigured, "No bucket is set for this vault: give the bucket address, access key and secret.", "Er is geen bucket ingesteld voor deze kluis: geef het bucketadres, de toegangssleutel en het geheim op.", false},
	{CodeReplicaRefused, "A change in the bucket was refused (damaged, copied or not signed by an active user); it was not applied.", "Een wijziging in de bucket is geweigerd (beschadigd, gekopieerd of niet ondertekend door een actieve gebruiker); die is niet verwerkt.", false},
	{CodeReplicaKeyringFork, "Two administrators changed the same user, or both withdrew access, at the same time on different PCs; this PC’s change was not shared and replication stops here. Make the change again on another PC and link this PC anew (Bestaande kluis koppelen).", "Twee beheerders wijzigden tegelijk dezelfde gebruiker, of trokken allebei toegang in, op verschillende pc’s; de wijziging van deze pc is niet gedeeld en de synchronisatie stopt hier. Voer de wijziging opnieuw uit op een andere pc en koppel deze pc opnieuw (Bestaande kluis koppelen).", false},
	{CodeReplicaJoinRefused, "Joining was refused: the join code is wrong or the bucket does not hold this vault.", "Koppelen is geweigerd: de koppelcode klopt niet of de bucket bevat deze kluis niet.", false},
	{CodeReplicaDeviceRemoved, "This PC was removed from the vault by an administrator: it no longer shares changes with the other PCs. Its data stays on this PC; ask an administrator if this is a mistake.",
		"Deze pc is door een beheerder uit de kluis verwijderd: hij deelt geen wijzigingen meer met de andere pc's. De gegevens blijven op deze pc staan; vraag een beheerder als dit niet klopt.", false},
	{CodeDeviceRemoveSelf, "You cannot remove the PC you are working on; remove it from another administrator's PC.",
		"U kunt de pc waarop u werkt niet verwijderen; verwijder hem vanaf de pc van een andere beheerder.", false},
	{CodeDeviceUnknown, "That PC is not known in the bucket; refresh the list of PCs.", "Die pc is niet bekend in de bucket; vernieuw de lijst met pc's.", false},
	{CodeDeviceRemovedBefore, "That PC was removed before.", "Die pc is al eerder verwijderd.", false},
	{CodeSyncLeaseHeld, "Another PC of this vault is sending to the arbo service right now; nothing was sent from this PC. Try again in a few minutes.",
		"Een andere pc van deze kluis verstuurt nu naar de arbodienst; vanaf deze pc is niets verstuurd. Probeer het over een paar minuten opnieuw.", false},
	{CodeSyncLeaseLost, "Sending to the arbo service stopped: another PC took over. Nothing is lost; the next round goes on.",
		"Het versturen naar de arbodienst is gestopt: een andere pc nam het over. Er gaat niets verloren; de volgende ronde gaat verder.", false},
	{CodeReplicaInsecureURL, "A bucket on another machine needs an https address: over http the access key and the changes would travel unprotected.", "Een bucket op een andere machine vraagt een https-adres: via http gaan de toegangssleutel en de wijzigingen onbeschermd over het netwerk.", false},
}

// sentinels maps domain errors to codes, in the order errors.Is tries them (ErrClosed wraps
// both ErrLocked and context.Canceled and must read as locked). A message overrides the code's
// default where the code alone says too little.
var sentinels = []struct {
	err    error
	code   Code
	en, nl string
}{
	{vault.ErrWrongPassphrase, CodeWrongPassphrase, "", ""},
	{vault.ErrTooManyAttempts, CodeTooManyAttempts, "", ""},
	{vault.ErrEmailTaken, CodeUserExists, "", ""},
	{vault.ErrExists, CodeVaultExists, "", ""},
	{vault.ErrInUse, CodeVaultInUse, "", ""},
	{vault.ErrNotFound, CodeVaultNotFound, "", ""},
	{vault.ErrLocked, CodeLocked, "", ""},
	{vault.ErrSessionExpired, CodeLocked, "The command-line session has expired (idle too long, or past its maximum); run kluis unlock again.",
		"De opdrachtregelsessie is verlopen (te lang niet gebruikt, of langer dan het maximum); voer kluis unlock opnieuw uit."},
	{vault.ErrSessionInvalid, CodeLocked, "The command-line session is not valid (a wrong token, a session that was ended, or a changed session file); run kluis unlock again.",
		"De opdrachtregelsessie is niet geldig (een verkeerd token, een beëindigde sessie of een gewijzigd sessiebestand); voer kluis unlock opnieuw uit."},
	{vault.ErrKeyringCorrupt, CodeKeyringCorrupt, "", ""},
	{vault.ErrKeyringTampered, CodeKeyringTampered, "", ""},
	{vault.ErrCorrupt, CodeCorrupt, "", ""},
	{vault.ErrRollback, CodeRollback, "", ""},
	{vault.ErrStoreMissing, CodeStoreMissing, "", ""},
	{vault.ErrStoreDamaged, CodeStoreDamaged, "", ""},
	{vault.ErrUpgradeRequired, CodeUpgradeRequired, "", ""},
	{vault.ErrNewerFormat, CodeVaultNewer, "", ""},
	{vault.ErrWeakParams, CodeInvalidInput, "The passphrase protection of this request is too weak for this vault; the requester must ask again with the current Kluis.",
		"De bescherming van de wachtwoordzin van deze aanvraag is te zwak voor deze kluis; de aanvrager moet opnieuw aanvragen met de huidige Kluis."},
	{vault.ErrRevokeAdmin, CodeDenied, "Withdraw the administrator rights before revoking access.",
		"Trek eerst de beheerrechten in voordat je de toegang intrekt."},
	{access.ErrNoEmailChange, CodeNotFound, "This user no longer asks for a new e-mail address (withdrawn, or handled by another administrator).",
		"Deze gebruiker vraagt geen nieuw e-mailadres meer (ingetrokken, of al afgehandeld door een andere beheerder)."},
	{vault.ErrDenied, CodeDenied, "", ""},
	{vault.ErrNoAccess, CodeDenied, "", ""},
	{vault.ErrRecoveryCodeInvalid, CodeRecoveryCodeInvalid, "", ""},
	{vault.ErrLastAdmin, CodeLastAdmin, "", ""},
	{vault.ErrSelfStepDown, CodeSelfStepDown, "", ""},
	{vault.ErrPending, CodeAccessPending, "", ""},
	{vault.ErrRejected, CodeAccessRejected, "", ""},
	{vault.ErrRevoked, CodeAccessRevoked, "", ""},
	{vault.ErrRotationPending, CodeInternal, "A key rotation is still under way; finish it first.",
		"Er loopt nog een sleutelwissel; maak die eerst af."},
	{people.ErrEmployeeNotFound, CodeNotFound, "The employee no longer exists.", "Deze medewerker bestaat niet meer."},
	{ErrConflictChoice, CodeInvalidInput, "Choose the version to keep.", "Kies de versie die blijft."},
	{people.ErrConflictNotFound, CodeNotFound, "This conflict has already been resolved (here or on another PC).",
		"Dit conflict is al opgelost (hier of op een andere pc)."},
	{people.ErrDepartmentNotFound, CodeNotFound, "The department no longer exists.", "Deze afdeling bestaat niet meer."},
	{people.ErrEmployerNotFound, CodeNotFound, "The employer no longer exists.", "Deze werkgever bestaat niet meer."},
	{people.ErrDepartmentNotEmpty, CodeDepartmentNotEmpty, "", ""},
	{people.ErrCycle, CodeDepartmentCycle, "", ""},
	{vault.ErrTreeCycle, CodeDepartmentCycle, "", ""},
	{people.ErrOtherEmployer, CodeInvalidInput, "The department belongs to another employer.", "De afdeling hoort bij een andere werkgever."},
	{people.ErrArchived, CodeDepartmentArchived, "", ""},
	{people.ErrNoOpenEmployment, CodeNoOpenEmployment, "", ""},
	{ErrChooseEmployer, CodeInvalidInput, "Choose the employer.", "Kies de werkgever."},
	{ErrSIVINotShared, CodeNotShared, "The dossier is not shared; SIVI files are made only for a shared dossier.",
		"Het dossier is niet gedeeld; SIVI-bestanden worden alleen voor een gedeeld dossier gemaakt."},
	{sharing.ErrNotShared, CodeNotShared, "", ""},
	{sharing.ErrCaseContent, CodeCaseContent, "", ""},
	{sharing.ErrAlreadyShared, CodeAlreadyShared, "", ""},
	{sharing.ErrAbsenceOpen, CodeAbsenceOpen, "", ""},
	{sharing.ErrNoAbsence, CodeNoAbsence, "", ""},
	{sharing.ErrUnknownField, CodeUnknownField, "", ""},
	{sharing.ErrEmploymentEnded, CodeEmploymentEnded, "", ""},
	{ErrTooManyBSNSearches, CodeTooManySearches, "", ""},
	{imports.ErrProblems, CodeImportProblems, "", ""},
	{agreement.ErrNoSignatory, CodeNoSignatory, "", ""},
	{report.ErrNoSignatory, CodeNoSignatory, "", ""},
	{agreement.ErrNotConfigured, CodeMailNotConfigured, "", ""},
	{agreement.ErrCredentialsNeedTLS, CodeMailNeedsTLS, "", ""},
	{context.Canceled, CodeCancelled, "", ""},
	{vault.ErrNotLinked, CodeNotLinked, "", ""},
	{vault.ErrWitness, CodeAuditWitness, "", ""},
	{ErrLogExportTooLarge, CodeLogExtractTooLarge, "", ""},
	{ErrLogPDFTooLarge, CodeLogExtractTooLarge, "", ""},
	{arbosync.ErrOffline, CodeServiceOffline, "", ""},
	{arbosync.ErrCertificate, CodeServiceCertificate, "", ""},
	{arbosync.ErrURL, CodeServiceURL, "", ""},
	{ErrReportAdminOnly, CodeReportAdminOnly, "", ""},
	{ErrStatisticsAllDepartments, CodeStatisticsAllDepts, "", ""},
	{vault.ErrBackupCorrupt, CodeBackupCorrupt, "", ""},
	{vault.ErrBackupTruncated, CodeBackupTruncated, "", ""},
	{vault.ErrBackupOtherVault, CodeBackupOtherVault, "", ""},
	{vault.ErrBackupTargetNotEmpty, CodeBackupTargetNotEmpty, "", ""},
	{replicate.ErrServerDown, CodeReplicaServerDown, "", ""},
	{replicate.ErrCredentials, CodeReplicaCredentials, "", ""},
	{replicate.ErrBucketMissing, CodeReplicaBucketMissing, "", ""},
	{replicate.ErrBucketURL, CodeReplicaBucketURL, "", ""},
	{ErrReplicaNotConfigured, CodeReplicaNotConfigured, "", ""},
	{replicate.ErrObjectRefused, CodeReplicaRefused, "", ""},
	{vault.ErrAuditRefused, CodeReplicaRefused, "", ""},
	{vault.ErrKeyringFork, CodeReplicaKeyringFork, "", ""},
	{vault.ErrJoinRefused, CodeReplicaJoinRefused, "", ""},
	{ErrReplicaInsecureURL, CodeReplicaInsecureURL, "", ""},
	{replicate.ErrDeviceRemoved, CodeReplicaDeviceRemoved, "", ""},
	{replicate.ErrRemoveSelf, CodeDeviceRemoveSelf, "", ""},
	{replicate.ErrUnknownDevice, CodeDeviceUnknown, "", ""},
	{replicate.ErrAlreadyRemoved, CodeDeviceRemovedBefore, "", ""},
	{replicate.ErrLeaseHeld, CodeSyncLeaseHeld, "", ""},
	{replicate.ErrLeaseLost, CodeSyncLeaseLost, "", ""},
}

// unreadable are the importer's file errors: their texts name the reason, never a cell, so the
// English message is the error's own text.
var unreadable = []error{importer.ErrEmpty, importer.ErrTooLarge, importer.ErrBinary, importer.ErrEncoding,
	importer.ErrUnsupported, importer.ErrSpreadsheet, importer.ErrTooManyRows, importer.ErrTooManyCols,
	importer.ErrMapping, importer.ErrLayout}

// Codes lists every code of the registry once, in declaration order.
func Codes() []Code {
	out := make([]Code, len(entries))
	for i, e := range entries {
		out[i] = e.code
	}
	return out
}

// Describe is the code's problem with its default messages (an unknown code reads as internal).
func Describe(code Code) Problem {
	for _, e := range entries {
		if e.code == code {
			return Problem{Code: e.code, English: e.en, Dutch: e.nl, Denied: e.denied}
		}
	}
	return Describe(CodeInternal)
}

// Explain maps any error to its problem. Unknown errors become internal with a generic message:
// their text may come from deep inside a library and belongs in a log, not on a screen.
func Explain(err error) Problem {
	var fe validate.FieldErrors
	if errors.As(err, &fe) {
		p := Describe(CodeInvalidInput)
		p.English = fe.Error()
		p.Fields = make(map[string]string, len(fe))
		for k, v := range fe {
			p.Fields[k] = string(v)
		}
		var pe *validate.ParamErrors
		if errors.As(err, &pe) {
			p.Params = pe.Params
		}
		return p
	}
	var ie *sivi.IncompleteError
	if errors.As(err, &ie) {
		p := Describe(CodeSIVIIncomplete)
		p.Context = ie.Error() // the field codes and reasons, never a value
		p.Fields = make(map[string]string, len(ie.Fields))
		for k, v := range ie.Fields {
			p.Fields[k] = string(v)
		}
		return p
	}
	var se *agreement.SendError
	if errors.As(err, &se) {
		code := CodeMailFailed
		switch se.Kind {
		case agreement.ErrTLS:
			code = CodeMailTLSFailed
		case agreement.ErrAuth:
			code = CodeMailAuthFailed
		}
		p := Describe(code)
		p.English = se.Error() // the step and the SMTP reply code, never an address or password
		return p
	}
	for _, u := range unreadable {
		if errors.Is(err, u) {
			p := Describe(CodeImportUnreadable)
			p.English = err.Error()
			return p
		}
	}
	var ne *people.NotErasableError
	if errors.As(err, &ne) {
		p := Describe(CodeNotErasable)
		p.Params = map[string][]string{}
		for _, r := range ne.Refused { // persnr and a reason code: never identity data
			p.Params["persnr"] = append(p.Params["persnr"], r.Persnr)
			p.Params["reason"] = append(p.Params["reason"], r.Reason)
		}
		p.Context = ne.Error()
		return p
	}
	if errors.Is(err, ErrErasureRemnants) {
		p := Describe(CodeErasureRemnants)
		p.Context = err.Error()
		return p
	}
	var ae *arbo.Error
	if errors.As(err, &ae) {
		code := CodeServiceError
		switch {
		case ae.Code == arbo.CodeEnrolCode:
			code = CodeEnrolCode
		case ae.Code == arbo.CodeAuditRegressed:
			code = CodeAuditWitness
		case ae.Status == 401 || ae.Status == 403:
			code = CodeServiceRefused
		}
		p := Describe(code)
		p.Context = ae.Code // the service's code, never a body
		return p
	}
	for _, s := range sentinels {
		if !errors.Is(err, s.err) {
			continue
		}
		p := Describe(s.code)
		if s.en != "" {
			p.English, p.Dutch = s.en, s.nl
		}
		if text := err.Error(); text != s.err.Error() {
			p.Context = text
		}
		var tm *vault.TooManyAttemptsError
		if errors.As(err, &tm) {
			p.RetryAt = tm.RetryAt
		}
		var ts *TooManyBSNSearchesError
		if errors.As(err, &ts) {
			p.RetryAt = ts.RetryAt
		}
		var rej *vault.RejectedError
		if errors.As(err, &rej) {
			p.Detail = rej.Reason
		}
		var lh *replicate.LeaseHeldError
		if errors.As(err, &lh) { // which PC holds the arbo lease, until when (ids and a time only)
			label, until := replicate.DeviceLabel(lh.Device), lh.Until.UTC().Format("2006-01-02 15:04 UTC")
			p.Params = map[string][]string{"device": {label}, "until": {lh.Until.UTC().Format(time.RFC3339)}}
			p.English = fmt.Sprintf("%s is sending to the arbo service until %s at the latest; nothing was sent from this PC. Try again after that.", label, until)
			p.Dutch = fmt.Sprintf("%s verstuurt naar de arbodienst tot uiterlijk %s; vanaf deze pc is niets verstuurd. Probeer het daarna opnieuw.", label, until)
		}
		return p
	}
	return Describe(CodeInternal)
}
