package survey

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"

	"github.com/opencem/opencem/internal/survey/logic"
)

var (
	emailRE = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@.]+$`)
	phoneRE = regexp.MustCompile(`^\+?[0-9]{6,15}$`)
)

// textAnswer handles fill-in questions: a string, or a number for
// input "number" (a numeric string is accepted).
type textAnswer struct {
	v logic.Value
}

func (a *textAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil {
		return
	}
	if s, ok := fastString(raw); ok {
		a.v = scalarText(st, "", st.qf.q.Input, string(s))
		return
	}
	a.decodeGeneral(st, raw)
}

// decodeGeneral is decode for any answer.
func (a *textAnswer) decodeGeneral(st *qstate, raw json.RawMessage) {
	v, ok := decodeAny(raw)
	if !ok {
		st.fail(ErrInvalid, "", "the answer is not valid JSON")
		return
	}
	a.v = scalarText(st, "", st.qf.q.Input, v)
}

// scalarText converts a decoded text or number answer for an input kind.
func scalarText(st *qstate, item, input string, v any) logic.Value {
	if v == nil {
		return logic.Null
	}
	if input == "number" {
		if s, isStr := v.(string); isStr && strings.TrimSpace(s) == "" {
			return logic.Null
		}
		f, ok := numberOf(v)
		if !ok {
			st.fail(ErrInvalid, item, "a number is required")
			return logic.Null
		}
		return logic.Number(f)
	}
	s, ok := v.(string)
	if !ok {
		st.fail(ErrInvalid, item, "a text answer is a string")
		return logic.Null
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return logic.Null
	}
	return logic.String(s)
}

func (a *textAnswer) assign(ev *evaluator, st *qstate, ps []pendingAssign) {
	for _, p := range ps {
		if p.tick != "" {
			continue
		}
		switch {
		case p.value.Kind() == logic.KindNull:
			a.v = logic.Null
		case st.qf.q.Input == "number":
			a.v = toNumber(p.value)
		default:
			a.v = logic.String(p.value.Text())
		}
	}
}

func toNumber(v logic.Value) logic.Value {
	if f, ok := v.AsNumber(); ok {
		return logic.Number(f)
	}
	if s, ok := v.AsString(); ok {
		if f, ok := numberOf(s); ok {
			return logic.Number(f)
		}
	}
	return logic.Null
}

func (a *textAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	if a.v.Kind() == logic.KindNull {
		if q.Required {
			st.fail(ErrRequired, "", "an answer is required")
		}
		return
	}
	ev.checkScalar(st, "", q.Input, a.v, q.Validation)
	st.values.set("", a.v)
	ev.setCleanValue(st, a.v)
}

// checkScalar applies the text or number rules of a validation.
func (ev *evaluator) checkScalar(st *qstate, item, input string, v logic.Value, val *Validation) {
	if f, ok := v.AsNumber(); ok {
		if val == nil {
			return
		}
		if val.Integer && f != math.Trunc(f) {
			st.fail(ErrNotInteger, item, "a whole number is required")
		}
		if val.Min != nil && f < *val.Min {
			st.fail(ErrTooSmall, item, "the number must be at least %v", *val.Min)
		}
		if val.Max != nil && f > *val.Max {
			st.fail(ErrTooLarge, item, "the number must be at most %v", *val.Max)
		}
		return
	}
	s := v.Text()
	switch input {
	case "email":
		if !emailRE.MatchString(s) {
			st.fail(ErrEmail, item, "an e-mail address is required")
		}
	case "phone":
		if !phoneRE.MatchString(strings.NewReplacer(" ", "", "-", "").Replace(s)) {
			st.fail(ErrPhone, item, "a phone number is required")
		}
	}
	if val == nil {
		return
	}
	n := runeLen(s)
	if val.MinLength != nil && n < *val.MinLength {
		st.fail(ErrTooShort, item, "at least %d characters", *val.MinLength)
	}
	if val.MaxLength != nil && n > *val.MaxLength {
		st.fail(ErrTooLong, item, "at most %d characters", *val.MaxLength)
	}
	if val.Pattern != "" {
		re := ev.c.regexes[val.Pattern]
		if re != nil && !re.MatchString(s) {
			msg := val.PatternMessage.Resolve(ev.c.def.Locale(), ev.c.def.Locale(), ev.c.def.Locales)
			if msg == "" {
				msg = "the answer does not have the expected form"
			}
			st.fail(ErrPattern, item, "%s", msg)
		}
	}
}

// blanksAnswer handles several blanks in one sentence: {"b1": "…", "b2": 3}.
type blanksAnswer struct {
	vals map[string]logic.Value
}

func (a *blanksAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	a.vals = map[string]logic.Value{}
	if raw == nil {
		return
	}
	v, ok := decodeAny(raw)
	m, isObj := v.(map[string]any)
	if !ok || v != nil && !isObj {
		st.fail(ErrInvalid, "", "a blanks answer is an object of blank id → text")
		return
	}
	for _, b := range st.qf.q.Blanks {
		if b == nil {
			continue
		}
		if x, present := m[b.ID]; present {
			a.vals[b.ID] = scalarText(st, b.ID, b.Input, x)
		}
	}
	for _, k := range sortedKeys(m) {
		if blankByID(st.qf.q, k) == nil {
			st.fail(ErrInvalidOption, k, "the question has no blank %q", k)
		}
	}
}

func blankByID(q *Question, id string) *Blank {
	for _, b := range q.Blanks {
		if b != nil && b.ID == id {
			return b
		}
	}
	return nil
}

func (a *blanksAnswer) assign(*evaluator, *qstate, []pendingAssign) {}

func (a *blanksAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	clean := map[string]any{}
	var filled []logic.Value
	for _, b := range q.Blanks {
		if b == nil {
			continue
		}
		v := a.vals[b.ID]
		if v.Kind() == logic.KindNull {
			if q.Required {
				st.fail(ErrRequired, b.ID, "please fill in every blank")
			}
			continue
		}
		ev.checkScalar(st, b.ID, b.Input, v, b.Validation)
		st.values.set(b.ID, v)
		clean[b.ID] = v
		filled = append(filled, v)
	}
	if len(filled) > 0 {
		st.values.set("", logic.List(filled...))
		ev.setClean(st, clean)
	}
}

// scaleAnswer handles rating and slider questions: a number, or for a
// rating the code of its "not applicable" choice.
type scaleAnswer struct {
	v logic.Value
}

// ratingRange returns the first and last point of a rating scale.
func ratingRange(q *Question) (lo, hi int) {
	if q.Scale == "nps" {
		return 0, 10
	}
	start, points := 1, q.Points
	if q.Start != nil {
		start = *q.Start
	}
	if points == 0 {
		points = 5
	}
	return start, start + points - 1
}

func (a *scaleAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil {
		return
	}
	if n, ok := fastNumber(raw); ok { // what scaleValue does with it decoded, without decoding
		f, ok := plainNumber(string(n))
		a.v = scaleNumber(st, "", st.qf.q, f, ok)
		return
	}
	a.decodeGeneral(st, raw)
}

// decodeGeneral is decode for any answer.
func (a *scaleAnswer) decodeGeneral(st *qstate, raw json.RawMessage) {
	v, ok := decodeAny(raw)
	if !ok {
		st.fail(ErrInvalid, "", "the answer is not valid JSON")
		return
	}
	a.v = scaleValue(st, "", st.qf.q, v)
}

// scaleValue converts a rating or slider answer, reporting values off the
// scale as invalid (ratings) or too small/large/off-step (sliders).
func scaleValue(st *qstate, item string, q *Question, v any) logic.Value {
	if v == nil {
		return logic.Null
	}
	if s, isStr := v.(string); isStr && q.NA != nil && s == q.NA.Code {
		return logic.String(s)
	}
	f, ok := numberOf(v)
	return scaleNumber(st, item, q, f, ok)
}

// scaleNumber is scaleValue for a number (ok false: not a number).
func scaleNumber(st *qstate, item string, q *Question, f float64, ok bool) logic.Value {
	if !ok {
		st.fail(ErrInvalid, item, "a number on the scale is required")
		return logic.Null
	}
	if q.Type == TypeSlider {
		lo, hi, step := sliderRange(q)
		switch {
		case f < lo:
			st.fail(ErrTooSmall, item, "the value must be at least %v", lo)
		case f > hi:
			st.fail(ErrTooLarge, item, "the value must be at most %v", hi)
		case step > 0 && math.Abs(math.Round((f-lo)/step)*step+lo-f) > 1e-9*math.Max(1, math.Abs(f)):
			st.fail(ErrStep, item, "the value must be a multiple of %v from %v", step, lo)
		}
		return logic.Number(f)
	}
	lo, hi := ratingRange(q)
	if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		st.fail(ErrInvalid, item, "the rating must be a whole number from %d to %d", lo, hi)
		return logic.Null
	}
	return logic.Number(f)
}

func sliderRange(q *Question) (lo, hi, step float64) {
	lo, hi, step = 0, 100, 1
	if q.Min != nil {
		lo = *q.Min
	}
	if q.Max != nil {
		hi = *q.Max
	}
	if q.Step != nil {
		step = *q.Step
	}
	return
}

// assign checks the assigned value against the scale as an answer would be
// (docs/survey-format.md §5.5): a visible target reports the problem as
// its error (a rating off the scale is then null, a slider keeps the
// number, as for a typed answer); a hidden target drops a value off the
// scale, since only a value valid for the question counts. The last
// assignment decides.
func (a *scaleAnswer) assign(ev *evaluator, st *qstate, ps []pendingAssign) {
	q := st.qf.q
	var bad *AnswerError
	for _, p := range ps {
		if p.tick != "" {
			continue
		}
		var x any
		if s, ok := p.value.AsString(); ok && q.NA != nil && s == q.NA.Code {
			x = s
		} else if f, ok := toNumber(p.value).AsNumber(); ok {
			x = f
		}
		chk := &qstate{}
		a.v, bad = scaleValue(chk, "", q, x), chk.err
	}
	switch {
	case bad == nil:
	case st.visible:
		if st.err == nil {
			st.err = bad
		}
	default:
		a.v = logic.Null
	}
}

func (a *scaleAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	if a.v.Kind() == logic.KindNull {
		if q.Required {
			st.fail(ErrRequired, "", "an answer is required")
		}
		return
	}
	st.values.set("", a.v)
	ev.setCleanValue(st, a.v)
	if s, ok := a.v.AsString(); ok && q.NA != nil {
		na := q.NA
		st.setText(ev, "", func(loc string) logic.Value {
			return logic.String(na.Label.Resolve(loc, ev.c.def.Locale(), ev.c.def.Locales))
		})
		_ = s
	}
}

// videoAnswer handles the video question: {"percent": 0–100, "seconds": n}.
type videoAnswer struct {
	percent, seconds logic.Value
}

func (a *videoAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil {
		return
	}
	v, ok := decodeAny(raw)
	m, isObj := v.(map[string]any)
	if !ok || v != nil && !isObj {
		st.fail(ErrInvalid, "", "a video answer is {\"percent\": …, \"seconds\": …}")
		return
	}
	if x, present := m["percent"]; present && x != nil {
		f, ok := numberOf(x)
		if !ok || f < 0 || f > 100 {
			st.fail(ErrInvalid, "percent", "percent must be a number from 0 to 100")
		} else {
			a.percent = logic.Number(f)
		}
	}
	if x, present := m["seconds"]; present && x != nil {
		f, ok := numberOf(x)
		if !ok || f < 0 {
			st.fail(ErrInvalid, "seconds", "seconds must be a number of at least 0")
		} else {
			a.seconds = logic.Number(f)
		}
	}
}

func (a *videoAnswer) assign(*evaluator, *qstate, []pendingAssign) {}

func (a *videoAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	pct, answered := a.percent.AsNumber()
	if q.MinWatchPercent != nil && *q.MinWatchPercent > 0 && (!answered || pct < *q.MinWatchPercent) {
		st.fail(ErrWatch, "", "please watch at least %v%% of the video", *q.MinWatchPercent)
	}
	if !answered {
		if q.Required {
			st.fail(ErrRequired, "", "please watch the video")
		}
		return
	}
	st.values.set("", a.percent)
	st.values.set("percent", a.percent)
	clean := map[string]any{"percent": a.percent}
	if a.seconds.Kind() != logic.KindNull {
		st.values.set("seconds", a.seconds)
		clean["seconds"] = a.seconds
	}
	ev.setClean(st, clean)
}
