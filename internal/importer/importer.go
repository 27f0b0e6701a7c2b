package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Limits. A file over MaxInputBytes, a record with more than MaxColumns fields or more
// than MaxRows data rows is refused as a whole; a cell over MaxFieldChars is a Problem on
// its line.
const (
	MaxInputBytes = 200 << 20 // 200 MiB
	MaxFieldChars = 1000      // characters (runes) per cell, after trimming
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

// Problem codes, stable for the UI's message catalogue and for --json output.
const (
	CodeMissingColumn   = "missing_column"     // a required column is not in the header
	CodeNoKnownColumns  = "no_known_columns"   // no header cell was recognised at all
	CodeDuplicateColumn = "duplicate_column"   // two columns map to the same field
	CodeMissingValue    = "missing_value"      // a required cell is empty
	CodeRaggedRow       = "ragged_row"         // a line has fewer or more fields than the header
	CodeDuplicatePersnr = "duplicate_persnr"   // the same persnr appears twice in the file
	CodeTooLong         = "too_long"           // a cell is longer than MaxFieldChars
	CodeControlChars    = "invalid_characters" // a cell holds control characters or an undecodable byte
	CodeUnknownCode     = "unknown_code"       // naamgebruik/geslacht holds an unknown code
	CodeAmbiguousCode   = "ambiguous_code"     // a numeric naamgebruik code without a layout that defines it
	CodeSyntax          = "syntax"             // CSV quoting error
	CodeTooManyProblems = "too_many_problems"  // the list was cut at MaxProblems
)

// Options steer Read. The zero value detects everything.
type Options struct {
	// Map maps a header as written in the file (matched like known headers:
	// case-insensitive, ignoring spaces, '-', '_' and surrounding brackets) to a
	// canonical column, from --map COLUMN=FIELD or the mapping screen. A FIELD of "" or
	// "-" leaves the column unmapped. It overrides the layout.
	Map map[string]string
	// Layout forces a layout (one of the Layout* names) instead of detecting it.
	Layout string
	// MaxBytes lowers the input cap below MaxInputBytes; 0 means MaxInputBytes.
	MaxBytes int64
}

// Table is a file read into neutral, typed rows. It is complete even when Problems is
// not empty; a caller commits nothing while Problems is non-empty.
type Table struct {
	Format    string   `json:"format"`              // "csv" or "xlsx"
	Encoding  string   `json:"encoding,omitempty"`  // csv: "utf-8", "utf-8-bom", "windows-1252", "utf-16le", "utf-16be"
	Separator string   `json:"separator,omitempty"` // csv: ";", ",", "\t" or "|"
	Sheet     string   `json:"sheet,omitempty"`     // xlsx: the sheet read
	Layout    string   `json:"layout"`              // a Layout* name, or "" when none matched
	Columns   []Column `json:"columns"`             // every header cell, in file order
	Rows      []Row    `json:"rows"`                // data rows, in file order; blank rows are skipped
	Unknown   []string `json:"unknown"`             // non-empty headers that map to no column
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
}

// Row is one data row. Values maps each mapped canonical column to its trimmed text,
// as written in the file (an empty string for an empty cell), with two exceptions:
// naamgebruik is normalised to own, partner, partner-own or own-partner and geslacht to
// M, V, X or O, because their codes mean different things per layout. A cell that broke
// a rule (too long, control characters, unknown code) is left out of Values and has a
// Problem. Dates, BSN, postcode and the like are not checked here: that is the caller's
// validation (internal/people).
type Row struct {
	Line   int               `json:"line"` // 1-based physical line (csv) or row number (xlsx)
	Values map[string]string `json:"values"`
}

// Problem is one rule broken at a line. Messages name the line, the column and the rule,
// never the cell's content (it may be a BSN or a name).
type Problem struct {
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"` // canonical column, when one applies
	Code    string `json:"code"`
	Message string `json:"message"`
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
	t        *Table
	opts     Options
	layout   *layout
	width    int      // number of header fields
	canon    []string // per field: canonical column or ""
	mapped   int
	seen     map[string]int // persnr -> line of first occurrence
	omitted  int            // problems beyond MaxProblems
	rowCount int
	// padShort treats a row with fewer fields than the header as ending in empty cells:
	// a worksheet row stops at its last non-empty cell, so only CSV rows can be ragged
	// on the short side.
	padShort bool
}

func newBuilder(format string, opts Options) *builder {
	return &builder{t: &Table{Format: format}, opts: opts, seen: make(map[string]int)}
}

func (b *builder) problem(line int, column, code, format string, args ...any) {
	if len(b.t.Problems) >= MaxProblems {
		b.omitted++
		return
	}
	msg := fmt.Sprintf("line %d: ", line) + fmt.Sprintf(format, args...)
	b.t.Problems = append(b.t.Problems, Problem{Line: line, Column: column, Code: code, Message: msg})
}

// header reads the header record found at line.
func (b *builder) header(cells []string, line int) error {
	if len(cells) > MaxColumns {
		return fmt.Errorf("%w: line %d has %d fields, at most %d allowed", ErrTooManyCols, line, len(cells), MaxColumns)
	}
	b.width = len(cells)
	norm := make([]string, len(cells))
	for i, c := range cells {
		c = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
		cells[i] = c
		if utf8.RuneCountInString(c) > MaxFieldChars {
			b.problem(line, "", CodeTooLong, "header of column %d is longer than %d characters", i+1, MaxFieldChars)
			continue
		}
		norm[i] = NormalizeHeader(c)
	}

	// Layout: forced, or the one that recognises most headers (ties: table order).
	if b.opts.Layout != "" {
		b.layout = findLayout(b.opts.Layout)
	} else {
		best := 0
		for _, l := range layouts {
			set, score := layoutIndex[l.name], 0
			for _, n := range norm {
				if n != "" && set[n] {
					score++
				}
			}
			if score > best {
				best, b.layout = score, l
			}
		}
	}
	if b.layout != nil {
		b.t.Layout = b.layout.name
	}

	// Which field holds each canonical column. Priority: the explicit map, then the
	// layout's names in its order, then the canonical names, then common aliases.
	b.canon = make([]string, len(cells))
	taken := make(map[string]int) // canonical -> field index
	firstField := make(map[string]int, len(norm))
	for i, n := range norm {
		if n == "" {
			continue
		}
		if j, dup := firstField[n]; dup {
			b.problem(line, "", CodeDuplicateColumn, "columns %d and %d have the same name", j+1, i+1)
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
	explicit := make(map[int]bool)
	if len(b.opts.Map) > 0 {
		keys := make([]string, 0, len(b.opts.Map))
		for k := range b.opts.Map {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		byField := make(map[string]int)
		for _, k := range keys {
			i, ok := firstField[NormalizeHeader(k)]
			if !ok {
				return fmt.Errorf("%w: the file has no column %q", ErrMapping, k)
			}
			f := b.opts.Map[k]
			explicit[i] = true
			if f == "" || f == "-" {
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
	for _, h := range commonAliases {
		try(h)
	}

	b.t.Columns = make([]Column, len(cells))
	for i, c := range cells {
		b.t.Columns[i] = Column{Header: c, Canonical: b.canon[i], Index: i}
		if b.canon[i] != "" {
			b.mapped++
		} else if c != "" {
			b.t.Unknown = append(b.t.Unknown, c)
		}
	}
	if b.mapped == 0 {
		b.problem(line, "", CodeNoKnownColumns, "no known column names; is this the header line? Map the columns or choose the layout")
	}
	var missing []string
	for _, c := range Required {
		if _, ok := taken[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		b.problem(line, strings.Join(missing, ","), CodeMissingColumn, "missing required column(s): %s", strings.Join(missing, ", "))
	}
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
			b.problem(line, "", CodeRaggedRow, "%d fields, but the header has %d", len(cells), b.width)
		}
		cells = cells[:b.width]
	} else if len(cells) < b.width {
		if b.padShort {
			cells = append(cells, make([]string, b.width-len(cells))...)
		} else {
			b.problem(line, "", CodeRaggedRow, "%d fields, but the header has %d", len(cells), b.width)
		}
	}

	values := make(map[string]string, b.mapped)
	for i, c := range b.canon {
		if c == "" || i >= len(cells) {
			continue
		}
		v := strings.TrimSpace(cells[i])
		if utf8.RuneCountInString(v) > MaxFieldChars {
			b.problem(line, c, CodeTooLong, "column %d (%s) is longer than %d characters", i+1, c, MaxFieldChars)
			continue
		}
		if hasControl(v) {
			b.problem(line, c, CodeControlChars, "column %d (%s) contains control characters", i+1, c)
			continue
		}
		if v != "" {
			switch c {
			case ColNaamgebruik:
				u, ok, ambiguous := NameUsage(b.t.Layout, v)
				switch {
				case ambiguous:
					b.problem(line, c, CodeAmbiguousCode, "column %d (%s) holds a numeric code whose meaning depends on the payroll system; choose the layout", i+1, c)
					continue
				case !ok:
					b.problem(line, c, CodeUnknownCode, "column %d (%s) is not a known name-usage code", i+1, c)
					continue
				}
				v = u
			case ColGeslacht:
				g, ok := Gender(v)
				if !ok {
					b.problem(line, c, CodeUnknownCode, "column %d (%s) is not a known gender code", i+1, c)
					continue
				}
				v = g
			}
		}
		values[c] = v
	}
	for _, c := range Required {
		v, ok := values[c]
		if !ok {
			continue // column absent, beyond a short row, or already reported
		}
		if v == "" {
			b.problem(line, c, CodeMissingValue, "required value %s is empty", c)
		}
	}
	if p := values[ColPersnr]; p != "" {
		if first, dup := b.seen[p]; dup {
			b.problem(line, ColPersnr, CodeDuplicatePersnr, "persnr is the same as on line %d", first)
		} else {
			b.seen[p] = line
		}
	}
	b.t.Rows = append(b.t.Rows, Row{Line: line, Values: values})
	if len(b.t.Sample) < SampleRows {
		sample := make([]string, b.width)
		for i := range sample {
			if i < len(cells) {
				sample[i] = strings.TrimSpace(cells[i])
				if hasControl(sample[i]) || utf8.RuneCountInString(sample[i]) > MaxFieldChars {
					sample[i] = ""
				}
			}
		}
		b.t.Sample = append(b.t.Sample, sample)
	}
	return nil
}

func (b *builder) finish() *Table {
	if b.omitted > 0 {
		last := 0
		if n := len(b.t.Problems); n > 0 {
			last = b.t.Problems[n-1].Line
		}
		b.t.Problems = append(b.t.Problems, Problem{
			Line: last, Code: CodeTooManyProblems,
			Message: fmt.Sprintf("%d more problems not listed", b.omitted),
		})
	}
	return b.t
}

// hasControl reports C0 control characters other than tab, CR and LF, DEL, C1 controls
// and the replacement character (a byte that could not be decoded).
func hasControl(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError {
			return true
		}
	}
	return false
}
