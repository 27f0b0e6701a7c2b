// Package importer is the reader of the import: it turns the bytes of a payroll export (CSV
// or XLSX) into a Table of canonical columns, with a Problem for everything wrong with the
// file's shape. It reads and maps; it does not judge values and it writes nothing. The use
// case around it (a file → a plan → a write, with the field rules) is internal/imports.
//
// # What Read does
//
//   - XLSX is recognised by content (a zip) or by extension; the sheet whose header
//     recognises most columns is read. Anything else is text: a UTF-8 byte-order mark
//     is stripped, UTF-16 with a byte-order mark is decoded, invalid UTF-8 is read as
//     Windows-1252, and the separator (; , tab |) is sniffed from the header line.
//   - Header cells are matched case-insensitively, ignoring spaces, '-', '_', '.' and
//     surrounding brackets, in this order: Options.Map, the layout's own headers, the
//     canonical columns (the names of the one table, validate.EmployeeFields, as CLI.md
//     lists them) and the synonyms people write in files of their own ("Voornaam",
//     "Geb. datum", "In dienst"; layouts.go).
//   - The layout (Nmbrs, AFAS, Loket.nl, Raet/Youforce, Exact Online, or the Kluis template)
//     is recognised only by headers that are its own (detectLayout); a file of one's own is
//     "none recognised" (Table.Layout ""). Options.Layout forces one.
//   - Name-usage and gender codes are normalised (own, partner, partner-own,
//     own-partner; M, V, X, O) because their codes differ per system. All other cells
//     are kept as trimmed text, exactly as written: a cell starting with '=', '+', '-'
//     or '@' is text, never a formula, and is never evaluated.
//   - No data is dropped silently: a column that holds data but maps to no field is a
//     Problem (CodeUnmappedColumn) until it is left out by choice, a "-" in Options.Map
//     (--ignore, or "niet importeren" on the mapping screen). Empty columns need no choice.
//
// # What Read does not do
//
// Values are not checked here: required, length caps, control characters, BSN, postcode,
// dates, a persnr twice are rules of the one table (validate.EmployeeFields), applied once per
// row by internal/imports through internal/people. (Check, which applies them to a Table, is
// kept for old callers and is deprecated.)
//
// # Promises
//
//   - Line numbers are 1-based physical lines of the file (the header is line 1 unless
//     blank lines or an Excel "sep=" line come first: Table.HeaderLine); for XLSX they are
//     row numbers.
//   - A Problem carries a stable Code and Params for a UI's catalogue and an English
//     Message; neither quotes a cell's content, which may be a BSN or a name. An error
//     from Read names a reason (ErrorCode gives its code) and never file content.
//   - Input is capped (MaxInputBytes, MaxColumns, MaxRows, MaxFieldChars for a header
//     cell); a workbook is unpacked in memory only, never to a temporary file.
//
// For the mapping screen's preview, slice Table.Rows (or call PreviewRows); Table.Sample
// holds the first rows as written, unmapped columns included.
package importer
