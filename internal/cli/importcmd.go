package cli

import (
	stdctx "context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"kluis/internal/importer"
	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// mapFlags collects repeated --map COLUMN=FIELD options.
type mapFlags map[string]string

func (m mapFlags) String() string { return fmt.Sprint(map[string]string(m)) }

func (m mapFlags) Set(v string) error {
	col, field, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(col) == "" {
		return errors.New("use --map COLUMN=FIELD (FIELD empty or - ignores the column)")
	}
	return m.put(strings.TrimSpace(col), strings.TrimSpace(field))
}

func (m mapFlags) put(col, field string) error {
	if old, dup := m[col]; dup && old != field {
		return fmt.Errorf("column %q is given twice (--map/--ignore)", col)
	}
	m[col] = field
	return nil
}

// ignoreFlags adds repeated --ignore COLUMN options to the mapping as COLUMN=-: the explicit
// choice not to import a column that holds data ("" for the columns without a name).
type ignoreFlags struct{ m mapFlags }

func (f ignoreFlags) String() string { return "" }

func (f ignoreFlags) Set(v string) error { return f.m.put(strings.TrimSpace(v), "-") }

func runImport(c *context, args []string) int {
	const usage = "kluis import --vault DIR [--employer KVK] [--dry-run] [--map COLUMN=FIELD]... [--ignore COLUMN]... [--layout NAME] [--json] [--passphrase-file FILE] [--user EMAIL] FILE"
	fs := c.newFlags("import")
	vaultDir := fs.String("vault", c.vault, "vault folder")
	employerKvK := fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	dryRun := fs.Bool("dry-run", false, "check the file, compare it with the vault and list every problem; write nothing")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of FILE")
	user := fs.String("user", "", "acting user's e-mail (default: the only admin)")
	layout := fs.String("layout", "", "force the payroll layout (kluis, nmbrs, afas, loket, raet, exact) when numeric codes are ambiguous")
	mapping := mapFlags{}
	fs.Var(mapping, "map", "map a file column to a Kluis field, e.g. --map Achternaam=achternaam (repeatable)")
	fs.Var(ignoreFlags{mapping}, "ignore", "do not import a file column that holds data, e.g. --ignore Loonheffing (repeatable; \"\" for columns without a name)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return c.usageError("import", "name exactly one file\nUsage: %s", usage)
	}
	path := fs.Arg(0)
	dir, err := resolveVaultDir(*vaultDir, c.env)
	if err != nil {
		return c.usageError("import", "%v", err)
	}
	exists, err := vault.Exists(dir)
	if err != nil {
		return c.fail("import", err)
	}
	if !exists && *dryRun {
		return c.checkFileOnly(path, imports.Request{Name: filepath.Base(path), Map: mapping, Layout: *layout}, *asJSON)
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %v\n", err)
		return ExitFailed
	}
	defer f.Close()
	ws, done, code := c.open("import", dir, *user, *passFile)
	if ws == nil {
		return code
	}
	defer done()
	employer, code := c.pickEmployer("import", ws, *employerKvK)
	if code != ExitOK {
		return code
	}
	// Ctrl+C cancels; a cancelled import is undone, so the vault stays as it was.
	ctx, stop := signal.NotifyContext(stdctx.Background(), os.Interrupt)
	defer stop()
	req := imports.Request{Name: filepath.Base(path), Employer: employer.ID, Map: mapping, Layout: *layout}
	var rep imports.Report
	if *dryRun {
		rep, err = ws.CheckImport(ctx, f, req)
	} else {
		rep, err = ws.Import(ctx, f, req, c.importProgress())
	}
	if err != nil && !errors.Is(err, imports.ErrProblems) {
		if rep.Table == nil && workspace.Explain(err).Code == workspace.CodeImportUnreadable {
			fmt.Fprintf(c.env.Stderr, "kluis import: %s: %v\n", path, err)
			return ExitFailed
		}
		return c.fail("import", err)
	}
	c.printImport(path, rep, *asJSON)
	if len(rep.Problems) > 0 {
		return ExitFailed
	}
	return ExitOK
}

// importProgress prints the write progress to stderr in steps of a tenth.
func (c *context) importProgress() func(done, total int) {
	last := -1
	return func(done, total int) {
		if total == 0 {
			return
		}
		step := done * 10 / total
		if step != last && done > 0 {
			last = step
			fmt.Fprintf(c.env.Stderr, "kluis import: %s\n", imports.Progress(done, total))
		}
	}
}

// pickEmployer finds the employer by KvK number, or the only one.
func (c *context) pickEmployer(cmd string, ws *workspace.Workspace, kvk string) (people.Employer, int) {
	if kvk != "" {
		e, err := ws.Directory().EmployerByKvK(kvk)
		if errors.Is(err, people.ErrEmployerNotFound) {
			return e, c.usageError(cmd, "no employer with KvK number %s in this vault", kvk)
		}
		if err != nil {
			return e, c.fail(cmd, err)
		}
		return e, ExitOK
	}
	e, err := ws.OnlyEmployer()
	var choice *workspace.EmployerChoiceError
	if errors.As(err, &choice) {
		return e, c.usageError(cmd, "the vault holds %d employers; choose one with --employer KVK (%s)", len(choice.KvKs), strings.Join(choice.KvKs, ", "))
	}
	if err != nil {
		return e, c.fail(cmd, err)
	}
	return e, ExitOK
}

// checkFileOnly is a dry run without a vault: the file's own problems, no comparison.
func (c *context) checkFileOnly(path string, req imports.Request, asJSON bool) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %v\n", err)
		return ExitFailed
	}
	defer f.Close()
	rep, err := imports.Check(stdctx.Background(), nil, time.Now(), f, req)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %s: %v\n", path, err)
		return ExitFailed
	}
	c.printImport(path, rep, asJSON)
	if !asJSON {
		fmt.Fprintln(c.env.Stdout, "(No vault at this location: the file was checked on its own, not compared with stored employees.)")
	}
	if len(rep.Problems) > 0 {
		return ExitFailed
	}
	return ExitOK
}

