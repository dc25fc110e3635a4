package survey

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/opencem/opencem/internal/survey/design"
)

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// structure checks identifiers, type settings, jumps, option sources and
// assignment targets.
func (k *checker) structure() {
	c := k.c
	ids := map[string]string{} // page, question and ending ids share one namespace
	claim := func(path, id string) {
		k.checkID(path, id)
		if prev, dup := ids[id]; dup {
			k.err(path, CodeDuplicateID, "id %q is already used at %s", id, prev)
			return
		}
		ids[id] = path
	}
	for _, pg := range c.pages {
		claim(pg.path+".id", pg.p.ID)
		if pg.first == pg.end {
			k.warn(pg.path, CodeEmptyPage, "the page has no questions and is never shown")
		}
		for _, qf := range c.qs[pg.first:pg.end] {
			claim(qf.path+".id", qf.q.ID)
		}
	}
	for i, e := range c.def.Endings {
		if e != nil {
			claim(fmt.Sprintf("endings[%d].id", i), e.ID)
		}
	}
	names := map[string]bool{}
	for i, p := range c.def.Params {
		if p == nil {
			continue
		}
		path := fmt.Sprintf("params[%d].id", i)
		k.checkID(path, p.ID)
		if names["p:"+p.ID] {
			k.err(path, CodeDuplicateID, "parameter %q is declared twice", p.ID)
		}
		names["p:"+p.ID] = true
		k.prefill(i, p)
	}
	for i, v := range c.def.Variables {
		if v == nil {
			continue
		}
		path := fmt.Sprintf("variables[%d].id", i)
		k.checkID(path, v.ID)
		if names["v:"+v.ID] {
			k.err(path, CodeDuplicateID, "variable %q is declared twice", v.ID)
		}
		names["v:"+v.ID] = true
	}
	for _, qf := range c.qs {
		k.question(qf)
	}
	k.assignments("assign", c.def.Assign, -1)
	for _, pg := range c.pages {
		k.jumps(pg.path+".jumps", pg.p.Jumps, pg.end-1, false)
		k.assignments(pg.path+".assign", pg.p.Assign, 2*pg.end-1)
	}
}

func (k *checker) checkID(path, id string) {
	switch {
	case !idRE.MatchString(id):
		k.err(path, CodeSchema, "an id has 1–64 letters, digits, _ or -")
	case id == "text" || id == "other":
		k.err(path, CodeSchema, "text and other are reserved and cannot be ids")
	}
}

// question checks one question's items and settings.
func (k *checker) question(qf *qinfo) {
	q, path := qf.q, qf.path
	items := map[string]string{} // item ids of the question: options, rows, columns, blanks, levels, attributes
	item := func(p, id string) {
		k.checkID(p, id)
		if prev, dup := items[id]; dup {
			k.err(p, CodeDuplicateID, "%q is already used in this question at %s", id, prev)
			return
		}
		items[id] = p
	}
	others := 0
	for i, o := range q.Options {
		if o == nil {
			continue
		}
		op := fmt.Sprintf("%s.options[%d]", path, i)
		item(op+".code", o.Code)
		if o.Other {
			others++
		}
		k.option(qf, op, o)
	}
	if others > 1 {
		k.err(path+".options", CodeBadSetting, "a question has at most one \"other\" option")
	}
	for i, r := range q.Rows {
		if r != nil {
			item(fmt.Sprintf("%s.rows[%d].id", path, i), r.ID)
		}
	}
	for i, col := range q.Columns {
		if col != nil {
			cp := fmt.Sprintf("%s.columns[%d]", path, i)
			item(cp+".code", col.Code)
			if col.Other || col.Jump != nil || len(col.Children) > 0 || col.Region != nil {
				k.err(cp, CodeBadSetting, "matrix columns cannot be other, jump, have children or regions")
			}
			if col.Exclusive && matrixKind(q) != "multiple" {
				k.err(cp+".exclusive", CodeBadSetting, "exclusive columns only make sense in a multiple matrix")
			}
		}
	}
	for i, b := range q.Blanks {
		if b != nil {
			item(fmt.Sprintf("%s.blanks[%d].id", path, i), b.ID)
			k.validation(fmt.Sprintf("%s.blanks[%d].validation", path, i), b.Validation, q)
		}
	}
	for i, l := range q.Levels {
		if l != nil {
			item(fmt.Sprintf("%s.levels[%d].id", path, i), l.ID)
			if !blank(l.Display) {
				k.err(fmt.Sprintf("%s.levels[%d].display", path, i), CodeBadSetting, "cascade levels cannot be hidden; hide options instead")
			}
		}
	}
	for i, a := range q.Attributes {
		if a == nil {
			continue
		}
		ap := fmt.Sprintf("%s.attributes[%d]", path, i)
		item(ap+".id", a.ID)
		lv := map[string]bool{}
		for j, l := range a.Levels {
			if l == nil {
				continue
			}
			k.checkID(fmt.Sprintf("%s.levels[%d].id", ap, j), l.ID)
			if lv[l.ID] {
				k.err(fmt.Sprintf("%s.levels[%d].id", ap, j), CodeDuplicateID, "level %q is used twice", l.ID)
			}
			lv[l.ID] = true
		}
	}
	if q.NA != nil {
		item(path+".na.code", q.NA.Code)
	}
	k.typeSettings(qf)
	k.validation(path+".validation", q.Validation, q)
	k.jumps(path+".jumps", q.Jumps, qf.index, qf.page.p.ShuffleQuestions)
	k.assignments(path+".assign", q.Assign, slotAfter(qf.index))
	k.source(qf, path+".options_from", q.OptionsFrom)
	k.source(qf, path+".rows_from", q.RowsFrom)
}

