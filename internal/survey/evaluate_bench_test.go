package survey

import (
	"encoding/json"
	"testing"
	"time"
)

// benchSurvey is bench/submitload's survey: ten questions with display
// logic, piping and carried options (issue #5 item 10).
const benchSurvey = `{"format_version":1,"title":"门店满意度","params":[{"id":"store"}],"pages":[
 {"id":"p1","questions":[
  {"id":"nps","type":"rating","scale":"nps","title":"推荐意愿","required":true},
  {"id":"why_low","type":"text","title":"为什么不推荐？","display":"{nps} <= 6"},
  {"id":"visit","type":"single","title":"到店目的","required":true,"options":[{"code":"buy","label":"购物"},{"code":"look","label":"看看"}]},
  {"id":"items","type":"multiple","title":"买了什么","display":"{visit} = 'buy'","options":[{"code":"a","label":"食品"},{"code":"b","label":"日用"},{"code":"c","label":"服装"}]},
  {"id":"fav","type":"single","title":"最喜欢","display":"{visit} = 'buy'","options_from":{"question":"items","mode":"selected"}}]},
 {"id":"p2","questions":[
  {"id":"staff","type":"rating","points":5,"title":"店员（{visit.text}）","required":true},
  {"id":"clean","type":"rating","points":5,"title":"整洁","required":true},
  {"id":"grid","type":"matrix","title":"评价","rows":[{"id":"r1","label":"价格"},{"id":"r2","label":"排队"}],"columns":[{"code":"g","label":"好"},{"code":"b","label":"差"}]},
  {"id":"gender","type":"single","title":"性别","options":[{"code":"f","label":"女"},{"code":"m","label":"男"}]},
  {"id":"comment","type":"text","input":"multiline","title":"建议"}]}]}`

// BenchmarkEvaluateSubmit is the final-submit re-validation of one
// complete response, as the submit path runs it (go test -bench
// EvaluateSubmit -benchmem).
func BenchmarkEvaluateSubmit(b *testing.B) {
	def, err := Parse([]byte(benchSurvey))
	if err != nil {
		b.Fatal(err)
	}
	answers := map[string]json.RawMessage{"nps": json.RawMessage(`9`), "visit": json.RawMessage(`"buy"`), "items": json.RawMessage(`["a","b"]`),
		"fav": json.RawMessage(`"a"`), "staff": json.RawMessage(`5`), "clean": json.RawMessage(`4`), "grid": json.RawMessage(`{"r1":"g","r2":"b"}`),
		"gender": json.RawMessage(`"f"`), "comment": json.RawMessage(`"很好"`)}
	in := Input{Answers: answers, Params: map[string]string{"ch": "h5", "store": "S001"}, Now: time.Now(), Seed: "bench-0123456789abcdef", OmitTexts: true}
	if res := Evaluate(def, in); !res.Complete {
		b.Fatalf("not complete: %v", res.Errors)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(def, in)
	}
}
