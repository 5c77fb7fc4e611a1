package engine

// Queries and the files they read: the translation to SQLite and its results.

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// MaxFileSize bounds the files a statement may read, each and together
// (tableacl choice): the
// rows are held while the statement runs, and a device or a pipe would
// never end.
const MaxFileSize = 256 << 20

// readFiles reads the path relations a statement reads, once it is
// authorized (spec §1.3, §2.6: only csv is read). The header row gives the
// column names, every column is a string. Only regular files are read, of
// at most MaxFileSize bytes.
func readFiles(cat *catalog.Catalog, paths []string, pos sqlerr.Pos, formats map[string]string) (map[string]*translate.File, error) {
	files := map[string]*translate.File{}
	var total int64
	for i, path := range paths {
		if f := formats[path]; f != "csv" {
			return nil, sqlerr.New(sqlerr.UnsupportedFeature, pos, "Reading %s files is not supported.", f)
		}
		info, err := os.Stat(path)
		if err != nil {
			return nil, sqlerr.NewPathNotFound(pos, path)
		}
		switch {
		case !info.Mode().IsRegular():
			return nil, sqlerr.New(sqlerr.UnsupportedFeature, pos, "Reading %s is not supported: it is not a regular file.", path)
		case info.Size() > MaxFileSize:
			return nil, sqlerr.New(sqlerr.UnsupportedFeature, pos, "Reading %s is not supported: it is larger than %d MiB.", path, MaxFileSize>>20)
		case total+info.Size() > MaxFileSize:
			return nil, sqlerr.New(sqlerr.UnsupportedFeature, pos, "Reading the files of this statement is not supported: together they are larger than %d MiB.", MaxFileSize>>20)
		case cat.Holds(path):
			// Opened and closed here, it would release SQLite's locks
			// on the catalog (Catalog.Holds).
			return nil, sqlerr.New(sqlerr.UnsupportedFeature, pos, "Reading %s is not supported: it is a file of the catalog.", path)
		}
		total += info.Size()
		fh, err := os.Open(path)
		if err != nil {
			return nil, sqlerr.NewPathNotFound(pos, path)
		}
		r := csv.NewReader(io.LimitReader(fh, MaxFileSize))
		r.FieldsPerRecord = -1
		records, err := r.ReadAll()
		fh.Close()
		if err != nil || len(records) == 0 {
			return nil, sqlerr.NewPathNotFound(pos, path)
		}
		files[path] = &translate.File{Header: records[0], Rows: records[1:], Table: fmt.Sprintf(`temp."file%d"`, i+1)}
	}
	return files, nil
}

// loadFiles puts the rows of the files read into temporary tables, whose
// columns are named by position.
func (x *executor) loadFiles() error {
	for _, f := range x.files {
		cols := make([]string, len(f.Header))
		for i := range cols {
			cols[i] = translate.OutputColumn(i)
		}
		if _, err := x.tx.Exec(`CREATE TEMP TABLE ` + strings.TrimPrefix(f.Table, "temp.") + ` (` + strings.Join(cols, ", ") + `)`); err != nil {
			return x.dataError(err)
		}
		x.temps = append(x.temps, f.Table)
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
		for _, rec := range f.Rows {
			args := make([]any, len(cols))
			for i := range args {
				if i < len(rec) {
					args[i] = rec[i]
				}
			}
			if _, err := x.tx.Exec(`INSERT INTO `+f.Table+` VALUES (`+marks+`)`, args...); err != nil {
				return x.dataError(err)
			}
		}
	}
	return nil
}

// prepare runs what a translated statement needs first: the temporary
// tables of the views it reads more than once.
func (x *executor) prepare(t *translate.Translator) error {
	stmts, temps := t.Prelude()
	x.temps = append(x.temps, temps...)
	for _, stmt := range stmts {
		if _, err := x.tx.Exec(stmt); err != nil {
			return x.dataError(err)
		}
	}
	return nil
}

// cleanup drops the temporary tables the statement made, so that the
// connection, which returns to its pool, keeps none.
func (x *executor) cleanup() error {
	for i := len(x.temps) - 1; i >= 0; i-- {
		if _, err := x.tx.Exec(`DROP TABLE IF EXISTS ` + x.temps[i]); err != nil {
			return err
		}
	}
	x.temps = nil
	return nil
}

// headers are the columns of the files read, for the second analysis.
func headers(files map[string]*translate.File) map[string][]catalog.Column {
	out := map[string][]catalog.Column{}
	for path, f := range files {
		cols := make([]catalog.Column, len(f.Header))
		for i, h := range f.Header {
			cols[i] = catalog.Column{Name: h, Type: "string"}
		}
		out[path] = cols
	}
	return out
}

