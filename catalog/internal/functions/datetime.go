package functions

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	microsPerSecond = int64(1_000_000)
	microsPerMinute = 60 * microsPerSecond
	microsPerHour   = 60 * microsPerMinute
	microsPerDay    = 24 * microsPerHour
)

// The range of dates and timestamps handled: years 0001 to 9999.
var (
	minDay    = daysFromCivil(1, 1, 1)
	maxDay    = daysFromCivil(9999, 12, 31)
	minMicros = minDay * microsPerDay
	maxMicros = (maxDay+1)*microsPerDay - 1
)

func datetimeFuncs() []scalar {
	d1 := func(f func(days int64) any) func([]any) (any, error) {
		return strictNull(fn1(func(v any) any {
			days, ok := parseDateArg(v)
			if !ok {
				return nil
			}
			return f(days)
		}))
	}
	t1 := func(f func(micros int64) any) func([]any) (any, error) {
		return strictNull(fn1(func(v any) any {
			m, ok := parseTimestampArg(v)
			if !ok {
				return nil
			}
			return f(m)
		}))
	}
	return []scalar{
		{"add_months", 2, 2, strictNull(fn2(addMonths)), true},
		{"date_add", 2, 2, strictNull(fn2(func(d, n any) any { return dateAdd(d, n, 1) })), true},
		{"dateadd", 2, 2, strictNull(fn2(func(d, n any) any { return dateAdd(d, n, 1) })), true},
		{"date_sub", 2, 2, strictNull(fn2(func(d, n any) any { return dateAdd(d, n, -1) })), true},
		{"datediff", 2, 2, strictNull(fn2(dateDiff)), true},
		{"date_diff", 2, 2, strictNull(fn2(dateDiff)), true},
		{"date_format", 2, 2, strictNull(fn2(dateFormat)), true},
		{"date_from_unix_date", 1, 1, strictNull(fn1(func(v any) any {
			n, ok := toInt(v)
			if !ok {
				return nil
			}
			return dateResult(n)
		})), true},
		{"date_part", 2, 2, strictNull(fn2(datePart)), true},
		{"datepart", 2, 2, strictNull(fn2(datePart)), true},
		{"date_trunc", 2, 2, strictNull(fn2(dateTrunc)), true},
		{"trunc", 2, 2, strictNull(fn2(truncFunc)), true},
		{"day", 1, 1, d1(func(d int64) any { _, _, day := civilFromDays(d); return day }), true},
		{"dayofmonth", 1, 1, d1(func(d int64) any { _, _, day := civilFromDays(d); return day }), true},
		{"dayofweek", 1, 1, d1(func(d int64) any { return isoDayOfWeek(d)%7 + 1 }), true},
		{"weekday", 1, 1, d1(func(d int64) any { return isoDayOfWeek(d) - 1 }), true},
		{"dayofyear", 1, 1, d1(dayOfYear), true},
		{"weekofyear", 1, 1, d1(func(d int64) any { _, w := isoWeek(d); return w }), true},
		{"month", 1, 1, d1(func(d int64) any { _, m, _ := civilFromDays(d); return m }), true},
		{"quarter", 1, 1, d1(func(d int64) any { _, m, _ := civilFromDays(d); return (m-1)/3 + 1 }), true},
		{"year", 1, 1, d1(func(d int64) any { y, _, _ := civilFromDays(d); return y }), true},
		{"hour", 1, 1, t1(func(m int64) any { return floorMod(m, microsPerDay) / microsPerHour }), true},
		{"minute", 1, 1, t1(func(m int64) any { return floorMod(m, microsPerHour) / microsPerMinute }), true},
		{"second", 1, 1, t1(func(m int64) any { return floorMod(m, microsPerMinute) / microsPerSecond }), true},
		{"last_day", 1, 1, d1(func(d int64) any {
			y, m, _ := civilFromDays(d)
			return dateResult(daysFromCivil(y, m, daysInMonth(y, m)))
		}), true},
		{"from_unixtime", 1, 2, strictNull(fnN(fromUnixtime)), true},
		{"unix_timestamp", 0, 2, fnN(unixTimestamp), false},
		{"to_unix_timestamp", 1, 2, fnN(unixTimestamp), true},
		{"from_utc_timestamp", 2, 2, strictNull(fn2(func(ts, tz any) any { return convertTz(ts, tz, true) })), true},
		{"to_utc_timestamp", 2, 2, strictNull(fn2(func(ts, tz any) any { return convertTz(ts, tz, false) })), true},
		{"make_date", 3, 3, strictNull(fn3(makeDate)), true},
		{"make_timestamp", 6, 7, strictNull(fnN(makeTimestamp)), true},
		{"months_between", 2, 3, strictNull(fnN(monthsBetween)), true},
		{"next_day", 2, 2, strictNull(fn2(nextDay)), true},
		{"to_date", 1, 2, strictNull(fnN(toDate)), true},
		{"to_timestamp", 1, 2, strictNull(fnN(toTimestamp)), true},
		{"timestamp_seconds", 1, 1, strictNull(fn1(timestampSeconds)), true},
		{"timestamp_millis", 1, 1, strictNull(fn1(func(v any) any { return timestampScaled(v, 1000) })), true},
		{"timestamp_micros", 1, 1, strictNull(fn1(func(v any) any { return timestampScaled(v, 1) })), true},
		{"unix_date", 1, 1, d1(func(d int64) any { return d }), true},
		{"unix_seconds", 1, 1, t1(func(m int64) any { return floorDiv(m, microsPerSecond) }), true},
		{"unix_millis", 1, 1, t1(func(m int64) any { return floorDiv(m, 1000) }), true},
		{"unix_micros", 1, 1, t1(func(m int64) any { return m }), true},
		{"current_timezone", 0, 0, fn0(func() any { return "UTC" }), true},
		{"add_interval", 4, 4, strictNull(fnN(addInterval)), true},
		{"timestampdiff", 3, 3, strictNull(fn3(timestampDiff)), true},
		{"interval_text", 3, 3, strictNull(fn3(intervalText)), true},
	}
}

