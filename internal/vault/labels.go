package vault

import (
	"crypto/sha256"
	"fmt"

	vcrypto "kluis/internal/vault/crypto"
)

// The contexts below are built from the labels in crypto/labels.go. They are part of the
// format: labels_test.go freezes each one for fixed inputs, so a change shows up as a failing
// test rather than as a vault that no longer opens.

// scopeAD binds a scope key sealed under the vault key to its vault, id, kind and epoch.
func scopeAD(vaultID string, id ScopeID, kind scopeKind, epoch uint32) []byte {
	return fmt.Appendf(nil, "%s/%s/%s/%s/%d", vcrypto.LabelScope, vaultID, id, kind, epoch)
}

// staffScopeAD is scopeAD for the copy of a scope key sealed under the staff key.
func staffScopeAD(vaultID string, id ScopeID, kind scopeKind, epoch uint32) []byte {
	return fmt.Appendf(nil, "%s/%s/%s/%s/%d", vcrypto.LabelStaffScope, vaultID, id, kind, epoch)
}

// staffAD binds the staff key sealed under the vault key to its vault and epoch.
func staffAD(vaultID string, epoch uint32) []byte {
	return fmt.Appendf(nil, "%s/%s/%d", vcrypto.LabelStaff, vaultID, epoch)
}

// auditKeyAD binds an audit reader's private key sealed under the vault key.
func auditKeyAD(vaultID string, epoch uint32) []byte {
	return fmt.Appendf(nil, "%s/%s/%d", vcrypto.LabelAuditKey, vaultID, epoch)
}

func privateAD(vaultID string, u UserID) []byte {
	return fmt.Appendf(nil, "%s/%s/%s", vcrypto.LabelPrivate, vaultID, u)
}

// personalContext binds a user's personal box to its vault, user and purpose (HKDF info and
// associated data alike).
func personalContext(vaultID string, u UserID, purpose string) string {
	return vaultID + "|" + u.String() + "|" + purpose
}

func recoveryAD(vaultID string) []byte {
	return fmt.Appendf(nil, "%s/%s", vcrypto.LabelRecovery, vaultID)
}

// wrapContext names what a box wrapped to a user holds, bound to the vault.
func wrapContext(vaultID string, w wrappedKey) string {
	if w.What == wrapScope {
		return fmt.Sprintf("%s/scope/%s/%d", vaultID, w.Scope, w.Epoch)
	}
	if w.What == wrapAudit {
		return fmt.Sprintf("%s/audit/%d", vaultID, w.Epoch)
	}
	return vaultID + "/" + w.What
}

func detailContext(vaultID string, id UserID, admin UserID) string {
	return vcrypto.LabelRequestDetails + "|" + vaultID + "|" + id.String() + "|" + admin.String()
}

func rejectionContext(vaultID string, id UserID) string {
	return vcrypto.LabelRequestRejection + "|" + vaultID + "|" + id.String()
}

func pendingRecoveryContext(vaultID string, admin UserID) string {
	return vcrypto.LabelPendingRecovery + "|" + vaultID + "|" + admin.String()
}

func auditSessionContext(vaultID string, seq uint64, epoch uint32) string {
	return fmt.Sprintf("%s|%s|%d|%d", vcrypto.LabelAuditSession, vaultID, seq, epoch)
}

// requestSigned is what a requester signs: the label and the request file without signature.
func requestSigned(body []byte) []byte {
	return append([]byte(vcrypto.LabelRequest+"\x00"), body...)
}

// revokedLookup replaces the e-mail lookup of a revoked user whose e-mail is taken again.
func revokedLookup(id UserID) []byte {
	sum := sha256.Sum256(append([]byte(vcrypto.LabelRevokedLookup+"\x00"), id[:]...))
	return sum[:]
}

// domainHash is SHA-256(label || 0x00 || parts...): the hash of a state, an entry or an audit
// entry, each under its own label.
func domainHash(label string, parts ...[]byte) []byte {
	h := sha256.New()
	h.Write([]byte(label))
	h.Write([]byte{0})
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// sigMessage is what an Ed25519 signature covers: a label and a hash.
func sigMessage(label string, hash []byte) []byte {
	return append(append([]byte(label), 0), hash...)
}

// vaultSignerSeed derives the Ed25519 seed of the vault signer from the vault key. Whoever
// holds the vault key (every admin, and the recovery code) can sign with it; its public half is
// in the signed state, so a new vault key retires it.
func vaultSignerSeed(vaultKey []byte, vaultID string) []byte {
	return vcrypto.HKDF(vaultKey, vcrypto.LabelVaultSigner, vaultID)
}
