package survey

import (
	"encoding/json"

	"github.com/opencem/opencem/internal/survey/logic"
)

// CellSep joins a row id and a column id into the item id of a dropdown
// matrix cell: {q5.r1__c2}.
const CellSep = "__"

// matrixAnswer handles matrix questions, an object keyed by row id: a
// column code (single), a list of column codes (multiple), a number
// (rating) or an object of column id → choice code (dropdown).
type matrixAnswer struct {
	cells map[string]any // row id → string, []string, logic.Value or map[string]string
	// fast: the answer was read by decodePicks into picks, not cells
	fast  bool
	picks []matrixPick
}

func matrixKind(q *Question) string {
	if q.Matrix == "" {
		return "single"
	}
	return q.Matrix
}

func (a *matrixAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw != nil && matrixKind(st.qf.q) == "single" && a.decodePicks(st, raw) {
		return
	}
	a.decodeGeneral(st, raw)
}

// decodeGeneral is decode for any answer.
func (a *matrixAnswer) decodeGeneral(st *qstate, raw json.RawMessage) {
	a.cells = map[string]any{}
	if raw == nil {
		return
	}
	v, ok := decodeAny(raw)
	m, isObj := v.(map[string]any)
	if !ok || v != nil && !isObj {
		st.fail(ErrInvalid, "", "a matrix answer is an object keyed by row id")
		return
	}
	q := st.qf.q
	rows := viewIndex(st.rows)
	cols := viewIndex(st.cols)
	kind := matrixKind(q)
	for _, r := range st.rows {
		x, present := m[r.code]
		if !present || x == nil {
			continue
		}
		switch kind {
		case "single":
			s, isStr := x.(string)
			if !isStr {
				st.fail(ErrInvalid, r.code, "a row answer is a column code")
				continue
			}
			if c := cols[s]; c == nil {
				st.fail(ErrInvalidOption, r.code, "no column %q", s)
			} else if c.visible && r.visible {
				a.cells[r.code] = s
			}
		case "multiple":
			l, isList := x.([]any)
			if !isList {
				st.fail(ErrInvalid, r.code, "a row answer is a list of column codes")
				continue
			}
			var codes []string
			for _, e := range l {
				s, _ := e.(string)
				c := cols[s]
				if c == nil {
					st.fail(ErrInvalidOption, r.code, "no column %q", s)
					continue
				}
				if c.visible && r.visible && !contains(codes, s) {
					codes = append(codes, s)
				}
			}
			if len(codes) > 0 {
				a.cells[r.code] = inOptionOrder(st.cols, codes)
			}
		case "rating":
			if val := scaleValue(st, r.code, q, x); val.Kind() != logic.KindNull && r.visible {
				a.cells[r.code] = val
			}
		case "dropdown":
			cm, isMap := x.(map[string]any)
			if !isMap {
				st.fail(ErrInvalid, r.code, "a row answer is an object of column id → choice code")
				continue
			}
			cells := map[string]string{}
			for _, c := range st.cols {
				y, present := cm[c.code]
				if !present || y == nil {
					continue
				}
				s, _ := y.(string)
				o := st.opt(s)
				if o == nil {
					st.fail(ErrInvalidOption, r.code+CellSep+c.code, "no choice %q", s)
					continue
				}
				if o.visible && c.visible && r.visible {
					cells[c.code] = s
				}
			}
			for _, k := range sortedKeys(cm) {
				if cols[k] == nil {
					st.fail(ErrInvalidOption, r.code, "no column %q", k)
				}
			}
			if len(cells) > 0 {
				a.cells[r.code] = cells
			}
		}
	}
	for _, k := range sortedKeys(m) {
		if rows[k] == nil {
			st.fail(ErrInvalidOption, k, "no row %q", k)
		}
	}
}

func viewIndex(vs []*optView) map[string]*optView {
	m := make(map[string]*optView, len(vs))
	for _, v := range vs {
		if _, dup := m[v.code]; !dup {
			m[v.code] = v
		}
	}
	return m
}

func (a *matrixAnswer) assign(*evaluator, *qstate, []pendingAssign) {}

func (a *matrixAnswer) finish(ev *evaluator, st *qstate) {
	if a.fast {
		a.finishPicks(ev, st)
		return
	}
	q := st.qf.q
	kind := matrixKind(q)
	cols := viewIndex(st.cols)
	val := q.Validation
	clean := map[string]any{}
	var answered []string
	for _, r := range st.rows {
		if !r.visible {
			continue
		}
		cell, ok := a.cells[r.code]
		if !ok {
			if q.Required {
				st.fail(ErrRequired, r.code, "please answer every row")
			}
			continue
		}
		answered = append(answered, r.code)
		clean[r.code] = cell
		switch kind {
		case "single":
			code := cell.(string)
			st.values.set(r.code, logic.String(code))
			st.setText(ev, r.code, func(loc string) logic.Value { return logic.String(ev.labelOf(cols[code], loc)) })
		case "multiple":
			codes := cell.([]string)
			st.values.set(r.code, logic.Strings(codes...))
			st.setText(ev, r.code, func(loc string) logic.Value {
				ls := make([]logic.Value, len(codes))
				for i, c := range codes {
					ls[i] = logic.String(ev.labelOf(cols[c], loc))
				}
				return logic.List(ls...)
			})
			if val != nil {
				n := len(codes)
				if val.MinSelect != nil && n < *val.MinSelect {
					st.fail(ErrTooFew, r.code, "choose at least %d in each row", *val.MinSelect)
				}
				if val.MaxSelect != nil && n > *val.MaxSelect {
					st.fail(ErrTooMany, r.code, "choose at most %d in each row", *val.MaxSelect)
				}
			}
			for _, c := range codes {
				if cols[c].exclusive && len(codes) > 1 {
					st.fail(ErrExclusive, r.code, "column %q cannot be combined with others", c)
				}
			}
		case "rating":
			st.values.set(r.code, cell.(logic.Value))
		case "dropdown":
			cells := cell.(map[string]string)
			var row []logic.Value
			for _, c := range st.cols {
				code, ok := cells[c.code]
				if !c.visible {
					continue
				}
				if !ok {
					if q.Required {
						st.fail(ErrRequired, r.code+CellSep+c.code, "please answer every cell")
					}
					continue
				}
				item := r.code + CellSep + c.code
				st.values.set(item, logic.String(code))
				o := st.opt(code)
				st.setText(ev, item, func(loc string) logic.Value { return logic.String(ev.labelOf(o, loc)) })
				row = append(row, logic.String(code))
			}
			st.values.set(r.code, logic.List(row...))
		}
	}
	if len(answered) > 0 {
		st.values.set("", logic.Strings(answered...))
		ev.setClean(st, clean)
	}
}
