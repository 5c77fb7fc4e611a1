package functions

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func jsonFuncs() []scalar {
	return []scalar{
		{"to_json", 1, 1, strictNull(fn1(toJSON)), true},
		{"from_json", 2, 2, strictNull(fn2(fromJSON)), true},
		{"get_json_object", 2, 2, strictNull(fn2(getJSONObject)), true},
		{"json_array_length", 1, 1, strictNull(fn1(jsonArrayLength)), true},
		{"json_object_keys", 1, 1, strictNull(fn1(jsonObjectKeys)), true},
		{"schema_of_json", 1, 1, strictNull(fn1(schemaOfJSON)), true},
	}
}

// toJSON is to_json of a struct, map or array (already JSON text here):
// compact, with NULL fields of objects left out (Spark's default
// ignoreNullFields; Spark keeps the NULL values of maps, which SQLite's
// text cannot tell from structs).
func toJSON(v any) any {
	j, ok := parseJSONArg(v)
	if !ok {
		return nil
	}
	switch j.(type) {
	case []any, *jobj:
		return jsonResult(dropNullFields(j))
	}
	return nil
}

func dropNullFields(v any) any {
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			x[i] = dropNullFields(e)
		}
		return x
	case *jobj:
		o := &jobj{}
		for i, k := range x.keys {
			if x.vals[i] != nil {
				o.keys = append(o.keys, k)
				o.vals = append(o.vals, dropNullFields(x.vals[i]))
			}
		}
		return o
	}
	return v
}

func jsonArrayLength(v any) any {
	j, ok := parseJSONArg(v)
	if !ok {
		return nil
	}
	if a, isArr := j.([]any); isArr {
		return int64(len(a))
	}
	return nil
}

func jsonObjectKeys(v any) any {
	j, ok := parseJSONArg(v)
	if !ok {
		return nil
	}
	o, isObj := j.(*jobj)
	if !isObj {
		return nil
	}
	out := make([]any, len(o.keys))
	for i, k := range o.keys {
		out[i] = k
	}
	return jsonResult(out)
}

// ---- get_json_object ----

type pathStep struct {
	kind  byte // 'k' key, 'i' index, '*' wildcard
	key   string
	index int64
}

var indexRe = regexp.MustCompile(`^\d+$`)

// parseJSONPath reads the JsonPath subset Spark supports: $, .name,
// ['name'], [n], [*] and .*.
func parseJSONPath(p string) ([]pathStep, bool) {
	if !strings.HasPrefix(p, "$") {
		return nil, false
	}
	var steps []pathStep
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			j := i + 1
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			name := p[i+1 : j]
			if name == "" {
				return nil, false
			}
			if name == "*" {
				steps = append(steps, pathStep{kind: '*'})
			} else {
				steps = append(steps, pathStep{kind: 'k', key: name})
			}
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, false
			}
			inner := p[i+1 : i+end]
			switch {
			case inner == "*" || inner == "'*'":
				steps = append(steps, pathStep{kind: '*'})
			case len(inner) >= 2 && inner[0] == '\'' && inner[len(inner)-1] == '\'':
				name := inner[1 : len(inner)-1]
				if name == "" || strings.Contains(name, "'") {
					return nil, false
				}
				steps = append(steps, pathStep{kind: 'k', key: name})
			case indexRe.MatchString(inner):
				n, err := strconv.ParseInt(inner, 10, 64)
				if err != nil {
					return nil, false
				}
				steps = append(steps, pathStep{kind: 'i', index: n})
			default:
				return nil, false
			}
			i += end + 1
		default:
			return nil, false
		}
	}
	return steps, true
}

func evalPath(v any, steps []pathStep, out *[]any) {
	if len(steps) == 0 {
		*out = append(*out, v)
		return
	}
	s := steps[0]
	switch s.kind {
	case 'k':
		if o, ok := v.(*jobj); ok {
			var found any
			ok := false
			for i, k := range o.keys {
				if k == s.key {
					found, ok = o.vals[i], true
				}
			}
			if ok {
				evalPath(found, steps[1:], out)
			}
		}
	case 'i':
		if a, ok := v.([]any); ok && s.index < int64(len(a)) {
			evalPath(a[s.index], steps[1:], out)
		}
	case '*':
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				evalPath(e, steps[1:], out)
			}
		case *jobj:
			for _, e := range x.vals {
				evalPath(e, steps[1:], out)
			}
		}
	}
}

