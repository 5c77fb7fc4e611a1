package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Expressions are parsed by hand, by recursive descent over the same
// tokens, as participle's own precedence-climbing example does (Expr
// implements participle.Parseable); the statements around them stay
// participle's. Participle walks every level of precedence for every
// operand and tries each alternative of a primary in turn, keeping a branch
// of its state for each: a column name cost eight structs, a dozen branches
// and as many deferred assignments. Here a primary is chosen by its first
// tokens, and an operand's levels are allocated together. The AST is the
// one participle built (Expr, AndExpr, ... Primary); exprGrammar is its
// EBNF, which Grammar shows with the rest.
//
// A construct that starts and then fails is an error at the token where
// it fails, which is where participle's deepest error stood.

// exprGrammar is the grammar the hand-written parser accepts, in the EBNF
// participle prints for the statements.
const exprGrammar = `Expr = AndExpr ("OR" AndExpr)* .
AndExpr = NotExpr ("AND" NotExpr)* .
NotExpr = "NOT"* Predicate .
Predicate = Additive ((("<=>" | "==" | "=" | "<>" | "!=" | "<=" | ">=" | "<" | ">") Additive) | IsNull | Between | In | Like)? .
Additive = Multiplicative AddOp* .
Multiplicative = Unary MulOp* .
Unary = ("-" | "+")* Primary .
Primary = Case | Cast | ("EXISTS" "(" Query ")") | ("(" Expr ")") | ("(" Query ")") | Typed | Literal | Call | Name .
Case = "CASE" Expr? When+ ("ELSE" Expr)? "END" .
When = "WHEN" Expr "THEN" Expr .
Cast = "CAST" "(" Expr "AS" Type ")" .
Typed = ("DATE" | "TIMESTAMP") <string> .
Literal = <number> | <string> | ("TRUE" | "FALSE") | "NULL" .
Call = Name "(" ("*" | ("DISTINCT"? Expr ("," Expr)*))? ")" ("OVER" Window)? .
MulOp = ("*" | "/" | "%") Unary .
AddOp = ("+" | "-" | "||") Multiplicative .
IsNull = "IS" "NOT"? "NULL" .
Between = "NOT"? "BETWEEN" Additive "AND" Additive .
In = "NOT"? "IN" (("(" Query) | ("(" Expr ("," Expr)*)) ")" .
Like = "NOT"? "LIKE" Additive .
Window = "(" ("PARTITION" "BY" Expr ("," Expr)*)? ("ORDER" "BY" OrderItem ("," OrderItem)*)? Frame? ")" .
OrderItem = Expr ("ASC" | "DESC")? ("NULLS" ("FIRST" | "LAST"))? .
Frame = "ROWS" "BETWEEN" Bound "AND" Bound .
Bound = (("CURRENT" "ROW") | (("UNBOUNDED" | <number>) ("PRECEDING" | "FOLLOWING"))) .`

// Parse implements participle.Parseable. It matches nothing (NextMatch)
// when the next token cannot start an expression, and consumes nothing then.
func (e *Expr) Parse(lex *lexer.PeekingLexer) error {
	p := exprParser{lex: lex}
	if !p.startsExpr(lex.Peek()) {
		return participle.NextMatch
	}
	out, err := p.expr()
	if err != nil {
		return err
	}
	*e = *out
	return nil
}

type exprParser struct{ lex *lexer.PeekingLexer }

// The sub-grammars an expression holds, parsed by participle: they are
// built with the statement grammar (build).
var typeP *participle.Parser[Type]

// exprLevels are the structs of one operand's levels above Predicate,
// allocated together.
type exprLevels struct {
	expr Expr
	and  AndExpr
	not  NotExpr
	pred Predicate
	or   [1]*AndExpr
	ands [1]*NotExpr
}

// arithLevels are the structs of one operand's levels below Predicate.
type arithLevels struct {
	add  Additive
	mul  Multiplicative
	un   Unary
	prim Primary
}

// nameParts is a name of one part, allocated together.
type nameParts struct {
	name  Name
	ident Ident
	parts [1]*Ident
}

func isKeyword(t *lexer.Token, w string) bool {
	return (t.Type == tokReserved || t.Type == tokIdent) && strings.EqualFold(t.Value, w)
}

func isOp(t *lexer.Token, op string) bool { return t.Type == tokOp && t.Value == op }

func isOpen(t *lexer.Token) bool { return isOp(t, "(") || t.Type == tokQOpen }

func unexpected(t *lexer.Token) error { return &participle.UnexpectedTokenError{Unexpected: *t} }

// expect consumes the word or operator w, or fails at the token there.
func (p *exprParser) expect(w string) (*lexer.Token, error) {
	t := p.lex.Peek()
	if isKeyword(t, w) || isOp(t, w) {
		return p.lex.Next(), nil
	}
	return nil, unexpected(t)
}

