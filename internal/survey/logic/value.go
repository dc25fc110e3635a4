package logic

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind identifies the variant held by a Value.
type Kind uint8

// The kinds of Value. KindNull is the zero value.
const (
	KindNull Kind = iota
	KindNumber
	KindString
	KindBool
	KindDate
	KindList
)

var kindNames = [...]string{"null", "number", "string", "bool", "date", "list"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is the run-time value of an expression: a small tagged union of
// null, number (float64), string, bool, date and list. The zero Value is
// Null. Values are immutable; the language never modifies a list in place.
type Value struct {
	kind Kind
	// num holds a number, or for a date the seconds since the Unix epoch of
	// its wall-clock reading taken as UTC (dates carry no time zone).
	num  float64
	str  string
	b    bool
	list []Value
}

// Null is the empty value: an unanswered question, a hidden question, a
// missing parameter, or the result of arithmetic that has no answer.
var Null Value

// Number returns a number Value. NaN and ±Inf become Null and -0 becomes 0,
// so no non-finite number ever reaches a comparison or the JSON encoding.
func Number(f float64) Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Null
	}
	if f == 0 {
		f = 0 // drops the sign of -0
	}
	return Value{kind: KindNumber, num: f}
}

// String returns a string Value.
func String(s string) Value { return Value{kind: KindString, str: s} }

// Bool returns a bool Value.
func Bool(b bool) Value { return Value{kind: KindBool, b: b} }

// Date returns a date Value holding the wall-clock reading of t in t's own
// location, truncated to the second. Dates carry no zone: two dates compare
// by their wall clocks. Years outside 1–9999 give Null.
func Date(t time.Time) Value {
	y, mo, d := t.Date()
	if y < 1 || y > 9999 {
		return Null
	}
	h, mi, s := t.Clock()
	u := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	return Value{kind: KindDate, num: float64(u.Unix())}
}

// List returns a list Value holding a copy of elems.
func List(elems ...Value) Value {
	return Value{kind: KindList, list: append([]Value{}, elems...)}
}

// Strings is a convenience for a list of strings, the shape of a
// multiple-choice answer (its option codes).
func Strings(ss ...string) Value {
	l := make([]Value, len(ss))
	for i, s := range ss {
		l[i] = String(s)
	}
	return Value{kind: KindList, list: l}
}

// Kind reports the variant held by v.
func (v Value) Kind() Kind { return v.kind }

// AsNumber returns the number held by v; ok is false unless v is a number.
func (v Value) AsNumber() (f float64, ok bool) { return v.num, v.kind == KindNumber }

// AsString returns the string held by v; ok is false unless v is a string.
func (v Value) AsString() (s string, ok bool) { return v.str, v.kind == KindString }

// AsBool returns the bool held by v; ok is false unless v is a bool.
func (v Value) AsBool() (b bool, ok bool) { return v.b, v.kind == KindBool }

// AsDate returns the date held by v as a UTC time whose wall clock is the
// date's; ok is false unless v is a date.
func (v Value) AsDate() (t time.Time, ok bool) {
	if v.kind != KindDate {
		return time.Time{}, false
	}
	return time.Unix(int64(v.num), 0).UTC(), true
}

// AsList returns the elements of v; ok is false unless v is a list. The
// caller must not modify the returned slice.
func (v Value) AsList() (elems []Value, ok bool) { return v.list, v.kind == KindList }

// IsEmpty reports whether v is empty: Null, the empty string or the empty
// list. Zero and false are not empty.
func (v Value) IsEmpty() bool {
	switch v.kind {
	case KindNull:
		return true
	case KindString:
		return v.str == ""
	case KindList:
		return len(v.list) == 0
	}
	return false
}

