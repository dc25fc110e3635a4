package logic

import (
	"math"
	"strings"
	"time"
)

// Env supplies the values of references and the current time. The survey
// engine implements it over a response in progress; MapEnv is a simple
// map-backed implementation.
//
// Lookup must return Null for anything without a value: unanswered,
// unknown, and — the rule that keeps display logic sane — questions that
// are currently hidden, whose answers never count. For AttrText it returns
// the chosen option's label (a list of labels for a multiple choice), for
// AttrOther the "other, please specify" text.
//
// Now is the moment today() and now() read, in the location whose wall
// clock counts (usually the survey's time zone). Taking it from the Env
// keeps evaluation deterministic.
type Env interface {
	Lookup(ref Ref) Value
	Now() time.Time
}

// Eval evaluates e against env. Evaluation is deterministic and cannot
// loop. It returns a *Error with code CodeUnknownFunction, CodeArity,
// CodeTypeMismatch, CodeBadArgument or CodeBadRegex when the expression is
// defective in a way Check would also report; ordinary data problems
// (empty answers, non-numeric text, impossible dates) give Null or false
// instead of an error. A nil env behaves as one where every reference is
// Null and the time is the zero time.
func Eval(e *Expr, env Env) (Value, error) {
	if e == nil || e.root == nil {
		return Null, errorf(CodeSyntax, Pos{0, 1, 1}, "no expression")
	}
	if env == nil {
		env = emptyEnv{}
	}
	ev := evaluator{env: env}
	v, err := ev.eval(e.root)
	if err != nil {
		return Null, err
	}
	return v, nil
}

// EvalBool evaluates a condition: true is true, and false or Null (e.g. a
// comparison that cannot be made because an answer is empty) is false. A
// result of any other kind is a CodeTypeMismatch error, as are the errors
// of Eval.
func EvalBool(e *Expr, env Env) (bool, error) {
	v, err := Eval(e, env)
	if err != nil {
		return false, err
	}
	switch v.kind {
	case KindBool:
		return v.b, nil
	case KindNull:
		return false, nil
	}
	return false, errorf(CodeTypeMismatch, e.root.position(), "a condition must give true or false, this gives a %s", v.kind)
}

type emptyEnv struct{}

func (emptyEnv) Lookup(Ref) Value { return Null }
func (emptyEnv) Now() time.Time   { return time.Time{} }

// evaluator is passed by value: as a pointer handed to the function table
// it escaped, one allocation per evaluation (issue #5 item 10).
type evaluator struct {
	env Env
}

func (ev evaluator) eval(n node) (Value, error) {
	switch n := n.(type) {
	case *litNode:
		return n.val, nil
	case *refNode:
		return ev.env.Lookup(n.ref), nil
	case *listNode:
		elems := make([]Value, len(n.elems))
		for i, x := range n.elems {
			v, err := ev.eval(x)
			if err != nil {
				return Null, err
			}
			elems[i] = v
		}
		return Value{kind: KindList, list: elems}, nil
	case *unaryNode:
		x, err := ev.eval(n.x)
		if err != nil {
			return Null, err
		}
		if n.op == tNot {
			b, err := condition(x, n.pos, "not")
			return Bool(!b), err
		}
		f, ok, err := numOperand(x, n.pos, "-")
		if err != nil || !ok {
			return Null, err
		}
		return Number(-f), nil
	case *binaryNode:
		return ev.binary(n)
	case *callNode:
		return ev.call(n)
	}
	return Null, errorf(CodeSyntax, n.position(), "unknown syntax node")
}

