package workspace

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"kluis/internal/audit"
)

// An extract of the Logboek as CSV (RFC 4180 quoting and CRLF line ends), UTF-8 with a byte
// order mark and `;` between fields: what Excel opens as columns with Dutch regional settings
// (where `,` is the decimal comma), and what the payroll exports Kluis imports use too. Cells
// that a spreadsheet would run as a formula (starting with = + - @ or a tab) get a leading `'`.
// Every subject is listed (not only the first few of a page row).

// MaxLogExport caps the rows of one extract; narrow the filter for more.
const MaxLogExport = 1_000_000

// ErrLogExportTooLarge: the filter matches more rows than one extract holds.
var ErrLogExportTooLarge = errors.New("workspace: the extract holds more than 1,000,000 rows; narrow the filter")

// LogRows reads every row the filter matches, newest first (for an extract), calling progress
// with the rows so far.
func (w *Workspace) LogRows(q LogQuery, progress func(rows int)) ([]LogRow, error) {
	var out []LogRow
	err := w.guard(func() error {
		q.Before, q.Limit = 0, 1000
		for {
			if err := w.ctx.Err(); err != nil {
				return ErrClosed
			}
			p, err := w.logPage(q, 0, 0)
			if err != nil {
				return err
			}
			out = append(out, p.Rows...)
			if len(out) > MaxLogExport {
				return ErrLogExportTooLarge
			}
			if progress != nil {
				progress(len(out))
			}
			if p.Next == 0 {
				return nil
			}
			q.Before = p.Next
		}
	})
	return out, err
}

// ExportLogCSV writes the rows the filter matches to out as CSV (lang "nl" or "en" for the
// headers and action labels) and audits the export. It returns the number of rows.
func (w *Workspace) ExportLogCSV(q LogQuery, lang string, out io.Writer) (int, error) {
	rows, err := w.LogRows(q, nil)
	if err != nil {
		return 0, err
	}
	if err := WriteLogCSV(out, rows, lang, time.Local); err != nil {
		return 0, err
	}
	return len(rows), w.AuditLogExport("csv", len(rows))
}

// AuditLogExport records that an extract of rows rows was written in format (csv, pdf).
func (w *Workspace) AuditLogExport(format string, rows int) error {
	return w.closedErr(w.log.RecordExport(format, rows))
}

