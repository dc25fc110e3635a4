package survey

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opencem/opencem/internal/survey/logic"
)

// Stable answer error codes (docs/survey-format.md, "Answer errors").
const (
	ErrRequired      = "required"        // a required answer (or row, blank) is missing
	ErrInvalid       = "invalid"         // the answer does not have the shape of its type
	ErrInvalidOption = "invalid_option"  // an option, row or column code the question does not have
	ErrTooFew        = "too_few"         // fewer selections than min_select
	ErrTooMany       = "too_many"        // more selections than max_select
	ErrExclusive     = "exclusive"       // an exclusive option chosen with others
	ErrOtherRequired = "other_required"  // "other" chosen without its text
	ErrTooShort      = "too_short"       // text shorter than min_length
	ErrTooLong       = "too_long"        // text longer than max_length
	ErrPattern       = "pattern"         // text does not match the pattern
	ErrEmail         = "email"           // not an e-mail address
	ErrPhone         = "phone"           // not a phone number
	ErrNotInteger    = "not_integer"     // a whole number is required
	ErrTooSmall      = "too_small"       // number below min
	ErrTooLarge      = "too_large"       // number above max
	ErrStep          = "step"            // slider value not on a step
	ErrTooEarly      = "too_early"       // date before min_date
	ErrTooLate       = "too_late"        // date after max_date
	ErrRangeOrder    = "range_order"     // date range ends before it starts
	ErrIncomplete    = "incomplete"      // a cascade, city, range or task list stops short
	ErrWatch         = "watch"           // video watched less than min_watch_percent
	ErrBestWorst     = "best_worst"      // MaxDiff: best and worst are the same item or not in the task
	ErrDesign        = "design_mismatch" // CBC/MaxDiff: the stored design is not the one generated for the seed
	ErrCustom        = "custom"          // a custom validation rule failed
)

// answerHandler handles the answers of one question type.
type answerHandler interface {
	// decode reads the raw answer (nil when there is none or the question
	// is hidden), dropping hidden options and recording shape errors.
	decode(ev *evaluator, st *qstate, raw json.RawMessage)
	// assign applies the values assignments gave the question.
	assign(ev *evaluator, st *qstate, p []pendingAssign)
	// finish validates (errors matter only when visible) and sets values,
	// texts, the cleaned answer and the option jump.
	finish(ev *evaluator, st *qstate)
}

// handlers are the evaluator's answer handlers, one of each type, reset
// for each question: a handler lives only while process works out its
// question (what it leaves behind is copied into the qstate), and one
// allocation per question adds up on the submit path (issue #5 item 10).
type handlers struct {
	choice  choiceAnswer
	cascade cascadeAnswer
	city    cityAnswer
	text    textAnswer
	blanks  blanksAnswer
	scale   scaleAnswer
	date    dateAnswer
	matrix  matrixAnswer
	video   videoAnswer
	cbc     cbcAnswer
	maxdiff maxdiffAnswer
}

// answerFor returns the handler of a question, reset.
func (ev *evaluator) answerFor(q *Question) answerHandler {
	h := &ev.handlers
	switch q.Type {
	case TypeSingle, TypeHotspot, TypeMultiple, TypeRanking:
		h.choice = choiceAnswer{multi: q.Type == TypeMultiple || q.Type == TypeRanking || q.Type == TypeHotspot && q.Multiple, ranking: q.Type == TypeRanking}
		return &h.choice
	case TypeDropdown:
		if len(q.Levels) > 0 {
			h.cascade = cascadeAnswer{}
			return &h.cascade
		}
		h.choice = choiceAnswer{}
		return &h.choice
	case TypeCity:
		h.city = cityAnswer{}
		return &h.city
	case TypeText:
		h.text = textAnswer{}
		return &h.text
	case TypeBlanks:
		h.blanks = blanksAnswer{}
		return &h.blanks
	case TypeRating, TypeSlider:
		h.scale = scaleAnswer{}
		return &h.scale
	case TypeDate:
		h.date = dateAnswer{}
		return &h.date
	case TypeMatrix:
		h.matrix = matrixAnswer{}
		return &h.matrix
	case TypeVideo:
		h.video = videoAnswer{}
		return &h.video
	case TypeCBC:
		h.cbc = cbcAnswer{}
		return &h.cbc
	case TypeMaxDiff:
		h.maxdiff = maxdiffAnswer{}
		return &h.maxdiff
	}
	return noAnswer{}
}

// noAnswer is the handler of descriptive text.
type noAnswer struct{}

