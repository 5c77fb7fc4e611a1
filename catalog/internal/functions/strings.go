package functions

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

func stringFuncs() []scalar {
	s := []scalar{
		{"ascii", 1, 1, strictNull(fn1(asciiFunc)), true},
		{"base64", 1, 1, strictNull(fn1(base64Func)), true},
		{"unbase64", 1, 1, strictNull(fn1(unbase64Func)), true},
		{"bit_length", 1, 1, strictNull(fn1(bitLength)), true},
		{"octet_length", 1, 1, strictNull(fn1(octetLength)), true},
		{"char", 1, 1, strictNull(fn1(chrFunc)), true},
		{"chr", 1, 1, strictNull(fn1(chrFunc)), true},
		{"concat_ws", 1, -1, fnN(concatWs), true},
		{"contains", 2, 2, strictNull(fn2(containsFunc)), true},
		{"startswith", 2, 2, strictNull(fn2(startsWith)), true},
		{"endswith", 2, 2, strictNull(fn2(endsWith)), true},
		{"find_in_set", 2, 2, strictNull(fn2(findInSet)), true},
		{"format_number", 2, 2, strictNull(fn2(formatNumber)), true},
		{"format_string", 1, -1, fnN(formatString), true},
		{"printf", 1, -1, fnN(formatString), true},
		{"initcap", 1, 1, strictNull(fn1(initcap)), true},
		{"lpad", 2, 3, strictNull(fnN(lpad)), true},
		{"rpad", 2, 3, strictNull(fnN(rpad)), true},
		{"left", 2, 2, strictNull(fn2(leftFunc)), true},
		{"right", 2, 2, strictNull(fn2(rightFunc)), true},
		{"levenshtein", 2, 3, strictNull(fnN(levenshteinFunc)), true},
		{"locate", 2, 3, strictNull(fnN(locate)), true},
		{"position", 2, 3, strictNull(fnN(locate)), true},
		{"instr", 2, 2, strictNull(fn2(instr)), true},
		{"overlay", 3, 4, strictNull(fnN(overlay)), true},
		{"regexp_extract", 2, 3, strictNull(fnN(regexpExtract)), true},
		{"regexp_extract_all", 2, 3, strictNull(fnN(regexpExtractAll)), true},
		{"regexp_replace", 3, 4, strictNull(fnN(regexpReplace)), true},
		{"regexp_like", 2, 2, strictNull(fn2(rlike)), true},
		{"rlike", 2, 2, strictNull(fn2(rlike)), true},
		{"regexp_count", 2, 2, strictNull(fn2(regexpCount)), true},
		{"regexp_instr", 2, 3, strictNull(fnN(regexpInstr)), true},
		{"repeat", 2, 2, strictNull(fn2(repeatFunc)), true},
		{"reverse", 1, 1, strictNull(fn1(reverseFunc)), true},
		{"soundex", 1, 1, strictNull(fn1(soundex)), true},
		{"space", 1, 1, strictNull(fn1(space)), true},
		{"split", 2, 3, strictNull(fnN(split)), true},
		{"split_part", 3, 3, strictNull(fn3(splitPart)), true},
		{"substring_index", 3, 3, strictNull(fn3(substringIndex)), true},
		{"substr", 2, 3, strictNull(fnN(substrFunc)), true},
		{"substring", 2, 3, strictNull(fnN(substrFunc)), true},
		{"translate", 3, 3, strictNull(fn3(translate)), true},
		{"btrim", 1, 2, strictNull(fnN(trimBoth)), true},
		{"trim", 1, 2, strictNull(fnN(trimBoth)), true},
		{"ltrim", 1, 2, strictNull(fnN(trimLeft)), true},
		{"rtrim", 1, 2, strictNull(fnN(trimRight)), true},
		{"lower", 1, 1, strictNull(fn1(lower)), true},
		{"lcase", 1, 1, strictNull(fn1(lower)), true},
		{"upper", 1, 1, strictNull(fn1(upperFunc)), true},
		{"ucase", 1, 1, strictNull(fn1(upperFunc)), true},
		{"length", 1, 1, strictNull(fn1(length)), true},
		{"char_length", 1, 1, strictNull(fn1(length)), true},
		{"character_length", 1, 1, strictNull(fn1(length)), true},
		{"decode", 2, 2, strictNull(fn2(decodeFunc)), true},
		{"encode", 2, 2, strictNull(fn2(encodeFunc)), true},
		{"url_encode", 1, 1, strictNull(fn1(urlEncode)), true},
		{"url_decode", 1, 1, strictNull(fn1(urlDecode)), true},
		{"parse_url", 2, 3, strictNull(fnN(parseURL)), true},
		{"elt", 1, -1, fnN(elt), true},
		{"uuid", 0, 0, fn0(uuidFunc), false},
		{"luhn_check", 1, 1, strictNull(fn1(luhnCheck)), true},
		{"mask", 1, 5, fnN(mask), true},
	}
	return s
}

func asciiFunc(v any) any {
	s, _ := toStr(v)
	if s == "" {
		return int64(0)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return int64(r)
}

func base64Func(v any) any {
	b, _ := toBytes(v)
	return base64.StdEncoding.EncodeToString(b)
}

// unbase64Func decodes leniently, as Apache Commons' decoder Spark uses:
// characters outside the alphabet are skipped, padding is optional.
func unbase64Func(v any) any {
	s, _ := toStr(v)
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' {
			sb.WriteByte(c)
		} else if c == '-' {
			sb.WriteByte('+')
		} else if c == '_' {
			sb.WriteByte('/')
		} else if c == '=' {
			break
		}
	}
	clean := sb.String()
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	b, err := base64.RawStdEncoding.DecodeString(clean)
	if err != nil {
		return nil
	}
	return b
}

func bitLength(v any) any {
	b, _ := toBytes(v)
	return int64(len(b)) * 8
}

func octetLength(v any) any {
	b, _ := toBytes(v)
	return int64(len(b))
}

// chrFunc is Spark's chr: the character of code n mod 256, the empty string for a
// negative n.
func chrFunc(v any) any {
	n, ok := toInt(v)
	if !ok {
		return nil
	}
	if n < 0 {
		return ""
	}
	return string(rune(n & 0xFF))
}

