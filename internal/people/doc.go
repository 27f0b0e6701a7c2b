// Package people owns employers, their org trees, employees and employments, with the validation
// rules of docs/DOMAIN.md (through internal/validate), search and the bulk upsert behind the
// importer. It stores everything through the vault's record API; see docs/adr/001-key-layout.md
// for its kinds (0x20–0x24).
//
// # Data and scopes
//
// Employer (0x20) and Department (0x21) records and each employee's anonymised skeleton
// (Employee, 0x22: persnr, department, employments, share status) are sealed under the
// directory scope, which every user holds: a user without a department's key still sees that
// department's employees as "Anoniem (Persnr 00042)". Each department has its own identity
// scope; an employee's Identity (0x23: names, BSN, birth date, address, phones, e-mails; record
// id = employee id) is sealed under the scope of the employee's current department, so access
// is enforced by keys. Moving an employee re-seals the identity under the new scope and moves
// its blind-index entries ("bsn": nine digits; "birth_postcode": "jjjj-mm-dd|1234 AB").
//
// People are never deleted here: an ordinary user ends an employment; erasure after the
// retention period is a later admin action. Departments are archived, never deleted, and not
// while active employees or live departments remain below them (ErrDepartmentNotEmpty).
//
// # Directory
//
// Directory is the service for one unlocked session (NewDirectory after unlock, Wipe at lock).
// It caches the skeleton (departments, persnr map, employments) and, from the first name search
// or BuildNameIndex, a name index of every identity the session can open. Both live in memory
// only. Every people write must go through the session's one Directory. Reads of identity data
// return IdentityRead (EmployeeView, Hit) so the app layer can audit them; this package does not
// log and its errors never contain identity values.
//
// # Import
//
// ApplyImport upserts an employer's employees by persnr. Merge rules: a non-empty imported
// value replaces the stored one, an empty one keeps it (an import never erases a value; a
// given address replaces the whole address); an employment with the same start is updated, a
// start after the last employment's end is a re-hire (a new employment), any other start
// corrects the current employment's start. Rows equal to what is stored are not written.
// Employees missing from the file are left alone (payroll exports often list active employees
// only); "ended" counts rows that gave the current employment an end date.
//
// What "all or nothing" means: every row is validated, and compared with what is stored, before
// anything is written; one invalid row (or a cancelled ctx, or a missing key) and nothing is
// written. Writing then happens in one Badger WriteBatch, which Badger commits in several
// transactions, so a crash or power loss during the write can leave part of the rows written.
// That is not rolled back. Instead an import journal record (0x24, one per employer) is written
// before the first row and removed after the last; InterruptedImports reports one left behind,
// and because an import is an idempotent upsert, running the same file again completes it
// (the rows already written come back "unchanged"). Cancelling ctx during the write stops the
// batch and undoes it: changed employees get their old records and index entries back, new
// ones and the departments the import created are removed, and the journal goes. Otherwise
// departments created along new paths are created before the batch and stay. Old blind-index entries of changed rows are removed after
// the batch; one left behind by a crash is harmless, because Search checks the record an index
// entry points to.
package people
