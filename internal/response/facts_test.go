package response

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/survey"
)

func TestFactsOf(t *testing.T) {
	def := survey.MustParse([]byte(`{"format_version":1,"title":"t","pages":[{"id":"p","questions":[
		{"id":"s","type":"single","title":"S","options":[{"code":"A","label":"A"},{"code":"O","label":"其他","other":true}]},
		{"id":"m","type":"multiple","title":"M","options":[{"code":"x","label":"X"},{"code":"y","label":"Y"}]},
		{"id":"r","type":"rating","points":5,"title":"R"},
		{"id":"t","type":"text","title":"T"}]}]}`))
	res := survey.Evaluate(def, survey.Input{Answers: map[string]json.RawMessage{
		"s": json.RawMessage(`{"value":"O","other":"包装破损"}`), "m": json.RawMessage(`["x","y"]`), "r": json.RawMessage(`4`), "t": json.RawMessage(`"很好"`)}})
	got := map[string]int{}
	var other, text string
	var num float64
	for _, f := range factsOf(def, res) {
		got[f.QuestionID]++
		switch {
		case f.Item == "other":
			other = f.Text
		case f.QuestionID == "t":
			text = f.Text
		case f.QuestionID == "r" && f.Num != nil:
			num = *f.Num
		}
	}
	if got["m"] != 2 || other != "包装破损" || text != "很好" || num != 4 || got["s"] != 2 {
		t.Fatalf("facts: %v other=%q text=%q num=%v", got, other, text, num)
	}
}

func TestQualityHeuristics(t *testing.T) {
	for s, want := range map[string]bool{"asdfghjklqwrt": true, "aaaaaaa": true, "店员很热情，下次还来": false, "great service today": false, "ok": false} {
		if looksLikeMash(s) != want {
			t.Errorf("looksLikeMash(%q) = %v", s, !want)
		}
	}
	if anonymise("203.0.113.77") != "203.0.113.0" || anonymise("2001:db8:1:2::5") != "2001:db8:1::" {
		t.Fatalf("anonymise: %s %s", anonymise("203.0.113.77"), anonymise("2001:db8:1:2::5"))
	}
	if score([]string{FlagHoneypot}) != 0 || score([]string{FlagTooFast}) != 50 || score(nil) != 100 {
		t.Fatal("score")
	}
}

// TestQuotaConditions: quota conditions see answers (and matrix rows),
// evaluated hidden fields before raw URL parameters, variables, and
// nothing else (issue #5 item 6, 6.3.2e).
func TestQuotaConditions(t *testing.T) {
	def := survey.MustParse([]byte(`{"format_version":1,"title":"t","params":[{"id":"store","type":"number"}],"pages":[{"id":"p","questions":[
		{"id":"g","type":"single","title":"G","options":[{"code":"f","label":"女"},{"code":"m","label":"男"}]},
		{"id":"grid","type":"matrix","title":"M","rows":[{"id":"r1","label":"R"}],"columns":[{"code":"a","label":"A"},{"code":"b","label":"B"}]}]}]}`))
	res := survey.Evaluate(def, survey.Input{Answers: map[string]json.RawMessage{"g": json.RawMessage(`"f"`), "grid": json.RawMessage(`{"r1":"b"}`)},
		Params: map[string]string{"store": "7", "ch": "wechat"}})
	env := newQuotaEnv(res, map[string]string{"store": "7", "ch": "wechat"}, time.Now())
	for cond, want := range map[string]bool{
		"{g} = 'f'": true, "{g} = 'm'": false, "{grid.r1} = 'b'": true, "{$param.ch} = 'wechat'": true,
		"{$param.store} = 7": true, "{$param.none} = '7'": false, "{g.text} = '女'": false, "{$contact.city} = '7'": false, "{$param.store} = 8": false,
	} {
		sv := &survey.Survey{Settings: survey.Settings{Quotas: []survey.Quota{{ID: "q", Condition: cond}}}}
		if got := len(matchingQuotas(sv, "", env)) == 1; got != want {
			t.Errorf("%s: matched %v", cond, got)
		}
	}
}
