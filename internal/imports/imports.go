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
	"kluis/internal/vault"
)

// Request names the file and how to read it.
type Request struct {
	Name     string            // file name (its extension helps detect the format)
	Employer vault.ID          // the employer the rows belong to
	Map      map[string]string // header → canonical column (importer.Options.Map)
	Layout   string            // force a payroll layout (importer.Layout*); "" detects it
}

// Report is what a check or an import found and did.
type Report struct {
	Table    *importer.Table    // format, layout, columns, unknown headers (rows are dropped after use)
	Rows     int                // data rows in the file
	Valid    int                // rows that passed every rule
	Problems []importer.Problem // every problem, by line
	Result   people.ImportResult
	// Written is true when the rows were written (Apply with no problems).
	Written bool
}

// ErrProblems is returned by Apply when the file has problems; nothing was written.
var ErrProblems = errors.New("imports: the file has problems; nothing was written")

// Check reads the file and plans the import without writing: the dry run.
func Check(ctx context.Context, dir *people.Directory, today time.Time, r io.Reader, req Request) (Report, error) {
	return run(ctx, dir, today, r, req, false, nil)
}

// Apply reads, checks and, when every row is clean, writes the file. With problems it writes
// nothing and returns the report with ErrProblems. progress may be nil.
func Apply(ctx context.Context, dir *people.Directory, today time.Time, r io.Reader, req Request, progress func(done, total int)) (Report, error) {
	return run(ctx, dir, today, r, req, true, progress)
}

func run(ctx context.Context, dir *people.Directory, today time.Time, r io.Reader, req Request, write bool, progress func(done, total int)) (Report, error) {
	tbl, err := importer.Read(r, req.Name, importer.Options{Map: req.Map, Layout: req.Layout})
	if err != nil {
		return Report{}, err
	}
	checked, problems := importer.Check(tbl, today)
	rep := Report{Table: tbl, Rows: len(tbl.Rows), Valid: len(checked), Problems: problems}
	tbl.Rows = nil // the table's cell values are no longer needed; let them go
	if len(problems) > 0 {
		if write {
			return rep, ErrProblems
		}
		return rep, nil
	}
	inputs := make([]people.EmployeeInput, len(checked))
	for i, c := range checked {
		inputs[i] = Input(c.Values)
	}
	if write {
		rep.Result, err = dir.ApplyImport(ctx, req.Employer, inputs, progress)
	} else {
		rep.Result, err = dir.PlanImport(ctx, req.Employer, inputs)
	}
	var ie *people.ImportError
	if errors.As(err, &ie) {
		rep.Problems = rowProblems(ie, checked)
		rep.Valid = len(checked) - len(ie.Rows)
		if write {
			return rep, ErrProblems
		}
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	rep.Written = write
	return rep, nil
}

// rowProblems turns the people package's row errors into problems at the file's lines.
func rowProblems(ie *people.ImportError, checked []importer.Checked) []importer.Problem {
	var out []importer.Problem
	for _, r := range ie.Rows {
		line := checked[r.Row].Line
		cols := make([]string, 0, len(r.Fields))
		for c := range r.Fields {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		for _, c := range cols {
			code := r.Fields[c]
			out = append(out, importer.Problem{Line: line, Column: c, Code: string(code),
				Message: fmt.Sprintf("line %d, column %s: %s", line, c, code.Describe())})
		}
	}
	return out
}

// Input maps one checked row's canonical columns to an employee input (see doc.go for the
// e-mail and phone choices).
func Input(v map[string]string) people.EmployeeInput {
	in := people.EmployeeInput{
		Persnr: v[importer.ColPersnr], Department: v[importer.ColAfdeling],
		Initials: v[importer.ColVoorletters], FirstName: v[importer.ColRoepnaam], FirstNames: v[importer.ColVoornamen],
		Prefix: v[importer.ColTussenvoegsel], Surname: v[importer.ColAchternaam],
		PartnerPrefix: v[importer.ColPartnerTussenvoegsel], PartnerSurname: v[importer.ColPartnerAchternaam],
		NameUsage: v[importer.ColNaamgebruik], Gender: v[importer.ColGeslacht],
		BSN: v[importer.ColBSN], BirthDate: v[importer.ColGeboortedatum],
		Street: v[importer.ColStraat], Number: v[importer.ColHuisnummer], Addition: v[importer.ColToevoeging],
		Postcode: v[importer.ColPostcode], City: v[importer.ColWoonplaats], Country: v[importer.ColLand],
		PhoneMobile: v[importer.ColTelefoon], PhoneWork: v[importer.ColTelefoonWerk], PhonePrivate: v[importer.ColTelefoonPrive],
		EmailWork: v[importer.ColEmailWerk], EmailPrivate: v[importer.ColEmailPrive],
		Start: v[importer.ColDatumInDienst], End: v[importer.ColDatumUitDienst], Hours: v[importer.ColUrenPerWeek],
		CostCentre: v[importer.ColKostenplaats], JobTitle: v[importer.ColFunctie],
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
