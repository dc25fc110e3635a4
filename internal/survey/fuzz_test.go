package survey

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzCase is the part of a conformance case the fuzzers seed from.
type fuzzCase struct {
	Definition json.RawMessage `json:"definition"`
	Steps      []struct {
		Answers     map[string]json.RawMessage `json:"answers"`
		Params      map[string]string          `json:"params"`
		CurrentPage string                     `json:"current_page"`
		Seed        string                     `json:"seed"`
	} `json:"steps"`
}

// loadCases reads the conformance cases (surveytest runs them; the
// fuzzers only take their definitions and steps as seeds).
func loadCases(f *testing.F) [][]fuzzCase {
	files, err := filepath.Glob("../../testdata/logic/*.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no conformance files: %v", err)
	}
	var out [][]fuzzCase
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var cs []fuzzCase
		if err := json.Unmarshal(b, &cs); err != nil {
			f.Fatalf("%s: %v", file, err)
		}
		out = append(out, cs)
	}
	return out
}

// seedDefinitions returns every conformance definition, the fuzzers' seeds.
func seedDefinitions(f *testing.F) []json.RawMessage {
	var out []json.RawMessage
	for _, cases := range loadCases(f) {
		for _, c := range cases {
			out = append(out, c.Definition)
		}
	}
	return out
}

// FuzzParseDefinition feeds arbitrary bytes to Parse and Check: they must
// never panic, and what Parse accepts must survive a JSON round trip.
func FuzzParseDefinition(f *testing.F) {
	for _, d := range seedDefinitions(f) {
		f.Add([]byte(d))
	}
	f.Add([]byte(`{"format_version":1,"title":"t","pages":[{"id":"p","questions":[{"id":"q","type":"single","options":[{"code":"A","children":[{"code":"B"}]}]}]}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		def, err := Parse(data)
		if err != nil {
			return
		}
		_ = Check(def, CheckOptions{MaxSeconds: 60})
		out, err := json.Marshal(def)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := Parse(out); err != nil {
			t.Fatalf("round trip refused: %v\n%s", err, out)
		}
	})
}

// FuzzEvaluate evaluates arbitrary answers, parameters and current pages
// against the conformance definitions: Evaluate must never panic and must
// be deterministic.
func FuzzEvaluate(f *testing.F) {
	defs := seedDefinitions(f)
	var parsed []*Definition
	for _, d := range defs {
		def, err := Parse(d)
		if err != nil {
			f.Fatal(err)
		}
		parsed = append(parsed, def)
	}
	for _, cases := range loadCases(f) {
		for _, c := range cases {
			for _, s := range c.Steps {
				a, _ := json.Marshal(s.Answers)
				p, _ := json.Marshal(s.Params)
				f.Add(uint16(0), a, p, s.CurrentPage, s.Seed)
			}
		}
	}
	f.Add(uint16(3), []byte(`{"q1":{"value":[1,{"x":[]}],"other":7},"m":{"r1":{"c1":["x"]}}}`), []byte(`{"x":"1e999"}`), "p2", "s")
	f.Fuzz(func(t *testing.T, which uint16, answers, params []byte, page, seed string) {
		def := parsed[int(which)%len(parsed)]
		var in Input
		_ = json.Unmarshal(answers, &in.Answers)
		_ = json.Unmarshal(params, &in.Params)
		in.CurrentPage, in.Seed = page, seed
		in.Now = time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC)
		a := evaluate(def, in) // no recover: a panic fails the fuzzer
		b := evaluate(def, in)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Fatalf("not deterministic:\n%s\n%s", ja, jb)
		}
	})
}
