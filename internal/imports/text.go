package imports

import (
	"fmt"
	"strings"
)

// English texts for the CLI and logs. The window builds its own Dutch and English texts from
// the report's numbers and the problems' codes; these are the fallback and never quote a
// cell. Every count is plural-safe: "1 row", "2 rows".

// Summary is the one-line account of a report: the layout, the counts, and what was or would
// be written. "layout none recognised, 1 row, 1 valid, no problems; would write: 1 new, ...,
// 3 departments to create; nothing written (dry run)."
func (r Report) Summary() string {
	var b strings.Builder
	layout := "none recognised"
	if r.Table != nil && r.Table.Layout != "" {
		layout = r.Table.Layout
	}
	fmt.Fprintf(&b, "layout %s, %s, %d valid, %s", layout, Count(r.Rows, "row"), r.Valid, problems(len(r.Problems)))
	res := r.Result
	counts := fmt.Sprintf("%d new, %d changed, %d ended, %d unchanged", res.New, res.Changed, res.Ended, res.Unchanged)
	switch {
	case len(r.Problems) > 0:
		b.WriteString("; nothing written.")
	case r.Written:
		fmt.Fprintf(&b, "; written: %s, %s created.", counts, Count(res.DepartmentsCreated, "department"))
	case r.Planned:
		fmt.Fprintf(&b, "; would write: %s, %s to create; nothing written (dry run).", counts, Count(res.DepartmentsCreated, "department"))
	default:
		b.WriteString("; nothing written (dry run).")
	}
	return b.String()
}

// Progress is a progress line of a running import: "250 of 1000 rows written". Rows are
// counted once their chunk is committed with its undo record; the import is kept only when every
// chunk is (a crash or Ctrl+C before that undoes it), which the closing summary says. Once every
// row is, the line names the last step, which takes seconds at a million rows.
func Progress(done, total int) string {
	line := fmt.Sprintf("%d of %s written", done, Count(total, "row"))
	if done == total && total > 0 {
		line += "; last step: the persnr index, search and tree"
	}
	return line
}

// Count writes a number with an English noun that takes an -s in the plural: "1 column",
// "0 columns", "2 columns".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func problems(n int) string {
	if n == 0 {
		return "no problems"
	}
	return Count(n, "problem")
}
