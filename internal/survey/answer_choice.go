package survey

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/opencem/opencem/internal/survey/logic"
	"github.com/opencem/opencem/internal/survey/region"
)

// choiceAnswer handles single, multiple, flat dropdown, hotspot and ranking
// questions: "A", ["A", "B"], or {"value": …, "other": "text"}.
type choiceAnswer struct {
	multi, ranking bool
	codes          []string
	other          string
}

func (a *choiceAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil || a.decodeCodes(ev, st, raw) {
		return
	}
	a.decodeGeneral(st, raw)
}

// decodeGeneral is decode for any answer.
func (a *choiceAnswer) decodeGeneral(st *qstate, raw json.RawMessage) {
	v, ok := decodeAny(raw)
	if !ok {
		st.fail(ErrInvalid, "", "the answer is not valid JSON")
		return
	}
	if m, isObj := v.(map[string]any); isObj {
		for _, k := range sortedKeys(m) {
			if k != "value" && k != "other" {
				st.fail(ErrInvalid, "", "unexpected field %q; a choice answer is a code, a list of codes or {\"value\", \"other\"}", k)
				return
			}
		}
		if o, present := m["other"]; present && o != nil {
			s, isStr := o.(string)
			if !isStr {
				st.fail(ErrInvalid, "", "the other text must be a string")
				return
			}
			a.other = strings.TrimSpace(s)
		}
		v = m["value"]
	}
	var codes []string
	switch x := v.(type) {
	case nil:
	case string:
		if a.multi {
			st.fail(ErrInvalid, "", "this question takes a list of option codes")
			return
		}
		if x != "" {
			codes = []string{x}
		}
	case []any:
		if !a.multi {
			st.fail(ErrInvalid, "", "this question takes one option code")
			return
		}
		for _, e := range x {
			s, isStr := e.(string)
			if !isStr {
				st.fail(ErrInvalid, "", "option codes are strings")
				return
			}
			codes = append(codes, s)
		}
	default:
		st.fail(ErrInvalid, "", "a choice answer is an option code or a list of them")
		return
	}
	seen := map[string]bool{}
	for _, c := range codes {
		o := st.opt(c)
		if o == nil {
			st.fail(ErrInvalidOption, "", "the question has no option %q", c)
			continue
		}
		if seen[c] {
			if a.ranking {
				st.fail(ErrInvalid, "", "option %q is ranked twice", c)
			}
			continue
		}
		seen[c] = true
		if o.visible {
			a.codes = append(a.codes, c)
		}
	}
	if !a.ranking {
		a.codes = inOptionOrder(st.opts, a.codes)
	}
}

// decodeCodes is decode for the answers pages send — a code, or a list of
// distinct codes, of the question's options, as fastString reads them —
// without decoding them into interfaces (issue #5 item 10). It returns
// false, having changed nothing, for anything else, which decode then
// reads (and reports on) the general way.
func (a *choiceAnswer) decodeCodes(ev *evaluator, st *qstate, raw []byte) bool {
	p := fastParser{b: raw}
	p.space()
	var buf [8]*optView
	found := buf[:0]
	add := func() bool { // the code at p.i, of an option not yet found
		s, ok := p.strBytes()
		if !ok || len(s) == 0 {
			return false
		}
		o := st.opt(string(s))
		if o == nil {
			return false
		}
		for _, f := range found {
			if f == o {
				return false
			}
		}
		found = append(found, o)
		return true
	}
	switch {
	case p.i >= len(p.b):
		return false
	case p.b[p.i] == '"' && !a.multi:
		if !add() {
			return false
		}
	case p.b[p.i] == '[' && a.multi:
		p.i++
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			break
		}
		for {
			p.space()
			if !add() {
				return false
			}
			if more, ok := p.next(']'); !ok {
				return false
			} else if !more {
				break
			}
		}
	default:
		return false
	}
	p.space()
	if p.i != len(p.b) {
		return false
	}
	// In option order, as inOptionOrder puts codes (found holds the first
	// option of each code); without its copy if there are few.
	few := len(found) <= len(buf)
	if !a.ranking && len(found) > 1 && few {
		var inOrder [len(buf)]*optView
		sorted := inOrder[:0]
		for _, o := range st.opts {
			if slices.Contains(found, o) {
				sorted = append(sorted, o)
			}
		}
		found = sorted
	}
	n := 0
	for _, o := range found {
		if o.visible {
			n++
		}
	}
	if n > 0 {
		a.codes = ev.strList(n)
		for _, o := range found {
			if o.visible {
				a.codes = append(a.codes, o.code)
			}
		}
	}
	if !a.ranking && !few {
		a.codes = inOptionOrder(st.opts, a.codes)
	}
	return true
}

func inOptionOrder(opts []*optView, codes []string) []string {
	if len(codes) < 2 {
		return codes
	}
	chosen := map[string]bool{}
	for _, c := range codes {
		chosen[c] = true
	}
	out := make([]string, 0, len(codes))
	for _, o := range opts {
		if chosen[o.code] {
			out = append(out, o.code)
			delete(chosen, o.code)
		}
	}
	return out
}

