package logic

import (
	"time"
)

// ParseDate parses the only date texts the language accepts:
// "2006-01-02", "2006-01-02T15:04" and "2006-01-02T15:04:05", with a space
// allowed instead of the 'T'. Fields must have exactly these widths and name
// a real calendar date (no 2023-02-29) in years 0001–9999; anything else
// reports ok=false. Strictness keeps Go and TypeScript in agreement.
func ParseDate(s string) (v Value, ok bool) {
	if len(s) != 10 && len(s) != 16 && len(s) != 19 {
		return Null, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			if !isDigit(s[i]) {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' {
		return Null, false
	}
	var h, mi, sec int
	if len(s) > 10 {
		var ok4, ok5 bool
		h, ok4 = num(11, 13)
		mi, ok5 = num(14, 16)
		if !ok4 || !ok5 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' {
			return Null, false
		}
		if len(s) == 19 {
			var ok6 bool
			sec, ok6 = num(17, 19)
			if !ok6 || s[16] != ':' {
				return Null, false
			}
		}
	}
	if y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return Null, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d { // time.Date normalised an impossible day such as 02-30
		return Null, false
	}
	return Date(t), true
}

// formatDate writes a date as "2006-01-02", or "2006-01-02T15:04:05" when it
// has a time of day.
func formatDate(v Value) string {
	t, _ := v.AsDate()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}

// toDate coerces a value for date functions and comparisons: a date stays,
// a string that ParseDate accepts becomes a date; ok is false otherwise.
func toDate(v Value) (Value, bool) {
	switch v.kind {
	case KindDate:
		return v, true
	case KindString:
		return ParseDate(v.str)
	}
	return Null, false
}

// dateDiff returns b − a in whole units ("day", "month" or "year"),
// truncated toward zero. Months are calendar months: from Jan 31 to Feb 28
// is 0 months, from Jan 31 to Mar 31 is 2. A year is 12 months.
func dateDiff(a, b Value, unit string) float64 {
	if a.num > b.num {
		return -dateDiff(b, a, unit)
	}
	if unit == "day" {
		return float64(int64(b.num-a.num) / 86400)
	}
	ta, _ := a.AsDate()
	tb, _ := b.AsDate()
	months := (tb.Year()-ta.Year())*12 + int(tb.Month()) - int(ta.Month())
	// The last month is complete only once b's day and time of day reach a's.
	if dayClock(tb) < dayClock(ta) {
		months--
	}
	if unit == "year" {
		return float64(months / 12)
	}
	return float64(months)
}

func dayClock(t time.Time) int {
	return t.Day()*86400 + t.Hour()*3600 + t.Minute()*60 + t.Second()
}

// startOfDay drops the time of day of a date.
func startOfDay(v Value) Value {
	t, _ := v.AsDate()
	return Date(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
}
