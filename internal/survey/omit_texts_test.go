package survey_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/surveytest"
)

// TestOmitTextsChangesNothingElse runs every conformance case twice, with
// and without Input.OmitTexts: the results must agree in everything but
// Texts, which must be empty (the submit path relies on it, issue #5
// item 10).
func TestOmitTextsChangesNothingElse(t *testing.T) {
	t.Parallel()
	surveytest.Run(t, surveytest.Dir(2), func(def json.RawMessage, in survey.Input) (*survey.Result, error) {
		d, err := survey.Parse(def)
		if err != nil {
			return nil, err
		}
		full := survey.Evaluate(d, in)
		in.OmitTexts = true
		lean := survey.Evaluate(d, in)
		if len(lean.Texts) != 0 {
			t.Errorf("OmitTexts left texts: %v", lean.Texts)
		}
		a, b := *full, *lean
		a.Texts, b.Texts = nil, nil
		if !reflect.DeepEqual(a, b) {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			t.Errorf("OmitTexts changed the result:\n%s\n%s", ja, jb)
		}
		return full, nil
	})
}
