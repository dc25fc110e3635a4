package logic

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestValueConstructors(t *testing.T) {
	t.Parallel()
	if Number(math.NaN()).Kind() != KindNull || Number(math.Inf(1)).Kind() != KindNull {
		t.Error("non-finite numbers must become Null")
	}
	if f, _ := Number(math.Copysign(0, -1)).AsNumber(); math.Signbit(f) {
		t.Error("-0 must become 0")
	}
	if Date(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)).Kind() != KindNull {
		t.Error("year 10000 must become Null")
	}
	// A date keeps the wall clock of its own location, without zone.
	sh := time.FixedZone("CST", 8*3600)
	d := Date(time.Date(2026, 1, 31, 23, 30, 15, 999, sh))
	if got := d.Text(); got != "2026-01-31T23:30:15" {
		t.Errorf("Date text = %q", got)
	}
	l := []Value{String("a")}
	lv := List(l...)
	l[0] = String("b")
	if got, _ := lv.AsList(); got[0].str != "a" {
		t.Error("List must copy its elements")
	}
	if s, ok := String("x").AsString(); !ok || s != "x" {
		t.Error("AsString")
	}
	if b, ok := Bool(true).AsBool(); !ok || !b {
		t.Error("AsBool")
	}
	if _, ok := Null.AsDate(); ok {
		t.Error("AsDate on Null")
	}
}

func TestValueTextAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v          Value
		text, expr string
	}{
		{Null, "", "null"},
		{Number(1e21), "1000000000000000000000", "1000000000000000000000"},
		{Number(-0.5), "-0.5", "-0.5"},
		{String("it's"), "it's", `'it\'s'`},
		{Bool(false), "false", "false"},
		{Strings("A", "B"), "A, B", "['A', 'B']"},
		{List(Number(1), List(), Null), "1, , ", "[1, [], null]"},
		{mustDate("2024-02-29"), "2024-02-29", "date('2024-02-29')"},
	}
	for _, tt := range tests {
		if got := tt.v.Text(); got != tt.text {
			t.Errorf("Text(%s) = %q, want %q", tt.expr, got, tt.text)
		}
		if got := tt.v.String(); got != tt.expr {
			t.Errorf("String() = %q, want %q", got, tt.expr)
		}
		// The literal form evaluates back to the value.
		if tt.v.kind != KindNumber || tt.v.num >= 0 {
			got, err := Eval(MustParse(tt.expr), nil)
			if err != nil || !Identical(got, tt.v) {
				t.Errorf("Eval(%s) = %s, %v", tt.expr, got, err)
			}
		}
	}
}

func mustDate(s string) Value {
	d, ok := ParseDate(s)
	if !ok {
		panic("bad date " + s)
	}
	return d
}

