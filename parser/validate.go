package parser

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Walk calls fn for every AST node reachable from node, parents first. When
// fn returns false, the node's children are skipped.
func Walk(node any, fn func(any) bool) {
	walkNode(node, fn)
}

// walkNode walks node by the generated visits of the grammar's node types
// (walk_gen.go), and by reflection anything else.
func walkNode(node any, fn func(any) bool) {
	if !walkKnown(node, fn) {
		walk(reflect.ValueOf(node), fn)
	}
}

// childFields holds, per AST struct type, the indexes of the fields that
// can hold nodes (pointers, interfaces and slices of them): a walk then
// reads no field that cannot. It is built once, from the statements'
// types down, and only read after: a plain map, which goroutines read
// without synchronizing (a walk looks a type up at every node).
var childFields = func() map[reflect.Type][]int {
	m := map[reflect.Type][]int{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		if _, done := m[t]; done {
			return
		}
		m[t] = childFieldsOf(t)
		for _, i := range m[t] {
			visit(t.Field(i).Type)
		}
	}
	for _, s := range statements {
		visit(reflect.TypeOf(s))
	}
	for _, n := range []any{&Expr{}, &Query{}, &Type{}} {
		visit(reflect.TypeOf(n))
	}
	return m
}()

// moreFields caches the types no statement reaches (none, as the grammar
// stands): found while walking, under a lock-free map.
var moreFields sync.Map // reflect.Type → []int

func fieldsOf(t reflect.Type) []int {
	if f, ok := childFields[t]; ok {
		return f
	}
	if f, ok := moreFields.Load(t); ok {
		return f.([]int)
	}
	f := childFieldsOf(t)
	moreFields.Store(t, f)
	return f
}

func childFieldsOf(t reflect.Type) []int {
	var out []int
	for i := 0; i < t.NumField(); i++ {
		if mayHoldNodes(t.Field(i).Type) {
			out = append(out, i)
		}
	}
	return out
}

func mayHoldNodes(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer:
		return t.Elem().Kind() == reflect.Struct
	case reflect.Slice:
		return mayHoldNodes(t.Elem())
	}
	return false
}

func walk(v reflect.Value, fn func(any) bool) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), fn)
		}
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		if !fn(v.Interface()) {
			return
		}
		s := v.Elem()
		for _, i := range fieldsOf(s.Type()) {
			// Most of a node's fields are empty: skipped here, without
			// a call.
			switch f := s.Field(i); f.Kind() {
			case reflect.Pointer, reflect.Interface:
				if !f.IsNil() {
					walk(f, fn)
				}
			case reflect.Slice:
				if f.Len() > 0 {
					walk(f, fn)
				}
			default:
				walk(f, fn)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), fn)
		}
	}
}

// QuoteName backticks each part of a name, folded to lower case: the <rel>
// form of error messages (spec §11).
func QuoteName(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = privilege.Quote(strings.ToLower(p))
	}
	return strings.Join(q, ".")
}

func tooManyParts(n *Name, max int) *sqlerr.Error {
	if len(n.Parts) <= max {
		return nil
	}
	return sqlerr.NewIdentifierTooManyNameParts(n.At(), QuoteName(n.Texts()), max)
}

// MaxNameLength bounds new database, table, view, function and column
// names (spec §1.5).
const MaxNameLength = 255

