package engine

// Databases, tables, views and functions: CREATE, DROP and ALTER ... RENAME.

import (
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

func (x *executor) createDatabase(op *analyzer.CreateDatabase) error {
	s := op.Stmt
	d, err := x.tx.Database(op.Name)
	if err != nil {
		return err
	}
	if d != nil {
		if s.IfNotExists {
			return nil
		}
		return sqlerr.New(sqlerr.SchemaAlreadyExists, s.Name.At(), "Cannot create schema %s because it already exists.", privilege.Quote(op.Name))
	}
	db := catalog.Database{Name: op.Name, Owner: x.caller()}
	if s.Comment != nil {
		db.Comment = parser.Unquote(*s.Comment)
	}
	if s.Location != nil {
		db.Location = parser.Unquote(*s.Location)
	}
	return x.tx.CreateDatabase(db)
}

func (x *executor) dropDatabase(op *analyzer.DropDatabase) error {
	s, name := op.Stmt, op.Database.Name
	if name == "default" {
		return sqlerr.NewForbiddenOperation(s.Name.At(), "DROP DATABASE", "schema", "`default`")
	}
	empty, err := x.tx.DatabaseEmpty(name)
	if err != nil {
		return err
	}
	if !empty {
		if !strings.EqualFold(s.Mode, "CASCADE") {
			return sqlerr.New(sqlerr.SchemaNotEmpty, s.Name.At(), "Cannot drop a schema %s because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.", privilege.Quote(name))
		}
		rels, err := x.tx.RelationNames(name)
		if err != nil {
			return err
		}
		for _, r := range rels {
			rel, err := x.tx.Relation(name, r)
			if err != nil {
				return err
			}
			if err := x.tx.DropRelation(rel); err != nil {
				return err
			}
		}
		fns, err := x.tx.FunctionNames(name)
		if err != nil {
			return err
		}
		for _, f := range fns {
			if err := x.tx.DropFunction(name, f); err != nil {
				return err
			}
		}
	}
	if err := x.tx.DropDatabase(name); err != nil {
		return err
	}
	if x.conn.sess.CurrentDB == name {
		x.apply = func() { x.conn.sess.CurrentDB = "default" }
	}
	return nil
}

func alreadyExists(pos sqlerr.Pos, db, name string) error {
	return sqlerr.NewTableOrViewAlreadyExists(pos, privilege.TableKey(db, name).Key())
}

func (x *executor) createTable(op *analyzer.CreateTable) error {
	s := op.Stmt
	if op.Exists {
		if s.IfNotExists {
			return nil
		}
		return alreadyExists(s.Name.At(), op.DB, op.Name)
	}
	rel := &catalog.Relation{DB: op.DB, Name: op.Name, Owner: x.caller(), Provider: "delta", Columns: op.Columns, Elsewhere: x.elsewhere}
	for _, o := range append(s.Options, s.AsOptions...) {
		switch {
		case o.Using != nil:
			rel.Provider = o.Using.Lower()
		case o.Comment != nil:
			rel.Comment = parser.Unquote(*o.Comment)
		case o.Location != nil:
			rel.Location = parser.Unquote(*o.Location)
		}
	}
	if err := x.tx.CreateRelation(rel); err != nil {
		return x.dataError(err)
	}
	if s.As == nil {
		return nil
	}
	q, err := x.translate(s.As)
	if err != nil {
		return err
	}
	table, err := x.tx.Store(rel)
	if err != nil {
		return err
	}
	_, err = x.tx.Exec(`INSERT INTO ` + table + ` (` + colList(rel.Columns) + `) ` + q)
	return x.dataError(err)
}

func (x *executor) createView(op *analyzer.CreateView) error {
	s := op.Stmt
	if rel := op.Existing; rel != nil {
		switch {
		case s.IfNotExists != nil:
			return nil
		case !s.OrReplace:
			return alreadyExists(s.Name.At(), op.DB, op.Name)
		}
		// The relation is the resolution's own copy, read from the catalog
		// for this statement; what it replaces stays until the commit.
		replaced := *rel
		replaced.ViewText, replaced.Columns, replaced.Deps, replaced.QueryColumns = op.Body, op.Columns, op.Deps, op.QueryColumns
		if s.Comment != nil {
			replaced.Comment = parser.Unquote(*s.Comment)
		}
		return x.tx.ReplaceView(&replaced)
	}
	rel := &catalog.Relation{DB: op.DB, Name: op.Name, View: true, Owner: x.caller(), ViewText: op.Body, Columns: op.Columns, Deps: op.Deps, QueryColumns: op.QueryColumns}
	if s.Comment != nil {
		rel.Comment = parser.Unquote(*s.Comment)
	}
	return x.tx.CreateRelation(rel)
}

// createTempView makes the view the connection's once the statement
// commits.
func (x *executor) createTempView(op *analyzer.CreateTempView) error {
	s, tv := op.Stmt, op.View
	if op.Exists && !s.OrReplace {
		if s.IfNotExists != nil {
			return nil
		}
		return alreadyExists(s.Name.At(), "", tv.Name)
	}
	x.apply = func() { x.conn.sess.TempViews[tv.Name] = tv }
	return nil
}

func (x *executor) createFunction(op *analyzer.CreateFunction) error {
	s, f := op.Stmt, *op.Function
	if op.Exists {
		switch {
		case s.IfNotExists != nil:
			return nil
		case !s.OrReplace:
			return sqlerr.NewRoutineAlreadyExists(s.Name.At(), privilege.FunctionKey(f.DB, f.Name).Key())
		}
	} else {
		f.Owner = x.caller()
	}
	return x.tx.PutFunction(&f)
}

func (x *executor) createTempFunction(op *analyzer.CreateTempFunction) error {
	s, tf := op.Stmt, op.Function
	if op.Exists && !s.OrReplace {
		if s.IfNotExists != nil {
			return nil
		}
		return sqlerr.NewRoutineAlreadyExists(s.Name.At(), privilege.Quote(tf.Name))
	}
	x.apply = func() { x.conn.sess.TempFuncs[tf.Name] = tf }
	return nil
}

func (x *executor) dropTempView(name string) error {
	x.apply = func() { delete(x.conn.sess.TempViews, name) }
	return nil
}

func (x *executor) dropTempFunction(name string) error {
	x.apply = func() { delete(x.conn.sess.TempFuncs, name) }
	return nil
}

func (x *executor) rename(op *analyzer.Rename) error {
	db := op.Relation.DB
	existing, err := x.tx.Relation(db, op.To)
	if err != nil {
		return err
	}
	if existing != nil {
		return alreadyExists(op.Stmt.To.At(), db, op.To)
	}
	return x.tx.RenameRelation(op.Relation, op.To)
}
