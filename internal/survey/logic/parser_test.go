package logic

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParsePrintsCanonicalForm(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"1+2*3", "1 + 2 * 3"},
		{"(1+2)*3", "(1 + 2) * 3"},
		{"1-(2-3)", "1 - (2 - 3)"},
		{"(1-2)-3", "1 - 2 - 3"},
		{"a_b(1)", "a_b(1)"},
		{"{q1}=='A' && {q2}<>'B' || !{q3}", "{q1} = 'A' and {q2} != 'B' or not {q3}"},
		{"NOT {q1} = 1", "not {q1} = 1"},
		{"(not {a}) = true", "(not {a}) = true"},
		{"not (true or false)", "not (true or false)"},
		{"- -1", "--1"},
		{"-(1+2)", "-(1 + 2)"},
		{"(-1)*2", "-1 * 2"},
		{"\"it's\"", `'it\'s'`},
		{"'a\\nb'", `'a\nb'`},
		{"isempty({q1})", "isEmpty({q1})"},
		{"DateDiff({a}, today(), 'day')", "datediff({a}, today(), 'day')"},
		{"unknownFn( 1 ,2 )", "unknownFn(1, 2)"},
		{"contains({q2}, 'A')", "contains({q2}, 'A')"},
		{"{q2} CONTAINS 'A'", "{q2} contains 'A'"},
		{"[ ]", "[]"},
		{"[1,[2,'x'],null]", "[1, [2, 'x'], null]"},
		{"1.50", "1.5"},
		{"{q5.r1.text} in [{$param.x}]", "{q5.r1.text} in [{$param.x}]"},
		{"({a} = 1) = ({b} = 2)", "({a} = 1) = ({b} = 2)"},
		{"1 + (2 = 2)", "1 + (2 = 2)"},
		{"true and (false and true)", "true and (false and true)"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.src, got, tt.want)
		}
		if e.Source() != tt.src {
			t.Errorf("Source() = %q", e.Source())
		}
	}
}

func TestParseErrorPositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src       string
		code      string
		line, col int
		msg       string // fragment of the message
	}{
		{"1 +", CodeSyntax, 1, 4, "expected a value"},
		{"{q1} = 'A' and\n  {q2} = ", CodeSyntax, 2, 10, "end of expression"},
		{"'满意' = 'x", CodeSyntax, 1, 8, "unterminated string"},
		{"q1 = 1", CodeSyntax, 1, 1, "references are written in braces"},
		{"{q1 } = 1", CodeSyntax, 1, 4, "in reference"},
		{"{$foo.x}", CodeSyntax, 1, 1, "unknown scope"},
		{"{q1.text.x}", CodeSyntax, 1, 1, "too many parts"},
		{"{text}", CodeSyntax, 1, 1, "reserved"},
		{"1 < 2 < 3", CodeSyntax, 1, 7, "cannot be chained"},
		{"true & false", CodeSyntax, 1, 6, "use and"},
		{"max(1 2)", CodeSyntax, 1, 7, "expected , or )"},
		{"1 = not 2", CodeSyntax, 1, 5, "parentheses"},
		{"'a\\x'", CodeSyntax, 1, 3, "invalid escape"},
		{"1.x", CodeSyntax, 1, 1, "malformed number"},
		{"\xff", CodeSyntax, 1, 1, "UTF-8"},
		{"a\n\xff", CodeSyntax, 2, 1, "UTF-8"},
		{strings.Repeat("(", 65) + "1" + strings.Repeat(")", 65), CodeTooDeep, 1, 65, "deeper"},
		{strings.Repeat("not ", 65) + "true", CodeTooDeep, 1, 257, "deeper"},
		{strings.Repeat(" ", MaxSourceLen+1), CodeTooLong, 1, 1, "limit"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		var le *Error
		if !errors.As(err, &le) {
			t.Errorf("Parse(%q): want *Error, got %v", tt.src, err)
			continue
		}
		if le.Code != tt.code || le.Pos.Line != tt.line || le.Pos.Col != tt.col || !strings.Contains(le.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %s %d:%d %q; want %s %d:%d containing %q",
				abbreviate(tt.src), le.Code, le.Pos.Line, le.Pos.Col, le.Msg, tt.code, tt.line, tt.col, tt.msg)
		}
	}
}

func TestRefs(t *testing.T) {
	t.Parallel()
	e := MustParse("{q1} = 'A' and count({q2}) > 1 or {q1.text} = 'x' or {q1} in [{$param.ch}, {$var.s}, {q5.r1}, {$contact.c}, {q3.other}]")
	want := []Ref{
		{Name: "q1"},
		{Name: "q2"},
		{Name: "q1", Attr: AttrText},
		{Scope: ScopeParam, Name: "ch"},
		{Scope: ScopeVar, Name: "s"},
		{Name: "q5", Item: "r1"},
		{Scope: ScopeContact, Name: "c"},
		{Name: "q3", Attr: AttrOther},
	}
	if got := e.Refs(); !reflect.DeepEqual(got, want) {
		t.Errorf("Refs() = %v, want %v", got, want)
	}
	if got := e.Funcs(); !reflect.DeepEqual(got, []string{"count"}) {
		t.Errorf("Funcs() = %v", got)
	}
}

func TestParseRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src string
		ref Ref
		key string
	}{
		{"{q1}", Ref{Name: "q1"}, "q1"},
		{"{q1.text}", Ref{Name: "q1", Attr: AttrText}, "q1.text"},
		{"{q1.other}", Ref{Name: "q1", Attr: AttrOther}, "q1.other"},
		{"{q5.r1}", Ref{Name: "q5", Item: "r1"}, "q5.r1"},
		{"{q5.r1.text}", Ref{Name: "q5", Item: "r1", Attr: AttrText}, "q5.r1.text"},
		{"{$param.utm_source}", Ref{Scope: ScopeParam, Name: "utm_source"}, "$param.utm_source"},
		{"{$contact.city}", Ref{Scope: ScopeContact, Name: "city"}, "$contact.city"},
		{"{$var.score}", Ref{Scope: ScopeVar, Name: "score"}, "$var.score"},
	}
	for _, tt := range tests {
		r, err := ParseRef(tt.src)
		if err != nil || r != tt.ref || r.Key() != tt.key || r.String() != tt.src {
			t.Errorf("ParseRef(%q) = %+v, %v (key %q)", tt.src, r, err, r.Key())
		}
	}
	for _, bad := range []string{"q1", "{q1", "{}", "{q1.}", "{$param}", "{$param.a.b}", "{$param.$x}", "{q$1}",
		"{q1.r1.r2}", "{other}", "{q1.text.text}", "{" + strings.Repeat("x", MaxSegmentLen+1) + "}", "{q 1}"} {
		if _, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) accepted", bad)
		}
	}
}

func TestMustParsePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustParse did not panic on a bad expression")
		}
	}()
	MustParse("1 +")
}