// ValidNewName reports whether a new object or column name uses only ASCII
// letters, digits and '_' (spec §2.2), at most MaxNameLength of them.
func ValidNewName(s string) bool {
	if s == "" || len(s) > MaxNameLength {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func newObjectName(n *Name, max int) *sqlerr.Error {
	if err := tooManyParts(n, max); err != nil {
		return err
	}
	last := n.Parts[len(n.Parts)-1]
	if !ValidNewName(last.Text()) {
		return sqlerr.New(sqlerr.InvalidSchemaOrRelationName, last.At(),
			"%s is not a valid name for tables/schemas. Valid names only contain alphabet characters, numbers and _.", privilege.Quote(last.Lower()))
	}
	return nil
}

func newColumnName(i *Ident) *sqlerr.Error {
	if !ValidNewName(i.Text()) {
		return sqlerr.NewInvalidColumnName(i.At(), i.Text())
	}
	return nil
}

// ValidPrincipalName applies spec §3.1 and §1.5: valid UTF-8, 1 to 255
// characters, no backtick, quote, semicolon or control character, no
// leading or trailing space.
func ValidPrincipalName(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	n := 0
	for _, r := range s {
		n++
		if r == '`' || r == '\'' || r == '"' || r == ';' || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return n >= 1 && n <= 255 && strings.TrimSpace(s) == s
}

// supportedTypes are the column types of spec §5.4.
var supportedTypes = map[string]bool{
	"STRING": true, "INT": true, "INTEGER": true, "BIGINT": true, "LONG": true, "SMALLINT": true,
	"TINYINT": true, "DOUBLE": true, "FLOAT": true, "BOOLEAN": true, "DATE": true, "TIMESTAMP": true,
	"DECIMAL": true, "VARCHAR": true,
}

func checkType(t *Type) *sqlerr.Error {
	name := strings.ToUpper(t.Name)
	ok := supportedTypes[name] && !t.Angled
	switch {
	case name == "ARRAY" || name == "MAP" || name == "STRUCT":
		// Spark's complex types, of the types above at any depth.
		want := map[string]int{"ARRAY": 1, "MAP": 2}[name]
		ok = t.Angled && len(t.Args) == 0 && (name == "STRUCT" && len(t.Params) == 0 || name != "STRUCT" && len(t.Params) == want && len(t.Fields) == 0)
		if ok {
			for _, x := range t.Params {
				if err := checkType(x); err != nil {
					return err
				}
			}
			names := map[string]bool{}
			for _, f := range t.Fields {
				if names[strings.ToLower(f.Name.Text())] {
					return sqlerr.NewColumnAlreadyExists(f.Name.At(), f.Name.Text())
				}
				names[strings.ToLower(f.Name.Text())] = true
				if err := checkType(f.Type); err != nil {
					return err
				}
			}
		}
	case !ok:
	case name == "DECIMAL":
		if err := checkDecimal(t); err != nil {
			return err
		}
		ok = len(t.Args) <= 2
	case name == "VARCHAR":
		// A length of 1 to 999,999,999 (tableacl bound: Spark's is an int).
		n := ""
		if len(t.Args) == 1 {
			n = strings.TrimLeft(t.Args[0], "0")
		}
		ok = isDigits(n) && len(n) <= 9
	default:
		ok = len(t.Args) == 0
	}
	if ok {
		return nil
	}
	text := name
	if len(t.Args) > 0 {
		text += "(" + strings.Join(t.Args, ",") + ")"
	}
	if t.Angled {
		text = strings.ToUpper(Format(t))
	}
	return sqlerr.NewUnsupportedDatatype(t.At(), text)
}

// MaxDecimalPrecision is Spark's bound on DECIMAL(p, s) (spec §1.5).
const MaxDecimalPrecision = 38

// checkDecimal applies 1 <= p <= 38 and 0 <= s <= p. A precision over 38
// is Spark's DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION; a precision of 0, a
// scale over the precision and arguments that are not whole numbers are an
// unsupported type (tableacl choice: Spark has no class of its own for
// them).
func checkDecimal(t *Type) *sqlerr.Error {
	if len(t.Args) == 0 || len(t.Args) > 2 {
		return nil // no arguments: decimal(10,0); too many: unsupported below
	}
	unsupported := sqlerr.NewUnsupportedDatatype(t.At(), "DECIMAL("+strings.Join(t.Args, ",")+")")
	if !isDigits(t.Args[0]) || len(t.Args) == 2 && !isDigits(t.Args[1]) {
		return unsupported
	}
	p := strings.TrimLeft(t.Args[0], "0")
	if len(p) > 2 || len(p) == 2 && p > "38" {
		return sqlerr.New(sqlerr.DecimalPrecisionExceedsMaxPrecision, t.At(), "Decimal precision %s exceeds max precision %d.", t.Args[0], MaxDecimalPrecision)
	}
	prec, _ := strconv.Atoi(t.Args[0])
	scale := 0
	if len(t.Args) == 2 {
		sc := strings.TrimLeft(t.Args[1], "0")
		if len(sc) > 2 {
			scale = 100
		} else {
			scale, _ = strconv.Atoi(t.Args[1])
		}
	}
	if prec < 1 || scale > prec {
		return unsupported
	}
	return nil
}

// SparkType is the lower-case spelling DESCRIBE shows (spec §8.2):
// int, decimal(10,2), array<int>, map<string,int>, struct<a:int,b:string>.
func (t *Type) SparkType() string {
	name := strings.ToLower(t.Name)
	switch {
	case name == "array" || name == "map":
		params := make([]string, len(t.Params))
		for i, x := range t.Params {
			params[i] = x.SparkType()
		}
		return name + "<" + strings.Join(params, ",") + ">"
	case name == "struct":
		fields := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			fields[i] = f.Name.Text() + ":" + f.Type.SparkType()
		}
		return "struct<" + strings.Join(fields, ",") + ">"
	}
	switch name {
	case "integer":
		name = "int"
	case "long":
		name = "bigint"
	}
	if name == "decimal" {
		p, s := 10, 0
		if len(t.Args) > 0 {
			p, _ = strconv.Atoi(t.Args[0])
		}
		if len(t.Args) > 1 {
			s, _ = strconv.Atoi(t.Args[1])
		}
		return fmt.Sprintf("decimal(%d,%d)", p, s)
	}
	if len(t.Args) > 0 {
		name += "(" + strings.Join(t.Args, ",") + ")"
	}
	return name
}

func checkPrivileges(p *Privileges) *sqlerr.Error {
	for _, n := range p.List {
		if _, ok := privilege.Parse(n.Text()); !ok {
			return sqlerr.New(sqlerr.UnknownActionType, n.At(), "Unknown ActionType %s.", strings.ToUpper(n.Text()))
		}
	}
	return nil
}

func checkSecurable(s *Securable) *sqlerr.Error {
	switch {
	case s.Kind == "":
		if s.Bare != nil {
			return tooManyParts(s.Bare, 3)
		}
	case strings.EqualFold(s.Kind, "DATABASE") || strings.EqualFold(s.Kind, "SCHEMA"):
		return tooManyParts(s.Name, 2)
	default:
		return tooManyParts(s.Name, 3)
	}
	return nil
}

// validate applies the parse-phase checks that the grammar cannot express.
func validate(stmt Statement) error {
	var err *sqlerr.Error
	switch s := stmt.(type) {
	case *GrantStmt:
		if s.GrantOption != nil {
			return grantOption(s.GrantOption.At())
		}
		err = first(checkPrivileges(s.Privileges), checkSecurable(s.On))
	case *DenyStmt:
		if s.GrantOption != nil {
			return grantOption(s.GrantOption.At())
		}
		err = first(checkPrivileges(s.Privileges), checkSecurable(s.On))
	case *RevokeStmt:
		if s.GrantOption != nil {
			return grantOption(s.GrantOption.At())
		}
		err = first(checkPrivileges(s.Privileges), checkSecurable(s.On))
	case *ShowGrantStmt:
		err = checkSecurable(s.On)
	case *AlterOwnerStmt:
		if s.On.Anonymous || s.On.AnyFile {
			return sqlerr.NewSyntaxError(s.On.At(), firstWord(s.On))
		}
		err = checkSecurable(s.On)
	case *MsckRepairStmt:
		switch {
		case s.On.Catalog:
			return sqlerr.New(sqlerr.MsckCatalog, s.At(), "Cannot clean permissions on the Catalog.")
		case s.On.Bare != nil:
			// MSCK REPAIR needs its object keyword (spec §5.6).
			return sqlerr.NewSyntaxError(s.On.Bare.At(), s.On.Bare.Parts[0].Text())
		}
		err = checkSecurable(s.On)
	case *CreatePrincipalStmt:
		if !ValidPrincipalName(s.Name.Text()) {
			return sqlerr.New(sqlerr.InvalidPrincipalName, s.Name.At(), "%s is not a valid principal name.", s.Name.Text())
		}
	case *CreateDatabaseStmt:
		err = newObjectName(s.Name, 2)
	case *DropDatabaseStmt:
		err = tooManyParts(s.Name, 2)
	case *CreateTableStmt:
		err = newObjectName(s.Name, 3)
		for _, c := range s.Columns {
			err = first(err, newColumnName(c.Name), checkType(c.Type))
		}
		opts := s.Options
		if s.As != nil {
			opts = s.AsOptions
		}
		seen := map[string]bool{}
		for _, o := range opts {
			kind := "USING"
			if o.Comment != nil {
				kind = "COMMENT"
			} else if o.Location != nil {
				kind = "LOCATION"
			}
			if seen[kind] && err == nil {
				err = sqlerr.NewSyntaxError(o.At(), kind)
			}
			seen[kind] = true
		}
	case *CreateViewStmt:
		if s.OrReplace && s.IfNotExists != nil {
			return sqlerr.New(sqlerr.InvalidSQLSyntax, s.IfNotExists.At(), "CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed.")
		}
		max := 3
		if s.Temporary {
			max = 1
		}
		err = newObjectName(s.Name, max)
		for _, c := range s.Columns {
			err = first(err, newColumnName(c.Name))
		}
	case *CreateFunctionStmt:
		if s.OrReplace && s.IfNotExists != nil {
			return sqlerr.New(sqlerr.InvalidSQLSyntax, s.IfNotExists.At(), "CREATE FUNCTION with both IF NOT EXISTS and REPLACE is not allowed.")
		}
		max := 3
		if s.Temporary {
			max = 1
		}
		err = newObjectName(s.Name, max)
		for _, p := range s.Params {
			err = first(err, newColumnName(p.Name), checkType(p.Type))
		}
		if s.Returns != nil {
			err = first(err, checkType(s.Returns))
		}
		if s.Temporary && s.Class != nil && err == nil {
			// Temporary class-based functions would load code; not supported.
			err = sqlerr.NewClassFunction(s.At(), QuoteName(s.Name.Texts()), *s.Class)
		}
	case *DropRelationStmt:
		err = tooManyParts(s.Name, 3)
	case *DropFunctionStmt:
		max := 3
		if s.Temporary {
			max = 1
		}
		err = tooManyParts(s.Name, max)
	case *RenameStmt:
		err = first(tooManyParts(s.Name, 3), newObjectName(s.To, 3))
	case *UseStmt:
		if s.DB != nil {
			err = tooManyParts(s.DB, 2)
		}
	case *ShowTablesStmt:
		if s.In != nil {
			err = tooManyParts(s.In, 2)
		}
	case *ShowFunctionsStmt:
		if s.In != nil {
			err = tooManyParts(s.In, 2)
		}
	case *DescribeStmt:
		if s.Name != nil {
			max := 3
			if strings.EqualFold(s.Kind, "DATABASE") || strings.EqualFold(s.Kind, "SCHEMA") {
				max = 2
			}
			err = tooManyParts(s.Name, max)
		} else {
			err = tooManyParts(s.TName, 3)
		}
	case *ShowCreateTableStmt:
		err = tooManyParts(s.Name, 3)
	case *InsertStmt:
		err = tooManyParts(s.Table, 3)
	case *UpdateStmt:
		err = tooManyParts(s.Table, 3)
	case *DeleteStmt:
		err = tooManyParts(s.Table, 3)
	case *MergeStmt:
		err = first(tooManyParts(s.Target, 3), checkMergeClauses(s))
	case *TruncateStmt:
		err = tooManyParts(s.Table, 3)
	}
	if err != nil {
		return err
	}
	return validateQueries(stmt)
}

// checkMergeClauses applies Spark's rules for the WHEN clauses of MERGE: a
// MATCHED clause updates or deletes and a NOT MATCHED clause inserts (a
// syntax error otherwise), and of several clauses of one kind only the last
// may omit its condition, since the ones after it could never apply.
func checkMergeClauses(s *MergeStmt) *sqlerr.Error {
	var lastMatched, lastNotMatched *MergeWhen
	for _, w := range s.Whens {
		insert := w.Then.Keyword() == "INSERT"
		if insert != w.NotMatched {
			return sqlerr.NewSyntaxError(w.Then.At(), w.Then.Keyword())
		}
		last := &lastMatched
		if w.NotMatched {
			last = &lastNotMatched
		}
		if *last != nil && (*last).Cond == nil {
			if w.NotMatched {
				return sqlerr.New(sqlerr.NonLastNotMatchedByTargetClauseOmitCondition, (*last).At(), "When there are more than one NOT MATCHED [BY TARGET] clauses in a MERGE statement, only the last NOT MATCHED [BY TARGET] clause can omit the condition.")
			}
			return sqlerr.New(sqlerr.NonLastMatchedClauseOmitCondition, (*last).At(), "When there are more than one MATCHED clauses in a MERGE statement, only the last MATCHED clause can omit the condition.")
		}
		*last = w
	}
	return nil
}

// validateQueries checks what the grammar leaves open inside queries and
// expressions: name lengths, joins without a condition, cast types.
func validateQueries(stmt Statement) error {
	var err *sqlerr.Error
	Walk(stmt, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *TableFactor:
			if x.Name != nil {
				err = tooManyParts(x.Name, 3)
			}
		case *Call:
			err = tooManyParts(x.Name, 3)
		case *Primary:
			if x.Column != nil {
				err = tooManyParts(x.Column, 4)
			}
		case *Cast:
			err = checkType(x.Type)
		case *Postfix:
			if x.Cast != nil {
				err = checkType(x.Cast)
			}
		case *Sample:
			err = checkSample(x)
		case *Like:
			if x.Escape != nil {
				if esc := Unquote(*x.Escape); utf8.RuneCountInString(esc) != 1 {
					err = sqlerr.New(sqlerr.InvalidEsc, x.At(), "Found an invalid escape string: %s. The escape string must contain only one character.", esc)
				}
			}
		case *Typed:
			if x.Type == "X" && !isHex(Unquote(x.Value)) {
				err = sqlerr.NewSyntaxError(x.At(), "X"+x.Value)
			}
		case *Frame:
			err = checkFrame(x)
		case *Window:
			if len(x.PartitionBy) > MaxWindowTerms || len(x.OrderBy) > MaxWindowTerms {
				err = sqlerr.New(sqlerr.StatementTooComplex, x.At(), "A window has more than %d PARTITION BY or ORDER BY terms.", MaxWindowTerms)
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	return nil
}

// checkFrame applies Spark's rules to ROWS BETWEEN start AND end: whole
// offsets, the start not after the end, and neither end unbounded the
// wrong way.
func checkFrame(f *Frame) *sqlerr.Error {
	if f.Start.Value != nil || f.End.Value != nil {
		// An offset that is an expression (an interval, for RANGE):
		// only the direction of the unbounded ends can be checked here.
		if f.Unit != "RANGE" {
			b := f.Start
			if b.Value == nil {
				b = f.End
			}
			return sqlerr.New(sqlerr.DatatypeMismatchSpecifiedWindowFrameUnacceptedType, b.At(),
				"Cannot resolve \"%s\" due to data type mismatch: The data type of the %s bound \"%s\" does not match the expected data type \"INT\".",
				Format(f), map[bool]string{true: "lower", false: "upper"}[b == f.Start], "INTERVAL")
		}
		if f.Start.Unbounded && strings.EqualFold(f.Start.Dir, "FOLLOWING") || f.End.Unbounded && strings.EqualFold(f.End.Dir, "PRECEDING") {
			return sqlerr.New(sqlerr.DatatypeMismatchSpecifiedWindowFrameWrongComparison, f.At(),
				"Cannot resolve \"%s\" due to data type mismatch: The lower bound of a window frame must be less than or equal to the upper bound.", Format(f))
		}
		return nil
	}
	for i, b := range []*Bound{f.Start, f.End} {
		if _, ok := b.Offset(); !ok {
			typ := "DECIMAL"
			if isDigits(b.N) {
				typ = "BIGINT"
			}
			return sqlerr.New(sqlerr.DatatypeMismatchSpecifiedWindowFrameUnacceptedType, b.At(),
				"Cannot resolve \"%s\" due to data type mismatch: The data type of the %s bound \"%s\" does not match the expected data type \"INT\".",
				Format(f), [...]string{"lower", "upper"}[i], typ)
		}
	}
	start, _ := f.Start.Offset()
	end, _ := f.End.Offset()
	if f.Start.Unbounded && strings.EqualFold(f.Start.Dir, "FOLLOWING") || f.End.Unbounded && strings.EqualFold(f.End.Dir, "PRECEDING") || start > end {
		return sqlerr.New(sqlerr.DatatypeMismatchSpecifiedWindowFrameWrongComparison, f.At(),
			"Cannot resolve \"%s\" due to data type mismatch: The lower bound of a window frame must be less than or equal to the upper bound.", Format(f))
	}
	return nil
}

func grantOption(pos sqlerr.Pos) error {
	return sqlerr.New(sqlerr.GrantOptionUnsupported, pos, "GRANT OPTION is unsupported. Only the owner of a securable may grant permissions.")
}

func firstWord(s *Securable) string {
	switch {
	case s.Anonymous:
		return "ANONYMOUS"
	case s.AnyFile:
		return "ANY"
	}
	return ""
}

func first(errs ...*sqlerr.Error) *sqlerr.Error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// isHex reports whether s is hexadecimal digits only.
func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// checkSample applies Spark's bounds to TABLESAMPLE: a percentage from 0
// to 100, a bucket from 1 to the number of buckets.
func checkSample(s *Sample) *sqlerr.Error {
	switch {
	case s.Percent != "":
		p, err := strconv.ParseFloat(strings.TrimRight(s.Percent, "lLsSyYdDfFbB"), 64)
		if err != nil || p < 0 || p > 100 {
			return sqlerr.New(sqlerr.DatatypeMismatch, s.At(), "Sampling fraction (%s) must be on interval [0, 100] percent.", s.Percent)
		}
	case s.Bucket != "":
		x, err1 := strconv.Atoi(s.Bucket)
		y, err2 := strconv.Atoi(s.Of)
		if err1 != nil || err2 != nil || y < 1 || x < 1 || x > y {
			return sqlerr.New(sqlerr.DatatypeMismatch, s.At(), "Sampling bucket %s out of %s is not a bucket from 1 to the number of buckets.", s.Bucket, s.Of)
		}
	}
	return nil
}
