// Package arbo is the protocol between Kluis (the client, internal/arbosync) and an arbo service:
// the messages and their fields, named after the SIVI Verzuimstandaard Werkgevers–Arbodiensten
// (WerknemerGegevens, Dienstverband, Verzuimmelding), the request signature, the error codes and
// the limits. docs/protocol.yaml is the same contract as OpenAPI 3, docs/protocol.md says why it
// is shaped this way. The reference arbo service lives in internal/arbo/server.
//
// Privacy by construction: an unshared employee appears only as a Pseudonym with employment facts
// (Dienstverband); identity data (WerknemerGegevens) travels only for an employee whose dossier is
// shared, or as the answer to a retrieval the service's staff proved they may make.
package arbo
