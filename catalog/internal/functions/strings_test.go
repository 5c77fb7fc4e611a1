package functions

import (
	"strings"
	"testing"
)

var (
	T = int64(1) // true
	F = int64(0) // false
)

func i64(n int64) int64 { return n }

// Examples of the Spark SQL built-in function reference (3.5), one block
// per function, converted to tableacl's conventions, then NULL and
// bad-input cases.
func TestStringFunctions(t *testing.T) {
	bin := []byte("Spark SQL")
	runCases(t, []tc{
		// ascii
		{"ascii", []any{"222"}, i64(50)},
		{"ascii", []any{int64(2)}, i64(50)},
		{"ascii", []any{""}, i64(0)},
		{"ascii", []any{"é"}, i64(233)},
		{"ascii", []any{nil}, nil},
		// base64, unbase64
		{"base64", []any{"Spark SQL"}, "U3BhcmsgU1FM"},
		{"base64", []any{[]byte{0x53, 0x70, 0x61, 0x72, 0x6b, 0x20, 0x53, 0x51, 0x4c}}, "U3BhcmsgU1FM"},
		{"base64", []any{nil}, nil},
		{"unbase64", []any{"U3BhcmsgU1FM"}, bin},
		{"unbase64", []any{"U3BhcmsgU1FM\n"}, bin},
		{"unbase64", []any{"U3Bhcms"}, []byte("Spark")},
		{"unbase64", []any{nil}, nil},
		// bit_length, octet_length
		{"bit_length", []any{"Spark SQL"}, i64(72)},
		{"bit_length", []any{bin}, i64(72)},
		{"octet_length", []any{"Spark SQL"}, i64(9)},
		{"octet_length", []any{bin}, i64(9)},
		{"octet_length", []any{"é"}, i64(2)},
		{"bit_length", []any{nil}, nil},
		// char, chr
		{"char", []any{int64(65)}, "A"},
		{"chr", []any{int64(65)}, "A"},
		{"chr", []any{int64(321)}, "A"},
		{"chr", []any{int64(-1)}, ""},
		{"chr", []any{int64(0)}, "\x00"},
		{"chr", []any{"x"}, nil},
		{"chr", []any{nil}, nil},
		// concat_ws
		{"concat_ws", []any{" ", "Spark", "SQL"}, "Spark SQL"},
		{"concat_ws", []any{"s"}, ""},
		{"concat_ws", []any{"/", "foo", nil, "bar"}, "foo/bar"},
		{"concat_ws", []any{nil, "Spark", "SQL"}, nil},
		{"concat_ws", []any{",", `["a","b",null]`, "c", int64(1)}, "a,b,c,1"},
		// contains, startswith, endswith
		{"contains", []any{"Spark SQL", "Spark"}, T},
		{"contains", []any{"Spark SQL", "SPARK"}, F},
		{"contains", []any{"Spark SQL", nil}, nil},
		{"contains", []any{bin, []byte("Spark")}, T},
		{"startswith", []any{"Spark SQL", "Spark"}, T},
		{"startswith", []any{"Spark SQL", "SQL"}, F},
		{"startswith", []any{"Spark SQL", nil}, nil},
		{"startswith", []any{bin, []byte("SQL")}, F},
		{"endswith", []any{"Spark SQL", "SQL"}, T},
		{"endswith", []any{"Spark SQL", "Spark"}, F},
		{"endswith", []any{"Spark SQL", nil}, nil},
		{"endswith", []any{bin, []byte("SQL")}, T},
		// find_in_set
		{"find_in_set", []any{"ab", "abc,b,ab,c,def"}, i64(3)},
		{"find_in_set", []any{"a,b", "a,b"}, i64(0)},
		{"find_in_set", []any{"x", "abc"}, i64(0)},
		{"find_in_set", []any{"", "a,,b"}, i64(2)},
		{"find_in_set", []any{nil, "a"}, nil},
		// format_number
		{"format_number", []any{12332.123456, int64(4)}, "12,332.1235"},
		{"format_number", []any{12332.123456, "##################.###"}, "12332.123"},
		{"format_number", []any{int64(1234567), int64(0)}, "1,234,567"},
		{"format_number", []any{-1234.5, int64(2)}, "-1,234.50"},
		{"format_number", []any{0.125, int64(2)}, "0.12"},
		{"format_number", []any{0.135, int64(2)}, "0.14"},
		{"format_number", []any{0.5, "#.##"}, ".5"},
		{"format_number", []any{0.5, "0.00%"}, "50.00%"},
		{"format_number", []any{1.5, int64(-1)}, nil},
		{"format_number", []any{"abc", int64(1)}, nil},
		{"format_number", []any{nil, int64(1)}, nil},
		// format_string, printf
		{"format_string", []any{"Hello World %d %s", int64(100), "days"}, "Hello World 100 days"},
		{"printf", []any{"Hello World %d %s", int64(100), "days"}, "Hello World 100 days"},
		{"format_string", []any{"%5d|%-5d|%05d|%+d|%,d|%(d", int64(42), int64(42), int64(42), int64(42), int64(1234567), int64(-5)}, "   42|42   |00042|+42|1,234,567|(5)"},
		{"format_string", []any{"%.2f %e %.3E %x %X %o %#x", 2.675, 12345.678, 0.000123, int64(255), int64(-1), int64(8), int64(255)}, "2.68 1.234568e+04 1.230E-04 ff FFFFFFFFFFFFFFFF 10 0xff"},
		{"format_string", []any{"%s %S %b %c %%%n", nil, "abc", int64(0), "z"}, "null ABC false z %\n"},
		{"format_string", []any{"%2$s %1$s %<s", "a", "b"}, "b a a"},
		{"format_string", []any{"%g|%.3g|%g", 0.0001234, 1234567.0, 100000.0}, "0.000123400|1.23e+06|100000"},
		{"format_string", []any{"%d", 1.5}, nil},
		{"format_string", []any{"%d %d", int64(1)}, nil},
		{"format_string", []any{"%q", int64(1)}, nil},
		{"format_string", []any{nil, int64(1)}, nil},
		// initcap
		{"initcap", []any{"sPark sql"}, "Spark Sql"},
		{"initcap", []any{"hello\tworld  x"}, "Hello\tworld  X"},
		{"initcap", []any{nil}, nil},
		// lpad, rpad
		{"lpad", []any{"hi", int64(5), "??"}, "???hi"},
		{"lpad", []any{"hi", int64(1), "??"}, "h"},
		{"lpad", []any{"hi", int64(5)}, "   hi"},
		{"lpad", []any{[]byte{0xaa, 0xbb}, int64(5)}, []byte{0, 0, 0, 0xaa, 0xbb}},
		{"lpad", []any{[]byte{0xaa, 0xbb}, int64(5), []byte{0x11, 0x22}}, []byte{0x11, 0x22, 0x11, 0xaa, 0xbb}},
		{"rpad", []any{"hi", int64(5), "??"}, "hi???"},
		{"rpad", []any{"hi", int64(1), "??"}, "h"},
		{"rpad", []any{"hi", int64(5)}, "hi   "},
		{"rpad", []any{[]byte{0xaa, 0xbb}, int64(5)}, []byte{0xaa, 0xbb, 0, 0, 0}},
		{"rpad", []any{[]byte{0xaa, 0xbb}, int64(5), []byte{0x11, 0x22}}, []byte{0xaa, 0xbb, 0x11, 0x22, 0x11}},
		{"lpad", []any{"hi", int64(-1)}, ""},
		{"lpad", []any{"hi", int64(5), ""}, "hi"},
		{"rpad", []any{"héé", int64(5), "ü"}, "hééüü"},
		{"lpad", []any{nil, int64(5)}, nil},
		{"lpad", []any{"hi", nil}, nil},
		// left, right
		{"left", []any{"Spark SQL", int64(3)}, "Spa"},
		{"left", []any{[]byte("Spark SQL"), int64(3)}, []byte("Spa")},
		{"left", []any{"Spark SQL", "3"}, "Spa"},
		{"left", []any{"Spark SQL", int64(-1)}, ""},
		{"right", []any{"Spark SQL", int64(3)}, "SQL"},
		{"right", []any{"Spark SQL", int64(100)}, "Spark SQL"},
		{"right", []any{"Spark SQL", int64(0)}, ""},
		{"right", []any{nil, int64(1)}, nil},
		// levenshtein
		{"levenshtein", []any{"kitten", "sitting"}, i64(3)},
		{"levenshtein", []any{"kitten", "sitting", int64(2)}, i64(-1)},
		{"levenshtein", []any{"", "abc"}, i64(3)},
		{"levenshtein", []any{nil, "abc"}, nil},
		// locate, position, instr
		{"locate", []any{"bar", "foobarbar"}, i64(4)},
		{"locate", []any{"bar", "foobarbar", int64(5)}, i64(7)},
		{"position", []any{"bar", "foobarbar"}, i64(4)},
		{"position", []any{"bar", "foobarbar", int64(5)}, i64(7)},
		{"locate", []any{"x", "foobarbar"}, i64(0)},
		{"locate", []any{"bar", "foobarbar", int64(0)}, i64(0)},
		{"locate", []any{"", "abc"}, i64(1)},
		{"locate", []any{"ü", "aüü", int64(3)}, i64(3)},
		{"locate", []any{"bar", nil}, nil},
		{"instr", []any{"SparkSQL", "SQL"}, i64(6)},
		{"instr", []any{"SparkSQL", "x"}, i64(0)},
		{"instr", []any{"ééSQL", "SQL"}, i64(3)},
		{"instr", []any{nil, "x"}, nil},
		// overlay
		{"overlay", []any{"Spark SQL", "_", int64(6)}, "Spark_SQL"},
		{"overlay", []any{"Spark SQL", "CORE", int64(7)}, "Spark CORE"},
		{"overlay", []any{"Spark SQL", "ANSI ", int64(7), int64(0)}, "Spark ANSI SQL"},
		{"overlay", []any{"Spark SQL", "tructured", int64(2), int64(4)}, "Structured SQL"},
		{"overlay", []any{[]byte("Spark SQL"), []byte("_"), int64(6)}, []byte("Spark_SQL")},
		{"overlay", []any{[]byte("Spark SQL"), []byte("tructured"), int64(2), int64(4)}, []byte("Structured SQL")},
		{"overlay", []any{"Spark SQL", nil, int64(2)}, nil},
		// regexp_extract, regexp_extract_all
		{"regexp_extract", []any{"100-200", `(\d+)-(\d+)`, int64(1)}, "100"},
		{"regexp_extract", []any{"100-200", `(\d+)-(\d+)`}, "100"},
		{"regexp_extract", []any{"100-200", `(\d+)-(\d+)`, int64(0)}, "100-200"},
		{"regexp_extract", []any{"abc", `(\d+)`, int64(1)}, ""},
		{"regexp_extract", []any{"abc", `(a)|(x)`, int64(2)}, ""},
		{"regexp_extract", []any{"abc", `(a)`, int64(3)}, nil},
		{"regexp_extract", []any{"abc", `(`, int64(1)}, nil},
		{"regexp_extract", []any{"Ab1", `\p{Alpha}+`, int64(0)}, "Ab"},
		{"regexp_extract", []any{nil, "a"}, nil},
		{"regexp_extract_all", []any{"100-200, 300-400", `(\d+)-(\d+)`, int64(1)}, `["100","300"]`},
		{"regexp_extract_all", []any{"100-200, 300-400", `(\d+)-(\d+)`}, `["100","300"]`},
		{"regexp_extract_all", []any{"abc", `\d`}, nil},
		{"regexp_extract_all", []any{"abc", `\d`, int64(0)}, "[]"},
		// regexp_replace
		{"regexp_replace", []any{"100-200", `(\d+)`, "num"}, "num-num"},
		{"regexp_replace", []any{"100-200", `(\d+)-(\d+)`, "$2-$1"}, "200-100"},
		{"regexp_replace", []any{"100-200", `(\d+)`, `\$$1`}, "$100-$200"},
		{"regexp_replace", []any{"aaa", `a`, "b", int64(2)}, "abb"},
		{"regexp_replace", []any{"aaa", `^a`, "b", int64(2)}, "aba"},
		{"regexp_replace", []any{"aaa", `a`, "b", int64(10)}, "aaa"},
		{"regexp_replace", []any{"aaa", `a`, "$5"}, nil},
		{"regexp_replace", []any{"aaa", nil, "b"}, nil},
		// regexp_like, rlike
		{"regexp_like", []any{`%SystemDrive%\Users\John`, `%SystemDrive%\\Users.*`}, T},
		{"rlike", []any{`%SystemDrive%\Users\John`, `%SystemDrive%\\Users.*`}, T},
		{"rlike", []any{"abc", "^b"}, F},
		{"rlike", []any{"abc", "b"}, T},
		{"rlike", []any{"abc", nil}, nil},
		// regexp_count, regexp_instr
		{"regexp_count", []any{"Steven Jones and Stephen Smith are the best players", "Ste(v|ph)en"}, i64(2)},
		{"regexp_count", []any{"abcdefghijklmnopqrstuvwxyz", "[a-z]{3}"}, i64(8)},
		{"regexp_count", []any{"abc", "("}, nil},
		{"regexp_instr", []any{"user@spark.apache.org", "@[^.]*"}, i64(5)},
		{"regexp_instr", []any{"abc", "x"}, i64(0)},
		{"regexp_instr", []any{"abc", nil}, nil},
		// repeat, reverse, space
		{"repeat", []any{"123", int64(2)}, "123123"},
		{"repeat", []any{"123", int64(-1)}, ""},
		{"repeat", []any{nil, int64(2)}, nil},
		{"reverse", []any{"Spark SQL"}, "LQS krapS"},
		{"reverse", []any{"héllo"}, "olléh"},
		{"reverse", []any{nil}, nil},
		{"space", []any{int64(2)}, "  "},
		{"space", []any{int64(-2)}, ""},
		{"space", []any{nil}, nil},
		// soundex
		{"soundex", []any{"Miller"}, "M460"},
		{"soundex", []any{"Robert"}, "R163"},
		{"soundex", []any{"Ashcraft"}, "A261"},
		{"soundex", []any{"Tymczak"}, "T522"},
		{"soundex", []any{"1abc"}, "1abc"},
		{"soundex", []any{""}, ""},
		{"soundex", []any{nil}, nil},
		// split, split_part
		{"split", []any{"oneAtwoBthreeC", "[ABC]"}, `["one","two","three",""]`},
		{"split", []any{"oneAtwoBthreeC", "[ABC]", int64(-1)}, `["one","two","three",""]`},
		{"split", []any{"oneAtwoBthreeC", "[ABC]", int64(2)}, `["one","twoBthreeC"]`},
		{"split", []any{"oneAtwoBthreeC", "[ABC]", int64(0)}, `["one","two","three",""]`},
		{"split", []any{"abc", ""}, `["a","b","c"]`},
		{"split", []any{"abc", "", int64(2)}, `["a","bc"]`},
		{"split", []any{"", ","}, `[""]`},
		{"split", []any{",a,", ","}, `["","a",""]`},
		{"split", []any{"abc", "("}, nil},
		{"split", []any{nil, ","}, nil},
		{"split_part", []any{"11.12.13", ".", int64(3)}, "13"},
		{"split_part", []any{"11.12.13", ".", int64(-1)}, "13"},
		{"split_part", []any{"11.12.13", ".", int64(4)}, ""},
		{"split_part", []any{"11.12.13", "", int64(1)}, "11.12.13"},
		{"split_part", []any{"11.12.13", ".", int64(0)}, nil},
		{"split_part", []any{"11.12.13", nil, int64(1)}, nil},
		// substring_index
		{"substring_index", []any{"www.apache.org", ".", int64(2)}, "www.apache"},
		{"substring_index", []any{"www.apache.org", ".", int64(-2)}, "apache.org"},
		{"substring_index", []any{"www.apache.org", ".", int64(5)}, "www.apache.org"},
		{"substring_index", []any{"www.apache.org", ".", int64(0)}, ""},
		{"substring_index", []any{"www.apache.org", "", int64(1)}, ""},
		{"substring_index", []any{nil, ".", int64(1)}, nil},
		// substr, substring
		{"substr", []any{"Spark SQL", int64(5)}, "k SQL"},
		{"substr", []any{"Spark SQL", int64(-3)}, "SQL"},
		{"substr", []any{"Spark SQL", int64(5), int64(1)}, "k"},
		{"substr", []any{[]byte("Spark SQL"), int64(5)}, []byte("k SQL")},
		{"substring", []any{"Spark SQL", int64(5)}, "k SQL"},
		{"substring", []any{"Spark SQL", int64(-3)}, "SQL"},
		{"substring", []any{"Spark SQL", int64(5), int64(1)}, "k"},
		{"substring", []any{"Spark SQL", int64(0), int64(2)}, "Sp"},
		{"substring", []any{"Spark SQL", int64(-20), int64(15)}, "Spar"},
		{"substring", []any{"Spark SQL", int64(2), int64(-1)}, ""},
		{"substring", []any{"Spark SQL", int64(100)}, ""},
		{"substring", []any{"héllo", int64(2), int64(2)}, "él"},
		{"substring", []any{nil, int64(1)}, nil},
		// translate
		{"translate", []any{"AaBbCc", "abc", "123"}, "A1B2C3"},
		{"translate", []any{"AaBbCc", "abc", "1"}, "A1BC"},
		{"translate", []any{"aaa", "aa", "xy"}, "xxx"},
		{"translate", []any{nil, "a", "b"}, nil},
		// btrim, trim, ltrim, rtrim
		{"btrim", []any{"    SparkSQL   "}, "SparkSQL"},
		{"btrim", []any{"SSparkSQLS", "SL"}, "parkSQ"},
		{"trim", []any{"    SparkSQL   "}, "SparkSQL"},
		{"trim", []any{"SSparkSQLS", "SL"}, "parkSQ"},
		{"trim", []any{"\tx\t"}, "\tx\t"},
		{"ltrim", []any{"    SparkSQL   "}, "SparkSQL   "},
		{"ltrim", []any{"SSparkSQLS", "SL"}, "parkSQLS"},
		{"rtrim", []any{"    SparkSQL   "}, "    SparkSQL"},
		{"rtrim", []any{"SSparkSQLS", "SL"}, "SSparkSQ"},
		{"trim", []any{nil}, nil},
		{"trim", []any{"x", nil}, nil},
		// lower, upper, lcase, ucase
		{"lower", []any{"SparkSql"}, "sparksql"},
		{"lcase", []any{"SparkSql"}, "sparksql"},
		{"upper", []any{"SparkSql"}, "SPARKSQL"},
		{"ucase", []any{"SparkSql"}, "SPARKSQL"},
		{"upper", []any{"héllo"}, "HÉLLO"},
		{"lower", []any{nil}, nil},
		// length, char_length, character_length
		{"length", []any{"Spark SQL "}, i64(10)},
		{"length", []any{bin}, i64(9)},
		{"char_length", []any{"Spark SQL "}, i64(10)},
		{"char_length", []any{bin}, i64(9)},
		{"character_length", []any{"Spark SQL "}, i64(10)},
		{"character_length", []any{bin}, i64(9)},
		{"length", []any{"héllo"}, i64(5)},
		{"length", []any{nil}, nil},
		// decode, encode
		{"decode", []any{[]byte("abc"), "utf-8"}, "abc"},
		{"encode", []any{"abc", "utf-8"}, []byte("abc")},
		{"decode", []any{[]byte{0x53, 0x70, 0x61, 0x72, 0x6B, 0x20, 0x53, 0x51, 0x4C}, "UTF-8"}, "Spark SQL"},
		{"encode", []any{"é", "ISO-8859-1"}, []byte{0xe9}},
		{"encode", []any{"é", "US-ASCII"}, []byte("?")},
		{"encode", []any{"a", "UTF-16"}, []byte{0xfe, 0xff, 0, 'a'}},
		{"encode", []any{"a", "UTF-16LE"}, []byte{'a', 0}},
		{"decode", []any{[]byte{0xfe, 0xff, 0, 'a'}, "UTF-16"}, "a"},
		{"decode", []any{[]byte{'a', 0}, "utf-16le"}, "a"},
		{"decode", []any{[]byte{0xe9}, "ISO-8859-1"}, "é"},
		{"decode", []any{[]byte{0xff}, "UTF-8"}, "\uFFFD"},
		{"decode", []any{[]byte("abc"), "EBCDIC"}, nil},
		{"encode", []any{nil, "utf-8"}, nil},
		// url_encode, url_decode
		{"url_encode", []any{"https://spark.apache.org"}, "https%3A%2F%2Fspark.apache.org"},
		{"url_encode", []any{"a b*~é"}, "a+b*%7E%C3%A9"},
		{"url_decode", []any{"https%3A%2F%2Fspark.apache.org"}, "https://spark.apache.org"},
		{"url_decode", []any{"a+b%C3%A9"}, "a bé"},
		{"url_decode", []any{"%zz"}, nil},
		{"url_decode", []any{"%4"}, nil},
		{"url_decode", []any{nil}, nil},
		// parse_url
		{"parse_url", []any{"http://spark.apache.org/path?query=1", "HOST"}, "spark.apache.org"},
		{"parse_url", []any{"http://spark.apache.org/path?query=1", "QUERY"}, "query=1"},
		{"parse_url", []any{"http://spark.apache.org/path?query=1", "QUERY", "query"}, "1"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "PATH"}, "/p/a"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "REF"}, "frag"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "PROTOCOL"}, "http"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "FILE"}, "/p/a?q=1&r=2"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "AUTHORITY"}, "u:p@host:8080"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "USERINFO"}, "u:p"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "HOST"}, "host"},
		{"parse_url", []any{"http://u:p@host:8080/p/a?q=1&r=2#frag", "QUERY", "r"}, "2"},
		{"parse_url", []any{"http://host/p", "QUERY"}, nil},
		{"parse_url", []any{"http://host/p", "QUERY", "x"}, nil},
		{"parse_url", []any{"http://host/p", "OTHER"}, nil},
		{"parse_url", []any{"http://a b/", "HOST"}, nil},
		{"parse_url", []any{nil, "HOST"}, nil},
		// elt
		{"elt", []any{int64(1), "scala", "java"}, "scala"},
		{"elt", []any{int64(2), "a", int64(1)}, i64(1)},
		{"elt", []any{int64(3), "a", "b"}, nil},
		{"elt", []any{nil, "a"}, nil},
		// luhn_check
		{"luhn_check", []any{"8112189876"}, T},
		{"luhn_check", []any{"79927398713"}, T},
		{"luhn_check", []any{"79927398714"}, F},
		{"luhn_check", []any{""}, F},
		{"luhn_check", []any{"7992a"}, F},
		{"luhn_check", []any{nil}, nil},
		// mask
		{"mask", []any{"abcd-EFGH-8765-4321"}, "xxxx-XXXX-nnnn-nnnn"},
		{"mask", []any{"abcd-EFGH-8765-4321", "Q"}, "xxxx-QQQQ-nnnn-nnnn"},
		{"mask", []any{"AbCD123-@$#", "Q", "q"}, "QqQQnnn-@$#"},
		{"mask", []any{"AbCD123-@$#"}, "XxXXnnn-@$#"},
		{"mask", []any{"AbCD123-@$#", "Q"}, "QxQQnnn-@$#"},
		{"mask", []any{"AbCD123-@$#", "Q", "q", "d"}, "QqQQddd-@$#"},
		{"mask", []any{"AbCD123-@$#", "Q", "q", "d", "o"}, "QqQQdddoooo"},
		{"mask", []any{"AbCD123-@$#", nil, "q", "d", "o"}, "AqCDdddoooo"},
		{"mask", []any{"AbCD123-@$#", nil, nil, "d", "o"}, "AbCDdddoooo"},
		{"mask", []any{"AbCD123-@$#", nil, nil, nil, "o"}, "AbCD123oooo"},
		{"mask", []any{nil, nil, nil, nil, "o"}, nil},
		{"mask", []any{nil}, nil},
		{"mask", []any{"AbCD123-@$#", nil, nil, nil, nil}, "AbCD123-@$#"},
	})
}

