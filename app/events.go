package app

// Event names and payloads sent to the frontend; mirrored once in frontend/src/lib/events.ts.
const (
	// EventVaultLocked fires when the vault locks without the user asking in this window
	// (idle timeout, OS sleep) so the UI returns to the unlock screen and drops decrypted data.
	EventVaultLocked = "vault:locked"
)

// Reasons a vault locked.
const (
	LockReasonUser  = "user"
	LockReasonIdle  = "idle"
	LockReasonSleep = "sleep"
)

// VaultLocked is EventVaultLocked's payload.
type VaultLocked struct {
	Reason string `json:"reason"`
}
