package app

import (
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/config"
)

const jumpLoopDraft = `{"format_version":1,"title":"循环","pages":[
 {"id":"p1","questions":[{"id":"q1","type":"single","title":"Q1","options":[{"code":"A","label":"A"},{"code":"B","label":"B"}]}]},
 {"id":"p2","questions":[{"id":"q2","type":"text","title":"Q2 {q9}"}],"jumps":[{"to":"page","target":"p1"}]}]}`

const okDraft = `{"format_version":1,"title":"满意度","pages":[
 {"id":"p1","questions":[{"id":"q1","type":"single","title":"Q1","required":true,"options":[{"code":"A","label":"好"},{"code":"B","label":"差","jump":{"to":"end"}}]}]},
 {"id":"p2","questions":[{"id":"q2","type":"text","title":"为什么选{q1.text}？","required":true}]}]}`

func TestSurveyLifecycle(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)

		// Templates and blank surveys.
		tpls := adm.do("GET", "/api/v1/survey-templates", "", nil)
		for _, id := range []string{"nps", "csat", "ces", "product_feedback", "store_visit"} {
			if !strings.Contains(tpls.Body, `"id":"`+id+`"`) {
				t.Fatalf("template %s missing: %s", id, tpls.Body)
			}
		}
		d := mustOK(t, adm.do("POST", "/api/v1/surveys", `{"template":"nps","title":"门店NPS"}`, nil), 201)
		if d["title"] != "门店NPS" || d["status"] != "draft" || len(d["check"].(map[string]any)["errors"].([]any)) != 0 {
			t.Fatalf("from template: %v", d)
		}
		if r := adm.do("POST", "/api/v1/surveys", `{}`, nil); r.Status != 400 || !strings.Contains(r.Body, `"name":"title"`) {
			t.Fatalf("blank without title: %d %s", r.Status, r.Body)
		}
		if r := adm.do("POST", "/api/v1/surveys", `{"template":"nope"}`, nil); errCode(r) != "survey_template_not_found" {
			t.Fatalf("unknown template: %s", r.Body)
		}
		d = mustOK(t, adm.do("POST", "/api/v1/surveys", `{"title":"空白问卷"}`, nil), 201)
		id := d["id"].(string)
		rev := int(d["draft_rev"].(float64))

		// A draft that does not fit the schema is refused with paths.
		r := adm.do("PUT", "/api/v1/surveys/"+id+"/draft", `{"definition":{"format_version":1,"title":"x","pages":[{"id":"p1","questions":[{"id":"q1","type":"nonsense"}]}]}}`, nil)
		if r.Status != 400 || errCode(r) != "validation_failed" || !strings.Contains(r.Body, "pages[0].questions[0]") {
			t.Fatalf("schema-invalid draft: %d %s", r.Status, r.Body)
		}
		// Static problems are saved and reported, and block publishing.
		d = mustOK(t, adm.do("PUT", "/api/v1/surveys/"+id+"/draft", toJSON(map[string]any{"definition": rawJSON(jumpLoopDraft), "base_rev": rev}), nil), 200)
		errs := d["check"].(map[string]any)["errors"].([]any)
		if len(errs) == 0 {
			t.Fatalf("jump loop and unknown reference not reported: %v", d["check"])
		}
		r = adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{"note":"v1"}`, nil)
		if r.Status != 400 || errCode(r) != "validation_failed" || !strings.Contains(r.Body, `"name":"pages[1]`) {
			t.Fatalf("publish with errors: %d %s", r.Status, r.Body)
		}
		// Someone else's stale revision is refused.
		if r := adm.do("PUT", "/api/v1/surveys/"+id+"/draft", toJSON(map[string]any{"definition": rawJSON(okDraft), "base_rev": rev}), nil); errCode(r) != "survey_edit_conflict" {
			t.Fatalf("stale save: %d %s", r.Status, r.Body)
		}
		d = mustOK(t, adm.do("PUT", "/api/v1/surveys/"+id+"/draft", toJSON(map[string]any{"definition": rawJSON(okDraft), "base_rev": rev + 1}), nil), 200)
		if len(d["check"].(map[string]any)["errors"].([]any)) != 0 || d["title"] != "满意度" {
			t.Fatalf("fixed draft: %v", d)
		}
		pub := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{"note":"第一版"}`, nil), 200)
		if pub["version"].(map[string]any)["version"].(float64) != 1 || pub["survey"].(map[string]any)["status"] != "published" {
			t.Fatalf("publish: %v", pub)
		}
		if r := adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{}`, nil); errCode(r) != "survey_unchanged" {
			t.Fatalf("republish unchanged: %s", r.Body)
		}
		// A new draft does not change version 1.
		mustOK(t, adm.do("PUT", "/api/v1/surveys/"+id+"/draft", toJSON(map[string]any{"definition": rawJSON(strings.Replace(okDraft, "满意度", "满意度二", 1))}), nil), 200)
		mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{"note":"第二版"}`, nil), 200)
		v1 := mustOK(t, adm.do("GET", "/api/v1/surveys/"+id+"/versions/1", "", nil), 200)
		if !strings.Contains(toJSON(v1["definition"]), `"满意度"`) || v1["note"] != "第一版" {
			t.Fatalf("version 1 changed: %v", v1)
		}
		vs := adm.do("GET", "/api/v1/surveys/"+id+"/versions", "", nil)
		if len(vs.JSON["data"].([]any)) != 2 {
			t.Fatalf("versions: %s", vs.Body)
		}
		d = mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/versions/1/restore", "", nil), 200)
		if d["title"] != "满意度" || d["draft_changed"] != true {
			t.Fatalf("restore: %v", d)
		}

		// Evaluate a stored version: option-level jump, piping.
		ev := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/evaluate", `{"version":1,"answers":{"q1":"A"},"current_page":"p1"}`, nil), 200)
		if ev["next_page"] != "p2" || ev["texts"].(map[string]any)["q2"] == nil || !strings.Contains(toJSON(ev["texts"]), "为什么选好？") {
			t.Fatalf("evaluate A: %v", ev)
		}
		ev = mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/evaluate", `{"version":1,"answers":{"q1":"B"},"current_page":"p1"}`, nil), 200)
		if ev["next_page"] != "" || ev["complete"] != true {
			t.Fatalf("evaluate B (jump to end): %v", ev)
		}
		ev = mustOK(t, adm.do("POST", "/api/v1/surveys/evaluate", toJSON(map[string]any{"definition": rawJSON(okDraft), "answers": map[string]any{}}), nil), 200)
		if ev["complete"] != false || !strings.Contains(toJSON(ev["errors"]), "required") {
			t.Fatalf("evaluate unsaved: %v", ev)
		}
		if r := adm.do("POST", "/api/v1/surveys/evaluate", toJSON(map[string]any{"definition": rawJSON(jumpLoopDraft)}), nil); errCode(r) != "validation_failed" {
			t.Fatalf("evaluate invalid definition: %s", r.Body)
		}

		// Close, reopen, duplicate, delete.
		if r := adm.do("POST", "/api/v1/surveys/"+id+"/reopen", "", nil); errCode(r) != "survey_state" {
			t.Fatalf("reopen an open survey: %s", r.Body)
		}
		mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/close", "", nil), 200)
		mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/reopen", "", nil), 200)
		dup := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/duplicate", "", nil), 201)
		if dup["id"] == id || dup["status"] != "draft" || dup["code"] == d["code"] {
			t.Fatalf("duplicate: %v", dup)
		}
		mustOK(t, adm.do("DELETE", "/api/v1/surveys/"+id, "", nil), 204)
		if r := adm.do("GET", "/api/v1/surveys/"+id, "", nil); errCode(r) != "survey_not_found" {
			t.Fatalf("deleted survey still readable: %s", r.Body)
		}
		list := adm.do("GET", "/api/v1/surveys?q=满意", "", nil)
		if strings.Contains(list.Body, id) || !strings.Contains(list.Body, dup["id"].(string)) {
			t.Fatalf("list after delete: %s", list.Body)
		}
		if r := adm.do("GET", "/api/v1/audit-events?action=survey.publish", "", nil); strings.Count(r.Body, `"survey.publish"`) != 2 {
			t.Fatalf("publishing not audited: %.300s", r.Body)
		}
		// The schema is public.
		if r := newClient(t, srv).do("GET", "/api/v1/schemas/survey.json", "", nil); r.Status != 200 || !strings.Contains(r.Body, "2020-12") {
			t.Fatalf("schema: %d %.200s", r.Status, r.Body)
		}
	})
}

// The length warning follows the configured limit.
func TestSurveyLengthLimitIsConfigurable(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.SurveyMaxSeconds = 5
	srv := StartTest(t, cfg)
	adm := admin(t, srv)
	d := mustOK(t, adm.do("POST", "/api/v1/surveys", `{"template":"store_visit"}`, nil), 201)
	if !strings.Contains(toJSON(d["check"]), "long_survey") {
		t.Fatalf("no long-survey warning at a 5-second limit: %v", d["check"])
	}
}
