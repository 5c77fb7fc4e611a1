package console

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/parser"
)

// The statement help of \h is read from parser.Grammar(), the EBNF of the
// grammar the parser was built from, so it cannot drift from what the
// engine accepts. The EBNF is participle's: one production per line,
// `Name = expression .`, with "literals", <tokens>, ( ) | ? * +, negative
// lookahead groups (?! ...) and ~ negation.

// gnode is one node of a parsed EBNF expression.
type gnode struct {
	kind  byte // 'l' literal, 'r' reference, 't' token, 's' sequence, 'a' alternation, '?', '*', '+', 'n' lookahead, '~' negation
	text  string
	items []*gnode
}

type grammar struct {
	order []string // production names in grammar order
	prods map[string]*gnode
	stmts []string // the alternatives of Statement
}

var (
	grammarOnce sync.Once
	theGrammar  *grammar
)

func loadGrammar() *grammar {
	grammarOnce.Do(func() {
		g := &grammar{prods: map[string]*gnode{}}
		for _, line := range strings.Split(parser.Grammar(), "\n") {
			name, rhs, ok := strings.Cut(line, " = ")
			if !ok {
				continue
			}
			rhs = strings.TrimSuffix(strings.TrimSpace(rhs), " .")
			p := &ebnfParser{toks: ebnfTokens(rhs)}
			g.prods[name] = p.alt()
			g.order = append(g.order, name)
		}
		if st := g.prods["Statement"]; st != nil {
			for _, it := range st.alternatives() {
				if it.kind == 'r' {
					g.stmts = append(g.stmts, it.text)
				}
			}
		}
		theGrammar = g
	})
	return theGrammar
}

func (n *gnode) alternatives() []*gnode {
	if n.kind == 'a' {
		return n.items
	}
	return []*gnode{n}
}

func ebnfTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, s[i:min(j+1, len(s))])
			i = j + 1
		case c == '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				j = len(s) - i - 1
			}
			out = append(out, s[i:i+j+1])
			i += j + 1
		case strings.HasPrefix(s[i:], "(?!") || strings.HasPrefix(s[i:], "(?="):
			out = append(out, s[i:i+3])
			i += 3
		case strings.ContainsRune("()|?*+~", rune(c)):
			out = append(out, string(c))
			i++
		default:
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
			if j == i {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

type ebnfParser struct {
	toks []string
	i    int
}

func (p *ebnfParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *ebnfParser) alt() *gnode {
	n := &gnode{kind: 'a', items: []*gnode{p.seq()}}
	for p.peek() == "|" {
		p.i++
		n.items = append(n.items, p.seq())
	}
	if len(n.items) == 1 {
		return n.items[0]
	}
	return n
}

func (p *ebnfParser) seq() *gnode {
	n := &gnode{kind: 's'}
	for {
		switch p.peek() {
		case "", "|", ")":
			if len(n.items) == 1 {
				return n.items[0]
			}
			return n
		}
		n.items = append(n.items, p.term())
	}
}

func (p *ebnfParser) term() *gnode {
	t := p.peek()
	p.i++
	var n *gnode
	switch {
	case t == "(" || t == "(?!" || t == "(?=":
		inner := p.alt()
		if p.peek() == ")" {
			p.i++
		}
		n = inner
		if t != "(" {
			n = &gnode{kind: 'n', items: []*gnode{inner}}
		}
	case t == "~":
		n = &gnode{kind: '~', items: []*gnode{p.term()}}
	case strings.HasPrefix(t, `"`):
		n = &gnode{kind: 'l', text: strings.Trim(t, `"`)}
	case strings.HasPrefix(t, "<"):
		n = &gnode{kind: 't', text: strings.Trim(t, "<>")}
	default:
		n = &gnode{kind: 'r', text: t}
	}
	switch p.peek() {
	case "?", "*", "+":
		n = &gnode{kind: p.peek()[0], items: []*gnode{n}}
		p.i++
	}
	return n
}

// first collects the literals a node can start with and reports whether
// it can match nothing.
func (g *grammar) first(n *gnode, into map[string]bool, seen map[string]bool) (nullable bool) {
	switch n.kind {
	case 'l':
		into[n.text] = true
	case 't', '~':
	case 'r':
		if seen[n.text] || g.prods[n.text] == nil {
			return false
		}
		seen[n.text] = true
		defer delete(seen, n.text)
		return g.first(g.prods[n.text], into, seen)
	case 's':
		for _, it := range n.items {
			if !g.first(it, into, seen) {
				return false
			}
		}
		return true
	case 'a':
		for _, it := range n.items {
			if g.first(it, into, seen) {
				nullable = true
			}
		}
		return nullable
	case '?', '*':
		g.first(n.items[0], into, seen)
		return true
	case '+':
		return g.first(n.items[0], into, seen)
	case 'n':
		return true
	}
	return false
}

// literals collects every literal of a node, following references depth
// levels deep.
func (g *grammar) literals(n *gnode, into map[string]bool, depth int) {
	switch n.kind {
	case 'l':
		into[n.text] = true
	case 'r':
		if depth > 0 && g.prods[n.text] != nil {
			g.literals(g.prods[n.text], into, depth-1)
		}
	case 'n':
	default:
		for _, it := range n.items {
			g.literals(it, into, depth)
		}
	}
}

func isWord(s string) bool {
	for _, c := range s {
		if !unicode.IsLetter(c) && c != '_' {
			return false
		}
	}
	return s != ""
}

// Keywords are the words of the grammar, for completion.
func Keywords() []string {
	g := loadGrammar()
	set := map[string]bool{}
	for _, name := range g.order {
		g.literals(g.prods[name], set, 0)
	}
	var out []string
	for w := range set {
		if isWord(w) {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// topic is the words a statement is known by, e.g. "CREATE USER|GROUP" or
// "CREATE [OR REPLACE] [TEMPORARY] VIEW": its keywords up to the first
// name or clause, with "..." standing for what lies between keyword runs.
func (g *grammar) topic(name string) string {
	n := g.prods[name]
	items := []*gnode{n}
	if n.kind == 's' {
		items = n.items
	}
	var words []string
	gap := false
	for _, it := range items {
		w, ok := keywordsOnly(it)
		switch {
		case ok && gap && len(words) > 0:
			words = append(words, "...", w)
			gap = false
		case ok && !gap:
			words = append(words, w)
		case !ok && len(words) > 0 && !gap:
			gap = true
		case !ok:
			// A statement that starts with a clause: FIRST set below.
		}
		if !ok && len(words) == 0 {
			break
		}
		if gap && it.kind != 'r' {
			break
		}
	}
	if len(words) == 0 {
		set := map[string]bool{}
		g.first(n, set, map[string]bool{})
		for w := range set {
			if isWord(w) {
				words = append(words, w)
			}
		}
		sort.Strings(words)
		return strings.Join(words, "|")
	}
	return strings.Join(words, " ")
}

// keywordsOnly renders a node made only of keywords: a keyword, a choice of
// keywords (A|B) or an optional run of them ([OR REPLACE]).
func keywordsOnly(n *gnode) (string, bool) {
	switch n.kind {
	case 'l':
		return n.text, isWord(n.text)
	case 'a':
		var alts []string
		for _, a := range n.items {
			if a.kind != 'l' || !isWord(a.text) {
				return "", false
			}
			alts = append(alts, a.text)
		}
		return strings.Join(alts, "|"), true
	case 's':
		var parts []string
		for _, it := range n.items {
			w, ok := keywordsOnly(it)
			if !ok {
				return "", false
			}
			parts = append(parts, w)
		}
		return strings.Join(parts, " "), true
	case '?':
		w, ok := keywordsOnly(n.items[0])
		return "[" + w + "]", ok
	}
	return "", false
}

// Topics are the statements \h knows, by their leading words.
func Topics() []string {
	g := loadGrammar()
	var out []string
	for _, s := range g.stmts {
		out = append(out, g.topic(s))
	}
	return out
}

// summarized are productions that help names instead of spelling out:
// they are large or shared by many statements.
var summarized = map[string]string{
	"Expr":  "an expression",
	"Query": "a query: \\h SELECT",
	"Ident": "a name, `backticked` when it is reserved or unusual",
}

// Commands lists the backslash commands, one per line; the shell's \h
// and the command line's --help both show it.
const Commands = `  \user NAME              act as user NAME (\user alone shows the current user)
  \use DB                 make DB the current database (same as USE DB)
  \format table|csv|json  how results are shown
  \timing on|off          show how long each statement takes
  \i FILE                 run the statements of a script file
  \h [STATEMENT]          help: the commands, or a statement's syntax (\h GRANT)
  \q                      quit (so do exit; and quit;)
`

const commandHelp = "Commands (also accepted on their own line in scripts):\n" + Commands +
	`Statements end with ';'. Tab completes keywords, names and commands; Ctrl-R
searches the history; Ctrl-C cancels the statement being typed; Ctrl-D on an
empty line quits.
`

// Help is the text of \h: the commands and statements without an
// argument, the syntax of the matching statements with one.
func Help(arg string) string {
	g := loadGrammar()
	words := strings.Fields(strings.ToUpper(arg))
	if len(words) == 0 {
		var b strings.Builder
		b.WriteString(commandHelp)
		b.WriteString("\nStatements (\\h STATEMENT shows the syntax; \\h FUNCTIONS lists the built-in functions):\n")
		for _, t := range Topics() {
			b.WriteString("  " + t + "\n")
		}
		return b.String()
	}
	if len(words) == 1 && (words[0] == "FUNCTIONS" || words[0] == "FUNCTION" && len(strings.Fields(arg)) == 1) {
		return functionList()
	}
	function := ""
	if len(words) == 1 {
		if f, ok := builtin(words[0]); ok {
			function = fmt.Sprintf("%s  (%s)\n  %s\n", f.Signature, f.Kind, f.Doc)
		}
	}
	var b strings.Builder
	for _, s := range g.stmts {
		first := map[string]bool{}
		g.first(g.prods[s], first, map[string]bool{})
		if !first[words[0]] {
			continue
		}
		lits := map[string]bool{}
		g.literals(g.prods[s], lits, 1)
		match := true
		for _, w := range words[1:] {
			if !lits[w] {
				match = false
			}
		}
		if match {
			b.WriteString(g.syntax(s))
		}
	}
	switch {
	case b.Len() == 0 && function != "":
		return function
	case b.Len() == 0:
		return fmt.Sprintf("No statement starts with %s; \\h lists them.\n", strings.Join(words, " "))
	case function != "":
		// TRUNCATE the statement and truncate the function.
		b.WriteString("\nThe function:\n" + function)
	}
	return b.String()
}

// syntax spells out a statement and the productions it uses.
func (g *grammar) syntax(stmt string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", g.topic(stmt))
	first := stmt
	if root := g.prods[stmt]; root.kind == 'r' { // QueryStmt = Query: spell out Query itself
		first = root.text
	}
	queue := []string{first}
	done := map[string]bool{}
	notes := map[string]bool{}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if done[name] {
			continue
		}
		done[name] = true
		fmt.Fprintf(&b, "  %s = %s\n", snake(name), g.render(g.prods[name]))
		var refs []string
		collectRefs(g.prods[name], &refs)
		for _, r := range refs {
			switch {
			case summarized[r] != "" && r != first:
				notes[r] = true
			case g.prods[r] != nil && !done[r]:
				queue = append(queue, r)
			}
		}
	}
	var names []string
	for n := range notes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %s: %s\n", snake(n), summarized[n])
	}
	return b.String()
}

func collectRefs(n *gnode, into *[]string) {
	switch n.kind {
	case 'r':
		*into = append(*into, n.text)
	case 'n':
	default:
		for _, it := range n.items {
			collectRefs(it, into)
		}
	}
}

// render prints a node readably: keywords bare, punctuation quoted,
// productions in snake_case, lookaheads left out.
func (g *grammar) render(n *gnode) string {
	switch n.kind {
	case 'l':
		if isWord(n.text) {
			return n.text
		}
		return "'" + n.text + "'"
	case 'r':
		return snake(n.text)
	case 't':
		return n.text
	case 'n':
		return ""
	case '~':
		return "~" + g.render(n.items[0])
	case 's':
		var parts []string
		for _, it := range n.items {
			s := g.render(it)
			if it.kind == 'a' {
				s = "(" + s + ")"
			}
			if s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	case 'a':
		var parts []string
		for _, it := range n.items {
			parts = append(parts, g.render(it))
		}
		return strings.Join(parts, " | ")
	default: // ? * +
		inner := n.items[0]
		s := g.render(inner)
		if inner.kind == 's' || inner.kind == 'a' {
			s = "(" + s + ")"
		}
		if n.kind == '?' {
			return "[" + strings.TrimSuffix(strings.TrimPrefix(s, "("), ")") + "]"
		}
		return s + string(n.kind)
	}
}

// snake turns CreateTableStmt into create_table_stmt.
func snake(s string) string {
	var b strings.Builder
	for i, c := range s {
		if unicode.IsUpper(c) && i > 0 && unicode.IsLower(rune(s[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// builtin finds a built-in function by name, in any case.
func builtin(name string) (engine.BuiltinFunction, bool) {
	for _, f := range engine.BuiltinFunctions() {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return engine.BuiltinFunction{}, false
}

// functionList is \h FUNCTIONS: the built-in functions' names by kind, in
// columns.
func functionList() string {
	byKind := map[string][]string{}
	for _, f := range engine.BuiltinFunctions() {
		byKind[f.Kind] = append(byKind[f.Kind], f.Name)
	}
	var b strings.Builder
	b.WriteString("Built-in functions (\\h NAME shows one; they need no privilege):\n")
	for _, kind := range []string{"scalar", "aggregate", "window", "generator"} {
		names := byKind[kind]
		fmt.Fprintf(&b, "%s (%d):\n", kind, len(names))
		line := " "
		for _, n := range names {
			if len(line)+len(n)+1 > 100 {
				b.WriteString(line + "\n")
				line = " "
			}
			line += " " + n
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
