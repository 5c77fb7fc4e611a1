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
	size    int // bytes of text the trees were parsed from
}

// maxBodies and maxBodyBytes bound the cache, in bodies and in the text
// they were parsed from (a tree takes some tens of times its text): past
// either, the cache starts again empty, which costs a parse per body once
// more and keeps memory bounded whatever the catalog holds, however large
// the views a user creates.
const (
	maxBodies    = 4096
	maxBodyBytes = 4 << 20
)

// room makes room for a text of n bytes; b.mu is held.
func (b *Bodies) room(n int) {
	if len(b.queries)+len(b.exprs) >= maxBodies || b.size+n > maxBodyBytes {
		b.queries, b.exprs, b.size = map[string]*parser.Query{}, map[string]*parser.Expr{}, 0
	}
	b.size += n
}

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
	b.room(len(text))
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
	b.room(len(text))
	b.exprs[text] = e
	b.mu.Unlock()
	return e, nil
}