func (ev evaluator) binary(n *binaryNode) (Value, error) {
	l, err := ev.eval(n.l)
	if err != nil {
		return Null, err
	}
	if n.op == tAnd || n.op == tOr {
		lb, err := condition(l, n.pos, tokNames[n.op])
		if err != nil {
			return Null, err
		}
		// Short-circuit: the right side is not evaluated, so its errors do
		// not surface either. The TypeScript twin does the same.
		if lb == (n.op == tOr) {
			return Bool(lb), nil
		}
		r, err := ev.eval(n.r)
		if err != nil {
			return Null, err
		}
		rb, err := condition(r, n.pos, tokNames[n.op])
		return Bool(rb), err
	}
	r, err := ev.eval(n.r)
	if err != nil {
		return Null, err
	}
	switch n.op {
	case tPlus, tMinus, tStar, tSlash, tPercent:
		return arith(n.op, l, r, n.pos)
	case tEq:
		return Bool(equal(l, r)), nil
	case tNe:
		return Bool(!equal(l, r)), nil
	case tLt, tLe, tGt, tGe:
		c, ok := compare(l, r)
		if !ok {
			return Bool(false), nil
		}
		switch n.op {
		case tLt:
			return Bool(c < 0), nil
		case tLe:
			return Bool(c <= 0), nil
		case tGt:
			return Bool(c > 0), nil
		}
		return Bool(c >= 0), nil
	case tContains:
		return containsOp(l, r, n.pos, "contains")
	case tIn:
		return containsOp(r, l, n.pos, "in")
	case tAnyof:
		return Bool(anyOf(l, r)), nil
	case tAllof:
		return Bool(allOf(l, r)), nil
	case tNoneof:
		return Bool(!anyOf(l, r)), nil
	}
	return Null, errorf(CodeSyntax, n.pos, "unknown operator")
}

// condition reads a value where true/false is expected; Null counts as false.
func condition(v Value, pos Pos, what string) (bool, error) {
	switch v.kind {
	case KindBool:
		return v.b, nil
	case KindNull:
		return false, nil
	}
	return false, errorf(CodeTypeMismatch, pos, "%s expects true or false, got a %s", what, v.kind)
}

// numOperand reads a value where a number is expected. Numbers pass,
// numeric strings convert, and Null or other text gives ok=false (the
// result will be Null). Bools, dates and lists can never be numbers, so
// they are a CodeTypeMismatch error.
func numOperand(v Value, pos Pos, what string) (f float64, ok bool, err error) {
	switch v.kind {
	case KindNumber:
		return v.num, true, nil
	case KindString:
		f, ok = parseNumeric(v.str)
		return f, ok, nil
	case KindNull:
		return 0, false, nil
	}
	hint := ""
	if v.kind == KindList {
		hint = "; use count() or sum() on a list"
	}
	return 0, false, errorf(CodeTypeMismatch, pos, "%s expects numbers, got a %s%s", what, v.kind, hint)
}

func arith(op tokKind, l, r Value, pos Pos) (Value, error) {
	a, okA, err := numOperand(l, pos, tokNames[op])
	if err != nil {
		return Null, err
	}
	b, okB, err := numOperand(r, pos, tokNames[op])
	if err != nil || !okA || !okB {
		return Null, err
	}
	switch op {
	case tPlus:
		return Number(a + b), nil
	case tMinus:
		return Number(a - b), nil
	case tStar:
		return Number(a * b), nil
	case tSlash:
		if b == 0 {
			return Null, nil
		}
		return Number(a / b), nil
	}
	if b == 0 {
		return Null, nil
	}
	return Number(math.Mod(a, b)), nil
}

// equal is the language's `=`. An empty operand (Null, the empty string or the empty list) equals
// only another empty operand. A number equals a numeric string of the same
// value, a date equals a date string of the same moment, lists are equal as
// sets, and values of unrelated kinds are never equal.
func equal(a, b Value) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return a.IsEmpty() && b.IsEmpty()
	}
	if a.kind == KindString && b.kind != KindString {
		a, b = b, a
	}
	switch a.kind {
	case KindNumber:
		switch b.kind {
		case KindNumber:
			return a.num == b.num
		case KindString:
			f, ok := parseNumeric(b.str)
			return ok && f == a.num
		}
	case KindDate:
		d, ok := toDate(b)
		return ok && d.num == a.num
	case KindString:
		return b.kind == KindString && a.str == b.str
	case KindBool:
		return b.kind == KindBool && a.b == b.b
	case KindList:
		return b.kind == KindList && sameSet(a.list, b.list)
	}
	return false
}