func (noAnswer) decode(*evaluator, *qstate, json.RawMessage) {}
func (noAnswer) assign(*evaluator, *qstate, []pendingAssign) {}
func (noAnswer) finish(*evaluator, *qstate)                  {}

// decodeAny decodes JSON keeping numbers exact; ok is false for malformed
// input. A JSON null is (nil, true).
func decodeAny(raw json.RawMessage) (any, bool) {
	if v, handled := fastDecode(raw); handled {
		return v, true
	}
	return decodeAnySlow(raw)
}

// decodeAnySlow is decodeAny without the fast path: the reference it must
// agree with (FuzzFastDecode).
func decodeAnySlow(raw json.RawMessage) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	return v, true
}

// numberOf reads a JSON number, or a string in the logic language's
// numeric form (-?digits(.digits)?, no exponent, no spaces).
func numberOf(v any) (float64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
		if strings.ContainsAny(s, "eE") {
			return 0, false
		}
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	default:
		return 0, false
	}
	return plainNumber(s)
}

// plainNumber reads a number in JSON's form (isPlainNumber).
func plainNumber(s string) (float64, bool) {
	if !isPlainNumber(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// isPlainNumber accepts -?digits(.digits)?(e±digits)?: JSON's numbers.
func isPlainNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == fs {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == es {
			return false
		}
	}
	return i == len(s)
}

// sortedKeys returns the keys of a decoded JSON object in order, so that
// the first error reported never depends on map iteration order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// labelOf returns an option's label in a locale: rendered when the option
// was shown, otherwise the definition's text.
func (ev *evaluator) labelOf(o *optView, loc string) string {
	if s, ok := o.labels[loc]; ok {
		return s
	}
	return o.label.Resolve(loc, ev.c.def.Locale(), ev.c.def.Locales)
}

// convertParam converts a URL parameter to its declared type; undeclared
// parameters stay text.
func convertParam(p *Param, s string) logic.Value {
	if p == nil {
		return logic.String(s)
	}
	if len(p.Values) > 0 {
		found := false
		for _, v := range p.Values {
			if v == s {
				found = true
				break
			}
		}
		if !found {
			return logic.Null
		}
	}
	switch p.Type {
	case "number":
		if f, ok := numberOf(s); ok {
			return logic.Number(f)
		}
		return logic.Null
	case "bool":
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "1", "true", "yes", "on":
			return logic.Bool(true)
		case "0", "false", "no", "off":
			return logic.Bool(false)
		}
		return logic.Null
	case "date":
		if d, ok := logic.ParseDate(strings.TrimSpace(s)); ok {
			return d
		}
		return logic.Null
	}
	if s == "" {
		return logic.Null
	}
	return logic.String(s)
}

// anyValue converts a contact attribute to a logic value; what has no
// counterpart is null. Lists nest at most 4 deep.
func anyValue(v any, depth int) logic.Value {
	switch x := v.(type) {
	case nil:
		return logic.Null
	case string:
		return logic.String(x)
	case bool:
		return logic.Bool(x)
	case int:
		return logic.Number(float64(x))
	case int64:
		return logic.Number(float64(x))
	case float64:
		return logic.Number(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return logic.Null
		}
		return logic.Number(f)
	case time.Time:
		return logic.Date(x)
	case logic.Value:
		return x
	case []string:
		return logic.Strings(x...)
	case []any:
		if depth >= 4 {
			return logic.Null
		}
		l := make([]logic.Value, len(x))
		for i, e := range x {
			l[i] = anyValue(e, depth+1)
		}
		return logic.List(l...)
	}
	return logic.Null
}

// coerceVar converts a value to a variable's declared type: number and
// date convert as the language does, string takes the text form, bool
// accepts only bools, list wraps a single value; what does not convert is
// null.
func coerceVar(typ string, v logic.Value) logic.Value {
	if v.Kind() == logic.KindNull {
		return v
	}
	switch typ {
	case "number":
		if f, ok := v.AsNumber(); ok {
			return logic.Number(f)
		}
		if s, ok := v.AsString(); ok {
			if f, ok := numberOf(s); ok {
				return logic.Number(f)
			}
		}
		return logic.Null
	case "string":
		return logic.String(v.Text())
	case "bool":
		if _, ok := v.AsBool(); ok {
			return v
		}
		return logic.Null
	case "date":
		if v.Kind() == logic.KindDate {
			return v
		}
		if s, ok := v.AsString(); ok {
			if d, ok := logic.ParseDate(s); ok {
				return d
			}
		}
		return logic.Null
	case "list":
		if v.Kind() == logic.KindList {
			return v
		}
		return logic.List(v)
	}
	return v
}
