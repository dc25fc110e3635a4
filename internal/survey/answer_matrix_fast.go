package survey

import (
	"slices"
	"strings"

	"github.com/opencem/opencem/internal/survey/logic"
)

// The usual matrix answer — one column code for each of a few rows — is
// read without decoding it into interfaces and kept without boxing its
// cells (issue #5 item 10). decodePicks and finishPicks do for it exactly
// what decodeGeneral and finish do (FuzzMatrixFastPath).

// matrixPick is the cell of a row: the first row and column with their
// codes, as viewIndex finds them.
type matrixPick struct {
	row string
	col *optView
}

// matrixFastRows bounds the rows decodePicks takes (it scans lists).
const matrixFastRows = 16

// decodePicks reads a single-choice matrix answer of distinct known row
// ids each with a known column code, as fastString reads strings. It
// returns false, having changed nothing, for anything else.
func (a *matrixAnswer) decodePicks(st *qstate, raw []byte) bool {
	if len(st.rows) > matrixFastRows {
		return false
	}
	type pair struct{ row, col *optView }
	var buf [matrixFastRows]pair
	pairs := buf[:0]
	p := fastParser{b: raw}
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return false
	}
	p.i++
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
	} else {
		for {
			p.space()
			k, ok := p.strBytes()
			if !ok {
				return false
			}
			row := firstView(st.rows, k)
			if row == nil || slices.ContainsFunc(pairs, func(x pair) bool { return x.row == row }) || len(pairs) == len(buf) {
				return false
			}
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return false
			}
			p.i++
			p.space()
			v, ok := p.strBytes()
			if !ok {
				return false
			}
			col := firstView(st.cols, v)
			if col == nil {
				return false
			}
			pairs = append(pairs, pair{row, col})
			if more, ok := p.next('}'); !ok {
				return false
			} else if !more {
				break
			}
		}
	}
	p.space()
	if p.i != len(p.b) {
		return false
	}
	// As decodeGeneral fills cells: a row id has a cell when one of its
	// rows is visible and so is the column.
	for _, r := range st.rows {
		i := slices.IndexFunc(pairs, func(x pair) bool { return x.row.code == r.code })
		if i < 0 || !r.visible || !pairs[i].col.visible || slices.ContainsFunc(a.picks, func(x matrixPick) bool { return x.row == r.code }) {
			continue
		}
		if a.picks == nil {
			a.picks = make([]matrixPick, 0, len(pairs))
		}
		a.picks = append(a.picks, matrixPick{r.code, pairs[i].col})
	}
	a.fast = true
	return true
}

// firstView returns the first view with a code, nil if none.
func firstView(vs []*optView, code []byte) *optView {
	for _, v := range vs {
		if v.code == string(code) {
			return v
		}
	}
	return nil
}

// finishPicks is finish for what decodePicks read.
func (a *matrixAnswer) finishPicks(ev *evaluator, st *qstate) {
	q := st.qf.q
	answered := ev.strList(len(st.rows))
	for _, r := range st.rows {
		if !r.visible {
			continue
		}
		i := slices.IndexFunc(a.picks, func(x matrixPick) bool { return x.row == r.code })
		if i < 0 {
			if q.Required {
				st.fail(ErrRequired, r.code, "please answer every row")
			}
			continue
		}
		answered = append(answered, r.code)
		col := a.picks[i].col
		st.values.set(r.code, logic.String(col.code))
		st.setText(ev, r.code, func(loc string) logic.Value { return logic.String(ev.labelOf(col, loc)) })
	}
	if len(answered) == 0 {
		return
	}
	st.values.set("", logic.Strings(answered...))
	// The cleaned answer {row: column}, keys in order as json.Marshal
	// writes a map.
	var buf [matrixFastRows]matrixPick
	sorted := append(buf[:0], a.picks...)
	slices.SortFunc(sorted, func(x, y matrixPick) int { return strings.Compare(x.row, y.row) })
	start := ev.jsonStart()
	b := append(ev.json, '{')
	for i, pk := range sorted {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(append(appendJSONString(b, pk.row), ':'), pk.col.code)
	}
	ev.keepClean(st, append(b, '}'), start)
}
