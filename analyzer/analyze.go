package analyzer

import (
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Analyze runs phases 2 to 4 of spec §1.3 for one statement: the admin
// gate, resolution, and authorization. A denial is an INSUFFICIENT_PERMISSIONS
// error listing every failed request.
//
// files is nil on the first analysis of a statement: no file is opened
// before the statement is authorized, so path relations have no columns
// yet. When the plan lists files (Plan.B.Files), the engine reads them
// after this authorization and analyzes the statement again with their
// headers, which resolves the column references into them (spec §1.3,
// §2.6).
func Analyze(tx catalog.Reader, sess *Session, caller *Caller, stmt parser.Statement, files map[string][]catalog.Column) (*Plan, error) {
	if err := AdminGate(stmt, caller); err != nil {
		return nil, err
	}
	p, err := resolve(tx, sess, stmt, files, caller)
	if err != nil {
		return nil, err
	}
	return Authorize(tx, p, caller)
}

// ResolvesPerCaller reports whether resolving stmt depends on who asks,
// so that Resolve cannot serve it: MSCK REPAIR lets an admin name an
// object that has vanished.
func ResolvesPerCaller(stmt parser.Statement) bool {
	_, msck := stmt.(*parser.MsckRepairStmt)
	return msck
}

// AdminGate is phase 2 of spec §1.3: the statements reserved to admins
// fail for anyone else before anything is resolved.
func AdminGate(stmt parser.Statement, caller *Caller) error {
	if name := adminOnly(stmt); name != "" && !caller.Admin {
		return sqlerr.Denied(stmt.At(), &sqlerr.Denial{User: caller.User, Failures: []sqlerr.Failure{{Kind: sqlerr.AdminOnly, Statement: name}}})
	}
	return nil
}

// Resolve is phase 3 of spec §1.3: names, columns and the statement's
// request trees. It does not depend on who asks, so one resolved plan is
// authorized for many callers (Authorize) as long as the catalog it read
// is unchanged; it must then not be changed.
// It fails for a statement for which ResolvesPerCaller holds.
func Resolve(tx catalog.Reader, sess *Session, stmt parser.Statement, files map[string][]catalog.Column) (*Plan, error) {
	if ResolvesPerCaller(stmt) {
		return nil, sqlerr.Internal(fmt.Errorf("%T is resolved for its caller", stmt))
	}
	return resolve(tx, sess, stmt, files, nil)
}

func resolve(tx catalog.Reader, sess *Session, stmt parser.Statement, files map[string][]catalog.Column, caller *Caller) (_ *Plan, err error) {
	defer failClosed(&err)
	if err := unsupported(stmt); err != nil {
		return nil, err
	}
	p := &Plan{Stmt: stmt, Caller: caller, B: newBindings(), Pos: stmt.At()}
	r := newResolver(tx, sess, p.B, files)
	if err := r.statement(p, stmt); err != nil {
		return nil, err
	}
	if p.Op == nil {
		// Fail closed: a statement resolved into nothing to run.
		return nil, sqlerr.Internal(fmt.Errorf("%T resolved to no operation", stmt))
	}
	if r.lenient() {
		// Columns of files not read yet stay unbound until the second
		// resolution, which sees the files' headers and is checked.
	} else if err := checkResolved(stmt, p.B); err != nil {
		return nil, err
	}
	requireFiles(p)
	return p, nil
}

// Authorize is phase 4 of spec §1.3 for caller on a resolved plan, which it
// does not change: it returns the caller's copy of the plan.
func Authorize(tx catalog.Reader, resolved *Plan, caller *Caller) (_ *Plan, err error) {
	defer failClosed(&err)
	p := *resolved
	p.Caller = caller
	if err := authorize(tx, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// requireFiles makes sure that a statement whose execution will read a
// file asks for SELECT ON ANY FILE: the engine reads the files a plan lists
// once it is authorized, so a file reached where no request tree stands
// (a body resolved but not authorized) must not be read for a caller
// without it. EXPLAIN reads nothing.
func requireFiles(p *Plan) {
	if len(p.B.Files) == 0 {
		return
	}
	if _, explain := p.Stmt.(*parser.ExplainStmt); explain {
		return
	}
	seen := map[*Request]bool{}
	var asks func(rs []*Request) bool
	asks = func(rs []*Request) bool {
		for _, r := range rs {
			if seen[r] {
				continue
			}
			seen[r] = true
			if r.Object == privilege.AnyFileKey && r.Right == Use && r.Privilege == privilege.Select || asks(r.Children) {
				return true
			}
		}
		return false
	}
	if !asks(p.Roots) {
		p.Roots = append(p.Roots, use(privilege.AnyFileKey, "", privilege.Select))
	}
}

// adminOnly names the statements reserved to admins (spec §3.5, SET with a
// value), or returns "".
func adminOnly(stmt parser.Statement) string {
	switch s := stmt.(type) {
	case *parser.CreatePrincipalStmt:
		return "CREATE " + strings.ToUpper(s.Kind)
	case *parser.DropPrincipalStmt:
		return "DROP " + strings.ToUpper(s.Kind)
	case *parser.AlterGroupStmt:
		return "ALTER GROUP"
	case *parser.ShowUsersStmt:
		return "SHOW USERS"
	case *parser.ShowGroupsStmt:
		return "SHOW GROUPS"
	case *parser.SetStmt:
		if s.Value != nil {
			return "SET"
		}
	}
	return ""
}

func authorize(tx catalog.Reader, p *Plan) error {
	if op, ok := p.Op.(*ShowGrant); ok {
		return authorizeShowGrant(tx, p, op)
	}
	failures, err := Decide(tx, p.Caller, p.Roots)
	if err != nil {
		return err
	}
	if op, ok := p.Op.(*SetOwner); ok && len(failures) == 0 && !p.Caller.Admin {
		// A non-admin may hand an object only to itself or a group it
		// belongs to (spec §6.3): otherwise the chain rule would leak.
		if !p.Caller.Is(op.Owner) {
			failures = append(failures, sqlerr.Failure{Kind: sqlerr.TransferOwnership, Object: op.Object})
		}
	}
	if len(failures) > 0 {
		return sqlerr.Denied(p.Pos, &sqlerr.Denial{User: p.Caller.User, Failures: failures})
	}
	return nil
}

// authorizeShowGrant is spec §10.1: managers see every row; anyone else
// must name one of their own effective principals. No USAGE is needed.
func authorizeShowGrant(tx catalog.Reader, p *Plan, op *ShowGrant) error {
	if p.Caller.Admin || op.Principal != "" && p.Caller.Is(op.Principal) {
		return nil
	}
	owner, err := tx.Owner(op.Object)
	if err != nil {
		return err
	}
	manages, err := newDecider(tx, p.Caller, false).manages(op.Object, owner)
	if err != nil || manages {
		return err
	}
	return sqlerr.Denied(p.Pos, &sqlerr.Denial{User: p.Caller.User, Failures: []sqlerr.Failure{{Kind: sqlerr.NotOwner, Object: op.Object}}})
}

func use(s privilege.Securable, owner string, priv privilege.Privilege) *Request {
	return &Request{Object: s, Right: Use, Privilege: priv, Owner: owner}
}

func manage(s privilege.Securable, owner string) *Request {
	return &Request{Object: s, Right: Manage, Owner: owner}
}

// securable resolves the object of an ACL statement (spec §2.4: persistent
// objects only). missingOK lets MSCK REPAIR name a vanished object.
func (r *resolver) securable(s *parser.Securable, missingOK bool) (privilege.Securable, string, bool, error) {
	switch {
	case s.Catalog:
		if s.CatalogName != nil && !catalogOK(s.CatalogName.Text()) {
			return privilege.Securable{}, "", false, catalogNotFound(s.CatalogName)
		}
		owner, err := r.tx.Owner(privilege.CatalogKey)
		return privilege.CatalogKey, owner, true, err
	case s.AnyFile:
		return privilege.AnyFileKey, "", true, nil
	case s.Anonymous:
		return privilege.AnonymousFunctionKey, "", true, nil
	}
	kind := strings.ToUpper(s.Kind)
	name := s.Name
	if kind == "" {
		kind, name = "TABLE", s.Bare
	}
	switch kind {
	case "DATABASE", "SCHEMA":
		db, err := splitDatabaseName(name)
		if err != nil {
			return privilege.Securable{}, "", false, err
		}
		d, err := r.tx.Database(db)
		if err != nil {
			return privilege.Securable{}, "", false, err
		}
		if d == nil {
			if missingOK {
				return privilege.DatabaseKey(db), "", false, nil
			}
			return privilege.Securable{}, "", false, schemaNotFound(name.At(), db)
		}
		return privilege.DatabaseKey(db), d.Owner, true, nil
	case "FUNCTION":
		db, fn, err := r.splitObjectName(name)
		if err != nil {
			return privilege.Securable{}, "", false, err
		}
		f, err := r.tx.Function(db, fn)
		if err != nil {
			return privilege.Securable{}, "", false, err
		}
		if f == nil {
			if missingOK {
				return privilege.FunctionKey(db, fn), "", false, nil
			}
			return privilege.Securable{}, "", false, routineNotFound(name)
		}
		return privilege.FunctionKey(db, fn), f.Owner, true, nil
	}
	db, t, err := r.splitObjectName(name)
	if err != nil {
		return privilege.Securable{}, "", false, err
	}
	// The owner alone, in one query: an ACL statement needs no columns.
	owner, exists, err := r.tx.OwnerOf(privilege.TableKey(db, t))
	if err != nil {
		return privilege.Securable{}, "", false, err
	}
	if !exists {
		if missingOK {
			return privilege.TableKey(db, t), "", false, nil
		}
		return privilege.Securable{}, "", false, tableNotFound(name)
	}
	return privilege.TableKey(db, t), owner, true, nil
}

// principal checks that a principal exists; kind narrows the message.
func (r *resolver) principal(i *parser.Ident, kind catalog.Kind) (catalog.Kind, error) {
	k, err := r.tx.Principal(i.Text())
	if err != nil {
		return 0, err
	}
	if k == catalog.NoPrincipal || (kind != catalog.NoPrincipal && k != kind) {
		what := "principal"
		switch kind {
		case catalog.User:
			what = "user"
		case catalog.Group:
			what = "group"
		}
		return k, sqlerr.NewPrincipalDoesNotExist(i.At(), what, i.Text())
	}
	return k, nil
}

// database resolves an existing database by name.
func (r *resolver) database(n *parser.Name) (*catalog.Database, string, error) {
	db, err := splitDatabaseName(n)
	if err != nil {
		return nil, "", err
	}
	d, err := r.tx.Database(db)
	return d, db, err
}

// newObject resolves the database of a name being created.
func (r *resolver) newObject(n *parser.Name) (*catalog.Database, string, string, error) {
	db, name, err := r.splitObjectName(n)
	if err != nil {
		return nil, "", "", err
	}
	d, err := r.tx.Database(db)
	if err != nil {
		return nil, "", "", err
	}
	if d == nil {
		return nil, "", "", schemaNotFound(n.At(), db)
	}
	return d, db, name, nil
}

func anyFile(loc *string) []*Request {
	if loc == nil {
		return nil
	}
	return []*Request{use(privilege.AnyFileKey, "", privilege.Select), use(privilege.AnyFileKey, "", privilege.Modify)}
}

func expectTable(op string, n *parser.Name) error {
	return sqlerr.New(sqlerr.ExpectTableNotView, n.At(), "%s expects a table, but %s is a view.", op, relName(n))
}

func expectView(op string, n *parser.Name) error {
	return sqlerr.New(sqlerr.ExpectViewNotTable, n.At(), "%s expects a view, but %s is a table.", op, relName(n))
}

// target resolves the table a write statement changes.
func (r *resolver) target(n *parser.Name, op string) (*catalog.Relation, error) {
	rel, err := r.lookupRelation(n)
	if err != nil {
		return nil, err
	}
	if rel.View {
		return nil, expectTable(op, n)
	}
	return rel, nil
}

func (r *resolver) statement(p *Plan, stmt parser.Statement) error {
	switch s := stmt.(type) {
	case *parser.GrantStmt:
		op := &Grant{Privileges: s.Privileges}
		p.Op = op
		return r.acl(p, s.On, s.Principals, &op.Object, &op.Principals)
	case *parser.DenyStmt:
		op := &Grant{Privileges: s.Privileges, Deny: true}
		p.Op = op
		return r.acl(p, s.On, s.Principals, &op.Object, &op.Principals)
	case *parser.RevokeStmt:
		op := &Revoke{Privileges: s.Privileges}
		p.Op = op
		return r.acl(p, s.On, s.Principals, &op.Object, &op.Principals)
	case *parser.ShowGrantStmt:
		key, _, _, err := r.securable(s.On, false)
		if err != nil {
			return err
		}
		op := &ShowGrant{Object: key}
		if s.Principal != nil {
			if _, err := r.principal(s.Principal, catalog.NoPrincipal); err != nil {
				return err
			}
			op.Principal = s.Principal.Text()
		}
		p.Op = op
		return nil
	case *parser.AlterOwnerStmt:
		key, owner, _, err := r.securable(s.On, false)
		if err != nil {
			return err
		}
		if _, err := r.principal(s.Owner, catalog.NoPrincipal); err != nil {
			return err
		}
		p.Op = &SetOwner{Object: key, Owner: s.Owner.Text()}
		p.Roots = []*Request{{Object: key, Right: Own, Owner: owner}}
		return nil
	case *parser.MsckRepairStmt:
		key, owner, exists, err := r.securable(s.On, r.caller(p).Admin)
		if err != nil {
			return err
		}
		p.Op = &RepairPrivileges{Object: key, Exists: exists}
		if exists {
			p.Roots = []*Request{manage(key, owner)}
		}
		return nil
	case *parser.CreatePrincipalStmt:
		p.Op = &CreatePrincipal{Stmt: s} // admin-only; validated when run
		return nil
	case *parser.DropPrincipalStmt:
		p.Op = &DropPrincipal{Stmt: s}
		return nil
	case *parser.ShowUsersStmt:
		p.Op = &ShowUsers{Stmt: s}
		return nil
	case *parser.AlterGroupStmt:
		if _, err := r.principal(s.Group, catalog.Group); err != nil {
			return err
		}
		kind := catalog.User
		if strings.EqualFold(s.MemberKind, "GROUP") {
			kind = catalog.Group
		}
		if _, err := r.principal(s.Member, kind); err != nil {
			return err
		}
		p.Op = &AlterGroup{Stmt: s}
		return nil
	case *parser.ShowGroupsStmt:
		if s.With != nil {
			kind := catalog.User
			if strings.EqualFold(s.WithKind, "GROUP") {
				kind = catalog.Group
			}
			if _, err := r.principal(s.With, kind); err != nil {
				return err
			}
		}
		p.Op = &ShowGroups{Stmt: s}
		return nil
	case *parser.CreateDatabaseStmt:
		db, err := splitDatabaseName(s.Name)
		if err != nil {
			return err
		}
		p.Op = &CreateDatabase{Stmt: s, Name: db}
		owner, err := r.tx.Owner(privilege.CatalogKey)
		if err != nil {
			return err
		}
		p.Roots = append([]*Request{use(privilege.CatalogKey, owner, privilege.Create)}, anyFile(s.Location)...)
		return nil
	case *parser.DropDatabaseStmt:
		d, db, err := r.database(s.Name)
		if err != nil {
			return err
		}
		if d == nil {
			if s.IfExists {
				p.Op = &Nothing{}
				return nil
			}
			return schemaNotFound(s.Name.At(), db)
		}
		p.Op = &DropDatabase{Stmt: s, Database: d}
		p.Roots = []*Request{manage(privilege.DatabaseKey(d.Name), d.Owner)}
		return nil
	case *parser.CreateTableStmt:
		return r.createTable(p, s)
	case *parser.CreateViewStmt:
		return r.createView(p, s)
	case *parser.CreateFunctionStmt:
		return r.createFunction(p, s)
	case *parser.DropRelationStmt:
		return r.dropRelation(p, s)
	case *parser.DropFunctionStmt:
		if s.Temporary {
			if _, ok := r.sess.TempFuncs[s.Name.Parts[0].Lower()]; !ok && !s.IfExists {
				return routineNotFound(s.Name)
			}
			p.Op = &DropTempFunction{Name: s.Name.Parts[0].Lower()}
			return nil
		}
		db, name, err := r.splitObjectName(s.Name)
		if err != nil {
			return err
		}
		f, err := r.tx.Function(db, name)
		if err != nil {
			return err
		}
		if f == nil {
			if s.IfExists {
				p.Op = &Nothing{}
				return nil
			}
			return routineNotFound(s.Name)
		}
		p.Op = &DropFunction{Function: f}
		p.Roots = []*Request{manage(privilege.FunctionKey(db, name), f.Owner)}
		return nil
	case *parser.RenameStmt:
		return r.rename(p, s)
	case *parser.UseStmt:
		if s.Catalog != nil {
			if !catalogOK(s.Catalog.Text()) {
				return catalogNotFound(s.Catalog)
			}
			p.Op = &Nothing{}
			return nil
		}
		d, db, err := r.database(s.DB)
		if err != nil {
			return err
		}
		if d == nil {
			return schemaNotFound(s.DB.At(), db)
		}
		p.Op = &UseDatabase{DB: db}
		return nil
	case *parser.ShowDatabasesStmt:
		if s.Catalog != nil && !catalogOK(s.Catalog.Text()) {
			return catalogNotFound(s.Catalog)
		}
		owner, err := r.tx.Owner(privilege.CatalogKey)
		if err != nil {
			return err
		}
		p.Op = &ShowDatabases{Stmt: s}
		p.Roots = []*Request{use(privilege.CatalogKey, owner, privilege.ReadMetadata)}
		return nil
	case *parser.ShowTablesStmt:
		d, err := r.showIn(p, s.In)
		p.Op = &ShowTables{Stmt: s, Database: d}
		return err
	case *parser.ShowFunctionsStmt:
		d, err := r.showIn(p, s.In)
		p.Op = &ShowFunctions{Stmt: s, Database: d}
		return err
	case *parser.ShowCreateTableStmt:
		rel, err := r.lookupRelation(s.Name)
		if err != nil {
			return err
		}
		p.Op = &ShowCreateTable{Relation: rel}
		p.Roots = []*Request{relationRequest(rel, privilege.ReadMetadata)}
		return nil
	case *parser.DescribeStmt:
		return r.describe(p, s)
	case *parser.SetStmt:
		if s.Key != nil {
			key := strings.Join(s.Key.Texts(), ".")
			if !strings.EqualFold(key, RequireUsageKey) {
				return sqlerr.New(sqlerr.ConfigNotAvailable, s.Key.At(), "Configuration %s is not available.", key)
			}
		}
		p.Op = &Set{Stmt: s}
		return nil
	case *parser.AddResourceStmt:
		owner, err := r.tx.Owner(privilege.CatalogKey)
		if err != nil {
			return err
		}
		p.Op = &Nothing{} // authorization only: loads nothing (spec §8)
		p.Roots = []*Request{use(privilege.CatalogKey, owner, privilege.ModifyClasspath)}
		return nil
	case *parser.QueryStmt:
		out, reqs, err := r.query(s.Query, nil)
		if err != nil {
			return err
		}
		p.Op, p.Roots = &Query{Query: s.Query, Output: out}, reqs
		return nil
	case *parser.InsertStmt:
		return r.insert(p, s)
	case *parser.UpdateStmt:
		return r.update(p, s)
	case *parser.DeleteStmt:
		rel, err := r.target(s.Table, "DELETE FROM")
		if err != nil {
			return err
		}
		e := r.targetEntry(rel, s.Alias)
		p.Op = &Delete{Stmt: s, Table: rel, Target: e}
		p.Roots = []*Request{relationRequest(rel, privilege.Modify)}
		if s.Where != nil {
			more, err := r.expr(s.Where, &scope{entries: []*Entry{e}})
			if err != nil {
				return err
			}
			if err := r.checkWhere(s.Where); err != nil {
				return err
			}
			p.Roots = append(p.Roots, more...)
		}
		return nil
	case *parser.MergeStmt:
		return r.merge(p, s)
	case *parser.TruncateStmt:
		rel, err := r.target(s.Table, "TRUNCATE TABLE")
		if err != nil {
			return err
		}
		p.Op = &Truncate{Table: rel}
		p.Roots = []*Request{relationRequest(rel, privilege.Modify)}
		return nil
	case *parser.ExplainStmt:
		return r.explain(p, s)
	}
	// Fail closed: a statement kind without requests is never allowed.
	return sqlerr.Denied(stmt.At(), &sqlerr.Denial{Failures: []sqlerr.Failure{{Kind: sqlerr.Unverifiable, Statement: statementName(stmt)}}})
}

func statementName(stmt parser.Statement) string {
	text := parser.Format(stmt)
	words := strings.Fields(text)
	if len(words) > 2 {
		words = words[:2]
	}
	return strings.Join(words, " ")
}

// caller is a small indirection so statement() can see the plan's caller.
func (r *resolver) caller(p *Plan) *Caller { return p.Caller }

// acl resolves the object and the principals of GRANT, DENY or REVOKE
// into *object and *names.
func (r *resolver) acl(p *Plan, on *parser.Securable, principals []*parser.Ident, object *privilege.Securable, names *[]string) error {
	key, owner, _, err := r.securable(on, false)
	if err != nil {
		return err
	}
	*object = key
	for _, pr := range principals {
		if _, err := r.principal(pr, catalog.NoPrincipal); err != nil {
			return err
		}
		*names = append(*names, pr.Text())
	}
	p.Roots = []*Request{manage(key, owner)}
	return nil
}

// showIn resolves the database of SHOW TABLES or SHOW FUNCTIONS: the one
// named, else the current one.
func (r *resolver) showIn(p *Plan, in *parser.Name) (*catalog.Database, error) {
	db := r.sess.CurrentDB
	var d *catalog.Database
	var err error
	if in != nil {
		d, db, err = r.database(in)
	} else {
		d, err = r.tx.Database(db)
	}
	if err != nil {
		return nil, err
	}
	if d == nil {
		pos := p.Pos
		if in != nil {
			pos = in.At()
		}
		return nil, schemaNotFound(pos, db)
	}
	p.Roots = []*Request{use(privilege.DatabaseKey(db), d.Owner, privilege.ReadMetadata)}
	return d, nil
}

func (r *resolver) describe(p *Plan, s *parser.DescribeStmt) error {
	switch strings.ToUpper(s.Kind) {
	case "DATABASE", "SCHEMA":
		d, db, err := r.database(s.Name)
		if err != nil {
			return err
		}
		if d == nil {
			return schemaNotFound(s.Name.At(), db)
		}
		p.Op = &DescribeDatabase{Database: d}
		p.Roots = []*Request{use(privilege.DatabaseKey(db), d.Owner, privilege.ReadMetadata)}
		return nil
	case "FUNCTION":
		if len(s.Name.Parts) == 1 {
			name := s.Name.Parts[0].Lower()
			if b, ok := r.builtin(name); ok {
				p.Op = &DescribeFunction{Builtin: b, Extended: s.Extended}
				return nil
			}
			if tf, ok := r.sess.TempFuncs[name]; ok {
				p.Op = &DescribeFunction{Temp: tf, Extended: s.Extended}
				return nil
			}
		}
		f, err := r.lookupFunction(s.Name)
		if err != nil {
			return err
		}
		p.Op = &DescribeFunction{Function: f, Extended: s.Extended}
		p.Roots = []*Request{use(privilege.FunctionKey(f.DB, f.Name), f.Owner, privilege.ReadMetadata)}
		return nil
	}
	n := s.TName
	if len(n.Parts) == 1 {
		if tv, ok := r.sess.TempViews[n.Parts[0].Lower()]; ok {
			p.Op = &DescribeRelation{Temp: tv, Extended: s.TExt}
			return nil
		}
	}
	rel, err := r.lookupRelation(n)
	if err != nil {
		return err
	}
	p.Op = &DescribeRelation{Relation: rel, Extended: s.TExt}
	p.Roots = []*Request{relationRequest(rel, privilege.ReadMetadata)}
	return nil
}

func (r *resolver) targetEntry(rel *catalog.Relation, alias *parser.Ident) *Entry {
	e := &Entry{Kind: TableEntry, SQLName: r.b.name("r"), Qualifier: rel.Name, DB: rel.DB, Relation: rel, Columns: rel.Columns}
	if alias != nil {
		e.Qualifier = alias.Lower()
	}
	return e
}

func (r *resolver) createTable(p *Plan, s *parser.CreateTableStmt) error {
	d, db, name, err := r.newObject(s.Name)
	if err != nil {
		return err
	}
	op := &CreateTable{Stmt: s, DB: db, Name: name}
	p.Op = op
	existing, err := r.tx.Relation(db, name)
	if err != nil {
		return err
	}
	op.Exists = existing != nil
	var loc *string
	for _, o := range append(s.Options, s.AsOptions...) {
		if o.Location != nil {
			loc = o.Location
		}
	}
	p.Roots = append([]*Request{use(privilege.DatabaseKey(db), d.Owner, privilege.Create)}, anyFile(loc)...)
	if s.As == nil {
		seen := map[string]bool{}
		for _, c := range s.Columns {
			k := c.Name.Lower()
			if seen[k] {
				return sqlerr.NewColumnAlreadyExists(c.Name.At(), c.Name.Text())
			}
			seen[k] = true
			col := catalog.Column{Name: c.Name.Text(), Type: c.Type.SparkType(), NotNull: c.NotNull}
			if c.Comment != nil {
				col.Comment = parser.Unquote(*c.Comment)
			}
			op.Columns = append(op.Columns, col)
		}
		return nil
	}
	out, reqs, err := r.query(s.As, nil)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, c := range out {
		if !r.lenient() && !parser.ValidNewName(c.Name) {
			return sqlerr.NewInvalidColumnName(s.As.At(), c.Name)
		}
		if !r.lenient() && seen[strings.ToLower(c.Name)] {
			return sqlerr.NewColumnAlreadyExists(s.As.At(), c.Name)
		}
		seen[strings.ToLower(c.Name)] = true
		if c.Type == "void" {
			c.Type = "string"
		}
		op.Columns = append(op.Columns, c)
	}
	p.Roots = append(p.Roots, reqs...)
	return nil
}

// failClosed turns a panic of resolution or authorization into an
// INTERNAL_ERROR: a statement that breaks the analyzer is refused, and the
// process that embeds it carries on.
func failClosed(err *error) {
	if r := recover(); r != nil {
		*err = sqlerr.Internal(fmt.Errorf("the analyzer failed: %v", r))
	}
}
