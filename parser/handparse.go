package parser

import (
	"math"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/tableacl/tableacl/sqlerr"
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
NotExpr = ("NOT" | "!")* Predicate .
Predicate = Additive ((("<=>" | "==" | "=" | "<>" | "!=" | "<=" | ">=" | "<" | ">") Additive) | Is | Between | In | Like)? .
Additive = BitXor ("|" BitXor)* .
BitXor = BitAnd ("^" BitAnd)* .
BitAnd = Sum ("&" Sum)* .
Sum = Multiplicative (("+" | "-" | "||") Multiplicative)* .
Multiplicative = Unary (("*" | "/" | "%" | "DIV") Unary)* .
Unary = ("-" | "+" | "~")* Primary Postfix* .
Postfix = ("[" Expr "]") | ("." Ident) | ("::" Type) .
Primary = Case | Cast | ("EXISTS" "(" Query ")") | ("(" Expr ("," Expr)* ")") | ("(" Query ")") | Typed | Interval | Literal | Special | Call | Name .
Case = "CASE" Expr? When+ ("ELSE" Expr)? "END" .
When = "WHEN" Expr "THEN" Expr .
Cast = ("CAST" | "TRY_CAST") "(" Expr "AS" Type ")" .
Typed = ("DATE" | "TIMESTAMP" | "TIMESTAMP_NTZ" | "TIMESTAMP_LTZ" | "X") <string> .
Interval = "INTERVAL" (<string> | (("-" | "+")? (<number> | <string>) Unit ("TO" Unit)?)+) .
Unit = "YEAR" | "MONTH" | "WEEK" | "DAY" | "HOUR" | "MINUTE" | "SECOND" | "MILLISECOND" | "MICROSECOND" .
Literal = <number> | <string>+ | ("TRUE" | "FALSE") | "NULL" .
Special = ("EXTRACT" "(" Ident "FROM" Expr ")") | (("SUBSTRING" | "SUBSTR") "(" Expr "FROM" Expr ("FOR" Expr)? ")") | ("POSITION" "(" Expr "IN" Expr ")") | ("TRIM" "(" ("BOTH" | "LEADING" | "TRAILING")? Expr? "FROM" Expr ")") | ("OVERLAY" "(" Expr "PLACING" Expr "FROM" Expr ("FOR" Expr)? ")") .
Call = Name "(" ("*" | (("DISTINCT" | "ALL")? Argument ("," Argument)* Nulls?))? ")" Nulls? ("WITHIN" "GROUP" "(" "ORDER" "BY" OrderItem ("," OrderItem)* ")")? ("FILTER" "(" "WHERE" Expr ")")? ("OVER" (Ident | Window))? .
Argument = ((Ident | ("(" Ident ("," Ident)* ")")) "->" Expr) | Expr .
Nulls = ("IGNORE" | "RESPECT") "NULLS" .
Is = "IS" "NOT"? ("NULL" | "TRUE" | "FALSE" | "UNKNOWN" | ("DISTINCT" "FROM" Additive)) .
Between = "NOT"? "BETWEEN" Additive "AND" Additive .
In = "NOT"? "IN" (("(" Query) | ("(" Expr ("," Expr)*)) ")" .
Like = "NOT"? (((("LIKE" | "ILIKE") (Additive | (("ANY" | "SOME" | "ALL") "(" Expr ("," Expr)* ")"))) ("ESCAPE" <string>)?) | (("RLIKE" | "REGEXP") Additive)) .
Window = "(" Ident? (("PARTITION" | "DISTRIBUTE") "BY" Expr ("," Expr)*)? (("ORDER" | "SORT") "BY" OrderItem ("," OrderItem)*)? Frame? ")" .
OrderItem = Expr ("ASC" | "DESC")? ("NULLS" ("FIRST" | "LAST"))? .
Frame = ("ROWS" | "RANGE") (("BETWEEN" Bound "AND" Bound) | Bound) .
Bound = (("CURRENT" "ROW") | (("UNBOUNDED" | <number> | Expr) ("PRECEDING" | "FOLLOWING"))) .`

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
		return t.Value == "(" || t.Value == "-" || t.Value == "+" || t.Value == "~" || t.Value == "!"
	case tokReserved:
		for _, w := range [...]string{"NOT", "CASE", "CAST", "EXISTS", "TRUE", "FALSE", "NULL"} {
			if strings.EqualFold(t.Value, w) {
				return true
			}
		}
		// left(...), any(...): only as the next token, whose follower is
		// known.
		return reservedFunction(t) && t == p.lex.Peek() && isOpen(p.peek2())
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
	for t := p.lex.Peek(); isKeyword(t, "NOT") || isOp(t, "!"); t = p.lex.Peek() {
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
	if t.Type != tokReserved && !p.likeWord(t) {
		return pr, nil
	}
	start := t.Pos
	not := false
	if isKeyword(t, "NOT") {
		p.lex.Next()
		n := p.lex.Peek()
		if !isKeyword(n, "BETWEEN") && !isKeyword(n, "IN") && !isKeyword(n, "LIKE") && !p.likeWord(n) {
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
		switch v := p.lex.Peek(); {
		case isKeyword(v, "NULL"):
			p.lex.Next()
		case isKeyword(v, "TRUE") || isKeyword(v, "FALSE") || isKeyword(v, "UNKNOWN"):
			is.Value = strings.ToUpper(p.lex.Next().Value)
		case isKeyword(v, "DISTINCT"):
			p.lex.Next()
			if _, err := p.expect("FROM"); err != nil {
				return nil, err
			}
			if is.DistinctFrom, err = p.additive(); err != nil {
				return nil, err
			}
		default:
			return nil, unexpected(v)
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
	case isKeyword(t, "LIKE") || p.likeWord(t):
		if pr.Like, err = p.like(start, not); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// likeWord reports whether t is ILIKE, RLIKE or REGEXP followed by what
// may start a pattern: the words are not reserved, and stand for a column
// alias when nothing follows them.
func (p *exprParser) likeWord(t *lexer.Token) bool {
	if t.Type != tokIdent || !isKeyword(t, "ILIKE") && !isKeyword(t, "RLIKE") && !isKeyword(t, "REGEXP") {
		return false
	}
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	p.lex.Next()
	n := p.lex.Peek()
	return p.startsExpr(n) || isKeyword(n, "ANY") || isKeyword(n, "ALL")
}

// like parses the rest of [NOT] LIKE|ILIKE|RLIKE|REGEXP, its word next.
func (p *exprParser) like(start lexer.Position, not bool) (*Like, error) {
	w := p.lex.Next()
	l := &Like{Node: Node{Pos: start}, Not: not}
	if !isKeyword(w, "LIKE") {
		l.Op = strings.ToUpper(w.Value)
	}
	var err error
	if q := p.lex.Peek(); l.Op != "RLIKE" && l.Op != "REGEXP" && (isKeyword(q, "ANY") || isKeyword(q, "ALL") || isKeyword(q, "SOME")) {
		p.lex.Next()
		l.Quantifier = strings.ToUpper(q.Value)
		if open := p.lex.Peek(); !isOp(open, "(") {
			return nil, unexpected(open)
		}
		p.lex.Next()
		if l.Patterns, err = p.list(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	} else if l.Pattern, err = p.additive(); err != nil {
		return nil, err
	}
	if isKeyword(p.lex.Peek(), "ESCAPE") && l.Op != "RLIKE" && l.Op != "REGEXP" {
		cp := p.lex.MakeCheckpoint()
		p.lex.Next()
		if s := p.lex.Peek(); s.Type == tokString {
			p.lex.Next()
			l.Escape = &s.Value
		} else {
			p.lex.LoadCheckpoint(cp) // an alias named escape
		}
	}
	return l, nil
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

// additive parses the operands of a comparison: the bitwise operators |,
// ^ and & (loosest first, as in Spark) over sums. The AST has one level,
// Additive, for all of them: an operand of a bitwise operator that is
// itself a sum or a looser bitwise expression is kept as a parenthesized
// primary, so that the tree, its canonical text and its translation keep
// Spark's precedence.
func (p *exprParser) additive() (*Additive, error) { return p.bitwise(0) }

// bitOps are the bitwise operators, loosest first: |, ^, &, then the
// shifts <<, >> and >>> (one level), which bind looser than + and -.
var bitOps = [...]string{"|", "^", "&", "<<"}

func (p *exprParser) bitwise(level int) (*Additive, error) {
	if level == len(bitOps) {
		return p.sum()
	}
	left, err := p.bitwise(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.lex.Peek()
		op := t.Value
		if bitOps[level] == "<<" {
			if op = p.shift(); op == "" {
				break
			}
		} else if !isOp(t, op) || op != bitOps[level] {
			break
		}
		p.lex.Next()
		right, err := p.bitwise(level + 1)
		if err != nil {
			return nil, err
		}
		if len(left.Rest) > 0 && !sameLevel(left, bitOps[level]) {
			left = parenthesized(left)
		}
		if len(right.Rest) > 0 {
			right = parenthesized(right)
		}
		left.Rest = append(left.Rest, &AddOp{Node: Node{Pos: t.Pos}, Op: op, Right: right.Left})
	}
	return left, nil
}

// shift reads a shift operator, which the lexer gives as adjacent < or >
// tokens (a type's closing >> must stay two tokens): it consumes all but
// the last of them, which the caller consumes, and returns the operator,
// or "" when none stands next.
func (p *exprParser) shift() string {
	t := p.lex.Peek()
	if !isOp(t, "<") && !isOp(t, ">") {
		return ""
	}
	cp := p.lex.MakeCheckpoint()
	op, end := t.Value, t.Pos.Offset+1
	p.lex.Next()
	for n := p.lex.Peek(); isOp(n, t.Value) && n.Pos.Offset == end && len(op) < 3; n = p.lex.Peek() {
		if op == "<<" {
			break
		}
		op += n.Value
		end++
		p.lex.Next()
	}
	p.lex.LoadCheckpoint(cp)
	if op != "<<" && op != ">>" && op != ">>>" {
		return ""
	}
	for i := 1; i < len(op); i++ {
		p.lex.Next()
	}
	return op
}

// sameLevel reports whether every operator of a is at op's level: a chain
// that the next operator of the level extends.
func sameLevel(a *Additive, op string) bool {
	for _, o := range a.Rest {
		if o.Op != op && !(isShift(o.Op) && isShift(op)) {
			return false
		}
	}
	return true
}

func isShift(op string) bool { return op == "<<" || op == ">>" || op == ">>>" }

// parenthesized wraps a in parentheses: an Additive of one operand, a
// primary holding a.
func parenthesized(a *Additive) *Additive {
	pos := a.Pos
	pred := &Predicate{Node: Node{Pos: pos}, Left: a}
	e := &Expr{Node: Node{Pos: pos}, Or: []*AndExpr{{Node: Node{Pos: pos}, And: []*NotExpr{{Node: Node{Pos: pos}, Pred: pred}}}}}
	prim := &Primary{Node: Node{Pos: pos}, Paren: e}
	un := &Unary{Node: Node{Pos: pos}, Prim: prim}
	return &Additive{Node: Node{Pos: pos}, Left: &Multiplicative{Node: Node{Pos: pos}, Left: un}}
}

// sum parses terms joined by + - ||.
func (p *exprParser) sum() (*Additive, error) {
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
		if !isOp(t, "*") && !isOp(t, "/") && !isOp(t, "%") && !p.isDiv(t) {
			return m, nil
		}
		p.lex.Next()
		op := &MulOp{Node: Node{Pos: t.Pos}, Op: t.Value}
		if t.Type == tokIdent {
			op.Op = "DIV"
		}
		if op.Right, err = p.unary(&arithLevels{}); err != nil {
			return nil, err
		}
		m.Rest = append(m.Rest, op)
	}
}

// isDiv reports whether t is the integral division operator DIV: the word,
// followed by what may start an operand (else it is an alias).
func (p *exprParser) isDiv(t *lexer.Token) bool {
	if t.Type != tokIdent || !isKeyword(t, "DIV") {
		return false
	}
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	p.lex.Next()
	return p.startsExpr(p.lex.Peek())
}

func (p *exprParser) unary(lv *arithLevels) (*Unary, error) {
	u := &lv.un
	u.Pos = p.lex.Peek().Pos
	for t := p.lex.Peek(); isOp(t, "-") || isOp(t, "+") || isOp(t, "~"); t = p.lex.Peek() {
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
	if _, err := p.primaryOnly(pr); err != nil {
		return nil, err
	}
	// What follows a primary: [index], .field and ::type, in any number.
	for {
		t := p.lex.Peek()
		switch {
		case isOp(t, "["):
			p.lex.Next()
			x := &Postfix{Node: Node{Pos: t.Pos}}
			var err error
			if x.Index, err = p.required(); err != nil {
				return nil, err
			}
			if _, err := p.expect("]"); err != nil {
				return nil, err
			}
			pr.Postfix = append(pr.Postfix, x)
		case isOp(t, ".") && (pr.Column == nil || len(pr.Postfix) > 0):
			p.lex.Next()
			f := p.lex.Peek()
			if f.Type != tokIdent && f.Type != tokQIdent {
				return nil, unexpected(f)
			}
			id := ident(p.lex.Next())
			pr.Postfix = append(pr.Postfix, &Postfix{Node: Node{Pos: t.Pos}, Field: &id})
		case isOp(t, "::"):
			p.lex.Next()
			typ, err := p.typ(0)
			if err != nil {
				return nil, err
			}
			pr.Postfix = append(pr.Postfix, &Postfix{Node: Node{Pos: t.Pos}, Cast: typ})
		default:
			return pr, nil
		}
	}
}

// primaryOnly parses a primary without what may follow it.
func (p *exprParser) primaryOnly(pr *Primary) (*Primary, error) {
	t := p.lex.Peek()
	pr.Pos = t.Pos
	var err error
	switch {
	case isKeyword(t, "CASE"):
		pr.Case, err = p.caseExpr()
	case isKeyword(t, "CAST") || t.Type == tokIdent && isKeyword(t, "TRY_CAST") && isOpen(p.peek2()):
		pr.Cast, err = p.cast()
	case isKeyword(t, "EXISTS") && isOp(p.peek2(), "(") || reservedFunction(t) && isOpen(p.peek2()):
		// exists(array, x -> cond), left(s, n), right(s, n), like(s, p),
		// any(b): built-in functions named by reserved words, which
		// cannot otherwise start an expression.
		p.lex.Next()
		id := Ident{Node: Node{Pos: t.Pos}, Bare: strings.ToLower(t.Value)}
		pr.Call, err = p.call(&Name{Node: Node{Pos: t.Pos}, Parts: []*Ident{&id}})
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
		var list []*Expr
		if list, err = p.list(); err == nil {
			_, err = p.expect(")")
		}
		if len(list) == 1 {
			pr.Paren = list[0]
		} else {
			pr.Tuple = list
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
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, String: p.adjacent(t.Value)}
	case isKeyword(t, "TRUE") || isKeyword(t, "FALSE"):
		p.lex.Next()
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, Bool: t.Value}
	case isKeyword(t, "NULL"):
		p.lex.Next()
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, Null: true}
	case t.Type == tokIdent || t.Type == tokQIdent:
		if t.Type == tokIdent {
			if done, err := p.keywordPrimary(t, pr); done || err != nil {
				if err != nil {
					return nil, err
				}
				return pr, nil
			}
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

// reservedFunction reports whether t is a reserved word that names a
// built-in function when "(" follows it at the start of an expression.
func reservedFunction(t *lexer.Token) bool {
	if t.Type != tokReserved {
		return false
	}
	switch strings.ToUpper(t.Value) {
	case "LEFT", "RIGHT", "LIKE", "ANY":
		return true
	}
	return false
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

// call parses the rest of a call of name: its arguments (lambdas among
// them), IGNORE|RESPECT NULLS, FILTER (WHERE ...) and its window.
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
		} else if isKeyword(t, "ALL") {
			p.lex.Next() // count(ALL x) is count(x)
		}
		isStruct := len(name.Parts) == 1 && strings.EqualFold(name.Parts[0].Text(), "struct")
		var aliases []*Ident
		args, err := commaList(p, func() (*Expr, error) {
			a, err := p.argument()
			if err != nil || !isStruct {
				return a, err
			}
			// struct(x AS name, ...): a field's name, as a select item's.
			var alias *Ident
			if isKeyword(p.lex.Peek(), "AS") {
				p.lex.Next()
				if t := p.lex.Peek(); t.Type != tokIdent && t.Type != tokQIdent {
					return nil, unexpected(t)
				}
				id := ident(p.lex.Next())
				alias = &id
			}
			aliases = append(aliases, alias)
			return a, nil
		})
		if err != nil {
			return nil, err
		}
		c.Args = args
		namedStruct(c, aliases)
		if err := p.nullsClause(c); err != nil {
			return nil, err
		}
		unitArgument(c)
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	if err := p.nullsClause(c); err != nil {
		return nil, err
	}
	if t := p.lex.Peek(); t.Type == tokIdent && isKeyword(t, "WITHIN") && isKeyword(p.peek2(), "GROUP") {
		p.lex.Next()
		p.lex.Next()
		if _, err := p.expect("("); err != nil {
			return nil, err
		}
		if _, err := p.expect("ORDER"); err != nil {
			return nil, err
		}
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		var err error
		if c.WithinGroup, err = commaList(p, p.orderItem); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	if t := p.lex.Peek(); t.Type == tokIdent && isKeyword(t, "FILTER") && isOpen(p.peek2()) {
		cp := p.lex.MakeCheckpoint()
		p.lex.Next()
		p.lex.Next()
		if !isKeyword(p.lex.Peek(), "WHERE") {
			p.lex.LoadCheckpoint(cp) // a call of a function named filter? no: an alias
			return c, nil
		}
		p.lex.Next()
		var err error
		if c.Filter, err = p.required(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	// OVER not followed by "(" or a window's name is an alias, as it was
	// for participle: SELECT count(*) over.
	if isKeyword(p.lex.Peek(), "OVER") {
		cp := p.lex.MakeCheckpoint()
		o := p.lex.Next()
		switch n := p.lex.Peek(); {
		case isOpen(n):
			w, err := p.window()
			if err != nil {
				return nil, err
			}
			c.Over = w
		case (n.Type == tokIdent || n.Type == tokQIdent) && !p.startsClause(n):
			id := ident(p.lex.Next())
			c.Over = &Window{Node: Node{Pos: o.Pos}, Name: &id}
		default:
			p.lex.LoadCheckpoint(cp)
		}
	}
	return c, nil
}

// namedStruct turns struct(x AS a, y) into named_struct('a', x, 'y', y):
// the fields named by their aliases, the others as struct names them (a
// column by its name, anything else colN).
func namedStruct(c *Call, aliases []*Ident) {
	named := false
	for _, a := range aliases {
		named = named || a != nil
	}
	if !named {
		return
	}
	args := make([]*Expr, 0, 2*len(c.Args))
	for i, a := range c.Args {
		name := "col" + strconv.Itoa(i+1)
		switch p := asPrimaryOf(a); {
		case aliases[i] != nil:
			name = aliases[i].Text()
		case p != nil && p.Column != nil && len(p.Postfix) == 0:
			name = p.Column.Parts[len(p.Column.Parts)-1].Text()
		}
		args = append(args, stringExpr(name, a.Pos), a)
	}
	id := Ident{Node: c.Name.Parts[0].Node, Bare: "named_struct"}
	c.Name = &Name{Node: c.Name.Node, Parts: []*Ident{&id}}
	c.Args = args
}

// UnitFunctions take a datetime unit, written as a bare word, as their
// first of three arguments: timestampadd(DAY, 1, ts).
var UnitFunctions = map[string]bool{"timestampadd": true, "timestampdiff": true, "dateadd": true, "date_add": true, "datediff": true, "date_diff": true}

// DatetimeUnits are the units those functions take.
var DatetimeUnits = map[string]bool{"YEAR": true, "QUARTER": true, "MONTH": true, "WEEK": true, "DAY": true, "HOUR": true, "MINUTE": true, "SECOND": true, "MILLISECOND": true, "MICROSECOND": true}

// unitArgument turns the bare unit word of such a call into the string
// literal of the unit, which the function reads: it names no column.
func unitArgument(c *Call) {
	if len(c.Name.Parts) != 1 || !UnitFunctions[strings.ToLower(c.Name.Parts[0].Text())] || len(c.Args) != 3 {
		return
	}
	p := asPrimaryOf(c.Args[0])
	if p == nil || p.Column == nil || len(p.Column.Parts) != 1 || p.Column.Parts[0].IsQuoted() || len(p.Postfix) > 0 {
		return
	}
	unit := strings.ToUpper(p.Column.Parts[0].Bare)
	if DatetimeUnits[unit] {
		c.Args[0] = stringExpr(unit, p.Pos)
	}
}

// startsClause reports whether t is a word that ends a select item: what
// follows OVER then is no window name (SELECT count(*) over FROM t).
func (p *exprParser) startsClause(t *lexer.Token) bool {
	return t.Type == tokReserved
}

// nullsClause reads IGNORE NULLS or RESPECT NULLS, if they follow.
func (p *exprParser) nullsClause(c *Call) error {
	t := p.lex.Peek()
	if t.Type != tokIdent || !isKeyword(t, "IGNORE") && !isKeyword(t, "RESPECT") || !isKeyword(p.peek2(), "NULLS") {
		return nil
	}
	if c.Nulls != "" {
		return unexpected(t)
	}
	c.Nulls = strings.ToUpper(p.lex.Next().Value)
	p.lex.Next()
	return nil
}

// argument parses one argument of a call: an expression, or a lambda
// function x -> body or (x, y) -> body.
func (p *exprParser) argument() (*Expr, error) {
	t := p.lex.Peek()
	if star, err := p.starArgument(); star != nil || err != nil {
		return star, err
	}
	var params []*Ident
	cp := p.lex.MakeCheckpoint()
	switch {
	case (t.Type == tokIdent || t.Type == tokQIdent) && isOp(p.peek2(), "->"):
		id := ident(p.lex.Next())
		params = []*Ident{&id}
	case isOp(t, "(") || t.Type == tokQOpen:
		p.lex.Next()
		if ids, err := p.identList(); err == nil && isOp(p.lex.Peek(), ")") {
			p.lex.Next()
			if isOp(p.lex.Peek(), "->") {
				params = ids
				break
			}
		}
		p.lex.LoadCheckpoint(cp)
	}
	if params == nil {
		return p.required()
	}
	p.lex.Next() // ->
	body, err := p.required()
	if err != nil {
		return nil, err
	}
	prim := &Primary{Node: Node{Pos: t.Pos}, Lambda: &Lambda{Node: Node{Pos: t.Pos}, Params: params, Body: body}}
	return wrapPrimary(prim), nil
}

// window parses a window specification after OVER or in the WINDOW
// clause, its "(" next.
func (p *exprParser) window() (*Window, error) {
	w := &Window{Node: Node{Pos: p.lex.Next().Pos}}
	var err error
	if b := p.lex.Peek(); (b.Type == tokIdent || b.Type == tokQIdent) && !isKeyword(b, "PARTITION") && !isKeyword(b, "DISTRIBUTE") &&
		!isKeyword(b, "ROWS") && !isKeyword(b, "RANGE") && !isKeyword(b, "SORT") && !isKeyword(b, "CLUSTER") {
		id := ident(p.lex.Next())
		w.Base = &id
	}
	if t := p.lex.Peek(); isKeyword(t, "PARTITION") || isKeyword(t, "DISTRIBUTE") || isKeyword(t, "CLUSTER") {
		p.lex.Next()
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		if w.PartitionBy, err = p.list(); err != nil {
			return nil, err
		}
		if isKeyword(t, "CLUSTER") {
			// CLUSTER BY x is PARTITION BY x ORDER BY x.
			for _, e := range w.PartitionBy {
				w.OrderBy = append(w.OrderBy, &OrderItem{Node: e.Node, Expr: e})
			}
		}
	}
	if t := p.lex.Peek(); isKeyword(t, "ORDER") || isKeyword(t, "SORT") {
		p.lex.Next()
		if _, err := p.expect("BY"); err != nil {
			return nil, err
		}
		var err error
		if w.OrderBy, err = commaList(p, p.orderItem); err != nil {
			return nil, err
		}
	}
	if t := p.lex.Peek(); isKeyword(t, "ROWS") || isKeyword(t, "RANGE") {
		p.lex.Next()
		f := &Frame{Node: Node{Pos: t.Pos}, Unit: strings.ToUpper(t.Value)}
		if isKeyword(p.lex.Peek(), "BETWEEN") {
			p.lex.Next()
			if f.Start, err = p.bound(); err != nil {
				return nil, err
			}
			if _, err := p.expect("AND"); err != nil {
				return nil, err
			}
			if f.End, err = p.bound(); err != nil {
				return nil, err
			}
		} else {
			if f.Start, err = p.bound(); err != nil {
				return nil, err
			}
			f.End = &Bound{Node: f.Start.Node, Current: true}
		}
		w.Frame = f
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return w, nil
}

// bound parses CURRENT ROW, or UNBOUNDED, a number or an expression (an
// interval for RANGE), then PRECEDING or FOLLOWING.
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
	case t.Type == tokNumber && (isKeyword(p.peek2(), "PRECEDING") || isKeyword(p.peek2(), "FOLLOWING")):
		p.lex.Next()
		b.N = t.Value
	case p.startsExpr(t):
		v, err := p.additive()
		if err != nil {
			return nil, err
		}
		b.Value = wrapAdditive(v)
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

// wrapAdditive is the expression of one operand.
func wrapAdditive(a *Additive) *Expr {
	pos := a.Pos
	pred := &Predicate{Node: Node{Pos: pos}, Left: a}
	return &Expr{Node: Node{Pos: pos}, Or: []*AndExpr{{Node: Node{Pos: pos}, And: []*NotExpr{{Node: Node{Pos: pos}, Pred: pred}}}}}
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
	t := p.lex.Next()
	c := &Cast{Node: Node{Pos: t.Pos}, Try: isKeyword(t, "TRY_CAST")}
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
	if c.Type, err = p.typ(0); err != nil {
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
const selectItemGrammar = `SelectItem = ((("*" | (Ident ("." Ident)* "." "*")) ("EXCEPT" "(" Ident ("." Ident)* ("," Ident ("." Ident)*)* ")")?) | (Expr (("AS"? Ident) | ("AS" "(" Ident ("," Ident)* ")"))?)) .`

func (p *exprParser) selectItem() (*SelectItem, error) {
	lex := p.lex
	t := lex.Peek()
	s := &SelectItem{Node: Node{Pos: t.Pos}}
	switch {
	case isOp(t, "*"):
		lex.Next()
		s.Star = true
		return s, p.starExcept(s)
	case t.Type == tokIdent || t.Type == tokQIdent:
		if q := p.qualifiedStar(); q != nil {
			s.QualStar = q
			return s, p.starExcept(s)
		}
	}
	e, err := p.required()
	if err != nil {
		return nil, err
	}
	s.Expr = e
	if isKeyword(lex.Peek(), "AS") {
		lex.Next()
		if a := lex.Peek(); isOpen(a) && a.Type != tokQOpen {
			// AS (a, b): the columns of a generator.
			lex.Next()
			if s.Aliases, err = p.identList(); err != nil {
				return nil, err
			}
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
			return s, nil
		}
		if a := lex.Peek(); a.Type != tokIdent && a.Type != tokQIdent {
			return nil, unexpected(a)
		}
	}
	if a := lex.Peek(); a.Type == tokQIdent || a.Type == tokIdent && !p.clauseWord(a) {
		id := ident(lex.Next())
		s.Alias = &id
	}
	return s, nil
}

// starArgument reads qualifier.* [EXCEPT (cols)] as an argument, or
// returns nil having read nothing.
func (p *exprParser) starArgument() (*Expr, error) {
	t := p.lex.Peek()
	q := p.qualifiedStar()
	if q == nil {
		return nil, nil
	}
	item := &SelectItem{}
	if err := p.starExcept(item); err != nil {
		return nil, err
	}
	prim := &Primary{Node: Node{Pos: t.Pos}, Star: &StarArg{Node: Node{Pos: t.Pos}, Qualifier: q, Except: item.Except}}
	return wrapPrimary(prim), nil
}

// qualifiedStar reads qualifier.* (db.t.*), returning the qualifier, or
// returns nil having read nothing: the qualifier is looked for first, and
// built only when a star ends it.
func (p *exprParser) qualifiedStar() *Name {
	t := p.lex.Peek()
	cp := p.lex.MakeCheckpoint()
	parts := 0
	for {
		if n := p.lex.Peek(); n.Type != tokIdent && n.Type != tokQIdent {
			break
		}
		p.lex.Next()
		parts++
		if !isOp(p.lex.Peek(), ".") {
			break
		}
		p.lex.Next()
		if !isOp(p.lex.Peek(), "*") {
			continue
		}
		p.lex.LoadCheckpoint(cp)
		q := &Name{Node: Node{Pos: t.Pos}, Parts: make([]*Ident, 0, parts)}
		for i := 0; i < parts; i++ {
			id := ident(p.lex.Next())
			q.Parts = append(q.Parts, &id)
			p.lex.Next() // "."
		}
		p.lex.Next() // "*"
		return q
	}
	p.lex.LoadCheckpoint(cp)
	return nil
}

// lateralFollows reports whether what follows LATERAL is what it
// qualifies: a parenthesized query, or a function's name and "(" (else
// LATERAL is a name: FROM t AS lateral).
func (p *exprParser) lateralFollows() bool {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	p.lex.Next()
	n := p.lex.Peek()
	if n.Type == tokQOpen {
		return true
	}
	if n.Type != tokIdent {
		return false
	}
	p.lex.Next()
	return isOpen(p.lex.Peek())
}

// starExcept reads EXCEPT (col, ...) after a star, Databricks' list of the
// columns it leaves out. EXCEPT followed by a query is the set operation.
func (p *exprParser) starExcept(s *SelectItem) error {
	if !isKeyword(p.lex.Peek(), "EXCEPT") || !isOp(p.peek2(), "(") {
		return nil
	}
	p.lex.Next()
	p.lex.Next()
	for {
		if t := p.lex.Peek(); t.Type != tokIdent && t.Type != tokQIdent {
			return unexpected(t)
		}
		n, err := p.name()
		if err != nil {
			return err
		}
		s.Except = append(s.Except, n)
		if !isOp(p.lex.Peek(), ",") {
			break
		}
		p.lex.Next()
	}
	_, err := p.expect(")")
	return err
}

// clauseWord reports whether t, a word that is not reserved, starts a
// clause here rather than being an alias: NATURAL, SEMI or ANTI before a
// join, LATERAL VIEW, WINDOW w AS, QUALIFY, SORT BY, CLUSTER BY,
// DISTRIBUTE BY, PIVOT (, UNPIVOT, TABLESAMPLE (, FILTER (WHERE, OFFSET.
// Spark's grammar keeps these words out of aliases in the same places.
func (p *exprParser) clauseWord(t *lexer.Token) bool {
	if t.Type != tokIdent {
		return false
	}
	next := p.peek2()
	switch strings.ToUpper(t.Value) {
	case "NATURAL", "SEMI", "ANTI":
		return isKeyword(next, "JOIN") || isKeyword(next, "INNER") || isKeyword(next, "LEFT") || isKeyword(next, "RIGHT") ||
			isKeyword(next, "FULL") || isKeyword(next, "SEMI") || isKeyword(next, "ANTI") || isKeyword(next, "CROSS")
	case "LATERAL":
		return isKeyword(next, "VIEW")
	case "WINDOW":
		return next.Type == tokIdent || next.Type == tokQIdent
	case "QUALIFY", "OFFSET":
		return p.startsExpr(next)
	case "SORT", "CLUSTER", "DISTRIBUTE":
		return isKeyword(next, "BY")
	case "PIVOT", "UNPIVOT", "TABLESAMPLE":
		return isOpen(next) || strings.EqualFold(t.Value, "UNPIVOT") && (isKeyword(next, "INCLUDE") || isKeyword(next, "EXCLUDE"))
	}
	return false
}

// The FROM clause is parsed by hand as well: it holds the names, aliases
// and join conditions of every query.
const fromGrammar = `FromItem = TableFactor Join* .
TableFactor = (("LATERAL"? "(" Query ")") | ("LATERAL" Name "(" (Expr ("," Expr)*)? ")") | ("(" FromItem ")") | ("VALUES" ValuesRow ("," ValuesRow)*) | (Name "(" (Expr ("," Expr)*)? ")") | Name) Sample? ("AS"? Ident ("(" Ident ("," Ident)* ")")?)? .
ValuesRow = ("(" Expr ("," Expr)* ")") | Expr .
Sample = "TABLESAMPLE" "(" ((<number> "PERCENT") | (Expr "ROWS") | ("BUCKET" <number> "OUT" "OF" <number>)) ")" ("REPEATABLE" "(" <number> ")")? .
Join = "NATURAL"? (("CROSS" "JOIN") | (("INNER" | ("LEFT" ("OUTER" | "SEMI" | "ANTI")?) | (("RIGHT" | "FULL") "OUTER"?) | "SEMI" | "ANTI")? "JOIN")) TableFactor (("ON" Expr) | ("USING" "(" Ident ("," Ident)* ")"))? .`

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
	if t.Type == tokIdent && isKeyword(t, "LATERAL") && p.lateralFollows() {
		// LATERAL (query), LATERAL explode(...): a subquery or a
		// table-valued function that sees the relations before it.
		p.lex.Next()
		tf.Lateral = true
		t = p.lex.Peek()
	}
	switch {
	case t.Type == tokQOpen:
		p.lex.Next()
		if tf.Subquery, err = p.query(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	case isOp(t, "("):
		// A parenthesized join: (a JOIN b ON ...).
		p.lex.Next()
		if tf.Nested, err = p.fromItem(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	case t.Type == tokIdent && isKeyword(t, "VALUES"):
		p.lex.Next()
		if tf.Values, err = commaList(p, p.valuesRow); err != nil {
			return nil, err
		}
	case t.Type == tokIdent || t.Type == tokQIdent:
		name, err := p.name()
		if err != nil {
			return nil, err
		}
		if isOpen(p.lex.Peek()) {
			// A table-valued function: range(10), explode(array(1, 2)).
			if tf.Call, err = p.call(name); err != nil {
				return nil, err
			}
		} else {
			tf.Name = name
		}
	default:
		return nil, unexpected(t)
	}
	if s := p.lex.Peek(); s.Type == tokIdent && isKeyword(s, "TABLESAMPLE") && isOpen(p.peek2()) {
		if tf.Sample, err = p.sample(); err != nil {
			return nil, err
		}
	}
	if err := p.factorAlias(tf); err != nil {
		return nil, err
	}
	return tf, nil
}

// factorAlias reads what may follow a relation: [AS] alias [(columns)].
func (p *exprParser) factorAlias(tf *TableFactor) error {
	if isKeyword(p.lex.Peek(), "AS") {
		p.lex.Next()
		if a := p.lex.Peek(); a.Type != tokIdent && a.Type != tokQIdent {
			return unexpected(a)
		}
	}
	if a := p.lex.Peek(); a.Type == tokQIdent || a.Type == tokIdent && !p.clauseWord(a) {
		id := ident(p.lex.Next())
		tf.Alias = &id
		if p.lex.Peek().Value == "(" && (p.lex.Peek().Type == tokOp || p.lex.Peek().Type == tokQOpen) {
			p.lex.Next()
			var err error
			if tf.AliasCols, err = p.identList(); err != nil {
				return err
			}
			if _, err := p.expect(")"); err != nil {
				return err
			}
		}
	}
	return nil
}

// valuesRow parses one row of VALUES: a parenthesized list, or a single
// expression (VALUES 1, 2 is two rows of one column).
func (p *exprParser) valuesRow() (*Row, error) {
	if t := p.lex.Peek(); isOpen(t) {
		return p.row()
	}
	e, err := p.required()
	if err != nil {
		return nil, err
	}
	return &Row{Node: e.Node, Exprs: []*Expr{e}}, nil
}

// sample parses TABLESAMPLE (n PERCENT | n ROWS | BUCKET x OUT OF y).
func (p *exprParser) sample() (*Sample, error) {
	t := p.lex.Next()
	p.lex.Next() // (
	s := &Sample{Node: Node{Pos: t.Pos}}
	if isKeyword(p.lex.Peek(), "BUCKET") {
		p.lex.Next()
		x := p.lex.Peek()
		if x.Type != tokNumber {
			return nil, unexpected(x)
		}
		s.Bucket = p.lex.Next().Value
		if _, err := p.expect("OUT"); err != nil {
			return nil, err
		}
		if _, err := p.expect("OF"); err != nil {
			return nil, err
		}
		y := p.lex.Peek()
		if y.Type != tokNumber {
			return nil, unexpected(y)
		}
		s.Of = p.lex.Next().Value
	} else {
		n := p.lex.Peek()
		if n.Type == tokNumber && isKeyword(p.peek2(), "PERCENT") {
			p.lex.Next()
			p.lex.Next()
			s.Percent = n.Value
		} else {
			e, err := p.required()
			if err != nil {
				return nil, err
			}
			if _, err := p.expect("ROWS"); err != nil {
				return nil, err
			}
			s.Rows = e
		}
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	if t := p.lex.Peek(); t.Type == tokIdent && isKeyword(t, "REPEATABLE") && isOp(p.peek2(), "(") {
		p.lex.Next()
		p.lex.Next()
		n := p.lex.Peek()
		if n.Type != tokNumber || !isDigits(n.Value) {
			return nil, unexpected(n)
		}
		s.Seed = p.lex.Next().Value
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// fromItem parses a table factor and the joins that follow it.
func (p *exprParser) fromItem() (*FromItem, error) {
	t := p.lex.Peek()
	if t.Type != tokQOpen && !isOp(t, "(") && t.Type != tokIdent && t.Type != tokQIdent {
		return nil, unexpected(t)
	}
	f := &FromItem{Node: Node{Pos: t.Pos}}
	var err error
	if f.Factor, err = p.tableFactor(); err != nil {
		return nil, err
	}
	for {
		j, err := p.join()
		if err != nil {
			return nil, err
		}
		if j == nil {
			return f, nil
		}
		f.Joins = append(f.Joins, j)
	}
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
	if t.Type == tokIdent && isKeyword(t, "NATURAL") {
		p.lex.Next()
		j.Natural = true
		t = p.lex.Peek()
	}
	switch {
	case isKeyword(t, "CROSS") && !j.Natural:
		p.lex.Next()
		j.Cross = true
	case isKeyword(t, "INNER"):
		p.lex.Next()
		j.Kind = "INNER"
	case isKeyword(t, "LEFT"):
		p.lex.Next()
		j.Kind = "LEFT"
		switch n := p.lex.Peek(); {
		case isKeyword(n, "OUTER"):
			p.lex.Next()
		case n.Type == tokIdent && (isKeyword(n, "SEMI") || isKeyword(n, "ANTI")) && !j.Natural:
			j.Kind = strings.ToUpper(p.lex.Next().Value)
		}
	case isKeyword(t, "RIGHT") || isKeyword(t, "FULL"):
		p.lex.Next()
		j.Kind = strings.ToUpper(t.Value)
		if isKeyword(p.lex.Peek(), "OUTER") {
			p.lex.Next()
		}
	case t.Type == tokIdent && (isKeyword(t, "SEMI") || isKeyword(t, "ANTI")) && isKeyword(p.peek2(), "JOIN") && !j.Natural:
		p.lex.Next()
		j.Kind = strings.ToUpper(t.Value)
	case isKeyword(t, "JOIN"):
	default:
		if j.Natural {
			return nil, unexpected(t)
		}
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
	if j.Natural {
		return j, nil
	}
	// CROSS JOIN t ON c is an inner join, as in Spark.
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
const queryGrammar = `Query = ("WITH" CTE ("," CTE)*)? SetExpr (("ORDER" "BY" OrderItem ("," OrderItem)*) | ("CLUSTER" "BY" Expr ("," Expr)*) | ("DISTRIBUTE" "BY" Expr ("," Expr)* ("SORT" "BY" OrderItem ("," OrderItem)*)?) | ("SORT" "BY" OrderItem ("," OrderItem)*))? ("LIMIT" ("ALL" | Expr))? ("OFFSET" Expr)? .
CTE = Ident ("(" Ident ("," Ident)* ")")? "AS" "(" Query ")" .
SetExpr = Term SetOp* .
SetOp = ("UNION" | "INTERSECT" | "EXCEPT" | "MINUS") ("ALL" | "DISTINCT")? Term .
Term = Select | ("(" Query ")") | ("VALUES" ValuesRow ("," ValuesRow)*) .
Row = "(" Expr ("," Expr)* ")" .
Select = "SELECT" ("ALL" | "DISTINCT")? SelectItem ("," SelectItem)* ("FROM" FromItem ("," FromItem)* LateralView* Pivot? Unpivot?)? ("WHERE" Expr)? ("GROUP" "BY" GroupBy)? ("HAVING" Expr)? ("WINDOW" Ident "AS" Window ("," Ident "AS" Window)*)? ("QUALIFY" Expr)? .
GroupBy = "ALL" | (GroupItem ("," GroupItem)* ("WITH" ("ROLLUP" | "CUBE"))?) .
GroupItem = (("ROLLUP" | "CUBE") "(" Expr ("," Expr)* ")") | ("GROUPING" "SETS" "(" GroupingSet ("," GroupingSet)* ")") | Expr .
GroupingSet = ("(" (Expr ("," Expr)*)? ")") | Expr .
LateralView = "LATERAL" "VIEW" "OUTER"? Name "(" (Expr ("," Expr)*)? ")" ((Ident ("AS"? Ident ("," Ident)*)?) | ("AS" Ident ("," Ident)*)) .
Pivot = "PIVOT" "(" Expr ("AS"? Ident)? ("," Expr ("AS"? Ident)?)* "FOR" (Ident | ("(" Ident ("," Ident)* ")")) "IN" "(" Expr ("AS"? Ident)? ("," Expr ("AS"? Ident)?)* ")" ")" ("AS"? Ident)? .
Unpivot = "UNPIVOT" (("INCLUDE" | "EXCLUDE") "NULLS")? "(" (Ident | ("(" Ident ("," Ident)* ")")) "FOR" Ident "IN" "(" UnpivotColumn ("," UnpivotColumn)* ")" ")" ("AS"? Ident)? .
UnpivotColumn = (Name | ("(" Name ("," Name)* ")")) ("AS"? Ident)? .`

// startsQuery reports whether t can be a query's first token.
func startsQuery(t *lexer.Token) bool {
	return isKeyword(t, "WITH") || isKeyword(t, "SELECT") || isKeyword(t, "VALUES") || t.Type == tokQOpen || t.Type == tokIdent && isKeyword(t, "TABLE")
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
	by := func(w string) bool {
		t := p.lex.Peek()
		if !isKeyword(t, w) || !isKeyword(p.peek2(), "BY") {
			return false
		}
		p.lex.Next()
		p.lex.Next()
		return true
	}
	switch {
	case by("ORDER"):
		if q.OrderBy, err = commaList(p, p.orderItem); err != nil {
			return nil, err
		}
	case by("CLUSTER"):
		if q.ClusterBy, err = p.list(); err != nil {
			return nil, err
		}
	case by("DISTRIBUTE"):
		if q.DistributeBy, err = p.list(); err != nil {
			return nil, err
		}
		if by("SORT") {
			if q.SortBy, err = commaList(p, p.orderItem); err != nil {
				return nil, err
			}
		}
	case by("SORT"):
		if q.SortBy, err = commaList(p, p.orderItem); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.lex.Peek(), "LIMIT") {
		p.lex.Next()
		if isKeyword(p.lex.Peek(), "ALL") {
			p.lex.Next()
			q.LimitAll = true
		} else if q.Limit, err = p.required(); err != nil {
			return nil, err
		}
	}
	if t := p.lex.Peek(); isKeyword(t, "OFFSET") && p.startsExpr(p.peek2()) {
		p.lex.Next()
		if q.Offset, err = p.required(); err != nil {
			return nil, err
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
		if tm.Values, err = commaList(p, p.valuesRow); err != nil {
			return nil, err
		}
		// VALUES ... AS t(a, b) names the columns: SELECT * FROM it.
		tf := &TableFactor{Node: tm.Node, Values: tm.Values}
		if err := p.factorAlias(tf); err != nil {
			return nil, err
		}
		if tf.Alias != nil {
			tm.Values = nil
			tm.Select = &Select{Node: tm.Node, Items: []*SelectItem{{Node: tm.Node, Star: true}}, From: []*FromItem{{Node: tm.Node, Factor: tf}}}
		}
	case t.Type == tokIdent && isKeyword(t, "TABLE"):
		// TABLE t is SELECT * FROM t.
		p.lex.Next()
		if n := p.lex.Peek(); n.Type != tokIdent && n.Type != tokQIdent {
			return nil, unexpected(n)
		}
		name, err := p.name()
		if err != nil {
			return nil, err
		}
		at := Node{Pos: t.Pos}
		tm.Select = &Select{Node: at, Items: []*SelectItem{{Node: at, Star: true}},
			From: []*FromItem{{Node: name.Node, Factor: &TableFactor{Node: name.Node, Name: name}}}}
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
		if s.From, err = commaList(p, p.fromItem); err != nil {
			return nil, err
		}
		for t := p.lex.Peek(); t.Type == tokIdent && isKeyword(t, "LATERAL") && isKeyword(p.peek2(), "VIEW"); t = p.lex.Peek() {
			lv, err := p.lateralView()
			if err != nil {
				return nil, err
			}
			s.Laterals = append(s.Laterals, lv)
		}
		if t := p.lex.Peek(); t.Type == tokIdent && isKeyword(t, "PIVOT") && isOpen(p.peek2()) {
			if s.Pivot, err = p.pivot(); err != nil {
				return nil, err
			}
		}
		if t := p.lex.Peek(); t.Type == tokIdent && isKeyword(t, "UNPIVOT") && p.clauseWord(t) {
			if s.Unpivot, err = p.unpivot(); err != nil {
				return nil, err
			}
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
		if err := p.groupBy(s); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.lex.Peek(), "HAVING") {
		p.lex.Next()
		if s.Having, err = p.required(); err != nil {
			return nil, err
		}
	}
	for {
		switch t := p.lex.Peek(); {
		case t.Type == tokIdent && isKeyword(t, "WINDOW") && s.Windows == nil && p.clauseWord(t):
			p.lex.Next()
			if s.Windows, err = commaList(p, p.namedWindow); err != nil {
				return nil, err
			}
			continue
		case t.Type == tokIdent && isKeyword(t, "QUALIFY") && s.Qualify == nil && p.startsExpr(p.peek2()):
			p.lex.Next()
			if s.Qualify, err = p.required(); err != nil {
				return nil, err
			}
			continue
		}
		return s, nil
	}
}

// namedWindow parses one definition of the WINDOW clause: name AS (...).
func (p *exprParser) namedWindow() (*NamedWindow, error) {
	t := p.lex.Peek()
	if t.Type != tokIdent && t.Type != tokQIdent {
		return nil, unexpected(t)
	}
	id := ident(p.lex.Next())
	nw := &NamedWindow{Node: Node{Pos: t.Pos}, Name: &id}
	if _, err := p.expect("AS"); err != nil {
		return nil, err
	}
	if open := p.lex.Peek(); !isOpen(open) {
		return nil, unexpected(open)
	}
	var err error
	nw.Window, err = p.window()
	return nw, err
}

// groupBy parses what follows GROUP BY: ALL, or a list of expressions,
// ROLLUP (...), CUBE (...) and GROUPING SETS (...), and WITH ROLLUP or
// WITH CUBE after a plain list.
func (p *exprParser) groupBy(s *Select) error {
	if isKeyword(p.lex.Peek(), "ALL") {
		p.lex.Next()
		s.GroupAll = true
		return nil
	}
	g := &Grouping{Node: Node{Pos: p.lex.Peek().Pos}}
	plain := true
	add := func(e *Expr) int {
		s.GroupBy = append(s.GroupBy, e)
		return len(s.GroupBy) - 1
	}
	for {
		t := p.lex.Peek()
		item := &GroupItem{Node: Node{Pos: t.Pos}}
		switch {
		case t.Type == tokIdent && (isKeyword(t, "ROLLUP") || isKeyword(t, "CUBE")) && isOpen(p.peek2()):
			p.lex.Next()
			p.lex.Next()
			item.Kind = strings.ToUpper(t.Value)
			list, err := p.list()
			if err != nil {
				return err
			}
			if _, err := p.expect(")"); err != nil {
				return err
			}
			var set []int
			for _, e := range list {
				set = append(set, add(e))
			}
			item.Sets = [][]int{set}
			plain = false
		case t.Type == tokIdent && isKeyword(t, "GROUPING") && isKeyword(p.peek2(), "SETS"):
			p.lex.Next()
			p.lex.Next()
			item.Kind = "GROUPING SETS"
			if open := p.lex.Peek(); !isOpen(open) {
				return unexpected(open)
			}
			p.lex.Next()
			elems, err := commaList(p, func() ([][]int, error) { return p.groupingSet(add) })
			if err != nil {
				return err
			}
			if _, err := p.expect(")"); err != nil {
				return err
			}
			for _, sets := range elems {
				item.Sets = append(item.Sets, sets...)
			}
			if len(item.Sets) > MaxGroupingSets {
				return sqlerr.New(sqlerr.StatementTooComplex, item.At(), "The GROUP BY has more than %d grouping sets.", MaxGroupingSets)
			}
			plain = false
		default:
			e, err := p.required()
			if err != nil {
				return err
			}
			item.Sets = [][]int{{add(e)}}
		}
		g.Items = append(g.Items, item)
		if !isOp(p.lex.Peek(), ",") {
			break
		}
		p.lex.Next()
	}
	if t := p.lex.Peek(); plain && t.Type == tokIdent && isKeyword(t, "GROUPING") && isKeyword(p.peek2(), "SETS") {
		// Hive's GROUP BY a, b GROUPING SETS ((a), (b)): the list only
		// declares what the sets group by, which alone count.
		sub := &Select{}
		if err := p.groupBy(sub); err != nil {
			return err
		}
		if sub.Grouping == nil || len(sub.Grouping.Items) != 1 || sub.Grouping.Items[0].Kind != "GROUPING SETS" {
			return unexpected(t)
		}
		s.GroupBy, s.Grouping = sub.GroupBy, sub.Grouping
		return nil
	}
	if isKeyword(p.lex.Peek(), "WITH") {
		if w := p.peek2(); plain && w.Type == tokIdent && (isKeyword(w, "ROLLUP") || isKeyword(w, "CUBE")) {
			p.lex.Next()
			g.With = strings.ToUpper(p.lex.Next().Value)
			plain = false
		}
	}
	if !plain {
		s.Grouping = g
	}
	return nil
}

// MaxGroupingSets bounds the grouping sets of one GROUP BY (tableacl
// choice): each is a SELECT of its own, and CUBE doubles them with each
// expression.
const MaxGroupingSets = 4096

// groupingSet parses one element of GROUPING SETS (...): an expression,
// a parenthesized list (maybe empty), or ROLLUP (...) or CUBE (...),
// which stand for the sets they make. add records an expression and
// returns its index.
func (p *exprParser) groupingSet(add func(*Expr) int) ([][]int, error) {
	t := p.lex.Peek()
	if t.Type == tokIdent && (isKeyword(t, "ROLLUP") || isKeyword(t, "CUBE")) && isOpen(p.peek2()) {
		p.lex.Next()
		p.lex.Next()
		list, err := p.list()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
		idx := make([]int, len(list))
		for i, e := range list {
			idx[i] = add(e)
		}
		if isKeyword(t, "ROLLUP") {
			sets := make([][]int, 0, len(idx)+1)
			for n := len(idx); n >= 0; n-- {
				sets = append(sets, append([]int(nil), idx[:n]...))
			}
			return sets, nil
		}
		if len(idx) > 12 { // 2^12 = MaxGroupingSets
			return nil, sqlerr.New(sqlerr.StatementTooComplex, Node{Pos: t.Pos}.At(), "The GROUP BY has more than %d grouping sets.", MaxGroupingSets)
		}
		var sets [][]int
		for mask := (1 << len(idx)) - 1; mask >= 0; mask-- {
			set := []int{}
			for i, k := range idx {
				if mask&(1<<(len(idx)-1-i)) != 0 {
					set = append(set, k)
				}
			}
			sets = append(sets, set)
		}
		return sets, nil
	}
	if !isOpen(t) {
		e, err := p.required()
		if err != nil {
			return nil, err
		}
		return [][]int{{add(e)}}, nil
	}
	p.lex.Next()
	if isOp(p.lex.Peek(), ")") {
		p.lex.Next()
		return [][]int{{}}, nil
	}
	list, err := p.list()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	set := make([]int, len(list))
	for i, e := range list {
		set[i] = add(e)
	}
	return [][]int{set}, nil
}

// lateralView parses LATERAL VIEW [OUTER] generator(...) table [AS]
// column, ...
func (p *exprParser) lateralView() (*LateralView, error) {
	t := p.lex.Next() // LATERAL
	p.lex.Next()      // VIEW
	lv := &LateralView{Node: Node{Pos: t.Pos}}
	if n := p.lex.Peek(); n.Type == tokIdent && isKeyword(n, "OUTER") || isKeyword(n, "OUTER") {
		p.lex.Next()
		lv.Outer = true
	}
	f := p.lex.Peek()
	if f.Type != tokIdent && f.Type != tokQIdent {
		return nil, unexpected(f)
	}
	name, err := p.name()
	if err != nil {
		return nil, err
	}
	if open := p.lex.Peek(); !isOpen(open) {
		return nil, unexpected(open)
	}
	if lv.Call, err = p.call(name); err != nil {
		return nil, err
	}
	a := p.lex.Peek()
	switch {
	case isKeyword(a, "AS"):
		// LATERAL VIEW explode(tags) AS tag: Hive's form without a table
		// name (Spark reads AS as the table's name there).
	case a.Type != tokIdent && a.Type != tokQIdent || p.clauseWord(a):
		return nil, unexpected(a)
	default:
		id := ident(p.lex.Next())
		lv.Table = &id
	}
	if isKeyword(p.lex.Peek(), "AS") {
		p.lex.Next()
		if c := p.lex.Peek(); c.Type != tokIdent && c.Type != tokQIdent {
			return nil, unexpected(c)
		}
	}
	if c := p.lex.Peek(); c.Type == tokQIdent || c.Type == tokIdent && !p.clauseWord(c) {
		if lv.Columns, err = p.identList(); err != nil {
			return nil, err
		}
	}
	return lv, nil
}

// pivot parses PIVOT (aggregates FOR columns IN (values)) [[AS] alias].
func (p *exprParser) pivot() (*Pivot, error) {
	t := p.lex.Next()
	p.lex.Next() // (
	pv := &Pivot{Node: Node{Pos: t.Pos}}
	var err error
	if pv.Aggregates, err = commaList(p, func() (*SelectItem, error) {
		t := p.lex.Peek()
		it := &SelectItem{Node: Node{Pos: t.Pos}}
		var err error
		if it.Expr, err = p.required(); err != nil {
			return nil, err
		}
		if isKeyword(p.lex.Peek(), "AS") {
			p.lex.Next()
			if a := p.lex.Peek(); a.Type != tokIdent && a.Type != tokQIdent {
				return nil, unexpected(a)
			}
		}
		if a := p.lex.Peek(); a.Type == tokQIdent || a.Type == tokIdent && !isKeyword(a, "FOR") {
			id := ident(p.lex.Next())
			it.Alias = &id
		}
		return it, nil
	}); err != nil {
		return nil, err
	}
	if _, err := p.expect("FOR"); err != nil {
		return nil, err
	}
	if isOpen(p.lex.Peek()) {
		p.lex.Next()
		if pv.For, err = p.identList(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	} else if pv.For, err = p.identList(); err != nil || len(pv.For) != 1 {
		if err == nil {
			err = unexpected(p.lex.Peek())
		}
		return nil, err
	}
	if _, err := p.expect("IN"); err != nil {
		return nil, err
	}
	if open := p.lex.Peek(); !isOpen(open) {
		return nil, unexpected(open)
	}
	p.lex.Next()
	if pv.In, err = commaList(p, func() (*PivotValue, error) {
		t := p.lex.Peek()
		v := &PivotValue{Node: Node{Pos: t.Pos}}
		e, err := p.required()
		if err != nil {
			return nil, err
		}
		if prim := asPrimaryOf(e); prim != nil && prim.Tuple != nil {
			v.Exprs = prim.Tuple
		} else {
			v.Exprs = []*Expr{e}
		}
		if isKeyword(p.lex.Peek(), "AS") {
			p.lex.Next()
		}
		if a := p.lex.Peek(); a.Type == tokIdent || a.Type == tokQIdent {
			id := ident(p.lex.Next())
			v.Alias = &id
		}
		return v, nil
	}); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	pv.Alias, err = p.optionalAlias()
	return pv, err
}

// unpivot parses UNPIVOT [INCLUDE|EXCLUDE NULLS] (values FOR name IN
// (columns)) [[AS] alias].
func (p *exprParser) unpivot() (*Unpivot, error) {
	t := p.lex.Next()
	u := &Unpivot{Node: Node{Pos: t.Pos}}
	if n := p.lex.Peek(); isKeyword(n, "INCLUDE") || isKeyword(n, "EXCLUDE") {
		p.lex.Next()
		u.IncludeNulls = isKeyword(n, "INCLUDE")
		if _, err := p.expect("NULLS"); err != nil {
			return nil, err
		}
	}
	if open := p.lex.Peek(); !isOpen(open) {
		return nil, unexpected(open)
	}
	p.lex.Next()
	var err error
	if isOpen(p.lex.Peek()) {
		p.lex.Next()
		if u.Values, err = p.identList(); err != nil {
			return nil, err
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	} else if u.Values, err = p.identList(); err != nil || len(u.Values) != 1 {
		if err == nil {
			err = unexpected(p.lex.Peek())
		}
		return nil, err
	}
	if _, err := p.expect("FOR"); err != nil {
		return nil, err
	}
	n := p.lex.Peek()
	if n.Type != tokIdent && n.Type != tokQIdent {
		return nil, unexpected(n)
	}
	id := ident(p.lex.Next())
	u.Name = &id
	if _, err := p.expect("IN"); err != nil {
		return nil, err
	}
	if open := p.lex.Peek(); !isOpen(open) {
		return nil, unexpected(open)
	}
	p.lex.Next()
	if u.In, err = commaList(p, func() (*UnpivotColumn, error) {
		t := p.lex.Peek()
		c := &UnpivotColumn{Node: Node{Pos: t.Pos}}
		if isOpen(t) {
			p.lex.Next()
			cols, err := commaList(p, p.columnName)
			if err != nil {
				return nil, err
			}
			c.Columns = cols
			if _, err := p.expect(")"); err != nil {
				return nil, err
			}
		} else {
			n, err := p.columnName()
			if err != nil {
				return nil, err
			}
			c.Columns = []*Name{n}
		}
		if isKeyword(p.lex.Peek(), "AS") {
			p.lex.Next()
		}
		if a := p.lex.Peek(); a.Type == tokIdent || a.Type == tokQIdent {
			id := ident(p.lex.Next())
			c.Alias = &id
		}
		return c, nil
	}); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	u.Alias, err = p.optionalAlias()
	return u, err
}

// columnName parses a column's name, which may be qualified.
func (p *exprParser) columnName() (*Name, error) {
	if t := p.lex.Peek(); t.Type != tokIdent && t.Type != tokQIdent {
		return nil, unexpected(t)
	}
	return p.name()
}

// optionalAlias parses [AS] alias, when one follows.
func (p *exprParser) optionalAlias() (*Ident, error) {
	if isKeyword(p.lex.Peek(), "AS") {
		p.lex.Next()
		if a := p.lex.Peek(); a.Type != tokIdent && a.Type != tokQIdent {
			return nil, unexpected(a)
		}
	}
	if a := p.lex.Peek(); a.Type == tokQIdent || a.Type == tokIdent && !p.clauseWord(a) {
		id := ident(p.lex.Next())
		return &id, nil
	}
	return nil, nil
}

// asPrimaryOf returns the primary an expression is made of alone, or nil.
func asPrimaryOf(e *Expr) *Primary {
	if len(e.Or) != 1 || len(e.Or[0].And) != 1 {
		return nil
	}
	n := e.Or[0].And[0]
	if len(n.Nots) > 0 || n.Pred.CmpOp != "" || n.Pred.IsNull != nil || n.Pred.Between != nil || n.Pred.In != nil || n.Pred.Like != nil {
		return nil
	}
	a := n.Pred.Left
	if len(a.Rest) > 0 || len(a.Left.Rest) > 0 || len(a.Left.Left.Signs) > 0 {
		return nil
	}
	return a.Left.Left.Prim
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

// peek2 is the token after the next one.
func (p *exprParser) peek2() *lexer.Token {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	p.lex.Next()
	return p.lex.Peek()
}

// adjacent joins the string literal first with the string literals that
// follow it, as Spark does ('a' 'b' is 'ab'), into one literal.
func (p *exprParser) adjacent(first string) *string {
	if p.lex.Peek().Type != tokString {
		return &first
	}
	var b strings.Builder
	b.WriteString(Unquote(first))
	for p.lex.Peek().Type == tokString {
		b.WriteString(Unquote(p.lex.Next().Value))
	}
	s := QuoteString(b.String())
	return &s
}

// keywordPrimary parses the primaries that start with a word that is not
// reserved: typed literals (DATE '...', TIMESTAMP '...', X'...'),
// INTERVAL, and the functions written with keywords between their
// arguments (EXTRACT, SUBSTRING ... FROM, POSITION ... IN, TRIM, OVERLAY),
// which become ordinary calls. done is false when t starts none of them
// (a name, or a call of that name).
func (p *exprParser) keywordPrimary(t *lexer.Token, pr *Primary) (done bool, err error) {
	next := p.peek2()
	switch word := strings.ToUpper(t.Value); {
	case next.Type == tokString && (word == "DATE" || word == "TIMESTAMP" || word == "TIMESTAMP_NTZ" || word == "TIMESTAMP_LTZ" || word == "X"):
		p.lex.Next()
		p.lex.Next()
		pr.Typed = &Typed{Node: Node{Pos: t.Pos}, Type: word, Value: next.Value}
		return true, nil
	case word == "R" && next.Type == tokString && next.Pos.Offset == t.Pos.Offset+1:
		// r'...': a raw string, whose backslashes are themselves; kept
		// as the ordinary literal of the same text.
		p.lex.Next()
		p.lex.Next()
		lit := QuoteString(next.Value[1 : len(next.Value)-1])
		pr.Literal = &Literal{Node: Node{Pos: t.Pos}, String: &lit}
		return true, nil
	case word == "INTERVAL" && (next.Type == tokString || next.Type == tokNumber || isOp(next, "-") || isOp(next, "+")):
		pr.Interval, err = p.interval()
		return true, err
	case !isOp(next, "("):
		return false, nil
	case word == "EXTRACT":
		pr.Call, err = p.extract()
		return true, err
	case word == "SUBSTRING" || word == "SUBSTR" || word == "POSITION" || word == "TRIM" || word == "OVERLAY":
		return p.keywordCall(word, pr)
	}
	return false, nil
}

// callOf makes the call of the built-in name at pos.
func callOf(name string, pos lexer.Position, args ...*Expr) *Call {
	id := Ident{Node: Node{Pos: pos}, Bare: name}
	return &Call{Node: Node{Pos: pos}, Name: &Name{Node: Node{Pos: pos}, Parts: []*Ident{&id}}, Args: args}
}

// stringExpr is the expression of the string literal s.
func stringExpr(s string, pos lexer.Position) *Expr {
	lit := QuoteString(s)
	prim := &Primary{Node: Node{Pos: pos}, Literal: &Literal{Node: Node{Pos: pos}, String: &lit}}
	return wrapPrimary(prim)
}

// wrapPrimary is the expression of one primary.
func wrapPrimary(prim *Primary) *Expr {
	pos := prim.Pos
	un := &Unary{Node: Node{Pos: pos}, Prim: prim}
	add := &Additive{Node: Node{Pos: pos}, Left: &Multiplicative{Node: Node{Pos: pos}, Left: un}}
	pred := &Predicate{Node: Node{Pos: pos}, Left: add}
	return &Expr{Node: Node{Pos: pos}, Or: []*AndExpr{{Node: Node{Pos: pos}, And: []*NotExpr{{Node: Node{Pos: pos}, Pred: pred}}}}}
}

// extract parses EXTRACT(field FROM source), which is date_part('field',
// source).
func (p *exprParser) extract() (*Call, error) {
	t := p.lex.Next()
	p.lex.Next() // (
	f := p.lex.Peek()
	if f.Type != tokIdent && f.Type != tokString {
		return nil, unexpected(f)
	}
	p.lex.Next()
	field := f.Value
	if f.Type == tokString {
		field = Unquote(field)
	}
	if _, err := p.expect("FROM"); err != nil {
		return nil, err
	}
	src, err := p.required()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(")"); err != nil {
		return nil, err
	}
	return callOf("date_part", t.Pos, stringExpr(strings.ToUpper(field), f.Pos), src), nil
}

// keywordCall parses SUBSTRING(s FROM a [FOR b]), POSITION(a IN b),
// TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) and OVERLAY(s PLACING r FROM
// a [FOR b]); their ordinary forms (SUBSTRING(s, a, b), TRIM(s)) parse as
// calls, so done is false when no keyword stands where the form needs one.
func (p *exprParser) keywordCall(word string, pr *Primary) (done bool, err error) {
	cp := p.lex.MakeCheckpoint()
	t := p.lex.Next()
	p.lex.Next() // (
	if word == "TRIM" {
		return p.trim(t, cp, pr)
	}
	// The operands are value expressions, without predicates: POSITION(a
	// IN b) holds no IN predicate.
	if !p.startsExpr(p.lex.Peek()) {
		p.lex.LoadCheckpoint(cp)
		return false, nil
	}
	operand, err := p.additive()
	if err != nil {
		p.lex.LoadCheckpoint(cp)
		return false, nil
	}
	first := wrapAdditive(operand)
	sep := map[string]string{"SUBSTRING": "FROM", "SUBSTR": "FROM", "POSITION": "IN", "OVERLAY": "PLACING"}[word]
	if !isKeyword(p.lex.Peek(), sep) {
		p.lex.LoadCheckpoint(cp)
		return false, nil
	}
	p.lex.Next()
	args := []*Expr{first}
	second, err := p.required()
	if err != nil {
		return true, err
	}
	args = append(args, second)
	if word == "OVERLAY" {
		if _, err := p.expect("FROM"); err != nil {
			return true, err
		}
		third, err := p.required()
		if err != nil {
			return true, err
		}
		args = append(args, third)
	}
	if word != "POSITION" && isKeyword(p.lex.Peek(), "FOR") {
		p.lex.Next()
		more, err := p.required()
		if err != nil {
			return true, err
		}
		args = append(args, more)
	}
	if _, err := p.expect(")"); err != nil {
		return true, err
	}
	name := strings.ToLower(word)
	if word == "POSITION" {
		name = "locate" // POSITION(a IN b) is locate(a, b)
	}
	pr.Call = callOf(name, t.Pos, args...)
	return true, nil
}

// trim parses TRIM([BOTH|LEADING|TRAILING] [chars] FROM s), which is
// trim(s), ltrim(s) or rtrim(s) without chars, and btrim(s, chars),
// ltrim(chars, s) or rtrim(chars, s) with them (the order of Spark's
// functions); TRIM(s) is an ordinary call.
func (p *exprParser) trim(t *lexer.Token, cp lexer.Checkpoint, pr *Primary) (bool, error) {
	name := "trim"
	switch w := p.lex.Peek(); {
	case isKeyword(w, "BOTH"):
		p.lex.Next()
	case isKeyword(w, "LEADING"):
		p.lex.Next()
		name = "ltrim"
	case isKeyword(w, "TRAILING"):
		p.lex.Next()
		name = "rtrim"
	}
	var chars *Expr
	if !isKeyword(p.lex.Peek(), "FROM") {
		var err error
		if chars, err = p.required(); err != nil {
			p.lex.LoadCheckpoint(cp)
			return false, nil
		}
	}
	if !isKeyword(p.lex.Peek(), "FROM") {
		p.lex.LoadCheckpoint(cp)
		return false, nil
	}
	p.lex.Next()
	src, err := p.required()
	if err != nil {
		return true, err
	}
	if _, err := p.expect(")"); err != nil {
		return true, err
	}
	args := []*Expr{src}
	switch {
	case chars != nil && name == "trim":
		name, args = "btrim", []*Expr{src, chars}
	case chars != nil:
		args = []*Expr{chars, src}
	}
	pr.Call = callOf(name, t.Pos, args...)
	return true, nil
}

// intervalUnits are the units of interval literals, by name, with their
// size in months, days or microseconds.
var intervalUnits = map[string]struct{ months, days, micros float64 }{
	"YEAR":        {months: 12},
	"MONTH":       {months: 1},
	"WEEK":        {days: 7},
	"DAY":         {days: 1},
	"HOUR":        {micros: 3600e6},
	"MINUTE":      {micros: 60e6},
	"SECOND":      {micros: 1e6},
	"MILLISECOND": {micros: 1e3},
	"MICROSECOND": {micros: 1},
}

// intervalUnit returns the unit a word names, singular or plural.
func intervalUnit(word string) (string, bool) {
	u := strings.TrimSuffix(strings.ToUpper(word), "S")
	_, ok := intervalUnits[u]
	return u, ok
}

// isUnitToken reports whether t names an interval unit.
func isUnitToken(t *lexer.Token) bool {
	if t.Type != tokIdent {
		return false
	}
	_, ok := intervalUnit(t.Value)
	return ok
}

// add adds value (a decimal number as written, with its sign) of unit to
// iv, carrying a fraction of a month or a day into the smaller parts as
// Spark does. It reports false for a value that is not a number or too
// large.
func (iv *Interval) add(value, unit string) bool {
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	u := intervalUnits[unit]
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > 1e15 {
		return false
	}
	months := v * u.months
	days := v*u.days + (months-math.Trunc(months))*30
	micros := v*u.micros + (days-math.Trunc(days))*86400e6
	iv.Months += int64(months)
	iv.Days += int64(days)
	iv.Micros += int64(math.Round(micros))
	const limit = 1 << 53
	return iv.Months > -limit && iv.Months < limit && iv.Days > -limit && iv.Days < limit && iv.Micros > -limit*1000 && iv.Micros < limit*1000
}

// addText adds an interval written as text: '1 day 2 hours', 'interval
// -3 days'.
func (iv *Interval) addText(text string) bool {
	f := strings.Fields(text)
	if len(f) > 0 && strings.EqualFold(f[0], "INTERVAL") {
		f = f[1:]
	}
	if len(f) == 0 || len(f)%2 != 0 {
		return false
	}
	for i := 0; i < len(f); i += 2 {
		unit, ok := intervalUnit(f[i+1])
		if !ok || !iv.add(f[i], unit) {
			return false
		}
	}
	return true
}

// ansiOrder are the units of the ANSI forms, largest first.
var ansiOrder = []string{"DAY", "HOUR", "MINUTE", "SECOND"}

// addANSI adds an interval of the ANSI form 'y-m' YEAR TO MONTH, or 'd
// h:m:s' from DAY, HOUR or MINUTE to HOUR, MINUTE or SECOND.
func (iv *Interval) addANSI(text, from, to string) bool {
	text = strings.TrimSpace(text)
	sign := ""
	if strings.HasPrefix(text, "-") || strings.HasPrefix(text, "+") {
		sign, text = text[:1], text[1:]
	}
	if from == "YEAR" && to == "MONTH" {
		y, m, ok := strings.Cut(text, "-")
		return ok && iv.add(sign+y, "YEAR") && iv.add(sign+m, "MONTH")
	}
	start, end := -1, -1
	for i, u := range ansiOrder {
		if u == from {
			start = i
		}
		if u == to {
			end = i
		}
	}
	if start < 0 || end <= start {
		return false
	}
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ':' })
	if len(parts) != end-start+1 {
		return false
	}
	for i, v := range parts {
		if !iv.add(sign+v, ansiOrder[start+i]) {
			return false
		}
	}
	return true
}

// interval parses an interval literal, INTERVAL next: a string of units
// ('1 day 2 hours'), or values each with its unit (INTERVAL 1 DAY 2
// HOURS, INTERVAL '90' DAY), or one ANSI form ('1-2' YEAR TO MONTH).
func (p *exprParser) interval() (*Interval, error) {
	t := p.lex.Next()
	iv := &Interval{Node: Node{Pos: t.Pos}}
	if first := p.lex.Peek(); first.Type == tokString && !isUnitToken(p.peek2()) {
		p.lex.Next()
		if !iv.addText(Unquote(first.Value)) {
			return nil, unexpected(first)
		}
		return iv, nil
	}
	for n := 0; ; n++ {
		v := p.lex.Peek()
		if n > 0 && !p.intervalPartFollows() {
			return iv, nil
		}
		sign := ""
		if isOp(v, "-") || isOp(v, "+") {
			sign = p.lex.Next().Value
			v = p.lex.Peek()
		}
		if v.Type != tokNumber && v.Type != tokString {
			return nil, unexpected(v)
		}
		p.lex.Next()
		value := v.Value
		if v.Type == tokString {
			value = Unquote(value)
		}
		u := p.lex.Peek()
		unit, ok := intervalUnit(u.Value)
		if u.Type != tokIdent || !ok {
			return nil, unexpected(u)
		}
		p.lex.Next()
		if isKeyword(p.lex.Peek(), "TO") {
			p.lex.Next()
			end := p.lex.Peek()
			to, ok := intervalUnit(end.Value)
			if end.Type != tokIdent || !ok {
				return nil, unexpected(end)
			}
			p.lex.Next()
			if v.Type != tokString || !iv.addANSI(sign+value, unit, to) {
				return nil, unexpected(v)
			}
			return iv, nil
		}
		if !iv.add(sign+value, unit) {
			return nil, unexpected(v)
		}
	}
}

// intervalPartFollows reports whether another value and unit of an
// interval literal follow: [+|-] number-or-string unit.
func (p *exprParser) intervalPartFollows() bool {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	v := p.lex.Peek()
	if isOp(v, "-") || isOp(v, "+") {
		p.lex.Next()
		v = p.lex.Peek()
	}
	if v.Type != tokNumber && v.Type != tokString {
		return false
	}
	p.lex.Next()
	return isUnitToken(p.lex.Peek())
}

// Types are parsed by hand: a complex type nests types, ARRAY<MAP<STRING,
// INT>>, which the grammar's tokens between < and > could not.
const typeGrammar = `Type = Ident ("(" <number> ("," <number>)* ")")? ("<" ((Type ("," Type)*) | (StructField ("," StructField)*)) ">")? .
StructField = Ident ":"? Type ("NOT" "NULL")? ("COMMENT" <string>)? .`

// Parse implements participle.Parseable: a type name, its numbers, and
// the types or fields between < and >.
func (t *Type) Parse(lex *lexer.PeekingLexer) error {
	first := lex.Peek()
	if first.Type != tokIdent {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	out, err := p.typ(0)
	if err != nil {
		return err
	}
	*t = *out
	return nil
}

// maxTypeDepth bounds how deep complex types nest (spec §1.5).
const maxTypeDepth = 64

func (p *exprParser) typ(depth int) (*Type, error) {
	n := p.lex.Peek()
	if n.Type != tokIdent || depth > maxTypeDepth {
		return nil, unexpected(n)
	}
	p.lex.Next()
	t := &Type{Node: Node{Pos: n.Pos}, Name: n.Value}
	if isOpen(p.lex.Peek()) {
		p.lex.Next()
		for {
			num := p.lex.Peek()
			if num.Type != tokNumber {
				return nil, unexpected(num)
			}
			t.Args = append(t.Args, p.lex.Next().Value)
			if !isOp(p.lex.Peek(), ",") {
				break
			}
			p.lex.Next()
		}
		if _, err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	if !isOp(p.lex.Peek(), "<") {
		return t, nil
	}
	p.lex.Next()
	t.Angled = true
	struc := strings.EqualFold(t.Name, "STRUCT")
	for {
		if struc {
			f, err := p.structField(depth)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, f)
		} else {
			x, err := p.typ(depth + 1)
			if err != nil {
				return nil, err
			}
			t.Params = append(t.Params, x)
		}
		if !isOp(p.lex.Peek(), ",") {
			break
		}
		p.lex.Next()
	}
	if _, err := p.expect(">"); err != nil {
		return nil, err
	}
	return t, nil
}

func (p *exprParser) structField(depth int) (*StructField, error) {
	n := p.lex.Peek()
	if n.Type != tokIdent && n.Type != tokQIdent {
		return nil, unexpected(n)
	}
	id := ident(p.lex.Next())
	f := &StructField{Node: Node{Pos: n.Pos}, Name: &id}
	if isOp(p.lex.Peek(), ":") {
		p.lex.Next()
	}
	var err error
	if f.Type, err = p.typ(depth + 1); err != nil {
		return nil, err
	}
	if isKeyword(p.lex.Peek(), "NOT") {
		p.lex.Next()
		if _, err := p.expect("NULL"); err != nil {
			return nil, err
		}
		f.NotNull = true
	}
	if isKeyword(p.lex.Peek(), "COMMENT") {
		p.lex.Next()
		c := p.lex.Peek()
		if c.Type != tokString {
			return nil, unexpected(c)
		}
		p.lex.Next()
		f.Comment = &c.Value
	}
	return f, nil
}

// ColumnExpr is the expression that reads column (or struct field) n, for
// the analyzer's expansions of a select list (struct.*).
func ColumnExpr(n *Name) *Expr { return wrapPrimary(&Primary{Node: n.Node, Column: n}) }
