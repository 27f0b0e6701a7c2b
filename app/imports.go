package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"kluis/internal/atomicfile"
	"kluis/internal/importer"
	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// ImportRequest names the file, the employer and the user's column mapping (file header →
// canonical column; "" or "-" leaves a column out).
type ImportRequest struct {
	Path     string            `json:"path"`
	Employer string            `json:"employer"` // employer id; "" when the vault has one employer
	Mapping  map[string]string `json:"mapping"`
	// Layout forces a payroll layout (see Layouts) when detection is not enough, e.g. numeric
	// name-usage codes that mean different things per system; "" detects it.
	Layout string `json:"layout"`
}

// ImportLayout is a payroll layout the import screen can force.
type ImportLayout struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// ImportField is a canonical column the mapping screen offers.
type ImportField struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
}

// ImportColumn is one header of the file and the field it maps to ("" when none).
type ImportColumn struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// ImportProblem is one problem at a line of the file; Message is English, Code is translated
// with Params filling in its text (numbers, canonical column names and, for unmapped_column,
// the header as written; never a cell's value).
type ImportProblem struct {
	Line    int               `json:"line"`
	Column  string            `json:"column"`
	Code    string            `json:"code"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message"`
}

// MaxListedProblems caps the problems sent to the window; ProblemCount has them all.
const MaxListedProblems = 1000

// ImportReport is what a check or an import found: the file's shape for the mapping screen, a
// preview, every problem, and what the import does (or did).
type ImportReport struct {
	Path      string         `json:"path"`
	FileName  string         `json:"fileName"`
	Format    string         `json:"format"`
	Encoding  string         `json:"encoding"`
	Separator string         `json:"separator"`
	Sheet     string         `json:"sheet"`
	Layout    string         `json:"layout"`
	Columns   []ImportColumn `json:"columns"`
	// Sample is the first rows as written, one cell per column.
	Sample [][]string `json:"sample"`
	// Missing lists required fields no column maps to.
	Missing      []string        `json:"missing"`
	Rows         int             `json:"rows"`
	Valid        int             `json:"valid"`
	Problems     []ImportProblem `json:"problems"`
	ProblemCount int             `json:"problemCount"`
	New          int             `json:"new"`
	Changed      int             `json:"changed"`
	Ended        int             `json:"ended"`
	Unchanged    int             `json:"unchanged"`
	Departments  int             `json:"departmentsCreated"`
	Written      bool            `json:"written"`
}

// InterruptedImport is an import that a crash or power loss interrupted: the unlock afterwards
// undid it (Undone), so nothing of it is in the vault; importing the same file again writes it.
type InterruptedImport struct {
	Employer string `json:"employer"` // employer name
	Started  string `json:"started"`  // RFC 3339
	Rows     int    `json:"rows"`
	Undone   bool   `json:"undone"`
}

// Import is the facade of the import screen: choose a file, map its columns, check it (the dry
// run), then write it all or nothing with progress and cancel.
type Import struct {
	s *Session

	mu     sync.Mutex
	cancel context.CancelFunc // of the running import; nil when none runs
}

// ChooseFile asks for a payroll export; "" means the user cancelled.
func (im *Import) ChooseFile() (_ string, err error) {
	defer im.s.recovered("Import.ChooseFile", &err)
	return im.s.platformNow().OpenFile("Bestand importeren / Import file", "CSV, Excel (*.csv, *.txt, *.xlsx)", "*.csv;*.txt;*.xlsx")
}

// Fields lists the canonical columns in the order of the template.
func (im *Import) Fields() []ImportField {
	req := map[string]bool{}
	for _, c := range importer.Required {
		req[c] = true
	}
	out := make([]ImportField, len(importer.Canonical))
	for i, c := range importer.Canonical {
		out[i] = ImportField{Name: c, Required: req[c]}
	}
	return out
}

// Layouts lists the payroll layouts Kluis knows, in detection order.
func (im *Import) Layouts() []ImportLayout {
	var out []ImportLayout
	for _, l := range importer.Layouts() {
		out = append(out, ImportLayout{Name: l.Name, Title: l.Title})
	}
	return out
}

