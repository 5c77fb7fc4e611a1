package analyzer

import (
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// notSupported is the UNSUPPORTED_FEATURE of a construct the parser
// accepts but that tableacl cannot yet resolve, decide and run.
func notSupported(pos sqlerr.Pos, what string) error {
	return sqlerr.New(sqlerr.UnsupportedFeature, pos, "The feature is not supported: %s.", what)
}

// unsupported fails closed on every construct of stmt that the analyzer
// does not implement: a statement it could not turn into all of its
// requests must not be decided (spec §1.2). It is the one list of such
// constructs; each construct leaves it when it is implemented.
func unsupported(stmt parser.Statement) error {
	var err error
	fail := func(n interface{ At() sqlerr.Pos }, what string) {
		if err == nil {
			err = notSupported(n.At(), what)
		}
	}
	parser.Walk(stmt, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Frame:
			if x.Unit == "RANGE" && (x.Start.Value != nil || x.End.Value != nil) {
				fail(x, "RANGE frames with interval offsets")
			}
		}
		return true
	})
	return err
}
