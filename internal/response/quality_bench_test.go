package response

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/survey"
)

// benchSurvey is bench/submitload's survey (issue #5 item 10).
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

func benchResult(b testing.TB) (*survey.Definition, *survey.Result) {
	def := survey.MustParse([]byte(benchSurvey))
	var answers map[string]json.RawMessage
	_ = json.Unmarshal([]byte(`{"nps":9,"visit":"buy","items":["a","b"],"fav":"a","staff":5,"clean":4,"grid":{"r1":"g","r2":"b"},"gender":"f","comment":"很好"}`), &answers)
	res := survey.Evaluate(def, survey.Input{Answers: answers, Params: map[string]string{"ch": "h5", "store": "S001"}, Now: time.Now(), Seed: "bench-1", OmitTexts: true})
	if !res.Complete {
		b.Fatalf("bench answers incomplete: %v", res.Errors)
	}
	return def, res
}

// BenchmarkQualityChecks is the part of finalise in this package's
// quality.go and facts.go: the minimum time, straight-lining, gibberish
// and the facts of the load test's final submit.
func BenchmarkQualityChecks(b *testing.B) {
	def, res := benchResult(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = minSeconds(def, survey.Settings{})
		_ = straightLined(def, res.Answers)
		_ = gibberish(def, res.Answers)
		_ = factsOf(def, res)
	}
}
