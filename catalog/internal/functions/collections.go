package functions

import (
	mrand "math/rand/v2"
	"slices"
	"strings"
)

func collectionFuncs() []scalar {
	return []scalar{
		{"array", 0, -1, fnN(arrayFunc), true},
		{"array_contains", 2, 2, strictNull(fn2(arrayContains)), true},
		{"array_distinct", 1, 1, strictNull(fn1(arrayDistinct)), true},
		{"array_except", 2, 2, strictNull(fn2(func(a, b any) any { return setOp(a, b, 'e') })), true},
		{"array_intersect", 2, 2, strictNull(fn2(func(a, b any) any { return setOp(a, b, 'i') })), true},
		{"array_union", 2, 2, strictNull(fn2(func(a, b any) any { return setOp(a, b, 'u') })), true},
		{"array_join", 2, 3, strictNull(fnN(arrayJoin)), true},
		{"array_max", 1, 1, strictNull(fn1(func(v any) any { return arrayExtreme(v, 1) })), true},
		{"array_min", 1, 1, strictNull(fn1(func(v any) any { return arrayExtreme(v, -1) })), true},
		{"array_position", 2, 2, strictNull(fn2(arrayPosition)), true},
		{"array_remove", 2, 2, strictNull(fn2(arrayRemove)), true},
		{"array_repeat", 2, 2, fn2(arrayRepeat), true},
		{"array_size", 1, 1, strictNull(fn1(arraySize)), true},
		{"size", 1, 1, fn1(sizeFunc), true},
		{"cardinality", 1, 1, fn1(sizeFunc), true},
		{"array_sort", 1, 1, strictNull(fn1(func(v any) any { return sortArray(v, true, false) })), true},
		{"sort_array", 1, 2, strictNull(fnN(sortArrayFunc)), true},
		{"arrays_overlap", 2, 2, strictNull(fn2(arraysOverlap)), true},
		{"arrays_zip", 1, -1, fnN(arraysZip), true},
		{"element_at", 2, 2, strictNull(fn2(elementAt)), true},
		{"try_element_at", 2, 2, strictNull(fn2(elementAt)), true},
		{"get", 2, 2, strictNull(fn2(arrayGet)), true},
		{"array_get", 2, 2, strictNull(fn2(arrayGet)), true},
		{"slice", 3, 3, strictNull(fn3(slice)), true},
		{"flatten", 1, 1, strictNull(fn1(flatten)), true},
		{"sequence", 2, 3, strictNull(fnN(sequence)), true},
		{"shuffle", 1, 1, strictNull(fn1(shuffle)), false},
		{"array_append", 2, 2, fn2(func(a, v any) any { return arrayAdd(a, v, false) }), true},
		{"array_prepend", 2, 2, fn2(func(a, v any) any { return arrayAdd(a, v, true) }), true},
		{"array_compact", 1, 1, strictNull(fn1(arrayCompact)), true},
		{"array_insert", 3, 3, fn3(arrayInsert), true},
		{"array_reverse", 1, 1, strictNull(fn1(arrayReverse)), true},
		{"array_concat", 1, -1, strictNull(fnN(arrayConcat)), true},
		{"map", 0, -1, fnN(mapFunc), true},
		{"map_concat", 0, -1, strictNull(fnN(mapConcat)), true},
		{"map_contains_key", 2, 2, strictNull(fn2(mapContainsKey)), true},
		{"map_entries", 1, 1, strictNull(fn1(mapEntries)), true},
		{"map_from_arrays", 2, 2, strictNull(fn2(mapFromArrays)), true},
		{"map_from_entries", 1, 1, strictNull(fn1(mapFromEntries)), true},
		{"map_keys", 1, 1, strictNull(fn1(mapKeys)), true},
		{"map_values", 1, 1, strictNull(fn1(mapValues)), true},
		{"map_get", 2, 2, strictNull(fn2(mapGet)), true},
		{"str_to_map", 1, 3, strictNull(fnN(strToMap)), true},
		{"named_struct", 0, -1, fnN(namedStruct), true},
		{"struct_field", 2, 2, strictNull(fn2(structField)), true},
	}
}

func arrayResult(a []any) any {
	if len(a) > maxElems {
		return nil
	}
	return jsonResult(a)
}

func arrayFunc(args []any) any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = asElem(a)
	}
	return arrayResult(out)
}

