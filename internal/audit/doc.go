// Package audit records who touched identity data, NEN 7513 style (docs/DOMAIN.md, "Retention
// and logging"): the event, its time, the acting user, the employees it concerns and a count,
// never the identity data itself. Events are sealed vault records (kind 0x60) under the
// directory scope, written by the app layer after each read, search, import or change of
// identity data.
//
// This is the first half of the audit log: events are stored and listed. Making the log
// tamper-evident (a hash chain signed with the admin's key) and keeping it five years are the
// audit issue's work; the record format leaves room for both.
package audit
