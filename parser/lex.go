package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// reservedWords is Reserved as a set, in upper case.
var reservedWords = func() map[string]bool {
	m := make(map[string]bool, len(Reserved))
	for _, w := range Reserved {
		m[w] = true
	}
	return m
}()

// lex splits src into tokens exactly as sqlLexer's rules do, trying them
// in their order at each position (the first that matches wins), and
// returns them with the error sqlLexer would stop at, if any. It is
// written by hand because matching the rules' regular expressions was
// half the cost of parsing a statement; sqlLexer stays the definition of
// the tokens, and a test and a fuzz target hold the two to the same
// output. Whitespace and comments are kept (SplitAt drops them); an
// Unclosed token ends the input.
func lex(filename, src string) ([]lexer.Token, *lexer.Error) {
	pos := lexer.Position{Filename: filename, Line: 1, Column: 1}
	out := make([]lexer.Token, 0, len(src)/4+1)
	for pos.Offset < len(src) {
		i := pos.Offset
		typ, n := tokenAt(src, i)
		if n == 0 {
			return out, &lexer.Error{Msg: "invalid input text", Pos: pos}
		}
		t := lexer.Token{Type: typ, Value: src[i : i+n], Pos: pos}
		out = append(out, t)
		pos.Advance(t.Value)
		if typ == tokUnclose {
			break
		}
	}
	return out, nil
}

// tokenAt is the type and length of the token at src[i:], or length 0.
func tokenAt(src string, i int) (lexer.TokenType, int) {
	c := src[i]
	rest := src[i:]
	switch {
	case isSpace(c):
		n := 1
		for n < len(rest) && isSpace(rest[n]) {
			n++
		}
		return tokWhitespace, n
	case strings.HasPrefix(rest, "--"):
		if n := strings.IndexByte(rest, '\n'); n >= 0 {
			return tokComment, n
		}
		return tokComment, len(rest)
	case strings.HasPrefix(rest, "/*"):
		if n := strings.Index(rest[2:], "*/"); n >= 0 {
			return tokComment, n + 4
		}
		return tokUnclose, 2
	case c == '`':
		return tokQIdent, quotedIdent(rest)
	case c == '\'' || c == '"':
		return tokString, quotedString(rest)
	case isDigit(c) || c == '.' && len(rest) > 1 && isDigit(rest[1]):
		return tokNumber, number(rest)
	case isWordStart(c):
		n := 1
		for n < len(rest) && isWord(rest[n]) {
			n++
		}
		if n <= maxReservedLength && isReserved(rest[:n]) {
			return tokReserved, n
		}
		return tokIdent, n
	}
	for _, op := range []string{"<=>", "==", "<>", "!=", "<=", ">=", "||", "::", "->"} {
		if strings.HasPrefix(rest, op) {
			return tokOp, len(op)
		}
	}
	if strings.IndexByte("-+*/%=<>(),.;:[]&|^~!", c) >= 0 {
		return tokOp, 1
	}
	return 0, 0
}

// isReserved reports whether the ASCII word w is a reserved word, in any
// case, without allocating.
func isReserved(w string) bool {
	var upper [32]byte
	for i := range len(w) {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper[i] = c
	}
	return reservedWords[string(upper[:len(w)])]
}

// maxReservedLength is the length of the longest reserved word.
var maxReservedLength = func() int {
	n := 0
	for _, w := range Reserved {
		n = max(n, len(w))
	}
	return n
}()

// quotedIdent is the length of "`(?:[^`]|“)+`" at the start of s, or 0.
// The repetition is greedy and backtracks: when no single backtick closes
// it, it ends at the last doubled backtick after at least one character,
// whose first backtick closes it.
func quotedIdent(s string) int {
	last := 0 // where the last doubled backtick could close it
	items := 0
	for i := 1; i < len(s); {
		if s[i] != '`' {
			i++
			items++
			continue
		}
		if i+1 < len(s) && s[i+1] == '`' {
			if items > 0 {
				last = i + 1
			}
			i += 2
			items++
			continue
		}
		if items > 0 {
			return i + 1
		}
		return last
	}
	return last
}

// quotedString is the length of '(?:[^'\\]|\\.)*' (or the same with ") at
// the start of s, or 0. A backslash escapes any character but a newline.
func quotedString(s string) int {
	q := s[0]
	for i := 1; i < len(s); {
		switch s[i] {
		case q:
			return i + 1
		case '\\':
			if i+1 >= len(s) || s[i+1] == '\n' {
				return 0
			}
			i += 2
			continue
		}
		i++
	}
	return 0
}

// number is the length of (?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)? and the
// optional letters of a typed literal, (?:[bB][dD]|[lLsSyYdDfF])?, at the
// start of s, which starts with a digit or a dot and a digit.
func number(s string) int {
	n := unsuffixed(s)
	switch {
	case n+1 < len(s) && (s[n] == 'b' || s[n] == 'B') && (s[n+1] == 'd' || s[n+1] == 'D'):
		return n + 2
	case n < len(s) && strings.IndexByte("lLsSyYdDfF", s[n]) >= 0:
		return n + 1
	}
	return n
}

func unsuffixed(s string) int {
	n := digits(s, 0)
	if n < len(s) && s[n] == '.' {
		n = digits(s, n+1)
	}
	if n < len(s) && (s[n] == 'e' || s[n] == 'E') {
		e := n + 1
		if e < len(s) && (s[e] == '+' || s[e] == '-') {
			e++
		}
		if d := digits(s, e); d > e {
			n = d
		}
	}
	return n
}

func digits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool     { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isWordStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWord(c byte) bool      { return isWordStart(c) || isDigit(c) }
