// Package audit records who touched identity data, NEN 7513 style (docs/DOMAIN.md, "Retention
// and logging"): the event, its time, the acting user, the employees it concerns and a count,
// never the identity data itself. Events go into the vault's audit log (vault.Session.
// AppendAudit), which is append-only and tamper-evident: every entry chains the one before,
// every block is signed by the acting user, and the head is anchored in the signed keyring and
// the store, so a removed, inserted, reordered, edited or cut entry is found by Verify. Only
// holders of the audit reader key (admins) read the events; anyone can check the chain.
//
// Failed unlocks happen before anyone holds a key; the vault keeps them in the keyring and the
// next session's Log records them (ActionUnlockFailed).
package audit
