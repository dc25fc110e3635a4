// Command gen prints random cases of the logic language, evaluated by the
// Go implementation, for the differential test of the TypeScript twin
// (web/respondent/src/logic/test/differential.test.ts). It is test
// support only: nothing in the product imports or ships it.
//
//	go run ./internal/survey/logic/internal/gen -seed 7 -n 3000
//
// prints {"seed":7,"n":3000,"cases":[…]} where each case has the format of
// testdata/logic/expr (docs/logic.md §13): mode, expr, env and either want
// or want_error, as the Go evaluator decided. The same seed always gives
// the same cases; -focus narrows them to one sort (regex, template, bool,
// limits or mutated) for a closer look. With -unicode it prints Go's simple case mappings and
// case-folding orbits instead, which the twin's fold tables are checked
// against.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/opencem/opencem/internal/survey/logic"
)

// genCase is one case in the conformance-file format.
type genCase struct {
	Name      string       `json:"name"`
	Mode      string       `json:"mode"`
	Expr      string       `json:"expr"`
	Env       envJSON      `json:"env"`
	Want      *logic.Value `json:"want,omitempty"`
	WantError string       `json:"want_error,omitempty"`
}

// envJSON is the env object of a case.
type envJSON struct {
	Answers map[string]logic.Value `json:"answers,omitempty"`
	Texts   map[string]logic.Value `json:"texts,omitempty"`
	Others  map[string]logic.Value `json:"others,omitempty"`
	Params  map[string]logic.Value `json:"params,omitempty"`
	Contact map[string]logic.Value `json:"contact,omitempty"`
	Vars    map[string]logic.Value `json:"vars,omitempty"`
	Today   string                 `json:"today,omitempty"`
	Now     string                 `json:"now,omitempty"`
}

func main() {
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same cases")
	n := flag.Int("n", 1000, "number of cases")
	uni := flag.Bool("unicode", false, "print Go's case mappings and fold orbits instead of cases")
	focus := flag.String("focus", "", "generate only one sort of case: regex, template, bool, limits or mutated")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if *uni {
		if err := enc.Encode(unicodeTables()); err != nil {
			fail(err)
		}
		return
	}
	g := &gen{r: rand.New(rand.NewPCG(*seed, 0x5eed)), focus: *focus}
	cases := make([]genCase, *n)
	for i := range cases {
		cases[i] = g.newCase(i)
	}
	out := struct {
		Seed  uint64    `json:"seed"`
		N     int       `json:"n"`
		Cases []genCase `json:"cases"`
	}{*seed, *n, cases}
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

// newCase generates case i: an environment, a mode and a source, then lets
// the Go evaluator decide the outcome.
func (g *gen) newCase(i int) genCase {
	env, mapEnv := g.env()
	c := genCase{Name: fmt.Sprintf("#%d", i), Env: env}
	p := g.r.IntN(100)
	switch g.focus {
	case "regex":
		p = 30
	case "template":
		p = 0
	case "bool":
		p = 20
	}
	switch {
	case p < 12:
		c.Mode, c.Expr = "template", g.template()
	case p < 27:
		c.Mode, c.Expr = "bool", g.source(kBool)
	case p < 37:
		c.Mode, c.Expr = "value", g.matches(1).src
	default:
		c.Mode, c.Expr = "value", g.source(g.kind())
	}
	if g.focus == "limits" {
		c.Expr = g.limitCase()
	}
	if g.r.IntN(100) < 12 || g.focus == "mutated" {
		c.Expr = g.mutate(c.Expr)
	}
	evaluate(&c, mapEnv)
	return c
}

// evaluate runs the Go implementation on c and records what it gave.
func evaluate(c *genCase, env *logic.MapEnv) {
	defer func() {
		if r := recover(); r != nil {
			fail(fmt.Errorf("Go evaluator panicked on %s %q: %v", c.Mode, c.Expr, r))
		}
	}()
	var v logic.Value
	var err error
	switch c.Mode {
	case "template":
		var s string
		s, err = logic.Interpolate(c.Expr, env)
		v = logic.String(s)
	default:
		var e *logic.Expr
		if e, err = logic.Parse(c.Expr); err != nil {
			break
		}
		if c.Mode == "bool" {
			var b bool
			b, err = logic.EvalBool(e, env)
			v = logic.Bool(b)
		} else {
			v, err = logic.Eval(e, env)
		}
	}
	if err != nil {
		var le *logic.Error
		if !errors.As(err, &le) {
			fail(fmt.Errorf("%q: error without a code: %v", c.Expr, err))
		}
		c.WantError = le.Code
		return
	}
	c.Want = &v
}
