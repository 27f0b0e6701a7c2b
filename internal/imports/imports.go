package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"kluis/internal/importer"
	"kluis/internal/people"
	"kluis/internal/validate"
	"kluis/internal/vault"
)

// Request names the file and how to read it.
type Request struct {
	Name     string            // file name (its extension helps detect the format)
	Employer vault.ID          // the employer the rows belong to
	Map      map[string]string // header → canonical column, or "-" not to import it (importer.Options.Map)
	Layout   string            // force a payroll layout (importer.Layout*); "" detects it
}

// Report is what a check or an import found and did.
type Report struct {
	Table    *importer.Table    // format, layout, columns, unknown headers (rows are dropped after use)
	Rows     int                // data rows in the file
	Valid    int                // rows that were checked and passed every rule
	Problems []importer.Problem // every problem, by line
	Result   people.ImportResult
	// Planned is true when the rows were compared with the vault: Result is the plan of a
	// dry run (DepartmentsCreated counts the departments it would create) or what was
	// written. It is false for a file checked on its own or a file with problems.
	Planned bool
	// Written is true when the rows were written (Apply with no problems).
	Written bool
}

// Problem codes of the use case, next to the reader's (importer.Code*) and the field rules'
// (validate.Code, e.g. required, bsn_elfproef, duplicate for a persnr twice).
const (
	// CodeNoRows: the file has a header but no data rows; nothing to import.
	CodeNoRows = "no_rows"
)

// ErrProblems is returned by Apply when the file has problems; nothing was written.
var ErrProblems = errors.New("imports: the file has problems; nothing was written")

// Check reads the file and checks every row without writing: the dry run. With a Directory
// the rows are also compared with the vault (the plan: new, changed, ended, unchanged,
// departments to create); dir may be nil to check a file on its own.
func Check(ctx context.Context, dir *people.Directory, today time.Time, r io.Reader, req Request) (Report, error) {
	return run(ctx, dir, today, r, req, false, nil)
}

// Apply reads, checks and, when every row is clean, writes the file. With problems it writes
// nothing and returns the report with ErrProblems. progress may be nil.
func Apply(ctx context.Context, dir *people.Directory, today time.Time, r io.Reader, req Request, progress func(done, total int)) (Report, error) {
	if dir == nil {
		return Report{}, errors.New("imports: Apply needs a Directory")
	}
	return run(ctx, dir, today, r, req, true, progress)
}

// rows is the file's rows as employee inputs, with what is needed to report at the file's
// lines and columns.
type rows struct {
	inputs []people.EmployeeInput
	lines  []int
	emails []emailColumns // which e-mail columns each input's addresses came from
}

// inputChunks collects the inputs as they are read, in chunks of a fixed size: one slice grown
// by append would copy its inputs (about 560 bytes each) again at every doubling, and the
// garbage collector scan every copy: a third of the reading's time at 100,000 rows.
type inputChunks struct {
	full [][]people.EmployeeInput
	cur  []people.EmployeeInput
	n    int
}

const inputChunk = 4096

// rowBatch is how many read rows are handed over at a time to be converted into inputs.
const rowBatch = 512

func (c *inputChunks) add(in people.EmployeeInput) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]people.EmployeeInput, 0, inputChunk)
	}
	c.cur = append(c.cur, in)
	c.n++
}

// all returns the inputs in one slice (one copy) and lets the chunks go.
func (c *inputChunks) all() []people.EmployeeInput {
	out := make([]people.EmployeeInput, 0, c.n)
	for _, ch := range append(c.full, c.cur) {
		out = append(out, ch...)
	}
	*c = inputChunks{}
	return out
}

// emailColumns says which of a row's e-mail columns held a value: all a problem report needs
// of the row's cells (see columnOf), where keeping every row's cells would cost a million-row
// import over a gigabyte.
type emailColumns uint8

const (
	hasEmailPrivate emailColumns = 1 << iota // the email_private column had a value
	hasEmailWork                             // the email_work column had a value
	hasEmail                                 // the shared email column had a value
)

func emailColumnsOf(v map[string]string) emailColumns {
	var e emailColumns
	if v[people.FieldEmailPrivate] != "" {
		e |= hasEmailPrivate
	}
	if v[people.FieldEmailWork] != "" {
		e |= hasEmailWork
	}
	if v[importer.ColEmail] != "" {
		e |= hasEmail
	}
	return e
}

