package functions

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// Examples of the Spark SQL built-in function reference: arrays are JSON
// arrays, maps JSON objects with string keys, structs JSON objects,
// booleans 1/0.
func TestCollectionFunctions(t *testing.T) {
	runCases(t, []tc{
		// array
		{"array", []any{int64(1), int64(2), int64(3)}, "[1,2,3]"},
		{"array", nil, "[]"},
		{"array", []any{"a", nil, 1.5, "[1]", `{"x":true}`, "[not json"}, `["a",null,1.5,[1],{"x":true},"[not json"]`},
		{"array", []any{"say \"hi\"\n"}, `["say \"hi\"\n"]`},
		// array_contains
		{"array_contains", []any{"[1,2,3]", int64(2)}, T},
		{"array_contains", []any{"[1,2,3]", int64(4)}, F},
		{"array_contains", []any{"[1,null,3]", int64(4)}, nil},
		{"array_contains", []any{"[1.0,2.5]", int64(1)}, T},
		{"array_contains", []any{`["a","b"]`, "b"}, T},
		{"array_contains", []any{"[1,2]", nil}, nil},
		{"array_contains", []any{"not json", int64(1)}, nil},
		// array_distinct
		{"array_distinct", []any{"[1,2,3,null,3]"}, "[1,2,3,null]"},
		{"array_distinct", []any{`[[1],[1],{"a":1},{"a":1}]`}, `[[1],{"a":1}]`},
		// array_except, array_intersect, array_union
		{"array_except", []any{"[1,2,3]", "[1,3,5]"}, "[2]"},
		{"array_intersect", []any{"[1,2,3]", "[1,3,5]"}, "[1,3]"},
		{"array_union", []any{"[1,2,3]", "[1,3,5]"}, "[1,2,3,5]"},
		{"array_except", []any{"[1,1,null,null]", "[]"}, "[1,null]"},
		{"array_intersect", []any{"[1,2]", "[3]"}, "[]"},
		{"array_union", []any{"[1,2]", nil}, nil},
		// array_join
		{"array_join", []any{`["hello","world"]`, " "}, "hello world"},
		{"array_join", []any{`["hello",null,"world"]`, " "}, "hello world"},
		{"array_join", []any{`["hello",null,"world"]`, " ", ","}, "hello , world"},
		{"array_join", []any{"[1,2.5,true]", "-"}, "1-2.5-true"},
		{"array_join", []any{`["a"]`, nil}, nil},
		// array_max, array_min
		{"array_max", []any{"[1,20,null,3]"}, i64(20)},
		{"array_min", []any{"[1,20,null,3]"}, i64(1)},
		{"array_max", []any{`["b","a"]`}, "b"},
		{"array_max", []any{"[null]"}, nil},
		{"array_min", []any{"[]"}, nil},
		// array_position
		{"array_position", []any{"[312,773,708,708]", int64(708)}, i64(3)},
		{"array_position", []any{"[312,773,708,708]", int64(414)}, i64(0)},
		{"array_position", []any{"[1]", nil}, nil},
		// array_remove
		{"array_remove", []any{"[1,2,3,null,3]", int64(3)}, "[1,2,null]"},
		{"array_remove", []any{"[1,2]", nil}, nil},
		// array_repeat
		{"array_repeat", []any{"123", int64(2)}, `["123","123"]`},
		{"array_repeat", []any{nil, int64(2)}, "[null,null]"},
		{"array_repeat", []any{int64(1), int64(-1)}, "[]"},
		{"array_repeat", []any{int64(1), nil}, nil},
		// array_size, size, cardinality
		{"array_size", []any{`["b","d","c","a"]`}, i64(4)},
		{"array_size", []any{nil}, nil},
		{"size", []any{`["b","d","c","a"]`}, i64(4)},
		{"size", []any{`{"a":1,"b":2}`}, i64(2)},
		{"size", []any{nil}, i64(-1)},
		{"size", []any{"x"}, nil},
		{"cardinality", []any{`["b","d","c","a"]`}, i64(4)},
		{"cardinality", []any{`{"a":1,"b":2}`}, i64(2)},
		{"cardinality", []any{nil}, i64(-1)},
		// array_sort, sort_array
		{"array_sort", []any{`["b","d",null,"c","a"]`}, `["a","b","c","d",null]`},
		{"array_sort", []any{"[3,1.5,null,2]"}, "[1.5,2,3,null]"},
		{"sort_array", []any{`["b","d",null,"c","a"]`, T}, `[null,"a","b","c","d"]`},
		{"sort_array", []any{`["b","d",null,"c","a"]`, F}, `["d","c","b","a",null]`},
		{"sort_array", []any{"[[2],[1,5],[1]]"}, "[[1],[1,5],[2]]"},
		{"sort_array", []any{"[1]", nil}, nil},
		// arrays_overlap
		{"arrays_overlap", []any{"[1,2,3]", "[3,4,5]"}, T},
		{"arrays_overlap", []any{"[1,2]", "[3,null]"}, nil},
		{"arrays_overlap", []any{"[1,2]", "[3]"}, F},
		{"arrays_overlap", []any{"[]", "[null]"}, F},
		// arrays_zip (names come from the caller)
		{"arrays_zip", []any{int64(2), "0", "1", "[1,2,3]", "[2,3,4]"}, `[{"0":1,"1":2},{"0":2,"1":3},{"0":3,"1":4}]`},
		{"arrays_zip", []any{int64(3), "0", "1", "2", "[1,2]", "[2,3]", "[3,4]"}, `[{"0":1,"1":2,"2":3},{"0":2,"1":3,"2":4}]`},
		{"arrays_zip", []any{int64(2), "a", "b", "[1]", "[]"}, `[{"a":1,"b":null}]`},
		{"arrays_zip", []any{int64(2), "a", "b", "[1]", nil}, nil},
		{"arrays_zip", []any{int64(2), "a", "[1]"}, nil},
		// element_at, try_element_at, get, array_get
		{"element_at", []any{"[1,2,3]", int64(2)}, i64(2)},
		{"element_at", []any{`{"1":"a","2":"b"}`, int64(2)}, "b"},
		{"element_at", []any{"[1,2,3]", int64(-1)}, i64(3)},
		{"element_at", []any{"[1,2,3]", int64(4)}, nil},
		{"element_at", []any{"[1,2,3]", int64(0)}, nil},
		{"element_at", []any{`{"a":[1,{"b":null}]}`, "a"}, `[1,{"b":null}]`},
		{"element_at", []any{`[true,1.5,"x"]`, int64(1)}, T},
		{"try_element_at", []any{"[1,2,3]", int64(2)}, i64(2)},
		{"try_element_at", []any{`{"1":"a","2":"b"}`, int64(2)}, "b"},
		{"try_element_at", []any{`{"1":"a"}`, int64(3)}, nil},
		{"get", []any{"[1,2,3]", int64(0)}, i64(1)},
		{"get", []any{"[1,2,3]", int64(3)}, nil},
		{"get", []any{"[1,2,3]", int64(-1)}, nil},
		{"array_get", []any{`["a",2.5]`, int64(1)}, 2.5},
		{"array_get", []any{`[9223372036854775808]`, int64(0)}, 9223372036854775808.0},
		// slice
		{"slice", []any{"[1,2,3,4]", int64(2), int64(2)}, "[2,3]"},
		{"slice", []any{"[1,2,3,4]", int64(-2), int64(2)}, "[3,4]"},
		{"slice", []any{"[1,2,3,4]", int64(5), int64(2)}, "[]"},
		{"slice", []any{"[1,2,3,4]", int64(-5), int64(2)}, "[]"},
		{"slice", []any{"[1,2,3,4]", int64(0), int64(2)}, nil},
		{"slice", []any{"[1,2,3,4]", int64(1), int64(-1)}, nil},
		// flatten
		{"flatten", []any{"[[1,2],[3,4]]"}, "[1,2,3,4]"},
		{"flatten", []any{"[[1,2],null]"}, nil},
		{"flatten", []any{"[]"}, "[]"},
		// sequence
		{"sequence", []any{int64(1), int64(5)}, "[1,2,3,4,5]"},
		{"sequence", []any{int64(5), int64(1)}, "[5,4,3,2,1]"},
		{"sequence", []any{int64(1), int64(10), int64(3)}, "[1,4,7,10]"},
		{"sequence", []any{int64(1), int64(5), int64(-1)}, nil},
		{"sequence", []any{int64(1), int64(1), int64(0)}, "[1]"},
		{"sequence", []any{"2018-01-01", "2018-01-05", int64(2)}, `["2018-01-01","2018-01-03","2018-01-05"]`},
		{"sequence", []any{"2018-01-03", "2018-01-01"}, `["2018-01-03","2018-01-02","2018-01-01"]`},
		{"sequence", []any{"2018-01-01 00:00:00", "2018-01-03"}, nil},
		{"sequence", []any{1.5, int64(3)}, nil},
		{"sequence", []any{int64(1), nil}, nil},
		// array_append, array_prepend
		{"array_append", []any{`["b","d","c","a"]`, "d"}, `["b","d","c","a","d"]`},
		{"array_append", []any{"[1,2,3,null]", nil}, "[1,2,3,null,null]"},
		{"array_append", []any{nil, int64(2)}, nil},
		{"array_prepend", []any{`["b","d","c","a"]`, "d"}, `["d","b","d","c","a"]`},
		{"array_prepend", []any{"[1,2,3,null]", nil}, "[null,1,2,3,null]"},
		{"array_prepend", []any{nil, int64(2)}, nil},
		// array_compact
		{"array_compact", []any{"[1,2,3,null]"}, "[1,2,3]"},
		{"array_compact", []any{`["a","b","c"]`}, `["a","b","c"]`},
		// array_insert
		{"array_insert", []any{"[1,2,3,4]", int64(5), int64(5)}, "[1,2,3,4,5]"},
		{"array_insert", []any{"[5,4,3,2]", int64(-1), int64(1)}, "[5,4,3,2,1]"},
		{"array_insert", []any{"[5,3,2,1]", int64(-4), int64(4)}, "[5,4,3,2,1]"},
		{"array_insert", []any{"[1,2]", int64(5), int64(9)}, "[1,2,null,null,9]"},
		{"array_insert", []any{"[1,2]", int64(-5), int64(9)}, "[9,null,null,1,2]"},
		{"array_insert", []any{"[1,2]", int64(1), nil}, "[null,1,2]"},
		{"array_insert", []any{"[1,2]", int64(0), int64(9)}, nil},
		{"array_insert", []any{nil, int64(1), int64(9)}, nil},
		// array_reverse (Spark's reverse of an array), array_concat (concat)
		{"array_reverse", []any{"[2,1,4,3]"}, "[3,4,1,2]"},
		{"array_concat", []any{"[1,2,3]", "[4,5]", "[6]"}, "[1,2,3,4,5,6]"},
		{"array_concat", []any{"[1]", nil}, nil},
		// map
		{"map", []any{1.0, "2", 3.0, "4"}, `{"1.0":"2","3.0":"4"}`},
		{"map", []any{"a", int64(1), "b", nil, "a", int64(3)}, `{"a":3,"b":null}`},
		{"map", nil, "{}"},
		{"map", []any{nil, int64(1)}, nil},
		{"map", []any{"a"}, nil},
		// map_concat
		{"map_concat", []any{`{"1":"a","2":"b"}`, `{"3":"c"}`}, `{"1":"a","2":"b","3":"c"}`},
		{"map_concat", []any{`{"1":"a"}`, `{"1":"z"}`}, `{"1":"z"}`},
		{"map_concat", []any{`{"1":"a"}`, nil}, nil},
		// map_contains_key
		{"map_contains_key", []any{`{"1":"a","2":"b"}`, int64(1)}, T},
		{"map_contains_key", []any{`{"1":"a","2":"b"}`, int64(3)}, F},
		// map_entries
		{"map_entries", []any{`{"1":"a","2":"b"}`}, `[{"key":"1","value":"a"},{"key":"2","value":"b"}]`},
		// map_from_arrays
		{"map_from_arrays", []any{"[1.0,3.0]", `["2","4"]`}, `{"1.0":"2","3.0":"4"}`},
		{"map_from_arrays", []any{"[1]", "[]"}, nil},
		{"map_from_arrays", []any{"[null]", "[1]"}, nil},
		// map_from_entries
		{"map_from_entries", []any{`[{"col1":1,"col2":"a"},{"col1":2,"col2":"b"}]`}, `{"1":"a","2":"b"}`},
		{"map_from_entries", []any{`[null]`}, nil},
		// map_keys, map_values
		{"map_keys", []any{`{"1":"a","2":"b"}`}, `["1","2"]`},
		{"map_values", []any{`{"1":"a","2":"b"}`}, `["a","b"]`},
		{"map_keys", []any{"[1]"}, nil},
		// map_get
		{"map_get", []any{`{"a":{"b":1}}`, "a"}, `{"b":1}`},
		{"map_get", []any{`{"a":1}`, "z"}, nil},
		// str_to_map
		{"str_to_map", []any{"a:1,b:2,c:3", ",", ":"}, `{"a":"1","b":"2","c":"3"}`},
		{"str_to_map", []any{"a"}, `{"a":null}`},
		{"str_to_map", []any{"a=1;b=2", ";", "="}, `{"a":"1","b":"2"}`},
		{"str_to_map", []any{"a:1:2,a:3"}, `{"a":"3"}`},
		{"str_to_map", []any{"a:1", "("}, nil},
		// named_struct, struct_field
		{"named_struct", []any{"a", int64(1), "b", int64(2), "c", int64(3)}, `{"a":1,"b":2,"c":3}`},
		{"named_struct", []any{"z", "[1,2]", "a", nil}, `{"z":[1,2],"a":null}`},
		{"named_struct", []any{"a"}, nil},
		{"named_struct", []any{nil, int64(1)}, nil},
		{"struct_field", []any{`{"a":1,"b":"x"}`, "b"}, "x"},
		{"struct_field", []any{`{"a":1,"b":"x"}`, "A"}, i64(1)},
		{"struct_field", []any{`{"a":{"c":[1]}}`, "a"}, `{"c":[1]}`},
		{"struct_field", []any{`{"a":false}`, "a"}, F},
		{"struct_field", []any{`{"a":null}`, "a"}, nil},
		{"struct_field", []any{`{"a":1}`, "z"}, nil},
		{"struct_field", []any{"x", "z"}, nil},
	})
}