// ---- calendar arithmetic (proleptic Gregorian, as Spark 3) ----

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// daysFromCivil is the number of days from 1970-01-01 to y-m-d.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// isoDayOfWeek is 1 for Monday to 7 for Sunday.
func isoDayOfWeek(days int64) int64 { return floorMod(days+3, 7) + 1 }

func dayOfYear(days int64) any {
	y, _, _ := civilFromDays(days)
	return days - daysFromCivil(y, 1, 1) + 1
}

// isoWeek is the ISO 8601 week-based year and week of a date.
func isoWeek(days int64) (year, week int64) {
	// the Thursday of the date's week decides its year
	thursday := days - isoDayOfWeek(days) + 4
	year, _, _ = civilFromDays(thursday)
	week = (thursday-daysFromCivil(year, 1, 1))/7 + 1
	return year, week
}

func validDate(y, m, d int64) bool {
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

// plusMonths is Java's LocalDate.plusMonths: the day is clamped to the
// length of the month reached.
func plusMonths(days, months int64) (int64, bool) {
	y, m, d := civilFromDays(days)
	if months > 12*10000 || months < -12*10000 {
		return 0, false
	}
	total := y*12 + (m - 1) + months
	ny, nm := floorDiv(total, 12), floorMod(total, 12)+1
	if ny < 1 || ny > 9999 {
		return 0, false
	}
	if dim := daysInMonth(ny, nm); d > dim {
		d = dim
	}
	return daysFromCivil(ny, nm, d), true
}

// ---- text forms ----

func formatDate(days int64) string {
	y, m, d := civilFromDays(days)
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

func formatTimestamp(micros int64) string {
	days := floorDiv(micros, microsPerDay)
	t := micros - days*microsPerDay
	s := fmt.Sprintf("%s %02d:%02d:%02d", formatDate(days), t/microsPerHour, t%microsPerHour/microsPerMinute, t%microsPerMinute/microsPerSecond)
	if f := t % microsPerSecond; f != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%06d", f), "0")
	}
	return s
}

func dateResult(days int64) any {
	if days < minDay || days > maxDay {
		return nil
	}
	return formatDate(days)
}

func tsResult(micros int64) any {
	if micros < minMicros || micros > maxMicros {
		return nil
	}
	return formatTimestamp(micros)
}

// readDigits reads 1..max ASCII digits at s[i:].
func readDigits(s string, i, minN, maxN int) (int64, int, bool) {
	j := i
	for j < len(s) && j-i < maxN && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i < minN {
		return 0, i, false
	}
	n, err := strconv.ParseInt(s[i:j], 10, 64)
	if err != nil {
		return 0, i, false
	}
	return n, j, true
}

// trimSpark trims white space and control characters, as Spark's casts.
func trimSpark(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// parseDatePrefix reads 'yyyy[-[m]m[-[d]d]]' at the start of s.
func parseDatePrefix(s string) (days int64, rest string, ok bool) {
	y, i, ok := readDigits(s, 0, 4, 6)
	if !ok {
		return 0, "", false
	}
	m, d := int64(1), int64(1)
	if i < len(s) && s[i] == '-' {
		if m, i, ok = readDigits(s, i+1, 1, 2); !ok {
			return 0, "", false
		}
		if i < len(s) && s[i] == '-' {
			if d, i, ok = readDigits(s, i+1, 1, 2); !ok {
				return 0, "", false
			}
		}
	}
	if !validDate(y, m, d) {
		return 0, "", false
	}
	return daysFromCivil(y, m, d), s[i:], true
}

// parseDateText is Spark's cast of a string to DATE: 'yyyy',
// 'yyyy-[m]m', 'yyyy-[m]m-[d]d', optionally followed by ' ' or 'T' and
// anything.
func parseDateText(s string) (int64, bool) {
	s = trimSpark(s)
	days, rest, ok := parseDatePrefix(s)
	if !ok {
		return 0, false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != 'T' {
		return 0, false
	}
	return days, true
}

// parseTimestampText is Spark's cast of a string to TIMESTAMP: a date
// as above, then optionally ' ' or 'T', [h]h:[m]m[:[s]s[.fraction]] and a
// time zone (Z, an offset, or a zone name), in the session time zone
// (UTC) when none is given.
func parseTimestampText(s string) (int64, bool) {
	s = trimSpark(s)
	days, rest, ok := parseDatePrefix(s)
	if !ok {
		return 0, false
	}
	if rest == "" {
		return days * microsPerDay, true
	}
	if rest[0] != ' ' && rest[0] != 'T' {
		return 0, false
	}
	rest = rest[1:]
	if rest == "" {
		return days * microsPerDay, true
	}
	h, i, ok := readDigits(rest, 0, 1, 2)
	if !ok || i >= len(rest) || rest[i] != ':' {
		// a date followed by a zone only
		loc, ok := parseZone(strings.TrimSpace(rest))
		if !ok {
			return 0, false
		}
		return localToUTC(days*microsPerDay, loc)
	}
	mi, i, ok := readDigits(rest, i+1, 1, 2)
	if !ok {
		return 0, false
	}
	var sec, frac int64
	if i < len(rest) && rest[i] == ':' {
		if sec, i, ok = readDigits(rest, i+1, 1, 2); !ok {
			return 0, false
		}
		if i < len(rest) && rest[i] == '.' {
			j := i + 1
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			digits := rest[i+1 : j]
			if len(digits) > 9 {
				return 0, false
			}
			digits = (digits + "000000")[:6]
			frac, _ = strconv.ParseInt(digits, 10, 64)
			i = j
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	local := days*microsPerDay + h*microsPerHour + mi*microsPerMinute + sec*microsPerSecond + frac
	zone := strings.TrimSpace(rest[i:])
	if zone == "" {
		return local, true
	}
	loc, ok := parseZone(zone)
	if !ok {
		return 0, false
	}
	return localToUTC(local, loc)
}

// parseDateArg reads a DATE argument: a date or a timestamp (its date).
func parseDateArg(v any) (int64, bool) {
	switch x := norm(v).(type) {
	case string:
		return parseDateText(x)
	case []byte:
		return parseDateText(string(x))
	}
	return 0, false
}

// parseTimestampArg reads a TIMESTAMP argument: a timestamp or a date
// (midnight).
func parseTimestampArg(v any) (int64, bool) {
	switch x := norm(v).(type) {
	case string:
		return parseTimestampText(x)
	case []byte:
		return parseTimestampText(string(x))
	}
	return 0, false
}

// ---- time zones ----

var zoneCache sync.Map

// shortIDs is Java's ZoneId.SHORT_IDS, which Spark accepts.
var shortIDs = map[string]string{
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
	"BST": "Asia/Dhaka", "CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago",
	"CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris",
	"IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo",
	"MIT": "Pacific/Apia", "NET": "Asia/Yerevan", "NST": "Pacific/Auckland", "PLT": "Asia/Karachi",
	"PNT": "America/Phoenix", "PRT": "America/Puerto_Rico", "PST": "America/Los_Angeles",
	"SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
	"EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
}

// parseZone reads a time zone as Spark's getZoneId: a region name (from
// the system's time zone database), Z/UTC/GMT/UT, an offset (+h, +hh,
// +hh:mm, +hhmm, +hh:mm:ss) alone or after UTC/GMT/UT, or one of Java's
// short IDs.
func parseZone(name string) (*time.Location, bool) {
	if v, ok := zoneCache.Load(name); ok {
		loc := v.(*time.Location)
		return loc, loc != nil
	}
	loc := loadZone(name)
	zoneCache.Store(name, loc)
	return loc, loc != nil
}

func loadZone(name string) *time.Location {
	if name == "" {
		return nil
	}
	switch name {
	case "Z", "UTC", "GMT", "UT", "Etc/UTC", "Etc/GMT":
		return time.UTC
	}
	if id, ok := shortIDs[name]; ok {
		name = id
	}
	for _, p := range []string{"UTC", "GMT", "UT"} {
		if strings.HasPrefix(name, p) && len(name) > len(p) && (name[len(p)] == '+' || name[len(p)] == '-') {
			return offsetZone(name[len(p):])
		}
	}
	if name[0] == '+' || name[0] == '-' {
		return offsetZone(name)
	}
	if strings.ContainsAny(name, " \\") || strings.Contains(name, "..") {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

func offsetZone(s string) *time.Location {
	sign := int64(1)
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	var h, m, sec int64
	var ok bool
	switch {
	case len(s) <= 2:
		h, _, ok = readDigits(s, 0, 1, 2)
		ok = ok && len(s) > 0
	case len(s) == 4 && !strings.Contains(s, ":"):
		h, _, ok = readDigits(s, 0, 2, 2)
		if ok {
			m, _, ok = readDigits(s, 2, 2, 2)
		}
	default:
		parts := strings.Split(s, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return nil
		}
		vals := []*int64{&h, &m, &sec}
		ok = true
		for i, p := range parts {
			n, j, good := readDigits(p, 0, 1, 2)
			if !good || j != len(p) || (i > 0 && len(p) != 2) {
				return nil
			}
			*vals[i] = n
		}
	}
	if !ok || h > 18 || m > 59 || sec > 59 {
		return nil
	}
	off := sign * (h*3600 + m*60 + sec)
	if off > 18*3600 || off < -18*3600 {
		return nil
	}
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone(formatOffset(off), int(off))
}

func formatOffset(off int64) string {
	sign := "+"
	if off < 0 {
		sign = "-"
		off = -off
	}
	s := fmt.Sprintf("%s%02d:%02d", sign, off/3600, off%3600/60)
	if off%60 != 0 {
		s += fmt.Sprintf(":%02d", off%60)
	}
	return s
}

// utcToLocal gives the wall time in loc of an instant.
func utcToLocal(micros int64, loc *time.Location) int64 {
	if loc == time.UTC {
		return micros
	}
	t := time.Unix(floorDiv(micros, microsPerSecond), floorMod(micros, microsPerSecond)*1000).In(loc)
	_, off := t.Zone()
	return micros + int64(off)*microsPerSecond
}

// localToUTC gives the instant of a wall time in loc.
func localToUTC(local int64, loc *time.Location) (int64, bool) {
	if loc == time.UTC {
		return local, true
	}
	days := floorDiv(local, microsPerDay)
	y, m, d := civilFromDays(days)
	t := local - days*microsPerDay
	tm := time.Date(int(y), time.Month(m), int(d), int(t/microsPerHour), int(t%microsPerHour/microsPerMinute),
		int(t%microsPerMinute/microsPerSecond), int(t%microsPerSecond)*1000, loc)
	return tm.Unix()*microsPerSecond + int64(tm.Nanosecond()/1000), true
}

// ---- functions ----

func addMonths(d, n any) any {
	days, ok := parseDateArg(d)
	months, ok2 := toInt(n)
	if !ok || !ok2 {
		return nil
	}
	r, ok := plusMonths(days, months)
	if !ok {
		return nil
	}
	return dateResult(r)
}

func dateAdd(d, n any, sign int64) any {
	days, ok := parseDateArg(d)
	k, ok2 := toInt(n)
	if !ok || !ok2 || k > 1e7 || k < -1e7 {
		return nil
	}
	return dateResult(days + sign*k)
}

func dateDiff(a, b any) any {
	x, ok := parseDateArg(a)
	y, ok2 := parseDateArg(b)
	if !ok || !ok2 {
		return nil
	}
	return x - y
}

func dateFormat(ts, f any) any {
	m, ok := parseTimestampArg(ts)
	if !ok {
		return nil
	}
	p, _ := toStr(f)
	return formatPattern(m, p)
}

// dateField normalizes a field name of extract/date_part.
func dateField(f string) string {
	switch upper(f) {
	case "YEAR", "Y", "YEARS", "YR", "YRS":
		return "YEAR"
	case "YEAROFWEEK":
		return "YEAROFWEEK"
	case "QUARTER", "QTR":
		return "QUARTER"
	case "MONTH", "MON", "MONS", "MONTHS":
		return "MONTH"
	case "WEEK", "W", "WEEKS":
		return "WEEK"
	case "DAY", "D", "DAYS":
		return "DAY"
	case "DAYOFWEEK", "DOW":
		return "DAYOFWEEK"
	case "DAYOFWEEK_ISO", "DOW_ISO":
		return "DAYOFWEEK_ISO"
	case "DOY":
		return "DOY"
	case "HOUR", "H", "HOURS", "HR", "HRS":
		return "HOUR"
	case "MINUTE", "M", "MIN", "MINS", "MINUTES":
		return "MINUTE"
	case "SECOND", "S", "SEC", "SECONDS", "SECS":
		return "SECOND"
	}
	return ""
}

func datePart(f, src any) any {
	name, _ := toStr(f)
	m, ok := parseTimestampArg(src)
	if !ok {
		return nil
	}
	days := floorDiv(m, microsPerDay)
	y, mo, d := civilFromDays(days)
	t := m - days*microsPerDay
	switch dateField(name) {
	case "YEAR":
		return y
	case "YEAROFWEEK":
		wy, _ := isoWeek(days)
		return wy
	case "QUARTER":
		return (mo-1)/3 + 1
	case "MONTH":
		return mo
	case "WEEK":
		_, w := isoWeek(days)
		return w
	case "DAY":
		return d
	case "DAYOFWEEK":
		return isoDayOfWeek(days)%7 + 1
	case "DAYOFWEEK_ISO":
		return isoDayOfWeek(days)
	case "DOY":
		return dayOfYear(days)
	case "HOUR":
		return t / microsPerHour
	case "MINUTE":
		return t % microsPerHour / microsPerMinute
	case "SECOND":
		us := t % microsPerMinute
		f, _ := strconv.ParseFloat(fmt.Sprintf("%d.%06d", us/microsPerSecond, us%microsPerSecond), 64)
		return f
	}
	return nil
}

// truncLevel is Spark's DateTimeUtils.parseTruncLevel.
func truncLevel(f string) int {
	switch upper(f) {
	case "MICROSECOND":
		return 0
	case "MILLISECOND":
		return 1
	case "SECOND":
		return 2
	case "MINUTE":
		return 3
	case "HOUR":
		return 4
	case "DAY", "DD":
		return 5
	case "WEEK":
		return 6
	case "MON", "MONTH", "MM":
		return 7
	case "QUARTER":
		return 8
	case "YEAR", "YYYY", "YY":
		return 9
	}
	return -1
}

func truncDays(days int64, level int) int64 {
	y, m, d := civilFromDays(days)
	switch level {
	case 6:
		return days - isoDayOfWeek(days) + 1
	case 7:
		return days - d + 1
	case 8:
		return daysFromCivil(y, (m-1)/3*3+1, 1)
	}
	return daysFromCivil(y, 1, 1)
}

func dateTrunc(f, ts any) any {
	name, _ := toStr(f)
	level := truncLevel(name)
	m, ok := parseTimestampArg(ts)
	if level < 0 || !ok {
		return nil
	}
	units := []int64{1, 1000, microsPerSecond, microsPerMinute, microsPerHour, microsPerDay}
	if level <= 5 {
		return tsResult(m - floorMod(m, units[level]))
	}
	return tsResult(truncDays(floorDiv(m, microsPerDay), level) * microsPerDay)
}

func truncFunc(d, f any) any {
	days, ok := parseDateArg(d)
	name, _ := toStr(f)
	level := truncLevel(name)
	if !ok || level < 6 {
		return nil
	}
	return dateResult(truncDays(days, level))
}

func fromUnixtime(args []any) any {
	var secs int64
	switch x := args[0].(type) {
	case float64:
		v, ok := floatToInt(x)
		if !ok {
			return nil
		}
		secs = v
	default:
		v, ok := toInt(x)
		if !ok {
			return nil
		}
		secs = v
	}
	pattern := "yyyy-MM-dd HH:mm:ss"
	if len(args) > 1 {
		pattern, _ = toStr(args[1])
	}
	if secs > maxMicros/microsPerSecond || secs < minMicros/microsPerSecond {
		return nil
	}
	return formatPattern(secs*microsPerSecond, pattern)
}

// unixTimestamp is unix_timestamp and to_unix_timestamp: now without an
// argument; a string is parsed with fmt (default 'yyyy-MM-dd HH:mm:ss').
// Without fmt, a value that does not fit the default pattern is read as a
// DATE or TIMESTAMP (SQLite holds those as text).
func unixTimestamp(args []any) any {
	if len(args) == 0 {
		return time.Now().Unix()
	}
	if args[0] == nil || (len(args) > 1 && args[1] == nil) {
		return nil
	}
	s, ok := toStr(args[0])
	if !ok {
		return nil
	}
	pattern := "yyyy-MM-dd HH:mm:ss"
	if len(args) > 1 {
		pattern, _ = toStr(args[1])
	}
	m, ok := parsePattern(s, pattern)
	if !ok && len(args) == 1 {
		m, ok = parseTimestampText(s)
	}
	if !ok {
		return nil
	}
	return floorDiv(m, microsPerSecond)
}

func convertTz(ts, tz any, fromUTC bool) any {
	m, ok := parseTimestampArg(ts)
	name, _ := toStr(tz)
	loc, ok2 := parseZone(strings.TrimSpace(name))
	if !ok || !ok2 {
		return nil
	}
	if fromUTC {
		return tsResult(utcToLocal(m, loc))
	}
	r, ok := localToUTC(m, loc)
	if !ok {
		return nil
	}
	return tsResult(r)
}

func makeDate(a, b, c any) any {
	y, ok1 := toInt(a)
	m, ok2 := toInt(b)
	d, ok3 := toInt(c)
	if !ok1 || !ok2 || !ok3 || !validDate(y, m, d) {
		return nil
	}
	return formatDate(daysFromCivil(y, m, d))
}

// secondsMicros reads seconds with a fraction as microseconds (Spark's
// DECIMAL(16, 6)).
func secondsMicros(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		if x > math.MaxInt64/microsPerSecond || x < math.MinInt64/microsPerSecond {
			return 0, false
		}
		return x * microsPerSecond, true
	}
	f, ok := toFloat(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 9e12 {
		return 0, false
	}
	d := decFromFloat(f).round(6, halfUp)
	d.exp += 6
	n, err := strconv.ParseInt(d.plain(0), 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

func makeTimestamp(args []any) any {
	var f [5]int64
	for i := 0; i < 5; i++ {
		v, ok := toInt(args[i])
		if !ok {
			return nil
		}
		f[i] = v
	}
	sec, ok := secondsMicros(args[5])
	if !ok {
		return nil
	}
	y, mo, d, h, mi := f[0], f[1], f[2], f[3], f[4]
	if !validDate(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 {
		return nil
	}
	extra := int64(0)
	if sec == 60*microsPerSecond {
		sec, extra = 0, microsPerMinute
	} else if sec >= 60*microsPerSecond {
		return nil
	}
	local := daysFromCivil(y, mo, d)*microsPerDay + h*microsPerHour + mi*microsPerMinute + sec + extra
	if len(args) > 6 {
		name, _ := toStr(args[6])
		loc, ok := parseZone(strings.TrimSpace(name))
		if !ok {
			return nil
		}
		r, ok := localToUTC(local, loc)
		if !ok {
			return nil
		}
		return tsResult(r)
	}
	return tsResult(local)
}

// monthsBetween is Spark's DateTimeUtils.monthsBetween.
func monthsBetween(args []any) any {
	t1, ok1 := parseTimestampArg(args[0])
	t2, ok2 := parseTimestampArg(args[1])
	if !ok1 || !ok2 {
		return nil
	}
	roundOff := true
	if len(args) > 2 {
		b, ok := toBool(args[2])
		if !ok {
			return nil
		}
		roundOff = b
	}
	d1, d2 := floorDiv(t1, microsPerDay), floorDiv(t2, microsPerDay)
	y1, m1, dd1 := civilFromDays(d1)
	y2, m2, dd2 := civilFromDays(d2)
	monthDiff := float64((y1*12 + m1) - (y2*12 + m2))
	if dd1 == dd2 || (dd1 == daysInMonth(y1, m1) && dd2 == daysInMonth(y2, m2)) {
		return monthDiff
	}
	s1 := (t1 - d1*microsPerDay) / microsPerSecond
	s2 := (t2 - d2*microsPerDay) / microsPerSecond
	secondsDiff := (dd1-dd2)*86400 + s1 - s2
	diff := monthDiff + float64(secondsDiff)/float64(31*86400)
	if roundOff {
		return math.Round(diff*1e8) / 1e8
	}
	return diff
}

func nextDay(d, w any) any {
	days, ok := parseDateArg(d)
	name, _ := toStr(w)
	if !ok {
		return nil
	}
	var dow int64 // ISO: 1 = Monday
	switch upper(name) {
	case "MO", "MON", "MONDAY":
		dow = 1
	case "TU", "TUE", "TUESDAY":
		dow = 2
	case "WE", "WED", "WEDNESDAY":
		dow = 3
	case "TH", "THU", "THURSDAY":
		dow = 4
	case "FR", "FRI", "FRIDAY":
		dow = 5
	case "SA", "SAT", "SATURDAY":
		dow = 6
	case "SU", "SUN", "SUNDAY":
		dow = 7
	default:
		return nil
	}
	delta := floorMod(dow-isoDayOfWeek(days), 7)
	if delta == 0 {
		delta = 7
	}
	return dateResult(days + delta)
}

func toDate(args []any) any {
	if len(args) == 1 {
		days, ok := parseDateArg(args[0])
		if !ok {
			return nil
		}
		return dateResult(days)
	}
	s, _ := toStr(args[0])
	p, _ := toStr(args[1])
	m, ok := parsePattern(s, p)
	if !ok {
		return nil
	}
	return dateResult(floorDiv(m, microsPerDay))
}

func toTimestamp(args []any) any {
	if len(args) == 1 {
		m, ok := parseTimestampArg(args[0])
		if !ok {
			return nil
		}
		return tsResult(m)
	}
	s, _ := toStr(args[0])
	p, _ := toStr(args[1])
	m, ok := parsePattern(s, p)
	if !ok {
		return nil
	}
	return tsResult(m)
}

func timestampSeconds(v any) any {
	m, ok := secondsMicros(v)
	if !ok {
		return nil
	}
	if f, isFloat := v.(float64); isFloat {
		// the fraction beyond microseconds is dropped, not rounded
		d := decFromFloat(f)
		d.exp += 6
		n, err := strconv.ParseInt(d.round(0, downMode).plain(0), 10, 64)
		if err != nil {
			return nil
		}
		m = n
	}
	return tsResult(m)
}

func timestampScaled(v any, unit int64) any {
	n, ok := toInt(v)
	if !ok {
		return nil
	}
	if n > maxMicros/unit || n < minMicros/unit {
		return nil
	}
	return tsResult(n * unit)
}

// addInterval is spark_add_interval(x, months, days, micros): x plus an
// interval, as Spark adds a CalendarInterval: the months (the day clamped
// to the end of the month), then the days, then the microseconds. The
// result is a DATE when x is one and micros is 0, else a TIMESTAMP.
func addInterval(args []any) any {
	months, ok1 := toInt(args[1])
	days, ok2 := toInt(args[2])
	micros, ok3 := toInt(args[3])
	if !ok1 || !ok2 || !ok3 || days > 1e7 || days < -1e7 {
		return nil
	}
	s, _ := toStr(args[0])
	s = trimSpark(s)
	if len(s) == 10 {
		if d, ok := parseDateText(s); ok {
			d, ok = plusMonths(d, months)
			if !ok {
				return nil
			}
			d += days
			if micros == 0 {
				return dateResult(d)
			}
			return addMicros(d*microsPerDay, micros)
		}
	}
	m, ok := parseTimestampText(s)
	if !ok {
		return nil
	}
	d := floorDiv(m, microsPerDay)
	t := m - d*microsPerDay
	d, ok = plusMonths(d, months)
	if !ok {
		return nil
	}
	return addMicros((d+days)*microsPerDay+t, micros)
}

func addMicros(m, micros int64) any {
	r := m + micros
	if (micros > 0 && r < m) || (micros < 0 && r > m) {
		return nil
	}
	return tsResult(r)
}

// intervalText is Spark 3's CalendarInterval.toString.
func intervalText(a, b, c any) any {
	months, ok1 := toInt(a)
	days, ok2 := toInt(b)
	micros, ok3 := toInt(c)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	if months == 0 && days == 0 && micros == 0 {
		return "0 seconds"
	}
	var sb strings.Builder
	unit := func(v int64, name string) {
		if v != 0 {
			fmt.Fprintf(&sb, "%d %s ", v, name)
		}
	}
	if months != 0 {
		unit(months/12, "years")
		unit(months%12, "months")
	}
	unit(days, "days")
	if micros != 0 {
		rest := micros
		unit(rest/microsPerHour, "hours")
		rest %= microsPerHour
		unit(rest/microsPerMinute, "minutes")
		rest %= microsPerMinute
		if rest != 0 {
			neg := rest < 0
			if neg {
				rest = -rest
			}
			s := strconv.FormatInt(rest/microsPerSecond, 10)
			if f := rest % microsPerSecond; f != 0 {
				s += strings.TrimRight(fmt.Sprintf(".%06d", f), "0")
			}
			if neg {
				s = "-" + s
			}
			sb.WriteString(s + " seconds ")
		}
	}
	return strings.TrimSuffix(sb.String(), " ")
}

// ---- datetime patterns ----

type patToken struct {
	letter byte // 0: literal
	count  int
	lit    string
}

const patternLetters = "GyuDMLdQqEFaHhKkmsSVzOXxZ"

// tokenizePattern splits a Spark datetime pattern into letters runs and
// literals ('text', two quotes for one, other characters as they are; the
// optional-section brackets are ignored).
func tokenizePattern(p string) ([]patToken, bool) {
	var toks []patToken
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			if i+1 < len(p) && p[i+1] == '\'' {
				toks = append(toks, patToken{lit: "'"})
				i += 2
				continue
			}
			j := i + 1
			var sb strings.Builder
			for {
				if j >= len(p) {
					return nil, false
				}
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						sb.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				sb.WriteByte(p[j])
				j++
			}
			toks = append(toks, patToken{lit: sb.String()})
			i = j + 1
		case c == '[' || c == ']':
			i++
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
			if strings.IndexByte(patternLetters, c) < 0 {
				return nil, false
			}
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			n := j - i
			switch c {
			case 'G', 'M', 'L', 'E', 'Q', 'q':
				if n > 4 {
					return nil, false
				}
			case 'y':
				if n > 6 {
					return nil, false
				}
			case 'S':
				if n > 9 {
					return nil, false
				}
			default:
				if n > 4 && c != 'd' {
					return nil, false
				}
			}
			toks = append(toks, patToken{letter: c, count: n})
			i = j
		default:
			toks = append(toks, patToken{lit: string(c)})
			i++
		}
	}
	return toks, true
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}
var dayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

func padNum(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// formatPattern formats a timestamp (UTC) with a Spark datetime pattern
// (Java's DateTimeFormatter letters); 'u' is the day number of the week
// (1 = Monday) as in Java's SimpleDateFormat. An invalid pattern gives
// NULL.
func formatPattern(micros int64, p string) any {
	toks, ok := tokenizePattern(p)
	if !ok {
		return nil
	}
	days := floorDiv(micros, microsPerDay)
	t := micros - days*microsPerDay
	y, m, d := civilFromDays(days)
	hour := t / microsPerHour
	minute := t % microsPerHour / microsPerMinute
	sec := t % microsPerMinute / microsPerSecond
	frac := t % microsPerSecond
	var sb strings.Builder
	for _, tk := range toks {
		if tk.letter == 0 {
			sb.WriteString(tk.lit)
			continue
		}
		n := tk.count
		switch tk.letter {
		case 'G':
			if n == 4 {
				sb.WriteString("Anno Domini")
			} else {
				sb.WriteString("AD")
			}
		case 'y':
			if n == 2 {
				sb.WriteString(padNum(y%100, 2))
			} else {
				sb.WriteString(padNum(y, n))
			}
		case 'u':
			sb.WriteString(padNum(isoDayOfWeek(days), n))
		case 'D':
			sb.WriteString(padNum(dayOfYear(days).(int64), n))
		case 'M', 'L':
			switch n {
			case 1, 2:
				sb.WriteString(padNum(m, n))
			case 3:
				sb.WriteString(monthNames[m-1][:3])
			default:
				sb.WriteString(monthNames[m-1])
			}
		case 'd':
			sb.WriteString(padNum(d, n))
		case 'Q', 'q':
			q := (m-1)/3 + 1
			switch n {
			case 1, 2:
				sb.WriteString(padNum(q, n))
			case 3:
				sb.WriteString("Q" + strconv.FormatInt(q, 10))
			default:
				sb.WriteString([]string{"1st", "2nd", "3rd", "4th"}[q-1] + " quarter")
			}
		case 'E':
			name := dayNames[isoDayOfWeek(days)-1]
			if n == 4 {
				sb.WriteString(name)
			} else {
				sb.WriteString(name[:3])
			}
		case 'F':
			sb.WriteString(padNum((d-1)/7+1, n))
		case 'a':
			if hour < 12 {
				sb.WriteString("AM")
			} else {
				sb.WriteString("PM")
			}
		case 'H':
			sb.WriteString(padNum(hour, n))
		case 'k':
			h := hour
			if h == 0 {
				h = 24
			}
			sb.WriteString(padNum(h, n))
		case 'K':
			sb.WriteString(padNum(hour%12, n))
		case 'h':
			h := hour % 12
			if h == 0 {
				h = 12
			}
			sb.WriteString(padNum(h, n))
		case 'm':
			sb.WriteString(padNum(minute, n))
		case 's':
			sb.WriteString(padNum(sec, n))
		case 'S':
			sb.WriteString((padNum(frac, 6) + "000")[:n])
		case 'V':
			if n != 2 {
				return nil
			}
			sb.WriteString("UTC")
		case 'z':
			if n == 4 {
				sb.WriteString("Coordinated Universal Time")
			} else {
				sb.WriteString("UTC")
			}
		case 'O':
			if n != 1 && n != 4 {
				return nil
			}
			sb.WriteString("GMT")
		case 'X':
			sb.WriteString("Z")
		case 'x':
			sb.WriteString([]string{"+00", "+0000", "+00:00", "+0000"}[n-1])
		case 'Z':
			switch n {
			case 4:
				sb.WriteString("GMT")
			default:
				sb.WriteString("+0000")
			}
		}
	}
	return sb.String()
}

// parsePattern parses s with a Spark datetime pattern; the whole of s
// must match. Missing fields default to 1970-01-01 00:00:00, in UTC unless
// the pattern reads a zone.
func parsePattern(s, p string) (int64, bool) {
	toks, ok := tokenizePattern(p)
	if !ok {
		return 0, false
	}
	year, month, day := int64(1970), int64(1), int64(1)
	doy := int64(-1)
	hour, minute, sec, frac := int64(0), int64(0), int64(0), int64(0)
	hour12, pm := int64(-1), int64(-1)
	var loc *time.Location = time.UTC
	i := 0
	numeric := func(k int) bool {
		return k < len(toks) && toks[k].letter != 0 && strings.IndexByte("yDMLdHhKkmsS", toks[k].letter) >= 0 &&
			!((toks[k].letter == 'M' || toks[k].letter == 'L') && toks[k].count >= 3)
	}
	for k, tk := range toks {
		if tk.letter == 0 {
			if !strings.HasPrefix(s[i:], tk.lit) {
				return 0, false
			}
			i += len(tk.lit)
			continue
		}
		n := tk.count
		fixed := func(w int) (int64, bool) {
			v, j, ok := readDigits(s, i, w, w)
			i = j
			return v, ok
		}
		variable := func(maxW int) (int64, bool) {
			v, j, ok := readDigits(s, i, 1, maxW)
			i = j
			return v, ok
		}
		field := func() (int64, bool) {
			if n >= 2 {
				return fixed(n)
			}
			return variable(2)
		}
		var v int64
		switch tk.letter {
		case 'y':
			switch {
			case n == 2:
				if v, ok = fixed(2); ok {
					v += 2000
				}
			case numeric(k + 1):
				v, ok = fixed(max(n, 4))
			default:
				var j int
				v, j, ok = readDigits(s, i, n, 6)
				i = j
			}
			year = v
		case 'D':
			if n >= 2 {
				doy, ok = fixed(n)
			} else {
				doy, ok = variable(3)
			}
		case 'M', 'L':
			if n >= 3 {
				ok = false
				for mi, name := range monthNames {
					cand := name
					if n == 3 {
						cand = name[:3]
					}
					if len(s)-i >= len(cand) && strings.EqualFold(s[i:i+len(cand)], cand) {
						month, i, ok = int64(mi+1), i+len(cand), true
						break
					}
				}
			} else {
				month, ok = field()
			}
		case 'd':
			day, ok = field()
		case 'H', 'k':
			hour, ok = field()
			if tk.letter == 'k' && hour == 24 {
				hour = 0
			}
		case 'h', 'K':
			hour12, ok = field()
			if tk.letter == 'h' && hour12 == 12 {
				hour12 = 0
			}
		case 'm':
			minute, ok = field()
		case 's':
			sec, ok = field()
		case 'S':
			j := i
			for j < len(s) && j-i < n && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i {
				return 0, false
			}
			digits := (s[i:j] + "000000")[:6]
			frac, _ = strconv.ParseInt(digits, 10, 64)
			i = j
		case 'a':
			switch {
			case len(s)-i >= 2 && strings.EqualFold(s[i:i+2], "AM"):
				pm = 0
			case len(s)-i >= 2 && strings.EqualFold(s[i:i+2], "PM"):
				pm = 1
			default:
				return 0, false
			}
			i += 2
		case 'X', 'x', 'Z':
			if tk.letter == 'X' && i < len(s) && s[i] == 'Z' {
				i++
				loc = time.UTC
				break
			}
			j := i
			if j < len(s) && (s[j] == '+' || s[j] == '-') {
				j++
				for j < len(s) && ((s[j] >= '0' && s[j] <= '9') || s[j] == ':') {
					j++
				}
			}
			if loc = offsetZoneOK(s[i:j]); loc == nil {
				return 0, false
			}
			i = j
		case 'V', 'z', 'O':
			j := i
			for j < len(s) && s[j] != ' ' {
				j++
			}
			if loc, ok = parseZone(s[i:j]); !ok {
				return 0, false
			}
			i = j
		default:
			// 'G', 'E', 'Q', 'q', 'F', 'u' cannot be parsed (Spark rejects
			// E, F, q, Q when parsing).
			return 0, false
		}
		if !ok {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	if hour12 >= 0 {
		hour = hour12
		if pm == 1 {
			hour += 12
		}
	} else if pm == 1 && hour < 12 {
		return 0, false
	}
	if doy >= 0 {
		if doy < 1 || doy > 366 || (doy == 366 && !isLeap(year)) {
			return 0, false
		}
		d0 := daysFromCivil(year, 1, 1) + doy - 1
		_, month, day = civilFromDays(d0)
	}
	if !validDate(year, month, day) || hour > 23 || minute > 59 || sec > 59 {
		return 0, false
	}
	local := daysFromCivil(year, month, day)*microsPerDay + hour*microsPerHour + minute*microsPerMinute +
		sec*microsPerSecond + frac
	return localToUTC(local, loc)
}

func offsetZoneOK(s string) *time.Location {
	if s == "" || (s[0] != '+' && s[0] != '-') {
		return nil
	}
	return offsetZone(s)
}

// timestampDiff is Spark's timestampdiff(unit, start, end): Java's
// LocalDateTime.until, the whole units from start to end, truncated
// toward zero. Units of time count exactly; days, weeks, months,
// quarters and years count calendar dates, the end date moved a day
// toward the start when its time of day has not reached the start's.
func timestampDiff(unit, a, b any) any {
	u, _ := toStr(unit)
	s, ok1 := parseTimestampArg(a)
	e, ok2 := parseTimestampArg(b)
	if !ok1 || !ok2 {
		return nil
	}
	switch strings.ToUpper(strings.TrimSpace(u)) {
	case "MICROSECOND":
		return e - s
	case "MILLISECOND":
		return (e - s) / 1000
	case "SECOND":
		return (e - s) / microsPerSecond
	case "MINUTE":
		return (e - s) / microsPerMinute
	case "HOUR":
		return (e - s) / microsPerHour
	}
	sd, ed := floorDiv(s, microsPerDay), floorDiv(e, microsPerDay)
	st, et := s-sd*microsPerDay, e-ed*microsPerDay
	switch {
	case ed > sd && et < st:
		ed--
	case ed < sd && et > st:
		ed++
	}
	months := func() int64 {
		y1, m1, d1 := civilFromDays(sd)
		y2, m2, d2 := civilFromDays(ed)
		return ((y2*12+m2-1)*32 + d2 - ((y1*12+m1-1)*32 + d1)) / 32
	}
	switch strings.ToUpper(strings.TrimSpace(u)) {
	case "DAY":
		return ed - sd
	case "WEEK":
		return (ed - sd) / 7
	case "MONTH":
		return months()
	case "QUARTER":
		return months() / 3
	case "YEAR":
		return months() / 12
	}
	return nil
}
