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
	// Sized for one fact per value; numbers share one backing array
	// instead of one allocation each.
	out := make([]Fact, 0, len(res.Values)+2)
	var nums []float64
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
				if len(nums) == cap(nums) {
					// A full array stays where the facts point into it.
					nums = make([]float64, 0, max(8, len(res.Values)))
				}
				nums = append(nums, n)
				f.Num = &nums[len(nums)-1]
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
		if b := bytes.TrimLeft(raw, " \t\r\n"); len(b) == 0 || b[0] != '{' || !mayHoldOther(b) {
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

// mayHoldOther reports whether an object could have a member that
// json.Unmarshal takes for the field "other": its key matches ASCII case-
// insensitively (no other rune folds to o, t, h, e or r), or is escaped.
// Most answers have none, and are not decoded.
func mayHoldOther(b []byte) bool {
	if bytes.IndexByte(b, '\\') >= 0 {
		return true
	}
	for i := 0; i+5 <= len(b); i++ {
		if b[i]|0x20 == 'o' && b[i+1]|0x20 == 't' && b[i+2]|0x20 == 'h' && b[i+3]|0x20 == 'e' && b[i+4]|0x20 == 'r' {
			return true
		}
	}
	return false
}
