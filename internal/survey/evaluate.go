package survey

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/survey/logic"
)

// Input is the state of a response that Evaluate works on.
type Input struct {
	// Answers by question id, in the per-type formats of
	// docs/survey-format.md. Unknown ids are ignored.
	Answers map[string]json.RawMessage `json:"answers,omitempty"`
	// Params are the URL parameters and hidden fields as received (text);
	// declared parameters are converted to their type.
	Params map[string]string `json:"params,omitempty"`
	// Contact holds the attributes of the contact answering, if known
	// (strings, numbers, bools, lists, time.Time).
	Contact map[string]any `json:"contact,omitempty"`
	// CurrentPage is the page the respondent is on; "" before the first.
	CurrentPage string `json:"current_page,omitempty"`
	// Now is the moment today() and now() read, in the survey's time zone.
	Now time.Time `json:"-"`
	// Seed makes shuffles and CBC/MaxDiff designs specific to a response
	// (conventionally its id); "" keeps document order and generates no
	// designs.
	Seed string `json:"seed,omitempty"`
	// OmitTexts leaves Result.Texts empty; every other field is as without
	// it. For callers that only need the answers and values, such as the
	// re-validation of a submit (issue #5 item 10): rendering every display
	// text was a fifth of Evaluate. Texts piped into other texts and option
	// labels carried to other questions are still worked out.
	OmitTexts bool `json:"-"`
}

// Result is what a response looks like under a definition: what is
// visible, the piped texts, the values, where to go next, what is wrong and
// whether the response is complete. Field by field it is specified in
// docs/survey-format.md.
type Result struct {
	VisiblePages     []string            `json:"visible_pages"`
	VisibleQuestions []string            `json:"visible_questions"`
	PageQuestions    map[string][]string `json:"page_questions"` // visible questions of each visible page in display order
	VisibleOptions   map[string][]string `json:"visible_options"`
	VisibleRows      map[string][]string `json:"visible_rows"`
	VisibleColumns   map[string][]string `json:"visible_columns"`
	// Texts are the display texts of visible elements, piped, per locale;
	// keys are described in docs/survey-format.md ("q1", "q1:description",
	// "q1.A", "$survey", an ending id …).
	Texts map[string]Text `json:"texts"`
	// Values are the logic values after hiding and assignments, keyed as
	// references without braces: "q1", "q5.r1", "$var.score". Null values
	// are left out.
	Values map[string]logic.Value `json:"values"`
	// Answers is the cleaned answer set: answers of visible questions,
	// without hidden options, rows or blanks, in canonical form, plus the
	// values assignments gave to questions.
	Answers map[string]json.RawMessage `json:"answers"`
	// Designs are the CBC and MaxDiff designs for Input.Seed, by question.
	Designs  map[string]json.RawMessage `json:"designs,omitempty"`
	NextPage string                     `json:"next_page"` // "" when the survey ends after the current page
	PrevPage string                     `json:"prev_page"` // "" on the first page
	// Errors are the answer problems of visible questions on the pages up
	// to the current one (all pages when CurrentPage is "").
	Errors   map[string]AnswerError `json:"errors"`
	Complete bool                   `json:"complete"`
	Outcome  string                 `json:"outcome"` // complete or screen_out once Complete, else ""
	Ending   string                 `json:"ending"`  // the ending id once Complete, if any
	// RuleErrors lists rules that failed at run time (they count as false
	// or null); a definition that passed Check has none in practice.
	RuleErrors []cemField `json:"rule_errors,omitempty"`
}

// cemField mirrors cem.FieldError without importing it into the result.
type cemField struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// AnswerError is the first problem of one question's answer. Code is one
// of the stable codes listed in docs/survey-format.md; Item names the row,
// blank or task concerned; Rule is the index of the failing custom rule.
type AnswerError struct {
	Code    string `json:"code"`
	Item    string `json:"item,omitempty"`
	Rule    *int   `json:"rule,omitempty"`
	Message string `json:"message"`
}

// Evaluate works out a response under def. It never fails: defects of the
// answers become entries of Result.Errors and defects of rules count as
// false or null and are listed in Result.RuleErrors. It is deterministic —
// the same definition and input always give the same result — and safe for
// concurrent use.
func Evaluate(def *Definition, in Input) (res *Result) {
	defer func() {
		if r := recover(); r != nil {
			res = &Result{Errors: map[string]AnswerError{},
				RuleErrors: []cemField{{Name: "", Reason: fmt.Sprintf("internal error: %v", r)}}}
		}
	}()
	return evaluate(def, in)
}