func (x *executor) translator() *translate.Translator {
	return translate.New(x.plan.B, x.plan.Caller, x.conn.sess.CurrentDB, x.files, x.plan.Pos)
}

// translate renders a whole query and runs what it needs first.
func (x *executor) translate(q *parser.Query) (string, error) {
	t := x.translator()
	s := t.Statement(q)
	if err := t.Err(); err != nil {
		return "", err
	}
	return s, x.prepare(t)
}

// MaxResultBytes bounds the rows one query returns, which are held in
// memory whole (tableacl choice): a query whose result is larger fails
// with STATEMENT_TOO_COMPLEX. Each value counts 16 bytes, a string or a
// binary value its length more.
const MaxResultBytes = 256 << 20

func (x *executor) query(op *analyzer.Query) (*Result, error) {
	text, err := x.translate(op.Query)
	if err != nil {
		return nil, err
	}
	rs, err := x.tx.Query(text)
	if err != nil {
		return nil, x.dataError(err)
	}
	defer rs.Close()
	res := &Result{}
	for _, c := range op.Output {
		res.Columns = append(res.Columns, c.Name)
		res.Types = append(res.Types, c.Type)
	}
	n := len(res.Columns)
	size := 0
	for rs.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = normalize(v, res.Types[i])
			size += 16
			if s, ok := vals[i].(string); ok {
				size += len(s)
			}
		}
		if size > MaxResultBytes {
			return nil, sqlerr.New(sqlerr.StatementTooComplex, x.plan.Pos, "The result holds more than %d MiB: ask for fewer rows (LIMIT) or smaller columns.", MaxResultBytes>>20)
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rs.Err(); err != nil {
		return nil, x.dataError(err)
	}
	return res, nil
}

// normalize turns a SQLite value into the Go value of the Spark type.
func normalize(v any, typ string) any {
	switch t := v.(type) {
	case []byte:
		return string(t)
	case int64:
		if typ == "boolean" {
			return t != 0
		}
	}
	return v
}

// tooComplex lists the answers by which SQLite refuses a statement that
// exceeds one of its own limits, and what tableacl says of each (SQLite's
// own words may name the engine's internal tables).
var tooComplex = []struct{ sqlite, says string }{
	{"Expression tree is too large", "an expression nests too deep"},
	{"Recursion limit", "the statement nests too deep"},
	{"parser stack overflow", "the statement nests too deep"},
	{"nested too deep", "its views, CTEs and subqueries nest too deep"},
	{"too many terms in compound SELECT", "too many set operations"},
	{"too many terms in", "too many terms in one clause"},
	{"too many columns", "too many columns"},
	{"at most 64 tables in a join", translate.JoinTooLarge},
	{"too many arguments on function", "too many arguments to one function"},
	{"too many FROM clause terms", "too many relations in one FROM clause"},
	{"LIKE or GLOB pattern too complex", "a LIKE pattern is too long"},
	{"string or blob too big", "a value is longer than 64 MiB (string or blob too big)"},
	{"too many SQL variables", "too many values"},
	{"no query solution", "its conditions are too many to plan"},
}

// dataError maps what SQLite answers while it runs an authorized statement
// to the classes of spec §11: the failures raised on purpose, a violated
// constraint, an overflow, a limit of SQLite's; anything else is a storage
// failure.
func (x *executor) dataError(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*sqlerr.Error); ok {
		return e
	}
	msg := err.Error()
	if i := strings.Index(msg, catalog.FailPrefix); i >= 0 {
		if name, text, ok := strings.Cut(msg[i+len(catalog.FailPrefix):], "\x1f"); ok {
			if class, known := sqlerr.Lookup(name); known {
				return sqlerr.New(class, x.plan.Pos, "%s", text)
			}
		}
	}
	for _, t := range tooComplex {
		if strings.Contains(msg, t.sqlite) {
			return translate.TooComplex(x.plan.Pos, t.says)
		}
	}
	switch {
	case strings.Contains(msg, "integer overflow"):
		return sqlerr.New(sqlerr.ArithmeticOverflow, x.plan.Pos, "long overflow. Use 'try_add' to tolerate overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.")
	case strings.Contains(msg, catalog.FailPrefix+"SCALAR_SUBQUERY_TOO_MANY_ROWS"):
		return sqlerr.New(sqlerr.ScalarSubqueryTooManyRows, x.plan.Pos, "More than one row returned by a subquery used as an expression.")
	case strings.HasPrefix(msg, "NOT NULL constraint failed: "):
		col := msg[strings.LastIndex(msg, ".")+1:]
		return sqlerr.New(sqlerr.DeltaNotNullConstraintViolated, x.plan.Pos, "NOT NULL constraint violated for column: %s.", col)
	}
	if m := x.tx.MapError(err); m != err {
		return m
	}
	return sqlerr.Internal(err)
}
