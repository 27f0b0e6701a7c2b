package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"kluis/internal/validate"
)

// Limits. A file over MaxInputBytes, a record with more than MaxColumns fields or more
// than MaxRows data rows is refused as a whole; a header cell over MaxFieldChars is a
// Problem. Data cells are not capped here: every field's own cap (validate.EmployeeFields) is
// far below MaxFieldChars, and MaxInputBytes bounds the whole.
const (
	MaxInputBytes = 200 << 20 // 200 MiB
	MaxFieldChars = 1000      // characters (runes) per header cell, and per Table.Sample cell
	MaxColumns    = 1024      // fields per record
	MaxRows       = 1_000_000 // data rows
	MaxProblems   = 10_000    // listed problems; the rest are counted in one last Problem
	SampleRows    = 8         // rows kept as written in Table.Sample
)

// Errors for files that cannot be read as a table at all. Read wraps them with %w; the
// message names the reason and, where useful, a line number, never file content.
var (
	ErrEmpty       = errors.New("the file is empty")
	ErrTooLarge    = errors.New("the file is too large")
	ErrBinary      = errors.New("the file is not a text table (binary content)")
	ErrEncoding    = errors.New("the file's character encoding cannot be determined")
	ErrUnsupported = errors.New("unsupported file format")
	ErrSpreadsheet = errors.New("the spreadsheet cannot be read")
	ErrTooManyRows = errors.New("the file has too many rows")
	ErrTooManyCols = errors.New("a line has too many fields")
	ErrMapping     = errors.New("invalid column mapping")
	ErrLayout      = errors.New("unknown layout")
)

// readErrorCodes gives each sentinel of a file that cannot be read a stable code, for the
// UI's message catalogue (ErrorCode).
var readErrorCodes = []struct {
	err  error
	code string
}{
	{ErrEmpty, "file_empty"},
	{ErrTooLarge, "file_too_large"},
	{ErrBinary, "file_binary"},
	{ErrEncoding, "file_encoding"},
	{ErrUnsupported, "file_unsupported"},
	{ErrSpreadsheet, "file_spreadsheet"},
	{ErrTooManyRows, "file_too_many_rows"},
	{ErrTooManyCols, "file_too_many_columns"},
	{ErrMapping, "mapping_invalid"},
	{ErrLayout, "layout_unknown"},
	{ErrTemplateFormat, "template_format"},
}

// ReadErrorCodes lists every code ErrorCode can return.
func ReadErrorCodes() []string {
	out := make([]string, len(readErrorCodes))
	for i, e := range readErrorCodes {
		out[i] = e.code
	}
	return out
}

// ErrorCode is the stable code of an error Read (or Template) returned, for a UI to translate
// instead of the English text; "" for an error that is not one of the package's sentinels.
func ErrorCode(err error) string {
	for _, e := range readErrorCodes {
		if errors.Is(err, e.err) {
			return e.code
		}
	}
	return ""
}

// Problem codes, stable for the UI's message catalogue and for --json output. The reader
// reports only what is wrong with the file's shape; what is wrong with a value (required,
// too long, BSN, dates, ...) is a validate.Code from the field rules, reported by the use
// case (internal/imports) under the same Problem type.
const (
	CodeMissingColumn   = "missing_column"    // a required column is not in the header; Params: columns, count
	CodeNoKnownColumns  = "no_known_columns"  // no header cell was recognised at all
	CodeDuplicateColumn = "duplicate_column"  // two columns have the same name; Params: column, first
	CodeUnmappedColumn  = "unmapped_column"   // a column holds data but no field and no "-" was chosen; Params: column, header
	CodeRaggedRow       = "ragged_row"        // a line has fewer or more fields than the header; Params: fields, expected
	CodeHeaderTooLong   = "header_too_long"   // a header cell is longer than MaxFieldChars; Params: column
	CodeUnknownCode     = "unknown_code"      // naamgebruik/geslacht holds an unknown code
	CodeAmbiguousCode   = "ambiguous_code"    // a numeric naamgebruik code without a layout that defines it
	CodeSyntax          = "syntax"            // CSV quoting error; Params: reason (bare_quote, unclosed_quote, other)
	CodeTooManyProblems = "too_many_problems" // the list was cut at MaxProblems; Params: count
)

