package main

import "strings"

// template generates display text with references, valid or not.
func (g *gen) template() string {
	if g.chance(2) {
		return strings.Repeat("满意{q1}", pick(g, 7281, 7282)) // about 64 KiB, either side of the limit
	}
	var b strings.Builder
	for n := g.r.IntN(6); n >= 0; n-- {
		switch g.r.IntN(8) {
		case 0, 1:
			b.WriteString(pick(g, strPool...))
		case 2:
			b.WriteString(pick(g, "{{", "}}", "}", " } ", "{{q1}}", "}}}"))
		case 3:
			if g.chance(25) {
				b.WriteString(pick(g, "{ q1}", "{q1", "{}", "{$foo.x}", "{q1.a.b.c}", "{text}", "{q1 }", "{",
					"{q1..text}", "{$param}", "{$param.a.b}", "{a$b}", "{"+strings.Repeat("x", 65)+"}", "{q1.other.text}"))
				break
			}
			fallthrough
		default:
			k := pick(g, kAny, kNum, kStr, kList, kDate, kBool)
			b.WriteString("{" + pick(g, refsByKind[k]...) + "}")
		}
	}
	return b.String()
}

// mutate damages a source a little: a rune inserted, deleted or doubled,
// or the end cut off.
func (g *gen) mutate(src string) string {
	rs := []rune(src)
	i := g.r.IntN(len(rs) + 1)
	switch g.r.IntN(4) {
	case 0:
		ins := pick(g, '{', '}', '\'', '"', '\\', '(', ')', '[', ']', ',', '.', '$', '&', '|', '!', '=', '<', '>',
			'#', 'é', '7', 'x', ' ', '-', '*', '中', '\n', '\u00a0')
		rs = append(rs[:i], append([]rune{ins}, rs[i:]...)...)
	case 1:
		if i < len(rs) {
			rs = append(rs[:i], rs[i+1:]...)
		}
	case 2:
		if i < len(rs) {
			rs = append(rs[:i+1], rs[i:]...)
		}
	default:
		rs = rs[:i]
	}
	return string(rs)
}

// limitCase generates a source at one of the limits of docs/logic.md §11.
func (g *gen) limitCase() string {
	n := 60 + g.r.IntN(8) // around MaxDepth = 64
	switch g.r.IntN(7) {
	case 0:
		return strings.Repeat("(", n) + "1" + strings.Repeat(")", n)
	case 1:
		return strings.Repeat(pick(g, "-", "not ", "!", "- "), n) + pick(g, "1", "true")
	case 2:
		return strings.Repeat("[", n) + "1" + strings.Repeat("]", n)
	case 3:
		return strings.Repeat("abs(", n) + "1" + strings.Repeat(")", n)
	case 4: // around MaxListLen = 256
		items := strings.Repeat("1, ", 250+g.r.IntN(10)) + "1"
		return pick(g, "["+items+"]", "sum("+items+")", "count(["+items+"])")
	case 5: // around MaxSourceLen = 4096 bytes, counted in UTF-8
		return "len('" + strings.Repeat(pick(g, "中", "é", "a", "😀"), 4080/pick(g, 1, 2, 3, 4)+g.r.IntN(12)) + "')"
	}
	// around MaxPatternLen = 256 bytes
	return "matches('x', '" + strings.Repeat(pick(g, "中", "é", "a"), 250/pick(g, 1, 2, 3)+g.r.IntN(8)) + "')"
}
