// Package imports is the import use case, shared by `kluis import` and the window's import
// screen: a file → a plan → a write. It is the only way an import happens; the reader it
// starts with is internal/importer.
//
//  1. Read: importer.Read turns the file into canonical columns and reports what is wrong
//     with its shape (columns missing, unmapped columns holding data, ragged lines, codes).
//  2. Check: each row the reader had no problem with becomes a people.EmployeeInput and is
//     checked once, by internal/people with the one table of field rules
//     (validate.EmployeeFields): against the vault in people.PlanImport / ApplyImport
//     (departments, rights), or on its own in people.CheckInputs when there is no vault. A
//     header without a required column, or with no known column, stops before this step:
//     every row would repeat that problem.
//  3. Plan: the dry run (Check) compares the rows with the vault: new, changed, ended,
//     unchanged, and the departments it would create (counted by the plan).
//  4. Write: Apply writes all rows or nothing (people.ApplyImport), only when no step found a
//     problem.
//
// Every problem comes back as an importer.Problem at its line and column, with a stable code
// for the UI's catalogue (the reader's importer.Code*, the field rules' validate.Code, and
// CodeNoRows here), Params, and an English Message; none quotes a cell. Report.Summary and
// Progress are the English, plural-safe texts of the CLI.
//
// Column choices the CLI table leaves open: `telefoon` is the mobile number; `email` is the
// private e-mail address (payroll keeps the address payslips go to), unless the file also has
// `email_prive`, in which case `email` fills the work address when `email_werk` is empty. A
// problem with an address from `email` is reported under `email`.
package imports
