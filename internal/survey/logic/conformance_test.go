package logic

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// confDir holds the cases shared with the TypeScript twin.
const confDir = "../../../testdata/logic/expr"

// confCase is one conformance case; docs/logic.md ("Conformance files")
// describes the format.
type confCase struct {
	Name      string          `json:"name"`
	Mode      string          `json:"mode"` // "" or "value", "bool", "template"
	Expr      string          `json:"expr"`
	Env       confEnv         `json:"env"`
	Want      json.RawMessage `json:"want"`
	WantError string          `json:"want_error"`
}

type confEnv struct {
	Answers map[string]Value `json:"answers"`
	Texts   map[string]Value `json:"texts"`
	Others  map[string]Value `json:"others"`
	Params  map[string]Value `json:"params"`
	Contact map[string]Value `json:"contact"`
	Vars    map[string]Value `json:"vars"`
	Today   string           `json:"today"`
	Now     string           `json:"now"`
}

func (c confEnv) mapEnv(t *testing.T) *MapEnv {
	env := &MapEnv{Answers: c.Answers, Texts: c.Texts, Others: c.Others,
		Params: c.Params, Contact: c.Contact, Vars: c.Vars}
	for _, s := range []string{c.Today, c.Now} {
		if s == "" {
			continue
		}
		d, ok := ParseDate(s)
		if !ok {
			t.Fatalf("env: invalid date %q", s)
		}
		env.Time, _ = d.AsDate()
	}
	return env
}

func loadConformance(t *testing.T) map[string][]confCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(confDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance files in %s: %v", confDir, err)
	}
	all := map[string][]confCase{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields() // a misspelt field would silently test nothing
		var cases []confCase
		if err := dec.Decode(&cases); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all[filepath.Base(f)] = cases
	}
	return all
}

func TestConformance(t *testing.T) {
	t.Parallel()
	total := 0
	for file, cases := range loadConformance(t) {
		names := map[string]bool{}
		for _, c := range cases {
			total++
			if names[c.Name] || c.Name == "" {
				t.Errorf("%s: duplicate or empty case name %q", file, c.Name)
			}
			names[c.Name] = true
			t.Run(file+"/"+c.Name, func(t *testing.T) { runConfCase(t, c) })
		}
	}
	if total < 150 {
		t.Errorf("only %d conformance cases; the suite promises at least 150", total)
	}
}

func runConfCase(t *testing.T, c confCase) {
	if (c.WantError == "") == (c.Want == nil) {
		t.Fatalf("case must have exactly one of want and want_error")
	}
	env := c.Env.mapEnv(t)
	var got Value
	var err error
	switch c.Mode {
	case "", "value":
		var e *Expr
		if e, err = Parse(c.Expr); err == nil {
			got, err = Eval(e, env)
		}
	case "bool":
		var e *Expr
		if e, err = Parse(c.Expr); err == nil {
			var b bool
			b, err = EvalBool(e, env)
			got = Bool(b)
		}
	case "template":
		var s string
		s, err = Interpolate(c.Expr, env)
		got = String(s)
	default:
		t.Fatalf("unknown mode %q", c.Mode)
	}
	if c.WantError != "" {
		var le *Error
		if !errors.As(err, &le) {
			t.Fatalf("%q: want error %s, got value %s (err %v)", c.Expr, c.WantError, got, err)
		}
		if le.Code != c.WantError {
			t.Fatalf("%q: want error %s, got %s: %s", c.Expr, c.WantError, le.Code, le.Msg)
		}
		return
	}
	if err != nil {
		t.Fatalf("%q: unexpected error %v", c.Expr, err)
	}
	var want Value
	if err := json.Unmarshal(c.Want, &want); err != nil {
		t.Fatalf("bad want: %v", err)
	}
	if !Identical(got, want) {
		t.Fatalf("%q: got %s, want %s", c.Expr, got, want)
	}
}

// TestConformanceRoundTrip checks every valid conformance expression
// against the printer: the canonical form must parse and evaluate alike.
func TestConformanceRoundTrip(t *testing.T) {
	t.Parallel()
	for file, cases := range loadConformance(t) {
		for _, c := range cases {
			if c.Mode == "template" {
				continue
			}
			e, err := Parse(c.Expr)
			if err != nil {
				continue
			}
			e2, perr := parse(e.String(), 4*MaxSourceLen)
			if perr != nil {
				t.Errorf("%s/%s: printed form %q does not parse: %v", file, c.Name, e.String(), perr)
				continue
			}
			env := c.Env.mapEnv(t)
			v1, err1 := Eval(e, env)
			v2, err2 := Eval(e2, env)
			if !Identical(v1, v2) || (err1 == nil) != (err2 == nil) {
				t.Errorf("%s/%s: %q and its printed form %q evaluate differently", file, c.Name, c.Expr, e.String())
			}
		}
	}
}
