package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"kluis/internal/sivi"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// siviFlags are the flags of the values the SIVI schemas require and Kluis does not keep, by
// the field code sivi names them with.
var siviFlags = map[string]string{
	sivi.FieldSenderID:         "--sender-id",
	sivi.FieldReceiverID:       "--receiver-id",
	sivi.FieldEmployerID:       "--arbo-employer-id",
	sivi.FieldConnectionNumber: "--connection-number",
	sivi.FieldPayrollTaxNumber: "--payroll-tax-number",
	sivi.FieldContactSurname:   "--contact-surname",
	sivi.FieldContactInitials:  "--contact-initials",
	sivi.FieldContactRole:      "--contact-role",
	sivi.FieldContactChannel:   "--contact-channel",
	sivi.FieldContactValue:     "--contact-value",
	sivi.FieldGender:           "--gender",
	sivi.FieldInitials:         "--initials",
	sivi.FieldProcessingCode:   "--processing-code",
	sivi.FieldCauseCode:        "--cause-code",
}

// runExport is `kluis export`: the SIVI files of a shared employee (--sivi OUTDIR), the same
// use case as "SIVI-bestanden opslaan" in the share panel, or the GDPR access export (--out
// FILE.json or FILE.pdf), the same as "Inzageverzoek (AVG art. 15)" in the employee pane.
func runExport(c *context, args []string) int {
	const usage = "kluis export --vault DIR --persnr P [--employer KVK] --out FILE.json|FILE.pdf [--lang nl|en] | --sivi OUTDIR [--sender-id ID --receiver-id ID " +
		"--arbo-employer-id ID --connection-number N --payroll-tax-number LHNR --contact-surname NAME [--contact-initials I] " +
		"--contact-role 01..05 --contact-channel 06|08|10 --contact-value TEXT] [--gender M|V|X|O] [--initials I] " +
		"[--processing-code 01..05 --cause-code 10|11|99] [--test] [--passphrase-file FILE] [--user EMAIL]"
	fs := c.newFlags("export")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	persnr := fs.String("persnr", "", "the employee's personnel number")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	outDir := fs.String("sivi", "", "write the SIVI 2022 files (WerknemerGegevens.xml, Verzuimmeldingen.xml) to this folder")
	out := fs.String("out", "", "write the GDPR access export (art. 15) to FILE.json or FILE.pdf (administrators)")
	lang := fs.String("lang", "nl", "language of the PDF: nl or en")
	var in workspace.SIVIInput
	fs.StringVar(&in.Exchange.SenderID, "sender-id", "", "SIVI IdInzndr: the sender's identification agreed with the arbo service")
	fs.StringVar(&in.Exchange.ReceiverID, "receiver-id", "", "SIVI IdOntvngr: the arbo service's identification")
	fs.StringVar(&in.Exchange.EmployerID, "arbo-employer-id", "", "SIVI IdWrkgvrArbdnst: the employer's number at the arbo service")
	fs.StringVar(&in.Exchange.ConnectionNumber, "connection-number", "", "SIVI AansltnrGeguitwlngArbdnst: the connection number for the exchange")
	fs.StringVar(&in.Exchange.PayrollTaxNumber, "payroll-tax-number", "", "the employer's loonheffingennummer")
	fs.StringVar(&in.Contact.Surname, "contact-surname", "", "the employer's contact person for the arbo service")
	fs.StringVar(&in.Contact.Initials, "contact-initials", "", "the contact person's initials")
	fs.StringVar(&in.Contact.Role, "contact-role", "", "the contact person's SIVI role code (01..05)")
	fs.StringVar(&in.Contact.Channel, "contact-channel", "", "SIVI communication code of --contact-value (06, 08 or 10)")
	fs.StringVar(&in.Contact.Value, "contact-value", "", "the contact person's phone number or e-mail address")
	fs.StringVar(&in.Gender, "gender", "", "the employee's gender when the record has none (M, V, X or O; not stored)")
	fs.StringVar(&in.Initials, "initials", "", "the employee's initials when the record has none (not stored)")
	fs.StringVar(&in.ProcessingCode, "processing-code", "", "Verzuimmeldingen: SIVI processing code (01..05)")
	fs.StringVar(&in.CauseCode, "cause-code", "", "Verzuimmeldingen: SIVI cause-of-absence code (10, 11 or 99)")
	fs.BoolVar(&in.Test, "test", false, "mark the messages as test messages")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if *out != "" && *outDir != "" {
		return c.usageError("export", "give --out or --sivi, not both\nUsage: %s", usage)
	}
	if *out != "" {
		if *persnr == "" {
			return c.usageError("export", "missing [persnr]\nUsage: %s", usage)
		}
		return c.exportAccess(*vaultDir, *user, *passFile, *employerKvK, *persnr, *out, *lang)
	}
	if m := missing(map[string]string{"persnr": *persnr, "sivi": *outDir}); len(m) > 0 {
		return c.usageError("export", "missing %v\nUsage: %s", m, usage)
	}
	return c.withDossier("export", *vaultDir, *user, *passFile, *employerKvK, *persnr, func(ws *workspace.Workspace, id vault.ID) error {
		files, err := ws.ExportSIVI(id, in)
		var ie *sivi.IncompleteError
		if errors.As(err, &ie) {
			c.printIncomplete(ie)
		}
		if err != nil {
			return err
		}
		written, err := files.Write(*outDir)
		for _, p := range written {
			fmt.Fprintf(c.env.Stdout, "wrote %s\n", filepath.Join(*outDir, p))
		}
		return err
	})
}

// printIncomplete names each field the export lacks and the flag that gives it.
func (c *context) printIncomplete(ie *sivi.IncompleteError) {
	for _, field := range ie.Missing() {
		how := siviFlags[field]
		if how == "" {
			how = "fill it in on the employee's record"
		}
		fmt.Fprintf(c.env.Stderr, "kluis export: %s: %s (%s)\n", field, ie.Fields[field], how)
	}
}
