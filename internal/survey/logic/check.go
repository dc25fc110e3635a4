package logic

import (
	"fmt"
	"math"
	"sort"
)

// Type is the static type of an expression or reference, as far as the
// checker can know it before any answer exists.
type Type uint8

// The static types. TypeAny is the zero value and accepts everything: the
// checker stays silent about what it cannot know.
const (
	TypeAny    Type = iota
	TypeNull        // the literal null
	TypeBool        // true/false
	TypeNumber      // number, rating, NPS, slider
	TypeString      // free text, parameter, contact attribute, label
	TypeCode        // single option code: single choice, dropdown, matrix row
	TypeCodes       // list of option codes: multiple choice
	TypeDate        // date or date-time
	TypeList        // other lists, e.g. a list literal
)

var typeNames = [...]string{"any", "null", "bool", "number", "string", "code", "codes", "date", "list"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// ParseType is the inverse of Type.String, for type tables kept as text.
func ParseType(s string) (Type, error) {
	for i, n := range typeNames {
		if n == s {
			return Type(i), nil
		}
	}
	return TypeAny, fmt.Errorf("logic: unknown type %q", s)
}

// TypeEnv tells the checker the static type of each reference; ok=false
// means the reference does not exist and is reported as unknown_ref.
type TypeEnv interface {
	TypeOf(ref Ref) (t Type, ok bool)
}

// TypeMap is a TypeEnv keyed by Ref.Key(): "q1", "q1.text", "q5.r1",
// "$param.ch". Every reference the survey allows must be listed.
type TypeMap map[string]Type

// TypeOf implements TypeEnv.
func (m TypeMap) TypeOf(r Ref) (Type, bool) {
	t, ok := m[r.Key()]
	return t, ok
}

// Check reports the static problems of e: unknown references (when types
// is not nil), unknown functions, wrong argument counts, operands and
// arguments of types that can never work, and literal arguments that are
// invalid (dates, datediff units, round digits, regex patterns). The
// findings are sorted by position; nil means none.
func Check(e *Expr, types TypeEnv) []Diag {
	_, diags := Infer(e, types)
	return diags
}

// CheckCondition is Check for an expression used as a condition (display,
// skip, quota, validation): it also reports a result that cannot be
// true/false, such as a bare {q1} holding an option code.
func CheckCondition(e *Expr, types TypeEnv) []Diag {
	t, diags := Infer(e, types)
	if t != TypeAny && t != TypeBool && t != TypeNull {
		diags = append(diags, diagf(e.root.position(), CodeTypeMismatch, "a condition must give true or false, this gives a %s", t))
	}
	return diags
}

// Infer is Check that also returns the static type of the result, so that
// an assignment can be checked against its target question.
func Infer(e *Expr, types TypeEnv) (Type, []Diag) {
	if e == nil || e.root == nil {
		return TypeAny, []Diag{diagf(Pos{0, 1, 1}, CodeSyntax, "no expression")}
	}
	c := &checker{types: types}
	t := c.infer(e.root)
	sort.SliceStable(c.diags, func(i, j int) bool { return c.diags[i].Pos.Offset < c.diags[j].Pos.Offset })
	return t, c.diags
}

type checker struct {
	types TypeEnv
	diags []Diag
}

func (c *checker) report(pos Pos, code, format string, args ...any) {
	c.diags = append(c.diags, diagf(pos, code, format, args...))
}

func strLit(n node) (string, bool) {
	if l, ok := n.(*litNode); ok && l.val.kind == KindString {
		return l.val.str, true
	}
	return "", false
}

func isListType(t Type) bool { return t == TypeCodes || t == TypeList }

func (c *checker) infer(n node) Type {
	switch n := n.(type) {
	case *litNode:
		return [...]Type{KindNull: TypeNull, KindNumber: TypeNumber, KindString: TypeString, KindBool: TypeBool}[n.val.kind]
	case *refNode:
		if c.types == nil {
			return TypeAny
		}
		t, ok := c.types.TypeOf(n.ref)
		if !ok {
			c.report(n.pos, CodeUnknownRef, "unknown reference %s", n.ref)
			return TypeAny
		}
		return t
	case *listNode:
		for _, x := range n.elems {
			c.infer(x)
		}
		return TypeList
	case *unaryNode:
		t := c.infer(n.x)
		if n.op == tNot {
			c.wantClass(argCond, n.x, t, "not")
			return TypeBool
		}
		c.wantClass(argNum, n.x, t, "-")
		return TypeNumber
	case *binaryNode:
		return c.binary(n)
	case *callNode:
		return c.call(n)
	}
	return TypeAny
}

func (c *checker) binary(n *binaryNode) Type {
	lt, rt := c.infer(n.l), c.infer(n.r)
	op := tokNames[n.op]
	switch n.op {
	case tAnd, tOr:
		c.wantClass(argCond, n.l, lt, op)
		c.wantClass(argCond, n.r, rt, op)
	case tPlus, tMinus, tStar, tSlash, tPercent:
		c.wantClass(argNum, n.l, lt, op)
		c.wantClass(argNum, n.r, rt, op)
		return TypeNumber
	case tEq, tNe:
		c.comparable(n, lt, rt, false)
	case tLt, tLe, tGt, tGe:
		c.comparable(n, lt, rt, true)
	case tContains:
		c.containable(n.pos, lt, rt, op)
	case tIn:
		c.containable(n.pos, rt, lt, op)
	default: // anyof, allof, noneof
		if lt == TypeBool || rt == TypeBool {
			c.report(n.pos, CodeTypeMismatch, "%s compares sets of values, not true/false", op)
		}
	}
	return TypeBool
}

// wantClass reports an operand or argument whose static type can never be
// accepted by the argument class, plus string literals that cannot
// convert (e.g. 'abc' + 1, which would be Null, never a concatenation).
func (c *checker) wantClass(cl argClass, n node, t Type, what string) {
	ok := true
	switch cl {
	case argNum:
		ok = t == TypeAny || t == TypeNull || t == TypeNumber || t == TypeString || t == TypeCode
	case argNums:
		ok = t != TypeBool && t != TypeDate
	case argText:
		ok = t == TypeAny || t == TypeNull || t == TypeString || t == TypeCode
	case argDate:
		ok = t == TypeAny || t == TypeNull || t == TypeString || t == TypeCode || t == TypeDate
	case argCond:
		ok = t == TypeAny || t == TypeNull || t == TypeBool
	}
	if !ok {
		c.report(n.position(), CodeTypeMismatch, "%s expects %s, got a %s", what, classNames[cl], t)
		return
	}
	s, lit := strLit(n)
	switch {
	case !lit:
	case (cl == argNum || cl == argNums) && !isNumeric(s):
		hint := ""
		if what == "+" {
			hint = "; use concat() to join texts"
		}
		c.report(n.position(), CodeTypeMismatch, "%s expects a number, and '%s' is not one%s", what, abbreviate(s), hint)
	case cl == argDate && !isDateText(s):
		c.report(n.position(), CodeBadArgument, "'%s' is not a date; write 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM[:SS]'", abbreviate(s))
	}
}

func isNumeric(s string) bool  { _, ok := parseNumeric(s); return ok }
func isDateText(s string) bool { _, ok := ParseDate(s); return ok }

// comparable reports comparisons that are always false (or always true
// for !=) whatever the answers are.
func (c *checker) comparable(n *binaryNode, lt, rt Type, ordering bool) {
	op := tokNames[n.op]
	if ordering && (lt == TypeNull || rt == TypeNull) {
		c.report(n.pos, CodeTypeMismatch, "%s with null is always false; use isEmpty()", op)
		return
	}
	if lt == TypeAny || rt == TypeAny || lt == TypeNull || rt == TypeNull {
		return
	}
	if ordering && (lt == TypeBool || rt == TypeBool || isListType(lt) || isListType(rt)) {
		c.report(n.pos, CodeTypeMismatch, "%s cannot order a %s and a %s", op, lt, rt)
		return
	}
	norm := func(t Type) Type {
		switch t {
		case TypeCode:
			return TypeString
		case TypeCodes:
			return TypeList
		}
		return t
	}
	l, r := norm(lt), norm(rt)
	if l == r {
		return
	}
	// Put the string side, if any, on the right.
	rn := n.r
	if l == TypeString {
		l, r, rn = r, l, n.l
	}
	switch {
	case isListType(l) || isListType(r):
		c.report(n.pos, CodeTypeMismatch, "%s compares a list with a single value; use contains, anyof or allof", op)
	case r == TypeString && l == TypeNumber:
		if s, ok := strLit(rn); ok && !isNumeric(s) {
			c.report(n.pos, CodeTypeMismatch, "%s compares a number with '%s', which is not a number", op, abbreviate(s))
		}
	case r == TypeString && l == TypeDate:
		if s, ok := strLit(rn); ok && !isDateText(s) {
			c.report(n.pos, CodeTypeMismatch, "%s compares a date with '%s', which is not a date (YYYY-MM-DD)", op, abbreviate(s))
		}
	default:
		c.report(n.pos, CodeTypeMismatch, "%s compares a %s with a %s, which is never true", op, lt, rt)
	}
}

func (c *checker) containable(pos Pos, hay, needle Type, op string) {
	switch {
	case isListType(needle):
		c.report(pos, CodeTypeMismatch, "%s looks for a single value, got a list; use allof or anyof", op)
	case hay == TypeCode:
		c.report(pos, CodeTypeMismatch, "%s on a single option code tests for a substring; use = or anyof", op)
	case hay == TypeNumber || hay == TypeDate || hay == TypeBool:
		c.report(pos, CodeTypeMismatch, "%s looks inside a list or a text, got a %s", op, hay)
	}
}

func (c *checker) call(n *callNode) Type {
	argTypes := make([]Type, len(n.args))
	for i, a := range n.args {
		argTypes[i] = c.infer(a)
	}
	f := n.fn
	if f == nil {
		c.report(n.pos, CodeUnknownFunction, "unknown function %s()", n.name)
		return TypeAny
	}
	if len(n.args) < f.min || (f.max >= 0 && len(n.args) > f.max) {
		format, args := arityMessage(f, len(n.args))
		c.report(n.pos, CodeArity, format, args...)
		return f.ret
	}
	for i, a := range n.args {
		c.wantClass(f.class(i), a, argTypes[i], fmt.Sprintf("argument %d of %s()", i+1, f.name))
	}
	switch f.name {
	case "iif":
		return mergeTypes(argTypes[1], argTypes[2])
	case "contains":
		c.containable(n.pos, argTypes[0], argTypes[1], "contains()")
	case "datediff":
		if s, ok := strLit(n.args[2]); ok && !dateUnits[s] {
			c.report(n.args[2].position(), CodeBadArgument, "datediff() unit must be 'day', 'month' or 'year'")
		}
	case "matches":
		if s, ok := strLit(n.args[1]); ok {
			if re, msg := compileRegex(s); re == nil {
				c.report(n.args[1].position(), CodeBadRegex, "%s", msg)
			}
		}
	case "round":
		if len(n.args) == 2 {
			if d, ok := constNumber(n.args[1]); ok && (d < 0 || d > 10 || d != math.Trunc(d)) {
				c.report(n.args[1].position(), CodeBadArgument, "round() digits must be a whole number from 0 to 10")
			}
		}
	}
	return f.ret
}

// constNumber reads a number literal, possibly negated, or a numeric
// string literal.
func constNumber(n node) (float64, bool) {
	switch n := n.(type) {
	case *litNode:
		return numberOf(n.val)
	case *unaryNode:
		if f, ok := constNumber(n.x); ok && n.op == tMinus {
			return -f, true
		}
	}
	return 0, false
}

func mergeTypes(a, b Type) Type {
	switch {
	case a == b:
		return a
	case a == TypeNull:
		return b
	case b == TypeNull:
		return a
	case (a == TypeString || a == TypeCode) && (b == TypeString || b == TypeCode):
		return TypeString
	}
	return TypeAny
}
