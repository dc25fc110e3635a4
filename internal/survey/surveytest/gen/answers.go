package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/region"
)

// raw is a JSON literal kept as written (numbers Go and JavaScript read
// differently from how they print, such as 1e400 or -0).
type raw = json.RawMessage

var texts = []any{"", "  ", "hello", " 张三 ", "a@b.co", "a b@c.d", "x@y", "x@y.z.", "+86 138-0000-0000", "12345", "１２３",
	"<b>x</b> & 'y' \"z\"", "\u0085abc\u0085", "\ufeffx", strings.Repeat("长", 30), "😀😀", "2024-01-31", "3.5", "-0", "007",
	"1e3", " 5", "abc", "ABC-123", "其他说明", raw("12"), raw("1e400"), raw("-0"), raw("2.50"), true, nil}

var numbers = []any{0, 1, 2, 3, 4, 5, 7, 10, 11, -1, 0.5, 2.5, 99.99, 100, 101, 1e21, raw("-0"), raw("1e400"), raw("5.0"),
	raw("1E1"), "3", "4.5", " 3", "1e1", "x", "", true, nil, []any{1}}

// answer is a random answer for q: absent-like null, junk or one shaped
// for its type, valid or not.
func (g *gen) answer(q *survey.Question) json.RawMessage {
	var v any
	switch p := g.r.IntN(100); {
	case p < 5:
		v = nil
	case p < 14:
		v = g.junk(2)
	default:
		v = g.typed(q)
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// junk is random JSON of any shape, using the field names answers use.
func (g *gen) junk(depth int) any {
	switch g.r.IntN(7) {
	case 0:
		return pick(g, numbers)
	case 1:
		return pick(g, texts)
	case 2:
		return g.pct(50)
	case 3:
		if depth > 0 {
			return []any{g.junk(depth - 1), g.junk(depth - 1)}
		}
	case 4, 5:
		if depth > 0 {
			m := map[string]any{}
			for i := g.r.IntN(3); i >= 0; i-- {
				m[pick(g, []string{"value", "other", "codes", "percent", "seconds", "from", "to", "tasks", "choices", "best", "worst", "x", g.code(nil)})] = g.junk(depth - 1)
			}
			return m
		}
	}
	return nil
}

// code is a code of q's options mostly, else any id of the survey or an
// unknown one.
func (g *gen) code(q *survey.Question) string {
	if q != nil && len(q.Options) > 0 && g.pct(75) {
		return pick(g, q.Options).Code
	}
	var ids []string
	for _, p := range g.def.Pages {
		for _, x := range p.Questions {
			for _, o := range x.Options {
				ids = append(ids, o.Code)
			}
			for _, r := range x.Rows {
				ids = append(ids, r.ID)
			}
			for _, c := range x.Columns {
				ids = append(ids, c.Code)
			}
		}
	}
	if len(ids) == 0 || g.pct(15) {
		return pick(g, []string{"ZZ", "", "a", "A", "__proto__"})
	}
	return pick(g, ids)
}

func (g *gen) codes(q *survey.Question) []any {
	out := []any{}
	for i := g.r.IntN(4); i > 0; i-- {
		out = append(out, g.code(q))
	}
	if g.pct(5) {
		out = append(out, 3)
	}
	return out
}

func (g *gen) typed(q *survey.Question) any {
	switch q.Type {
	case survey.TypeSingle, survey.TypeMultiple, survey.TypeRanking, survey.TypeHotspot, survey.TypeDropdown:
		if len(q.Levels) > 0 {
			return g.cascade(q)
		}
		var v any = g.code(q)
		if q.Type == survey.TypeMultiple || q.Type == survey.TypeRanking || q.Multiple {
			v = g.codes(q)
		}
		if g.pct(8) {
			v = []any{v}
		}
		if g.pct(20) {
			return map[string]any{"value": v, "other": pick(g, texts)}
		}
		return v
	case survey.TypeText:
		if q.Input == "number" && g.pct(70) {
			return pick(g, numbers)
		}
		return pick(g, texts)
	case survey.TypeBlanks:
		m := map[string]any{}
		for _, b := range q.Blanks {
			if g.pct(70) {
				if b.Input == "number" {
					m[b.ID] = pick(g, numbers)
				} else {
					m[b.ID] = pick(g, texts)
				}
			}
		}
		if g.pct(10) {
			m[g.code(nil)] = "x"
		}
		return m
	case survey.TypeRating, survey.TypeSlider:
		return g.scale(q)
	case survey.TypeMatrix:
		return g.matrix(q)
	case survey.TypeCity:
		return g.city(q)
	case survey.TypeVideo:
		m := map[string]any{}
		if g.pct(85) {
			m["percent"] = pick(g, []any{0, 10, 49.5, 50, 80, 100, 101, -5, "60", "x", nil})
		}
		if g.pct(60) {
			m["seconds"] = pick(g, []any{0, 12, 30.5, -1, "9", nil})
		}
		return m
	case survey.TypeDate:
		if q.Range {
			m := map[string]any{}
			if g.pct(85) {
				m["from"] = g.date(q)
			}
			if g.pct(85) {
				m["to"] = g.date(q)
			}
			return m
		}
		return g.date(q)
	case survey.TypeCBC:
		return g.cbc(q)
	case survey.TypeMaxDiff:
		return g.maxdiff(q)
	}
	return g.junk(1)
}

func (g *gen) cascade(q *survey.Question) any {
	var out []any
	level := q.Options
	for i := 0; i <= len(q.Levels) && g.pct(85); i++ {
		if len(level) == 0 || g.pct(8) {
			out = append(out, g.code(nil))
			break
		}
		o := pick(g, level)
		out = append(out, o.Code)
		level = o.Children
	}
	if g.pct(5) {
		return append(out, 1)
	}
	return out
}

func (g *gen) scale(q *survey.Question) any {
	if q.NA != nil && g.pct(15) {
		return q.NA.Code
	}
	if q.Type == survey.TypeSlider && g.pct(50) {
		lo, hi, step := 0.0, 100.0, 1.0
		if q.Min != nil {
			lo = *q.Min
		}
		if q.Max != nil {
			hi = *q.Max
		}
		if q.Step != nil {
			step = *q.Step
		}
		n := int((hi-lo)/step) + 2
		return lo + float64(g.r.IntN(n+1)-1)*step + pick(g, []float64{0, 0, 0, step / 3, 1e-12})
	}
	return pick(g, numbers)
}

func (g *gen) matrix(q *survey.Question) any {
	m := map[string]any{}
	rows := []string{g.code(nil)}
	for _, r := range q.Rows {
		rows = append(rows, r.ID)
	}
	cols := []string{g.code(nil)}
	for _, c := range q.Columns {
		cols = append(cols, c.Code, c.Code)
	}
	for _, r := range rows {
		if !g.pct(65) {
			continue
		}
		switch q.Matrix {
		case "multiple":
			var l []any
			for i := g.r.IntN(4); i > 0; i-- {
				l = append(l, pick(g, cols))
			}
			m[r] = l
		case "rating":
			m[r] = g.scale(q)
		case "dropdown":
			cells := map[string]any{}
			for _, c := range cols {
				if g.pct(60) {
					cells[c] = g.code(q)
				}
			}
			m[r] = cells
		default:
			m[r] = pick(g, cols)
		}
		if g.pct(5) {
			m[r] = g.junk(1)
		}
	}
	return m
}

func (g *gen) city(q *survey.Question) any {
	var codes []any
	parent := ""
	for i := 0; i < 4 && g.pct(85); i++ {
		ds := region.Children(parent)
		if len(ds) == 0 || g.pct(6) {
			codes = append(codes, pick(g, []string{"330106", "110000", "999999", "33010", parent}))
			continue
		}
		parent = pick(g, ds).Code
		codes = append(codes, parent)
	}
	if g.pct(20) {
		return map[string]any{"codes": codes, "names": []any{"x"}}
	}
	return codes
}

func (g *gen) date(q *survey.Question) any {
	y, mo, d := 1995+g.r.IntN(40), 1+g.r.IntN(12), 1+g.r.IntN(31)
	h, mi := g.r.IntN(25), g.r.IntN(61)
	day := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	valid := map[string][]any{
		"time":     {fmt.Sprintf("%02d:%02d", h, mi), fmt.Sprintf("%02d:%02d:%02d", h, mi, g.r.IntN(61)), "8:30", "00:00"},
		"datetime": {fmt.Sprintf("%sT%02d:%02d", day, h, mi), fmt.Sprintf("%s %02d:%02d:05", day, h, mi), day, day + "T00:00"},
		"":         {day, day + "T08:00", "2024-02-29", "2023-02-29", "2024-1-5"},
	}
	mode := q.DateMode
	if mode == "date" {
		mode = ""
	}
	if g.pct(85) {
		return pick(g, valid[mode])
	}
	return pick(g, []any{"", 20240131, nil, "tomorrow", []any{day}})
}

func (g *gen) designSeed() string {
	if g.seed != "" && g.pct(75) {
		return g.seed
	}
	return pick(g, []string{"other", "s1", "resp-1"})
}

func (g *gen) cbc(q *survey.Question) any {
	d, err := survey.DesignCBC(q, g.designSeed()+"/"+q.ID)
	m := map[string]any{}
	if err == nil && g.pct(80) {
		m["tasks"] = d
	}
	var choices []any
	for t := 0; t < q.Tasks+1 && g.pct(90); t++ {
		choices = append(choices, pick(g, []any{0, 1, 2, 2, 1, "none", nil, 5, 1.5, "1", -1}))
	}
	if choices != nil || g.pct(50) {
		m["choices"] = choices
	}
	if g.pct(5) {
		m["Choices"] = choices
	}
	return m
}

func (g *gen) maxdiff(q *survey.Question) any {
	d, err := survey.DesignMaxDiff(q, g.designSeed()+"/"+q.ID)
	m := map[string]any{}
	if err == nil && g.pct(80) {
		m["tasks"] = d
	}
	var best, worst []any
	// More entries than tasks make Go's Evaluate panic (a Go bug), so
	// they are rare.
	n := q.Tasks
	if g.pct(2) {
		n++
	}
	for t := 0; t < n; t++ {
		var items []string
		if err == nil && t < len(d) {
			items = d[t]
		}
		one := func() any {
			if len(items) == 0 || g.pct(10) {
				return pick(g, []any{nil, "", g.code(q)})
			}
			return pick(g, items)
		}
		if g.pct(85) {
			best = append(best, one())
		}
		if g.pct(85) {
			worst = append(worst, one())
		}
	}
	if best != nil {
		m["best"] = best
	}
	if worst != nil {
		m["worst"] = worst
	}
	return m
}
