package response

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/opencem/opencem/internal/jsonx"
)

// marshalAnswers is json.Marshal(m) for answers, byte for byte: keys
// sorted, HTML characters escaped, each raw value compacted. A value the
// page sent is compact already and is copied after one validating pass;
// any map with a value that is not (whitespace between tokens, a
// character to escape, invalid JSON) goes to json.Marshal whole, so its
// result and errors stay encoding/json's.
func marshalAnswers(m map[string]json.RawMessage) ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	var buf [16]string
	keys := buf[:0]
	size := 2
	for k, v := range m {
		keys = append(keys, k)
		size += len(k) + len(v) + 4
		if v != nil && !compactJSON(v) {
			return json.Marshal(m)
		}
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, k, true)
		b = append(b, ':')
		if v := m[k]; v == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, v...)
		}
	}
	return append(b, '}'), nil
}

// compactJSON reports whether b is one valid JSON value that encoding/json's
// compaction (HTML escaping on) leaves as it is.
func compactJSON(b []byte) bool {
	c := compactScan{b: b}
	return c.value(0) && c.i == len(b)
}

type compactScan struct {
	b []byte
	i int
}

func (c *compactScan) next(ch byte) bool {
	if c.i < len(c.b) && c.b[c.i] == ch {
		c.i++
		return true
	}
	return false
}

func (c *compactScan) value(depth int) bool {
	if c.i >= len(c.b) || depth > 200 {
		return false
	}
	switch ch := c.b[c.i]; {
	case ch == '"':
		return c.str()
	case ch == '{':
		c.i++
		if c.next('}') {
			return true
		}
		for {
			if !c.str() || !c.next(':') || !c.value(depth+1) {
				return false
			}
			if c.next('}') {
				return true
			}
			if !c.next(',') {
				return false
			}
		}
	case ch == '[':
		c.i++
		if c.next(']') {
			return true
		}
		for {
			if !c.value(depth + 1) {
				return false
			}
			if c.next(']') {
				return true
			}
			if !c.next(',') {
				return false
			}
		}
	case ch == 't':
		return c.lit("true")
	case ch == 'f':
		return c.lit("false")
	case ch == 'n':
		return c.lit("null")
	default:
		return c.number()
	}
}

func (c *compactScan) lit(s string) bool {
	if len(c.b)-c.i >= len(s) && string(c.b[c.i:c.i+len(s)]) == s {
		c.i += len(s)
		return true
	}
	return false
}

func (c *compactScan) number() bool {
	end, ok := jsonx.ScanNumber(c.b, c.i)
	c.i = end
	return ok
}

// str scans a string; false also for <, >, & and U+2028/U+2029, which
// compaction would escape.
func (c *compactScan) str() bool {
	if !c.next('"') {
		return false
	}
	for c.i < len(c.b) {
		ch := c.b[c.i]
		switch {
		case ch == '"':
			c.i++
			return true
		case ch == '\\':
			c.i++
			if c.i >= len(c.b) {
				return false
			}
			switch c.b[c.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				c.i++
			case 'u':
				if len(c.b)-c.i < 5 {
					return false
				}
				for _, h := range c.b[c.i+1 : c.i+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return false
					}
				}
				c.i += 5
			default:
				return false
			}
		case ch < 0x20 || ch == '<' || ch == '>' || ch == '&':
			return false
		case ch == 0xE2 && c.i+2 < len(c.b) && c.b[c.i+1] == 0x80 && c.b[c.i+2]&^1 == 0xA8:
			return false
		default:
			c.i++
		}
	}
	return false
}

// sameAnswers reports whether a and b hold the same answers byte for byte
// (and so encode alike).
func sameAnswers(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}
