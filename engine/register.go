package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Table is a table whose rows live in the embedding program's own engine,
// described to tableacl so that statements reading and writing it can be
// decided: its name, its columns and (through its creator, or ALTER TABLE
// ... OWNER TO) its owner. See Conn.RegisterTable.
type Table struct {
	Database string   `json:"database"`
	Name     string   `json:"name"`
	Columns  []Column `json:"columns"`
	Comment  string   `json:"comment,omitempty"`
}

// Column is one column of a registered table: a name, and a type in
// Spark's spelling ("bigint", "string", "decimal(10,2)").
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// SQL is the CREATE TABLE statement that RegisterTable decides and runs
// for t. Every name is quoted, and every type must be one type: the text
// of a Table cannot become another statement.
func (t Table) SQL() (string, error) {
	if len(t.Columns) == 0 {
		return "", fmt.Errorf("engine: table %s.%s has no columns", t.Database, t.Name)
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE " + quote(t.Database) + "." + quote(t.Name) + " (")
	for i, c := range t.Columns {
		typ, err := parser.ParseType(c.Type)
		if err != nil {
			return "", fmt.Errorf("engine: column %s of table %s.%s: %q is not a Spark type", c.Name, t.Database, t.Name, c.Type)
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(c.Name) + " " + typ.SparkType())
	}
	b.WriteString(")")
	if t.Comment != "" {
		b.WriteString(" COMMENT '" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(t.Comment) + "'")
	}
	return b.String(), nil
}

// quote backticks a name whatever it is, so that no name is read as a
// keyword or as more than one name.
func quote(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// RegisterTable records a table whose rows live in the embedding
// program's engine, so that statements naming it resolve and are decided
// like statements on any table: its columns resolve, it takes GRANT, DENY
// and REVOKE, it has an owner, and the view rule runs through it. It is
// decided and run, as the connection's user, as the CREATE TABLE of
// t.SQL() is: the user needs what CREATE TABLE needs (spec §7.1) and
// becomes the table's owner, and the errors are that statement's (an
// existing name is TABLE_OR_VIEW_ALREADY_EXISTS). Hand the table to its
// owner with ALTER TABLE ... OWNER TO; drop it with DROP TABLE, which
// removes only tableacl's record of it.
//
// tableacl keeps no rows for it and no SQLite table: a query of it run by
// tableacl itself (Conn.Query) reads no rows, and a statement that would
// write its rows there (INSERT, UPDATE, DELETE, MERGE, TRUNCATE) fails with
// UNSUPPORTED_FEATURE after its decision. Deciding such statements
// (Prepared.Authorize, Conn.Authorize) is what a registered table is for.
func (c *Conn) RegisterTable(ctx context.Context, t Table) error {
	text, err := t.SQL()
	if err != nil {
		return err
	}
	stmt, err := parser.ParseOne(text)
	if err != nil {
		return err
	}
	if _, ok := stmt.(*parser.CreateTableStmt); !ok {
		return fmt.Errorf("engine: %q is not one CREATE TABLE statement", text) // unreachable: every part is quoted or checked
	}
	c.registering = true
	defer func() { c.registering = false }()
	_, err = c.run(ctx, stmt, true)
	return err
}

// elsewhere is the error of a statement that would write the rows of a
// registered table.
func elsewhere(pos sqlerr.Pos, db, name string) error {
	return sqlerr.New(sqlerr.UnsupportedFeature, pos, "Table %s is registered by the program embedding tableacl: its rows live in that program's engine, and tableacl does not write them.", privilege.TableKey(db, name).Key())
}
