package parser

import (
	"bufio"
	"io"
	"strings"

	"github.com/tableacl/tableacl/sqlerr"
)

// Piece is one part of a script as a Scanner reads it: the text of one
// statement (without its terminating semicolon), or one backslash command
// line (without its end of line). A statement longer than
// MaxStatementLength is not kept: its piece has no text and Err says so,
// and the script goes on after it.
type Piece struct {
	Text    string
	Pos     sqlerr.Pos // where Text starts in the script
	Command bool
	Err     *sqlerr.Error
}

// Scanner reads a script statement by statement, so that a script of any
// length runs while it is read, in memory bounded by its largest statement
// (spec §1.5). It follows the lexical rules of the splitter (spec §5.1): a
// semicolon ends a statement only outside 'strings', "strings",
// `identifiers`, -- line comments and /* block comments */. A line whose
// first non-blank character is a backslash, outside those, is a command
// (\user, \i, ...): the statement typed before it, if any, ends there. A
// UTF-8 byte-order mark at the start of the script is skipped.
type Scanner struct {
	r     *bufio.Reader
	in    *hookedReader
	state lexState
	cur   strings.Builder
	start sqlerr.Pos // where cur starts
	line  int        // position of the next byte
	col   int
	bol   bool // at the beginning of a line, before anything but blanks
	begun bool
	long  bool       // the statement being read is longer than MaxStatementLength
	first sqlerr.Pos // where its first non-blank character stands, once read
	err   error
	held  []Piece
}

type lexState uint8

const (
	inCode lexState = iota
	inSingle
	inDouble
	inBacktick
	inLine
	inBlock
)

// NewScanner returns a Scanner reading the script r.
func NewScanner(r io.Reader) *Scanner {
	in := &hookedReader{r: r}
	return &Scanner{r: bufio.NewReaderSize(in, readSize), in: in, line: 1, col: 1, bol: true}
}

// readSize is how much of a script the scanner reads at a time. The
// console commits what ran before each read (BeforeRead), so the larger
// the reads of a script file, the fewer its commits.
const readSize = 1 << 20

// BeforeRead makes the scanner call f each time it is about to read more
// of its input, which may wait: the console commits the statements it has
// run (see engine.Batch) before it waits for the rest of a script.
func (s *Scanner) BeforeRead(f func()) { s.in.before = f }

type hookedReader struct {
	r      io.Reader
	before func()
}

func (h *hookedReader) Read(p []byte) (int, error) {
	if h.before != nil {
		h.before()
	}
	return h.r.Read(p)
}

// Next returns the next piece of the script, or io.EOF after the last. A
// read error other than io.EOF is returned as it is.
func (s *Scanner) Next() (Piece, error) {
	for {
		if len(s.held) > 0 {
			p := s.held[0]
			s.held = s.held[1:]
			return p, nil
		}
		if s.err != nil {
			return Piece{}, s.err
		}
		s.step()
	}
}

// step reads until at least one piece is ready or the input ends.
func (s *Scanner) step() {
	if !s.begun {
		s.begun = true
		if b, err := s.r.Peek(3); err == nil && string(b) == "\ufeff" {
			s.r.Discard(3)
		}
	}
	for len(s.held) == 0 {
		c, err := s.r.ReadByte()
		if err != nil {
			s.flush()
			s.err = err
			return
		}
		if s.bol && s.state == inCode && c == '\\' {
			s.flush()
			s.command(c)
			continue
		}
		s.consume(c)
	}
}

// command reads the rest of a command line.
func (s *Scanner) command(first byte) {
	pos := sqlerr.Pos{Line: s.line, Col: s.col}
	var b strings.Builder
	b.WriteByte(first)
	for {
		c, err := s.r.ReadByte()
		if err != nil || c == '\n' {
			s.held = append(s.held, Piece{Text: strings.TrimRight(b.String(), "\r \t"), Pos: pos, Command: true})
			s.line, s.col, s.bol = s.line+1, 1, true
			if err != nil {
				s.err = err
			}
			return
		}
		if b.Len() < MaxStatementLength {
			b.WriteByte(c)
		}
	}
}

// flush ends the statement being read, if it holds anything.
func (s *Scanner) flush() {
	if s.long {
		s.held = append(s.held, Piece{Pos: s.first, Err: tooLong(s.first)})
		s.long, s.first = false, sqlerr.Pos{}
		s.cur.Reset()
		return
	}
	s.first = sqlerr.Pos{}
	if s.cur.Len() > 0 {
		if strings.TrimSpace(s.cur.String()) != "" {
			s.held = append(s.held, Piece{Text: s.cur.String(), Pos: s.start})
		}
		s.cur.Reset()
	}
}

// keep adds c to the statement being read, unless it is too long already:
// its text is then dropped, so that memory stays bounded, while its end is
// still looked for.
func (s *Scanner) keep(c byte) {
	if s.cur.Len() >= MaxStatementLength {
		s.long = true
		s.cur.Reset()
		s.cur.WriteByte(' ') // not empty: the statement goes on
	}
	s.cur.WriteByte(c)
}

func (s *Scanner) consume(c byte) {
	if s.cur.Len() == 0 && !s.long {
		s.start = sqlerr.Pos{Line: s.line, Col: s.col}
	}
	if !s.first.IsValid() && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
		s.first = sqlerr.Pos{Line: s.line, Col: s.col}
	}
	end := false
	switch s.state {
	case inCode:
		switch c {
		case ';':
			end = true
		case '\'':
			s.state = inSingle
		case '"':
			s.state = inDouble
		case '`':
			s.state = inBacktick
		case '-':
			if b, err := s.r.Peek(1); err == nil && b[0] == '-' {
				s.state = inLine
			}
		case '/':
			if b, err := s.r.Peek(1); err == nil && b[0] == '*' {
				s.keep(c)
				s.advance(c)
				c, _ = s.r.ReadByte()
				s.state = inBlock
			}
		}
	case inSingle, inDouble:
		quote := byte('\'')
		if s.state == inDouble {
			quote = '"'
		}
		switch c {
		case '\\':
			s.keep(c)
			s.advance(c)
			n, err := s.r.ReadByte()
			if err != nil {
				return
			}
			c = n
		case quote:
			s.state = inCode
		}
	case inBacktick:
		if c == '`' {
			s.state = inCode // a doubled `` reopens at once: same result
		}
	case inLine:
		if c == '\n' {
			s.state = inCode
		}
	case inBlock:
		if c == '*' {
			if b, err := s.r.Peek(1); err == nil && b[0] == '/' {
				s.keep(c)
				s.advance(c)
				c, _ = s.r.ReadByte()
				s.state = inCode
			}
		}
	}
	if end {
		s.advance(c)
		s.flush()
		return
	}
	s.keep(c)
	s.advance(c)
}

// advance moves the position past c; columns count code points.
func (s *Scanner) advance(c byte) {
	switch {
	case c == '\n':
		s.line, s.col, s.bol = s.line+1, 1, true
	case c&0xC0 == 0x80: // a continuation byte of a code point
	default:
		s.col++
		if c != ' ' && c != '\t' && c != '\r' {
			s.bol = false
		}
	}
}
