package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// store is the SQLite table of the rows a statement writes (catalog
// Tx.Store); a registered table's rows are not tableacl's to write.
func (x *executor) store(rel *catalog.Relation) (string, error) {
	table, err := x.tx.Store(rel)
	if errors.Is(err, catalog.ErrElsewhere) {
		return "", elsewhere(x.plan.Pos, rel.DB, rel.Name)
	}
	return table, err
}

func (x *executor) insert(op *analyzer.Insert) error {
	s, rel := op.Stmt, op.Table
	q, err := x.translate(s.Query)
	if err != nil {
		return err
	}
	table, err := x.store(rel)
	if err != nil {
		return err
	}
	if s.Overwrite {
		// The rows to write are computed before the table is emptied:
		// the query may read the table it overwrites.
		if _, err := x.tx.Exec(`CREATE TEMP TABLE "overwrite" AS SELECT * FROM (` + q + `)`); err != nil {
			return x.dataError(err)
		}
		x.temps = append(x.temps, `temp."overwrite"`)
		if _, err := x.tx.Exec(`DELETE FROM ` + table); err != nil {
			return err
		}
		q = `SELECT * FROM temp."overwrite"`
	}
	cols := rel.Columns
	if len(s.Columns) > 0 {
		cols = nil
		for _, c := range s.Columns {
			for _, tc := range rel.Columns {
				if strings.EqualFold(tc.Name, c.Text()) {
					cols = append(cols, tc)
				}
			}
		}
	}
	_, err = x.tx.Exec(`INSERT INTO ` + table + ` (` + colList(cols) + `) SELECT * FROM (` + q + `)`)
	return x.dataError(err)
}

func assignments(rel *catalog.Relation, as []*parser.Assign, t *translate.Translator) string {
	parts := make([]string, len(as))
	for i, a := range as {
		col := a.Column.Parts[len(a.Column.Parts)-1].Text()
		parts[i] = columnOf(rel, col) + " = " + t.Expr(a.Value)
	}
	return strings.Join(parts, ", ")
}

// columnOf returns the column of rel as declared, quoted.
func columnOf(rel *catalog.Relation, name string) string {
	for _, c := range rel.Columns {
		if strings.EqualFold(c.Name, name) {
			return qi(c.Name)
		}
	}
	return qi(name)
}

func (x *executor) update(op *analyzer.Update) error {
	return x.rewrite(op.Table, op.Stmt.Where, func(table string, t *translate.Translator) string {
		return `UPDATE ` + table + ` AS ` + qi(op.Target.SQLName) + ` SET ` + assignments(op.Table, op.Stmt.Assigns, t)
	})
}

func (x *executor) delete(op *analyzer.Delete) error {
	return x.rewrite(op.Table, op.Stmt.Where, func(table string, _ *translate.Translator) string {
		return `DELETE FROM ` + table + ` AS ` + qi(op.Target.SQLName)
	})
}

// rewrite runs an UPDATE or DELETE of rel: the statement head, then the
// WHERE condition, translated against the target's alias, behind the views
// and files they read.
func (x *executor) rewrite(rel *catalog.Relation, where *parser.Expr, head func(table string, t *translate.Translator) string) error {
	table, err := x.store(rel)
	if err != nil {
		return err
	}
	t := x.translator()
	text := head(table, t)
	if where != nil {
		text += ` WHERE ` + t.Expr(where)
	}
	if t.Err() != nil {
		return t.Err()
	}
	if err := x.prepare(t); err != nil {
		return err
	}
	_, err = x.tx.Exec(t.With() + text)
	return x.dataError(err)
}

