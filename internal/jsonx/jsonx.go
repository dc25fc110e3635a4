// Package jsonx holds the JSON encoding the hot paths write by hand
// (issue #5 item 10: the submit path's answers, output and stored
// answers), so that each writes exactly what encoding/json would without
// reflection, and there is one quoting routine to hold to it.
package jsonx

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendString appends s quoted as encoding/json does: control characters
// escaped (\b \f \n \r \t by name), invalid UTF-8 as \ufffd, U+2028 and
// U+2029 escaped, and with escapeHTML (json.Marshal's default) also <, >
// and &.
func AppendString(b []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendStringMap appends m as encoding/json does: keys sorted, nil as null.
func AppendStringMap(b []byte, m map[string]string, escapeHTML bool) []byte {
	return appendMap(b, m, escapeHTML, func(b []byte, v string) []byte { return AppendString(b, v, escapeHTML) })
}

// AppendIntMap appends m as encoding/json does: keys sorted, nil as null.
func AppendIntMap(b []byte, m map[string]int, escapeHTML bool) []byte {
	return appendMap(b, m, escapeHTML, func(b []byte, v int) []byte { return strconv.AppendInt(b, int64(v), 10) })
}

// appendMap appends m with its keys sorted, each value by value.
func appendMap[V any](b []byte, m map[string]V, escapeHTML bool, value func([]byte, V) []byte) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	var buf [8]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k, escapeHTML)
		b = append(b, ':')
		b = value(b, m[k])
	}
	return append(b, '}')
}

// AppendStrings appends l as encoding/json does: nil as null.
func AppendStrings(b []byte, l []string, escapeHTML bool) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, s, escapeHTML)
	}
	return append(b, ']')
}

// ScanNumber returns the end of the JSON number token at b[i:] —
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? — and whether there is one.
// It is the number grammar of the hand-written scanners on the submit path.
func ScanNumber(b []byte, i int) (end int, ok bool) {
	digits := func() bool {
		k := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > k
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if !digits() {
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return i, false
		}
	}
	return i, true
}

// SkipSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
