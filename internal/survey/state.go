package survey

import (
	"fmt"

	"github.com/opencem/opencem/internal/survey/design"
	"github.com/opencem/opencem/internal/survey/logic"
)

// qstate is the evaluator's view of one question of one response.
type qstate struct {
	qf              *qinfo
	onPath, visible bool
	done            bool // processed: later rules may read it

	opts     []*optView // effective options in display order, hidden ones included
	optIdx   map[string]*optView
	rows     []*optView // matrix rows (code = row id)
	cols     []*optView // matrix columns
	selected []string   // chosen option codes after cleaning (choice types)

	values     map[string]logic.Value            // "" → the question's value; item → value
	texts      map[string]map[string]logic.Value // item → locale → value of {q.item.text}
	other      string
	clean      any
	err        *AnswerError
	optionJump *Jump
}

// optView is an option (or row or column) as this response sees it.
type optView struct {
	code          string
	label         Text
	labels        Text // rendered per locale
	image         string
	exclusive     bool
	other         bool
	otherOptional bool
	na            bool
	pinned        bool
	visible       bool
	jump          *Jump
	children      []*Option
}

type pendingAssign struct {
	value logic.Value
	tick  string
}

func (ev *evaluator) newState(qf *qinfo) *qstate {
	// optIdx and texts are made on first write: most questions need
	// neither, and a submit evaluates every question.
	st := &qstate{qf: qf, values: map[string]logic.Value{}}
	ev.states[qf.q.ID] = st
	ev.order = append(ev.order, st)
	return st
}

func (st *qstate) textValue(item, locale string) logic.Value {
	if m := st.texts[item]; m != nil {
		return m[locale]
	}
	return logic.Null
}

// setText records {q.item.text} for every locale from a function.
func (st *qstate) setText(ev *evaluator, item string, f func(locale string) logic.Value) {
	m := map[string]logic.Value{}
	for _, loc := range ev.c.locales {
		m[loc] = f(loc)
	}
	if st.texts == nil {
		st.texts = map[string]map[string]logic.Value{}
	}
	st.texts[item] = m
}

func (st *qstate) fail(code, item, format string, args ...any) {
	if st.err == nil {
		st.err = &AnswerError{Code: code, Item: item, Message: fmt.Sprintf(format, args...)}
	}
}

// process works out one question: its options, rows and columns, its
// cleaned answer with assignments applied, its values, texts and errors.
func (ev *evaluator) process(st *qstate) {
	q := st.qf.q
	ev.buildOptions(st)
	if st.visible && nothingToChoose(st) {
		st.visible = false // a choice without options, or a matrix without rows, is hidden
	}
	if st.visible {
		ev.renderText(q.ID, q.Title, true)
		ev.renderText(q.ID+":description", q.Description, true)
		// An array, not a map literal: this runs for every visible question
		// of every submit (issue #5 item 10).
		for _, kt := range [...]struct {
			key string
			t   Text
		}{{"placeholder", q.Placeholder}, {"min_label", q.MinLabel}, {"max_label", q.MaxLabel},
			{"none_label", q.NoneLabel}, {"best_label", q.BestLabel}, {"worst_label", q.WorstLabel}} {
			if !kt.t.IsZero() {
				ev.renderText(q.ID+":"+kt.key, kt.t, false)
			}
		}
		ev.outputViews(st)
	}
	raw := ev.in.Answers[q.ID]
	if !st.visible {
		raw = nil // hidden answers never count
	}
	a := answerFor(q)
	a.decode(ev, st, raw)
	if p := ev.pending[q.ID]; len(p) > 0 {
		a.assign(ev, st, p)
	}
	a.finish(ev, st)
	if !st.visible {
		st.err = nil
	}
	st.done = true
	if st.visible && st.err == nil && len(st.values) > 0 && q.Validation != nil {
		for i, r := range q.Validation.Rules {
			if !ev.cond(r.Valid, fmt.Sprintf("%s.validation.rules[%d].valid", st.qf.path, i)) {
				msg := r.Message.Resolve(ev.c.def.Locale(), ev.c.def.Locale(), ev.c.def.Locales)
				if msg == "" {
					msg = "the answer is not valid"
				}
				st.fail(ErrCustom, "", "%s", msg)
				idx := i
				st.err.Rule = &idx
				break
			}
		}
	}
}

// outputViews records visible options, rows and columns and their texts.
func (ev *evaluator) outputViews(st *qstate) {
	id := st.qf.q.ID
	emit := func(views []*optView, dst map[string][]string) {
		if len(views) == 0 {
			return
		}
		codes := []string{}
		for _, o := range views {
			if o.visible {
				codes = append(codes, o.code)
				if len(o.labels) > 0 && !ev.in.OmitTexts {
					ev.res.Texts[id+"."+o.code] = o.labels
				}
			}
		}
		dst[id] = codes
	}
	emit(st.opts, ev.res.VisibleOptions)
	emit(st.rows, ev.res.VisibleRows)
	emit(st.cols, ev.res.VisibleColumns)
	q := st.qf.q
	if q.NA != nil {
		ev.renderText(id+"."+q.NA.Code, q.NA.Label, false)
	}
	for _, b := range q.Blanks {
		if b != nil {
			ev.renderText(id+"."+b.ID, b.Label, false)
		}
	}
	for _, l := range q.Levels {
		if l != nil {
			ev.renderText(id+"."+l.ID, l.Label, false)
		}
	}
	for _, at := range q.Attributes {
		if at == nil {
			continue
		}
		ev.renderText(id+"."+at.ID, at.Label, false)
		for _, l := range at.Levels {
			if l != nil {
				ev.renderText(id+"."+at.ID+"."+l.ID, l.Label, false)
			}
		}
	}
}

