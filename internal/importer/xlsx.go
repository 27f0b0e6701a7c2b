package importer

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// xlsxUnzipLimit caps the unpacked size of a workbook (zip-bomb guard). The XML limit is
// set to the same value so that excelize keeps every part in memory and never spills a
// worksheet, with its personal data, to a temporary file.
const xlsxUnzipLimit = 1 << 30

// maxSheets caps how many sheets are inspected to find the employee sheet.
const maxSheets = 64

// readXLSX reads the sheet whose first non-empty row recognises most columns (the first
// sheet on a tie, so a workbook with one sheet is simply read). Cells are read as
// excelize shows them: the formatted value of a constant, and for a formula cell the
// value cached in the file, never the formula and never a recalculation. A formula cell
// that was saved without a cached value reads as empty. Built-in short-date cells come
// out as jjjj-mm-dd.
func readXLSX(data []byte, opts Options) (t *Table, err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    xlsxUnzipLimit,
		UnzipXMLSizeLimit: xlsxUnzipLimit,
		ShortDatePattern:  "yyyy-mm-dd",
	})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, fmt.Errorf("%w: not an .xlsx workbook", ErrUnsupported)
		}
		return nil, fmt.Errorf("%w: %v", ErrSpreadsheet, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("%w: close: %v", ErrSpreadsheet, cerr)
		}
	}()

	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: the workbook has no sheets", ErrSpreadsheet)
	}
	sheet, best := sheets[0], -1
	for i, s := range sheets {
		if i >= maxSheets {
			break
		}
		h, _, err := firstRow(f, s)
		if err != nil || h == nil {
			continue
		}
		if score := recognised(h); score > best {
			sheet, best = s, score
		}
	}

	b := newBuilder("xlsx", opts)
	b.t.Sheet = sheet
	b.padShort = true
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpreadsheet, err)
	}
	defer func() { _ = rows.Close() }()
	headerDone := false
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("%w: row %d: %v", ErrSpreadsheet, line, err)
		}
		if len(cells) > MaxColumns {
			return nil, fmt.Errorf("%w: row %d has more than %d cells", ErrTooManyCols, line, MaxColumns)
		}
		if !headerDone {
			if allBlank(cells) {
				continue
			}
			if err := b.header(cells, line); err != nil {
				return nil, err
			}
			headerDone = true
			continue
		}
		if err := b.row(cells, line); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSpreadsheet, err)
	}
	if !headerDone {
		return nil, fmt.Errorf("%w (the workbook's sheets have no rows)", ErrEmpty)
	}
	return b.finish(), nil
}

// firstRow returns the first non-empty row of a sheet and its row number.
func firstRow(f *excelize.File, sheet string) ([]string, int, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = rows.Close() }()
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, 0, err
		}
		if !allBlank(cells) {
			return cells, line, nil
		}
	}
	return nil, 0, rows.Error()
}

// recognised counts the header cells that any layout, canonical name or synonym knows.
func recognised(header []string) int {
	n := 0
	for _, h := range header {
		k := NormalizeHeader(h)
		if k == "" {
			continue
		}
		if generic[k] {
			n++
			continue
		}
		for _, set := range layoutIndex {
			if set[k] {
				n++
				break
			}
		}
	}
	return n
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		for _, r := range c {
			if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\u00a0' {
				return false
			}
		}
	}
	return true
}
