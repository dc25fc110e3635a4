package response

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/logic"
)

// textTypes are question types whose string values are free text, not codes.
var textTypes = map[string]bool{survey.TypeText: true, survey.TypeBlanks: true}

// factsOf turns the evaluated values of a response into typed facts for
// analytics: one row per answered value; a list gives one row per element
// (multiple choice, ranking, city levels), matrix rows and blanks give
// their item. Hidden questions have no values, so they have no facts.
func factsOf(def *survey.Definition, res *survey.Result) []Fact {
	types := derive(def).types
	var out []Fact
	for key, v := range res.Values {
		if key == "" || key[0] == '$' {
			continue
		}
		q, item, _ := strings.Cut(key, ".")
		t, ok := types[q]
		if !ok {
			continue
		}
		add := func(v logic.Value) {
			f := Fact{QuestionID: q, Item: item}
			if n, ok := v.AsNumber(); ok {
				f.Num = &n
			} else if s, ok := v.AsString(); ok && textTypes[t] {
				f.Text = truncate(s, 2000)
			} else if !v.IsEmpty() {
				f.Code = truncate(v.Text(), 200)
			} else {
				return
			}
			out = append(out, f)
		}
		if list, ok := v.AsList(); ok {
			for _, e := range list {
				add(e)
			}
			continue
		}
		add(v)
	}
	// "Other, please specify" texts live in the cleaned answers, not in the
	// values: keep them as text facts so they can be searched and mined.
	for q, raw := range res.Answers {
		if b := bytes.TrimLeft(raw, " \t\r\n"); len(b) == 0 || b[0] != '{' {
			continue // only an object can hold one; the rest would not decode
		}
		var o struct {
			Other string `json:"other"`
		}
		if json.Unmarshal(raw, &o) == nil && strings.TrimSpace(o.Other) != "" {
			out = append(out, Fact{QuestionID: q, Item: "other", Text: truncate(o.Other, 2000)})
		}
	}
	return out
}
