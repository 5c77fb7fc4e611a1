package engine

// The listings and descriptions: SHOW DATABASES, TABLES, FUNCTIONS and CREATE TABLE,
// DESCRIBE, each showing only what the caller may see (spec §8.1).

import (
	"sort"
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
)

// visible applies spec §8.1 to one object for the caller, with the same
// decider that authorizes statements.
func (x *executor) visible(s privilege.Securable, owner string, any []privilege.Privilege) (bool, error) {
	if x.visibility == nil {
		x.visibility = analyzer.NewVisibility(x.tx, x.plan.Caller)
	}
	return x.visibility.Visible(s, owner, any)
}

var allPrivileges = []privilege.Privilege{privilege.Select, privilege.Modify, privilege.ReadMetadata, privilege.Create, privilege.CreateNamedFunction, privilege.Usage, privilege.ModifyClasspath}

func (x *executor) showDatabases(s *parser.ShowDatabasesStmt) (*Result, error) {
	names, err := x.tx.Databases()
	if err != nil {
		return nil, err
	}
	res := rows([]string{"databaseName"}, nil)
	for _, n := range names {
		if s.Pattern != nil && !matchPattern(parser.Unquote(s.Pattern.Value), n) {
			continue
		}
		owner, err := x.tx.Owner(privilege.DatabaseKey(n))
		if err != nil {
			return nil, err
		}
		ok, err := x.visible(privilege.DatabaseKey(n), owner, allPrivileges)
		if err != nil {
			return nil, err
		}
		if ok {
			res.Rows = append(res.Rows, []any{n})
		}
	}
	return res, nil
}

// listVisible lists the objects of db that the caller may see (spec §8.1),
// then the connection's temporary ones, each sorted by name.
func (x *executor) listVisible(pattern *parser.Pattern, names []string, key func(string) privilege.Securable,
	privs []privilege.Privilege, temps []string, row func(name string, temp bool) []any, res *Result) error {
	keep := func(n string) bool { return pattern == nil || matchPattern(parser.Unquote(pattern.Value), n) }
	for _, n := range names {
		if !keep(n) {
			continue
		}
		owner, err := x.tx.Owner(key(n))
		if err != nil {
			return err
		}
		ok, err := x.visible(key(n), owner, privs)
		if err != nil {
			return err
		}
		if ok {
			res.Rows = append(res.Rows, row(n, false))
		}
	}
	sort.Strings(temps)
	for _, n := range temps {
		if keep(n) {
			res.Rows = append(res.Rows, row(n, true))
		}
	}
	return nil
}

func (x *executor) showTables(op *analyzer.ShowTables) (*Result, error) {
	db := op.Database.Name
	names, err := x.tx.RelationNames(db)
	if err != nil {
		return nil, err
	}
	var temps []string
	for n := range x.conn.sess.TempViews {
		temps = append(temps, n)
	}
	res := rows([]string{"database", "tableName", "isTemporary"}, []string{"string", "string", "boolean"})
	err = x.listVisible(op.Stmt.Pattern, names, func(n string) privilege.Securable { return privilege.TableKey(db, n) },
		[]privilege.Privilege{privilege.Select, privilege.Modify, privilege.ReadMetadata}, temps,
		func(n string, temp bool) []any {
			if temp {
				return []any{"", n, true}
			}
			return []any{db, n, false}
		}, res)
	return res, err
}

func (x *executor) showFunctions(op *analyzer.ShowFunctions) (*Result, error) {
	db := op.Database.Name
	names, err := x.tx.FunctionNames(db)
	if err != nil {
		return nil, err
	}
	var temps []string
	for n := range x.conn.sess.TempFuncs {
		temps = append(temps, n)
	}
	res := rows([]string{"function"}, nil)
	err = x.listVisible(op.Stmt.Pattern, names, func(n string) privilege.Securable { return privilege.FunctionKey(db, n) },
		[]privilege.Privilege{privilege.Select, privilege.ReadMetadata}, temps,
		func(n string, temp bool) []any {
			if temp {
				return []any{n}
			}
			// The form Databricks prints and migration tools parse
			// (spec §8.2).
			return []any{"hive_metastore." + db + "." + n}
		}, res)
	return res, err
}

func (x *executor) describeDatabase(d *catalog.Database) (*Result, error) {
	return rows([]string{"info_name", "info_value"}, nil,
		[]any{"Catalog Name", "hive_metastore"}, []any{"Namespace Name", d.Name},
		[]any{"Comment", d.Comment}, []any{"Location", d.Location}, []any{"Owner", d.Owner}), nil
}

