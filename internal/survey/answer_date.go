package survey

import (
	"encoding/json"

	"github.com/opencem/opencem/internal/survey/logic"
)

// dateAnswer handles date questions: "2024-01-31" (date),
// "2024-01-31T08:30" (datetime), "08:30" (time), or for a range
// {"from": …, "to": …}.
type dateAnswer struct {
	from, to logic.Value
}

// parseDateIn parses a date answer in a mode. Times become the text
// "HH:MM:SS"; dates and date-times become logic dates.
func parseDateIn(mode, s string) (logic.Value, bool) {
	switch mode {
	case "time":
		if len(s) != 5 && len(s) != 8 {
			return logic.Null, false
		}
		d, ok := logic.ParseDate("2000-01-01T" + s)
		if !ok {
			return logic.Null, false
		}
		t, _ := d.AsDate()
		return logic.String(t.Format("15:04:05")), true
	case "datetime":
		if len(s) != 16 && len(s) != 19 {
			return logic.Null, false
		}
	default:
		if len(s) != 10 {
			return logic.Null, false
		}
	}
	return logic.ParseDate(s)
}

func (a *dateAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil {
		return
	}
	v, ok := decodeAny(raw)
	if !ok {
		st.fail(ErrInvalid, "", "the answer is not valid JSON")
		return
	}
	q := st.qf.q
	one := func(item string, x any) logic.Value {
		if x == nil {
			return logic.Null
		}
		s, isStr := x.(string)
		if !isStr || s == "" {
			if isStr {
				return logic.Null
			}
			st.fail(ErrInvalid, item, "a date answer is a string")
			return logic.Null
		}
		d, ok := parseDateIn(q.DateMode, s)
		if !ok {
			st.fail(ErrInvalid, item, "%q is not a valid %s", s, dateModeName(q.DateMode))
		}
		return d
	}
	if !q.Range {
		a.from = one("", v)
		return
	}
	m, isObj := v.(map[string]any)
	if v != nil && !isObj {
		st.fail(ErrInvalid, "", "a date range is {\"from\": …, \"to\": …}")
		return
	}
	a.from, a.to = one("from", m["from"]), one("to", m["to"])
}

func dateModeName(mode string) string {
	switch mode {
	case "time":
		return "time (HH:MM)"
	case "datetime":
		return "date and time (YYYY-MM-DDTHH:MM)"
	}
	return "date (YYYY-MM-DD)"
}

func (a *dateAnswer) assign(ev *evaluator, st *qstate, ps []pendingAssign) {
	if st.qf.q.Range {
		return
	}
	for _, p := range ps {
		switch p.value.Kind() {
		case logic.KindNull:
			a.from = logic.Null
		case logic.KindDate:
			if d, ok := parseDateIn(st.qf.q.DateMode, p.value.Text()); ok {
				a.from = d
			} else if st.qf.q.DateMode == "datetime" {
				a.from = p.value
			}
		default:
			if d, ok := parseDateIn(st.qf.q.DateMode, p.value.Text()); ok {
				a.from = d
			}
		}
	}
}

// dateLess compares two date answers of one mode.
func dateLess(a, b logic.Value) bool {
	if ta, ok := a.AsDate(); ok {
		tb, _ := b.AsDate()
		return ta.Before(tb)
	}
	return a.Text() < b.Text()
}

func (a *dateAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	empty := a.from.Kind() == logic.KindNull && a.to.Kind() == logic.KindNull
	if empty {
		if q.Required {
			st.fail(ErrRequired, "", "an answer is required")
		}
		return
	}
	check := func(item string, v logic.Value) {
		if v.Kind() == logic.KindNull || q.Validation == nil {
			return
		}
		if lo, ok := parseDateIn(q.DateMode, q.Validation.MinDate); ok && dateLess(v, lo) {
			st.fail(ErrTooEarly, item, "the date must not be before %s", q.Validation.MinDate)
		}
		if hi, ok := parseDateIn(q.DateMode, q.Validation.MaxDate); ok && dateLess(hi, v) {
			st.fail(ErrTooLate, item, "the date must not be after %s", q.Validation.MaxDate)
		}
	}
	if !q.Range {
		check("", a.from)
		st.values.set("", a.from)
		ev.setClean(st, a.from.Text())
		return
	}
	switch {
	case a.from.Kind() == logic.KindNull:
		st.fail(ErrIncomplete, "from", "the range needs a start")
	case a.to.Kind() == logic.KindNull:
		st.fail(ErrIncomplete, "to", "the range needs an end")
	case dateLess(a.to, a.from):
		st.fail(ErrRangeOrder, "to", "the range ends before it starts")
	}
	check("from", a.from)
	check("to", a.to)
	clean := map[string]any{}
	if a.from.Kind() != logic.KindNull {
		st.values.set("from", a.from)
		clean["from"] = a.from.Text()
	}
	if a.to.Kind() != logic.KindNull {
		st.values.set("to", a.to)
		clean["to"] = a.to.Text()
	}
	st.values.set("", logic.List(a.from, a.to))
	ev.setClean(st, clean)
}
