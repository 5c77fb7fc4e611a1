// Package engine is tableacl's facade, the last stage of the pipeline
// (parser → analyzer → engine): it opens a catalog, runs statements as a
// principal and returns result sets or structured errors. The command line,
// the shell and Go programs that embed tableacl all go through it.
//
// Each statement runs in exactly one SQLite transaction: it is parsed,
// passed through the admin gate, resolved, authorized, validated and
// executed (spec §1.3), and either commits whole or changes nothing. A
// statement that changes nothing runs in a read transaction, which takes
// no write lock (spec §1.5). Files a statement reads are opened only once
// it is authorized; it is then resolved a second time with their columns.
//
// Decisions alone (Conn.Authorize, Prepared) read the catalog's in-memory
// snapshot (catalog.Snapshot), which is never stale: a change committed
// anywhere holds for the next decision.
package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
	"github.com/tableacl/tableacl/internal/access"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// Engine is an open catalog. It is safe for concurrent use: statements
// that change nothing run in read transactions side by side, in this and
// in other processes; statements that change something take turns (spec
// §1.5).
type Engine struct {
	cat       *catalog.Catalog
	bodies    *analyzer.Bodies             // parsed stored bodies, keyed by their text
	functions map[string]*analyzer.Builtin // the embedder's own (WithFunction)
	// remembered is how many users each prepared statement remembers as
	// allowed per catalog version (WithDecisionCache).
	remembered int32
	timeout    time.Duration // WithStatementTimeout; 0: none
}

// limit returns the context a statement runs under: ctx bounded by the
// statement timeout, and by lockLeft, how long the statement may yet hold
// the write lock (< 0 when it does not hold it), with the bound to report
// when it runs out (the statement timeout, or the busy timeout the lock
// is held for at most).
func (e *Engine) limit(ctx context.Context, lockLeft time.Duration) (context.Context, context.CancelFunc, time.Duration) {
	d, shown := e.timeout, e.timeout
	if lockLeft >= 0 && (d == 0 || lockLeft < d) {
		d, shown = max(lockLeft, time.Millisecond), e.cat.BusyTimeout()
	}
	if d == 0 {
		return ctx, func() {}, 0
	}
	stmt, cancel := context.WithTimeout(ctx, d)
	return stmt, cancel, shown
}

// timedOut turns the failure of a statement stopped by its bound (the
// context limit gave it, not the caller's own) into
// QUERY_EXECUTION_TIMEOUT_EXCEEDED.
func timedOut(caller, stmt context.Context, bound time.Duration, err error, at parser.Statement) error {
	if err == nil || caller.Err() != nil || !errors.Is(stmt.Err(), context.DeadlineExceeded) {
		return err
	}
	return located(sqlerr.New(sqlerr.QueryExecutionTimeoutExceeded, sqlerr.Pos{}, "Query execution was cancelled due to exceeding the timeout (%s). The statement changed nothing.", bound), at)
}

// session is a new session over the engine's catalog.
func (e *Engine) session(db string) analyzer.Session {
	return analyzer.Session{CurrentDB: db, TempViews: map[string]*analyzer.TempView{}, TempFuncs: map[string]*analyzer.TempFunc{}, Bodies: e.bodies, Functions: e.functions}
}

// Option configures Open.
type Option func(*options)

type options struct {
	path      string
	busy      time.Duration
	functions map[string]*analyzer.Builtin
	cache     int // WithDecisionCache; -1 when not given
	timeout   time.Duration
	timeoutOK bool  // WithStatementTimeout was given
	err       error // the first invalid option; Open returns it
}

// DefaultDecisionCache is how many users a prepared statement remembers as
// allowed per catalog version unless WithDecisionCache says otherwise.
const DefaultDecisionCache = 4096

// WithDecisionCache sets how many users each prepared statement remembers
// as allowed while the catalog's metadata is unchanged (default
// DefaultDecisionCache; 0 remembers none). A decision is a function of the
// catalog's metadata, the statement and the user, so while the metadata is
// the one the answer was found in, asking again gives the same answer: the
// remembered one is given without walking the request trees. Any commit
// that changes metadata (a REVOKE, a DENY, a membership, an owner, a
// dropped user or view), in any connection or process, makes a new version
// whose decisions are found afresh; the cache is never stale, unlike one
// that waits to be invalidated. Denials are always found afresh, so that
// each carries its own structured Denial.
func WithDecisionCache(users int) Option {
	return func(o *options) { o.cache = max(users, 0) }
}

