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
	m[strings.TrimSpace(col)] = strings.TrimSpace(field)
	return nil
}

func runImport(c *context, args []string) int {
	const usage = "kluis import --vault DIR [--employer KVK] [--dry-run] [--map COLUMN=FIELD]... [--layout NAME] [--json] [--passphrase-file FILE] [--user EMAIL] FILE"
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
		return c.checkFileOnly(path, mapping, *layout, *asJSON)
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
			fmt.Fprintf(c.env.Stderr, "kluis import: %d of %d rows written\n", done, total)
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
func (c *context) checkFileOnly(path string, mapping mapFlags, layout string, asJSON bool) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %v\n", err)
		return ExitFailed
	}
	defer f.Close()
	tbl, err := importer.Read(f, path, importer.Options{Map: mapping, Layout: layout})
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %s: %v\n", path, err)
		return ExitFailed
	}
	checked, problems := importer.Check(tbl, time.Now())
	rep := imports.Report{Table: tbl, Rows: len(tbl.Rows), Valid: len(checked), Problems: problems}
	c.printImport(path, rep, asJSON)
	if !asJSON {
		fmt.Fprintln(c.env.Stdout, "(No vault at this location: the file was checked on its own, not compared with stored employees.)")
	}
	if len(problems) > 0 {
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
	if asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		for _, p := range rep.Problems {
			_ = enc.Encode(p)
		}
		_ = enc.Encode(sum)
		return
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(c.env.Stdout, p.Message)
	}
	if len(tbl.Unknown) > 0 {
		fmt.Fprintf(c.env.Stdout, "Columns not imported (map them with --map COLUMN=FIELD): %s\n", strings.Join(tbl.Unknown, ", "))
	}
	layout := tbl.Layout
	if layout == "" {
		layout = "(none recognised)"
	}
	fmt.Fprintf(c.env.Stdout, "%s: layout %s, %d rows, %d valid, %d problems", path, layout, sum.Rows, sum.Valid, sum.Problems)
	switch {
	case sum.Problems > 0:
		fmt.Fprintln(c.env.Stdout, "; nothing written.")
	case rep.Written:
		fmt.Fprintf(c.env.Stdout, "; written: %d new, %d changed, %d ended, %d unchanged, %d departments created.\n",
			sum.New, sum.Changed, sum.Ended, sum.Unchanged, sum.Departments)
	case rep.Result.Rows != nil || sum.Unchanged > 0:
		fmt.Fprintf(c.env.Stdout, "; would write: %d new, %d changed, %d ended, %d unchanged, %d departments to create; nothing written (dry run).\n",
			sum.New, sum.Changed, sum.Ended, sum.Unchanged, sum.Departments)
	default:
		fmt.Fprintln(c.env.Stdout, "; nothing written (dry run).")
	}
}
