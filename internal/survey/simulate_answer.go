package survey

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/survey/region"
)

// simGen makes random valid answers for the logic test (issue #6 item 5):
// each answer fits its question's type, the options, rows and columns the
// evaluation shows, and the validation rules where a generator can aim at
// them (lengths, number and date ranges, select counts, patterns by trial).
// What it cannot aim at (custom rules) the evaluation reports; the caller
// retries.
type simGen struct {
	r   *rand.Rand
	now time.Time
	c   *compiled // own options, columns and validation patterns, as the engine indexes them
}

// answer returns a random answer for q given the evaluation res of its
// page; ok is false when q takes no answer.
func (g *simGen) answer(q *Question, res *Result) (json.RawMessage, bool) {
	v := g.value(q, res)
	if v == nil {
		return nil, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	return b, true
}

func (g *simGen) value(q *Question, res *Result) any {
	vis := seen(res.VisibleOptions, q.ID, q.Options, nil)
	switch q.Type {
	case TypeSingle, TypeHotspot:
		if q.Type == TypeHotspot && q.Multiple {
			return g.several(q, vis)
		}
		return g.one(q, vis)
	case TypeDropdown:
		if len(q.Levels) > 0 {
			return g.cascade(q)
		}
		return g.one(q, vis)
	case TypeMultiple:
		return g.several(q, vis)
	case TypeRanking:
		if len(vis) == 0 {
			return nil
		}
		perm := g.perm(vis)
		lo, hi := selectRange(q.Validation, len(perm), len(perm))
		return perm[:lo+g.r.IntN(hi-lo+1)]
	case TypeText:
		return g.text(q.Input, q.Validation)
	case TypeBlanks:
		m := map[string]any{}
		for _, b := range q.Blanks {
			if b != nil {
				m[b.ID] = g.text(b.Input, b.Validation)
			}
		}
		return m
	case TypeRating:
		return g.scale(q)
	case TypeSlider:
		lo, hi, step := fnum(q.Min, 0), fnum(q.Max, 100), fnum(q.Step, 1)
		if step <= 0 {
			step = 1
		}
		n := int(math.Floor((hi-lo)/step + 1e-9))
		return roundTo(lo+float64(g.r.IntN(n+1))*step, step)
	case TypeMatrix:
		return g.matrix(q, res)
	case TypeCity:
		return g.city(q)
	case TypeVideo:
		lo := fnum(q.MinWatchPercent, 0)
		return map[string]any{"percent": math.Round(lo + g.r.Float64()*(100-lo)), "seconds": 5 + g.r.IntN(300)}
	case TypeDate:
		if q.Range {
			a, b := g.date(q), g.date(q)
			if b < a {
				a, b = b, a
			}
			return map[string]any{"from": a, "to": b}
		}
		return g.date(q)
	case TypeCBC:
		var d CBCDesign
		if json.Unmarshal(res.Designs[q.ID], &d) != nil || len(d) == 0 {
			return nil
		}
		choices := make([]any, len(d))
		for t, task := range d {
			if !q.NoneLabel.IsZero() && g.r.IntN(10) == 0 {
				choices[t] = "none"
			} else {
				choices[t] = g.r.IntN(len(task))
			}
		}
		return map[string]any{"choices": choices}
	case TypeMaxDiff:
		var d MaxDiffDesign
		if json.Unmarshal(res.Designs[q.ID], &d) != nil || len(d) == 0 {
			return nil
		}
		best, worst := make([]string, len(d)), make([]string, len(d))
		for t, task := range d {
			i := g.r.IntN(len(task))
			j := (i + 1 + g.r.IntN(len(task)-1)) % len(task)
			best[t], worst[t] = task[i], task[j]
		}
		return map[string]any{"best": best, "worst": worst}
	}
	return nil // description and unknown types take no answer
}

// seen is what the evaluation shows of a question's options, rows or
// columns, in the question's own order (then carried options in display
// order), so that a draw does not depend on shuffling; for a question the
// evaluation does not show, the question's own list.
func seen(m map[string][]string, id string, opts []*Option, items []*Item) []string {
	var own []string
	for _, o := range opts {
		if o != nil {
			own = append(own, o.Code)
		}
	}
	for _, it := range items {
		if it != nil {
			own = append(own, it.ID)
		}
	}
	v, ok := m[id]
	if !ok {
		return own
	}
	shown := make(map[string]bool, len(v))
	for _, c := range v {
		shown[c] = true
	}
	out := make([]string, 0, len(v))
	mine := make(map[string]bool, len(own))
	for _, c := range own {
		mine[c] = true
		if shown[c] {
			out = append(out, c)
		}
	}
	for _, c := range v {
		if !mine[c] {
			out = append(out, c)
		}
	}
	return out
}

func fnum(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// roundTo removes floating-point noise from a multiple of step.
func roundTo(v, step float64) float64 {
	digits := 0
	for s := step; s != math.Trunc(s) && digits < 10; s *= 10 {
		digits++
	}
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func (g *simGen) perm(codes []string) []string {
	out := append([]string(nil), codes...)
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// option is q's own option with the code, nil if there is none.
func (g *simGen) option(q *Question, code string) *Option {
	if qf := g.c.byID[q.ID]; qf != nil {
		return qf.opts[code]
	}
	return nil
}

// withOther wraps an answer with the "other" text when an other option is
// among the codes.
func (g *simGen) withOther(q *Question, v any, codes ...string) any {
	for _, c := range codes {
		if o := g.option(q, c); o != nil && o.Other {
			return map[string]any{"value": v, "other": g.words(1, maxLen(q.Validation, 30))}
		}
	}
	return v
}

func (g *simGen) one(q *Question, vis []string) any {
	if len(vis) == 0 {
		return nil
	}
	c := vis[g.r.IntN(len(vis))]
	return g.withOther(q, c, c)
}

// several picks a random number of options within min_select/max_select;
// an exclusive option, when it comes first, is chosen alone.
func (g *simGen) several(q *Question, vis []string) any {
	if len(vis) == 0 {
		return nil
	}
	perm := g.perm(vis)
	if o := g.option(q, perm[0]); o != nil && o.Exclusive {
		if lo, _ := selectRange(q.Validation, 1, len(perm)); lo <= 1 {
			return g.withOther(q, perm[:1], perm[0])
		}
	}
	var pool []string
	for _, c := range perm {
		if o := g.option(q, c); o == nil || !o.Exclusive {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		return g.withOther(q, perm[:1], perm[0])
	}
	lo, hi := selectRange(q.Validation, 1, len(pool))
	picked := pool[:lo+g.r.IntN(hi-lo+1)]
	return g.withOther(q, picked, picked...)
}

// selectRange is the number of choices to make: min_select (default lo)
// to max_select (default hi), both within 1..n (0 only when n is 0).
func selectRange(v *Validation, lo, n int) (int, int) {
	hi := n
	if v != nil && v.MinSelect != nil {
		lo = *v.MinSelect
	}
	if v != nil && v.MaxSelect != nil && *v.MaxSelect < hi {
		hi = *v.MaxSelect
	}
	lo = max(min(lo, n), min(1, n))
	hi = max(min(hi, n), lo)
	return lo, hi
}

func (g *simGen) cascade(q *Question) any {
	var path []string
	level := q.Options
	for range q.Levels {
		var live []*Option
		for _, o := range level {
			if o != nil {
				live = append(live, o)
			}
		}
		if len(live) == 0 {
			break
		}
		o := live[g.r.IntN(len(live))]
		path = append(path, o.Code)
		level = o.Children
	}
	return path
}

// scale picks a point of a rating scale, or its not-applicable code.
func (g *simGen) scale(q *Question) any {
	if q.NA != nil && g.r.IntN(10) == 0 {
		return q.NA.Code
	}
	points, start := q.Points, 1
	if points == 0 {
		points = 5
	}
	if q.Start != nil {
		start = *q.Start
	}
	if q.Scale == "nps" {
		points, start = 11, 0
	}
	return start + g.r.IntN(points)
}

func (g *simGen) matrix(q *Question, res *Result) any {
	rows, cols := seen(res.VisibleRows, q.ID, nil, q.Rows), seen(res.VisibleColumns, q.ID, q.Columns, nil)
	var colOpt map[string]*Option // q's columns by code
	if qf := g.c.byID[q.ID]; qf != nil {
		colOpt = qf.cols
	}
	m := map[string]any{}
	for _, r := range rows {
		switch matrixKind(q) {
		case "single":
			if len(cols) > 0 {
				m[r] = cols[g.r.IntN(len(cols))]
			}
		case "multiple":
			if len(cols) == 0 {
				continue
			}
			perm := g.perm(cols)
			if c := colOpt[perm[0]]; c != nil && c.Exclusive {
				m[r] = perm[:1]
				continue
			}
			var pool []string
			for _, c := range perm {
				if o := colOpt[c]; o == nil || !o.Exclusive {
					pool = append(pool, c)
				}
			}
			lo, hi := selectRange(q.Validation, 1, len(pool))
			m[r] = pool[:lo+g.r.IntN(hi-lo+1)]
		case "rating":
			m[r] = g.scale(q)
		case "dropdown":
			choices := seen(res.VisibleOptions, q.ID, q.Options, nil)
			if len(choices) == 0 {
				continue
			}
			cells := map[string]string{}
			for _, c := range cols {
				cells[c] = choices[g.r.IntN(len(choices))]
			}
			m[r] = cells
		}
	}
	return m
}

// city walks the GB/T 2260 tree from a random province down to the
// question's level or a leaf.
func (g *simGen) city(q *Question) any {
	var codes []string
	parent := ""
	for depth := cityDepth(q); depth > 0; depth-- {
		kids := region.Children(parent)
		if len(kids) == 0 {
			break
		}
		parent = kids[g.r.IntN(len(kids))].Code
		codes = append(codes, parent)
	}
	return codes
}

var simLayouts = map[string][]string{
	"date":     {"2006-01-02"},
	"time":     {"15:04", "15:04:05"},
	"datetime": {"2006-01-02T15:04", "2006-01-02T15:04:05"},
}

// date picks a moment within min_date..max_date (default the past year)
// in the question's mode.
func (g *simGen) date(q *Question) string {
	mode := q.DateMode
	if mode == "" {
		mode = "date"
	}
	now := g.now
	if now.IsZero() {
		now = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	}
	lo, hi := now.AddDate(-1, 0, 0), now
	if mode == "time" {
		lo = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		hi = lo.Add(24*time.Hour - time.Minute)
	}
	parse := func(s string) (time.Time, bool) {
		for _, l := range simLayouts[mode] {
			if t, err := time.Parse(l, s); err == nil {
				if mode == "time" {
					t = t.AddDate(2000, 0, 0)
				}
				return t, true
			}
		}
		return time.Time{}, false
	}
	if v := q.Validation; v != nil {
		a, okA := parse(v.MinDate)
		b, okB := parse(v.MaxDate)
		switch {
		case okA && okB:
			lo, hi = a, b
		case okA:
			lo, hi = a, a.AddDate(1, 0, 0)
		case okB:
			lo, hi = b.AddDate(-1, 0, 0), b
		}
		if mode == "time" && (okA || okB) {
			lo, hi = clampDay(lo), clampDay(hi)
		}
	}
	span := hi.Sub(lo)
	if span < 0 {
		span = 0
	}
	unit := time.Minute
	if mode == "date" {
		unit = 24 * time.Hour
	}
	t := lo.Add(time.Duration(g.r.Int64N(int64(span/unit)+1)) * unit)
	if mode == "date" {
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if t.Before(lo) {
			t = t.AddDate(0, 0, 1)
		}
	}
	return t.Format(simLayouts[mode][0])
}

func clampDay(t time.Time) time.Time {
	return time.Date(2000, 1, 1, t.Hour(), t.Minute(), 0, 0, time.UTC)
}

var simWords = []string{"很好", "满意", "一般", "还可以", "服务热情", "价格实惠", "环境整洁", "good", "fine", "fast delivery", "需要改进"}

// words is random text of at least lo and at most hi characters.
func (g *simGen) words(lo, hi int) string {
	var b strings.Builder
	for n := 1 + g.r.IntN(3); n > 0 || runeLen(b.String()) < lo; n-- {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(simWords[g.r.IntN(len(simWords))])
	}
	s := strings.TrimSpace(b.String())
	if r := []rune(s); len(r) > hi {
		s = strings.TrimSpace(string(r[:hi]))
		for runeLen(s) < lo {
			s += "好"
		}
	}
	return s
}

func maxLen(v *Validation, def int) int {
	if v != nil && v.MaxLength != nil && *v.MaxLength < def {
		return max(*v.MaxLength, 1)
	}
	return def
}

// text fills a text question or blank for its input kind and rules. With
// a pattern it tries candidates of many shapes and keeps one that matches.
func (g *simGen) text(input string, v *Validation) any {
	lo := 1
	if v != nil && v.MinLength != nil {
		lo = max(*v.MinLength, 1)
	}
	hi := maxLen(v, max(lo, 60))
	switch input {
	case "number":
		a, b := 0.0, 100.0
		if v != nil && v.Min != nil {
			a = *v.Min
			if v.Max == nil {
				b = a + 100
			}
		}
		if v != nil && v.Max != nil {
			b = *v.Max
			if v.Min == nil {
				a = b - 100
			}
		}
		if v != nil && v.Integer || g.r.IntN(2) == 0 {
			lo, hi := math.Ceil(a), math.Floor(b)
			if hi >= lo {
				return lo + float64(g.r.Int64N(int64(min(hi-lo, 1e15))+1))
			}
		}
		return math.Round((a+g.r.Float64()*(b-a))*100) / 100
	case "email":
		return fmt.Sprintf("user%d@example.com", g.r.IntN(100000))
	case "phone":
		return fmt.Sprintf("13%d%08d", g.r.IntN(10), g.r.IntN(100000000))
	case "multiline":
		hi = maxLen(v, max(lo, 200))
	}
	if v != nil && v.Pattern != "" {
		if re := g.c.regexes[v.Pattern]; re != nil {
			cands := g.candidates(lo, hi)
			for _, i := range g.r.Perm(len(cands)) {
				if n := runeLen(cands[i]); n >= lo && n <= hi && re.MatchString(cands[i]) {
					return cands[i]
				}
			}
		}
	}
	return g.words(lo, hi)
}

// candidates are texts of many shapes to try against a pattern.
func (g *simGen) candidates(lo, hi int) []string {
	digits := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(byte('0' + g.r.IntN(10)))
		}
		return b.String()
	}
	letters := func(n int, base byte) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(base + byte(g.r.IntN(26)))
		}
		return b.String()
	}
	out := []string{g.words(lo, hi), fmt.Sprintf("user%d@example.com", g.r.IntN(1000)), "13" + digits(9),
		g.now.Format("2006-01-02"), "张三", "李四", "OK", "yes", "no"}
	for _, n := range []int{1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 15, 18, lo, hi} {
		if n < 1 || n > 64 {
			continue
		}
		out = append(out, digits(n), letters(n, 'a'), letters(n, 'A'), letters(1, 'A')+digits(max(n-1, 0)),
			strings.Repeat("好", n), letters((n+1)/2, 'a')+digits(n/2))
	}
	return out
}