// WithFile keeps the catalog and its data in the SQLite file at path,
// creating and bootstrapping it when it does not exist. Without it the
// catalog is transient and lives in memory. A file the process may read but
// not write opens read-only: statements that change nothing work, the
// others fail with CATALOG_READ_ONLY.
func WithFile(path string) Option { return func(o *options) { o.path = path } }

// WithBusyTimeout sets how long a statement that changes the catalog waits
// for another connection's change before it fails with CATALOG_BUSY
// (default 30 s).
func WithBusyTimeout(d time.Duration) Option { return func(o *options) { o.busy = d } }

// DefaultStatementTimeout is how long a statement may run unless
// WithStatementTimeout says otherwise.
const DefaultStatementTimeout = 5 * time.Minute

// WithStatementTimeout bounds how long one statement may run (default
// DefaultStatementTimeout; 0 sets no bound). A statement that runs longer
// is stopped and fails with QUERY_EXECUTION_TIMEOUT_EXCEEDED, changing
// nothing. A statement that changes the catalog holds its write lock
// while it runs, so it is stopped sooner, once it has held it for the busy
// timeout (WithBusyTimeout), whatever this says: a writer that waits for
// it then gets its turn before its own wait runs out, and a REVOKE is never
// held off by a runaway INSERT ... SELECT. The same holds for every
// statement of a transient in-memory catalog, whose reads and writes share
// one connection.
func WithStatementTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout, o.timeoutOK = max(d, 0), true }
}

// WithFunction registers a scalar function of the embedder's own, for
// deciding statements that call it: like a built-in it has a one-part name,
// needs no privilege and shadows nothing (spec §5.5), and a call with fewer
// than minArgs or more than maxArgs arguments (maxArgs < 0: no upper bound)
// fails with WRONG_NUM_ARGS. returns is its result type in Spark's
// spelling ("string", "decimal(10,2)"), or "" for the type of its first
// argument. tableacl does not run it: Exec of a statement that calls it
// fails with UNSUPPORTED_FEATURE, since its body lives in the embedder's
// engine. The name may not be one of the built-ins; a temporary function
// of the same name cannot be created.
func WithFunction(name string, minArgs, maxArgs int, returns string) Option {
	return func(o *options) {
		if o.err != nil {
			return
		}
		b, err := externalFunction(name, minArgs, maxArgs, returns)
		if err != nil {
			o.err = err
			return
		}
		if o.functions == nil {
			o.functions = map[string]*analyzer.Builtin{}
		}
		if _, dup := o.functions[b.Name]; dup {
			o.err = fmt.Errorf("engine.WithFunction: %q is registered twice", b.Name)
			return
		}
		o.functions[b.Name] = b
	}
}

// externalFunction checks one WithFunction registration.
func externalFunction(name string, minArgs, maxArgs int, returns string) (*analyzer.Builtin, error) {
	lower := strings.ToLower(name)
	switch {
	case !parser.ValidNewName(name) || lower[0] >= '0' && lower[0] <= '9':
		return nil, fmt.Errorf("engine.WithFunction: %q is not a function name: use ASCII letters, digits and '_', not starting with a digit", name)
	case analyzer.IsBuiltin(lower):
		return nil, fmt.Errorf("engine.WithFunction: %q is a built-in function", lower)
	case minArgs < 0 || maxArgs >= 0 && maxArgs < minArgs:
		return nil, fmt.Errorf("engine.WithFunction: %q: the argument counts %d to %d are not a range", lower, minArgs, maxArgs)
	}
	if maxArgs < 0 {
		maxArgs = -1
	}
	b := &analyzer.Builtin{Name: lower, Kind: analyzer.Scalar, Min: minArgs, Max: maxArgs, External: true}
	if returns != "" {
		typ, err := parser.ParseType(returns)
		if err != nil {
			return nil, fmt.Errorf("engine.WithFunction: %q: %q is not a Spark type", lower, returns)
		}
		b.Result = typ.SparkType()
	} else if minArgs == 0 {
		return nil, fmt.Errorf("engine.WithFunction: %q: a function that may take no argument needs a result type", lower)
	}
	return b, nil
}

// Open opens (or creates) a catalog.
func Open(ctx context.Context, opts ...Option) (*Engine, error) {
	o := options{cache: -1}
	for _, opt := range opts {
		opt(&o)
	}
	if o.err != nil {
		return nil, o.err
	}
	cat, err := catalog.Open(ctx, o.path, catalog.Options{BusyTimeout: o.busy})
	if err != nil {
		return nil, err
	}
	if o.cache < 0 {
		o.cache = DefaultDecisionCache
	}
	if !o.timeoutOK {
		o.timeout = DefaultStatementTimeout
	}
	return &Engine{cat: cat, bodies: analyzer.NewBodies(), functions: o.functions, remembered: int32(min(o.cache, 1<<30)), timeout: o.timeout}, nil
}

