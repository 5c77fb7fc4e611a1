package repl

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/tableacl/tableacl/console"
	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/parser"
)

// commands are the backslash commands, for completion.
var commands = []string{`\user`, `\use`, `\format`, `\timing`, `\i`, `\h`, `\help`, `\q`}

// Complete returns the word before pos in line and the words that can
// replace it: backslash commands and their arguments, keywords of the
// grammar, databases, tables, views and functions the current user can see
// (they are listed with SHOW statements run as that user, so completion
// reveals nothing the user could not list), and principal names where a
// principal is expected (after TO and FROM in GRANT, DENY and REVOKE, OWNER
// TO, and after USER or GROUP). Completing a word that is complete
// adds a space; database names end without one so that "." can follow.
func (s *Shell) Complete(line string, pos int) (word string, candidates []string) {
	runes := []rune(line)
	pos = min(max(pos, 0), len(runes))
	start := pos
	for start > 0 && isWordRune(runes[start-1]) {
		start--
	}
	word = string(runes[start:pos])
	before := string(runes[:start])
	ctx := context.Background()

	typed := strings.TrimLeft(string(runes[:pos]), " \t")
	if cmd, path, ok := strings.Cut(typed, " "); ok && (cmd == `\i` || cmd == `\include`) {
		// A path is one word up to the cursor, slashes included.
		path = strings.TrimLeft(path, " ")
		return path, files(path)
	}
	if t := strings.TrimLeft(before, " \t"); strings.HasPrefix(t, `\`) || strings.HasPrefix(typed, `\`) && t == "" {
		return s.completeCommand(ctx, t, word)
	}

	tokens := words(s.buf + before)
	if s.expectsPrincipal(tokens) {
		return word, matching(word, s.principals(ctx), " ")
	}
	if db, rest, ok := strings.Cut(word, "."); ok && !strings.Contains(rest, ".") {
		var names []string
		for _, n := range s.objects(ctx, unquote(db)) {
			names = append(names, db+"."+parser.QuoteIdent(n))
		}
		return word, matching(word, names, " ")
	}
	// Right after a word that names what comes next, offer only that.
	prev := ""
	if len(tokens) > 0 {
		prev = strings.ToUpper(tokens[len(tokens)-1])
	}
	switch prev {
	case "DATABASE", "SCHEMA", "USE", "IN":
		return word, matching(word, s.databases(ctx), "")
	case "TABLE", "VIEW", "FUNCTION", "FROM", "JOIN", "INTO", "UPDATE", "DESCRIBE", "DESC":
		return word, append(matching(word, s.objects(ctx, ""), " "), matching(word, s.databases(ctx), "")...)
	}
	var out []string
	out = append(out, matching(word, s.objects(ctx, ""), " ")...)
	out = append(out, matching(word, s.databases(ctx), "")...)
	kw := console.Keywords()
	if word != "" && strings.ToLower(word) == word {
		for i, k := range kw {
			kw[i] = strings.ToLower(k)
		}
	}
	out = append(out, matching(word, kw, " ")...)
	if word != "" && strings.ToLower(word) == word {
		// Built-in functions, once a word is begun in lower case (an
		// upper-case word completes keywords): they are too many to
		// offer on an empty word.
		out = append(out, matching(word, functionNames(), "(")...)
	}
	return word, dedupe(out)
}

// functionNames are the built-in functions' names, for completion.
var functionNames = sync.OnceValue(func() []string {
	var out []string
	for _, f := range engine.BuiltinFunctions() {
		out = append(out, f.Name)
	}
	return out
})

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '`' || r == '\\'
}

// completeCommand completes a backslash command or its argument.
func (s *Shell) completeCommand(ctx context.Context, before, word string) (string, []string) {
	fields := strings.Fields(before)
	if len(fields) == 0 {
		return word, matching(word, commands, " ")
	}
	if len(fields) > 1 {
		return word, nil
	}
	switch fields[0] {
	case `\user`, `\u`:
		return word, matching(word, s.users(ctx), "")
	case `\use`:
		return word, matching(word, s.databases(ctx), "")
	case `\format`, `\f`:
		return word, matching(word, []string{"table", "csv", "json"}, "")
	case `\timing`:
		return word, matching(word, []string{"on", "off"}, "")
	case `\h`, `\help`:
		var firsts []string
		for _, t := range console.Topics() {
			w, _, _ := strings.Cut(t, " ")
			firsts = append(firsts, strings.Split(w, "|")...)
		}
		return word, matching(word, dedupe(firsts), " ")
	}
	return word, nil
}

// files completes a path: directories end in "/".
func files(prefix string) []string {
	matches, _ := filepath.Glob(prefix + "*")
	var out []string
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && fi.IsDir() {
			m += "/"
		}
		out = append(out, m)
	}
	return out
}