// startsExpr reports whether t can be an expression's first token.
func (p *exprParser) startsExpr(t *lexer.Token) bool {
	switch t.Type {
	case tokIdent, tokQIdent, tokNumber, tokString, tokQOpen:
		return true
	case tokOp:
		return t.Value == "(" || t.Value == "-" || t.Value == "+"
	case tokReserved:
		for _, w := range [...]string{"NOT", "CASE", "CAST", "EXISTS", "TRUE", "FALSE", "NULL"} {
			if strings.EqualFold(t.Value, w) {
				return true
			}
		}
	}
	return false
}

// required parses an expression that must be there.
func (p *exprParser) required() (*Expr, error) {
	if t := p.lex.Peek(); !p.startsExpr(t) {
		return nil, unexpected(t)
	}
	return p.expr()
}

func (p *exprParser) expr() (*Expr, error) {
	lv := &exprLevels{}
	e := &lv.expr
	e.Pos = p.lex.Peek().Pos
	first, err := p.andExpr(lv)
	if err != nil {
		return nil, err
	}
	lv.or[0] = first
	e.Or = lv.or[:]
	for isKeyword(p.lex.Peek(), "OR") {
		p.lex.Next()
		if t := p.lex.Peek(); !p.startsExpr(t) {
			return nil, unexpected(t)
		}
		next, err := p.andExpr(&exprLevels{})
		if err != nil {
			return nil, err
		}
		e.Or = append(e.Or, next)
	}
	return e, nil
}

// andExpr parses into lv's AndExpr, NotExpr and Predicate.
func (p *exprParser) andExpr(lv *exprLevels) (*AndExpr, error) {
	a := &lv.and
	a.Pos = p.lex.Peek().Pos
	first, err := p.notExpr(lv)
	if err != nil {
		return nil, err
	}
	lv.ands[0] = first
	a.And = lv.ands[:]
	for isKeyword(p.lex.Peek(), "AND") {
		p.lex.Next()
		if t := p.lex.Peek(); !p.startsExpr(t) {
			return nil, unexpected(t)
		}
		next, err := p.notExpr(&exprLevels{})
		if err != nil {
			return nil, err
		}
		a.And = append(a.And, next)
	}
	return a, nil
}

func (p *exprParser) notExpr(lv *exprLevels) (*NotExpr, error) {
	n := &lv.not
	n.Pos = p.lex.Peek().Pos
	for isKeyword(p.lex.Peek(), "NOT") {
		n.Nots = append(n.Nots, p.lex.Next().Value)
	}
	pred, err := p.predicate(&lv.pred)
	if err != nil {
		return nil, err
	}
	n.Pred = pred
	return n, nil
}

var cmpOps = [...]string{"<=>", "==", "=", "<>", "!=", "<=", ">=", "<", ">"}

