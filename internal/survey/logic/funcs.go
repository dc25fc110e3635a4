package logic

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxPatternLen bounds a matches() pattern, in bytes. RE2 runs in linear
// time, but compiling a long pattern still costs memory.
const MaxPatternLen = 256

// argClass says what an argument may be. One table drives both the
// checker (static types) and the evaluator (run-time kinds), so the two
// cannot disagree about what a function accepts.
type argClass uint8

const (
	argAny  argClass = iota
	argNum           // number or numeric string; bool, date, list rejected
	argNums          // like argNum, or a list of them
	argText          // string
	argDate          // date or date string
	argCond          // true/false
)

// accepts reports whether a run-time value may be passed. Null is always
// accepted: functions define what an empty argument means.
func (c argClass) accepts(v Value) bool {
	switch c {
	case argNum:
		return v.kind == KindNull || v.kind == KindNumber || v.kind == KindString
	case argNums:
		return v.kind == KindNull || v.kind == KindNumber || v.kind == KindString || v.kind == KindList
	case argText:
		return v.kind == KindNull || v.kind == KindString
	case argDate:
		return v.kind == KindNull || v.kind == KindString || v.kind == KindDate
	case argCond:
		return v.kind == KindNull || v.kind == KindBool
	}
	return true
}

var classNames = [...]string{argAny: "any value", argNum: "a number", argNums: "numbers",
	argText: "a text", argDate: "a date", argCond: "true or false"}

type funcDef struct {
	name     string
	min, max int        // max < 0: variadic
	args     []argClass // per position; the last one repeats for variadic functions
	ret      Type       // static result type; iif computes its own
	// fn computes the result from evaluated arguments; iif is evaluated
	// lazily by the evaluator instead.
	fn func(ev evaluator, c *callNode, args []Value) (Value, error)
}

func (f *funcDef) class(i int) argClass {
	if len(f.args) == 0 {
		return argAny
	}
	if i >= len(f.args) {
		return f.args[len(f.args)-1]
	}
	return f.args[i]
}

var funcs map[string]*funcDef

func init() {
	defs := []*funcDef{
		{name: "abs", min: 1, max: 1, args: []argClass{argNum}, ret: TypeNumber, fn: fnAbs},
		{name: "age", min: 1, max: 1, args: []argClass{argDate}, ret: TypeNumber, fn: fnAge},
		{name: "avg", min: 1, max: -1, args: []argClass{argNums}, ret: TypeNumber, fn: fnAggregate},
		{name: "concat", min: 1, max: -1, ret: TypeString, fn: fnConcat},
		{name: "contains", min: 2, max: 2, ret: TypeBool, fn: fnContains},
		{name: "count", min: 1, max: 1, ret: TypeNumber, fn: fnCount},
		{name: "date", min: 1, max: 1, args: []argClass{argDate}, ret: TypeDate, fn: fnDate},
		{name: "datediff", min: 3, max: 3, args: []argClass{argDate, argDate, argText}, ret: TypeNumber, fn: fnDateDiff},
		{name: "iif", min: 3, max: 3, args: []argClass{argCond, argAny, argAny}, ret: TypeAny},
		{name: "isEmpty", min: 1, max: 1, ret: TypeBool, fn: fnIsEmpty},
		{name: "len", min: 1, max: 1, args: []argClass{argText}, ret: TypeNumber, fn: fnLen},
		{name: "lower", min: 1, max: 1, args: []argClass{argText}, ret: TypeString, fn: fnLower},
		{name: "matches", min: 2, max: 2, args: []argClass{argText, argText}, ret: TypeBool, fn: fnMatches},
		{name: "max", min: 1, max: -1, args: []argClass{argNums}, ret: TypeNumber, fn: fnAggregate},
		{name: "min", min: 1, max: -1, args: []argClass{argNums}, ret: TypeNumber, fn: fnAggregate},
		{name: "notEmpty", min: 1, max: 1, ret: TypeBool, fn: fnNotEmpty},
		{name: "now", min: 0, max: 0, ret: TypeDate, fn: fnNow},
		{name: "number", min: 1, max: 1, args: []argClass{argNum}, ret: TypeNumber, fn: fnNumber},
		{name: "round", min: 1, max: 2, args: []argClass{argNum, argNum}, ret: TypeNumber, fn: fnRound},
		{name: "selected", min: 2, max: 2, ret: TypeBool, fn: fnSelected},
		{name: "sum", min: 1, max: -1, args: []argClass{argNums}, ret: TypeNumber, fn: fnAggregate},
		{name: "today", min: 0, max: 0, ret: TypeDate, fn: fnToday},
		{name: "upper", min: 1, max: 1, args: []argClass{argText}, ret: TypeString, fn: fnUpper},
	}
	funcs = make(map[string]*funcDef, len(defs))
	for _, d := range defs {
		funcs[strings.ToLower(d.name)] = d
	}
}