// arrayContains is true when an element equals v; NULL when none does
// but the array holds a NULL.
func arrayContains(a, v any) any {
	arr, ok := arrayArg(a)
	if !ok {
		return nil
	}
	key := canon(asElem(v))
	sawNull := false
	for _, e := range arr {
		if e == nil {
			sawNull = true
			continue
		}
		if canon(e) == key {
			return int64(1)
		}
	}
	if sawNull {
		return nil
	}
	return int64(0)
}

func distinct(arr []any) []any {
	seen := map[string]bool{}
	out := []any{}
	for _, e := range arr {
		k := canon(e)
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

func arrayDistinct(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	return arrayResult(distinct(arr))
}

// setOp is array_except ('e'), array_intersect ('i') and array_union
// ('u'): without duplicates, in the order of the first array.
func setOp(a, b any, op byte) any {
	x, ok1 := arrayArg(a)
	y, ok2 := arrayArg(b)
	if !ok1 || !ok2 {
		return nil
	}
	inY := map[string]bool{}
	for _, e := range y {
		inY[canon(e)] = true
	}
	var out []any
	switch op {
	case 'e':
		for _, e := range distinct(x) {
			if !inY[canon(e)] {
				out = append(out, e)
			}
		}
	case 'i':
		for _, e := range distinct(x) {
			if inY[canon(e)] {
				out = append(out, e)
			}
		}
	default:
		out = distinct(append(append([]any{}, x...), y...))
	}
	if out == nil {
		out = []any{}
	}
	return arrayResult(out)
}

func arrayJoin(args []any) any {
	arr, ok := arrayArg(args[0])
	if !ok {
		return nil
	}
	delim, _ := toStr(args[1])
	var rep *string
	if len(args) > 2 {
		r, _ := toStr(args[2])
		rep = &r
	}
	var parts []string
	total := 0
	for _, e := range arr {
		var s string
		if e == nil {
			if rep == nil {
				continue
			}
			s = *rep
		} else {
			s, _ = elemText(e)
		}
		total += len(s) + len(delim)
		if total > maxLen {
			return nil
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, delim)
}

func arrayExtreme(v any, sign int) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	var best any
	found := false
	for _, e := range arr {
		if e == nil {
			continue
		}
		if !found || cmpJSON(e, best)*sign > 0 {
			best, found = e, true
		}
	}
	if !found {
		return nil
	}
	return toSQL(best)
}

func arrayPosition(a, v any) any {
	arr, ok := arrayArg(a)
	if !ok {
		return nil
	}
	key := canon(asElem(v))
	for i, e := range arr {
		if e != nil && canon(e) == key {
			return int64(i + 1)
		}
	}
	return int64(0)
}

func arrayRemove(a, v any) any {
	arr, ok := arrayArg(a)
	if !ok {
		return nil
	}
	key := canon(asElem(v))
	out := []any{}
	for _, e := range arr {
		if e == nil || canon(e) != key {
			out = append(out, e)
		}
	}
	return arrayResult(out)
}

func arrayRepeat(v, n any) any {
	if n == nil {
		return nil
	}
	count, ok := toInt(n)
	if !ok {
		return nil
	}
	if count < 0 {
		count = 0
	}
	if count > maxElems {
		return nil
	}
	e := asElem(v)
	unit := len(jsonText(e)) + 1
	if int64(unit)*count > maxLen {
		return nil
	}
	out := make([]any, count)
	for i := range out {
		out[i] = e
	}
	return arrayResult(out)
}

func arraySize(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	return int64(len(arr))
}

// sizeFunc is size and cardinality of an array or a map; -1 for NULL
// (spark.sql.legacy.sizeOfNull is true by default, non-ANSI).
func sizeFunc(v any) any {
	if v == nil {
		return int64(-1)
	}
	j, ok := parseJSONArg(v)
	if !ok {
		return nil
	}
	switch x := j.(type) {
	case []any:
		return int64(len(x))
	case *jobj:
		return int64(len(x.keys))
	}
	return nil
}

// sortArray sorts ascending or descending; NULLs first or last.
func sortArray(v any, asc, nullsFirst bool) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	slices.SortStableFunc(arr, func(a, b any) int {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			if nullsFirst {
				return -1
			}
			return 1
		case b == nil:
			if nullsFirst {
				return 1
			}
			return -1
		}
		c := cmpJSON(a, b)
		if !asc {
			c = -c
		}
		return c
	})
	return arrayResult(arr)
}