// merge runs MERGE INTO from a snapshot: it first decides, for every
// matching pair and every unmatched source row, which WHEN clause applies
// and computes the new values, then applies the changes.
func (x *executor) merge(op *analyzer.MergeInto) error {
	s := op.Stmt
	t := x.translator()
	table, err := x.store(op.Table)
	if err != nil {
		return err
	}
	target := table + ` AS ` + qi(op.Target.SQLName)
	source := t.Relation(s.Source)
	src := op.Source
	on := t.Expr(s.On)
	cols := op.Table.Columns

	// Matched rows: rowid, the clause that applies, then each clause's values.
	var matchedCase, notMatchedCase []string
	var matchedVals, notMatchedVals []string
	type clause struct {
		w      *parser.MergeWhen
		cols   []catalog.Column
		offset int
	}
	var matched, notMatched []clause
	for _, w := range s.Whens {
		cond := "1"
		if w.Cond != nil {
			cond = t.Expr(w.Cond)
		}
		if !w.NotMatched {
			c := clause{w: w, offset: len(matchedVals)}
			switch {
			case w.Then.UpdateStar:
				for _, tc := range cols {
					c.cols = append(c.cols, tc)
					matchedVals = append(matchedVals, t.Column(src, src.ColumnIndex(tc.Name)))
				}
			case len(w.Then.Assigns) > 0:
				for _, a := range w.Then.Assigns {
					name := a.Column.Parts[len(a.Column.Parts)-1].Text()
					c.cols = append(c.cols, catalog.Column{Name: strings.Trim(columnOf(op.Table, name), `"`)})
					matchedVals = append(matchedVals, t.Expr(a.Value))
				}
			}
			matched = append(matched, c)
			matchedCase = append(matchedCase, fmt.Sprintf("WHEN %s THEN %d", cond, len(matched)))
			continue
		}
		c := clause{w: w, offset: len(notMatchedVals)}
		if w.Then.InsertStar {
			for _, tc := range cols {
				c.cols = append(c.cols, tc)
				notMatchedVals = append(notMatchedVals, t.Column(src, src.ColumnIndex(tc.Name)))
			}
		} else {
			for i, col := range w.Then.Columns {
				c.cols = append(c.cols, catalog.Column{Name: strings.Trim(columnOf(op.Table, col.Text()), `"`)})
				notMatchedVals = append(notMatchedVals, t.Expr(w.Then.Values.Exprs[i]))
			}
		}
		notMatched = append(notMatched, c)
		notMatchedCase = append(notMatchedCase, fmt.Sprintf("WHEN %s THEN %d", cond, len(notMatched)))
	}
	if t.Err() != nil {
		return t.Err()
	}
	if err := x.prepare(t); err != nil {
		return err
	}
	type change struct {
		rowid  int64
		clause int
		vals   []any
	}
	read := func(query string, withRowid bool) ([]change, error) {
		rs, err := x.tx.Query(query)
		if err != nil {
			return nil, x.dataError(err)
		}
		defer rs.Close()
		var out []change
		size := 0
		for rs.Next() {
			colsN, _ := rs.Columns()
			vals := make([]any, len(colsN))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				return nil, err
			}
			c := change{}
			i := 0
			if withRowid {
				c.rowid, _ = vals[0].(int64)
				i = 1
			}
			k, _ := vals[i].(int64)
			c.clause = int(k)
			c.vals = vals[i+1:]
			for _, v := range vals {
				size += 16
				if b, ok := v.([]byte); ok {
					size += len(b)
				} else if s, ok := v.(string); ok {
					size += len(s)
				}
			}
			if size > MaxResultBytes {
				// MERGE holds its changes in memory, as a query its rows.
				return nil, sqlerr.New(sqlerr.StatementTooComplex, x.plan.Pos, "The MERGE changes more than %d MiB of rows at once.", MaxResultBytes>>20)
			}
			out = append(out, c)
		}
		return out, x.dataError(rs.Err())
	}
	var changes, inserts []change
	if len(matched) > 0 {
		q := t.With() + `SELECT ` + qi(op.Target.SQLName) + `.rowid, CASE ` + strings.Join(matchedCase, " ") + ` ELSE 0 END` + prefixComma(matchedVals) +
			` FROM ` + target + ` JOIN ` + source + ` ON ` + on
		var err error
		if changes, err = read(q, true); err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, c := range changes {
			if c.clause == 0 {
				continue
			}
			if seen[c.rowid] {
				return sqlerr.New(sqlerr.DeltaMultipleSourceRowMatchingTargetRowInMerge, x.plan.Pos,
					"Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways.")
			}
			seen[c.rowid] = true
		}
	}
	if len(notMatched) > 0 {
		q := t.With() + `SELECT CASE ` + strings.Join(notMatchedCase, " ") + ` ELSE 0 END` + prefixComma(notMatchedVals) +
			` FROM ` + source + ` WHERE NOT EXISTS (SELECT 1 FROM ` + target + ` WHERE ` + on + `)`
		var err error
		if inserts, err = read(q, false); err != nil {
			return err
		}
	}
	for _, c := range changes {
		if c.clause == 0 {
			continue
		}
		cl := matched[c.clause-1]
		if cl.w.Then.Delete {
			if _, err := x.tx.Exec(`DELETE FROM `+table+` WHERE rowid = ?`, c.rowid); err != nil {
				return err
			}
			continue
		}
		sets := make([]string, len(cl.cols))
		args := make([]any, 0, len(cl.cols)+1)
		for i, col := range cl.cols {
			sets[i] = qi(col.Name) + " = ?"
			args = append(args, c.vals[cl.offset+i])
		}
		args = append(args, c.rowid)
		if _, err := x.tx.Exec(`UPDATE `+table+` SET `+strings.Join(sets, ", ")+` WHERE rowid = ?`, args...); err != nil {
			return x.dataError(err)
		}
	}
	for _, c := range inserts {
		if c.clause == 0 {
			continue
		}
		cl := notMatched[c.clause-1]
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cl.cols)), ", ")
		if _, err := x.tx.Exec(`INSERT INTO `+table+` (`+colList(cl.cols)+`) VALUES (`+marks+`)`, c.vals[cl.offset:cl.offset+len(cl.cols)]...); err != nil {
			return x.dataError(err)
		}
	}
	return nil
}

func prefixComma(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return ", " + strings.Join(vals, ", ")
}

// colList lists a stored table's columns by name.
func colList(cols []catalog.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = qi(c.Name)
	}
	return strings.Join(names, ", ")
}

func qi(s string) string { return catalog.QuoteIdent(s) }

// truncate deletes every row of rel.
func (x *executor) truncate(rel *catalog.Relation) error {
	if rel.Elsewhere {
		return elsewhere(x.plan.Pos, rel.DB, rel.Name)
	}
	if !rel.Stored {
		return nil // no row was ever written
	}
	_, err := x.tx.Exec(`DELETE FROM ` + catalog.DataTable(rel.ID))
	return err
}
