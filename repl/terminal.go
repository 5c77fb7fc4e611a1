package repl

import (
	"errors"
	"io"
	"os"

	"github.com/chzyer/readline"
)

// TerminalConfig configures a Terminal.
type TerminalConfig struct {
	// In is the terminal the user types on; Out is where prompts and
	// the edited line are drawn (usually the same terminal).
	In  *os.File
	Out io.Writer
	// HistoryFile keeps entries across sessions; "" keeps none.
	HistoryFile string
	// Complete is called on Tab (Shell.Complete).
	Complete func(line string, pos int) (word string, candidates []string)
}

// Terminal is a LineReader on a real terminal, with line editing, history
// (Ctrl-R searches it), completion, Ctrl-C and Ctrl-D, built on
// github.com/chzyer/readline. It drives the terminal given in its config
// rather than the process's standard streams.
type Terminal struct {
	rl *readline.Instance
	fd int
}

// NewTerminal puts readline on cfg.In.
func NewTerminal(cfg TerminalConfig) (*Terminal, error) {
	fd := int(cfg.In.Fd())
	var saved *readline.State
	rc := &readline.Config{
		Stdin:                  readline.NewCancelableStdin(cfg.In),
		Stdout:                 cfg.Out,
		Stderr:                 cfg.Out,
		HistoryFile:            cfg.HistoryFile,
		DisableAutoSaveHistory: true, // the shell saves whole statements
		HistorySearchFold:      true,
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n", // Ctrl-D: just end the line
		FuncIsTerminal:         func() bool { return readline.IsTerminal(fd) },
		FuncMakeRaw: func() error {
			st, err := readline.MakeRaw(fd)
			saved = st
			return err
		},
		FuncExitRaw: func() error {
			if saved == nil {
				return nil
			}
			return readline.Restore(fd, saved)
		},
		FuncGetWidth: func() int { return width(fd) },
	}
	if cfg.HistoryFile == "" {
		rc.HistoryLimit = -1
	}
	if cfg.Complete != nil {
		rc.AutoComplete = completer(cfg.Complete)
	}
	rl, err := readline.NewEx(rc)
	if err != nil {
		return nil, err
	}
	return &Terminal{rl: rl, fd: fd}, nil
}

// ReadLine implements LineReader.
func (t *Terminal) ReadLine(prompt string) (string, error) {
	t.rl.SetPrompt(prompt)
	line, err := t.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", ErrInterrupt
	}
	return line, err
}

// AddHistory implements LineReader.
func (t *Terminal) AddHistory(entry string) { t.rl.SaveHistory(entry) }

// Width implements LineReader.
func (t *Terminal) Width() int { return width(t.fd) }

// Close gives the terminal back.
func (t *Terminal) Close() error { return t.rl.Close() }

func width(fd int) int {
	w, _, err := readline.GetSize(fd)
	if err != nil || w <= 0 {
		return 0
	}
	return w
}

// completer adapts Shell.Complete to readline, which inserts the part of
// each candidate after the word already typed.
type completer func(line string, pos int) (string, []string)

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	word, cands := c(string(line), pos)
	n := len([]rune(word))
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		out = append(out, []rune(cand)[n:])
	}
	return out, n
}

// IsTerminal reports whether f is a terminal, where the shell starts.
func IsTerminal(f *os.File) bool { return readline.IsTerminal(int(f.Fd())) }
