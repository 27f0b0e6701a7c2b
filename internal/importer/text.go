package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// separators in order of preference when counts tie.
var separators = []byte{';', ',', '\t', '|'}

// readText reads a delimited text file: it decodes the bytes to UTF-8, refuses binary
// content, sniffs the separator and parses records with encoding/csv.
func readText(data []byte, opts Options) (*Table, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, ErrEmpty
	}
	if err := checkPrintable(text); err != nil {
		return nil, err
	}
	// A file with only CR line ends (classic Mac) has no line breaks for encoding/csv.
	if bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') >= 0 {
		text = bytes.ReplaceAll(text, []byte{'\r'}, []byte{'\n'})
	}

	// An Excel "sep=;" hint line names the separator; it is not the header.
	lineOffset := 0
	var sep byte
	if s, rest, ok := sepHint(text); ok {
		sep, text, lineOffset = s, rest, 1
	} else {
		sep = sniffSeparator(text)
	}
	if err := checkFieldCounts(text, sep, lineOffset); err != nil {
		return nil, err
	}

	b := newBuilder("csv", opts)
	b.t.Encoding, b.t.Separator = enc, string(sep)

	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = rune(sep)
	cr.FieldsPerRecord = -1 // ragged rows are Problems, not errors
	cr.LazyQuotes = false
	cr.ReuseRecord = true
	headerDone := false
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read csv: %w", err)
			}
			line := pe.StartLine + lineOffset
			reason, text := syntaxText(pe.Err)
			b.problem(line, "", CodeSyntax, map[string]any{"reason": reason}, "%s", text)
			if !headerDone {
				// Without a header nothing else can be read.
				return b.finish(), nil
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		line += lineOffset
		if !headerDone {
			if err := b.header(rec, line); err != nil {
				return nil, err
			}
			headerDone = true
			continue
		}
		if err := b.row(rec, line); err != nil {
			return nil, err
		}
	}
	if !headerDone {
		return nil, ErrEmpty
	}
	return b.finish(), nil
}

// Reasons of a CodeSyntax problem (Params "reason"), stable for the UI's message catalogue
// (import.problem.syntax.<reason>).
const (
	ReasonBareQuote     = "bare_quote"     // a '"' inside a field that is not quoted
	ReasonUnclosedQuote = "unclosed_quote" // a quoted field is not closed, or text follows it
	ReasonOther         = "other"          // any other CSV error
)

// syntaxText turns an encoding/csv error into a reason code and a message without file
// content.
func syntaxText(err error) (string, string) {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return ReasonBareQuote, `a '"' inside a field that is not quoted; quote the field and double the '"'`
	case errors.Is(err, csv.ErrQuote):
		return ReasonUnclosedQuote, `a quoted field is not closed, or has text after its closing '"'`
	default:
		return ReasonOther, "the line cannot be read as CSV"
	}
}

// decodeText strips a byte-order mark and returns the text as UTF-8 with the name of
// the encoding found: UTF-16 (with BOM), UTF-8 (with or without BOM), else Windows-1252.
func decodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
		if bytes.IndexByte(data, 0) >= 0 {
			return nil, "", fmt.Errorf("%w: NUL bytes", ErrBinary)
		}
		if line := firstInvalidUTF8Line(data); line > 0 {
			return nil, "", fmt.Errorf("%w: the file starts with a UTF-8 byte-order mark but line %d is not UTF-8", ErrEncoding, line)
		}
		return data, "utf-8-bom", nil
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		name := "utf-16le"
		endian := unicode.LittleEndian
		if bytes.HasPrefix(data, bomUTF16BE) {
			name, endian = "utf-16be", unicode.BigEndian
		}
		out, err := unicode.UTF16(endian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", fmt.Errorf("%w: invalid UTF-16", ErrBinary)
		}
		if bytes.IndexByte(out, 0) >= 0 {
			return nil, "", fmt.Errorf("%w: NUL characters", ErrBinary)
		}
		return out, name, nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, "", fmt.Errorf("%w: NUL bytes", ErrBinary)
	}
	if utf8.Valid(data) {
		return data, "utf-8", nil
	}
	if hasMultibyteUTF8(data) {
		if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			if err := checkPrintable(out); err != nil {
				return nil, "", err // random bytes contain the odd valid UTF-8 sequence too
			}
		}
		// Valid UTF-8 letters next to invalid bytes: two encodings in one file. Reading
		// it as Windows-1252 would garble the UTF-8 names ("JosÃ©"), so refuse it.
		return nil, "", fmt.Errorf("%w: the file mixes UTF-8 and another encoding (first at line %d)", ErrEncoding, firstInvalidUTF8Line(data))
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", fmt.Errorf("%w: not UTF-8 and not Windows-1252", ErrBinary)
	}
	return out, "windows-1252", nil
}

