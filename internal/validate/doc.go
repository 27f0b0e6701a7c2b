// Package validate holds the input rules of docs/DOMAIN.md that more than one package applies
// (KvK number, e-mail, BSN, postcode, dates, required and length limits) and the FieldErrors
// type that carries a form's problems, one stable code per field, to the UI and the CLI.
// Messages never repeat the value that failed, so an error text cannot leak identity data.
//
// # The one table of employee fields
//
// EmployeeFields (employee.go) is the only list of the employee's fields: their names (which
// are also the canonical import columns of docs/CLI.md), which are required, their kind and
// their length caps; CountryCode is the only list of country names. CheckEmployee applies it,
// field by field and across fields (dates, postcode per country).
//
// It lives here, not in internal/people or internal/importer, because both need it and neither
// should depend on the other: the reader (internal/importer) takes its canonical and required
// columns from the table, and internal/people checks every employee form and every import row
// with CheckEmployee, once. validate is the leaf both already import, so a rule has one home and
// cannot drift between the form and the import.
package validate
