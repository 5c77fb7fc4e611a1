package engine

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Prepared is a statement parsed once and decided for any user, as many
// times as needed, from any number of goroutines: the expensive step
// (parsing) is kept apart from the cheap one (deciding), as OPA's
// PrepareForEval and cel-go's Program keep them. It holds no catalog state:
// every decision reads the catalog as it is then, so a REVOKE committed
// anywhere, or a view replaced or dropped, holds for the very next one.
type Prepared struct {
	e    *Engine
	stmt parser.Statement
	db   string
	// resolved is the statement resolved against one snapshot of the
	// catalog: who asks does not change it, so while the catalog is
	// unchanged a decision only walks its request trees.
	resolved atomic.Pointer[resolution]
}

type resolution struct {
	snap *catalog.Snapshot
	plan *analyzer.Plan
	err  error
	// allowed remembers the users found allowed at snap (a decision is a
	// function of the snapshot, the statement and the user): at most
	// Engine.remembered of them, counted by users.
	allowed sync.Map // user name → struct{}
	users   atomic.Int32
}

// resolve resolves the statement against snap, once per snapshot.
func (p *Prepared) resolve(snap *catalog.Snapshot) *resolution {
	if r := p.resolved.Load(); r != nil && r.snap == snap {
		return r
	}
	// A session of its own: nothing of one decision is seen by another.
	sess := p.e.session(p.db)
	plan, err := analyzer.Resolve(snap, &sess, p.stmt, nil)
	r := &resolution{snap: snap, plan: plan, err: err}
	p.resolved.Store(r)
	return r
}

// allows reports whether user was found allowed at snap.
func (p *Prepared) allows(snap *catalog.Snapshot, user string) bool {
	r := p.resolved.Load()
	if r == nil || r.snap != snap {
		return false
	}
	_, ok := r.allowed.Load(user)
	return ok
}

// remember records that user is allowed in r's snapshot, while there is room.
func (p *Prepared) remember(r *resolution, user string) {
	if r.users.Add(1) <= p.e.remembered {
		r.allowed.Store(user, struct{}{})
	}
}

// PrepareOption configures Prepare.
type PrepareOption func(*Prepared)

// InDatabase sets the current database that one-part names are looked up
// in (default "default"), as USE would.
func InDatabase(db string) PrepareOption { return func(p *Prepared) { p.db = db } }

// Prepare parses one statement for later decisions. A syntax error is
// returned here, positioned in sql.
func (e *Engine) Prepare(ctx context.Context, sql string, opts ...PrepareOption) (*Prepared, error) {
	if err := ctx.Err(); err != nil {
		return nil, sqlerr.Internal(ErrCancelled)
	}
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		return nil, err
	}
	p := &Prepared{e: e, stmt: stmt, db: "default"}
	for _, o := range opts {
		o(p)
	}
	return p, nil
}

// Authorize decides the statement for user, an existing user, without
// running it: nil when it would be allowed, otherwise the error running it
// would fail with before executing (resolution, or INSUFFICIENT_PERMISSIONS
// with its structured Denial). It changes nothing. The user is looked up
// at every decision: a dropped user is refused (PRINCIPAL_DOES_NOT_EXIST).
// A prepared statement sees no connection's temporary views or functions.
func (p *Prepared) Authorize(ctx context.Context, user string) error {
	snap, err := p.e.cat.Snapshot(ctx)
	if err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	if p.allows(snap, user) {
		return nil
	}
	kind, _, err := snap.Identity(user)
	if err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	if kind != catalog.User {
		return located(noSuchUser(user), p.stmt)
	}
	caller, err := analyzer.NewCaller(snap, user)
	if err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	if err := analyzer.AdminGate(p.stmt, caller); err != nil {
		return located(err, p.stmt)
	}
	if analyzer.ResolvesPerCaller(p.stmt) {
		sess := p.e.session(p.db)
		if _, err := analyzer.Analyze(snap, &sess, caller, p.stmt, nil); err != nil {
			return located(err, p.stmt)
		}
		return nil
	}
	r := p.resolve(snap)
	if r.err != nil {
		return located(r.err, p.stmt)
	}
	if _, err := analyzer.Authorize(snap, r.plan, caller); err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	p.remember(r, user)
	return nil
}