// TestRegexBounds: what one call may build or compile is bounded before it
// is built: more parts or matches than maxElems, or a pattern longer than
// maxPattern, give NULL.
func TestRegexBounds(t *testing.T) {
	many := strings.Repeat("a,", maxElems+1)
	runCases(t, []tc{
		{"split", []any{many, ","}, nil},
		{"split", []any{strings.Repeat("a", maxElems+1), ""}, nil},
		{"split", []any{strings.Repeat("a,", 3), ",", int64(2)}, `["a","a,a,"]`},
		{"regexp_count", []any{many, ","}, nil},
		{"regexp_count", []any{strings.Repeat("a,", 10), ","}, i64(10)},
		{"regexp_replace", []any{many, ",", ";"}, nil},
		{"rlike", []any{"a", strings.Repeat("(a|b)", maxPattern/5+1)}, nil},
		{"rlike", []any{"a", strings.Repeat("(a|b)", 100)}, F},
		{"rlike", []any{"a", "(a|b)"}, T},
	})
}

func TestUUID(t *testing.T) {
	a, _ := call(t, "uuid")
	b, _ := call(t, "uuid")
	s, ok := a.(string)
	if !ok || len(s) != 36 || s[14] != '4' || strings.Count(s, "-") != 4 || a == b {
		t.Errorf("uuid() = %v, %v", a, b)
	}
}
