// Package people owns employers, their org trees, employees and employments, with the validation
// rules of docs/DOMAIN.md (through internal/validate), search and the bulk upsert behind the
// importer. It stores everything through the vault's record API; see docs/adr/001-key-layout.md
// for its kinds (0x20–0x24).
//
// # Data and scopes
//
// Employer (0x20) and Department (0x21) records are sealed under the directory scope, which
// every user holds. Each department has its own scope, bound to it in the signed keyring
// (vault.Session.DepartmentScope; the department record names no key). An employee's anonymised
// skeleton (Employee, 0x22: persnr, department, employments, share status) and Identity (0x23:
// names, BSN, birth date, address, phones, e-mails; record id = employee id) are sealed under the
// scope of the employee's current department, so a manager neither opens nor lists the
// employees of other departments; the tree shows them their departments and those above them.
// An unshared employee of their own department shows as "Anoniem (Persnr 00042)". Moving an
// employee re-seals skeleton and identity under the new scope and moves the blind-index entries
// ("bsn": nine digits; "birth_postcode": "jjjj-mm-dd|1234 AB"). A persnr index under the
// directory scope ("persnr": employer id and persnr) tells anyone that a persnr is taken,
// without saying by whom.
//
// People are never deleted here: an ordinary user ends an employment; erasure after the
// retention period is a later admin action. Departments are archived, never deleted, and not
// while active employees or live departments remain below them (ErrDepartmentNotEmpty).
//
// # Directory
//
// Directory is the service for one unlocked session (NewDirectory after unlock, Wipe at lock).
// It caches the skeleton (departments, persnr map, employments) and, from the first name search
// or BuildNameIndex, a name index of every identity the session can open (packed, nameindex.go),
// and the tree views per filter/sort (treecache.go). All live in memory only, and every write
// updates them in place instead of dropping them, so every people write must go through the
// session's one Directory. Reads of identity data
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
// written. Departments along new paths get their scopes in one signed keyring entry; then the
// rows, the new department records and the index changes are written through the vault's
// crash-atomic write (vault.Session.Atomic): in chunks, each committed with its undo record
// before progress counts its rows. Cancelling ctx, a lock, or a crash before the last chunk rolls every
// chunk back (a crash: at the next unlock, by any user), so the vault shows the state before the
// import or the complete import, never a part; InterruptedImports reports an import the unlock
// undid, and the scopes of departments it had bound are removed by the next admin.
package people