// normalizeNumbers rewrites floating numbers as Jackson writes a double
// (1.50 as 1.5, 1e2 as 100.0).
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case jnum:
		if strings.ContainsAny(string(x), ".eE") {
			if f, ok := numSQL(x).(float64); ok {
				return floatJSON(f)
			}
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalizeNumbers(e)
		}
		return x
	case *jobj:
		for i, e := range x.vals {
			x.vals[i] = normalizeNumbers(e)
		}
		return x
	}
	return v
}

// getJSONObject is get_json_object: a string holds its text, other
// values their JSON; with a wildcard, several matches are a JSON array.
func getJSONObject(j, p any) any {
	doc, ok := parseJSONArg(j)
	path, _ := toStr(p)
	steps, ok2 := parseJSONPath(strings.TrimSpace(path))
	if !ok || !ok2 {
		return nil
	}
	var matches []any
	evalPath(doc, steps, &matches)
	wildcard := false
	for _, s := range steps {
		if s.kind == '*' {
			wildcard = true
		}
	}
	var res any
	switch {
	case len(matches) == 0:
		return nil
	case len(matches) == 1 || !wildcard:
		res = matches[0]
	default:
		res = matches
	}
	res = normalizeNumbers(res)
	switch x := res.(type) {
	case nil:
		return nil
	case string:
		return x
	}
	return jsonResult(res)
}

// ---- schemas ----

type sqlType struct {
	kind      string // int, bigint, smallint, tinyint, double, float, decimal, string, boolean, date, timestamp, binary, array, map, struct
	elem      *sqlType
	key, val  *sqlType
	fields    []schemaField
	precision int
	scale     int
}

type schemaField struct {
	name string
	typ  *sqlType
}

type ddlLexer struct {
	toks []string
	i    int
}