func evaluate(def *Definition, in Input) *Result {
	if def == nil {
		def = &Definition{}
	}
	ev := newEvaluator(def.compiled(), in)
	ev.run()
	return ev.result()
}

type terminus struct {
	kind   string // complete or screen_out
	ending string
}

type evaluator struct {
	c       *compiled
	in      Input
	contact map[string]logic.Value // nil when there are none, like vars
	vars    map[string]logic.Value
	states  []qstate // by question index; qf is nil until evaluated
	pageVis []bool
	pending map[string][]pendingAssign // made on first write
	res     *Result
	term    terminus
	now     time.Time
	cenv    env // the environment of conditions, boxed once
	handlers
	views    slab[optView]
	viewPtrs slab[*optView]
	strs     slab[string] // lists of the result
	json     []byte       // the cleaned answers, encoded
}

func newEvaluator(c *compiled, in Input) *evaluator {
	ev := &evaluator{c: c, in: in, states: make([]qstate, len(c.qs)), now: in.Now,
		res: &Result{VisiblePages: make([]string, 0, len(c.pages)), VisibleQuestions: make([]string, 0, len(c.qs)),
			PageQuestions: map[string][]string{}, VisibleOptions: map[string][]string{}, VisibleRows: map[string][]string{},
			VisibleColumns: map[string][]string{}, Texts: map[string]Text{}, Errors: map[string]AnswerError{}}}
	ev.cenv = env{ev: ev, locale: c.def.Locale()}
	if len(in.Contact) > 0 {
		ev.contact = make(map[string]logic.Value, len(in.Contact))
		for k, v := range in.Contact {
			ev.contact[k] = anyValue(v, 0)
		}
	}
	if len(c.vars) > 0 {
		ev.vars = make(map[string]logic.Value, len(c.vars))
		for _, v := range c.def.Variables {
			if v != nil {
				ev.vars[v.ID] = coerceVar(v.Type, v.Initial)
			}
		}
	}
	return ev
}

// env resolves references for conditions (default locale) and for
// rendering texts in a locale; escape HTML-escapes values piped into rich
// text.
type env struct {
	ev     *evaluator
	locale string
	escape bool
}

func (e env) Now() time.Time { return e.ev.now }

func (e env) Lookup(r logic.Ref) logic.Value {
	v := e.ev.lookup(r, e.locale)
	if e.escape && v.Kind() != logic.KindNull {
		return logic.String(html.EscapeString(v.Text()))
	}
	return v
}

func (ev *evaluator) lookup(r logic.Ref, locale string) logic.Value {
	switch r.Scope {
	case logic.ScopeParam:
		// converted when read: most parameters are only stored
		if s, ok := ev.in.Params[r.Name]; ok {
			return convertParam(ev.c.params[r.Name], s)
		}
		return logic.Null
	case logic.ScopeContact:
		return ev.contact[r.Name]
	case logic.ScopeVar:
		return ev.vars[r.Name]
	}
	st := ev.stateOf(r.Name)
	if st == nil || !st.done {
		return logic.Null
	}
	switch r.Attr {
	case logic.AttrText:
		return st.textValue(r.Item, locale)
	case logic.AttrOther:
		if r.Item != "" {
			return logic.Null
		}
		if st.other == "" {
			return logic.Null
		}
		return logic.String(st.other)
	}
	return st.values.get(r.Item)
}

// cond evaluates a condition; a blank one holds, like an absent one
// (docs/survey-format.md §5). Errors count as false.
func (ev *evaluator) cond(src, path string) bool {
	if blank(src) {
		return true
	}
	e := ev.c.exprs[src]
	if e == nil {
		ev.ruleError(path, "the condition does not parse")
		return false
	}
	ok, err := logic.EvalBool(e, &ev.cenv)
	if err != nil {
		ev.ruleError(path, err.Error())
		return false
	}
	return ok
}

func (ev *evaluator) value(src, path string) logic.Value {
	e := ev.c.exprs[src]
	if e == nil {
		ev.ruleError(path, "the expression does not parse")
		return logic.Null
	}
	v, err := logic.Eval(e, &ev.cenv)
	if err != nil {
		ev.ruleError(path, err.Error())
		return logic.Null
	}
	return v
}