// WriteLogCSV writes rows as the Logboek's CSV.
func WriteLogCSV(out io.Writer, rows []LogRow, lang string, loc *time.Location) error {
	bw := bufio.NewWriter(out)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = ';', true
	h := logHeaders[lang == "en"]
	if err := cw.Write(h[:]); err != nil {
		return err
	}
	for _, r := range rows {
		var persnrs, depts, labels []string
		for _, s := range r.Subjects {
			persnrs = append(persnrs, s.Persnr)
			depts = append(depts, s.Department)
			labels = append(labels, s.Label)
		}
		rec := []string{
			r.At.In(loc).Format("02-01-2006 15:04:05"),
			r.UserName,
			string(r.Action),
			ActionLabel(r.Action, lang),
			strings.Join(labels, ", "),
			strings.Join(persnrs, ", "),
			strings.Join(depts, ", "),
			strconv.Itoa(r.Count),
			r.Detail,
			strconv.FormatUint(r.Seq, 10),
			r.Device,
		}
		for i := range rec {
			rec[i] = defuseCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// "PC" is empty for this PC's own log and another PC's label (as Beheer → Apparaten shows it,
// from its random device id) for the entries replicated from it; "Regel" numbers each PC's log on its own.
var logHeaders = map[bool][11]string{
	false: {"Tijdstip", "Gebruiker", "Actiecode", "Actie", "Betreft", "Persnr", "Afdeling", "Aantal", "Toelichting", "Regel", "PC"},
	true:  {"Time", "User", "Action code", "Action", "Subject", "Persnr", "Department", "Count", "Detail", "Entry", "PC"},
}

// defuseCell keeps a spreadsheet from running a cell as a formula.
func defuseCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ActionLabel is an action's name for extracts (the window has its own i18n table); an unknown
// code is shown as itself.
func ActionLabel(a audit.Action, lang string) string {
	if l, ok := actionLabels[a]; ok {
		if lang == "en" {
			return l[1]
		}
		return l[0]
	}
	return string(a)
}

var actionLabels = map[audit.Action][2]string{
	audit.ActionRead:            {"NAW-gegevens ingezien", "Identity data viewed"},
	audit.ActionSearch:          {"Gezocht (NAW-gegevens getoond)", "Searched (identity data shown)"},
	audit.ActionBSNSearch:       {"Gezocht op BSN", "Searched by BSN"},
	audit.ActionNameIndexBuilt:  {"Namen geladen voor zoeken", "Names loaded for search"},
	audit.ActionCreate:          {"Medewerker toegevoegd", "Employee added"},
	audit.ActionUpdate:          {"Medewerker gewijzigd", "Employee changed"},
	audit.ActionEnd:             {"Dienstverband beëindigd", "Employment ended"},
	audit.ActionImport:          {"Import", "Import"},
	audit.ActionExport:          {"Gegevens geëxporteerd", "Data exported"},
	audit.ActionAgreementUpdate: {"Verwerkersovereenkomst gewijzigd", "Processor agreement changed"},
	audit.ActionAgreementSend:   {"Bevestiging verwerkersovereenkomst verstuurd", "Processor agreement confirmation sent"},
	audit.ActionAgreementPrint:  {"Verwerkersovereenkomst afgedrukt", "Processor agreement printed"},
	audit.ActionAccessApprove:   {"Toegang verleend", "Access granted"},
	audit.ActionAccessReject:    {"Autorisatieverzoek afgewezen", "Access request rejected"},
	audit.ActionRoleChange:      {"Rol gewijzigd", "Role changed"},
	audit.ActionAccessRevoke:    {"Toegang ingetrokken", "Access revoked"},
	audit.ActionKeyRotation:     {"Sleutels vervangen", "Keys replaced"},
	audit.ActionShare:           {"Dossier gedeeld", "Dossier shared"},
	audit.ActionRevoke:          {"Deling ingetrokken", "Share revoked"},
	audit.ActionShareEnded:      {"Deling beëindigd", "Share ended"},
	audit.ActionRetrieval:       {"Opgehaald door arbodienst", "Retrieved by the arbo service"},
	audit.ActionSick:            {"Ziekmelding", "Sick report"},
	audit.ActionRecovery:        {"Herstelmelding", "Recovery report"},
	audit.ActionChange:          {"Verzuim gewijzigd", "Absence changed"},
	audit.ActionStepDone:        {"Poortwachterstap afgerond", "Poortwachter step done"},
	audit.ActionSync:            {"Gesynchroniseerd met arbodienst", "Synchronised with the arbo service"},
	audit.ActionEnrol:           {"Gekoppeld met arbodienst", "Linked with the arbo service"},
	audit.ActionUnlockFailed:    {"Mislukte ontgrendeling", "Failed unlock"},
	audit.ActionLogExport:       {"Logboek geëxporteerd", "Log exported"},
	audit.ActionReport:          {"Rapportage afgedrukt", "Report printed"},
	audit.ActionErase:           {"Medewerkers gewist (bewaartermijn)", "Employees erased (retention)"},
	audit.ActionDepartmentMove:  {"Afdeling verplaatst", "Department moved"},
	audit.ActionTreeSigned:      {"Afdelingsstructuur ondertekend", "Department tree signed"},
	audit.ActionHelpdeskUpdate:  {"Helpdesk arbodienst vastgelegd", "Arbo service helpdesk recorded"},
	audit.ActionAccountUpdate:   {"Eigen naam of e-mailadres gewijzigd", "Own name or e-mail address changed"},
	audit.ActionEmailApprove:    {"Nieuw e-mailadres goedgekeurd", "New e-mail address approved"},
	audit.ActionEmailReject:     {"Nieuw e-mailadres afgewezen", "New e-mail address rejected"},
	audit.ActionReplicaSettings: {"Replicatie-instellingen gewijzigd", "Replication settings changed"},
	audit.ActionConflictResolve: {"Conflict in persoonsgegevens opgelost", "Identity conflict resolved"},
	audit.ActionEmployerUpdate:  {"Werkgeversgegevens gewijzigd", "Employer details changed"},
}
