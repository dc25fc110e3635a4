package response

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/survey"
)

// benchSurvey is bench/submitload's survey (issue #5 item 10), kept with
// the engine's benchmarks.
var benchSurvey = func() string {
	b, err := os.ReadFile("../survey/testdata/bench_survey.json")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

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
