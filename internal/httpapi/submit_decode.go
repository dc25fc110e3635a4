package httpapi

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/jsonx"
	"github.com/opencem/opencem/internal/response"
)

// fastDecoder is an input type with a hand-written decoder for the shape
// clients send. encoding/json's reflection over maps of raw answers was the
// largest share of the HTTP layer's CPU per submit (issue #5 item 10).
type fastDecoder interface {
	// decodeFast fills in the value from body and reports true, or reports
	// false and leaves the value as it was. It must report true only when
	// encoding/json would decode body into the same value without error.
	decodeFast(body []byte) bool
}

// decodeFast takes a JSON object whose keys are SubmitInput's exact field
// names, each at most once, with values of the fields' types (or null).
// Anything else (an unknown, repeated or differently cased key, an escaped
// key, a wrong type, a syntax error, data after the object) reports false,
// and decodeJSON decodes the body again with encoding/json, which alone
// makes errors and applies its rules for the rare shapes. FuzzSubmitDecode
// holds the two to the same results.
func (in *SubmitInput) decodeFast(body []byte) bool {
	p := scan{b: body}
	var out SubmitInput
	var seen uint32
	p.ws()
	if !p.byte('{') {
		return false
	}
	p.ws()
	if !p.byte('}') {
		for {
			ks, ke, plain, ok := p.str()
			if !ok || !plain {
				return false
			}
			f := submitField(body[ks:ke])
			if f < 0 || seen&(1<<f) != 0 {
				return false
			}
			seen |= 1 << f
			p.ws()
			if !p.byte(':') {
				return false
			}
			p.ws()
			if !out.decodeField(f, &p) {
				return false
			}
			p.ws()
			if p.byte(',') {
				p.ws()
				continue
			}
			if p.byte('}') {
				break
			}
			return false
		}
	}
	p.ws()
	if p.i != len(body) {
		return false // decodeJSON's rules for trailing data apply
	}
	*in = out
	return true
}

// The body fields of SubmitInput, by JSON name.
const (
	fID = iota
	fSurveyCode
	fVersion
	fAnswers
	fParams
	fCurrentPage
	fFinal
	fTiming
	fDeviceID
	fOpenID
	fInviteToken
	fContactID
	fConsent
	fWebsite
	fToken
	fStartedAt
)

func submitField(k []byte) int {
	switch string(k) {
	case "id":
		return fID
	case "survey_code":
		return fSurveyCode
	case "version":
		return fVersion
	case "answers":
		return fAnswers
	case "params":
		return fParams
	case "current_page":
		return fCurrentPage
	case "final":
		return fFinal
	case "timing":
		return fTiming
	case "device_id":
		return fDeviceID
	case "openid":
		return fOpenID
	case "invite_token":
		return fInviteToken
	case "contact_id":
		return fContactID
	case "consent":
		return fConsent
	case "website":
		return fWebsite
	case "token":
		return fToken
	case "started_at":
		return fStartedAt
	}
	return -1
}

// decodeField decodes the value at p into field f. A null leaves any field
// as it was (zero here), as encoding/json does.
func (in *SubmitInput) decodeField(f int, p *scan) bool {
	if p.lit("null") {
		return true
	}
	switch f {
	case fID:
		return p.string(&in.ID)
	case fSurveyCode:
		return p.string(&in.SurveyCode)
	case fCurrentPage:
		return p.string(&in.CurrentPage)
	case fDeviceID:
		return p.string(&in.DeviceID)
	case fOpenID:
		return p.string(&in.OpenID)
	case fInviteToken:
		return p.string(&in.InviteToken)
	case fContactID:
		return p.string(&in.ContactID)
	case fWebsite:
		return p.string(&in.Website)
	case fToken:
		return p.string(&in.Token)
	case fVersion:
		return p.int(&in.Version)
	case fFinal:
		switch {
		case p.lit("true"):
			in.Final = true
		case p.lit("false"):
		default:
			return false
		}
		return true
	case fStartedAt:
		s := p.i
		if _, _, _, ok := p.str(); !ok {
			return false
		}
		t := new(time.Time)
		if t.UnmarshalJSON(p.b[s:p.i]) != nil {
			return false
		}
		in.StartedAt = t
		return true
	case fConsent:
		s := p.i
		if !p.value(0) {
			return false
		}
		var c *response.Consent
		if json.Unmarshal(p.b[s:p.i], &c) != nil {
			return false
		}
		in.Consent = c
		return true
	case fAnswers:
		return p.rawMap(&in.Answers)
	case fParams:
		return p.stringMap(&in.Params)
	case fTiming:
		return p.intMap(&in.Timing)
	}
	return false
}

