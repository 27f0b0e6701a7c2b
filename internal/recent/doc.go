// Package recent keeps each user's recently visited employees: the ids of the last Max employees
// they opened, newest first. The list is personal: it lives in one record per user (kind 0x31,
// record id = the user's keyring id) whose content is sealed with vault.Session.SealPersonal, so
// no other user opens it. It holds ids only, never a name or persnr; whoever shows it computes
// labels at display time and drops ids the user can no longer see (an erased employee, a
// narrowed grant). Visiting is not audited on its own: opening an employee's identity already is.
package recent
