package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/survey/logic"
)

// gen holds the random source; every choice goes through it so that a seed
// fixes the output.
type gen struct {
	r     *rand.Rand
	focus string // "" or the one sort of case to generate (see main)
}

// kind is the kind of value an expression is generated to produce.
type kind int

const (
	kAny kind = iota
	kBool
	kNum
	kStr
	kDate
	kList
)

func pick[T any](g *gen, xs ...T) T { return xs[g.r.IntN(len(xs))] }

// chance reports true with probability pct percent.
func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

// kind picks a kind for a whole expression or an operand.
func (g *gen) kind() kind { return pick(g, kAny, kBool, kBool, kNum, kNum, kNum, kStr, kDate, kList) }

// refsByKind lists the references used for each kind; the environment
// gives them values of that kind most of the time, of another kind or
// none at all otherwise.
var refsByKind = map[kind][]string{
	kNum:  {"nps", "q3", "r1", "r2", "q5.r2", "$var.score", "$param.n", "$param.age", "$contact.score"},
	kStr:  {"q1", "q4", "q5.r1", "q1.text", "q5.r1.text", "q1.other", "$param.ch", "$param.store", "$contact.city"},
	kList: {"q2", "q2.text", "q6", "$var.tags", "$contact.tags"},
	kDate: {"qd", "q7", "$contact.birthday", "$param.d", "$var.when"},
	kBool: {"$var.flag", "$var.vip", "$contact.vip", "q8"},
	kAny:  {"q9", "q5.r3", "$var.x", "$param.x", "$contact.x", "q9.text", "q9.other"},
}

// strPool holds texts that stress coercion, case mapping, code point
// order and the byte/character distinction.
var strPool = []string{
	"", " ", "A", "B", "C", "a", "b", "abc", "ABC", "Hello World", "x",
	"0", "1", "2", "9", "10", "42", "2.50", "2.5", "-3", "-0", "007", " 5", "+5", "1e3", "0x1F", "1.", ".5",
	"12.345678901234567890", "99999999999999999999999", "true", "false", "null",
	"2024-02-29", "2024-01-31", "2024-01-31T08:30", "2024-01-31 08:30:15", "2023-02-29", "2024-1-5",
	"2024-01-31T24:00", "2026-01-31", "1990-02-01", "2000-02-29", "2024-12-31T23:59:59", "0001-01-01",
	"满意", "非常满意", "我要退款!", "退款", "中文", "😀", "a😀b", "\U0001F600x", "\ue000", "\uffff",
	"ß", "ẞ", "ſ", "s", "S", "k", "K", "\u212a", "İ", "ı", "i", "I", "Σ", "σ", "ς", "ǅ", "ǆ", "Ǆ",
	"ﬀ", "ΐ", "ᾀ", "ᾈ", "ᾳ", "Straße", "ÀÉÎÕÜ", "àéîõü", "ŉ", "µ", "Ω", "\u2126", "Å", "\u212b",
	"line1\nline2", "tab\there", "quote'dq\"bs\\", "{q1}", "}{", "13812345678", "12345", "a.b@c.d",
	"order 123", "Price", "Service", "Speed", "wechat", "store", "S01", "Hangzhou", "上海",
}

// num returns a number that stresses formatting and arithmetic.
func (g *gen) num() float64 {
	switch g.r.IntN(6) {
	case 0:
		return float64(g.r.IntN(21) - 10)
	case 1:
		return pick(g, 0.1, 0.2, 0.3, 0.5, 2.5, -2.5, 1.5, 3.14159, 1e21, 1e-7, 123456789.125, 1e300,
			-1e300, 5e-324, 9007199254740993, 0.30000000000000004, 1e20, 1e-6, 100, 1000)
	case 2:
		return float64(g.r.IntN(2000)-1000) / pick(g, 1.0, 4, 8, 10, 100, 3)
	case 3:
		return g.r.NormFloat64() * pick(g, 1.0, 1e3, 1e15, 1e22, 1e-5)
	}
	return float64(g.r.IntN(11))
}

// date returns a random date, often near a month end, a leap day or now.
func (g *gen) date(withTime bool) time.Time {
	y := pick(g, 2000, 2001, 2023, 2024, 2025, 2026, 1990, 1900, 2100, 1, 9999, 1970, 1969) + g.r.IntN(3) - 1
	y = min(max(y, 1), 9999)
	m := time.Month(1 + g.r.IntN(12))
	d := pick(g, 1, 1, 15, 28, 29, 30, 31, 1+g.r.IntN(31))
	t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	last := t.AddDate(0, 1, -1).Day()
	t = t.AddDate(0, 0, min(d, last)-1)
	if withTime {
		t = t.Add(time.Duration(pick(g, 0, 1, 59, 3600, 43200, 86399, g.r.IntN(86400))) * time.Second)
	}
	return t
}

