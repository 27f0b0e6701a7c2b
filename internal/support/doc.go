// Package support holds what a user needs to ask for help: the arbo service's helpdesk as the
// vault's admins recorded it, and the support information (Info) that "Kopieer gegevens voor
// support" and `kluis support-info` produce.
//
// # Helpdesk
//
// The arbo service gives its helpdesk at enrolment; it lives in the signed service link. An
// admin may record the helpdesk themselves, when no service is connected or the service gave
// none or a wrong one: one sealed record of kind KindHelpdesk under a fixed id, sealed under the
// directory scope so that every user (who all hold that key) can read it on the Support page.
// Only admins may change it; the workspace checks the role and audits the change. Its fields
// are the service's contact details, never an employee's or a user's.
//
// # Info
//
// Info is the support block a user pastes into an e-mail to the helpdesk. It holds versions,
// paths, sizes, counts and the sync state, and by construction nothing else: it has no field
// for a name, an e-mail address, a BSN, a department name or the employer, so a new caller
// cannot leak one into it by accident.
package support