// run is the use case: read (importer) → the checkable rows as people.EmployeeInput → check
// them once, with the vault (people.PlanImport/ApplyImport) or without (people.CheckInputs) →
// a report at the file's lines.
func run(ctx context.Context, dir *people.Directory, today time.Time, r io.Reader, req Request, write bool, progress func(done, total int)) (Report, error) {
	var rs rows
	var inputs inputChunks
	read := 0
	// Each row becomes an input as it is read, on a second goroutine that takes the rows in
	// batches (reading the next rows and converting these overlap), so a row's cells are
	// garbage at once, not after the last row.
	batches := make(chan []importer.Row, 4)
	converted := make(chan struct{})
	go func() {
		defer close(converted)
		for batch := range batches {
			for _, row := range batch {
				inputs.add(Input(row.Values))
				rs.lines = append(rs.lines, row.Line)
				rs.emails = append(rs.emails, emailColumnsOf(row.Values))
			}
		}
	}()
	var batch []importer.Row
	tbl, err := importer.Read(r, req.Name, importer.Options{Map: req.Map, Layout: req.Layout, Rows: func(row importer.Row) {
		read++
		batch = append(batch, row)
		if len(batch) == rowBatch {
			batches <- batch
			batch = make([]importer.Row, 0, rowBatch)
		}
	}})
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	<-converted
	if err != nil {
		return Report{}, err
	}
	rs.inputs = inputs.all()
	rep := Report{Table: tbl, Rows: read, Problems: append([]importer.Problem(nil), tbl.Problems...)}
	if read == 0 {
		rep.Problems = append(rep.Problems, importer.Problem{Line: tbl.HeaderLine, Code: CodeNoRows,
			Message: fmt.Sprintf("line %d: the file has a header but no data rows; nothing to import", tbl.HeaderLine)})
	}
	rs = checkable(tbl, rs)
	n := len(rs.inputs)
	if n == 0 {
		return finish(rep, 0, write)
	}

	var bad []people.RowError
	switch {
	case dir == nil:
		bad, err = people.CheckInputs(ctx, rs.inputs, today)
	case len(rep.Problems) > 0:
		// Check the rows anyway, to list every problem at once; nothing is planned.
		_, err = dir.PlanImport(ctx, req.Employer, rs.inputs)
	case write:
		rep.Result, err = dir.ApplyImportTaking(ctx, req.Employer, &rs.inputs, progress) // the inputs go once checked
	default:
		rep.Result, err = dir.PlanImport(ctx, req.Employer, rs.inputs)
	}
	var ie *people.ImportError
	if errors.As(err, &ie) {
		bad, err = ie.Rows, nil
	}
	if err != nil && (len(rep.Problems) == 0 || ctx.Err() != nil) {
		return rep, err
	}
	rep.Problems = append(rep.Problems, fieldProblems(bad, rs)...)
	if len(rep.Problems) > 0 {
		rep.Result = people.ImportResult{}
		return finish(rep, n-len(bad), write)
	}
	rep.Planned, rep.Written = dir != nil, write
	return finish(rep, n, write)
}

// finish sorts the problems by line and sets Valid, the rows checked without a problem.
func finish(rep Report, valid int, write bool) (Report, error) {
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	rep.Valid = valid
	if len(rep.Problems) > 0 && write {
		return rep, ErrProblems
	}
	return rep, nil
}

// checkable keeps the rows whose values the field rules can judge: none when the header lacks a
// required column or recognises none (every row would repeat that problem), and not a row the
// reader already found a problem on.
func checkable(tbl *importer.Table, rs rows) rows {
	readerBad := map[int]bool{}
	for _, p := range tbl.Problems {
		if p.Code == importer.CodeMissingColumn || p.Code == importer.CodeNoKnownColumns {
			return rows{}
		}
		readerBad[p.Line] = true
	}
	if len(readerBad) == 0 {
		return rs
	}
	keep := 0
	for i, line := range rs.lines {
		if readerBad[line] {
			continue
		}
		rs.inputs[keep], rs.lines[keep], rs.emails[keep] = rs.inputs[i], line, rs.emails[i]
		keep++
	}
	clear(rs.inputs[keep:])
	rs.inputs, rs.lines, rs.emails = rs.inputs[:keep], rs.lines[:keep], rs.emails[:keep]
	return rs
}

// fieldProblems turns the field rules' row errors into problems at the file's lines and
// columns; a persnr twice names the line it was first on (Params "first"), a BSN another
// employee has names that employee's persnr (Params "persnr").
func fieldProblems(bad []people.RowError, rs rows) []importer.Problem {
	var out []importer.Problem
	for _, r := range bad {
		emails := rs.emails[r.Row]
		ps := importer.FieldProblems(rs.lines[r.Row], r.Fields, func(field string) string { return columnOf(emails, field) })
		for i := range ps {
			if ps[i].Column == people.FieldBSN && r.Fields[people.FieldBSN] == validate.BSNTaken && len(r.Params[people.FieldBSN]) > 0 {
				// The employee who has the BSN, by persnr (never the BSN itself).
				owner := r.Params[people.FieldBSN][0]
				ps[i].Params = map[string]any{"persnr": owner}
				ps[i].Message += fmt.Sprintf(" (persnr %s)", owner)
				continue
			}
			if ps[i].Column != importer.ColPersnr || r.Fields[people.FieldPersnr] != validate.Duplicate {
				continue
			}
			first := rs.lines[r.FirstRow]
			ps[i].Params = map[string]any{"first": first}
			ps[i].Message += fmt.Sprintf(" (first on line %d)", first)
		}
		out = append(out, ps...)
	}
	return out
}

// columnOf is the file column a field's value came from: the field itself, except for the
// e-mail addresses Input took from the `email` column.
func columnOf(emails emailColumns, field string) string {
	var own emailColumns
	switch field {
	case people.FieldEmailPrivate:
		own = hasEmailPrivate
	case people.FieldEmailWork:
		own = hasEmailWork
	default:
		return field
	}
	if emails&own == 0 && emails&hasEmail != 0 {
		return importer.ColEmail
	}
	return field
}

// Input maps one row's canonical columns to an employee input (see doc.go for the e-mail and
// phone choices). Every canonical column but `email` is an input field of the same name
// (people.EmployeeInput.Fields).
func Input(v map[string]string) people.EmployeeInput {
	var in people.EmployeeInput
	fields := in.FieldArray()
	for _, f := range fields {
		*f.Value = v[f.Name]
	}
	if email := v[importer.ColEmail]; email != "" {
		switch {
		case in.EmailPrivate == "":
			in.EmailPrivate = email
		case in.EmailWork == "":
			in.EmailWork = email
		}
	}
	return in
}