// Options steer Read. The zero value detects everything.
type Options struct {
	// Map maps a header as written in the file (matched like known headers:
	// case-insensitive, ignoring spaces, '-', '_', '.' and surrounding brackets) to a
	// canonical column, from --map COLUMN=FIELD, --ignore COLUMN or the mapping screen. A
	// FIELD of "" or "-" is the explicit choice not to import the column (every column
	// without a name, for a header of ""). It overrides the layout.
	Map map[string]string
	// Layout forces a layout (one of the Layout* names) instead of detecting it.
	Layout string
	// MaxBytes lowers the input cap below MaxInputBytes; 0 means MaxInputBytes.
	MaxBytes int64
	// Rows, when set, receives each data row as it is read, and Table.Rows stays empty: a
	// caller that converts rows need not hold every row's cells at once (a million rows' cell
	// maps are over a gigabyte). Table.Problems names the lines of rows with a problem.
	Rows func(Row)
}

// Table is a file read into neutral, typed rows. It is complete even when Problems is
// not empty; a caller commits nothing while Problems is non-empty.
type Table struct {
	Format     string   `json:"format"`              // "csv" or "xlsx"
	Encoding   string   `json:"encoding,omitempty"`  // csv: "utf-8", "utf-8-bom", "windows-1252", "utf-16le", "utf-16be"
	Separator  string   `json:"separator,omitempty"` // csv: ";", ",", "\t" or "|"
	Sheet      string   `json:"sheet,omitempty"`     // xlsx: the sheet read
	Layout     string   `json:"layout"`              // a Layout* name, or "" when none was recognised
	HeaderLine int      `json:"headerLine"`          // the line (csv) or row (xlsx) of the header
	Columns    []Column `json:"columns"`             // every header cell, in file order
	Rows       []Row    `json:"rows"`                // data rows, in file order; blank rows are skipped (none with Options.Rows)
	Unknown    []string `json:"unknown"`             // non-empty headers that map to no column
	// Sample holds the first SampleRows data rows as written, one cell per header column
	// (trimmed, cut at MaxFieldChars), for the mapping screen's preview of unmapped columns.
	Sample   [][]string `json:"sample"`
	Problems []Problem  `json:"problems"`
}

// Column is one header cell.
type Column struct {
	Header    string `json:"header"`    // as written in the file, trimmed
	Canonical string `json:"canonical"` // the canonical column, or "" when unmapped
	Index     int    `json:"index"`     // 0-based position in the record
	// Ignored is true for an unmapped column that is not imported by choice: mapped to "-"
	// (Options.Map) or a column the layout knows holds nothing Kluis keeps.
	Ignored bool `json:"ignored"`
	// HasData is true when a data row has a non-blank cell in this column.
	HasData bool `json:"hasData"`
}

// Row is one data row. Values maps each mapped canonical column to its trimmed text,
// as written in the file (an empty string for an empty cell), with two exceptions:
// naamgebruik is normalised to own, partner, partner-own or own-partner and geslacht to
// M, V, X or O, because their codes mean different things per layout. A code cell that
// cannot be read is left out of Values and has a Problem. Nothing else is checked here:
// every value rule (required, length, control characters, BSN, dates, ...) is the one table
// of validate.EmployeeFields, applied once by the use case (internal/imports).
type Row struct {
	Line   int               `json:"line"` // 1-based physical line (csv) or row number (xlsx)
	Values map[string]string `json:"values"`
}

