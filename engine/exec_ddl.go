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

func (x *executor) createDatabase(s *parser.CreateDatabaseStmt) error {
	d, err := x.tx.Database(x.plan.DB)
	if err != nil {
		return err
	}
	if d != nil {
		if s.IfNotExists {
			return nil
		}
		return sqlerr.New(sqlerr.SchemaAlreadyExists, s.Name.At(), "Cannot create schema %s because it already exists.", privilege.Quote(x.plan.DB))
	}
	db := catalog.Database{Name: x.plan.DB, Owner: x.caller()}
	if s.Comment != nil {
		db.Comment = analyzer.Unquote(*s.Comment)
	}
	if s.Location != nil {
		db.Location = analyzer.Unquote(*s.Location)
	}
	return x.tx.CreateDatabase(db)
}

func (x *executor) dropDatabase(s *parser.DropDatabaseStmt) error {
	if x.plan.NoOp {
		return nil
	}
	name := x.plan.Database.Name
	if name == "default" {
		return sqlerr.New(sqlerr.ForbiddenOperation, s.Name.At(), "The operation DROP DATABASE is not allowed on the schema: `default`.")
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
	return sqlerr.New(sqlerr.TableOrViewAlreadyExists, pos, "Cannot create table or view %s because it already exists.", privilege.TableKey(db, name).Key())
}

func (x *executor) createTable(s *parser.CreateTableStmt) error {
	p := x.plan
	if p.Exists {
		if s.IfNotExists {
			return nil
		}
		return alreadyExists(s.Name.At(), p.DB, p.Name)
	}
	rel := &catalog.Relation{DB: p.DB, Name: p.Name, Owner: x.caller(), Provider: "delta", Columns: p.Output, Elsewhere: x.elsewhere}
	for _, o := range append(s.Options, s.AsOptions...) {
		switch {
		case o.Using != nil:
			rel.Provider = o.Using.Lower()
		case o.Comment != nil:
			rel.Comment = analyzer.Unquote(*o.Comment)
		case o.Location != nil:
			rel.Location = analyzer.Unquote(*o.Location)
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

func (x *executor) createView(s *parser.CreateViewStmt) error {
	p := x.plan
	if p.TempView != nil {
		if p.Exists && !s.OrReplace {
			if s.IfNotExists != nil {
				return nil
			}
			return alreadyExists(s.Name.At(), "", p.TempView.Name)
		}
		tv := p.TempView
		x.apply = func() { x.conn.sess.TempViews[tv.Name] = tv }
		return nil
	}
	if p.Exists {
		switch {
		case s.IfNotExists != nil:
			return nil
		case !s.OrReplace:
			return alreadyExists(s.Name.At(), p.DB, p.Name)
		}
		rel := p.Relation
		rel.ViewText, rel.Columns, rel.Deps, rel.QueryColumns = p.Body, p.Output, p.Deps, p.QueryColumns
		if s.Comment != nil {
			rel.Comment = analyzer.Unquote(*s.Comment)
		}
		return x.tx.ReplaceView(rel)
	}
	rel := &catalog.Relation{DB: p.DB, Name: p.Name, View: true, Owner: x.caller(), ViewText: p.Body, Columns: p.Output, Deps: p.Deps, QueryColumns: p.QueryColumns}
	if s.Comment != nil {
		rel.Comment = analyzer.Unquote(*s.Comment)
	}
	return x.tx.CreateRelation(rel)
}

func (x *executor) createFunction(s *parser.CreateFunctionStmt) error {
	p := x.plan
	if p.TempFunc != nil {
		if p.Exists && !s.OrReplace {
			if s.IfNotExists != nil {
				return nil
			}
			return sqlerr.New(sqlerr.RoutineAlreadyExists, s.Name.At(), "Cannot create the function %s because it already exists.", privilege.Quote(p.TempFunc.Name))
		}
		tf := p.TempFunc
		x.apply = func() { x.conn.sess.TempFuncs[tf.Name] = tf }
		return nil
	}
	if p.Exists {
		switch {
		case s.IfNotExists != nil:
			return nil
		case !s.OrReplace:
			return sqlerr.New(sqlerr.RoutineAlreadyExists, s.Name.At(), "Cannot create the function %s because it already exists.", privilege.FunctionKey(p.DB, p.Name).Key())
		}
	} else {
		p.Function.Owner = x.caller()
	}
	return x.tx.PutFunction(p.Function)
}

func (x *executor) dropRelation() error {
	p := x.plan
	if p.TempView != nil {
		name := p.TempView.Name
		x.apply = func() { delete(x.conn.sess.TempViews, name) }
		return nil
	}
	if p.NoOp {
		return nil
	}
	return x.tx.DropRelation(p.Relation)
}

func (x *executor) dropFunction(s *parser.DropFunctionStmt) error {
	p := x.plan
	if s.Temporary {
		name := p.Name
		x.apply = func() { delete(x.conn.sess.TempFuncs, name) }
		return nil
	}
	if p.NoOp {
		return nil
	}
	return x.tx.DropFunction(p.Function.DB, p.Function.Name)
}

func (x *executor) rename(s *parser.RenameStmt) error {
	p := x.plan
	existing, err := x.tx.Relation(p.DB, p.Name)
	if err != nil {
		return err
	}
	if existing != nil {
		return alreadyExists(s.To.At(), p.DB, p.Name)
	}
	return x.tx.RenameRelation(p.Relation, p.Name)
}