func (k *checker) option(qf *qinfo, path string, o *Option) {
	q := qf.q
	if o.Jump != nil {
		switch q.Type {
		case TypeSingle, TypeMultiple, TypeDropdown, TypeHotspot:
			k.jump(path+".jump", *o.Jump, qf.index, qf.page.p.ShuffleQuestions)
		default:
			k.err(path+".jump", CodeBadSetting, "option jumps are available on single, multiple, dropdown and hotspot questions")
		}
	}
	if o.Exclusive && q.Type != TypeMultiple && !(q.Type == TypeHotspot && q.Multiple) {
		k.err(path+".exclusive", CodeBadSetting, "exclusive options only make sense where several options can be chosen")
	}
	if o.Other && q.Type != TypeSingle && q.Type != TypeMultiple && !(q.Type == TypeDropdown && len(q.Levels) == 0) {
		k.err(path+".other", CodeBadSetting, "\"other, please specify\" is available on single, multiple and dropdown questions")
	}
	if len(o.Children) > 0 && !(q.Type == TypeDropdown && len(q.Levels) > 0) {
		k.err(path+".children", CodeBadSetting, "child options belong to cascading dropdowns (set levels)")
	}
	if (o.Region == nil) == (q.Type == TypeHotspot) {
		if o.Region == nil {
			k.err(path+".region", CodeMissing, "a hotspot option needs a region")
		} else {
			k.err(path+".region", CodeBadSetting, "regions belong to hotspot questions")
		}
	}
	if o.Region != nil {
		n := len(o.Region.Coords)
		if o.Region.Shape == "rect" && n != 4 || o.Region.Shape == "circle" && n != 3 || o.Region.Shape == "polygon" && (n < 6 || n%2 != 0) {
			k.err(path+".region.coords", CodeBadSetting, "a rect has 4 coordinates, a circle 3, a polygon an even number of at least 6")
		}
	}
	if q.Type == TypeMaxDiff && (!blank(o.Display) || o.Other || o.Jump != nil) {
		k.err(path, CodeBadSetting, "MaxDiff items cannot be hidden, other or jump: the design needs a fixed list")
	}
	seen := map[string]bool{}
	for i, ch := range o.Children {
		if ch == nil {
			continue
		}
		cp := fmt.Sprintf("%s.children[%d]", path, i)
		k.checkID(cp+".code", ch.Code)
		if seen[ch.Code] {
			k.err(cp+".code", CodeDuplicateID, "%q is used twice at this level", ch.Code)
		}
		seen[ch.Code] = true
		k.option(qf, cp, ch)
	}
}

// designErr reports an experimental design that cannot be built, keeping
// the design message's template for translation.
func (k *checker) designErr(path string, err error) {
	if se, ok := err.(*design.SpecError); ok {
		k.err(path, CodeBadSetting, se.Format, se.Args...)
		return
	}
	k.err(path, CodeBadSetting, "%s", strings.TrimPrefix(err.Error(), "design: "))
}