func lexDDL(s string) ([]string, bool) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("<>,:()", c) >= 0:
			toks = append(toks, string(c))
			i++
		case c == '`':
			var sb strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, false
				}
				if s[j] == '`' {
					if j+1 < len(s) && s[j+1] == '`' {
						sb.WriteByte('`')
						j += 2
						continue
					}
					break
				}
				sb.WriteByte(s[j])
				j++
			}
			toks = append(toks, "`"+sb.String())
			i = j + 1
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			toks = append(toks, "'"+s[i+1:i+1+j])
			i += j + 2
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\n\r<>,:()`'", s[j]) < 0 {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, true
}

func (l *ddlLexer) peek() string {
	if l.i < len(l.toks) {
		return l.toks[l.i]
	}
	return ""
}

func (l *ddlLexer) next() string {
	t := l.peek()
	if l.i < len(l.toks) {
		l.i++
	}
	return t
}

func (l *ddlLexer) expect(t string) bool {
	if l.peek() == t {
		l.i++
		return true
	}
	return false
}

func (l *ddlLexer) typ(depth int) (*sqlType, bool) {
	if depth > 100 {
		return nil, false
	}
	name := strings.ToLower(l.next())
	switch name {
	case "int", "integer":
		return &sqlType{kind: "int"}, true
	case "bigint", "long":
		return &sqlType{kind: "bigint"}, true
	case "smallint", "short":
		return &sqlType{kind: "smallint"}, true
	case "tinyint", "byte":
		return &sqlType{kind: "tinyint"}, true
	case "double":
		return &sqlType{kind: "double"}, true
	case "float", "real":
		return &sqlType{kind: "float"}, true
	case "boolean", "bool":
		return &sqlType{kind: "boolean"}, true
	case "date":
		return &sqlType{kind: "date"}, true
	case "timestamp", "timestamp_ltz", "timestamp_ntz":
		return &sqlType{kind: "timestamp"}, true
	case "binary":
		return &sqlType{kind: "binary"}, true
	case "string":
		return &sqlType{kind: "string"}, true
	case "varchar", "char":
		if l.expect("(") {
			l.next()
			if !l.expect(")") {
				return nil, false
			}
		}
		return &sqlType{kind: "string"}, true
	case "decimal", "dec", "numeric":
		t := &sqlType{kind: "decimal", precision: 10}
		if l.expect("(") {
			p, err := strconv.Atoi(l.next())
			if err != nil || p < 1 || p > 38 {
				return nil, false
			}
			t.precision = p
			if l.expect(",") {
				s, err := strconv.Atoi(l.next())
				if err != nil || s < 0 || s > p {
					return nil, false
				}
				t.scale = s
			}
			if !l.expect(")") {
				return nil, false
			}
		}
		return t, true
	case "array":
		if !l.expect("<") {
			return nil, false
		}
		e, ok := l.typ(depth + 1)
		if !ok || !l.expect(">") {
			return nil, false
		}
		return &sqlType{kind: "array", elem: e}, true
	case "map":
		if !l.expect("<") {
			return nil, false
		}
		k, ok := l.typ(depth + 1)
		if !ok || !l.expect(",") {
			return nil, false
		}
		v, ok := l.typ(depth + 1)
		if !ok || !l.expect(">") {
			return nil, false
		}
		return &sqlType{kind: "map", key: k, val: v}, true
	case "struct":
		if !l.expect("<") {
			return nil, false
		}
		t := &sqlType{kind: "struct"}
		if l.expect(">") {
			return t, true
		}
		for {
			f, ok := l.field(depth+1, true)
			if !ok {
				return nil, false
			}
			t.fields = append(t.fields, f)
			if l.expect(",") {
				continue
			}
			if l.expect(">") {
				return t, true
			}
			return nil, false
		}
	}
	return nil, false
}

func (l *ddlLexer) field(depth int, colonOK bool) (schemaField, bool) {
	name := l.next()
	if name == "" || strings.IndexByte("<>,:()", name[0]) >= 0 || name[0] == '\'' {
		return schemaField{}, false
	}
	name = strings.TrimPrefix(name, "`")
	if colonOK {
		l.expect(":")
	}
	t, ok := l.typ(depth)
	if !ok {
		return schemaField{}, false
	}
	if strings.EqualFold(l.peek(), "NOT") {
		l.next()
		if !strings.EqualFold(l.next(), "NULL") {
			return schemaField{}, false
		}
	}
	if strings.EqualFold(l.peek(), "COMMENT") {
		l.next()
		if !strings.HasPrefix(l.next(), "'") {
			return schemaField{}, false
		}
	}
	return schemaField{name: name, typ: t}, true
}

// parseSchema reads a schema as from_json takes it: a type
// ('array<int>', 'struct<a:int>') or a DDL list of fields ('a INT, b
// STRING'), which is a struct.
func parseSchema(s string) (*sqlType, bool) {
	toks, ok := lexDDL(s)
	if !ok || len(toks) == 0 {
		return nil, false
	}
	l := &ddlLexer{toks: toks}
	if t, ok := l.typ(0); ok && l.i == len(toks) {
		return t, true
	}
	l = &ddlLexer{toks: toks}
	t := &sqlType{kind: "struct"}
	for {
		f, ok := l.field(0, true)
		if !ok {
			return nil, false
		}
		t.fields = append(t.fields, f)
		if l.expect(",") {
			continue
		}
		if l.i == len(toks) {
			return t, true
		}
		return nil, false
	}
}

// nullStruct is a struct of the schema's fields all NULL.
func nullStruct(t *sqlType) *jobj {
	o := &jobj{}
	for _, f := range t.fields {
		o.keys = append(o.keys, f.name)
		o.vals = append(o.vals, nil)
	}
	return o
}

// fromJSON is from_json in Spark's PERMISSIVE mode: a record that does not
// fit the schema gives a struct of NULLs (NULL for an array or map schema).
func fromJSON(j, s any) any {
	schema, _ := toStr(s)
	t, ok := parseSchema(schema)
	if !ok {
		return nil
	}
	text, _ := toStr(j)
	if strings.TrimSpace(text) == "" {
		return nil
	}
	doc, err := parseJSON(text)
	var res any
	if err == nil {
		res, err = convertJSON(doc, t)
	}
	if err != nil || res == nil {
		if t.kind == "struct" {
			return jsonResult(nullStruct(t))
		}
		return nil
	}
	return jsonResult(res)
}

