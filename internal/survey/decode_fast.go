package survey

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/jsonx"
)

// fastDecode decodes the usual shapes of an answer — numbers, strings
// without escapes, true, false, null, and arrays and objects of them, a few
// levels deep — to exactly what json.Decoder with UseNumber gives, without
// the decoder and its buffers (a tenth of Evaluate's time on the submit
// path, issue #5 item 10). handled is false for anything else, malformed
// input included: the caller then decodes the slow way, which decides.
func fastDecode(raw []byte) (v any, handled bool) {
	p := fastParser{b: raw}
	p.space()
	v, ok := p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	if p.i != len(p.b) {
		return nil, false
	}
	return v, true
}

type fastParser struct {
	b []byte
	i int
}

const fastMaxDepth = 4

func (p *fastParser) space() { p.i = jsonx.SkipSpace(p.b, p.i) }

func (p *fastParser) value(depth int) (any, bool) {
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == '[' && depth < fastMaxDepth:
		return p.array(depth)
	case c == '{' && depth < fastMaxDepth:
		return p.object(depth)
	}
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.b)-p.i >= len(lit.text) && string(p.b[p.i:p.i+len(lit.text)]) == lit.text {
			p.i += len(lit.text)
			return lit.v, true
		}
	}
	return nil, false
}

// str reads a string without escapes or control characters, in valid UTF-8.
func (p *fastParser) str() (string, bool) {
	s, ok := p.strBytes()
	return string(s), ok
}

// strBytes is str without making the string.
func (p *fastParser) strBytes() ([]byte, bool) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return nil, false
	}
	start := p.i + 1
	for j := start; j < len(p.b); j++ {
		switch c := p.b[j]; {
		case c == '"':
			s := p.b[start:j]
			if !utf8.Valid(s) {
				return nil, false
			}
			p.i = j + 1
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as its text.
func (p *fastParser) number() (json.Number, bool) {
	s, ok := p.numberBytes()
	return json.Number(s), ok
}

// numberBytes is number without making the string.
func (p *fastParser) numberBytes() ([]byte, bool) {
	end, ok := jsonx.ScanNumber(p.b, p.i)
	if !ok {
		return nil, false
	}
	n := p.b[p.i:end]
	p.i = end
	return n, true
}

// The answers of the usual questions are read without decoding them into
// interfaces at all (issue #5 item 10): the functions below take a whole
// answer of one simple shape, and the handlers fall back to decodeAny for
// anything else.

// fastString returns the content of an answer that is one string accepted
// by str.
func fastString(raw []byte) ([]byte, bool) {
	p := fastParser{b: raw}
	p.space()
	s, ok := p.strBytes()
	if !ok {
		return nil, false
	}
	p.space()
	return s, p.i == len(p.b)
}

// fastNumber returns the text of an answer that is one JSON number.
func fastNumber(raw []byte) ([]byte, bool) {
	p := fastParser{b: raw}
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '-' && (p.b[p.i] < '0' || p.b[p.i] > '9') {
		return nil, false
	}
	n, ok := p.numberBytes()
	if !ok {
		return nil, false
	}
	p.space()
	return n, p.i == len(p.b)
}

// next reads, after spaces, what follows an element of a list or an
// object: a comma (more) or the closing byte (!more); ok is false for
// anything else.
func (p *fastParser) next(close byte) (more, ok bool) {
	p.space()
	if p.i < len(p.b) {
		switch p.b[p.i] {
		case ',':
			p.i++
			return true, true
		case close:
			p.i++
			return false, true
		}
	}
	return false, false
}

func (p *fastParser) array(depth int) (any, bool) {
	p.i++ // [
	out := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return out, true
	}
	for {
		p.space()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		if more, ok := p.next(']'); !ok {
			return nil, false
		} else if !more {
			return out, true
		}
	}
}

func (p *fastParser) object(depth int) (any, bool) {
	p.i++ // {
	out := map[string]any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return out, true
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.space()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		out[k] = v
		if more, ok := p.next('}'); !ok {
			return nil, false
		} else if !more {
			return out, true
		}
	}
}
