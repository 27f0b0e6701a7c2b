package vault

import (
	"crypto/ed25519"
)

// Statements about the PCs of a replicating vault (docs/adr/009-replication.md): a device
// removal must be an active administrator's, a sync lease an active user's. Both are checked
// against the signed keyring state this PC holds, so a bucket holder cannot forge them.

// VaultDir is the folder of the session's vault (replica.json and the bucket prefix live there).
func (s *Session) VaultDir() string { return s.v.Dir() }

// VaultID is the id of the session's vault (the prefix of its objects in a bucket).
func (s *Session) VaultID() string { return s.vaultID }

// VerifyAdminStatement reports whether sig over msg in domain was made by signer (their current
// or a former signing key) and signer is an active administrator in the signed state.
func (s *Session) VerifyAdminStatement(signer UserID, domain string, msg, sig []byte) bool {
	return s.verifyActive(signer, true, domain, msg, sig)
}

// VerifyUserStatement reports whether sig over msg in domain was made by signer and signer is
// an active user of any role in the signed state.
func (s *Session) VerifyUserStatement(signer UserID, domain string, msg, sig []byte) bool {
	return s.verifyActive(signer, false, domain, msg, sig)
}

func (s *Session) verifyActive(signer UserID, admin bool, domain string, msg, sig []byte) bool {
	if err := s.enter(); err != nil {
		return false
	}
	defer s.mu.RUnlock()
	u := s.v.keyringSnapshot().st.user(signer)
	if u == nil || u.Status != StatusActive || (admin && u.Role != RoleAdmin) {
		return false
	}
	m := statementMessage(s.vaultID, domain, msg)
	for _, key := range append([][]byte{u.Ed25519}, u.FormerEd25519...) {
		if len(key) == ed25519.PublicKeySize && ed25519.Verify(key, m, sig) {
			return true
		}
	}
	return false
}

// LocalChangeMark moves whenever a local write notes a change for replication (the newest
// change-log number): the background loop compares it to push soon after a write. It reads
// an atomic only, so it may be polled.
func (s *Session) LocalChangeMark() uint64 { return s.rep.logSeq.Load() }