// sortArrayFunc is sort_array: NULLs first ascending, last descending.
func sortArrayFunc(args []any) any {
	asc := true
	if len(args) > 1 {
		b, ok := toBool(args[1])
		if !ok {
			return nil
		}
		asc = b
	}
	return sortArray(args[0], asc, asc)
}

func arraysOverlap(a, b any) any {
	x, ok1 := arrayArg(a)
	y, ok2 := arrayArg(b)
	if !ok1 || !ok2 {
		return nil
	}
	inY := map[string]bool{}
	sawNull := false
	for _, e := range y {
		if e == nil {
			sawNull = true
			continue
		}
		inY[canon(e)] = true
	}
	for _, e := range x {
		if e == nil {
			sawNull = true
			continue
		}
		if inY[canon(e)] {
			return int64(1)
		}
	}
	if sawNull && len(x) > 0 && len(y) > 0 {
		return nil
	}
	return int64(0)
}

// arraysZip is spark_arrays_zip(n, name1..namen, arr1..arrn): an array of
// structs whose fields, named by the caller, hold the i-th elements.
func arraysZip(args []any) any {
	n, ok := toInt(args[0])
	if !ok || n < 0 || int64(len(args)) != 1+2*n {
		return nil
	}
	names := make([]string, n)
	arrs := make([][]any, n)
	longest := 0
	for i := int64(0); i < n; i++ {
		if s, ok := toStr(args[1+i]); ok {
			names[i] = s
		} else {
			names[i] = itoa(i)
		}
		arr, ok := arrayArg(args[1+n+i])
		if !ok {
			return nil
		}
		arrs[i] = arr
		longest = max(longest, len(arr))
	}
	if int64(longest)*n > maxElems {
		return nil
	}
	out := make([]any, longest)
	for k := range out {
		o := &jobj{}
		for i := range arrs {
			var e any
			if k < len(arrs[i]) {
				e = arrs[i][k]
			}
			o.keys = append(o.keys, names[i])
			o.vals = append(o.vals, e)
		}
		out[k] = o
	}
	return arrayResult(out)
}

func itoa(i int64) string { s, _ := toStr(i); return s }

// elementAt is element_at and try_element_at: a 1-based index into an
// array (negative from the end, NULL out of range, non-ANSI), or a key of
// a map.
func elementAt(a, k any) any {
	j, ok := parseJSONArg(a)
	if !ok {
		return nil
	}
	switch x := j.(type) {
	case []any:
		i, ok := toInt(k)
		if !ok || i == 0 {
			return nil
		}
		if i < 0 {
			i += int64(len(x))
		} else {
			i--
		}
		if i < 0 || i >= int64(len(x)) {
			return nil
		}
		return toSQL(x[i])
	case *jobj:
		key, ok := keyText(k)
		if !ok {
			return nil
		}
		v, _ := x.get(key)
		return toSQL(v)
	}
	return nil
}

// arrayGet is get(arr, i) and the translator's arr[i]: 0-based.
func arrayGet(a, k any) any {
	arr, ok := arrayArg(a)
	i, ok2 := toInt(k)
	if !ok || !ok2 || i < 0 || i >= int64(len(arr)) {
		return nil
	}
	return toSQL(arr[i])
}

func slice(a, s, l any) any {
	arr, ok := arrayArg(a)
	start, ok2 := toInt(s)
	length, ok3 := toInt(l)
	if !ok || !ok2 || !ok3 || start == 0 || length < 0 {
		return nil
	}
	n := int64(len(arr))
	idx := start - 1
	if start < 0 {
		idx = start + n
	}
	if idx < 0 || idx >= n {
		return "[]"
	}
	end := n
	if length < n-idx {
		end = idx + length
	}
	return arrayResult(arr[idx:end])
}

func flatten(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	out := []any{}
	for _, e := range arr {
		inner, ok := e.([]any)
		if !ok {
			return nil
		}
		out = append(out, inner...)
		if len(out) > maxElems {
			return nil
		}
	}
	return arrayResult(out)
}

