package console

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tableacl/tableacl/engine"
)

// Writer renders result sets as table, csv or json.
type Writer struct {
	w io.Writer
	// Format is "table", "csv" or "json".
	Format string
	// Width, when positive, is the terminal width that tables are fitted
	// to by truncating wide values (table format only).
	Width int
}

// NewWriter returns a Writer for format "table", "csv" or "json".
func NewWriter(w io.Writer, format string) *Writer { return &Writer{w: w, Format: format} }

// Line writes one line of text.
func (w *Writer) Line(s string) { io.WriteString(w.w, s+"\n") }

// Text writes text as it is.
func (w *Writer) Text(s string) { io.WriteString(w.w, s) }

// Text renders one value as the table and csv formats show it.
func Text(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "NULL", false
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64), true
	}
	return fmt.Sprint(v), true
}

// Write renders one result set.
func (w *Writer) Write(r *engine.Result) {
	switch w.Format {
	case "csv":
		cw := csv.NewWriter(w.w)
		cw.UseCRLF = true
		cw.Write(r.Columns)
		for _, row := range r.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				if v != nil {
					rec[i], _ = Text(v)
				}
			}
			cw.Write(rec)
		}
		cw.Flush()
	case "json":
		var b strings.Builder
		b.WriteString("[")
		for i, row := range r.Rows {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("{")
			for j, v := range row {
				if j > 0 {
					b.WriteString(",")
				}
				k, _ := json.Marshal(r.Columns[j])
				val, _ := json.Marshal(v)
				b.Write(k)
				b.WriteString(":")
				b.Write(val)
			}
			b.WriteString("}")
		}
		b.WriteString("]\n")
		io.WriteString(w.w, b.String())
	default:
		io.WriteString(w.w, Table(r, w.Width))
	}
}

// Table renders an aligned table with a header and a row count footer.
// NULL is shown as NULL and an empty string as nothing. When width is
// positive and the table is wider, the widest columns are narrowed until it
// fits (down to 4 characters each) and the values cut to them end in "…".
func Table(r *engine.Result, width int) string {
	cells := make([][]string, len(r.Rows)+1)
	cells[0] = r.Columns
	for i, row := range r.Rows {
		cells[i+1] = make([]string, len(row))
		for j, v := range row {
			s, _ := Text(v)
			cells[i+1][j] = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
		}
	}
	widths := make([]int, len(r.Columns))
	for _, row := range cells {
		for j, s := range row {
			widths[j] = max(widths[j], utf8.RuneCountInString(s))
		}
	}
	fit(widths, width)
	var b strings.Builder
	line := func() {
		b.WriteString("+")
		for _, w := range widths {
			b.WriteString(strings.Repeat("-", w+2) + "+")
		}
		b.WriteString("\n")
	}
	put := func(row []string) {
		b.WriteString("|")
		for j, s := range row {
			s = cut(s, widths[j])
			b.WriteString(" " + s + strings.Repeat(" ", widths[j]-utf8.RuneCountInString(s)) + " |")
		}
		b.WriteString("\n")
	}
	line()
	put(cells[0])
	line()
	for _, row := range cells[1:] {
		put(row)
	}
	if len(cells) > 1 {
		line()
	}
	b.WriteString(RowCount(len(r.Rows)) + "\n")
	return b.String()
}

// RowCount is the footer of a table: "1 row", "0 rows", "3 rows".
func RowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// minColumn is the narrowest a column is squeezed to: NULL still shows
// whole, and three characters and the ellipsis still say something.
const minColumn = 4

// fit narrows the widest columns, one character at a time, until a table
// with these column widths fits in width characters or no column can give
// more.
func fit(widths []int, width int) {
	if width <= 0 {
		return
	}
	total := 1
	for _, w := range widths {
		total += w + 3
	}
	for total > width {
		widest := -1
		for j, w := range widths {
			if w > minColumn && (widest < 0 || w > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
		total--
	}
}

// cut shortens s to n characters, ending in "…" when it was longer.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