// ReadOnly reports whether the catalog file opened read-only.
func (e *Engine) ReadOnly() bool { return e.cat.ReadOnly() }

// HoldsFile reports whether path names the catalog's file or one of the
// files SQLite keeps beside it. Nothing but SQLite may open those in the
// process that has the catalog open: closing any descriptor of the file
// releases the locks SQLite holds on it (docs/limits.md). The shell and the
// command line refuse to read such a file as a script.
func (e *Engine) HoldsFile(path string) bool { return e.cat.Holds(path) }

// Close closes the catalog.
func (e *Engine) Close() error { return e.cat.Close() }

// Transient reports whether the catalog lives only in memory.
func (e *Engine) Transient() bool { return e.cat.Path() == "" }

// Conn is one connection: an acting user, a current database and the
// temporary views and functions it created (spec §2.5). A Conn is not safe
// for concurrent use; open one per goroutine.
type Conn struct {
	e      *Engine
	user   string
	userID int64 // the principal the connection acts as (spec §3.6)
	sess   analyzer.Session
	// registering: the statement running is RegisterTable's.
	registering bool
}

// Connect opens a connection acting as user, which must be an existing user
// (spec §3.6).
func (e *Engine) Connect(ctx context.Context, user string) (*Conn, error) {
	c := &Conn{e: e, sess: e.session("default")}
	if err := c.SetUser(ctx, user); err != nil {
		return nil, err
	}
	return c, nil
}

// SetUser switches the acting user, keeping the connection's current
// database and temporary objects (spec §2.5).
func (c *Conn) SetUser(ctx context.Context, user string) error {
	tx, err := c.e.cat.BeginRead(ctx)
	if err != nil {
		return sqlerr.As(err)
	}
	defer tx.Rollback()
	kind, id, err := tx.Identity(user)
	if err != nil {
		return sqlerr.Internal(err)
	}
	if kind != catalog.User {
		return noSuchUser(user)
	}
	c.user, c.userID = user, id
	return nil
}

func noSuchUser(user string) *sqlerr.Error {
	return sqlerr.NewPrincipalDoesNotExist(sqlerr.Pos{}, "user", user)
}

// knownCaller is the caller of the last statement of a transaction, and
// the transaction's count of writes to principals and memberships then:
// while that count and the user stay the same, the user still exists as
// the same principal, in the same groups (spec §3.6), in that transaction.
type knownCaller struct {
	tx     *catalog.Tx
	user   string
	writes int
	caller *analyzer.Caller
}

func (k *knownCaller) get(tx *catalog.Tx, user string) *analyzer.Caller {
	if k == nil || k.tx != tx || k.user != user || k.writes != tx.MemberWrites() {
		return nil
	}
	return k.caller
}

func (k *knownCaller) put(tx *catalog.Tx, user string, caller *analyzer.Caller) {
	if k != nil {
		*k = knownCaller{tx: tx, user: user, writes: tx.MemberWrites(), caller: caller}
	}
}

// actingUser checks, at the start of every statement, that the connection's
// user still exists as the same principal: dropped, or re-created as a group
// or as a new user, it runs nothing more (spec §3.6).
func (c *Conn) actingUser(tx catalog.Reader) error {
	kind, id, err := tx.Identity(c.user)
	if err != nil {
		return sqlerr.Internal(err)
	}
	if kind != catalog.User || id != c.userID {
		return noSuchUser(c.user)
	}
	return nil
}

// User is the acting user.
func (c *Conn) User() string { return c.user }

// Engine is the engine the connection belongs to.
func (c *Conn) Engine() *Engine { return c.e }

// Database is the current database.
func (c *Conn) Database() string { return c.sess.CurrentDB }

// Result is the outcome of one statement. Statements without a result set
// have no columns.
type Result struct {
	Columns []string
	Types   []string // Spark type names, e.g. "int", "string", "boolean"
	Rows    [][]any  // nil, int64, float64, string or bool
}

// HasRows reports whether the statement returns a result set.
func (r *Result) HasRows() bool { return r != nil && len(r.Columns) > 0 }

// Statement is one parsed statement with its source position.
type Statement struct {
	parsed parser.Statement
	err    error
	Text   string
	Pos    sqlerr.Pos
}