func (a *choiceAnswer) assign(ev *evaluator, st *qstate, ps []pendingAssign) {
	for _, p := range ps {
		if p.tick != "" {
			if st.opt(p.tick) == nil {
				continue
			}
			if !a.multi {
				a.codes = []string{p.tick}
			} else if !contains(a.codes, p.tick) {
				a.codes = append(a.codes, p.tick)
			}
			continue
		}
		var codes []string
		switch p.value.Kind() {
		case logic.KindNull:
		case logic.KindList:
			l, _ := p.value.AsList()
			for _, e := range l {
				codes = append(codes, e.Text())
			}
		default:
			codes = []string{p.value.Text()}
		}
		var kept []string
		for _, c := range codes {
			if st.opt(c) != nil && !contains(kept, c) {
				kept = append(kept, c)
			}
		}
		if !a.multi && len(kept) > 1 {
			kept = kept[:1]
		}
		a.codes = kept
	}
	if !a.ranking {
		a.codes = inOptionOrder(st.opts, a.codes)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (a *choiceAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	var otherOpt *optView
	for _, c := range a.codes {
		if o := st.opt(c); o.other {
			otherOpt = o
		}
	}
	if otherOpt == nil {
		a.other = ""
	}
	st.selected = a.codes
	st.other = a.other
	v := q.Validation
	if v == nil {
		v = &Validation{}
	}
	n := len(a.codes)
	switch {
	case n == 0:
		if q.Required {
			st.fail(ErrRequired, "", "an answer is required")
		}
	case a.ranking:
		lo := 0
		if v.MinSelect != nil {
			lo = *v.MinSelect
		} else if q.Required {
			for _, o := range st.opts {
				if o.visible {
					lo++
				}
			}
		}
		checkCount(st, n, lo, v.MaxSelect)
	case a.multi:
		lo := 0
		if v.MinSelect != nil {
			lo = *v.MinSelect
		}
		checkCount(st, n, lo, v.MaxSelect)
		for _, c := range a.codes {
			if st.opt(c).exclusive && n > 1 {
				st.fail(ErrExclusive, "", "option %q cannot be combined with others", c)
			}
		}
	}
	if otherOpt != nil && a.other == "" && !otherOpt.otherOptional {
		st.fail(ErrOtherRequired, "", "please specify the other answer")
	}
	if otherOpt != nil && v.MaxLength != nil && runeLen(a.other) > *v.MaxLength {
		st.fail(ErrTooLong, "", "the other text is longer than %d characters", *v.MaxLength)
	}
	if n == 0 {
		return
	}
	labels := func(loc string) logic.Value {
		ls := make([]logic.Value, n)
		for i, c := range a.codes {
			ls[i] = logic.String(ev.labelOf(st.opt(c), loc))
		}
		if a.multi {
			return logic.List(ls...)
		}
		return ls[0]
	}
	st.setText(ev, "", labels)
	if a.multi {
		st.values.set("", logic.Strings(a.codes...))
	} else {
		st.values.set("", logic.String(a.codes[0]))
	}
	if a.ranking {
		for i, c := range a.codes {
			st.values.set(c, logic.Number(float64(i+1)))
		}
	}
	switch {
	case a.other != "":
		var val any = a.codes
		if !a.multi {
			val = a.codes[0]
		}
		ev.setClean(st, map[string]any{"value": val, "other": a.other})
	case a.multi:
		ev.setCleanStrings(st, a.codes)
	default:
		ev.setCleanString(st, a.codes[0])
	}
	if st.visible {
		for _, o := range q.Options {
			if o != nil && o.Jump != nil && contains(a.codes, o.Code) {
				st.optionJump = o.Jump
				break
			}
		}
	}
}

func checkCount(st *qstate, n, lo int, hi *int) {
	if n < lo {
		st.fail(ErrTooFew, "", "choose at least %d", lo)
	}
	if hi != nil && n > *hi {
		st.fail(ErrTooMany, "", "choose at most %d", *hi)
	}
}

// cascadeAnswer handles cascading dropdowns: a path of codes, one per level.
type cascadeAnswer struct {
	path []*Option
}

func (a *cascadeAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil {
		return
	}
	codes, ok := stringList(raw)
	if !ok {
		st.fail(ErrInvalid, "", "a cascading dropdown answer is a list of codes, one per level")
		return
	}
	a.set(ev, st, codes)
}

func (a *cascadeAnswer) set(ev *evaluator, st *qstate, codes []string) {
	a.path = nil
	q := st.qf.q
	level := q.Options
	for i, c := range codes {
		if i >= len(q.Levels) {
			st.fail(ErrInvalid, "", "more codes than levels")
			return
		}
		var found *Option
		for _, o := range level {
			if o != nil && o.Code == c {
				found = o
				break
			}
		}
		if found == nil {
			st.fail(ErrInvalidOption, q.Levels[i].ID, "no option %q at this level", c)
			return
		}
		if st.visible && !ev.cond(found.Display, st.qf.path+".options.display") {
			return // a hidden option ends the path
		}
		a.path = append(a.path, found)
		level = found.Children
	}
}

func (a *cascadeAnswer) assign(ev *evaluator, st *qstate, ps []pendingAssign) {
	for _, p := range ps {
		if p.value.Kind() == logic.KindList {
			l, _ := p.value.AsList()
			codes := make([]string, len(l))
			for i, e := range l {
				codes[i] = e.Text()
			}
			a.set(ev, st, codes)
		}
	}
}

func (a *cascadeAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	if len(a.path) == 0 {
		if q.Required {
			st.fail(ErrRequired, "", "an answer is required")
		}
		return
	}
	last := a.path[len(a.path)-1]
	if len(a.path) < len(q.Levels) && len(last.Children) > 0 {
		st.fail(ErrIncomplete, q.Levels[len(a.path)].ID, "choose down to the last level")
	}
	codes := make([]string, len(a.path))
	for i, o := range a.path {
		codes[i] = o.Code
		lvl := q.Levels[i].ID
		st.values.set(lvl, logic.String(o.Code))
		o := o
		st.setText(ev, lvl, func(loc string) logic.Value {
			return logic.String(o.Label.Resolve(loc, ev.c.def.Locale(), ev.c.def.Locales))
		})
	}
	st.values.set("", logic.Strings(codes...))
	st.setText(ev, "", func(loc string) logic.Value {
		parts := make([]string, len(a.path))
		for i, o := range a.path {
			parts[i] = o.Label.Resolve(loc, ev.c.def.Locale(), ev.c.def.Locales)
		}
		return logic.String(strings.Join(parts, " / "))
	})
	st.selected = codes
	ev.setCleanStrings(st, codes)
	if st.visible {
		for _, o := range a.path {
			if o.Jump != nil {
				st.optionJump = o.Jump
				break
			}
		}
	}
}

// stringList decodes a JSON list of strings (null is an empty list).
func stringList(raw json.RawMessage) ([]string, bool) {
	v, ok := decodeAny(raw)
	if !ok {
		return nil, false
	}
	if v == nil {
		return nil, true
	}
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// cityAnswer handles the city question: ["330000", "330100", "330106"] or
// {"codes": […], "names": […]} (names are recomputed from the codes).
type cityAnswer struct {
	path []region.Division
}

var cityLevels = []string{"province", "city", "district"}

func cityDepth(q *Question) int {
	switch q.CityLevel {
	case "province":
		return 1
	case "city":
		return 2
	}
	return 3
}

func (a *cityAnswer) decode(ev *evaluator, st *qstate, raw json.RawMessage) {
	if raw == nil {
		return
	}
	codes, ok := stringList(raw)
	if !ok {
		v, _ := decodeAny(raw)
		m, isObj := v.(map[string]any)
		if !isObj {
			st.fail(ErrInvalid, "", "a city answer is a list of division codes")
			return
		}
		b, _ := json.Marshal(m["codes"])
		if codes, ok = stringList(b); !ok {
			st.fail(ErrInvalid, "", "a city answer is a list of division codes")
			return
		}
	}
	a.set(st, codes)
}

func (a *cityAnswer) set(st *qstate, codes []string) {
	a.path = nil
	depth := cityDepth(st.qf.q)
	parent := ""
	for i, c := range codes {
		if i >= depth {
			st.fail(ErrInvalid, "", "the question asks for %d levels", depth)
			return
		}
		d, ok := region.Lookup(c)
		if !ok || d.Parent != parent {
			st.fail(ErrInvalidOption, cityLevels[i], "%q is not a division under %q", c, parent)
			a.path = nil
			return
		}
		a.path = append(a.path, d)
		parent = c
	}
}

func (a *cityAnswer) assign(ev *evaluator, st *qstate, ps []pendingAssign) {
	for _, p := range ps {
		if l, ok := p.value.AsList(); ok {
			codes := make([]string, len(l))
			for i, e := range l {
				codes[i] = e.Text()
			}
			a.set(st, codes)
		}
	}
}

func (a *cityAnswer) finish(ev *evaluator, st *qstate) {
	q := st.qf.q
	if len(a.path) == 0 {
		if q.Required {
			st.fail(ErrRequired, "", "an answer is required")
		}
		return
	}
	if n := len(a.path); n < cityDepth(q) && region.HasChildren(a.path[n-1].Code) {
		st.fail(ErrIncomplete, cityLevels[n], "choose down to the %s", cityLevels[cityDepth(q)-1])
	}
	codes := make([]string, len(a.path))
	names := make([]string, len(a.path))
	for i, d := range a.path {
		codes[i], names[i] = d.Code, d.Name
		st.values.set(cityLevels[i], logic.String(d.Code))
		name := logic.String(d.Name)
		st.setText(ev, cityLevels[i], func(string) logic.Value { return name })
	}
	st.values.set("", logic.Strings(codes...))
	joined := logic.String(strings.Join(names, ""))
	st.setText(ev, "", func(string) logic.Value { return joined })
	ev.setClean(st, map[string]any{"codes": codes, "names": names})
}
