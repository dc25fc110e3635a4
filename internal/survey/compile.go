package survey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/opencem/opencem/internal/survey/logic"
)

// compiled is the read-only form of a definition that checks and the
// evaluator share: indexes, and every expression and text parsed once.
// After construction nothing writes to it, so concurrent Evaluate calls on
// one Definition are safe.
type compiled struct {
	def      *Definition
	qs       []*qinfo // questions in document order
	byID     map[string]*qinfo
	pages    []*pinfo
	pageByID map[string]*pinfo
	endings  map[string]*Ending
	params   map[string]*Param
	vars     map[string]*Variable
	exprs    map[string]*logic.Expr     // source → parsed; nil when it does not parse
	tmpls    map[string]*logic.Template // source → parsed; nil when it does not parse
	regexes  map[string]*regexp.Regexp  // validation pattern → compiled; nil when invalid
	locales  []string
	lastByID map[string]*qinfo // the last question with an id (earlier ones via prevDup)
	nViews   int               // own options, columns and rows of all questions
}

type pinfo struct {
	p           *Page
	index       int
	first, end  int // questions [first, end) in document order
	path        string
	displayRule string // path + ".display", for rule errors
}

type qinfo struct {
	q     *Question
	index int
	page  *pinfo
	path  string
	opts  map[string]*Option // own options (top level) by code
	cols  map[string]*Option
	rows  map[string]*Item

	// For the evaluator, worked out once per definition rather than per
	// response (issue #5 item 10).
	prevDup     *qinfo // the previous question with the same id, if any
	displayRule string // path + ".display", for rule errors
	// readsText: some rule or text reads {q.text} or {q.item.text};
	// readsTextLean: one evaluated even with Input.OmitTexts does (a rule
	// or the label of an option, column or row). Else nobody can read the
	// question's texts and they are not worked out.
	readsText, readsTextLean bool
	// The labels of q.Options, q.Columns and q.Rows rendered, when they
	// pipe nothing and so render the same for every response; nil entries
	// are rendered per response. Shared: never modified.
	optLabels, colLabels, rowLabels []Text
}

// compiled returns the compiled form, cached when the definition came from
// Parse and rebuilt otherwise.
func (d *Definition) compiled() *compiled {
	if d.cache == nil {
		return compile(d)
	}
	d.cache.once.Do(func() { d.cache.c = compile(d) })
	return d.cache.c
}

func compile(d *Definition) *compiled {
	c := &compiled{def: d, byID: map[string]*qinfo{}, pageByID: map[string]*pinfo{},
		endings: map[string]*Ending{}, params: map[string]*Param{}, vars: map[string]*Variable{},
		exprs: map[string]*logic.Expr{}, tmpls: map[string]*logic.Template{}, locales: d.AllLocales(),
		regexes: map[string]*regexp.Regexp{}, lastByID: map[string]*qinfo{}}
	for pi, p := range d.Pages {
		if p == nil {
			p = &Page{}
		}
		pg := &pinfo{p: p, index: pi, first: len(c.qs), path: fmt.Sprintf("pages[%d]", pi)}
		for qi, q := range p.Questions {
			if q == nil {
				q = &Question{}
			}
			qf := &qinfo{q: q, index: len(c.qs), page: pg, path: fmt.Sprintf("%s.questions[%d]", pg.path, qi),
				opts: map[string]*Option{}, cols: map[string]*Option{}, rows: map[string]*Item{}}
			for _, o := range q.Options {
				if o != nil {
					if _, dup := qf.opts[o.Code]; !dup {
						qf.opts[o.Code] = o
					}
				}
			}
			for _, o := range q.Columns {
				if o != nil {
					if _, dup := qf.cols[o.Code]; !dup {
						qf.cols[o.Code] = o
					}
				}
			}
			for _, r := range q.Rows {
				if r != nil {
					if _, dup := qf.rows[r.ID]; !dup {
						qf.rows[r.ID] = r
					}
				}
			}
			c.qs = append(c.qs, qf)
			if _, dup := c.byID[q.ID]; !dup {
				c.byID[q.ID] = qf
			}
			qf.prevDup = c.lastByID[q.ID]
			c.lastByID[q.ID] = qf
		}
		pg.end = len(c.qs)
		c.pages = append(c.pages, pg)
		if _, dup := c.pageByID[p.ID]; !dup {
			c.pageByID[p.ID] = pg
		}
	}
	for _, e := range d.Endings {
		if e != nil {
			if _, dup := c.endings[e.ID]; !dup {
				c.endings[e.ID] = e
			}
		}
	}
	for _, p := range d.Params {
		if p != nil {
			c.params[p.ID] = p
		}
	}
	for _, v := range d.Variables {
		if v != nil {
			c.vars[v.ID] = v
		}
	}
	addPattern := func(v *Validation) {
		if v == nil || v.Pattern == "" {
			return
		}
		if _, ok := c.regexes[v.Pattern]; !ok {
			re, err := compilePattern(v.Pattern)
			if err != nil {
				re = nil
			}
			c.regexes[v.Pattern] = re
		}
	}
	for _, qf := range c.qs {
		addPattern(qf.q.Validation)
		for _, b := range qf.q.Blanks {
			if b != nil {
				addPattern(b.Validation)
			}
		}
	}
	walk(c, func(s site) {
		switch s.kind {
		case siteCond, siteExpr:
			if _, ok := c.exprs[s.src]; !ok {
				e, err := logic.Parse(s.src)
				if err != nil {
					e = nil
				}
				c.exprs[s.src] = e
			}
		default:
			if _, ok := c.tmpls[s.src]; !ok {
				t, err := logic.ParseTemplate(s.src)
				if err != nil {
					t = nil
				}
				c.tmpls[s.src] = t
			}
		}
	})
	c.prepareEvaluation()
	return c
}

