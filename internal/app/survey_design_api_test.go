package app

import (
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/config"
)

// pastedSurvey is a plain-text questionnaire as a 问卷星 user pastes it.
const pastedSurvey = `门店满意度调查

1. 您的性别 [单选题]
A. 男
B. 女

2. 您喜欢哪些菜品？（多选）
A. 鱼香肉丝
B. 宫保鸡丁
C. 都不喜欢 [互斥]

3. 各方面评价 [矩阵单选题]
环境
口味
---
满意
不满意

4. 其他建议 [简答题]（选填）
这一行会被忽略`

// jumpDraft: q1 option B screens out, every other answer jumps over p2;
// ending "never" is never reached.
const jumpDraft = `{"format_version":1,"title":"逻辑测试","pages":[
 {"id":"p1","questions":[{"id":"q1","type":"single","required":true,"title":"Q1",
   "options":[{"code":"A","label":"A"},{"code":"B","label":"B","jump":{"to":"screen_out"}}],
   "jumps":[{"to":"page","target":"p3"}]}]},
 {"id":"p2","questions":[{"id":"q2","type":"text","title":"Q2"}]},
 {"id":"p3","questions":[{"id":"q3","type":"rating","required":true,"title":"Q3"}]}],
 "endings":[{"id":"thanks"},{"id":"never"}]}`

// TestSurveyDesignOps: plain-text import and the logic test through the
// HTTP API, on SQLite and PostgreSQL (issue #6 items 1 and 5, clause
// 6.3.1a, 6.3.1c–d).
func TestSurveyDesignOps(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)

		// Import: the parsed definition creates a survey with the expected
		// questions; ignored lines come back as warnings.
		out := mustOK(t, adm.do("POST", "/api/v1/surveys/parse-text", toJSON(map[string]any{"text": pastedSurvey, "locale": "zh-CN"}), nil), 200)
		if out["questions"].(float64) != 4 {
			t.Fatalf("questions: %v", out)
		}
		warns := out["warnings"].([]any)
		if len(warns) != 1 || warns[0].(map[string]any)["line"].(float64) != 20 {
			t.Fatalf("warnings: %v", warns)
		}
		def := out["definition"].(map[string]any)
		qs := def["pages"].([]any)[0].(map[string]any)["questions"].([]any)
		types := []string{}
		for _, q := range qs {
			types = append(types, q.(map[string]any)["type"].(string))
		}
		if strings.Join(types, ",") != "single,multiple,matrix,text" || def["title"].(map[string]any)["zh-CN"] != "门店满意度调查" {
			t.Fatalf("definition: %v", def)
		}
		created := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"definition": def}), nil), 201)
		if created["title"] != "门店满意度调查" || len(created["check"].(map[string]any)["errors"].([]any)) != 0 {
			t.Fatalf("create from import: %v", created)
		}
		for _, body := range []string{`{"text":" \n\n "}`, `{}`, toJSON(map[string]any{"text": strings.Repeat("长", 70000)})} {
			if r := adm.do("POST", "/api/v1/surveys/parse-text", body, nil); r.Status != 400 || errCode(r) != "validation_failed" || !strings.Contains(r.Body, `"name":"text"`) {
				t.Fatalf("bad text %.40s: %d %.300s", body, r.Status, r.Body)
			}
		}

		// Logic test on the draft and on a published version.
		id := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"definition": rawJSON(jumpDraft)}), nil), 201)["id"].(string)
		rep := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/simulate", `{"runs":300,"seed":9}`, nil), 200)
		completed, screened := rep["completed"].(float64), rep["screened_out"].(float64)
		if rep["runs"].(float64) != 300 || rep["seed"].(float64) != 9 || rep["stuck"].(float64) != 0 || completed+screened != 300 || completed == 0 || screened == 0 {
			t.Fatalf("report: %v", rep)
		}
		if toJSON(rep["unreached_questions"]) != `["q2"]` || toJSON(rep["unreached_endings"]) != `["never"]` {
			t.Fatalf("unreached: %v %v", rep["unreached_questions"], rep["unreached_endings"])
		}
		endings := toJSON(rep["endings"])
		want := toJSON([]map[string]any{{"id": "thanks", "kind": "complete", "reached": completed}, {"id": "never", "kind": "complete", "reached": 0},
			{"id": "", "kind": "screen_out", "reached": screened}})
		if endings != want {
			t.Fatalf("endings %s, want %s", endings, want)
		}
		again := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/simulate", `{"runs":300,"seed":9}`, nil), 200)
		if toJSON(again) != toJSON(rep) {
			t.Fatalf("same seed, different report")
		}
		dflt := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/simulate", `{}`, nil), 200)
		if dflt["runs"].(float64) != 200 {
			t.Fatalf("default runs: %v", dflt["runs"])
		}
		for _, body := range []string{`{"runs":1001}`, `{"runs":-1}`} {
			if r := adm.do("POST", "/api/v1/surveys/"+id+"/simulate", body, nil); errCode(r) != "validation_failed" || !strings.Contains(r.Body, `"name":"runs"`) {
				t.Fatalf("runs %s: %d %s", body, r.Status, r.Body)
			}
		}
		if r := adm.do("POST", "/api/v1/surveys/"+id+"/simulate", `{"version":1}`, nil); errCode(r) != "survey_version_not_found" {
			t.Fatalf("missing version: %d %s", r.Status, r.Body)
		}
		mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{"note":"v1"}`, nil), 200)
		v1 := mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/simulate", `{"version":1,"runs":10,"seed":1}`, nil), 200)
		if v1["runs"].(float64) != 10 {
			t.Fatalf("version 1: %v", v1)
		}

		// Permissions and scope: an analyst may test but not import; a store
		// user cannot test a sibling store's survey.
		units := seedUnits(t, srv)
		createUser(t, adm, "ana-a", []string{"analyst"}, []string{units["STORE-A"]})
		ana := loginAs(t, srv, "ana-a", "ana-a-password")
		if r := ana.do("POST", "/api/v1/surveys/parse-text", `{"text":"1. x"}`, nil); r.Status != 403 {
			t.Fatalf("analyst import: %d %s", r.Status, r.Body)
		}
		inA := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"definition": rawJSON(jumpDraft), "unit_id": units["STORE-A"]}), nil), 201)["id"].(string)
		inB := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"definition": rawJSON(jumpDraft), "unit_id": units["STORE-B"]}), nil), 201)["id"].(string)
		mustOK(t, ana.do("POST", "/api/v1/surveys/"+inA+"/simulate", `{"runs":5}`, nil), 200)
		if r := ana.do("POST", "/api/v1/surveys/"+inB+"/simulate", `{"runs":5}`, nil); r.Status != 404 || errCode(r) != "survey_not_found" {
			t.Fatalf("sibling survey: %d %s", r.Status, r.Body)
		}
	})
}