// importSummary is the closing line of an import.
type importSummary struct {
	File        string   `json:"file"`
	Layout      string   `json:"layout"`
	Rows        int      `json:"rows"`
	Valid       int      `json:"valid"`
	Problems    int      `json:"problems"`
	Unknown     []string `json:"unknown_columns,omitempty"`
	New         int      `json:"new"`
	Changed     int      `json:"changed"`
	Ended       int      `json:"ended"`
	Unchanged   int      `json:"unchanged"`
	Departments int      `json:"departments_created"`
	Written     int      `json:"written"`
}

func (c *context) printImport(path string, rep imports.Report, asJSON bool) {
	tbl := rep.Table
	sum := importSummary{File: path, Layout: tbl.Layout, Rows: rep.Rows, Valid: rep.Valid,
		Problems: len(rep.Problems), Unknown: tbl.Unknown, New: rep.Result.New, Changed: rep.Result.Changed,
		Ended: rep.Result.Ended, Unchanged: rep.Result.Unchanged, Departments: rep.Result.DepartmentsCreated}
	if rep.Written {
		sum.Written = sum.New + sum.Changed + sum.Ended
	}
	for _, p := range rep.Problems {
		if p.Code == importer.CodeNoKnownColumns {
			sum.Unknown = nil // the first line may be data: do not print it
		}
	}
	if asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		for _, p := range rep.Problems {
			_ = enc.Encode(p)
		}
		_ = enc.Encode(sum)
		return
	}
	var unmapped []string
	for _, p := range rep.Problems {
		fmt.Fprintln(c.env.Stdout, p.Message)
		if p.Code != importer.CodeUnmappedColumn {
			continue
		}
		if h, _ := p.Params["header"].(string); h != "" {
			unmapped = append(unmapped, fmt.Sprintf("%q", h))
		} else {
			unmapped = append(unmapped, fmt.Sprintf("column %v (no name: --ignore \"\")", p.Params["column"]))
		}
	}
	switch {
	case len(unmapped) == 1:
		fmt.Fprintf(c.env.Stdout, "A column holds data but is not imported: %s. Map it with --map COLUMN=FIELD, or leave it out with --ignore COLUMN.\n", unmapped[0])
	case len(unmapped) > 1:
		fmt.Fprintf(c.env.Stdout, "%d columns hold data but are not imported: %s. Map each with --map COLUMN=FIELD, or leave it out with --ignore COLUMN.\n",
			len(unmapped), strings.Join(unmapped, ", "))
	case len(sum.Unknown) > 0:
		fmt.Fprintf(c.env.Stdout, "Not imported: %s.\n", strings.Join(sum.Unknown, ", "))
	}
	fmt.Fprintf(c.env.Stdout, "%s: %s\n", path, rep.Summary())
}