// runnable is the error of a statement that cannot run: its syntax error,
// or, for an Outcome's copy, that it has no parsed form.
func (s *Statement) runnable() error {
	if s.err != nil {
		return s.err
	}
	if s.parsed == nil {
		return sqlerr.Internal(errors.New("engine: the statement was not made by Parse"))
	}
	return nil
}

// Parse splits a script into statements. A statement that does not parse
// carries its error, which Exec returns; the others are unaffected.
func Parse(filename, src string) []*Statement {
	return ParseAt(filename, src, sqlerr.Pos{Line: 1, Col: 1})
}

// ParseAt is Parse for text that starts at pos in its script, such as one
// piece of a parser.Scanner: positions are those of the script.
func ParseAt(filename, src string, pos sqlerr.Pos) []*Statement {
	var out []*Statement
	for _, c := range parser.SplitAt(filename, src, pos) {
		s, err := c.Parse()
		pos := c.Pos
		if c.Err != nil {
			pos = c.Err.Pos
		}
		out = append(out, &Statement{parsed: s, err: err, Text: c.Text, Pos: pos})
	}
	return out
}

// Err is the statement's parse error, if any.
func (s *Statement) Err() error { return s.err }

// ExecScript runs every statement of src in order and stops at the first
// error, returning the results so far. Each statement is atomic, and the
// statements before the error stay committed; statements that change the
// catalog commit several at a time (see Batch).
func (c *Conn) ExecScript(ctx context.Context, src string) ([]*Result, error) {
	var out []*Result
	b := c.NewBatch()
	collect := func(os []Outcome) error {
		for _, o := range os {
			if o.Err != nil {
				return o.Err
			}
			out = append(out, o.Result)
		}
		return nil
	}
	for _, s := range Parse("", src) {
		if err := collect(b.Exec(ctx, s)); err != nil {
			b.Flush() // nothing is pending after a failure; this only ends the batch
			return out, err
		}
	}
	return out, collect(b.Flush())
}

// Query runs a single statement given as text.
func (c *Conn) Query(ctx context.Context, sql string) (*Result, error) {
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		return nil, err
	}
	return c.Exec(ctx, &Statement{parsed: stmt, Text: sql, Pos: stmt.At()})
}

// Exec runs one statement in one transaction.
func (c *Conn) Exec(ctx context.Context, s *Statement) (*Result, error) {
	if err := s.runnable(); err != nil {
		return nil, err
	}
	return c.run(ctx, s.parsed, true)
}

// Authorize decides a statement for the acting user without running it:
// nil when it would be allowed, otherwise the error Exec would return
// before executing (syntax, resolution or INSUFFICIENT_PERMISSIONS). It
// changes nothing. Embedders call it before handing the statement to
// another engine.
func (c *Conn) Authorize(ctx context.Context, sql string) error {
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		return err
	}
	_, err = c.run(ctx, stmt, false)
	return err
}

// decide is Authorize's decision: analysis against the catalog's current
// snapshot, without a transaction.
func (c *Conn) decide(ctx context.Context, stmt parser.Statement) error {
	snap, err := c.e.cat.Snapshot(ctx)
	if err != nil {
		return located(cancelled(ctx, err), stmt)
	}
	if err := c.actingUser(snap); err != nil {
		return located(err, stmt)
	}
	caller, err := analyzer.NewCaller(snap, c.user)
	if err != nil {
		return sqlerr.Internal(err)
	}
	if _, err := analyzer.Analyze(snap, &c.sess, caller, stmt, nil); err != nil {
		return located(cancelled(ctx, err), stmt)
	}
	return nil
}

func (c *Conn) run(ctx context.Context, stmt parser.Statement, execute bool) (res *Result, err error) {
	if !execute {
		return nil, c.decide(ctx, stmt)
	}
	begin := func(ctx context.Context) (*catalog.Tx, error) { return c.e.cat.Begin(ctx, access.Write) }
	lockLeft := c.e.cat.BusyTimeout()
	if readOnly(stmt, &c.sess) {
		begin = c.e.cat.BeginRead
		if !c.e.cat.SharesWriter() {
			lockLeft = -1
		}
	}
	tx, err := begin(ctx)
	if err != nil {
		return nil, located(cancelled(ctx, err), stmt)
	}
	defer tx.Rollback()
	// The bound counts from the moment the statement holds its
	// transaction, not from when it began to wait for it.
	caller := ctx
	ctx, cancel, bound := c.e.limit(ctx, lockLeft)
	defer cancel()
	defer func() { err = timedOut(caller, ctx, bound, err, stmt) }()
	tx.SetContext(ctx)
	res, apply, err := c.execIn(ctx, tx, stmt, nil)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, located(sqlerr.As(err), stmt)
	}
	// Connection state changes only once the statement has committed.
	if apply != nil {
		apply()
	}
	return res, nil
}

