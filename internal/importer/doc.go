// Package importer reads payroll exports (CSV and XLSX) into neutral, typed rows with a
// list of problems per line. It is the reading layer of `kluis import` and the import
// screen; it validates the shape of a file, not the meaning of its cells (BSN, postcode
// and dates are checked by the caller, internal/people), and it writes nothing.
//
// # What Read does
//
//   - XLSX is recognised by content (a zip) or by extension; the sheet whose header
//     recognises most columns is read. Anything else is text: a UTF-8 byte-order mark
//     is stripped, UTF-16 with a byte-order mark is decoded, invalid UTF-8 is read as
//     Windows-1252, and the separator (; , tab |) is sniffed from the header line.
//   - Header cells are matched case-insensitively, ignoring spaces, '-', '_' and
//     surrounding brackets, against the canonical columns (CLI.md) and the headers of
//     known payroll layouts (Nmbrs, AFAS, Loket.nl, Raet/Youforce, Exact Online); see
//     layouts.go. Options.Map and Options.Layout override detection.
//   - Name-usage and gender codes are normalised (own, partner, partner-own,
//     own-partner; M, V, X, O) because their codes differ per system. All other cells
//     are kept as trimmed text, exactly as written: a cell starting with '=', '+', '-'
//     or '@' is text, never a formula, and is never evaluated.
//
// # Promises
//
//   - Line numbers are 1-based physical lines of the file (the header is line 1 unless
//     blank lines or an Excel "sep=" line come first); for XLSX they are row numbers.
//   - Problem messages and errors name a line, a column and a rule, never a cell's
//     content, which may be a BSN or a name.
//   - Input is capped (MaxInputBytes, MaxColumns, MaxRows) and each mapped cell is
//     capped at MaxFieldChars; a workbook is unpacked in memory only, never to a
//     temporary file.
//
// For the mapping screen's preview, slice Table.Rows (or call PreviewRows).
package importer
