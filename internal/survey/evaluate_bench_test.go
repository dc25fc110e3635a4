package survey

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// benchSurvey is bench/submitload's survey: ten questions with display
// logic, piping and carried options (issue #5 item 10). The response
// package's benchmarks read the same file.
var benchSurvey = func() string {
	b, err := os.ReadFile("testdata/bench_survey.json")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

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