// scan reads JSON from b at i. Its methods report false on anything they
// do not take, which the callers turn into "use encoding/json".
type scan struct {
	b []byte
	i int
	// text, when set, is a copy of b[textAt:textAt+len(text)]: strings
	// within it are cut from it instead of each allocated (see object).
	text   string
	textAt int
}

// cut returns b[start:end] as a string.
func (p *scan) cut(start, end int) string {
	if start >= p.textAt && end <= p.textAt+len(p.text) {
		return p.text[start-p.textAt : end-p.textAt]
	}
	return string(p.b[start:end])
}

// maxFastDepth bounds the nesting the fast path validates; deeper
// documents go to encoding/json, which has its own limit.
const maxFastDepth = 200

func (p *scan) ws() { p.i = jsonx.SkipSpace(p.b, p.i) }

func (p *scan) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *scan) lit(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// str scans a string token and returns the bounds of its contents; plain
// means they need no unescaping (no escape, valid UTF-8).
func (p *scan) str() (start, end int, plain, ok bool) {
	if !p.byte('"') {
		return 0, 0, false, false
	}
	start, plain = p.i, true
	ascii := true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			end = p.i
			p.i++
			if !ascii && !utf8.Valid(p.b[start:end]) {
				plain = false // encoding/json replaces invalid bytes
			}
			return start, end, plain, true
		case c == '\\':
			plain = false
			p.i++
			if p.i >= len(p.b) {
				return 0, 0, false, false
			}
			switch p.b[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i++
			case 'u':
				if len(p.b)-p.i < 5 {
					return 0, 0, false, false
				}
				for _, h := range p.b[p.i+1 : p.i+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return 0, 0, false, false
					}
				}
				p.i += 5
			default:
				return 0, 0, false, false
			}
		case c < 0x20:
			return 0, 0, false, false
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			p.i++
		}
	}
	return 0, 0, false, false
}

// string decodes a string token into s.
func (p *scan) string(s *string) bool {
	tok := p.i
	start, end, plain, ok := p.str()
	if !ok {
		return false
	}
	if plain {
		*s = p.cut(start, end)
		return true
	}
	v, ok := unquote(p.b[tok:p.i])
	*s = v
	return ok
}

// unquote decodes a string token with escapes or invalid UTF-8, which are
// rare: encoding/json does it, so the rules are its own.
func unquote(tok []byte) (string, bool) {
	var s string
	err := json.Unmarshal(tok, &s)
	return s, err == nil
}

// int decodes a number token that is an integer in int's range, as
// encoding/json takes into an int (a fraction or exponent is a type error).
func (p *scan) int(n *int) bool {
	s := p.i
	if !p.number() {
		return false
	}
	v, err := strconv.ParseInt(string(p.b[s:p.i]), 10, 0)
	if err != nil {
		return false
	}
	*n = int(v)
	return true
}

// number scans a number token by the JSON grammar.
func (p *scan) number() bool {
	end, ok := jsonx.ScanNumber(p.b, p.i)
	p.i = end
	return ok
}

