package textimport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opencem/opencem/internal/survey"
)

// opt is one option line.
type opt struct {
	no        int
	label     string
	other     bool
	exclusive bool
}

// head is what the first line of a question paragraph says.
type head struct {
	title    string
	kind     kind
	marked   bool // a type marker was given
	required bool
	optional bool // an optional marker: wins over any required marker
}

// parseHead reads the title line: number, required star, trailing markers,
// parenthesised required/optional markers and the （多选） hint. Questions
// are required unless marked optional; required markers are removed.
func (p *parser) parseHead(l line) head {
	var h head
	s := stripNumber(l.text)
	star := func() {
		for _, st := range []string{"*", "＊"} {
			if strings.HasPrefix(s, st) {
				s = strings.TrimSpace(strings.TrimPrefix(s, st))
			}
			if strings.HasSuffix(s, st) {
				s = strings.TrimSpace(strings.TrimSuffix(s, st))
			}
		}
	}
	star()
	s = stripNumber(s) // "* 1. title" as well as "1. * title"
	s = p.parenMarkers(s, &h)
	for {
		m := trailingRE.FindStringSubmatchIndex(s)
		if m == nil {
			break
		}
		w := normMarker(s[m[2]:m[3]])
		if k, ok := typeMarkers[w]; ok {
			if h.marked {
				p.warn(l.no, "only one type marker counts; [%s] is ignored", s[m[2]:m[3]])
			} else {
				h.kind, h.marked = k, true
			}
		} else if requiredWords[w] {
			// required is the default; the marker is only removed
		} else if optionalWords[w] {
			h.optional = true
		} else {
			p.warn(l.no, "[%s] is not a known marker; it stays in the title", s[m[2]:m[3]])
			break
		}
		s = strings.TrimSpace(s[:m[0]])
		star()
	}
	s = p.parenMarkers(s, &h)
	star()
	if !h.marked && multiHintRE.MatchString(s) {
		h.kind = kind{typ: survey.TypeMultiple}
	}
	h.title = s
	h.required = !h.optional // required by default, like 问卷星
	return h
}

// parenMarkers applies and removes （必答）/(optional) markers.
func (p *parser) parenMarkers(s string, h *head) string {
	for _, m := range parenRE.FindAllStringSubmatch(s, -1) {
		h.optional = h.optional || optionalWords[normMarker(m[1])]
	}
	return strings.TrimSpace(parenRE.ReplaceAllString(s, ""))
}

// startsQuestion tells whether a line inside a paragraph is in fact the
// next question, written without a blank line before it: it has a
// question number and a type or required marker, or a Q1./第1题 number.
func startsQuestion(s string) bool {
	if strings.HasPrefix(s, "*") || strings.HasPrefix(s, "＊") {
		s = strings.TrimSpace(s[len(string([]rune(s)[0])):])
	}
	loc := numberRE.FindStringIndex(s)
	if loc == nil || stripNumber(s) == s {
		return false
	}
	if r := []rune(s)[0]; r == 'Q' || r == 'q' || r == 'Ｑ' || r == '第' {
		return true
	}
	if parenRE.MatchString(s) {
		return true
	}
	if m := trailingRE.FindStringSubmatch(s); m != nil {
		w := normMarker(m[1])
		_, ok := typeMarkers[w]
		return ok || requiredWords[w] || optionalWords[w]
	}
	return false
}

// parseOption reads an option line: marker, [其他]/[互斥] flags and the
// "其他____" form.
func (p *parser) parseOption(l line) opt {
	o := opt{no: l.no}
	s := stripOption(l.text)
	for {
		m := trailingRE.FindStringSubmatchIndex(s)
		if m == nil {
			break
		}
		w := normMarker(s[m[2]:m[3]])
		if otherWords[w] {
			o.other = true
		} else if exclusiveWords[w] {
			o.exclusive = true
		} else {
			break
		}
		s = strings.TrimSpace(s[:m[0]])
	}
	if otherLineRE.MatchString(s) {
		o.other = true
	}
	if o.other {
		s = strings.TrimSpace(underlineRE.ReplaceAllString(s, ""))
	}
	o.label = s
	return o
}

