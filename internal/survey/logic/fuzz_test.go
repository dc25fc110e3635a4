package logic

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// addSeeds feeds the fuzzers every conformance expression plus a few
// shapes the conformance files do not stress.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(confDir, "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var cases []struct {
			Expr string `json:"expr"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			f.Fatal(err)
		}
		for _, c := range cases {
			f.Add(c.Expr)
		}
	}
	for _, s := range []string{"", "{", "}", "{{", "'\\u0041'", "- - -{q1}", "not not !{a}", "[[[]]]",
		"iif(", "contains(contains({a},'b'),1)", "1 % -0", "{$var.x}.", "f(,)", "1 <> <> 2"} {
		f.Add(s)
	}
}

// stripPos returns a copy of the tree with every position zeroed, so that
// trees parsed from differently formatted sources can be compared.
func stripPos(n node) node {
	switch n := n.(type) {
	case *litNode:
		return &litNode{val: n.val}
	case *refNode:
		return &refNode{ref: n.ref}
	case *listNode:
		return &listNode{elems: stripAll(n.elems)}
	case *unaryNode:
		return &unaryNode{op: n.op, x: stripPos(n.x)}
	case *binaryNode:
		return &binaryNode{op: n.op, l: stripPos(n.l), r: stripPos(n.r)}
	case *callNode:
		return &callNode{name: n.name, fn: n.fn, args: stripAll(n.args)}
	}
	return n
}

func stripAll(ns []node) []node {
	if ns == nil {
		return nil
	}
	out := make([]node, len(ns))
	for i, n := range ns {
		out[i] = stripPos(n)
	}
	return out
}

// FuzzParse: Parse never panics, and whatever parses prints to a canonical
// form that parses back to the same tree and prints identically.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || le.Code == "" || le.Msg == "" || le.Pos.Line < 1 || le.Pos.Col < 1 {
				t.Fatalf("Parse(%q): malformed error %#v", src, err)
			}
			return
		}
		printed := e.String()
		// The canonical form may be longer than the source (spaces, escapes),
		// so the length limit is relaxed; nesting never grows.
		e2, perr := parse(printed, 8*MaxSourceLen)
		if perr != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", src, printed, perr)
		}
		if !reflect.DeepEqual(stripPos(e.root), stripPos(e2.root)) {
			t.Fatalf("Parse(%q) printed %q, which parses to a different tree (%q)", src, printed, e2.String())
		}
		if again := e2.String(); again != printed {
			t.Fatalf("printing is not stable: %q then %q", printed, again)
		}
	})
}

// fuzzEnv has a value of every kind under the names the seeds use.
func fuzzEnv() *MapEnv {
	return &MapEnv{
		Answers: map[string]Value{
			"q1": String("A"), "q2": Strings("A", "B"), "q3": String("hello 123"), "nps": Number(9),
			"qd": mustDate("2024-02-29"), "q5.r1": String("good"), "r1": Number(4), "a": Bool(true),
			"big": Number(1e300), "neg": Number(-7.5), "empty": String(""), "nested": List(Strings("x"), Null),
		},
		Texts:   map[string]Value{"q1": String("Price"), "q2": Strings("Price", "Service")},
		Others:  map[string]Value{"q1": String("other text")},
		Params:  map[string]Value{"ch": String("wechat"), "n": String("41"), "age": String("30")},
		Contact: map[string]Value{"city": String("Hangzhou"), "birthday": String("1990-02-01")},
		Vars:    map[string]Value{"score": Number(3), "vip": Bool(false)},
		Time:    time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC),
	}
}

// FuzzEval: checking and evaluating any parsable input never panics, and the
// canonical form evaluates to the same value or fails with the same code.
func FuzzEval(f *testing.F) {
	addSeeds(f)
	env := fuzzEnv()
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			return
		}
		Check(e, surveyTypes)
		CheckCondition(e, nil)
		e.Refs()
		v, err := Eval(e, env)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || le.Code == "" {
				t.Fatalf("Eval(%q): malformed error %#v", src, err)
			}
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("Eval(%q) = %s, which does not encode: %v", src, v, err)
		}
		EvalBool(e, env)
		e2, perr := parse(e.String(), 8*MaxSourceLen)
		if perr != nil {
			t.Fatalf("printed form of %q does not parse: %v", src, perr)
		}
		v2, err2 := Eval(e2, env)
		if !Identical(v, v2) || errCode(err) != errCode(err2) {
			t.Fatalf("%q = %s (%v) but its printed form %q = %s (%v)", src, v, err, e.String(), v2, err2)
		}
	})
}

func errCode(err error) string {
	var le *Error
	if errors.As(err, &le) {
		return le.Code
	}
	return ""
}

// FuzzTemplate: ParseTemplate never panics and its canonical form renders
// the same text.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"You chose {q1.text}.", "{{q1}} }", "{q2.text}{$param.ch}}}", "{", "a{b"} {
		f.Add(s)
	}
	env := fuzzEnv()
	f.Fuzz(func(t *testing.T, text string) {
		tmpl, err := ParseTemplate(text)
		if err != nil {
			return
		}
		out := tmpl.Render(env)
		again, err := ParseTemplate(tmpl.String())
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", tmpl.String(), text, err)
		}
		if again.Render(env) != out || again.String() != tmpl.String() {
			t.Fatalf("canonical form of %q renders differently", text)
		}
	})
}