// Check reads the file with the mapping and reports problems and what an import would do;
// nothing is written.
func (im *Import) Check(req ImportRequest) (_ ImportReport, err error) {
	defer im.s.recovered("Import.Check", &err)
	return im.run(req, false)
}

// Commit writes the file when it has no problems (otherwise the report lists them and nothing
// is written). Progress arrives as EventImportProgress; Cancel stops it and undoes what was
// written.
func (im *Import) Commit(req ImportRequest) (_ ImportReport, err error) {
	defer im.s.recovered("Import.Commit", &err)
	return im.run(req, true)
}

// Cancel stops the running check or import; a cancelled import leaves the vault as it was.
func (im *Import) Cancel() {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.cancel != nil {
		im.cancel()
	}
}

// Interrupted lists the imports a crash interrupted and this unlock undid.
func (im *Import) Interrupted() (_ []InterruptedImport, err error) {
	defer im.s.recovered("Import.Interrupted", &err)
	ws, err := im.s.workspace()
	if err != nil {
		return nil, err
	}
	dir := ws.Directory()
	journals := people.InterruptedImports(ws.Session())
	employers, err := dir.Employers()
	if err != nil {
		return nil, im.s.fail("list employers", err)
	}
	names := map[vault.ID]string{}
	for _, e := range employers {
		names[e.ID] = e.Name
	}
	out := make([]InterruptedImport, len(journals))
	for i, j := range journals {
		out[i] = InterruptedImport{Employer: names[j.Employer], Started: j.Started.UTC().Format(time.RFC3339), Rows: j.Rows, Undone: j.Undone}
	}
	return out, nil
}

// SaveTemplate asks where to save the empty import template (format "csv" or "xlsx") and writes
// it; it returns the path, or "" when the user cancelled.
func (im *Import) SaveTemplate(format string) (_ string, err error) {
	defer im.s.recovered("Import.SaveTemplate", &err)
	if format != "csv" && format != "xlsx" {
		ae := codeMessage(workspace.CodeInvalidInput, "The template format must be csv or xlsx.")
		ae.Fields = map[string]string{"format": importer.ErrorCode(importer.ErrTemplateFormat)}
		return "", ae
	}
	path, err := im.s.platformNow().SaveFile("Importsjabloon opslaan / Save import template", "kluis-import."+format,
		format, "*."+format)
	if err != nil || path == "" {
		return "", err
	}
	if filepath.Ext(path) != "."+format {
		path += "." + format
	}
	if err := writeFileAtomic(path, func(f *os.File) error { return importer.Template(f, format) }); err != nil {
		return "", im.s.fail("save template", err)
	}
	return path, nil
}

// MaxProblemListBytes caps the problem list the window asks to save: a thousand lines of
// line, column and problem text fit many times over.
const MaxProblemListBytes = 2 << 20

// SaveProblemList asks where to save the check's problem list and writes csv, which the window
// built from the problems it shows (line, column and translated problem text; never a cell's
// value), as UTF-8 with a byte-order mark so that Excel reads the accents. It returns the path,
// or "" when the user cancelled.
func (im *Import) SaveProblemList(csv string) (_ string, err error) {
	defer im.s.recovered("Import.SaveProblemList", &err)
	if csv == "" || len(csv) > MaxProblemListBytes {
		return "", codeMessage(workspace.CodeInvalidInput, "The problem list is empty or too long.")
	}
	path, err := askSavePath(im.s.platformNow(), "Problemen opslaan / Save problems", "importproblemen.csv", "CSV", ".csv")
	if err != nil || path == "" {
		return "", err
	}
	err = writeFileAtomic(path, func(f *os.File) error {
		_, err := f.WriteString("\ufeff" + csv)
		return err
	})
	if err != nil {
		return "", im.s.fail("save problem list", err)
	}
	return path, nil
}