func concatWs(args []any) any {
	if args[0] == nil {
		return nil
	}
	sep, _ := toStr(args[0])
	var parts []string
	total := 0
	add := func(s string) bool {
		total += len(s) + len(sep)
		parts = append(parts, s)
		return total <= maxLen
	}
	for _, a := range args[1:] {
		if a == nil {
			continue
		}
		if s, ok := a.(string); ok && strings.HasPrefix(s, "[") {
			if arr, ok := arrayArg(s); ok {
				for _, e := range arr {
					if t, ok := elemText(e); ok {
						if !add(t) {
							return nil
						}
					}
				}
				continue
			}
		}
		s, _ := toStr(a)
		if !add(s) {
			return nil
		}
	}
	return strings.Join(parts, sep)
}

func containsFunc(a, b any) any {
	x, _ := toBytes(a)
	y, _ := toBytes(b)
	return boolVal(strings.Contains(string(x), string(y)))
}

func startsWith(a, b any) any {
	x, _ := toBytes(a)
	y, _ := toBytes(b)
	return boolVal(strings.HasPrefix(string(x), string(y)))
}

func endsWith(a, b any) any {
	x, _ := toBytes(a)
	y, _ := toBytes(b)
	return boolVal(strings.HasSuffix(string(x), string(y)))
}

func findInSet(a, b any) any {
	s, _ := toStr(a)
	list, _ := toStr(b)
	if strings.Contains(s, ",") {
		return int64(0)
	}
	for i, p := range strings.Split(list, ",") {
		if p == s {
			return int64(i + 1)
		}
	}
	return int64(0)
}

// numDec is a numeric argument as a decimal.
func numDec(v any) (dec, bool, bool) {
	n, ok := toNumber(v)
	if !ok {
		return dec{}, false, false
	}
	switch x := n.(type) {
	case int64:
		return decFromInt(x), true, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return dec{}, false, false
		}
		return decFromFloat(x), false, true
	}
	return dec{}, false, false
}

// formatNumber is Spark's format_number: Java's DecimalFormat, rounding
// HALF_EVEN, with the pattern '#,###,###,###,###,###,##0.00…' (d zeros)
// for an integer d, or the pattern given.
func formatNumber(x, d any) any {
	if f, ok := x.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		// DecimalFormat prints the symbols
		switch {
		case math.IsNaN(f):
			return "\uFFFD"
		case f > 0:
			return "\u221E"
		}
		return "-\u221E"
	}
	v, _, ok := numDec(x)
	if !ok {
		return nil
	}
	var pat decimalPattern
	switch p := d.(type) {
	case string:
		if strings.TrimSpace(p) == "" {
			pat = decimalPattern{minInt: 1, group: 3}
		} else {
			var ok bool
			pat, ok = parseDecimalPattern(p)
			if !ok {
				return nil
			}
		}
	default:
		n, ok := toInt(d)
		if !ok || n < 0 {
			return nil
		}
		if n > 1000 {
			return nil
		}
		pat = decimalPattern{minInt: 1, group: 3, minFrac: int(n), maxFrac: int(n)}
	}
	return pat.format(v)
}

type decimalPattern struct {
	prefix, suffix   string
	minInt, group    int
	minFrac, maxFrac int
	percent          bool
}

// parseDecimalPattern reads the subset of DecimalFormat patterns: a
// literal prefix, '#', '0', ',' and '.', a literal suffix ('%' multiplies
// by 100); a negative subpattern after ';' is ignored.
func parseDecimalPattern(p string) (decimalPattern, bool) {
	var dp decimalPattern
	if i := strings.IndexByte(p, ';'); i >= 0 {
		p = p[:i]
	}
	isNum := func(c byte) bool { return c == '#' || c == '0' || c == ',' || c == '.' }
	i := 0
	for i < len(p) && !isNum(p[i]) {
		i++
	}
	dp.prefix = strings.ReplaceAll(p[:i], "'", "")
	j := i
	for j < len(p) && isNum(p[j]) {
		j++
	}
	dp.suffix = strings.ReplaceAll(p[j:], "'", "")
	num := p[i:j]
	if num == "" {
		return dp, false
	}
	if strings.Contains(dp.prefix+dp.suffix, "%") {
		dp.percent = true
	}
	intPart, fracPart, hasDot := strings.Cut(num, ".")
	if hasDot && strings.ContainsAny(fracPart, ".,") {
		return dp, false
	}
	if k := strings.LastIndexByte(intPart, ','); k >= 0 {
		dp.group = len(intPart) - k - 1
	}
	dp.minInt = strings.Count(intPart, "0")
	dp.minFrac = strings.Count(fracPart, "0")
	dp.maxFrac = dp.minFrac + strings.Count(fracPart, "#")
	if dp.maxFrac > 1000 || dp.minInt > 1000 {
		return dp, false
	}
	return dp, true
}