// prepareEvaluation works out what qinfo holds for the evaluator: the
// fixed labels and which questions' texts can be read at all.
func (c *compiled) prepareEvaluation() {
	all, lean := map[string]bool{}, map[string]bool{}
	mark := func(refs []logic.Ref, isLean bool) {
		for _, r := range refs {
			if r.Scope == logic.ScopeAnswer && r.Attr == logic.AttrText {
				all[r.Name] = true
				lean[r.Name] = lean[r.Name] || isLean
			}
		}
	}
	for _, e := range c.exprs {
		if e != nil {
			mark(e.Refs(), true)
		}
	}
	for _, t := range c.tmpls {
		if t != nil {
			mark(t.Refs(), false)
		}
	}
	label := func(t Text) Text {
		fixed := true
		t.each(func(_, s string) {
			if tm := c.tmpls[s]; tm != nil {
				mark(tm.Refs(), true)
			}
		})
		out := Text{}
		for _, loc := range c.locales {
			src := t.Resolve(loc, c.def.Locale(), c.def.Locales)
			fixed = fixed && strings.IndexAny(src, "{}") < 0
			out[loc] = src
		}
		if !fixed {
			return nil
		}
		return out
	}
	for _, qf := range c.qs {
		q := qf.q
		c.nViews += len(q.Options) + len(q.Columns) + len(q.Rows)
		qf.optLabels = make([]Text, len(q.Options))
		for i, o := range q.Options {
			if o != nil {
				qf.optLabels[i] = label(o.Label)
			}
		}
		qf.colLabels = make([]Text, len(q.Columns))
		for i, o := range q.Columns {
			if o != nil {
				qf.colLabels[i] = label(o.Label)
			}
		}
		qf.rowLabels = make([]Text, len(q.Rows))
		for i, r := range q.Rows {
			if r != nil {
				qf.rowLabels[i] = label(r.Label)
			}
		}
	}
	for _, qf := range c.qs {
		qf.readsText, qf.readsTextLean = all[qf.q.ID], lean[qf.q.ID]
		qf.displayRule = qf.path + ".display"
	}
	for _, pg := range c.pages {
		pg.displayRule = pg.path + ".display"
	}
}

// blank reports a condition that is empty or only white space: it holds,
// exactly like an absent one (docs/survey-format.md §5), so the checks skip
// it and the evaluator does not parse it.
func blank(cond string) bool { return strings.TrimSpace(cond) == "" }

// siteKind says how a piece of source text is used.
type siteKind uint8

const (
	siteCond siteKind = iota // a condition: display, if, valid
	siteExpr                 // a value expression: assignment value
	siteText                 // a plain display text (label) with piping
	siteRich                 // a rich display text (title, description) with piping
)

// site is one expression or display text of a definition, with its
// element path and its slot on the timeline used by forward-reference
// checks: question i is answered at slot 2i+1 and a rule at slot s may read
// question j when 2j+1 <= s.
type site struct {
	path   string
	kind   siteKind
	src    string
	slot   int
	q      *qinfo // the owning question, if any
	target string
}

// timeline slots
func slotBefore(i int) int { return 2 * i }
func slotAfter(i int) int  { return 2*i + 1 }

// walk visits every expression and every non-empty text variant of the
// definition in document order.
func walk(c *compiled, f func(site)) {
	d := c.def
	text := func(path string, t Text, kind siteKind, slot int, q *qinfo) {
		t.each(func(loc, s string) {
			if s == "" {
				return
			}
			p := path
			if loc != "" {
				p += "." + loc
			}
			f(site{path: p, kind: kind, src: s, slot: slot, q: q})
		})
	}
	cond := func(path, src string, slot int, q *qinfo) {
		if !blank(src) {
			f(site{path: path, kind: siteCond, src: src, slot: slot, q: q})
		}
	}
	end := 2*len(c.qs) + 1
	text("title", d.Title, siteText, -1, nil)
	text("description", d.Description, siteRich, -1, nil)
	walkAssign(c, "assign", d.Assign, -1, nil, f)
	for _, pg := range c.pages {
		p := pg.p
		text(pg.path+".title", p.Title, siteText, slotBefore(pg.first), nil)
		text(pg.path+".description", p.Description, siteRich, slotBefore(pg.first), nil)
		cond(pg.path+".display", p.Display, slotBefore(pg.first), nil)
		for _, qf := range c.qs[pg.first:pg.end] {
			walkQuestion(c, qf, text, cond, f)
		}
		after := 2*pg.end - 1
		for i, j := range p.Jumps {
			cond(fmt.Sprintf("%s.jumps[%d].if", pg.path, i), j.If, after, nil)
		}
		walkAssign(c, pg.path+".assign", p.Assign, after, nil, f)
	}
	for i, e := range d.Endings {
		if e != nil {
			text(fmt.Sprintf("endings[%d].text", i), e.Text, siteRich, end, nil)
		}
	}
}