func (p *exprParser) predicate(pr *Predicate) (*Predicate, error) {
	pr.Pos = p.lex.Peek().Pos
	left, err := p.additive()
	if err != nil {
		return nil, err
	}
	pr.Left = left
	t := p.lex.Peek()
	if t.Type == tokOp {
		for _, op := range cmpOps {
			if t.Value == op {
				p.lex.Next()
				pr.CmpOp = t.Value
				if pr.Right, err = p.additive(); err != nil {
					return nil, err
				}
				return pr, nil
			}
		}
		return pr, nil
	}
	if t.Type != tokReserved {
		return pr, nil
	}
	start := t.Pos
	not := false
	if isKeyword(t, "NOT") {
		p.lex.Next()
		n := p.lex.Peek()
		if !isKeyword(n, "BETWEEN") && !isKeyword(n, "IN") && !isKeyword(n, "LIKE") {
			// NOT after an operand starts nothing but these, and is
			// never the start of what follows an expression.
			return nil, unexpected(n)
		}
		not, t = true, n
	}
	switch {
	case isKeyword(t, "IS") && !not:
		p.lex.Next()
		is := &IsNull{Node: Node{Pos: start}}
		if isKeyword(p.lex.Peek(), "NOT") {
			p.lex.Next()
			is.Not = true
		}
		if _, err := p.expect("NULL"); err != nil {
			return nil, err
		}
		pr.IsNull = is
	case isKeyword(t, "BETWEEN"):
		p.lex.Next()
		b := &Between{Node: Node{Pos: start}, Not: not}
		if b.Low, err = p.additive(); err != nil {
			return nil, err
		}
		if _, err := p.expect("AND"); err != nil {
			return nil, err
		}
		if b.High, err = p.additive(); err != nil {
			return nil, err
		}
		pr.Between = b
	case isKeyword(t, "IN"):
		p.lex.Next()
		in := &In{Node: Node{Pos: start}, Not: not}
		switch open := p.lex.Peek(); {
		case open.Type == tokQOpen:
			p.lex.Next()
			if in.Query, err = p.query(); err != nil {
				return nil, err
			}
		case isOp(open, "("):
			p.lex.Next()
			if in.List, err = p.list(); err != nil {
				return nil, err
			}
		default:
			return nil, unexpected(open)
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
		pr.In = in
	case isKeyword(t, "LIKE"):
		p.lex.Next()
		l := &Like{Node: Node{Pos: start}, Not: not}
		if l.Pattern, err = p.additive(); err != nil {
			return nil, err
		}
		pr.Like = l
	}
	return pr, nil
}

// list parses Expr ("," Expr)*.
func (p *exprParser) list() ([]*Expr, error) { return commaList(p, p.required) }

// commaList parses one ("," one)*.
func commaList[T any](p *exprParser, one func() (T, error)) ([]T, error) {
	var out []T
	for {
		x, err := one()
		if err != nil {
			return nil, err
		}
		out = append(out, x)
		if !isOp(p.lex.Peek(), ",") {
			return out, nil
		}
		p.lex.Next()
	}
}

func (p *exprParser) additive() (*Additive, error) {
	lv := &arithLevels{}
	a := &lv.add
	a.Pos = p.lex.Peek().Pos
	left, err := p.multiplicative(lv)
	if err != nil {
		return nil, err
	}
	a.Left = left
	for {
		t := p.lex.Peek()
		if !isOp(t, "+") && !isOp(t, "-") && !isOp(t, "||") {
			return a, nil
		}
		p.lex.Next()
		op := &AddOp{Node: Node{Pos: t.Pos}, Op: t.Value}
		if op.Right, err = p.multiplicative(&arithLevels{}); err != nil {
			return nil, err
		}
		a.Rest = append(a.Rest, op)
	}
}

func (p *exprParser) multiplicative(lv *arithLevels) (*Multiplicative, error) {
	m := &lv.mul
	m.Pos = p.lex.Peek().Pos
	left, err := p.unary(lv)
	if err != nil {
		return nil, err
	}
	m.Left = left
	for {
		t := p.lex.Peek()
		if !isOp(t, "*") && !isOp(t, "/") && !isOp(t, "%") {
			return m, nil
		}
		p.lex.Next()
		op := &MulOp{Node: Node{Pos: t.Pos}, Op: t.Value}
		if op.Right, err = p.unary(&arithLevels{}); err != nil {
			return nil, err
		}
		m.Rest = append(m.Rest, op)
	}
}

func (p *exprParser) unary(lv *arithLevels) (*Unary, error) {
	u := &lv.un
	u.Pos = p.lex.Peek().Pos
	for t := p.lex.Peek(); isOp(t, "-") || isOp(t, "+"); t = p.lex.Peek() {
		u.Signs = append(u.Signs, p.lex.Next().Value)
	}
	prim, err := p.primary(&lv.prim)
	if err != nil {
		return nil, err
	}
	u.Prim = prim
	return u, nil
}

func (p *exprParser) primary(pr *Primary) (*Primary, error) {
	t := p.lex.Peek()
	pr.Pos = t.Pos
	var err error
	switch {
	case isKeyword(t, "CASE"):
		pr.Case, err = p.caseExpr()
	case isKeyword(t, "CAST"):
		pr.Cast, err = p.cast()
	case isKeyword(t, "EXISTS"):
		p.lex.Next()
		if open := p.lex.Peek(); open.Type != tokQOpen {
			return nil, unexpected(open)
		}
		p.lex.Next()
		if pr.Exists, err = p.query(); err == nil {
			_, err = p.expect(")")
		}
	case isOp(t, "("):
		p.lex.Next()
		if pr.Paren, err = p.required(); err == nil {
			_, err = p.expect(")")
		}
	case t.Type == tokQOpen:
		p.lex.Next()
		if pr.Subquery, err = p.query(); err == nil {
			_, err = p.expect(")")
		}
	case t.Type == tokNumber:
		p.lex.Next()
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, Number: &t.Value}
	case t.Type == tokString:
		p.lex.Next()
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, String: &t.Value}
	case isKeyword(t, "TRUE") || isKeyword(t, "FALSE"):
		p.lex.Next()
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, Bool: t.Value}
	case isKeyword(t, "NULL"):
		p.lex.Next()
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, Null: true}
	case t.Type == tokIdent || t.Type == tokQIdent:
		if t.Type == tokIdent && (strings.EqualFold(t.Value, "DATE") || strings.EqualFold(t.Value, "TIMESTAMP")) {
			cp := p.lex.MakeCheckpoint()
			p.lex.Next()
			if s := p.lex.Peek(); s.Type == tokString {
				p.lex.Next()
				pr.Typed = &Typed{Node: Node{Pos: t.Pos}, Type: t.Value, Value: s.Value}
				return pr, nil
			}
			p.lex.LoadCheckpoint(cp)
		}
		name, nerr := p.name()
		if nerr != nil {
			return nil, nerr
		}
		if isOpen(p.lex.Peek()) {
			pr.Call, err = p.call(name)
		} else {
			pr.Column = name
		}
	default:
		return nil, unexpected(t)
	}
	if err != nil {
		return nil, err
	}
	return pr, nil
}