func (ev *evaluator) ruleError(path, reason string) {
	if len(ev.res.RuleErrors) < 100 {
		ev.res.RuleErrors = append(ev.res.RuleErrors, cemField{Name: path, Reason: reason})
	}
}

// run is the single forward pass over the survey described in
// docs/survey-format.md ("Evaluation order").
func (ev *evaluator) run() {
	c := ev.c
	ev.renderText("$survey", c.def.Title, false)
	ev.renderText("$survey:description", c.def.Description, true)
	ev.assign(c.def.Assign, "assign")
	skipTo, terminated := 0, false
	jump := func(j *Jump, from int) {
		switch j.To {
		case ToPage:
			if pg := c.pageByID[j.Target]; pg != nil && pg.first > from {
				skipTo = pg.first
			}
		case ToQuestion:
			if qf := c.byID[j.Target]; qf != nil && qf.index > from {
				skipTo = qf.index
			}
		case ToEnd, ToScreenOut:
			terminated = true
			ev.term = terminus{kind: EndComplete, ending: j.Target}
			if j.To == ToScreenOut {
				ev.term.kind = EndScreenOut
			}
		}
	}
	ev.pageVis = make([]bool, len(c.pages))
	for _, pg := range c.pages {
		p := pg.p
		onPath := !terminated && (pg.end > skipTo || pg.first == pg.end && pg.first >= skipTo)
		pageVisible := onPath && (blank(p.Display) || ev.cond(p.Display, pg.displayRule))
		if pageVisible && !ev.in.OmitTexts {
			ev.renderText(p.ID, p.Title, false)
			ev.renderText(p.ID+":description", p.Description, true)
		}
		shown := false
		for _, qf := range c.qs[pg.first:pg.end] {
			st := ev.newState(qf)
			st.onPath = !terminated && qf.index >= skipTo
			st.visible = pageVisible && st.onPath && (blank(qf.q.Display) || ev.cond(qf.q.Display, qf.displayRule))
			ev.process(st)
			if !st.visible {
				continue
			}
			shown = true
			ev.res.VisibleQuestions = append(ev.res.VisibleQuestions, qf.q.ID)
			if len(qf.q.Assign) > 0 { // the path is built only when needed
				ev.assign(qf.q.Assign, qf.path+".assign")
			}
			if j := ev.questionJump(st); j != nil {
				jump(j, qf.index)
			}
		}
		if !shown {
			if !ev.in.OmitTexts {
				delete(ev.res.Texts, p.ID)
				delete(ev.res.Texts, p.ID+":description")
			}
			continue
		}
		ev.pageVis[pg.index] = true
		ev.res.VisiblePages = append(ev.res.VisiblePages, p.ID)
		ev.res.PageQuestions[p.ID] = ev.pageOrder(pg)
		if terminated {
			continue
		}
		if len(p.Assign) > 0 {
			ev.assign(p.Assign, pg.path+".assign")
		}
		for i := range p.Jumps {
			j := &p.Jumps[i]
			if ev.cond(j.If, fmt.Sprintf("%s.jumps[%d].if", pg.path, i)) {
				jump(j, pg.end-1)
				break
			}
		}
	}
	if !terminated {
		ev.term = terminus{kind: EndComplete}
	}
	if ev.term.ending == "" {
		ev.term.ending = ev.defaultEnding(ev.term.kind)
	}
}

func (ev *evaluator) defaultEnding(kind string) string {
	for _, e := range ev.c.def.Endings {
		if e != nil && endingKind(e) == kind {
			return e.ID
		}
	}
	return ""
}

func endingKind(e *Ending) string {
	if e.Kind == "" {
		return EndComplete
	}
	return e.Kind
}

// questionJump returns the jump a visible question triggers: the first
// chosen option (in option order) that has one, else the first question
// jump whose condition holds.
func (ev *evaluator) questionJump(st *qstate) *Jump {
	if st.optionJump != nil {
		return st.optionJump
	}
	for i := range st.qf.q.Jumps {
		j := &st.qf.q.Jumps[i]
		if ev.cond(j.If, fmt.Sprintf("%s.jumps[%d].if", st.qf.path, i)) {
			return j
		}
	}
	return nil
}