func intRange(kind string) (int64, int64) {
	switch kind {
	case "int":
		return math.MinInt32, math.MaxInt32
	case "smallint":
		return math.MinInt16, math.MaxInt16
	case "tinyint":
		return math.MinInt8, math.MaxInt8
	}
	return math.MinInt64, math.MaxInt64
}

// convertJSON shapes a parsed JSON value by a type, as Spark's
// JacksonParser; errJSON when the value does not fit.
func convertJSON(v any, t *sqlType) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch t.kind {
	case "int", "bigint", "smallint", "tinyint":
		n, ok := v.(jnum)
		if !ok || strings.ContainsAny(string(n), ".eE") {
			return nil, errJSON
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		lo, hi := intRange(t.kind)
		if err != nil || i < lo || i > hi {
			return nil, errJSON
		}
		return jnum(strconv.FormatInt(i, 10)), nil
	case "double", "float":
		var f float64
		switch x := v.(type) {
		case jnum:
			f, _ = toFloat(numSQL(x))
		case string:
			switch x {
			case "NaN":
				f = math.NaN()
			case "Infinity", "+Infinity", "+INF", "Inf", "+Inf", "INF":
				f = math.Inf(1)
			case "-Infinity", "-INF", "-Inf":
				f = math.Inf(-1)
			default:
				return nil, errJSON
			}
		default:
			return nil, errJSON
		}
		if t.kind == "float" {
			f32 := float64(float32(f))
			if math.IsNaN(f32) || math.IsInf(f32, 0) {
				return floatJSON(f32), nil
			}
			return jnum(javaFloat(f32, 32)), nil
		}
		return floatJSON(f), nil
	case "decimal":
		n, ok := v.(jnum)
		if !ok {
			return nil, errJSON
		}
		d, ok := decFromNumText(string(n))
		if !ok {
			return nil, errJSON
		}
		d = d.round(t.scale, halfUp)
		if d.intDigits() > t.precision-t.scale {
			return nil, nil
		}
		return jnum(d.plain(t.scale)), nil
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return jsonText(v), nil
	case "boolean":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, errJSON
	case "date":
		s, ok := v.(string)
		if !ok {
			return nil, errJSON
		}
		d, ok := parseDateText(s)
		if !ok {
			return nil, errJSON
		}
		return formatDate(d), nil
	case "timestamp":
		switch x := v.(type) {
		case string:
			m, ok := parseTimestampText(x)
			if !ok || m < minMicros || m > maxMicros {
				return nil, errJSON
			}
			return formatTimestamp(m), nil
		case jnum:
			secs, ok := numSQL(x).(int64)
			if !ok || secs > maxMicros/microsPerSecond || secs < minMicros/microsPerSecond {
				return nil, errJSON
			}
			return formatTimestamp(secs * microsPerSecond), nil
		}
		return nil, errJSON
	case "binary":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, errJSON
	case "array":
		a, ok := v.([]any)
		if !ok {
			return nil, errJSON
		}
		out := make([]any, len(a))
		for i, e := range a {
			c, err := convertJSON(e, t.elem)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case "map":
		o, ok := v.(*jobj)
		if !ok {
			return nil, errJSON
		}
		out := &jobj{}
		for i, k := range o.keys {
			c, err := convertJSON(o.vals[i], t.val)
			if err != nil {
				return nil, err
			}
			out.set(k, c)
		}
		return out, nil
	case "struct":
		o, ok := v.(*jobj)
		if !ok {
			return nil, errJSON
		}
		out := &jobj{}
		for _, f := range t.fields {
			var fv any
			for i, k := range o.keys {
				if k == f.name {
					fv = o.vals[i]
				}
			}
			c, err := convertJSON(fv, f.typ)
			if err != nil {
				return nil, err
			}
			out.keys = append(out.keys, f.name)
			out.vals = append(out.vals, c)
		}
		return out, nil
	}
	return nil, errJSON
}

// decFromNumText is the exact decimal of a JSON number.
func decFromNumText(s string) (dec, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			return dec{}, false
		}
		exp = e
		s = s[:i]
	}
	ip, fp, _ := strings.Cut(s, ".")
	return dec{neg: neg, d: ip + fp, exp: len(ip) + exp}.trim(), true
}

