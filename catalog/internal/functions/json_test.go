package functions

import "testing"

// Examples of the Spark SQL built-in function reference (the examples with
// an options map are left out: the options argument is not supported).
func TestJSONFunctions(t *testing.T) {
	runCases(t, []tc{
		// to_json
		{"to_json", []any{`{"a":1,"b":2}`}, `{"a":1,"b":2}`},
		{"to_json", []any{`[{"a":1,"b":2}]`}, `[{"a":1,"b":2}]`},
		{"to_json", []any{`{"a":{"b":1}}`}, `{"a":{"b":1}}`},
		{"to_json", []any{`{"a":1}`}, `{"a":1}`},
		{"to_json", []any{`[{"a":1}]`}, `[{"a":1}]`},
		{"to_json", []any{"{ \"a\" : [ 1 , null ] , \"b\" : null }"}, `{"a":[1,null]}`},
		{"to_json", []any{"1"}, nil},
		{"to_json", []any{"not json"}, nil},
		{"to_json", []any{nil}, nil},
		// from_json
		{"from_json", []any{`{"a":1, "b":0.8}`, "a INT, b DOUBLE"}, `{"a":1,"b":0.8}`},
		{"from_json", []any{`{"teacher": "Alice", "student": [{"name": "Bob", "rank": 1}, {"name": "Charlie", "rank": 2}]}`,
			"STRUCT<teacher: STRING, student: ARRAY<STRUCT<name: STRING, rank: INT>>>"},
			`{"teacher":"Alice","student":[{"name":"Bob","rank":1},{"name":"Charlie","rank":2}]}`},
		{"from_json", []any{`{"b":"x"}`, "a INT, b STRING"}, `{"a":null,"b":"x"}`},
		{"from_json", []any{`{"a":"x","b":"y"}`, "a INT, b STRING"}, `{"a":null,"b":null}`},
		{"from_json", []any{`{"a":1`, "a INT, b STRING"}, `{"a":null,"b":null}`},
		{"from_json", []any{`[1,2]`, "a INT"}, `{"a":null}`},
		{"from_json", []any{`{"a":3000000000}`, "a INT"}, `{"a":null}`},
		{"from_json", []any{`{"a":3000000000}`, "a BIGINT"}, `{"a":3000000000}`},
		{"from_json", []any{`{"a":1.235,"b":"NaN","c":0.8}`, "a DECIMAL(5,2), b DOUBLE, c FLOAT"}, `{"a":1.24,"b":"NaN","c":0.8}`},
		{"from_json", []any{`{"a":1.50,"b":{"x":[1]},"c":true}`, "a STRING, b STRING, c BOOLEAN"}, `{"a":"1.50","b":"{\"x\":[1]}","c":true}`},
		{"from_json", []any{`{"d":"2015-08-26","t":"2015-08-26T10:00:00Z"}`, "d DATE, t TIMESTAMP"}, `{"d":"2015-08-26","t":"2015-08-26 10:00:00"}`},
		{"from_json", []any{`{"a":1,"a":2}`, "`a` INT NOT NULL COMMENT 'x'"}, `{"a":2}`},
		{"from_json", []any{`[1,2,null]`, "array<int>"}, `[1,2,null]`},
		{"from_json", []any{`{"x":1,"y":2}`, "map<string,int>"}, `{"x":1,"y":2}`},
		{"from_json", []any{`{"x":"a"}`, "map<string,int>"}, nil},
		{"from_json", []any{`[1`, "array<int>"}, nil},
		{"from_json", []any{`{"a":1}`, "a WIDGET"}, nil},
		{"from_json", []any{"", "a INT"}, nil},
		{"from_json", []any{nil, "a INT"}, nil},
		// get_json_object
		{"get_json_object", []any{`{"a":"b"}`, "$.a"}, "b"},
		{"get_json_object", []any{`{"a":{"b":[1,2.50,{"c":null}]}}`, "$.a"}, `{"b":[1,2.5,{"c":null}]}`},
		{"get_json_object", []any{`{"a":{"b":[1,2.50]}}`, "$.a.b[1]"}, "2.5"},
		{"get_json_object", []any{`{"a":{"b":[1,2]}}`, "$['a']['b'][0]"}, "1"},
		{"get_json_object", []any{`[{"a":1},{"a":2},{"b":3}]`, "$[*].a"}, "[1,2]"},
		{"get_json_object", []any{`[{"a":1},{"b":3}]`, "$[*].a"}, "1"},
		{"get_json_object", []any{`{"a":true,"n":null}`, "$.a"}, "true"},
		{"get_json_object", []any{`{"a":true,"n":null}`, "$.n"}, nil},
		{"get_json_object", []any{`{"a":1}`, "$.b"}, nil},
		{"get_json_object", []any{`{"a":1}`, "a"}, nil},
		{"get_json_object", []any{`{"a":1`, "$.a"}, nil},
		{"get_json_object", []any{`{"a":1}`, nil}, nil},
		// json_array_length
		{"json_array_length", []any{"[1,2,3,4]"}, i64(4)},
		{"json_array_length", []any{`[1,2,3,{"f1":1,"f2":[5,6]},4]`}, i64(5)},
		{"json_array_length", []any{"[1,2"}, nil},
		{"json_array_length", []any{"{}"}, nil},
		// json_object_keys
		{"json_object_keys", []any{"{}"}, "[]"},
		{"json_object_keys", []any{`{"key": "value"}`}, `["key"]`},
		{"json_object_keys", []any{`{"f1":"abc","f2":{"f3":"a", "f4":"b"}}`}, `["f1","f2"]`},
		{"json_object_keys", []any{"[1]"}, nil},
		{"json_object_keys", []any{""}, nil},
		// schema_of_json
		{"schema_of_json", []any{`[{"col":0}]`}, "ARRAY<STRUCT<col: BIGINT>>"},
		{"schema_of_json", []any{`{"b":"x","a":1.5,"c":[null],"d":true,"e":null,"f":[1,1.5],"g b":{}}`},
			"STRUCT<a: DOUBLE, b: STRING, c: ARRAY<STRING>, d: BOOLEAN, e: STRING, f: ARRAY<DOUBLE>, `g b`: STRUCT<>>"},
		{"schema_of_json", []any{`[{"a":1},{"b":"x"},{"a":"y"}]`}, "ARRAY<STRUCT<a: STRING, b: STRING>>"},
		{"schema_of_json", []any{`12345678901234567890`}, "DECIMAL(20,0)"},
		{"schema_of_json", []any{`[]`}, "ARRAY<STRING>"},
		{"schema_of_json", []any{`{"a":`}, nil},
	})
}

func TestSchemaParsing(t *testing.T) {
	for _, s := range []string{"a INT, b STRING", "struct<a:int,b:string>", "array<int>", "map<string,int>",
		"STRUCT<a: ARRAY<MAP<STRING, DECIMAL(10,2)>>, `b c`: VARCHAR(10)>", "a long not null, b timestamp_ntz comment 'x'"} {
		if _, ok := parseSchema(s); !ok {
			t.Errorf("%q not parsed", s)
		}
	}
	for _, s := range []string{"", "a", "a INT,", "array<int", "map<int>", "struct<a int", "decimal(40,2)", "a INT b"} {
		if _, ok := parseSchema(s); ok {
			t.Errorf("%q parsed", s)
		}
	}
}