func TestShuffle(t *testing.T) {
	got, err := call(t, "shuffle", "[1,20,3,5]")
	s, _ := got.(string)
	if err != nil || len(s) != len("[1,20,3,5]") || !strings.Contains(s, "20") {
		t.Errorf("shuffle = %v, %v", got, err)
	}
	if got, _ := call(t, "shuffle", nil); got != nil {
		t.Errorf("shuffle(NULL) = %v", got)
	}
}

func TestJSONValues(t *testing.T) {
	for _, s := range []string{`{"a":[1,-2.5e3,true,false,null,"x\"\\\n\u0001é"],"":{}}`, `[]`, `"\ud83d\ude00"`, `-0`} {
		v, err := parseJSON(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		again, err := parseJSON(jsonText(v))
		if err != nil || jsonText(again) != jsonText(v) {
			t.Errorf("%s: round trip %s", s, jsonText(v))
		}
	}
	for _, s := range []string{``, `[1,]`, `{"a"}`, `01`, `1.`, `"\x"`, `[1] x`, `{'a':1}`, `tru`, `"abc`} {
		if _, err := parseJSON(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
	if got := jsonText("<&>\u2028\x7f"); got != "\"<&>\u2028\x7f\"" {
		t.Errorf("escaping: %s", got)
	}
}

// TestObjectIndex: a large object finds a key through its index, the
// first of duplicate keys, also for keys appended directly to keys.
func TestObjectIndex(t *testing.T) {
	o := &jobj{}
	for i := 0; i < 100; i++ {
		o.set(strconv.Itoa(i), i)
	}
	o.keys = append(o.keys, "7", "extra") // appended directly: a duplicate and a new key
	o.vals = append(o.vals, "dup", "x")
	o.set("50", "fifty")
	for k, want := range map[string]any{"0": 0, "7": 7, "50": "fifty", "99": 99, "extra": "x"} {
		if got, ok := o.get(k); !ok || got != want {
			t.Errorf("get(%q) = %v, %v; want %v", k, got, ok, want)
		}
	}
	if _, ok := o.get("100"); ok {
		t.Error(`get("100") found a key that is not there`)
	}
	if len(o.keys) != 102 {
		t.Errorf("%d keys, want 102", len(o.keys))
	}
}

// BenchmarkStrToMap builds maps of 1,000, 10,000 and 100,000 keys side by
// side: the time per key stays flat (a key is found by an index, not by a
// scan of the keys before it).
func BenchmarkStrToMap(b *testing.B) {
	f, _ := lookup("str_to_map")
	for _, n := range []int{1000, 10000, 100000} {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = strconv.Itoa(i) + ":1"
		}
		text := strings.Join(parts, ",")
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := f.fn([]any{text}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
		})
	}
}
