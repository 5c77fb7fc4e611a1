// Package parser turns tableacl SQL text into typed statements with
// positions: the first stage of the pipeline (parser → analyzer → engine).
// The grammar is written as participle structs, which are the AST; no
// participle type leaves this package. The nodes met most often
// (expressions, names, select items, FROM clauses, the privileges and
// object of an ACL statement) carry no grammar tags: they implement
// participle.Parseable and are parsed by hand in handparse.go, whose EBNF
// Grammar prints with participle's.
//
// A script is split into statements at top-level semicolons by the lexer,
// and each statement is parsed on its own, so that a syntax error in one
// statement leaves the others intact (spec §1.3, the command line's
// "statements before the failure stay committed").
package parser

import (
	"errors"
	"strings"
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/tableacl/tableacl/sqlerr"
)

// Reserved are the words usable as names only when backticked (spec §5.1).
var Reserved = []string{
	"ALL", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "CAST", "CROSS", "DISTINCT", "ELSE", "END",
	"EXCEPT", "EXISTS", "FALSE", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER", "INTERSECT", "IS",
	"JOIN", "LEFT", "LIKE", "LIMIT", "MINUS", "NOT", "NULL", "ON", "OR", "ORDER", "OUTER", "RIGHT",
	"SELECT", "THEN", "TRUE", "UNION", "USING", "WHEN", "WHERE", "WITH",
}

var sqlLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Whitespace", Pattern: `\s+`},
	{Name: "Comment", Pattern: `--[^\n]*|/\*([^*]|\*+[^*/])*\*+/`},
	{Name: "Unclosed", Pattern: `/\*`},
	{Name: "QIdent", Pattern: "`(?:[^`]|``)+`"},
	{Name: "String", Pattern: `'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`},
	// A number may end in the letter of its type (spec: Spark's typed
	// literals): 10L, 6S, 1Y, 2.5D, 1.5F, 1.5BD.
	{Name: "Number", Pattern: `(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?(?:[bB][dD]|[lLsSyYdDfF])?`},
	{Name: "Reserved", Pattern: `(?i)(?:` + strings.Join(Reserved, "|") + `)\b`},
	{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
	{Name: "Op", Pattern: `<=>|==|<>|!=|<=|>=|\|\||::|->|[-+*/%=<>(),.;:\[\]&|^~!]`},
	// QOpen is never lexed: it is the "(" of a parenthesized query, which
	// classifyParens marks before the parser runs (see there).
	{Name: "QOpen", Pattern: `[^\s\S]`},
})

var (
	symbols       = sqlLexer.Symbols()
	tokIdent      = symbols["Ident"]
	tokNumber     = symbols["Number"]
	tokQIdent     = symbols["QIdent"]
	tokString     = symbols["String"]
	tokOp         = symbols["Op"]
	tokReserved   = symbols["Reserved"]
	tokQOpen      = symbols["QOpen"]
	tokWhitespace = symbols["Whitespace"]
	tokComment    = symbols["Comment"]
	tokElide      = map[lexer.TokenType]bool{tokWhitespace: true, tokComment: true}
	tokUnclose    = symbols["Unclosed"]
)

// statements are the statements of the grammar, in the order the parser
// tries them.
var statements = []Statement{
	&GrantStmt{}, &RevokeStmt{}, &DenyStmt{}, &ShowGrantStmt{}, &MsckRepairStmt{},
	&CreatePrincipalStmt{}, &DropPrincipalStmt{}, &AlterGroupStmt{}, &ShowUsersStmt{}, &ShowGroupsStmt{},
	&CreateDatabaseStmt{}, &DropDatabaseStmt{}, &CreateTableStmt{}, &CreateViewStmt{}, &CreateFunctionStmt{},
	&DropRelationStmt{}, &DropFunctionStmt{}, &RenameStmt{}, &AlterOwnerStmt{}, &UseStmt{},
	&ShowDatabasesStmt{}, &ShowTablesStmt{}, &ShowFunctionsStmt{}, &ShowCreateTableStmt{}, &DescribeStmt{},
	&SetStmt{}, &AddResourceStmt{}, &InsertStmt{}, &UpdateStmt{}, &DeleteStmt{}, &MergeStmt{},
	&TruncateStmt{}, &ExplainStmt{}, &QueryStmt{},
}

