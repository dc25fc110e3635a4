package response

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/opencem/opencem/internal/survey"
)

// The quality checks read answers without decoding them when they can
// (issue #5 item 10); these are the plain versions they must agree with.

func looksLikeMashPlain(s string) bool {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) < 6 {
		return false
	}
	distinct := map[rune]bool{}
	letters, vowels := 0, 0
	for _, c := range r {
		distinct[unicode.ToLower(c)] = true
		if c < unicode.MaxASCII && unicode.IsLetter(c) {
			letters++
			if strings.ContainsRune("aeiouyAEIOUY", c) {
				vowels++
			}
		}
	}
	if len(distinct) <= 2 {
		return true
	}
	return letters >= 8 && letters == len(r) && vowels*10 < letters
}

func textMashPlain(raw []byte) bool {
	var s string
	return json.Unmarshal(raw, &s) == nil && looksLikeMashPlain(s)
}

func matrixSameRowsPlain(raw []byte) bool {
	var rows map[string]json.RawMessage
	if json.Unmarshal(raw, &rows) != nil || len(rows) < 4 {
		return false
	}
	first, same := "", true
	for _, v := range rows {
		if s := string(v); first == "" {
			first = s
		} else if s != first {
			same = false
			break
		}
	}
	return same
}

func otherTextPlain(raw []byte) string {
	var o struct {
		Other string `json:"other"`
	}
	if json.Unmarshal(raw, &o) != nil || strings.TrimSpace(o.Other) == "" {
		return ""
	}
	return o.Other
}

var qualityDef = survey.MustParse([]byte(`{"format_version":1,"title":"t","pages":[{"id":"p","questions":[
	{"id":"t","type":"text","title":"T"},
	{"id":"g","type":"matrix","title":"G","rows":[{"id":"r1","label":"1"}],"columns":[{"code":"a","label":"A"}]}]}]}`))

var qualitySeeds = []string{
	`"asdfghjklqwrt"`, `"aaaaaaa"`, `"店员很热情，下次还来"`, `"great service today"`, `"ok"`, `"  zzzzzz  "`, `"ababab"`, `"AbAbAb"`,
	`"bcdfghjk"`, `"bcdfghjkl mn"`, `"\u0061aaaaa"`, `"a\tb\tc"`, "\"\xff\xff\xff\xff\xff\xff\"", "\"\xffa\xffa\xffa\"", `"ꙮꙮꙮꙮꙮꙮ"`,
	` "qwrtpsdf" `, `5`, `null`, `"x`, `"`, `""`, "\"a\x01aaaaa\"", `"ǅǆǄǅǆǄ"`, `"İiİiİi"`,
	`{"r1":"a","r2":"a","r3":"a","r4":"a"}`, `{"r1":"a","r2":"a","r3":"a","r4":"b"}`, `{"r1":"a","r1":"a","r3":"a","r4":"a"}`,
	`{"r1":"a:b:c:d"}`, `{"r1":["a"],"r2":["a"],"r3":["a"],"r4":["a"]}`, `{"r1": "a","r2":"a" ,"r3":"a","r4":"a"}`, `{"a":1,"b":1,"c":1,"d":1,}`,
	`{"value":"O","other":"包装破损"}`, `{"value":"O","OTHER":" x "}`, `{"value":"O","\u006fther":"y"}`, `{"other":5}`, `{"Other":"z","other":"w"}`,
	`{"value":"O","othe":"x"}`, `{"note":"other"}`, ` {"other":"a"}`,
}

// FuzzQualityChecks: gibberish, straight-lining and the other-text facts
// agree with decoding every answer.
func FuzzQualityChecks(f *testing.F) {
	for _, s := range qualitySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		answers := map[string]json.RawMessage{"t": raw, "g": raw}
		if got, want := gibberish(qualityDef, answers), textMashPlain(raw); got != want {
			t.Fatalf("gibberish(%q) = %v, want %v", raw, got, want)
		}
		if got, want := straightLined(qualityDef, answers), matrixSameRowsPlain(raw); got != want {
			t.Fatalf("straightLined(%q) = %v, want %v", raw, got, want)
		}
		got := ""
		for _, fact := range factsOf(qualityDef, &survey.Result{Answers: map[string]json.RawMessage{"s": raw}}) {
			got = fact.Text
		}
		if want := otherTextPlain(raw); got != truncate(want, 2000) {
			t.Fatalf("other text of %q = %q, want %q", raw, got, want)
		}
	})
}

func FuzzLooksLikeMash(f *testing.F) {
	for _, s := range qualitySeeds {
		f.Add(strings.Trim(s, `"`))
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := looksLikeMash(s), looksLikeMashPlain(s); got != want {
			t.Fatalf("looksLikeMash(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestFactsOfBenchResponse: the load test's response gives one fact per
// value and list element (a matrix's value lists its answered rows), each
// number its own.
func TestFactsOfBenchResponse(t *testing.T) {
	def, res := benchResult(t)
	var got []string
	for _, f := range factsOf(def, res) {
		s := f.QuestionID + "." + f.Item + "=" + f.Code + f.Text
		if f.Num != nil {
			s += fmt.Sprint(*f.Num)
		}
		got = append(got, s)
	}
	slices.Sort(got)
	want := []string{"clean.=4", "comment.=很好", "fav.=a", "gender.=f", "grid.=r1", "grid.=r2", "grid.r1=g", "grid.r2=b", "items.=a", "items.=b", "nps.=9", "staff.=5", "visit.=buy"}
	if !slices.Equal(got, want) {
		t.Fatalf("facts\n got %v\nwant %v", got, want)
	}
}