func TestValueJSON(t *testing.T) {
	t.Parallel()
	v := List(Null, Number(2.5), String("é\""), Bool(true), mustDate("2024-01-31"),
		mustDate("2024-01-31T08:00:01"), List())
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[null,2.5,"é\"",true,{"date":"2024-01-31"},{"date":"2024-01-31T08:00:01"},[]]`
	if string(data) != want {
		t.Errorf("Marshal = %s", data)
	}
	var back Value
	if err := json.Unmarshal(data, &back); err != nil || !Identical(back, v) {
		t.Errorf("Unmarshal = %s, %v", back, err)
	}
	for _, bad := range []string{`{"x":1}`, `{"date":"2024-02-30"}`, `{"date":1}`, `1e400`, `[1,`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
}

func TestIdentical(t *testing.T) {
	t.Parallel()
	if Identical(Number(1), String("1")) || Identical(Strings("a", "b"), Strings("b", "a")) ||
		Identical(Strings("a"), Strings("a", "a")) || !Identical(Strings("a"), Strings("a")) {
		t.Error("Identical must compare kind, content and order without coercion")
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	good := []string{"0001-01-01", "9999-12-31T23:59:59", "2024-02-29", "2024-02-29 00:00", "2024-02-29T12:00"}
	bad := []string{"", "2024-2-29", "2023-02-29", "2024-04-31", "2024-00-10", "2024-01-00", "0000-01-01",
		"2024-01-01T", "2024-01-01T24:00", "2024-01-01T10:60", "2024-01-01T10:00:60", "2024-01-01X10:00",
		"2024/01/01", "20240101", "2024-01-01T10:00:0a", " 2024-01-01", "2024-01-01Z"}
	for _, s := range good {
		if _, ok := ParseDate(s); !ok {
			t.Errorf("ParseDate(%q) rejected", s)
		}
	}
	for _, s := range bad {
		if _, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
}

func TestEvalUsesEnvTimeZone(t *testing.T) {
	t.Parallel()
	// 2026-01-31 20:00 UTC is already 1 February in Shanghai: today() follows
	// the wall clock of the location the Env chose.
	sh := time.FixedZone("CST", 8*3600)
	env := &MapEnv{Time: time.Date(2026, 1, 31, 20, 0, 0, 0, time.UTC).In(sh)}
	got, err := Eval(MustParse("today()"), env)
	if err != nil || got.Text() != "2026-02-01" {
		t.Errorf("today() = %s, %v", got, err)
	}
}

func TestEvalNilInputs(t *testing.T) {
	t.Parallel()
	if _, err := Eval(nil, nil); err == nil {
		t.Error("Eval(nil) must fail")
	}
	if _, err := Eval(&Expr{}, nil); err == nil {
		t.Error("Eval of a zero Expr must fail")
	}
	v, err := Eval(MustParse("{q1} = null and today() = date('0001-01-01')"), nil)
	if err != nil || !Identical(v, Bool(true)) {
		t.Errorf("nil env: %s, %v", v, err)
	}
	var empty MapEnv
	if b, err := EvalBool(MustParse("isEmpty({q5.r1.text}) and isEmpty({$contact.x})"), &empty); err != nil || !b {
		t.Errorf("empty MapEnv: %v, %v", b, err)
	}
}

func TestEvalErrorsCarryPosition(t *testing.T) {
	t.Parallel()
	_, err := Eval(MustParse("1 +\n  count({q1}, 2)"), nil)
	var le *Error
	if !errors.As(err, &le) || le.Code != CodeArity || le.Pos.Line != 2 || le.Pos.Col != 3 {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(le.Error(), "2:3") || !strings.Contains(le.Error(), "count() takes 1") {
		t.Errorf("Error() = %q", le.Error())
	}
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	src := "{{x}} {q1.text} }} } {q1.text}{$param.ch}"
	tmpl, err := ParseTemplate(src)
	if err != nil {
		t.Fatal(err)
	}
	env := &MapEnv{Texts: map[string]Value{"q1": String("Price")}, Params: map[string]Value{"ch": String("qr")}}
	if got := tmpl.Render(env); got != "{x} Price } } Priceqr" {
		t.Errorf("Render = %q", got)
	}
	if got := tmpl.Render(nil); got != "{x}  } } " {
		t.Errorf("Render(nil) = %q", got)
	}
	if got := len(tmpl.Refs()); got != 2 {
		t.Errorf("Refs = %v", tmpl.Refs())
	}
	if tmpl.Source() != src {
		t.Error("Source")
	}
	printed := tmpl.String()
	if printed != "{{x}} {q1.text} }} }} {q1.text}{$param.ch}" {
		t.Errorf("String() = %q", printed)
	}
	again, err := ParseTemplate(printed)
	if err != nil || again.Render(env) != tmpl.Render(env) {
		t.Errorf("re-parse: %v", err)
	}
	for _, bad := range []string{"{", "a {b c}", "{q1.text.x}", "\xff", strings.Repeat("a", MaxTemplateLen+1)} {
		if _, err := ParseTemplate(bad); err == nil {
			t.Errorf("ParseTemplate(%q) accepted", abbreviate(bad))
		}
	}
}

func TestFuncNames(t *testing.T) {
	t.Parallel()
	names := FuncNames()
	if len(names) != len(funcs) || names[0] != "abs" {
		t.Errorf("FuncNames = %v", names)
	}
	for _, n := range names {
		if lookupFunc(strings.ToUpper(n)) == nil {
			t.Errorf("lookup of %s ignores case", n)
		}
	}
}

func TestRegexCacheBounded(t *testing.T) {
	t.Parallel()
	for i := range regexCacheCap + 10 {
		if re, msg := compileRegex("x{" + strings.Repeat("1", 1+i%3) + "}" + string(rune('a'+i%26)) + strings.Repeat("b", i/26)); re == nil {
			t.Fatal(msg)
		}
	}
	regexCache.Lock()
	n := len(regexCache.m)
	regexCache.Unlock()
	if n > regexCacheCap {
		t.Errorf("cache holds %d patterns", n)
	}
}

// TestConcurrentEval runs one parsed expression from many goroutines; with
// -race it proves Expr and the regex cache are safe to share.
func TestConcurrentEval(t *testing.T) {
	t.Parallel()
	e := MustParse("matches({q3}, '^[a-z]+$') and {q2} anyof ['A'] and age('2000-01-01') > 20")
	env := &MapEnv{Answers: map[string]Value{"q3": String("abc"), "q2": Strings("A")},
		Time: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if b, err := EvalBool(e, env); err != nil || !b {
					t.Errorf("EvalBool = %v, %v", b, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
