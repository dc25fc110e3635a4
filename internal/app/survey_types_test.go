package app

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/opencem/opencem/internal/config"
)

// allTypes has one question of every type of clauses 6.3.1a and 6.3.1b, each
// with a validation rule of its own.
const allTypes = `{"format_version":1,"title":"全题型","pages":[{"id":"p1","questions":[
 {"id":"single","type":"single","title":"单选","required":true,"options":[{"code":"A","label":"甲","image":"/img/a.png"},{"code":"O","label":"其他","other":true}]},
 {"id":"multi","type":"multiple","title":"多选","validation":{"min_select":2},"options":[{"code":"A","label":"甲"},{"code":"B","label":"乙"},{"code":"N","label":"都不是","exclusive":true}]},
 {"id":"email","type":"text","input":"email","title":"邮箱","required":true},
 {"id":"blanks","type":"blanks","title":"我叫[[name]]，今年[[age]]岁","blanks":[{"id":"name"},{"id":"age","input":"number","validation":{"min":1,"max":120}}]},
 {"id":"stars","type":"rating","scale":"star","points":5,"title":"星级","required":true},
 {"id":"nps","type":"rating","scale":"nps","title":"推荐","required":true},
 {"id":"grid","type":"matrix","title":"矩阵","required":true,"rows":[{"id":"r1","label":"环境"},{"id":"r2","label":"服务"}],"columns":[{"code":"g","label":"好"},{"code":"b","label":"差"}]},
 {"id":"city","type":"city","city_level":"district","title":"城市","required":true},
 {"id":"car","type":"dropdown","title":"车型","required":true,"levels":[{"id":"brand","label":"品牌"},{"id":"model","label":"型号"}],
  "options":[{"code":"toyota","label":"丰田","children":[{"code":"camry","label":"凯美瑞"}]}]},
 {"id":"spot","type":"hotspot","image":"/img/shelf.png","title":"热点","required":true,"options":[{"code":"left","label":"左","region":{"shape":"rect","coords":[0,0,0.5,1]}},{"code":"right","label":"右","region":{"shape":"circle","coords":[0.75,0.5,0.2]}}]},
 {"id":"video","type":"video","video":"/v/ad.mp4","title":"视频","min_watch_percent":80},
 {"id":"visit","type":"date","title":"日期","required":true,"validation":{"min_date":"2024-01-01"}},
 {"id":"cbc","type":"cbc","title":"联合分析","concepts":2,"tasks":2,"none_label":"都不选","required":true,
  "attributes":[{"id":"price","label":"价格","levels":[{"id":"lo","label":"低"},{"id":"hi","label":"高"}]},{"id":"size","label":"尺寸","levels":[{"id":"s","label":"小"},{"id":"l","label":"大"}]}]},
 {"id":"md","type":"maxdiff","title":"最大差异","items_per_task":3,"tasks":2,"required":true,"options":[{"code":"a","label":"甲"},{"code":"b","label":"乙"},{"code":"c","label":"丙"},{"code":"d","label":"丁"}]}
]}]}`

// TestEveryQuestionTypeRoundTrips: each question type of 6.3.1a and 6.3.1b
// goes through create → publish → evaluate, and its validation rule is
// enforced by the published version.
func TestEveryQuestionTypeRoundTrips(t *testing.T) {
	TestDatabases(t, func(t *testing.T, cfg config.Config) {
		srv := StartTest(t, cfg)
		adm := admin(t, srv)
		d := mustOK(t, adm.do("POST", "/api/v1/surveys", toJSON(map[string]any{"definition": rawJSON(allTypes)}), nil), 201)
		id := d["id"].(string)
		if errs := d["check"].(map[string]any)["errors"].([]any); len(errs) > 0 {
			t.Fatalf("definition has errors: %v", errs)
		}
		mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/publish", `{"note":"all types"}`, nil), 200)
		eval := func(answers map[string]any) map[string]any {
			t.Helper()
			return mustOK(t, adm.do("POST", "/api/v1/surveys/"+id+"/evaluate", toJSON(map[string]any{"version": 1, "seed": "resp-1", "answers": answers}), nil), 200)
		}
		designs := eval(nil)["designs"].(map[string]any)
		cbc := designs["cbc"]
		var md struct{ Tasks [][]string }
		json.Unmarshal([]byte(toJSON(designs["md"])), &md.Tasks)
		if cbc == nil || len(md.Tasks) != 2 {
			t.Fatalf("designs for the seed: %v", designs)
		}
		valid := map[string]any{
			"single": map[string]any{"value": "O", "other": "自己填"}, "multi": []string{"A", "B"}, "email": "li@example.com",
			"blanks": map[string]any{"name": "张三", "age": 30}, "stars": 4, "nps": 9, "grid": map[string]string{"r1": "g", "r2": "b"},
			"city": []string{"330000", "330100", "330106"}, "car": []string{"toyota", "camry"}, "spot": "right",
			"video": map[string]any{"percent": 90, "seconds": 27}, "visit": "2024-06-01",
			"cbc": map[string]any{"tasks": cbc, "choices": []any{0, "none"}},
			"md":  map[string]any{"tasks": md.Tasks, "best": []string{md.Tasks[0][0], md.Tasks[1][0]}, "worst": []string{md.Tasks[0][1], md.Tasks[1][1]}},
		}
		r := eval(valid)
		if r["complete"] != true || len(r["errors"].(map[string]any)) != 0 {
			t.Fatalf("valid answers not complete: errors %v", r["errors"])
		}
		if names := toJSON(r["answers"].(map[string]any)["city"]); !strings.Contains(names, "西湖区") {
			t.Fatalf("city answer lacks names: %s", names)
		}
		for q, bad := range map[string]struct {
			answer any
			code   string
		}{
			"single": {map[string]any{"value": "O"}, "other_required"},
			"multi":  {[]string{"A", "N"}, "exclusive"},
			"email":  {"not-mail", "email"},
			"blanks": {map[string]any{"name": "张三", "age": 300}, "too_large"},
			"stars":  {7, "invalid"},
			"nps":    {11, "invalid"},
			"grid":   {map[string]string{"r1": "g"}, "required"},
			"city":   {[]string{"330000", "330100"}, "incomplete"},
			"car":    {[]string{"toyota", "corolla"}, "invalid_option"},
			"spot":   {"middle", "invalid_option"},
			"video":  {map[string]any{"percent": 50, "seconds": 10}, "watch"},
			"visit":  {"2023-12-31", "too_early"},
			"cbc":    {map[string]any{"tasks": cbc, "choices": []any{0}}, "incomplete"},
			"md":     {map[string]any{"tasks": md.Tasks, "best": []string{md.Tasks[0][0], md.Tasks[1][0]}, "worst": []string{md.Tasks[0][0], md.Tasks[1][1]}}, "best_worst"},
		} {
			answers := map[string]any{}
			for k, v := range valid {
				answers[k] = v
			}
			answers[q] = bad.answer
			r := eval(answers)
			got, _ := r["errors"].(map[string]any)[q].(map[string]any)
			if got == nil || got["code"] != bad.code || r["complete"] != false {
				t.Errorf("%s with %v: errors %v, want code %s", q, bad.answer, r["errors"], bad.code)
			}
		}
	})
}
