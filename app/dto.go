package app

// Data transfer objects: what the frontend sends and receives. They belong to app/, carry json tags
// for the generated TypeScript models, and are never the storage structs. Secrets appear only where
// a screen needs them (a passphrase going in, the one-time recovery code coming out once).

// Vault states as the frontend sees them.
const (
	StateNew         = "new"         // no vault at the location: offer "Nieuwe kluis aanmaken"
	StateLocked      = "locked"      // a vault exists: offer "Kluis ontgrendelen"
	StateUnlocked    = "unlocked"    // a user is working
	StateInUse       = "in_use"      // another Kluis window or process has this vault open
	StateUnavailable = "unavailable" // the vault folder cannot be read (see ErrorCode)
)

// Status is the whole picture the shell needs to decide which screen to show.
type Status struct {
	State     string `json:"state"`
	VaultPath string `json:"vaultPath"`
	// ErrorCode explains StateUnavailable (an AppError code).
	ErrorCode string    `json:"errorCode,omitempty"`
	User      *User     `json:"user,omitempty"`
	Employer  *Employer `json:"employer,omitempty"`
	// IdleLockMinutes is how long the vault stays unlocked without activity.
	IdleLockMinutes int `json:"idleLockMinutes"`
	// RecoveryKitPending is true between vault creation and the user's confirmation that the
	// emergency kit is stored; the shell keeps showing the kit step until then.
	RecoveryKitPending bool `json:"recoveryKitPending"`
	// RecoveryKitReplaced says the pending kit holds a new recovery code that replaced the old
	// one (an admin stepped down), not the first code of a new vault.
	RecoveryKitReplaced bool `json:"recoveryKitReplaced,omitempty"`
	// AuditProblem (admins only) says what the unlock found wrong with the audit log, in
	// English (entry numbers, no personal data); the shell shows it as a red banner.
	AuditProblem string `json:"auditProblem,omitempty"`
	// LogPath is the log file that "the details are in the log" means ("" when there is none).
	LogPath string `json:"logPath,omitempty"`
	// Version is Kluis's version (internal/version), shown in Beheer → Over Kluis.
	Version string `json:"version"`
}

// User is the unlocked user as the shell shows them.
type User struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"` // admin | user | manager
	// PendingEmail is the new address a non-admin asked for, awaiting an admin's Akkoord.
	PendingEmail string `json:"pendingEmail,omitempty"`
}

// Employer is an employer's public facts.
type Employer struct {
	Name string `json:"name"`
	KvK  string `json:"kvk"`
}

// NewVault is the first-run form ("Nieuwe kluis aanmaken").
type NewVault struct {
	EmployerName string `json:"employerName"`
	KvK          string `json:"kvk"`
	AdminName    string `json:"adminName"`
	AdminEmail   string `json:"adminEmail"`
	Passphrase   string `json:"passphrase"`
}

// NewVaultResult carries the one-time recovery code; it is shown once and printed in the kit.
type NewVaultResult struct {
	RecoveryCode string `json:"recoveryCode"`
	Status       Status `json:"status"`
}

// PassphraseCheck is the strength meter's verdict.
type PassphraseCheck struct {
	// Score runs from 0 (trivial) to 4 (strong); Acceptable is Score >= 3 with no problems.
	Score      int  `json:"score"`
	Acceptable bool `json:"acceptable"`
	// Problems are stable codes the frontend translates (e.g. "too_short", "common", "contains_personal").
	Problems []string `json:"problems"`
}