// lookupFunc finds a function by name, ignoring case.
func lookupFunc(name string) *funcDef { return funcs[strings.ToLower(name)] }

// FuncNames returns the names of all functions, for the designer's
// autocompletion and documentation.
func FuncNames() []string {
	names := make([]string, 0, len(funcs))
	for _, d := range funcs {
		names = append(names, d.name)
	}
	slices.Sort(names)
	return names
}

func (ev evaluator) call(c *callNode) (Value, error) {
	if c.fn == nil {
		return Null, errorf(CodeUnknownFunction, c.pos, "unknown function %s()", c.name)
	}
	f := c.fn
	if len(c.args) < f.min || (f.max >= 0 && len(c.args) > f.max) {
		format, args := arityMessage(f, len(c.args))
		return Null, errorf(CodeArity, c.pos, format, args...)
	}
	if f.name == "iif" {
		return ev.iif(c)
	}
	args := make([]Value, len(c.args))
	for i, a := range c.args {
		v, err := ev.eval(a)
		if err != nil {
			return Null, err
		}
		if cl := f.class(i); !cl.accepts(v) {
			return Null, errorf(CodeTypeMismatch, a.position(), "argument %d of %s() must be %s, got a %s", i+1, f.name, classNames[cl], v.kind)
		}
		args[i] = v
	}
	return f.fn(ev, c, args)
}

func arityMessage(f *funcDef, n int) (format string, args []any) {
	switch {
	case f.max < 0:
		return "%s() takes at least %d argument(s), got %d", []any{f.name, f.min, n}
	case f.min == f.max:
		return "%s() takes %d argument(s), got %d", []any{f.name, f.min, n}
	}
	return "%s() takes %d or %d argument(s), got %d", []any{f.name, f.min, f.max, n}
}

// iif evaluates only the branch it returns, so iif({q1} > 0, 10 / {q1}, 0)
// never touches the other branch.
func (ev evaluator) iif(c *callNode) (Value, error) {
	cv, err := ev.eval(c.args[0])
	if err != nil {
		return Null, err
	}
	b, err := condition(cv, c.args[0].position(), "iif()")
	if err != nil {
		return Null, err
	}
	if b {
		return ev.eval(c.args[1])
	}
	return ev.eval(c.args[2])
}

func fnAbs(_ evaluator, _ *callNode, a []Value) (Value, error) {
	f, ok := numberOf(a[0])
	if !ok {
		return Null, nil
	}
	return Number(math.Abs(f)), nil
}

func fnNumber(_ evaluator, _ *callNode, a []Value) (Value, error) {
	f, ok := numberOf(a[0])
	if !ok {
		return Null, nil
	}
	return Number(f), nil
}

// fnRound rounds half away from zero to 0–10 decimal places.
func fnRound(_ evaluator, c *callNode, a []Value) (Value, error) {
	digits := 0.0
	if len(a) == 2 {
		d, ok := numberOf(a[1])
		if !ok || d != math.Trunc(d) || d < 0 || d > 10 {
			return Null, errorf(CodeBadArgument, c.args[1].position(), "round() digits must be a whole number from 0 to 10")
		}
		digits = d
	}
	f, ok := numberOf(a[0])
	if !ok {
		return Null, nil
	}
	p := math.Pow(10, digits)
	if math.IsInf(f*p, 0) {
		return Number(f), nil // so large that it has no decimals to round
	}
	return Number(math.Round(f*p) / p), nil
}

// fnAggregate implements sum, min, max and avg over their arguments, with
// list arguments flattened one level. Empty values and non-numeric text
// are skipped, so unanswered questions simply do not count; sum of
// nothing is 0, the others give Null.
func fnAggregate(_ evaluator, c *callNode, a []Value) (Value, error) {
	var nums []float64
	add := func(v Value, pos Pos) error {
		switch v.kind {
		case KindNumber, KindString:
			if f, ok := numberOf(v); ok {
				nums = append(nums, f)
			}
		case KindNull:
		default:
			return errorf(CodeTypeMismatch, pos, "%s() adds up numbers, got a %s", c.name, v.kind)
		}
		return nil
	}
	for i, v := range a {
		pos := c.args[i].position()
		elems := []Value{v}
		if v.kind == KindList {
			elems = v.list
		}
		for _, e := range elems {
			if err := add(e, pos); err != nil {
				return Null, err
			}
		}
	}
	if len(nums) == 0 {
		if c.name == "sum" {
			return Number(0), nil
		}
		return Null, nil
	}
	acc := nums[0]
	for _, f := range nums[1:] {
		switch c.name {
		case "min":
			acc = math.Min(acc, f)
		case "max":
			acc = math.Max(acc, f)
		default:
			acc += f
		}
	}
	if c.name == "avg" {
		acc /= float64(len(nums))
	}
	return Number(acc), nil
}

