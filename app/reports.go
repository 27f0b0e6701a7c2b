package app

import (
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"kluis/internal/report"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Reports is the facade of the printed reports: the access export and the share history of an
// employee (employee pane, share panel) and Beheer → Rapportages (statistics, processing
// register). Each asks where to save, then the workspace makes and audits the document.
type Reports struct {
	s *Session
}

// ReportSaved says what was written; Files is empty when the user cancelled the dialog.
type ReportSaved struct {
	Files []string `json:"files"`
}

func reportLang(lang string) report.Lang {
	if lang == "en" {
		return report.English
	}
	return report.Dutch
}

// date is today for file names: jjjj-mm-dd.
func (r *Reports) date() string { return r.s.cfg.Now().Format("2006-01-02") }

// employeeFile is what an employee's document needs: the workspace, the employee's id and the
// proposed file name, "<prefix>-<persnr>-<date>.pdf".
func (r *Reports) employeeFile(employeeID, op, prefix string) (*workspace.Workspace, vault.ID, string, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return nil, vault.ID{}, "", err
	}
	id, err := parseID(employeeID)
	if err != nil {
		return nil, vault.ID{}, "", err
	}
	r.s.Touch()
	v, err := ws.Directory().Employee(id)
	if err != nil {
		return nil, vault.ID{}, "", r.s.fail(op, err)
	}
	return ws, id, prefix + "-" + sanitizeFileName(v.Persnr) + "-" + r.date() + ".pdf", nil
}

// SaveAccessExport asks where to save the employee's access export (GDPR art. 15) and writes
// the PDF there and the JSON next to it (same name, .json). Administrators only
// (report_admin_only otherwise).
func (r *Reports) SaveAccessExport(employeeID, lang string) (_ ReportSaved, err error) {
	defer r.s.recovered("Reports.SaveAccessExport", &err)
	ws, id, name, err := r.employeeFile(employeeID, "access export", "Inzageverzoek")
	if err != nil {
		return ReportSaved{}, err
	}
	path, err := askSavePath(r.s.platformNow(), "Inzageverzoek opslaan / Save access export", name, "PDF", ".pdf")
	if err != nil || path == "" {
		return ReportSaved{}, err
	}
	files, err := ws.ExportAccess(id, reportLang(lang), true, true)
	if err != nil {
		return ReportSaved{}, r.s.fail("access export", err)
	}
	jsonPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	if err := report.SaveFile(path, files.PDF); err != nil {
		return ReportSaved{}, r.s.fail("access export", err)
	}
	if err := report.SaveFile(jsonPath, files.JSON); err != nil {
		return ReportSaved{}, r.s.fail("access export", err)
	}
	return ReportSaved{Files: []string{path, jsonPath}}, nil
}

// SaveShareHistory asks where to save the employee's share history and writes it as a PDF.
func (r *Reports) SaveShareHistory(employeeID, lang string) (_ ReportSaved, err error) {
	defer r.s.recovered("Reports.SaveShareHistory", &err)
	ws, id, name, err := r.employeeFile(employeeID, "share history", "Deelgeschiedenis")
	if err != nil {
		return ReportSaved{}, err
	}
	return r.save(name, "share history", func() ([]byte, error) { return ws.ShareHistoryPDF(id, reportLang(lang)) })
}

// SaveStatistics asks where to save the anonymised statistics of an employer and year and
// writes them (administrators and HR users; statistics_all_departments for a manager).
func (r *Reports) SaveStatistics(employerID string, year int, lang string) (_ ReportSaved, err error) {
	defer r.s.recovered("Reports.SaveStatistics", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReportSaved{}, err
	}
	id, err := parseID(employerID)
	if err != nil {
		return ReportSaved{}, err
	}
	r.s.Touch()
	name := "Verzuimstatistiek-" + strconv.Itoa(year) + ".pdf"
	return r.save(name, "statistics", func() ([]byte, error) { return ws.StatisticsPDF(id, year, reportLang(lang)) })
}

// SaveRegister asks where to save the processing register of an employer and writes it
// (administrators only).
func (r *Reports) SaveRegister(employerID, lang string) (_ ReportSaved, err error) {
	defer r.s.recovered("Reports.SaveRegister", &err)
	ws, err := r.s.workspace()
	if err != nil {
		return ReportSaved{}, err
	}
	id, err := parseID(employerID)
	if err != nil {
		return ReportSaved{}, err
	}
	r.s.Touch()
	opts := workspace.RegisterOptions{IdleLock: time.Duration(r.s.idleLimit.Load())}
	return r.save("Verwerkingsregister-"+r.date()+".pdf", "register", func() ([]byte, error) {
		return ws.ProcessingRegisterPDF(id, reportLang(lang), opts)
	})
}

// save asks for a path, makes the PDF and writes it.
func (r *Reports) save(name, op string, build func() ([]byte, error)) (ReportSaved, error) {
	path, err := askSavePath(r.s.platformNow(), "PDF opslaan / Save PDF", name, "PDF", ".pdf")
	if err != nil || path == "" {
		return ReportSaved{}, err
	}
	pdf, err := build()
	if err != nil {
		return ReportSaved{}, r.s.fail(op, err)
	}
	if err := report.SaveFile(path, pdf); err != nil {
		return ReportSaved{}, r.s.fail(op, err)
	}
	return ReportSaved{Files: []string{path}}, nil
}
