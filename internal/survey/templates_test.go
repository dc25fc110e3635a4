package survey

import (
	"encoding/json"
	"testing"
)

func TestTemplatesParseAndCoverBothLocales(t *testing.T) {
	want := []string{"nps", "csat", "ces", "product_feedback", "store_visit"}
	got := Templates()
	if len(got) != len(want) {
		t.Fatalf("%d templates, want %d", len(got), len(want))
	}
	for i, tpl := range got {
		if tpl.ID != want[i] {
			t.Errorf("template %d is %s, want %s", i, tpl.ID, want[i])
		}
		def, err := Parse(tpl.Definition())
		if err != nil {
			t.Fatalf("%s: %v", tpl.ID, err)
		}
		rep := Check(def, CheckOptions{MaxSeconds: 600})
		if len(rep.Errors)+len(rep.Warnings) > 0 {
			t.Errorf("%s: check: %+v %+v", tpl.ID, rep.Errors, rep.Warnings)
		}
		for _, loc := range []string{"zh-CN", "en"} {
			if tpl.Title[loc] == "" {
				t.Errorf("%s: no %s title", tpl.ID, loc)
			}
		}
	}
}

// The NPS template asks detractors what went wrong and promoters what they like.
func TestNPSTemplateLogic(t *testing.T) {
	tpl, _ := templateByID("nps")
	def := MustParse(tpl.Definition())
	for _, tc := range []struct {
		score int
		shown string
	}{{3, "why_low"}, {7, "why_mid"}, {10, "why_high"}} {
		res := Evaluate(def, Input{Answers: map[string]json.RawMessage{"nps": json.RawMessage(itoa(tc.score))}})
		found := false
		for _, q := range res.VisibleQuestions {
			found = found || q == tc.shown
		}
		if !found {
			t.Errorf("score %d: %s not visible in %v", tc.score, tc.shown, res.VisibleQuestions)
		}
	}
}

func TestBlankDefinitionParses(t *testing.T) {
	if _, _, err := Load(blankDefinition("空白问卷", ""), CheckOptions{}); err != nil {
		t.Fatal(err)
	}
}

// Regression: more best picks than tasks once panicked in finish.
func TestMaxDiffLongAnswerDoesNotPanic(t *testing.T) {
	def := MustParse([]byte(`{"format_version":1,"title":"t","pages":[{"id":"p","questions":[{"id":"m","type":"maxdiff","title":"M","items_per_task":2,"tasks":1,
		"options":[{"code":"a","label":"A"},{"code":"b","label":"B"},{"code":"c","label":"C"}]}]}]}`))
	res := evaluate(def, Input{Answers: map[string]json.RawMessage{"m": json.RawMessage(`{"tasks":[["a","b"]],"best":["a","b"]}`)}})
	if res.Errors["m"].Code != "invalid" {
		t.Fatalf("errors: %+v", res.Errors)
	}
}

func TestValidateSettingsFields(t *testing.T) {
	st := DefaultSettings()
	st.Dedupe.IPLimit = -1
	st.Theme.Logo = "javascript:alert(1)"
	names := map[string]bool{}
	for _, f := range ValidateSettings(nil, st) {
		names[f.Name] = true
	}
	if !names["dedupe.ip_limit"] || !names["theme.logo"] {
		t.Fatalf("problems: %v", names)
	}
	st = DefaultSettings()
	st.Theme.Logo = "/static/logo.png"
	if f := ValidateSettings(nil, st); len(f) != 0 {
		t.Fatalf("valid settings refused: %v", f)
	}
	// One answer per openid or contact must be declared in the notice (6.1f).
	st = DefaultSettings()
	st.Dedupe.OpenID, st.Dedupe.Contact = true, true
	names = map[string]bool{}
	for _, f := range ValidateSettings(nil, st) {
		names[f.Name] = true
	}
	if !names["dedupe.openid"] || !names["dedupe.contact"] {
		t.Fatalf("undeclared dedupe keys accepted: %v", names)
	}
	st.Privacy.Collects = append(st.Privacy.Collects, CollectOpenID, CollectContact)
	st.Privacy.Purpose = Text{"zh-CN": "防止重复作答"}
	if f := ValidateSettings(nil, st); len(f) != 0 {
		t.Fatalf("declared dedupe keys refused: %v", f)
	}
}