// typeSettings checks what each question type needs.
func (k *checker) typeSettings(qf *qinfo) {
	q, path := qf.q, qf.path
	needOptions := func(min int) {
		if len(q.Options) < min && q.OptionsFrom == nil {
			k.err(path+".options", CodeMissing, "the question needs at least %d option(s) or an option source", min)
		}
	}
	switch q.Type {
	case TypeSingle, TypeMultiple, TypeRanking:
		needOptions(1)
	case TypeDropdown:
		needOptions(1)
		if len(q.Levels) > 0 {
			if q.OptionsFrom != nil {
				k.err(path+".options_from", CodeBadSetting, "a cascading dropdown cannot take options from another question")
			}
			var depth func([]*Option, int)
			depth = func(os []*Option, d int) {
				for _, o := range os {
					if o == nil {
						continue
					}
					if d >= len(q.Levels) && len(o.Children) > 0 {
						k.err(path+".options", CodeBadSetting, "the options nest deeper than the %d levels", len(q.Levels))
						return
					}
					depth(o.Children, d+1)
				}
			}
			depth(q.Options, 1)
		}
	case TypeHotspot:
		needOptions(1)
		if q.Image == "" {
			k.err(path+".image", CodeMissing, "a hotspot question needs an image")
		}
	case TypeMaxDiff:
		spec := design.MaxDiffSpec{Items: len(q.Options), PerTask: q.ItemsPerTask, Tasks: q.Tasks}
		if err := spec.Validate(); err != nil {
			k.designErr(path, err)
		}
	case TypeCBC:
		spec := design.CBCSpec{Concepts: q.Concepts, Tasks: q.Tasks}
		for _, a := range q.Attributes {
			if a != nil {
				spec.Levels = append(spec.Levels, len(a.Levels))
			}
		}
		if err := spec.Validate(); err != nil {
			k.designErr(path, err)
		}
	case TypeBlanks:
		if len(q.Blanks) == 0 {
			k.err(path+".blanks", CodeMissing, "a blanks question needs blanks")
		}
		q.Title.each(func(loc, s string) {
			p := path + ".title"
			if loc != "" {
				p += "." + loc
			}
			for _, b := range q.Blanks {
				if b != nil && strings.Count(s, "[["+b.ID+"]]") != 1 {
					k.err(p, CodeMissing, "the sentence must contain the marker [[%s]] exactly once", b.ID)
				}
			}
		})
	case TypeRating:
		if q.Scale == "nps" && (q.Points != 0 && q.Points != 11 || q.Start != nil && *q.Start != 0) {
			k.err(path+".points", CodeBadSetting, "an NPS scale always has 11 points from 0 to 10")
		}
		k.naOption(q, path)
	case TypeSlider:
		lo, hi, step := sliderRange(q)
		if lo >= hi {
			k.err(path+".max", CodeBadSetting, "max must be greater than min")
		} else if step > hi-lo {
			k.err(path+".step", CodeBadSetting, "the step is larger than the range")
		}
	case TypeMatrix:
		if len(q.Rows) == 0 && q.RowsFrom == nil {
			k.err(path+".rows", CodeMissing, "a matrix needs rows or a row source")
		}
		kind := matrixKind(q)
		if kind != "rating" && len(q.Columns) == 0 {
			k.err(path+".columns", CodeMissing, "a %s matrix needs columns", kind)
		}
		if kind == "rating" && len(q.Columns) > 0 {
			k.err(path+".columns", CodeBadSetting, "a rating matrix takes its columns from the scale (points)")
		}
		if (kind == "dropdown") != (len(q.Options) > 0) {
			k.err(path+".options", CodeBadSetting, "a dropdown matrix, and only it, needs options (the choices of each cell)")
		}
		if kind == "dropdown" {
			for _, r := range q.Rows {
				if r != nil && strings.Contains(r.ID, CellSep) {
					k.err(path+".rows", CodeBadSetting, "row ids of a dropdown matrix cannot contain %q", CellSep)
				}
			}
			for _, col := range q.Columns {
				if col != nil && strings.Contains(col.Code, CellSep) {
					k.err(path+".columns", CodeBadSetting, "column codes of a dropdown matrix cannot contain %q", CellSep)
				}
			}
		}
		if kind != "rating" && (q.Scale != "" || q.Points != 0 || q.Start != nil || q.NA != nil) {
			k.err(path+".matrix", CodeBadSetting, "scale, points, start and na belong to rating matrices")
		}
		k.naOption(q, path)
	case TypeVideo:
		if q.Video == "" {
			k.err(path+".video", CodeMissing, "a video question needs the video URL")
		}
	}
}

