package main

import (
	"strconv"
	"strings"
)

// Precedence levels of printed pieces, loosest first (docs/logic.md §3).
const (
	precOr = iota + 1
	precAnd
	precNot
	precCmp
	precSum
	precProd
	precUnary
	precPrimary
)

// piece is generated source text and the precedence level of its top.
type piece struct {
	prec int
	src  string
}

func prim(s string) piece { return piece{precPrimary, s} }

// sp is random white space, often none.
func (g *gen) sp() string { return pick(g, "", "", " ", " ", " ", "  ", "\n", "\t", "\r\n ") }

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// join concatenates tokens with random white space, but never glues two
// word characters together (1 and → "1and" would be one bad token).
func (g *gen) join(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			ws := g.sp()
			s := b.String()
			if ws == "" && len(s) > 0 && len(p) > 0 && isWordByte(s[len(s)-1]) && isWordByte(p[0]) {
				ws = " "
			}
			b.WriteString(ws)
		}
		b.WriteString(p)
	}
	return b.String()
}

// wrap parenthesises p if its precedence is below min, and now and then
// when it need not.
func (g *gen) wrap(p piece, min int) string {
	if p.prec < min || g.chance(3) {
		return g.join("(", p.src, ")")
	}
	return p.src
}

// spell picks one of the spellings of an operator or keyword.
func (g *gen) spell(op string) string {
	switch op {
	case "or":
		return pick(g, "or", "or", "OR", "Or", "||")
	case "and":
		return pick(g, "and", "and", "AND", "&&")
	case "not":
		return pick(g, "not", "not", "NOT", "Not", "!")
	case "=":
		return pick(g, "=", "=", "==")
	case "!=":
		return pick(g, "!=", "!=", "<>")
	case "contains", "anyof", "allof", "noneof", "in":
		return pick(g, op, op, strings.ToUpper(op), strings.ToUpper(op[:1])+op[1:])
	}
	return op
}

var precOf = map[string]int{
	"or": precOr, "and": precAnd, "+": precSum, "-": precSum, "*": precProd, "/": precProd, "%": precProd,
}

// bin builds l op r with the parentheses the grammar needs.
func (g *gen) bin(l piece, op string, r piece) piece {
	prec, ok := precOf[op]
	if !ok {
		prec = precCmp
	}
	lmin, rmin := prec, prec+1
	if prec == precCmp {
		lmin = precSum // comparisons do not chain
	}
	return piece{prec, g.join(g.wrap(l, lmin), g.spell(op), g.wrap(r, rmin))}
}

func (g *gen) not(x piece) piece { return piece{precNot, g.join(g.spell("not"), g.wrap(x, precNot))} }
func (g *gen) neg(x piece) piece { return piece{precUnary, g.join("-", g.wrap(x, precUnary))} }