// options are the grammar's options with the statements that may stand at
// its root (all of them unless told).
func options(members ...Statement) []participle.Option {
	if members == nil {
		members = statements
	}
	return []participle.Option{
		participle.Lexer(sqlLexer),
		participle.CaseInsensitive("Ident", "Reserved"),
		participle.UseLookahead(participle.MaxLookahead),
		participle.Union[Statement](members...),
	}
}

// byFirstWord is, for each word a statement may start with, the statements
// that start with it. participle tries the alternatives of a union one by
// one, keeping a branch of its state for each, so a SELECT was tried as
// each of the 33 statements before it; a statement is parsed by the
// grammar of the statements its first word allows, which fails where the
// whole grammar would (the others fail at the first word). A statement that
// starts otherwise is parsed by the whole grammar, for its error.
var byFirstWord = map[string][]Statement{
	"GRANT": {&GrantStmt{}}, "REVOKE": {&RevokeStmt{}}, "DENY": {&DenyStmt{}}, "MSCK": {&MsckRepairStmt{}},
	"SHOW": {&ShowGrantStmt{}, &ShowUsersStmt{}, &ShowGroupsStmt{}, &ShowDatabasesStmt{}, &ShowTablesStmt{},
		&ShowFunctionsStmt{}, &ShowCreateTableStmt{}},
	"CREATE": {&CreatePrincipalStmt{}, &CreateDatabaseStmt{}, &CreateTableStmt{}, &CreateViewStmt{}, &CreateFunctionStmt{}},
	"DROP":   {&DropPrincipalStmt{}, &DropDatabaseStmt{}, &DropRelationStmt{}, &DropFunctionStmt{}},
	"ALTER":  {&AlterGroupStmt{}, &RenameStmt{}, &AlterOwnerStmt{}},
	"USE":    {&UseStmt{}}, "DESCRIBE": {&DescribeStmt{}}, "DESC": {&DescribeStmt{}}, "SET": {&SetStmt{}},
	"ADD": {&AddResourceStmt{}}, "INSERT": {&InsertStmt{}}, "UPDATE": {&UpdateStmt{}}, "DELETE": {&DeleteStmt{}},
	"MERGE": {&MergeStmt{}}, "TRUNCATE": {&TruncateStmt{}}, "EXPLAIN": {&ExplainStmt{}},
	"SELECT": {&QueryStmt{}}, "WITH": {&QueryStmt{}}, "VALUES": {&QueryStmt{}}, "(": {&QueryStmt{}},
}

// A firstWordParser is the grammar of the statements one first word
// allows, built when first needed.
type firstWordParser struct {
	once   sync.Once
	parser *participle.Parser[root]
}

var firstWordParsers = func() map[string]*firstWordParser {
	m := map[string]*firstWordParser{}
	for w := range byFirstWord {
		m[w] = &firstWordParser{}
	}
	return m
}()

// parseStatement parses the statement lex holds.
func parseStatement(lex *lexer.PeekingLexer) (*root, error) {
	t := lex.Peek()
	word := strings.ToUpper(t.Value)
	if t.Type == tokQOpen {
		word = "("
	}
	if t.Type != tokIdent && t.Type != tokReserved && t.Type != tokQOpen {
		word = ""
	}
	fp := firstWordParsers[word]
	if fp == nil {
		return stmtP.ParseFromLexer(lex)
	}
	fp.once.Do(func() { fp.parser = participle.MustBuild[root](options(byFirstWord[word]...)...) })
	return fp.parser.ParseFromLexer(lex)
}

// root is the grammar's entry: exactly one statement.
type root struct {
	Stmt Statement `parser:"@@"`
}

var (
	buildOnce sync.Once
	stmtP     *participle.Parser[root]
	exprP     *participle.Parser[Expr]
	queryP    *participle.Parser[Query]
)

func build() {
	buildOnce.Do(func() {
		stmtP = participle.MustBuild[root](options()...)
		exprP = participle.MustBuild[Expr](options()...)
		queryP = participle.MustBuild[Query](options()...)
	})
}

