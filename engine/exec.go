package engine

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// executor runs phase 5 of spec §1.3 for one authorized plan: state checks,
// then the change or the query, inside the statement's transaction.
type executor struct {
	tx    *catalog.Tx
	conn  *Conn
	plan  *analyzer.Plan
	sess  analyzer.Session
	apply func() // connection state change, applied after commit
	files map[string]*translate.File
	temps []string // temporary tables made for the statement
	// elsewhere: the statement is Conn.RegisterTable's CREATE TABLE.
	elsewhere bool
	// visibility decides what listings show, made at the first listing.
	visibility *analyzer.Visibility
}

func (x *executor) caller() string { return x.plan.Caller.User }

func rows(cols []string, types []string, data ...[]any) *Result {
	if types == nil {
		types = make([]string, len(cols))
		for i := range types {
			types[i] = "string"
		}
	}
	return &Result{Columns: cols, Types: types, Rows: data}
}

func (x *executor) run() (*Result, error) {
	if err := x.loadFiles(); err != nil {
		return nil, err
	}
	res, err := x.statement()
	if err != nil {
		return nil, err
	}
	return res, x.cleanup()
}

func (x *executor) statement() (*Result, error) {
	p := x.plan
	switch s := p.Stmt.(type) {
	case *parser.GrantStmt:
		return nil, x.grant(s.Privileges, "granted", false)
	case *parser.DenyStmt:
		return nil, x.grant(s.Privileges, "denied", true)
	case *parser.RevokeStmt:
		return nil, x.revoke(s.Privileges)
	case *parser.ShowGrantStmt:
		return x.showGrant()
	case *parser.AlterOwnerStmt:
		return nil, x.tx.SetOwner(p.Object, p.Principals[0])
	case *parser.MsckRepairStmt:
		return nil, x.tx.PurgeGrants(p.Object)
	case *parser.CreatePrincipalStmt:
		return nil, x.createPrincipal(s)
	case *parser.DropPrincipalStmt:
		return nil, x.dropPrincipal(s)
	case *parser.AlterGroupStmt:
		return nil, x.alterGroup(s)
	case *parser.ShowUsersStmt:
		return x.showUsers(s)
	case *parser.ShowGroupsStmt:
		return x.showGroups(s)
	case *parser.CreateDatabaseStmt:
		return nil, x.createDatabase(s)
	case *parser.DropDatabaseStmt:
		return nil, x.dropDatabase(s)
	case *parser.CreateTableStmt:
		return nil, x.createTable(s)
	case *parser.CreateViewStmt:
		return nil, x.createView(s)
	case *parser.CreateFunctionStmt:
		return nil, x.createFunction(s)
	case *parser.DropRelationStmt:
		return nil, x.dropRelation()
	case *parser.DropFunctionStmt:
		return nil, x.dropFunction(s)
	case *parser.RenameStmt:
		return nil, x.rename(s)
	case *parser.UseStmt:
		if s.DB != nil {
			db := p.DB
			x.apply = func() { x.conn.sess.CurrentDB = db }
		}
		return nil, nil
	case *parser.ShowDatabasesStmt:
		return x.showDatabases(s)
	case *parser.ShowTablesStmt:
		return x.showTables(s)
	case *parser.ShowFunctionsStmt:
		return x.showFunctions(s)
	case *parser.DescribeStmt:
		return x.describe(s)
	case *parser.ShowCreateTableStmt:
		return x.showCreate()
	case *parser.SetStmt:
		return x.set(s)
	case *parser.AddResourceStmt:
		return nil, nil // authorization only: loads nothing (spec §8)
	case *parser.QueryStmt:
		return x.query(s.Query)
	case *parser.InsertStmt:
		return nil, x.insert(s)
	case *parser.UpdateStmt:
		return nil, x.update(s)
	case *parser.DeleteStmt:
		return nil, x.delete(s)
	case *parser.MergeStmt:
		return nil, x.merge(s)
	case *parser.TruncateStmt:
		if p.Relation.Elsewhere {
			return nil, elsewhere(p.Pos, p.Relation.DB, p.Relation.Name)
		}
		if !p.Relation.Stored {
			return nil, nil // no row was ever written
		}
		_, err := x.tx.Exec(`DELETE FROM ` + catalog.DataTable(p.Relation.ID))
		return nil, err
	case *parser.ExplainStmt:
		return rows([]string{"plan"}, nil, []any{p.Explain}), nil
	}
	return nil, sqlerr.Denied(p.Pos, &sqlerr.Denial{Failures: []sqlerr.Failure{{Kind: sqlerr.Unverifiable, Statement: "statement"}}})
}