// Text formats v for display, as piping and concat() do: Null is "", numbers
// use the shortest decimal form without exponent, dates are "2006-01-02" or
// "2006-01-02T15:04:05", and list elements are joined by ", ".
func (v Value) Text() string {
	switch v.kind {
	case KindNumber:
		return formatNumber(v.num)
	case KindString:
		return v.str
	case KindBool:
		return strconv.FormatBool(v.b)
	case KindDate:
		return formatDate(v)
	case KindList:
		parts := make([]string, len(v.list))
		for i, e := range v.list {
			parts[i] = e.Text()
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// String formats v as an expression literal that evaluates to v, e.g.
// 'a', [1, 'b'], date('2024-01-31') or null; handy in messages and tests.
func (v Value) String() string {
	var b strings.Builder
	writeValue(&b, v)
	return b.String()
}

func writeValue(b *strings.Builder, v Value) {
	switch v.kind {
	case KindNull:
		b.WriteString("null")
	case KindNumber:
		b.WriteString(formatNumber(v.num))
	case KindString:
		writeQuoted(b, v.str)
	case KindBool:
		b.WriteString(strconv.FormatBool(v.b))
	case KindDate:
		b.WriteString("date(")
		writeQuoted(b, formatDate(v))
		b.WriteString(")")
	case KindList:
		b.WriteByte('[')
		for i, e := range v.list {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteByte(']')
	}
}

// Identical reports whether a and b are the same value: same kind, same
// content, lists element by element in order. Unlike the language's `=`
// it applies no coercion; tests and the conformance runner use it.
func Identical(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindNumber, KindDate:
		return a.num == b.num
	case KindString:
		return a.str == b.str
	case KindBool:
		return a.b == b.b
	case KindList:
		if len(a.list) != len(b.list) {
			return false
		}
		for i := range a.list {
			if !Identical(a.list[i], b.list[i]) {
				return false
			}
		}
	}
	return true
}

// MarshalJSON encodes v as null, a number, a string, a bool, an array, or
// for a date an object {"date": "2024-01-31"} (with "T15:04:05" when the
// date has a time of day). This is the encoding of the conformance files.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case KindNumber:
		return []byte(formatNumber(v.num)), nil
	case KindString:
		return json.Marshal(v.str)
	case KindBool:
		return []byte(strconv.FormatBool(v.b)), nil
	case KindDate:
		return json.Marshal(map[string]string{"date": formatDate(v)})
	case KindList:
		if len(v.list) == 0 {
			return []byte("[]"), nil
		}
		return json.Marshal(v.list)
	}
	return []byte("null"), nil
}

// UnmarshalJSON decodes the encoding written by MarshalJSON. It returns an
// error for objects other than {"date": "<valid date>"}.
func (v *Value) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("logic: decode value: %w", err)
	}
	val, err := fromJSON(raw)
	if err != nil {
		return fmt.Errorf("logic: decode value: %w", err)
	}
	*v = val
	return nil
}

func fromJSON(raw any) (Value, error) {
	switch x := raw.(type) {
	case nil:
		return Null, nil
	case bool:
		return Bool(x), nil
	case string:
		return String(x), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return Null, fmt.Errorf("number %s out of range", x)
		}
		return Number(f), nil
	case []any:
		l := make([]Value, len(x))
		for i, e := range x {
			ev, err := fromJSON(e)
			if err != nil {
				return Null, err
			}
			l[i] = ev
		}
		return Value{kind: KindList, list: l}, nil
	case map[string]any:
		s, ok := x["date"].(string)
		if len(x) != 1 || !ok {
			return Null, errors.New(`an object must be {"date": "YYYY-MM-DD"}`)
		}
		d, ok := ParseDate(s)
		if !ok {
			return Null, fmt.Errorf("invalid date %q", s)
		}
		return d, nil
	}
	return Null, fmt.Errorf("unsupported JSON value %T", raw)
}

// formatNumber writes the shortest decimal that reads back as f, never in
// exponent form, so piped numbers look the same in Go and TypeScript.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// parseNumeric converts a numeric string: an optional '-', digits, and an
// optional '.' followed by digits. Nothing else (no spaces, '+', exponent,
// hex) counts, so "1e3" or " 5" stay text.
func parseNumeric(s string) (float64, bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == start {
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == fs {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