func (dp decimalPattern) format(v dec) string {
	if dp.percent {
		v.exp += 2
	}
	v = v.round(dp.maxFrac, halfEven)
	full := v.plain(dp.maxFrac)
	neg := strings.HasPrefix(full, "-")
	full = strings.TrimPrefix(full, "-")
	intPart, frac, _ := strings.Cut(full, ".")
	for len(frac) > dp.minFrac && strings.HasSuffix(frac, "0") {
		frac = frac[:len(frac)-1]
	}
	intPart = strings.TrimLeft(intPart, "0")
	for len(intPart) < dp.minInt {
		intPart = "0" + intPart
	}
	if dp.group > 0 && len(intPart) > dp.group {
		var sb strings.Builder
		first := len(intPart) % dp.group
		if first > 0 {
			sb.WriteString(intPart[:first])
		}
		for k := first; k < len(intPart); k += dp.group {
			if sb.Len() > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(intPart[k : k+dp.group])
		}
		intPart = sb.String()
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if out == "" {
		out = "0"
	}
	if neg && v.d != "" {
		out = "-" + dp.prefix + out
	} else {
		out = dp.prefix + out
	}
	return out + dp.suffix
}

func initcap(v any) any {
	s, _ := toStr(v)
	s = strings.ToLower(s)
	var sb strings.Builder
	prevSpace := true
	for _, r := range s {
		if prevSpace {
			sb.WriteRune(unicode.ToTitle(r))
		} else {
			sb.WriteRune(r)
		}
		prevSpace = r == ' '
	}
	return sb.String()
}

// pad is lpad and rpad (str, len[, pad]); binary input pads with
// binary (zeros by default).
func pad(args []any, left bool) any {
	n, ok := toInt(args[1])
	if !ok {
		return nil
	}
	if b, isBin := args[0].([]byte); isBin {
		p := []byte{0}
		if len(args) > 2 {
			p, _ = toBytes(args[2])
		}
		if n > maxLen {
			return nil
		}
		if n <= int64(len(b)) || len(p) == 0 {
			if n < 0 {
				n = 0
			}
			if n > int64(len(b)) {
				n = int64(len(b))
			}
			return append([]byte{}, b[:n]...)
		}
		fill := make([]byte, 0, n-int64(len(b)))
		for int64(len(fill)) < n-int64(len(b)) {
			fill = append(fill, p[len(fill)%len(p)])
		}
		if left {
			return append(fill, b...)
		}
		return append(append([]byte{}, b...), fill...)
	}
	s, _ := toStr(args[0])
	p := " "
	if len(args) > 2 {
		p, _ = toStr(args[2])
	}
	rs := []rune(s)
	if n <= int64(len(rs)) || p == "" {
		if n < 0 {
			n = 0
		}
		if n > int64(len(rs)) {
			n = int64(len(rs))
		}
		return string(rs[:n])
	}
	pr := []rune(p)
	need := n - int64(len(rs))
	if need > maxLen {
		return nil
	}
	full, part := need/int64(len(pr)), int(need%int64(len(pr)))
	if full*int64(len(p))+int64(len(string(pr[:part]))) > maxLen {
		return nil
	}
	fill := strings.Repeat(p, int(full)) + string(pr[:part])
	if left {
		return fill + s
	}
	return s + fill
}

func lpad(args []any) any { return pad(args, true) }
func rpad(args []any) any { return pad(args, false) }

// substringSQL is Spark's UTF8String.substringSQL on runes: 1-based, 0
// acts as 1, a negative position counts from the end.
func substringSQL(rs []rune, pos, length int64) []rune {
	n := int64(len(rs))
	var start int64
	switch {
	case pos > 0:
		start = pos - 1
	case pos < 0:
		start = n + pos
	}
	end := start + length
	if length > 0 && end < start { // overflow
		end = math.MaxInt64
	}
	if start < 0 {
		start = 0
	}
	if end > n {
		end = n
	}
	if start >= end {
		return nil
	}
	return rs[start:end]
}

func substrFunc(args []any) any {
	pos, ok := toInt(args[1])
	if !ok {
		return nil
	}
	length := int64(math.MaxInt64)
	if len(args) > 2 {
		if length, ok = toInt(args[2]); !ok {
			return nil
		}
	}
	if b, isBin := args[0].([]byte); isBin {
		n := int64(len(b))
		var start int64
		switch {
		case pos > 0:
			start = pos - 1
		case pos < 0:
			start = n + pos
		}
		end := start + length
		if length > 0 && end < start {
			end = math.MaxInt64
		}
		if start < 0 {
			start = 0
		}
		if end > n {
			end = n
		}
		if start >= end {
			return []byte{}
		}
		return append([]byte{}, b[start:end]...)
	}
	s, _ := toStr(args[0])
	return string(substringSQL([]rune(s), pos, length))
}

func leftFunc(a, b any) any {
	n, ok := toInt(b)
	if !ok {
		return nil
	}
	if n <= 0 {
		return ""
	}
	return substrFunc([]any{a, int64(1), n})
}

func rightFunc(a, b any) any {
	n, ok := toInt(b)
	if !ok {
		return nil
	}
	if n <= 0 {
		return ""
	}
	if n == math.MinInt64 {
		return ""
	}
	return substrFunc([]any{a, -n, int64(math.MaxInt64)})
}

func levenshteinFunc(args []any) any {
	a, _ := toStr(args[0])
	b, _ := toStr(args[1])
	ra, rb := []rune(a), []rune(b)
	if int64(len(ra))*int64(len(rb)) > 100_000_000 {
		return nil
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	d := int64(prev[len(rb)])
	if len(args) > 2 {
		t, ok := toInt(args[2])
		if !ok {
			return nil
		}
		if d > t {
			return int64(-1)
		}
	}
	return d
}

// runeIndex is the rune index of the first sub in s from rune start, -1 if
// none.
func runeIndex(s, sub string, start int) int {
	if start < 0 {
		start = 0
	}
	rs := []rune(s)
	if start > len(rs) {
		return -1
	}
	prefix := len(string(rs[:start]))
	i := strings.Index(s[prefix:], sub)
	if i < 0 {
		return -1
	}
	return start + utf8.RuneCountInString(s[prefix:prefix+i])
}

func locate(args []any) any {
	sub, _ := toStr(args[0])
	s, _ := toStr(args[1])
	start := int64(1)
	if len(args) > 2 {
		var ok bool
		if start, ok = toInt(args[2]); !ok {
			return nil
		}
	}
	if start < 1 {
		return int64(0)
	}
	if sub == "" {
		return int64(1)
	}
	if start > int64(len(s))+1 {
		return int64(0)
	}
	return int64(runeIndex(s, sub, int(start-1)) + 1)
}

func instr(a, b any) any {
	s, _ := toStr(a)
	sub, _ := toStr(b)
	if sub == "" {
		return int64(1)
	}
	return int64(runeIndex(s, sub, 0) + 1)
}

func overlay(args []any) any {
	if _, isBin := args[0].([]byte); isBin {
		in, _ := toBytes(args[0])
		rep, _ := toBytes(args[1])
		pos, ok := toInt(args[2])
		if !ok {
			return nil
		}
		l := int64(len(rep))
		if len(args) > 3 {
			n, ok := toInt(args[3])
			if !ok {
				return nil
			}
			if n >= 0 {
				l = n
			}
		}
		head := substrFunc([]any{in, int64(1), pos - 1}).([]byte)
		tail := substrFunc([]any{in, pos + l, int64(math.MaxInt64)}).([]byte)
		out := append(append(append([]byte{}, head...), rep...), tail...)
		return out
	}
	in, _ := toStr(args[0])
	rep, _ := toStr(args[1])
	pos, ok := toInt(args[2])
	if !ok {
		return nil
	}
	l := int64(utf8.RuneCountInString(rep))
	if len(args) > 3 {
		n, ok := toInt(args[3])
		if !ok {
			return nil
		}
		if n >= 0 {
			l = n
		}
	}
	rs := []rune(in)
	return string(substringSQL(rs, 1, pos-1)) + rep + string(substringSQL(rs, pos+l, math.MaxInt64))
}

// ---- regular expressions ----

// The bounds on regular expressions (tableacl choice): a longer pattern
// is invalid (the function gives NULL), and only short ones are kept
// compiled, so that the cache, which every engine of the process shares,
// holds at most 512 of them of 1 KiB each.
const (
	maxPattern       = 64 << 10
	maxCachedPattern = 1 << 10
)

var reCache = struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}{m: map[string]*regexp.Regexp{}}

// compileRe compiles a Java regular expression with Go's RE2 engine, after
// rewriting Java's POSIX classes (\p{Alpha}...) that RE2 spells
// differently. Java features RE2 lacks (back references, look-around)
// make the pattern invalid: the function gives NULL.
func compileRe(p string) (*regexp.Regexp, bool) {
	if len(p) > maxPattern {
		return nil, false
	}
	reCache.Lock()
	re, ok := reCache.m[p]
	reCache.Unlock()
	if ok {
		return re, re != nil
	}
	re, err := regexp.Compile(javaRegex(p))
	if err != nil {
		re = nil
	}
	if len(p) > maxCachedPattern {
		return re, re != nil
	}
	reCache.Lock()
	if len(reCache.m) >= 512 {
		reCache.m = map[string]*regexp.Regexp{}
	}
	reCache.m[p] = re
	reCache.Unlock()
	return re, re != nil
}

var posixClasses = map[string]string{
	"Lower": "lower", "Upper": "upper", "ASCII": "ascii", "Alpha": "alpha", "Digit": "digit",
	"Alnum": "alnum", "Punct": "punct", "Graph": "graph", "Print": "print", "Blank": "blank",
	"Cntrl": "cntrl", "XDigit": "xdigit", "Space": "space",
}

func javaRegex(p string) string {
	if !strings.Contains(p, `\p{`) && !strings.Contains(p, `\P{`) {
		return p
	}
	var sb strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' && i+1 < len(p) {
			if (p[i+1] == 'p' || p[i+1] == 'P') && i+2 < len(p) && p[i+2] == '{' {
				if end := strings.IndexByte(p[i+3:], '}'); end >= 0 {
					name := p[i+3 : i+3+end]
					if cls, ok := posixClasses[name]; ok {
						neg := ""
						if p[i+1] == 'P' {
							neg = "^"
						}
						if inClass {
							sb.WriteString("[:" + neg + cls + ":]")
						} else {
							sb.WriteString("[[:" + neg + cls + ":]]")
						}
						i += 3 + end
						continue
					}
				}
			}
			sb.WriteByte(c)
			sb.WriteByte(p[i+1])
			i++
			continue
		}
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func reArgs(a, b any) (string, *regexp.Regexp, bool) {
	s, _ := toStr(a)
	p, _ := toStr(b)
	re, ok := compileRe(p)
	return s, re, ok
}

func groupIndex(args []any, re *regexp.Regexp) (int, bool) {
	idx := int64(1)
	if len(args) > 2 {
		var ok bool
		if idx, ok = toInt(args[2]); !ok {
			return 0, false
		}
	}
	if idx < 0 || idx > int64(re.NumSubexp()) {
		return 0, false
	}
	return int(idx), true
}

func regexpExtract(args []any) any {
	s, re, ok := reArgs(args[0], args[1])
	if !ok {
		return nil
	}
	idx, ok := groupIndex(args, re)
	if !ok {
		return nil
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil || m[2*idx] < 0 {
		return ""
	}
	return s[m[2*idx]:m[2*idx+1]]
}

func regexpExtractAll(args []any) any {
	s, re, ok := reArgs(args[0], args[1])
	if !ok {
		return nil
	}
	idx, ok := groupIndex(args, re)
	if !ok {
		return nil
	}
	out := []any{}
	for _, m := range re.FindAllStringSubmatchIndex(s, maxElems+1) {
		if m[2*idx] < 0 {
			out = append(out, nil)
		} else {
			out = append(out, s[m[2*idx]:m[2*idx+1]])
		}
	}
	if len(out) > maxElems {
		return nil
	}
	return jsonResult(out)
}

// javaReplacement expands Java's replacement syntax for one match: $n and
// ${name} are groups, a backslash quotes the next character.
func javaReplacement(dst []byte, rep string, re *regexp.Regexp, src string, m []int) ([]byte, bool) {
	for i := 0; i < len(rep); i++ {
		c := rep[i]
		switch c {
		case '\\':
			i++
			if i >= len(rep) {
				return nil, false
			}
			dst = append(dst, rep[i])
		case '$':
			i++
			if i >= len(rep) {
				return nil, false
			}
			if rep[i] == '{' {
				end := strings.IndexByte(rep[i:], '}')
				if end < 0 {
					return nil, false
				}
				name := rep[i+1 : i+end]
				g := re.SubexpIndex(name)
				if g < 0 {
					return nil, false
				}
				if m[2*g] >= 0 {
					dst = append(dst, src[m[2*g]:m[2*g+1]]...)
				}
				i += end
				continue
			}
			if rep[i] < '0' || rep[i] > '9' {
				return nil, false
			}
			g := int(rep[i] - '0')
			if g > re.NumSubexp() {
				return nil, false
			}
			for i+1 < len(rep) && rep[i+1] >= '0' && rep[i+1] <= '9' {
				ng := g*10 + int(rep[i+1]-'0')
				if ng > re.NumSubexp() {
					break
				}
				g = ng
				i++
			}
			if m[2*g] >= 0 {
				dst = append(dst, src[m[2*g]:m[2*g+1]]...)
			}
		default:
			dst = append(dst, c)
		}
		if len(dst) > maxLen {
			return nil, false
		}
	}
	return dst, true
}

func regexpReplace(args []any) any {
	s, re, ok := reArgs(args[0], args[1])
	if !ok {
		return nil
	}
	rep, _ := toStr(args[2])
	prefix := ""
	if len(args) > 3 {
		pos, ok := toInt(args[3])
		if !ok || pos < 1 {
			return nil
		}
		rs := []rune(s)
		if pos > int64(len(rs)) {
			return s
		}
		prefix = string(rs[:pos-1])
		s = string(rs[pos-1:])
	}
	out := []byte(prefix)
	last := 0
	matches := re.FindAllStringSubmatchIndex(s, maxElems+1)
	if len(matches) > maxElems {
		return nil // more matches than one call may list
	}
	for _, m := range matches {
		out = append(out, s[last:m[0]]...)
		var ok bool
		if out, ok = javaReplacement(out, rep, re, s, m); !ok {
			return nil
		}
		last = m[1]
	}
	out = append(out, s[last:]...)
	return string(out)
}

func rlike(a, b any) any {
	s, re, ok := reArgs(a, b)
	if !ok {
		return nil
	}
	return boolVal(re.MatchString(s))
}

func regexpCount(a, b any) any {
	s, re, ok := reArgs(a, b)
	if !ok {
		return nil
	}
	n := len(re.FindAllStringIndex(s, maxElems+1))
	if n > maxElems {
		return nil // more matches than one call may list
	}
	return int64(n)
}

func regexpInstr(args []any) any {
	s, re, ok := reArgs(args[0], args[1])
	if !ok {
		return nil
	}
	idx := 0
	if len(args) > 2 {
		n, ok := toInt(args[2])
		if !ok || n < 0 || n > int64(re.NumSubexp()) {
			return nil
		}
		idx = int(n)
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil || m[2*idx] < 0 {
		return int64(0)
	}
	return int64(utf8.RuneCountInString(s[:m[2*idx]]) + 1)
}

func repeatFunc(a, b any) any {
	s, _ := toStr(a)
	n, ok := toInt(b)
	if !ok {
		return nil
	}
	if n <= 0 || s == "" {
		return ""
	}
	if n > int64(maxLen/len(s)) {
		return nil
	}
	return strings.Repeat(s, int(n))
}

func reverseFunc(v any) any {
	s, _ := toStr(v)
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

// soundex is Spark's UTF8String.soundex (American Soundex; a string not
// starting with a letter is returned as it is).
func soundex(v any) any {
	s, _ := toStr(v)
	if s == "" {
		return ""
	}
	const mapping = "01230127022455012623017202"
	b := s[0]
	if b >= 'a' && b <= 'z' {
		b -= 32
	} else if b < 'A' || b > 'Z' {
		return s
	}
	sx := []byte{b, '0', '0', '0'}
	sxi := 1
	last := mapping[b-'A']
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 32
		} else if c < 'A' || c > 'Z' {
			last = '0'
			continue
		}
		code := mapping[c-'A']
		if code == '7' {
			continue
		}
		if code != '0' && code != last {
			sx[sxi] = code
			sxi++
			if sxi > 3 {
				break
			}
		}
		last = code
	}
	return string(sx)
}

func space(v any) any {
	n, ok := toInt(v)
	if !ok {
		return nil
	}
	if n <= 0 {
		return ""
	}
	if n > maxLen {
		return nil
	}
	return strings.Repeat(" ", int(n))
}

// javaSplit is Java's Pattern.split(input, limit), which Spark's split
// calls (with a limit of 0 turned into -1, so no trailing empty string is
// dropped).
func javaSplit(re *regexp.Regexp, s string, limit int) []string {
	var out []string
	index := 0
	matched := false
	for _, m := range re.FindAllStringIndex(s, maxElems+2) {
		if limit > 0 && len(out) >= limit-1 {
			break
		}
		if index == 0 && m[0] == 0 && m[1] == 0 {
			continue
		}
		out = append(out, s[index:m[0]])
		index = m[1]
		matched = true
		if len(out) > maxElems {
			return nil
		}
	}
	if !matched {
		return []string{s}
	}
	out = append(out, s[index:])
	return out
}

func split(args []any) any {
	s, _ := toStr(args[0])
	p, _ := toStr(args[1])
	limit := int64(-1)
	if len(args) > 2 {
		var ok bool
		if limit, ok = toInt(args[2]); !ok {
			return nil
		}
	}
	if limit == 0 {
		limit = -1
	}
	if limit > maxElems {
		limit = maxElems + 1
	}
	var parts []string
	if p == "" && s != "" {
		rs := []rune(s)
		n := len(rs)
		if limit > 0 && limit < int64(n) {
			n = int(limit)
		}
		if n > maxElems {
			return nil
		}
		for i := 0; i < n-1; i++ {
			parts = append(parts, string(rs[i]))
		}
		parts = append(parts, string(rs[n-1:]))
	} else {
		re, ok := compileRe(p)
		if !ok {
			return nil
		}
		parts = javaSplit(re, s, int(limit))
	}
	if parts == nil || len(parts) > maxElems {
		return nil
	}
	out := make([]any, len(parts))
	for i, x := range parts {
		out[i] = x
	}
	return jsonResult(out)
}

func splitPart(a, b, c any) any {
	s, _ := toStr(a)
	delim, _ := toStr(b)
	n, ok := toInt(c)
	if !ok || n == 0 {
		return nil
	}
	var parts []string
	if delim == "" {
		parts = []string{s}
	} else {
		parts = strings.Split(s, delim)
	}
	if n > 0 {
		if n > int64(len(parts)) {
			return ""
		}
		return parts[n-1]
	}
	if n < -int64(len(parts)) {
		return ""
	}
	return parts[int64(len(parts))+n]
}

func substringIndex(a, b, c any) any {
	s, _ := toStr(a)
	delim, _ := toStr(b)
	n, ok := toInt(c)
	if !ok {
		return nil
	}
	if delim == "" || n == 0 {
		return ""
	}
	if n > 0 {
		from := 0
		for k := int64(0); k < n; k++ {
			i := strings.Index(s[from:], delim)
			if i < 0 {
				return s
			}
			if k == n-1 {
				return s[:from+i]
			}
			from += i + len(delim)
		}
		return s
	}
	end := len(s)
	for k := int64(0); k > n; k-- {
		i := strings.LastIndex(s[:end], delim)
		if i < 0 {
			return s
		}
		if k == n+1 {
			return s[i+len(delim):]
		}
		end = i
	}
	return s
}

func translate(a, b, c any) any {
	s, _ := toStr(a)
	from, _ := toStr(b)
	to, _ := toStr(c)
	tr := []rune(to)
	dict := map[rune]rune{}
	const deleted = -1
	i := 0
	for _, r := range from {
		if _, seen := dict[r]; !seen {
			if i < len(tr) {
				dict[r] = tr[i]
			} else {
				dict[r] = deleted
			}
		}
		i++
	}
	var sb strings.Builder
	for _, r := range s {
		if m, ok := dict[r]; ok {
			if m != deleted {
				sb.WriteRune(m)
			}
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func trimArgs(args []any) (string, func(rune) bool) {
	s, _ := toStr(args[0])
	if len(args) < 2 {
		return s, func(r rune) bool { return r == ' ' }
	}
	chars, _ := toStr(args[1])
	return s, func(r rune) bool { return strings.ContainsRune(chars, r) }
}

func trimBoth(args []any) any {
	s, f := trimArgs(args)
	return strings.TrimFunc(s, f)
}

func trimLeft(args []any) any {
	s, f := trimArgs(args)
	return strings.TrimLeftFunc(s, f)
}

func trimRight(args []any) any {
	s, f := trimArgs(args)
	return strings.TrimRightFunc(s, f)
}

func lower(v any) any {
	s, _ := toStr(v)
	return strings.ToLower(s)
}

func upperFunc(v any) any {
	s, _ := toStr(v)
	return strings.ToUpper(s)
}

func length(v any) any {
	if b, ok := v.([]byte); ok {
		return int64(len(b))
	}
	s, _ := toStr(v)
	return int64(utf8.RuneCountInString(s))
}

func charsetName(v any) (string, bool) {
	cs, ok := toStr(v)
	if !ok {
		return "", false
	}
	switch upper(cs) {
	case "UTF-8", "UTF8":
		return "UTF-8", true
	case "US-ASCII", "ASCII":
		return "US-ASCII", true
	case "ISO-8859-1", "ISO8859-1", "LATIN1", "ISO-LATIN-1":
		return "ISO-8859-1", true
	case "UTF-16BE", "UTF16BE":
		return "UTF-16BE", true
	case "UTF-16LE", "UTF16LE":
		return "UTF-16LE", true
	case "UTF-16", "UTF16":
		return "UTF-16", true
	}
	return "", false
}

// decodeFunc is decode(bin, charset): bytes that are not valid in the
// charset become U+FFFD, as Java's decoder does.
func decodeFunc(a, b any) any {
	cs, ok := charsetName(b)
	if !ok {
		return nil
	}
	data, _ := toBytes(a)
	switch cs {
	case "UTF-8":
		return strings.ToValidUTF8(string(data), "\uFFFD")
	case "US-ASCII":
		rs := make([]rune, len(data))
		for i, c := range data {
			if c < 0x80 {
				rs[i] = rune(c)
			} else {
				rs[i] = '\uFFFD'
			}
		}
		return string(rs)
	case "ISO-8859-1":
		rs := make([]rune, len(data))
		for i, c := range data {
			rs[i] = rune(c)
		}
		return string(rs)
	}
	bigEndian := cs != "UTF-16LE"
	if cs == "UTF-16" && len(data) >= 2 {
		switch {
		case data[0] == 0xFE && data[1] == 0xFF:
			data = data[2:]
		case data[0] == 0xFF && data[1] == 0xFE:
			data, bigEndian = data[2:], false
		}
	}
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if bigEndian {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	s := string(utf16.Decode(u))
	if len(data)%2 == 1 {
		s += "\uFFFD"
	}
	return s
}

// encodeFunc is encode(str, charset): characters the charset lacks become
// '?', as Java's encoder does; UTF-16 is big-endian with a byte-order mark.
func encodeFunc(a, b any) any {
	cs, ok := charsetName(b)
	if !ok {
		return nil
	}
	s, _ := toStr(a)
	switch cs {
	case "UTF-8":
		return []byte(strings.ToValidUTF8(s, "\uFFFD"))
	case "US-ASCII", "ISO-8859-1":
		limit := rune(0x7F)
		if cs == "ISO-8859-1" {
			limit = 0xFF
		}
		out := make([]byte, 0, len(s))
		for _, r := range s {
			if r <= limit {
				out = append(out, byte(r))
			} else {
				out = append(out, '?')
			}
		}
		return out
	}
	u := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2*len(u)+2)
	if cs == "UTF-16" {
		out = append(out, 0xFE, 0xFF)
	}
	for _, c := range u {
		if cs == "UTF-16LE" {
			out = append(out, byte(c), byte(c>>8))
		} else {
			out = append(out, byte(c>>8), byte(c))
		}
	}
	return out
}

// urlEncode is Java's URLEncoder.encode(s, "UTF-8").
func urlEncode(v any) any {
	s, _ := toStr(v)
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			c == '.' || c == '-' || c == '*' || c == '_':
			sb.WriteByte(c)
		case c == ' ':
			sb.WriteByte('+')
		default:
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

// urlDecode is Java's URLDecoder.decode(s, "UTF-8"); a malformed escape
// gives NULL (Spark fails).
func urlDecode(v any) any {
	s, _ := toStr(v)
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			out = append(out, ' ')
		case '%':
			if i+2 >= len(s) {
				return nil
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return nil
			}
			out = append(out, byte(n))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// parseURL is Spark's parse_url, after java.net.URI.
func parseURL(args []any) any {
	raw, _ := toStr(args[0])
	part, _ := toStr(args[1])
	if strings.ContainsAny(raw, " \t\n\"<>\\^`{|}") {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	if len(args) > 2 {
		if part != "QUERY" {
			return nil
		}
		key, _ := toStr(args[2])
		if !u.ForceQuery && u.RawQuery == "" && !strings.Contains(raw, "?") {
			return nil
		}
		re, ok := compileRe("(&|^)" + regexp.QuoteMeta(key) + "=([^&]*)")
		if !ok {
			return nil
		}
		m := re.FindStringSubmatch(u.RawQuery)
		if m == nil {
			return nil
		}
		return m[2]
	}
	hasQuery := strings.Contains(raw, "?")
	hasFrag := strings.Contains(raw, "#")
	authority := func() (string, bool) {
		if u.Opaque != "" {
			return "", false
		}
		rest := raw
		if u.Scheme != "" {
			rest = raw[len(u.Scheme)+1:]
		}
		if !strings.HasPrefix(rest, "//") {
			return "", false
		}
		rest = rest[2:]
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		return rest, rest != ""
	}
	switch part {
	case "HOST":
		if u.Opaque != "" || u.Host == "" {
			return nil
		}
		return u.Hostname()
	case "PATH":
		if u.Opaque != "" {
			return nil
		}
		return u.EscapedPath()
	case "QUERY":
		if !hasQuery {
			return nil
		}
		return u.RawQuery
	case "REF":
		if !hasFrag {
			return nil
		}
		return u.EscapedFragment()
	case "PROTOCOL":
		if u.Scheme == "" {
			return nil
		}
		return u.Scheme
	case "FILE":
		if u.Opaque != "" {
			return nil
		}
		if hasQuery {
			return u.EscapedPath() + "?" + u.RawQuery
		}
		return u.EscapedPath()
	case "AUTHORITY":
		if a, ok := authority(); ok {
			return a
		}
		return nil
	case "USERINFO":
		a, ok := authority()
		if !ok {
			return nil
		}
		if i := strings.LastIndexByte(a, '@'); i >= 0 {
			return a[:i]
		}
		return nil
	}
	return nil
}

func elt(args []any) any {
	if args[0] == nil {
		return nil
	}
	n, ok := toInt(args[0])
	if !ok || n < 1 || n > int64(len(args)-1) {
		return nil
	}
	return args[n]
}

func uuidFunc() any {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil
	}
	b[6] = b[6]&0x0F | 0x40
	b[8] = b[8]&0x3F | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func luhnCheck(v any) any {
	s, _ := toStr(v)
	if s == "" {
		return int64(0)
	}
	sum := 0
	second := false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return int64(0)
		}
		d := int(c - '0')
		if second {
			d *= 2
		}
		sum += d%10 + d/10
		second = !second
	}
	return boolVal(sum%10 == 0)
}

// mask is Spark's mask: upper-case letters, lower-case letters, digits and
// other characters replaced by the first character of the matching
// argument (NULL: kept).
func mask(args []any) any {
	if args[0] == nil {
		return nil
	}
	s, _ := toStr(args[0])
	repl := [4]rune{'X', 'x', 'n', -1}
	for i := 1; i < len(args) && i <= 4; i++ {
		if args[i] == nil {
			repl[i-1] = -1
			continue
		}
		r, _ := toStr(args[i])
		if r == "" {
			repl[i-1] = -1
			continue
		}
		repl[i-1], _ = utf8.DecodeRuneInString(r)
	}
	var sb strings.Builder
	for _, r := range s {
		k := 3
		switch {
		case unicode.IsUpper(r):
			k = 0
		case unicode.IsLower(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if repl[k] >= 0 {
			sb.WriteRune(repl[k])
		} else {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// ---- format_string: Java's Formatter ----

type fmtSpec struct {
	argIndex  int // 0: next; -1: previous ('<')
	flags     string
	width     int
	precision int // -1: none
	conv      byte
	upper     bool
}

// formatString is Spark's format_string/printf, Java's String.format: %s
// %d %f %e %g %x %o %b %c %h %% %n with argument indexes, flags (-, 0, +,
// space, ',', '(', '#'), widths and precisions. A conversion Java would
// reject for its argument gives NULL (Spark fails). Integers are accepted
// by the floating conversions and integral doubles by the integer ones,
// since SQLite may store either. Date conversions (%t) are not supported.
func formatString(args []any) any {
	if args[0] == nil {
		return nil
	}
	f, _ := toStr(args[0])
	vals := args[1:]
	var sb strings.Builder
	next := 0
	last := -1
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			sb.WriteByte(c)
			continue
		}
		spec, n, ok := parseFmtSpec(f[i+1:])
		if !ok {
			return nil
		}
		i += n
		switch spec.conv {
		case '%':
			sb.WriteString(padFmt("%", spec))
			continue
		case 'n':
			sb.WriteByte('\n')
			continue
		}
		var idx int
		switch {
		case spec.argIndex > 0:
			idx = spec.argIndex - 1
		case spec.argIndex < 0:
			idx = last
		default:
			idx = next
			next++
		}
		if idx < 0 || idx >= len(vals) {
			return nil
		}
		last = idx
		s, ok := formatOne(spec, vals[idx])
		if !ok {
			return nil
		}
		if spec.upper {
			s = strings.ToUpper(s)
		}
		sb.WriteString(s)
		if sb.Len() > maxLen {
			return nil
		}
	}
	return sb.String()
}

func parseFmtSpec(s string) (fmtSpec, int, bool) {
	spec := fmtSpec{precision: -1}
	i := 0
	// argument index: digits followed by '$', or '<'
	if i < len(s) && s[i] == '<' {
		spec.argIndex = -1
		i++
	} else {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j > i && j < len(s) && s[j] == '$' {
			n, err := strconv.Atoi(s[i:j])
			if err != nil || n == 0 {
				return spec, 0, false
			}
			spec.argIndex = n
			i = j + 1
		}
	}
	for i < len(s) && strings.IndexByte("-#+ 0,(", s[i]) >= 0 {
		spec.flags += string(s[i])
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > i {
		w, err := strconv.Atoi(s[i:j])
		if err != nil || w > 10000 {
			return spec, 0, false
		}
		spec.width = w
		i = j
	}
	if i < len(s) && s[i] == '.' {
		i++
		j = i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return spec, 0, false
		}
		p, err := strconv.Atoi(s[i:j])
		if err != nil || p > 1000 {
			return spec, 0, false
		}
		spec.precision = p
		i = j
	}
	if i >= len(s) {
		return spec, 0, false
	}
	c := s[i]
	if c >= 'A' && c <= 'Z' && c != 'E' && c != 'G' && c != 'X' {
		spec.upper = true
		c += 'a' - 'A'
	}
	switch c {
	case 'E', 'G', 'X':
		spec.upper = true
		c += 'a' - 'A'
	}
	if strings.IndexByte("sdfegxobchn%", c) < 0 {
		return spec, 0, false
	}
	spec.conv = c
	return spec, i + 1, true
}

func has(flags string, f byte) bool { return strings.IndexByte(flags, f) >= 0 }

func padFmt(s string, spec fmtSpec) string {
	n := utf8.RuneCountInString(s)
	if n >= spec.width {
		return s
	}
	fill := strings.Repeat(" ", spec.width-n)
	if has(spec.flags, '-') {
		return s + fill
	}
	return fill + s
}

// groupDigits inserts ',' every three digits of an integer part.
func groupDigits(s string) string {
	if len(s) <= 3 {
		return s
	}
	var sb strings.Builder
	first := len(s) % 3
	if first > 0 {
		sb.WriteString(s[:first])
	}
	for k := first; k < len(s); k += 3 {
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(s[k : k+3])
	}
	return sb.String()
}

// signed applies the sign flags and zero padding to a magnitude.
func signed(mag string, neg bool, spec fmtSpec) string {
	prefix, suffix := "", ""
	switch {
	case neg && has(spec.flags, '('):
		prefix, suffix = "(", ")"
	case neg:
		prefix = "-"
	case has(spec.flags, '+'):
		prefix = "+"
	case has(spec.flags, ' '):
		prefix = " "
	}
	if has(spec.flags, '0') {
		n := len(prefix) + len(mag) + len(suffix)
		if n < spec.width {
			mag = strings.Repeat("0", spec.width-n) + mag
		}
	}
	return padFmt(prefix+mag+suffix, spec)
}

func formatOne(spec fmtSpec, v any) (string, bool) {
	switch spec.conv {
	case 's':
		var s string
		if v == nil {
			s = "null"
		} else {
			s, _ = toStr(v)
		}
		if spec.precision >= 0 {
			if rs := []rune(s); len(rs) > spec.precision {
				s = string(rs[:spec.precision])
			}
		}
		return padFmt(s, spec), true
	case 'b':
		s := "false"
		if v != nil {
			if b, ok := toBool(v); !ok || b {
				s = "true"
			}
		}
		if spec.precision >= 0 && len(s) > spec.precision {
			s = s[:spec.precision]
		}
		return padFmt(s, spec), true
	case 'h':
		if v == nil {
			return padFmt("null", spec), true
		}
		var h int32
		switch x := v.(type) {
		case int64:
			h = int32(x ^ int64(uint64(x)>>32))
		case float64:
			bits := math.Float64bits(x)
			h = int32(bits ^ bits>>32)
		default:
			s, _ := toStr(v)
			for _, c := range utf16.Encode([]rune(s)) {
				h = 31*h + int32(c)
			}
		}
		return padFmt(strconv.FormatUint(uint64(uint32(h)), 16), spec), true
	case 'c':
		if v == nil {
			return padFmt("null", spec), true
		}
		switch x := v.(type) {
		case int64:
			if x < 0 || x > unicode.MaxRune {
				return "", false
			}
			return padFmt(string(rune(x)), spec), true
		case string:
			if utf8.RuneCountInString(x) != 1 {
				return "", false
			}
			return padFmt(x, spec), true
		}
		return "", false
	case 'd', 'x', 'o':
		if v == nil {
			return padFmt("null", spec), true
		}
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case float64:
			if x != math.Trunc(x) || math.Abs(x) >= 1<<63 {
				return "", false
			}
			n = int64(x)
		default:
			i, ok := parseIntText(textOf(x))
			if !ok || strings.Contains(textOf(x), ".") {
				return "", false
			}
			n = i
		}
		if spec.conv == 'd' {
			mag := strconv.FormatUint(absU(n), 10)
			if has(spec.flags, ',') {
				mag = groupDigits(mag)
			}
			return signed(mag, n < 0, spec), true
		}
		base := 16
		prefix := "0x"
		if spec.conv == 'o' {
			base, prefix = 8, "0"
		}
		s := strconv.FormatUint(uint64(n), base)
		if has(spec.flags, '#') {
			s = prefix + s
		}
		if has(spec.flags, '0') && len(s) < spec.width {
			s = strings.Repeat("0", spec.width-len(s)) + s
		}
		return padFmt(s, spec), true
	case 'f', 'e', 'g':
		if v == nil {
			return padFmt("null", spec), true
		}
		x, ok := toFloat(v)
		if !ok {
			return "", false
		}
		if _, isStr := v.(string); isStr {
			return "", false
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s := "NaN"
			if math.IsInf(x, 1) {
				s = "Infinity"
				if has(spec.flags, '+') {
					s = "+Infinity"
				}
			} else if math.IsInf(x, -1) {
				s = "-Infinity"
				if has(spec.flags, '(') {
					s = "(Infinity)"
				}
			}
			return padFmt(s, spec), true
		}
		prec := spec.precision
		if prec < 0 {
			prec = 6
		}
		neg := x < 0 || (x == 0 && math.Signbit(x))
		d := decFromFloat(math.Abs(x))
		var mag string
		switch spec.conv {
		case 'f':
			mag = fixedFormat(d, prec, spec)
		case 'e':
			mag = sciFormat(d, prec)
		case 'g':
			if prec == 0 {
				prec = 1
			}
			r := d.round(prec-d.exp, halfUp)
			if x != 0 && (r.exp-1 < -4 || r.exp-1 >= prec) {
				mag = sciFormat(d, prec-1)
			} else {
				scale := prec - r.exp
				if x == 0 {
					scale = prec - 1
				}
				if scale < 0 {
					scale = 0
				}
				mag = fixedFormat(d, scale, spec)
			}
		}
		return signed(mag, neg, spec), true
	}
	return "", false
}

func absU(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

func fixedFormat(d dec, prec int, spec fmtSpec) string {
	s := d.round(prec, halfUp).plain(prec)
	if has(spec.flags, ',') {
		ip, fp, dot := strings.Cut(s, ".")
		s = groupDigits(ip)
		if dot {
			s += "." + fp
		}
	}
	return s
}

// sciFormat is Java's %e: one digit, prec fractional digits, a signed
// exponent of at least two digits; rounding HALF_UP.
func sciFormat(d dec, prec int) string {
	if d.d == "" {
		s := "0"
		if prec > 0 {
			s += "." + strings.Repeat("0", prec)
		}
		return s + "e+00"
	}
	r := d.round(prec+1-d.exp, halfUp)
	exp := r.exp - 1
	digits := r.d + strings.Repeat("0", prec+1)
	s := digits[:1]
	if prec > 0 {
		s += "." + digits[1:prec+1]
	}
	sign := "+"
	if exp < 0 {
		sign = "-"
		exp = -exp
	}
	es := strconv.Itoa(exp)
	if len(es) < 2 {
		es = "0" + es
	}
	return s + "e" + sign + es
}
