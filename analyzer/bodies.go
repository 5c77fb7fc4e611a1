package analyzer

import (
	"sync"

	"github.com/tableacl/tableacl/parser"
)

// Bodies keeps the parsed trees of stored view and function bodies, so
// that deciding a statement does not parse the same stored text again.
// It is keyed by the text itself, so it can never be stale: a view that is
// replaced has another text. Trees are shared by any number of statements
// at once, which only read them. It is safe for concurrent use; one
// Bodies serves one engine.
type Bodies struct {
	mu      sync.Mutex
	queries map[string]*parser.Query
	exprs   map[string]*parser.Expr
}

// maxBodies bounds each map: past it, the map starts again empty, which
// costs a parse per body once more and keeps memory bounded whatever the
// catalog holds.
const maxBodies = 4096

// NewBodies makes an empty cache.
func NewBodies() *Bodies {
	return &Bodies{queries: map[string]*parser.Query{}, exprs: map[string]*parser.Expr{}}
}

// query parses a stored query body, or returns the tree parsed before.
// A nil Bodies parses every time.
func (b *Bodies) query(text string) (*parser.Query, error) {
	if b == nil {
		return parser.ParseQuery(text)
	}
	b.mu.Lock()
	q, ok := b.queries[text]
	b.mu.Unlock()
	if ok {
		return q, nil
	}
	q, err := parser.ParseQuery(text)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if len(b.queries) >= maxBodies {
		b.queries = map[string]*parser.Query{}
	}
	b.queries[text] = q
	b.mu.Unlock()
	return q, nil
}

// expr is query for a function's body.
func (b *Bodies) expr(text string) (*parser.Expr, error) {
	if b == nil {
		return parser.ParseExpr(text)
	}
	b.mu.Lock()
	e, ok := b.exprs[text]
	b.mu.Unlock()
	if ok {
		return e, nil
	}
	e, err := parser.ParseExpr(text)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if len(b.exprs) >= maxBodies {
		b.exprs = map[string]*parser.Expr{}
	}
	b.exprs[text] = e
	b.mu.Unlock()
	return e, nil
}