func (x *executor) describeFunction(op *analyzer.DescribeFunction) (*Result, error) {
	res := rows([]string{"function_desc"}, nil)
	switch {
	case op.Function != nil:
		f := op.Function
		res.Rows = append(res.Rows, []any{"Function: " + f.DB + "." + f.Name}, []any{"Type: SCALAR"},
			[]any{"Input: " + params(f.Params)}, []any{"Returns: " + strings.ToUpper(f.Returns)})
		if op.Extended {
			if f.Class != "" {
				res.Rows = append(res.Rows, []any{"Class: " + f.Class})
			} else {
				res.Rows = append(res.Rows, []any{"Body: " + f.Body})
			}
		}
	case op.Temp != nil:
		f := op.Temp
		res.Rows = append(res.Rows, []any{"Function: " + f.Name}, []any{"Type: TEMPORARY"},
			[]any{"Input: " + params(f.Params)}, []any{"Returns: " + strings.ToUpper(f.Returns)})
		if op.Extended {
			res.Rows = append(res.Rows, []any{"Body: " + f.Body})
		}
	default:
		b := op.Builtin
		res.Rows = append(res.Rows, []any{"Function: " + b.Name}, []any{"Type: BUILTIN"})
		if b.Doc != "" {
			res.Rows = append(res.Rows, []any{"Usage: " + b.Signature() + " - " + b.Doc})
		}
	}
	return res, nil
}

func (x *executor) describeRelation(op *analyzer.DescribeRelation) (*Result, error) {
	res := rows([]string{"col_name", "data_type", "comment"}, nil)
	var cols []catalog.Column
	if op.Temp != nil {
		cols = op.Temp.Columns
	} else {
		cols = op.Relation.Columns
	}
	for _, c := range cols {
		var comment any
		if c.Comment != "" {
			comment = c.Comment
		}
		res.Rows = append(res.Rows, []any{c.Name, c.Type, comment})
	}
	if r := op.Relation; op.Extended && r != nil {
		typ := "MANAGED"
		switch {
		case r.View:
			typ = "VIEW"
		case r.Location != "" || r.Elsewhere:
			typ = "EXTERNAL"
		}
		res.Rows = append(res.Rows, []any{"", "", nil}, []any{"# Detailed Table Information", "", nil},
			[]any{"Catalog", "hive_metastore", nil}, []any{"Database", r.DB, nil}, []any{"Table", r.Name, nil},
			[]any{"Owner", r.Owner, nil}, []any{"Type", typ, nil})
		if !r.View {
			res.Rows = append(res.Rows, []any{"Provider", r.Provider, nil})
		}
		if r.Location != "" {
			res.Rows = append(res.Rows, []any{"Location", r.Location, nil})
		}
		if r.Comment != "" {
			res.Rows = append(res.Rows, []any{"Comment", r.Comment, nil})
		}
		if r.View {
			res.Rows = append(res.Rows, []any{"View Text", r.ViewText, nil})
		}
	}
	return res, nil
}

func params(ps []catalog.Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Name + " " + strings.ToUpper(p.Type)
	}
	return strings.Join(parts, ", ")
}

func (x *executor) showCreate(r *catalog.Relation) (*Result, error) {
	name := "hive_metastore." + parser.QuoteIdent(r.DB) + "." + parser.QuoteIdent(r.Name)
	var text string
	if r.View {
		text = "CREATE VIEW " + name + " (" + colNames(r.Columns) + ") AS " + r.ViewText
	} else {
		defs := make([]string, len(r.Columns))
		for i, c := range r.Columns {
			defs[i] = parser.QuoteIdent(c.Name) + " " + strings.ToUpper(c.Type)
			if c.NotNull {
				defs[i] += " NOT NULL"
			}
			if c.Comment != "" {
				defs[i] += " COMMENT " + translate.Literal(c.Comment)
			}
		}
		text = "CREATE TABLE " + name + " (" + strings.Join(defs, ", ") + ") USING " + r.Provider
		if r.Comment != "" {
			text += " COMMENT " + translate.Literal(r.Comment)
		}
		if r.Location != "" {
			text += " LOCATION " + translate.Literal(r.Location)
		}
	}
	return rows([]string{"createtab_stmt"}, nil, []any{text}), nil
}

func colNames(cols []catalog.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = parser.QuoteIdent(c.Name)
	}
	return strings.Join(names, ", ")
}