// name parses Ident ("." Ident)*; the next token is an identifier. A dot
// must be followed by an identifier: t.* is read by the select item before
// it comes here, and nothing else may follow a name's dot.
func (p *exprParser) name() (*Name, error) {
	np := &nameParts{}
	t := p.lex.Next()
	np.ident = ident(t)
	np.parts[0] = &np.ident
	np.name = Name{Node: Node{Pos: t.Pos}, Parts: np.parts[:]}
	for isOp(p.lex.Peek(), ".") {
		p.lex.Next()
		n := p.lex.Peek()
		if n.Type != tokIdent && n.Type != tokQIdent {
			return nil, unexpected(n)
		}
		id := ident(p.lex.Next())
		np.name.Parts = append(np.name.Parts, &id)
	}
	return &np.name, nil
}

func ident(t *lexer.Token) Ident {
	if t.Type == tokQIdent {
		return Ident{Node: Node{Pos: t.Pos}, Quoted: t.Value}
	}
	return Ident{Node: Node{Pos: t.Pos}, Bare: t.Value}
}

// call parses the rest of a call of name: its arguments and window.
func (p *exprParser) call(name *Name) (*Call, error) {
	c := &Call{Node: Node{Pos: name.Pos}, Name: name}
	p.lex.Next() // the "("
	switch t := p.lex.Peek(); {
	case isOp(t, "*"):
		p.lex.Next()
		c.Star = true
	case isOp(t, ")"):
	default:
		if isKeyword(t, "DISTINCT") {
			p.lex.Next()
			c.Distinct = true
		}
		args, err := p.list()
		if err != nil {
			return nil, err
		}
		c.Args = args
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	// OVER not followed by "(" is an alias, as it was for participle:
	// SELECT count(*) over.
	if isKeyword(p.lex.Peek(), "OVER") {
		cp := p.lex.MakeCheckpoint()
		p.lex.Next()
		if !isOpen(p.lex.Peek()) {
			p.lex.LoadCheckpoint(cp)
			return c, nil
		}
		w, err := p.window()
		if err != nil {
			return nil, err
		}
		c.Over = w
	}
	return c, nil
}

// window parses a window after OVER, its "(" next.
func (p *exprParser) window() (*Window, error) {
	w := &Window{Node: Node{Pos: p.lex.Next().Pos}}
	var err error
	if isKeyword(p.lex.Peek(), "PARTITION") {
		p.lex.Next()
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		if w.PartitionBy, err = p.list(); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.lex.Peek(), "ORDER") {
		p.lex.Next()
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		var err error
		if w.OrderBy, err = commaList(p, p.orderItem); err != nil {
			return nil, err
		}
	}
	if t := p.lex.Peek(); isKeyword(t, "ROWS") {
		p.lex.Next()
		f := &Frame{Node: Node{Pos: t.Pos}}
		if _, err := p.expect("BETWEEN"); err != nil {
			return nil, err
		}
		if f.Start, err = p.bound(); err != nil {
			return nil, err
		}
		if _, err := p.expect("AND"); err != nil {
			return nil, err
		}
		if f.End, err = p.bound(); err != nil {
			return nil, err
		}
		w.Frame = f
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return w, nil
}

// bound parses CURRENT ROW, or UNBOUNDED or a number, then PRECEDING or
// FOLLOWING.
func (p *exprParser) bound() (*Bound, error) {
	t := p.lex.Peek()
	b := &Bound{Node: Node{Pos: t.Pos}}
	switch {
	case isKeyword(t, "CURRENT"):
		p.lex.Next()
		if _, err := p.expect("ROW"); err != nil {
			return nil, err
		}
		b.Current = true
		return b, nil
	case isKeyword(t, "UNBOUNDED"):
		p.lex.Next()
		b.Unbounded = true
	case t.Type == tokNumber:
		p.lex.Next()
		b.N = t.Value
	default:
		return nil, unexpected(t)
	}
	d := p.lex.Peek()
	if !isKeyword(d, "PRECEDING") && !isKeyword(d, "FOLLOWING") {
		return nil, unexpected(d)
	}
	b.Dir = p.lex.Next().Value
	return b, nil
}

func (p *exprParser) orderItem() (*OrderItem, error) {
	t := p.lex.Peek()
	o := &OrderItem{Node: Node{Pos: t.Pos}}
	var err error
	if o.Expr, err = p.required(); err != nil {
		return nil, err
	}
	if d := p.lex.Peek(); isKeyword(d, "ASC") || isKeyword(d, "DESC") {
		o.Dir = p.lex.Next().Value
	}
	if isKeyword(p.lex.Peek(), "NULLS") {
		p.lex.Next()
		n := p.lex.Peek()
		if !isKeyword(n, "FIRST") && !isKeyword(n, "LAST") {
			return nil, unexpected(n)
		}
		o.Nulls = p.lex.Next().Value
	}
	return o, nil
}

func (p *exprParser) caseExpr() (*Case, error) {
	c := &Case{Node: Node{Pos: p.lex.Next().Pos}}
	var err error
	if !isKeyword(p.lex.Peek(), "WHEN") {
		if c.Operand, err = p.required(); err != nil {
			return nil, err
		}
	}
	for isKeyword(p.lex.Peek(), "WHEN") {
		w := &When{Node: Node{Pos: p.lex.Next().Pos}}
		if w.Cond, err = p.required(); err != nil {
			return nil, err
		}
		if _, err := p.expect("THEN"); err != nil {
			return nil, err
		}
		if w.Result, err = p.required(); err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, w)
	}
	if len(c.Whens) == 0 {
		return nil, unexpected(p.lex.Peek())
	}
	if isKeyword(p.lex.Peek(), "ELSE") {
		p.lex.Next()
		if c.Else, err = p.required(); err != nil {
			return nil, err
		}
	}
	if _, err := p.expect("END"); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *exprParser) cast() (*Cast, error) {
	c := &Cast{Node: Node{Pos: p.lex.Next().Pos}}
	if open := p.lex.Peek(); !isOpen(open) {
		return nil, unexpected(open)
	}
	p.lex.Next()
	var err error
	if c.Expr, err = p.required(); err != nil {
		return nil, err
	}
	if _, err := p.expect("AS"); err != nil {
		return nil, err
	}
	if c.Type, err = typeP.ParseFromLexer(p.lex, participle.AllowTrailing(true)); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return c, nil
}

// Names are parsed by hand too: they are the commonest nodes after
// expressions, and participle kept a branch of its state for each
// alternative of an identifier.
const nameGrammar = `Name = Ident ("." Ident)* .
Ident = <ident> | <qident> .`

// Parse implements participle.Parseable: an identifier, bare or
// backticked.
func (i *Ident) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokIdent && t.Type != tokQIdent {
		return participle.NextMatch
	}
	*i = ident(lex.Next())
	return nil
}

