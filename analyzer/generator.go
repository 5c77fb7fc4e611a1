package analyzer

import (
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Generators make rows of a value: explode and posexplode of an array
// (or a map), inline of an array of structs, stack, json_tuple, and range.
// They stand in FROM (table-valued functions), in LATERAL VIEW, or alone
// in a select list, where they are a lateral view of the block's FROM;
// anywhere else they are refused (UNSUPPORTED_GENERATOR).

// MaxRangeRows bounds the rows of range(...) (tableacl choice): a
// statement of a few bytes must not run for hours (spec §1.5).
const MaxRangeRows = 10_000_000

// generator resolves a generator call into a FROM entry. Its arguments see
// sc: the relations before it for a lateral view, none for a FROM item.
func (r *resolver) generator(c *parser.Call, sc *scope, lateral bool) (*Entry, []*Request, error) {
	name := strings.ToLower(c.Name.Parts[len(c.Name.Parts)-1].Text())
	b, ok := builtins[name]
	if len(c.Name.Parts) != 1 || !ok || b.Kind != Generator {
		if lateral {
			return nil, nil, sqlerr.New(sqlerr.UnresolvedRoutine, c.Name.At(), "Cannot resolve routine %s.", routineName(c.Name))
		}
		return nil, nil, notSupported(c.At(), "the table-valued function "+routineName(c.Name))
	}
	if name == "range" && lateral {
		return nil, nil, notSupported(c.At(), "range in LATERAL VIEW")
	}
	switch {
	case c.Star || c.Distinct || c.Filter != nil || c.Over != nil || c.Nulls != "":
		return nil, nil, sqlerr.NewSyntaxError(c.At(), name)
	case !b.accepts(len(c.Args)):
		return nil, nil, wrongArgs(c.Name, privilege.Quote(name), b.expected(), len(c.Args))
	}
	var reqs []*Request
	types := make([]string, len(c.Args))
	for i, a := range c.Args {
		more, err := r.expr(a, sc)
		if err != nil {
			return nil, nil, err
		}
		if ss := r.specials(a); len(ss) > 0 {
			return nil, nil, unsupportedExpr(ss)
		}
		reqs = append(reqs, more...)
		types[i] = r.typeOf(a)
	}
	e := &Entry{Kind: GeneratorEntry, Generator: c, Gen: name, Qualifier: name}
	arg := types[0]
	switch strings.TrimSuffix(name, "_outer") {
	case "explode":
		if isMap(arg) {
			k, v := mapTypes(arg)
			e.Columns, e.GenMap = []catalog.Column{{Name: "key", Type: k}, {Name: "value", Type: v}}, true
		} else {
			e.Columns = []catalog.Column{{Name: "col", Type: elementType(arg)}}
		}
	case "posexplode":
		if isMap(arg) {
			return nil, nil, notSupported(c.At(), "posexplode of a map")
		}
		e.Columns = []catalog.Column{{Name: "pos", Type: "int"}, {Name: "col", Type: elementType(arg)}}
	case "inline":
		fields := structFields(elementType(arg))
		if len(fields) == 0 {
			return nil, nil, notSupported(c.At(), "inline of what is not known to be an array of structs")
		}
		for _, f := range fields {
			e.Columns = append(e.Columns, catalog.Column{Name: f[0], Type: f[1]})
			e.GenFields = append(e.GenFields, f[0])
		}
	case "stack":
		n, ok := FoldInt(c.Args[0])
		if !ok || n < 1 || n > int64(len(c.Args)-1) {
			return nil, nil, sqlerr.New(sqlerr.DatatypeMismatchNonFoldableInput, c.Args[0].At(), "Cannot resolve %s due to data type mismatch: the number of rows must be a constant from 1 to the number of values; however, got \"%s\".", `"`+parser.Format(c)+`"`, parser.Format(c.Args[0]))
		}
		width := (len(c.Args) - 1 + int(n) - 1) / int(n)
		for i := 0; i < width; i++ {
			e.Columns = append(e.Columns, catalog.Column{Name: "col" + itoa(i), Type: types[1+i]})
		}
		e.GenRows = int(n)
	case "json_tuple":
		for i := 1; i < len(c.Args); i++ {
			e.Columns = append(e.Columns, catalog.Column{Name: "c" + itoa(i-1), Type: "string"})
		}
	case "range":
		bounds := make([]int64, len(c.Args))
		for i, a := range c.Args {
			v, ok := FoldInt(a)
			if !ok {
				return nil, nil, sqlerr.New(sqlerr.DatatypeMismatchNonFoldableInput, a.At(), "Cannot resolve %s due to data type mismatch: the arguments of range must be constant integers; however, got \"%s\".", `"`+parser.Format(c)+`"`, parser.Format(a))
			}
			bounds[i] = v
		}
		start, end, step := int64(0), bounds[0], int64(1)
		if len(bounds) >= 2 {
			start, end = bounds[0], bounds[1]
		}
		if len(bounds) >= 3 {
			step = bounds[2]
		}
		if step == 0 {
			return nil, nil, sqlerr.New(sqlerr.DatatypeMismatch, c.At(), "Cannot resolve %s due to data type mismatch: the step of range must not be 0.", `"`+parser.Format(c)+`"`)
		}
		rows := int64(0)
		if step > 0 && end > start {
			rows = (end - start + step - 1) / step
		} else if step < 0 && end < start {
			rows = (start - end - step - 1) / -step
		}
		if rows > MaxRangeRows || rows < 0 {
			return nil, nil, sqlerr.New(sqlerr.StatementTooComplex, c.At(), "The statement asks range for more than %d rows.", MaxRangeRows)
		}
		e.Columns = []catalog.Column{{Name: "id", Type: "bigint"}}
		e.Range = [3]int64{start, step, rows}
	}
	e.Outer = strings.HasSuffix(name, "_outer")
	r.b.Calls[c] = &CallInfo{Kind: BuiltinCall, Name: name, Builtin: b, ArgTypes: types, Type: "generator"}
	return e, reqs, nil
}

// nestedGenerator is the error of a generator where rows cannot be made.
func nestedGenerator(c *parser.Call) error {
	return sqlerr.New(sqlerr.UnsupportedGenerator, c.At(), "The generator is not supported: nested in expressions \"%s\".", parser.Format(c))
}

// selectGenerator finds the select item that is a generator call alone
// (SELECT explode(arr) AS x FROM t), which makes the block's rows as a
// lateral view of its FROM would; at most one item may be.
func (r *resolver) selectGenerator(s *parser.Select) (int, *parser.Call, error) {
	found, at := -1, (*parser.Call)(nil)
	for i, it := range s.Items {
		if it.Expr == nil {
			continue
		}
		p := asPrimary(it.Expr)
		if p == nil || p.Call == nil || len(p.Postfix) > 0 || len(p.Call.Name.Parts) != 1 {
			continue
		}
		b, ok := builtins[strings.ToLower(p.Call.Name.Parts[0].Text())]
		if !ok || b.Kind != Generator || b.Name == "range" {
			continue
		}
		if found >= 0 {
			return 0, nil, sqlerr.New(sqlerr.UnsupportedGenerator, p.Call.At(), "The generator is not supported: only one generator allowed per select clause but found 2: \"%s\", \"%s\".", parser.Format(at), parser.Format(p.Call))
		}
		found, at = i, p.Call
	}
	return found, at, nil
}

// niladic are the functions Spark calls without parentheses.
var niladic = map[string]bool{"current_date": true, "current_timestamp": true, "current_user": true, "user": true,
	"session_user": true, "current_schema": true, "current_database": true, "current_catalog": true, "localtimestamp": true}

// lambdaSpec says which arguments of a higher-order function are
// lambda functions, and the types of each one's parameters given the
// types of the function's arguments; exact marks a lambda that must take
// every parameter (an array's index is optional).
type lambdaSpec struct {
	lambdas map[int]func(args []string) []string
	exact   map[int]bool
}

func arrayLambda(args []string) []string   { return []string{elementType(args[0]), "int"} }
func elementLambda(args []string) []string { return []string{elementType(args[0])} }
func mapLambda(args []string) []string     { k, v := mapTypes(args[0]); return []string{k, v} }

// higherOrder are the functions that take lambda functions.
var higherOrder = map[string]lambdaSpec{
	"transform":        {lambdas: map[int]func([]string) []string{1: arrayLambda}},
	"filter":           {lambdas: map[int]func([]string) []string{1: arrayLambda}},
	"exists":           {lambdas: map[int]func([]string) []string{1: elementLambda}},
	"forall":           {lambdas: map[int]func([]string) []string{1: elementLambda}},
	"map_filter":       {lambdas: map[int]func([]string) []string{1: mapLambda}, exact: map[int]bool{1: true}},
	"transform_values": {lambdas: map[int]func([]string) []string{1: mapLambda}, exact: map[int]bool{1: true}},
	"transform_keys":   {lambdas: map[int]func([]string) []string{1: mapLambda}, exact: map[int]bool{1: true}},
	"zip_with": {lambdas: map[int]func([]string) []string{2: func(a []string) []string { return []string{elementType(a[0]), elementType(a[1])} }},
		exact: map[int]bool{2: true}},
	"aggregate": {lambdas: map[int]func([]string) []string{
		2: func(a []string) []string { return []string{a[1], elementType(a[0])} },
		3: func(a []string) []string { return []string{a[1]} }}, exact: map[int]bool{2: true, 3: true}},
	"reduce": {lambdas: map[int]func([]string) []string{
		2: func(a []string) []string { return []string{a[1], elementType(a[0])} },
		3: func(a []string) []string { return []string{a[1]} }}, exact: map[int]bool{2: true, 3: true}},
}

// lambdaArgs checks a call of a higher-order function: the arguments its
// spec names are lambdas with as many parameters as it gives (or fewer,
// where an index is optional), the others are not lambdas.
func lambdaArgs(c *parser.Call, name string) (map[int]*parser.Lambda, error) {
	spec := higherOrder[name]
	out := map[int]*parser.Lambda{}
	for i, a := range c.Args {
		p := asPrimary(a)
		isLambda := p != nil && p.Lambda != nil && len(p.Postfix) == 0
		params, wanted := spec.lambdas[i]
		switch {
		case isLambda && !wanted:
			return nil, sqlerr.New(sqlerr.DatatypeMismatch, a.At(), "Cannot resolve %s due to data type mismatch: argument %d is a lambda function.", `"`+parser.Format(c)+`"`, i+1)
		case !isLambda && wanted:
			return nil, sqlerr.New(sqlerr.DatatypeMismatch, a.At(), "Cannot resolve %s due to data type mismatch: argument %d must be a lambda function.", `"`+parser.Format(c)+`"`, i+1)
		case !wanted:
			continue
		}
		want := len(params(make([]string, len(c.Args))))
		if n := len(p.Lambda.Params); n < 1 || n > want || spec.exact[i] && n != want {
			return nil, sqlerr.New(sqlerr.DatatypeMismatch, p.At(), "Cannot resolve %s due to data type mismatch: the lambda function takes %d parameters, %s gives %d.", `"`+parser.Format(c)+`"`, n, privilege.Quote(name), want)
		}
		seen := map[string]bool{}
		for _, id := range p.Lambda.Params {
			if seen[id.Lower()] {
				return nil, sqlerr.New(sqlerr.InvalidSQLSyntax, id.At(), "Invalid SQL syntax: The lambda function has duplicate arguments %s.", privilege.Quote(id.Text()))
			}
			seen[id.Lower()] = true
		}
		out[i] = p.Lambda
	}
	return out, nil
}