// Problem is one rule broken at a line. Code is stable and is what a UI translates, with
// Params filling in its text; Message is the English fallback for the CLI and logs. Neither
// holds a cell's content (it may be a BSN or a name): a Message names the line, the column
// and the rule; Params hold numbers, canonical column names and, for CodeUnmappedColumn, the
// header as written (a header names a column; the header of a file whose first line is data
// is never reported so, because such a file recognises no column).
type Problem struct {
	Line    int            `json:"line"`
	Column  string         `json:"column,omitempty"` // canonical column, when one applies
	Code    string         `json:"code"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

func (p Problem) String() string { return p.Message }

// PreviewRows returns at most the first n rows of t, for the mapping screen's preview.
// It is t.Rows[:n]; callers may slice Rows themselves.
func PreviewRows(t *Table, n int) []Row {
	if n < 0 {
		n = 0
	}
	if n > len(t.Rows) {
		n = len(t.Rows)
	}
	return t.Rows[:n]
}

// zip local-file-header magic, and the OLE2 compound-file magic of .xls and of
// password-protected workbooks.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Read reads a payroll export (CSV or XLSX) into a Table. name is the file's name, used
// only for its extension; content decides first (a zip is read as XLSX whatever its
// name). An error means the file cannot be read as a table at all; everything that is
// wrong with single lines is in Table.Problems.
func Read(r io.Reader, name string, opts Options) (*Table, error) {
	limit := int64(MaxInputBytes)
	if opts.MaxBytes > 0 && opts.MaxBytes < limit {
		limit = opts.MaxBytes
	}
	if opts.Layout != "" && findLayout(opts.Layout) == nil {
		return nil, fmt.Errorf("%w: %q", ErrLayout, opts.Layout)
	}
	if err := checkMap(opts.Map); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d MB", ErrTooLarge, limit>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data, opts)
	case bytes.HasPrefix(data, oleMagic):
		return nil, fmt.Errorf("%w: an Excel 97-2003 (.xls) or password-protected workbook; save it as .xlsx or CSV", ErrUnsupported)
	case ext == ".xlsx" || ext == ".xlsm":
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("%w: the file is named %s but is not a workbook", ErrSpreadsheet, ext)
	case ext == ".xls" || ext == ".ods" || ext == ".numbers":
		return nil, fmt.Errorf("%w: %s; save it as .xlsx or CSV", ErrUnsupported, ext)
	}
	return readText(data, opts)
}

// checkMap refuses a mapping to a field that does not exist.
func checkMap(m map[string]string) error {
	for h, f := range m {
		if f == "" || f == "-" {
			continue
		}
		if !canonicalSet[f] {
			return fmt.Errorf("%w: %q is not a column (known: %s)", ErrMapping, f, strings.Join(Canonical, ", "))
		}
		if NormalizeHeader(h) == "" {
			return fmt.Errorf("%w: empty column name for %s", ErrMapping, f)
		}
	}
	return nil
}

// builder turns header and data records into a Table; the CSV and XLSX readers share it.
type builder struct {
	t              *Table
	opts           Options
	layout         *layout
	width          int      // number of header fields
	canon          []string // per field: canonical column or ""
	watch          []bool   // per field: unmapped, not ignored, not a duplicate: data in it is a problem
	mapped         int
	omitted        int // problems beyond MaxProblems
	rowCount       int
	headerProblems int // problems found in the header; unmapped columns are listed after them
	// padShort treats a row with fewer fields than the header as ending in empty cells:
	// a worksheet row stops at its last non-empty cell, so only CSV rows can be ragged
	// on the short side.
	padShort bool
}

func newBuilder(format string, opts Options) *builder {
	return &builder{t: &Table{Format: format}, opts: opts}
}

// problem records a problem; message is the English fallback, built from our own words,
// numbers and column names only.
func (b *builder) problem(line int, column, code string, params map[string]any, format string, args ...any) {
	if len(b.t.Problems) >= MaxProblems {
		b.omitted++
		return
	}
	msg := fmt.Sprintf("line %d: ", line) + fmt.Sprintf(format, args...)
	b.t.Problems = append(b.t.Problems, Problem{Line: line, Column: column, Code: code, Params: params, Message: msg})
}

// header reads the header record found at line.
func (b *builder) header(cells []string, line int) error {
	if len(cells) > MaxColumns {
		return fmt.Errorf("%w: line %d has %d fields, at most %d allowed", ErrTooManyCols, line, len(cells), MaxColumns)
	}
	b.t.HeaderLine = line
	b.width = len(cells)
	norm := make([]string, len(cells))
	reported := make([]bool, len(cells)) // the column's header has a problem already
	for i, c := range cells {
		c = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
		cells[i] = c
		if utf8.RuneCountInString(c) > MaxFieldChars {
			reported[i] = true
			b.problem(line, "", CodeHeaderTooLong, map[string]any{"column": i + 1},
				"the name of column %d is longer than %s", i+1, plural(MaxFieldChars, "character"))
			continue
		}
		norm[i] = NormalizeHeader(c)
	}

	// Layout: forced, or recognised by its own headers (detectLayout).
	if b.opts.Layout != "" {
		b.layout = findLayout(b.opts.Layout)
	} else {
		b.layout = detectLayout(norm)
	}
	if b.layout != nil {
		b.t.Layout = b.layout.name
	}

	// Which field holds each canonical column. Priority: the explicit map, then the
	// layout's names in its order, then the canonical names, then the synonyms.
	b.canon = make([]string, len(cells))
	taken := make(map[string]int) // canonical -> field index
	firstField := make(map[string]int, len(norm))
	for i, n := range norm {
		if n == "" {
			continue
		}
		if j, dup := firstField[n]; dup {
			reported[i] = true
			b.problem(line, "", CodeDuplicateColumn, map[string]any{"column": i + 1, "first": j + 1},
				"columns %d and %d have the same name", j+1, i+1)
			continue
		}
		firstField[n] = i
	}
	assign := func(i int, c string) {
		if b.canon[i] != "" || c == "" {
			return
		}
		if _, ok := taken[c]; ok {
			return
		}
		b.canon[i], taken[c] = c, i
	}
	ignored := make([]bool, len(cells))
	explicit := make(map[int]bool)
	if len(b.opts.Map) > 0 {
		keys := make([]string, 0, len(b.opts.Map))
		for k := range b.opts.Map {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		byField := make(map[string]int)
		for _, k := range keys {
			f := b.opts.Map[k]
			skip := f == "" || f == "-"
			if NormalizeHeader(k) == "" {
				// checkMap allows only "not imported" here: every column without a name
				// (or with a name of only spaces, '-', '_' and '.').
				for i, n := range norm {
					if n == "" {
						explicit[i], ignored[i] = true, true
					}
				}
				continue
			}
			i, ok := firstField[NormalizeHeader(k)]
			if !ok {
				return fmt.Errorf("%w: the file has no column %q", ErrMapping, k)
			}
			explicit[i] = true
			if skip {
				ignored[i] = true
				continue
			}
			if j, dup := byField[f]; dup {
				return fmt.Errorf("%w: columns %d and %d are both mapped to %s", ErrMapping, j+1, i+1, f)
			}
			byField[f] = i
			assign(i, f)
		}
	}
	try := func(h headerMap) {
		if i, ok := firstField[NormalizeHeader(h.header)]; ok && !explicit[i] {
			assign(i, h.canonical)
		}
	}
	if b.layout != nil {
		for _, h := range b.layout.columns {
			try(h)
		}
	}
	for _, c := range Canonical {
		try(headerMap{c, c})
	}
	for _, h := range synonyms {
		try(h)
	}
	if b.layout != nil {
		for i, n := range norm {
			if b.canon[i] == "" && !explicit[i] && skipIndex[b.layout.name][n] {
				ignored[i] = true
			}
		}
	}

	b.t.Columns = make([]Column, len(cells))
	b.watch = make([]bool, len(cells))
	for i, c := range cells {
		b.t.Columns[i] = Column{Header: c, Canonical: b.canon[i], Index: i, Ignored: ignored[i]}
		if b.canon[i] != "" {
			b.mapped++
			continue
		}
		if c != "" {
			b.t.Unknown = append(b.t.Unknown, c)
		}
		b.watch[i] = !ignored[i] && !reported[i]
	}
	if b.mapped == 0 {
		b.problem(line, "", CodeNoKnownColumns, nil, "no known column names; is this the header line? Map the columns or choose the layout")
	}
	var missing []string
	for _, c := range Required {
		if _, ok := taken[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		b.problem(line, strings.Join(missing, ","), CodeMissingColumn,
			map[string]any{"columns": strings.Join(missing, ", "), "count": len(missing)},
			"missing required %s: %s", noun(len(missing), "column"), strings.Join(missing, ", "))
	}
	b.headerProblems = len(b.t.Problems)
	return nil
}

// row reads one data record found at line.
func (b *builder) row(cells []string, line int) error {
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	if b.rowCount >= MaxRows {
		return fmt.Errorf("%w: more than %d rows (line %d)", ErrTooManyRows, MaxRows, line)
	}
	b.rowCount++
	if len(cells) > b.width {
		extra := false
		for _, c := range cells[b.width:] {
			if strings.TrimSpace(c) != "" {
				extra = true
				break
			}
		}
		if extra {
			b.raggedRow(line, len(cells))
		}
		cells = cells[:b.width]
	} else if len(cells) < b.width {
		if b.padShort {
			cells = append(cells, make([]string, b.width-len(cells))...)
		} else {
			b.raggedRow(line, len(cells))
		}
	}

	values := make(map[string]string, b.mapped)
	for i, c := range b.canon {
		if i >= len(cells) {
			break
		}
		v := strings.TrimSpace(cells[i])
		if c == "" {
			if v != "" {
				b.t.Columns[i].HasData = true
			}
			continue
		}
		if v != "" {
			switch c {
			case ColNaamgebruik:
				u, ok, ambiguous := NameUsage(b.t.Layout, v)
				switch {
				case ambiguous:
					b.problem(line, c, CodeAmbiguousCode, nil, "column %d (%s) holds a numeric code whose meaning depends on the payroll system; choose the layout", i+1, c)
					continue
				case !ok:
					b.problem(line, c, CodeUnknownCode, nil, "column %d (%s) is not a known name-usage code", i+1, c)
					continue
				}
				v = u
			case ColGeslacht:
				g, ok := Gender(v)
				if !ok {
					b.problem(line, c, CodeUnknownCode, nil, "column %d (%s) is not a known gender code", i+1, c)
					continue
				}
				v = g
			}
		}
		values[c] = v
	}
	if b.opts.Rows != nil {
		b.opts.Rows(Row{Line: line, Values: values})
	} else {
		b.t.Rows = append(b.t.Rows, Row{Line: line, Values: values})
	}
	if len(b.t.Sample) < SampleRows {
		sample := make([]string, b.width)
		for i := range sample {
			if i < len(cells) {
				sample[i] = sampleCell(cells[i])
			}
		}
		b.t.Sample = append(b.t.Sample, sample)
	}
	return nil
}

func (b *builder) raggedRow(line, fields int) {
	b.problem(line, "", CodeRaggedRow, map[string]any{"fields": fields, "expected": b.width},
		"%s, but the header has %d", plural(fields, "field"), b.width)
}

// sampleCell is a cell as the mapping screen may show it: trimmed, line breaks and tabs as
// spaces, cut at MaxFieldChars, and empty when it holds other control characters.
func sampleCell(c string) string {
	c = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, c))
	if validate.HasControl(c) {
		return ""
	}
	if utf8.RuneCountInString(c) > MaxFieldChars {
		c = string([]rune(c)[:MaxFieldChars])
	}
	return c
}

func (b *builder) finish() *Table {
	// A column that holds data but was neither mapped nor left out by choice: the file is
	// not imported until someone decides (a map to a field, or "-"). Not for a file that
	// recognises no column: its first line may be data, and no_known_columns says enough.
	if b.mapped > 0 {
		var unmapped []Problem
		for i, c := range b.t.Columns {
			if b.watch[i] && c.HasData {
				unmapped = append(unmapped, Problem{Line: b.t.HeaderLine, Code: CodeUnmappedColumn,
					Params: map[string]any{"column": i + 1, "header": c.Header},
					Message: fmt.Sprintf("line %d: column %d holds data but is not imported; map it to a field or choose not to import it",
						b.t.HeaderLine, i+1)})
			}
		}
		b.t.Problems = slices.Insert(b.t.Problems, b.headerProblems, unmapped...)
	}
	if b.omitted > 0 {
		last := 0
		if n := len(b.t.Problems); n > 0 {
			last = b.t.Problems[n-1].Line
		}
		b.t.Problems = append(b.t.Problems, Problem{
			Line: last, Code: CodeTooManyProblems, Params: map[string]any{"count": b.omitted},
			Message: fmt.Sprintf("%s more not listed", plural(b.omitted, "problem")),
		})
	}
	return b.t
}

// plural writes a count with its noun: "1 row", "2 rows".
func plural(n int, word string) string {
	return fmt.Sprintf("%d %s", n, noun(n, word))
}

// noun is the noun alone, singular for one: "column", "columns".
func noun(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
