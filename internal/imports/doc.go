// Package imports is the import use case shared by `kluis import` and the window's import
// screen: read a payroll export (internal/importer), check every row against the field rules,
// map the canonical columns to people.EmployeeInput, compare with what the vault holds
// (people.PlanImport: new / changed / ended / unchanged) and, when the file is clean, write it
// (people.ApplyImport). Every problem comes back as an importer.Problem with its line number
// and column, whether the reader, the field rules or the people package found it; problems
// never quote a cell.
//
// Column choices the CLI table leaves open: `telefoon` is the mobile number; `email` is the
// private e-mail address (payroll keeps the address payslips go to), unless the file also has
// `email_prive`, in which case `email` fills the work address when `email_werk` is empty.
package imports
