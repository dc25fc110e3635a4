package logic

import (
	"errors"
	"fmt"
	"strconv"
	"testing"
)

// sprintArgs rebuilds a message from its template and MessageArgs strings,
// as a translating client does: %d parsed back to integers, %c to runes.
func sprintArgs(t *testing.T, format string, args []string) string {
	t.Helper()
	verbs := Verbs(format)
	if len(verbs) != len(args) {
		t.Fatalf("%d args for the %d verbs of %q", len(args), len(verbs), format)
	}
	vs := make([]any, len(args))
	for i, a := range args {
		switch verbs[i] {
		case 'd':
			n, err := strconv.Atoi(a)
			if err != nil {
				t.Fatalf("%q: arg %q of %%d", format, a)
			}
			vs[i] = n
		case 'c':
			vs[i] = []rune(a)[0]
		default:
			vs[i] = a
		}
	}
	return fmt.Sprintf(format, vs...)
}

func TestMessageArgs(t *testing.T) {
	t.Parallel()
	got := MessageArgs("%q %d%% %c %s %5.2f", "a\"b", 42, '\'', Ref{Name: "q1"}, 1.5)
	want := []string{"a\"b", "42", "'", "{q1}", "1.5"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("MessageArgs = %q, want %q", got, want)
	}
	if v := string(Verbs("%% %-3d %.1f %q")); v != "dfq" {
		t.Fatalf("Verbs = %q", v)
	}
}

// TestMessageTemplates: the Msg of every error and diagnostic the
// conformance expressions produce is fmt.Sprintf(Format, Args...) (issue #6:
// the admin app translates Format).
func TestMessageTemplates(t *testing.T) {
	t.Parallel()
	types := TypeMap{"q1": TypeCode, "q2": TypeCodes, "n": TypeNumber, "s": TypeString, "l": TypeList}
	seen := 0
	check := func(name, msg, format string, args []string) {
		t.Helper()
		seen++
		if format == "" {
			t.Errorf("%s: %q has no template", name, msg)
			return
		}
		if got := sprintArgs(t, format, args); got != msg {
			t.Errorf("%s: Sprintf(%q, %q) = %q, Msg %q", name, format, args, got, msg)
		}
	}
	for _, cases := range loadConformance(t) {
		for _, c := range cases {
			if c.Mode == "template" {
				tp, err := ParseTemplate(c.Expr)
				var le *Error
				if errors.As(err, &le) {
					check(c.Name, le.Msg, le.Format, le.Args)
					continue
				}
				for _, d := range CheckTemplate(tp, types) {
					check(c.Name, d.Msg, d.Format, d.Args)
				}
				continue
			}
			e, err := Parse(c.Expr)
			var le *Error
			if errors.As(err, &le) {
				check(c.Name, le.Msg, le.Format, le.Args)
				continue
			}
			for _, d := range CheckCondition(e, types) {
				check(c.Name, d.Msg, d.Format, d.Args)
			}
			if _, err := Eval(e, c.Env.mapEnv(t)); errors.As(err, &le) {
				check(c.Name, le.Msg, le.Format, le.Args)
			}
		}
	}
	if seen < 50 {
		t.Fatalf("only %d messages checked", seen)
	}
}

// FuzzMessageArgs: any format with any arguments gives one string per
// argument and never panics; for the verbs the engine uses the strings
// rebuild the message.
func FuzzMessageArgs(f *testing.F) {
	f.Add("id %q is already used at %s", "p1", 3)
	f.Add("%d%% of %c", "x", -1)
	f.Add("%", "", 0)
	f.Fuzz(func(t *testing.T, format, s string, n int) {
		args := MessageArgs(format, s, n)
		if len(args) != 2 {
			t.Fatalf("MessageArgs(%q) = %q", format, args)
		}
		if string(Verbs(format)) == "sd" {
			if got, want := sprintArgs(t, format, args), fmt.Sprintf(format, s, n); got != want {
				t.Fatalf("%q: %q != %q", format, got, want)
			}
		}
	})
}