// question builds question number n from its paragraph.
func (p *parser) question(pr para, n int) *survey.Question {
	first := pr.lines[0]
	h := p.parseHead(first)
	q := &survey.Question{ID: fmt.Sprintf("q%d", n), Required: h.required}
	title := h.title
	if title == "" {
		title = p.pick(fmt.Sprintf("第%d题", n), fmt.Sprintf("Question %d", n))
		p.warn(first.no, "the question has no title; %q is used", title)
	}
	q.Title = p.rich(title, first.no)
	body := pr.lines[1:]
	k := h.kind
	if !h.marked && k.typ == "" {
		k.typ = survey.TypeText
		if len(body) > 0 {
			k.typ = survey.TypeSingle
		}
	}
	switch k.typ {
	case survey.TypeMatrix:
		p.matrix(q, k, body)
	case survey.TypeDescription:
		q.Type, q.Required = survey.TypeDescription, false
		var parts []string
		for _, l := range body {
			parts = append(parts, l.text)
		}
		if len(parts) > 0 {
			q.Description = p.rich(strings.Join(parts, "\n"), body[0].no)
		}
	case survey.TypeRating:
		p.rating(q, k, p.options(body, false))
	case survey.TypeSingle, survey.TypeMultiple, survey.TypeDropdown, survey.TypeRanking:
		p.choice(q, k.typ, p.options(body, true), first.no)
	default:
		q.Type = k.typ
		q.Input, q.DateMode = k.input, k.mode
		p.ignoreBody(body, k.typ)
	}
	return q
}

// options reads the option lines, dropping empty ones and those beyond
// the engine's limit. A matrix separator is ignored outside matrices.
func (p *parser) options(body []line, warnSep bool) []opt {
	var out []opt
	for _, l := range body {
		if matrixSepRE.MatchString(l.text) {
			if warnSep {
				p.warn(l.no, "a --- line only separates matrix rows from columns; it is ignored here")
			}
			continue
		}
		o := p.parseOption(l)
		if o.label == "" && !o.other {
			p.warn(l.no, "the option has no text and is ignored")
			continue
		}
		if len(out) >= survey.MaxOptions {
			p.warn(l.no, "a question has at most %d options; the rest are ignored", survey.MaxOptions)
			break
		}
		out = append(out, o)
	}
	return out
}

func (p *parser) ignoreBody(body []line, typ string) {
	if len(body) > 0 {
		p.warn(body[0].no, "a %s question has no options; the %d line(s) below its title are ignored", typ, len(body))
	}
}

// choice fills a single, multiple, dropdown or ranking question; without
// options it becomes a text question.
func (p *parser) choice(q *survey.Question, typ string, opts []opt, no int) {
	if len(opts) == 0 {
		p.warn(no, "a %s question needs options (one per line under the title); it became a text question", typ)
		q.Type = survey.TypeText
		return
	}
	q.Type = typ
	hasOther := false
	for i, o := range opts {
		so := &survey.Option{Code: strconv.Itoa(i + 1)}
		label := o.label
		if o.other {
			switch {
			case typ != survey.TypeSingle && typ != survey.TypeMultiple && typ != survey.TypeDropdown:
				p.warn(o.no, "\"other, please specify\" is available on single, multiple and dropdown questions; it is a plain option here")
			case hasOther:
				p.warn(o.no, "a question has at most one \"other\" option; this one is a plain option")
			default:
				so.Other, hasOther = true, true
			}
			if label == "" {
				label = p.pick("其他", "Other")
			}
		}
		if o.exclusive {
			if typ == survey.TypeMultiple {
				so.Exclusive = true
			} else {
				p.warn(o.no, "exclusive options belong to multiple-choice questions; the marker is ignored")
			}
		}
		so.Label = p.label(label, o.no)
		q.Options = append(q.Options, so)
	}
}