// sequence generates integers, or dates with a step in days.
func sequence(args []any) any {
	isDate := false
	var start, stop int64
	if s, ok := args[0].(string); ok {
		if _, num := toNumber(s); !num {
			isDate = true
		}
	}
	if isDate {
		var ok1, ok2 bool
		start, ok1 = parseSeqDate(args[0])
		stop, ok2 = parseSeqDate(args[1])
		if !ok1 || !ok2 {
			return nil
		}
	} else {
		a, ok1 := toNumber(args[0])
		b, ok2 := toNumber(args[1])
		x, isInt1 := a.(int64)
		y, isInt2 := b.(int64)
		if !ok1 || !ok2 || !isInt1 || !isInt2 {
			return nil
		}
		start, stop = x, y
	}
	step := int64(1)
	if start > stop {
		step = -1
	}
	if len(args) > 2 {
		var ok bool
		if step, ok = toInt(args[2]); !ok {
			return nil
		}
	}
	if !(step > 0 && start <= stop || step < 0 && start >= stop || step == 0 && start == stop) {
		return nil
	}
	var count uint64 = 1
	if step != 0 {
		span := uint64(stop) - uint64(start)
		st := uint64(step)
		if step < 0 {
			span, st = uint64(start)-uint64(stop), -uint64(step)
		}
		if span/st >= maxElems {
			return nil
		}
		count = span/st + 1
	}
	out := make([]any, count)
	v := start
	for i := range out {
		if isDate {
			d := dateResult(v)
			if d == nil {
				return nil
			}
			out[i] = d
		} else {
			out[i] = asElem(v)
		}
		v += step
	}
	return arrayResult(out)
}

func parseSeqDate(v any) (int64, bool) {
	s, ok := v.(string)
	if !ok || len(trimSpark(s)) != 10 {
		return 0, false
	}
	return parseDateText(s)
}

func shuffle(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	mrand.Shuffle(len(arr), func(i, j int) { arr[i], arr[j] = arr[j], arr[i] })
	return arrayResult(arr)
}

func arrayAdd(a, v any, front bool) any {
	if a == nil {
		return nil
	}
	arr, ok := arrayArg(a)
	if !ok {
		return nil
	}
	e := asElem(v)
	if front {
		return arrayResult(append([]any{e}, arr...))
	}
	return arrayResult(append(arr, e))
}

func arrayCompact(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	out := []any{}
	for _, e := range arr {
		if e != nil {
			out = append(out, e)
		}
	}
	return arrayResult(out)
}

// arrayInsert is Spark 3.5's array_insert: 1-based; -1 inserts after the
// last element; a position past either end pads with NULLs.
func arrayInsert(a, p, v any) any {
	if a == nil || p == nil {
		return nil
	}
	arr, ok := arrayArg(a)
	pos, ok2 := toInt(p)
	if !ok || !ok2 || pos == 0 {
		return nil
	}
	e := asElem(v)
	n := int64(len(arr))
	var idx int64
	if pos > 0 {
		idx = pos - 1
	} else {
		idx = n + pos + 1
	}
	if idx > maxElems || idx < -maxElems {
		return nil
	}
	switch {
	case idx < 0:
		out := make([]any, 0, n-idx+1)
		out = append(out, e)
		out = append(out, make([]any, -idx)...)
		return arrayResult(append(out, arr...))
	case idx > n:
		out := append(arr, make([]any, idx-n)...)
		return arrayResult(append(out, e))
	}
	out := make([]any, 0, n+1)
	out = append(out, arr[:idx]...)
	out = append(out, e)
	return arrayResult(append(out, arr[idx:]...))
}

func arrayReverse(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	slices.Reverse(arr)
	return arrayResult(arr)
}

func arrayConcat(args []any) any {
	out := []any{}
	for _, a := range args {
		arr, ok := arrayArg(a)
		if !ok {
			return nil
		}
		out = append(out, arr...)
		if len(out) > maxElems {
			return nil
		}
	}
	return arrayResult(out)
}

// mapFunc is map(k1, v1, ...). A duplicate key keeps its first position
// and takes the last value (Spark's LAST_WIN policy; its default,
// EXCEPTION, fails the query). A NULL key gives NULL (Spark fails).
func mapFunc(args []any) any {
	if len(args)%2 != 0 {
		return nil
	}
	o := &jobj{}
	for i := 0; i < len(args); i += 2 {
		k, ok := keyText(args[i])
		if !ok {
			return nil
		}
		o.set(k, asElem(args[i+1]))
	}
	return jsonResult(o)
}