// sameSet reports whether every element of a equals some element of b and
// vice versa. It compares each pair at most once: the obvious
// subset(a, b) && subset(b, a) compares nested lists twice per level,
// which is exponential in the nesting depth.
func sameSet(a, b []Value) bool {
	covered := make([]bool, len(b))
	for _, x := range a {
		found := false
		for j, y := range b {
			if found && covered[j] {
				continue
			}
			if equal(x, y) {
				found, covered[j] = true, true
			}
		}
		if !found {
			return false
		}
	}
	for _, c := range covered {
		if !c {
			return false
		}
	}
	return true
}

func subset(a, b []Value) bool {
	for _, x := range a {
		if !member(x, b) {
			return false
		}
	}
	return true
}

func member(x Value, set []Value) bool {
	for _, y := range set {
		if equal(x, y) {
			return true
		}
	}
	return false
}

// compare orders two values for < <= > >=. ok is false when they cannot be
// ordered: an operand is empty, a bool or a list, or the kinds differ and
// the string side does not convert (numbers with numeric strings, dates
// with date strings). Two strings compare by Unicode code points.
func compare(a, b Value) (c int, ok bool) {
	if a.IsEmpty() || b.IsEmpty() {
		return 0, false
	}
	switch {
	case a.kind == KindString && b.kind == KindString:
		return strings.Compare(a.str, b.str), true
	case a.kind == KindNumber || b.kind == KindNumber:
		x, okA := numberOf(a)
		y, okB := numberOf(b)
		if !okA || !okB {
			return 0, false
		}
		return cmpFloat(x, y), true
	case a.kind == KindDate || b.kind == KindDate:
		x, okA := toDate(a)
		y, okB := toDate(b)
		if !okA || !okB {
			return 0, false
		}
		return cmpFloat(x.num, y.num), true
	}
	return 0, false
}

// numberOf converts numbers and numeric strings, nothing else.
func numberOf(v Value) (float64, bool) {
	switch v.kind {
	case KindNumber:
		return v.num, true
	case KindString:
		return parseNumeric(v.str)
	}
	return 0, false
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// toSet views a value as a set for anyof/allof/noneof: empty is the empty
// set, a list is its elements, and any other value is a set of one.
func toSet(v Value) []Value {
	if v.IsEmpty() {
		return nil
	}
	if v.kind == KindList {
		return v.list
	}
	return []Value{v}
}

func anyOf(a, b Value) bool {
	sb := toSet(b)
	for _, x := range toSet(a) {
		if member(x, sb) {
			return true
		}
	}
	return false
}

// allOf: a is not empty and holds every element of b.
func allOf(a, b Value) bool {
	sa := toSet(a)
	return len(sa) > 0 && subset(toSet(b), sa)
}

// containsOp is `hay contains needle` (and `needle in hay`): list
// membership for a list, substring for a string. An empty operand gives
// false. The needle must be a single value, and the haystack a list or a
// string.
func containsOp(hay, needle Value, pos Pos, what string) (Value, error) {
	if needle.kind == KindList {
		return Null, errorf(CodeTypeMismatch, pos, "%s expects a single value to look for, got a list; use allof or anyof", what)
	}
	switch hay.kind {
	case KindList:
		return Bool(!needle.IsEmpty() && member(needle, hay.list)), nil
	case KindString:
		return Bool(needle.kind == KindString && needle.str != "" && strings.Contains(hay.str, needle.str)), nil
	case KindNull:
		return Bool(false), nil
	}
	return Null, errorf(CodeTypeMismatch, pos, "%s looks inside a list or a text, got a %s", what, hay.kind)
}