// Parse implements participle.Parseable: identifiers joined by dots.
func (n *Name) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokIdent && t.Type != tokQIdent {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	out, err := p.name()
	if err != nil {
		return err
	}
	*n = *out
	return nil
}

// A select item is parsed by hand: participle read o.id as the start of
// o.* and, failing at id, read it again as an expression.
const selectItemGrammar = `SelectItem = "*" | (Ident "." "*") | (Expr ("AS"? Ident)?) .`

func (p *exprParser) selectItem() (*SelectItem, error) {
	lex := p.lex
	t := lex.Peek()
	s := &SelectItem{Node: Node{Pos: t.Pos}}
	switch {
	case isOp(t, "*"):
		lex.Next()
		s.Star = true
		return s, nil
	case t.Type == tokIdent || t.Type == tokQIdent:
		cp := lex.MakeCheckpoint()
		lex.Next()
		if isOp(lex.Peek(), ".") {
			lex.Next()
			if isOp(lex.Peek(), "*") {
				lex.Next()
				id := ident(t)
				s.QualStar = &id
				return s, nil
			}
		}
		lex.LoadCheckpoint(cp)
	}
	e, err := p.required()
	if err != nil {
		return nil, err
	}
	s.Expr = e
	if isKeyword(lex.Peek(), "AS") {
		lex.Next()
		if a := lex.Peek(); a.Type != tokIdent && a.Type != tokQIdent {
			return nil, unexpected(a)
		}
	}
	if a := lex.Peek(); a.Type == tokIdent || a.Type == tokQIdent {
		id := ident(lex.Next())
		s.Alias = &id
	}
	return s, nil
}

// The FROM clause is parsed by hand as well: it holds the names, aliases
// and join conditions of every query.
const fromGrammar = `FromItem = TableFactor Join* .
TableFactor = (("(" Query ")") | Name) ("AS"? Ident ("(" Ident ("," Ident)* ")")?)? .
Join = (("CROSS" "JOIN") | (("INNER" | (("LEFT" | "RIGHT" | "FULL") "OUTER"?))? "JOIN")) TableFactor (("ON" Expr) | ("USING" "(" Ident ("," Ident)* ")"))? .`

// Parse implements participle.Parseable.
func (tf *TableFactor) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokQOpen && t.Type != tokIdent && t.Type != tokQIdent {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	out, err := p.tableFactor()
	if err != nil {
		return err
	}
	*tf = *out
	return nil
}

