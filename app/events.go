package app

// Every event the window receives, with its payload and the values its fields take: the one Go
// side of frontend/src/lib/events.ts (contract_test.go compares the two).

// Event names.
const (
	// EventVaultLocked fires when the vault locks without the user asking in this window
	// (idle timeout, OS sleep) so the UI returns to the unlock screen and drops decrypted data.
	EventVaultLocked = "vault:locked"
	// EventImportProgress reports a running import: ImportProgress.
	EventImportProgress = "import:progress"
	// EventRotation reports a key rotation's progress: RotationProgress.
	EventRotation = "admin:rotation"
	// EventSyncProgress reports a running sync cycle: SyncProgress.
	EventSyncProgress = "sync:progress"
	// EventSyncStatus fires after every sync cycle (on demand or on the timer): SyncStatus.
	EventSyncStatus = "sync:status"
	// EventReplicaStatus fires after every replication cycle (background or "Nu repliceren"):
	// ReplicaStatus; Changed says records or keys of other PCs arrived.
	EventReplicaStatus = "replica:status"
	// EventErasure reports a running erasure: ErasureProgress.
	EventErasure = "retention:erase"
	// EventBackupProgress reports a running backup or restore: BackupProgress.
	EventBackupProgress = "backup:progress"
)

// Erasure phases (ErasureProgress.Phase), the workspace's ErasePhase values.
const (
	ErasurePhaseErase   = "erase"
	ErasurePhaseNotify  = "notify"
	ErasurePhaseCompact = "compact"
	ErasurePhaseCheck   = "check"
)

// ErasureProgress is EventErasure's payload.
type ErasureProgress struct {
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Backup phases (BackupProgress.Phase): a backup writes; a restore reads (decrypts) and then
// verifies.
const (
	BackupPhaseWriting   = "writing"
	BackupPhaseReading   = "reading"
	BackupPhaseVerifying = "verifying"
	BackupPhaseDone      = "done"
)

// BackupProgress is EventBackupProgress's payload: bytes (records while verifying) done of total.
type BackupProgress struct {
	Phase string `json:"phase"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// SyncProgress is EventSyncProgress's payload: messages sent of those to send.
type SyncProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// Reasons a vault locked (VaultLocked.Reason).
const (
	LockReasonUser  = "user"
	LockReasonIdle  = "idle"
	LockReasonSleep = "sleep"
)

// VaultLocked is EventVaultLocked's payload.
type VaultLocked struct {
	Reason string `json:"reason"`
}

// Import phases (ImportProgress.Phase).
const (
	ImportPhaseChecking = "checking"
	ImportPhaseWriting  = "writing"
	ImportPhaseDone     = "done"
)

// ImportProgress is EventImportProgress's payload.
type ImportProgress struct {
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Rotation phases (RotationProgress.Phase).
const (
	RotationPhaseSealing = "sealing"
	RotationPhaseDone    = "done"
)

// RotationProgress is EventRotation's payload.
type RotationProgress struct {
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}