// execIn decides and executes stmt in tx, which the caller commits. It
// returns the change to the connection's state to apply once the
// statement has committed, if any. known, when not nil, keeps the caller
// between the statements of one transaction.
func (c *Conn) execIn(ctx context.Context, tx *catalog.Tx, stmt parser.Statement, known *knownCaller) (_ *Result, _ func(), err error) {
	defer func() {
		// A statement that breaks the engine fails, and changes nothing
		// (the caller rolls tx back); the process carries on.
		if r := recover(); r != nil {
			err = located(sqlerr.Internal(fmt.Errorf("the engine failed: %v", r)), stmt)
		}
	}()
	caller := known.get(tx, c.user)
	if caller == nil {
		if err := c.actingUser(tx); err != nil {
			return nil, nil, located(cancelled(ctx, err), stmt)
		}
		var err error
		if caller, err = analyzer.NewCaller(tx, c.user); err != nil {
			return nil, nil, located(cancelled(ctx, sqlerr.Internal(err)), stmt)
		}
		known.put(tx, c.user, caller)
	}
	plan, err := analyzer.Analyze(tx, &c.sess, caller, stmt, nil)
	if err != nil {
		return nil, nil, located(cancelled(ctx, err), stmt)
	}
	var files map[string]*translate.File
	if len(plan.B.Files) > 0 {
		if _, explain := stmt.(*parser.ExplainStmt); !explain {
			// Authorized: now, and only now, the files are read, and the
			// statement is resolved again with their columns (spec §1.3,
			// §2.6).
			if files, err = readFiles(c.e.cat, plan.B.Files, stmt.At(), plan.B.FileFormats); err != nil {
				return nil, nil, located(err, stmt)
			}
			if plan, err = analyzer.Analyze(tx, &c.sess, caller, stmt, headers(files)); err != nil {
				return nil, nil, located(cancelled(ctx, err), stmt)
			}
		}
	}
	x := &executor{tx: tx, conn: c, plan: plan, sess: c.sess, files: files, elsewhere: c.registering}
	res, err := x.run()
	if err != nil {
		return nil, nil, located(cancelled(ctx, err), stmt)
	}
	return res, x.apply, nil
}

// ErrCancelled is the detail of the INTERNAL_ERROR a statement fails with
// when its context is cancelled (the shell's Ctrl-C) while it runs. The
// spec has no class for it; like a storage failure it is never an
// authorization outcome, and the statement changes nothing (tableacl
// choice).
var ErrCancelled = errors.New("statement cancelled; it changed nothing")

// cancelled replaces the error of a statement whose context was cancelled,
// whatever the driver made of the interruption.
func cancelled(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return sqlerr.Internal(ErrCancelled)
	}
	return err
}

// located gives an error without a position the statement's first token
// (spec §11), and wraps foreign errors as INTERNAL_ERROR.
func located(err error, stmt parser.Statement) error { return locatedAt(err, stmt.At()) }

// locatedAt is located for a statement at pos.
func locatedAt(err error, pos sqlerr.Pos) error {
	var e *sqlerr.Error
	if !errors.As(err, &e) {
		e = sqlerr.Internal(err)
	}
	if !e.Pos.IsValid() {
		c := *e
		c.Pos = pos
		return &c
	}
	return e
}

// IsDenied reports whether err is a permission failure, returning its
// structured denial.
func IsDenied(err error) (*Denial, bool) {
	var e *sqlerr.Error
	if errors.As(err, &e) && e.Denial != nil {
		return e.Denial, true
	}
	return nil, false
}

// matchPattern applies the SHOW ... LIKE patterns of spec §3.5: '*' any
// sequence, '|' alternatives, case-insensitive, whole name.
func matchPattern(pattern, name string) bool {
	for _, alt := range strings.Split(strings.TrimSpace(pattern), "|") {
		if globMatch(strings.ToLower(strings.TrimSpace(alt)), strings.ToLower(name)) {
			return true
		}
	}
	return false
}

// globMatch matches s against p, where '*' is any sequence. It keeps only
// the last star to fall back to, so its cost is at most the product of the
// two lengths, never exponential in the number of stars (spec §1.5).
func globMatch(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && p[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