func (k *checker) naOption(q *Question, path string) {
	if q.NA == nil {
		return
	}
	if q.NA.Other || q.NA.Exclusive || q.NA.Jump != nil || len(q.NA.Children) > 0 || q.NA.Region != nil || !blank(q.NA.Display) {
		k.err(path+".na", CodeBadSetting, "the not-applicable choice has only a code and a label")
	}
}

func (k *checker) validation(path string, v *Validation, q *Question) {
	if v == nil {
		return
	}
	if v.MinSelect != nil && v.MaxSelect != nil && *v.MinSelect > *v.MaxSelect {
		k.err(path+".min_select", CodeBadSetting, "min_select is greater than max_select")
	}
	if v.MinLength != nil && v.MaxLength != nil && *v.MinLength > *v.MaxLength {
		k.err(path+".min_length", CodeBadSetting, "min_length is greater than max_length")
	}
	if v.Min != nil && v.Max != nil && *v.Min > *v.Max {
		k.err(path+".min", CodeBadSetting, "min is greater than max")
	}
	if v.Pattern != "" {
		if _, err := compilePattern(v.Pattern); err != nil {
			k.err(path+".pattern", "bad_regex", "the pattern does not compile as RE2: %v", err)
		}
	}
	for _, d := range []struct{ name, s string }{{"min_date", v.MinDate}, {"max_date", v.MaxDate}} {
		if d.s == "" {
			continue
		}
		if q.Type != TypeDate {
			k.err(path+"."+d.name, CodeBadSetting, "%s applies to date questions", d.name)
		} else if _, ok := parseDateIn(q.DateMode, d.s); !ok {
			k.err(path+"."+d.name, CodeBadSetting, "%q is not a valid %s", d.s, dateModeName(q.DateMode))
		}
	}
}

func (k *checker) jumps(path string, js []Jump, from int, shuffled bool) {
	for i, j := range js {
		k.jump(fmt.Sprintf("%s[%d]", path, i), j, from, shuffled)
	}
}

// jump checks a jump from question index from (the page's last question
// for page jumps).
func (k *checker) jump(path string, j Jump, from int, shuffled bool) {
	c := k.c
	switch j.To {
	case ToPage, ToQuestion:
		to := -1
		if j.To == ToPage {
			if pg := c.pageByID[j.Target]; pg != nil {
				to = pg.first
				if pg.first == pg.end {
					to = pg.first // an empty page: lands on the next page
				}
				if pg.first <= from && pg.end > from || pg.end <= from {
					to = -2
				}
			}
		} else if qf := c.byID[j.Target]; qf != nil {
			to = qf.index
			if to <= from {
				to = -2
			}
		}
		switch to {
		case -1:
			k.err(path+".target", CodeUnknownTarget, "there is no %s %q", j.To, j.Target)
		case -2:
			k.err(path+".target", CodeJumpLoop, "a jump must go forward; %q is at or before the jump, which could loop", j.Target)
		default:
			if shuffled {
				k.warn(path, CodeShuffledJump, "the page shuffles its questions, so the questions a jump skips depend on document order, not display order")
			}
		}
	case ToEnd, ToScreenOut:
		if j.Target == "" {
			return
		}
		e := c.endings[j.Target]
		want := EndComplete
		if j.To == ToScreenOut {
			want = EndScreenOut
		}
		if e == nil {
			k.err(path+".target", CodeUnknownTarget, "there is no ending %q", j.Target)
		} else if endingKind(e) != want {
			k.err(path+".target", CodeUnknownTarget, "ending %q is not a %s ending", j.Target, want)
		}
	}
}

