// Package agreement keeps the processor-agreement record of each employer (GDPR art. 28; see
// docs/DOMAIN.md): who may sign the agreement with the occupational health service on the
// employer's behalf (the signatory), on what basis, with every earlier version and every
// confirmation sent. It also keeps the vault's outgoing-mail (SMTP) settings, builds the
// confirmation message for the signatory (one RFC 5322 message with the record as a PDF), and
// sends it through SMTP with a Mailer.
//
// # Records
//
// An employer's agreement is one sealed record of kind KindAgreement whose id is the
// employer's id; the mail settings are one record of kind KindMailSettings under a fixed id. Both
// are sealed under the admin scope, whose key only admins hold: a manager can neither read nor
// change the signatory or point the mail at another server. Saving never rewrites history: a
// changed signatory is appended as a new version, an unchanged one adds nothing.
//
// # Secrets
//
// The SMTP password is never stored: the admin types it for each send. Credentials are only sent
// after STARTTLS. Errors and log lines never carry the signatory's name or e-mail address, and a
// server's reply text (which may echo an address) is reduced to its reply code.
//
// Only admins may read or change these records (vault.ErrDenied otherwise; the keys agree).
package agreement