// fnCount counts a list's elements; an empty value counts 0 and any other
// single value 1, so count({q1}) works for single and multiple choice.
func fnCount(_ evaluator, _ *callNode, a []Value) (Value, error) {
	switch {
	case a[0].kind == KindList:
		return Number(float64(len(a[0].list))), nil
	case a[0].IsEmpty():
		return Number(0), nil
	}
	return Number(1), nil
}

// fnLen counts Unicode code points, which is what a respondent calls
// characters (a Chinese character counts 1).
func fnLen(_ evaluator, _ *callNode, a []Value) (Value, error) {
	return Number(float64(utf8.RuneCountInString(a[0].str))), nil
}

func fnConcat(_ evaluator, _ *callNode, a []Value) (Value, error) {
	var b strings.Builder
	for _, v := range a {
		b.WriteString(v.Text())
	}
	return String(b.String()), nil
}

func fnLower(_ evaluator, _ *callNode, a []Value) (Value, error) {
	if a[0].kind == KindNull {
		return Null, nil
	}
	return String(strings.ToLower(a[0].str)), nil
}

func fnUpper(_ evaluator, _ *callNode, a []Value) (Value, error) {
	if a[0].kind == KindNull {
		return Null, nil
	}
	return String(strings.ToUpper(a[0].str)), nil
}

func fnContains(_ evaluator, c *callNode, a []Value) (Value, error) {
	return containsOp(a[0], a[1], c.pos, "contains()")
}

// fnSelected is true when the answer is, or includes, the code: it works
// alike for single and multiple choice.
func fnSelected(_ evaluator, _ *callNode, a []Value) (Value, error) {
	return Bool(anyOf(a[0], a[1])), nil
}

func fnIsEmpty(_ evaluator, _ *callNode, a []Value) (Value, error) {
	return Bool(a[0].IsEmpty()), nil
}

func fnNotEmpty(_ evaluator, _ *callNode, a []Value) (Value, error) {
	return Bool(!a[0].IsEmpty()), nil
}

func fnNow(ev evaluator, _ *callNode, _ []Value) (Value, error) {
	return Date(ev.env.Now()), nil
}

func fnToday(ev evaluator, _ *callNode, _ []Value) (Value, error) {
	now := Date(ev.env.Now())
	if now.kind != KindDate {
		return Null, nil
	}
	return startOfDay(now), nil
}

// fnDate converts a date string; text that is not a valid date gives Null
// because it usually comes from an answer, not from the survey author.
func fnDate(_ evaluator, _ *callNode, a []Value) (Value, error) {
	d, _ := toDate(a[0])
	return d, nil
}

func fnAge(ev evaluator, c *callNode, a []Value) (Value, error) {
	today, _ := fnToday(ev, c, nil)
	d, ok := toDate(a[0])
	if !ok || today.kind != KindDate {
		return Null, nil
	}
	return Number(dateDiff(d, today, "year")), nil
}

var dateUnits = map[string]bool{"day": true, "month": true, "year": true}

func fnDateDiff(_ evaluator, c *callNode, a []Value) (Value, error) {
	if a[2].kind != KindString || !dateUnits[a[2].str] {
		return Null, errorf(CodeBadArgument, c.args[2].position(), "datediff() unit must be 'day', 'month' or 'year'")
	}
	x, okX := toDate(a[0])
	y, okY := toDate(a[1])
	if !okX || !okY {
		return Null, nil
	}
	return Number(dateDiff(x, y, a[2].str)), nil
}

// fnMatches checks the pattern before the subject, so a bad pattern is an
// error whether or not the question was answered.
func fnMatches(_ evaluator, c *callNode, a []Value) (Value, error) {
	if a[1].kind != KindString {
		return Null, errorf(CodeBadRegex, c.args[1].position(), "matches() needs a pattern")
	}
	re, msg := compileRegex(a[1].str)
	if re == nil {
		return Null, errorf(CodeBadRegex, c.args[1].position(), "%s", msg)
	}
	if a[0].kind != KindString {
		return Bool(false), nil
	}
	return Bool(re.MatchString(a[0].str)), nil
}

// regexCache keeps compiled patterns: the same few validation patterns are
// matched for every response. It is dropped whole when full, which is
// simpler than LRU and fine for a working set far below the cap.
var regexCache = struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}{m: map[string]*regexp.Regexp{}}

const regexCacheCap = 512

func compileRegex(pattern string) (*regexp.Regexp, string) {
	if len(pattern) > MaxPatternLen {
		return nil, "pattern is longer than " + strconv.Itoa(MaxPatternLen) + " bytes"
	}
	regexCache.Lock()
	re := regexCache.m[pattern]
	regexCache.Unlock()
	if re != nil {
		return re, ""
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, "invalid pattern: " + err.Error()
	}
	regexCache.Lock()
	if len(regexCache.m) >= regexCacheCap {
		regexCache.m = map[string]*regexp.Regexp{}
	}
	regexCache.m[pattern] = re
	regexCache.Unlock()
	return re, ""
}
