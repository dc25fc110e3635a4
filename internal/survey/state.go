package survey

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/opencem/opencem/internal/survey/design"
	"github.com/opencem/opencem/internal/survey/logic"
)

// qstate is the evaluator's view of one question of one response.
type qstate struct {
	qf              *qinfo
	onPath, visible bool
	done            bool // processed: later rules may read it
	readsText       bool // someone may read {q.text}: setText records it

	opts     []*optView          // effective options in display order, hidden ones included
	optIdx   map[string]*optView // by code, for long lists only: see opt
	rows     []*optView          // matrix rows (code = row id)
	cols     []*optView          // matrix columns
	selected []string            // chosen option codes after cleaning (choice types)

	values     valueSet                          // "" → the question's value; item → value
	texts      map[string]map[string]logic.Value // item → locale → value of {q.item.text}
	other      string
	clean      json.RawMessage // the cleaned answer, nil when none: see evaluator.setClean
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
	// The states of a response are one allocation, and optIdx and texts
	// are made on first write: most questions need neither, and a submit
	// evaluates every question (issue #5 item 10).
	st := &ev.states[qf.index]
	*st = qstate{qf: qf, readsText: qf.readsText}
	if ev.in.OmitTexts {
		st.readsText = qf.readsTextLean
	}
	return st
}

// stateOf returns the state of the question with an id, nil before it is
// evaluated. Of questions sharing an id (a defect Check reports) it is the
// last one evaluated so far.
func (ev *evaluator) stateOf(id string) *qstate {
	for qf := ev.c.lastByID[id]; qf != nil; qf = qf.prevDup {
		if st := &ev.states[qf.index]; st.qf != nil {
			return st
		}
	}
	return nil
}

// optIndexMin is the option count from which opt looks codes up in a map
// rather than a scan.
const optIndexMin = 16

// opt returns the first effective option with a code, nil if none.
func (st *qstate) opt(code string) *optView {
	if st.optIdx != nil {
		return st.optIdx[code]
	}
	for _, o := range st.opts {
		if o.code == code {
			return o
		}
	}
	return nil
}

func (st *qstate) textValue(item, locale string) logic.Value {
	if m := st.texts[item]; m != nil {
		return m[locale]
	}
	return logic.Null
}