// unknownNames are not functions; several are JavaScript object members,
// which a careless twin would find.
var unknownNames = []string{"foo", "sum2", "constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "iff", "SUMM"}

// call builds a function call with the name in random case; now and then
// it renames the function or gets the number of arguments wrong.
func (g *gen) call(name string, args ...piece) piece {
	switch {
	case g.chance(2):
		name = pick(g, unknownNames...)
	case g.chance(2) && len(args) > 0:
		args = args[:len(args)-1]
	case g.chance(2):
		args = append(args, g.leaf(kAny))
	}
	name = pick(g, name, name, strings.ToLower(name), strings.ToUpper(name))
	parts := []string{name, "("}
	for i, a := range args {
		if i > 0 {
			parts = append(parts, ",")
		}
		parts = append(parts, g.wrap(a, 0))
	}
	return prim(g.join(append(parts, ")")...))
}

// source generates a whole expression of kind k, or a limit-testing one.
func (g *gen) source(k kind) string {
	if g.chance(3) {
		return g.limitCase()
	}
	return g.expr(k, 1+g.r.IntN(4)).src
}

// expr generates an expression meant to produce kind k; now and then it
// produces another kind, which exercises type_mismatch.
func (g *gen) expr(k kind, d int) piece {
	if g.chance(4) {
		k = g.kind()
	}
	if d <= 0 || g.chance(20) {
		return g.leaf(k)
	}
	d--
	switch k {
	case kBool:
		return g.boolExpr(d)
	case kNum:
		return g.numExpr(d)
	case kStr:
		return g.strExpr(d)
	case kDate:
		return g.dateExpr(d)
	case kList:
		return g.listExpr(d)
	}
	return g.expr(g.kind(), d)
}

func (g *gen) ref(k kind) piece {
	if g.chance(10) {
		k = kAny
	}
	return prim("{" + pick(g, refsByKind[k]...) + "}")
}

func (g *gen) leaf(k kind) piece {
	if g.chance(35) {
		return g.ref(k)
	}
	switch k {
	case kBool:
		return prim(pick(g, "true", "false", "TRUE", "False"))
	case kNum:
		if g.chance(15) {
			return prim(g.quote(pick(g, "2.50", "-3", "10", "0", "abc", "1e3", " 5", "007", "")))
		}
		return g.numLit()
	case kStr:
		return prim(g.quote(pick(g, strPool...)))
	case kDate:
		switch g.r.IntN(4) {
		case 0:
			return prim(g.quote(g.dateText()))
		case 1:
			return g.call(pick(g, "today", "now"))
		}
		return g.call("date", prim(g.quote(g.dateText())))
	case kList:
		n := pick(g, 0, 1, 2, 3)
		items := make([]piece, n)
		for i := range items {
			items[i] = g.leaf(pick(g, kStr, kStr, kNum, kAny))
		}
		return g.list(items)
	}
	if g.chance(30) {
		return prim(pick(g, "null", "NULL", "Null"))
	}
	return g.leaf(pick(g, kBool, kNum, kStr, kDate, kList))
}

func (g *gen) list(items []piece) piece {
	parts := []string{"["}
	for i, it := range items {
		if i > 0 {
			parts = append(parts, ",")
		}
		parts = append(parts, g.wrap(it, 0))
	}
	return prim(g.join(append(parts, "]")...))
}

// numLit is a number literal in one of its spellings.
func (g *gen) numLit() piece {
	var s string
	switch g.r.IntN(8) {
	case 0:
		s = pick(g, "007", "0", "00", "3.250", "0.1", "0.30000000000000004", "9007199254740993",
			"123456789012345678901234567890", "0.000001", "0.0000001", "1000000000000000000000", "5e-324")
	case 1:
		s = "1" + strings.Repeat("0", pick(g, 20, 21, 22, 300, 308, 309, 400))
	default:
		f := g.num()
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	if strings.HasPrefix(s, "-") {
		return g.neg(prim(s[1:]))
	}
	return prim(s)
}

// dateText is a date string, valid or not.
func (g *gen) dateText() string {
	if g.chance(15) {
		return pick(g, "2023-02-29", "2024-13-01", "2024-1-5", "2024-01-31T24:00", "2024/01/31", "2024-01-31Z",
			"2024-01-31T08:30:00Z", "", "May", "0000-01-01", "2024-00-10", "2024-04-31", "2024-01-31T08:60")
	}
	return g.date(g.chance(40)).Format(pick(g, "2006-01-02", "2006-01-02", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"))
}

var cmpOps = []string{"=", "!=", "<", "<=", ">", ">="}

func (g *gen) boolExpr(d int) piece {
	switch g.r.IntN(12) {
	case 0, 1, 2:
		pairs := [][2]kind{{kNum, kNum}, {kNum, kStr}, {kStr, kNum}, {kStr, kStr}, {kDate, kDate}, {kDate, kStr},
			{kStr, kDate}, {kList, kList}, {kAny, kAny}, {kBool, kBool}, {kList, kStr}, {kNum, kDate}}
		p := pick(g, pairs...)
		return g.bin(g.expr(p[0], d), pick(g, cmpOps...), g.expr(p[1], d))
	case 3:
		l := g.expr(pick(g, kList, kList, kStr, kAny), d)
		return g.bin(l, pick(g, "anyof", "allof", "noneof"), g.expr(pick(g, kList, kList, kStr, kNum), d))
	case 4:
		hay := g.expr(pick(g, kList, kList, kStr, kAny, kNum), d)
		needle := g.expr(pick(g, kStr, kStr, kNum, kAny, kList), d)
		if g.chance(40) {
			return g.bin(needle, "in", hay)
		}
		return g.bin(hay, "contains", needle)
	case 5, 6:
		return g.bin(g.expr(kBool, d), pick(g, "and", "or"), g.expr(kBool, d))
	case 7:
		return g.not(g.expr(kBool, d))
	case 8:
		switch g.r.IntN(4) {
		case 0:
			return g.call(pick(g, "isEmpty", "notEmpty"), g.expr(kAny, d))
		case 1:
			return g.call("selected", g.expr(pick(g, kList, kStr), d), g.expr(pick(g, kStr, kList, kNum), d))
		case 2:
			return g.call("contains", g.expr(pick(g, kList, kStr), d), g.expr(pick(g, kStr, kNum), d))
		}
		return g.iif(kBool, d)
	}
	return g.matches(d)
}

func (g *gen) iif(k kind, d int) piece {
	return g.call("iif", g.expr(kBool, d), g.expr(k, d), g.expr(k, d))
}

func (g *gen) numExpr(d int) piece {
	switch g.r.IntN(10) {
	case 0, 1, 2:
		return g.bin(g.expr(kNum, d), pick(g, "+", "-", "*", "/", "%"), g.expr(kNum, d))
	case 3:
		return g.neg(g.expr(kNum, d))
	case 4:
		switch g.r.IntN(3) {
		case 0:
			return g.call(pick(g, "abs", "number"), g.expr(kNum, d))
		case 1:
			return g.call("round", g.expr(kNum, d))
		}
		digits := prim(pick(g, "0", "1", "2", "3", "10", "2.0"))
		if g.chance(20) {
			digits = g.leaf(pick(g, kNum, kStr, kAny))
		}
		return g.call("round", g.expr(kNum, d), digits)
	case 5:
		args := make([]piece, 1+g.r.IntN(4))
		for i := range args {
			args[i] = g.expr(pick(g, kNum, kNum, kList, kStr, kAny), d)
		}
		return g.call(pick(g, "sum", "min", "max", "avg"), args...)
	case 6:
		if g.chance(50) {
			return g.call("count", g.expr(kAny, d))
		}
		return g.call("len", g.expr(kStr, d))
	case 7:
		if g.chance(30) {
			return g.call("age", g.expr(kDate, d))
		}
		unit := prim(pick(g, "'day'", "'month'", "'year'", "\"month\""))
		if g.chance(10) {
			unit = prim(pick(g, "'week'", "'Day'", "'days'", "''", "null", "1", "{$param.ch}"))
		}
		return g.call("datediff", g.expr(kDate, d), g.expr(kDate, d), unit)
	}
	return g.iif(kNum, d)
}

func (g *gen) strExpr(d int) piece {
	switch g.r.IntN(4) {
	case 0, 1:
		args := make([]piece, 1+g.r.IntN(4))
		for i := range args {
			args[i] = g.expr(kAny, d)
		}
		return g.call("concat", args...)
	case 2:
		return g.call(pick(g, "lower", "upper"), g.expr(kStr, d))
	}
	return g.iif(kStr, d)
}

func (g *gen) dateExpr(d int) piece {
	if g.chance(70) {
		return g.call("date", g.expr(pick(g, kStr, kDate), d))
	}
	return g.iif(kDate, d)
}

func (g *gen) listExpr(d int) piece {
	if g.chance(20) {
		return g.iif(kList, d)
	}
	items := make([]piece, g.r.IntN(5))
	for i := range items {
		items[i] = g.expr(pick(g, kStr, kStr, kNum, kAny, kList), d)
	}
	return g.list(items)
}
