// Package sivi writes an employee's data as the messages of the SIVI Verzuimstandaard
// Werkgevers–Arbodiensten, release 2022: WerknemerGegevens (identity data and employments of a
// shared employee) and Verzuimmeldingen (a sick report or recovery). The schemas are in
// testdata/xsd (see its README for their source); every export in the tests validates against
// them with xmllint.
//
// # Input, not the vault
//
// Build takes plain structs; it knows nothing of the vault, so the caller decides what may be
// read (internal/workspace.ExportSIVI refuses an unshared dossier and audits the export).
//
// # Never invented
//
// The schemas require values Kluis does not keep: what the arbo service hands out for the
// exchange (sender and receiver identification, the employer's number at the arbo service, the
// connection number), the loonheffingennummer, the employer's contact person with a role code
// and a communication code, and for Verzuimmeldingen a processing code and a cause-of-absence
// code. The meaning of those codes is in SIVI's release documentation, not in the published
// schemas, so Kluis never picks one: the caller passes them in (the user types or chooses
// them). A required value that is missing, or present but not what the schema allows, makes
// Build fail with an *IncompleteError that names each field by its code (Field* constants) and
// the reason (validate codes), never the value.
//
// # Mappings Kluis does make
//
//   - Gender M and V go as they are; X (not specified) and O (unknown) both go as SIVI's O.
//   - Name usage own, partner, partner-own, own-partner go as NmvrkrCd 01, 02, 03, 04 (the
//     order of the Dutch BRP's naamgebruik E, P, V, N); no name usage is own (01), as Kluis
//     shows the name.
//   - Initials missing: the first letters of the official first names ("Jan Pieter" → "J.P.").
//   - The employee's id and the employment's number in the dossier make IdWrknmr and
//     IdDnstvbnd; a Dutch address goes as StrAdrNl (type 01, the home address; a care address
//     as type 06), any other as StrAdrBl.
package sivi
