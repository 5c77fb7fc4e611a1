package parser

// Complete finds where the finished statements of typed input end, for a
// shell that reads a line at a time. It follows the lexical rules of the
// splitter (spec §5.1): a semicolon ends a statement only outside 'strings',
// "strings", `identifiers`, -- line comments and /* block comments */.
//
// end is the offset just past the last such semicolon (0 when there is
// none); pending reports whether anything other than blanks and complete
// comments follows it, including an unclosed string, identifier or
// comment: the statement being typed is not finished.
func Complete(src string) (end int, pending bool) {
	const (
		code = iota
		single
		double
		backtick
		line
		block
	)
	state := code
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch state {
		case code:
			switch {
			case c == ';':
				end, pending = i+1, false
			case c == '\'':
				state, pending = single, true
			case c == '"':
				state, pending = double, true
			case c == '`':
				state, pending = backtick, true
			case c == '-' && i+1 < len(src) && src[i+1] == '-':
				state = line
				i++
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				state = block
				i++
			case c != ' ' && c != '\t' && c != '\n' && c != '\r':
				pending = true
			}
		case single, double:
			quote := byte('\'')
			if state == double {
				quote = '"'
			}
			switch c {
			case '\\':
				i++
			case quote:
				state = code
			}
		case backtick:
			if c == '`' { // a doubled `` reopens at once: same result
				state = code
			}
		case line:
			if c == '\n' {
				state = code
			}
		case block:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				state = code
				i++
			}
		}
	}
	if state == block {
		pending = true
	}
	return end, pending
}