func (im *Import) run(req ImportRequest, write bool) (ImportReport, error) {
	ws, err := im.s.workspace()
	if err != nil {
		return ImportReport{}, err
	}
	employer, err := im.employer(ws, req.Employer)
	if err != nil {
		return ImportReport{}, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	im.mu.Lock()
	if im.cancel != nil {
		im.mu.Unlock()
		return ImportReport{}, codeError(workspace.CodeImportBusy)
	}
	im.cancel = cancel
	im.mu.Unlock()
	defer func() {
		im.mu.Lock()
		im.cancel = nil
		im.mu.Unlock()
	}()

	f, err := os.Open(req.Path)
	if err != nil {
		return ImportReport{}, codeMessage(workspace.CodeImportUnreadable, "The file cannot be opened.")
	}
	defer f.Close()
	platform := im.s.platformNow()
	platform.Emit(EventImportProgress, ImportProgress{Phase: ImportPhaseChecking})
	r := imports.Request{Name: filepath.Base(req.Path), Employer: employer, Map: req.Mapping, Layout: req.Layout}
	var rep imports.Report
	if write {
		// The progress callback runs inside the directory's lock: it touches the activity
		// atomic and emits, nothing that could wait for a lock.
		rep, err = ws.Import(ctx, f, r, func(done, total int) {
			im.s.Touch() // a long import is activity: the idle lock waits
			platform.Emit(EventImportProgress, ImportProgress{Phase: ImportPhaseWriting, Done: done, Total: total})
		})
	} else {
		rep, err = ws.CheckImport(ctx, f, r)
	}
	if err != nil && !errors.Is(err, imports.ErrProblems) {
		return ImportReport{}, fileProblem(im.s.fail("import", err), err)
	}
	out := importReport(req.Path, rep)
	platform.Emit(EventImportProgress, ImportProgress{Phase: ImportPhaseDone, Done: out.Rows, Total: out.Rows})
	return out, nil
}

// employer picks the import's employer: the one named, or the only one.
func (im *Import) employer(ws *workspace.Workspace, id string) (vault.ID, error) {
	if id != "" {
		return parseID(id)
	}
	e, err := ws.OnlyEmployer()
	if err != nil {
		return vault.ID{}, im.s.fail("choose employer", err)
	}
	return e.ID, nil
}

func importReport(path string, rep imports.Report) ImportReport {
	t := rep.Table
	out := ImportReport{Path: path, FileName: filepath.Base(path), Format: t.Format, Encoding: t.Encoding,
		Separator: t.Separator, Sheet: t.Sheet, Layout: t.Layout, Sample: t.Sample, Rows: rep.Rows,
		Valid: rep.Valid, ProblemCount: len(rep.Problems), New: rep.Result.New, Changed: rep.Result.Changed,
		Ended: rep.Result.Ended, Unchanged: rep.Result.Unchanged, Departments: rep.Result.DepartmentsCreated,
		Written: rep.Written, Columns: []ImportColumn{}, Problems: []ImportProblem{}, Missing: []string{}}
	if out.Sample == nil {
		out.Sample = [][]string{}
	}
	mapped := map[string]bool{}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, ImportColumn{Header: c.Header, Field: c.Canonical})
		mapped[c.Canonical] = true
	}
	for _, c := range importer.Required {
		if !mapped[c] {
			out.Missing = append(out.Missing, c)
		}
	}
	for i, p := range rep.Problems {
		if i == MaxListedProblems {
			break
		}
		out.Problems = append(out.Problems, ImportProblem{Line: p.Line, Column: p.Column, Code: p.Code,
			Params: problemParams(p.Params), Message: p.Message})
	}
	return out
}

// problemParams writes a problem's params as text, the way the window's catalogue fills them in.
func problemParams(params map[string]any) map[string]string {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]string, len(params))
	for k, v := range params {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// fileProblem adds to the error of a file that cannot be read the reason's code (file_empty,
// file_too_large, ..., mapping_invalid, layout_unknown) as Fields["file"], for the window to
// translate; ae is the error's AppError.
func fileProblem(ae error, err error) error {
	var app *AppError
	if code := importer.ErrorCode(err); code != "" && errors.As(ae, &app) && app.Code == workspace.CodeImportUnreadable {
		app.Fields = map[string]string{"file": code}
	}
	return ae
}

// writeFileAtomic writes a file through a temporary sibling and a rename (internal/atomicfile).
func writeFileAtomic(path string, write func(*os.File) error) error {
	if err := atomicfile.Write(path, write); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return nil
}