// optionView is option i of the question at qpath's list (options or
// columns); the rule path is formatted only for a display condition.
func (ev *evaluator) optionView(o *Option, qpath, list string, i int, visible bool) *optView {
	v := &optView{code: o.Code, label: o.Label, image: o.Image, exclusive: o.Exclusive, other: o.Other,
		otherOptional: o.OtherOptional, na: o.NotApplicable, pinned: o.Pinned, jump: o.Jump, children: o.Children}
	v.visible = visible && (blank(o.Display) || ev.cond(o.Display, fmt.Sprintf("%s.%s[%d].display", qpath, list, i)))
	if v.visible {
		v.labels = ev.render(o.Label, false)
	}
	return v
}

// buildOptions computes the effective options, rows and columns of a
// question: carried from a source question first, then its own, then
// shuffled with pinned items kept in place.
func (ev *evaluator) buildOptions(st *qstate) {
	q, path := st.qf.q, st.qf.path
	switch q.Type {
	case TypeSingle, TypeMultiple, TypeDropdown, TypeHotspot, TypeRanking, TypeMaxDiff, TypeMatrix:
	default:
		return
	}
	if q.Type != TypeMatrix || q.Matrix == "dropdown" {
		if q.OptionsFrom != nil {
			st.opts = ev.carried(q.OptionsFrom, st.visible)
		}
		for i, o := range q.Options {
			if o != nil {
				st.opts = append(st.opts, ev.optionView(o, path, "options", i, st.visible))
			}
		}
		if q.ShuffleOptions {
			ev.shuffle(st.opts, q.ID+"/options")
		}
		if st.optIdx == nil && len(st.opts) > 0 {
			st.optIdx = make(map[string]*optView, len(st.opts))
		}
		for _, o := range st.opts {
			if _, dup := st.optIdx[o.code]; !dup {
				st.optIdx[o.code] = o
			}
		}
	}
	if q.Type != TypeMatrix {
		return
	}
	if q.RowsFrom != nil {
		st.rows = ev.carried(q.RowsFrom, st.visible)
	}
	for i, r := range q.Rows {
		if r == nil {
			continue
		}
		v := &optView{code: r.ID, label: r.Label, pinned: r.Pinned}
		v.visible = st.visible && (blank(r.Display) || ev.cond(r.Display, fmt.Sprintf("%s.rows[%d].display", path, i)))
		if v.visible {
			v.labels = ev.render(r.Label, false)
		}
		st.rows = append(st.rows, v)
	}
	if q.ShuffleRows {
		ev.shuffle(st.rows, q.ID+"/rows")
	}
	for i, o := range q.Columns {
		if o != nil {
			st.cols = append(st.cols, ev.optionView(o, path, "columns", i, st.visible))
		}
	}
	if q.ShuffleColumns {
		ev.shuffle(st.cols, q.ID+"/columns")
	}
}

// carried returns the options a question takes from its source, in the
// order the respondent saw them: the source's options, visible when the
// source showed them and they match the mode (all, selected, unselected).
// A chosen "other" option carries the text typed into it as its label.
func (ev *evaluator) carried(src *OptionSource, visible bool) []*optView {
	from := ev.states[src.Question]
	if from == nil || !from.done {
		return nil
	}
	chosen := map[string]bool{}
	for _, c := range from.selected {
		chosen[c] = true
	}
	var out []*optView
	for _, o := range from.opts {
		show := visible && o.visible
		switch src.Mode {
		case "selected":
			show = show && chosen[o.code]
		case "unselected":
			show = show && !chosen[o.code]
		}
		v := &optView{code: o.code, label: o.label, labels: o.labels, image: o.image, na: o.na, visible: show}
		if o.other && chosen[o.code] && from.other != "" {
			v.label = Text{"": from.other}
			v.labels = Text{}
			for _, loc := range ev.c.locales {
				v.labels[loc] = from.other
			}
		}
		if !show {
			v.labels = nil
		}
		out = append(out, v)
	}
	return out
}

func (ev *evaluator) shuffle(views []*optView, key string) {
	if ev.in.Seed == "" || len(views) < 2 {
		return
	}
	design.NewRand(ev.in.Seed+"/"+key).Shuffle(len(views), func(i int) bool { return views[i].pinned },
		func(i, j int) { views[i], views[j] = views[j], views[i] })
}

// pageOrder returns the visible questions of a page in display order. The
// page's questions are shuffled as a whole before the hidden ones are
// left out (docs/survey-format.md §12), so the order depends only on the
// seed, not on which questions the answers hide.
func (ev *evaluator) pageOrder(pg *pinfo) []string {
	all := append([]*qinfo(nil), ev.c.qs[pg.first:pg.end]...)
	if pg.p.ShuffleQuestions && ev.in.Seed != "" {
		design.NewRand(ev.in.Seed+"/"+pg.p.ID).Shuffle(len(all), nil, func(i, j int) { all[i], all[j] = all[j], all[i] })
	}
	out := []string{}
	for _, qf := range all {
		if st := ev.states[qf.q.ID]; st != nil && st.qf == qf && st.visible {
			out = append(out, qf.q.ID)
		}
	}
	return out
}

// nothingToChoose reports a choice question without a visible option or a
// matrix without a visible row.
func nothingToChoose(st *qstate) bool {
	switch st.qf.q.Type {
	case TypeSingle, TypeMultiple, TypeDropdown, TypeHotspot, TypeRanking:
		if len(st.qf.q.Levels) > 0 {
			return false
		}
		return !anyVisible(st.opts)
	case TypeMatrix:
		return !anyVisible(st.rows)
	}
	return false
}

func anyVisible(vs []*optView) bool {
	for _, v := range vs {
		if v.visible {
			return true
		}
	}
	return false
}