// rating fills a rating question. Options become the scale: consecutive
// whole numbers starting at 0 or 1 give the points and the start; two
// lines are the end labels; 3–11 lines give the points and the end labels.
func (p *parser) rating(q *survey.Question, k kind, opts []opt) {
	q.Type, q.Scale = survey.TypeRating, k.scale
	if k.scale == "nps" {
		switch {
		case len(opts) == 2:
			q.MinLabel, q.MaxLabel = p.label(opts[0].label, opts[0].no), p.label(opts[1].label, opts[1].no)
		case len(opts) > 0:
			p.warn(opts[0].no, "an NPS question takes two lines (the labels of 0 and 10) or none; the lines are ignored")
		}
		return
	}
	if start, ok := numberScale(opts); ok {
		q.Points = len(opts)
		if start == 0 {
			zero := 0
			q.Start = &zero
		}
		return
	}
	switch n := len(opts); {
	case n == 0:
	case n == 1:
		p.warn(opts[0].no, "a rating takes two or more lines (the scale's ends or points); the line is ignored")
	default:
		if n > 11 {
			p.warn(opts[11].no, "a rating has at most 11 points; it uses 11 with the first and last line as labels")
			n = 11
		} else if n > 2 {
			p.warn(opts[1].no, "a rating shows only the labels of its two ends; the middle lines set the number of points")
		}
		if n > 2 {
			q.Points = n
		}
		last := opts[len(opts)-1]
		q.MinLabel, q.MaxLabel = p.label(opts[0].label, opts[0].no), p.label(last.label, last.no)
	}
}

// numberScale tells whether the options are the whole numbers start,
// start+1, … with start 0 or 1 and 2–11 of them.
func numberScale(opts []opt) (int, bool) {
	if len(opts) < 2 || len(opts) > 11 {
		return 0, false
	}
	start := -1
	for i, o := range opts {
		v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(o.label, "分"), "星"))
		if err != nil || o.other || o.exclusive {
			return 0, false
		}
		if i == 0 {
			start = v
		}
		if v != start+i {
			return 0, false
		}
	}
	return start, start == 0 || start == 1
}

// matrix fills a matrix question: rows, a line ---, then columns. A rating
// matrix takes its points (and end labels) from the column lines.
func (p *parser) matrix(q *survey.Question, k kind, body []line) {
	var rows, cols []line
	sep := -1
	for i, l := range body {
		if matrixSepRE.MatchString(l.text) {
			sep = i
			break
		}
	}
	if sep >= 0 {
		rows, cols = body[:sep], body[sep+1:]
	} else {
		rows = body
	}
	rowOpts, colOpts := p.options(rows, true), p.options(cols, true)
	if len(rowOpts) == 0 || (k.matrix != "rating" && len(colOpts) == 0) {
		at := 0
		if len(body) > 0 {
			at = body[0].no
		}
		p.warn(at, "a matrix lists its rows, then a line ---, then its columns; this one became a %s question",
			map[bool]string{true: "single-choice", false: "text"}[len(rowOpts)+len(colOpts) > 0])
		p.choice(q, survey.TypeSingle, append(rowOpts, colOpts...), at)
		return
	}
	q.Type = survey.TypeMatrix
	if k.matrix != "single" {
		q.Matrix = k.matrix
	}
	for i, r := range rowOpts {
		if r.other || r.exclusive {
			p.warn(r.no, "matrix rows cannot be other or exclusive; the marker is ignored")
		}
		q.Rows = append(q.Rows, &survey.Item{ID: fmt.Sprintf("r%d", i+1), Label: p.label(r.label, r.no)})
	}
	if k.matrix == "rating" {
		p.rating(q, kind{}, colOpts)
		q.Type, q.Scale = survey.TypeMatrix, ""
		return
	}
	for i, c := range colOpts {
		col := &survey.Option{Code: strconv.Itoa(i + 1), Label: p.label(c.label, c.no)}
		if c.other {
			p.warn(c.no, "matrix columns cannot be \"other\"; the marker is ignored")
		}
		if c.exclusive {
			if k.matrix == "multiple" {
				col.Exclusive = true
			} else {
				p.warn(c.no, "exclusive columns belong to multiple-choice matrices; the marker is ignored")
			}
		}
		q.Columns = append(q.Columns, col)
	}
}