// Chunk is the text of one statement of a script, or the error that stopped
// the script from being split further.
type Chunk struct {
	Text   string     // the statement's source text
	Pos    sqlerr.Pos // where it starts
	tokens []lexer.Token
	Err    *sqlerr.Error // a lexical error; no chunk follows it
}

// Split cuts a script into statements at semicolons outside strings,
// identifiers and comments. Empty statements are dropped. A lexical error
// (an unclosed comment or string, a stray character) ends the list with a
// chunk that carries the error.
func Split(filename, src string) []Chunk { return SplitAt(filename, src, sqlerr.Pos{Line: 1, Col: 1}) }

// SplitAt is Split for text that starts at start in its script, as the
// pieces of a Scanner do: positions are those of the script.
func SplitAt(filename, src string, start sqlerr.Pos) []Chunk {
	shift := func(p lexer.Position) lexer.Position {
		if p.Line == 1 {
			p.Column += start.Col - 1
		}
		p.Line += start.Line - 1
		return p
	}
	tokens, lexErr := lex(filename, src)
	var out []Chunk
	var cur []lexer.Token
	flush := func() {
		if len(cur) > 0 {
			start, end := cur[0].Pos.Offset, cur[len(cur)-1].Pos.Offset+len(cur[len(cur)-1].Value)
			c := Chunk{Text: src[start:end], Pos: at(cur[0].Pos), tokens: mergeDigitWords(cur)}
			if end-start > MaxStatementLength {
				c.Err, c.tokens = tooLong(c.Pos), nil
			}
			out = append(out, c)
		}
		cur = nil
	}
	for i := 0; ; i++ {
		if i == len(tokens) && lexErr != nil {
			// The unterminated statement is the one that fails.
			le := lexErr
			pos := at(shift(le.Pos))
			near := ""
			if le.Pos.Offset < len(src) {
				near = string([]rune(src[le.Pos.Offset:])[0])
			}
			out = append(out, Chunk{Err: sqlerr.NewSyntaxError(pos, near)})
			return out
		}
		var t lexer.Token
		if i < len(tokens) {
			t = tokens[i]
		} else {
			t = lexer.EOFToken(lexer.Position{})
		}
		switch {
		case t.EOF():
			flush()
			return out
		case tokElide[t.Type]:
		case t.Type == tokUnclose:
			out = append(out, Chunk{Err: sqlerr.New(sqlerr.UnclosedBracketedComment, at(shift(t.Pos)),
				"Found an unclosed bracketed comment. Please, append */ at the end of the comment.")})
			return out
		case t.Type == tokOp && t.Value == ";":
			flush()
		default:
			offset := t.Pos.Offset
			t.Pos = shift(t.Pos)
			t.Pos.Offset = offset
			cur = append(cur, t)
		}
	}
}