// expectsPrincipal reports whether the next word of a statement is a
// principal name.
func (s *Shell) expectsPrincipal(tokens []string) bool {
	if len(tokens) == 0 {
		return false
	}
	up := make([]string, len(tokens))
	for i, t := range tokens {
		up[i] = strings.ToUpper(t)
	}
	last := up[len(up)-1]
	switch up[0] {
	case "GRANT", "DENY", "REVOKE":
		// Right after TO or FROM, or after a comma in the list that follows.
		for i := len(up) - 1; i >= 1; i-- {
			switch {
			case up[i] == "TO" || up[i] == "FROM":
				return true
			case up[i] == ",", i < len(up)-1 && up[i+1] == ",":
			default:
				return false
			}
		}
		return false
	case "SHOW":
		return len(up) == 2 && (last == "GRANT" || last == "GRANTS")
	case "ALTER":
		if last == "TO" && len(up) > 1 && up[len(up)-2] == "OWNER" {
			return true
		}
		return len(up) >= 2 && up[1] == "GROUP" && (len(up) == 2 || last == "USER" || last == "GROUP")
	case "DROP":
		return len(up) == 2 && (last == "USER" || last == "GROUP")
	}
	return false
}

// words cuts text into words and commas, skipping strings and comments;
// enough to see where in a statement the cursor is.
func words(text string) []string {
	if end, _ := parser.Complete(text); end > 0 {
		text = text[end:] // only the statement being typed
	}
	var out []string
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				j++
			}
			i = j
		case r == '-' && i+1 < len(rs) && rs[i+1] == '-':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == ',':
			out = append(out, ",")
		case isWordRune(r):
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j - 1
		}
	}
	return out
}

// matching keeps the candidates that start with word (ignoring case, as
// names and keywords do), spelled with the word's own first letters, and
// adds suffix to each.
func matching(word string, candidates []string, suffix string) []string {
	var out []string
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), lw) && len([]rune(c)) >= len([]rune(word)) {
			out = append(out, word+string([]rune(c)[len([]rune(word)):])+suffix)
		}
	}
	sort.Strings(out)
	return out
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	}
	return s
}

// column runs a SHOW statement as the current user and returns one column
// of it; a statement the user may not run yields nothing.
func (s *Shell) column(ctx context.Context, sql string, col int) []string {
	res, err := s.conn.Query(ctx, sql)
	if err != nil || !res.HasRows() {
		return nil
	}
	var out []string
	for _, row := range res.Rows {
		if v, ok := row[col].(string); ok {
			out = append(out, v)
		}
	}
	return out
}

func (s *Shell) databases(ctx context.Context) []string {
	var out []string
	for _, d := range s.column(ctx, "SHOW DATABASES", 0) {
		out = append(out, parser.QuoteIdent(d))
	}
	return out
}

// objects are the tables, views and functions of db (the current database
// when db is ""), by their names within it.
func (s *Shell) objects(ctx context.Context, db string) []string {
	in := ""
	if db != "" {
		in = " IN " + parser.QuoteIdent(db)
	}
	var out []string
	for _, t := range s.column(ctx, "SHOW TABLES"+in, 1) {
		out = append(out, parser.QuoteIdent(t))
	}
	for _, f := range s.column(ctx, "SHOW USER FUNCTIONS"+in, 0) {
		// Persistent functions are listed as hive_metastore.db.f,
		// temporary ones by their bare name.
		if i := strings.LastIndexByte(f, '.'); i >= 0 {
			f = f[i+1:]
		}
		out = append(out, parser.QuoteIdent(f))
	}
	return out
}

// users are the users the current user may list: every user for an admin
// (SHOW USERS is admin-only, spec §3.5), the user itself otherwise.
func (s *Shell) users(ctx context.Context) []string {
	if us := s.column(ctx, "SHOW USERS", 0); us != nil {
		return us
	}
	return []string{s.conn.User()}
}

// principals are users and groups, as far as the current user may list
// them; a non-admin gets itself and `users`.
func (s *Shell) principals(ctx context.Context) []string {
	out := s.users(ctx)
	if gs := s.column(ctx, "SHOW GROUPS", 0); gs != nil {
		out = append(out, gs...)
	} else {
		out = append(out, "users")
	}
	for i, p := range out {
		out[i] = parser.QuoteIdent(p)
	}
	return out
}
