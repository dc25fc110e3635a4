// Package surveytest runs the definition-level conformance suite
// (testdata/logic/*.json) against any evaluator: the engine directly, or the
// HTTP evaluate endpoint, so both are held to the same cases.
package surveytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/logic"
)

// confDir holds the definition-level conformance cases shared with the
// TypeScript twin; docs/survey-format.md ("Conformance files") describes
// the format.
// Dir returns the conformance folder relative to a test in a package
// depth levels below the repository root.
func Dir(depth int) string { return strings.Repeat("../", depth) + "testdata/logic" }

type confCase struct {
	Name       string          `json:"name"`
	Definition json.RawMessage `json:"definition"`
	Steps      []confStep      `json:"steps"`
}

type confStep struct {
	Answers     map[string]json.RawMessage `json:"answers"`
	Params      map[string]string          `json:"params"`
	Contact     map[string]logic.Value     `json:"contact"`
	CurrentPage string                     `json:"current_page"`
	Now         string                     `json:"now"`
	Seed        string                     `json:"seed"`
	Locale      string                     `json:"locale"`
	Expect      confExpect                 `json:"expect"`
}

type confExpect struct {
	VisiblePages     []string                   `json:"visible_pages"`
	VisibleQuestions []string                   `json:"visible_questions"`
	PageQuestions    map[string][]string        `json:"page_questions"`
	VisibleOptions   map[string][]string        `json:"visible_options"`
	VisibleRows      map[string][]string        `json:"visible_rows"`
	VisibleColumns   map[string][]string        `json:"visible_columns"`
	Texts            map[string]*string         `json:"texts"`
	Values           map[string]json.RawMessage `json:"values"`
	Answers          map[string]json.RawMessage `json:"answers"`
	NextPage         optString                  `json:"next_page"`
	PrevPage         optString                  `json:"prev_page"`
	Errors           map[string]string          `json:"errors"`
	Complete         *bool                      `json:"complete"`
	Outcome          optString                  `json:"outcome"`
	Ending           optString                  `json:"ending"`
}

// UnmarshalJSON refuses a stated null where null cannot mean anything (a
// list, map or bool expectation would silently test nothing); only the
// optString fields take null, as "". Unknown fields stay refused.
func (e *confExpect) UnmarshalJSON(b []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	for k, v := range fields {
		if string(bytes.TrimSpace(v)) == "null" && !nullableExpect[k] {
			return fmt.Errorf("expect.%s: null is not an expectation (leave the field out)", k)
		}
	}
	type plain confExpect
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode((*plain)(e))
}

var nullableExpect = map[string]bool{"next_page": true, "prev_page": true, "outcome": true, "ending": true}

// optString is an expectation that may be absent (not compared), null or a
// string (null ≡ ""). A pointer field would make an explicit null look
// absent — encoding/json sets a pointer to nil for null without calling
// UnmarshalJSON — so presence is recorded here instead.
type optString struct {
	set  bool
	want string
}

func (o *optString) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	o.set = true
	if s != nil {
		o.want = *s
	}
	return nil
}

func loadCases(tb testing.TB, confDir string) map[string][]confCase {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(confDir, "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no conformance files in %s: %v", confDir, err)
	}
	all := map[string][]confCase{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields() // a misspelt field would silently test nothing
		var cases []confCase
		if err := dec.Decode(&cases); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		all[filepath.Base(f)] = cases
	}
	return all
}

// Eval evaluates one step of a case: parse the definition (an error fails
// the case) and run the engine on the input.
type Eval func(def json.RawMessage, in survey.Input) (*survey.Result, error)

// Run runs every case in dir with eval and fails t on any difference. It
// also fails when the suite holds fewer than 200 cases.
func Run(t *testing.T, dir string, eval Eval) {
	total := 0
	for file, cases := range loadCases(t, dir) {
		names := map[string]bool{}
		for _, c := range cases {
			if names[c.Name] {
				t.Errorf("%s: duplicate case name %q", file, c.Name)
			}
			names[c.Name] = true
			total++
			t.Run(strings.TrimSuffix(file, ".json")+"/"+c.Name, func(t *testing.T) {
				runCase(t, c, eval)
			})
		}
	}
	t.Logf("%d conformance cases", total)
	if total < 200 {
		t.Errorf("only %d conformance cases; the suite promises at least 200", total)
	}
}

