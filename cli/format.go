package cli

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
	w      io.Writer
	format string
}

// NewWriter returns a Writer for format "table", "csv" or "json".
func NewWriter(w io.Writer, format string) *Writer { return &Writer{w: w, format: format} }

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
	switch w.format {
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
		io.WriteString(w.w, Table(r, 0))
	}
}

// Table renders an aligned table with a header and a row count footer.
// maxWidth, when positive, truncates wide values.
func Table(r *engine.Result, maxWidth int) string {
	cells := make([][]string, len(r.Rows)+1)
	cells[0] = r.Columns
	for i, row := range r.Rows {
		cells[i+1] = make([]string, len(row))
		for j, v := range row {
			s, _ := Text(v)
			if maxWidth > 0 && utf8.RuneCountInString(s) > maxWidth {
				s = string([]rune(s)[:maxWidth-1]) + "…"
			}
			cells[i+1][j] = strings.ReplaceAll(s, "\n", " ")
		}
	}
	widths := make([]int, len(r.Columns))
	for _, row := range cells {
		for j, s := range row {
			if n := utf8.RuneCountInString(s); n > widths[j] {
				widths[j] = n
			}
		}
	}
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
	n := len(r.Rows)
	if n == 1 {
		b.WriteString("1 row\n")
	} else {
		fmt.Fprintf(&b, "%d rows\n", n)
	}
	return b.String()
}