// Access is one object a statement reaches, and the right the statement
// asks for there: what an embedder fetches from its own store once the
// statement is allowed.
type Access struct {
	Object privilege.Securable `json:"object"`
	// Right is a privilege (SELECT, MODIFY, READ_METADATA, CREATE, ...),
	// MANAGE (grant, drop, rename, replace) or OWN (transfer ownership).
	Right string `json:"right"`
	// Via is the view or function whose stored body reaches the object;
	// nil for what the statement names itself.
	Via *privilege.Securable `json:"via,omitempty"`
	// Columns are the columns of a table or view that the statement and
	// the bodies it reaches refer to, by name, sorted.
	Columns []string `json:"columns,omitempty"`
}

// Accesses lists what the statement reaches, as the catalog is now, in the
// order the statement names it: each table, view, function, file (ANY
// FILE) and temporary-function use (ANONYMOUS FUNCTION), with the right
// asked for, and then what each view and function reads, tagged with it.
// Every object in a database also needs USAGE on that database, which is
// not listed. The answer does not depend on who asks, and it is for the
// embedder, not for the statement's user: it shows what views and
// functions read, which a user reading them through the view rule may not
// see (their definitions need READ_METADATA). Decide with Authorize first.
func (p *Prepared) Accesses(ctx context.Context) ([]Access, error) {
	snap, err := p.e.cat.Snapshot(ctx)
	if err != nil {
		return nil, located(cancelled(ctx, err), p.stmt)
	}
	var plan *analyzer.Plan
	if analyzer.ResolvesPerCaller(p.stmt) {
		sess := p.e.session(p.db)
		plan, err = analyzer.Analyze(snap, &sess, &analyzer.Caller{User: catalog.AdminUser, Principals: []string{catalog.AdminUser, catalog.AdminsGroup, catalog.UsersGroup}, Admin: true}, p.stmt, nil)
	} else {
		r := p.resolve(snap)
		plan, err = r.plan, r.err
	}
	if err != nil {
		return nil, located(err, p.stmt)
	}
	columns := map[privilege.Securable]map[string]bool{}
	note := func(e *analyzer.Entry, col string) {
		if e == nil || e.Relation == nil || col == "" {
			return
		}
		k := privilege.TableKey(e.Relation.DB, e.Relation.Name)
		if columns[k] == nil {
			columns[k] = map[string]bool{}
		}
		columns[k][col] = true
	}
	for _, ref := range plan.B.Cols {
		note(ref.Entry, ref.Column)
	}
	for _, info := range plan.B.Selects {
		for _, it := range info.Output {
			note(it.Entry, it.Col)
		}
	}
	// What a write names as its target's columns: INSERT writes the
	// columns it lists, or all of them; UPDATE the columns it sets.
	switch op := plan.Op.(type) {
	case *analyzer.Insert:
		target := &analyzer.Entry{Relation: op.Table}
		for _, c := range op.Stmt.Columns {
			note(target, c.Text())
		}
		if len(op.Stmt.Columns) == 0 {
			for _, c := range op.Table.Columns {
				note(target, c.Name)
			}
		}
	case *analyzer.Update:
		for _, a := range op.Stmt.Assigns {
			parts := a.Column.Texts()
			note(op.Target, parts[len(parts)-1])
		}
	}
	type seen struct {
		object, via privilege.Securable
		right       string
	}
	done := map[seen]bool{}
	var out []Access
	var walk func(rs []*analyzer.Request, via *privilege.Securable)
	walk = func(rs []*analyzer.Request, via *privilege.Securable) {
		for _, r := range rs {
			a := Access{Object: r.Object, Right: rightName(r), Via: via}
			k := seen{object: r.Object, right: a.Right}
			if via != nil {
				k.via = *via
			}
			if !done[k] {
				done[k] = true
				for c := range columns[r.Object] {
					a.Columns = append(a.Columns, c)
				}
				sort.Strings(a.Columns)
				out = append(out, a)
			}
			object := r.Object
			walk(r.Children, &object)
		}
	}
	walk(plan.Roots, nil)
	return out, nil
}

func rightName(r *analyzer.Request) string {
	switch r.Right {
	case analyzer.Manage:
		return "MANAGE"
	case analyzer.Own:
		return "OWN"
	}
	return r.Privilege.String()
}