// mergeDigitWords joins a number token and the word right after it into one
// identifier: a bare word may start with digits (spec §5.1), "1abc", and
// so does one that starts like a typed number, "1dx" (the lexer read "1d").
// The tokens are copied only when there is something to join.
func mergeDigitWords(ts []lexer.Token) []lexer.Token {
	joins := func(i int) bool {
		t := ts[i]
		if t.Type != tokNumber || i+1 >= len(ts) || !isDigits(strings.TrimRight(t.Value, "lLsSyYdDfFbB")) {
			return false
		}
		n := ts[i+1]
		return (n.Type == tokIdent || n.Type == tokReserved) && n.Pos.Offset == t.Pos.Offset+len(t.Value)
	}
	first := -1
	for i := range ts {
		if joins(i) {
			first = i
			break
		}
	}
	if first < 0 {
		return ts
	}
	out := append([]lexer.Token(nil), ts[:first]...)
	for i := first; i < len(ts); i++ {
		t := ts[i]
		if joins(i) {
			t = lexer.Token{Type: tokIdent, Value: t.Value + ts[i+1].Value, Pos: t.Pos}
			i++
		}
		out = append(out, t)
	}
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func at(p lexer.Position) sqlerr.Pos { return sqlerr.Pos{Line: p.Line, Col: p.Column} }

// tokenLexer replays a chunk's tokens to participle.
type tokenLexer struct {
	tokens []lexer.Token
	end    lexer.Position
	i      int
}

func (l *tokenLexer) Next() (lexer.Token, error) {
	if l.i >= len(l.tokens) {
		return lexer.EOFToken(l.end), nil
	}
	l.i++
	return l.tokens[l.i-1], nil
}

// Parse parses one chunk into a statement, applying the parse-phase checks
// of spec §1.3 (grant options, privilege names, new names, types).
func (c Chunk) Parse() (stmt Statement, err error) {
	defer func() {
		// A panic inside the parser library is a grammar defect; the
		// statement fails closed as a syntax error rather than crash.
		if r := recover(); r != nil {
			stmt, err = nil, sqlerr.NewSyntaxError(c.Pos, c.tokens[0].Value)
		}
	}()
	if c.Err != nil {
		return nil, c.Err
	}
	if err := checkNesting(c.tokens); err != nil {
		return nil, err
	}
	classifyParens(c.tokens)
	build()
	peek, err := lexer.Upgrade(&tokenLexer{tokens: c.tokens, end: endOf(c.tokens)})
	if err != nil {
		return nil, sqlerr.Internal(err)
	}
	r, err := parseStatement(peek)
	if err != nil {
		return nil, syntaxError(err, c.tokens)
	}
	if err := validate(r.Stmt); err != nil {
		return nil, err
	}
	return r.Stmt, nil
}

// MaxStatementLength bounds the text of one statement (tableacl choice):
// parsing costs time and memory in proportion to the text, so a statement
// longer than this is refused before it is parsed. Longer loads are split
// into several statements.
const MaxStatementLength = 256 << 10

func tooLong(pos sqlerr.Pos) *sqlerr.Error {
	return sqlerr.New(sqlerr.StatementTooComplex, pos, "The statement is longer than %d bytes.", MaxStatementLength)
}

// MaxNesting is the deepest nesting of parentheses (and of CASE ... END)
// that a statement may have (spec §1.5). The parser backtracks at each
// level, so depth costs more than length; bounding it keeps parsing linear
// in the text.
const MaxNesting = 256

// MaxWindowTerms bounds the PARTITION BY and ORDER BY lists of one window
// (tableacl choice): SQLite, which runs the statement, prepares a window in
// time quadratic in its ORDER BY list, and refuses more than 2,000 terms in
// one clause anyway.
const MaxWindowTerms = 1000

// checkNesting refuses a statement that nests deeper than MaxNesting,
// before the parser sees it, at the token that goes one level too deep.
func checkNesting(tokens []lexer.Token) *sqlerr.Error {
	depth := 0
	for _, t := range tokens {
		switch {
		case t.Type == tokOp && t.Value == "(", t.Type == tokReserved && strings.EqualFold(t.Value, "CASE"):
			depth++
			if depth > MaxNesting {
				return sqlerr.New(sqlerr.StatementTooComplex, at(t.Pos), "The statement nests more than %d levels deep.", MaxNesting)
			}
		case t.Type == tokOp && t.Value == ")", t.Type == tokReserved && strings.EqualFold(t.Value, "END"):
			depth--
		}
	}
	return nil
}

// classifyParens marks the "(" that opens a parenthesized query, so that
// the grammar tells a query in parentheses from an expression in them
// without trying both: participle backtracks, and trying both at every
// level costs time exponential in the nesting ((SELECT (SELECT ...) ...)
// UNION ...). A group holds a query when its first token is SELECT, WITH
// or VALUES (or TABLE before a name), when a set operator, ORDER BY, LIMIT or OFFSET stands at its
// own level, or when all it holds is one parenthesized query. The group of
// a window (OVER ( ... )) is never a query. One pass, linear in the
// tokens.
func classifyParens(tokens []lexer.Token) {
	type group struct {
		open   int  // index of the "("
		query  bool // decided so far
		first  bool // the next token is the first inside
		items  int  // tokens at its own level, a nested group counting one
		child  int  // index of the last nested group's "(", or -1
		window bool
	}
	var stack []group
	isQuery := map[int]bool{}
	windows := map[int]bool{} // the "(" of window specifications
	for i, t := range tokens {
		if len(stack) > 0 {
			g := &stack[len(stack)-1]
			if g.first {
				g.first = false
				if t.Type == tokReserved && strings.EqualFold(t.Value, "SELECT") ||
					t.Type == tokReserved && strings.EqualFold(t.Value, "WITH") ||
					t.Type == tokIdent && strings.EqualFold(t.Value, "VALUES") ||
					t.Type == tokIdent && strings.EqualFold(t.Value, "TABLE") && i+1 < len(tokens) && (tokens[i+1].Type == tokIdent || tokens[i+1].Type == tokQIdent) {
					g.query = true
				}
			}
			if !(t.Type == tokOp && t.Value == ")") {
				g.items++
			}
			if t.Type == tokReserved && (strings.EqualFold(t.Value, "UNION") || strings.EqualFold(t.Value, "INTERSECT") ||
				strings.EqualFold(t.Value, "EXCEPT") || strings.EqualFold(t.Value, "MINUS") ||
				strings.EqualFold(t.Value, "ORDER") || strings.EqualFold(t.Value, "LIMIT")) ||
				t.Type == tokIdent && strings.EqualFold(t.Value, "OFFSET") {
				g.query = true
			}
		}
		switch {
		case t.Type == tokOp && t.Value == "(":
			window := windowSpec(tokens, i, windows)
			if window {
				windows[i] = true
			}
			stack = append(stack, group{open: i, first: true, child: -1, window: window})
		case t.Type == tokOp && t.Value == ")" && len(stack) > 0:
			g := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			query := g.query || g.items == 1 && g.child >= 0 && isQuery[g.child]
			if query && !g.window {
				isQuery[g.open] = true
				tokens[g.open].Type = tokQOpen
			}
			if len(stack) > 0 {
				stack[len(stack)-1].child = g.open
			}
		}
	}
}

// windowSpec reports whether the "(" at i opens a window specification,
// which may hold ORDER BY without being a query: after OVER, after WITHIN
// GROUP, and in a WINDOW clause (WINDOW w AS (...), and each "w AS (" after
// the "," that follows one). windows holds the "(" of those already seen.
func windowSpec(tokens []lexer.Token, i int, windows map[int]bool) bool {
	word := func(k int, w string) bool {
		return k >= 0 && tokens[k].Type == tokIdent && strings.EqualFold(tokens[k].Value, w)
	}
	op := func(k int, v string) bool { return k >= 0 && tokens[k].Type == tokOp && tokens[k].Value == v }
	isAs := i >= 1 && tokens[i-1].Type == tokReserved && strings.EqualFold(tokens[i-1].Value, "AS")
	named := i >= 2 && (tokens[i-2].Type == tokIdent || tokens[i-2].Type == tokQIdent)
	switch {
	case word(i-1, "OVER"):
		return true
	case i >= 2 && tokens[i-1].Type == tokReserved && strings.EqualFold(tokens[i-1].Value, "GROUP") && word(i-2, "WITHIN"):
		return true
	case isAs && named && word(i-3, "WINDOW"):
		return true
	case isAs && named && op(i-3, ","):
		// The ")" before that "," closes a window of the clause.
		for k := i - 4; k >= 0; k-- {
			if op(k, ")") {
				depth := 0
				for m := k; m >= 0; m-- {
					switch {
					case op(m, ")"):
						depth++
					case op(m, "("):
						depth--
					}
					if depth == 0 {
						return windows[m]
					}
				}
			}
			return false
		}
	}
	return false
}

// ParseOne parses text that must hold exactly one statement.
func ParseOne(src string) (Statement, error) {
	if len(src) > MaxStatementLength {
		return nil, tooLong(sqlerr.Pos{Line: 1, Col: 1})
	}
	chunks := Split("", src)
	if len(chunks) == 0 {
		return nil, sqlerr.NewSyntaxError(sqlerr.Pos{Line: 1, Col: 1}, "")
	}
	if len(chunks) > 1 {
		if chunks[0].Err != nil {
			return nil, chunks[0].Err
		}
		if chunks[1].Err != nil {
			return nil, chunks[1].Err
		}
		return nil, sqlerr.NewSyntaxError(chunks[1].Pos, chunks[1].tokens[0].Value)
	}
	return chunks[0].Parse()
}

// ParseExpr parses a stored expression, such as a SQL function's body.
func ParseExpr(src string) (*Expr, error) {
	return parseBody(src, func() *participle.Parser[Expr] { return exprP })
}

// ParseType parses a column type in Spark's spelling ("decimal(10,2)"),
// checked as a CREATE TABLE column's is.
func ParseType(src string) (*Type, error) {
	e, err := ParseExpr("CAST(NULL AS " + src + ")")
	if err != nil {
		return nil, err
	}
	var c *Cast
	Walk(e, func(x any) bool {
		if x, ok := x.(*Cast); ok && c == nil {
			c = x
		}
		return c == nil
	})
	// The text is one type only if the expression is the cast alone.
	if c == nil || Format(e) != Format(&Primary{Cast: c}) {
		return nil, sqlerr.New(sqlerr.ParseSyntaxError, sqlerr.Pos{Line: 1, Col: 1}, "Syntax error: %q is not one type.", src)
	}
	if err := checkType(c.Type); err != nil {
		return nil, err
	}
	return c.Type, nil
}

// ParseQuery parses a stored query, such as a view's body.
func ParseQuery(src string) (*Query, error) {
	return parseBody(src, func() *participle.Parser[Query] { return queryP })
}

// parseBody parses a stored body through the same token path as a
// statement: split into tokens, the parentheses classified.
func parseBody[G any](src string, parser func() *participle.Parser[G]) (*G, error) {
	chunks := Split("", src)
	if len(chunks) != 1 || chunks[0].Err != nil {
		if len(chunks) > 0 && chunks[0].Err != nil {
			return nil, chunks[0].Err
		}
		return nil, sqlerr.NewSyntaxError(sqlerr.Pos{Line: 1, Col: 1}, "")
	}
	c := chunks[0]
	if err := checkNesting(c.tokens); err != nil {
		return nil, err
	}
	classifyParens(c.tokens)
	build()
	peek, err := lexer.Upgrade(&tokenLexer{tokens: c.tokens, end: endOf(c.tokens)})
	if err != nil {
		return nil, sqlerr.Internal(err)
	}
	g, err := parser().ParseFromLexer(peek)
	if err != nil {
		return nil, syntaxError(err, c.tokens)
	}
	return g, nil
}

// endOf is the position just past the last token.
func endOf(tokens []lexer.Token) lexer.Position {
	last := tokens[len(tokens)-1]
	end := last.Pos
	end.Advance(last.Value)
	return end
}

// syntaxError renders a participle error as PARSE_SYNTAX_ERROR positioned at
// the offending token.
func syntaxError(err error, tokens []lexer.Token) *sqlerr.Error {
	var se *sqlerr.Error
	if errors.As(err, &se) {
		return se // the hand-written parser's own error, positioned
	}
	var ut *participle.UnexpectedTokenError
	if errors.As(err, &ut) {
		if ut.Unexpected.EOF() {
			return sqlerr.NewSyntaxError(at(ut.Unexpected.Pos), "")
		}
		return sqlerr.NewSyntaxError(at(ut.Unexpected.Pos), ut.Unexpected.Value)
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		pos := pe.Position()
		for _, t := range tokens {
			if t.Pos.Offset == pos.Offset {
				return sqlerr.NewSyntaxError(at(pos), t.Value)
			}
		}
		return sqlerr.NewSyntaxError(at(pos), "")
	}
	return sqlerr.New(sqlerr.ParseSyntaxError, sqlerr.Pos{Line: 1, Col: 1}, "Syntax error: %s.", err)
}

// Grammar returns the EBNF of the statement grammar the parser accepts.
// The "(" that classifyParens marks is a "(" to whoever reads the grammar.
func Grammar() string {
	build()
	// The nodes parsed by hand (handparse.go) have their rules here.
	text := strings.Join([]string{stmtP.String(), exprGrammar, nameGrammar, selectItemGrammar, fromGrammar, aclGrammar, queryGrammar, typeGrammar}, "\n")
	return strings.NewReplacer(`("(" | <qopen>)`, `"("`, `<qopen>`, `"("`).Replace(text)
}
