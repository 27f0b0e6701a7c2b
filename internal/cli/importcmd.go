package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"kluis/internal/importer"
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
	const usage = "kluis import --vault DIR [--employer KVK] [--dry-run] [--map COLUMN=FIELD]... [--json] FILE"
	fs := c.newFlags("import")
	_ = fs.String("vault", c.vault, "vault folder")
	_ = fs.String("employer", "", "employer's KvK number (when the vault holds several)")
	dryRun := fs.Bool("dry-run", false, "check the file and list every problem; write nothing")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	mapping := mapFlags{}
	fs.Var(mapping, "map", "map a file column to a Kluis field, e.g. --map Achternaam=achternaam (repeatable)")
	if code, ok := parse(fs, usage, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return c.usageError("import", "name exactly one file\nUsage: %s", usage)
	}
	if !*dryRun {
		fmt.Fprintln(c.env.Stderr, "kluis import: writing employees into the vault is not available yet; use --dry-run to check a file")
		return ExitUsage
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %v\n", err)
		return ExitFailed
	}
	defer f.Close()
	tbl, err := importer.Read(f, path, importer.Options{Map: mapping})
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis import: %s: %v\n", path, err)
		return ExitFailed
	}
	checked, problems := importer.Check(tbl, time.Now())
	c.printImportCheck(path, tbl, checked, problems, *asJSON)
	if len(problems) > 0 {
		return ExitFailed
	}
	return ExitOK
}

// importSummary is the closing line of a dry run.
type importSummary struct {
	File     string   `json:"file"`
	Layout   string   `json:"layout"`
	Rows     int      `json:"rows"`
	Valid    int      `json:"valid"`
	Problems int      `json:"problems"`
	Unknown  []string `json:"unknown_columns,omitempty"`
	Written  int      `json:"written"`
}

func (c *context) printImportCheck(path string, tbl *importer.Table, checked []importer.Checked, problems []importer.Problem, asJSON bool) {
	sum := importSummary{File: path, Layout: tbl.Layout, Rows: len(tbl.Rows), Valid: len(checked),
		Problems: len(problems), Unknown: tbl.Unknown}
	if asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		for _, p := range problems {
			_ = enc.Encode(p)
		}
		_ = enc.Encode(sum)
		return
	}
	for _, p := range problems {
		fmt.Fprintln(c.env.Stdout, p.Message)
	}
	if len(tbl.Unknown) > 0 {
		fmt.Fprintf(c.env.Stdout, "Columns not imported (map them with --map COLUMN=FIELD): %s\n", strings.Join(tbl.Unknown, ", "))
	}
	fmt.Fprintf(c.env.Stdout, "%s: layout %s, %d rows, %d valid, %d problems; nothing written (dry run).\n",
		path, tbl.Layout, sum.Rows, sum.Valid, sum.Problems)
}
