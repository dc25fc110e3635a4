// Command gen prints random responses to the conformance definitions,
// evaluated by the Go engine, for the differential test of the TypeScript
// twin (web/respondent/src/engine/test/differential.test.ts). It is test
// support only: nothing in the product imports or ships it.
//
//	go run ./internal/survey/surveytest/gen -seed 7 -n 3000
//
// prints {"seed":7,"n":3000,"definitions":[…],"cases":[…]}. Definitions are
// every definition of testdata/logic/*.json plus variants (required
// toggled, shuffles and pins added) that Parse accepts, each as written
// ("raw") and as Go re-encodes the parsed definition ("canonical"). Each
// case names a definition, the form the twin reads, an input (answers —
// valid and invalid, of every type —, params, contact, current page, now,
// seed) and the Result Go's survey.Evaluate gives. The same seed always
// gives the same output.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/logic"
)

// defJSON is one definition in both forms.
type defJSON struct {
	Name      string          `json:"name"`
	Raw       json.RawMessage `json:"raw"`
	Canonical json.RawMessage `json:"canonical"`
}

// inputJSON is a survey.Input the twin can read: contact values and now
// in the logic JSON encoding.
type inputJSON struct {
	Answers     map[string]json.RawMessage `json:"answers,omitempty"`
	Params      map[string]string          `json:"params,omitempty"`
	Contact     map[string]logic.Value     `json:"contact,omitempty"`
	CurrentPage string                     `json:"current_page,omitempty"`
	Now         string                     `json:"now,omitempty"`
	Seed        string                     `json:"seed,omitempty"`
}

type genCase struct {
	Def       int            `json:"def"`
	Canonical bool           `json:"canonical"`
	Input     inputJSON      `json:"input"`
	Result    *survey.Result `json:"result"`
	// Panicked is set when Go's Evaluate recovered from a panic (a Go bug):
	// its result is then not the one the format specifies.
	Panicked bool `json:"panicked,omitempty"`
}

// source is a parsed definition with the conformance steps written for it.
type source struct {
	def   *survey.Definition
	steps []map[string]json.RawMessage
}

func main() {
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same output")
	n := flag.Int("n", 1000, "number of cases")
	dir := flag.String("dir", "testdata/logic", "folder of the conformance files")
	flag.Parse()
	r := rand.New(rand.NewPCG(*seed, 0x5eed))
	defs, srcs, err := load(*dir, r)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	cases := make([]genCase, *n)
	for i := range cases {
		k := r.IntN(len(srcs))
		g := &gen{r: r, def: srcs[k].def}
		in := g.input(srcs[k].steps)
		c := genCase{Def: k, Canonical: r.IntN(2) == 0, Input: in}
		c.Result, c.Panicked = evaluate(srcs[k].def, in)
		cases[i] = c
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	out := struct {
		Seed        uint64    `json:"seed"`
		N           int       `json:"n"`
		Definitions []defJSON `json:"definitions"`
		Cases       []genCase `json:"cases"`
	}{*seed, *n, defs, cases}
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// evaluate runs the engine as the server does.
func evaluate(def *survey.Definition, in inputJSON) (*survey.Result, bool) {
	si := survey.Input{Answers: in.Answers, Params: in.Params, CurrentPage: in.CurrentPage, Seed: in.Seed, Contact: map[string]any{}}
	for k, v := range in.Contact {
		si.Contact[k] = v
	}
	if in.Now != "" {
		d, _ := logic.ParseDate(in.Now)
		si.Now, _ = d.AsDate()
	}
	res := survey.Evaluate(def, si)
	panicked := len(res.RuleErrors) == 1 && res.RuleErrors[0].Name == "" && res.VisiblePages == nil
	return res, panicked
}

// load reads every definition of the conformance files, adds variants and
// parses them all.
func load(dir string, r *rand.Rand) ([]defJSON, []source, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("no conformance files in %s", dir)
	}
	sort.Strings(files)
	var defs []defJSON
	var srcs []source
	add := func(name string, raw json.RawMessage, steps []map[string]json.RawMessage) bool {
		d, err := survey.Parse(raw)
		if err != nil {
			return false
		}
		canon, err := json.Marshal(d)
		if err != nil {
			return false
		}
		defs = append(defs, defJSON{Name: name, Raw: raw, Canonical: canon})
		srcs = append(srcs, source{def: d, steps: steps})
		return true
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		var cases []struct {
			Name       string                       `json:"name"`
			Definition json.RawMessage              `json:"definition"`
			Steps      []map[string]json.RawMessage `json:"steps"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, c := range cases {
			name := filepath.Base(f) + ": " + c.Name
			if !add(name, c.Definition, c.Steps) {
				return nil, nil, fmt.Errorf("%s does not parse", name)
			}
			for v := 0; v < 2; v++ {
				if raw, ok := variant(c.Definition, r); ok {
					add(fmt.Sprintf("%s (variant %d)", name, v), raw, c.Steps)
				}
			}
		}
	}
	return defs, srcs, nil
}
