package analyzer

import "strings"

// Types are strings in Spark's lower-case spelling, as DESCRIBE shows them
// (spec §8.2): int, decimal(10,2), array<int>, map<string,int>,
// struct<a:int,b:string>. Data follow SQLite (spec §1.2): a type describes
// a column and chooses how a few operations are written, it is not a
// check.

// isIntegral reports whether t is an integer type.
func isIntegral(t string) bool {
	switch t {
	case "tinyint", "smallint", "int", "bigint":
		return true
	}
	return false
}

// isNumeric reports whether t is a number type.
func isNumeric(t string) bool {
	return isIntegral(t) || t == "float" || t == "double" || strings.HasPrefix(t, "decimal")
}

// isDatetime reports whether t is a date or a timestamp type.
func isDatetime(t string) bool {
	return t == "date" || t == "timestamp" || t == "timestamp_ntz" || t == "timestamp_ltz"
}

// numericRank orders the number types from the narrowest.
var numericRank = map[string]int{"tinyint": 1, "smallint": 2, "int": 3, "bigint": 4, "float": 6, "double": 7}

// commonType is the widest of the types (NULL's void aside): the wider
// number, else the first type that is not void.
func commonType(types []string) string {
	best := ""
	for _, t := range types {
		switch {
		case t == "" || t == "void":
		case best == "":
			best = t
		case isNumeric(best) && isNumeric(t):
			if rank(t) > rank(best) {
				best = t
			}
		}
	}
	if best == "" {
		return "void"
	}
	return best
}

func rank(t string) int {
	if strings.HasPrefix(t, "decimal") {
		return 5
	}
	return numericRank[t]
}

// typeArgs splits the parameters of a complex type at its top-level commas:
// "array<int>" gives "int", "map<string,array<int>>" gives "string" and
// "array<int>".
func typeArgs(t, prefix string) []string {
	if !strings.HasPrefix(t, prefix+"<") || !strings.HasSuffix(t, ">") {
		return nil
	}
	return splitTop(t[len(prefix)+1:len(t)-1], ',')
}

// splitTop splits s at sep outside angle brackets and parentheses.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<', '(':
			depth++
		case '>', ')':
			depth--
		case sep:
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// elementType is the element type of an array type, the value type of a
// map type, else "string".
func elementType(t string) string {
	if a := typeArgs(t, "array"); len(a) == 1 {
		return a[0]
	}
	if _, v := mapTypes(t); v != "" {
		return v
	}
	return "string"
}

// mapTypes are the key and value types of a map type.
func mapTypes(t string) (string, string) {
	if a := typeArgs(t, "map"); len(a) == 2 {
		return a[0], a[1]
	}
	return "string", "string"
}

// structFields are the fields of a struct type, in order, as name and
// type.
func structFields(t string) [][2]string {
	var out [][2]string
	for _, f := range typeArgs(t, "struct") {
		name, typ, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		out = append(out, [2]string{strings.Trim(strings.TrimSpace(name), "`"), strings.TrimSpace(typ)})
	}
	return out
}

// fieldType is the type of field name of a struct type, or "".
func fieldType(t, name string) string {
	for _, f := range structFields(t) {
		if strings.EqualFold(f[0], name) {
			return f[1]
		}
	}
	return ""
}

// isArray and isMap report the kind of a complex type.
func isArray(t string) bool  { return strings.HasPrefix(t, "array<") }
func isMap(t string) bool    { return strings.HasPrefix(t, "map<") }
func isStruct(t string) bool { return strings.HasPrefix(t, "struct<") || t == "struct" }

// NumericKey reports whether a map type's keys are numbers (kept as JSON
// strings, read back as numbers).
func NumericKey(t string) bool {
	k, _ := mapTypes(t)
	return isMap(t) && isNumeric(k)
}