func (p *exprParser) tableFactor() (*TableFactor, error) {
	t := p.lex.Peek()
	tf := &TableFactor{Node: Node{Pos: t.Pos}}
	var err error
	switch {
	case t.Type == tokQOpen:
		p.lex.Next()
		if tf.Subquery, err = p.query(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	case t.Type == tokIdent || t.Type == tokQIdent:
		if tf.Name, err = p.name(); err != nil {
			return nil, err
		}
	default:
		return nil, unexpected(t)
	}
	if isKeyword(p.lex.Peek(), "AS") {
		p.lex.Next()
		if a := p.lex.Peek(); a.Type != tokIdent && a.Type != tokQIdent {
			return nil, unexpected(a)
		}
	}
	if a := p.lex.Peek(); a.Type == tokIdent || a.Type == tokQIdent {
		id := ident(p.lex.Next())
		tf.Alias = &id
		if p.lex.Peek().Value == "(" && (p.lex.Peek().Type == tokOp || p.lex.Peek().Type == tokQOpen) {
			p.lex.Next()
			if tf.AliasCols, err = p.identList(); err != nil {
				return nil, err
			}
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
		}
	}
	return tf, nil
}

// identList parses Ident ("," Ident)*.
func (p *exprParser) identList() ([]*Ident, error) {
	var out []*Ident
	for {
		t := p.lex.Peek()
		if t.Type != tokIdent && t.Type != tokQIdent {
			return nil, unexpected(t)
		}
		id := ident(p.lex.Next())
		out = append(out, &id)
		if !isOp(p.lex.Peek(), ",") {
			return out, nil
		}
		p.lex.Next()
	}
}

// join parses one join, or returns nil when none follows.
func (p *exprParser) join() (*Join, error) {
	t := p.lex.Peek()
	j := &Join{Node: Node{Pos: t.Pos}}
	switch {
	case isKeyword(t, "CROSS"):
		p.lex.Next()
		j.Cross = true
	case isKeyword(t, "INNER"):
		p.lex.Next()
		j.Kind = t.Value
	case isKeyword(t, "LEFT") || isKeyword(t, "RIGHT") || isKeyword(t, "FULL"):
		p.lex.Next()
		j.Kind = t.Value
		if isKeyword(p.lex.Peek(), "OUTER") {
			p.lex.Next()
		}
	case isKeyword(t, "JOIN"):
	default:
		return nil, nil
	}
	if _, err := p.expect("JOIN"); err != nil {
		return nil, err
	}
	right, err := p.tableFactor()
	if err != nil {
		return nil, err
	}
	j.Right = right
	switch t := p.lex.Peek(); {
	case isKeyword(t, "ON"):
		p.lex.Next()
		if j.On, err = p.required(); err != nil {
			return nil, err
		}
	case isKeyword(t, "USING"):
		p.lex.Next()
		if open := p.lex.Peek(); open.Value != "(" || open.Type != tokOp && open.Type != tokQOpen {
			return nil, unexpected(open)
		}
		p.lex.Next()
		if j.Using, err = p.identList(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// The privileges and the object of the ACL statements are parsed by hand:
// they are all of a GRANT but its principals, and a script of a million
// GRANTs parses each.
const aclGrammar = `Privileges = ("ALL" "PRIVILEGES") | (PrivilegeName ("," PrivilegeName)*) .
PrivilegeName = "SELECT" | Ident .
Securable = (("CATALOG" ((?! ("TO" | "FROM" | "OWNER" | "SET" | "PRIVILEGES")) Ident)?) | ("ANONYMOUS" "FUNCTION") | ("ANY" "FILE") | (("DATABASE" | "SCHEMA" | "TABLE" | "VIEW" | "FUNCTION") (?! ("TO" | "FROM" | "OWNER" | "SET" | "PRIVILEGES") ~".") Name) | Name) .`

// Parse implements participle.Parseable.
func (ps *Privileges) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	ps.Pos = t.Pos
	if isKeyword(t, "ALL") {
		lex.Next()
		if n := lex.Peek(); !isKeyword(n, "PRIVILEGES") {
			return unexpected(n)
		}
		lex.Next()
		ps.All = true
		return nil
	}
	for {
		t := lex.Peek()
		pn := &PrivilegeName{Node: Node{Pos: t.Pos}}
		switch {
		case isKeyword(t, "SELECT"):
			pn.Select = true
		case t.Type == tokIdent || t.Type == tokQIdent:
			id := ident(t)
			pn.Name = &id
		case len(ps.List) == 0:
			return participle.NextMatch
		default:
			return unexpected(t)
		}
		lex.Next()
		ps.List = append(ps.List, pn)
		if !isOp(lex.Peek(), ",") {
			return nil
		}
		lex.Next()
	}
}

// securableStop reports whether t is one of the words that end the object
// of an ACL statement: TO, FROM, OWNER, SET, PRIVILEGES.
func securableStop(t *lexer.Token) bool {
	for _, w := range [...]string{"TO", "FROM", "OWNER", "SET", "PRIVILEGES"} {
		if isKeyword(t, w) {
			return true
		}
	}
	return false
}

// Parse implements participle.Parseable. A keyword followed by no name is
// a table's name (§5.6): TABLE TO x grants on the table "table".
func (s *Securable) Parse(lex *lexer.PeekingLexer) error {
	p := exprParser{lex: lex}
	t := lex.Peek()
	s.Pos = t.Pos
	isName := func(t *lexer.Token) bool { return t.Type == tokIdent || t.Type == tokQIdent }
	switch {
	case isKeyword(t, "CATALOG"):
		lex.Next()
		s.Catalog = true
		if n := lex.Peek(); isName(n) && !securableStop(n) {
			id := ident(lex.Next())
			s.CatalogName = &id
		}
		return nil
	case isKeyword(t, "ANY"):
		lex.Next()
		if n := lex.Peek(); !isKeyword(n, "FILE") {
			return unexpected(n)
		}
		lex.Next()
		s.AnyFile = true
		return nil
	case isKeyword(t, "ANONYMOUS"):
		cp := lex.MakeCheckpoint()
		lex.Next()
		if isKeyword(lex.Peek(), "FUNCTION") {
			lex.Next()
			s.Anonymous = true
			return nil
		}
		lex.LoadCheckpoint(cp)
	case isKeyword(t, "DATABASE") || isKeyword(t, "SCHEMA") || isKeyword(t, "TABLE") || isKeyword(t, "VIEW") || isKeyword(t, "FUNCTION"):
		cp := lex.MakeCheckpoint()
		lex.Next()
		n := lex.Peek()
		blocked := false
		if securableStop(n) {
			c2 := lex.MakeCheckpoint()
			lex.Next()
			after := lex.Peek()
			blocked = !after.EOF() && !isOp(after, ".")
			lex.LoadCheckpoint(c2)
		}
		if !blocked && isName(n) {
			s.Kind = t.Value
			var err error
			s.Name, err = p.name()
			return err
		}
		lex.LoadCheckpoint(cp)
	}
	if !isName(t) {
		return participle.NextMatch
	}
	var err error
	s.Bare, err = p.name()
	return err
}

// Queries are parsed by hand: a subquery inside an expression is then
// parsed by the same parser, and an error deep inside it is reported where
// it is (a grammar of its own would stop early and lose it).
const queryGrammar = `Query = ("WITH" CTE ("," CTE)*)? SetExpr ("ORDER" "BY" OrderItem ("," OrderItem)*)? ("LIMIT" Expr ("OFFSET" Expr)?)? .
CTE = Ident ("(" Ident ("," Ident)* ")")? "AS" "(" Query ")" .
SetExpr = Term SetOp* .
SetOp = ("UNION" | "INTERSECT" | "EXCEPT" | "MINUS") ("ALL" | "DISTINCT")? Term .
Term = Select | ("(" Query ")") | ("VALUES" Row ("," Row)*) .
Row = "(" Expr ("," Expr)* ")" .
Select = "SELECT" ("ALL" | "DISTINCT")? SelectItem ("," SelectItem)* ("FROM" FromItem ("," FromItem)*)? ("WHERE" Expr)? ("GROUP" "BY" Expr ("," Expr)*)? ("HAVING" Expr)? .`

// startsQuery reports whether t can be a query's first token.
func startsQuery(t *lexer.Token) bool {
	return isKeyword(t, "WITH") || isKeyword(t, "SELECT") || isKeyword(t, "VALUES") || t.Type == tokQOpen
}

// Parse implements participle.Parseable.
func (q *Query) Parse(lex *lexer.PeekingLexer) error {
	if !startsQuery(lex.Peek()) {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	out, err := p.query()
	if err != nil {
		return err
	}
	*q = *out
	return nil
}

// query parses a query (after its "(" when it is parenthesized).
func (p *exprParser) query() (*Query, error) {
	t := p.lex.Peek()
	q := &Query{Node: Node{Pos: t.Pos}}
	if isKeyword(t, "WITH") {
		p.lex.Next()
		var err error
		if q.With, err = commaList(p, p.cte); err != nil {
			return nil, err
		}
	}
	body, err := p.setExpr()
	if err != nil {
		return nil, err
	}
	q.Body = body
	if isKeyword(p.lex.Peek(), "ORDER") {
		p.lex.Next()
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		var err error
		if q.OrderBy, err = commaList(p, p.orderItem); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.lex.Peek(), "LIMIT") {
		p.lex.Next()
		if q.Limit, err = p.required(); err != nil {
			return nil, err
		}
		if isKeyword(p.lex.Peek(), "OFFSET") {
			p.lex.Next()
			if q.Offset, err = p.required(); err != nil {
				return nil, err
			}
		}
	}
	return q, nil
}

func (p *exprParser) cte() (*CTE, error) {
	t := p.lex.Peek()
	if t.Type != tokIdent && t.Type != tokQIdent {
		return nil, unexpected(t)
	}
	p.lex.Next()
	id := ident(t)
	c := &CTE{Node: Node{Pos: t.Pos}, Name: &id}
	var err error
	if open := p.lex.Peek(); open.Value == "(" && (open.Type == tokOp || open.Type == tokQOpen) {
		p.lex.Next()
		if c.Columns, err = p.identList(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	if _, err := p.expect("AS"); err != nil {
		return nil, err
	}
	if open := p.lex.Peek(); open.Type != tokQOpen {
		return nil, unexpected(open)
	}
	p.lex.Next()
	if c.Query, err = p.query(); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *exprParser) setExpr() (*SetExpr, error) {
	t := p.lex.Peek()
	se := &SetExpr{Node: Node{Pos: t.Pos}}
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	se.Left = left
	for {
		t := p.lex.Peek()
		if !isKeyword(t, "UNION") && !isKeyword(t, "INTERSECT") && !isKeyword(t, "EXCEPT") && !isKeyword(t, "MINUS") {
			return se, nil
		}
		p.lex.Next()
		op := &SetOp{Node: Node{Pos: t.Pos}, Op: t.Value}
		if q := p.lex.Peek(); isKeyword(q, "ALL") || isKeyword(q, "DISTINCT") {
			op.Quantifier = p.lex.Next().Value
		}
		if op.Right, err = p.term(); err != nil {
			return nil, err
		}
		se.Ops = append(se.Ops, op)
	}
}

func (p *exprParser) term() (*Term, error) {
	t := p.lex.Peek()
	tm := &Term{Node: Node{Pos: t.Pos}}
	var err error
	switch {
	case isKeyword(t, "SELECT"):
		tm.Select, err = p.selectBlock()
	case t.Type == tokQOpen:
		p.lex.Next()
		if tm.Paren, err = p.query(); err == nil {
			_, err = p.expect(")")
		}
	case isKeyword(t, "VALUES"):
		p.lex.Next()
		var err error
		if tm.Values, err = commaList(p, p.row); err != nil {
			return nil, err
		}
	default:
		return nil, unexpected(t)
	}
	if err != nil {
		return nil, err
	}
	return tm, nil
}

func (p *exprParser) row() (*Row, error) {
	t := p.lex.Peek()
	if !isOpen(t) {
		return nil, unexpected(t)
	}
	p.lex.Next()
	r := &Row{Node: Node{Pos: t.Pos}}
	var err error
	if r.Exprs, err = p.list(); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return r, nil
}

func (p *exprParser) selectBlock() (*Select, error) {
	t := p.lex.Next() // SELECT
	s := &Select{Node: Node{Pos: t.Pos}}
	if q := p.lex.Peek(); isKeyword(q, "ALL") || isKeyword(q, "DISTINCT") {
		s.Quantifier = p.lex.Next().Value
	}
	for {
		if t := p.lex.Peek(); !isOp(t, "*") && !p.startsExpr(t) {
			return nil, unexpected(t)
		}
		it, err := p.selectItem()
		if err != nil {
			return nil, err
		}
		s.Items = append(s.Items, it)
		if !isOp(p.lex.Peek(), ",") {
			break
		}
		p.lex.Next()
	}
	var err error
	if isKeyword(p.lex.Peek(), "FROM") {
		p.lex.Next()
		for {
			t := p.lex.Peek()
			if t.Type != tokQOpen && t.Type != tokIdent && t.Type != tokQIdent {
				return nil, unexpected(t)
			}
			f := &FromItem{Node: Node{Pos: t.Pos}}
			if f.Factor, err = p.tableFactor(); err != nil {
				return nil, err
			}
			for {
				j, err := p.join()
				if err != nil {
					return nil, err
				}
				if j == nil {
					break
				}
				f.Joins = append(f.Joins, j)
			}
			s.From = append(s.From, f)
			if !isOp(p.lex.Peek(), ",") {
				break
			}
			p.lex.Next()
		}
	}
	if isKeyword(p.lex.Peek(), "WHERE") {
		p.lex.Next()
		if s.Where, err = p.required(); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.lex.Peek(), "GROUP") {
		p.lex.Next()
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		if s.GroupBy, err = p.list(); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.lex.Peek(), "HAVING") {
		p.lex.Next()
		if s.Having, err = p.required(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Parse implements participle.Parseable: a row of values (MERGE's INSERT
// VALUES, as VALUES in a query).
func (r *Row) Parse(lex *lexer.PeekingLexer) error {
	if !isOpen(lex.Peek()) {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	out, err := p.row()
	if err != nil {
		return err
	}
	*r = *out
	return nil
}
