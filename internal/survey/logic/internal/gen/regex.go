package main

import (
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// reAtoms are valid RE2 atoms: literals that fold, escapes, classes, Perl
// and POSIX classes, Unicode groups, anchors.
var reAtoms = []string{
	"a", "b", "c", "x", "A", "B", "0", "1", "9", "_", "-", " ", "é", "É", "中", "😀", "ß", "ẞ", "ſ", "s", "S",
	"k", "K", "\u212a", "σ", "Σ", "ς", "İ", "ı", "i", "I", "ǅ", "Ω", "\u2126", "}", "]", ",", ":", "/", "'", "\"",
	`\.`, `\+`, `\*`, `\?`, `\(`, `\)`, `\[`, `\]`, `\{`, `\}`, `\\`, `\|`, `\^`, `\$`, `\-`, `\ `, `\_`, `\@`,
	`\n`, `\t`, `\r`, `\f`, `\v`, `\a`, `\x41`, `\x{4e2d}`, `\x{1F600}`, `\101`, `\0`, `\07`, `\177`, `\08`,
	`[abc]`, `[a-z]`, `[^a-z]`, `[A-Za-z0-9_]`, `[[:alpha:]]`, `[[:^digit:]]`, `[[:word:][:space:]]`, `[\d\s]`,
	`[^\w]`, `[a-]`, `[-a]`, `[]a]`, `[^]a]`, `[\p{Han}a]`, `[\pL\d]`, `[\x{4e00}-\x{9fff}]`, `[.]`, `[\]]`,
	`[a-c-e]`, `[ſ]`, `[k]`, `[^k]`, `[\n]`, `[^\n]`, `[[:upper:]]`, `[[:^space:]x]`, `[\d-z]`, `[\\-]`,
	`\d`, `\D`, `\s`, `\S`, `\w`, `\W`, `\pL`, `\pN`, `\pl`, `\p{Lu}`, `\p{Ll}`, `\p{Han}`, `\p{Greek}`, `\p{greek}`,
	`\PL`, `\p{^Lu}`, `\P{^L}`, `\p{Letter}`, `\p{Uppercase_Letter}`, `\p{Any}`, `\p{ASCII}`, `\p{Assigned}`,
	`\p{LC}`, `\p{Cyrillic}`, `\p{Latin}`, `\p{Yi}`, `\p{Thai}`, `\p{Common}`, `\p{Nd}`, `\p{Zs}`, `\p{punct}`,
	`\p{ Greek}`, `\p{Gre-ek}`, `\p{Cn}`, `.`, `^`, `$`, `\A`, `\z`, `\b`, `\B`, `\Q*+?\E`, `\Qa.b\E`, "{", "{,5}",
	"{x}", "{01}", `(?:)`, `()`,
}

// reBad are fragments Go's parser rejects, and a few it surprisingly accepts.
var reBad = []string{
	`\1`, `\9`, `(?=a)`, `(?!a)`, `(?<=a)`, `(?<!a)`, `\Z`, `**`, `{1001}`, `(a{100}){100}`, `(a{10}){100}`,
	`((a{10}){10}){11}`, `[z-a]`, `[[:foo:]]`, `(`, `)`, `[a`, `\p{Foo}`, `\p{Grek}`, `\p{Unknown}`, `\p{Old_Italic}`,
	`\x{110000}`, `\8`, `\C`, `(?P=n)`, `(?'n'x)`, `*`, `|*`, `\k<n>`, `\g1`, `{2}{3}`, `(?i-)`, `(?-)`, `\e`,
	`[\b]`, `\p`, `\p{`, `\x`, `\xg`, `\x{}`, `(?P<>a)`, `(?P<a-b>x)`, `(?<>x)`, `(?#c)`, `(?x)`, `[[:alpha:]`,
	`\`, `(?i`, `x{2}*`, `a+*`, `\pé`, `[a-\d]`, `\Q\E*`, `(?i)*`, `^*`, `\b+`, `(?:)*`, `x{2,1}`, `x{99999999999}`,
	`(?P<n>a)(?P<n>b)`, `(?)`, `(?U)a*?`, `(?i-s:a)`, `(?--i)`, `[[:^alpha:]]`, `(?m)^a$`, `(?s).`, `\Q`, `\x{10FFFF}`,
}

// pattern generates a matches() pattern, valid most of the time.
func (g *gen) pattern() string {
	p := g.re(2)
	if g.chance(15) {
		p = pick(g, "(?i)", "(?s)", "(?m)", "(?U)", "(?is)", "(?-i)") + p
	}
	if g.chance(25) {
		i := g.r.IntN(len(p) + 1)
		for !utf8.RuneStart(p[min(i, len(p)-1)]) && i < len(p) {
			i++
		}
		p = p[:i] + pick(g, reBad...) + p[i:]
	}
	return p
}

func (g *gen) re(d int) string {
	alts := make([]string, pick(g, 1, 1, 1, 2, 3))
	for i := range alts {
		factors := make([]string, 1+g.r.IntN(4))
		for j := range factors {
			factors[j] = g.reFactor(d)
		}
		alts[i] = strings.Join(factors, "")
	}
	return strings.Join(alts, "|")
}

func (g *gen) reFactor(d int) string {
	var atom string
	if d > 0 && g.chance(25) {
		atom = pick(g, "(", "(?:", "(?i:", "(?s:", "(?m:", "(?-i:", "(?P<n1>", "(?<n2>", "(?i-s:") + g.re(d-1) + ")"
	} else if d > 0 && g.chance(5) {
		atom = pick(g, "(?i)", "(?m)", "(?s)", "(?-i)") + g.reFactor(d-1)
	} else {
		atom = pick(g, reAtoms...)
	}
	if g.chance(30) {
		atom += pick(g, "*", "+", "?", "*?", "+?", "??", "{0}", "{1}", "{2}", "{2,}", "{1,3}", "{0,1}", "{3}?", "{2,5}", "{1000}")
	}
	return atom
}

// subject returns text that the valid pattern p matches, often altered so
// that it may not.
func (g *gen) subject(p string) string {
	re, err := syntax.Parse(p, syntax.Perl)
	var b strings.Builder
	if err == nil {
		g.sample(re, &b)
	}
	s := b.String()
	if g.chance(35) {
		rs := []rune(s)
		i := g.r.IntN(len(rs) + 1)
		switch g.r.IntN(3) {
		case 0:
			rs = append(rs[:i], append([]rune(pick(g, "a", "Z", "1", "\n", "é", " ", "K", "ſ", "中")), rs[i:]...)...)
		case 1:
			if i < len(rs) {
				rs = append(rs[:i], rs[i+1:]...)
			}
		default:
			rs = []rune(pick(g, strPool...) + string(rs))
		}
		s = string(rs)
	}
	return s
}

// sample writes a random string matched by re.
func (g *gen) sample(re *syntax.Regexp, b *strings.Builder) {
	if b.Len() > 3000 {
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				for n := g.r.IntN(4); n > 0; n-- {
					r = unicode.SimpleFold(r)
				}
			}
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return
		}
		// Characters unassigned in Go's Unicode version may be assigned in
		// the JavaScript engine's, and then they match differently.
		for try := 0; try < 20; try++ {
			i := 2 * g.r.IntN(len(re.Rune)/2)
			lo, hi := re.Rune[i], re.Rune[i+1]
			if r := lo + rune(g.r.IntN(int(min(hi-lo+1, 0x3000)))); stable(r) {
				b.WriteRune(r)
				return
			}
		}
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteString(pick(g, "a", "Z", "中", "😀", " ", "é", "ſ"))
	case syntax.OpCapture:
		g.sample(re.Sub[0], b)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 3
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = lo + 2
			}
		}
		for n := lo + g.r.IntN(hi-lo+1); n > 0; n-- {
			g.sample(re.Sub[0], b)
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.sample(s, b)
		}
	case syntax.OpAlternate:
		g.sample(pick(g, re.Sub...), b)
	}
}

// matches generates a matches() call, mostly on a subject made to match.
func (g *gen) matches(d int) piece {
	p := g.pattern()
	subj := g.expr(kStr, d)
	if g.chance(75) {
		subj = prim(g.quote(g.subject(p)))
	}
	pat := prim(g.quote(p))
	if g.chance(5) {
		pat = g.leaf(pick(g, kAny, kNum, kStr))
	}
	return g.call("matches", subj, pat)
}