// setText records {q.item.text} for every locale from a function, unless
// no rule or text can read it.
func (st *qstate) setText(ev *evaluator, item string, f func(locale string) logic.Value) {
	if !st.readsText {
		return
	}
	m := make(map[string]logic.Value, len(ev.c.locales))
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
	if st.visible && !ev.in.OmitTexts { // the keys are not even built without texts
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
	}
	if st.visible {
		ev.outputViews(st)
	}
	raw := ev.in.Answers[q.ID]
	if !st.visible {
		raw = nil // hidden answers never count
	}
	a := ev.answerFor(q)
	a.decode(ev, st, raw)
	if p := ev.pending[q.ID]; len(p) > 0 {
		a.assign(ev, st, p)
	}
	a.finish(ev, st)
	if !st.visible {
		st.err = nil
	}
	st.done = true
	if st.visible && st.err == nil && st.values.len() > 0 && q.Validation != nil {
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
		codes := ev.strList(len(views))
		for _, o := range views {
			if o.visible {
				codes = append(codes, o.code)
				if len(o.labels) > 0 && !ev.in.OmitTexts {
					// a copy: fixed labels are shared by all responses
					ev.res.Texts[id+"."+o.code] = maps.Clone(o.labels)
				}
			}
		}
		dst[id] = codes
	}
	emit(st.opts, ev.res.VisibleOptions)
	emit(st.rows, ev.res.VisibleRows)
	emit(st.cols, ev.res.VisibleColumns)
	if ev.in.OmitTexts {
		return
	}
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
// columns), fixed its rendered label if it pipes nothing; the rule path is
// formatted only for a display condition.
func (ev *evaluator) optionView(o *Option, fixed Text, qpath, list string, i int, visible bool) *optView {
	v := ev.newView()
	*v = optView{code: o.Code, label: o.Label, image: o.Image, exclusive: o.Exclusive, other: o.Other,
		otherOptional: o.OtherOptional, na: o.NotApplicable, pinned: o.Pinned, jump: o.Jump, children: o.Children}
	v.visible = visible && (blank(o.Display) || ev.cond(o.Display, fmt.Sprintf("%s.%s[%d].display", qpath, list, i)))
	if v.visible {
		v.labels = ev.renderLabel(o.Label, fixed)
	}
	return v
}

// renderLabel renders a label, or takes it as rendered once per definition.
func (ev *evaluator) renderLabel(t, fixed Text) Text {
	if fixed != nil {
		return fixed
	}
	return ev.render(t, false)
}

// newView returns a zero optView from the response's slab.
func (ev *evaluator) newView() *optView {
	return &ev.views.take(1, ev.c.nViews+8)[:1][0]
}

// strList returns an empty list of the result with room for n strings.
// The slab is sized for every list of options, rows, columns and
// questions (twice the own ones, for the carried ones).
func (ev *evaluator) strList(n int) []string {
	return ev.strs.take(n, 2*(ev.c.nViews+len(ev.c.qs)))
}

// viewList returns an empty list with room for n views.
func (ev *evaluator) viewList(n int) []*optView {
	return ev.viewPtrs.take(n, ev.c.nViews+8)
}

// buildOptions computes the effective options, rows and columns of a
// question: carried from a source question first, then its own, then
// shuffled with pinned items kept in place.
func (ev *evaluator) buildOptions(st *qstate) {
	qf := st.qf
	q, path := qf.q, qf.path
	switch q.Type {
	case TypeSingle, TypeMultiple, TypeDropdown, TypeHotspot, TypeRanking, TypeMaxDiff, TypeMatrix:
	default:
		return
	}
	if q.Type != TypeMatrix || q.Matrix == "dropdown" {
		from := ev.source(q.OptionsFrom)
		if from != nil || len(q.Options) > 0 {
			st.opts = ev.viewList(len(from.viewsOrNone()) + len(q.Options))
		}
		st.opts = ev.carried(st.opts, q.OptionsFrom, from, st.visible)
		for i, o := range q.Options {
			if o != nil {
				st.opts = append(st.opts, ev.optionView(o, qf.optLabels[i], path, "options", i, st.visible))
			}
		}
		if q.ShuffleOptions {
			ev.shuffle(st.opts, q.ID+"/options")
		}
		if len(st.opts) >= optIndexMin {
			st.optIdx = make(map[string]*optView, len(st.opts))
			for _, o := range st.opts {
				if _, dup := st.optIdx[o.code]; !dup {
					st.optIdx[o.code] = o
				}
			}
		}
	}
	if q.Type != TypeMatrix {
		return
	}
	from := ev.source(q.RowsFrom)
	if from != nil || len(q.Rows) > 0 {
		st.rows = ev.viewList(len(from.viewsOrNone()) + len(q.Rows))
	}
	st.rows = ev.carried(st.rows, q.RowsFrom, from, st.visible)
	for i, r := range q.Rows {
		if r == nil {
			continue
		}
		v := ev.newView()
		*v = optView{code: r.ID, label: r.Label, pinned: r.Pinned}
		v.visible = st.visible && (blank(r.Display) || ev.cond(r.Display, fmt.Sprintf("%s.rows[%d].display", path, i)))
		if v.visible {
			v.labels = ev.renderLabel(r.Label, qf.rowLabels[i])
		}
		st.rows = append(st.rows, v)
	}
	if q.ShuffleRows {
		ev.shuffle(st.rows, q.ID+"/rows")
	}
	if len(q.Columns) > 0 {
		st.cols = ev.viewList(len(q.Columns))
	}
	for i, o := range q.Columns {
		if o != nil {
			st.cols = append(st.cols, ev.optionView(o, qf.colLabels[i], path, "columns", i, st.visible))
		}
	}
	if q.ShuffleColumns {
		ev.shuffle(st.cols, q.ID+"/columns")
	}
}

// source returns the evaluated question options or rows are carried
// from, nil when there is none.
func (ev *evaluator) source(src *OptionSource) *qstate {
	if src == nil {
		return nil
	}
	if from := ev.stateOf(src.Question); from != nil && from.done {
		return from
	}
	return nil
}

// viewsOrNone returns the options of a source question (nil for none).
func (st *qstate) viewsOrNone() []*optView {
	if st == nil {
		return nil
	}
	return st.opts
}

// carried appends to out the options a question takes from its source
// question from (see source), in the order the respondent saw them: the
// source's options, visible when the source showed them and they match the
// mode (all, selected, unselected). A chosen "other" option carries the
// text typed into it as its label.
func (ev *evaluator) carried(out []*optView, src *OptionSource, from *qstate, visible bool) []*optView {
	if from == nil {
		return out
	}
	chosen := map[string]bool{}
	for _, c := range from.selected {
		chosen[c] = true
	}
	for _, o := range from.opts {
		show := visible && o.visible
		switch src.Mode {
		case "selected":
			show = show && chosen[o.code]
		case "unselected":
			show = show && !chosen[o.code]
		}
		v := ev.newView()
		*v = optView{code: o.code, label: o.label, labels: o.labels, image: o.image, na: o.na, visible: show}
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
	all := ev.c.qs[pg.first:pg.end]
	if pg.p.ShuffleQuestions && ev.in.Seed != "" {
		all = append([]*qinfo(nil), all...)
		design.NewRand(ev.in.Seed+"/"+pg.p.ID).Shuffle(len(all), nil, func(i, j int) { all[i], all[j] = all[j], all[i] })
	}
	out := ev.strList(len(all))
	for _, qf := range all {
		if st := ev.stateOf(qf.q.ID); st != nil && st.qf == qf && st.visible {
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