func runCase(t *testing.T, c confCase, eval Eval) {
	if len(c.Steps) == 0 {
		t.Fatal("no steps")
	}
	for i, s := range c.Steps {
		in := survey.Input{Answers: s.Answers, Params: s.Params, CurrentPage: s.CurrentPage, Seed: s.Seed, Contact: map[string]any{}}
		for k, v := range s.Contact {
			in.Contact[k] = v
		}
		if s.Now != "" {
			d, ok := logic.ParseDate(s.Now)
			if !ok {
				t.Fatalf("step %d: bad now %q", i, s.Now)
			}
			in.Now, _ = d.AsDate()
		}
		res, err := eval(c.Definition, in)
		if err != nil {
			t.Fatalf("step %d: %v %+v", i, err, cem.AsError(err).Fields)
		}
		locale := s.Locale
		if locale == "" {
			locale = defaultLocale(c.Definition)
		}
		for _, msg := range compareStep(res, s.Expect, locale) {
			t.Errorf("step %d: %s", i, msg)
		}
		if t.Failed() {
			b, _ := json.MarshalIndent(res, "", " ")
			t.Logf("result of step %d:\n%s", i, b)
			return
		}
	}
}

func compareStep(res *survey.Result, e confExpect, locale string) []string {
	var bad []string
	check := func(what string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			bad = append(bad, fmt.Sprintf("%s = %v, want %v", what, got, want))
		}
	}
	if e.VisiblePages != nil {
		check("visible_pages", res.VisiblePages, e.VisiblePages)
	}
	if e.VisibleQuestions != nil {
		check("visible_questions", res.VisibleQuestions, e.VisibleQuestions)
	}
	lists := func(what string, got, want map[string][]string) {
		for k, w := range want {
			g := got[k]
			if len(g) == 0 && len(w) == 0 {
				continue
			}
			check(what+"["+k+"]", g, w)
		}
	}
	lists("page_questions", res.PageQuestions, e.PageQuestions)
	lists("visible_options", res.VisibleOptions, e.VisibleOptions)
	lists("visible_rows", res.VisibleRows, e.VisibleRows)
	lists("visible_columns", res.VisibleColumns, e.VisibleColumns)
	for k, w := range e.Texts {
		g, ok := res.Texts[k]
		switch {
		case w == nil && ok:
			bad = append(bad, fmt.Sprintf("texts[%s] = %q, want none", k, g[locale]))
		case w != nil && (!ok || g[locale] != *w):
			bad = append(bad, fmt.Sprintf("texts[%s] = %q, want %q", k, g[locale], *w))
		}
	}
	for k, raw := range e.Values {
		var w logic.Value
		if err := json.Unmarshal(raw, &w); err != nil {
			bad = append(bad, fmt.Sprintf("values[%s]: bad expectation %s", k, raw))
			continue
		}
		if g := res.Values[k]; !logic.Identical(g, w) {
			bad = append(bad, fmt.Sprintf("values[%s] = %s, want %s", k, g, w))
		}
	}
	if e.Answers != nil {
		if g, w := canonJSON(res.Answers), canonJSON(e.Answers); g != w {
			bad = append(bad, fmt.Sprintf("answers = %s, want %s", g, w))
		}
	}
	str := func(what, got string, want optString) {
		if want.set && got != want.want {
			bad = append(bad, fmt.Sprintf("%s = %q, want %q", what, got, want.want))
		}
	}
	str("next_page", res.NextPage, e.NextPage)
	str("prev_page", res.PrevPage, e.PrevPage)
	str("outcome", res.Outcome, e.Outcome)
	str("ending", res.Ending, e.Ending)
	if e.Errors != nil {
		got := map[string]string{}
		for q, ae := range res.Errors {
			got[q] = ae.Code
		}
		check("errors", got, e.Errors)
	}
	if e.Complete != nil {
		check("complete", res.Complete, *e.Complete)
	}
	return bad
}

// canonJSON re-encodes a map of JSON values with sorted keys.
func canonJSON(m map[string]json.RawMessage) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		var v any
		dec := json.NewDecoder(bytes.NewReader(m[k]))
		dec.UseNumber()
		_ = dec.Decode(&v)
		out, _ := json.Marshal(v)
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:%s", k, out)
	}
	b.WriteString("}")
	return b.String()
}

// defaultLocale reads a definition's default_locale (zh-CN when absent).
func defaultLocale(def json.RawMessage) string {
	var d struct {
		DefaultLocale string `json:"default_locale"`
	}
	_ = json.Unmarshal(def, &d)
	if d.DefaultLocale == "" {
		return survey.DefaultLocale
	}
	return d.DefaultLocale
}