// checkPrintable refuses text of which more than 1 in 20 characters is a control
// character (other than tab, CR, LF) or a replacement character: that is a binary file,
// not a payroll export with a stray byte.
func checkPrintable(text []byte) error {
	total, bad := 0, 0
	for _, r := range string(text) {
		total++
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) {
			bad++
		}
	}
	if bad*20 > total {
		return fmt.Errorf("%w: mostly non-printable characters", ErrBinary)
	}
	return nil
}

// sepHint recognises Excel's "sep=X" first line.
func sepHint(text []byte) (byte, []byte, bool) {
	if len(text) < 5 || !bytes.EqualFold(text[:4], []byte("sep=")) {
		return 0, nil, false
	}
	nl := bytes.IndexByte(text, '\n')
	if nl < 0 {
		return 0, nil, false
	}
	line := bytes.TrimRight(text[:nl], "\r")
	if len(line) != 5 || bytes.IndexByte(separators, line[4]) < 0 {
		return 0, nil, false
	}
	return line[4], text[nl+1:], true
}

// sniffSeparator counts each candidate outside quotes on the first non-empty line (the
// header, which may span physical lines inside quotes) and picks the most frequent;
// ties go to the earlier of ; , tab |. A header with none is one column: ';'.
func sniffSeparator(text []byte) byte {
	counts := make(map[byte]int, len(separators))
	inQuote, started := false, false
	for _, c := range text {
		if !started {
			if c == '\n' || c == '\r' || c == ' ' {
				continue
			}
			started = true
		}
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == '\n' && !inQuote:
			goto done
		case !inQuote:
			if bytes.IndexByte(separators, c) >= 0 {
				counts[c]++
			}
		}
	}
done:
	best := separators[0]
	for _, s := range separators {
		if counts[s] > counts[best] {
			best = s
		}
	}
	return best
}

// checkFieldCounts refuses a record with more than MaxColumns fields before
// encoding/csv allocates them. It follows quotes the simple way (every '"' toggles),
// which matches RFC 4180 for well-formed input; malformed quoting is reported by
// encoding/csv afterwards.
func checkFieldCounts(text []byte, sep byte, lineOffset int) error {
	line, start, fields, inQuote := 1, 1, 1, false
	for _, c := range text {
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == '\n':
			line++
			if !inQuote {
				fields, start = 1, line
			}
		case c == sep && !inQuote:
			fields++
			if fields > MaxColumns {
				return fmt.Errorf("%w: line %d has more than %d fields", ErrTooManyCols, start+lineOffset, MaxColumns)
			}
		}
	}
	return nil
}

// firstInvalidUTF8Line returns the 1-based line of the first byte that is not UTF-8, or 0.
func firstInvalidUTF8Line(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return bytes.Count(data[:i], []byte{'\n'}) + 1
		}
		i += size
	}
	return 0
}

// hasMultibyteUTF8 reports whether data holds at least one valid multi-byte UTF-8
// sequence.
func hasMultibyteUTF8(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError && size > 1 {
			return true
		}
		i++
	}
	return false
}