// ---- schema_of_json ----

// inferred is an inferred type: kind null, boolean, bigint, decimal
// (precision), double, string, array, struct.
type inferred struct {
	kind      string
	precision int
	elem      *inferred
	fields    map[string]*inferred
}

func inferJSON(v any, depth int) *inferred {
	if depth > maxDepth {
		return &inferred{kind: "string"}
	}
	switch x := v.(type) {
	case nil:
		return &inferred{kind: "null"}
	case bool:
		return &inferred{kind: "boolean"}
	case string:
		return &inferred{kind: "string"}
	case jnum:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if _, err := strconv.ParseInt(s, 10, 64); err == nil {
				return &inferred{kind: "bigint"}
			}
			digits := len(strings.TrimPrefix(s, "-"))
			if digits <= 38 {
				return &inferred{kind: "decimal", precision: digits}
			}
		}
		return &inferred{kind: "double"}
	case []any:
		var e *inferred
		for _, el := range x {
			e = mergeInferred(e, inferJSON(el, depth+1))
		}
		if e == nil {
			e = &inferred{kind: "null"}
		}
		return &inferred{kind: "array", elem: e}
	case *jobj:
		t := &inferred{kind: "struct", fields: map[string]*inferred{}}
		for i, k := range x.keys {
			t.fields[k] = mergeInferred(t.fields[k], inferJSON(x.vals[i], depth+1))
		}
		return t
	}
	return &inferred{kind: "string"}
}

// mergeInferred is Spark's compatibleType for JSON schema inference.
func mergeInferred(a, b *inferred) *inferred {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.kind == "null":
		return b
	case b.kind == "null":
		return a
	case a.kind == b.kind:
		switch a.kind {
		case "array":
			return &inferred{kind: "array", elem: mergeInferred(a.elem, b.elem)}
		case "struct":
			t := &inferred{kind: "struct", fields: map[string]*inferred{}}
			for k, v := range a.fields {
				t.fields[k] = v
			}
			for k, v := range b.fields {
				t.fields[k] = mergeInferred(t.fields[k], v)
			}
			return t
		case "decimal":
			return &inferred{kind: "decimal", precision: max(a.precision, b.precision)}
		}
		return a
	}
	num := func(k string) bool { return k == "bigint" || k == "decimal" || k == "double" }
	if num(a.kind) && num(b.kind) {
		if a.kind == "double" || b.kind == "double" {
			return &inferred{kind: "double"}
		}
		p := max(a.precision, b.precision, 20)
		return &inferred{kind: "decimal", precision: min(p, 38)}
	}
	return &inferred{kind: "string"}
}

var plainName = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

func quoteIfNeeded(s string) string {
	if plainName.MatchString(s) {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

func (t *inferred) sql() string {
	switch t.kind {
	case "null", "string":
		return "STRING"
	case "boolean":
		return "BOOLEAN"
	case "bigint":
		return "BIGINT"
	case "double":
		return "DOUBLE"
	case "decimal":
		return "DECIMAL(" + strconv.Itoa(t.precision) + ",0)"
	case "array":
		return "ARRAY<" + t.elem.sql() + ">"
	case "struct":
		names := make([]string, 0, len(t.fields))
		for k := range t.fields {
			names = append(names, k)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, k := range names {
			parts[i] = quoteIfNeeded(k) + ": " + t.fields[k].sql()
		}
		return "STRUCT<" + strings.Join(parts, ", ") + ">"
	}
	return "STRING"
}

// schemaOfJSON is schema_of_json: the type Spark infers, in its DDL
// spelling (struct fields sorted by name, integers BIGINT, other numbers
// DOUBLE, NULL and mixed values STRING).
func schemaOfJSON(v any) any {
	j, ok := parseJSONArg(v)
	if !ok {
		return nil
	}
	return inferJSON(j, 0).sql()
}
