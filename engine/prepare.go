package engine

import (
	"context"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
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
	tx, err := p.e.cat.BeginRead(ctx)
	if err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	defer tx.Rollback()
	kind, _, err := tx.Identity(user)
	if err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	if kind != catalog.User {
		return located(noSuchUser(user), p.stmt)
	}
	caller, err := analyzer.NewCaller(tx, user)
	if err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	// A session of its own per decision: nothing of one decision is seen
	// by another.
	sess := analyzer.Session{CurrentDB: p.db, TempViews: map[string]*analyzer.TempView{}, TempFuncs: map[string]*analyzer.TempFunc{}}
	if _, err := analyzer.Analyze(tx, &sess, caller, p.stmt, nil); err != nil {
		return located(cancelled(ctx, err), p.stmt)
	}
	// A decision stands only if what it read was consistent.
	if err := tx.Commit(); err != nil {
		return located(sqlerr.As(err), p.stmt)
	}
	return nil
}