// value scans any JSON value.
func (p *scan) value(depth int) bool {
	if p.i >= len(p.b) || depth > maxFastDepth {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '"':
		_, _, _, ok := p.str()
		return ok
	case c == '{':
		p.i++
		p.ws()
		if p.byte('}') {
			return true
		}
		for {
			if _, _, _, ok := p.str(); !ok {
				return false
			}
			p.ws()
			if !p.byte(':') {
				return false
			}
			p.ws()
			if !p.value(depth + 1) {
				return false
			}
			p.ws()
			if p.byte('}') {
				return true
			}
			if !p.byte(',') {
				return false
			}
			p.ws()
		}
	case c == '[':
		p.i++
		p.ws()
		if p.byte(']') {
			return true
		}
		for {
			if !p.value(depth + 1) {
				return false
			}
			p.ws()
			if p.byte(']') {
				return true
			}
			if !p.byte(',') {
				return false
			}
			p.ws()
		}
	case c == 't':
		return p.lit("true")
	case c == 'f':
		return p.lit("false")
	case c == 'n':
		return p.lit("null")
	default:
		return p.number()
	}
}

// members scans an object, calling member with each key (decoded) and
// the scanner at its value, which member must consume.
func (p *scan) members(member func(key string) bool) bool {
	if !p.byte('{') {
		return false
	}
	p.ws()
	if p.byte('}') {
		return true
	}
	for {
		tok := p.i
		ks, ke, plain, ok := p.str()
		if !ok {
			return false
		}
		key := ""
		if plain {
			key = p.cut(ks, ke)
		} else if key, ok = unquote(p.b[tok:p.i]); !ok {
			return false
		}
		p.ws()
		if !p.byte(':') {
			return false
		}
		p.ws()
		if !member(key) {
			return false
		}
		p.ws()
		if p.byte('}') {
			return true
		}
		if !p.byte(',') {
			return false
		}
		p.ws()
	}
}

// object prepares decoding the object at p into a map: it returns the
// number of members to size the map once, and makes one copy of the
// object's text that its keys and string values are cut from (one
// allocation instead of one per string; they live as long as the
// submission anyway). The count and end are found without validating:
// members does that, and a wrong guess costs only speed.
func (p *scan) object() (members int) {
	n, depth, inStr := 0, 0, false
	for i := p.i; i < len(p.b); i++ {
		c := p.b[i]
		if inStr {
			switch c {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				p.text, p.textAt = string(p.b[p.i:i+1]), p.i
				return min(n+1, maxMapHint)
			}
		case ',':
			if depth == 1 {
				n++
			}
		}
	}
	return min(n+1, maxMapHint)
}

// maxMapHint caps the guess, so a body of commas cannot make a huge map.
const maxMapHint = 256

// done ends what object began.
func (p *scan) done() { p.text, p.textAt = "", 0 }

// rawMap decodes an object of raw values. The values share the request
// body, which the caller owns and never reuses; each is capped at its own
// length, so an append to one cannot overwrite the next.
func (p *scan) rawMap(m *map[string]json.RawMessage) bool {
	out := make(map[string]json.RawMessage, p.object())
	defer p.done()
	ok := p.members(func(key string) bool {
		s := p.i
		if !p.value(0) {
			return false
		}
		out[key] = json.RawMessage(p.b[s:p.i:p.i])
		return true
	})
	*m = out
	return ok
}

func (p *scan) stringMap(m *map[string]string) bool {
	out := make(map[string]string, p.object())
	defer p.done()
	ok := p.members(func(key string) bool {
		var s string // null stores "", as encoding/json does
		if !p.lit("null") && !p.string(&s) {
			return false
		}
		out[key] = s
		return true
	})
	*m = out
	return ok
}

func (p *scan) intMap(m *map[string]int) bool {
	out := make(map[string]int, p.object())
	defer p.done()
	ok := p.members(func(key string) bool {
		var n int
		if !p.lit("null") && !p.int(&n) {
			return false
		}
		out[key] = n
		return true
	})
	*m = out
	return ok
}