// assignments checks targets: a declared variable, or a later question of
// an assignable type; tick needs an option of a choice question.
func (k *checker) assignments(path string, as []Assignment, slot int) {
	for i, a := range as {
		p := fmt.Sprintf("%s[%d]", path, i)
		if (a.Value == "") == (a.Tick == "") {
			k.err(p, CodeAssignTarget, "an assignment has exactly one of value and tick")
		}
		if name, ok := varTarget(a.Target); ok {
			if k.c.vars[name] == nil {
				k.err(p+".target", CodeAssignTarget, "there is no variable %q", name)
			}
			if a.Tick != "" {
				k.err(p+".tick", CodeAssignTarget, "tick sets an option of a question, not a variable")
			}
			continue
		}
		qf := k.c.byID[a.Target]
		if qf == nil {
			k.err(p+".target", CodeAssignTarget, "there is no question %q (variables are written $var.name)", a.Target)
			continue
		}
		if slotBefore(qf.index) <= slot {
			k.err(p+".target", CodeAssignTarget, "question %q comes before this assignment; assign only to later questions", a.Target)
		}
		q := qf.q
		switch q.Type {
		case TypeSingle, TypeMultiple:
		case TypeDropdown:
			if len(q.Levels) > 0 && a.Tick != "" {
				k.err(p+".tick", CodeAssignTarget, "a cascading dropdown is set with a list of codes, not ticked")
			}
		case TypeText, TypeRating, TypeSlider, TypeCity:
			if a.Tick != "" {
				k.err(p+".tick", CodeAssignTarget, "tick sets an option of a choice question")
			}
		case TypeDate:
			if q.Range {
				k.err(p+".target", CodeAssignTarget, "date ranges cannot be assigned")
			}
		default:
			k.err(p+".target", CodeAssignTarget, "%s questions cannot be assigned", q.Type)
		}
		if a.Tick != "" && q.OptionsFrom == nil && qf.opts[a.Tick] == nil {
			k.err(p+".tick", CodeAssignTarget, "question %q has no option %q", a.Target, a.Tick)
		}
	}
}

// source checks an option source: an earlier choice question, no cycle,
// and no code clash with the question's own options.
func (k *checker) source(qf *qinfo, path string, src *OptionSource) {
	if src == nil {
		return
	}
	from := k.c.byID[src.Question]
	switch {
	case from == nil:
		k.err(path+".question", CodeSourceInvalid, "there is no question %q", src.Question)
		return
	case from == qf:
		k.err(path+".question", CodeSourceCycle, "a question cannot take options from itself")
		return
	case from.index > qf.index:
		k.err(path+".question", CodeForwardRef, "question %q comes later; options come from earlier questions", src.Question)
	}
	switch from.q.Type {
	case TypeSingle, TypeMultiple, TypeRanking:
	case TypeDropdown:
		if len(from.q.Levels) > 0 {
			k.err(path+".question", CodeSourceInvalid, "options cannot come from a cascading dropdown")
		}
	default:
		k.err(path+".question", CodeSourceInvalid, "options come from single, multiple, dropdown or ranking questions, not %s", from.q.Type)
	}
	// Follow the chain of sources: a repeat is a cycle.
	seen := map[*qinfo]bool{qf: true}
	codes := map[string]bool{}
	for cur := from; cur != nil; {
		if seen[cur] {
			k.err(path+".question", CodeSourceCycle, "the option sources lead back to question %q", cur.q.ID)
			break
		}
		seen[cur] = true
		for code := range cur.opts {
			codes[code] = true
		}
		if cur.q.OptionsFrom == nil {
			break
		}
		cur = k.c.byID[cur.q.OptionsFrom.Question]
	}
	own := qf.opts
	if path == qf.path+".rows_from" {
		own = map[string]*Option{}
		for id := range qf.rows {
			own[id] = nil
		}
	}
	for code := range own {
		if codes[code] {
			k.err(path, CodeDuplicateID, "own option %q clashes with an option taken from %q", code, src.Question)
		}
	}
}

// prefillTypes are the question types a hidden field may prefill: those
// whose answer is one text, number, date or list of codes (survey-format.md §1).
var prefillTypes = map[string]bool{"single": true, "multiple": true, "dropdown": true, "ranking": true,
	"text": true, "rating": true, "slider": true, "date": true}

// prefill checks that a parameter's prefill names a question of a type that
// takes a value from a URL parameter.
func (k *checker) prefill(i int, p *Param) {
	if p.Prefill == "" {
		return
	}
	path := fmt.Sprintf("params[%d].prefill", i)
	qf := k.c.byID[p.Prefill]
	switch {
	case qf == nil:
		k.err(path, CodeUnknownTarget, "prefill names %q, which is not a question", p.Prefill)
	case !prefillTypes[qf.q.Type] || (qf.q.Type == "date" && qf.q.Range):
		k.err(path, CodeBadSetting, "a %s question cannot be prefilled from a parameter", qf.q.Type)
	}
}