// privilegesOf expands a privilege list for object type t, checking each
// privilege applies (INVALID_PRIVILEGE, spec §4.2).
func (x *executor) privilegesOf(ps *parser.Privileges, verb string) ([]privilege.Privilege, error) {
	t := x.plan.Object.Type
	if ps.All {
		return privilege.All(t), nil
	}
	var out []privilege.Privilege
	for _, n := range ps.List {
		pr, _ := privilege.Parse(n.Text())
		if !privilege.Valid(t, pr) {
			return nil, sqlerr.New("INVALID_PRIVILEGE", n.At(), "Action %s cannot be %s on %s.", pr, verb, x.plan.Object)
		}
		out = append(out, pr)
	}
	return out, nil
}

func (x *executor) grant(ps *parser.Privileges, verb string, deny bool) error {
	privs, err := x.privilegesOf(ps, verb)
	if err != nil {
		return err
	}
	for _, who := range x.plan.Principals {
		for _, pr := range privs {
			if err := x.tx.AddGrant(catalog.Grant{Object: x.plan.Object, Principal: who, Privilege: pr, Deny: deny}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (x *executor) revoke(ps *parser.Privileges) error {
	privs, err := x.privilegesOf(ps, "revoked")
	if err != nil {
		return err
	}
	for _, who := range x.plan.Principals {
		for _, pr := range privs {
			if err := x.tx.Revoke(x.plan.Object, who, pr); err != nil {
				return err
			}
		}
	}
	return nil
}

var grantColumns = []string{"Principal", "ActionType", "ObjectType", "ObjectKey"}

// showGrant lists the rows of spec §10.3: the object's and its ancestors',
// OWN rows included, sorted by depth, key, principal and action.
func (x *executor) showGrant() (*Result, error) {
	type row struct {
		depth                 int
		principal, action, ty string
		key                   string
	}
	var out []row
	levels := append([]privilege.Securable{x.plan.Object}, x.plan.Object.Ancestors()...)
	for _, s := range levels {
		owner, err := x.tx.Owner(s)
		if err != nil {
			return nil, err
		}
		if owner != "" {
			out = append(out, row{s.Depth(), owner, "OWN", s.ShowType(), s.Key()})
		}
		gs, err := x.tx.GrantsOn(s)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			action := g.Privilege.String()
			if g.Deny {
				action = "DENIED_" + action
			}
			out = append(out, row{s.Depth(), g.Principal, action, s.ShowType(), s.Key()})
		}
	}
	var filtered []row
	for _, r := range out {
		if len(x.plan.Principals) == 1 && r.principal != x.plan.Principals[0] {
			continue
		}
		filtered = append(filtered, r)
	}
	sort.Slice(filtered, func(i, j int) bool {
		a, b := filtered[i], filtered[j]
		if a.depth != b.depth {
			return a.depth < b.depth
		}
		if a.key != b.key {
			return a.key < b.key
		}
		if a.principal != b.principal {
			return a.principal < b.principal
		}
		return a.action < b.action
	})
	res := rows(grantColumns, nil)
	for _, r := range filtered {
		res.Rows = append(res.Rows, []any{r.principal, r.action, r.ty, r.key})
	}
	return res, nil
}

func kindOf(word string) catalog.Kind {
	if strings.EqualFold(word, "GROUP") {
		return catalog.Group
	}
	return catalog.User
}

func (x *executor) createPrincipal(s *parser.CreatePrincipalStmt) error {
	name := s.Name.Text()
	k, err := x.tx.Principal(name)
	if err != nil {
		return err
	}
	if k != catalog.NoPrincipal {
		if s.IfNotExists {
			return nil
		}
		return sqlerr.New("PRINCIPAL_ALREADY_EXISTS", s.Name.At(), "Principal %s already exists.", name)
	}
	return x.tx.CreatePrincipal(name, kindOf(s.Kind))
}

func (x *executor) dropPrincipal(s *parser.DropPrincipalStmt) error {
	name, kind := s.Name.Text(), kindOf(s.Kind)
	word := strings.ToLower(s.Kind)
	if kind == catalog.Group && (name == catalog.AdminsGroup || name == catalog.UsersGroup) {
		return sqlerr.New("FORBIDDEN_OPERATION", s.Name.At(), "The operation DROP GROUP is not allowed on the group: %s.", name)
	}
	k, err := x.tx.Principal(name)
	if err != nil {
		return err
	}
	if k != kind {
		if k == catalog.NoPrincipal && s.IfExists {
			return nil
		}
		return sqlerr.New("PRINCIPAL_DOES_NOT_EXIST", s.Name.At(), "Could not find %s with name %s.", word, name)
	}
	owned, ok, err := x.tx.FirstOwned(name)
	if err != nil {
		return err
	}
	if ok {
		return sqlerr.New("PRINCIPAL_OWNS_OBJECTS", s.Name.At(), "Cannot drop %s %s because it owns %s.", word, name, owned)
	}
	if err := x.tx.DropPrincipal(name); err != nil {
		return err
	}
	return x.checkAdmins()
}

// checkAdmins enforces that admins keeps at least one user (spec §3.2).
func (x *executor) checkAdmins() error {
	users, err := x.tx.MemberUsers(catalog.AdminsGroup)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return sqlerr.New("LAST_ADMIN", x.plan.Pos, "The group admins must keep at least one user.")
	}
	return nil
}

func (x *executor) alterGroup(s *parser.AlterGroupStmt) error {
	g, m := s.Group.Text(), s.Member.Text()
	if g == catalog.UsersGroup {
		return sqlerr.New("FORBIDDEN_OPERATION", s.Group.At(), "The operation ALTER GROUP is not allowed on the group: users.")
	}
	if strings.EqualFold(s.Action, "DROP") {
		if err := x.tx.DropMember(g, m); err != nil {
			return err
		}
		return x.checkAdmins()
	}
	if kindOf(s.MemberKind) == catalog.Group {
		// g may not become a member of itself through h (spec §3.4).
		groups, err := x.tx.Groups(g)
		if err != nil {
			return err
		}
		cycle := g == m
		for _, anc := range groups {
			cycle = cycle || anc == m
		}
		if cycle {
			return sqlerr.New("GROUP_MEMBERSHIP_CYCLE", s.Member.At(), "Cannot add group %s to group %s: the membership would form a cycle.", m, g)
		}
	}
	return x.tx.AddMember(g, m)
}

func (x *executor) showUsers(s *parser.ShowUsersStmt) (*Result, error) {
	users, err := x.tx.Principals(catalog.User)
	if err != nil {
		return nil, err
	}
	res := rows([]string{"name"}, nil)
	for _, u := range users {
		if s.Pattern == nil || matchPattern(analyzer.Unquote(s.Pattern.Value), u) {
			res.Rows = append(res.Rows, []any{u})
		}
	}
	return res, nil
}

func (x *executor) showGroups(s *parser.ShowGroupsStmt) (*Result, error) {
	res := rows([]string{"name", "directGroup"}, []string{"string", "boolean"})
	keep := func(name string) bool {
		return s.Pattern == nil || matchPattern(analyzer.Unquote(s.Pattern.Value), name)
	}
	if s.With == nil {
		groups, err := x.tx.Principals(catalog.Group)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			if keep(g) {
				res.Rows = append(res.Rows, []any{g, nil})
			}
		}
		return res, nil
	}
	who := s.With.Text()
	direct, err := x.tx.DirectGroups(who)
	if err != nil {
		return nil, err
	}
	all, err := x.tx.Groups(who)
	if kindOf(s.WithKind) == catalog.User {
		all, err = x.tx.UserGroups(who)
	}
	if err != nil {
		return nil, err
	}
	isDirect := map[string]bool{}
	for _, d := range direct {
		isDirect[d] = true
	}
	set := map[string]bool{}
	for _, g := range all {
		set[g] = true
	}
	if kindOf(s.WithKind) == catalog.User {
		set[catalog.UsersGroup], isDirect[catalog.UsersGroup] = true, true
	}
	var names []string
	for g := range set {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		if keep(g) {
			res.Rows = append(res.Rows, []any{g, isDirect[g]})
		}
	}
	return res, nil
}

func (x *executor) createDatabase(s *parser.CreateDatabaseStmt) error {
	d, err := x.tx.Database(x.plan.DB)
	if err != nil {
		return err
	}
	if d != nil {
		if s.IfNotExists {
			return nil
		}
		return sqlerr.New("SCHEMA_ALREADY_EXISTS", s.Name.At(), "Cannot create schema %s because it already exists.", privilege.Quote(x.plan.DB))
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
		return sqlerr.New("FORBIDDEN_OPERATION", s.Name.At(), "The operation DROP DATABASE is not allowed on the schema: `default`.")
	}
	empty, err := x.tx.DatabaseEmpty(name)
	if err != nil {
		return err
	}
	if !empty {
		if !strings.EqualFold(s.Mode, "CASCADE") {
			return sqlerr.New("SCHEMA_NOT_EMPTY", s.Name.At(), "Cannot drop a schema %s because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.", privilege.Quote(name))
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
	return sqlerr.New("TABLE_OR_VIEW_ALREADY_EXISTS", pos, "Cannot create table or view %s because it already exists.", privilege.TableKey(db, name).Key())
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
			return sqlerr.New("ROUTINE_ALREADY_EXISTS", s.Name.At(), "Cannot create the function %s because it already exists.", privilege.Quote(p.TempFunc.Name))
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
			return sqlerr.New("ROUTINE_ALREADY_EXISTS", s.Name.At(), "Cannot create the function %s because it already exists.", privilege.FunctionKey(p.DB, p.Name).Key())
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
		if s.Pattern != nil && !matchPattern(analyzer.Unquote(s.Pattern.Value), n) {
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
	keep := func(n string) bool { return pattern == nil || matchPattern(analyzer.Unquote(pattern.Value), n) }
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

func (x *executor) showTables(s *parser.ShowTablesStmt) (*Result, error) {
	db := x.plan.Database.Name
	names, err := x.tx.RelationNames(db)
	if err != nil {
		return nil, err
	}
	var temps []string
	for n := range x.conn.sess.TempViews {
		temps = append(temps, n)
	}
	res := rows([]string{"database", "tableName", "isTemporary"}, []string{"string", "string", "boolean"})
	err = x.listVisible(s.Pattern, names, func(n string) privilege.Securable { return privilege.TableKey(db, n) },
		[]privilege.Privilege{privilege.Select, privilege.Modify, privilege.ReadMetadata}, temps,
		func(n string, temp bool) []any {
			if temp {
				return []any{"", n, true}
			}
			return []any{db, n, false}
		}, res)
	return res, err
}

func (x *executor) showFunctions(s *parser.ShowFunctionsStmt) (*Result, error) {
	db := x.plan.Database.Name
	names, err := x.tx.FunctionNames(db)
	if err != nil {
		return nil, err
	}
	var temps []string
	for n := range x.conn.sess.TempFuncs {
		temps = append(temps, n)
	}
	res := rows([]string{"function"}, nil)
	err = x.listVisible(s.Pattern, names, func(n string) privilege.Securable { return privilege.FunctionKey(db, n) },
		[]privilege.Privilege{privilege.Select, privilege.ReadMetadata}, temps,
		func(n string, temp bool) []any {
			if temp {
				return []any{n}
			}
			return []any{db + "." + n}
		}, res)
	return res, err
}

func (x *executor) describe(s *parser.DescribeStmt) (*Result, error) {
	p := x.plan
	switch {
	case p.Database != nil:
		d := p.Database
		return rows([]string{"info_name", "info_value"}, nil,
			[]any{"Catalog Name", "hive_metastore"}, []any{"Namespace Name", d.Name},
			[]any{"Comment", d.Comment}, []any{"Location", d.Location}, []any{"Owner", d.Owner}), nil
	case strings.EqualFold(s.Kind, "FUNCTION"):
		res := rows([]string{"function_desc"}, nil)
		switch {
		case p.Function != nil:
			f := p.Function
			res.Rows = append(res.Rows, []any{"Function: " + f.DB + "." + f.Name}, []any{"Type: SCALAR"},
				[]any{"Input: " + params(f.Params)}, []any{"Returns: " + strings.ToUpper(f.Returns)})
			if s.Extended {
				if f.Class != "" {
					res.Rows = append(res.Rows, []any{"Class: " + f.Class})
				} else {
					res.Rows = append(res.Rows, []any{"Body: " + f.Body})
				}
			}
		case p.TempFunc != nil:
			f := p.TempFunc
			res.Rows = append(res.Rows, []any{"Function: " + f.Name}, []any{"Type: TEMPORARY"},
				[]any{"Input: " + params(f.Params)}, []any{"Returns: " + strings.ToUpper(f.Returns)})
			if s.Extended {
				res.Rows = append(res.Rows, []any{"Body: " + f.Body})
			}
		default:
			res.Rows = append(res.Rows, []any{"Function: " + p.Name}, []any{"Type: BUILTIN"})
		}
		return res, nil
	}
	res := rows([]string{"col_name", "data_type", "comment"}, nil)
	var cols []catalog.Column
	if p.TempView != nil {
		cols = p.TempView.Columns
	} else {
		cols = p.Relation.Columns
	}
	for _, c := range cols {
		var comment any
		if c.Comment != "" {
			comment = c.Comment
		}
		res.Rows = append(res.Rows, []any{c.Name, c.Type, comment})
	}
	if s.TExt && p.Relation != nil {
		r := p.Relation
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

func (x *executor) showCreate() (*Result, error) {
	r := x.plan.Relation
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

func (x *executor) set(s *parser.SetStmt) (*Result, error) {
	if s.Key == nil {
		kv, err := x.tx.Settings()
		if err != nil {
			return nil, err
		}
		res := rows([]string{"key", "value"}, nil)
		for _, e := range kv {
			res.Rows = append(res.Rows, []any{e[0], e[1]})
		}
		return res, nil
	}
	if s.Value == nil {
		v, _, err := x.tx.Setting(analyzer.RequireUsageKey)
		if err != nil {
			return nil, err
		}
		return rows([]string{"key", "value"}, nil, []any{analyzer.RequireUsageKey, v}), nil
	}
	var v string
	switch {
	case s.Value.Word != nil:
		v = s.Value.Word.Text()
	case s.Value.String != nil:
		v = analyzer.Unquote(*s.Value.String)
	default:
		v = s.Value.Bool
	}
	lv := strings.ToLower(v)
	if lv != "true" && lv != "false" {
		return nil, sqlerr.New("INVALID_CONF_VALUE", s.Value.At(), "The value '%s' in the config \"%s\" is invalid. It must be true or false.", v, analyzer.RequireUsageKey)
	}
	return nil, x.tx.SetSetting(analyzer.RequireUsageKey, lv)
}

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
			return nil, sqlerr.New("UNSUPPORTED_FEATURE", pos, "Reading %s files is not supported.", f)
		}
		info, err := os.Stat(path)
		if err != nil {
			return nil, sqlerr.New("PATH_NOT_FOUND", pos, "Path does not exist: %s.", path)
		}
		switch {
		case !info.Mode().IsRegular():
			return nil, sqlerr.New("UNSUPPORTED_FEATURE", pos, "Reading %s is not supported: it is not a regular file.", path)
		case info.Size() > MaxFileSize:
			return nil, sqlerr.New("UNSUPPORTED_FEATURE", pos, "Reading %s is not supported: it is larger than %d MiB.", path, MaxFileSize>>20)
		case total+info.Size() > MaxFileSize:
			return nil, sqlerr.New("UNSUPPORTED_FEATURE", pos, "Reading the files of this statement is not supported: together they are larger than %d MiB.", MaxFileSize>>20)
		case cat.Holds(path):
			// Opened and closed here, it would release SQLite's locks
			// on the catalog (Catalog.Holds).
			return nil, sqlerr.New("UNSUPPORTED_FEATURE", pos, "Reading %s is not supported: it is a file of the catalog.", path)
		}
		total += info.Size()
		fh, err := os.Open(path)
		if err != nil {
			return nil, sqlerr.New("PATH_NOT_FOUND", pos, "Path does not exist: %s.", path)
		}
		r := csv.NewReader(io.LimitReader(fh, MaxFileSize))
		r.FieldsPerRecord = -1
		records, err := r.ReadAll()
		fh.Close()
		if err != nil || len(records) == 0 {
			return nil, sqlerr.New("PATH_NOT_FOUND", pos, "Path does not exist: %s.", path)
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

func (x *executor) query(q *parser.Query) (*Result, error) {
	text, err := x.translate(q)
	if err != nil {
		return nil, err
	}
	rs, err := x.tx.Query(text)
	if err != nil {
		return nil, x.dataError(err)
	}
	defer rs.Close()
	res := &Result{}
	for _, c := range x.plan.Output {
		res.Columns = append(res.Columns, c.Name)
		res.Types = append(res.Types, c.Type)
	}
	n := len(res.Columns)
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
		if class, text, ok := strings.Cut(msg[i+len(catalog.FailPrefix):], "\x1f"); ok {
			return sqlerr.New(class, x.plan.Pos, "%s", text)
		}
	}
	for _, t := range tooComplex {
		if strings.Contains(msg, t.sqlite) {
			return translate.TooComplex(x.plan.Pos, t.says)
		}
	}
	switch {
	case strings.Contains(msg, "integer overflow"):
		return sqlerr.New("ARITHMETIC_OVERFLOW", x.plan.Pos, "long overflow. Use 'try_add' to tolerate overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.")
	case strings.Contains(msg, catalog.FailPrefix+"SCALAR_SUBQUERY_TOO_MANY_ROWS"):
		return sqlerr.New("SCALAR_SUBQUERY_TOO_MANY_ROWS", x.plan.Pos, "More than one row returned by a subquery used as an expression.")
	case strings.HasPrefix(msg, "NOT NULL constraint failed: "):
		col := msg[strings.LastIndex(msg, ".")+1:]
		return sqlerr.New("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", x.plan.Pos, "NOT NULL constraint violated for column: %s.", col)
	}
	if m := x.tx.MapError(err); m != err {
		return m
	}
	return sqlerr.Internal(err)
}