func walkAssign(c *compiled, path string, as []Assignment, slot int, q *qinfo, f func(site)) {
	for i, a := range as {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !blank(a.If) {
			f(site{path: p + ".if", kind: siteCond, src: a.If, slot: slot, q: q})
		}
		if a.Value != "" {
			f(site{path: p + ".value", kind: siteExpr, src: a.Value, slot: slot, q: q, target: a.Target})
		}
	}
}

func walkQuestion(c *compiled, qf *qinfo, text func(string, Text, siteKind, int, *qinfo), cond func(string, string, int, *qinfo), f func(site)) {
	q, path := qf.q, qf.path
	before, after := slotBefore(qf.index), slotAfter(qf.index)
	text(path+".title", q.Title, siteRich, before, qf)
	text(path+".description", q.Description, siteRich, before, qf)
	cond(path+".display", q.Display, before, qf)
	text(path+".placeholder", q.Placeholder, siteText, before, qf)
	text(path+".min_label", q.MinLabel, siteText, before, qf)
	text(path+".max_label", q.MaxLabel, siteText, before, qf)
	text(path+".none_label", q.NoneLabel, siteText, before, qf)
	text(path+".best_label", q.BestLabel, siteText, before, qf)
	text(path+".worst_label", q.WorstLabel, siteText, before, qf)
	var opts func(string, []*Option)
	opts = func(p string, os []*Option) {
		for i, o := range os {
			if o == nil {
				continue
			}
			op := fmt.Sprintf("%s[%d]", p, i)
			text(op+".label", o.Label, siteText, before, qf)
			cond(op+".display", o.Display, before, qf)
			opts(op+".children", o.Children)
		}
	}
	opts(path+".options", q.Options)
	opts(path+".columns", q.Columns)
	if q.NA != nil {
		text(path+".na.label", q.NA.Label, siteText, before, qf)
	}
	items := func(p string, is []*Item) {
		for i, it := range is {
			if it == nil {
				continue
			}
			ip := fmt.Sprintf("%s[%d]", p, i)
			text(ip+".label", it.Label, siteText, before, qf)
			cond(ip+".display", it.Display, before, qf)
		}
	}
	items(path+".rows", q.Rows)
	items(path+".levels", q.Levels)
	for i, b := range q.Blanks {
		if b == nil {
			continue
		}
		text(fmt.Sprintf("%s.blanks[%d].label", path, i), b.Label, siteText, before, qf)
		if b.Validation != nil {
			text(fmt.Sprintf("%s.blanks[%d].validation.pattern_message", path, i), b.Validation.PatternMessage, siteText, after, qf)
		}
	}
	for i, a := range q.Attributes {
		if a == nil {
			continue
		}
		ap := fmt.Sprintf("%s.attributes[%d]", path, i)
		text(ap+".label", a.Label, siteText, before, qf)
		for j, l := range a.Levels {
			if l != nil {
				text(fmt.Sprintf("%s.levels[%d].label", ap, j), l.Label, siteText, before, qf)
			}
		}
	}
	if v := q.Validation; v != nil {
		text(path+".validation.pattern_message", v.PatternMessage, siteText, after, qf)
		for i, r := range v.Rules {
			rp := fmt.Sprintf("%s.validation.rules[%d]", path, i)
			cond(rp+".valid", r.Valid, after, qf)
			text(rp+".message", r.Message, siteText, after, qf)
		}
	}
	for i, j := range q.Jumps {
		cond(fmt.Sprintf("%s.jumps[%d].if", path, i), j.If, after, qf)
	}
	walkAssign(c, path+".assign", q.Assign, after, qf, f)
}

// MaxPatternLen bounds a validation pattern, as the logic language bounds
// matches() patterns.
const MaxPatternLen = 256

// compilePattern compiles a validation pattern (RE2, matched anywhere in
// the answer: anchor with ^…$ to match all of it).
func compilePattern(p string) (*regexp.Regexp, error) {
	if len(p) > MaxPatternLen {
		return nil, fmt.Errorf("pattern longer than %d bytes", MaxPatternLen)
	}
	return regexp.Compile(p)
}
