// Package arbosync is Kluis's side of the synchronisation with the arbo service
// (internal/arbo is the protocol): enrolment, signed requests with a pinned TLS certificate, and
// one sync cycle that sends what changed and reads back what the service has to say.
//
// What leaves, per employee the session's keys open:
//   - always: the employments as pseudonymous facts (Dienstverband), compared with a ledger
//     (kind 0x82, in the employee's department scope, moving with the employee) of what the
//     service acknowledged, so only changes are sent;
//   - for a shared employee: the dossier's outbox messages (share, end, sick, recovery, change)
//     with the identity data at the share, and the identity again after every correction
//     (GDPR art. 19);
//   - the signed head of the audit log, which the service keeps as a witness.
//
// What comes back: case status (case content, closed, Poortwachter step) and retrieval requests,
// answered only by a session that holds every department (a manager's "not found" could hide
// the one employee an HR session would find, and must not say "found" when a second match
// lives outside their departments).
//
// Exactly once: every message has an id; the service applies an id once; the client forgets a
// message only after the service accepted it; a cycle killed at any moment sends again what was
// not acknowledged.
package arbosync