func mapConcat(args []any) any {
	o := &jobj{}
	for _, a := range args {
		m, ok := objectArg(a)
		if !ok {
			return nil
		}
		for i, k := range m.keys {
			o.set(k, m.vals[i])
		}
		if len(o.keys) > maxElems {
			return nil
		}
	}
	return jsonResult(o)
}

func mapContainsKey(m, k any) any {
	o, ok := objectArg(m)
	key, ok2 := keyText(k)
	if !ok || !ok2 {
		return nil
	}
	_, found := o.get(key)
	return boolVal(found)
}

func mapEntries(m any) any {
	o, ok := objectArg(m)
	if !ok {
		return nil
	}
	out := make([]any, len(o.keys))
	for i, k := range o.keys {
		out[i] = &jobj{keys: []string{"key", "value"}, vals: []any{k, o.vals[i]}}
	}
	return arrayResult(out)
}

func mapFromArrays(a, b any) any {
	keys, ok1 := arrayArg(a)
	vals, ok2 := arrayArg(b)
	if !ok1 || !ok2 || len(keys) != len(vals) {
		return nil
	}
	o := &jobj{}
	for i, k := range keys {
		ks, ok := elemText(k)
		if !ok {
			return nil
		}
		o.set(ks, vals[i])
	}
	return jsonResult(o)
}

func mapFromEntries(v any) any {
	arr, ok := arrayArg(v)
	if !ok {
		return nil
	}
	o := &jobj{}
	for _, e := range arr {
		var k, val any
		switch x := e.(type) {
		case *jobj:
			if len(x.vals) < 2 {
				return nil
			}
			k, val = x.vals[0], x.vals[1]
		case []any:
			if len(x) < 2 {
				return nil
			}
			k, val = x[0], x[1]
		default:
			return nil
		}
		ks, ok := elemText(k)
		if !ok {
			return nil
		}
		o.set(ks, val)
	}
	return jsonResult(o)
}

func mapKeys(m any) any {
	o, ok := objectArg(m)
	if !ok {
		return nil
	}
	out := make([]any, len(o.keys))
	for i, k := range o.keys {
		out[i] = k
	}
	return arrayResult(out)
}

func mapValues(m any) any {
	o, ok := objectArg(m)
	if !ok {
		return nil
	}
	return arrayResult(append([]any{}, o.vals...))
}

// mapGet is the translator's m[k].
func mapGet(m, k any) any {
	o, ok := objectArg(m)
	key, ok2 := keyText(k)
	if !ok || !ok2 {
		return nil
	}
	v, _ := o.get(key)
	return toSQL(v)
}

// strToMap is str_to_map(text[, pairDelim[, keyValueDelim]]): both
// delimiters are regular expressions; a pair without the key-value
// delimiter has a NULL value.
func strToMap(args []any) any {
	s, _ := toStr(args[0])
	pd, kd := ",", ":"
	if len(args) > 1 {
		pd, _ = toStr(args[1])
	}
	if len(args) > 2 {
		kd, _ = toStr(args[2])
	}
	pre, ok1 := compileRe(pd)
	kre, ok2 := compileRe(kd)
	if !ok1 || !ok2 {
		return nil
	}
	o := &jobj{}
	for _, pair := range javaSplit(pre, s, -1) {
		kv := javaSplit(kre, pair, 2)
		if len(kv) == 1 {
			o.set(kv[0], nil)
		} else {
			o.set(kv[0], kv[1])
		}
		if len(o.keys) > maxElems {
			return nil
		}
	}
	return jsonResult(o)
}

func namedStruct(args []any) any {
	if len(args)%2 != 0 {
		return nil
	}
	o := &jobj{}
	for i := 0; i < len(args); i += 2 {
		name, ok := toStr(args[i])
		if !ok {
			return nil
		}
		o.keys = append(o.keys, name)
		o.vals = append(o.vals, asElem(args[i+1]))
	}
	return jsonResult(o)
}

// structField is the translator's s.name: the field, matched exactly or
// else without regard to case.
func structField(s, n any) any {
	o, ok := objectArg(s)
	name, ok2 := toStr(n)
	if !ok || !ok2 {
		return nil
	}
	if v, found := o.get(name); found {
		return toSQL(v)
	}
	for i, k := range o.keys {
		if strings.EqualFold(k, name) {
			return toSQL(o.vals[i])
		}
	}
	return nil
}