// assign runs assignment rules in order; each sees the results of those
// before it.
func (ev *evaluator) assign(as []Assignment, path string) {
	for i, a := range as {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !ev.cond(a.If, p+".if") {
			continue
		}
		if name, ok := varTarget(a.Target); ok {
			v, known := ev.c.vars[name]
			if !known {
				ev.ruleError(p+".target", "unknown variable")
				continue
			}
			ev.vars[name] = coerceVar(v.Type, ev.value(a.Value, p+".value"))
			continue
		}
		st := ev.stateOf(a.Target)
		qf := ev.c.byID[a.Target]
		if qf == nil || st != nil {
			ev.ruleError(p+".target", "the target question is unknown or already evaluated")
			continue
		}
		pa := pendingAssign{tick: a.Tick}
		if a.Tick == "" {
			pa.value = ev.value(a.Value, p+".value")
		}
		if ev.pending == nil {
			ev.pending = map[string][]pendingAssign{}
		}
		ev.pending[a.Target] = append(ev.pending[a.Target], pa)
	}
}

func varTarget(t string) (string, bool) {
	const prefix = "$var."
	if len(t) > len(prefix) && t[:len(prefix)] == prefix {
		return t[len(prefix):], true
	}
	return "", false
}

// result finishes the Result: next and previous page, errors in scope,
// completeness and outcome.
func (ev *evaluator) result() *Result {
	res := ev.res
	c := ev.c
	cur := -1
	if pg := c.pageByID[ev.in.CurrentPage]; pg != nil && ev.in.CurrentPage != "" {
		cur = pg.index
	}
	for i := cur + 1; i < len(c.pages); i++ {
		if ev.pageVis[i] {
			res.NextPage = c.pages[i].p.ID
			break
		}
	}
	for i := cur - 1; i >= 0; i-- {
		if ev.pageVis[i] {
			res.PrevPage = c.pages[i].p.ID
			break
		}
	}
	complete := true
	nValues, nAnswers := len(ev.vars), 0
	for i := range ev.states {
		st := &ev.states[i]
		nValues += st.values.len()
		if st.clean != nil {
			nAnswers++
		}
		if st.qf == nil || !st.visible || st.err == nil {
			continue
		}
		complete = false
		if cur < 0 || st.qf.page.index <= cur {
			res.Errors[st.qf.q.ID] = *st.err
		}
	}
	res.Values = make(map[string]logic.Value, nValues)
	res.Answers = make(map[string]json.RawMessage, nAnswers)
	for i := range ev.states {
		st := &ev.states[i]
		if st.qf == nil {
			continue
		}
		id := st.qf.q.ID
		if vs := &st.values; vs.hasOwn && vs.own.Kind() != logic.KindNull {
			res.Values[id] = vs.own
		}
		for _, iv := range st.values.items {
			if iv.v.Kind() != logic.KindNull {
				res.Values[id+"."+iv.item] = iv.v
			}
		}
		if st.clean != nil {
			res.Answers[id] = st.clean
		}
	}
	for k, v := range ev.vars {
		if v.Kind() != logic.KindNull {
			res.Values["$var."+k] = v
		}
	}
	res.Complete = complete
	if complete {
		res.Outcome = ev.term.kind
		res.Ending = ev.term.ending
		if e := c.endings[ev.term.ending]; e != nil {
			ev.renderText(e.ID, e.Text, true)
		}
	}
	return res
}

// renderText pipes a text into every locale of the survey and stores it
// under key. Rich texts get their piped values HTML-escaped.
func (ev *evaluator) renderText(key string, t Text, rich bool) {
	if ev.in.OmitTexts || t.IsZero() {
		return
	}
	ev.res.Texts[key] = ev.render(t, rich)
}

func (ev *evaluator) render(t Text, rich bool) Text {
	out := Text{}
	for _, loc := range ev.c.locales {
		src := t.Resolve(loc, ev.c.def.Locale(), ev.c.def.Locales)
		if strings.IndexAny(src, "{}") < 0 {
			// No reference and no escaped brace: it renders as itself (and
			// a text that does not parse is shown as written).
			out[loc] = src
			continue
		}
		tm := ev.c.tmpls[src]
		if tm == nil {
			parsed, err := logic.ParseTemplate(src)
			if err != nil {
				out[loc] = src
				continue
			}
			tm = parsed
		}
		out[loc] = tm.Render(env{ev: ev, locale: loc, escape: rich})
	}
	return out
}
