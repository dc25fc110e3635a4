package survey_test

import (
	"encoding/json"
	"testing"

	"github.com/opencem/opencem/internal/survey"
	"github.com/opencem/opencem/internal/survey/surveytest"
)

// TestConformance runs the shared definition-level cases on the engine.
func TestConformance(t *testing.T) {
	t.Parallel()
	surveytest.Run(t, surveytest.Dir(2), func(def json.RawMessage, in survey.Input) (*survey.Result, error) {
		d, err := survey.Parse(def)
		if err != nil {
			return nil, err
		}
		return survey.Evaluate(d, in), nil
	})
}
