package functions

import (
	"testing"
	"time"
)

// Examples of the Spark SQL built-in function reference; the reference's
// outputs that depend on its session time zone (America/Los_Angeles) are
// given here in UTC, tableacl's session time zone.
func TestDatetimeFunctions(t *testing.T) {
	runCases(t, []tc{
		// add_months
		{"add_months", []any{"2016-08-31", int64(1)}, "2016-09-30"},
		{"add_months", []any{"2016-01-31 10:00:00", int64(1)}, "2016-02-29"},
		{"add_months", []any{"2016-03-31", int64(-13)}, "2015-02-28"},
		{"add_months", []any{"2016-03-31", int64(1 << 40)}, nil},
		{"add_months", []any{"bad", int64(1)}, nil},
		{"add_months", []any{nil, int64(1)}, nil},
		// date_add, dateadd, date_sub
		{"date_add", []any{"2016-07-30", int64(1)}, "2016-07-31"},
		{"dateadd", []any{"2016-07-30", int64(1)}, "2016-07-31"},
		{"date_sub", []any{"2016-07-30", int64(1)}, "2016-07-29"},
		{"date_add", []any{"2016-12-31 23:59:59", int64(1)}, "2017-01-01"},
		{"date_add", []any{"9999-12-31", int64(1)}, nil},
		{"date_add", []any{"2016-07-30", nil}, nil},
		// datediff, date_diff
		{"datediff", []any{"2009-07-31", "2009-07-30"}, i64(1)},
		{"datediff", []any{"2009-07-30", "2009-07-31"}, i64(-1)},
		{"date_diff", []any{"2009-07-31", "2009-07-30"}, i64(1)},
		{"date_diff", []any{"2009-07-30", "2009-07-31"}, i64(-1)},
		{"datediff", []any{"2009-07-30", nil}, nil},
		// date_format
		{"date_format", []any{"2016-04-08", "y"}, "2016"},
		{"date_format", []any{"2016-04-08 13:05:09.123456", "yyyy-MM-dd HH:mm:ss.SSS"}, "2016-04-08 13:05:09.123"},
		{"date_format", []any{"2016-04-08 13:05:09", "EEE, EEEE d MMM MMMM yy hh:mm a"}, "Fri, Friday 8 Apr April 16 01:05 PM"},
		{"date_format", []any{"2016-04-08", "D DDD Q QQQ QQQQ u 'week' ''x''"}, "99 099 2 Q2 2nd quarter 5 week '+00'"},
		{"date_format", []any{"2016-04-08 00:30:00", "k K h H XXX xx Z z VV"}, "24 0 12 0 Z +0000 +0000 UTC UTC"},
		{"date_format", []any{"2016-04-08", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"}, "2016-04-08T00:00:00.000000"},
		{"date_format", []any{"2016-04-08", "yyyy-MM-dd W"}, nil},
		{"date_format", []any{"2016-04-08", "'unterminated"}, nil},
		{"date_format", []any{"2016-04-08", "MMMMM"}, nil},
		{"date_format", []any{"bad", "y"}, nil},
		{"date_format", []any{nil, "y"}, nil},
		// date_from_unix_date
		{"date_from_unix_date", []any{int64(1)}, "1970-01-02"},
		{"date_from_unix_date", []any{int64(-719162)}, "0001-01-01"},
		{"date_from_unix_date", []any{int64(1 << 40)}, nil},
		// date_part, datepart
		{"date_part", []any{"YEAR", "2019-08-12 01:00:00.123456"}, i64(2019)},
		{"date_part", []any{"week", "2019-08-12 01:00:00.123456"}, i64(33)},
		{"date_part", []any{"doy", "2019-08-12"}, i64(224)},
		{"date_part", []any{"SECONDS", "2019-10-01 00:00:01.000001"}, 1.000001},
		{"datepart", []any{"YEAR", "2019-08-12 01:00:00.123456"}, i64(2019)},
		{"datepart", []any{"week", "2019-08-12 01:00:00.123456"}, i64(33)},
		{"datepart", []any{"doy", "2019-08-12"}, i64(224)},
		{"datepart", []any{"SECONDS", "2019-10-01 00:00:01.000001"}, 1.000001},
		{"date_part", []any{"YEAROFWEEK", "2005-01-02"}, i64(2004)},
		{"date_part", []any{"WEEK", "2005-01-02"}, i64(53)},
		{"date_part", []any{"week", "2012-12-31"}, i64(1)},
		{"date_part", []any{"qtr", "2019-08-12"}, i64(3)},
		{"date_part", []any{"mon", "2019-08-12"}, i64(8)},
		{"date_part", []any{"d", "2019-08-12"}, i64(12)},
		{"date_part", []any{"dow", "2019-08-12"}, i64(2)},
		{"date_part", []any{"dow_iso", "2019-08-18"}, i64(7)},
		{"date_part", []any{"h", "2019-08-12 13:14:15"}, i64(13)},
		{"date_part", []any{"m", "2019-08-12 13:14:15"}, i64(14)},
		{"date_part", []any{"s", "2019-08-12 13:14:15"}, 15.0},
		{"date_part", []any{"yrs", "2019-08-12"}, i64(2019)},
		{"date_part", []any{"bogus", "2019-08-12"}, nil},
		{"date_part", []any{"YEAR", "x"}, nil},
		// date_trunc
		{"date_trunc", []any{"YEAR", "2015-03-05T09:32:05.359"}, "2015-01-01 00:00:00"},
		{"date_trunc", []any{"MM", "2015-03-05T09:32:05.359"}, "2015-03-01 00:00:00"},
		{"date_trunc", []any{"DD", "2015-03-05T09:32:05.359"}, "2015-03-05 00:00:00"},
		{"date_trunc", []any{"HOUR", "2015-03-05T09:32:05.359"}, "2015-03-05 09:00:00"},
		{"date_trunc", []any{"MILLISECOND", "2015-03-05T09:32:05.123456"}, "2015-03-05 09:32:05.123"},
		{"date_trunc", []any{"WEEK", "2015-03-05T09:32:05"}, "2015-03-02 00:00:00"},
		{"date_trunc", []any{"QUARTER", "2015-05-05"}, "2015-04-01 00:00:00"},
		{"date_trunc", []any{"MINUTE", "2015-03-05 09:32:05"}, "2015-03-05 09:32:00"},
		{"date_trunc", []any{"SECOND", "2015-03-05 09:32:05.9"}, "2015-03-05 09:32:05"},
		{"date_trunc", []any{"MICROSECOND", "2015-03-05 09:32:05.9"}, "2015-03-05 09:32:05.9"},
		{"date_trunc", []any{"DECADE", "2015-03-05"}, nil},
		// trunc
		{"trunc", []any{"2019-08-04", "week"}, "2019-07-29"},
		{"trunc", []any{"2019-08-04", "quarter"}, "2019-07-01"},
		{"trunc", []any{"2009-02-12", "MM"}, "2009-02-01"},
		{"trunc", []any{"2015-10-27", "YEAR"}, "2015-01-01"},
		{"trunc", []any{"2015-10-27", "DD"}, nil},
		{"trunc", []any{"2015-10-27", nil}, nil},
		// day, dayofmonth, dayofweek, dayofyear, weekday, weekofyear
		{"day", []any{"2009-07-30"}, i64(30)},
		{"dayofmonth", []any{"2009-07-30"}, i64(30)},
		{"dayofweek", []any{"2009-07-30"}, i64(5)},
		{"dayofweek", []any{"2009-07-26"}, i64(1)},
		{"dayofyear", []any{"2016-04-09"}, i64(100)},
		{"weekday", []any{"2009-07-30"}, i64(3)},
		{"weekday", []any{"2009-07-26"}, i64(6)},
		{"weekofyear", []any{"2008-02-20"}, i64(8)},
		{"weekofyear", []any{"2005-01-02"}, i64(53)},
		{"day", []any{"2009-02-30"}, nil},
		{"day", []any{int64(20090730)}, nil},
		// hour, minute, second
		{"hour", []any{"2009-07-30 12:58:59"}, i64(12)},
		{"minute", []any{"2009-07-30 12:58:59"}, i64(58)},
		{"second", []any{"2009-07-30 12:58:59"}, i64(59)},
		{"hour", []any{"2009-07-30"}, i64(0)},
		{"hour", []any{"2009-07-30T12:58:59+02:00"}, i64(10)},
		{"hour", []any{"2009-07-30 24:00:00"}, nil},
		// month, quarter, year
		{"month", []any{"2016-07-30"}, i64(7)},
		{"quarter", []any{"2016-08-31"}, i64(3)},
		{"year", []any{"2016-07-30"}, i64(2016)},
		{"year", []any{"2016"}, i64(2016)},
		{"month", []any{"2016-7"}, i64(7)},
		{"year", []any{" 2016-07-30 "}, i64(2016)},
		// last_day
		{"last_day", []any{"2009-01-12"}, "2009-01-31"},
		{"last_day", []any{"2008-02-12"}, "2008-02-29"},
		// from_unixtime
		{"from_unixtime", []any{int64(0), "yyyy-MM-dd HH:mm:ss"}, "1970-01-01 00:00:00"},
		{"from_unixtime", []any{int64(0)}, "1970-01-01 00:00:00"},
		{"from_unixtime", []any{1.9, "HH:mm:ss"}, "00:00:01"},
		{"from_unixtime", []any{int64(1 << 50)}, nil},
		{"from_unixtime", []any{nil}, nil},
		// unix_timestamp, to_unix_timestamp
		{"unix_timestamp", []any{"2016-04-08", "yyyy-MM-dd"}, i64(1460073600)},
		{"to_unix_timestamp", []any{"2016-04-08", "yyyy-MM-dd"}, i64(1460073600)},
		{"unix_timestamp", []any{"2016-04-08 01:02:03"}, i64(1460077323)},
		{"unix_timestamp", []any{"2016-04-08"}, i64(1460073600)},
		{"unix_timestamp", []any{"08/04/2016 10:00 PM", "dd/MM/yyyy hh:mm a"}, i64(1460152800)},
		{"unix_timestamp", []any{"2016-04-08", "dd/MM/yyyy"}, nil},
		{"unix_timestamp", []any{nil}, nil},
		{"to_unix_timestamp", []any{"x"}, nil},
		// from_utc_timestamp, to_utc_timestamp
		{"from_utc_timestamp", []any{"2016-08-31", "Asia/Seoul"}, "2016-08-31 09:00:00"},
		{"to_utc_timestamp", []any{"2016-08-31", "Asia/Seoul"}, "2016-08-30 15:00:00"},
		{"from_utc_timestamp", []any{"2017-07-14 02:40:00.0", "GMT+1"}, "2017-07-14 03:40:00"},
		{"to_utc_timestamp", []any{"2017-07-14 02:40:00.0", "GMT+1"}, "2017-07-14 01:40:00"},
		{"from_utc_timestamp", []any{"2016-08-31 12:00:00", "+08:00"}, "2016-08-31 20:00:00"},
		{"from_utc_timestamp", []any{"2016-08-31 12:00:00", "-0530"}, "2016-08-31 06:30:00"},
		{"from_utc_timestamp", []any{"2016-08-31 12:00:00", "PST"}, "2016-08-31 05:00:00"},
		{"from_utc_timestamp", []any{"2016-01-31 12:00:00", "America/Los_Angeles"}, "2016-01-31 04:00:00"},
		{"from_utc_timestamp", []any{"2016-08-31", "Mars/Olympus"}, nil},
		{"to_utc_timestamp", []any{"2016-08-31", nil}, nil},
		// make_date
		{"make_date", []any{int64(2013), int64(7), int64(15)}, "2013-07-15"},
		{"make_date", []any{int64(2019), int64(7), nil}, nil},
		{"make_date", []any{int64(2019), int64(2), int64(29)}, nil},
		{"make_date", []any{int64(10000), int64(1), int64(1)}, nil},
		// make_timestamp
		{"make_timestamp", []any{int64(2014), int64(12), int64(28), int64(6), int64(30), 45.887}, "2014-12-28 06:30:45.887"},
		{"make_timestamp", []any{int64(2014), int64(12), int64(28), int64(6), int64(30), 45.887, "CET"}, "2014-12-28 05:30:45.887"},
		{"make_timestamp", []any{int64(2019), int64(6), int64(30), int64(23), int64(59), int64(60)}, "2019-07-01 00:00:00"},
		{"make_timestamp", []any{int64(2019), int64(6), int64(30), int64(23), int64(59), int64(1)}, "2019-06-30 23:59:01"},
		{"make_timestamp", []any{nil, int64(7), int64(22), int64(15), int64(30), int64(0)}, nil},
		{"make_timestamp", []any{int64(2019), int64(6), int64(30), int64(24), int64(0), int64(0)}, nil},
		{"make_timestamp", []any{int64(2019), int64(6), int64(30), int64(23), int64(59), 60.5}, nil},
		// months_between
		{"months_between", []any{"1997-02-28 10:30:00", "1996-10-30"}, 3.94959677},
		{"months_between", []any{"1997-02-28 10:30:00", "1996-10-30", int64(0)}, 3.9495967741935485},
		{"months_between", []any{"2017-11-14", "2017-07-14"}, 4.0},
		{"months_between", []any{"2017-02-28", "2017-01-31"}, 1.0},
		{"months_between", []any{"2017-01-01", "2017-01-10"}, -0.29032258},
		{"months_between", []any{"2017-06-01 00:00:00", "2017-06-16 12:00:00"}, -0.5},
		{"months_between", []any{nil, "2017-01-10"}, nil},
		// next_day
		{"next_day", []any{"2015-01-14", "TU"}, "2015-01-20"},
		{"next_day", []any{"2015-01-14", "wednesday"}, "2015-01-21"},
		{"next_day", []any{"2015-01-14", "xx"}, nil},
		// to_date, to_timestamp
		{"to_date", []any{"2009-07-30 04:17:52"}, "2009-07-30"},
		{"to_date", []any{"2016-12-31", "yyyy-MM-dd"}, "2016-12-31"},
		{"to_date", []any{"31/12/2016", "dd/MM/yyyy"}, "2016-12-31"},
		{"to_date", []any{"20161231", "yyyyMMdd"}, "2016-12-31"},
		{"to_date", []any{"Dec 31 2016", "MMM dd yyyy"}, "2016-12-31"},
		{"to_date", []any{"2016-12-32", "yyyy-MM-dd"}, nil},
		{"to_date", []any{"foo"}, nil},
		{"to_timestamp", []any{"2016-12-31 00:12:00"}, "2016-12-31 00:12:00"},
		{"to_timestamp", []any{"2016-12-31", "yyyy-MM-dd"}, "2016-12-31 00:00:00"},
		{"to_timestamp", []any{"2016-12-31 00:12:00.5+01:00"}, "2016-12-30 23:12:00.5"},
		{"to_timestamp", []any{"2016-12-31 10:12:30.123456 +0100", "yyyy-MM-dd HH:mm:ss.SSSSSS Z"}, "2016-12-31 09:12:30.123456"},
		{"to_timestamp", []any{"2016-12-31T00:12:00Z"}, "2016-12-31 00:12:00"},
		{"to_timestamp", []any{"2016-12-31 00:12"}, "2016-12-31 00:12:00"},
		{"to_timestamp", []any{"foo", "yyyy-MM-dd"}, nil},
		{"to_timestamp", []any{"2016-12-31 00:12:00", "yyyy-MM-dd"}, nil},
		{"to_timestamp", []any{nil}, nil},
		// timestamp_seconds, timestamp_millis, timestamp_micros
		{"timestamp_seconds", []any{int64(1230219000)}, "2008-12-25 15:30:00"},
		{"timestamp_seconds", []any{1230219000.123}, "2008-12-25 15:30:00.123"},
		{"timestamp_millis", []any{int64(1230219000123)}, "2008-12-25 15:30:00.123"},
		{"timestamp_micros", []any{int64(1230219000123123)}, "2008-12-25 15:30:00.123123"},
		{"timestamp_seconds", []any{int64(-1)}, "1969-12-31 23:59:59"},
		{"timestamp_micros", []any{int64(-1)}, "1969-12-31 23:59:59.999999"},
		{"timestamp_seconds", []any{int64(1 << 62)}, nil},
		{"timestamp_seconds", []any{"x"}, nil},
		// unix_date, unix_seconds, unix_millis, unix_micros
		{"unix_date", []any{"1970-01-02"}, i64(1)},
		{"unix_seconds", []any{"1970-01-01 00:00:01Z"}, i64(1)},
		{"unix_millis", []any{"1970-01-01 00:00:01Z"}, i64(1000)},
		{"unix_micros", []any{"1970-01-01 00:00:01Z"}, i64(1000000)},
		{"unix_seconds", []any{"1969-12-31 23:59:59.5"}, i64(-1)},
		{"unix_date", []any{nil}, nil},
		// current_timezone
		{"current_timezone", nil, "UTC"},
		// add_interval, interval_text
		{"add_interval", []any{"2016-01-31", int64(1), int64(0), int64(0)}, "2016-02-29"},
		{"add_interval", []any{"2016-01-31", int64(1), int64(1), int64(0)}, "2016-03-01"},
		{"add_interval", []any{"2021-01-01", int64(12), int64(0), int64(0)}, "2022-01-01"},
		{"add_interval", []any{"2021-01-01", int64(0), int64(0), int64(3600000000)}, "2021-01-01 01:00:00"},
		{"add_interval", []any{"2021-01-01 00:00:00", int64(0), int64(1), int64(0)}, "2021-01-02 00:00:00"},
		{"add_interval", []any{"2021-03-31 10:00:00.5", int64(-1), int64(0), int64(-500000)}, "2021-02-28 10:00:00"},
		{"add_interval", []any{"2021-01-01", nil, int64(0), int64(0)}, nil},
		{"add_interval", []any{"x", int64(1), int64(0), int64(0)}, nil},
		{"interval_text", []any{int64(1211), int64(8), int64(45001001001)}, "100 years 11 months 8 days 12 hours 30 minutes 1.001001 seconds"},
		{"interval_text", []any{int64(1), int64(1), int64(100000001)}, "1 months 1 days 1 minutes 40.000001 seconds"},
		{"interval_text", []any{int64(0), int64(0), int64(0)}, "0 seconds"},
		{"interval_text", []any{int64(-14), int64(-3), int64(-1)}, "-1 years -2 months -3 days -0.000001 seconds"},
		{"interval_text", []any{int64(0), int64(0), int64(60000000)}, "1 minutes"},
		{"interval_text", []any{nil, int64(0), int64(0)}, nil},
	})
}

func TestUnixTimestampNow(t *testing.T) {
	got, err := call(t, "unix_timestamp")
	now := time.Now().Unix()
	if n, ok := got.(int64); err != nil || !ok || n < now-5 || n > now+5 {
		t.Errorf("unix_timestamp() = %v, %v; now %d", got, err, now)
	}
}

func TestCalendar(t *testing.T) {
	for _, d := range []string{"0001-01-01", "1582-10-10", "1900-02-28", "1970-01-01", "2000-02-29", "9999-12-31"} {
		days, ok := parseDateText(d)
		if !ok || formatDate(days) != d {
			t.Errorf("%s: %d %v → %s", d, days, ok, formatDate(days))
		}
		tm, _ := time.Parse("2006-01-02", d)
		if want := tm.Unix() / 86400; days != want {
			t.Errorf("%s: %d days, want %d", d, days, want)
		}
	}
}

// TestTimestampDiff: Java's LocalDateTime.until, which Spark's
// timestampdiff calls: whole units, truncated toward zero, the end date
// moved a day toward the start when its time of day is earlier.
func TestTimestampDiff(t *testing.T) {
	runCases(t, []tc{
		{"timestampdiff", []any{"MONTH", "2024-01-31 10:00:00", "2024-02-29 09:00:00"}, i64(0)},
		{"timestampdiff", []any{"MONTH", "2024-01-31 10:00:00", "2024-02-29 11:00:00"}, i64(0)},
		{"timestampdiff", []any{"MONTH", "2024-01-29", "2024-02-29"}, i64(1)},
		{"timestampdiff", []any{"MONTH", "2024-02-29", "2024-01-29"}, i64(-1)},
		{"timestampdiff", []any{"DAY", "2024-01-01 10:00:00", "2024-01-03 09:00:00"}, i64(1)},
		{"timestampdiff", []any{"DAY", "2024-01-03 09:00:00", "2024-01-01 10:00:00"}, i64(-1)},
		{"timestampdiff", []any{"WEEK", "2024-01-01", "2024-01-15"}, i64(2)},
		{"timestampdiff", []any{"YEAR", "2000-02-29", "2024-02-28"}, i64(23)},
		{"timestampdiff", []any{"QUARTER", "2024-01-01", "2024-12-31"}, i64(3)},
		{"timestampdiff", []any{"HOUR", "2024-01-01 00:00:00", "2023-12-31 22:30:00"}, i64(-1)},
		{"timestampdiff", []any{"SECOND", "2024-01-01 00:00:00", "2024-01-01 00:01:30.5"}, i64(90)},
		{"timestampdiff", []any{"MILLISECOND", "2024-01-01 00:00:00", "2024-01-01 00:00:01.0025"}, i64(1002)},
		{"timestampdiff", []any{"FORTNIGHT", "2024-01-01", "2024-01-02"}, nil},
		{"timestampdiff", []any{"DAY", nil, "2024-01-02"}, nil},
	})
}
