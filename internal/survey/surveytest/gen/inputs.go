package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"

	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/logic"
)

// gen makes one input for one definition.
type gen struct {
	r    *rand.Rand
	def  *survey.Definition
	seed string
}

func (g *gen) pct(p int) bool { return g.r.IntN(100) < p }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// variant returns the definition with some settings changed at random:
// required toggled, shuffles switched on, options, rows and columns
// pinned, a second locale added to some texts.
func variant(raw json.RawMessage, r *rand.Rand) (json.RawMessage, bool) {
	var d map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&d) != nil {
		return nil, false
	}
	g := &gen{r: r}
	locales := g.pct(40)
	if locales {
		d["locales"] = []any{"en", "en-US"}
		d["title"] = g.localise(d["title"])
	}
	pages, _ := d["pages"].([]any)
	for _, p := range pages {
		pm, _ := p.(map[string]any)
		if pm == nil {
			continue
		}
		if g.pct(30) {
			pm["shuffle_questions"] = true
		}
		qs, _ := pm["questions"].([]any)
		for _, q := range qs {
			qm, _ := q.(map[string]any)
			if qm == nil {
				continue
			}
			if g.pct(3) {
				qm["display"] = " " // a blank condition holds, like an absent one
			}
			if g.pct(25) && qm["type"] != "description" {
				req, _ := qm["required"].(bool)
				qm["required"] = !req
			}
			switch qm["type"] {
			case "single", "multiple", "dropdown", "ranking", "matrix":
				if g.pct(40) {
					qm["shuffle_options"] = true
				}
			}
			if qm["type"] == "matrix" {
				qm["shuffle_rows"], qm["shuffle_columns"] = g.pct(50), g.pct(40)
			}
			for _, key := range []string{"options", "rows", "columns"} {
				items, _ := qm[key].([]any)
				for _, it := range items {
					if im, _ := it.(map[string]any); im != nil {
						if g.pct(20) {
							im["pinned"] = true
						}
						if g.pct(2) {
							im["display"] = "\t"
						}
						if locales && im["label"] != nil {
							im["label"] = g.localise(im["label"])
						}
					}
				}
			}
			if locales && qm["type"] != "blanks" && qm["title"] != nil {
				qm["title"] = g.localise(qm["title"])
			}
		}
	}
	out, err := json.Marshal(d)
	return out, err == nil
}

// localise turns a plain text into an object with an English variant
// (sometimes empty, to exercise the fallbacks).
func (g *gen) localise(t any) any {
	s, ok := t.(string)
	if !ok {
		return t
	}
	m := map[string]any{"zh-CN": s}
	switch g.r.IntN(4) {
	case 0:
		m["en"] = "EN " + s
	case 1:
		m["en-US"] = "US " + s
	case 2:
		m["en"] = ""
	}
	return m
}

var contactRE = regexp.MustCompile(`\{\$contact\.([A-Za-z0-9_-]+)`)

// input makes an input: half the time a conformance step's, mutated.
func (g *gen) input(steps []map[string]json.RawMessage) inputJSON {
	in := inputJSON{Answers: map[string]json.RawMessage{}, Params: map[string]string{}, Contact: map[string]logic.Value{}}
	if len(steps) > 0 && g.pct(50) {
		s := pick(g, steps)
		_ = json.Unmarshal(s["answers"], &in.Answers)
		_ = json.Unmarshal(s["params"], &in.Params)
		_ = json.Unmarshal(s["contact"], &in.Contact)
		_ = json.Unmarshal(s["current_page"], &in.CurrentPage)
		_ = json.Unmarshal(s["now"], &in.Now)
		_ = json.Unmarshal(s["seed"], &in.Seed)
		if in.Answers == nil {
			in.Answers = map[string]json.RawMessage{}
		}
		if g.pct(20) {
			in.Seed = g.newSeed()
		}
		g.seed = in.Seed
		keys := make([]string, 0, len(in.Answers))
		for k := range in.Answers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch q := g.def.Question(k); {
			case g.pct(10):
				delete(in.Answers, k)
			case q != nil && g.pct(20):
				in.Answers[k] = g.answer(q)
			}
		}
	} else {
		in.Seed = g.newSeed()
		g.seed = in.Seed
		in.CurrentPage = g.page()
		in.Now = g.now()
		g.params(in.Params)
		g.contact(in.Contact)
	}
	for _, p := range g.def.Pages {
		for _, q := range p.Questions {
			if _, done := in.Answers[q.ID]; !done && g.pct(60) {
				in.Answers[q.ID] = g.answer(q)
			}
		}
	}
	if g.pct(15) {
		in.CurrentPage = g.page()
	}
	return in
}

func (g *gen) newSeed() string {
	if g.pct(35) {
		return ""
	}
	return pick(g, []string{"s1", "resp-1", "种子", fmt.Sprintf("r%d", g.r.IntN(1000))})
}

func (g *gen) page() string {
	switch {
	case g.pct(35) || len(g.def.Pages) == 0:
		return ""
	case g.pct(10):
		return "nope"
	}
	return pick(g, g.def.Pages).ID
}

func (g *gen) now() string {
	if g.pct(40) {
		return ""
	}
	d := fmt.Sprintf("%04d-%02d-%02d", 1990+g.r.IntN(40), 1+g.r.IntN(12), 1+g.r.IntN(28))
	if g.pct(50) {
		d += fmt.Sprintf("T%02d:%02d:%02d", g.r.IntN(24), g.r.IntN(60), g.r.IntN(60))
	}
	return d
}

var paramValues = []string{"", "1", "0", "yes", "OFF", " true ", "maybe", "12.5", "-3", "1e3", " 7", "2024-02-29",
	" 2024-01-31 ", "2024-01-31T08:30", "2023-02-29", "store", "web", "wx", "sms", "a", "b"}

func (g *gen) params(out map[string]string) {
	for _, p := range g.def.Params {
		if g.pct(70) {
			if len(p.Values) > 0 && g.pct(50) {
				out[p.ID] = pick(g, p.Values)
			} else {
				out[p.ID] = pick(g, paramValues)
			}
		}
	}
	if g.pct(20) {
		out["zz"] = pick(g, paramValues)
	}
}

func (g *gen) contact(out map[string]logic.Value) {
	raw, _ := json.Marshal(g.def)
	for _, m := range contactRE.FindAllStringSubmatch(string(raw), -1) {
		if g.pct(75) {
			out[m[1]] = g.value(1)
		}
	}
}

// value is a random logic value.
func (g *gen) value(depth int) logic.Value {
	switch g.r.IntN(7) {
	case 0:
		return logic.Null
	case 1:
		return logic.Number(float64(g.r.IntN(200) - 50))
	case 2:
		return logic.Bool(g.pct(50))
	case 3:
		d, _ := logic.ParseDate(fmt.Sprintf("%04d-%02d-%02d", 1950+g.r.IntN(70), 1+g.r.IntN(12), 1+g.r.IntN(28)))
		return d
	case 4:
		if depth > 0 {
			return logic.List(g.value(depth-1), g.value(depth-1))
		}
	}
	return logic.String(pick(g, []string{"杭州", "上海", "VIP", "vip", "", "gold", "1", "A"}))
}
