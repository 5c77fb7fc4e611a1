package engine

// SET and USE: the session's and the catalog's settings, the current database.

import (
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

func (x *executor) set(s *parser.SetStmt) (*Result, error) {
	if s.Key == nil {
		kv, err := x.tx.Settings()
		if err != nil {
			return nil, err
		}
		res := rows([]string{"key", "value"}, nil)
		for _, e := range kv {
			res.Rows = append(res.Rows, []any{e[0], e[1]})
		}
		return res, nil
	}
	if s.Value == nil {
		v, _, err := x.tx.Setting(analyzer.RequireUsageKey)
		if err != nil {
			return nil, err
		}
		return rows([]string{"key", "value"}, nil, []any{analyzer.RequireUsageKey, v}), nil
	}
	var v string
	switch {
	case s.Value.Word != nil:
		v = s.Value.Word.Text()
	case s.Value.String != nil:
		v = parser.Unquote(*s.Value.String)
	default:
		v = s.Value.Bool
	}
	lv := strings.ToLower(v)
	if lv != "true" && lv != "false" {
		return nil, sqlerr.New(sqlerr.InvalidConfValue, s.Value.At(), "The value '%s' in the config \"%s\" is invalid. It must be true or false.", v, analyzer.RequireUsageKey)
	}
	return nil, x.tx.SetSetting(analyzer.RequireUsageKey, lv)
}

// use makes db the connection's current database, once the statement
// commits.
func (x *executor) use(db string) error {
	x.apply = func() { x.conn.sess.CurrentDB = db }
	return nil
}