// value returns a random value of kind k (any kind for kAny).
func (g *gen) value(k kind, depth int) logic.Value {
	if k == kAny {
		k = pick(g, kBool, kNum, kStr, kStr, kDate, kList)
	}
	switch k {
	case kBool:
		return logic.Bool(g.chance(50))
	case kNum:
		return logic.Number(g.num())
	case kStr:
		if g.chance(15) {
			return logic.String(g.date(g.chance(30)).Format(pick(g, "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04")))
		}
		return logic.String(pick(g, strPool...))
	case kDate:
		return logic.Date(g.date(g.chance(40)))
	}
	n := pick(g, 0, 1, 1, 2, 2, 3, 4)
	elems := make([]logic.Value, n)
	for i := range elems {
		switch {
		case depth > 0 && g.chance(10):
			elems[i] = g.value(kList, depth-1)
		case g.chance(60):
			elems[i] = logic.String(pick(g, "A", "B", "C", "D", "1", "2", "x", "Price", "Service", ""))
		default:
			elems[i] = g.value(kAny, depth-1)
		}
	}
	return logic.List(elems...)
}

// refValue is the value the environment gives a reference of kind k.
func (g *gen) refValue(k kind) (logic.Value, bool) {
	switch p := g.r.IntN(100); {
	case p < 15:
		return logic.Null, false // missing
	case p < 20:
		return pick(g, logic.Null, logic.String(""), logic.List()), true
	case p < 75:
		return g.value(k, 1), true
	}
	return g.value(kAny, 1), true
}

// env builds a random environment, as JSON and as a Go MapEnv.
func (g *gen) env() (envJSON, *logic.MapEnv) {
	var j envJSON
	m := &logic.MapEnv{}
	for k := kAny; k <= kList; k++ { // in order: map iteration would break determinism
		for _, key := range refsByKind[k] {
			v, ok := g.refValue(k)
			if !ok {
				continue
			}
			r, err := logic.ParseRef("{" + key + "}")
			if err != nil {
				panic(err)
			}
			set := func(jm *map[string]logic.Value, mm *map[string]logic.Value, name string) {
				if *jm == nil {
					*jm, *mm = map[string]logic.Value{}, map[string]logic.Value{}
				}
				(*jm)[name], (*mm)[name] = v, v
			}
			name := r.Name // answers, texts and others are keyed by question[.item]
			if r.Item != "" {
				name += "." + r.Item
			}
			switch {
			case r.Scope == logic.ScopeParam:
				set(&j.Params, &m.Params, r.Name)
			case r.Scope == logic.ScopeContact:
				set(&j.Contact, &m.Contact, r.Name)
			case r.Scope == logic.ScopeVar:
				set(&j.Vars, &m.Vars, r.Name)
			case r.Attr == logic.AttrText:
				set(&j.Texts, &m.Texts, name)
			case r.Attr == logic.AttrOther:
				set(&j.Others, &m.Others, name)
			default:
				set(&j.Answers, &m.Answers, name)
			}
		}
	}
	switch g.r.IntN(4) {
	case 0: // no time: the zero time, 0001-01-01
	case 1:
		t := g.date(false)
		j.Today, m.Time = t.Format("2006-01-02"), t
	default:
		t := g.date(true)
		j.Now, m.Time = t.Format("2006-01-02T15:04:05"), t
	}
	return j, m
}

// quote writes s as a string literal of the language, with a random quote
// character and random (valid) escapes.
func (g *gen) quote(s string) string {
	q := pick(g, '\'', '\'', '"')
	var b strings.Builder
	b.WriteRune(q)
	for _, c := range s {
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n' && g.chance(80):
			b.WriteString(`\n`)
		case c == '\t' && g.chance(80):
			b.WriteString(`\t`)
		case c == '\r' && g.chance(80):
			b.WriteString(`\r`)
		case (c == '\'' || c == '"') && g.chance(30):
			b.WriteByte('\\')
			b.WriteRune(c)
		case c < 0x10000 && (c < 0x20 || g.chance(5)):
			fmt.Fprintf(&b, pick(g, `\u%04x`, `\u%04X`), c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteRune(q)
	return b.String()
}
