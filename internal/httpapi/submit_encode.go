package httpapi

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON encodes the submit's answer as encoding/json does (field
// order, omitempty, sorted map keys, HTML escaping off), without
// reflection: it is written once per submit (issue #5 item 10).
// TestSubmitOutputEncoding holds it to encoding/json.
func (o SubmitOutput) appendJSON(b []byte) ([]byte, bool) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, o.ID)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, o.Status)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(o.Version), 10)
	b = append(b, `,"ending":`...)
	b = appendJSONString(b, o.Ending)
	b = append(b, `,"message":`...)
	b = appendStringMap(b, o.Message)
	b = append(b, `,"redirect":`...)
	b = appendJSONString(b, o.Redirect)
	if o.ResumeToken != "" {
		b = append(b, `,"resume_token":`...)
		b = appendJSONString(b, o.ResumeToken)
	}
	if o.ResumeUntil != nil {
		b = append(b, `,"resume_until":"`...)
		var err error
		// Time.MarshalJSON's format and its refusals (years outside 0–9999).
		if b, err = o.ResumeUntil.AppendText(b); err != nil {
			return nil, false
		}
		b = append(b, '"')
	}
	return append(b, '}'), true
}

func appendStringMap(b []byte, m map[string]string) []byte {
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
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

// appendJSONString quotes s as encoding/json does with HTML escaping off:
// control characters escaped (\b \f \n \r \t by name), invalid UTF-8 as
// \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
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
